"""``/api/v1/alignments``: propose (nothing kept), and kept alignments with decisions,
added links, export, currency and the move; each role boundary."""

from __future__ import annotations

import io

import httpx
import pytest

from alignment_support import CARD, PROGRAMME, AlignSite, document
from conftest_web import assert_error, client_for

pytestmark = pytest.mark.anyio

JAVA = "Java тілінде бағдарламалық қамтамасыз ету жасайды"


def _file(body: str = PROGRAMME) -> dict[str, tuple[str, io.BytesIO, str]]:
    return {"file": ("programme.csv", io.BytesIO(body.encode()), "text/csv")}


async def _create(client: httpx.AsyncClient, site: AlignSite, role: str) -> httpx.Response:
    return await client.post(
        "/api/v1/alignments",
        params={"card": CARD, "title": "ББ"},
        files=_file(),
        headers=site.auth(role),
    )


async def test_propose_answers_the_report_and_keeps_nothing(align_site: AlignSite) -> None:
    async with client_for(align_site.app) as client:
        response = await client.post(
            "/api/v1/alignments/propose", params={"card": CARD}, files=_file()
        )
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert [c["card_id"] for c in body["cards"]] == [CARD]
        assert body["programme"]["outcomes"][0]["place"] == "row 2"
        report = body["report"]
        assert JAVA in report["unmapped"]
        elements = {e["id"]: e for e in report["cards"][0]["elements"]}
        assert elements[f"{CARD}/f1/t1/s1"]["covered_by"][0]["number"] == 1
        raw = await client.post(
            "/api/v1/alignments/propose",
            params={"card": CARD, "name": "p.csv"},
            content=PROGRAMME.encode(),
            headers={"content-type": "text/csv"},
        )
        assert raw.status_code == 200 and raw.json()["programme"]["source"] == "p.csv"
        bad = await client.post(
            "/api/v1/alignments/propose",
            params={"card": CARD},
            files=_file("module,outcome\nM1,\n"),
        )
        error = assert_error(bad, 400, "invalid-file")
        assert "row 2, field outcome: empty outcome" in str(error["details"])
        unknown = await client.post(
            "/api/v1/alignments/propose", params={"card": "9999-9-999@4"}, files=_file()
        )
        assert_error(unknown, 404, "not-found")
        none = await client.post("/api/v1/alignments/propose", files=_file())
        assert_error(none, 400)
        listed = await client.get("/api/v1/alignments", headers=align_site.auth("admin"))
        assert listed.json()["count"] == 0


@pytest.mark.parametrize("role", ["assessor", "candidate"])
async def test_only_methodologists_and_admins_keep_and_decide(
    align_site: AlignSite, role: str
) -> None:
    async with client_for(align_site.app) as client:
        assert_error(
            await client.post("/api/v1/alignments", params={"card": CARD}, files=_file()), 401
        )
        assert_error(await _create(client, align_site, role), 403, "forbidden")
        made = (await _create(client, align_site, "admin")).json()
        other = align_site.auth(role)
        base = f"/api/v1/alignments/{made['id']}"
        assert_error(await client.get(base, headers=other), 403)
        assert_error(await client.get("/api/v1/alignments", headers=other), 403)
        assert_error(await client.get(f"{base}/currency", headers=other), 403)
        assert_error(await client.get(f"{base}/export", headers=other), 403)
        link = made["links"][0]["id"]
        decided = await client.post(
            f"{base}/links/{link}", json={"decision": "rejected"}, headers=other
        )
        assert_error(decided, 403)
        added = await client.post(
            f"{base}/links", json={"outcome": 4, "element": f"{CARD}/f1/t1/s3"}, headers=other
        )
        assert_error(added, 403)
        assert_error(await client.post(f"{base}/move", headers=other), 403)


async def test_a_methodologist_decides_adds_exports_and_moves(align_site: AlignSite) -> None:
    from openpyxl import load_workbook

    auth = align_site.auth("methodologist")
    async with client_for(align_site.app) as client:
        made = await _create(client, align_site, "methodologist")
        assert made.status_code == 201, made.text
        view = made.json()
        base = f"/api/v1/alignments/{view['id']}"
        assert view["pending"] == len(view["links"]) > 0
        assert view["decided"]["cards"][0]["coverage"] == {"skills": 0.0, "knowledge": 0.0}
        s1 = next(s for s in view["links"] if s["link"]["element"] == f"{CARD}/f1/t1/s1")
        done = await client.post(
            f"{base}/links/{s1['id']}", json={"decision": "confirmed"}, headers=auth
        )
        assert done.status_code == 200
        assert done.json()["decided"]["cards"][0]["coverage"]["skills"] == round(1 / 3, 4)
        add = {"outcome": 4, "element": f"{CARD}/f1/t1/s3"}
        added = await client.post(f"{base}/links", json=add, headers=auth)
        assert added.status_code == 201
        assert JAVA not in added.json()["decided"]["unmapped"]
        assert_error(await client.post(f"{base}/links", json=add, headers=auth), 409, "conflict")
        wrong = {"outcome": 4, "element": f"{CARD}/f1/t1"}
        assert_error(await client.post(f"{base}/links", json=wrong, headers=auth), 400)
        assert_error(await client.get("/api/v1/alignments/999", headers=auth), 404)
        book = await client.get(f"{base}/export", params={"lang": "en"}, headers=auth)
        assert book.status_code == 200
        sheets = load_workbook(io.BytesIO(book.content)).sheetnames
        assert sheets == [
            "Coverage",
            "Elements",
            "Uncovered elements",
            "Unmapped outcomes",
            "Matrix",
        ]
        current = (await client.get(f"{base}/currency", headers=auth)).json()
        assert current["current"] is True
        align_site.registry.import_documents([document(changed=True)])
        changed = (await client.get(f"{base}/currency", headers=auth)).json()
        assert changed["current"] is False
        (card,) = changed["cards"]
        assert (card["version"], card["latest_version"]) == (1, 2)
        assert card["removed"] == [f"{CARD}/f1/t1/s3"] and card["added"] == [f"{CARD}/f1/t1/s3"]
        moved = (await client.post(f"{base}/move", headers=auth)).json()
        assert moved["current"] is True and moved["cards"][0]["version"] == 2
        review = [s["link"]["element"] for s in moved["links"] if s["review"]]
        assert f"{CARD}/f1/t1/s3" in review
