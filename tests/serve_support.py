"""``kasip serve`` in a process of its own, for the tests that talk to it over HTTP."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

# The first line kasip serve prints once it listens.
ADDRESS_RE = re.compile(r"Serving kasip at (http://127\.0\.0\.1:\d+/)")
# How long a stopped server may take to exit (not a timing assertion: a hang guard).
STOP_TIMEOUT_S = 60


@contextmanager
def kasip_serve(
    registry: Path,
    *options: str,
    env: Mapping[str, str] | None = None,
    stderr: int = subprocess.DEVNULL,
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Run ``kasip serve --port 0`` on the SQLite file ``registry``; yield it and its address.

    The address is read from the line the server prints; the rest of its
    standard output (and its standard error when ``stderr`` is PIPE) is the
    caller's to read. The server is stopped on exit.
    """
    command = [sys.executable, "-m", "kasip", "serve", "--port", "0", *options]
    command += ["--db", f"sqlite:///{registry}"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env
    ) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            match = ADDRESS_RE.search(line)
            assert match, line
            yield server, match.group(1)
        finally:
            server.terminate()
            server.wait(timeout=STOP_TIMEOUT_S)
