"""Language identification of a document (py3langid: small, fast, offline)."""

from __future__ import annotations

import py3langid

_SAMPLE_CHARS = 3000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, judged on its beginning."""
    lang, _score = py3langid.classify(text[:_SAMPLE_CHARS])
    return str(lang)
