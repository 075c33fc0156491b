"""``kasip versions``: a standard's versions, when each took effect; and the ``--as-of`` option.

``--as-of YYYY-MM-DD`` (``kasip export``, ``kasip show``) picks the version in
force on a day, by the rules of :mod:`kasip.store.effective`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kasip.cli import render
from kasip.cli.base import JsonFlag, echo_json, stderr, stdout
from kasip.cli.options import DbOption, database_url

if TYPE_CHECKING:  # imported when used: kasip --help imports neither
    from kasip.model.official import OfficialSource
    from kasip.registry import Registry
    from kasip.store import VersionSummary
    from kasip.store.edition_dates import EditionDateChange
    from kasip.store.effective import EnteredDate

__all__ = [
    "AsOfOption",
    "EffectiveDateOption",
    "NoteOption",
    "OfficialNoteOption",
    "OfficialSourceOption",
    "edition_date_line",
    "official_given",
    "version_as_of",
    "versions",
]

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="The version in force on that day (of --standard); not with --version.",
    ),
]
EffectiveDateOption = Annotated[
    str | None,
    typer.Option(
        "--effective-date",
        metavar="YYYY-MM-DD",
        help="The day the texts took effect (confirmed); default: proposed from the order's date.",
    ),
]
NoteOption = Annotated[
    str | None,
    typer.Option("--effective-note", metavar="TEXT", help="Where the date comes from."),
]

OfficialSourceOption = Annotated[
    str | None,
    typer.Option(
        "--official-source",
        metavar="URL",
        help="Where the FILEs' official text is published (http/https), recorded for each.",
    ),
]
OfficialNoteOption = Annotated[
    str | None,
    typer.Option(
        "--official-note",
        metavar="TEXT",
        help="Of the official source: publisher, document number, edition date.",
    ),
]

_ENTERED_HELP = (
    "confirm it with: kasip versions {key} --set-effective-date YYYY-MM-DD --version {v}"
)


def entered_date(day: str | None, note: str | None, *, option: str) -> EnteredDate | None:
    """The :class:`~kasip.store.effective.EnteredDate` of ``day`` (``None`` without one).

    Raises:
        typer.BadParameter: ``day`` is not a day ``YYYY-MM-DD``, or a note comes without it.
    """
    from kasip.errors import InvalidInput
    from kasip.store.effective import EnteredDate, parse_day

    if day is None:
        if note is not None:
            raise typer.BadParameter("a note goes with a date", param_hint=option)
        return None
    try:
        return EnteredDate(parse_day(day, name=option), note)
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


def official_given(url: str | None, note: str | None, *, option: str) -> OfficialSource | None:
    """The :class:`~kasip.model.official.OfficialSource` at ``url`` (``None`` without one).

    Raises:
        typer.BadParameter: The URL is not an http(s) URL with a host, or a note
            comes without it (naming ``option``).
    """
    from kasip.errors import InvalidInput
    from kasip.model.official import official_source

    if url is None:
        if note is not None:
            raise typer.BadParameter("a note goes with an official source URL", param_hint=option)
        return None
    try:
        return official_source(url, note, name=option)
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc


def version_as_of(
    registry: Registry, standard: str | None, *, version: int | None, as_of: str | None
) -> int | None:
    """The version ``--version`` or ``--as-of`` names (the latest when neither is given):
    :func:`kasip.pages.in_force.choose_version`, in the command's words.

    Raises:
        typer.BadParameter: Both are given, --as-of without --standard, or a bad day.
        NotFound: No version of the standard was in force on that day (exit 1).
    """
    from kasip.errors import InvalidInput
    from kasip.pages.in_force import CLI_NAMES, choose_version

    try:
        chosen = choose_version(registry, standard, version=version, as_of=as_of, names=CLI_NAMES)
    except InvalidInput as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from exc
    return chosen.version


def versions(  # noqa: PLR0913
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY", help="Standard key, e.g. 292-2019-05-30-kk (see kasip list)."
        ),
    ],
    set_effective_date: Annotated[
        str | None,
        typer.Option(
            "--set-effective-date",
            metavar="YYYY-MM-DD",
            help="Enter or confirm the day --version took effect (audited).",
        ),
    ] = None,
    set_official_source: Annotated[
        str | None,
        typer.Option(
            "--set-official-source",
            metavar="URL",
            help="Record where --version's official text is published (audited).",
        ),
    ] = None,
    version: Annotated[
        int | None, typer.Option("--version", help="The version whose date or source is set.")
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", metavar="TEXT", help="Where the date comes from, or of the official source."
        ),
    ] = None,
    this_edition_only: Annotated[
        bool,
        typer.Option(
            "--this-edition-only",
            help="Enter the date for KEY only, not for the other language's edition too.",
        ),
    ] = False,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """List the versions of a standard: when each took effect and until when, its source.

    A date is "entered" (confirmed by a person), "order" (only proposed from
    the order's date: an order takes effect after its publication) or
    "unknown". --set-effective-date enters one for --version, and, as one
    order takes effect once for both its texts, for the other language's
    edition's version that names the same orders when the registry holds it
    (not over a date entered for it; --this-edition-only: not at all);
    --set-official-source records where its official text is published (a
    version without one is not presented as the official text). Each change
    is in the audit log (kasip audit list).
    """
    from kasip.registry import open_registry

    if set_effective_date is not None and set_official_source is not None:
        raise typer.BadParameter(
            "give --set-effective-date or --set-official-source, not both", param_hint="--version"
        )
    # --note belongs to whichever of the two is given.
    official = None
    if set_official_source is not None:
        official = official_given(set_official_source, note, option="--set-official-source")
    entered = entered_date(
        set_effective_date, None if official else note, option="--set-effective-date"
    )
    setting = "--set-effective-date" if entered else "--set-official-source" if official else None
    _check_version_given(setting, version)
    with open_registry(database_url(ctx, db)) as registry:
        if entered is not None and version is not None:
            change = registry.set_order_effective_date(
                key, version, entered, actor="cli", editions=not this_edition_only
            )
            stderr().print(f"Version {version} of {key} took effect on {entered.on.isoformat()}")
            if not this_edition_only:
                stderr().print(
                    edition_date_line(change, entered.on), highlight=False, soft_wrap=True
                )
        if official is not None and version is not None:
            registry.set_official_source(key, version, official, actor="cli")
            stderr().print(f"Version {version} of {key}: official text at {official.url}")
        found = registry.versions(key)
    rows = version_rows(found)
    if as_json:
        echo_json(rows)
    else:
        stdout().print(
            render.versions_text(key, rows), markup=False, highlight=False, soft_wrap=True
        )


def _check_version_given(setting: str | None, version: int | None) -> None:
    """--version goes with --set-effective-date or --set-official-source, and they need it."""
    if setting is not None and version is None:
        raise typer.BadParameter(f"{setting} needs --version", param_hint="--version")
    if setting is None and version is not None:
        raise typer.BadParameter(
            "--version goes with --set-effective-date or --set-official-source",
            param_hint="--version",
        )


def version_rows(found: Sequence[VersionSummary]) -> list[dict[str, Any]]:
    """Each version as ``kasip versions`` shows it, with its period in force."""
    from kasip.store.effective import version_periods

    periods = {p.version: p for p in version_periods(found)}
    return [
        {
            "version": v.version,
            "imported_at": v.imported_at,
            "source_name": v.source_name,
            "source_sha256": v.source_sha256,
            "cards": v.cards,
            "effective_from": v.effective_from,
            "effective_basis": v.effective_basis,
            "effective_note": v.effective_note,
            "official_url": v.official_url,
            "official_note": v.official_note,
            "in_force_until": periods[v.version].until,
            "last_day": periods[v.version].last_day,
            "superseded_at_once": periods[v.version].superseded_at_once,
        }
        for v in found
    ]


def proposal_hint(key: str, version: int) -> str:
    """How to confirm a date proposed from the order (printed after an import)."""
    return _ENTERED_HELP.format(key=key, v=version)


def edition_date_line(change: EditionDateChange, on: date) -> str:
    """What entering a date did to the other language's edition (``docs/versions.md``).

    Example:
        >>> from kasip.store import VersionSummary
        >>> from kasip.store.edition_dates import Counterpart, EditionDateChange
        >>> own = VersionSummary(1, "", "", "", 0, "2023-01-30", "entered")
        >>> ru = Counterpart("292-2019-05-30-ru", 1, "2023-01-13", "order")
        >>> edition_date_line(EditionDateChange(own, ru, "set"), date(2023, 1, 30))
        'Also version 1 of 292-2019-05-30-ru (the same orders): took effect on 2023-01-30'
        >>> edition_date_line(EditionDateChange(own, None, None), date(2023, 1, 30))
        'The registry holds no other edition of this text (the same orders) to date too.'
    """
    other = change.counterpart
    if other is None:
        return "The registry holds no other edition of this text (the same orders) to date too."
    where = f"version {other.version} of {other.key}"
    if change.action == "set":
        return f"Also {where} (the same orders): took effect on {on.isoformat()}"
    if change.action == "same":
        return f"{where.capitalize()} (the same orders) already has this date."
    return (
        f"Not changed: {where} (the same orders) has the entered date {other.effective_from}; "
        f"one order takes effect once for both texts: correct one of them with "
        f"kasip versions {other.key} --set-effective-date D --version {other.version}"
    )
