"""Ingest: read articles from files, folders, feeds and standard input into Documents."""

from bilat.ingest.document import Document, ReadFailure, document_id
from bilat.ingest.readers import iter_documents

__all__ = ["Document", "ReadFailure", "document_id", "iter_documents"]
