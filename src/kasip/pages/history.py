"""The version history page of a standard: its versions, their amendments, and a diff.

Each version has its *amendment timeline* (the approving order, then the
amending orders its ``Ескерту`` notes name, by date), built as on the standard
page (:func:`kasip.pages.standard.timeline`); the diff of two versions is
:func:`kasip.compare.versions.diff_documents`.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from kasip.compare.versions import DocumentDiff, diff_documents
from kasip.errors import InvalidInput
from kasip.model import FrozenModel as _Frozen
from kasip.pages.cache import load_document
from kasip.pages.checks import check_standard_key
from kasip.pages.links import Links, standard_ref, standard_url, version_item
from kasip.pages.models import StandardRef, TimelineEvent, VersionItem
from kasip.pages.reading import one_read
from kasip.pages.standard import timeline
from kasip.registry import Registry
from kasip.store import VersionSummary

__all__ = ["HistoryPage", "VersionEntry", "build_history", "history_url"]


class VersionEntry(_Frozen):
    """A stored version, the amendment timeline its text records, and its diff link.

    ``diff_url`` shows what this version changed from the one before it;
    ``None`` for the first version.
    """

    version: VersionItem
    timeline: tuple[TimelineEvent, ...]
    diff_url: str | None


class HistoryPage(_Frozen):
    """The data of ``/standards/{key}/history`` and of its JSON twins."""

    standard: StandardRef
    versions: tuple[VersionEntry, ...]
    from_version: int
    to_version: int
    diff: DocumentDiff


@one_read
def build_history(
    registry: Registry, key: str, *, from_version: int | None = None, to_version: int | None = None
) -> HistoryPage:
    """Build the history page of a standard: its versions and a diff of two.

    Args:
        registry: The registry.
        key: The standard's key.
        from_version: The older side; default: the version before ``to_version``
            (or ``to_version`` itself when it is the first).
        to_version: The newer side; default: the latest version.

    Returns:
        The page data.

    Raises:
        InvalidInput: The key is malformed or a version number is below 1.
        NotFound: No such standard or version.
    """
    check_standard_key(key)
    for number in (from_version, to_version):
        if number is not None and number < 1:
            raise InvalidInput(f"version numbers start at 1, not {number}")
    versions = registry.versions(key)
    to_v = to_version if to_version is not None else versions[-1].version
    from_v = from_version if from_version is not None else _previous(versions, to_v)
    old = load_document(registry, key, from_v).document
    new = load_document(registry, key, to_v).document
    links = Links.of(registry)
    # Removed cards are only in the old version: link them there.
    old_ids = {c.id for c in old.cards} - {c.id for c in new.cards}

    def url_of(card_id: str) -> str:
        url = links.card(card_id, key)
        if card_id in old_ids:
            url += f"{'&' if '?' in url else '?'}{urlencode({'version': from_v})}"
        return url

    return HistoryPage(
        standard=standard_ref(key, new.standard),
        versions=tuple(_version_entry(registry, key, versions, v) for v in versions),
        from_version=from_v,
        to_version=to_v,
        diff=diff_documents(old, new, url_of=url_of),
    )


def history_url(key: str, *, from_version: int, to_version: int) -> str:
    """The history page of ``key`` showing the diff between two versions.

    Example:
        >>> history_url("292-2019-05-30-kk", from_version=1, to_version=2)
        '/standards/292-2019-05-30-kk/history?from=1&to=2'
    """
    query = urlencode({"from": from_version, "to": to_version})
    return f"{standard_url(key)}/history?{query}"


def _previous(versions: Sequence[VersionSummary], version: int) -> int:
    earlier = [v.version for v in versions if v.version < version]
    return earlier[-1] if earlier else version


def _version_entry(
    registry: Registry, key: str, versions: Sequence[VersionSummary], summary: VersionSummary
) -> VersionEntry:
    before = _previous(versions, summary.version)
    return VersionEntry(
        version=version_item(key, summary),
        timeline=timeline(load_document(registry, key, summary.version).document),
        diff_url=(
            history_url(key, from_version=before, to_version=summary.version)
            if before != summary.version
            else None
        ),
    )
