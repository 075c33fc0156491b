"""Eligibility against the cards' requirements, and candidates' applications (kasip.assessment)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest_accounts import CARD, Site
from conftest_web import assert_error, client_for
from kasip.assessment import EDUCATION_LEVELS, check_eligibility, education_level
from kasip.model import DirectoryRequirements, QualificationCategory
from kasip.testing import make_card, make_span

# Real requirement texts of the bundled standard and the corpus (../shared/corpus/npp), by level.
REAL_TEXTS = {
    "Жоғары (немесе жоғары оқу орнынан кейінгі) білім": "higher",
    "тиісті мамандығы бойынша жоғары (немесе жоғары оқу орынынан кейінгі) білім": "higher",
    "Техникалық және кәсіптік (арнайы орта, кәсіптік орта) әлеуметтік, педагогикалық білім": "tve",
    "Жоғары әлеуметтік, экономикалық білім, техникалық және кәсіби (орта буын) білім": "tve",
    "Уровень образования: Высшее (5В код по МСКО) | Направление подготовки: ИКТ": "higher",
    "Уровень образования: Послевузовское (6М код по МСКО) | Квалификация: Магистр": "postgraduate",
    "Уровень образования: послевузовское  (7 уровень МСКО)": "postgraduate",
    "Уровень образования: Послесреднее | Специальность: 1304000": "post_secondary",
    "Уровень образования: общее среднее ТиПО (5 уровень МСКО)": "tve",
    "Уровень образования: высшее (6 уровень МСКО)": "higher",
    "Общее среднее образование": "secondary",
    "Специальность: 1304000": None,
}


@pytest.mark.parametrize(("text", "level"), REAL_TEXTS.items())
def test_education_levels_are_read_from_the_standards_words(text: str, level: str | None) -> None:
    assert education_level(text) == level


def _card(*rows: tuple[str, str, float | None], education: str = "") -> Any:
    categories = tuple(
        QualificationCategory(
            category=name,
            education=text,
            min_experience_years=years,
            raw=f"{name} – {text}",
            span=make_span(),
        )
        for name, text, years in rows
    )
    requirements = DirectoryRequirements(label="", raw="", categories=categories, span=make_span())
    card = make_card(level=6)
    return card.model_copy(update={"directory_requirements": requirements, "education": education})


HIGHER = "жоғары (немесе жоғары оқу орнынан кейінгі) білім"


def test_a_candidate_meets_the_categories_their_education_and_years_reach() -> None:
    card = _card(
        ("жоғары санат", HIGHER, 3), ("бірінші санат", HIGHER, 2), ("санаты жоқ", HIGHER, None)
    )
    met = check_eligibility(card, education="higher", experience_years=2.5)
    assert (met.eligible, met.categories) == (True, ("бірінші санат", "санаты жоқ"))
    master = check_eligibility(card, education="postgraduate", experience_years=10)
    assert master.categories == ("жоғары санат", "бірінші санат", "санаты жоқ")
    short = check_eligibility(card, education="tve", experience_years=0)
    assert not short.eligible
    [reason] = short.reasons
    assert (reason.kind, reason.needed, reason.have) == ("education", "higher", "tve")
    assert reason.requirement.startswith("санаты жоқ")  # the closest: education only is missing


def test_years_missing_are_said_and_the_cards_own_education_counts() -> None:
    card = _card(("жоғары санат", HIGHER, 3))
    [reason] = check_eligibility(card, education="higher", experience_years=1).reasons
    assert (reason.kind, reason.needed, reason.have) == ("experience", "3", "1")
    both = check_eligibility(card, education="secondary", experience_years=0).reasons
    assert [r.kind for r in both] == ["education", "experience"]
    # A level 5 card may ask TVE while its directory's categories ask higher education.
    mixed = _card(("жоғары санат", HIGHER, 3), education="техникалық және кәсіптік білім")
    assert check_eligibility(mixed, education="tve", experience_years=0).eligible
    years = make_card().model_copy(
        update={"education": "Жоғары білім және мамандығы бойынша кемінде 2 жыл жұмыс өтілі"}
    )
    [reason] = check_eligibility(years, education="higher", experience_years=1).reasons
    assert (reason.kind, reason.needed) == ("experience", "2")


def test_what_cannot_be_read_is_said_and_no_requirement_admits() -> None:
    unreadable = _card(("санат", "тиісті мамандық бойынша білім", None))
    [reason] = check_eligibility(unreadable, education="higher", experience_years=5).reasons
    assert reason.kind == "unreadable"
    assert check_eligibility(make_card(), education="secondary", experience_years=0).eligible


@pytest.mark.parametrize("level", EDUCATION_LEVELS)
def test_a_higher_level_never_loses_eligibility(level: Any) -> None:
    card = _card(("a", "техникалық және кәсіптік білім", 1), ("b", HIGHER, None))
    eligible = [
        check_eligibility(card, education=other, experience_years=1).eligible
        for other in EDUCATION_LEVELS
    ]
    assert eligible == sorted(eligible)  # False ... False, True ... True


# The API: candidates apply, see their own, staff see all, assessors admit.


async def _programme(client: Any, site: Site) -> int:
    made = await client.post(
        "/api/v1/programmes", json={"card_id": CARD}, headers=site.auth("methodologist")
    )
    programme_id: int = made.json()["id"]
    return programme_id


@pytest.mark.anyio
async def test_apply_see_and_admit(site: Site) -> None:
    async with client_for(site.app) as client:
        programme = await _programme(client, site)
        path = f"/api/v1/programmes/{programme}/applications"
        declared = {"education": "secondary", "experience_years": 0.5}
        for role in ("methodologist", "assessor", "admin"):
            assert_error(await client.post(path, json=declared, headers=site.auth(role)), 403)
        assert_error(await client.post(path, json=declared), 401)
        made = await client.post(path, json=declared, headers=site.auth("candidate"))
        assert made.status_code == 201, made.text
        application = made.json()
        assert (application["status"], application["candidate"]) == ("not-eligible", "candidate")
        assert application["eligibility"]["reasons"][0]["kind"] == "education"
        again = await client.post(path, json=declared, headers=site.auth("candidate"))
        assert_error(again, 409, "conflict")

        one = f"/api/v1/applications/{application['id']}"
        assert (await client.get(one, headers=site.auth("candidate"))).json() == application
        for role in ("methodologist", "assessor", "admin"):
            listed = await client.get("/api/v1/applications", headers=site.auth(role))
            assert application["id"] in [a["id"] for a in listed.json()["data"]]

        admit = f"{one}/exception"
        reason = {"reason": "Колледжді бітіргені туралы диплом ұсынылды"}
        for role in ("candidate", "methodologist", "admin"):
            assert_error(await client.post(admit, json=reason, headers=site.auth(role)), 403)
        admitted = await client.post(admit, json=reason, headers=site.auth("assessor"))
        assert admitted.json()["status"] == "exception"
        assert admitted.json()["exception"]["by"] == "assessor"
        twice = await client.post(admit, json=reason, headers=site.auth("assessor"))
        assert_error(twice, 400, "invalid-input")


@pytest.mark.anyio
async def test_a_candidate_sees_no_one_elses_application(site: Site) -> None:
    from kasip import accounts

    other = "other-candidate"
    if accounts.find_user(site.registry.engine, other) is None:
        accounts.create_user(
            site.registry.engine,
            login=other,
            name="O",
            role="candidate",
            password="y" * 12,
            actor="cli",
        )
    token = accounts.issue_token(site.registry.engine, other, label="t", actor="cli").token
    async with client_for(site.app) as client:
        programme = await _programme(client, site)
        path = f"/api/v1/programmes/{programme}/applications"
        declared = {"education": "higher", "experience_years": 4}
        mine = await client.post(path, json=declared, headers={"Authorization": f"Bearer {token}"})
        assert mine.json()["status"] == "eligible"
        seen = await client.get(
            f"/api/v1/applications/{mine.json()['id']}", headers=site.auth("candidate")
        )
        assert_error(seen, 404, "not-found")
        listed = await client.get("/api/v1/applications", headers=site.auth("candidate"))
        assert mine.json()["id"] not in [a["id"] for a in listed.json()["data"]]
