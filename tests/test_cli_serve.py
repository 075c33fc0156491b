"""``kasip serve``: the registry it serves, the address it prints, a real HTTP round trip."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from kasip.cli import app
from kasip.registry import open_registry
from serve_support import ADDRESS_RE, kasip_serve

START_TIMEOUT_S = 30


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})


def test_serve_imports_the_bundled_standard_into_an_empty_registry(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[FastAPI, socket.socket]] = []

    def fake_run(app_: FastAPI, sock: socket.socket, **_: Any) -> None:
        served.append((app_, sock))
        assert [s.key for s in app_.state.registry.list_standards()] == ["292-2019-05-30-kk"]
        sock.close()

    monkeypatch.setattr("kasip.api.serve.run_server", fake_run)
    db = f"sqlite:///{tmp_path}/r.db"
    result = runner.invoke(app, ["serve", "--port", "0", "--db", db])
    assert result.exit_code == 0, result.output
    assert ADDRESS_RE.search(result.stdout), result.stdout
    assert "Imported the bundled standard: 292-2019-05-30-kk, 14 cards" in result.stderr
    assert len(served) == 1
    # A registry that holds something is served as it is.
    again = runner.invoke(app, ["serve", "--port", "0", "--db", db])
    assert again.exit_code == 0 and "Imported" not in again.stderr
    with open_registry(db) as registry:
        assert len(registry.versions("292-2019-05-30-kk")) == 1


def test_serve_reports_a_busy_port(runner: CliRunner, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(
            app, ["serve", "--port", str(port), "--db", f"sqlite:///{tmp_path}/r.db"]
        )
    assert result.exit_code == 1
    assert "Error: cannot listen on 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.output


def test_serve_rejects_a_port_out_of_range(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_serve_answers_http_at_the_printed_address(tmp_path: Path) -> None:
    with kasip_serve(tmp_path / "r.db") as (server, address):
        assert server.stdout is not None
        with urllib.request.urlopen(address, timeout=START_TIMEOUT_S) as page:
            assert page.status == 200
            assert '<html lang="kk">' in page.read().decode("utf-8")
        with urllib.request.urlopen(f"{address}api/v1/cards?level=7", timeout=5) as api:
            assert json.load(api)["count"] == 3
        # Then the main pages' addresses, each answering (issue 8).
        listed = [server.stdout.readline().split() for _ in range(9)]
        assert [words[:-1] for words in listed] == [
            ["Home:"],
            ["Search:"],
            ["Match:"],
            ["Check:"],
            ["Curricula:"],
            ["Sign", "in:"],
            ["Verify:"],
            ["API", "docs:"],
            ["CASE:"],
        ]
        assert [words[-1] for words in listed] == [
            address + path
            for path in (
                "",
                "search",
                "match",
                "check",
                "alignments",
                "login",
                "verify",
                "api/v1/docs",
                "ims/case/v1p1/CFDocuments",
            )
        ]
        for words in listed:
            with urllib.request.urlopen(words[-1], timeout=5) as listed_page:
                assert listed_page.status == 200
