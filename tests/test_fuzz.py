"""Hostile input, generated: the readers, the parsers and the extractors never crash or hang.

Whatever bytes come in, a reader yields Documents within the limits or one-line errors naming
the file; the parsers return spans inside the text and values of the right shape.

The budget is fixed (``BILAT_FUZZ_EXAMPLES`` per test, 150 by default) and Hypothesis's
examples database is stored in the repository (``tests/data/hypothesis``). Each run first
replays what it holds for the test: any failure kept there, then a sample (a tenth of the
budget) of the inputs that went furthest, as ``target`` scores them by what they yielded
(documents, dates, figures, facts), not by time. CI reads the database without writing; a
local run adds to it. Its keys are digests of the tests' source, so a changed test needs the
database refilled (``BILAT_FUZZ_EXAMPLES=1000 pytest tests/test_fuzz.py`` after emptying it),
which ``test_the_stored_database_covers_every_fuzz_test`` checks. Findings worth keeping
for good are ``@example``s.
"""

from __future__ import annotations

import faulthandler
import json
import math
import os
import re
from collections.abc import Iterator
from datetime import date
from html import escape as html_escape
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

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")
EXAMPLES_DB = Path(__file__).parent / "data" / "hypothesis"
_database = DirectoryBasedExampleDatabase(EXAMPLES_DB)
FUZZ = settings(
    max_examples=int(os.environ.get("BILAT_FUZZ_EXAMPLES", "150")),
    deadline=None,  # no timing in tests: a hang is caught by the watchdog below
    database=ReadOnlyDatabase(_database) if os.environ.get("CI") else _database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
# A whole fuzz test far past its normal few seconds is a hang (a catastrophic regex, an endless
# loop): the process is then ended with every thread's traceback, so CI fails instead of
# freezing. An exception would not do: Hypothesis would catch it and replay the input.
HANG_SECONDS = 600

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
ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # \d would take Arabic digits


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


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


BLOCKS = ["div", "section", "article", "blockquote"]  # nest in anything, close nothing


@st.composite
def html_pages(draw: st.DrawFn, escaped: bool = False) -> str:
    """Pages of nested blocks, some deeper than libxml2's 255, with odd text and entities
    (``escaped``: the text is markup-free, so the page holds exactly the blocks drawn)."""
    depth = draw(st.integers(0, 300))
    tags = draw(st.lists(st.sampled_from(BLOCKS), min_size=depth, max_size=depth))
    odd = draw(st.sampled_from(["", "&amp;", "&#0;", "&bogus;", "<!--", "]]>"]))
    body, title = draw(french_text), draw(st.text(max_size=20))
    if escaped:
        body, title = html_escape(body), html_escape(title)
        odd = odd.replace("<", "&lt;")
    opened = "".join(f"<{t}>" for t in tags)
    closed = "".join(f"</{t}>" for t in reversed(tags)) if draw(st.booleans()) else ""
    head = f"<!doctype html><html><head><title>{title}</title></head>"
    return f"{head}<body>{opened}<p>{body}{odd}</p>{closed}"


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
            assert len(message.splitlines()) == 1 and source in message, message
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
    items = list(_read_bytes(data, source, "fuzz", LIMITS, suffix))
    target(sum(isinstance(i, Document) for i in items), label="documents")
    check_items(items, source)


@FUZZ
@given(text=any_text, encoding=encodings, suffix=st.sampled_from(SUFFIXES))
@example(text="<html><body>" + "<div>" * 300 + "<p>texte</p>", encoding="utf-8", suffix=".html")
@example(text="date 2025-02-30 texte", encoding="utf-8", suffix=".txt")
@example(text='{"text": "a", "date": "0000-00"}', encoding="utf-8", suffix=".jsonl")
@example(text='{"text": "a", "date": "000١-01"}', encoding="utf-8", suffix=".jsonl")  # found
def test_documents_of_every_format(text: str, encoding: str, suffix: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    source = f"fuzz{suffix}"
    items = list(_read_bytes(data, source, "fuzz", LIMITS, suffix))
    target(sum(isinstance(i, Document) for i in items), label="documents")
    check_items(items, source)


@FUZZ
@given(text=jsonl_files())
@example(text=json.dumps({"text": "Paris\u2028Hanoï"}, ensure_ascii=False))  # a raw separator
@example(text='{"text": "le", "date": "0\\n0"}')  # found: a line break in an error message
def test_every_jsonl_line_is_a_document_or_an_error(text: str) -> None:
    items = list(_read_bytes(text.encode(), "f.jsonl", "f", LIMITS, ".jsonl"))
    target(sum(isinstance(i, Document) for i in items), label="documents")
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
        text = decode_bytes(data, "blob.txt")
        target(len(text), label="characters")
    except BilatError as error:
        assert error.code.name in {"E002", "E003", "E004"} and "blob.txt" in str(error)
        return
    assert isinstance(text, str) and text.strip()


@FUZZ
@given(page=html_pages(escaped=True))
def test_html_depth_is_read_past_the_parser_limit(page: str) -> None:
    depth = html_depth(page)
    target(depth, label="depth")
    opened = len(re.findall(rf"<(?:{'|'.join(BLOCKS)})>", page))
    assert depth == opened + 3  # html, body and the paragraph around the text


# ----------------------------------------------------------------------------- parsers
@FUZZ
@given(text=french_text, doc_date=doc_dates)
@example(text="du 31 au 1er février", doc_date="2025-05")
@example(text="le 29 février prochain", doc_date="2024-03-01")
@example(text="mardi dernier et mercredi", doc_date="0001-01-01")
@example(text="de mai", doc_date="0999-01-01")  # found: a year of three digits
def test_dates_are_valid_spans_and_iso_values(text: str, doc_date: str | None) -> None:
    found = find_dates(text, DATES, doc_date)
    target(len(found), label="dates")
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
    found = find_quantities(text, KB)
    target(len(found), label="figures")
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
    (processed,) = processor.process([document])
    target(len(processed.facts), label="facts")
    assert processed.error is None, processed.error
    for fact in processed.facts:
        evidence = fact.evidence
        assert 0 <= evidence.sent_start <= evidence.start < evidence.end <= evidence.sent_end
        assert text[evidence.sent_start : evidence.sent_end] == evidence.sentence


# ----------------------------------------------------------------------------- the database
def test_the_stored_database_covers_every_fuzz_test() -> None:
    """Each fuzz test has inputs kept for it: a test edited without refilling the database
    would replay nothing (its key, a digest of its source, has changed)."""
    from hypothesis.internal.reflection import function_digest

    fuzz_tests = [
        v for k, v in globals().items() if k.startswith("test_") and hasattr(v, "hypothesis")
    ]
    assert len(fuzz_tests) >= 8
    uncovered = [
        test.__name__
        for test in fuzz_tests
        if not any(_database.fetch(function_digest(test.hypothesis.inner_test) + b".pareto"))
    ]
    assert not uncovered, (
        f"no stored examples for {uncovered}: empty tests/data/hypothesis, run "
        "BILAT_FUZZ_EXAMPLES=1000 pytest tests/test_fuzz.py, and commit the directory"
    )
