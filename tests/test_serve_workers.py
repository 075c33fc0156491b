"""``kasip serve --workers N``: several processes on one socket, each with its registry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kasip.cli import app

START_TIMEOUT_S = 60
ADDRESS_RE = re.compile(r"Serving kasip at (http://127\.0\.0\.1:\d+/)")


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
    command = [sys.executable, "-m", "kasip", "serve", "--port", "0", "--workers", "2"]
    command += ["--db", f"sqlite:///{tmp_path}/r.db"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        try:
            assert server.stdout is not None and server.stderr is not None
            match = ADDRESS_RE.search(server.stdout.readline())
            assert match
            address = match.group(1)
            # Both workers start; each answers (which one takes a request is the kernel's choice).
            started = 0
            while started < 2:
                line = server.stderr.readline()
                assert line, "the server stopped"
                started += "Application startup complete" in line
            for _ in range(4):
                with urllib.request.urlopen(f"{address}api/v1/cards?level=7", timeout=10) as api:
                    assert json.load(api)["count"] == 3
        finally:
            server.terminate()
            server.wait(timeout=START_TIMEOUT_S)
