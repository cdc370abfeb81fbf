"""The web application: HTTP API and server-rendered UI."""
