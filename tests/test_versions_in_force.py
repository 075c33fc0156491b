"""Effective dates of versions and "in force on a date" (issue 15, item 7): store and CLI.

The registry holds the seed as version 1 and an edited text as version 2
(tests/test_history.py). Both texts name the same orders (approved 2019-05-30,
last amended 2023-01-13), so both are first stored with the date proposed
from the latest amending order, 2023-01-13 (basis ``order``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from compare_support import SEED_KEY, SEED_NAME, seed_document, seed_registry
from kasip.cli import app
from kasip.errors import InvalidInput, NotFound
from kasip.export.case_read import read_case
from kasip.model.official import OfficialSource
from kasip.registry import Registry, open_registry
from kasip.store import VersionSummary
from kasip.store.effective import (
    EnteredDate,
    parse_day,
    proposed_date,
    version_in_force,
    version_periods,
)
from kasip.store.schema import audit_log
from test_history import edited_seed
from test_store_schema import alembic_on

pytest_plugins = ["conftest_cli"]

PROPOSED = "2023-01-13"  # order No 9 of 13.01.2023, the seed's last amendment


def summary(version: int, on: str | None, basis: str = "entered") -> VersionSummary:
    return VersionSummary(version, "", "", "", 0, on, basis)  # type: ignore[arg-type]


@pytest.fixture
def registry() -> Iterator[Registry]:
    registry = seed_registry(edited_seed())
    try:
        yield registry
    finally:
        registry.close()


# --- the rules ---------------------------------------------------------------------------


def test_in_force_takes_the_latest_date_on_or_before_the_day() -> None:
    versions = [summary(1, "2019-06-10"), summary(2, "2022-01-05"), summary(3, "2023-01-24")]
    assert version_in_force("k", versions, date(2022, 3, 1)).version == 2
    assert version_in_force("k", versions, date(2022, 1, 5)).version == 2  # its first day
    assert version_in_force("k", versions, date(2022, 1, 4)).version == 1  # the day before
    assert version_in_force("k", versions, date(2030, 1, 1)).version == 3


def test_in_force_tie_goes_to_the_higher_version_and_the_lower_never_was() -> None:
    versions = [summary(1, "2019-06-10"), summary(3, "2022-01-05"), summary(2, "2022-01-05")]
    assert version_in_force("k", versions, date(2022, 1, 5)).version == 3
    periods = {p.version: p for p in version_periods(versions)}
    assert periods[2].superseded_at_once and not periods[3].superseded_at_once
    assert not any(periods[2].in_force_on(date(2022, 1, d)) for d in (4, 5, 6))
    assert periods[1].until == "2022-01-05"


def test_a_version_without_a_date_is_never_in_force() -> None:
    versions = [summary(1, "2019-06-10"), summary(2, None, "unknown")]
    assert version_in_force("k", versions, date(2030, 1, 1)).version == 1
    assert version_periods(versions)[1].until is None
    assert not version_periods(versions)[1].in_force_on(date(2030, 1, 1))
    with pytest.raises(NotFound, match="none has an effective date"):
        version_in_force("k", [summary(1, None, "unknown")], date(2030, 1, 1))


def test_a_day_before_the_first_date_names_the_first() -> None:
    versions = [summary(2, "2022-01-05"), summary(1, "2019-06-10")]
    with pytest.raises(NotFound) as caught:
        version_in_force("292-2019-05-30-kk", versions, date(2019, 6, 9))
    assert str(caught.value) == (
        "no version of 292-2019-05-30-kk was in force on 2019-06-09; "
        "the first took effect on 2019-06-10"
    )


@pytest.mark.parametrize("text", ["2022-02-30", "20220301", "1.3.2022", "2022-3-1", ""])
def test_parse_day_takes_only_real_days_written_iso(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"as_of: .* is not a date YYYY-MM-DD"):
        parse_day(text, name="as_of")


def test_proposed_date_is_the_latest_amending_order_else_the_approving_one() -> None:
    seed = seed_document()
    assert proposed_date(seed) == PROPOSED
    bare = seed.model_copy(update={"standard": seed.standard.model_copy(update={"amendments": ()})})
    assert proposed_date(bare) == "2019-05-30"


# --- the store ---------------------------------------------------------------------------


def test_import_proposes_the_order_date_and_ties_go_to_the_later_version(
    registry: Registry,
) -> None:
    stored = registry.versions(SEED_KEY)
    assert [(v.effective_from, v.effective_basis) for v in stored] == [(PROPOSED, "order")] * 2
    assert registry.version_in_force(SEED_KEY, date(2024, 1, 1)).version == 2


def test_set_effective_date_changes_the_version_in_force_and_is_audited(
    registry: Registry,
) -> None:
    generation = registry.generation()
    registry.set_effective_date(SEED_KEY, 1, EnteredDate(date(2019, 6, 10), "adilet"))
    registry.set_effective_date(SEED_KEY, 2, EnteredDate(date(2022, 1, 5)), actor="tester")
    assert registry.generation() > generation  # cached pages are made again
    assert registry.version_in_force(SEED_KEY, date(2021, 1, 1)).version == 1
    assert registry.version_in_force(SEED_KEY, date(2022, 3, 1)).version == 2
    first = registry.versions(SEED_KEY)[0]
    assert (first.effective_basis, first.effective_note) == ("entered", "adilet")
    with registry.engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
    assert [(r.actor, r.action, r.subject) for r in rows] == [
        ("cli", "version.effective-date", f"{SEED_KEY}@1"),
        ("tester", "version.effective-date", f"{SEED_KEY}@2"),
    ]
    assert json.loads(rows[0].before_json)["effective_basis"] == "order"
    assert json.loads(rows[0].after_json)["effective_from"] == "2019-06-10"


def test_set_effective_date_refuses_a_day_before_the_order_and_a_missing_version(
    registry: Registry,
) -> None:
    with pytest.raises(InvalidInput, match="before the date of the approving order"):
        registry.set_effective_date(SEED_KEY, 1, EnteredDate(date(2019, 5, 29)))
    with pytest.raises(NotFound, match="no version 9"):
        registry.set_effective_date(SEED_KEY, 9, EnteredDate(date(2020, 1, 1)))
    assert registry.versions(SEED_KEY)[0].effective_basis == "order"


def test_reimporting_with_a_date_confirms_the_held_version(registry: Registry) -> None:
    results = registry.import_documents(
        [seed_document()], entered=EnteredDate(date(2019, 6, 10), "gazette")
    )
    assert [(r.status, r.version, r.effective_from, r.dated) for r in results] == [
        ("unchanged", 1, "2019-06-10", True)
    ]
    assert registry.versions(SEED_KEY)[0].effective_note == "gazette"
    generation = registry.generation()  # the same date again changes nothing
    [again] = registry.import_documents(
        [seed_document()], entered=EnteredDate(date(2019, 6, 10), "gazette")
    )
    assert (again.dated, registry.generation()) == (False, generation)


def audit_rows(registry: Registry) -> list[tuple[str, str, str, Any, Any]]:
    with registry.engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
    return [
        (r.actor, r.action, r.subject, json.loads(r.before_json), json.loads(r.after_json))
        for r in rows
    ]


def test_reimporting_with_a_date_or_source_is_audited(registry: Registry) -> None:
    registry.import_documents([seed_document()], entered=EnteredDate(date(2019, 6, 10), "g"))
    registry.import_documents(
        [seed_document()], official=OfficialSource(url="https://adilet.zan.kz/kaz/docs/V1")
    )
    registry.import_documents([seed_document()], entered=EnteredDate(date(2019, 6, 10), "g"))
    [dated, sourced] = audit_rows(registry)  # the same date again: no row
    assert dated[:3] == ("import", "version.effective-date", f"{SEED_KEY}@1")
    assert (dated[3]["effective_from"], dated[3]["effective_basis"]) == (PROPOSED, "order")
    assert (dated[4]["effective_from"], dated[4]["effective_basis"]) == ("2019-06-10", "entered")
    assert sourced[:3] == ("import", "version.official-source", f"{SEED_KEY}@1")
    assert (sourced[3]["official_url"], sourced[4]["official_url"]) == (
        None,
        "https://adilet.zan.kz/kaz/docs/V1",
    )


def test_reimporting_refuses_to_overwrite_an_entered_date(registry: Registry) -> None:
    registry.set_effective_date(SEED_KEY, 1, EnteredDate(date(2019, 6, 10)), actor="person")
    generation = registry.generation()
    with pytest.raises(InvalidInput) as refused:
        registry.import_documents([seed_document()], entered=EnteredDate(date(2019, 7, 1)))
    said = str(refused.value)
    for part in (SEED_NAME, f"{SEED_KEY} version 1", "2019-06-10", "2019-07-01", "--set-eff"):
        assert part in said
    held = registry.versions(SEED_KEY)[0]
    assert (held.effective_from, registry.generation()) == ("2019-06-10", generation)
    assert len(audit_rows(registry)) == 1  # the person's row only
    # The same day confirms it: nothing to refuse.
    [same] = registry.import_documents([seed_document()], entered=EnteredDate(date(2019, 6, 10)))
    assert (same.status, same.effective_from) == ("unchanged", "2019-06-10")


def test_migration_0015_proposes_dates_for_versions_already_stored(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'old.db').as_posix()}"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
    with alembic_on(url) as (cfg, engine):
        command.downgrade(cfg, "0014")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("standard_versions")}
        assert "effective_from" not in columns
    with open_registry(url) as registry:  # opening upgrades it
        stored = registry.versions(SEED_KEY)
    assert [(v.effective_from, v.effective_basis, v.effective_note) for v in stored] == [
        (PROPOSED, "order", None)
    ]


# --- the command line --------------------------------------------------------------------


def _seed_file(tmp_path: Path) -> Path:
    """The bundled seed's official text, under another name."""
    path = tmp_path / "seed.kk.txt"
    path.write_bytes((resources.files("kasip") / "data" / SEED_NAME).read_bytes())
    return path


def test_cli_import_with_and_without_a_date(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    seed = _seed_file(tmp_path)
    proposed = runner.invoke(app, ["import", str(seed), "--db", url])
    assert proposed.exit_code == 0, proposed.output
    assert f"{PROPOSED} (order)" in proposed.stdout
    assert "only proposed" in proposed.stderr and "--set-effective-date" in proposed.stderr
    early = runner.invoke(app, ["import", str(seed), "--db", url, "--effective-date", "2019-01-01"])
    assert early.exit_code == 1
    assert (
        "seed.kk.txt" in early.stderr and "before the date of the approving order" in early.stderr
    )
    bad = runner.invoke(app, ["import", str(seed), "--db", url, "--effective-date", "2019-13-01"])
    assert bad.exit_code == 2 and "is not a date YYYY-MM-DD" in bad.stderr
    confirmed = runner.invoke(
        app,
        ["import", str(seed), "--db", url, "--effective-date", "2019-06-10",
         "--effective-note", "adilet"],
    )  # fmt: skip
    assert confirmed.exit_code == 0, confirmed.output
    assert "unchanged" in confirmed.stdout and "2019-06-10 (entered)" in confirmed.stdout
    assert "only proposed" not in confirmed.stderr


def test_cli_versions_sets_a_date_and_shows_the_periods(runner: CliRunner, db: str) -> None:
    needs = runner.invoke(
        app, ["versions", SEED_KEY, "--db", db, "--set-effective-date", "2019-06-10"]
    )
    assert needs.exit_code == 2 and "--set-effective-date needs --version" in needs.stderr
    done = runner.invoke(
        app,
        ["versions", SEED_KEY, "--db", db, "--set-effective-date", "2019-06-10",
         "--version", "1", "--note", "adilet", "--json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    [row] = json.loads(done.stdout)
    assert (row["effective_from"], row["effective_basis"], row["effective_note"]) == (
        "2019-06-10",
        "entered",
        "adilet",
    )
    assert row["in_force_until"] is None
    table = runner.invoke(app, ["versions", SEED_KEY, "--db", db])
    assert "2019-06-10" in table.stdout and "entered" in table.stdout
    audit = runner.invoke(app, ["audit", "list", "--db", db])
    assert "version.effective-date" in audit.stdout


def test_cli_export_and_show_as_of(runner: CliRunner, db: str) -> None:
    runner.invoke(
        app,
        ["versions", SEED_KEY, "--db", db, "--set-effective-date", "2019-06-10", "--version", "1"],
    )
    before = runner.invoke(
        app, ["export", "--standard", SEED_KEY, "--as-of", "2019-06-09", "--db", db]
    )
    assert before.exit_code == 1
    assert "the first took effect on 2019-06-10" in before.stderr
    both = runner.invoke(
        app,
        ["export", "--standard", SEED_KEY, "--as-of", "2020-01-01", "--version", "1", "--db", db],
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    alone = runner.invoke(app, ["export", "--as-of", "2020-01-01", "--db", db])
    assert alone.exit_code == 2 and "--as-of needs --standard" in alone.stderr
    case = runner.invoke(
        app, ["export", "-f", "case", "--standard", SEED_KEY, "--as-of", "2020-01-01", "--db", db]
    )
    assert case.exit_code == 0, case.output
    package = json.loads(case.stdout)
    assert package["CFDocument"]["statusStartDate"] == "2019-06-10"
    assert len(read_case(package, source_name="case.json")[0].cards) == 14  # reads back
    shown = runner.invoke(
        app,
        ["show", "2635-3-001@5", "--standard", SEED_KEY, "--as-of", "2020-01-01", "--json",
         "--db", db],
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    shown_json = json.loads(shown.stdout)
    assert shown_json["shown"]["id"] == "2635-3-001@5"
    assert (shown_json["version"], shown_json["effective_basis"]) == (1, "entered")
    assert "version 1, in force on 2020-01-01" in shown.stderr
    early = runner.invoke(
        app, ["show", "2635-3-001", "--standard", SEED_KEY, "--as-of", "2019-01-01", "--db", db]
    )
    assert early.exit_code == 1 and "no version of" in early.stderr
