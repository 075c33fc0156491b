"""Opening a registry begins again when SQLite answers "database is locked" at once.

SQLite waits out a lock for its busy timeout, except where waiting could
deadlock; then it answers SQLITE_BUSY at once. ``retry_while_busy`` begins
the step again. Here the busy answers are real: a second engine with no busy
timeout asks for the writer lock that a first connection holds.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from kasip.registry import open_registry
from kasip.store.db import lock_timeout_of, make_engine, retry_while_busy, writing


def test_a_busy_answer_is_tried_again_until_the_lock_is_free(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    holder = make_engine(url)
    impatient = make_engine(url, lock_timeout=0)  # busy_timeout 0: busy at once
    calls: list[str] = []
    held = ExitStack()
    try:
        held.enter_context(writing(holder))

        def write() -> int:
            try:
                with writing(impatient) as conn:
                    return int(conn.exec_driver_sql("SELECT 1").scalar_one())
            except OperationalError:
                calls.append("busy")
                held.close()  # the other writer is done after the first refusal
                raise

        assert retry_while_busy(write, timeout=60) == 1
        assert calls == ["busy"]
    finally:
        held.close()
        holder.dispose()
        impatient.dispose()


def test_still_busy_after_the_timeout_is_raised(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    holder = make_engine(url)
    impatient = make_engine(url, lock_timeout=0)
    calls: list[int] = []

    def write() -> None:
        calls.append(1)
        with writing(impatient) as conn:
            conn.exec_driver_sql("SELECT 1")

    try:
        with writing(holder), pytest.raises(OperationalError, match="database is locked"):
            retry_while_busy(write, timeout=0)
        assert calls == [1]
    finally:
        holder.dispose()
        impatient.dispose()


def test_another_error_is_raised_at_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    calls: list[int] = []

    def read(conn: Connection) -> None:
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    def action() -> None:
        calls.append(1)
        with engine.connect() as conn:
            read(conn)

    try:
        with pytest.raises(OperationalError, match="no such table"):
            retry_while_busy(action, timeout=60)
        assert calls == [1]
    finally:
        engine.dispose()


def test_the_lock_timeout_of_an_engine_is_the_one_it_was_made_with(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}", lock_timeout=12.5)
    assert lock_timeout_of(engine) == 12.5
    engine.dispose()


def test_a_registry_opens_while_another_connection_holds_the_writer_lock(tmp_path: Path) -> None:
    # Made and current: opening only reads, so it neither waits nor fails.
    url = f"sqlite:///{tmp_path / 'r.db'}"
    open_registry(url).close()
    holder = make_engine(url)
    try:
        with writing(holder), open_registry(url) as registry:
            assert registry.list_standards() == []
    finally:
        holder.dispose()


def busy_error(tmp_path: Path) -> OperationalError:
    """A real "database is locked" answer, raised at once (no busy timeout)."""
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    holder, impatient = make_engine(url), make_engine(url, lock_timeout=0)
    try:
        with writing(holder), writing(impatient):
            pass
    except OperationalError as exc:
        return exc
    finally:
        holder.dispose()
        impatient.dispose()
    raise AssertionError("the second writer was not refused")


@pytest.mark.parametrize("name", ["upgrade_to_head", "rows_are_current"])
def test_opening_a_registry_begins_a_busy_step_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The schema's upgrade, and the look at whether the derived rows are
    # current (kasip.store.store.maintain), each answered busy once.
    import kasip.store.store as store

    refusal = busy_error(tmp_path)
    real = getattr(store, name)
    calls: list[int] = []

    def busy_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise refusal
        return real(*args)

    monkeypatch.setattr(store, name, busy_once)
    with open_registry(f"sqlite:///{tmp_path / 'r.db'}") as registry:
        assert registry.list_standards() == []
    assert len(calls) >= 2
