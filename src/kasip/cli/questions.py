"""``kasip questions``: a card's question bank as a CSV or XLSX file, in and out.

``export`` writes the bank (the empty template when it has no questions yet);
``import`` adds and changes questions from such a file, all or none, every
problem named by its row and column. The columns are in docs/assessment.md.
Changes made here are in the audit log as made by ``cli``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape

from kasip import assessment
from kasip.accounts import CLI_ACTOR
from kasip.cli.base import stderr
from kasip.cli.options import DbOption, MaxBytesOption, database_url, input_limit, open_seeded
from kasip.pages.lookup import find_card
from kasip.text.files import read_input

questions_app = typer.Typer(
    name="questions",
    help="Question banks: export a card's questions as CSV or XLSX, import them back.",
    no_args_is_help=True,
)

CardOption = Annotated[str, typer.Option("--card", help="The card, e.g. 3412-0-009@6.")]


@questions_app.command("export")
def export(
    ctx: typer.Context,
    card: CardOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    file_format: Annotated[
        Literal["csv", "xlsx"] | None,
        typer.Option("--format", help="csv or xlsx; by default the output's extension."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a card's questions to a file (the empty template when there are none)."""
    chosen = file_format or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    with open_seeded(database_url(ctx, db)) as registry:
        bank = assessment.list_questions(registry.engine, find_card(registry, card).card.id)
    data = assessment.questions_csv(bank) if chosen == "csv" else assessment.questions_xlsx(bank)
    output.write_bytes(data)
    stderr().print(f"Wrote {len(bank)} questions to {escape(str(output))}.")


@questions_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A CSV or XLSX file.", exists=True, dir_okay=False, readable=True
        ),
    ],
    card: CardOption,
    db: DbOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Add and change a card's questions from a file: all of them, or none."""
    data = read_input(file, max_bytes=input_limit(max_bytes), binary=True)
    with open_seeded(database_url(ctx, db)) as registry:
        found = find_card(registry, card).card
        changes = assessment.read_questions(data, name=file.name, card_id=found.id)
        saved = assessment.save_questions(registry.engine, found, changes, actor=CLI_ACTOR)
    updated = sum(1 for question_id, _ in changes if question_id is not None)
    stderr().print(f"{len(saved) - updated} questions added, {updated} changed.")
