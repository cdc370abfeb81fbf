"""Extraction: one module per fact type, each reading the parsed article and yielding Facts.

A fact type's extractor is named by its module of :mod:`bilat.facts`, which registers it.
This package's own import stays free of spaCy, so code that only handles facts (the store,
the CLI) starts fast.
"""
