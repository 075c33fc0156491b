"""Run the registry's Alembic migrations from code (no alembic.ini needed).

The scripts ship inside the package (``kasip/store/migrations``). Developers
can still use the ``alembic`` command line (e.g. ``alembic revision
--autogenerate``) with a small ini file that sets ``script_location =
kasip.store:migrations`` and ``sqlalchemy.url``; ``env.py`` then opens that URL.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from kasip.store.db import writing

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Build the Alembic configuration of the registry.

    Args:
        connection: A connection for ``env.py`` to migrate; without one,
            ``env.py`` opens the URL in the ``sqlalchemy.url`` option.

    Returns:
        A configuration whose ``script_location`` is the packaged scripts.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database schema to the newest revision, in one transaction.

    Does nothing when it is already there. Processes opening a new or older
    registry at the same moment take turns (:func:`kasip.store.db.writing`);
    the first one upgrades, the others find it done.

    Args:
        engine: The registry's engine.
    """
    head = head_revision()
    # Look without the writer lock first: opening a current registry must not
    # wait for an import that holds it.
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return
    with writing(engine) as conn:
        if current_revision(conn) == head:
            return
        logger.info("upgrading the registry schema to %s", head)
        command.upgrade(alembic_config(conn), "head")


def head_revision() -> str | None:
    """Return the newest revision of the packaged migration scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    """Return the revision the database is at (``None`` for an empty one)."""
    return MigrationContext.configure(conn).get_current_revision()
