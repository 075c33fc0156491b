"""``kasip programmes``: draft a qualification programme from a card (issue 12).

``draft`` prints what :func:`kasip.assessment.draft_programme` makes of a card
(the theory blueprint per labour function, the practical tasks and their
rubric criteria, the rules); nothing is stored. Methodologists keep
programmes through the API (``POST /api/v1/programmes``).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from kasip.cli.base import JsonFlag, StandardOption, echo_json, stdout
from kasip.cli.options import DbOption, database_url, open_seeded
from kasip.cli.render import table
from kasip.pages.programmes import draft_for_card

programmes_app = typer.Typer(
    name="programmes",
    help="Qualification programmes: draft one from a card.",
    no_args_is_help=True,
)


@programmes_app.command("draft")
def draft(  # noqa: PLR0913
    ctx: typer.Context,
    card_id: Annotated[str, typer.Argument(metavar="CARD_ID", help="e.g. 2635-3-001@5")],
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            metavar="ID",
            help="A labour function, task or skill to assess (repeat it); the whole card if none.",
        ),
    ] = None,
    standard: StandardOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Draft the programme of a card: theory blueprint, practical tasks, rules (not stored)."""
    with open_seeded(database_url(ctx, db)) as registry:
        programme = draft_for_card(registry, card_id, standard=standard, scope=scope or ())
    if as_json:
        echo_json(programme.model_dump(mode="json"))
        return
    out = stdout()
    out.print(f"[bold]{escape(programme.title)}[/]")
    out.print(f"{escape(programme.standard)}, version {programme.version}")
    rows = [
        (r.function.id, escape(r.function.text), len(r.knowledge), r.questions, f"{r.weight:.0%}")
        for r in programme.theory
    ]
    out.print(table("Theory", ["Function", "Title", "Knowledge", "Questions", "Weight"], rows))
    tasks = [
        (t.unit.id, escape(t.unit.text), len(t.criteria), t.minutes) for t in programme.practice
    ]
    out.print(table("Practice", ["Task", "Title", "Criteria", "Minutes"], tasks))
    r = programme.rules
    out.print(
        f"{programme.questions} questions in {programme.theory_minutes} min; pass: theory"
        f" {r.theory_pass_percent}%, practice {r.practice_pass_percent}%; weights"
        f" {r.theory_weight:g}/{r.practice_weight:g}; {r.max_attempts} attempts,"
        f" {r.retake_after_days} days between them (kasip's defaults, not law)."
    )
