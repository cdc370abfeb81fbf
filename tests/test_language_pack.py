"""The French language pack: data only, typed and checked key by key, every key read by code."""

from __future__ import annotations

import copy
import dataclasses
import re
import typing
from pathlib import Path
from typing import Any

import pytest

from bilat.engine import Processor
from bilat.errors import BilatError
from bilat.extract.context import DocumentInfo
from bilat.extract.registry import extract_facts
from bilat.kb import KnowledgeBase, Lexicon, available_packs, load_kb, load_pack
from bilat.kb.pack import lexicon_from
from bilat.kb.patterns import PatternNode, Patterns, named_patterns
from bilat.kb.schema import keys_of

SRC = Path(__file__).resolve().parents[1] / "src" / "bilat"
# The modules that declare and load the keys: a key named only there is read by nothing.
DECLARING = {
    SRC / "kb" / "lexicon.py",
    SRC / "kb" / "patterns.py",
    SRC / "kb" / "schema.py",
    SRC / "kb" / "pack.py",
}


def test_the_french_pack_names_its_model_labels_and_lexicon() -> None:
    assert "fr" in available_packs()
    pack = load_pack("fr")
    assert (pack.code, pack.model) == ("fr", "fr_core_news_md")
    assert pack.ner_labels.person == "PER"
    assert {pack.ner_labels.location, pack.ner_labels.misc} == {"LOC", "MISC"}
    assert isinstance(pack.lexicon, Lexicon)
    assert "visiter" in pack.lexicon.visits.verbs
    assert load_pack("fr") is pack  # read once per process
    assert load_kb("fr").pack is pack


def test_an_unknown_language_names_the_packs_there_are() -> None:
    with pytest.raises(BilatError) as error:
        load_pack("xx")
    assert error.value.code.name == "E062"
    assert "'xx'" in str(error.value) and "fr" in str(error.value)


def _raw() -> dict[str, Any]:
    return copy.deepcopy(dict(load_pack("fr").lexicons))


def _error(files: dict[str, Any]) -> str:
    with pytest.raises(BilatError) as error:
        lexicon_from(files, "fr/lexicon")
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_missing_key_is_refused_naming_file_and_key() -> None:
    files = _raw()
    del files["visits"]["verbs"]
    assert _error(files) == "[E060] fr/lexicon/visits.yaml: key 'verbs': missing"


def test_a_value_of_the_wrong_type_is_refused_naming_file_and_key() -> None:
    files = _raw()
    files["dates"]["months"]["mai"] = "five"
    message = _error(files)
    assert message.startswith("[E060] fr/lexicon/dates.yaml: key 'months.mai': expected int")
    files = _raw()
    files["visits"]["verbs"] = "visiter"
    assert _error(files).startswith("[E060] fr/lexicon/visits.yaml: key 'verbs': expected a list")
    files = _raw()
    files["domains"]["domains"]["energy"]["lemmas"].append(True)  # YAML's "yes"
    assert "key 'domains.energy.lemmas[" in _error(files)


def test_a_key_no_code_reads_is_refused_at_load_time() -> None:
    files = _raw()
    files["visits"]["invitation_words"] = ["invitation"]  # misspelt: nothing would read it
    assert _error(files) == (
        "[E061] fr/lexicon/visits.yaml: unknown key 'invitation_words':"
        " no code reads it (misspelt, or left over)"
    )
    files = _raw()
    files["weather"] = {"words": ["pluie"]}
    assert "[E061] fr/lexicon/weather.yaml" in _error(files)


def _declared_keys() -> list[tuple[str, str]]:
    """(file, key) for every key the typed lexicon and patterns declare, nested ones dotted."""
    sections = typing.get_type_hints(Lexicon)
    return [
        (field.name, key)
        for field in dataclasses.fields(Lexicon)
        for key in keys_of(sections[field.name])
    ] + [("patterns", key) for key in [*keys_of(Patterns), *keys_of(PatternNode)]]


def test_every_key_of_the_pack_is_declared() -> None:
    """Loading checks it: the records declare exactly the keys of the YAML files."""
    lexicon = load_pack("fr").lexicon
    raw = load_pack("fr").lexicons
    for name in raw:
        declared = {key for file, key in _declared_keys() if file == name and "." not in key}
        assert set(raw[name]) == declared, name
    assert lexicon.domains.domains  # nested records too


def test_every_declared_key_is_read_by_some_code() -> None:
    """A key in the schema that no module outside the schema reads is dead data."""
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in SRC.rglob("*.py") if path not in DECLARING
    )
    trigger_paths = " ".join(load_pack("fr").lexicon.relevance.trigger_lists)
    # A word list a dependency pattern names ("grammar.reflexive_pronouns") is read by it.
    pattern_words = {
        words
        for _, patterns in named_patterns(load_pack("fr").patterns)
        for pattern in patterns
        for node in pattern
        for words in (node.lemma, node.lower)
    }
    unread = []
    for file, key in _declared_keys():
        name = key.rsplit(".", 1)[-1]
        read = (
            re.search(rf"\.{name}\b", sources)
            or re.search(rf"[\"']{name}[\"']", sources)
            or f"{file}.{key}" in trigger_paths
            or f"{file}.{key}" in pattern_words
        )
        if not read:
            unread.append(f"{file}.yaml: {key}")
    assert not unread, unread


def test_pack_info_is_checked_like_the_lexicons() -> None:
    from bilat.kb.pack import PackInfo
    from bilat.kb.schema import build

    with pytest.raises(BilatError) as error:
        build(PackInfo, {"code": "fr", "name": "French", "model": "m"}, "fr/pack.yaml")
    assert str(error.value) == "[E060] fr/pack.yaml: key 'ner_labels': missing"


def _with_visit_verb(kb: KnowledgeBase, verb: str) -> KnowledgeBase:
    """The knowledge base with ``verb`` added to the pack's visits.yaml, as a user would."""
    assert kb.pack is not None
    files = _raw()
    files["visits"]["verbs"].append(verb)
    pack = dataclasses.replace(kb.pack, lexicon=lexicon_from(files, "fr/lexicon"), lexicons=files)
    return dataclasses.replace(kb, pack=pack, lexicons=files, _compiled={})


def test_a_visit_verb_added_to_the_pack_is_used(processor: Processor) -> None:
    text = "Le président kazakh Kassym-Jomart Tokaïev a voyagé au Vietnam le 5 mai 2025."
    doc = processor.nlp(text)
    assert any(t.lemma_ == "voyager" and t.pos_ == "VERB" for t in doc)
    info = DocumentInfo("t", "2025-05-06")
    before = [f for f in extract_facts(doc, info, processor.kb) if f.type == "visit"]
    assert before == []  # "voyager" is no visit verb of the shipped pack
    kb = _with_visit_verb(processor.kb, "voyager")
    (visit,) = [f.fields for f in extract_facts(doc, info, kb) if f.type == "visit"]
    assert (visit["guest_country"], visit["host_country"]) == ("KZ", "VN")
    assert visit["start"] == "2025-05-05" and visit["status"] == "done"


def test_the_shared_stop_words_are_the_packs() -> None:
    from bilat.text import stop_words

    assert stop_words("fr") == set(load_pack("fr").lexicon.grammar.stop_words)
    assert {"le", "des", "pour"} <= stop_words("fr") <= stop_words()
