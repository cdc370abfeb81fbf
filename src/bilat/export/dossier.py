"""The dossier laid out for reading: Markdown for terminals and notes, HTML for browsers.

Both renderings come from the same data (:func:`bilat.query.dossier.dossier`) and the same
one-line descriptions (:func:`describe`), so what a line says and the citations behind it
never differ between formats.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from bilat.facts import fact_type
from bilat.facts.relation import level_names
from bilat.records import Record

LEVEL_NAMES = level_names()
STATUS_NAMES = {
    "implemented": "Implemented",
    "entered_into_force": "In force",
    "signed": "Signed",
    "adopted": "Adopted",
    "planned": "Planned",
}


def describe(event: Record) -> str:
    """One line for an event, as a reader would say it (its fact type's own wording)."""
    return fact_type(event["type"]).describe(event)


def _cite(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def to_markdown(dossier: Record) -> str:
    a, b = dossier["pair"]
    names = dossier["names"]
    lines = [f"# {names[a]} – {names[b]} ({a}–{b})", ""]
    if dossier.get("as_of"):
        lines += [f"As of {dossier['as_of']}: what had happened by then.", ""]
    if dossier.get("known_by"):
        lines += [f"Known by {dossier['known_by']}: only articles published by then.", ""]
    level = dossier["level"]
    lines.append("## Level of relations")
    current = level["current"]
    if current:
        lines.append(
            f"**{LEVEL_NAMES.get(current['level'], current['level'])}** since "
            f"{current.get('date') or 'an undated report'} {_cite(current['cite'])}"
        )
    else:
        lines.append("No level reported.")
    for event in level["history"]:
        lines.append(f"- {describe(event)}{_flag(event)} {_cite(event['cite'])}")
    for event in [*level["reaffirmed"], *level.get("anniversaries", [])]:
        lines.append(f"- {describe(event)} {_cite(event['cite'])}")
    lines += ["", "## Key figures"]
    lines += [f"- {describe(e)}{_flag(e)} {_cite(e['cite'])}" for e in dossier["figures"]] or [
        "None reported."
    ]
    lines += ["", "## Visits and meetings"]
    lines += [f"- {describe(e)}{_flag(e)} {_cite(e['cite'])}" for e in dossier["timeline"]] or [
        "None reported."
    ]
    lines += ["", "## Agreements"]
    for status, rows in dossier["agreements"].items():
        lines.append(f"### {STATUS_NAMES.get(status, status)}")
        lines += [f"- {describe(e)}{_flag(e)} {_cite(e['cite'])}" for e in rows]
    if not dossier["agreements"]:
        lines.append("None reported.")
    lines += ["", "## Commitments"]
    for row in dossier["commitments"]:
        took = f", after {row['days']} days" if row.get("days") is not None else ""
        lines.append(
            f"- [{row['status'].replace('_', ' ')}{took}] {row['text']} {_cite(row['cite'])}"
        )
        for link in row["links"]:
            lines.append(f"  - {link['why']}")
    if not dossier["commitments"]:
        lines.append("None reported.")
    if dossier["contradictions"]:
        lines += ["", "## Contradictions"]
        for row in dossier["contradictions"]:
            for c in row["contradictions"]:
                values = "; ".join(f"{v['value']} ({', '.join(v['sources'])})" for v in c["values"])
                lines.append(
                    f"- {row['type']} {row['key']}: {c['field']} — {values} {_cite(row['cite'])}"
                )
    lines += ["", "## Sources"]
    for c in dossier["citations"]:
        lines.append(f"{c['n']}. {c['doc']} ({c['doc_date'] or 'undated'}): “{c['sentence']}”")
    return "\n".join(lines) + "\n"


def _flag(event: Record) -> str:
    flags = [" (under way on that day)"] if event.get("during") else []
    if event.get("contradictions"):
        flags.append(" ⚠ sources disagree")
    return "".join(flags)


def to_html(dossier: Record) -> str:
    env = Environment(
        loader=PackageLoader("bilat.export", "templates"), autoescape=select_autoescape(["html"])
    )
    env.globals.update(describe=describe, level_names=LEVEL_NAMES, status_names=STATUS_NAMES)
    return env.get_template("dossier.html").render(d=dossier)
