"""Exporters: render documents from the registry as files.

``EXPORTERS`` maps a format name (as given to ``kasip export --format``) to a
function from documents to text.

Example:
    >>> sorted(EXPORTERS)
    ['json']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kasip.export.json import dump_document, dump_documents, load_documents
from kasip.model import Document

Exporter = Callable[[Sequence[Document]], str]

EXPORTERS: Mapping[str, Exporter] = {"json": dump_documents}

__all__ = ["EXPORTERS", "Exporter", "dump_document", "dump_documents", "load_documents"]
