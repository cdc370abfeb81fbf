"""One rule for time: ``as_of`` (the world on a day) and ``known_by`` (a reader's view on a day).

Stores are built in code from facts of random dates and precisions; whatever they hold, no
answer about a day may show something that happened, or was reported, after it.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilat import timeline
from bilat.api import Bilat
from bilat.facts.base import Evidence, Fact
from bilat.ingest import Document
from bilat.records import Record
from bilat.resolve.events import resolve_all
from bilat.store import Store
from bilat.store.store import SentenceSpan

PAIR = ["VN", "KZ"]


@st.composite
def partial_dates(draw: st.DrawFn, low: int = 2019, high: int = 2026) -> str:
    day = draw(st.dates(date(low, 1, 1), date(high, 12, 28)))
    return day.isoformat()[: draw(st.sampled_from([4, 7, 10]))]


def _fields(kind: str, when: str | None, n: int) -> dict[str, Any]:
    if kind == "visit":
        return {
            "guest": "Tô Lâm",
            "guest_country": "VN",
            "host_country": "KZ",
            "kind": "state",
            "start": when,
            "end": None,
            "status": "done",
        }
    if kind == "agreement":
        actions = ["planned", "signed", "entered_into_force"]
        return {
            "title": "accord sur la coopération douanière et fiscale",
            "parties": PAIR,
            "action": actions[n % 3],
            "date": when,
            "domains": ["trade"],
        }
    if kind == "relation":
        return {
            "countries": PAIR,
            "level": "strategic_partnership",
            "action": "established",
            "date": when,
        }
    if kind == "indicator":
        return {
            "metric": "trade_volume",
            "value": 1_000_000_000,
            "unit": "USD",
            "period": when[:4] if when else None,
            "countries": PAIR,
        }
    return {"participants": ["Tô Lâm"], "countries": PAIR, "kind": "talks", "date": when}


facts_of_one_article = st.lists(
    st.tuples(
        st.sampled_from(["visit", "agreement", "relation", "indicator", "meeting"]),
        st.one_of(st.none(), partial_dates()),
    ),
    min_size=1,
    max_size=4,
)
articles = st.lists(st.tuples(partial_dates(2020, 2026), facts_of_one_article), max_size=5)


def _store(articles: list[tuple[str, list[tuple[str, str | None]]]]) -> str:
    url = f"sqlite:///{tempfile.mkdtemp()}/asof.db"
    store = Store(url)
    for i, (published, facts) in enumerate(articles):
        text = f"Article {i} : le Vietnam et le Kazakhstan, une phrase de test."
        evidence = Evidence(text, 0, len(text), 0, len(text))
        document = Document(
            name=f"doc{i}", source=f"doc{i}.txt", text=text, date=published, format="corpus"
        )
        stored = [
            Fact(kind, _fields(kind, when, n), evidence) for n, (kind, when) in enumerate(facts)
        ]
        store.add_document(document, [SentenceSpan(0, len(text))], stored)
    store.rebuild_events(resolve_all)
    store.close()
    return url


def _dated_lines(dossier: Record) -> list[Record]:
    lines = [*dossier["timeline"], *dossier["figures"], *dossier["level"]["history"]]
    lines += [e for rows in dossier["agreements"].values() for e in rows]
    if dossier["level"]["current"]:
        lines.append(dossier["level"]["current"])
    return lines


def _dates_of(event: Record) -> list[str]:
    values = [event.get("start"), event.get("end"), event.get("date"), event.get("period")]
    values += [s.get("date") for s in event.get("steps", [])]
    return [v for v in values if v]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles, partial_dates(2020, 2026))
def test_nothing_after_the_day_asked(
    articles: list[tuple[str, list[tuple[str, str | None]]]], asked: str
) -> None:
    day = timeline.day_of(asked)
    assert day is not None
    with Bilat(_store(articles)) as api:
        known = api.dossier("VN", "KZ", known_by=asked)
        world = api.dossier("VN", "KZ", as_of=asked)
        events = api.events(PAIR, as_of=asked)
    # known by the day: every citation is an article published by then
    for cite in known["citations"]:
        assert timeline.reported_by(cite["doc_date"], day), (cite, asked)
    # as of the day: nothing dated after it; what is not marked "during" was over by then
    for event in [*_dated_lines(world), *events]:
        for value in _dates_of(event):
            assert (timeline.first_day(value) or day) <= day, (event, asked)
            if not event.get("during"):
                assert (timeline.last_day(value) or day) <= day, (event, asked)
    # undated facts count once their article had appeared by the day
    for cite in world["citations"]:
        assert cite["doc_date"] is not None


def test_as_of_keeps_the_steps_reached_and_drops_the_rest(tmp_path: Path) -> None:
    url = _store(
        [
            ("2023-08", [("agreement", "2023-08-21"), ("visit", "2023-08-20")]),
            ("2024-06", [("agreement", "2024-05")]),  # the same agreement, signed → in force?
            ("2025-05", [("relation", "2025-05"), ("indicator", "2024"), ("agreement", None)]),
        ]
    )
    with Bilat(url) as api:
        early = api.dossier("VN", "KZ", as_of="2024-01-01")
        upgrade = api.dossier("VN", "KZ", as_of="2025-05-10")
        later = api.dossier("VN", "KZ", as_of="2025-06")
        reader = api.dossier("VN", "KZ", known_by="2024-01-01")
        partners_before = api.partners("VN", as_of="2025-05-10")
        partners_after = api.partners("VN", as_of="2025-06-01")
    # on 1 January 2024: the 2023 visit and the planned agreement; no 2024 figure, no level
    assert [e["type"] for e in early["timeline"]] == ["visit"]
    assert early["timeline"][0]["status"] == "done"
    assert early["figures"] == [] and early["level"]["current"] is None
    assert list(early["agreements"]) == ["planned"]
    # during the month of the upgrade: shown as under way, never as the level reached
    (history,) = upgrade["level"]["history"]
    assert history["during"] and upgrade["level"]["current"] is None
    assert partners_before["partners"] == []
    assert [p["level"] for p in partners_after["partners"]] == ["strategic_partnership"]
    assert later["level"]["current"]["level"] == "strategic_partnership"
    # the 2024 figure is known once 2024 is over
    assert [f["period"] for f in upgrade["figures"]] == ["2024"]
    # a reader on 1 January 2024 knows the first article only
    assert {c["doc"] for c in reader["citations"]} == {"doc0"}
