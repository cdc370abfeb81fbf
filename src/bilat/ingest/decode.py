"""Bytes to text: refuse binary and empty input, decode legacy encodings when detectable."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from bilat.errors import BilatError, E

# Control characters that never occur in text (tab, newline, carriage return, form feed are fine).
_TEXT_CONTROLS = {9, 10, 12, 13}
_BINARY_SAMPLE = 8192
WESTERN_ENCODINGS = ("cp1252", "iso8859_15", "latin_1")


def looks_binary(data: bytes) -> bool:
    """True for content with NUL bytes or many control characters (images, archives, PDFs)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, path: str) -> str:
    """Decode ``data`` read from ``path``; a BilatError naming the file if it is not text."""
    text = _decode(data, path)
    if not text.strip():  # Unicode whitespace too: separators, a lone BOM, U+3000
        raise BilatError(E.E002, path=path)
    return text


def _decode(data: bytes, path: str) -> str:
    if looks_binary(data):
        raise BilatError(E.E003, path=path)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise BilatError(E.E004, path=path)
    # Several code pages often decode a text equally well; among the best of them, prefer the
    # Western European ones French news was written in (cp1250 would turn "à" into "ŕ").
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + 0.01]
    preferred = next((m for enc in WESTERN_ENCODINGS for m in tied if m.encoding == enc), None)
    return str(preferred or tied[0])
