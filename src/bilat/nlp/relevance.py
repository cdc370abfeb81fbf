"""Which parts of an article are worth the full parse.

The statistical components (tok2vec, tagger, parser, NER) cost nearly all of bilat's time, per
token. A light pass (tokenizer, sentence hints and the knowledge-base span rulers, which need
no model) finds the sentences that could yield a fact: those with a knowledge-base mention, a
capitalised word past their first (a name the model may tag as a person) or a trigger word of
the lexicons, and the list items that continue such a sentence. Only those are parsed:

- an article with no country, capital, demonym, organisation or known person, or with no
  trigger word at all, is not parsed (no fact could name its countries or be read);
- in the others, the sentences that cannot yield a fact are blanked (spaces, newlines kept),
  so every character offset of the parsed text is the offset in the article, and the blank
  costs one whitespace token instead of a sentence.

The article's sentences are still stored whole: the light pass's sentences where the text was
blanked, the parser's elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.tokens import Doc

from bilat.kb.lexicon import RelevanceLexicon
from bilat.kb.schema import build
from bilat.nlp.pipeline import MENTIONS_KEY
from bilat.text import fold

# Mentions that give an article its countries: without one, no fact can be read.
PLACE_KINDS = {"COUNTRY", "CAPITAL", "DEMONYM", "ORG", "PERSON"}
# Tokens after which the light pass ends a sentence (the parser decides more finely later).
STOPS = {".", "!", "?", "…", "...", "!»", ".»", "?»"}
CLOSING_QUOTES = {"»", '"', "”"}


@dataclass(frozen=True)
class Segment:
    """A sentence of the light pass, as character offsets, and whether it is parsed."""

    start: int
    end: int
    keep: bool


@dataclass(frozen=True)
class ParsePlan:
    segments: tuple[Segment, ...]
    # The article names a country (or a person or body of one) and has a trigger word.
    can_yield: bool

    @property
    def parse_nothing(self) -> bool:
        return not self.can_yield

    @property
    def parse_all(self) -> bool:
        return self.can_yield and all(s.keep for s in self.segments)

    @property
    def skipped_chars(self) -> int:
        if self.parse_nothing:
            return sum(s.end - s.start for s in self.segments)
        return sum(s.end - s.start for s in self.segments if not s.keep)

    def blanked(self, text: str) -> str:
        """The text with every skipped sentence turned to spaces (newlines kept)."""
        parts: list[str] = []
        position = 0
        for segment in self.segments:
            if segment.keep:
                continue
            parts.append(text[position : segment.start])
            parts.append(re.sub(r"[^\n]", " ", text[segment.start : segment.end]))
            position = segment.end
        parts.append(text[position:])
        return "".join(parts)


class RelevanceFilter:
    """Plans the parse of an article from its light Doc; built once from the lexicons."""

    def __init__(
        self,
        lexicons: Mapping[str, Any],
        stop_words: Iterable[str] = (),
        extra_triggers: Iterable[str] = (),
    ) -> None:
        """``lexicons``: the pack's lexicon files as read (``KnowledgeBase.lexicons``), whose
        lists the relevance lexicon names by path; ``stop_words``: the language's function
        words, never triggers on their own (the "les" of "les deux pays"); ``extra_triggers``:
        the trigger words of fact types that bring their own lexicon (plugins)."""
        spec = build(RelevanceLexicon, lexicons["relevance"], "relevance.yaml")
        ignored = {fold(w) for w in stop_words}
        words: set[str] = {fold(w) for w in spec.extra_forms}
        phrases = [p for path in spec.trigger_lists for p in _lexicon_strings(lexicons, path)]
        for phrase in [*phrases, *extra_triggers]:
            words.update(w for w in re.findall(r"\w+", fold(phrase)) if w not in ignored)
        endings = sorted(spec.verb_endings, key=len, reverse=True)
        stems = {_stem(w, endings) for w in words if len(w) > 2} - ignored
        alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
        # A trigger starts a word (its stem covers the word's other forms).
        self._triggers = re.compile(rf"(?<!\w)(?:{alternatives})")
        self._list_markers = spec.list_markers
        self._ordinals = {
            fold(w) for path in spec.ordinal_lists for w in _lexicon_strings(lexicons, path)
        }
        self._continuation_ends = spec.continuation_ends

    def plan(self, doc: Doc) -> ParsePlan:
        text = doc.text
        folded = fold(text)
        mentions = list(doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in doc.spans else []
        mentioned = {i for span in mentions for i in range(span.start, span.end)}
        has_place = any(span.label_ in PLACE_KINDS for span in mentions)
        segments: list[Segment] = []
        triggered = False
        for start, end in _light_sentences(doc):
            first_char = doc[start].idx
            last = doc[end - 1]
            end_char = last.idx + len(last.text_with_ws)
            trigger = self._triggers.search(folded, first_char, end_char) is not None
            triggered = triggered or trigger
            relevant = (
                trigger
                or any(i in mentioned for i in range(start, end))
                or _has_inner_capital(doc, start, end)
            )
            if not relevant and segments and segments[-1].keep:
                relevant = self._continues(text, folded, segments[-1], first_char, end_char)
            segments.append(Segment(first_char, end_char, relevant))
        return ParsePlan(tuple(segments), has_place and triggered)

    def _continues(self, text: str, folded: str, previous: Segment, start: int, end: int) -> bool:
        """A list item, an enumeration's next item ("Le deuxième ..."), or the sentence after
        one ending with ':' or ';' goes with the sentence before it."""
        if text[previous.start : previous.end].rstrip().endswith(self._continuation_ends):
            return True
        if text[start:end].lstrip().startswith(self._list_markers):
            return True
        opening = re.findall(r"\w+", folded[start : min(end, start + 40)])[:2]
        return any(word in self._ordinals for word in opening)


def _stem(word: str, endings: list[str]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _lexicon_strings(lexicons: Mapping[str, Any], path: str) -> Iterator[str]:
    """The strings of the lexicon list at ``file.key[.sub]``; ``.*`` takes every sub-list."""
    node: Any = lexicons
    parts = path.split(".")
    every = parts[-1] == "*"
    for part in parts[:-1] if every else parts:
        node = node[part]
    lists = node.values() if every else [node]
    for values in lists:
        yield from (v for v in values if isinstance(v, str))


def _light_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges of sentences from the hints alone, splitting only where it is clear.

    The hints leave the choice to the parser after a full stop; here a full stop ends a
    sentence only when a capital, a digit or an opening mark follows. Two sentences read as
    one are parsed together, never lost.
    """
    n = len(doc)
    if n == 0:
        return
    strings = doc.vocab.strings
    words = [strings[h] for h in doc.to_array(ORTH).tolist()]
    spaces = doc.to_array(IS_SPACE).tolist()
    hints = doc.to_array(SENT_START).tolist()
    start = 0
    previous = -1  # the last token that is not whitespace (set once a word is seen)
    worded = False  # the sentence so far has a word ("1." alone is a list number)
    for i in range(n):
        if spaces[i]:
            continue
        boundary = worded and (
            hints[i] == 1
            or (
                hints[i] == 0
                and _ends_sentence(words, previous)
                and (words[i][:1].isupper() or words[i][:1].isdigit() or words[i][:1] in '«"“-–—')
            )
        )
        if boundary:
            yield start, i
            start, worded = i, False
        worded = worded or words[i][:1].isalpha()
        previous = i
    yield start, n


def _ends_sentence(words: list[str], index: int) -> bool:
    word = words[index]
    if word in STOPS:
        return True
    return word in CLOSING_QUOTES and index > 0 and words[index - 1] in STOPS


def _has_inner_capital(doc: Doc, start: int, end: int) -> bool:
    """A capitalised word after the sentence's first word: perhaps a name."""
    seen_word = False
    for token in doc[start:end]:
        if not token.is_alpha:
            continue
        if seen_word and token.text[:1].isupper():
            return True
        seen_word = True
    return False
