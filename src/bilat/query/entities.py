"""Persons as the corpus knows them: aliases, offices with when they were seen, events."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process

from bilat.records import Record
from bilat.store.repos import Reader
from bilat.text import fold

# How close a name must be to a known alias when it is not one exactly.
NAME_SCORE = 85


def entity(reads: Reader, name: str) -> Record | None:
    """The person a name designates: by alias, by surname, else by the closest alias."""
    person_id = reads.persons.find(name)
    if person_id is None:
        aliases = reads.persons.folded_aliases()
        if aliases:
            best = process.extractOne(fold(name), [a for a, _ in aliases], scorer=fuzz.WRatio)
            if best and best[1] >= NAME_SCORE:
                person_id = aliases[best[2]][1]
    if person_id is None:
        return None
    person = reads.persons.get(person_id)
    if person is None:
        return None
    return {**person, "events": reads.events.of_person(person_id)}


def organisation(reads: Reader, kb: Any, name: str) -> Record | None:
    """A bloc or organisation of the knowledge base, with the events that name it."""
    code = name.strip().upper()
    org = kb.organisations.get(code)
    if org is None:
        folded = fold(name)
        org = next(
            (o for o in kb.organisations.values() if any(fold(n) == folded for n in o.names)), None
        )
    if org is None:
        return None
    return {
        "id": org.code,
        "name": org.names[0],
        "kind": org.kind,
        "country": getattr(org, "country", None),
        "aliases": list(org.names),
        "offices": [],
        "events": reads.events.of_country(org.code),
    }
