"""Readers: every input format, and bad input reported with the file (and line) it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilat.errors import BilatError
from bilat.ingest import Document, ReadFailure, document_id, iter_documents
from bilat.ingest.decode import decode_bytes
from bilat.settings import Settings

TEXT = "Le président français a effectué une visite d'État en Inde du 3 au 5 mars 2024."


def read(paths: list[Path | str], settings: Settings) -> list[Document | ReadFailure]:
    return list(iter_documents([str(p) for p in paths], settings))


def test_corpus_header_gives_date_and_strips_itself(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "001_abc.txt"
    path.write_text(f" date 2024-03 {TEXT}\nDeuxième paragraphe.", encoding="utf-8")
    (doc,) = read([path], settings)
    assert isinstance(doc, Document)
    assert doc.name == "001_abc"
    assert doc.date == "2024-03"
    assert doc.text.startswith("Le président français")
    assert doc.format == "corpus"


def test_day_precision_header_and_plain_text(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(f" date 2024-03-05\n{TEXT}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    a, b = read([tmp_path], settings)
    assert isinstance(a, Document) and a.date == "2024-03-05"
    assert isinstance(b, Document) and b.date is None and b.format == "text"


def test_invalid_header_date_is_an_error(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "bad.txt").write_text(f" date 2024-13 {TEXT}", encoding="utf-8")
    (failure,) = read([tmp_path], settings)
    assert isinstance(failure, ReadFailure)
    assert "bad.txt" in str(failure) and "2024-13" in str(failure)


def test_document_id_ignores_whitespace_differences() -> None:
    assert document_id("Un  texte\n\n court ") == document_id("Un texte court")
    assert document_id("Un texte court") != document_id("Un autre texte")


def test_jsonl_lines_and_their_errors(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": TEXT, "date": "2024-03-04", "title": "Visite", "url": "http://x"}),
        '{"text": "tronqué',
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": TEXT + " Autre.", "date": "mars 2024"}),
        json.dumps({"text": TEXT + " Encore.", "id": "custom-id"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = read([path], settings)
    docs = [i for i in items if isinstance(i, Document)]
    failures = [str(i) for i in items if isinstance(i, ReadFailure)]
    assert [d.name for d in docs] == ["feed_1", "custom-id"]
    assert docs[0].date == "2024-03-04" and docs[0].title == "Visite" and docs[0].url == "http://x"
    assert any("feed.jsonl:2:" in f and "invalid JSON" in f for f in failures)
    assert any("feed.jsonl:3:" in f and "text" in f for f in failures)
    assert any("feed.jsonl:5:" in f and "mars 2024" in f for f in failures)


def test_html_main_text_is_extracted(tmp_path: Path, settings: Settings) -> None:
    body = " ".join([TEXT] * 4)
    html = (
        "<html><head><title>Visite en Inde</title></head><body><nav>Accueil | Monde | Sport</nav>"
        f"<article><h1>Visite en Inde</h1><p>{body}</p><p>Les deux pays ont signé un accord.</p>"
        "</article><footer>Mentions légales</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (doc,) = read([tmp_path], settings)
    assert isinstance(doc, Document) and doc.format == "html"
    assert "visite d'État en Inde" in doc.text
    assert "Mentions légales" not in doc.text


def test_rss_and_atom_entries(tmp_path: Path, settings: Settings) -> None:
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Agence</title><language>fr</language>
<item><title>Visite</title><link>http://a/1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{TEXT}&lt;/p&gt;</description></item>
<item><title>Vide</title><link>http://a/2</link></item>
</channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Flux</title>
<entry><title>Entretien</title><link href="http://b/1"/><updated>2024-04-02T08:00:00Z</updated>
<content type="html">&lt;p&gt;{TEXT} Suite.&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "a.rss").write_text(rss, encoding="utf-8")
    (tmp_path / "b.xml").write_text(atom, encoding="utf-8")
    items = read([tmp_path], settings)
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.name, d.date, d.url) for d in docs] == [
        ("a_1", "2024-03-05", "http://a/1"),
        ("b_1", "2024-04-02", "http://b/1"),
    ]
    assert docs[0].text == TEXT and docs[0].lang == "fr"
    assert any(isinstance(i, ReadFailure) and "a.rss#2" in str(i) for i in items)


def test_malformed_feed_is_one_error(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "broken.rss").write_text("<rss><channel><item><title>x", encoding="utf-8")
    (failure,) = read([tmp_path], settings)
    assert isinstance(failure, ReadFailure) and "broken.rss" in str(failure)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_decoded(encoding: str) -> None:
    text = (
        "Le ministre a évoqué la coopération économique, l’énergie et les échanges « réguliers » à Hanoï. "
        * 3
    )
    if encoding == "latin-1":
        text = text.replace("’", "'")
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_binary_and_empty_are_refused() -> None:
    with pytest.raises(BilatError, match=r"E003.*img.png"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img.png")
    with pytest.raises(BilatError, match=r"E002.*empty.txt"):
        decode_bytes(b"  \n", "empty.txt")


def test_missing_path_and_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("a" * 2000, encoding="utf-8")
    small = Settings(db_url="sqlite://", max_file_bytes=1000)
    items = read([tmp_path / "nowhere.txt", big], small)
    messages = [str(i) for i in items]
    assert "nowhere.txt" in messages[0] and "E010" in messages[0]
    assert "big.txt" in messages[1] and "E005" in messages[1]


def test_a_line_longer_than_any_paragraph_is_refused(tmp_path: Path, settings: Settings) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(f" date 2024-03\n{TEXT}\n{'mot ' * 30_000}fin\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": "x" * 120_000}) + "\n",
        encoding="utf-8",
    )
    failure, first, too_long = read([dump, feed], settings)
    assert isinstance(failure, ReadFailure) and isinstance(first, Document)
    assert str(failure) == (
        f"[E015] {dump}: line 2 of the text is 120003 characters long (limit 100000); "
        "not an article"
    )
    assert isinstance(too_long, ReadFailure) and f"{feed}:2: line 1" in str(too_long)


def test_html_nested_past_the_parser_limit_is_refused(tmp_path: Path, settings: Settings) -> None:
    article = f"<p>{TEXT}</p>"
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div>' * 300}{article}{'</div>' * 300}</body></html>")
    shallow = tmp_path / "shallow.html"
    shallow.write_text(f"<html><body>{'<div>' * 30}{article}{'</div>' * 30}</body></html>")
    failure, doc = read([page, shallow], settings)
    # Read as it is, libxml2 would cut the page at 255 levels and the article text with it.
    assert str(failure) == (
        f"[E016] {page}: HTML nested deeper than 200 elements; not an article page"
    )
    assert isinstance(doc, Document) and doc.text == TEXT
