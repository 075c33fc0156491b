"""The kept-alignment pages: a methodologist saves a result, decides and adds links,
reads what a newer version changed and moves the alignment; other roles are refused."""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from alignment_support import CARD, PROGRAMME, AlignSite, document
from conftest_accounts import csrf_of
from conftest_web import client_for
from kasip.i18n import translations

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def _as(site: AlignSite, role: str | None) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the site, signed in as ``role`` (None: a visitor)."""
    async with client_for(site.app) as client:
        if role is not None:
            page = await client.get("/login")
            form = {"login": role, "password": "x" * 12 + role, "csrf": csrf_of(page)}
            assert (await client.post("/login", data=form)).status_code == 303
        yield client


async def _result(client: httpx.AsyncClient, lang: str = "ru") -> str:
    files = {"file": ("programme.csv", io.BytesIO(PROGRAMME.encode()), "text/csv")}
    response = await client.post(f"/alignments?lang={lang}", data={"cards": CARD}, files=files)
    assert response.status_code == 200, response.text
    return response.text


def _fields(page: str) -> dict[str, str]:
    found = re.search(r'<form method="post" id="align-files">(.*?)</form>', page, re.S)
    assert found is not None
    pairs = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', found.group(1))
    return {name: html_lib.unescape(value) for name, value in pairs}


async def _save(client: httpx.AsyncClient) -> int:
    page = await _result(client)
    assert 'id="align-save"' in page
    saved = await client.post("/alignments/saved", data=_fields(page) | {"title": "ББ 1"})
    assert saved.status_code == 303, saved.text
    found = re.fullmatch(r"/alignments/(\d+)", saved.headers["location"])
    assert found is not None
    return int(found.group(1))


def _decide_form(page: str, element: str) -> tuple[str, str]:
    """The action and CSRF token of the decision form of the link to ``element``."""
    row = re.search(
        rf'<code>{re.escape(element)}</code>.*?<form method="post" action="([^"]+)"'
        r'.*?name="csrf" value="([^"]+)"',
        page,
        re.S,
    )
    assert row is not None, element
    return row.group(1), row.group(2)


async def test_a_methodologist_saves_decides_and_adds_links(align_site: AlignSite) -> None:
    async with _as(align_site, "methodologist") as client:
        alignment = await _save(client)
        page = (await client.get(f"/alignments/{alignment}?lang=ru")).text
        assert "ББ 1" in page and "предложена" in page
        assert "решённые связи охватывают 0% умений" in page
        s1, s2 = f"{CARD}/f1/t1/s1", f"{CARD}/f1/t1/s2"
        action, csrf = _decide_form(page, s1)
        done = await client.post(action, data={"decision": "confirmed", "csrf": csrf})
        assert done.status_code == 303 and done.headers["location"].endswith("#outcome-1")
        action, csrf = _decide_form(page, s2)
        await client.post(action, data={"decision": "rejected", "csrf": csrf})
        added = await client.post(
            f"/alignments/{alignment}/links",
            data={"outcome": "4", "element": f"{CARD}/f1/t1/s3", "csrf": csrf},
        )
        assert added.status_code == 303
        page = (await client.get(f"/alignments/{alignment}?lang=ru")).text
        assert "подтверждена" in page and "отклонена" in page and "добавлена" in page
        assert "решённые связи охватывают 67% умений" in page
        again = await client.post(
            f"/alignments/{alignment}/links",
            data={"outcome": "4", "element": f"{CARD}/f1/t1/s3", "csrf": csrf},
        )
        assert again.status_code == 409 and 'id="alignment-error"' in again.text
        book = await client.get(f"/alignments/{alignment}/report.xlsx?lang=kk")
        assert book.status_code == 200
        assert book.headers["content-type"].startswith("application/vnd.openxmlformats")
        listed = (await client.get("/alignments/saved")).text
        assert f'href="/alignments/{alignment}"' in listed


@pytest.mark.parametrize("role", ["assessor", "candidate"])
async def test_other_roles_are_refused(align_site: AlignSite, role: str) -> None:
    async with _as(align_site, "admin") as admin:
        alignment = await _save(admin)  # an admin may, as a methodologist does
    async with _as(align_site, role) as client:
        page = await _result(client)
        assert 'id="align-save"' not in page
        fields = _fields(page)
        csrf = csrf_of(await client.get("/account"))
        refused = await client.post("/alignments/saved", data=fields | {"csrf": csrf})
        assert refused.status_code == 403
        assert (await client.get(f"/alignments/{alignment}")).status_code == 403
        assert (await client.get("/alignments/saved")).status_code == 403
        decide = await client.post(
            f"/alignments/{alignment}/links/1", data={"decision": "rejected", "csrf": csrf}
        )
        assert decide.status_code == 403
        move = await client.post(f"/alignments/{alignment}/move", data={"csrf": csrf})
        assert move.status_code == 403
    async with _as(align_site, None) as visitor:
        gone = await visitor.get(f"/alignments/{alignment}")
        assert gone.status_code == 303 and gone.headers["location"].startswith("/login")


async def test_a_newer_version_is_said_and_the_alignment_moves(align_site: AlignSite) -> None:
    async with _as(align_site, "methodologist") as client:
        alignment = await _save(client)
        page = (await client.get(f"/alignments/{alignment}?lang=kk")).text
        assert 'id="currency"' not in page
        align_site.registry.import_documents([document(changed=True)])
        response = await client.get(f"/alignments/{alignment}?lang=kk")
        page = response.text
        section = page.split('id="currency"', 1)[1].split("</section>", 1)[0]
        assert "Стандарттың жаңа нұсқасы" in section
        assert f"<code>{CARD}/f1/t1/k2</code>" in section  # linked, reworded
        assert f"<code>{CARD}/f1/t1/s3</code>" in section  # new in the card
        moved = await client.post(f"/alignments/{alignment}/move", data={"csrf": csrf_of(response)})
        assert moved.status_code == 303
        page = (await client.get(f"/alignments/{alignment}?lang=kk")).text
        assert 'id="currency"' not in page
        version = translations("kk").gettext("version")
        assert f"<code>{CARD}</code> (292-2019-05-30-kk, {version} 2)" in page
        assert "қайта қарау керек" in page
