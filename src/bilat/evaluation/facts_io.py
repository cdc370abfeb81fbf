"""Read a facts JSONL file (gold or prediction), keeping the good lines and reporting the bad.

A line is rejected, with its path and line number, when it is not JSON, not an object, has
no known ``type``, no ``doc``, or a key field of the wrong type. A key field that is absent
or null is accepted: the scorer treats it as null, and it simply fails to match.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bilat.evaluation.scoring import FACT_TYPES
from bilat.facts import fact_type as fact_type_of
from bilat.facts import fact_types
from bilat.facts.compare import is_number


# The fields the match keys read, and the JSON type each must have when present and non-null.
def key_field_kinds() -> dict[str, dict[str, str]]:
    """Per type, the JSON kind of each field its match key reads (from bilat.facts)."""
    return {t.name: t.key_field_kinds() for t in fact_types()}


@dataclass(frozen=True)
class LineError:
    """A rejected line: ``str()`` gives ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class FactsFile:
    """The facts read from one file, and the lines that were skipped."""

    facts: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _has_kind(value: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "number":
        return is_number(value)
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _describe_json_type(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "non-finite number"
    names = {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def fact_problem(fact: Any) -> str | None:
    """Why a parsed line is not a usable fact, or None if it is."""
    if not isinstance(fact, dict):
        return f"not a JSON object (got {_describe_json_type(fact)})"
    if "type" not in fact:
        return "missing 'type'"
    fact_type = fact["type"]
    if not isinstance(fact_type, str) or fact_type not in FACT_TYPES:
        return f"unknown type {json.dumps(fact_type)} (one of {', '.join(FACT_TYPES)})"
    doc = fact.get("doc")
    if not isinstance(doc, str) or not doc.strip():
        return "missing 'doc' (the document's file name without folder or extension)"
    for name, kind in fact_type_of(fact_type).key_field_kinds().items():
        value = fact.get(name)
        if value is not None and not _has_kind(value, kind):
            got = _describe_json_type(value)
            return f"field '{name}' of a {fact_type} must be a {kind}, got {got}"
    return None


def parse_facts_lines(lines: list[bytes], path: str) -> FactsFile:
    """Parse raw lines (numbered from 1); blank lines are ignored."""
    result = FactsFile()
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            result.errors.append(LineError(path, number, f"not valid UTF-8: {error.reason}"))
            continue
        if not text.strip():
            continue
        try:
            fact = json.loads(text)
        except json.JSONDecodeError as error:
            result.errors.append(LineError(path, number, f"invalid JSON: {error.msg}"))
            continue
        problem = fact_problem(fact)
        if problem is None:
            result.facts.append(fact)
        else:
            result.errors.append(LineError(path, number, problem))
    return result


def read_facts(path: str | Path) -> FactsFile:
    """Read a facts JSONL file.

    Raises FileNotFoundError (or another OSError) when the file cannot be read at all.
    """
    # Bytes, split on line breaks only: JSON strings may hold U+2028, which str.splitlines cuts.
    return parse_facts_lines(Path(path).read_bytes().splitlines(), str(path))
