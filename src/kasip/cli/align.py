"""``kasip align``: a programme's learning outcomes aligned with profession cards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kasip.cli.base import JsonFlag, StandardOption, echo_json, fail, stderr, stdout
from kasip.cli.options import DbOption, MaxBytesOption, database_url, input_limit, open_seeded
from kasip.errors import InvalidInput

if TYPE_CHECKING:
    from kasip.curriculum.models import AlignmentReport, CardCoverage
    from kasip.model import ProfessionCard
    from kasip.registry import Registry

__all__ = ["align"]

ProgrammeArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="The programme: CSV (UTF-8, header module,outcome), XLSX or DOCX.",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
CardOption = Annotated[
    list[str],
    typer.Option(
        "--card",
        "-c",
        metavar="CARD_ID",
        help="A card the programme prepares for (repeatable), e.g. 2635-3-001@5.",
        show_default=False,
    ),
]


def align(  # noqa: PLR0913 - a command takes one parameter per option
    ctx: typer.Context,
    file: ProgrammeArgument,
    cards: CardOption,
    as_json: JsonFlag = False,
    standard: StandardOption = None,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Also write the report: FILE.xlsx or FILE.pdf."
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="kk, ru or en: the file's words.")] = "ru",
) -> None:
    """Align a programme's learning outcomes with profession cards: coverage and gaps.

    Each learning outcome is linked to the skills and knowledge of the chosen
    cards it covers, with a score in [0, 1] (Kazakh and Russian outcomes
    alike). Printed per card: the shares of its skills and knowledge covered,
    per labour function too, each element with the outcomes covering it, the
    uncovered elements; then the outcomes that cover nothing and the matrix of
    modules by labour functions. With --json, print {"cards": [{"card",
    "coverage": {"skills", "knowledge"}, "elements", "uncovered"}], "unmapped"}
    (see docs/curriculum.md for the keys added beside these). --output writes
    the report as an XLSX workbook or an A4 PDF with the heat map too.
    """
    from kasip.curriculum import align_programme, read_programme_file

    _check_output(output, lang)
    programme = read_programme_file(file, max_bytes=input_limit(max_bytes))
    with open_seeded(database_url(ctx, db)) as registry:
        chosen = [_card(registry, card_id, standard) for card_id in dict.fromkeys(cards)]
        report = align_programme(programme, chosen, registry.match_index())
    if output is not None:
        _write(output, report, lang)
    if as_json:
        from kasip.curriculum.export import report_json

        echo_json(report_json(report))
        return
    _print_report(stdout(), report)


def _check_output(output: Path | None, lang: str) -> None:
    if lang not in ("kk", "ru", "en"):
        raise InvalidInput(f"--lang must be kk, ru or en, not {lang!r}")
    if output is not None and output.suffix.lower() not in (".xlsx", ".pdf"):
        raise InvalidInput(f"{output}: --output must end in .xlsx or .pdf")


def _write(output: Path, report: AlignmentReport, lang: str) -> None:
    """Write the report as the workbook or the printed PDF ``output`` names."""
    if output.suffix.lower() == ".xlsx":
        from kasip.curriculum.files import alignment_xlsx

        output.write_bytes(alignment_xlsx(report, lang=lang))
    else:
        from kasip.pdf.alignment import render_alignment_pdf

        output.write_bytes(render_alignment_pdf(report, lang=lang))
    stderr().print(f"Wrote {escape(str(output))}")


def _card(registry: Registry, card_id: str, standard: str | None) -> tuple[str, ProfessionCard]:
    """The card ``card_id`` (of ``standard``, else of the first standard holding it)."""
    from kasip.model.ids import check_card_id

    locations = registry.locate_card(check_card_id(card_id.strip()), standard=standard)
    if not locations:
        where = f" in standard {standard!r}" if standard else ""
        fail(f"unknown card {card_id!r}{where}; list the cards with: kasip list")
    key = locations[0].standard
    return key, registry.get_card(locations[0].card_id, standard=key)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _print_card(console: Console, card: CardCoverage) -> None:
    console.print(
        f"[bold]{escape(card.card)}[/] {escape(card.name)} ({escape(card.standard)}): "
        f"skills {_percent(card.coverage.skills)}, knowledge {_percent(card.coverage.knowledge)}",
        soft_wrap=True,
    )
    functions = Table("Labour function", "Skills", "Knowledge", "Uncovered", title_justify="left")
    for f in card.functions:
        functions.add_row(
            f"{escape(f.id)} {escape(f.title[:80])}",
            f"{_percent(f.coverage.skills)} of {f.skills}",
            f"{_percent(f.coverage.knowledge)} of {f.knowledge}",
            str(len(f.uncovered)),
        )
    console.print(functions)
    elements = Table("Type", "Covered by (outcome: score)", "Text")
    # The ID is what a reader traces: never cut (folded when the terminal is narrow).
    elements.add_column("Element", overflow="fold", min_width=20)
    for e in card.elements:
        by = ", ".join(f"#{c.number}: {c.score:.2f}" for c in e.covered_by) or "[red]—[/]"
        elements.add_row(e.type, by, escape(e.text[:70]), escape(e.id))
    console.print(elements)


def _print_report(console: Console, report: AlignmentReport) -> None:
    for card in report.cards:
        _print_card(console, card)
    if report.unmapped:
        console.print(f"[bold]Outcomes that cover nothing[/] ({len(report.unmapped)}):")
        for text in report.unmapped:
            console.print(f"  - {escape(text)}", soft_wrap=True)
    else:
        console.print("Every outcome covers an element.")
    ids = [f.id for card in report.cards for f in card.functions]
    matrix = Table("Module", *ids, title="Modules × labour functions (share covered)")
    for row in report.matrix:
        matrix.add_row(escape(row.module), *(_percent(row.cells[i]) for i in ids))
    console.print(matrix)
    rule = report.rule
    console.print(
        f"Links: score ≥ {rule.threshold}, ≥ {rule.relative} × the outcome's best, "
        f"at most {rule.top_k} per outcome.",
        style="dim",
    )
