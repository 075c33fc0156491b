"""The ``kasip`` command: thin adapters over the kasip library.

Each command reads its options, makes one library call and renders the result
with :mod:`rich`. Results go to stdout (``--json`` output stays clean);
progress and messages go to stderr. Library errors
(:class:`kasip.errors.KasipError`) and file errors are translated at one
place, :class:`KasipGroup`, into a one-line message and exit code 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from typer.core import TyperGroup

from kasip import __version__, cli_render, cli_render_search
from kasip.cli_eval import eval_app
from kasip.cli_registry import (
    BUNDLED_SEED,
    DB_KEY,
    DbOption,
    database_url,
    open_seeded,
    read_bundled,
)
from kasip.errors import InvalidInput, KasipError
from kasip.export import EXPORTERS, dump_document, load_documents
from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.registry import open_registry
from kasip.search.engine import check_types
from kasip.search.entries import SEARCHED_TYPES
from kasip.store import display_url
from kasip.text.keys import LANGUAGES


class KasipGroup(TyperGroup):
    """The command group; translates library and file errors at the edge."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command; a user error becomes ``Error: ...`` and exit code 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except (KasipError, OSError, UnicodeDecodeError) as exc:
            _error(_describe(exc))
            raise typer.Exit(1) from None


def _error(message: str) -> None:
    _stderr().print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)


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


def _stdout() -> Console:
    return Console(highlight=False)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


def _echo_text(text: str) -> None:
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


# ----------------------------------------------------------------------------- reading files


def _read_file(path: Path) -> list[Document]:
    """Parse an official text, or load the documents of an exchange JSON file."""
    if path.suffix.lower() == ".json":
        return load_documents(read_source(path), source_name=str(path))
    # Only the file name is kept: it is stored and exported, a local path is not.
    return [parse_standard(read_source(path), source_name=path.name)]


def _read_all(paths: Sequence[Path]) -> list[tuple[str, Document]]:
    """Read every file, with a progress bar on stderr when there is more than one."""
    read: list[tuple[str, Document]] = []
    with Progress(console=_stderr(), transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("Parsing", total=len(paths))
        for path in paths:
            progress.update(task, description=f"Parsing {path.name}")
            read.extend((str(path), doc) for doc in _read_file(path))
            progress.advance(task)
    return read


def _print_errors(read: Sequence[tuple[str, Document]]) -> None:
    for name, doc in read:
        for diagnostic in doc.diagnostics:
            if diagnostic.severity == "error":
                typer.echo(cli_render.diagnostic_line(name, diagnostic), err=True)


# ----------------------------------------------------------------------------- commands


ImportFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE",
        help="Official texts (.txt or any other extension) or exchange JSON files (.json).",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
BundledFlag = Annotated[
    bool, typer.Option("--bundled", help=f"Also import the bundled seed ({BUNDLED_SEED}).")
]


@app.command("import")
def import_(
    ctx: typer.Context,
    files_: ImportFiles = None,
    bundled: BundledFlag = False,
    db: DbOption = None,
) -> None:
    """Parse files and import them into the registry, all or nothing.

    A file whose text has error diagnostics is reported and nothing is
    imported. Re-importing an unchanged text reports "unchanged"; a changed
    text becomes a new version of its standard.
    """
    if not files_ and not bundled:
        raise typer.BadParameter("give at least one FILE or --bundled", param_hint="FILE")
    read = _read_all(files_ or [])
    if bundled:
        read.append((BUNDLED_SEED, read_bundled()))
    if any(doc.has_errors for _, doc in read):
        _print_errors(read)
        _error("the texts above have errors; nothing was imported.")
        raise typer.Exit(1)
    url = database_url(ctx, db)
    with (
        open_registry(url) as registry,
        Progress(console=_stderr(), transient=True, disable=len(read) < 2) as progress,
    ):
        task = progress.add_task("Importing", total=len(read))
        results = registry.import_documents(
            [doc for _, doc in read], on_progress=lambda n: progress.update(task, completed=n)
        )
    rows = [(r.source_name, r.key, r.version, r.status, r.cards) for r in results]
    _stdout().print(cli_render.table(None, ["File", "Key", "Version", "Status", "Cards"], rows))
    _stderr().print(f"Registry: {escape(display_url(url))}")


CheckFiles = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE",
        help="Official texts (or exchange JSON files) to check.",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
StrictFlag = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]


@app.command()
def check(files_: CheckFiles, as_json: JsonFlag = False, strict: StrictFlag = False) -> None:
    """Parse texts and print their diagnostics and a summary; nothing is imported.

    Each diagnostic is printed as FILE:LINE:COL: severity: code: message. The
    exit code is 1 when a text has errors (or warnings, with --strict).
    """
    read = _read_all(files_)
    if as_json:
        _echo_json([cli_render.check_json(name, doc) for name, doc in read])
    else:
        for name, doc in read:
            for diagnostic in doc.diagnostics:
                typer.echo(cli_render.diagnostic_line(name, diagnostic))
            typer.echo(cli_render.summary_line(name, doc))
    failing = sorted({name for name, doc in read if cli_render.fails(doc, strict=strict)})
    if failing:
        _stderr().print(f"[bold red]Failed:[/] {escape(', '.join(failing))}", soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def parse(file: FileArgument, as_json: JsonFlag = False) -> None:
    """Parse an official text and show the result; the database is not touched.

    With --json, print the parsed document in the exchange format
    (kasip-standard/1, canonical JSON), diagnostics included.
    """
    doc = parse_standard(read_source(file), source_name=Path(file).name)
    if as_json:
        _echo_text(dump_document(doc))
    else:
        _stdout().print(cli_render.document_summary(doc))


@app.command("list")
def list_(
    ctx: typer.Context,
    standard: StandardOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """List the standards in the registry and their profession cards.

    Cards are listed with their code, level, name and card id
    (CODE@LEVEL), the id that kasip show and the exchange format use.
    """
    with open_registry(database_url(ctx, db)) as registry:
        standards = [s for s in registry.list_standards() if standard in (None, s.key)]
        cards = registry.list_cards(standard=standard)
    if standard is not None and not standards:
        _fail(f"no standard {standard!r} in the registry; see kasip list")
    listing = cli_render.standards_json(standards, cards)
    if as_json:
        _echo_json(listing)
    elif not listing:
        _stderr().print("The registry is empty; try: kasip import --bundled")
    else:
        console = _stdout()
        for renderable in cli_render.listing(listing):
            console.print(renderable)


# One parameter per command-line option: Typer builds the options from the signature.
@app.command()
def show(  # noqa: PLR0913
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="CODE", help="Occupation code, e.g. 2635-3-001.")],
    level: Annotated[
        int | None, typer.Option("--level", "-l", help="Qualification level (SQF).")
    ] = None,
    standard: StandardOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Show a profession card: functions, tasks, skills and knowledge.

    When several cards share the code (one per level) and --level is not
    given, all of them are shown. With --json, print the card in the exchange
    format (an array when several cards match).
    """
    with open_registry(database_url(ctx, db)) as registry:
        cards = registry.find_cards(code, level=level, standard=standard)
        others = registry.find_cards(code, standard=standard) if not cards else []
    if not cards:
        _fail(cli_render.not_found_message(code, level, others))
    if as_json:
        data = [card.model_dump(mode="json") for card in cards]
        _echo_json(data[0] if len(data) == 1 else data)
        return
    if len(cards) > 1:
        _stderr().print(escape(cli_render.several_message(code, cards)))
    _stdout().print(*(cli_render.card_tree(card) for card in cards))


# One parameter per command-line option: Typer builds the options from the signature.
@app.command()
def export(  # noqa: PLR0913
    ctx: typer.Context,
    format_: Annotated[
        str, typer.Option("--format", "-f", help=f"Export format: {', '.join(sorted(EXPORTERS))}.")
    ] = "json",
    standard: StandardOption = None,
    version: Annotated[
        int | None, typer.Option("--version", help="Version of --standard (default: the latest).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export standards in the exchange format (kasip-standard/1).

    One standard gives one JSON object, several give an array. Without
    --standard, the latest version of every standard is exported.
    """
    if format_ not in EXPORTERS:
        choices = ", ".join(sorted(EXPORTERS))
        raise typer.BadParameter(
            f"unknown format {format_!r}; choose one of: {choices}", param_hint="--format"
        )
    if version is not None and standard is None:
        raise typer.BadParameter("--version needs --standard", param_hint="--version")
    with open_registry(database_url(ctx, db)) as registry:
        if standard is not None:
            docs = [registry.export_document(standard, version=version)]
        else:
            docs = registry.export_all()
    text = EXPORTERS[format_](docs)
    if output is None:
        _echo_text(text)
    else:
        output.write_text(text, encoding="utf-8")
        _stderr().print(f"Wrote {len(docs)} standard(s) to {escape(str(output))}")


@app.command()
def reindex(ctx: typer.Context, db: DbOption = None) -> None:
    """Rebuild the search index from the stored standards (one transaction).

    Not needed after an upgrade: opening the registry re-keys an index made by
    another version of kasip. Use it to repair an index or to time its build.
    """
    with open_registry(database_url(ctx, db)) as registry:
        count = registry.reindex()
        standards = len(registry.list_standards())
    typer.echo(f"Indexed {count} elements of {standards} standard(s)")


@app.command()
def versions(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY", help="Standard key, e.g. 292-2019-05-30-kk (see kasip list)."
        ),
    ],
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """List the versions of a standard: when, from which source, how many cards."""
    with open_registry(database_url(ctx, db)) as registry:
        found = registry.versions(key)
    rows = [
        {
            "version": v.version,
            "imported_at": v.imported_at,
            "source_name": v.source_name,
            "source_sha256": v.source_sha256,
            "cards": v.cards,
        }
        for v in found
    ]
    if as_json:
        _echo_json(rows)
    else:
        _stdout().print(cli_render.versions_table(key, rows))


@app.command()
def analyze(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="WORD", help="Word forms to analyse.")],
    lang: Annotated[
        str, typer.Option("--lang", metavar="LANG", help="Language: kk (Kazakh) or ru (Russian).")
    ] = "kk",
    db: DbOption = None,
) -> None:
    """Print the search keys of each word: WORD, a tab, the keys comma-separated.

    Kazakh words are normalised by rule (suffix chains, vowel harmony); the
    candidate stems kept are those the registry's vocabulary (and the kk-ru
    lexicon) attests, plus the shortest ones. Russian words give their
    pymorphy3 lemmas (a compound also its parts). A word whose letters show its
    language is read in that language whatever --lang says, as search reads
    it. Words that share a key match each other in a search.
    """
    if lang not in LANGUAGES:
        raise typer.BadParameter(
            f"unknown language {lang!r}; choose {' or '.join(LANGUAGES)}", param_hint="--lang"
        )
    with open_seeded(database_url(ctx, db)) as registry:
        analyzer = registry.search_snapshot().analyzer
    for word in words:
        typer.echo(f"{word}\t{','.join(analyzer.keys(word, lang=lang).keys)}")


QueryArgument = Annotated[
    str,
    typer.Argument(
        metavar="QUERY",
        help="Words in Kazakh or Russian, in any form; typos are tolerated.",
        show_default=False,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYPE",
        help=f"Only this element type (repeatable): {', '.join(SEARCHED_TYPES)}.",
    ),
]


# One parameter per command-line option: Typer builds the options from the signature.
@app.command()
def search(  # noqa: PLR0913
    ctx: typer.Context,
    query: QueryArgument,
    as_json: JsonFlag = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="The most hits, 1 to 100.")
    ] = 20,
    standard: StandardOption = None,
    level: Annotated[
        int | None,
        typer.Option("--level", "-l", min=1, max=8, help="Only cards at this level (1-8)."),
    ] = None,
    types: TypeOption = None,
    db: DbOption = None,
) -> None:
    """Search the registry: cards, labour functions, tasks, skills, knowledge, terms.

    Words match in any form (Kazakh suffixes, Russian endings), a Russian
    query finds Kazakh texts, and typos are corrected ("did you mean").
    Hits are listed by card, best first, the matched words highlighted; with
    --json, print {"hits": [...], "corrections": [...]}, hits best first.
    """
    try:
        chosen = check_types(types or ())
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint="--type") from exc
    if not query.strip():
        raise typer.BadParameter("give words to search for", param_hint="QUERY")
    with open_seeded(database_url(ctx, db)) as registry:
        result = registry.search(query, standard=standard, level=level, types=chosen, limit=limit)
    if as_json:
        _echo_json(cli_render_search.search_json(result))
        return
    console = _stdout()
    for line in cli_render_search.search_lines(result):
        console.print(line, soft_wrap=True)


TextFileArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[FILE|-]",
        help="A text file (UTF-8): a vacancy, a CV, a job description. "
        "Read from stdin when it is - or not given.",
        show_default=False,
    ),
]


@app.command()
def match(
    ctx: typer.Context,
    file: TextFileArgument = None,
    as_json: JsonFlag = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=20, help="The most cards, 1 to 20.")
    ] = 5,
    db: DbOption = None,
) -> None:
    """Match a free text (vacancy, CV, job description) to profession cards.

    Prints the cards best first with a confidence in percent and, under each,
    which sentence of the text matched which element of the card. When no
    card clearly fits, it says "No confident match" first and lists the
    closest cards as guesses. With --json, print {"confident": ...,
    "matches": [...]}.
    """
    text = _read_text(file)
    if not text.strip():
        _fail(f"the text is empty ({'stdin' if file in (None, '-') else file}); nothing to match")
    with open_seeded(database_url(ctx, db)) as registry:
        result = registry.match(text, limit=limit)
    if as_json:
        _echo_json(cli_render_search.match_json(result))
        return
    console = _stdout()
    for line in cli_render_search.match_lines(result):
        console.print(line, soft_wrap=True)


def _read_text(file: str | None) -> str:
    """The text of ``file``, or of stdin for ``-`` or ``None``."""
    if file is None or file == "-":
        return sys.stdin.read()
    return read_source(Path(file))


HostOption = Annotated[
    str,
    typer.Option("--host", metavar="HOST", help="Address to listen on (0.0.0.0: every interface)."),
]
PortOption = Annotated[
    int,
    typer.Option(
        "--port", metavar="PORT", min=0, max=65535, help="Port to listen on (0: any free port)."
    ),
]


@app.command()
def serve(
    ctx: typer.Context,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    db: DbOption = None,
) -> None:
    """Start the web application and the REST API on the registry.

    An empty registry first gets the bundled standard. The address is printed
    once the server listens; stop it with Ctrl+C. Pages: / (standards, levels),
    /search, /match, /standards/KEY, /cards/ID (each also as .json); REST API under /api/v1
    (OpenAPI document at /api/v1/openapi.json).
    """
    # Imported here: the web stack is not needed by the other commands.
    from kasip.api.app import create_app
    from kasip.api.serve import address_of, bind_socket, run_server

    url = database_url(ctx, db)
    with open_seeded(url) as registry:
        sock = bind_socket(host, port)
        _stderr().print(f"Registry: {escape(display_url(url))}")
        typer.echo(f"Serving kasip at {address_of(sock)} (press Ctrl+C to stop)")
        run_server(create_app(registry=registry), sock)


app.add_typer(eval_app, name="eval")


def _fail(message: str) -> NoReturn:
    _error(message)
    raise typer.Exit(1)


def main() -> None:
    """Run the ``kasip`` command line (the console script entry point)."""
    app(prog_name="kasip")
