"""The assessment pages: programmes for anyone signed in, a candidate applies, staff see all.

Runs on in-memory SQLite and, with TEST_DATABASE_URL, on PostgreSQL too.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from conftest_accounts import CARD, Site, signed_in_client
from conftest_web import BASE_URL

pytestmark = pytest.mark.anyio

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
async def programme(site: Site) -> AsyncIterator[int]:
    """A programme of the site's card, kept by its methodologist."""
    from kasip import accounts
    from kasip.pages.programmes import create_programme

    methodologist = accounts.get_user(site.registry.engine, "methodologist")
    yield create_programme(site.registry, methodologist, CARD).id


async def test_the_pages_need_a_signed_in_person(site: Site, programme: int) -> None:
    transport = httpx.ASGITransport(app=site.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in ("/programmes", f"/programmes/{programme}", "/applications"):
            response = await client.get(path)
            assert (response.status_code, response.headers["location"]) == (
                303,
                f"/login?next={path}",
            )


async def test_a_candidate_reads_a_programme_applies_and_sees_why(
    site: Site, programme: int
) -> None:
    async with signed_in_client(site, "candidate") as client:
        listed = await client.get("/programmes?lang=ru")
        assert listed.headers["cache-control"] == "no-store"
        assert f'href="/programmes/{programme}"' in listed.text
        page = await client.get(f"/programmes/{programme}")
        assert "Теория" in page.text and "Правила" in page.text
        assert "Эти числа задаёт центр оценки, а не закон." in page.text
        found = CSRF_RE.search(page.text)
        assert found is not None
        form = {"education": "tve", "experience_years": "4", "csrf": found.group(1)}
        forged = await client.post(f"/programmes/{programme}/apply", data={**form, "csrf": "x"})
        assert forged.status_code == 403
        applied = await client.post(f"/programmes/{programme}/apply", data=form)
        assert applied.status_code == 303
        assert applied.headers["location"].startswith("/applications#application-")
        mine = await client.get("/applications")
        assert "не допущен" in mine.text
        assert "требуется высшее образование; у вас — техническое и профессиональное" in mine.text
        assert "Жоғары (немесе жоғары оқу орнынан кейінгі) білім" in mine.text  # quoted
        again = await client.post(f"/programmes/{programme}/apply", data=form)
        assert again.headers["location"] == "/applications"
        # The programme's page now links to the application instead of the form.
        page = await client.get(f"/programmes/{programme}")
        assert "Вы подали заявку на эту программу" in page.text and "<select" not in page.text

    async with signed_in_client(site, "assessor") as staff:
        every = await staff.get("/applications?lang=en")
        assert "candidate · technical and vocational education" in every.text
        page = await staff.get(f"/programmes/{programme}")
        assert "<select" not in page.text  # no form for those who do not apply


async def test_a_methodologist_drafts_a_programme_on_the_web(site: Site) -> None:
    async with signed_in_client(site, "methodologist") as client:
        page = await client.get("/programmes?lang=kk")
        assert "Бағдарлама жобасын құру" in page.text
        found = CSRF_RE.search(page.text)
        assert found is not None
        form = {"card_id": CARD, "scope": f"{CARD}/f1/t1\n", "csrf": found.group(1)}
        wrong = await client.post("/programmes", data={**form, "scope": f"{CARD}/f1/t1/k1"})
        assert wrong.status_code == 400 and "Бағдарламаны құру мүмкін емес" in wrong.text
        assert f"{CARD}/f1/t1/k1" in wrong.text  # the form keeps what was typed
        assert 'name="theory_pass_percent"' in page.text and 'value="70"' in page.text
        bad_rule = await client.post("/programmes", data={**form, "max_attempts": "0"})
        assert bad_rule.status_code == 400
        made = await client.post(
            "/programmes", data={**form, "theory_pass_percent": "80", "max_attempts": "2"}
        )
        assert made.status_code == 303
        shown = await client.get(made.headers["location"])
        assert "Бағалау" in shown.text  # the task, as a practical task
        assert "<dd>80%</dd>" in shown.text and "<dd>2</dd>" in shown.text
    async with signed_in_client(site, "candidate") as client:
        page = await client.get("/programmes")
        assert "Бағдарлама жобасын құру" not in page.text  # no form for others
        found = CSRF_RE.search((await client.get("/account")).text)
        assert found is not None
        refused = await client.post("/programmes", data={"card_id": CARD, "csrf": found.group(1)})
        assert refused.status_code == 403


async def test_an_assessor_admits_with_a_reason(site: Site, programme: int) -> None:
    from kasip import accounts
    from kasip.assessment import Declaration
    from kasip.pages.applications import apply_for_programme

    if accounts.find_user(site.registry.engine, "late.candidate") is None:
        accounts.create_user(
            site.registry.engine,
            login="late.candidate",
            name="L",
            role="candidate",
            password="z" * 12,
            actor="cli",
        )
    late = accounts.get_user(site.registry.engine, "late.candidate")
    declared = Declaration(education="tve", experience_years=1)
    application = apply_for_programme(site.registry, late, programme, declared)
    async with signed_in_client(site, "assessor") as client:
        page = await client.get("/applications?lang=ru")
        assert f'action="/applications/{application.id}/exception"' in page.text
        found = CSRF_RE.search(page.text)
        assert found is not None
        path = f"/applications/{application.id}/exception"
        forged = await client.post(path, data={"reason": "x", "csrf": "forged"})
        assert forged.status_code == 403
        reason = "Диплом колледжа и 10 лет работы по профилю"
        admitted = await client.post(path, data={"reason": reason, "csrf": found.group(1)})
        assert admitted.status_code == 303
        page = await client.get("/applications")
        assert "допущен в порядке исключения" in page.text and reason in page.text
    async with signed_in_client(site, "methodologist") as client:
        page = await client.get("/applications")
        assert "/exception" not in page.text  # only assessors admit
