"""Helpers for the tests that read the seed: the parsed seed and registries holding it.

Imported by name from the test modules (like store_support.py).
"""

from __future__ import annotations

import atexit
import functools
from importlib import resources

from kasip.model import Document, ProfessionCard
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry, open_registry
from store_support import copy_registry

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


@functools.cache
def _seed_template() -> Registry:
    # Importing the seed takes a few tenths of a second (its search index,
    # mostly); copying the database it gives takes a few milliseconds. Kept
    # open until the process ends and never handed out, so nothing writes to it.
    registry = open_registry("sqlite://")
    atexit.register(registry.close)
    registry.import_documents([seed_document()])
    return registry


def seed_registry(*documents: Document) -> Registry:
    """A new in-memory registry holding the seed, then ``documents`` (close it after use).

    The seed comes with a copy of one registry that imported it, made once per
    session (see :func:`copy_registry`).
    """
    registry = copy_registry(_seed_template())
    if documents:
        registry.import_documents(documents)
    return registry
