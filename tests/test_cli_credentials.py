"""``kasip keys`` and ``kasip credential verify``: the issuer's keys, and offline verification."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assessment_support import answer_rightly, full_rubric, make_centre
from kasip.assessment import assign_assessor, score_practice, submit_attempt
from kasip.cli import app
from kasip.credentials import Certificate, Issuer, KeyStore, issue_certificate
from kasip.registry import open_registry

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytest_plugins = ["conftest_cli"]

# Verified against the real clock: everything happened in the past.
PAST = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_keys_init_rotate_and_list(runner: CliRunner, tmp_path: Path) -> None:
    folder = str(tmp_path / "keys")
    made = runner.invoke(app, ["keys", "init", "--dir", folder])
    assert made.exit_code == 0, made.output
    assert "readable by you only" in made.output
    again = runner.invoke(app, ["keys", "init", "--dir", folder])
    assert again.exit_code != 0 and "has keys already" in again.output
    assert runner.invoke(app, ["keys", "rotate", "--dir", folder]).exit_code == 0
    listed = runner.invoke(app, ["keys", "list", "--dir", folder, "--json"])
    keys = json.loads(listed.output)
    assert [k["active"] for k in keys] == [False, True]


def _issued(url: str, keys: KeyStore) -> Certificate:
    with open_registry(url) as registry:
        engine = registry.engine
        centre = make_centre(engine)
        attempt = centre.start("aigerim", now=PAST)
        answer_rightly(engine, attempt, PAST, right=attempt.questions)
        submit_attempt(engine, attempt.id, "aigerim", now=PAST)
        assign_assessor(engine, attempt.id, "assessor", by="m", now=PAST)
        marks = full_rubric(centre.programme, 2)
        passed = score_practice(engine, attempt.id, "assessor", marks, now=PAST)
        issuer = Issuer(name="kasip", public_url="http://127.0.0.1:8000")
        return issue_certificate(
            engine, keys, issuer, attempt=passed, stored=centre.stored,
            holder_name="Айгерім", holder_iin=None, by="m", now=PAST,
        )  # fmt: skip


@pytest.fixture
def issued(tmp_path: Path) -> tuple[str, str, Certificate]:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    folder = tmp_path / "keys"
    keys = KeyStore(folder)
    keys.init()
    return url, str(folder), _issued(url, keys)


def test_a_certificate_verifies_offline(
    runner: CliRunner, tmp_path: Path, issued: tuple[str, str, Certificate]
) -> None:
    url, folder, certificate = issued
    token = tmp_path / "certificate.jwt"
    token.write_text(certificate.jwt, encoding="ascii")
    verify = ["credential", "verify", "--dir", folder, "--db", url]
    valid = runner.invoke(app, [*verify, str(token)])
    assert valid.exit_code == 0, valid.output
    assert "valid (ok)" in valid.output and certificate.number in valid.output
    by_number = runner.invoke(app, ["credential", "verify", "--number", certificate.number,
                                    "--dir", folder, "--db", url, "--json"])  # fmt: skip
    assert json.loads(by_number.output)["status"] == "valid"
    changed = dict(certificate.credential) | {"name": "Басқа"}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    refused = runner.invoke(app, ["credential", "verify", str(forged), "--dir", folder,
                                  "--db", url])  # fmt: skip
    assert refused.exit_code == 1
    assert "tampered (register): name differs" in refused.output
    neither = runner.invoke(app, ["credential", "verify", "--dir", folder, "--db", url])
    assert neither.exit_code == 2
