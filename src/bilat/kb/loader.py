"""Build the knowledge base from pycountry/babel and the data files shipped in the package."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel import Locale

from bilat.errors import BilatError, E
from bilat.kb.model import Country, KnowledgeBase, Office, Organisation, Person, Title
from bilat.kb.pack import load_pack
from bilat.settings import Settings
from bilat.text import fold

DATA = resources.files("bilat.kb") / "data"


def load_kb(language: str | None = None, user_kb: Path | None = None) -> KnowledgeBase:
    """The shipped knowledge base for ``language`` (the settings' default language when None),
    with the user's YAML merged over it."""
    language = language or Settings.language
    base = _load_shipped(language)
    if user_kb is None:
        return base
    user = _read_yaml_path(user_kb)
    persons = dict(base.persons)
    organisations = dict(base.organisations)
    for record in user.get("persons", []) or []:
        person = _person(record, str(user_kb))
        persons[person.key] = _merge_person(persons.get(person.key), person)
    for record in user.get("organisations", []) or []:
        org = _organisation(record)
        organisations[org.code] = org
    return KnowledgeBase(
        countries=base.countries,
        organisations=organisations,
        titles=base.titles,
        persons=persons,
        lexicons=base.lexicons,
        pack=base.pack,
    )


@lru_cache(maxsize=4)
def _load_shipped(language: str) -> KnowledgeBase:
    pack = load_pack(language)  # first: an unknown language fails here, with the choices
    folder = DATA / language
    countries = _countries(language, folder)
    organisations = {
        o.code: o for o in map(_organisation, _read_yaml(folder / "organisations.yaml"))
    }
    titles = {
        office: Title(office=office, rank=int(spec["rank"]), phrases=tuple(spec["phrases"]))
        for office, spec in _read_yaml(folder / "titles.yaml").items()
    }
    persons: dict[str, Person] = {}
    for record in _read_yaml(DATA / "persons.yaml") or []:
        person = _person(record, "persons.yaml")
        persons[person.key] = _merge_person(persons.get(person.key), person)
    return KnowledgeBase(
        countries=countries,
        organisations=organisations,
        titles=titles,
        persons=persons,
        lexicons=dict(pack.lexicons),
        pack=pack,
    )


def _countries(language: str, folder: Any) -> dict[str, Country]:
    """pycountry for codes and English names, babel for the local name, our TSV for the rest."""
    local = Locale(language).territories
    extra: dict[str, dict[str, str]] = {}
    with (folder / "countries.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            extra[row["code"].strip()] = row
    countries: dict[str, Country] = {}
    codes = {c.alpha_2 for c in pycountry.countries} | set(extra)
    for code in sorted(codes):
        record = pycountry.countries.get(alpha_2=code)
        english = [getattr(record, a, None) for a in ("common_name", "name", "official_name")]
        row = extra.get(code, {})
        names = _unique([local.get(code, ""), *_split(row.get("names")), *english])
        adjectives = _unique(
            form for group in (row.get("adjectives") or "").split(";") for form in _split(group)
        )
        countries[code] = Country(
            code=code,
            name_fr=(_split(row.get("names")) or [local.get(code) or names[0]])[0],
            name_en=next((n for n in english if n), names[0] if names else code),
            names=tuple(names),
            adjectives=tuple(a.lower() for a in adjectives),
            capitals=tuple(_split(row.get("capitals"))),
            combining=tuple(f.lower() for f in _split(row.get("combining"))),
        )
    return countries


def _organisation(record: dict[str, Any]) -> Organisation:
    return Organisation(
        code=str(record["code"]),
        kind=str(record.get("kind", "organisation")),
        names=tuple(record.get("names", [])),
        adjectives=tuple(record.get("adjectives", []) or []),
        country=record.get("country"),
        leader_office=record.get("leader_office"),
    )


def _person(record: dict[str, Any], source: str) -> Person:
    try:
        name = str(record["name"])
    except (KeyError, TypeError) as error:
        raise BilatError(
            E.E030, path=source, reason=f"person without a name: {record!r}"
        ) from error
    offices = tuple(
        Office(office=str(o["office"]), start=_iso(o.get("from")), end=_iso(o.get("to")))
        for o in record.get("offices", []) or []
    )
    return Person(
        key=fold(name),
        name=name,
        country=record.get("country"),
        aliases=tuple(str(a) for a in record.get("aliases", []) or []),
        offices=offices,
    )


def _merge_person(old: Person | None, new: Person) -> Person:
    if old is None:
        return new
    return Person(
        key=old.key,
        name=new.name,
        country=new.country or old.country,
        aliases=tuple(_unique([*old.aliases, *new.aliases])),
        offices=old.offices + tuple(o for o in new.offices if o not in old.offices),
    )


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_yaml(entry: Any) -> Any:
    with entry.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _read_yaml_path(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
    except OSError as error:
        raise BilatError(E.E001, path=str(path), reason=error.strerror or error) from error
    except yaml.YAMLError as error:
        raise BilatError(E.E030, path=str(path), reason=f"invalid YAML: {error}") from error
    if not isinstance(data, dict):
        raise BilatError(
            E.E030,
            path=str(path),
            reason="expected a mapping with 'persons' and/or 'organisations'",
        )
    return data


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return list(seen)
