"""Extraction: one module per fact type, each reading the parsed article and yielding Facts.

Adding a fact type is adding a module with an ``extract(ctx)`` function and listing it in
``registry.EXTRACTORS``. This package's own import stays free of spaCy, so code that only
handles facts (the store, the CLI) starts fast.
"""

from bilat.extract.base import FACT_TYPES, Evidence, Fact

__all__ = ["FACT_TYPES", "Evidence", "Fact"]
