"""Helpers for the compare, ladder and history tests: the parsed seed and a registry.

Imported by name from the test modules (like store_support.py).
"""

from __future__ import annotations

import functools
from importlib import resources

from kasip.model import Document, ProfessionCard
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry, open_registry

SEED_NAME = "psychological-and-social-work.kk.txt"
SEED_KEY = "292-2019-05-30-kk"


@functools.cache
def seed_document() -> Document:
    """The bundled seed standard, parsed once (documents are immutable)."""
    path = resources.files("kasip") / "data" / SEED_NAME
    with resources.as_file(path) as real:
        return parse_standard(read_source(real), source_name=SEED_NAME)


def seed_card(card_id: str) -> ProfessionCard:
    """A card of the seed by ID."""
    return next(c for c in seed_document().cards if c.id == card_id)


def seed_registry(*documents: Document) -> Registry:
    """An in-memory registry holding the seed, then ``documents`` (close it after use)."""
    registry = open_registry("sqlite://")
    registry.import_documents([seed_document(), *documents])
    return registry
