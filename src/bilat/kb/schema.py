"""Build typed records from YAML data, checking every key: none missing, none unknown.

A record type is a frozen dataclass whose fields name the keys of a YAML mapping. Supported
field types: ``str``, ``int``, ``tuple[str, ...]``, ``tuple[tuple[str, str], ...]``,
``dict[str, X]`` with X one of these, and nested record types. A field with a default may be
left out of the YAML; any other missing key, a value of the wrong type, or a key the record
does not declare (so no code reads it) stops the load with one line naming the file and key.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, cast

from bilat.errors import BilatError, E

T = TypeVar("T")


def build(record_type: type[T], data: object, path: str, key: str = "") -> T:
    """A ``record_type`` from the YAML mapping ``data`` read from ``path`` (``key``: where the
    mapping sits in the file, for messages)."""
    if not isinstance(data, Mapping):
        raise BilatError(
            E.E060, path=path, key=key or "(top level)", reason=_expected("a mapping", data)
        )
    hints = _hints(cast(type, record_type))
    fields = {f.name: f for f in dataclasses.fields(cast(Any, record_type))}
    for name in data:
        if name not in fields:
            raise BilatError(E.E061, path=path, key=_join(key, str(name)))
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        where = _join(key, name)
        if name not in data:
            has_default = (
                spec.default is not dataclasses.MISSING
                or spec.default_factory is not dataclasses.MISSING
            )
            if has_default:
                continue
            raise BilatError(E.E060, path=path, key=where, reason="missing")
        values[name] = _convert(hints[name], data[name], path, where)
    return record_type(**values)


@cache
def _hints(record_type: type) -> dict[str, Any]:
    return typing.get_type_hints(record_type)


def _convert(hint: Any, value: object, path: str, key: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return build(hint, value, path, key)  # type: ignore[arg-type]
    if hint is str or hint is int:
        # YAML reads "yes", "on" as booleans: refuse them rather than guess.
        if isinstance(value, hint) and not isinstance(value, bool):
            return value
        raise BilatError(E.E060, path=path, key=key, reason=_expected(hint.__name__, value))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, list):
            raise BilatError(E.E060, path=path, key=key, reason=_expected("a list", value))
        return tuple(_convert(args[0], item, path, f"{key}[{n}]") for n, item in enumerate(value))
    if origin is tuple:  # a fixed-length row: [pattern, level]
        if not isinstance(value, list) or len(value) != len(args):
            reason = _expected(f"a list of {len(args)}", value)
            raise BilatError(E.E060, path=path, key=key, reason=reason)
        return tuple(
            _convert(a, v, path, f"{key}[{n}]")
            for n, (a, v) in enumerate(zip(args, value, strict=True))
        )
    if origin is dict:
        if not isinstance(value, Mapping):
            raise BilatError(E.E060, path=path, key=key, reason=_expected("a mapping", value))
        return {
            _convert(args[0], k, path, key): _convert(args[1], v, path, _join(key, str(k)))
            for k, v in value.items()
        }
    if origin in (typing.Union, types.UnionType):  # pragma: no cover - no optional keys yet
        raise TypeError(f"unsupported field type {hint!r}")
    raise TypeError(f"unsupported field type {hint!r}")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _expected(what: str, value: object) -> str:
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"expected {what}, got {type(value).__name__} {shown}"


def keys_of(record_type: type, prefix: str = "") -> list[str]:
    """Every key a record type declares, nested ones dotted ('visits.kinds')."""
    hints = _hints(record_type)
    found: list[str] = []
    for spec in dataclasses.fields(record_type):
        name = _join(prefix, spec.name)
        found.append(name)
        if dataclasses.is_dataclass(hints[spec.name]):
            found.extend(keys_of(hints[spec.name], name))
    return found
