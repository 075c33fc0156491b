"""An app over a registry with one account of each role, for the assessment API tests.

tests/conftest.py loads it (after conftest_store, which it uses). The
registry holds one small standard (card ``CARD``: one labour function, one
task of two skills and two knowledge elements; it asks higher education);
each role's login is the
role's name, and ``Site.auth(role)`` gives its request headers.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from conftest_store import BACKENDS, reset_postgres

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI

    from kasip.model import Document
    from kasip.registry import Registry

ROLES = ("admin", "methodologist", "assessor", "candidate")
CARD = "2635-3-001@5"


def small_document(knowledge: str = "Әдістеме") -> Document:
    """A standard of one card; ``knowledge`` is its second knowledge element's text."""
    from kasip.testing import make_card, make_document, make_function, make_task

    task = make_task(
        "Бағалау",
        task_id=f"{CARD}/f1/t1",
        skills=["Сауалнама", "Есеп"],
        knowledge=["Заң", knowledge],
    )
    function = make_function("Көмек", function_id=f"{CARD}/f1", tasks=[task])
    card = make_card(level=5, functions=[function]).model_copy(
        update={"education": "Жоғары (немесе жоғары оқу орнынан кейінгі) білім"}
    )
    return make_document(cards=[card], source_name=f"{knowledge}.txt")


@dataclass(frozen=True)
class Site:
    app: FastAPI
    registry: Registry
    tokens: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


PUBLIC_URL = "https://centre.example.kz"


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    from kasip import accounts
    from kasip.api.app import create_app
    from kasip.config import Settings
    from kasip.credentials import KeyStore
    from kasip.registry import open_registry

    keys = tmp_path_factory.mktemp("keys") / "keys"
    KeyStore(keys).init()
    settings = Settings(keys_dir=keys, public_url=PUBLIC_URL, issuer_name="Сынақ орталығы")

    url: str = request.param
    if not url.startswith("sqlite"):
        reset_postgres(url)
    registry = open_registry(url)
    registry.import_documents([small_document()])
    tokens = {}
    for role in ROLES:
        password = "x" * 12 + role
        accounts.create_user(
            registry.engine, login=role, name=role, role=role, password=password, actor="cli"
        )
        tokens[role] = accounts.issue_token(registry.engine, role, label="t", actor="cli").token
    try:
        yield Site(create_app(settings, registry=registry), registry, tokens)
    finally:
        registry.close()


CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: httpx.Response) -> str:
    """The CSRF token of a page's forms."""
    found = CSRF_RE.search(page.text)
    assert found is not None, page.text
    return found.group(1)


@asynccontextmanager
async def signed_in_client(
    site: Site, login: str, password: str | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in through the sign-in form (the password: "x" * 12 + login by default)."""
    import httpx

    from conftest_web import BASE_URL

    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        page = await client.get("/login")
        form = {"login": login, "password": password or "x" * 12 + login, "csrf": csrf_of(page)}
        signed = await client.post("/login", data=form)
        assert signed.status_code == 303, signed.text
        yield client
