"""Exporters: render documents from the registry as files.

``EXPORTERS`` maps a format name (as given to ``kasip export --format``) to a
function from documents to text.

Example:
    >>> sorted(EXPORTERS)
    ['json']
"""

from __future__ import annotations

from collections.abc import Mapping

from kasip.export import json as _json
from kasip.export.json import Exporter, dump_document, dump_documents, load_documents

EXPORTERS: Mapping[str, Exporter] = {**_json.EXPORTERS}

__all__ = ["EXPORTERS", "Exporter", "dump_document", "dump_documents", "load_documents"]
