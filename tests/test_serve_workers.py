"""``kasip serve --workers N``: several processes on one socket, each with its registry."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kasip.cli import app
from serve_support import kasip_serve


def test_several_workers_refuse_an_in_memory_registry() -> None:
    runner = CliRunner(env={"KASIP_DATABASE_URL": None})
    result = runner.invoke(app, ["serve", "--port", "0", "--db", "sqlite://", "--workers", "2"])
    assert result.exit_code == 1
    assert "--workers 2: an in-memory registry cannot be shared by processes" in result.stderr
    assert "Traceback" not in result.output


def test_workers_must_be_a_positive_number() -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "0"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_two_workers_answer_http_at_the_printed_address(tmp_path: Path) -> None:
    with kasip_serve(tmp_path / "r.db", "--workers", "2", stderr=subprocess.PIPE) as (
        server,
        address,
    ):
        assert server.stderr is not None
        # Both workers start; each answers (which one takes a request is the kernel's choice).
        started = 0
        while started < 2:
            line = server.stderr.readline()
            assert line, "the server stopped"
            started += "Application startup complete" in line
        for _ in range(4):
            with urllib.request.urlopen(f"{address}api/v1/cards?level=7", timeout=10) as api:
                assert json.load(api)["count"] == 3
