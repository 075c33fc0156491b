"""``kasip gap``: a worker's gaps against a card, and the development plan to close them.

The ratings come as a CSV or XLSX file (``element,rating,evidence``, see
docs/gaps.md); ``--template`` writes that file for a card, every element
listed, to fill in. The report goes to the terminal (or JSON with ``--json``);
``--output`` writes the analysis and the plan as XLSX or PDF too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from kasip.cli.base import JsonFlag, StandardOption, echo_json, stderr, stdout
from kasip.cli.options import DbOption, database_url, open_seeded
from kasip.cli.render import table
from kasip.errors import InvalidInput
from kasip.text.files import read_input

if TYPE_CHECKING:
    from kasip.pages.gaps import GapPage

__all__ = ["gap"]

MAX_RATINGS_BYTES = 5 * 1024 * 1024


def gap(  # noqa: PLR0913
    ctx: typer.Context,
    card_id: Annotated[str, typer.Option("--card", metavar="CARD_ID", help="e.g. 2635-3-001@5")],
    ratings: Annotated[
        Path | None,
        typer.Option(
            "--ratings",
            metavar="FILE",
            help="The ratings: CSV or XLSX with the columns element, rating, evidence.",
            dir_okay=False,
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="Write the ratings file to fill in for the card (CSV) and stop.",
            dir_okay=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Also write the report: FILE.xlsx or FILE.pdf."
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="kk, ru or en: the report's words.")] = "ru",
    start: Annotated[
        str | None, typer.Option("--start", metavar="YYYY-MM-DD", help="The plan's start; today.")
    ] = None,
    months: Annotated[int, typer.Option("--months", help="How long the plan runs.")] = 12,
    standard: StandardOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Show a worker's gaps against a card, what the next level adds, and a development plan."""
    from kasip.gaps.files import gaps_xlsx, ratings_csv
    from kasip.gaps.ratings import read_ratings
    from kasip.pages.gaps import build_gaps
    from kasip.pages.lookup import find_card

    if lang not in ("kk", "ru", "en"):
        raise InvalidInput(f"--lang must be kk, ru or en, not {lang!r}")
    if output is not None and output.suffix.lower() not in (".xlsx", ".pdf"):
        raise InvalidInput(f"{output}: --output must end in .xlsx or .pdf")
    with open_seeded(database_url(ctx, db)) as registry:
        card = find_card(registry, card_id, standard=standard).card
        if template is not None:
            template.write_bytes(ratings_csv(card))
            stderr().print(f"Wrote {escape(str(template))}: {card.id}, fill in the column rating")
            return
        if ratings is None:
            raise InvalidInput("give --ratings FILE (or --template FILE to make one)")
        data = read_input(ratings, max_bytes=MAX_RATINGS_BYTES, binary=True)
        given = read_ratings(data, name=str(ratings), card=card)
        page = build_gaps(
            registry,
            card_id,
            given,
            standard=standard,
            start=_date(start),
            months=months,
            lang=lang,
        )
    if output is not None:
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(gaps_xlsx(page.analysis, page.plan, lang=lang))
        else:
            from kasip.pdf.gaps import render_gaps_pdf

            output.write_bytes(render_gaps_pdf(page))
        stderr().print(f"Wrote {escape(str(output))}")
    if as_json:
        echo_json(page.model_dump(mode="json"))
        return
    _print(page)


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--start {text!r} is not a date (YYYY-MM-DD)") from exc


def _print(page: GapPage) -> None:
    out = stdout()
    analysis = page.analysis
    name = escape(analysis.name)
    out.print(f"[bold]{name}[/] ({analysis.card_id}): {analysis.score:.0%} mastered")
    rows = [
        (
            f.id,
            escape(_short(f.title)),
            f"{f.skills.fully}+{f.skills.partly}/{f.skills.total}",
            f"{f.knowledge.fully}+{f.knowledge.partly}/{f.knowledge.total}",
            f"{f.score:.0%}",
            len(f.gaps),
        )
        for f in analysis.functions
    ]
    header = ["Function", "Title", "Skills (fully+partly)", "Knowledge", "Mastered", "Gaps"]
    out.print(table("Gaps per labour function", header, rows))
    if page.next_level is not None:
        nl = page.next_level
        out.print(f"Next level: {nl.card_id} ({escape(nl.name)}) adds {len(nl.adds)} elements")
    plan = [
        (
            i.number,
            i.element_id,
            escape(i.text),
            i.rating or "not rated",
            escape(i.action),
            i.target.isoformat(),
        )
        for i in page.plan.items
    ]
    out.print(table("Development plan", ["№", "Element", "Text", "Now", "Action", "By"], plan))
