"""Exporters: render documents from the registry as files.

``EXPORT_FORMATS`` (:mod:`kasip.export.formats`) maps a format name (as given
to ``kasip export --format``) to its writer, file suffix and media type;
``EXPORTERS`` maps the text formats of the exchange format to a function from
documents to text.

Example:
    >>> sorted(EXPORTERS)
    ['json']
"""

from __future__ import annotations

from collections.abc import Mapping

from kasip.export import json as _json
from kasip.export.formats import EXPORT_FORMATS, ExportFormat, ExportOptions
from kasip.export.json import Exporter, dump_document, dump_documents, load_documents
from kasip.export.tables import VersionFacts

EXPORTERS: Mapping[str, Exporter] = {**_json.EXPORTERS}

__all__ = [
    "EXPORTERS",
    "EXPORT_FORMATS",
    "ExportFormat",
    "ExportOptions",
    "Exporter",
    "VersionFacts",
    "dump_document",
    "dump_documents",
    "load_documents",
]
