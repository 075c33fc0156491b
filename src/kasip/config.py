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

# Defaults of the limits (docs/deployment.md). A match text of 50,000
# characters is at most 300,000 bytes as a form or JSON (\uXXXX escapes), so
# 1 MiB leaves room for any valid request and bounds every invalid one.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024
# How long a writer waits for another one (seconds): an import waits for the
# imports before it, so this bounds the whole queue, not one statement. Ten
# minutes covers importing hundreds of standards (about 0.1 s each).
DEFAULT_LOCK_TIMEOUT = 600.0
# Requests a worker runs at once in threads (the thread pool's 40 by default
# made uncached searches about a third slower under 50 clients: BENCHMARKS.md).
DEFAULT_THREADS = 4


class Settings(BaseSettings):
    """Runtime settings.

    Attributes:
        database_url: SQLAlchemy URL of the registry (``KASIP_DATABASE_URL``),
            e.g. ``sqlite:///registry.db`` or ``postgresql+psycopg://u@h/db``.
            ``None`` means the per-user default, see :func:`default_database_url`.
        lock_timeout: Seconds an import waits for the imports before it into
            the same registry (``KASIP_LOCK_TIMEOUT``, default 600) before it
            fails; see :func:`kasip.store.db.writing`.
        max_body_bytes: The largest request body the server reads
            (``KASIP_MAX_BODY_BYTES``, 1 MiB); a larger one is refused with 413.
        header_timeout: Seconds a client has to send a request's headers
            (``KASIP_HEADER_TIMEOUT``, 10); then the connection is closed.
        body_timeout: Seconds the server waits for each part of a request
            body (``KASIP_BODY_TIMEOUT``, 30); then it answers 408 and closes.
        keep_alive_timeout: Seconds an idle connection is kept open between
            requests (``KASIP_KEEP_ALIVE_TIMEOUT``, 5).
        max_input_bytes: The largest file the commands read
            (``KASIP_MAX_INPUT_BYTES``, 10 MiB; ``--max-bytes`` overrides it).
        response_cache_bytes: The most bytes of answers ``kasip serve`` keeps
            in memory per worker process (``KASIP_RESPONSE_CACHE_BYTES``; 0
            turns the cache off), see :mod:`kasip.http.cache`.
        cache_dir: Where the joined match index of each state of a registry is
            kept as a file that every process maps (``KASIP_CACHE_DIR``); by
            default beside a SQLite registry (``registry.db.match/``), else in
            the user's cache directory. See :func:`kasip.match.mapped.match_directory`.
        threads: How many requests one ``kasip serve`` worker works on at
            once in its threads (``KASIP_THREADS``, 4): pages, searches and
            matches are Python under one lock (the GIL), and dozens of threads
            taking turns slow each other down (see BENCHMARKS.md). Cached
            answers take no thread.
        registration: Whether people may make themselves a candidate's
            account at ``/register`` (``KASIP_REGISTRATION``, default true);
            when false, only an admin makes accounts.
        secure_cookies: Mark the sign-in cookies ``Secure`` whatever the
            request's scheme (``KASIP_SECURE_COOKIES``, default false: they are
            marked when the request came over HTTPS). Set it behind a proxy that
            ends TLS without passing the scheme on (docs/accounts.md).
        public_url: The address people reach this kasip at
            (``KASIP_PUBLIC_URL``, default ``http://127.0.0.1:8000``): the
            certificates' issuer, verification links, QR codes and key set are
            under it, so set it to the centre's HTTPS address before issuing.
        keys_dir: Where the certificates' signing keys are
            (``KASIP_KEYS_DIR``): never in the registry or the repository; by
            default ``keys/`` in the user's data directory (``kasip keys init``
            makes them; docs/credentials.md).
        issuer_name: The certificates' issuer, as people read it
            (``KASIP_ISSUER_NAME``): the assessment centre's name.
        verify_per_minute: How many verifications one client address may
            ask a worker for each minute (``KASIP_VERIFY_PER_MINUTE``, 30):
            the public verification page and API need no account.

    Example:
        >>> Settings(database_url="sqlite://").database_url
        'sqlite://'
    """

    model_config = SettingsConfigDict(env_prefix="KASIP_", extra="ignore")

    database_url: str | None = None
    lock_timeout: float = Field(default=DEFAULT_LOCK_TIMEOUT, gt=0)
    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, gt=0)
    header_timeout: float = Field(10.0, gt=0)
    body_timeout: float = Field(30.0, gt=0)
    keep_alive_timeout: float = Field(5.0, gt=0)
    max_input_bytes: int = Field(DEFAULT_MAX_INPUT_BYTES, gt=0)
    response_cache_bytes: int = Field(default=32 * 2**20, ge=0)
    threads: int = Field(default=DEFAULT_THREADS, ge=1, le=256)
    cache_dir: Path | None = None
    registration: bool = True
    secure_cookies: bool = False
    public_url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://[^/?#\s]+$")
    keys_dir: Path | None = None
    issuer_name: str = Field("kasip", min_length=1, max_length=300)
    verify_per_minute: int = Field(30, ge=1, le=100_000)

    def configured_public_url(self) -> str | None:
        """``public_url`` without its trailing slash when it was set, else ``None``.

        Unset, the web app and API write the base URL each request came to
        (scheme, host, port and root path)
        rather than the default: :func:`kasip.http.base_url.answer_base_url`.

        Example:
            >>> Settings(public_url="https://x.kz").configured_public_url()
            'https://x.kz'
        """
        return self.public_url.rstrip("/") if "public_url" in self.model_fields_set else None


def default_keys_dir() -> Path:
    """The signing keys' default folder: ``keys/`` in the user's data directory."""
    return Path(user_data_dir(APP_NAME)) / "keys"


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
