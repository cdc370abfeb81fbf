"""embassy: a country opening an embassy in another. A toy fact type, written the way a plugin
package would write one: this module and its lexicon (embassy.yaml) are all it takes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bilat import timeline
from bilat.extract.context import ArticleContext
from bilat.facts import FactType, Record, register
from bilat.facts.base import Fact, countries_of, pair_key, same_date_span, show
from bilat.text import fold

PLACES = {"COUNTRY", "CAPITAL", "DEMONYM"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_suffix(".yaml").read_text(encoding="utf-8"))


def phrases(language: str) -> list[str]:
    return list(lexicon().get(language, {}).get("phrases", []))


@dataclass(frozen=True)
class EmbassyFields:
    countries: list[str]
    date: str | None


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    wanted = [fold(p) for p in phrases(ctx.kb.pack.code)]
    for sent in ctx.sentences:
        if not any(p in ctx.folded_sentence(sent) for p in wanted):
            continue
        codes = sorted({m.value for m in ctx.in_span(sent.start, sent.end, PLACES)})
        if len(codes) != 2:
            continue
        dates = ctx.dates_in(sent)
        fields = {"countries": codes, "date": dates[0].value if dates else None}
        yield Fact("embassy", fields, ctx.evidence(sent))


def joins(record: Record, members: Sequence[Record]) -> str | None:
    month = (record.get("date") or record.get("doc_date") or "")[:7]
    if any((m.get("date") or m.get("doc_date") or "")[:7] == month for m in members):
        return f"same countries ({pair_key(record)}) in the same month ({month})"
    return None


def summarise(members: Sequence[Record]) -> Record:
    return {
        "countries": countries_of(members[0]),
        "date": timeline.most_precise([m.get("date") for m in members]),
        "contradictions": [],
    }


def describe(event: Record) -> str:
    return f"{event.get('date') or 'undated'}: embassy opened ({show(event.get('countries'))})"


EMBASSY = register(
    FactType(
        name="embassy",
        order=10,
        fields=EmbassyFields,
        extractor=f"{__name__}:extract",
        event_key=pair_key,
        joins=joins,
        summarise=summarise,
        event_dates=same_date_span,
        describe=describe,
        trigger_words=phrases,
    )
)
