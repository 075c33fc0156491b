"""Commands on the stored standards: list, show, export, reindex (versions: kasip.cli.versions)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kasip.cli import render
from kasip.cli.base import JsonFlag, StandardOption, echo_json, echo_text, fail, stderr, stdout
from kasip.cli.options import DbOption, database_url
from kasip.cli.versions import AsOfOption, version_as_of
from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.export.bundle import is_zip
from kasip.model import ProfessionCard
from kasip.model.elements import walk
from kasip.model.ids import parse_element_id
from kasip.pages.exports import (
    case_editions,
    confirmed_dates,
    recorded_sources,
    version_numbers,
)
from kasip.registry import open_registry


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
        fail(f"no standard {standard!r} in the registry; see kasip list")
    listing = render.standards_json(standards, cards)
    if as_json:
        echo_json(listing)
    elif not listing:
        stderr().print("The registry is empty; try: kasip import --bundled")
    else:
        console = stdout()
        for renderable in render.listing(listing):
            console.print(renderable)


# One parameter per command-line option: Typer builds the options from the signature.
def show(  # noqa: PLR0913
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            metavar="CODE|ID",
            help="Occupation code (2635-3-001), card ID (2635-3-001@5) or element ID "
            "(2635-3-001@5/f1/t2, term1), as kasip prints them.",
        ),
    ],
    level: Annotated[
        int | None, typer.Option("--level", "-l", help="Qualification level (SQF), with a CODE.")
    ] = None,
    standard: StandardOption = None,
    as_of: AsOfOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Show a profession card (functions, tasks, skills and knowledge) or one element.

    Given a code, when several cards share it (one per level) and --level is
    not given, all of them are shown. Given an ID, that card or element is
    shown. With --json, print it in the exchange format (an array when
    several cards match). With --as-of (and --standard), as the version in
    force on that day has it.
    """
    wanted = code.strip()
    if as_of is not None:
        _show_as_of(
            ctx, wanted, level=level, standard=standard, as_of=as_of, as_json=as_json, db=db
        )
        return
    if _names_an_element(wanted):
        if level is not None:
            raise typer.BadParameter("--level goes with a CODE; an ID names its level")
        named = parse_element_id(wanted)
        with open_registry(database_url(ctx, db)) as registry:
            if named.parts:
                found = registry.get_element(wanted, standard=standard)
                shown, element = render.element_tree(found), found.element
            else:  # a card ID
                element = registry.get_card(wanted, standard=standard)
                shown = render.card_tree(element)
        if as_json:
            echo_json(element.model_dump(mode="json"))
        else:
            stdout().print(shown)
        return
    with open_registry(database_url(ctx, db)) as registry:
        cards = registry.find_cards(wanted, level=level, standard=standard)
        others = registry.find_cards(wanted, standard=standard) if not cards else []
    if not cards:
        fail(render.not_found_message(wanted, level, others))
    if as_json:
        data = [card.model_dump(mode="json") for card in cards]
        echo_json(data[0] if len(data) == 1 else data)
        return
    if len(cards) > 1:
        stderr().print(escape(render.several_message(wanted, cards)))
    stdout().print(*(render.card_tree(card) for card in cards))


# The options of kasip show, passed on.
def _show_as_of(  # noqa: PLR0913
    ctx: typer.Context,
    wanted: str,
    *,
    level: int | None,
    standard: str | None,
    as_of: str,
    as_json: bool,
    db: str | None,
) -> None:
    """``kasip show --as-of``: the card(s) or element in the version in force on a day."""
    with open_registry(database_url(ctx, db)) as registry:
        version = version_as_of(registry, standard, version=None, as_of=as_of)
        assert standard is not None  # version_as_of refuses --as-of without it
        doc = registry.export_document(standard, version=version)
    stderr().print(f"{standard}: version {version}, in force on {escape(as_of.strip())}")
    if _names_an_element(wanted):
        found = next((ref for ref in walk(doc) if ref.id == wanted), None)
        if found is None:
            fail(f"no element {wanted!r} in version {version} of {standard}")
        element = found.element
        shown = (
            render.card_tree(element)
            if isinstance(element, ProfessionCard)
            else render.element_tree(found)
        )
        if as_json:
            echo_json(element.model_dump(mode="json"))
        else:
            stdout().print(shown)
        return
    cards = [
        card
        for card in doc.cards
        if wanted in (card.code, card.code_as_written) and level in (None, card.level)
    ]
    if not cards:
        fail(render.not_found_message(wanted, level, []))
    if as_json:
        data = [card.model_dump(mode="json") for card in cards]
        echo_json(data[0] if len(data) == 1 else data)
    else:
        stdout().print(*(render.card_tree(card) for card in cards))


def _names_an_element(text: str) -> bool:
    """An ID (``2635-3-001@5``, ``term1``), not an occupation code (``2635-3-001``).

    >>> _names_an_element("2635-3-001@5/f1"), _names_an_element("term1")
    (True, True)
    >>> _names_an_element("2635-3-001"), _names_an_element("3412-008")
    (False, False)
    """
    return "@" in text or (text[:1].isascii() and text[:1].isalpha() and text.islower())


# One parameter per command-line option: Typer builds the options from the signature.
def export(  # noqa: PLR0913
    ctx: typer.Context,
    format_: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Export format: {', '.join(sorted(EXPORT_FORMATS))}."),
    ] = "json",
    standard: StandardOption = None,
    version: Annotated[
        int | None, typer.Option("--version", help="Version of --standard (default: the latest).")
    ] = None,
    as_of: AsOfOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE."),
    ] = None,
    case_version: Annotated[
        str, typer.Option("--case-version", help="CASE: 1.1, or 1.0 for OpenSALT's importer.")
    ] = "1.1",
    moodle_framework: Annotated[
        str,
        typer.Option("--moodle-framework", help="Moodle: one framework per standard or per card."),
    ] = "standard",
    db: DbOption = None,
) -> None:
    """Export standards in the exchange format (kasip-standard/1) or another format.

    One standard gives one JSON object, several give an array. Without
    --standard, the latest version of every standard is exported; with
    --as-of, the version of --standard in force on that day. A format
    that is not text (xlsx; csv, a zip of one file per table) needs --output,
    and so does moodle when it gives several frameworks (a zip).
    """
    fmt = EXPORT_FORMATS.get(format_)
    if fmt is None:
        choices = ", ".join(sorted(EXPORT_FORMATS))
        raise typer.BadParameter(
            f"unknown format {format_!r}; choose one of: {choices}", param_hint="--format"
        )
    if version is not None and standard is None:
        raise typer.BadParameter("--version needs --standard", param_hint="--version")
    if output is None and not fmt.text:
        raise typer.BadParameter(
            f"{fmt.name} is not text: give --output FILE", param_hint="--output"
        )
    with open_registry(database_url(ctx, db)) as registry:
        if standard is not None:
            chosen = version_as_of(registry, standard, version=version, as_of=as_of)
            docs = [registry.export_document(standard, version=chosen)]
            dates = confirmed_dates(registry, standard, chosen)
            official = recorded_sources(registry, standard, chosen)
            numbers = version_numbers(registry, standard, chosen)
            # A Russian text's package links to its Kazakh edition (CASE 1.1 only).
            wanted = fmt.name == "case" and case_version == "1.1"
            editions = case_editions(registry, standard) if wanted else ()
        else:
            if as_of is not None:
                raise typer.BadParameter("--as-of needs --standard", param_hint="--as-of")
            docs, dates, editions = registry.export_all(), (), ()
            numbers = tuple((s.key, s.latest_version) for s in registry.list_standards())
            # The latest version of each, as export_all gives.
            official = tuple(
                pair
                for s in registry.list_standards()
                for pair in recorded_sources(registry, s.key, None)
            )
    options = replace(
        _export_options(case_version, moodle_framework, dates, official),
        editions=editions,
        versions=numbers,
    )
    data = fmt.write(docs, options)
    if output is None and is_zip(data):  # e.g. Moodle: one framework per card, in a ZIP
        raise typer.BadParameter(
            f"{fmt.name} gives several files here (a ZIP archive): give --output FILE",
            param_hint="--output",
        )
    if output is None:
        echo_text(data.decode("utf-8"))
    else:
        output.write_bytes(data)
        stderr().print(f"Wrote {len(docs)} standard(s) to {escape(str(output))}")


def _export_options(
    case_version: str,
    moodle_framework: str,
    dates: tuple[tuple[str, str], ...],
    official: tuple[tuple[str, str], ...] = (),
) -> ExportOptions:
    from kasip.config import Settings  # pydantic-settings: not for --help

    if case_version not in ("1.0", "1.1"):
        raise typer.BadParameter("choose 1.1 or 1.0", param_hint="--case-version")
    if moodle_framework not in ("standard", "card"):
        raise typer.BadParameter("choose standard or card", param_hint="--moodle-framework")
    return ExportOptions(
        public_url=Settings().public_url.rstrip("/"),
        case_version=case_version,  # type: ignore[arg-type]
        moodle_framework=moodle_framework,  # type: ignore[arg-type]
        effective_dates=dates,
        official_urls=official,
    )


def reindex(ctx: typer.Context, db: DbOption = None) -> None:
    """Rebuild the search index from the stored standards (one transaction).

    Not needed after an upgrade: opening the registry re-keys an index made by
    another version of kasip. Use it to repair an index or to time its build.
    """
    with open_registry(database_url(ctx, db)) as registry:
        count = registry.reindex()
        standards = len(registry.list_standards())
    typer.echo(f"Indexed {count} elements of {standards} standard(s)")
