"""Plots for people who would rather look than read: a pair's trade over time, a pair's
events per month, a country's partners by level over time. PNG or SVG, from matplotlib."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from bilat.api import Bilat
from bilat.errors import BilatError, E
from bilat.facts.relation import level_colours

LEVEL_COLOURS = level_colours()


def _figure() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    return plt, figure, axes


def trade(api: Bilat, codes: Sequence[str]) -> Any:
    a, b = codes
    events = [
        e
        for e in api.events([a, b], ["indicator"])
        if e.get("metric") == "trade_volume" and e.get("period")
    ]
    points = sorted(
        (e["period"][:4], float(e["value"]), bool(e.get("target")))
        for e in events
        if e.get("value")
    )
    plt, figure, axes = _figure()
    measured = [(int(y), v / 1e9) for y, v, target in points if not target]
    goals = [(int(y), v / 1e9) for y, v, target in points if target]
    if measured:
        axes.plot(*zip(*measured, strict=True), marker="o", label="reported")
    if goals:
        axes.scatter(*zip(*goals, strict=True), marker="*", s=120, label="target", color="#d93025")
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    years = [y for y, _ in measured + goals]
    if years:
        axes.set_xlim(min(years) - 1, max(years) + 1)
    axes.set_title(f"Trade {a}–{b} (billion, as reported)")
    axes.set_xlabel("year")
    if measured or goals:
        axes.legend()
    else:
        axes.text(
            0.5, 0.5, "no trade figure reported", ha="center", va="center", transform=axes.transAxes
        )
    return plt, figure


def events_per_month(api: Bilat, codes: Sequence[str]) -> Any:
    events = api.events(list(codes))
    months = Counter(e["start"][:7] for e in events if e.get("start") and len(e["start"]) >= 7)
    plt, figure, axes = _figure()
    ordered = sorted(months)
    axes.bar(range(len(ordered)), [months[m] for m in ordered], color="#4285f4")
    axes.set_xticks(range(len(ordered)), ordered, rotation=60, fontsize=7)
    axes.set_title(f"Events per month, {'–'.join(codes) or 'all'}")
    return plt, figure


def partners_over_time(api: Bilat, codes: Sequence[str]) -> Any:
    country = codes[0]
    result = api.partners(country)
    years = sorted({int(p["since"][:4]) for p in result["partners"] if p.get("since")})
    plt, figure, axes = _figure()
    if years:
        span = list(range(min(years), max(years) + 1))
        bottom = [0] * len(span)
        for level, colour in LEVEL_COLOURS.items():
            counts = [
                sum(
                    1
                    for p in api.partners(country, as_of=str(y))["partners"]
                    if p["level"] == level
                )
                for y in span
            ]
            axes.bar(span, counts, bottom=bottom, color=colour, label=level.replace("_", " "))
            bottom = [x + c for x, c in zip(bottom, counts, strict=True)]
        axes.legend(fontsize=7)
    axes.set_title(f"Partners of {country} by level")
    return plt, figure


PLOTS: dict[str, Callable[[Bilat, Sequence[str]], Any]] = {
    "trade": trade,
    "events": events_per_month,
    "partners": partners_over_time,
}


def render_plot(api: Bilat, kind: str, codes: Sequence[str], fmt: str = "svg") -> bytes:
    if kind not in PLOTS:
        raise BilatError(E.E037, value=kind, choices=", ".join(PLOTS))
    if fmt not in {"svg", "png"}:
        raise BilatError(E.E037, value=fmt, choices="svg, png")
    plt, figure = PLOTS[kind](api, [c for c in codes if c and c != "all"])
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format=fmt)
    plt.close(figure)
    return buffer.getvalue()
