"""Settings of kasip, read from the environment (prefix ``KASIP_``).

There is deliberately no module-level ``Settings()`` instance: settings are
read when a command or app starts, so tests and library users can pass their
own (style guide §6).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "kasip"
REGISTRY_FILENAME = "registry.db"


class Settings(BaseSettings):
    """Runtime settings.

    Attributes:
        database_url: SQLAlchemy URL of the registry (``KASIP_DATABASE_URL``),
            e.g. ``sqlite:///registry.db`` or ``postgresql+psycopg://u@h/db``.
            ``None`` means the per-user default, see :func:`default_database_url`.
        response_cache_bytes: The most bytes of answers ``kasip serve`` keeps
            in memory per worker process (``KASIP_RESPONSE_CACHE_BYTES``; 0
            turns the cache off), see :mod:`kasip.http.cache`.

    Example:
        >>> Settings(database_url="sqlite://").database_url
        'sqlite://'
    """

    model_config = SettingsConfigDict(env_prefix="KASIP_", extra="ignore")

    database_url: str | None = None
    response_cache_bytes: int = Field(default=32 * 2**20, ge=0)


def default_database_url() -> str:
    """Return the per-user default registry URL.

    The file lives in the platform's user data directory, e.g.
    ``~/.local/share/kasip/registry.db`` on Linux. The directory is not created
    here; :func:`kasip.store.open_engine` creates it when it opens the file.

    Returns:
        A ``sqlite:///<absolute path>`` URL.

    Example:
        >>> default_database_url().startswith("sqlite:///")
        True
    """
    path = Path(user_data_dir(APP_NAME)) / REGISTRY_FILENAME
    return f"sqlite:///{path.as_posix()}"


def resolve_database_url(explicit: str | None = None) -> str:
    """Choose the registry URL: explicit argument, then environment, then default.

    Args:
        explicit: A URL given on the command line (``--db``) or by the caller;
            it wins when not ``None`` or empty.

    Returns:
        The URL to open.

    Example:
        >>> resolve_database_url("sqlite://")
        'sqlite://'
    """
    if explicit:
        return explicit
    configured = Settings().database_url
    if configured:
        return configured
    return default_database_url()
