"""Fact types written as a plugin package would write them, for the registry's tests."""
