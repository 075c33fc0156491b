"""The rules the OpenAPI document states (or docs/api.md lists) are the ones the server enforces.

The patterns of kasip.http.deps are written for JSON Schema, beside the
library's own checks: each is compared with its check on generated strings
(both ways), then every rule is tried over HTTP on each test backend. The
NUL cases are regressions: on PostgreSQL a malformed key reached the
database and answered 503.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest_web import SEED_KEY, assert_error
from kasip.errors import InvalidInput
from kasip.http.deps import (
    CARD_ID_PATTERN,
    CODE_PATTERN,
    ELEMENT_ID_PATTERN,
    LADDER_CODE_PATTERN,
    STANDARD_KEY_PATTERN,
)
from kasip.http.headers import SECURITY_HEADERS
from kasip.model.ids import MAX_ID_LENGTH, is_card_id, parse_element_id
from kasip.pages.checks import MAX_CODE_LENGTH, check_standard_key, clean_code

CARD_ID = "2635-3-001@5"
DOCS = Path(__file__).resolve().parents[1] / "docs"


def _accepts(check: Callable[[str], object]) -> Callable[[str], bool]:
    def accepted(text: str) -> bool:
        try:
            check(text)
        except InvalidInput:
            return False
        return True

    return accepted


def _ladder_code_ok(text: str) -> bool:
    # The ladder's own check (kasip.pages.ladder), on a code without surrounding spaces.
    from kasip.pages.ladder import LADDER_CODE_RE

    return LADDER_CODE_RE.fullmatch(text) is not None


# pattern, maxLength, whether the server accepts a text (before any stripping).
RULES: dict[str, tuple[str, int, Callable[[str], bool]]] = {
    "standard key": (STANDARD_KEY_PATTERN, MAX_ID_LENGTH, _accepts(check_standard_key)),
    "card id": (CARD_ID_PATTERN, MAX_ID_LENGTH, is_card_id),
    "element id": (ELEMENT_ID_PATTERN, MAX_ID_LENGTH, _accepts(parse_element_id)),
    "occupation code filter": (CODE_PATTERN, MAX_CODE_LENGTH, _accepts(clean_code)),
    "ladder code": (LADDER_CODE_PATTERN, 64, _ladder_code_ok),
}
# Texts near the grammars: their letters, separators and a few strangers.
NEAR = st.text(st.sampled_from("az09AZ-@~/.x \x00\x1f\x7fә"), max_size=30)


def documented(name: str, text: str) -> bool:
    pattern, max_length, _ = RULES[name]
    return len(text) <= max_length and re.fullmatch(pattern, text) is not None


@pytest.mark.slow
@pytest.mark.parametrize("name", RULES)
@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(data=st.data())
def test_pattern_and_server_check_agree(name: str, data: st.DataObject) -> None:
    pattern, _, accepted = RULES[name]
    matching = data.draw(st.from_regex(pattern, fullmatch=True).filter(lambda t: len(t) < 150))
    assert accepted(matching), (name, matching)
    text = data.draw(st.one_of(NEAR, st.text(max_size=20)))
    assert accepted(text) == documented(name, text), (name, text)


@pytest.mark.parametrize("name", RULES)
def test_too_long_is_refused(name: str) -> None:
    _, max_length, accepted = RULES[name]
    assert not accepted("a" * (max_length + 1) + "@5")
    assert not documented(name, "a" * (max_length + 1) + "@5")


# (path, why it is a 400): one value outside each documented rule, per operation.
REFUSED = [
    ("/api/v1/standards/A%00", "key pattern"),
    ("/api/v1/standards/%00/versions", "key pattern"),
    ("/api/v1/standards/%00/diff", "key pattern"),  # was 503 on PostgreSQL
    ("/api/v1/standards/Bad_Key/diff", "key pattern"),
    (f"/api/v1/standards/{'a' * 201}", "key maxLength"),
    ("/api/v1/cards?standard=%00", "standard pattern"),
    ("/api/v1/cards?code=%1C", "code pattern"),
    ("/api/v1/cards/2635-3-001", "card_id pattern"),
    (f"/api/v1/cards/{'1' * 200}@5", "card_id maxLength"),
    ("/api/v1/elements/2635-3-001@5//f1", "element_id pattern"),
    ("/api/v1/elements/Term1", "element_id pattern"),
    (f"/api/v1/compare?a=2635-3-001&b={CARD_ID}", "a pattern"),
    (f"/api/v1/compare?a={CARD_ID}&b={CARD_ID}&standard=%00", "standard pattern"),  # was 503
    ("/api/v1/ladder/2635-3-001?standard=%00", "standard pattern"),  # was 503
    ("/api/v1/ladder/%D0%B0%D0%B1", "ladder code pattern"),
    ("/api/v1/ladder/2635-3-001?lang=de", "lang enum"),
    ("/api/v1/search?q=маман&type=skills", "type enum"),
    ("/api/v1/search?q=%20%20", "blank q (docs/api.md)"),
    (f"/api/v1/cards/{CARD_ID}?version=1", "version without standard"),
    ("/api/v1/standards?per_page=201", "per_page maximum"),
    ("/api/v1/standards?page=0", "page minimum"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("path", "rule"), REFUSED)
async def test_a_value_outside_a_documented_rule_is_a_400(
    api_client: httpx.AsyncClient, path: str, rule: str
) -> None:
    response = await api_client.get(path)
    assert_error(response, 400)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/standards/{SEED_KEY}/diff",
        f"/api/v1/compare?a={CARD_ID}&b=2635-3-001@4&standard={SEED_KEY}",
        f"/api/v1/ladder/2635-3-001?standard={SEED_KEY}&lang=ru",
        "/api/v1/cards?code=%202635-3-001%20",
        f"/api/v1/cards/{CARD_ID}?version=1&standard={SEED_KEY}",
        "/api/v1/search?q=маман&type=skill&type=skill",
    ],
)
async def test_values_inside_the_rules_are_answered(
    api_client: httpx.AsyncClient, path: str
) -> None:
    response = await api_client.get(path)
    assert response.status_code == 200, response.text


@pytest.mark.anyio
async def test_if_none_match_answers_304(api_client: httpx.AsyncClient) -> None:
    first = await api_client.get(f"/api/v1/cards/{CARD_ID}")
    etag = first.headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await api_client.get(f"/api/v1/cards/{CARD_ID}", headers={"If-None-Match": sent})
        assert again.status_code == 304 and again.content == b"", sent
        assert again.headers["etag"] == etag
    other = await api_client.get(f"/api/v1/cards/{CARD_ID}", headers={"If-None-Match": '"x"'})
    assert other.status_code == 200


@pytest.mark.anyio
async def test_head_is_get_without_a_body(api_client: httpx.AsyncClient) -> None:
    get = await api_client.get(f"/api/v1/cards/{CARD_ID}")
    head = await api_client.head(f"/api/v1/cards/{CARD_ID}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("content_type", "body", "status", "code"),
    [
        ("application/xml", b"<text/>", 415, "unsupported-media-type"),
        ("text/plain", "маман".encode("utf-16"), 400, None),
        ("application/json", b"{", 400, "invalid-json"),
        ("application/json", b'{"text": "x", "extra": 1}', 400, "invalid-parameter"),
        ("text/plain", b"   ", 400, None),
    ],
)
async def test_match_body_rules(
    api_client: httpx.AsyncClient, content_type: str, body: bytes, status: int, code: str | None
) -> None:
    response = await api_client.post(
        "/api/v1/match", content=body, headers={"Content-Type": content_type}
    )
    assert_error(response, status, code)


@pytest.mark.anyio
async def test_a_json_body_limit_wins_over_the_query(api_client: httpx.AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/match?limit=20", json={"text": "әлеуметтік жұмыс жөніндегі маман", "limit": 1}
    )
    assert response.status_code == 200
    assert len(response.json()["matches"]) <= 1


@pytest.mark.anyio
async def test_a_page_past_the_last_is_empty(api_client: httpx.AsyncClient) -> None:
    response = await api_client.get("/api/v1/standards?page=1000")
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == [] and body["count"] >= 1


@pytest.mark.anyio
async def test_every_answer_has_the_security_headers(api_client: httpx.AsyncClient) -> None:
    for path in (f"/api/v1/cards/{CARD_ID}", "/api/v1/cards/x"):
        response = await api_client.get(path)
        assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == dict(
            SECURITY_HEADERS
        )


def test_docs_list_the_rules_this_file_checks() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    for needle in ("HEAD", "If-None-Match", "blank", "`limit`", "UTF-8", "415", "past the last"):
        assert needle in text, needle
