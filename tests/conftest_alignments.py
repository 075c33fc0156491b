"""The fixture of the stored-alignment tests: a registry of one small card and an account
of each role (tests/alignment_support.py holds the card and the programme).

The accounts' passwords take most of a second each to hash, so the registry is
made once per session as a SQLite file and each test gets a fresh copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from alignment_support import AlignSite


@pytest.fixture(scope="session")
def align_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A registry file holding ``document()`` and the accounts, and their API tokens."""
    from alignment_support import ROLES, document
    from kasip import accounts
    from kasip.registry import open_registry

    path = tmp_path_factory.mktemp("alignments") / "template.db"
    registry = open_registry(f"sqlite:///{path}")
    try:
        registry.import_documents([document()])
        tokens = {}
        for role in ROLES:
            accounts.create_user(registry.engine, login=role, name=role, role=role,
                                 password="x" * 12 + role, actor="cli")  # fmt: skip
            tokens[role] = accounts.issue_token(registry.engine, role, label="t", actor="cli").token
    finally:
        registry.close()
    return path, tokens


@pytest.fixture
def align_site(align_template: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[AlignSite]:
    """A fresh copy of the template registry, served by an app, one account of each role."""
    from alignment_support import ROLES, AlignSite
    from kasip.accounts.users import get_user
    from kasip.api.app import create_app
    from kasip.config import Settings
    from kasip.registry import open_registry

    template, tokens = align_template
    copy = tmp_path / "registry.db"
    shutil.copyfile(template, copy)
    registry = open_registry(f"sqlite:///{copy}")
    users = {role: get_user(registry.engine, role) for role in ROLES}
    try:
        yield AlignSite(create_app(Settings(), registry=registry), registry, users, tokens)
    finally:
        registry.close()
