"""The gap analysis page: the rating form, the result, the plan changed and downloaded."""

from __future__ import annotations

import io
import re

import httpx
import pytest

from compare_support import seed_document
from kasip.gaps.analysis import card_elements

pytest_plugins = ["conftest_web"]

pytestmark = pytest.mark.anyio

CARD = "2635-3-001@4"


def _ratings() -> dict[str, str]:
    """The first three elements fully, the next two partly, the rest left unrated."""
    card = next(c for c in seed_document().cards if c.id == CARD)
    ids = [e.id for e in card_elements(card)]
    form = {f"r:{i}": "fully" for i in ids[:3]}
    form.update({f"r:{i}": "partly" for i in ids[3:5]})
    form[f"e:{ids[0]}"] = "Курс, 2025"
    return form


async def test_the_form_lists_every_element_to_rate(web_client: httpx.AsyncClient) -> None:
    response = await web_client.get(f"/cards/{CARD}/gaps?lang=kk")
    assert response.status_code == 200
    html = response.text
    card = next(c for c in seed_document().cards if c.id == CARD)
    for element in card_elements(card):
        assert f'name="r:{element.id}" value="partly"' in html
    assert 'id="result"' not in html  # no result before the ratings are posted
    assert f'href="/cards/{CARD}/gaps/ratings.csv?standard=' in html


async def test_the_posted_ratings_give_the_gaps_and_a_plan_to_change(
    web_client: httpx.AsyncClient,
) -> None:
    form = _ratings() | {"start": "2027-03-01", "months": "6"}
    response = await web_client.post(f"/cards/{CARD}/gaps?lang=ru", data=form)
    assert response.status_code == 200, response.text
    html = response.text
    assert "<svg" in html and "План развития" in html
    rated = [k[2:] for k in form if k.startswith("r:")]
    assert f'name="r:{rated[0]}" value="fully" checked' in html
    assert 'value="Курс, 2025"' in html
    # The plan lists the gaps, not what is rated fully; its action may be changed.
    actions = re.findall(r'name="a:([^"]+)"', html)
    assert rated[0] not in actions and rated[3] in actions
    changed = form | {f"a:{rated[3]}": "Стажировка в отделе", f"t:{rated[3]}": "2027-04-15"}
    again = await web_client.post(f"/cards/{CARD}/gaps?lang=ru", data=changed)
    assert "Стажировка в отделе" in again.text and 'value="2027-04-15"' in again.text


async def test_the_plan_downloads_as_a_workbook(web_client: httpx.AsyncClient) -> None:
    from openpyxl import load_workbook

    response = await web_client.post(f"/cards/{CARD}/gaps.xlsx?lang=kk", data=_ratings())
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Еңбек функциялары", "Элементтер", "Даму жоспары"]


async def test_the_ratings_file_and_bad_forms(web_client: httpx.AsyncClient) -> None:
    template = await web_client.get(f"/cards/{CARD}/gaps/ratings.csv")
    assert template.status_code == 200
    assert template.content.decode("utf-8-sig").startswith("element,type,text,rating,evidence")
    bad = await web_client.post(f"/cards/{CARD}/gaps", data={"r:x": "maybe"})
    assert bad.status_code == 400
    wrong = await web_client.post(f"/cards/{CARD}/gaps", data={"r:2635-3-001@5/f1/t1/s1": "fully"})
    assert wrong.status_code == 400
    months = await web_client.post(f"/cards/{CARD}/gaps", data={"months": "600"})
    assert months.status_code == 400
    missing = await web_client.get("/cards/9999-9-999@4/gaps")
    assert missing.status_code == 404
    other = await web_client.post(f"/cards/{CARD}/gaps.docx", data={})
    assert other.status_code == 404


CV_KK = (
    "Әлеуметтік қызметкер ретінде жұмыс істедім. Мұқтаж отбасыларды анықтау, арнаулы "
    "әлеуметтік қызметтер көрсету жөніндегі шараларды ұйымдастыру. Жеке жұмыс жоспарын әзірледім."
)


async def test_a_cv_suggests_ratings_to_confirm(web_client: httpx.AsyncClient) -> None:
    form = {"text": CV_KK, "do": "suggest"}
    response = await web_client.post(f"/cards/{CARD}/gaps?lang=kk", data=form)
    assert response.status_code == 200
    html = response.text
    assert 'id="result"' not in html  # suggestions first, then the worker confirms them
    assert 'id="suggested"' in html and "мәтініңіз бойынша ұсынылды" in html
    suggested = re.findall(r'name="r:([^"]+)" value="partly" checked', html)
    assert f"{CARD}/f1/t1/s1" in suggested
    assert "Мұқтаж отбасыларды анықтау" in html.split(f'name="e:{CARD}/f1/t1/s1" value="')[1][:80]
    # A text about nothing on the card suggests nothing, and says so.
    other = {"text": "Разрабатываю микросервисы на Go и Kubernetes.", "do": "suggest"}
    nothing = await web_client.post(f"/cards/{CARD}/gaps?lang=ru", data=other)
    assert 'value="partly" checked' not in nothing.text
    assert 'id="suggested"' in nothing.text
