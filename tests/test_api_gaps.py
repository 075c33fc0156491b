"""``/api/v1/cards/{card_id}/gaps``: the analysis as JSON, the plan as files, the ratings file."""

from __future__ import annotations

import io

import httpx
import pytest

from compare_support import seed_document
from kasip.gaps.analysis import card_elements

pytest_plugins = ["conftest_web"]

pytestmark = pytest.mark.anyio

CARD = "2634-4-001@6"


def _ids() -> list[str]:
    card = next(c for c in seed_document().cards if c.id == CARD)
    return [e.id for e in card_elements(card)]


async def test_the_analysis_plan_and_next_level_as_json(web_client: httpx.AsyncClient) -> None:
    ids = _ids()
    body = {
        "ratings": [{"element": i, "rating": "fully"} for i in ids[:-2]]
        + [{"element": ids[-1], "rating": "partly", "evidence": "Курс"}],
        "start": "2027-01-10",
        "months": 3,
        "lang": "kk",
        "choices": {ids[-2]: {"action": "Тағылымдама", "target": "2027-02-01"}},
    }
    response = await web_client.post(f"/api/v1/cards/{CARD}/gaps", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    page = response.json()
    assert page["analysis"]["unrated"] == [ids[-2]]
    items = {i["element_id"]: i for i in page["plan"]["items"]}
    assert set(items) == {ids[-2], ids[-1]}
    assert (items[ids[-2]]["action"], items[ids[-2]]["target"]) == ("Тағылымдама", "2027-02-01")
    assert items[ids[-1]]["target"] == "2027-04-10"
    assert page["next_level"]["card_id"] == "2634-4-001@7"
    assert page["next_level"]["adds"]


async def test_the_plan_as_a_workbook_and_the_ratings_file_read_back(
    web_client: httpx.AsyncClient,
) -> None:
    from openpyxl import load_workbook

    response = await web_client.post(f"/api/v1/cards/{CARD}/gaps?format=xlsx", json={"lang": "en"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Labour functions", "Elements", "Development plan"]
    template = await web_client.get(f"/api/v1/cards/{CARD}/gaps/ratings.csv")
    filled = template.content.decode("utf-8-sig").replace(",,\r\n", ",partly,\r\n", 1)
    read = await web_client.post(
        f"/api/v1/cards/{CARD}/gaps/ratings?name=mine.csv", content=filled.encode()
    )
    assert read.status_code == 200, read.text
    ratings = read.json()["ratings"]
    assert len(ratings) == len(_ids())
    assert [r["rating"] for r in ratings].count("partly") == 1


async def test_a_cv_suggests_partly_for_what_it_speaks_of(web_client: httpx.AsyncClient) -> None:
    body = {
        "text": "Жеке жұмыс жоспарын және журналды әзірледім, мониторинг жүргіздім.",
        "lang": "kk",
    }
    card = "2635-3-001@4"
    response = await web_client.post(f"/api/v1/cards/{card}/gaps", json=body)
    assert response.status_code == 200
    page = response.json()
    suggested = {s["element"] for s in page["suggested"]}
    assert f"{card}/f1/t1/s2" in suggested
    rated = {e["id"]: e for e in page["analysis"]["elements"] if e["rating"]}
    assert set(rated) == suggested
    assert {e["rating"] for e in rated.values()} == {"partly"}
    # A rating given wins over a suggestion.
    given = {**body, "ratings": [{"element": f"{card}/f1/t1/s2", "rating": "fully"}]}
    again = (await web_client.post(f"/api/v1/cards/{card}/gaps", json=given)).json()
    assert f"{card}/f1/t1/s2" not in {s["element"] for s in again["suggested"]}


async def test_wrong_ratings_are_refused_with_their_place(web_client: httpx.AsyncClient) -> None:
    other = {"ratings": [{"element": "2635-3-001@4/f1/t1/s1", "rating": "fully"}]}
    response = await web_client.post(f"/api/v1/cards/{CARD}/gaps", json=other)
    assert response.status_code == 400
    assert "not a skill or knowledge element" in response.json()["error"]["message"]
    bad = await web_client.post(f"/api/v1/cards/{CARD}/gaps", json={"months": 99})
    assert bad.status_code == 400
    file = f"element,rating\n{_ids()[0]},maybe\n".encode()
    read = await web_client.post(f"/api/v1/cards/{CARD}/gaps/ratings?name=r.csv", content=file)
    assert read.status_code == 400
    assert read.json()["error"]["details"]["problems"] == [
        "r.csv: row 2, column rating: 'maybe' is not a rating (not-yet, partly or fully)"
    ]
