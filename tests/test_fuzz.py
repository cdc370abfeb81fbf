"""Hostile input, generated: the readers and the date and number parsers never crash or hang.

Whatever bytes come in, a reader yields Documents within the limits or one-line errors naming
the file; the parsers return spans inside the text and values of the right shape.

The budget is fixed (``BILAT_FUZZ_EXAMPLES`` per test, 150 by default) and the examples
database is stored in the repository (``tests/data/hypothesis``): every run first replays
what earlier runs kept there (failures, and the slowest inputs found, through ``target``).
CI reads it without writing; a local run adds to it, and what it adds is committed.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, target
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

from bilat.engine import Processor
from bilat.errors import BilatError
from bilat.extract.dates import find_dates
from bilat.extract.numbers import find_quantities
from bilat.ingest.decode import decode_bytes
from bilat.ingest.document import Document, ReadFailure
from bilat.ingest.readers import _read_bytes, html_depth
from bilat.kb import load_kb
from bilat.settings import Settings

EXAMPLES_DB = Path(__file__).parent / "data" / "hypothesis"
_database = DirectoryBasedExampleDatabase(EXAMPLES_DB)
FUZZ = settings(
    max_examples=int(os.environ.get("BILAT_FUZZ_EXAMPLES", "150")),
    deadline=None,  # no timing in tests: a hang is caught by the alarm below
    database=ReadOnlyDatabase(_database) if os.environ.get("CI") else _database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
# No single generated input may take this long: far above the slowest seen (well under 1 s),
# so only a hang (a catastrophic regex, an endless loop) trips it.
HANG_SECONDS = 30

KB = load_kb()
DATES = KB.lexicons["dates"]
# Small limits, so generated inputs can cross them.
LIMITS = Settings(
    db_url="sqlite://",
    max_document_chars=3_000,
    max_line_chars=600,
    max_html_depth=40,
)
SUFFIXES = ["", ".txt", ".html", ".jsonl", ".rss", ".atom", ".xml"]
UNITS = {"count", "years", *KB.lexicons["numbers"]["currencies"].values()}
ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail (not freeze CI) if one test's examples take longer than any sane run."""
    import signal

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"fuzz test still running after {HANG_SECONDS * 20} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS * 20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run and steer the search toward slow inputs, which the database then keeps."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - started
    target(elapsed, label="seconds")
    assert elapsed < HANG_SECONDS, f"one input took {elapsed:.0f} s"
    return result


# ----------------------------------------------------------------------------- strategies
WORDS = [
    "le", "la", "les", "du", "au", "et", "de", "en", "président", "visite", "accord", "signé",
    "France", "Vietnam", "Hanoï", "Paris", "milliards", "millions", "dollars", "euros", "mai",
    "juin", "1er", "mardi", "dernier", "prochain", "fin", "mi-", "mois", "l'an", "près",
    "d'un", "une", "soixantaine", "deux", "cent", "mille", "vingt-et-un", "%", "€", "$",
    "2025", "1992-2025", "du 5 au 7", "les 12 et 13", "–", "-", ",", ".", "\n", "  ",
]  # fmt: skip
french_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(0, 10**12).map(str), st.text(max_size=8)),
    max_size=60,
).map(" ".join)
doc_dates = st.one_of(
    st.none(),
    st.dates(date(1, 1, 1), date(9999, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
    ),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner)
)
header_dates = st.one_of(
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
    st.from_regex(r"\d{4}-\d{2}(-\d{2})?", fullmatch=True),
    st.text(max_size=12),
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Pages of nested blocks, some deeper than the limit, with odd text and entities."""
    depth = draw(st.integers(0, 80))
    blocks = st.sampled_from(["div", "section", "span", "p", "ul", "li", "b"])
    tags = draw(st.lists(blocks, min_size=depth, max_size=depth))
    body = draw(french_text) + draw(
        st.sampled_from(["", "&amp;", "&#0;", "&bogus;", "<!--", "]]>"])
    )
    opened = "".join(f"<{t}>" for t in tags)
    closed = "".join(f"</{t}>" for t in reversed(tags)) if draw(st.booleans()) else ""
    title = draw(st.text(max_size=20))
    head = f"<!doctype html><html><head><title>{title}</title></head>"
    return f"{head}<body>{opened}<p>{body}</p>{closed}"


@st.composite
def feeds(draw: st.DrawFn) -> str:
    entries = draw(st.lists(st.tuples(french_text, doc_dates, st.booleans()), max_size=5))
    items = []
    for text, published, cdata in entries:
        content = (
            f"<![CDATA[<p>{text}</p>]]>"
            if cdata
            else text.replace("&", "&amp;").replace("<", "&lt;")
        )
        items.append(
            f"<item><title>t</title><description>{content}</description>"
            f"<pubDate>{published or ''}</pubDate></item>"
        )
    tail = draw(st.sampled_from(["</channel></rss>", "", "</rss>", "<item>"]))
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{"".join(items)}{tail}'
    )


@st.composite
def jsonl_files(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["article", "odd", "garbage", "blank"]))
        if kind == "article":
            record = {"text": draw(french_text), "date": draw(st.one_of(doc_dates, header_dates))}
            record.update(
                draw(st.dictionaries(st.sampled_from(["id", "title", "url", "lang"]), scalars))
            )
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
        elif kind == "odd":
            lines.append(json.dumps(draw(json_values)))
        elif kind == "garbage":
            printable = st.characters(blacklist_categories=("Cc", "Cs"))  # NUL: a binary file
            lines.append(draw(st.text(printable, max_size=40)))
        else:
            lines.append(" ")
    return "\n".join(lines)


corpus_files = st.builds(
    lambda pad, value, text: f"{pad}date {value}{text}",
    st.sampled_from(["", " ", "\n ", "\ufeff "]),
    header_dates,
    french_text,
)
any_text = st.one_of(french_text, corpus_files, html_pages(), feeds(), jsonl_files())
encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"])


# ----------------------------------------------------------------------------- readers
def check_items(items: list[Document | ReadFailure], source: str) -> None:
    for item in items:
        if isinstance(item, ReadFailure):
            message = str(item.error)
            assert "\n" not in message and source in message, message
            assert re.match(r"\[E0\d\d\] ", message), message
            continue
        assert isinstance(item, Document)
        assert item.text and item.text == item.text.strip()
        assert len(item.text) <= LIMITS.max_document_chars
        assert max(len(line) for line in item.text.splitlines()) <= LIMITS.max_line_chars
        assert item.source.startswith(source)
        assert item.date is None or ISO.fullmatch(item.date), item.date


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
@example(data=b"\x00" * 10, suffix=".txt")
@example(data=b"\xff\xfe" + "date 2025-05 é".encode("utf-16-le"), suffix="")
def test_any_bytes_read_or_refused_in_one_line(data: bytes, suffix: str) -> None:
    source = f"fuzz{suffix}"
    check_items(timed(lambda: list(_read_bytes(data, source, "fuzz", LIMITS, suffix))), source)


@FUZZ
@given(text=any_text, encoding=encodings, suffix=st.sampled_from(SUFFIXES))
@example(text="<html><body>" + "<div>" * 300 + "<p>texte</p>", encoding="utf-8", suffix=".html")
@example(text="date 2025-02-30 texte", encoding="utf-8", suffix=".txt")
@example(text='{"text": "a", "date": "0000-00"}', encoding="utf-8", suffix=".jsonl")
def test_documents_of_every_format(text: str, encoding: str, suffix: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    source = f"fuzz{suffix}"
    check_items(timed(lambda: list(_read_bytes(data, source, "fuzz", LIMITS, suffix))), source)


@FUZZ
@given(text=jsonl_files())
@example(text=json.dumps({"text": "Paris\u2028Hanoï"}, ensure_ascii=False))  # a raw separator
def test_every_jsonl_line_is_a_document_or_an_error(text: str) -> None:
    items = timed(lambda: list(_read_bytes(text.encode(), "f.jsonl", "f", LIMITS, ".jsonl")))
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        assert [str(i) for i in items] == ["[E002] f.jsonl: empty file"]
        return
    check_items(items, "f.jsonl")
    assert len(items) == len(lines)  # one item a line: nothing dropped silently, nothing twice


@FUZZ
@given(data=st.binary(max_size=2048))
def test_decoding_returns_text_or_a_named_error(data: bytes) -> None:
    try:
        text = timed(decode_bytes, data, "blob.txt")
    except BilatError as error:
        assert error.code.name in {"E002", "E003", "E004"} and "blob.txt" in str(error)
        return
    assert isinstance(text, str) and text.strip()


@FUZZ
@given(page=html_pages())
def test_html_depth_is_read_past_the_parser_limit(page: str) -> None:
    depth = timed(html_depth, page)
    opened = len(re.findall(r"<(?:div|section|span|p|ul|li|b)>", page))
    assert depth <= opened + 3  # html, body and at most one implied wrapper
    assert depth >= min(opened, 1)


# ----------------------------------------------------------------------------- parsers
@FUZZ
@given(text=french_text, doc_date=doc_dates)
@example(text="du 31 au 1er février", doc_date="2025-05")
@example(text="le 29 février prochain", doc_date="2024-03-01")
@example(text="mardi dernier et mercredi", doc_date="0001-01-01")
@example(text="de mai", doc_date="0999-01-01")  # found: a year of three digits
def test_dates_are_valid_spans_and_iso_values(text: str, doc_date: str | None) -> None:
    found = timed(find_dates, text, DATES, doc_date)
    previous_end = 0
    for mention in found:
        assert previous_end <= mention.start < mention.end <= len(text)
        previous_end = mention.end
        for value in (mention.value, mention.until, mention.ahead):
            if value is None:
                continue
            assert ISO.fullmatch(value), value
            parts = [int(p) for p in value.split("-")] + [1, 1]
            date(parts[0], parts[1] or 1, parts[2] or 1)  # a real calendar date


@FUZZ
@given(text=french_text)
@example(text="9" * 400 + " milliards de dollars")
@example(text="1 000 000 000 000 000 milliards et demi")
def test_quantities_are_valid_spans_and_values(text: str) -> None:
    found = timed(find_quantities, text, KB)
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.value >= 0 and math.isfinite(quantity.value), quantity
        assert quantity.unit in UNITS


# ----------------------------------------------------------------------------- extraction
PHRASES = [
    "Le président vietnamien", "le Premier ministre kazakh", "Emmanuel Macron", "la France",
    "le Vietnam", "les deux pays", "les deux parties ont convenu de", "a effectué une visite",
    "d'État au Kazakhstan", "s'est entretenu avec", "ont signé un accord de coopération",
    "est entré en vigueur", "partenariat stratégique global", "le commerce bilatéral a atteint",
    "3,5 milliards de dollars", "du 5 au 7 mai", "le 1er juillet", "renforcer", "l'énergie",
    "1.", "2)", "•", "Premièrement,", "Par ailleurs", "M.", "«", "»", ":", ";", ",", ".", "\n",
]  # fmt: skip
articles = st.lists(st.one_of(st.sampled_from(PHRASES), french_text), min_size=1, max_size=40)


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 60))
@given(parts=articles, doc_date=doc_dates)
def test_extraction_never_fails_and_cites_the_text(
    processor: Processor, parts: list[str], doc_date: str | None
) -> None:
    text = " ".join(parts).strip() or "France"
    document = Document(name="fuzz", source="fuzz", text=text, date=doc_date)
    (processed,) = timed(lambda: list(processor.process([document])))
    assert processed.error is None, processed.error
    for fact in processed.facts:
        evidence = fact.evidence
        assert 0 <= evidence.sent_start <= evidence.start < evidence.end <= evidence.sent_end
        assert text[evidence.sent_start : evidence.sent_end] == evidence.sentence
