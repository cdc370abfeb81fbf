"""The article as extractors see it: KB mentions, resolved persons, the country pair, dates.

Built once per parsed document, shared by every extractor. Resolution happens here, inside the
article: a person's country and office come from its appositions ("le président du
Kazakhstan, Kassym-Jomart Tokaïev") and the KB; a role without a name ("le président kazakh")
goes to the person of the article, else to the KB's holder of that office on the document's
date; "les deux pays" goes to the article's pair.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.attrs import LEMMA, SENT_START
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bilat.extract.dates import DateMention, find_dates
from bilat.extract.matchers import DependencyRules, Match
from bilat.facts.base import Evidence
from bilat.kb.lexicon import Lexicon
from bilat.kb.model import KnowledgeBase
from bilat.nlp.pipeline import MENTIONS_KEY
from bilat.text import fold

PLACE_KINDS = {"COUNTRY", "CAPITAL", "DEMONYM"}
# Mentions that say where something happens ("à Alger", "au Maroc", "à Samarcande").
SITE_KINDS = {"COUNTRY", "CAPITAL", "CITY"}
# How far (in tokens) an apposition may sit from the name it describes.
APPOSITION_WINDOW = 14
# Dependencies of a verb that may sit inside an apposition ("l'ambassadeur accrédité à X").
APPOSITION_VERB_DEPS = {"acl", "amod"}


def sentence_spans(doc: Doc) -> list[Span]:
    """The document's sentences, read from the SENT_START array (faster than Doc.sents)."""
    starts = [i for i, flag in enumerate(doc.to_array(SENT_START).tolist()) if flag == 1 or i == 0]
    ends = [*starts[1:], len(doc)]
    return [doc[start:end] for start, end in zip(starts, ends, strict=True) if end > start]


def future_form(word: Token, suffixes: frozenset[str] | tuple[str, ...]) -> bool:
    """A verb in the future or conditional read from its form ("signeront", "se rendra"), for
    the forms the model tags with another tense: the infinitive, its final "e" dropped, and an
    ending of those tenses."""
    stem = word.lemma_.lower().removesuffix("e")
    form = word.lower_
    return (
        word.pos_ == "VERB"
        and len(stem) > 3
        and form.startswith(stem)
        and form[len(stem) :] in suffixes
    )


def _lemma_index(doc: Doc) -> dict[int, list[int]]:
    """Lemma hash -> token positions, to find triggers without visiting every token."""
    index: dict[int, list[int]] = {}
    for i, key in enumerate(doc.to_array(LEMMA).tolist()):
        index.setdefault(key, []).append(i)
    return index


@dataclass(frozen=True)
class GrammarWords:
    """The pack's words the context itself needs, as sets, built once per knowledge base."""

    honorifics: frozenset[str]  # folded forms of address before a name ("M. Faye" is Faye)
    dotless_honorifics: frozenset[str]
    counterpart_titles: frozenset[str]
    person_label: str  # the model's NER labels
    location_label: str
    future_suffixes: frozenset[str]  # endings after the infinitive in the future, conditional
    definite_articles: frozenset[str]
    name_labels: frozenset[str]  # labels the model gives to some names: LOC, MISC


def _grammar_words(kb: KnowledgeBase) -> GrammarWords:
    if kb.pack is None:
        raise ValueError("the knowledge base has no language pack")
    grammar = kb.lexicon.grammar
    labels = kb.pack.ner_labels
    return GrammarWords(
        honorifics=frozenset(grammar.honorifics),
        dotless_honorifics=frozenset(grammar.dotless_honorifics),
        counterpart_titles=frozenset(fold(w) for w in grammar.counterpart_titles),
        person_label=labels.person,
        location_label=labels.location,
        future_suffixes=frozenset(grammar.future_suffixes),
        definite_articles=frozenset(grammar.definite_articles),
        name_labels=frozenset({labels.location, labels.misc}),
    )


@dataclass(frozen=True)
class Mention:
    kind: str  # COUNTRY, CAPITAL, CITY, DEMONYM, ORG, PERSON, TITLE
    start: int  # token offsets
    end: int
    value: str  # ISO code, organisation code, person key or office
    text: str


@dataclass
class PersonRef:
    """A person as the article knows them."""

    name: str
    country: str | None = None
    office: str | None = None
    mentions: int = 0
    # Title words the article wrote beside the name ("chancelier"), to resolve "le chancelier".
    titles: set[str] = field(default_factory=set)


@dataclass
class Agent:
    """Who does something in a clause: a person, a country, or the article's pair."""

    persons: list[PersonRef] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentInfo:
    name: str
    date: str | None


class ArticleContext:
    def __init__(self, doc: Doc, info: DocumentInfo, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.info = info
        self.kb = kb
        self.lex: Lexicon = kb.lexicon
        self.grammar: GrammarWords = kb.compiled("context_grammar", _grammar_words)
        # Built once: Doc.text and Doc.sents rebuild their result on every access.
        self.text = doc.text
        self.sentences: list[Span] = sentence_spans(doc)
        self._sentence_starts = [s.start for s in self.sentences]
        self._lemma_index = _lemma_index(doc)
        self.mentions = self._collect_mentions()
        self._mention_starts = [m.start for m in self.mentions]
        self._folded: dict[int, str] = {}
        self.persons: dict[str, PersonRef] = {}
        self.person_of: dict[int, PersonRef] = {}  # mention start token -> person
        self._resolve_persons()
        self.pair = self._country_pair()
        self._sent_dates: dict[int, list[DateMention]] = {}
        self._dependency_matches: dict[str, list[Match]] = {}
        self._matched: dict[tuple[str, str], frozenset[int]] = {}

    # ----------------------------------------------------------------- mentions
    def _collect_mentions(self) -> list[Mention]:
        ruled = list(self.doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in self.doc.spans else []
        spans: list[Span] = filter_spans(ruled)
        taken = {i for s in spans for i in range(s.start, s.end)}
        # A city is placed in the country the article names, when several bear its name.
        named = {s.id_ for s in spans if s.label_ in PLACE_KINDS}
        for ent in self.doc.ents:
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            city = self._city(ent, named)
            if city is not None:
                spans.append(Span(self.doc, ent.start, ent.end, label="CITY", span_id=city))
                taken.update(range(ent.start, ent.end))
            elif ent.label_ == self.grammar.person_label or (
                ent.label_ in self.grammar.name_labels and self._looks_like_name(ent)
            ):
                span = Span(self.doc, ent.start, ent.end, label="PERSON", span_id=fold(ent.text))
                spans.append(span)
                taken.update(range(ent.start, ent.end))
        spans.extend(self._names_after_titles(spans, taken))
        spans = [self._without_honorific(s) for s in spans]
        mentions = [
            Mention(s.label_, s.start, s.end, s.id_ or fold(s.text), s.text)
            for s in spans
            if s.label_ != "PERSON"
            or (self._plausible_person(s) and fold(s.text) not in self.grammar.honorifics)
        ]
        return sorted(mentions, key=lambda m: m.start)

    def _city(self, ent: Span, named: set[str]) -> str | None:
        """The country of a place the model found that is a city ("à Samarcande"); not a
        place named with an article of its own ("la Maison Blanche", "le Golfe")."""
        if ent.label_ != self.grammar.location_label:
            return None
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.lower_ in self.grammar.definite_articles:
            return None
        countries = self.kb.city_countries(ent.text)
        if not countries:
            return None
        # A city of the article's country unless a far larger one bears the name ("Naples")
        largest = countries[0][1]
        sized = (c for c, population in countries if c in named and population * 10 >= largest)
        return next(sized, countries[0][0])

    def _without_honorific(self, span: Span) -> Span:
        """The name without its forms of address, however many ('Lieutenant Général X')."""
        while (shorter := self._one_honorific_less(span)) is not span:
            span = shorter
        return span

    def _one_honorific_less(self, span: Span) -> Span:
        first = fold(span[0].text)
        if span.label_ != "PERSON" or len(span) < 2 or first not in self.grammar.honorifics:
            return span
        # "M" "." is an honorific in two tokens; "M" alone is an initial.
        dotless = first in self.grammar.dotless_honorifics
        if dotless and (span.end > span.start + 1 and span.doc[span.start + 1].text != "."):
            return span
        start = span.start + (2 if dotless and span[0].text.isupper() else 1)
        if start >= span.end:
            return span
        return Span(
            self.doc, start, span.end, label="PERSON", span_id=fold(self.doc[start : span.end].text)
        )

    def _names_after_titles(self, spans: list[Span], taken: set[int]) -> list[Span]:
        """Proper nouns right after a title that the model left unlabelled ('le chef du
        gouvernement Ana Ribeiro'): two or more capitalised words make a name."""
        found = []
        for title in (s for s in spans if s.label_ == "TITLE"):
            end = title.end
            limit = title.sent.end
            while (
                end < limit
                and end not in taken
                and self.doc[end].pos_ == "PROPN"
                and self.doc[end].text[:1].isupper()
            ):
                end += 1
            name = self.doc[title.end : end]
            if end - title.end >= 2 and not self.kb.country_code(name.text):
                found.append(
                    Span(self.doc, title.end, end, label="PERSON", span_id=fold(name.text))
                )
                taken.update(range(title.end, end))
        return found

    def _looks_like_name(self, ent: Span) -> bool:
        """A LOC/MISC span the model gave to a person: capitalised words right after a title."""
        words = [t for t in ent if t.is_alpha]
        if len(words) < 2 or not all(t.text[:1].isupper() for t in words):
            return False
        if self.kb.country_code(ent.text):
            return False
        before = self.doc[max(ent.sent.start, ent.start - 4) : ent.start]
        return any(fold(t.text) in self._title_words for t in before) or any(
            t.text == "," for t in before[-1:]
        )

    @cached_property
    def _title_words(self) -> set[str]:
        return {fold(w) for t in self.kb.titles.values() for p in t.phrases for w in p.split()}

    @staticmethod
    def _plausible_person(span: Span) -> bool:
        return any(t.text[:1].isupper() and t.is_alpha for t in span) and len(span.text) > 2

    def in_span(self, start: int, end: int, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions lying wholly inside tokens [start, end), optionally of some kinds only."""
        wanted = set(kinds) if kinds else None
        first = bisect_left(self._mention_starts, start)
        last = bisect_left(self._mention_starts, end, lo=first)
        return [
            m
            for m in self.mentions[first:last]
            if m.end <= end and (wanted is None or m.kind in wanted)
        ]

    def tokens_with_lemma(self, lemmas: Iterable[str], sent: Span | None = None) -> list[Token]:
        """Tokens whose lemma (lower case) is one of ``lemmas``, in text order."""
        found: list[int] = []
        strings = self.doc.vocab.strings
        for lemma in lemmas:
            for form in {lemma, lemma.capitalize()}:
                found.extend(self._lemma_index.get(strings[form], ()))
        if sent is not None:
            found = [i for i in found if sent.start <= i < sent.end]
        return [self.doc[i] for i in sorted(found)]

    def dependency_matches(self, rule: str) -> list[Match]:
        """The matches of the pack's dependency rule ``rule`` ('meetings.held_noun'), each a
        mapping of the pattern's node names to token indices. The rule's matcher runs on first
        use, once per document."""
        if rule not in self._dependency_matches:
            rules: DependencyRules = self.kb.compiled("dependency_rules", DependencyRules.from_kb)
            self._dependency_matches[rule] = rules.matches(self.doc, rule)
        return self._dependency_matches[rule]

    def matched(self, rule: str, node: str) -> frozenset[int]:
        """The tokens the node ``node`` of the dependency rule ``rule`` matched: the nouns of
        'meetings.held_noun' a support verb governs."""
        key = (rule, node)
        if key not in self._matched:
            self._matched[key] = frozenset(m[node] for m in self.dependency_matches(rule))
        return self._matched[key]

    def sentence_of(self, index: int) -> Span:
        return self.sentences[bisect_right(self._sentence_starts, index) - 1]

    def folded_sentence(self, sent: Span) -> str:
        """The sentence's text folded (lower case, no accents), same length as the original."""
        if sent.start not in self._folded:
            self._folded[sent.start] = fold(sent.text)
        return self._folded[sent.start]

    # ----------------------------------------------------------------- persons
    def _resolve_persons(self) -> None:
        for mention in (m for m in self.mentions if m.kind == "PERSON"):
            known = self.kb.persons.get(mention.value) or self.kb.person(mention.text)
            title, country, written = self._apposition(mention)
            ref = self._person_ref(mention, known.name if known else None)
            ref.mentions += 1
            if written:
                ref.titles.add(fold(written))
            if known and known.country:
                ref.country = known.country
            elif country and not ref.country:
                ref.country = country
            if title and title != "leader" and not ref.office:
                ref.office = title
            elif known and not ref.office:
                offices = known.offices_on(self.info.date)
                ref.office = min(offices, key=self._rank) if offices else None
            self.person_of[mention.start] = ref

    def person_records(self) -> list[dict[str, Any]]:
        """The persons of the article with a country or an office, for the store's entities:
        fullest name, every form written, country and office."""
        written: dict[int, set[str]] = {}
        for mention in self.mentions:
            ref = self.person_of.get(mention.start) if mention.kind == "PERSON" else None
            if ref is not None:
                written.setdefault(id(ref), set()).add(mention.text)
        return [
            {
                "name": ref.name,
                "country": ref.country,
                "office": ref.office,
                "aliases": sorted(written.get(id(ref), set())),
            }
            for ref in self.persons.values()
            if ref.country or ref.office
        ]

    def _person_ref(self, mention: Mention, kb_name: str | None) -> PersonRef:
        """The article's record for this person: one per person, under the fullest name."""
        tokens = set(fold(mention.text).replace("-", " ").split())
        for key, ref in self.persons.items():
            other = set(key.replace("-", " ").split())
            if tokens <= other or other <= tokens or (kb_name and fold(kb_name) == key):
                if len(mention.text) > len(ref.name):
                    ref.name = mention.text
                return ref
        ref = PersonRef(name=mention.text)
        self.persons[fold(kb_name or mention.text)] = ref
        return ref

    def _apposition(self, person: Mention) -> tuple[str | None, str | None, str | None]:
        """Office, country and title as written next to a name: 'le chancelier allemand, X'
        or 'X, président'."""
        sent = self.doc[person.start].sent
        start = max(sent.start, person.start - APPOSITION_WINDOW)
        # An apposition never crosses a clause's verb: "X rencontrera le président Y".
        verbs = [
            t.i
            for t in self.doc[start : person.start]
            if t.pos_ in {"VERB", "AUX"} and t.dep_ not in APPOSITION_VERB_DEPS
        ]
        if verbs:
            start = verbs[-1] + 1
        left = [m for m in self.in_span(start, person.start) if m.kind != "PERSON"]
        # Stop at the previous person: what lies before it describes that person.
        persons_left = [m.end for m in self.in_span(sent.start, person.start, {"PERSON"})]
        if persons_left:
            left = [m for m in left if m.start >= max(persons_left)]
        titles = [m for m in left if m.kind == "TITLE"]
        if not titles:
            right = self.in_span(person.end, min(sent.end, person.end + 8))
            if right and right[0].kind == "TITLE" and self.doc[person.end].text == ",":
                titles, left = [right[0]], right
        if not titles:
            return None, None, None
        title = titles[0]
        countries = [m.value for m in left if m.start >= title.start and self._country_value(m)]
        return title.value, countries[0] if countries else None, title.text

    def _country_value(self, mention: Mention) -> str | None:
        if mention.kind in PLACE_KINDS:
            return mention.value
        if mention.kind == "ORG":
            org = self.kb.organisations.get(mention.value)
            return org.country if org else None
        return None

    def _rank(self, office: str | None) -> int:
        title = self.kb.titles.get(office or "")
        return title.rank if title else 99

    # ----------------------------------------------------------------- pair
    def _country_pair(self) -> tuple[str, ...]:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for mention in self.mentions:
            code = self._country_value(mention)
            if mention.kind == "PERSON":
                code = (
                    self.person_of[mention.start].country
                    if mention.start in self.person_of
                    else None
                )
            if code and code in self.kb.countries:
                counts[code] += 1
                first.setdefault(code, mention.start)
        ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
        return tuple(ranked[:2])

    @cached_property
    def multilateral(self) -> bool:
        """An article about more than one pair (a tour): a fact without its countries is unsure."""
        counts = Counter(
            m.value for m in self.mentions if m.kind == "COUNTRY" and m.value in self.kb.countries
        )
        return sum(1 for n in counts.values() if n >= 2) >= 3

    def other_than(self, country: str | None) -> str | None:
        others = [c for c in self.pair if c != country]
        return others[0] if others else None

    # ----------------------------------------------------------------- roles and agents
    def resolve_role(
        self, office: str, country: str | None, title_text: str | None = None
    ) -> PersonRef | None:
        """The person behind 'le président kazakh' in this article, else in the KB on its date."""
        candidates = [
            p for p in self.persons.values() if p.country == country and country is not None
        ]
        if office != "leader":
            exact = [p for p in candidates if p.office == office]
            # The holder on the document's date before one named in passing (a former king);
            # the article's own choice when none holds it then ("le président X", between terms)
            exact = [p for p in exact if self._in_office(p, office)] or exact
            if exact:
                return max(exact, key=lambda p: p.mentions)
            if country:
                holders = self.kb.office_holders(office, country, self.info.date)
                if holders:
                    return PersonRef(name=holders[0].name, country=country, office=office)
                return None
            # "le chancelier" with no country: the one person of the article in that office,
            # or the one the article itself called so.
            holding = [p for p in self.persons.values() if p.office == office]
            if len(holding) == 1:
                return holding[0]
            if title_text:
                called = [p for p in holding if fold(title_text) in p.titles]
                return called[0] if len(called) == 1 else None
            return None
        if candidates:
            return min(candidates, key=lambda p: (self._rank(p.office), -p.mentions))
        if country:
            for office_key in sorted(self.kb.titles, key=self._rank):
                holders = self.kb.office_holders(office_key, country, self.info.date)
                if holders:
                    return PersonRef(name=holders[0].name, country=country, office=office_key)
        return None

    def _in_office(self, person: PersonRef, office: str) -> bool:
        """False for a person the KB knows out of that office on the document's date."""
        known = self.kb.person(person.name)
        if known is None or not self.info.date:
            return True
        held = [o for o in known.offices if o.office == office]
        return not held or any(o.holds_on(self.info.date) for o in held)

    def role_at(self, title: Mention, limit: int) -> tuple[PersonRef | None, str | None]:
        """A title mention with the country that follows it ('le président du Kazakhstan')."""
        window = self.in_span(title.end, min(limit, title.end + 6))
        country = None
        for mention in window:
            if mention.kind in {"PERSON", "TITLE"}:
                break
            country = self._country_value(mention)
            if country:
                break
        if country is None:
            before = self.in_span(max(0, title.start - 2), title.start, PLACE_KINDS)
            country = before[-1].value if before else None
        counterpart = fold(title.text) in self.grammar.counterpart_titles
        if country is None and counterpart:
            return None, None
        office = title.value
        if counterpart:
            # "son homologue thaïlandais": the office of the person it is the counterpart of.
            office = self._office_before(title) or office
        return self.resolve_role(office, country, title.text), country

    def _office_before(self, title: Mention) -> str | None:
        sent = self.sentence_of(title.start)
        for mention in reversed(self.in_span(sent.start, title.start, {"PERSON"})):
            ref = self.person_of.get(mention.start)
            if ref is not None and ref.office:
                return ref.office
        return None

    def agent_between(self, start: int, end: int, nearest: str = "last") -> Agent | None:
        """The persons or countries acting in tokens [start, end): the mention nearest the end."""
        mentions = self.in_span(start, end)
        order = reversed(mentions) if nearest == "last" else iter(mentions)
        for mention in order:
            if mention.kind == "PERSON" and mention.start in self.person_of:
                ref = self.person_of[mention.start]
                return Agent([ref], [ref.country] if ref.country else [])
            if mention.kind == "TITLE":
                role, country = self.role_at(mention, end)
                if role or country:
                    return Agent([role] if role else [], [country] if country else [])
            if mention.kind in {"COUNTRY", "CAPITAL"}:
                return Agent([], [mention.value])
        return None

    # ----------------------------------------------------------------- dates and evidence
    def dates_in(self, sent: Span) -> list[DateMention]:
        if sent.start not in self._sent_dates:
            found = find_dates(sent.text, self.lex.dates, self.info.date)
            self._sent_dates[sent.start] = [
                DateMention(
                    m.start + sent.start_char, m.end + sent.start_char, m.value, m.until, m.ahead
                )
                for m in found
            ]
        return self._sent_dates[sent.start]

    def evidence(self, sent: Span, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for a fact read in ``sent``, spanning tokens [start, end) when given."""
        first = self.doc[start] if start is not None else sent[0]
        last = self.doc[end - 1] if end is not None and end > 0 else sent[-1]
        while last.is_space and last.i > first.i:  # a paragraph break or a skipped sentence
            last = self.doc[last.i - 1]
        while first.is_space and first.i < last.i:
            first = self.doc[first.i + 1]
        raw = sent.text
        sentence = raw.strip()  # the offsets trimmed alike: text[sent_start:sent_end] is it
        lead = len(raw) - len(raw.lstrip())
        return Evidence(
            sentence=sentence,
            sent_start=sent.start_char + lead,
            sent_end=sent.start_char + lead + len(sentence),
            start=first.idx,
            end=last.idx + len(last.text),
        )

    def folded(self, span: Span) -> str:
        return fold(span.text)

    def refers_to_pair(self, span: Span) -> bool:
        text = f" {fold(span.text)} "
        return any(f" {p} " in text for p in self.lex.references.pair_phrases)
