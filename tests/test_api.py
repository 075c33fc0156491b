"""The REST API under /api/v1: envelopes, filters, pagination, ETags and the error shape.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too
(``api_app`` is parametrised like the store tests).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conftest_web import SEED_KEY, assert_error

pytestmark = pytest.mark.anyio

ENVELOPE = {"data", "count", "page", "per_page"}
SEED_CARDS = 14


async def get_json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


async def test_api_lists_standards_in_the_envelope(api_client: httpx.AsyncClient) -> None:
    body = await get_json(api_client, "/api/v1/standards")
    assert set(body) == ENVELOPE
    assert (body["count"], body["page"], body["per_page"]) == (1, 1, 50)
    [standard] = body["data"]
    assert standard["key"] == SEED_KEY
    assert (standard["language"], standard["order_number"], standard["order_date"]) == (
        "kk",
        "292",
        "2019-05-30",
    )
    assert (standard["latest_version"], standard["versions"], standard["cards"]) == (1, 1, 14)
    assert standard["url"] == f"/standards/{SEED_KEY}"


async def test_api_standard_has_versions_and_amendment_history(
    api_client: httpx.AsyncClient,
) -> None:
    body = await get_json(api_client, f"/api/v1/standards/{SEED_KEY}")
    assert body["standard"]["key"] == SEED_KEY
    assert body["standard"]["order"]["number"] == "292"
    assert (body["version"], body["latest_version"]) == (1, 1)
    assert [v["version"] for v in body["versions"]] == [1]
    timeline = [(e["kind"], e["order_number"], e["order_date"]) for e in body["timeline"]]
    assert timeline == [
        ("approved", "292", "2019-05-30"),
        ("amended", "488", "2021-12-23"),
        ("amended", "9", "2023-01-13"),
    ]
    notes = [a["id"] for e in body["timeline"] for a in e["amendments"]]
    assert len(notes) == 6 and len(set(notes)) == 6
    assert body["languages"] == ["kk"]
    assert len(body["terms"]) == 18 and body["terms"][0]["id"] == "term1"
    assert len(body["cards"]) == SEED_CARDS


async def test_api_standard_ladder_puts_each_card_in_its_level(
    api_client: httpx.AsyncClient,
) -> None:
    body = await get_json(api_client, f"/api/v1/standards/{SEED_KEY}")
    placed = {
        card["id"]: cell["level"]
        for row in body["ladder"]
        for cell in row["cells"]
        for card in cell["cards"]
    }
    assert placed == {card["id"]: card["level"] for card in body["cards"]}
    assert all(
        [cell["level"] for cell in row["cells"]] == list(range(1, 9)) for row in body["ladder"]
    )
    by_code = {row["code"]: row for row in body["ladder"]}
    ids = [[c["id"] for c in cell["cards"]] for cell in by_code["2634-9-004"]["cells"]]
    assert ids[5] == ["2634-9-004@6", "2634-9-004@6~2", "2634-9-004@6~3"]


async def test_api_lists_versions(api_client: httpx.AsyncClient) -> None:
    body = await get_json(api_client, f"/api/v1/standards/{SEED_KEY}/versions")
    assert set(body) == ENVELOPE and body["count"] == 1
    [version] = body["data"]
    assert version["version"] == 1 and version["cards"] == SEED_CARDS
    assert version["source_name"] == "psychological-and-social-work.kk.txt"
    assert len(version["source_sha256"]) == 64


async def test_api_pages_through_the_cards(api_client: httpx.AsyncClient) -> None:
    seen: list[str] = []
    for page in (1, 2, 3):
        body = await get_json(api_client, "/api/v1/cards", page=page, per_page=5)
        assert (body["count"], body["page"], body["per_page"]) == (SEED_CARDS, page, 5)
        seen += [card["id"] for card in body["data"]]
    assert len(seen) == SEED_CARDS == len(set(seen))
    beyond = await get_json(api_client, "/api/v1/cards", page=4, per_page=5)
    assert beyond["data"] == [] and beyond["count"] == SEED_CARDS


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"code": "2635-3-001"}, ["2635-3-001@4", "2635-3-001@5", "2635-3-001@6"]),
        ({"code": "3412-008"}, ["3412-0-008@4"]),  # the code as written
        ({"code": "2635-3-001", "level": 5}, ["2635-3-001@5"]),
        ({"level": 7}, ["1344-0-004@7", "2634-4-001@7", "2634-9-004@7"]),
        ({"q": "ПСИХОЛОГ-КОНСУЛЬТАНТ (СОТ)"}, ["2634-9-004@6~3", "2634-9-004@7"]),
        # Only an other name of the card holds these words; Kazakh capitals fold too.
        ({"q": "ҮЙДЕ ӘЛЕУМЕТТІК КӨМЕК"}, ["1344-0-004@7"]),
        ({"q": "психолог", "level": 7}, ["2634-9-004@7"]),
        ({"standard": SEED_KEY, "level": 4}, ["2635-3-001@4", "3412-0-008@4"]),
        ({"level": 1}, []),
        ({"q": "no such occupation"}, []),
    ],
)
async def test_api_filters_cards(
    api_client: httpx.AsyncClient, params: dict[str, Any], expected: list[str]
) -> None:
    body = await get_json(api_client, "/api/v1/cards", **params)
    assert [card["id"] for card in body["data"]] == expected
    assert body["count"] == len(expected)


async def test_api_card_has_its_functions_and_standard(api_client: httpx.AsyncClient) -> None:
    body = await get_json(api_client, "/api/v1/cards/2635-3-001@5")
    card = body["card"]
    assert (card["id"], card["code"], card["level"]) == ("2635-3-001@5", "2635-3-001", 5)
    assert card["functions"][0]["tasks"][0]["skills"][0]["id"] == "2635-3-001@5/f1/t1/s1"
    assert body["standard"]["key"] == SEED_KEY
    assert body["version"] == 1 and body["languages"] == ["kk"]
    assert [c["id"] for c in body["same_code"]] == ["2635-3-001@4", "2635-3-001@6"]
    assert body["pdf_url"] == "/cards/2635-3-001@5.pdf"
    same = await get_json(api_client, "/api/v1/cards/2635-3-001@5", standard=SEED_KEY, version=1)
    assert same == body


async def test_api_card_with_a_tilde_id(api_client: httpx.AsyncClient) -> None:
    body = await get_json(api_client, "/api/v1/cards/2634-9-004@6~2")
    assert body["card"]["id"] == "2634-9-004@6~2"


@pytest.mark.parametrize(
    ("element_id", "kind", "card_id"),
    [
        ("2635-3-001@5/f1", "function", "2635-3-001@5"),
        ("2635-3-001@5/f1/t1", "task", "2635-3-001@5"),
        ("2635-3-001@5/f1/t1/s2", "skill", "2635-3-001@5"),
        ("2635-3-001@5/f1/t1/k1", "knowledge", "2635-3-001@5"),
        ("2635-3-001@5/n1", "other_name", "2635-3-001@5"),
        ("2635-3-001@5/dir/c1", "qualification_category", "2635-3-001@5"),
        ("term1", "term", None),
        ("a1", "amendment", None),
    ],
)
async def test_api_element_by_stable_id(
    api_client: httpx.AsyncClient, element_id: str, kind: str, card_id: str | None
) -> None:
    body = await get_json(api_client, f"/api/v1/elements/{element_id}")
    assert (body["id"], body["type"], body["card_id"]) == (element_id, kind, card_id)
    assert body["element"]["id"] == element_id
    assert body["text"]
    assert body["span"]["line_start"] >= 1
    page = f"/cards/{card_id}" if card_id else f"/standards/{SEED_KEY}"
    assert body["url"] == f"{page}#{element_id}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/standards",
        f"/api/v1/standards/{SEED_KEY}",
        "/api/v1/cards?level=6",
        "/api/v1/cards/2635-3-001@5",
        "/api/v1/elements/2635-3-001@5/f1/t1",
    ],
)
async def test_api_conditional_get_answers_304(api_client: httpx.AsyncClient, url: str) -> None:
    first = await api_client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "no-cache"
    again = await api_client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    listed = await api_client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    changed = await api_client.get(url, headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200 and changed.content == first.content


async def test_api_etag_differs_between_resources(api_client: httpx.AsyncClient) -> None:
    one = await api_client.get("/api/v1/cards/2635-3-001@5")
    other = await api_client.get("/api/v1/cards/2635-3-001@6")
    assert one.headers["etag"] != other.headers["etag"]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/cards/9999-9-999@5", 404, "not-found"),
        ("/api/v1/cards/2635-3-001@9", 404, "not-found"),
        ("/api/v1/cards?level=9", 400, "invalid-parameter"),
        ("/api/v1/cards?level=0", 400, "invalid-parameter"),
        ("/api/v1/cards?level=five", 400, "invalid-parameter"),
        ("/api/v1/cards?page=0", 400, "invalid-parameter"),
        ("/api/v1/cards?per_page=1000", 400, "invalid-parameter"),
        ("/api/v1/cards?standard=no-such-standard", 404, "not-found"),
        ("/api/v1/cards/2635-3-001", 400, "invalid-input"),
        ("/api/v1/cards/not a card", 400, "invalid-input"),
        ("/api/v1/cards/2635-3-001@5?version=1", 400, "invalid-input"),
        (f"/api/v1/cards/2635-3-001@5?standard={SEED_KEY}&version=7", 404, "not-found"),
        ("/api/v1/standards/no-such-standard", 404, "not-found"),
        (f"/api/v1/standards/{SEED_KEY}?version=2", 404, "not-found"),
        ("/api/v1/standards/no-such-standard/versions", 404, "not-found"),
        ("/api/v1/standards/Not a key", 400, "invalid-input"),
        ("/api/v1/standards/%00/versions", 400, "invalid-input"),
        ("/api/v1/cards?standard=%00", 400, "invalid-input"),
        ("/api/v1/cards?code=%00", 400, "invalid-input"),
        ("/api/v1/elements/term1?standard=%00", 400, "invalid-input"),
        ("/api/v1/elements/2635-3-001@5/f1/t99", 404, "not-found"),
        ("/api/v1/elements/term999", 404, "not-found"),
        ("/api/v1/elements/2635-3-001@5//f1", 400, "invalid-input"),
        ("/api/v1/elements/2635-3-001@5/F 1", 400, "invalid-input"),
        ("/api/v1/elements/@5/f1", 400, "invalid-input"),
        ("/api/v1/no-such-resource", 404, "not-found"),
        ("/no/such/page", 404, "not-found"),
    ],
)
async def test_api_bad_input_gets_a_clear_4xx_in_the_error_shape(
    api_client: httpx.AsyncClient, url: str, status: int, code: str
) -> None:
    assert_error(await api_client.get(url), status, code)


async def test_api_validation_error_names_the_parameter(api_client: httpx.AsyncClient) -> None:
    error = assert_error(await api_client.get("/api/v1/cards?level=9"), 400)
    assert error["details"] == [
        {
            "location": "query.level",
            "message": "Input should be less than or equal to 8",
            "type": "less_than_equal",
        }
    ]
    assert "level" in str(error["message"])


async def test_api_wrong_method_is_405_in_the_error_shape(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post("/api/v1/cards")
    assert_error(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET"


NASTY = [
    "%00",
    "%2e%2e%2f%2e%2e",
    "' OR 1=1 --",
    "2635-3-001@5%0A",
    "@",
    "~",
    "x" * 500 + "@5",
    "2635-3-001@99999999999999999999999",
    "ӘҒҚҢ@5",
    "%F0%9F%98%80@1/f1",
]


@pytest.mark.parametrize("nasty", NASTY)
async def test_api_never_answers_500_to_odd_ids(api_client: httpx.AsyncClient, nasty: str) -> None:
    for url in (
        f"/api/v1/cards/{nasty}",
        f"/api/v1/elements/{nasty}",
        f"/api/v1/standards/{nasty}",
        f"/api/v1/cards?q={nasty}&code={nasty}",
        f"/cards/{nasty}",
        f"/elements/{nasty}",
    ):
        response = await api_client.get(url)
        assert response.status_code < 500, (url, response.text)
        if response.status_code >= 400:
            assert_error(response, response.status_code)
