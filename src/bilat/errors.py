"""The numbered catalogue of user-facing errors.

Every error a user can meet has a code and a one-line message naming the file, line or
parameter at fault, so it can be searched for and reported without a traceback.
"""

from __future__ import annotations

import re
from enum import Enum


class E(str, Enum):
    """Error templates; format with keyword arguments."""

    E001 = "{path}: cannot read: {reason}"
    E002 = "{path}: empty file"
    E003 = "{path}: binary content, not text"
    E004 = "{path}: cannot decode text (no known encoding fits)"
    E005 = "{path}: file too large ({size} bytes, limit {limit})"
    E006 = "{path}:{line}: invalid JSON: {reason}"
    E007 = "{path}:{line}: JSON line has no non-empty 'text' field"
    E008 = "{path}: no article text could be extracted from the HTML"
    E009 = "{path}: not a valid RSS/Atom feed: {reason}"
    E010 = "{path}: no such file or directory"
    E011 = "{path}: language is '{lang}', not {expected}; skipped"
    E012 = "{path}: document has no text after its header"
    E013 = "{path}:{line}: invalid date '{value}' (expected YYYY-MM or YYYY-MM-DD)"
    E014 = "{path}: document too long ({size} characters, limit {limit})"
    E015 = (
        "{path}: line {line} of the text is {size} characters long (limit {limit}); not an article"
    )
    E016 = "{path}: HTML nested deeper than {limit} elements; not an article page"
    E020 = "database {url}: {reason}"
    E021 = (
        "database {url}: schema version {found} is newer than this bilat ({known}); upgrade bilat"
    )
    E030 = "{path}: {reason}"
    E031 = "unknown country '{value}' (use an ISO 3166-1 alpha-2 code such as VN or a name)"
    E032 = "invalid date '{value}' (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    E033 = "unknown fact type '{value}' (one of {choices})"
    E034 = "unknown relation level '{value}' (one of {choices})"
    E035 = "unknown commitment status '{value}' (one of {choices})"
    E036 = "a pair needs two different countries, got {value} twice"
    E037 = "unknown output format '{value}' (one of {choices})"
    E038 = "no {what} '{value}' in the store"
    E039 = "a pair is two countries separated by a comma, such as VN,KZ (got '{value}')"
    E041 = (
        "--allow-ingest needs a token (--token or BILAT_INGEST_TOKEN): "
        "writes over HTTP are never open"
    )
    E042 = "{path}: cannot write: {reason}"
    E050 = "--token must be printable ASCII without spaces: HTTP headers carry nothing else"
    E043 = "{path}:{line}: not a bilat store dump: {reason}"
    E044 = "{path}: dump format version {found} is not one this bilat reads ({known})"
    E045 = (
        "{path}: a dump of schema version {found}, the store {url} is at {expected};"
        " import with the bilat that exported it"
    )
    E046 = "{path}:{line}: table '{table}': {reason}"
    E047 = "database {url}: not empty ({table} has rows); bilat import loads only an empty store"
    E048 = "{path}: {found} rows of {table}, its header announces {expected}: truncated or edited"
    E049 = "--what all is a whole-store backup, written only as --format jsonl (got '{value}')"
    E040 = "cannot load the spaCy model '{model}': {reason}. Install it with: pip install {model}"
    E060 = "{path}: key '{key}': {reason}"
    E061 = "{path}: unknown key '{key}': no code reads it (misspelt, or left over)"
    E062 = "no language pack '{value}' (available: {choices})"
    E064 = "no store at {path}; `bilat ingest` creates one"
    E065 = (
        "database {url}: {state}, this bilat reads schema version {known} with its events "
        "built; run `bilat upgrade --db {url}` first"
    )
    E066 = "database {url}: opened read-only; writing needs a store opened for writing"


class BilatError(Exception):
    """An error meant for the user: a code and a one-line message."""

    def __init__(self, code: E, **details: object) -> None:
        self.code = code
        self.details = details
        shown = {k: _one_line(v) if isinstance(v, str) else v for k, v in details.items()}
        super().__init__(f"[{code.name}] {code.value.format(**shown)}")


# Line breaks and other controls in a value (a file name, a date read from input) would break
# the one-line message: they are shown escaped, as Python writes them ('0\n0').
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(value: str) -> str:
    return _CONTROLS.sub(lambda match: repr(match.group())[1:-1], value)


class SkipDocument(BilatError):  # noqa: N818 - a skip is an outcome, not a failure
    """A document deliberately left out (wrong language): reported, not a failure."""
