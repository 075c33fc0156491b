"""Glued words in labour-function and task titles: repaired for display, recorded,
the title and its span left as printed (issue 8, item 7)."""

from __future__ import annotations

import httpx
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from helpers_parse import read_seed
from kasip.cli import app
from kasip.model import LabourFunction
from kasip.model.elements import display_text
from kasip.parse import parse_standard
from kasip.text.clean import glued_word_offsets

CARD_ID = "2635-3-001@5"
PRINTED = ("еңсеру неоның алдын", "ұйымдастыруАрнаулы әлеуметтік")
SHOWN = ("еңсеру не оның алдын", "ұйымдастыру Арнаулы әлеуметтік")


def glued_function() -> tuple[str, LabourFunction]:
    text = read_seed()
    doc = parse_standard(text)
    card = next(c for c in doc.cards if c.id == CARD_ID)
    return text, card.functions[0]


def test_function_title_keeps_its_text_and_records_the_repairs() -> None:
    text, function = glued_function()
    assert all(printed in function.title for printed in PRINTED)
    assert function.title_span is not None
    assert text[function.title_span.start : function.title_span.end] == function.title
    offsets = [r.offset for r in function.repairs]
    assert offsets == [
        function.title.index("неоның") + 2,
        function.title.index("Арнаулы әлеуметтік қызметтер көрсету саласында"),
    ]
    assert {(r.kind, r.original, r.replacement) for r in function.repairs} == {
        ("glued-words", "", " ")
    }
    shown = display_text(function)
    assert all(s in shown for s in SHOWN)
    assert len(shown) == len(function.title) + 2


def test_seed_title_repairs_are_few_and_items_keep_theirs() -> None:
    doc = parse_standard(read_seed())
    units = [u for c in doc.cards for f in c.functions for u in f.tasks]
    titles = [f for c in doc.cards for f in c.functions] + units
    items = [i for u in units for i in (*u.skills, *u.knowledge)]
    assert sum(len(t.repairs) for t in titles) == 2
    assert sum(len(i.repairs) for i in items) == 79


@pytest.mark.parametrize(
    ("text", "offsets"),
    [
        ("РеспубликасыныңКонституциясы", [15]),
        ("еңсеру неоның алдын", [9]),
        ("Неоның", [2]),
        ("неонның жарығы, неондар", []),  # the word "неон" is left alone
        ("JavaScript, AppStore, OpenSource", []),  # Latin camel case is meant
        ("IoTи ПО, ҚР, ҚРЕМ, ЕңбекҚР", []),  # abbreviations are not words run together
    ],
)
def test_glued_words_are_only_the_certain_cases(text: str, offsets: list[int]) -> None:
    assert glued_word_offsets(text) == offsets


def test_kasip_show_prints_the_repaired_title(db: str) -> None:
    result = CliRunner(env={"COLUMNS": "400", "KASIP_DATABASE_URL": None}).invoke(
        app, ["show", CARD_ID, "--db", db]
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert all(s in flat for s in SHOWN)


@pytest.mark.anyio
async def test_card_page_shows_the_repaired_title(web_client: httpx.AsyncClient) -> None:
    response = await web_client.get(f"/cards/{CARD_ID}")
    assert response.status_code == 200
    titles = " ".join(
        s.get_text(" ", strip=True)
        for s in BeautifulSoup(response.text, "html.parser").select(".title")
    )
    assert all(s in titles for s in SHOWN)
    assert not any(p in titles for p in PRINTED)
    data = (await web_client.get(f"/cards/{CARD_ID}.json")).json()
    assert data["card"]["functions"][0]["repairs"]  # the record travels with the card
