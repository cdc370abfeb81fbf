"""The pack's dependency patterns run by spaCy's ``DependencyMatcher``: who did what to whom.

The patterns and the lexicon words they name are resolved once per knowledge base; a rule's
matcher is built once per spaCy vocabulary (a matcher must share the vocabulary of the
documents it reads) and run at most once per document, when an extractor first asks for the
rule (see :meth:`bilat.extract.context.ArticleContext.dependency_matches`).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bilat.kb.lexicon import Lexicon
from bilat.kb.model import KnowledgeBase
from bilat.kb.patterns import DependencyPattern, named_patterns, words_of

# spaCy's form of one pattern: a list of node dicts (RIGHT_ID, RIGHT_ATTRS, LEFT_ID, REL_OP).
SpacyPattern = list[dict[str, Any]]
# One match: node name (``right_id``) -> token index.
Match = dict[str, int]


# A rule's matcher for one vocabulary, and the node names of each of its keys (patterns).
_RuleMatcher = tuple[DependencyMatcher, dict[int, list[str]]]


class DependencyRules:
    """Every dependency rule of a knowledge base's pack, ready to match."""

    def __init__(self, rules: dict[str, list[SpacyPattern]]) -> None:
        # "meetings.held_noun" -> its patterns, words already in place.
        self.rules = rules
        # (id(vocab), rule) -> (the vocabulary, the rule's matcher and its keys' node names).
        self._matchers: dict[tuple[int, str], tuple[Vocab, _RuleMatcher]] = {}

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> DependencyRules:
        if kb.pack is None:
            raise ValueError("the knowledge base has no language pack")
        lexicon = kb.pack.lexicon
        return cls(
            {
                name: [_spacy_pattern(pattern, lexicon) for pattern in patterns]
                for name, patterns in named_patterns(kb.pack.patterns)
            }
        )

    def matches(self, doc: Doc, rule: str) -> list[Match]:
        """The matches of ``rule`` in ``doc``, in the matcher's order: node name -> token."""
        if rule not in self.rules:
            return []
        matcher, names = self._matcher(doc.vocab, rule)
        return [dict(zip(names[key], ids, strict=True)) for key, ids in matcher(doc)]

    def _matcher(self, vocab: Vocab, rule: str) -> _RuleMatcher:
        entry = self._matchers.get((id(vocab), rule))
        if entry is not None and entry[0] is vocab:
            return entry[1]
        matcher = DependencyMatcher(vocab, validate=True)
        names: dict[int, list[str]] = {}
        # One key per pattern: a match tells which pattern, hence the names of its nodes.
        for n, pattern in enumerate(self.rules[rule]):
            key = f"{rule}#{n}"
            matcher.add(key, [pattern])
            names[vocab.strings[key]] = [node["RIGHT_ID"] for node in pattern]
        self._matchers[(id(vocab), rule)] = (vocab, (matcher, names))
        return matcher, names

    def __getstate__(self) -> dict[str, Any]:
        # A knowledge base sent to a worker process leaves its matchers (and vocabularies) here.
        return {"rules": self.rules, "_matchers": {}}


def _spacy_pattern(pattern: DependencyPattern, lexicon: Lexicon) -> SpacyPattern:
    nodes: SpacyPattern = []
    for node in pattern:
        attrs: dict[str, Any] = {}
        if node.lemma:
            attrs["LEMMA"] = {"IN": list(words_of(lexicon, node.lemma) or ())}
        if node.trigger:
            words = words_of(lexicon, node.trigger) or ()
            attrs["LEMMA"] = {"IN": list(dict.fromkeys([*words, *(w.capitalize() for w in words)]))}
        if node.lower:
            attrs["LOWER"] = {"IN": list(words_of(lexicon, node.lower) or ())}
        if node.pos:
            attrs["POS"] = {"IN": list(node.pos)}
        if node.dep:
            attrs["DEP"] = node.dep
        if node.dep_prefix:
            attrs["DEP"] = {"REGEX": f"^{re.escape(node.dep_prefix)}"}
        spacy_node: dict[str, Any] = {"RIGHT_ID": node.right_id, "RIGHT_ATTRS": attrs}
        if node.left_id:
            spacy_node["LEFT_ID"] = node.left_id
            spacy_node["REL_OP"] = node.rel_op
        nodes.append(spacy_node)
    return nodes
