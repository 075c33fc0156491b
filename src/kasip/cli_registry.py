"""Open the registry for a command; an empty one first gets the bundled standard.

Shared by ``kasip serve``, ``search``, ``match`` and ``eval``: a fresh install
answers with the bundled standard instead of an empty result.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files

from rich.console import Console
from rich.markup import escape

from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.store import Registry, open_registry

__all__ = ["BUNDLED_SEED", "open_seeded", "read_bundled"]

BUNDLED_SEED = "psychological-and-social-work.kk.txt"


def read_bundled() -> Document:
    """The standard that ships with kasip, parsed."""
    with as_file(files("kasip") / "data" / BUNDLED_SEED) as path:
        return parse_standard(read_source(path), source_name=BUNDLED_SEED)


@contextmanager
def open_seeded(url: str) -> Iterator[Registry]:
    """Open the registry at ``url``, importing the bundled standard if it holds none."""
    with open_registry(url) as registry:
        if not registry.list_standards():
            [result] = registry.import_documents([read_bundled()])
            Console(stderr=True, highlight=False).print(
                f"Imported the bundled standard: {escape(result.key)}, {result.cards} cards"
            )
        yield registry
