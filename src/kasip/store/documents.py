"""Stored documents read one at a time, for the passes that remake derived data.

Remaking the search index, the match pieces or the ``cards``/``elements`` rows
reads every stored version; at 700 standards their JSON alone is 200 MB, and
held parsed, over a gigabyte. These passes read and parse one version at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, bindparam, select

from kasip.model import Document
from kasip.store.schema import standard_versions

__all__ = ["each_document"]

_ONE = select(standard_versions.c.document_json).where(
    standard_versions.c.id == bindparam("version_id")
)


def each_document(conn: Connection, version_ids: Iterable[int]) -> Iterator[tuple[int, Document]]:
    """Each of the given ``standard_versions`` with its document, parsed in turn."""
    for version_id in version_ids:
        text = conn.execute(_ONE, {"version_id": version_id}).scalar_one()
        yield version_id, Document.model_validate_json(text)
