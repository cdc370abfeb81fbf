"""The knowledge base: countries, organisations, titles, persons with dated offices, lexicons."""

from bilat.kb.loader import load_kb
from bilat.kb.model import Country, KnowledgeBase, Office, Organisation, Person, Title

__all__ = ["Country", "KnowledgeBase", "Office", "Organisation", "Person", "Title", "load_kb"]
