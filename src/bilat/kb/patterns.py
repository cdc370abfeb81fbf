"""The dependency patterns of a language pack (``kb/data/<lang>/patterns.yaml``), typed.

A pattern is spaCy's ``DependencyMatcher`` pattern written as data: a list of nodes, the first
the anchor, each other hanging from an earlier one (``left_id``) by a relation operator
(``rel_op``: ``>`` head of, ``<`` child of, ...). A node's words are never listed in the
pattern: ``lemma``, ``trigger`` and ``lower`` name a word list of the pack's lexicon
("meetings.support_verbs"), so a word added to the lexicon reaches every pattern that uses it.
Loading checks every key (:mod:`bilat.kb.schema`) and that every named word list exists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bilat.errors import BilatError, E
from bilat.kb.lexicon import Lexicon

PATTERNS_FILE = "patterns.yaml"


@dataclass(frozen=True)
class PatternNode:
    """One token of a dependency pattern, with spaCy's names for the relation."""

    right_id: str  # the node's name, for the nodes that hang from it and for the caller
    left_id: str = ""  # the earlier node it hangs from (none for the anchor)
    rel_op: str = ""  # spaCy's relation operator from ``left_id`` to this node
    lemma: str = ""  # lexicon key: the token's lemma is one of these words (case as written)
    # Lexicon key: the token is a trigger of these words, found as the extractors find them
    # (ArticleContext.tokens_with_lemma: the lemma as written or capitalised).
    trigger: str = ""
    lower: str = ""  # lexicon key: the token's text in lower case is one of these words
    pos: tuple[str, ...] = ()  # the token's coarse part of speech is one of these
    dep: str = ""  # the token's dependency label
    dep_prefix: str = ""  # how the token's dependency label begins ("aux": aux:tense, aux:pass)


DependencyPattern = tuple[PatternNode, ...]


@dataclass(frozen=True)
class MeetingPatterns:
    # A meeting noun a support verb governs, directly or through one word: a meeting held.
    held_noun: tuple[DependencyPattern, ...]


@dataclass(frozen=True)
class VisitPatterns:
    # A visit verb that needs a reflexive pronoun, with one: "se rendre".
    reflexive_verb: tuple[DependencyPattern, ...]
    # A verb announcing a visit, in the passive: "est attendu".
    passive_verb: tuple[DependencyPattern, ...]


@dataclass(frozen=True)
class Patterns:
    """Every dependency pattern of a pack; attribute names are the file's sections."""

    meetings: MeetingPatterns
    visits: VisitPatterns


def words_of(lexicon: Lexicon, key: str) -> tuple[str, ...] | None:
    """The words a lexicon key names ('meetings.support_verbs'); the words of every kind for a
    list by kind; None when the key names no word list."""
    value: Any = lexicon
    for part in key.split("."):
        if not dataclasses.is_dataclass(value) or part not in {
            f.name for f in dataclasses.fields(value)
        }:
            return None
        value = getattr(value, part)
    if isinstance(value, tuple) and all(isinstance(w, str) for w in value):
        return value
    if isinstance(value, dict) and all(isinstance(v, tuple) for v in value.values()):
        return tuple(w for words in value.values() for w in words)
    return None


def named_patterns(patterns: Patterns) -> Iterator[tuple[str, tuple[DependencyPattern, ...]]]:
    """('meetings.held_noun', its patterns) for every rule of the pack."""
    for section in dataclasses.fields(patterns):
        rules = getattr(patterns, section.name)
        for rule in dataclasses.fields(rules):
            yield f"{section.name}.{rule.name}", getattr(rules, rule.name)


def check_patterns(patterns: Patterns, lexicon: Lexicon, path: str) -> None:
    """Every word list a pattern names is one of the lexicon's, and no node asks its label
    twice; else a one-line error."""
    for name, rules in named_patterns(patterns):
        for n, pattern in enumerate(rules):
            for m, node in enumerate(pattern):
                where = f"{name}[{n}][{m}]"
                for first, second in (("dep", "dep_prefix"), ("lemma", "trigger")):
                    if getattr(node, first) and getattr(node, second):
                        reason = f"both '{first}' and '{second}': one of them"
                        raise BilatError(E.E060, path=path, key=where, reason=reason)
                named = (("lemma", node.lemma), ("trigger", node.trigger), ("lower", node.lower))
                for attr, words in named:
                    if words and words_of(lexicon, words) is None:
                        reason = f"'{words}' names no word list of the lexicon"
                        raise BilatError(E.E060, path=path, key=f"{where}.{attr}", reason=reason)
