"""Relations: the level of a relationship, set up or raised, or restated.

A level is a phrase of the lexicon ("partenariat stratégique global", "relations
diplomatiques", "liens d'amitié"). Whether it is new comes from the words that govern it in
the parse: a verb or noun of setting up ("élever … au rang de", "l'établissement de"), a
participle after it ("relations diplomatiques, établies en 1960"), or a tie dated by "depuis"
("liés depuis 1998 par un partenariat stratégique"). Anything else restates the level.
Diplomatic relations are only a fact when the text dates their establishment.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from bilat.extract.context import ArticleContext
from bilat.extract.dates import DateMention, month_of
from bilat.extract.numbers import find_quantities
from bilat.facts.base import Fact
from bilat.facts.relation import ladder
from bilat.kb.lexicon import Lexicon
from bilat.kb.model import KnowledgeBase
from bilat.text import fold

FACT_TYPE = "relation"
# Levels that say little on their own: kept only when set up, or named between two countries.
WEAK_LEVELS = {"partnership"}
# How many dependency steps from a level to the word that governs it.
MAX_HOPS = 6
# How far (in tokens) a participle or a noun of setting up may sit from the level.
NEAR = 6
# How far (in tokens) after a level a dated participle may stand after a comma.
FAR = 16
# How far (in characters) after the level a date is read as the date it was set up.
DATE_REACH = 40
# How far (in tokens) before a level a document's name may start ("feuille de route pour un
# partenariat …").
TITLE_REACH = 5
# How far (in characters) before a level an anniversary may stand ("60e anniversaire de
# l'établissement des relations diplomatiques").
ANNIVERSARY_REACH = 60


# The action of a raising only wished for (never written: it becomes "reaffirmed" or nothing).
WISHED = "wished"
# How many heads up a wish may govern a verb of raising ("la volonté … de les hisser").
WISH_HOPS = 3


class Words:
    """The relations lexicon, compiled and folded into sets once per knowledge base."""

    def __init__(self, lexicon: Lexicon) -> None:
        lex = lexicon.relations
        self.levels = [(re.compile(rf"\b{pattern}\b"), level) for pattern, level in lex.levels]
        # All levels in one pass: at a position, the first listed alternative wins.
        self.level_of = [level for _, level in lex.levels]
        self.any_level = re.compile(
            r"\b(?:"
            + "|".join(rf"(?P<l{n}>{pattern})" for n, (pattern, _) in enumerate(lex.levels))
            + r")\b"
        )
        # Every level phrase holds one of these stems: sentences without any are skipped.
        self.stems = tuple(fold(w) for w in lex.level_stems)
        self.title_words = _folded(lex.title_words)
        self.establish_lemmas = _folded(lex.establish_lemmas)
        self.establish_participles = _folded(lex.establish_participles)
        self.tie_lemmas = _folded(lex.tie_lemmas)
        self.tie_nouns = _folded(lex.tie_nouns)
        self.since_words = _folded(lex.since_words)
        self.between_words = _folded(lex.between_words)
        self.rank_words = _folded(lex.rank_words)
        self.demonstratives = _folded(lex.demonstratives)
        self.count_words = _folded(lex.count_words)
        self.make_lemmas = _folded(lex.make_lemmas)
        self.make_clitics = _folded(lex.make_clitics)
        self.founding_documents = _folded(lex.founding_documents)
        self.wish_words = _folded(lex.wish_words)
        self.existing_determiners = _folded(lex.existing_determiners)
        self.target_words = _folded(lex.target_words)
        grammar = lexicon.grammar
        self.participle_endings = tuple(fold(w) for w in grammar.participle_endings)
        self.infinitive_endings = tuple(fold(w) for w in grammar.infinitive_endings)
        # "le 60e anniversaire de l'établissement des relations diplomatiques", "30 ans de
        # relations diplomatiques"
        nouns = "|".join(re.escape(fold(w)) for w in lexicon.indicators.anniversary_nouns)
        self.anniversary = re.compile(rf"\s*(?:{nouns})\b")
        self.years_of = _phrases(lexicon.indicators.years_of)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching one of the phrases at a position (folded, any spacing)."""
    alternatives = "|".join(re.escape(fold(p)).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\s*(?:{alternatives})(?!\w)")


def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _words(kb: KnowledgeBase) -> Words:
    return Words(kb.lexicon)


@dataclass(frozen=True)
class Level:
    span: Span
    level: str


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    facts = list(_extract(ctx))
    yield from _without_shorthands(facts)


def _without_shorthands(facts: list[Fact]) -> Iterator[Fact]:
    """'leur partenariat stratégique' in an article that names the pair's comprehensive
    strategic partnership is a short name of it, not a second level: a level restated is
    dropped when the same pair has a higher level of the ladder in the article."""
    rank = {code: n for n, code in enumerate(ladder())}
    top: dict[frozenset[str], int] = {}
    for fact in facts:
        pair = frozenset(fact.fields["countries"])
        level = rank.get(str(fact.fields["level"]))
        if level is not None:
            top[pair] = max(top.get(pair, level), level)
    for fact in facts:
        pair = frozenset(fact.fields["countries"])
        level = rank.get(str(fact.fields["level"]))
        shorthand = (
            fact.fields["action"] == "reaffirmed"
            and level is not None
            and fact.fields["level"] != "diplomatic_relations"
            and top[pair] > level
        )
        if not shorthand:
            yield fact


def _extract(ctx: ArticleContext) -> Iterator[Fact]:
    words = ctx.kb.compiled("relation_words", _words)
    establish = words.establish_lemmas
    seen: set[tuple[frozenset[str], str, str]] = set()
    last_level: str | None = None
    for sent in ctx.sentences:
        upgrades = list(_unnamed_upgrades(ctx, sent, words, establish))
        # "… qui a élevé les relations à ce niveau": the level named before is the new one.
        back = min((span.start for span, refers in upgrades if refers), default=None)
        for hit in _levels(ctx, sent, words):
            level = hit.level
            # "le 30e anniversaire de l'établissement des relations diplomatiques", "… de la
            # déclaration de partenariat": set up the anniversary's number of years ago.
            founded = _anniversary_year(ctx, sent, hit.span, words)
            if founded is None and _in_title(ctx, hit.span, words):
                continue
            action, date = _action(ctx, sent, hit.span, words)
            if action == WISHED:
                # A raising only hoped for: the level they have ("élever le niveau du
                # partenariat"), or none ("hisser leurs relations au niveau d'un partenariat").
                if not _existing(ctx, hit.span, words):
                    continue
                action = "reaffirmed"
            told = date is not None and date != month_of(ctx.info.date)
            if founded is not None and (action != "established" or not told):
                # "…, établies en décembre 1963" says more than the anniversary's year.
                action, date = "established", founded
            if action == "reaffirmed" and back is not None and hit.span.start < back:
                action, date = "established", _date(ctx, sent, hit.span, None)
            if level in WEAK_LEVELS and _demonstrative(hit.span, words):
                # "ce partenariat, lancé en 1998": the level the article named last.
                if action != "established" or last_level is None:
                    continue
                level = last_level
            if level not in WEAK_LEVELS:
                last_level = level
            if level == "diplomatic_relations" and action != "established":
                continue
            if (
                level in WEAK_LEVELS
                and action != "established"
                and not _between_two(ctx, hit.span, words)
            ):
                continue
            for countries in _country_pairs(ctx, sent, hit.span):
                if action == "reaffirmed" and any(_is_former(ctx, c) for c in countries):
                    continue  # a state that is gone has no relationship to restate
                key = (frozenset(countries), level, action)
                if key in seen:
                    continue
                seen.add(key)
                yield Fact(
                    FACT_TYPE,
                    {"countries": countries, "level": level, "action": action, "date": date},
                    ctx.evidence(sent, hit.span.start, hit.span.end),
                )
        for span, refers in upgrades:
            if refers:
                continue
            for countries in _country_pairs(ctx, sent, span):
                key = (frozenset(countries), "other", "established")
                if key not in seen:
                    seen.add(key)
                    yield Fact(
                        FACT_TYPE,
                        {
                            "countries": countries,
                            "level": "other",
                            "action": "established",
                            "date": _date(ctx, sent, span, None),
                        },
                        ctx.evidence(sent, span.start, span.end),
                    )


def _levels(ctx: ArticleContext, sent: Span, words: Words) -> list[Level]:
    """The level phrases of a sentence, the first listed pattern winning at a position."""
    text = ctx.folded_sentence(sent)
    counting = words.count_words
    found: list[Level] = []
    if not any(stem in text for stem in words.stems):
        return found
    for match in words.any_level.finditer(text):
        level = words.level_of[int((match.lastgroup or "l0")[1:])]
        span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        before = ctx.doc[max(sent.start, span.start - 4) : span.start]
        if any(fold(t.lemma_) in counting or fold(t.text) in counting for t in before):
            continue
        found.append(Level(span, level))
    return sorted(found, key=lambda hit: hit.span.start)


def _demonstrative(span: Span, words: Words) -> bool:
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and fold(before.text) in words.demonstratives


def _in_title(ctx: ArticleContext, span: Span, words: Words) -> bool:
    """'accord de partenariat économique', 'plan d'action du partenariat': a document's name."""
    titles = words.title_words
    before = _title_window(ctx, span)
    named = [n for n, t in enumerate(before) if fold(t.text) in titles or fold(t.lemma_) in titles]
    if not named:
        return False
    # "la déclaration sur l'établissement du partenariat": the document sets the level up.
    return not any(_lemmas(t, words) & words.establish_lemmas for t in before[named[-1] + 1 :])


def _title_window(ctx: ArticleContext, span: Span) -> list[Token]:
    """The words before a level that may name a document holding it, back to a verb."""
    before = list(ctx.doc[max(span.sent.start, span.start - TITLE_REACH) : span.start])
    stops = [n for n, t in enumerate(before) if t.pos_ in {"VERB", "AUX", "PUNCT"}]
    return before[stops[-1] + 1 :] if stops else before


def _governors(span: Span, words: Words) -> Iterator[Token]:
    """The words a level hangs on: up the tree, through coordination and 'au rang de'."""
    ranks = words.rank_words
    token = span.root
    for _ in range(MAX_HOPS):
        head = token.head
        if head is token or not (span.sent.start <= head.i < span.sent.end):
            return
        yield head
        passing = token.dep_ == "conj" or fold(head.lemma_) in ranks or head.pos_ == "ADP"
        if not passing:
            return
        token = head


def _lemmas(token: Token, words: Words) -> set[str]:
    """The token's lemma, and the infinitive where the model left a participle ('élevé')."""
    lemma = fold(token.lemma_)
    found = {lemma, fold(token.text)}
    for ending in words.participle_endings:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            found.update(
                lemma[: -len(ending)] + infinitive for infinitive in words.infinitive_endings
            )
            break
    return found


def _action(ctx: ArticleContext, sent: Span, span: Span, words: Words) -> tuple[str, str | None]:
    establish = words.establish_lemmas
    for governor in _governors(span, words):
        if _lemmas(governor, words) & establish:
            if _wished(governor, words):
                return WISHED, None
            return "established", _date(ctx, sent, span, None)
        # "… leurs relations pour en faire un partenariat stratégique"
        if fold(governor.lemma_) in words.make_lemmas and any(
            fold(c.text) in words.make_clitics for c in governor.children
        ):
            return "established", _date(ctx, sent, span, None)
        if fold(governor.lemma_) in words.tie_lemmas:
            since = _since_date(ctx, sent, governor, span, words)
            if since:
                return "established", since
    before = ctx.doc[max(sent.start, span.start - NEAR) : span.start]
    if any(fold(t.lemma_) in establish and t.pos_ == "NOUN" for t in before):
        return "established", _date(ctx, sent, span, None)
    # "la déclaration de partenariat stratégique": the document that set the level up.
    founding = words.founding_documents
    if any(fold(t.text) in founding for t in _title_window(ctx, span)):
        return "established", _date(ctx, sent, span, None)
    # "au rang de partenariat …" after a verb of raising the parse did not link to it.
    ranks = words.rank_words
    near = ctx.doc[max(sent.start, span.start - 3) : span.start]
    rank = next((t for t in near if fold(t.text) in ranks), None)
    if rank is not None and any(
        _lemmas(t, words) & establish for t in ctx.doc[sent.start : rank.i]
    ):
        return "established", _date(ctx, sent, span, None)
    after = ctx.doc[span.end : min(sent.end, span.end + NEAR)]
    participles = words.establish_participles
    for token in after:
        if fold(token.text) in participles:
            return "established", _date(ctx, sent, span, token)
    # "le partenariat … pour la paix et la prospérité en Asie, instauré en mars 2014":
    # further off, after a comma and no verb, when a date follows the participle.
    far = ctx.doc[span.end : min(sent.end, span.end + FAR)]
    for token in far[1:]:
        if token.pos_ in {"VERB", "AUX"} and fold(token.text) not in participles:
            break
        if fold(token.text) in participles and token.nbor(-1).text == ",":
            anchor = token.idx + len(token.text)
            dated = [d for d in ctx.dates_in(sent) if 0 <= d.start - anchor < DATE_REACH]
            if dated:
                return "established", dated[0].value
            break
    # "ont des relations diplomatiques depuis 1971"
    since_word = next((t for t in after[:2] if fold(t.text) in words.since_words), None)
    if since_word is not None:
        for mention in ctx.dates_in(sent):
            if since_word.idx < mention.start <= since_word.idx + len(since_word.text) + 12:
                return "established", mention.value
    return "reaffirmed", None


def _wished(verb: Token, words: Words) -> bool:
    """Whether a verb of raising, in the infinitive, depends on a wish or an aim ("la volonté
    de hisser", "entend élever"), a few heads up."""
    if "Inf" not in verb.morph.get("VerbForm", []):
        return False
    token = verb
    for _ in range(WISH_HOPS):
        if token.head is token:
            return False
        token = token.head
        if _lemmas(token, words) & words.wish_words:
            return True
    return False


def _existing(ctx: ArticleContext, span: Span, words: Words) -> bool:
    """A level the pair has, by its determiner ("le niveau du partenariat"); not the level
    aimed at ("au niveau du partenariat")."""
    if span.start < 1 or fold(ctx.doc[span.start - 1].text) not in words.existing_determiners:
        return False
    before = ctx.doc[max(0, span.start - 3) : span.start - 1]
    return not any(
        fold(t.text) in words.rank_words and t.i > 0 and fold(t.nbor(-1).text) in words.target_words
        for t in before
    )


def _since_date(
    ctx: ArticleContext, sent: Span, tie: Token, span: Span, words: Words
) -> str | None:
    """'liés depuis 1998 par un partenariat': the date after 'depuis' between tie and level."""
    lo, hi = min(tie.i, span.start), max(tie.i, span.start)
    for token in ctx.doc[lo:hi]:
        if fold(token.text) in words.since_words:
            for mention in ctx.dates_in(sent):
                if token.idx < mention.start <= token.idx + len(token.text) + 12:
                    return mention.value
    return None


def _date(ctx: ArticleContext, sent: Span, level: Span, trigger: Token | None) -> str | None:
    dates = ctx.dates_in(sent)
    anchor = trigger.idx + len(trigger.text) if trigger is not None else level.end_char
    after = [d for d in dates if d.start >= anchor]
    if after and after[0].start - anchor < DATE_REACH:
        return after[0].value
    nearest = _nearest(dates, level)
    if nearest:
        return nearest.value
    return month_of(ctx.info.date)


def _anniversary_year(ctx: ArticleContext, sent: Span, level: Span, words: Words) -> str | None:
    """The year a level was set up when an anniversary of it stands right before it."""
    text = ctx.folded_sentence(sent)
    end = level.start_char - sent.start_char
    start = max(0, end - ANNIVERSARY_REACH)
    years = None
    for quantity in find_quantities(text[start:end], ctx.kb, folded=True):
        rest = text[start + quantity.end : end]
        told = words.anniversary if quantity.ordinal else words.years_of
        if not (quantity.ordinal or quantity.unit == "years") or not told.match(rest):
            continue
        years = int(quantity.value)
        if "," in rest:
            years = None
    if years is None:
        return None
    # The year of the anniversary: the article's, or the next one it announces.
    if not (ctx.info.date and ctx.info.date[:4].isdigit()):
        return None
    year = int(ctx.info.date[:4])
    if any(d.value[:4] == str(year + 1) for d in ctx.dates_in(sent)):
        year += 1
    return str(year - years)


def _nearest(dates: list[DateMention], level: Span) -> DateMention | None:
    if not dates:
        return None
    return min(
        dates, key=lambda d: min(abs(d.start - level.end_char), abs(level.start_char - d.end))
    )


def _unnamed_upgrades(
    ctx: ArticleContext, sent: Span, words: Words, establish: frozenset[str]
) -> Iterator[tuple[Span, bool]]:
    """'porte les relations au niveau d'une alliance': raised to a level the lexicon lacks.

    Yields the span and whether it points back ('à ce niveau') to a level named before.
    """
    ranks = words.rank_words
    ties = words.tie_nouns
    for rank in ctx.tokens_with_lemma(ranks, sent):
        verb = rank.head.head if fold(rank.head.lemma_) in ties else rank.head
        if not _lemmas(verb, words) & establish or verb.pos_ not in {"VERB", "AUX", "ADJ"}:
            continue
        objects = [c for c in verb.children if c.dep_ in {"obj", "nsubj:pass", "nsubj"}]
        if not any(fold(o.lemma_) in ties for o in objects):
            continue
        if any(fold(c.text) in words.demonstratives for c in rank.children):
            yield ctx.doc[rank.i : rank.i + 1], True
            continue
        named = rank.doc[rank.i + 1 : min(sent.end, rank.i + 5)]
        text = ctx.folded_sentence(sent)
        rel_start = named.start_char - sent.start_char
        if any(
            p.match(text, rel_start) or p.search(text, rel_start, rel_start + 30)
            for p, _ in words.levels
        ):
            continue
        yield ctx.doc[rank.i : min(sent.end, rank.i + 5)], False


def _between_two(ctx: ArticleContext, span: Span, words: Words) -> bool:
    """'le partenariat entre Berlin et Nairobi': a plain level with its two countries."""
    after = ctx.doc[span.end : min(span.sent.end, span.end + 8)]
    if not after or fold(after[0].text) not in words.between_words:
        return False
    places = [m for m in ctx.in_span(after.start, after.end, {"COUNTRY", "CAPITAL"})]
    return len({m.value for m in places}) >= 2


def _country_pairs(ctx: ArticleContext, sent: Span, level: Span) -> list[list[str]]:
    """The pairs a level is about: the two countries of its own phrase ('les liens qui
    unissent l'Égypte et la Grèce'), else the sentence's subject country with each other
    country it names, else the article's pair."""
    own = [
        m.value
        for m in ctx.in_span(level.start, _subtree_end(level, sent), {"COUNTRY", "CAPITAL"})
        if m.value in ctx.kb.countries or _is_bloc(ctx, m.value)
    ]
    own = list(dict.fromkeys(own))
    if len(own) >= 2:
        return [own[:2]]
    named = [
        m.value
        for m in ctx.in_span(sent.start, sent.end, {"COUNTRY", "CAPITAL"})
        if m.value in ctx.kb.countries or _is_bloc(ctx, m.value)
    ]
    named = list(dict.fromkeys(named))
    if len(named) >= 2:
        in_pair = [c for c in named if c in ctx.pair]
        anchor = in_pair[0] if in_pair else named[0]
        return [[anchor, other] for other in named if other != anchor]
    if len(named) == 1:
        partner = ctx.pair[0] if ctx.pair and ctx.pair[0] != named[0] else ctx.other_than(named[0])
        if partner is None or (ctx.multilateral and not ctx.refers_to_pair(sent)):
            return []
        return [[partner, named[0]]]
    # "X a reçu le président nigérian. Les deux pays ont établi …", "… Notre amitié …": the
    # pair just named, when it is the article's pair or one of its sides with another.
    before = _named(ctx, _previous(ctx, sent))
    if len(before) == 2 and (ctx.refers_to_pair(sent) or set(before) & set(ctx.pair)):
        return [before]
    if len(ctx.pair) == 2 and (ctx.refers_to_pair(sent) or not ctx.multilateral):
        return [list(ctx.pair)]
    return []


def _named(ctx: ArticleContext, sent: Span | None) -> list[str]:
    """The countries a sentence names, by name, capital, demonym or a known person."""
    if sent is None:
        return []
    named = []
    title_end = -1
    for mention in ctx.in_span(
        sent.start, sent.end, {"COUNTRY", "CAPITAL", "DEMONYM", "PERSON", "TITLE"}
    ):
        if mention.kind == "TITLE":
            title_end = mention.end
            continue
        if mention.kind == "DEMONYM" and mention.start > title_end + 1:
            continue  # "l'armée japonaise": a demonym names an actor only after a title
        person = ctx.person_of.get(mention.start) if mention.kind == "PERSON" else None
        code = person.country if person is not None else mention.value
        if code in ctx.kb.countries:
            named.append(code)
    return list(dict.fromkeys(named))


def _previous(ctx: ArticleContext, sent: Span) -> Span | None:
    starts = [s.start for s in ctx.sentences]
    at = bisect_left(starts, sent.start)
    if not (0 < at <= len(starts) and starts[at - 1] < sent.start):
        return None
    previous = ctx.sentences[at - 1]
    # Only the sentence right before: text skipped between them breaks the thread.
    return previous if not ctx.doc.text[previous.end_char : sent.start_char].strip() else None


def _subtree_end(level: Span, sent: Span) -> int:
    """Where the level's own phrase ends: the right edge of its subtree, inside the sentence."""
    return min(sent.end, max(level.end, level.root.right_edge.i + 1))


def _is_former(ctx: ArticleContext, code: str) -> bool:
    org = ctx.kb.organisations.get(code)
    return org is not None and org.kind == "former_state"


def _is_bloc(ctx: ArticleContext, code: str) -> bool:
    org = ctx.kb.organisations.get(code)
    return org is not None and org.kind in {"bloc", "former_state"}
