"""The attempt pages: the test in the browser, the assessor's rubric, the verdict, appeals.

Plain HTTP against the app (the browser test, tests/browser, runs the same
path in Chromium with the page's script). Runs on in-memory SQLite and, with
TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import itertools
import re

import httpx
import pytest

from conftest_accounts import CARD, Site, csrf_of, signed_in_client
from conftest_web import BASE_URL

pytestmark = pytest.mark.anyio

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
_people = itertools.count(1)


def _account(site: Site, role: str) -> str:
    from kasip import accounts

    login = f"web-{role}-{next(_people)}"
    accounts.create_user(site.registry.engine, login=login, name=login, role=role,
                         password="x" * 12 + login, actor="cli")  # fmt: skip
    return login


def _applied(site: Site, candidate: str) -> int:
    """A new programme of the site's card with a bank, and ``candidate``'s application to it."""
    from kasip import accounts, assessment
    from kasip.assessment import Declaration, Option, QuestionBody
    from kasip.pages.applications import apply_for_programme
    from kasip.pages.lookup import find_card
    from kasip.pages.programmes import create_programme

    engine = site.registry.engine
    methodologist = accounts.get_user(engine, "methodologist")
    programme = create_programme(site.registry, methodologist, CARD)
    card = find_card(site.registry, CARD).card
    options = (Option(kk="Дұрыс", ru="Верно", correct=True), Option(kk="Қате", ru="Неверно"))
    bodies = [
        QuestionBody(kind="single", card_id=CARD, elements=(f"{CARD}/f1/t1/k{k}",),
                     stem_kk=f"Сұрақ {k}?", stem_ru=f"Вопрос {k}?", options=options)
        for k in (1, 2)
    ]  # fmt: skip
    assessment.save_questions(engine, card, [(None, b) for b in bodies], actor="methodologist")
    declared = Declaration(education="higher", experience_years=5)
    user = accounts.get_user(engine, candidate)
    return apply_for_programme(site.registry, user, programme.id, declared).id


def _right_positions(page: str) -> dict[str, str]:
    """Each question's right option's position, read off the test page (``Верно``)."""
    found = re.findall(r'name="q-(\d+)" value="(\d+)"> Верно', page)
    return dict(found)


async def test_a_candidate_sits_the_test_and_gets_a_verdict(site: Site) -> None:
    candidate = _account(site, "candidate")
    assessor = _account(site, "assessor")
    application = _applied(site, candidate)
    async with signed_in_client(site, candidate) as client:
        mine = await client.get("/applications?lang=ru")
        assert "Начать тест" in mine.text
        started = await client.post(f"/applications/{application}/attempts",
                                    data={"csrf": csrf_of(mine)})  # fmt: skip
        assert started.status_code == 303
        path = started.headers["location"]
        test = await client.get(path + "?lang=ru")
        assert test.headers["cache-control"] == "no-store"
        assert 'role="timer"' in test.text and "Вопрос 1?" in test.text
        assert "correct" not in test.text
        right = _right_positions(test.text)
        assert len(right) == 2
        first, second = sorted(right)
        # The page's script sends one answer at a time and gets the time left.
        saved = await client.post(
            f"{path}/answers",
            data={"csrf": csrf_of(test), "only": first, "shown": first, f"q-{first}": right[first]},
            headers={"Accept": "application/json"},
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["seconds_left"] > 0 and saved.json()["saved_at"]
        # A reload (a lost connection) shows the answer kept.
        again = await client.get(path + "?lang=ru")
        assert f'name="q-{first}" value="{right[first]}" checked' in again.text
        # Finishing sends the rest of the form.
        done = await client.post(
            f"{path}/submit",
            data={"csrf": csrf_of(again), "shown": [first, second], f"q-{first}": right[first],
                  f"q-{second}": right[second]},
        )  # fmt: skip
        assert done.status_code == 303
        result = await client.get(path + "?lang=ru")
        assert "ожидает оценок эксперта-оценщика" in result.text and "100.0%" in result.text
        assert "начата: <time datetime=" in result.text  # a moment, not its escaped markup
    async with signed_in_client(site, "admin") as client:
        page = await client.get(path)
        assigned = await client.post(f"{path}/assessor",
                                     data={"csrf": csrf_of(page), "login": assessor})  # fmt: skip
        assert assigned.status_code == 303
    async with signed_in_client(site, assessor) as client:
        page = await client.get(path + "?lang=kk")
        assert "Практикалық бөлікті бағалау" in page.text
        fields = re.findall(r'name="(p-\d+-\d+)" type="number" min="0" max="(\d+)"', page.text)
        assert fields
        too_many = {name: str(int(most) + 1) for name, most in fields}
        refused = await client.post(f"{path}/rubric", data={"csrf": csrf_of(page), **too_many})
        assert refused.status_code == 400
        points = {name: most for name, most in fields}
        scored = await client.post(f"{path}/rubric", data={"csrf": csrf_of(page), **points})
        assert scored.status_code == 303
    async with signed_in_client(site, candidate) as client:
        result = await client.get(path + "?lang=ru")
        assert 'id="verdict" class="verdict verdict-passed"' in result.text
        assert "<svg" in result.text and "Баллы по трудовым функциям" in result.text
        assert "Почему вы не согласны с решением" in result.text
        reason = {"csrf": csrf_of(result), "reason": "Хочу пересмотра"}
        appealed = await client.post(f"{path}/appeal", data=reason)
        assert appealed.status_code == 303
    async with signed_in_client(site, "methodologist") as client:
        page = await client.get(path + "?lang=ru")
        assert "Рассмотреть апелляцию" in page.text
        decided = await client.post(
            f"{path}/decision",
            data={"csrf": csrf_of(page), "decision": "rejected", "note": "Оценено верно"},
        )
        assert decided.status_code == 303
        page = await client.get(path + "?lang=ru")
        assert "отклонена" in page.text and "Оценено верно" in page.text


async def test_others_do_not_see_an_attempt_and_forms_need_the_token(site: Site) -> None:
    candidate = _account(site, "candidate")
    application = _applied(site, candidate)
    async with signed_in_client(site, candidate) as client:
        mine = await client.get("/applications")
        forged = await client.post(f"/applications/{application}/attempts", data={"csrf": "x"})
        assert forged.status_code == 403
        started = await client.post(f"/applications/{application}/attempts",
                                    data={"csrf": csrf_of(mine)})  # fmt: skip
        path = started.headers["location"]
        page = await client.get(path)
        forged = await client.post(f"{path}/answers", data={"csrf": "x", "shown": "1"})
        assert forged.status_code == 403
        # A second start while the test is open: refused, with the reason.
        second = await client.post(f"/applications/{application}/attempts",
                                   data={"csrf": csrf_of(page)})  # fmt: skip
        assert second.status_code == 409
    for login in (_account(site, "candidate"), _account(site, "assessor")):
        async with signed_in_client(site, login) as client:
            assert (await client.get(path)).status_code == 404
            assert (await client.get("/attempts")).status_code == 200
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=site.app),
                                 base_url=BASE_URL) as client:  # fmt: skip
        assert (await client.get(path)).headers["location"] == f"/login?next={path}"


async def test_the_centre_reads_the_statistics(site: Site) -> None:
    candidate = _account(site, "candidate")
    application = _applied(site, candidate)
    async with signed_in_client(site, candidate) as client:
        mine = await client.get("/applications")
        started = await client.post(f"/applications/{application}/attempts",
                                    data={"csrf": csrf_of(mine)})  # fmt: skip
        path = started.headers["location"]
        page = await client.get(path)
        await client.post(f"{path}/submit", data={"csrf": csrf_of(page)})
    from kasip import assessment

    programme_id = assessment.get_attempt(
        site.registry.engine, int(path.rsplit("/", 1)[1]), now=assessment.clock()
    ).programme_id
    async with signed_in_client(site, "methodologist") as client:
        stats = await client.get(f"/programmes/{programme_id}/statistics?lang=ru")
        assert stats.status_code == 200 and "Доля сдавших" in stats.text
        assert "Тест пока никто не проходил." not in stats.text
        csv = await client.get(f"/programmes/{programme_id}/statistics.csv")
        assert csv.text.lstrip("\ufeff").startswith("question_id,")
    async with signed_in_client(site, candidate) as client:
        refused = await client.get(f"/programmes/{programme_id}/statistics")
        assert refused.status_code == 403
