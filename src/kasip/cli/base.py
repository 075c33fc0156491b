"""The ``kasip`` command group, its root options and what every command shares.

Library errors (:class:`kasip.errors.KasipError`) and file errors are
translated at one place, :class:`KasipGroup`, into a one-line message and exit
code 1. Results go to stdout (``--json`` output stays clean); progress and
messages go to stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from kasip import __version__
from kasip.cli.options import DB_KEY, DbOption
from kasip.errors import KasipError


class KasipGroup(TyperGroup):
    """The command group; translates library and file errors at the edge."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command; a user error becomes ``Error: ...`` and exit code 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except (KasipError, OSError, UnicodeDecodeError) as exc:
            error(_describe(exc))
            raise typer.Exit(1) from None


def error(message: str) -> None:
    stderr().print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    return str(exc) or type(exc).__name__


app = typer.Typer(
    cls=KasipGroup,
    name="kasip",
    help="Kazakhstan's professional standards as a typed, versioned, machine-readable registry.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
StandardOption = Annotated[
    str | None, typer.Option("--standard", "-s", metavar="KEY", help="Only this standard.")
]
FileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="An official text (plain-text export of the legal act).",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]


def stdout() -> Console:
    return Console(highlight=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


def echo_text(text: str) -> None:
    typer.echo(text, nl=not text.endswith("\n"))


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kasip {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """Kazakhstan's professional standards as a typed, versioned, machine-readable registry."""
    ctx.meta[DB_KEY] = db


def fail(message: str) -> NoReturn:
    error(message)
    raise typer.Exit(1)
