"""The knowledge base: countries, organisations, titles, persons with dated offices, and the
language pack (spaCy model, NER labels, typed lexicons) of the language read."""

from bilat.kb.lexicon import Lexicon
from bilat.kb.loader import load_kb
from bilat.kb.model import Country, KnowledgeBase, Office, Organisation, Person, Title
from bilat.kb.pack import LanguagePack, NerLabels, available_packs, load_pack

__all__ = [
    "Country",
    "KnowledgeBase",
    "LanguagePack",
    "Lexicon",
    "NerLabels",
    "Office",
    "Organisation",
    "Person",
    "Title",
    "available_packs",
    "load_kb",
    "load_pack",
]
