"""Which version of a standard a request asks for, and the timeline of its versions in force.

``version`` names a stored version; ``as_of`` (a day, ``YYYY-MM-DD``) asks
for the version in force on that day, by the rules of
:mod:`kasip.store.effective`. A request gives one or the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kasip.errors import InvalidInput
from kasip.pages.links import Links, as_language, standard_url
from kasip.pages.models import OtherEditionDate, VersionPeriodItem
from kasip.registry import Registry
from kasip.store import VersionSummary
from kasip.store.effective import parse_day, version_periods

__all__ = [
    "CLI_NAMES",
    "ChoiceNames",
    "Chosen",
    "choose_version",
    "other_edition_date",
    "version_timeline",
]


@dataclass(frozen=True)
class Chosen:
    """The version a request chose: its number (``None``: the latest) and the day asked."""

    version: int | None
    in_force_on: str | None = None


@dataclass(frozen=True)
class ChoiceNames:
    """How a request names its version, day and standard, for the messages that refuse it."""

    version: str = "version"
    as_of: str = "as_of"
    standard: str = "a standard (standard=KEY)"


CLI_NAMES = ChoiceNames("--version", "--as-of", "--standard")


def choose_version(
    registry: Registry,
    key: str | None,
    *,
    version: int | None,
    as_of: str | None,
    names: ChoiceNames = ChoiceNames(),
) -> Chosen:
    """The version ``version`` or ``as_of`` names (``version`` when neither is given).

    Args:
        registry: The registry.
        key: The standard's key (``as_of`` needs one).
        version: A version number.
        as_of: A day, ``YYYY-MM-DD``.
        names: What the caller calls them (query parameters, or :data:`CLI_NAMES`).

    Raises:
        InvalidInput: Both are given, ``as_of`` is not a day, or it has no standard.
        NotFound: No such standard, or no version of it was in force that day.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     choose_version(reg, "292-2019-05-30-kk", version=None, as_of="2022-03-01")
        Chosen(version=1, in_force_on='2022-03-01')
    """
    if as_of is None:
        return Chosen(version)
    if version is not None:
        raise InvalidInput(
            f"{names.as_of}: give either `{names.version}` or `{names.as_of}`, not both"
        )
    if key is None:
        raise InvalidInput(f"{names.as_of} needs {names.standard}: a date is of one standard")
    day = parse_day(as_of, name=names.as_of)
    return Chosen(registry.version_in_force(key, day).version, day.isoformat())


def version_timeline(
    key: str, versions: Sequence[VersionSummary], *, shown: int, today: date
) -> tuple[VersionPeriodItem, ...]:
    """Each version of ``key`` with its period in force; the one in force ``today`` marked.

    Example:
        >>> v = [VersionSummary(1, "", "", "", 0, "2019-06-15", "entered"),
        ...      VersionSummary(2, "", "", "", 0, "2022-01-10", "order")]
        >>> [(i.version, i.until, i.in_force_today, i.compare_url) for i in
        ...  version_timeline("k", v, shown=2, today=date(2023, 1, 1))]
        ... # doctest: +NORMALIZE_WHITESPACE
        [(1, '2022-01-10', False, None),
         (2, None, True, '/standards/k/history?from=1&to=2')]
    """
    items = []
    previous: int | None = None
    for period in version_periods(versions):
        compare = (
            f"{standard_url(key)}/history?from={previous}&to={period.version}"
            if previous is not None
            else None
        )
        items.append(
            VersionPeriodItem(
                version=period.version,
                url=standard_url(key, version=period.version),
                effective_from=period.effective_from,
                effective_basis=period.effective_basis,
                effective_note=period.effective_note,
                until=period.until,
                last_day=period.last_day,
                superseded_at_once=period.superseded_at_once,
                in_force_today=period.in_force_on(today),
                shown=period.version == shown,
                compare_url=compare,
            )
        )
        previous = period.version
    return tuple(items)


def other_edition_date(
    registry: Registry, links: Links, key: str, versions: Sequence[VersionSummary]
) -> OtherEditionDate | None:
    """The other-language edition's latest date, when it differs from ``key``'s latest.

    An order takes effect once, for its Kazakh and its Russian text alike, so
    two dates for the latest versions of the two editions mean that one of
    them is wrong or only proposed (``kasip versions --set-effective-date``
    sets both, see ``docs/versions.md``). ``None`` when the registry holds no
    other edition or the dates agree.
    """
    other = links.other_edition(key)
    if other is None or not versions:
        return None
    own, theirs = versions[-1], registry.versions(other.key)[-1]
    if own.effective_from == theirs.effective_from:
        return None
    return OtherEditionDate(
        standard=other.key,
        language=as_language(other.language),
        url=standard_url(other.key),
        version=theirs.version,
        effective_from=theirs.effective_from,
        effective_basis=theirs.effective_basis,
        own_version=own.version,
        own_from=own.effective_from,
        own_basis=own.effective_basis,
    )
