"""Language packs: everything bilat knows of a language, as data under ``kb/data/<code>/``.

A pack is its ``pack.yaml`` (code, name, the spaCy model, the NER labels that model uses), its
lexicons (``lexicon/*.yaml``) and its dependency patterns (``patterns.yaml``, whose words are
lexicon keys), loaded once per process into typed records and checked key by key
(:mod:`bilat.kb.schema`). Adding a language is adding a folder, not editing code.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from bilat.errors import BilatError, E
from bilat.kb.lexicon import Lexicon
from bilat.kb.patterns import PATTERNS_FILE, Patterns, check_patterns
from bilat.kb.schema import build

DATA = resources.files("bilat.kb") / "data"
PACK_FILE = "pack.yaml"


@dataclass(frozen=True)
class NerLabels:
    """The labels the pack's spaCy model gives named entities."""

    person: str
    location: str
    organisation: str
    misc: str


@dataclass(frozen=True)
class PackInfo:
    """The contents of ``pack.yaml``."""

    code: str
    name: str
    model: str
    ner_labels: NerLabels


@dataclass(frozen=True)
class LanguagePack:
    code: str  # ISO 639-1
    name: str
    model: str  # the spaCy model to load
    ner_labels: NerLabels
    lexicon: Lexicon
    patterns: Patterns
    # The lexicon files as read (file name -> mapping), for callers that walk them by path
    # (the relevance filter's "visits.nouns"); every key in them is also in ``lexicon``.
    lexicons: Mapping[str, Any]


def available_packs() -> list[str]:
    """Codes of the languages bilat has a pack for."""
    return sorted(
        entry.name for entry in DATA.iterdir() if entry.is_dir() and (entry / PACK_FILE).is_file()
    )


@lru_cache(maxsize=4)
def load_pack(language: str) -> LanguagePack:
    """The pack of ``language``, read and checked once per process."""
    if language not in available_packs():
        raise BilatError(E.E062, value=language, choices=", ".join(available_packs()))
    folder = DATA / language
    info = build(PackInfo, _read(folder / PACK_FILE), f"{language}/{PACK_FILE}")
    if info.code != language:
        raise BilatError(
            E.E060, path=f"{language}/{PACK_FILE}", key="code", reason=f"is '{info.code}'"
        )
    raw = {
        entry.name.removesuffix(".yaml"): _read(entry)
        for entry in (folder / "lexicon").iterdir()
        if entry.name.endswith(".yaml")
    }
    lexicon = lexicon_from(raw, f"{language}/lexicon")
    patterns = patterns_from(_read(folder / PATTERNS_FILE), lexicon, f"{language}/{PATTERNS_FILE}")
    return LanguagePack(
        code=info.code,
        name=info.name,
        model=info.model,
        ner_labels=info.ner_labels,
        lexicon=lexicon,
        patterns=patterns,
        lexicons=raw,
    )


def lexicon_from(files: Mapping[str, Any], folder: str) -> Lexicon:
    """The typed lexicon from its files' contents (file name without .yaml -> mapping)."""
    expected = {f.name for f in dataclasses.fields(Lexicon)}
    for name in sorted(set(files) - expected):
        raise BilatError(E.E061, path=f"{folder}/{name}.yaml", key="(whole file)")
    for name in sorted(expected - set(files)):
        raise BilatError(E.E060, path=f"{folder}/{name}.yaml", key="(whole file)", reason="missing")
    sections = typing.get_type_hints(Lexicon)
    return Lexicon(
        **{
            name: build(sections[name], files[name], f"{folder}/{name}.yaml")
            for name in sorted(expected)
        }
    )


def patterns_from(data: Any, lexicon: Lexicon, path: str) -> Patterns:
    """The typed patterns from ``patterns.yaml``'s contents, every word list they name checked
    against ``lexicon``."""
    patterns = build(Patterns, data, path)
    check_patterns(patterns, lexicon, path)
    return patterns


def _read(entry: Any) -> Any:
    try:
        with entry.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        reason = f"invalid YAML: {str(error).splitlines()[0]}"
        raise BilatError(E.E030, path=str(entry), reason=reason) from error
