"""Commands that read texts: ``import``, ``check`` and ``parse``."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress

from kasip.cli import render
from kasip.cli.base import FileArgument, JsonFlag, echo_json, echo_text, error, stderr, stdout
from kasip.cli.options import (
    BUNDLED_SEED,
    DbOption,
    MaxBytesOption,
    bundled_source,
    database_url,
    input_limit,
    read_bundled,
)
from kasip.cli.versions import (
    EffectiveDateOption,
    NoteOption,
    OfficialNoteOption,
    OfficialSourceOption,
    entered_date,
    official_given,
    proposal_hint,
)
from kasip.export import dump_document, load_documents
from kasip.formats import Flattened, Place
from kasip.lint import lint_document
from kasip.match.reading import PARALLEL_FROM, cores, spawned_pool
from kasip.model import Diagnostic, Document
from kasip.parse import parse_standard, read_document
from kasip.registry import open_registry
from kasip.store import ImportResult, PreparedDocument, display_url, prepare_document

# Where each line of a Word document's text comes from, by file name (none for texts).
Places = dict[str, Flattened]
# A file read for import: its documents prepared; those with errors whole, with the places.
Prepared = tuple[list[PreparedDocument], list[Document], Flattened | None]

logger = logging.getLogger(__name__)


def _read_file(path: Path, max_bytes: int) -> tuple[list[Document], Flattened]:
    """Parse an official text or Word document, or load the documents of an exchange JSON file."""
    source = read_document(path, max_bytes=max_bytes)
    if path.suffix.lower() == ".json":
        return load_documents(source.text, source_name=str(path)), source
    # Only the file name is kept: it is stored and exported, a local path is not.
    return [parse_standard(source.text, source_name=path.name)], source


def _each_read(
    paths: Sequence[Path], max_bytes: int | None
) -> Iterator[tuple[Path, list[Document], Flattened]]:
    """Read each file in turn, with a progress bar on stderr when there is more than one."""
    limit = input_limit(max_bytes)
    with Progress(console=stderr(), transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("Parsing", total=len(paths))
        for path in paths:
            progress.update(task, description=f"Parsing {path.name}")
            docs, source = _read_file(path, limit)
            yield path, docs, source
            progress.advance(task)


def _read_all(
    paths: Sequence[Path], max_bytes: int | None
) -> tuple[list[tuple[str, Document]], Places]:
    """Read every file: its documents, and where each line of its text comes from."""
    read: list[tuple[str, Document]] = []
    places: Places = {}
    for path, docs, places[str(path)] in _each_read(paths, max_bytes):
        read.extend((str(path), doc) for doc in docs)
    return read, places


def _prepare_file(path: Path, limit: int) -> Prepared:
    """Read one file for import (in a worker process when there are many)."""
    docs, source = _read_file(path, limit)
    failed = [doc for doc in docs if doc.has_errors]
    prepared = [prepare_document(doc, keep=False) for doc in docs if not doc.has_errors]
    return prepared, failed, source if failed else None


def _prepared_files(paths: Sequence[Path], limit: int) -> Iterator[Prepared]:
    """Each file read for import, in order.

    From PARALLEL_FROM files on, in worker processes, one per core: parsing is
    about a third of an import of many texts. A file's error comes out at its
    turn, as it would read in place; if the workers cannot run (a caller's
    main module that spawned processes cannot import), the rest is read here.
    """
    done = 0
    if len(paths) >= PARALLEL_FROM:
        pool = spawned_pool(cores())
        try:
            for result in pool.map(_prepare_file, paths, repeat(limit)):
                yield result
                done += 1
        except BrokenProcessPool:
            logger.warning("parsing in worker processes failed; parsing in this one")
        finally:
            # An error ends the import: the files not read yet are not waited for.
            pool.shutdown(wait=False, cancel_futures=True)
    for path in paths[done:]:
        yield _prepare_file(path, limit)


def _read_for_import(
    paths: Sequence[Path], max_bytes: int | None
) -> tuple[list[PreparedDocument], list[tuple[str, Document]], Places]:
    """Read every file, keeping each document prepared for import (compact) as it is read.

    Hundreds of standards would not fit in memory parsed (2 MB each); only a
    document with errors is kept whole, with its places, to report them.
    """
    prepared: list[PreparedDocument] = []
    failed: list[tuple[str, Document]] = []
    places: Places = {}
    with Progress(console=stderr(), transient=True, disable=len(paths) < 2) as progress:
        task = progress.add_task("Parsing", total=len(paths))
        read = _prepared_files(paths, input_limit(max_bytes))
        for path, (ready, wrong, source) in zip(paths, read, strict=False):
            progress.update(task, description=f"Parsing {path.name}")
            prepared += ready
            failed += [(str(path), doc) for doc in wrong]
            if source is not None:
                places[str(path)] = source
            progress.advance(task)
    return prepared, failed, places


def _print_errors(read: Sequence[tuple[str, Document]], places: Places) -> None:
    for name, doc in read:
        for diagnostic in doc.diagnostics:
            if diagnostic.severity == "error":
                line = render.diagnostic_line(name, diagnostic, _place(places, name, diagnostic))
                typer.echo(line, err=True)


def _place(places: Places, name: str, diagnostic: Diagnostic) -> Place | None:
    source = places.get(name)
    return source.place_of(diagnostic.line) if source is not None else None


ImportFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE",
        help=(
            "Official texts (.txt or any other extension), Word documents (.docx), PDFs"
            " or exchange JSON files (.json)."
        ),
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
BundledFlag = Annotated[
    bool, typer.Option("--bundled", help=f"Also import the bundled seed ({BUNDLED_SEED}).")
]


# One parameter per command-line option: Typer builds the options from the signature.
def import_(  # noqa: PLR0913
    ctx: typer.Context,
    files_: ImportFiles = None,
    bundled: BundledFlag = False,
    effective_date: EffectiveDateOption = None,
    effective_note: NoteOption = None,
    official_source: OfficialSourceOption = None,
    official_note: OfficialNoteOption = None,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Parse files and import them into the registry, all or nothing.

    A file whose text has error diagnostics is reported and nothing is
    imported. Re-importing an unchanged text reports "unchanged"; a changed
    text becomes a new version of its standard. --effective-date records the
    day the texts took effect (also for a text already held); without it, the
    date is proposed from the order's date, to be confirmed with kasip versions.
    --official-source records where the FILEs' official text is published;
    the bundled text's is recorded from the record shipped beside it. A text
    without one is shown as imported, not as the official text.
    """
    if not files_ and not bundled:
        raise typer.BadParameter("give at least one FILE or --bundled", param_hint="FILE")
    entered = entered_date(effective_date, effective_note, option="--effective-date")
    official = official_given(official_source, official_note, option="--official-source")
    if official is not None and not files_:
        raise typer.BadParameter(
            "is for FILEs: the bundled text's source comes from the record beside it",
            param_hint="--official-source",
        )
    prepared, failed, places = _read_for_import(files_ or [], max_bytes)
    sources = [official] * len(prepared)
    if bundled:
        prepared.append(prepare_document(read_bundled(), keep=False))
        sources.append(bundled_source(prepared[-1].source_sha256))
    if failed:
        _print_errors(failed, places)
        error("the texts above have errors; nothing was imported.")
        raise typer.Exit(1)
    url = database_url(ctx, db)
    with (
        open_registry(url) as registry,
        Progress(console=stderr(), transient=True, disable=len(prepared) < 2) as progress,
    ):
        task = progress.add_task("Importing", total=len(prepared))
        results = registry.import_documents(
            prepared,
            on_progress=lambda n: progress.update(task, completed=n),
            entered=entered,
            official=sources,
        )
        # Let go before the index is joined: 80 MB of prepared texts at 700
        # standards, and the join's peak is the command's (BENCHMARKS.md).
        prepared.clear()
        if any(r.status != "unchanged" for r in results):
            # The joined match index is written now, not by the first match after.
            progress.update(task, description="Preparing matching")
            registry.warm_up()
    rows = [(r.source_name, r.key, r.version, r.status, r.cards, _effective(r)) for r in results]
    columns = ["File", "Key", "Version", "Status", "Cards", "In force from"]
    stdout().print(render.table(None, columns, rows))
    for r in results:
        if r.status != "unchanged" and r.effective_basis != "entered":
            stderr().print(
                f"{escape(r.source_name)}: the date is {_effective(r)}, only proposed (an order "
                f"takes effect after its publication); {proposal_hint(r.key, r.version)}"
            )
    stderr().print(f"Registry: {escape(display_url(url))}")


def _effective(result: ImportResult) -> str:
    """The import's effective date as shown: ``2022-01-10 (entered)``."""
    return f"{result.effective_from or '?'} ({result.effective_basis})"


CheckFiles = Annotated[
    list[Path],
    typer.Argument(
        metavar="FILE",
        help="Official texts, Word documents (.docx), PDFs or exchange JSON files to check;"
        " with --parity, two of them or standard keys of the registry (KK RU).",
        # Checked below: with --parity a standard key is not a file.
        exists=False,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
StrictFlag = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]
ParityFlag = Annotated[
    bool,
    typer.Option(
        "--parity",
        help="Compare the Kazakh and Russian editions of one standard (KK RU): every card,"
        " function, task or item in one only, codes, levels and counts that differ.",
    ),
]
NoLayoutFlag = Annotated[
    bool,
    typer.Option(
        "--no-layout", help="Only what the parser reports: leave out the layout rules for authors."
    ),
]


def _with_layout(read: list[tuple[str, Document]], places: Places) -> list[tuple[str, Document]]:
    """Each document with the findings of the layout rules added to its diagnostics."""
    checked = []
    for name, doc in read:
        text = None if name.lower().endswith(".json") else places[name].text
        findings = [f.diagnostic() for f in lint_document(doc, text)]
        diagnostics = sorted((*doc.diagnostics, *findings), key=lambda d: (d.line, d.column))
        checked.append((name, doc.model_copy(update={"diagnostics": tuple(diagnostics)})))
    return checked


# One parameter per option: Typer builds the options from the signature.
def check(  # noqa: PLR0913
    ctx: typer.Context,
    files_: CheckFiles,
    as_json: JsonFlag = False,
    strict: StrictFlag = False,
    no_layout: NoLayoutFlag = False,
    max_bytes: MaxBytesOption = None,
    parity: ParityFlag = False,
    db: DbOption = None,
) -> None:
    """Check drafts and texts: what the parser cannot read, and the layout rules of the form.

    Each problem is printed as FILE:LINE:COL: severity: code: message, with its
    place in a Word document or PDF in brackets. Besides the parser's
    diagnostics, the layout rules for authors (codes ``layout-*``, see
    docs/checker.md) report missing sections and card rows, codes and groups,
    levels and sublevels, functions without skills or knowledge, numbering gaps
    and repeats, and items repeated across functions. Nothing is imported. The
    exit code is 1 when a text has errors (or warnings, with --strict).

    With --parity, KK and RU are the two language editions of one standard
    (same order number, date and annex), each a file or a standard key in the
    registry (--db): every difference is printed, grouped by card (see
    docs/editions.md); the exit code is 1 when they differ, 0 when not, 2 when
    they are not editions of one standard or cannot be read.
    """
    if parity:
        from kasip.cli.parity import run_parity

        sources = [str(f) for f in files_]
        run_parity(ctx, sources, as_json=as_json, db=db, max_bytes=max_bytes)
        return
    for path in files_:
        if not path.exists():
            raise typer.BadParameter(f"File '{path}' does not exist.", param_hint="FILE")
        if path.is_dir():
            raise typer.BadParameter(f"File '{path}' is a directory.", param_hint="FILE")
    read, places = _read_all(files_, max_bytes)
    if not no_layout:
        read = _with_layout(read, places)
    if as_json:
        echo_json([render.check_json(name, doc, places.get(name)) for name, doc in read])
    else:
        for name, doc in read:
            for diagnostic in doc.diagnostics:
                place = _place(places, name, diagnostic)
                typer.echo(render.diagnostic_line(name, diagnostic, place))
            typer.echo(render.summary_line(name, doc))
    failing = sorted({name for name, doc in read if render.fails(doc, strict=strict)})
    if failing:
        stderr().print(f"[bold red]Failed:[/] {escape(', '.join(failing))}", soft_wrap=True)
        raise typer.Exit(1)


def parse(file: FileArgument, as_json: JsonFlag = False, max_bytes: MaxBytesOption = None) -> None:
    """Parse an official text or Word document and show the result; the database is not touched.

    With --json, print the parsed document in the exchange format
    (kasip-standard/1, canonical JSON), diagnostics included.
    """
    text = read_document(file, max_bytes=input_limit(max_bytes)).text
    doc = parse_standard(text, source_name=Path(file).name)
    if as_json:
        echo_text(dump_document(doc))
    else:
        stdout().print(render.document_summary(doc))
