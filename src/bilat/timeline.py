"""Dates at the precision the text gives (YYYY, YYYY-MM, YYYY-MM-DD) and how they compare.

Events are merged and ordered on such partial dates: "2025-05" agrees with "2025-05-05", two
day-precise dates agree when they are a few days apart, and a report dated by its document
("publié le 2025-05-06") falls inside a visit's window or not.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta


def precision(value: str | None) -> int:
    """0 for none, 1 for a year, 2 for a month, 3 for a day."""
    if not value:
        return 0
    return {4: 1, 7: 2, 10: 3}.get(len(value), 0)


def first_day(value: str) -> date | None:
    """The earliest day a partial date may mean."""
    try:
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value)
    except ValueError:
        return None


def last_day(value: str) -> date | None:
    """The latest day a partial date may mean."""
    try:
        if len(value) == 4:
            return date(int(value), 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        return date.fromisoformat(value)
    except ValueError:
        return None


def agree(a: str | None, b: str | None, days: int = 0) -> bool:
    """Equal at the coarser precision; two days ``days`` apart or less also agree."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return True
    if len(a) == len(b) == 10 and days:
        da, db = first_day(a), first_day(b)
        return da is not None and db is not None and abs((da - db).days) <= days
    return False


def within(value: str | None, start: str | None, end: str | None, before: int, after: int) -> bool:
    """Whether the partial date ``value`` may fall in [start - before, end + after] (days)."""
    if not value or not start:
        return False
    low, high = first_day(start), last_day(end or start)
    v_low, v_high = first_day(value), last_day(value)
    if None in (low, high, v_low, v_high):
        return False
    assert low and high and v_low and v_high  # for the type checker
    return v_high >= low - timedelta(days=before) and v_low <= high + timedelta(days=after)


def days_between(a: str | None, b: str | None) -> int | None:
    """Days from ``a`` to ``b`` (first days of each), or None when either is missing."""
    if not a or not b:
        return None
    da, db = first_day(a), first_day(b)
    return (db - da).days if da and db else None


def most_precise(values: Sequence[str | None]) -> str | None:
    """The most precise date among those given, the most frequent when several tie."""
    present = [v for v in values if v]
    if not present:
        return None
    best = max(precision(v) for v in present)
    top = [v for v in present if precision(v) == best]
    return max(sorted(set(top)), key=top.count)


# --- The world on a day ---------------------------------------------------------------------
#
# One rule for time, used by every query, page, plot and export. A partial date is an interval
# (2025-05 is 1-31 May 2025). A fact's interval runs from the first day of its own date to the
# last day of its end (or of its date); a fact with no date of its own runs, at the latest, to
# the date of the article that reports it. On a day D (an ``as_of`` date, itself partial: its
# last day counts) a fact is
#
# - "before" when its interval ends by D: it had happened, certainly;
# - "during" when its interval began by D but ends after it (a visit of May 2025 on 10 May):
#   shown as such, never as certain;
# - "after" otherwise, and absent from any answer about D. An undated fact whose article came
#   after D is "after": nothing tells that it had happened by D.
#
# ``known_by`` D is the reader's view on day D: only articles dated by D count.

BEFORE, DURING, AFTER = "before", "during", "after"


def day_of(value: str | None) -> date | None:
    """The day an ``as_of`` or ``known_by`` date stands for: its last day."""
    return last_day(value) if value else None


def fact_interval(
    start: str | None, end: str | None, reported: str | None
) -> tuple[date | None, date | None]:
    """The days a fact may have taken: from its own dates, or up to its report's date."""
    if start:
        return first_day(start), last_day(end or start)
    return None, last_day(reported) if reported else None


def place_on(interval: tuple[date | None, date | None], day: date) -> str:
    """Where a fact's interval stands on ``day``: BEFORE, DURING or AFTER."""
    low, high = interval
    if high is not None and high <= day:
        return BEFORE
    if low is not None and low <= day:
        return DURING
    return AFTER


def reported_by(reported: str | None, day: date | None) -> bool:
    """Whether an article dated ``reported`` had certainly appeared by ``day``."""
    if day is None:
        return True
    last = last_day(reported) if reported else None
    return last is not None and last <= day
