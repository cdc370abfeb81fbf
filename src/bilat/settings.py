"""One typed settings object, passed down from the entry point (CLI, API, tests).

Nothing in bilat reads the environment or holds configuration in module globals except
:func:`Settings.from_env`, which the entry points call once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir


def default_db_url() -> str:
    """The embedded store in the user data directory (created on first use)."""
    data_dir = Path(user_data_dir("bilat", appauthor=False))
    return f"sqlite:///{data_dir / 'bilat.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything a run of bilat may tune."""

    db_url: str = field(default_factory=default_db_url)
    # The spaCy model; None: the one the language's pack names.
    model: str | None = None
    language: str = "fr"
    # Documents parsed together by nlp.pipe; large enough to amortise, small enough to stream.
    batch_size: int = 32
    # User knowledge base (persons, aliases, organisations) merged over the shipped one.
    user_kb: Path | None = None
    # Readers refuse anything larger: a news article is never this big.
    max_file_bytes: int = 20 * 1024 * 1024
    max_document_chars: int = 1_000_000
    # A paragraph this long is a dump, not prose: it would become one sentence of 100k tokens.
    max_line_chars: int = 100_000
    # libxml2 silently drops what lies deeper than 255 elements, so a deeper page is refused
    # rather than read with text missing; real article pages nest 20 to 60 deep.
    max_html_depth: int = 200
    # Parse only what can yield a fact: articles naming no country, and sentences with no
    # mention, name or trigger, skip the statistical components (bilat.nlp.relevance).
    skip_irrelevant: bool = True
    debug: bool = False

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from BILAT_* environment variables, then explicit (non-None) overrides."""
        settings = cls()
        if url := os.environ.get("BILAT_DB"):
            settings = replace(settings, db_url=normalise_db_url(url))
        if kb := os.environ.get("BILAT_KB"):
            settings = replace(settings, user_kb=Path(kb))
        given = {k: v for k, v in overrides.items() if v is not None}
        if "db_url" in given:
            given["db_url"] = normalise_db_url(str(given["db_url"]))
        return replace(settings, **given)  # type: ignore[arg-type]


def normalise_db_url(url: str) -> str:
    """Accept a plain file path as a SQLite store, as well as a full SQLAlchemy URL."""
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"
