"""The fixture of the stored-alignment tests: a registry of one small card and an account
of each role (tests/alignment_support.py holds the card and the programme)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from alignment_support import AlignSite


@pytest.fixture
def align_site() -> Iterator[AlignSite]:
    """A fresh registry (in memory) holding ``document()``, one account of each role."""
    from alignment_support import ROLES, AlignSite, document
    from kasip import accounts
    from kasip.api.app import create_app
    from kasip.config import Settings
    from kasip.registry import open_registry

    registry = open_registry("sqlite://")
    registry.import_documents([document()])
    users, tokens = {}, {}
    for role in ROLES:
        users[role] = accounts.create_user(
            registry.engine, login=role, name=role, role=role, password="x" * 12 + role, actor="cli"
        )
        tokens[role] = accounts.issue_token(registry.engine, role, label="t", actor="cli").token
    try:
        yield AlignSite(create_app(Settings(), registry=registry), registry, users, tokens)
    finally:
        registry.close()
