"""The unit of ingest: one article's text with its metadata."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bilat.errors import BilatError

_SPACES = re.compile(r"\s+")
# A date at year, month or day precision, in ASCII digits (\d would also take "٢٠٢٥").
ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def is_calendar_date(value: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real year, month and day."""
    if not ISO_DATE.fullmatch(value):
        return False
    year, month, day = ([int(p) for p in value.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def normalise_text(text: str) -> str:
    """The text as it is hashed: NFC, whitespace collapsed, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def document_id(text: str) -> str:
    """A stable id from the normalised text: the same article read twice has one id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One article ready for the pipeline.

    ``name`` is what facts JSONL calls ``doc``: the file name without folder or extension,
    or ``<file>_<line>`` for a JSONL line, ``<feed>_<entry>`` for a feed entry.
    ``text`` is the article text without the corpus header; character spans index into it.
    """

    name: str
    source: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    format: str = "text"

    @property
    def id(self) -> str:
        return document_id(self.text)


@dataclass(frozen=True)
class ReadFailure:
    """A bad input item: the reader goes on with the next one."""

    source: str
    error: BilatError

    def __str__(self) -> str:
        return str(self.error)
