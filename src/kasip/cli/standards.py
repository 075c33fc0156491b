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
from kasip.cli.show_version import show_version
from kasip.cli.versions import AsOfOption, version_as_of
from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.export.bundle import is_zip
from kasip.model.ids import parse_element_id
from kasip.pages.exports import (
    case_editions,
    check_case_version,
    recorded_versions,
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
    version: Annotated[
        int | None,
        typer.Option("--version", help="Version of --standard (default: the latest)."),
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Show a profession card (functions, tasks, skills and knowledge) or one element.

    Given a code, when several cards share it (one per level) and --level is
    not given, all of them are shown. Given an ID, that card or element is
    shown. With --json, print it in the exchange format (an array when
    several cards match). With --version or --as-of (and --standard), as that
    version, or the one in force on that day, has it: a line on stderr says
    which version, its period in force and whether its date is confirmed or
    only proposed from the order; --json then wraps the card in those fields.
    """
    wanted = code.strip()
    if as_of is not None or version is not None:
        if level is not None and _names_an_element(wanted):
            raise typer.BadParameter("--level goes with a CODE; an ID names its level")
        with open_registry(database_url(ctx, db)) as registry:
            show_version(
                registry, wanted, names_element=_names_an_element(wanted), level=level,
                standard=standard, version=version, as_of=as_of, as_json=as_json,
            )  # fmt: skip
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
            versions = recorded_versions(registry, standard, chosen)
            # A Russian text's package links to its Kazakh edition (CASE 1.1 only).
            wanted = fmt.name == "case" and case_version == "1.1"
            editions = case_editions(registry, standard) if wanted else ()
        else:
            if as_of is not None:
                raise typer.BadParameter("--as-of needs --standard", param_hint="--as-of")
            docs, editions = registry.export_all(), ()
            # The latest version of each, as export_all gives.
            keys = [s.key for s in registry.list_standards()]
            versions = tuple(fact for k in keys for fact in recorded_versions(registry, k, None))
    options = replace(
        _export_options(case_version, moodle_framework, case=fmt.name == "case"),
        editions=editions,
        versions=versions,
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
    *,
    case: bool = False,
) -> ExportOptions:
    """The export's options, checked; a CASE export (``case``) warns when the URIs use
    the default base."""
    from kasip.config import Settings  # pydantic-settings: not for --help
    from kasip.errors import InvalidInput

    try:
        checked = check_case_version(case_version)
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint="--case-version") from exc
    if moodle_framework not in ("standard", "card"):
        raise typer.BadParameter("choose standard or card", param_hint="--moodle-framework")
    settings = Settings()
    public_url = settings.public_url.rstrip("/")
    if case and settings.configured_public_url() is None:
        _warn_default_public_url(public_url)
    return ExportOptions(
        public_url=public_url,
        case_version=checked,
        moodle_framework=moodle_framework,  # type: ignore[arg-type]
    )


def _warn_default_public_url(public_url: str) -> None:
    """Say once, on standard error, that the URIs use the default base (KASIP_PUBLIC_URL unset).

    A CASE package's ``uri`` fields are permalinks: under the default
    ``http://127.0.0.1:8000`` they lead nowhere for anyone else.
    """
    stderr().print(
        f"Warning: the URIs use the default base {escape(public_url)}: set "
        "KASIP_PUBLIC_URL to the address people reach kasip at "
        "(e.g. KASIP_PUBLIC_URL=https://kasip.example.kz)",
        soft_wrap=True,
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
