"""The pack's dependency patterns run by spaCy's ``DependencyMatcher``: who did what to whom.

The patterns and the lexicon words they name are resolved once per knowledge base; the
matcher is built once per spaCy vocabulary (a matcher must share the vocabulary of the
documents it reads) and run once per document for every rule at once (see
:meth:`bilat.extract.context.ArticleContext.dependency_matches`).
"""

from __future__ import annotations

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


class DependencyRules:
    """Every dependency rule of a knowledge base's pack, ready to match."""

    def __init__(self, rules: dict[str, list[SpacyPattern]]) -> None:
        # "meetings.held_noun" -> its patterns, words already in place.
        self.rules = rules
        # id(vocab) -> (the vocabulary, its matcher, match key -> (rule, node names)).
        self._matchers: dict[int, tuple[Vocab, DependencyMatcher, dict[int, tuple[str, list[str]]]]]
        self._matchers = {}

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

    def matches(self, doc: Doc) -> dict[str, list[Match]]:
        """Rule name -> its matches in ``doc``, in the matcher's order."""
        _, matcher, keys = self._matcher(doc.vocab)
        found: dict[str, list[Match]] = {}
        for key, token_ids in matcher(doc):
            rule, names = keys[key]
            found.setdefault(rule, []).append(dict(zip(names, token_ids, strict=True)))
        return found

    def _matcher(
        self, vocab: Vocab
    ) -> tuple[Vocab, DependencyMatcher, dict[int, tuple[str, list[str]]]]:
        entry = self._matchers.get(id(vocab))
        if entry is None or entry[0] is not vocab:
            matcher = DependencyMatcher(vocab, validate=True)
            keys: dict[int, tuple[str, list[str]]] = {}
            for rule, patterns in self.rules.items():
                # One key per pattern: a match tells which pattern, hence its node names.
                for n, pattern in enumerate(patterns):
                    key = f"{rule}#{n}"
                    matcher.add(key, [pattern])
                    keys[vocab.strings[key]] = (rule, [node["RIGHT_ID"] for node in pattern])
            entry = (vocab, matcher, keys)
            self._matchers[id(vocab)] = entry
        return entry

    def __getstate__(self) -> dict[str, Any]:
        # A knowledge base sent to a worker process leaves its matchers (and vocabularies) here.
        return {"rules": self.rules, "_matchers": {}}


def _spacy_pattern(pattern: DependencyPattern, lexicon: Lexicon) -> SpacyPattern:
    nodes: SpacyPattern = []
    for node in pattern:
        attrs: dict[str, Any] = {}
        if node.lemma:
            attrs["LEMMA"] = {"IN": list(words_of(lexicon, node.lemma) or ())}
        if node.pos:
            attrs["POS"] = node.pos
        if node.dep:
            attrs["DEP"] = node.dep
        spacy_node: dict[str, Any] = {"RIGHT_ID": node.right_id, "RIGHT_ATTRS": attrs}
        if node.left_id:
            spacy_node["LEFT_ID"] = node.left_id
            spacy_node["REL_OP"] = node.rel_op
        nodes.append(spacy_node)
    return nodes
