"""The question bank pages: coverage, the editor in Kazakh and Russian, spreadsheets, roles.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import re

import pytest

from conftest_accounts import CARD, Site, csrf_of, signed_in_client

pytestmark = pytest.mark.anyio

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
K1 = f"{CARD}/f1/t1/k1"


@pytest.fixture
def programme(site: Site) -> int:
    from kasip import accounts
    from kasip.pages.programmes import create_programme

    methodologist = accounts.get_user(site.registry.engine, "methodologist")
    return create_programme(site.registry, methodologist, CARD).id


def _missing(page: str) -> int:
    return page.count('<tr class="missing">')


async def test_a_methodologist_writes_and_edits_questions(site: Site, programme: int) -> None:
    async with signed_in_client(site, "methodologist") as client:
        bank = await client.get(f"/programmes/{programme}/questions?lang=ru")
        assert bank.headers["cache-control"] == "no-store"
        assert "Покрытие" in bank.text
        before = _missing(bank.text)
        new = await client.get(f"/questions/new?programme={programme}&element={K1}&kind=single")
        assert f">{K1}</textarea>" in new.text
        form = {
            "csrf": csrf_of(new), "programme": str(programme), "kind": "single", "elements": K1,
            "stem_kk": "Қай заң?", "points": "1", "option-0-kk": "Еңбек кодексі",
            "option-0-correct": "on", "option-1-kk": "Салық кодексі",
        }  # fmt: skip
        # The stem in Russian too: then every option needs its Russian text.
        refused = await client.post("/questions", data={**form, "stem_ru": "Какой закон?"})
        assert refused.status_code == 400
        assert "option or criterion 1 has no ru text" in refused.text
        assert "Какой закон?" in refused.text  # what was typed is kept
        made = await client.post("/questions", data=form)
        assert made.status_code == 303, made.text
        bank_path, anchor = made.headers["location"].split("#")
        question_id = int(anchor.removeprefix("question-"))
        bank = await client.get(bank_path + "?lang=ru")
        assert "Қай заң?" in bank.text and _missing(bank.text) == before - 1
        editor = await client.get(f"/questions/{question_id}?programme={programme}")
        assert 'value="Еңбек кодексі"' in editor.text and "checked" in editor.text
        changed = {**form, "csrf": csrf_of(editor), "stem_ru": "Какой закон?",
                   "option-0-ru": "Трудовой кодекс", "option-1-ru": "Налоговый кодекс"}  # fmt: skip
        saved = await client.post(f"/questions/{question_id}", data=changed)
        assert saved.status_code == 303
        bank = await client.get(bank_path + "?lang=ru")
        assert "Какой закон?" in bank.text and "Трудовой кодекс" in bank.text
        practical = {
            "csrf": csrf_of(bank), "programme": str(programme), "kind": "practical",
            "elements": f"{CARD}/f1/t1", "stem_kk": "Сауалнама жүргізіңіз",
            "criterion-0-kk": "Сұрақтар дұрыс", "criterion-0-points": "3",
        }  # fmt: skip
        assert (await client.post("/questions", data=practical)).status_code == 303


async def test_the_bank_goes_out_and_comes_back_as_a_spreadsheet(
    site: Site, programme: int
) -> None:
    from kasip import accounts, assessment
    from kasip.assessment import Option, QuestionBody
    from kasip.pages.questions import add_question

    # A bank of its own: the test does not lean on another test's questions.
    options = (Option(kk="Иә", correct=True), Option(kk="Жоқ"))
    body = QuestionBody(kind="single", card_id=CARD, elements=(K1,), stem_kk="Сұрақ?",
                        options=options)  # fmt: skip
    add_question(site.registry, accounts.get_user(site.registry.engine, "methodologist"), body)
    async with signed_in_client(site, "methodologist") as client:
        exported = await client.get(f"/programmes/{programme}/questions.csv")
        assert exported.status_code == 200 and exported.headers["content-type"].startswith(
            "text/csv"
        )
        assert "attachment" in exported.headers["content-disposition"]
        xlsx = await client.get(f"/programmes/{programme}/questions.xlsx")
        assert xlsx.content[:2] == b"PK"
        bank = await client.get(f"/programmes/{programme}/questions")
        count = len(assessment.list_questions(site.registry.engine, CARD))
        files = {"file": ("bank.csv", exported.content, "text/csv")}
        back = await client.post(f"/programmes/{programme}/questions/import",
                                 data={"csrf": csrf_of(bank)}, files=files)  # fmt: skip
        assert back.status_code == 303, back.text
        assert len(assessment.list_questions(site.registry.engine, CARD)) == count
        broken = {"file": ("bank.csv", exported.content + b"x,y\n", "text/csv")}
        refused = await client.post(f"/programmes/{programme}/questions/import",
                                    data={"csrf": csrf_of(bank)}, files=broken)  # fmt: skip
        assert refused.status_code == 400 and 'role="alert"' in refused.text
        assert len(assessment.list_questions(site.registry.engine, CARD)) == count
        forged = await client.post(f"/programmes/{programme}/questions/import",
                                   data={"csrf": "x"}, files=files)  # fmt: skip
        assert forged.status_code == 403


async def test_only_the_staff_read_and_only_a_methodologist_writes(
    site: Site, programme: int
) -> None:
    async with signed_in_client(site, "assessor") as client:
        bank = await client.get(f"/programmes/{programme}/questions")
        assert bank.status_code == 200 and "/questions/new" not in bank.text
        assert (await client.get(f"/questions/new?programme={programme}")).status_code == 403
        account = await client.get("/account")
        sent = {"csrf": csrf_of(account), "programme": str(programme), "kind": "short"}
        assert (await client.post("/questions", data=sent)).status_code == 403
    async with signed_in_client(site, "candidate") as client:
        assert (await client.get(f"/programmes/{programme}/questions")).status_code == 403
        assert (await client.get(f"/programmes/{programme}/questions.csv")).status_code == 403


async def test_a_form_without_its_programme_is_400(site: Site) -> None:
    async with signed_in_client(site, "methodologist") as client:
        account = await client.get("/account")
        for value in ("abc", "9" * 25, "0", ""):
            sent = {"csrf": csrf_of(account), "programme": value, "kind": "short"}
            assert (await client.post("/questions", data=sent)).status_code == 400, value
