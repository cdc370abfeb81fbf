"""Commitment follow-through by meaning: what the parties promised, and the fact that did it.

A commitment is read for what it promises, and each kind of promise is carried out by a fact
of its own kind, of the same pair, from the commitment on:

- a level ("élever leurs relations au niveau de partenariat stratégique"): the relation set up
  at that level (or higher), in the commitment's month or later;
- a document ("envisager la signature d'un accord sur X"): agreement X signed, adopted, in
  force or implemented later (titles sharing most of their key words); a later step short of
  signing (planned) leaves it in progress;
- a visit, a meeting, a session of a joint body ("tenir la prochaine session de la commission
  mixte"): a later one of the pair;
- a figure ("ouvrir des vols directs"): a later figure of that metric for the pair;
- a thing of no fact type of its own ("organiser des Journées culturelles"): a later sentence
  of the pair's articles naming that thing by the same two words in a row, with a word that
  says it was done ("se sont tenues"), and no country outside the pair.

Words shared with a later sentence never carry a commitment out on their own. Status: open
(nothing yet), in progress (a step, not the end), fulfilled; each link names the fact, the
event it belongs to and the reason in words; with the days it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bilat import timeline
from bilat.facts.relation import ladder, level_names
from bilat.kb.model import KnowledgeBase
from bilat.query.asof import on_day
from bilat.records import Record
from bilat.store.repos import Reader
from bilat.text import fold, light_stem, stop_words

DONE_STEPS = {"signed", "adopted", "entered_into_force", "implemented"}
STEP_WORDS = {
    "planned": "planned",
    "signed": "signed",
    "adopted": "adopted",
    "entered_into_force": "entered into force",
    "implemented": "implemented",
}
# A document carries out a commitment naming it when their key words share this much.
TITLE_OVERLAP = 0.5
RANK = {level: n for n, level in enumerate(ladder(), start=1)}
LEVEL_NAMES = level_names()
# Domains too broad to tell which documents were promised.
BROAD_DOMAINS = {"politics", "economy"}
WORDS = re.compile(r"[^\W\d_]+")


def _key_words(text: str, generic: set[str]) -> set[str]:
    words = (
        w
        for w in WORDS.findall(fold(text))
        if len(w) > 3 and w not in generic and w not in stop_words()
    )
    return {light_stem(w) for w in words}


@dataclass(frozen=True)
class _Promises:
    """How a pair's commitments are read: the pack's words, folded once."""

    generic: set[str]
    levels: list[tuple[re.Pattern[str], str]]
    upgrade_words: set[str]
    document_words: set[str]
    visit_words: set[str]
    meeting_words: set[str]
    session_words: set[str]
    metric_words: dict[str, set[str]]
    completion: set[str]
    places: dict[str, set[str]]  # each country of the pair: the words of its names and capitals

    def read(self, text: str) -> Record:
        """What a commitment promises: a level, documents, visits, meetings, figures."""
        folded = fold(text)
        words = set(WORDS.findall(folded))
        level = None
        if words & self.upgrade_words:
            for pattern, name in self.levels:
                if name in RANK and pattern.search(folded):
                    level = name
                    break
        return {
            "level": level,
            "document": bool(words & self.document_words),
            "visit": bool(words & self.visit_words),
            "meeting": bool(words & self.meeting_words),
            "session": bool(words & self.session_words),
            "metrics": sorted(
                metric
                for metric, phrases in self.metric_words.items()
                if any(_has_phrase(folded, phrase) for phrase in phrases)
            ),
            "keys": _key_words(text, self.generic),
            "phrases": self.phrases(text),
            # a visit to one country of the pair, when the commitment names it alone
            "host": next(iter(named)) if len(named := self.named(words)) == 1 else None,
        }

    def named(self, words: set[str]) -> set[str]:
        """The countries of the pair whose name or capital the words hold."""
        return {code for code, place in self.places.items() if words & place}

    def phrases(self, text: str) -> set[tuple[str, str]]:
        """Two content words in a row, lightly stemmed: how a thing is named."""
        words = [
            w if len(w) > 3 and w not in self.generic and w not in stop_words() else ""
            for w in WORDS.findall(fold(text))
        ]
        return {
            (light_stem(a), light_stem(b))
            for a, b in zip(words, words[1:], strict=False)
            if a and b
        }


def _has_phrase(folded: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", folded) is not None


def _promises(kb: KnowledgeBase, pair: tuple[str, str]) -> _Promises:
    lex = kb.lexicon.followup

    def folded(words: tuple[str, ...] | list[str]) -> set[str]:
        return {fold(w) for w in words}

    return _Promises(
        generic=folded(lex.generic_words) | _place_words(kb, pair),
        levels=[(re.compile(p), name) for p, name in kb.lexicon.relations.levels],
        upgrade_words=folded(lex.upgrade_words),
        document_words=folded(lex.document_words),
        visit_words=folded(lex.visit_words),
        meeting_words=folded(lex.meeting_words),
        session_words=folded(lex.session_words),
        metric_words={m: folded(words) for m, words in lex.metric_words.items()},
        completion=folded(lex.completion_words),
        places={code: _place_words(kb, (code,), adjectives=False) for code in pair},
    )


def follow_through(
    reads: Reader,
    pair: tuple[str, str],
    kb: KnowledgeBase,
    status: str | None = None,
    as_of: str | None = None,
    events: list[Record] | None = None,
    known_by: str | None = None,
    doc_ids: set[str] | None = None,
) -> list[Record]:
    """Each commitment of the pair with its status, the facts that carry it out and how long,
    as it stood on ``as_of`` and as known by ``known_by``.

    ``events`` are the pair's events as of that day and ``doc_ids`` the documents about the
    pair when the caller has them already (the dossier does)."""
    if events is None:
        events = on_day(reads, reads.events.matching(pair=list(pair)), as_of, known_by)
    commitments = [
        e for e in events if e["type"] == "commitment" and set(e.get("parties", [])) <= set(pair)
    ]
    if not commitments:
        return []
    promises = _promises(kb, pair)
    agreements = [
        (e, _key_words(e.get("title") or "", promises.generic))
        for e in events
        if e["type"] == "agreement"
    ]
    dated = sorted(
        (e for e in events if e["type"] != "commitment" and _when(e)),
        key=lambda e: (_when(e) or "", e["id"]),
    )
    since = min((c.get("date") or "" for c in commitments), default="")
    if doc_ids is None:
        doc_ids = reads.facts.documents_naming(pair)
    cutoff = _earliest(as_of, known_by)
    done = _done_sentences(
        promises,
        [
            r
            for r in reads.documents.sentences(doc_ids, since)
            if timeline.reported_by(r["doc_date"], cutoff)
        ],
        _foreign_words(kb, pair),
    )
    results = []
    for commitment in commitments:
        promised = promises.read(commitment.get("text") or "")
        row = _follow(commitment, promised, agreements, dated, done)
        if status is None or row["status"] == status:
            results.append(row)
    return results


def _earliest(*values: str | None) -> date | None:
    """The earlier of the days given (None when none is): no later article counts."""
    days = [d for d in (timeline.day_of(v) for v in values) if d is not None]
    return min(days, default=None)


def _done_sentences(
    promises: _Promises, sentences: list[Record], foreign: set[str]
) -> list[tuple[Record, set[tuple[str, str]], set[str]]]:
    """Sentences telling a thing was done, about the pair alone: each with its named things
    and its words of completion."""
    found = []
    for sentence in sorted(sentences, key=lambda r: r["doc_date"] or ""):
        words = set(WORDS.findall(fold(sentence["text"])))
        done = words & promises.completion
        if done and not words & foreign:
            found.append((sentence, promises.phrases(sentence["text"]), done))
    return found


def _foreign_words(kb: KnowledgeBase, pair: tuple[str, str]) -> set[str]:
    """Words of the names of countries outside the pair (not shared with the pair's names)."""
    own = _place_words(kb, pair)
    index = kb.compiled("followup_country_words", _country_name_words)
    return {w for w, codes in index.items() if codes - set(pair) and w not in own}


def _country_name_words(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Each word of the countries' names (four letters or more, no stop word): the countries
    whose names hold it. Built once per knowledge base."""
    index: dict[str, set[str]] = {}
    for code, country in kb.countries.items():
        for phrase in country.names:
            for word in WORDS.findall(fold(phrase)):
                if len(word) > 3 and word not in stop_words():
                    index.setdefault(word, set()).add(code)
    return {word: frozenset(codes) for word, codes in index.items()}


def _when(event: Record) -> str | None:
    return event.get("start") or event.get("date") or event.get("period")


def _place_words(kb: KnowledgeBase, pair: tuple[str, ...], adjectives: bool = True) -> set[str]:
    """Names, adjectives and capitals of the pair: every article of the pair has them."""
    words: set[str] = set()
    for code in pair:
        country = kb.countries.get(code)
        if country is None:
            continue
        phrases = (*country.names, *country.capitals, *(country.adjectives if adjectives else ()))
        for phrase in phrases:
            words.update(w for w in WORDS.findall(fold(phrase)) if len(w) > 2)
    return words


def _follow(
    commitment: Record,
    promised: Record,
    agreements: list[tuple[Record, set[str]]],
    dated: list[Record],
    done: list[tuple[Record, set[tuple[str, str]], set[str]]],
) -> Record:
    since = commitment.get("date")
    links: list[Record] = []
    if promised["document"]:
        domains = set(commitment.get("domains") or []) - BROAD_DOMAINS
        for event, title in agreements:
            link = _link_agreement(event, title, since, promised["keys"]) or _link_domain(
                event, domains, since
            )
            if link:
                links.append(link)
    linked: set[str] = set()
    for event in dated:
        if event["type"] in linked:
            continue  # the first later visit, meeting or figure carries the promise out
        link = _link_event(event, promised, since, commitment.get("sources") or [])
        if link:
            links.append(link)
            linked.add(event["type"])
    if not links and promised["phrases"]:
        for sentence, phrases, completed in done:
            shared = promised["phrases"] & phrases
            if shared and _later(sentence["doc_date"], since):
                named = " ".join(sorted(shared)[0])
                links.append(
                    {
                        "kind": "sentence",
                        "status": "fulfilled",
                        "date": sentence["doc_date"],
                        "doc": sentence["doc"],
                        "sentence": sentence["text"],
                        "why": f"a later article tells the {named}… {', '.join(sorted(completed))}",
                    }
                )
                break
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
        # a fact told by its month, in the commitment's own month, took no measurable time
        "days": max(0, timeline.days_between(since, first_done) or 0) if first_done else None,
    }


def _link_event(
    event: Record, promised: Record, since: str | None, told_by: list[str]
) -> Record | None:
    """The event as the fact a commitment promised, or None. ``told_by``: the commitment's
    articles, which cannot tell on their own that it was kept."""
    when = _when(event)
    kind = event["type"]
    if kind == "relation" and promised["level"] and event.get("action") == "established":
        level = event.get("level")
        elsewhere = set(event.get("sources") or []) - set(told_by)
        if (
            elsewhere
            and level in RANK
            and RANK[level] >= RANK[promised["level"]]
            and _not_before(when, since)
        ):
            name = LEVEL_NAMES.get(str(level), str(level))
            return _link(event, when, f"the {name} set up on {when}, as promised")
    if not _later(when, since) or timeline.precision(when) < 2:
        return None  # visits, meetings and figures count only after the commitment's month
    if kind == "visit" and promised["visit"]:
        hosts = {event.get("host_country"), *(event.get("hosts") or [])}
        if promised["host"] and promised["host"] not in hosts:
            return None  # a visit the other way
        return _link(event, when, f"the visit of {when} it announced")
    session = kind == "meeting" and event.get("kind") == "other"
    if kind == "meeting" and (promised["meeting"] or (session and promised["session"])):
        what = "session" if session and promised["session"] else "meeting"
        return _link(event, when, f"the {what} of {when} it announced")
    if kind == "indicator" and event.get("metric") in promised["metrics"]:
        metric = str(event["metric"]).replace("_", " ")
        return _link(event, when, f"the {metric} figure of {when} it aimed at")
    return None


def _link(event: Record, when: str | None, why: str) -> Record:
    return {
        "kind": event["type"],
        "event_id": event["id"],
        "status": "fulfilled",
        "date": when,
        "why": why,
    }


def _link_agreement(
    event: Record, title: set[str], since: str | None, keys: set[str]
) -> Record | None:
    shared = title & keys
    if len(title) < 2 or len(shared) < 2 or len(shared) < TITLE_OVERLAP * len(title):
        return None
    steps = [s for s in event.get("steps", []) if _later(s.get("date"), since)]
    done = [s for s in steps if s["action"] in DONE_STEPS and s.get("date")]
    name = f"«{event.get('title')}»"
    if done:
        step = min(done, key=lambda s: s["date"])
        return {
            "kind": "agreement",
            "event_id": event["id"],
            "status": "fulfilled",
            "date": step["date"],
            "why": f"the agreement {name}, {STEP_WORDS[step['action']]} on {step['date']}",
        }
    if steps:
        return {
            "kind": "agreement",
            "event_id": event["id"],
            "status": "in_progress",
            "date": None,
            "why": f"the agreement {name} is {STEP_WORDS.get(str(event.get('status')), '')}",
        }
    return None


def _link_domain(event: Record, domains: set[str], since: str | None) -> Record | None:
    """An agreement signed later in a field the promised documents were to cover
    ("la signature d'accords dans les domaines de l'énergie et de l'espace")."""
    shared = domains & set(event.get("domains") or [])
    if not shared:
        return None
    done = [
        s
        for s in event.get("steps", [])
        if s["action"] in DONE_STEPS and s.get("date") and _later(s["date"], since)
    ]
    if not done:
        return None
    step = min(done, key=lambda s: s["date"])
    fields = ", ".join(sorted(shared)).replace("_", " ")
    return {
        "kind": "agreement",
        "event_id": event["id"],
        "status": "fulfilled",
        "date": step["date"],
        "why": f"the agreement «{event.get('title')}» in {fields}, "
        f"{STEP_WORDS[step['action']]} on {step['date']}",
    }


def _later(value: str | None, since: str | None) -> bool:
    """Strictly after the commitment, at the coarser precision of the two dates."""
    if not since or not value:
        return False
    n = min(len(value), len(since))
    return value[:n] > since[:n]


def _not_before(value: str | None, since: str | None) -> bool:
    """On or after the commitment, at the coarser precision of the two dates."""
    if not since or not value:
        return False
    n = min(len(value), len(since))
    return value[:n] >= since[:n]
