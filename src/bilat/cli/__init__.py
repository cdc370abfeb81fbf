"""The command line: thin wrappers over bilat's functions (``bilat --help``)."""
