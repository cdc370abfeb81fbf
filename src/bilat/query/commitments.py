"""Commitment follow-through: what the parties promised, and the later facts that carry it out.

A commitment is linked to later events of the pair three ways, strongest first: an agreement
whose title it names ("envisager la signature d'un accord sur X", then "l'accord sur X a été
signé"); a visit or a session it announced ("tenir la prochaine session de la commission
mixte"); or a later sentence of the pair's articles naming what was promised with a word of
completion ("les Journées culturelles … se sont tenues"). Status: open (nothing yet), in
progress (a step, not the end), fulfilled; with the days it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bilat import timeline
from bilat.kb.model import KnowledgeBase
from bilat.query.asof import on_day
from bilat.records import Record
from bilat.store.repos import Reader
from bilat.text import fold, light_stem, stop_words

DONE_STEPS = {"signed", "adopted", "entered_into_force", "implemented"}
# A later sentence must name this share of what was promised (its key words).
SENTENCE_OVERLAP = 0.6
WORDS = re.compile(r"[^\W\d_]+")


def _key_words(text: str, generic: set[str]) -> set[str]:
    words = (
        w
        for w in WORDS.findall(fold(text))
        if len(w) > 3 and w not in generic and w not in stop_words()
    )
    return {light_stem(w) for w in words}


@dataclass
class _Context:
    """Everything a pair's commitments are compared with, folded and indexed once."""

    generic: set[str]
    completion: set[str]
    visit_words: set[str]
    meeting_words: set[str]
    session_words: set[str]
    agreements: list[tuple[Record, set[str]]]  # event, key words of its title
    by_word: dict[str, list[int]]  # key word -> agreements naming it
    dated: list[tuple[str, Record]]  # visits and meetings by date
    sentences: list[tuple[str, Record, set[str], set[str]]]  # date, sentence, key words, done words
    sentences_by_word: dict[str, list[int]]


def follow_through(
    reads: Reader,
    pair: tuple[str, str],
    kb: KnowledgeBase,
    status: str | None = None,
    as_of: str | None = None,
    events: list[Record] | None = None,
    doc_ids: set[str] | None = None,
    known_by: str | None = None,
) -> list[Record]:
    """Each commitment of the pair with its status, the facts that carry it out and how long,
    as it stood on ``as_of`` and as known by ``known_by``.

    ``events`` are the pair's events as of that day and ``doc_ids`` their documents when the
    caller has them already (the dossier does)."""
    if events is None:
        events = on_day(reads, reads.events.matching(pair=list(pair)), as_of, known_by)
    commitments = [
        e for e in events if e["type"] == "commitment" and set(e.get("parties", [])) <= set(pair)
    ]
    if not commitments:
        return []
    since = min((c.get("date") or "" for c in commitments), default="")
    if doc_ids is None:
        # the documents about the pair: only later articles can tell that a commitment was
        # carried out
        doc_ids = reads.facts.documents_naming(pair)
    sentences = reads.documents.sentences(doc_ids, since)
    context = _context(kb, pair, events, sentences)
    results = []
    for commitment in commitments:
        row = _follow(commitment, context, _earliest(as_of, known_by))
        if status is None or row["status"] == status:
            results.append(row)
    return results


def _context(
    kb: KnowledgeBase, pair: tuple[str, str], events: list[Record], sentences: list[Record]
) -> _Context:
    lex = kb.lexicon.followup
    generic = {fold(w) for w in lex.generic_words} | _place_words(kb, pair)
    completion = {fold(w) for w in lex.completion_words}
    agreements = [
        (e, _key_words(e.get("title") or "", generic)) for e in events if e["type"] == "agreement"
    ]
    by_word: dict[str, list[int]] = {}
    for n, (_, words) in enumerate(agreements):
        for word in words:
            by_word.setdefault(word, []).append(n)
    dated = sorted(
        (
            ((e.get("start") or e.get("date") or ""), e)
            for e in events
            if e["type"] in {"visit", "meeting"}
        ),
        key=lambda pair: pair[0],
    )
    indexed: list[tuple[str, Record, set[str], set[str]]] = []
    sentences_by_word: dict[str, list[int]] = {}
    for sentence in sorted(sentences, key=lambda r: r["doc_date"] or ""):
        words = set(WORDS.findall(fold(sentence["text"])))
        done = words & completion
        if not done:
            continue  # a sentence telling nothing done carries nothing out
        keys = {
            light_stem(w)
            for w in words
            if len(w) > 3 and w not in generic and w not in stop_words()
        }
        for word in keys:
            sentences_by_word.setdefault(word, []).append(len(indexed))
        indexed.append((sentence["doc_date"] or "", sentence, keys, done))
    return _Context(
        generic,
        completion,
        {fold(w) for w in lex.visit_words},
        {fold(w) for w in lex.meeting_words},
        {fold(w) for w in lex.session_words},
        agreements,
        by_word,
        dated,
        indexed,
        sentences_by_word,
    )


def _place_words(kb: KnowledgeBase, pair: tuple[str, str]) -> set[str]:
    """Names, adjectives and capitals of the pair: every article of the pair has them."""
    words: set[str] = set()
    for code in pair:
        country = kb.countries.get(code)
        if country is None:
            continue
        for phrase in (*country.names, *country.adjectives, *country.capitals):
            words.update(WORDS.findall(fold(phrase)))
    return words


def _earliest(*values: str | None) -> date | None:
    """The earlier of the days given (None when none is): no later article counts."""
    days = [d for d in (timeline.day_of(v) for v in values) if d is not None]
    return min(days, default=None)


def _follow(commitment: Record, context: _Context, cutoff: date | None) -> Record:
    """The commitment's links to what carried it out, among the events of the pair (already
    as they stood on the day asked) and the sentences of articles published by ``cutoff``."""
    since = commitment.get("date")
    text = commitment.get("text") or ""
    folded = set(WORDS.findall(fold(text)))
    keys = _key_words(text, context.generic)
    links: list[Record] = []
    candidates = sorted({n for word in keys for n in context.by_word.get(word, [])})
    for n in candidates:
        link = _link_agreement(*context.agreements[n], since, keys)
        if link:
            links.append(link)
    wanted_visits = bool(folded & context.visit_words)
    wanted_meetings = bool(folded & context.meeting_words)
    wanted_sessions = bool(folded & context.session_words)
    if since and (wanted_visits or wanted_meetings or wanted_sessions):
        for start, event in context.dated:
            if not start or timeline.precision(start) < 2 or start[:7] <= since[:7]:
                continue  # only what came after the commitment's month carries it out
            session = event["type"] == "meeting" and event.get("kind") == "other"
            if (
                (event["type"] == "visit" and wanted_visits)
                or (event["type"] == "meeting" and wanted_meetings)
                or (session and wanted_sessions)
            ):
                links.append(
                    {
                        "kind": event["type"],
                        "event_id": event["id"],
                        "status": "fulfilled",
                        "date": start,
                        "why": f"the {event['type']} of {start} it announced",
                    }
                )
                break
    counts: dict[int, int] = {}
    for word in keys:
        for n in context.sentences_by_word.get(word, []):
            counts[n] = counts.get(n, 0) + 1
    for n in sorted(counts):
        doc_date, sentence, words, done = context.sentences[n]
        if since and doc_date <= since:
            continue
        if not timeline.reported_by(doc_date, cutoff):
            continue
        shared = keys & words
        if len(shared) >= 2 and (len(shared) >= 3 or len(shared) >= SENTENCE_OVERLAP * len(keys)):
            links.append(
                {
                    "kind": "sentence",
                    "status": "fulfilled",
                    "date": doc_date,
                    "doc": sentence["doc"],
                    "sentence": sentence["text"],
                    "why": f"names {', '.join(sorted(shared))} and says it was done "
                    f"({', '.join(sorted(done))})",
                }
            )
    state = "open"
    if links:
        fulfilled = any(link["status"] == "fulfilled" for link in links)
        state = "fulfilled" if fulfilled else "in_progress"
    done_dates = [
        link["date"] for link in links if link["status"] == "fulfilled" and link.get("date")
    ]
    first_done = min(done_dates) if done_dates else None
    return {
        **{
            k: commitment[k]
            for k in ("id", "parties", "modality", "domains", "text", "date", "sources")
        },
        "status": state,
        "links": links,
        "fulfilled_on": first_done,
        "days": timeline.days_between(since, first_done) if first_done else None,
    }


def _link_agreement(
    event: Record, title: set[str], since: str | None, keys: set[str]
) -> Record | None:
    shared = title & keys
    if len(title) < 2 or len(shared) < 2 or len(shared) < 0.5 * len(title):
        return None
    steps = [s for s in event.get("steps", []) if _later(s.get("date"), since)]
    done = [s for s in steps if s["action"] in DONE_STEPS and s.get("date")]
    if done:
        step = min(done, key=lambda s: s["date"])
        return {
            "kind": "agreement",
            "event_id": event["id"],
            "status": "fulfilled",
            "date": step["date"],
            "why": f"agreement «{event.get('title')}» {step['action']} on {step['date']}",
        }
    if steps:
        return {
            "kind": "agreement",
            "event_id": event["id"],
            "status": "in_progress",
            "date": None,
            "why": f"agreement «{event.get('title')}» is {event.get('status')}",
        }
    return None


def _later(value: str | None, since: str | None) -> bool:
    """Strictly after the commitment, at the coarser precision of the two dates."""
    if not since or not value:
        return False
    n = min(len(value), len(since))
    return value[:n] > since[:n]
