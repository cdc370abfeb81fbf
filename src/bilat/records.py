"""The plain-data shape every layer passes around: a fact, an event or a query's answer as
a JSON-ready mapping (a fact's FORMAT.md fields, an event's summary, a dossier)."""

from typing import Any

Record = dict[str, Any]
