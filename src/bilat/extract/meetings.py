"""Meetings: talks, meetings, audiences and calls, with every participant and country."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from bilat.extract.base import Fact
from bilat.extract.context import Agent, ArticleContext, PersonRef
from bilat.kb.model import fold

FACT_TYPE = "meeting"


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex["meetings"]
    verb_kinds = {v: kind for kind, verbs in lex["verbs"].items() for v in verbs}
    noun_kinds = {n: kind for kind, nouns in lex["nouns"].items() for n in nouns}
    last_subject: Agent | None = None
    by_sentence: dict[int, list[tuple[Token, str]]] = {}
    for token in ctx.tokens_with_lemma([*verb_kinds, *noun_kinds]):
        if kind := _trigger_kind(token, verb_kinds, noun_kinds, lex):
            by_sentence.setdefault(ctx.sentence_of(token.i).start, []).append((token, kind))
    for sent in ctx.sentences:
        triggers = by_sentence.get(sent.start, [])
        if not triggers and not _names_a_person(ctx, sent):
            continue  # no trigger and no subject to remember
        subject: Agent | None = None
        for n, (trigger, kind) in enumerate(triggers):
            end = triggers[n + 1][0].i if n + 1 < len(triggers) else sent.end
            if subject is None:
                subject = _subject(ctx, sent, trigger, last_subject)
            counterpart = _counterparts(ctx, trigger, end, subject)
            if subject is None or not counterpart:
                continue
            if any(fold(t.text) in lex["call_markers"] for t in sent):
                kind = "call"
            yield from _meetings(ctx, sent, trigger, end, kind, subject, counterpart)
        if subject is not None and subject.persons:
            last_subject = subject
        elif any(m.kind == "PERSON" for m in ctx.in_span(sent.start, sent.end)):
            first = _first_person_subject(ctx, sent)
            last_subject = first or last_subject


def _names_a_person(ctx: ArticleContext, sent: Span) -> bool:
    return bool(ctx.in_span(sent.start, sent.end, {"PERSON"}))


def _trigger_kind(token: Token, verbs: dict, nouns: dict, lex: dict) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} and lemma in verbs:
        return str(verbs[lemma])
    if token.pos_ == "NOUN" and lemma in nouns and token.head.lemma_ in lex["support_verbs"]:
        return str(nouns[lemma])
    return None


def _subject(
    ctx: ArticleContext, sent: Span, trigger: Token, last: Agent | None
) -> Agent | None:
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    before = ctx.in_span(sent.start, verb.i, {"PERSON", "TITLE"})
    for mention in reversed(before):
        if _inside_prepositional(ctx, mention.start):
            continue
        agent = ctx.agent_between(mention.start, min(verb.i, mention.end + 6), nearest="first")
        if agent and (agent.persons or agent.countries):
            return agent
    pronoun = next((t for t in ctx.doc[sent.start : verb.i] if t.dep_.startswith("nsubj")), None)
    if pronoun is not None and pronoun.lower_ in {"il", "elle"}:
        return last
    if ctx.refers_to_pair(ctx.doc[sent.start : verb.i]) or (
        pronoun is not None and pronoun.lemma_.lower() in ctx.lex["references"]["pair_subjects"]
    ):
        return Agent([], list(ctx.pair))
    return None


def _inside_prepositional(ctx: ArticleContext, index: int) -> bool:
    """A name after 'avec', 'invitation de', 'selon': not the subject."""
    window = ctx.doc[max(0, index - 8) : index]
    words = {t.lower_ for t in window}
    return bool(words & {"invitation", "avec", "selon", "entre"})


def _first_person_subject(ctx: ArticleContext, sent: Span) -> Agent | None:
    for mention in ctx.in_span(sent.start, sent.end, {"PERSON"}):
        if not _inside_prepositional(ctx, mention.start):
            ref = ctx.person_of.get(mention.start)
            if ref:
                return Agent([ref], [ref.country] if ref.country else [])
    return None


def _counterparts(
    ctx: ArticleContext, trigger: Token, end: int, subject: Agent | None
) -> list[tuple[PersonRef | None, str | None]]:
    """Who the subject met: persons named after the trigger, else roles, else nationalities."""
    found: list[tuple[PersonRef | None, str | None]] = []
    mentions = ctx.in_span(trigger.i + 1, end)
    subject_names = {p.name for p in subject.persons} if subject else set()
    consumed_until = -1
    for mention in mentions:
        if mention.start < consumed_until:
            continue
        if mention.kind == "PERSON" and mention.start in ctx.person_of:
            ref = ctx.person_of[mention.start]
            if ref.name not in subject_names:
                found.append((ref, ref.country))
        elif mention.kind == "TITLE":
            following = ctx.in_span(mention.end, min(end, mention.end + 8), {"PERSON", "TITLE"})
            if following and following[0].kind == "PERSON":
                continue  # the name that follows carries the person
            ref, country = ctx.role_at(mention, end)
            if ref is None and country is None and fold(mention.text) == "homologue" and subject:
                country = ctx.other_than(subject.countries[0] if subject.countries else None)
                ref = ctx.resolve_role("leader", country) if country else None
            if ref or country:
                found.append((ref, country or (ref.country if ref else None)))
                consumed_until = mention.end + 6
        elif mention.kind == "DEMONYM" and not found:
            found.append((None, mention.value))
    return found


def _meetings(
    ctx: ArticleContext,
    sent: Span,
    trigger: Token,
    end: int,
    kind: str,
    subject: Agent,
    counterparts: list[tuple[PersonRef | None, str | None]],
) -> Iterator[Fact]:
    subject_countries = [c for c in subject.countries if c]
    for person, country in counterparts:
        countries = list(dict.fromkeys([*subject_countries, *([country] if country else [])]))
        if len(countries) < 2:
            continue
        participants = [p.name for p in subject.persons] + ([person.name] if person else [])
        when = ctx.dates_in(sent)
        yield Fact(
            FACT_TYPE,
            {
                "participants": list(dict.fromkeys(participants)),
                "countries": countries,
                "kind": kind,
                "date": when[0].value if when and len(when[0].value) > 4 else None,
            },
            ctx.evidence(sent, trigger.i, end),
        )
