"""The ``kasip`` command group, its root options and what every command shares.

Library errors (:class:`kasip.errors.KasipError`) and file errors are
translated at one place, :class:`KasipGroup`, into a one-line message and exit
code 1. Results go to stdout (``--json`` output stays clean); progress and
messages go to stderr.

The commands are listed in :data:`COMMANDS` and imported when run: ``kasip
--help`` and ``kasip --version`` import neither the registry (SQLAlchemy,
pydantic models) nor the web stack, and start in a fraction of the time.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.main
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from kasip import __version__
from kasip.cli.options import DB_KEY, DbOption
from kasip.errors import KasipError

# Every command, in the order ``kasip --help`` lists them: its module, the
# function (or Typer sub-app) there, and the first paragraph of its help, which
# the list shows without importing the module (tests/test_cli_start.py checks
# it against the command's own help).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "import": (
        "kasip.cli.texts",
        "import_",
        "Parse files and import them into the registry, all or nothing.",
    ),
    "check": (
        "kasip.cli.texts",
        "check",
        "Check drafts and texts: what the parser cannot read, and the layout rules of the form.",
    ),
    "parse": (
        "kasip.cli.texts",
        "parse",
        "Parse an official text or Word document and show the result; the database is not touched.",
    ),
    "list": (
        "kasip.cli.standards",
        "list_",
        "List the standards in the registry and their profession cards.",
    ),
    "show": (
        "kasip.cli.standards",
        "show",
        "Show a profession card (functions, tasks, skills and knowledge) or one element.",
    ),
    "export": (
        "kasip.cli.standards",
        "export",
        "Export standards in the exchange format (kasip-standard/1) or another format.",
    ),
    "reindex": (
        "kasip.cli.standards",
        "reindex",
        "Rebuild the search index from the stored standards (one transaction).",
    ),
    "versions": (
        "kasip.cli.versions",
        "versions",
        "List the versions of a standard: when each took effect and until when, its source.",
    ),
    "analyze": (
        "kasip.cli.find",
        "analyze",
        "Print the search keys of each word: WORD, a tab, the keys comma-separated.",
    ),
    "search": (
        "kasip.cli.find",
        "search",
        "Search the registry: cards, labour functions, tasks, skills, knowledge, terms.",
    ),
    "match": (
        "kasip.cli.find",
        "match",
        "Match a free text (vacancy, CV, job description) to profession cards.",
    ),
    "align": (
        "kasip.cli.align",
        "align",
        "Align a programme's learning outcomes with profession cards: coverage and gaps.",
    ),
    "serve": (
        "kasip.cli.serve",
        "serve",
        "Start the web application and the REST API on the registry.",
    ),
    "eval": (
        "kasip.cli.eval",
        "eval_app",
        "Measure search and matching quality against labelled JSON Lines files.",
    ),
    "programmes": (
        "kasip.cli.programmes",
        "programmes_app",
        "Qualification programmes: draft one from a card.",
    ),
    "questions": (
        "kasip.cli.questions",
        "questions_app",
        "Question banks: export a card's questions as CSV or XLSX, import them back.",
    ),
    "gap": (
        "kasip.cli.gaps",
        "gap",
        "Show a worker's gaps against a card, what the next level adds, and a development plan.",
    ),
    "job-description": (
        "kasip.cli.jobs",
        "job_description",
        "Write the job description of a card as a Word document (docx) or a PDF.",
    ),
    "users": (
        "kasip.cli.users",
        "users_app",
        "Accounts: create them, set roles, make API tokens.",
    ),
    "audit": (
        "kasip.cli.users",
        "audit_app",
        "The audit log: read it, check its chain.",
    ),
    "keys": (
        "kasip.cli.credentials",
        "keys_app",
        "The issuer's signing keys for certificates: make, rotate, list.",
    ),
    "credential": (
        "kasip.cli.credentials",
        "credential_app",
        "Certificates: verify one offline (its JWT, its JSON or its number).",
    ),
}


def load_command(name: str) -> Any:
    """The click command of ``kasip NAME``, its module imported (see :data:`COMMANDS`)."""
    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    # Registered on a group of its own, as on the root group: the same command.
    holder = typer.Typer(add_completion=False)
    holder.callback()(_no_root)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _no_root() -> None:
    """(A holder group's callback: it makes the holder a group.)"""


class _Listed(TyperCommand):
    """A command as ``kasip --help`` lists it: its name and help, its module not imported."""


class KasipGroup(TyperGroup):
    """The command group; loads a command when run, translates errors at the edge."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in COMMANDS:
            return _Listed(name=cmd_name, help=COMMANDS[cmd_name][2])
        return found

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, _Listed):
            command = load_command(command.name or "")
        return name, command, rest

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
