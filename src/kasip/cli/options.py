"""The registry a command works on: its URL (``--db``) and how it is opened.

Shared by ``kasip`` and its ``eval`` sub-app. ``serve``, ``search``, ``match``
and ``eval`` open it with :func:`open_seeded`: a fresh install answers with
the bundled standard instead of an empty result.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:  # imported when used: kasip --help imports neither
    from kasip.model import Document
    from kasip.model.official import OfficialSource
    from kasip.registry import Registry

__all__ = [
    "BUNDLED_SEED",
    "DB_KEY",
    "DbOption",
    "MaxBytesOption",
    "bundled_source",
    "database_url",
    "input_limit",
    "open_seeded",
    "read_bundled",
]

BUNDLED_SEED = "psychological-and-social-work.kk.txt"
# Where the root command keeps its --db value for the subcommands (ctx.meta).
DB_KEY = "kasip.db"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL, e.g. sqlite:///registry.db or postgresql://... "
        "Default: $KASIP_DATABASE_URL, else a SQLite file in the user data directory.",
    ),
]

MaxBytesOption = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        metavar="N",
        min=1,
        help="Refuse input files larger than N bytes. "
        "Default: $KASIP_MAX_INPUT_BYTES, else 10 MiB (10485760).",
        show_default=False,
    ),
]


def input_limit(max_bytes: int | None) -> int:
    """The size limit of input files: ``--max-bytes``, else the settings' (10 MiB)."""
    from kasip.config import Settings  # pydantic-settings: not for --help

    return max_bytes if max_bytes is not None else Settings().max_input_bytes


def database_url(ctx: typer.Context, db: str | None) -> str:
    """The registry URL: the command's --db, else the root's, else the default."""
    from kasip.config import resolve_database_url  # pydantic-settings: not for --help

    return resolve_database_url(db if db is not None else ctx.meta.get(DB_KEY))


def read_bundled() -> Document:
    """The standard that ships with kasip, parsed."""
    from kasip.parse import parse_standard, read_source

    with as_file(files("kasip") / "data" / BUNDLED_SEED) as path:
        return parse_standard(read_source(path), source_name=BUNDLED_SEED)


def bundled_source(sha256: str | None) -> OfficialSource | None:
    """The official source recorded beside the bundled text of this sha256, if any."""
    from kasip.store.official import bundled_sources

    return bundled_sources().get(sha256 or "")


@contextmanager
def open_seeded(url: str) -> Iterator[Registry]:
    """Open the registry at ``url``, importing the bundled standard if it holds none.

    Its official source is recorded from the record beside it (issue 15, item 6).
    """
    from kasip.registry import open_registry

    with open_registry(url) as registry:
        if not registry.list_standards():
            seed = read_bundled()
            [result] = registry.import_documents(
                [seed], official=[bundled_source(seed.source.sha256)]
            )
            Console(stderr=True, highlight=False).print(
                f"Imported the bundled standard: {escape(result.key)}, {result.cards} cards"
            )
        yield registry
