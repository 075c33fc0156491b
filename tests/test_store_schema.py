"""The registry's database: migrations, engine settings and the URL it opens."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text
from sqlalchemy.exc import IntegrityError

from kasip import config
from kasip.errors import RegistryError
from kasip.registry import Registry, open_registry
from kasip.store.db import make_engine
from kasip.store.migrate import alembic_config, current_revision, head_revision
from kasip.store.schema import cards, metadata
from kasip.testing import make_document
from store_support import dump_tables

pytest_plugins = ["conftest_store"]

KASIP_TABLES = {
    "standards",
    "standard_versions",
    "cards",
    "elements",
    "search_entries",
    "search_tokens",
    "match_pieces",
    "registry_meta",
    "users",
    "api_tokens",
    "web_sessions",
    "audit_log",
    "programmes",
    "questions",
    "applications",
    "attempts",
    "attempt_answers",
    "certificates",
    "certificate_revocations",
    "alignments",
    "alignment_cards",
    "alignment_links",
}
# SQLite's FTS5 table and its shadow tables (migration 0002, dropped by 0009).
FTS_TABLES = {f"search_fts{s}" for s in ("", "_idx", "_docsize", "_config", "_data")}


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def test_open_registry_creates_directory_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "registry.db"
    with open_registry(_sqlite_url(path)) as registry, registry.engine.connect() as conn:
        tables = KASIP_TABLES | {"alembic_version"}
        assert set(inspect(conn).get_table_names()) == tables
        assert current_revision(conn) == head_revision() == "0016"
    assert path.is_file()


def test_open_registry_twice_keeps_data_and_migrates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _sqlite_url(tmp_path / "registry.db")
    with open_registry(url) as registry:
        registry.import_documents([make_document()])
        before = dump_tables(registry.engine)

    def no_upgrade(*args: object, **kwargs: object) -> None:
        raise AssertionError("a second open must not run migrations")

    monkeypatch.setattr(command, "upgrade", no_upgrade)
    with open_registry(url) as registry:
        assert dump_tables(registry.engine) == before
        assert [s.key for s in registry.list_standards()] == ["292-2019-05-30-kk"]


def test_migrated_schema_matches_schema_metadata(fresh_registry: Registry) -> None:
    with fresh_registry.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


@contextmanager
def alembic_on(url: str) -> Iterator[tuple[Config, Engine]]:
    """Alembic's configuration for the database at ``url``, and an engine on it."""
    cfg = alembic_config()
    cfg.set_main_option("sqlalchemy.url", url)
    engine = make_engine(url)
    try:
        yield cfg, engine
    finally:
        engine.dispose()


def test_alembic_command_line_path_upgrades_and_downgrades(tmp_path: Path) -> None:
    with alembic_on(_sqlite_url(tmp_path / "cli.db")) as (cfg, engine):
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= KASIP_TABLES
        command.downgrade(cfg, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == {"alembic_version"}
            assert current_revision(conn) is None


def test_downgrade_to_0008_indexes_the_stored_entries_in_fts5_again(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path / "down.db")
    with open_registry(url) as registry:
        registry.import_documents([make_document()])
    with alembic_on(url) as (cfg, engine):
        command.downgrade(cfg, "0008")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= FTS_TABLES
            token = conn.exec_driver_sql("SELECT keys FROM search_entries LIMIT 1").scalar()
            assert isinstance(token, str)
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                (f'"{token.split()[0]}"',),
            ).scalar()
            assert found
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert not set(inspect(conn).get_table_names()) & FTS_TABLES


def test_migrations_render_postgresql_ddl_offline() -> None:
    cfg = alembic_config()
    cfg.output_buffer = io.StringIO()
    cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg://user@localhost/kasip")
    command.upgrade(cfg, "head", sql=True)
    ddl = cfg.output_buffer.getvalue()
    for table in KASIP_TABLES:
        assert f"CREATE TABLE {table} (" in ddl
    assert "CREATE INDEX ix_cards_code ON cards (code)" in ddl


def test_sqlite_file_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    with open_registry(_sqlite_url(tmp_path / "r.db")) as registry:
        with registry.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        row = {"version_id": 999, "card_id": "x@1", "code_as_written": "x", "name": "n"}
        with pytest.raises(IntegrityError), registry.engine.begin() as conn:
            conn.execute(insert(cards).values(**row, title="t", position=1))


def test_in_memory_registries_are_separate() -> None:
    with open_registry("sqlite://") as first, open_registry("sqlite://") as second:
        first.import_documents([make_document()])
        assert len(first.list_standards()) == 1
        assert second.list_standards() == []


def test_sqlite_rolls_back_reads_and_ddl_too() -> None:
    # SQLAlchemy, not sqlite3, emits BEGIN: DDL inside a rolled-back
    # transaction must leave no trace.
    engine = make_engine("sqlite://")
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
        conn.rollback()
        assert not inspect(conn).has_table("scratch")
    engine.dispose()


def test_bare_postgresql_url_gets_the_psycopg_driver() -> None:
    engine = make_engine("postgresql://user@localhost:1/kasip")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_open_registry_reports_an_unusable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(RegistryError, match="cannot open the registry"):
        open_registry(_sqlite_url(blocker / "registry.db"))


def test_resolve_database_url_prefers_explicit_then_env_then_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(config, "user_data_dir", lambda _app: str(tmp_path / "data"))
    monkeypatch.delenv("KASIP_DATABASE_URL", raising=False)
    default = f"sqlite:///{(tmp_path / 'data' / 'registry.db').as_posix()}"
    assert config.resolve_database_url(None) == default
    assert not (tmp_path / "data").exists()
    monkeypatch.setenv("KASIP_DATABASE_URL", "sqlite:///from-env.db")
    assert config.resolve_database_url(None) == "sqlite:///from-env.db"
    assert config.resolve_database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"
    assert config.Settings().database_url == "sqlite:///from-env.db"


def test_open_registry_without_url_uses_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "env" / "registry.db"
    monkeypatch.setenv("KASIP_DATABASE_URL", _sqlite_url(path))
    with open_registry() as registry:
        registry.import_documents([make_document()])
    assert path.is_file()
