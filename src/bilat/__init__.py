"""bilat: a sourced, queryable record of relations between states, read from the news."""

from bilat.settings import Settings

__version__ = "0.1.0"
__all__ = ["Settings", "__version__"]
