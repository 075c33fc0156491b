"""``kasip show --as-of`` / ``--version``: a card or element in one version, and on what basis.

A lawyer reading a card "as in force on D" needs to know which version that
is, the period it was in force and whether its date is confirmed (entered by
a person) or only proposed from the order's date (``docs/versions.md``): the
header line on stderr says so, and ``--json`` wraps what is shown with the
same fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from kasip.cli import render
from kasip.cli.base import echo_json, fail, stderr, stdout
from kasip.cli.versions import version_as_of, version_rows
from kasip.model import ProfessionCard
from kasip.model.elements import walk

if TYPE_CHECKING:
    from kasip.model import Document
    from kasip.registry import Registry

__all__ = ["show_version", "version_fields"]


# The options of kasip show, passed on.
def show_version(  # noqa: PLR0913
    registry: Registry,
    wanted: str,
    *,
    names_element: bool,
    level: int | None,
    standard: str | None,
    version: int | None,
    as_of: str | None,
    as_json: bool,
) -> None:
    """Show the card(s) or element ``wanted`` in the version ``--version`` or ``--as-of`` names.

    Raises:
        typer.BadParameter: Either option without --standard, both, or a bad day.
        NotFound: No version was in force on the day, or no such version.
    """
    if standard is None:
        option = "--as-of" if as_of is not None else "--version"
        raise typer.BadParameter(f"{option} needs --standard", param_hint=option)
    chosen = version_as_of(registry, standard, version=version, as_of=as_of)
    assert chosen is not None  # one of the two options is given
    fields = version_fields(registry, standard, chosen, in_force_on=as_of)
    doc = registry.export_document(standard, version=chosen)
    shown = _found(doc, wanted, names_element=names_element, level=level, fields=fields)
    stderr().print(escape(render.chosen_version_line(fields)), highlight=False, soft_wrap=True)
    if as_json:
        echo_json({**fields, "shown": _as_json(shown)})
    else:
        stdout().print(*(_tree(item) for item in shown))


def version_fields(
    registry: Registry, standard: str, version: int, *, in_force_on: str | None
) -> dict[str, Any]:
    """The chosen version as ``kasip show`` reports it: its period in force and its basis.

    Raises:
        NotFound: The standard has no such version.
    """
    from kasip.errors import NotFound

    rows = {row["version"]: row for row in version_rows(registry.versions(standard))}
    row = rows.get(version)
    if row is None:
        raise NotFound(f"standard {standard!r} has no version {version}")
    return {
        "standard": standard,
        "version": version,
        "in_force_on": in_force_on.strip() if in_force_on else None,
        **{
            name: row[name]
            for name in (
                "effective_from",
                "effective_basis",
                "effective_note",
                "in_force_until",
                "last_day",
                "superseded_at_once",
            )
        },
    }


def _found(
    doc: Document,
    wanted: str,
    *,
    names_element: bool,
    level: int | None,
    fields: dict[str, Any],
) -> list[Any]:
    """The element ``wanted`` names, or the cards of a code (exit 1 when none)."""
    where = f"version {fields['version']} of {fields['standard']}"
    if names_element:
        found = next((ref for ref in walk(doc) if ref.id == wanted), None)
        if found is None:
            fail(f"no element {wanted!r} in {where}")
        return [found]
    cards = [
        card
        for card in doc.cards
        if wanted in (card.code, card.code_as_written) and level in (None, card.level)
    ]
    if not cards:
        fail(render.not_found_message(wanted, level, []) + f" (in {where})")
    return cards


def _element(item: Any) -> Any:
    return item if isinstance(item, ProfessionCard) else item.element


def _tree(item: Any) -> Any:
    element = _element(item)
    if isinstance(element, ProfessionCard):
        return render.card_tree(element)
    return render.element_tree(item)


def _as_json(shown: list[Any]) -> Any:
    data = [_element(item).model_dump(mode="json") for item in shown]
    return data[0] if len(data) == 1 else data
