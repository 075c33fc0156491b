"""Alembic environment of the kasip registry.

kasip runs it through :func:`kasip.store.migrate.upgrade_to_head`, which hands
over an open connection in ``config.attributes["connection"]``. SQLite needs
``render_as_batch=True``: it cannot ALTER most things, so Alembic re-creates
tables instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kasip.store.db import make_engine
from kasip.store.schema import metadata


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Migrate the connection kasip passed in, or the configured URL."""
    if context.is_offline_mode():
        url = context.config.get_main_option("sqlalchemy.url")
        context.configure(url=url, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.begin() as conn:
            _migrate(conn)
    finally:
        engine.dispose()


# Alembic executes this file with its context set up. Anything else that
# imports it (pytest's --doctest-modules collects every module) must not run.
if getattr(context, "config", None) is not None:
    run()
