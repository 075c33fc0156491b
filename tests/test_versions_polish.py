"""What a lawyer and a methodologist see of versions and editions (review of issue 15, items 6-7).

The registry file holds the bundled Kazakh text as version 1 of
``292-2019-05-30-kk``, an edited text as its version 2 (tests/test_history.py)
and the Russian test text of the same order (tests/fixtures/heldout/psysocial.ru.txt,
written by this project, not official) as version 1 of ``292-2019-05-30-ru``.
All three name the same orders (last amended 2023-01-13), so each is stored
with that date proposed (basis ``order``).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from compare_support import seed_document
from conftest_web import client_for
from kasip.api.app import create_app
from kasip.cli import app
from kasip.pages.editions import build_parity
from kasip.parse import parse_standard
from kasip.registry import Registry, open_registry
from kasip.store.effective import EnteredDate
from test_history import edited_seed

pytest_plugins = ["conftest_cli"]

KK, RU = "292-2019-05-30-kk", "292-2019-05-30-ru"
RU_FILE = Path(__file__).parent / "fixtures" / "heldout" / "psysocial.ru.txt"
KK_FILE = Path(__file__).parents[1] / "src/kasip/data/psychological-and-social-work.kk.txt"
CARD = "2635-3-001@5"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registry file, built once; each test works on a copy."""
    path = tmp_path_factory.mktemp("polish") / "base.db"
    ru = parse_standard(RU_FILE.read_text(encoding="utf-8"), source_name=RU_FILE.name)
    with open_registry(f"sqlite:///{path}") as registry:
        registry.import_documents([seed_document(), ru])
        registry.import_documents([edited_seed()])
    return path


@pytest.fixture
def db(base: Path, tmp_path: Path) -> str:
    copy = tmp_path / "r.db"
    shutil.copy(base, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def registry(db: str) -> Iterator[Registry]:
    with open_registry(db) as registry:
        yield registry


def _dated(db: str) -> None:
    """Kazakh v1 from 2023-01-30, v2 from 2024-03-01 (this edition only): the reviewer's case."""
    with open_registry(db) as registry:
        for version, day in ((1, date(2023, 1, 30)), (2, date(2024, 3, 1))):
            registry.set_effective_date(KK, version, EnteredDate(day, "adilet"))


def _versions(runner: CliRunner, db: str, key: str) -> dict[int, dict[str, object]]:
    result = runner.invoke(app, ["versions", key, "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return {row["version"]: row for row in json.loads(result.stdout)}


# --- 1. kasip show --as-of / --version says which version and on what basis ---------------


def test_show_as_of_prints_the_version_its_period_and_basis(runner: CliRunner, db: str) -> None:
    _dated(db)
    show = ["show", CARD, "--db", db, "--standard"]
    early = runner.invoke(app, [*show, KK, "--as-of", "2023-06-01"])
    assert early.exit_code == 0, early.output
    assert f"{KK}: version 1, in force on 2023-06-01" in early.stderr
    assert "in force 2023-01-30 to 2024-02-29 (replaced on 2024-03-01) (entered: adilet)" in (
        early.stderr
    )
    assert "Специалист" not in early.stderr and CARD in early.stdout  # the card on stdout
    late = runner.invoke(app, [*show, KK, "--as-of", "2024-03-01"])
    assert "version 2, in force on 2024-03-01" in late.stderr
    assert "in force from 2024-03-01 (entered: adilet)" in late.stderr
    # The Russian edition rests on a date proposed from the order: the header says so.
    ru = runner.invoke(app, [*show, RU, "--as-of", "2023-06-01"])
    assert ru.exit_code == 0, ru.output
    assert "from 2023-01-13 (the order's date: proposed, not confirmed)" in ru.stderr


def test_show_json_as_of_and_version_carry_the_fields(runner: CliRunner, db: str) -> None:
    _dated(db)
    show = ["show", CARD, "--db", db, "--standard", KK, "--json"]
    body = json.loads(runner.invoke(app, [*show, "--as-of", "2023-06-01"]).stdout)
    assert {k: body[k] for k in ("standard", "version", "in_force_on")} == {
        "standard": KK,
        "version": 1,
        "in_force_on": "2023-06-01",
    }
    assert (body["effective_from"], body["effective_basis"], body["effective_note"]) == (
        "2023-01-30",
        "entered",
        "adilet",
    )
    assert (body["in_force_until"], body["last_day"]) == ("2024-03-01", "2024-02-29")
    assert body["shown"]["id"] == CARD
    chosen = runner.invoke(app, [*show, "--version", "2"])
    assert chosen.exit_code == 0, chosen.output
    body = json.loads(chosen.stdout)
    assert (body["version"], body["in_force_on"], body["last_day"]) == (2, None, None)
    assert f"{KK}: version 2. Version 2: in force from 2024-03-01" in chosen.stderr


def test_show_version_options_and_help(runner: CliRunner, db: str) -> None:
    alone = runner.invoke(app, ["show", CARD, "--version", "1", "--db", db])
    assert alone.exit_code == 2 and "--version needs --standard" in alone.stderr
    both = runner.invoke(
        app, ["show", CARD, "--standard", KK, "--version", "1", "--as-of", "2024-01-01", "--db", db]
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    missing = runner.invoke(app, ["show", CARD, "--standard", KK, "--version", "9", "--db", db])
    assert missing.exit_code == 1 and "no version 9" in missing.stderr
    # The help names --version only where the command has it.
    helped = runner.invoke(app, ["show", "--help"])
    options = set(re.findall(r"--[a-z-]+", helped.stdout))
    assert {"--version", "--as-of"} <= options


# --- 2. a period ends the day before the next version takes effect ------------------------


def test_versions_say_the_last_day_in_force(runner: CliRunner, db: str) -> None:
    _dated(db)
    text = runner.invoke(app, ["versions", KK, "--db", db]).stdout
    assert "Version 1: in force 2023-01-30 to 2024-02-29 (replaced on 2024-03-01)" in text
    assert "Version 2: in force from 2024-03-01 (entered: adilet)" in text
    assert "– 2024-03-01" not in text
    rows = _versions(runner, db, KK)
    assert (rows[1]["last_day"], rows[2]["last_day"]) == ("2024-02-29", None)


@pytest.fixture
async def client(db: str) -> AsyncIterator[httpx.AsyncClient]:
    _dated(db)
    with open_registry(db) as registry:
        async with client_for(create_app(registry=registry)) as client:
            yield client


TIMELINE = {
    "en": "in force from 2023-01-30 to 2024-02-29 (replaced on 2024-03-01)",
    "ru": "действовала с 2023-01-30 по 2024-02-29 включительно (заменена с 2024-03-01)",
    "kk": "2023-01-30 бастап 2024-02-29 қоса алғанда қолданыста болды "
    "(2024-03-01 бастап ауыстырылды)",
}


@pytest.mark.anyio
async def test_standard_page_timeline_says_the_last_day(client: httpx.AsyncClient) -> None:
    for lang, expected in TIMELINE.items():
        page = await client.get(f"/standards/{KK}", params={"lang": lang})
        assert page.status_code == 200
        first = BeautifulSoup(page.text, "html.parser").select("ol.in-force li")[0]
        assert expected in " ".join(first.get_text().split()), lang
    body = (await client.get(f"/api/v1/standards/{KK}")).json()
    assert [(p["version"], p["until"], p["last_day"]) for p in body["in_force"]] == [
        (1, "2024-03-01", "2024-02-29"),
        (2, None, None),
    ]


# --- 3. one order takes effect once, for both editions ------------------------------------


def test_set_effective_date_dates_the_other_edition_too(runner: CliRunner, db: str) -> None:
    done = runner.invoke(
        app,
        ["versions", KK, "--set-effective-date", "2023-01-30", "--version", "1", "--note",
         "adilet", "--db", db],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert f"Also version 1 of {RU} (the same orders): took effect on 2023-01-30" in done.stderr
    ru = _versions(runner, db, RU)[1]
    assert (ru["effective_from"], ru["effective_basis"], ru["effective_note"]) == (
        "2023-01-30",
        "entered",
        "adilet",
    )
    audit = runner.invoke(app, ["audit", "list", "--json", "--db", db])
    subjects = [row["subject"] for row in json.loads(audit.stdout)]
    assert f"{KK}@1" in subjects and f"{RU}@1" in subjects


def test_set_effective_date_this_edition_only_and_conflicts(runner: CliRunner, db: str) -> None:
    base = ["versions", "--version", "1", "--db", db, "--set-effective-date"]
    only = runner.invoke(app, [*base, "2023-02-01", RU, "--this-edition-only"])
    assert only.exit_code == 0 and "Also" not in only.stderr
    assert _versions(runner, db, KK)[1]["effective_basis"] == "order"  # untouched
    # A date a person entered for the other edition is never overwritten.
    conflict = runner.invoke(app, [*base, "2023-01-30", KK])
    assert conflict.exit_code == 0, conflict.output
    assert f"Not changed: version 1 of {RU} (the same orders) has the entered date 2023-02-01" in (
        " ".join(conflict.stderr.split())
    )
    assert _versions(runner, db, RU)[1]["effective_from"] == "2023-02-01"
    assert _versions(runner, db, KK)[1]["effective_from"] == "2023-01-30"


def test_counterpart_is_the_version_naming_the_same_orders(registry: Registry) -> None:
    # Kazakh v2 names the same orders as the Russian v1, so it is v1 that goes with it.
    change = registry.set_order_effective_date(KK, 2, EnteredDate(date(2023, 2, 10)))
    assert change.counterpart is not None and change.action == "set"
    assert (change.counterpart.key, change.counterpart.version) == (RU, 1)
    # The Russian v1 names the same orders as Kazakh v1 and v2: the latest is its counterpart.
    back = registry.set_order_effective_date(RU, 1, EnteredDate(date(2023, 2, 10)))
    assert back.counterpart is not None and back.action == "same"
    assert back.counterpart.version == 2
    assert [v.effective_basis for v in registry.versions(KK)] == ["order", "entered"]


def test_parity_reports_differing_effective_dates(runner: CliRunner, db: str) -> None:
    runner.invoke(
        app, ["versions", RU, "--set-effective-date", "2023-02-01", "--version", "1",
              "--this-edition-only", "--db", db],
    )  # fmt: skip
    checked = runner.invoke(app, ["check", "--parity", "--json", KK, RU, "--db", db])
    assert checked.exit_code == 1, checked.output
    report = json.loads(checked.stdout)
    [dated] = [d for d in report["differences"] if d["kind"] == "effective-date-differs"]
    assert (dated["a_value"], dated["b_value"]) == ("2023-01-13 (order)", "2023-02-01 (entered)")
    text = runner.invoke(app, ["check", "--parity", KK, RU, "--db", db]).stdout
    assert "effective-date-differs [the registry's dates]" in text
    with open_registry(db) as registry:
        page = build_parity(registry, KK)
        assert page.groups[0].card is None
        assert page.groups[0].differences[0].kind == "effective-date-differs"
        registry.set_order_effective_date(KK, 2, EnteredDate(date(2023, 2, 1)))
        kinds = {d.kind for d in build_parity(registry, KK).report.differences}
    assert "effective-date-differs" not in kinds
    # Files carry no date: nothing to compare.
    files = runner.invoke(app, ["check", "--parity", "--json", str(KK_FILE), str(RU_FILE)])
    assert files.exit_code == 1, files.output
    assert "effective-date-differs" not in files.stdout


@pytest.mark.anyio
async def test_standard_page_notes_the_other_editions_date(client: httpx.AsyncClient) -> None:
    page = await client.get(f"/standards/{RU}", params={"lang": "ru"})
    note = BeautifulSoup(page.text, "html.parser").select_one("#edition-date-differs")
    assert note is not None
    text = " ".join(note.get_text().split())
    assert "приказ вводится в действие один раз для обоих текстов" in text
    assert f"({KK}), версия 2: 2024-03-01" in text and "эта редакция, версия 1: 2023-01-13" in text
    body = (await client.get(f"/api/v1/standards/{RU}")).json()
    assert body["other_edition_date"]["effective_from"] == "2024-03-01"
    assert body["other_edition_date"]["own_basis"] == "order"


# --- 4. search lists only the other editions ----------------------------------------------


def test_search_groups_list_only_the_other_editions(runner: CliRunner, db: str) -> None:
    # Queries whose card groups hold hits shown in both editions (each hit in the
    # edition that fits it best): the case where the card's own edition was listed.
    queries = ("қарттар", "оценка потребностей")
    with open_registry(db) as registry:
        groups = [g for q in queries for g in registry.search(q, limit=40).groups]
    mixed = [g for g in groups if len({h.card.standard for h in g.hits}) > 1]
    assert mixed, "the queries must give a group whose hits are shown in both editions"
    for query in queries:
        listing = runner.invoke(app, ["search", query, "--limit", "40", "--db", db]).stdout
        heads = [line for line in listing.splitlines() if "also in" in line and line[:1] != " "]
        assert heads
        for line in heads:
            own = re.search(r"\((\d[\w-]+-(?:kk|ru))\)", line)
            assert own is not None, line
            assert own[1] not in line.split("also in", 1)[1], line
    # The page's groups (kasip.pages.search) take the same list.
    for group in groups:
        assert group.card.standard not in group.other_editions()
