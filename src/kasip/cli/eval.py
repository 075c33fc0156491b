"""``kasip eval``: measure search and matching against labelled files.

Each command reads a JSON Lines file (see :mod:`kasip.evaluation.datasets`),
asks the registry every query or text, and prints the metrics as a table, or
as JSON with ``--json``. A run is a measurement, so it exits 0 whatever the
numbers; a malformed file exits 2 with ``FILE:LINE: FIELD: problem``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from kasip.cli.options import (
    DbOption,
    MaxBytesOption,
    database_url,
    input_limit,
    open_seeded,
)
from kasip.cli.render import table
from kasip.evaluation import (
    DatasetError,
    MatchReport,
    SearchReport,
    evaluate_match,
    evaluate_search,
    load_match_cases,
    load_search_cases,
    run_match,
    run_search,
)
from kasip.evaluation.models import SearchMetrics
from kasip.evaluation.reliability import reliability_svg
from kasip.model.ids import card_id

eval_app = typer.Typer(
    name="eval",
    help="Measure search and matching quality against labelled JSON Lines files.",
    no_args_is_help=True,
)

EvalFile = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="A JSON Lines file of labelled cases (e.g. eval/search-dev.jsonl).",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
EvalJson = Annotated[bool, typer.Option("--json", help="Print the metrics as JSON on stdout.")]
DiagramOption = Annotated[
    Path | None,
    typer.Option(
        "--diagram",
        metavar="SVG",
        help="Also write the reliability diagram (confidence against share right) as SVG.",
        dir_okay=False,
        writable=True,
    ),
]
LimitOption = Annotated[
    int, typer.Option("--limit", "-k", min=5, help="Hits asked per query (at least 5).")
]


def _bad_file(exc: DatasetError) -> typer.Exit:
    Console(stderr=True, highlight=False).print(
        f"[bold red]Error:[/] {escape(str(exc))}", soft_wrap=True
    )
    return typer.Exit(2)


def _print(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> None:
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = _REPORT_WIDTH  # a report in a file or a log: no column cut short
    console.print(table(None, columns, rows))


# Wide enough for every column of the reports, names of groups and cards included.
_REPORT_WIDTH = 160


def _fmt(value: float) -> str:
    return f"{value:.3f}"


@eval_app.command("search")
def search(  # noqa: PLR0913 - a command takes one parameter per option
    ctx: typer.Context,
    file: EvalFile,
    as_json: EvalJson = False,
    limit: LimitOption = 20,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Search the registry for each labelled query; print Recall@1, Recall@5 and MRR.

    Recall@k is the share of queries with a relevant ID that get at least one
    relevant hit among the first k; MRR uses the first relevant hit. Rows:
    overall, per language, per kind; negatives report the share without hits.
    """
    try:
        cases = load_search_cases(file, max_bytes=input_limit(max_bytes))
    except DatasetError as exc:
        raise _bad_file(exc) from None
    with open_seeded(database_url(ctx, db)) as registry:
        report = evaluate_search(cases, run_search(registry, cases, limit=limit))
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _print(_search_rows(report), ["Group", "Queries", "R@1", "R@5", "MRR"])
    negatives = report.negatives
    typer.echo(
        f"negatives: {negatives.queries} queries, {_fmt(negatives.share_without_hits)} without "
        f"hits, mean top score {negatives.mean_top_score:.2f}; failures: {len(report.failures)}"
    )


def _search_rows(report: SearchReport) -> list[tuple[str, int, str, str, str]]:
    def row(name: str, m: SearchMetrics) -> tuple[str, int, str, str, str]:
        return (name, m.queries, _fmt(m.recall_at_1), _fmt(m.recall_at_5), _fmt(m.mrr))

    rows = [row("all", report.overall)]
    rows += [row(f"lang {lang}", m) for lang, m in report.by_lang.items()]
    rows += [row(f"kind {kind}", m) for kind, m in report.by_kind.items()]
    return rows


@eval_app.command("match")
def match(  # noqa: PLR0913 - a command takes one parameter per option
    ctx: typer.Context,
    file: EvalFile,
    as_json: EvalJson = False,
    diagram: DiagramOption = None,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Match each labelled text to cards; print top-1/top-3 accuracy and rejection.

    Accuracy counts texts that a card covers, overall, per language and per
    kind of text; a prediction is right when its code (or code and level) is
    the expected or an acceptable one; code and level count only texts whose
    level is known. Also printed: accuracy per confidence band of the top-1
    card and the calibration error, the share of uncovered texts rejected (not
    confident), the failures, and which cards were taken for which; --diagram
    also writes the reliability diagram as SVG.
    """
    try:
        cases = load_match_cases(file, max_bytes=input_limit(max_bytes))
    except DatasetError as exc:
        raise _bad_file(exc) from None
    with open_seeded(database_url(ctx, db)) as registry:
        report = evaluate_match(cases, run_match(registry, cases))
    if diagram is not None:
        diagram.write_text(reliability_svg(report, title=file.name), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    # By code; "+level": code and level, over the texts whose level is known.
    columns = ["Group", "Texts", "Top-1", "Top-3", "Level known", "Top-1 +level", "Top-3 +level"]
    _print(_match_rows(report), columns)
    typer.echo(
        "Top-1/Top-3: by code, the first 1 or 3 occupations; +level: code and the level each "
        "shows, over the texts whose level is known"
    )
    bands = [
        (f"[{b.low:.2f}, {b.high:.2f}{']' if b.high >= 1 else ')'}", b.count, _fmt(b.share_correct))
        for b in report.bands
    ]
    _print(bands, ["Top-1 confidence", "Texts", "Share correct"])
    typer.echo(f"calibration error (10 bins): {report.calibration_error:.3f}")
    typer.echo(
        f"negatives rejected: {_fmt(report.negative_rejection_rate)} of {report.negatives}; "
        f"false rejections: {_fmt(report.false_rejection_rate)}"
    )
    for failure in report.failures:
        expected = _card(failure.expected.code, failure.expected.level) if failure.expected else "-"
        got = (
            f"{_card(failure.got.code, failure.got.level)} ({failure.got.confidence:.2f})"
            if failure.got
            else "-"
        )
        typer.echo(f"failure {failure.id}: expected {expected}, got {got}")
    confused = _confused(report)
    if confused:
        _print(confused, ["Expected code", "Top-1 code", "Texts"])


def _match_rows(report: MatchReport) -> list[tuple[str, int, str, str, int, str, str]]:
    groups = [
        ("all", report.overall),
        *((f"lang {k}", v) for k, v in report.by_lang.items()),
        *((f"kind {k}", v) for k, v in report.by_kind.items()),
    ]
    return [
        (
            name,
            a.texts,
            _fmt(a.top1_code),
            _fmt(a.top3_code),
            a.texts_with_level,
            _fmt(a.top1_code_level) if a.texts_with_level else "-",
            _fmt(a.top3_code_level) if a.texts_with_level else "-",
        )
        for name, a in groups
    ]


def _confused(report: MatchReport) -> list[tuple[str, str, int]]:
    """The confusion table's wrong answers ("-": a negative, or no answer), most first."""
    rows = [
        (expected, got, count)
        for expected, row in report.confusion.items()
        for got, count in row.items()
        if got != expected
    ]
    return sorted(rows, key=lambda row: (-row[2], row[0], row[1]))


def _card(code: str | None, level: int | None) -> str:
    return card_id(code, level) if level is not None else str(code)
