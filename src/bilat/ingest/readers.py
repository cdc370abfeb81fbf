"""Readers: one per input format, all yielding Documents or ReadFailures as a stream.

Formats: corpus files (first line ` date YYYY-MM[-DD]` then the text), plain text, HTML
(main text by trafilatura), JSONL (one article a line), RSS/Atom (feedparser), folders
(recursively) and ``-`` for standard input. A bad item never stops the stream: it becomes a
ReadFailure naming the file (and line), and the next item is read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from bilat.errors import BilatError, E
from bilat.ingest.decode import decode_bytes
from bilat.ingest.document import ISO_DATE, Document, ReadFailure, is_calendar_date
from bilat.settings import Settings

Item = Document | ReadFailure

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

# ASCII digits only: \d also takes Arabic-Indic and full-width ones, which int() reads
_HEADER = re.compile(r"\A\s*date\s+(?P<date>[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)\b[ \t]*")


def iter_documents(paths: Iterable[str], settings: Settings) -> Iterator[Item]:
    """Every document under ``paths`` (files, folders, ``-``), in a stable order."""
    for raw in paths:
        if raw == "-":
            yield from _read_bytes(sys.stdin.buffer.read(), "stdin", "stdin", settings)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith(".") or child.suffix.lower() not in KNOWN_SUFFIXES:
                    continue
                if child.is_file():
                    yield from read_file(child, settings)
                elif child.is_symlink():  # a dangling link is an input we cannot read
                    yield ReadFailure(str(child), BilatError(E.E010, path=str(child)))
        elif path.exists():
            yield from read_file(path, settings)
        else:
            yield ReadFailure(raw, BilatError(E.E010, path=raw))


def read_file(path: Path, settings: Settings) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise BilatError(E.E005, path=source, size=size, limit=settings.max_file_bytes)
        data = path.read_bytes()
    except BilatError as error:
        yield ReadFailure(source, error)
        return
    except OSError as error:
        yield ReadFailure(source, BilatError(E.E001, path=source, reason=error.strerror or error))
        return
    yield from _read_bytes(data, source, path.stem, settings, suffix=path.suffix.lower())


def _read_bytes(
    data: bytes, source: str, name: str, settings: Settings, suffix: str = ""
) -> Iterator[Item]:
    try:
        text = decode_bytes(data, source)
    except BilatError as error:
        yield ReadFailure(source, error)
        return
    kind = sniff_format(text, suffix)
    if kind == "jsonl":
        yield from read_jsonl(text, source, name, settings)
    elif kind == "feed":
        yield from read_feed(text, source, name, settings)
    else:
        try:
            if kind == "html":
                doc = read_html(text, source, name, max_depth=settings.max_html_depth)
            else:
                doc = read_corpus_text(text, source, name)
            yield _checked(doc, settings)
        except BilatError as error:
            yield ReadFailure(source, error)


def sniff_format(text: str, suffix: str) -> str:
    """The reader for a file: by extension, else by its first characters."""
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = text.lstrip()[:1000].lower()
    if suffix in FEED_SUFFIXES or head.startswith("<?xml"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        if suffix in FEED_SUFFIXES:
            return "feed"
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("{") and suffix not in TEXT_SUFFIXES - {""}:
        return "jsonl"
    return "text"


def read_corpus_text(text: str, source: str, name: str) -> Document:
    """A corpus file (` date YYYY-MM` header, then the text) or plain text without header."""
    match = _HEADER.match(text)
    doc_date = None
    if match:
        doc_date = _valid_date(match.group("date"), source, 1)
        text = text[match.end() :]
    fmt = "corpus" if match else "text"
    if not text.strip():
        raise BilatError(E.E012, path=source)
    return Document(name=name, source=source, text=text.strip(), date=doc_date, format=fmt)


def read_html(html: str, source: str, name: str, max_depth: int = 200) -> Document:
    import trafilatura  # heavy: imported when the first HTML page comes

    if html_depth(html) > max_depth:
        raise BilatError(E.E016, path=source, limit=max_depth)
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise BilatError(E.E008, path=source)
    return Document(
        name=name,
        source=source,
        text=text.strip(),
        date=_metadata_date(getattr(extracted, "date", None)),
        title=getattr(extracted, "title", None),
        url=getattr(extracted, "url", None),
        format="html",
    )


def html_depth(html: str) -> int:
    """How deep the page's elements nest, read past libxml2's silent cut at 255 levels."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (lxml.etree.ParserError, ValueError):
        return 0  # nothing to parse: trafilatura will find no text and say so
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def read_jsonl(text: str, source: str, name: str, settings: Settings) -> Iterator[Item]:
    # JSON Lines end at "\n" only: str.splitlines would also cut at U+2028 and other separators
    # that JSON strings may hold raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadFailure(
                source, BilatError(E.E006, path=source, line=number, reason=error.msg)
            )
            continue
        yield read_record(record, source, name, number, settings)


def read_records(
    records: Iterable[Mapping[str, Any] | Document], settings: Settings, source: str
) -> Iterator[Item]:
    """Documents given in memory (records as JSONL lines hold them, or Documents), checked as
    the JSONL reader checks its lines; the n-th is named ``{source}:{n}`` in messages."""
    for number, given in enumerate(records, start=1):
        if isinstance(given, Document):
            try:
                yield _checked(given, settings)
            except BilatError as error:
                yield ReadFailure(given.source, error)
        else:
            yield read_record(given, source, source, number, settings)


def read_record(record: object, source: str, name: str, number: int, settings: Settings) -> Item:
    """One record of a JSONL file (or given in memory): a non-empty ``text``, and optional
    ``date``, ``title``, ``url``, ``lang`` and ``id``."""
    body = record.get("text") if isinstance(record, Mapping) else None
    if not isinstance(record, Mapping) or not isinstance(body, str) or not body.strip():
        return ReadFailure(source, BilatError(E.E007, path=source, line=number))
    try:
        raw_date = record.get("date")
        doc = Document(
            name=str(record.get("id") or f"{name}_{number}"),
            source=f"{source}:{number}",
            text=body.strip(),
            date=_valid_date(str(raw_date), source, number) if raw_date else None,
            title=_optional_str(record.get("title")),
            url=_optional_str(record.get("url")),
            lang=_optional_str(record.get("lang")),
            format="jsonl",
        )
        return _checked(doc, settings)
    except BilatError as error:
        return ReadFailure(source, error)


def read_feed(text: str, source: str, name: str, settings: Settings) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        reason = str(getattr(parsed, "bozo_exception", "malformed feed")).splitlines()[0]
        yield ReadFailure(source, BilatError(E.E009, path=source, reason=reason))
        return
    if not parsed.entries:
        yield ReadFailure(source, BilatError(E.E009, path=source, reason="no entries"))
        return
    for number, entry in enumerate(parsed.entries, start=1):
        body = _entry_text(entry)
        entry_source = f"{source}#{number}"
        if not body:
            yield ReadFailure(entry_source, BilatError(E.E012, path=entry_source))
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        doc = Document(
            name=f"{name}_{number}",
            source=entry_source,
            text=body,
            date=date(*published[:3]).isoformat() if published else None,
            title=entry.get("title"),
            url=entry.get("link"),
            lang=_feed_language(parsed, entry),
            format="feed",
        )
        try:
            yield _checked(doc, settings)
        except BilatError as error:
            yield ReadFailure(entry_source, error)


def _entry_text(entry: Any) -> str:
    """The fullest text of a feed entry: content, else summary; markup removed."""
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    import lxml.html

    tree = lxml.html.fromstring(f"<div>{html}</div>")
    for block in tree.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", tree.text_content()).strip()


def _feed_language(parsed: Any, entry: Any) -> str | None:
    lang = entry.get("language") or parsed.feed.get("language")
    return str(lang).split("-")[0].lower() if lang else None


def _checked(doc: Document, settings: Settings) -> Document:
    """The document within the size limits, else the error naming it."""
    if len(doc.text) > settings.max_document_chars:
        raise BilatError(
            E.E014, path=doc.source, size=len(doc.text), limit=settings.max_document_chars
        )
    if len(doc.text) > settings.max_line_chars:  # else no line can be too long
        number, longest = max(enumerate(doc.text.splitlines(), 1), key=lambda n: len(n[1]))
        if len(longest) > settings.max_line_chars:
            limit = settings.max_line_chars
            raise BilatError(E.E015, path=doc.source, line=number, size=len(longest), limit=limit)
    return doc


def _valid_date(value: str, source: str, line: int) -> str:
    value = value.strip()[:10]
    if not is_calendar_date(value):
        raise BilatError(E.E013, path=source, line=line, value=value)
    return value


def _metadata_date(value: object) -> str | None:
    if not value:
        return None
    text = str(value)[:10]
    return text if ISO_DATE.fullmatch(text) else None


def _optional_str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
