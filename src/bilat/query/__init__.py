"""Queries over the store: pure functions returning data for the CLI, the Python and HTTP APIs."""
