"""``kasip users`` and ``kasip audit``: accounts and the audit log from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from kasip.cli import app

if TYPE_CHECKING:
    from typer.testing import CliRunner

pytest_plugins = ["conftest_cli"]

PASSWORD = "correct horse battery"


def _run(runner: CliRunner, url: str, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--db", url], input=stdin)
    return result.exit_code, result.output


def test_the_first_admin_then_accounts_tokens_and_the_log(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "r.db"
    url = f"sqlite:///{path}"
    code, out = _run(
        runner, url, "users", "create", "Admin@Example.KZ", "--role", "admin", "--name",
        "Әсем Нұрлан", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, out
    assert "Created admin@example.kz (admin)." in out
    # Prompted: twice, without echo; a mismatch asks again.
    code, out = _run(
        runner, url, "users", "create", "cand", "--role", "candidate",
        stdin=f"{PASSWORD}\n{PASSWORD}x\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert code == 0, out
    assert PASSWORD not in out

    code, out = _run(runner, url, "users", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(u["login"], u["name"], u["role"]) for u in listed] == [
        ("admin@example.kz", "Әсем Нұрлан", "admin"),
        ("cand", "cand", "candidate"),
    ]

    result = runner.invoke(app, ["users", "token", "cand", "--label", "LMS", "--db", url])
    assert result.exit_code == 0
    token = result.stdout.strip()  # the token alone on stdout, for scripts
    assert token.startswith("kasip_") and "shown this once" in result.stderr
    code, out = _run(runner, url, "users", "tokens", "cand")
    assert "LMS" in out and token not in out
    assert _run(runner, url, "users", "revoke", "1")[0] == 0
    assert "revoked" in _run(runner, url, "users", "tokens", "cand")[1]

    assert _run(runner, url, "users", "role", "cand", "--role", "assessor")[0] == 0
    assert _run(runner, url, "users", "disable", "cand")[0] == 0
    new_password = "a completely new one"
    code, out = _run(
        runner, url, "users", "password", "cand", "--password-stdin", stdin=new_password
    )
    assert code == 0, out

    code, out = _run(runner, url, "audit", "list", "--json")
    actions = [row["action"] for row in json.loads(out)]
    assert actions == [
        "user.password", "user.disable", "user.role", "token.revoke", "token.issue",
        "user.create", "user.create",
    ]  # fmt: skip
    assert {row["actor"] for row in json.loads(out)} == {"cli"}
    code, out = _run(runner, url, "audit", "verify")
    assert (code, "7 rows, chain intact" in out) == (0, True)

    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert PASSWORD not in dump and new_password not in dump and token not in dump


def test_mistakes_are_refused_with_a_reason(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    create = ("users", "create", "root", "--role", "admin", "--password-stdin")
    assert _run(runner, url, *create, stdin=PASSWORD)[0] == 0
    for args, stdin, message in (
        (create, PASSWORD, "the login 'root' is taken"),
        (("users", "create", "x", "--role", "admin", "--password-stdin"), PASSWORD, "a login is"),
        (
            ("users", "create", "bob", "--role", "boss", "--password-stdin"),
            PASSWORD,
            "unknown role",
        ),
        (("users", "create", "bob", "--role", "assessor", "--password-stdin"), "short", "12"),
        (("users", "role", "root", "--role", "assessor"), None, "last active admin"),
        (("users", "disable", "nobody"), None, "no account 'nobody'"),
        (("users", "revoke", "42"), None, "no token 42"),
    ):
        code, out = _run(runner, url, *args, stdin=stdin)
        assert code == 1, (args, out)
        assert message in " ".join(out.split()), (args, out)


def test_audit_verify_fails_on_a_rewritten_row(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    url = f"sqlite:///{path}"
    for login in ("one", "two"):
        args = ("users", "create", login, "--role", "candidate", "--password-stdin")
        assert _run(runner, url, *args, stdin=PASSWORD)[0] == 0
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET after_json = '{}' WHERE id = 1")
    code, out = _run(runner, url, "audit", "verify")
    assert code == 1
    assert "breaks at row 1" in out
