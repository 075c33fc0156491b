"""URLs of the HTML pages, and the list items that carry them.

Card IDs hold ``@`` and ``~``, both allowed in a URL path, so the usual ID
stays readable in links: ``/cards/2635-3-001@5``. When the registry holds
more than one standard, a card ID may be held by several of them (the
Kazakh and the Russian text of one order), so card links then name the
standard: ``/cards/2635-3-001@5?standard=292-2019-05-30-ru``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from kasip.editions import group_of_key
from kasip.model import Language, ProfessionCard, Standard
from kasip.pages.models import CardItem, StandardItem, StandardRef, VersionItem
from kasip.registry import Registry, StandardsIndex
from kasip.store import CardSummary, StandardSummary, VersionSummary

_PATH_SAFE = "@~"


def standard_url(key: str, *, version: int | None = None) -> str:
    """The standard page, e.g. ``/standards/292-2019-05-30-kk``.

    Example:
        >>> standard_url("292-2019-05-30-kk", version=1)
        '/standards/292-2019-05-30-kk?version=1'
    """
    url = f"/standards/{quote(key, safe='')}"
    return f"{url}?version={version}" if version is not None else url


def card_url(card_id: str, *, standard: str | None = None, suffix: str = "") -> str:
    """The card page, or with ``suffix=".pdf"`` / ``".json"`` its PDF or JSON twin.

    Example:
        >>> card_url("2634-9-004@6~2")
        '/cards/2634-9-004@6~2'
        >>> card_url("2635-3-001@5", standard="292-2019-05-30-ru", suffix=".pdf")
        '/cards/2635-3-001@5.pdf?standard=292-2019-05-30-ru'
    """
    url = f"/cards/{quote(card_id, safe=_PATH_SAFE)}{suffix}"
    return f"{url}?{urlencode({'standard': standard})}" if standard else url


def parity_url(key: str) -> str:
    """The parity check of a standard's two editions.

    Example:
        >>> parity_url("292-2019-05-30-kk")
        '/standards/292-2019-05-30-kk/parity'
    """
    return f"{standard_url(key)}/parity"


def history_url(key: str) -> str:
    """The history page of a standard: what changed between its versions.

    Example:
        >>> history_url("292-2019-05-30-kk")
        '/standards/292-2019-05-30-kk/history'
    """
    return f"{standard_url(key)}/history"


def ladder_url(code: str, *, standard: str | None = None) -> str:
    """The career ladder of an occupation code.

    Example:
        >>> ladder_url("2635-3-001")
        '/ladder/2635-3-001'
        >>> ladder_url("2635-3-001", standard="292-2019-05-30-ru")
        '/ladder/2635-3-001?standard=292-2019-05-30-ru'
    """
    url = f"/ladder/{quote(code, safe='')}"
    return f"{url}?{urlencode({'standard': standard})}" if standard else url


def compare_url(a: str, b: str, *, standard: str | None = None) -> str:
    """The comparison of card ``a`` (from) with card ``b`` (to).

    Example:
        >>> compare_url("2635-3-001@4", "2635-3-001@5")
        '/compare?a=2635-3-001%404&b=2635-3-001%405'
    """
    query = {"a": a, "b": b, **({"standard": standard} if standard else {})}
    return f"/compare?{urlencode(query)}"


def anchor(url: str, element_id: str) -> str:
    """``url`` with the element's permalink anchor.

    Example:
        >>> anchor("/cards/2635-3-001@5", "2635-3-001@5/f1/t2")
        '/cards/2635-3-001@5#2635-3-001@5/f1/t2'
    """
    return f"{url}#{quote(element_id, safe=_PATH_SAFE + '/')}"


@dataclass(frozen=True)
class Links:
    """Builds the links of one page; knows whether card links must name a standard."""

    index: StandardsIndex

    @classmethod
    def of(cls, registry: Registry) -> Links:
        """Read the standards of ``registry`` once for the page being built."""
        return cls(registry.standards_index())

    @property
    def standards(self) -> tuple[StandardSummary, ...]:
        return self.index.all

    def card(self, card_id: str, standard: str, *, suffix: str = "") -> str:
        """The URL of a card held by ``standard``."""
        named = standard if len(self.standards) > 1 else None
        return card_url(card_id, standard=named, suffix=suffix)

    def ladder(self, code: str, standard: str) -> str:
        """The URL of the career ladder of ``code`` in ``standard``."""
        return ladder_url(code, standard=standard if len(self.standards) > 1 else None)

    def compare(self, a: str, b: str, standard: str) -> str:
        """The URL of the comparison of two cards of ``standard``."""
        return compare_url(a, b, standard=standard if len(self.standards) > 1 else None)

    def summary(self, key: str) -> StandardSummary | None:
        """The summary of the standard ``key``, if the registry holds it."""
        return self.index.by_key.get(key)

    def language(self, key: str) -> Language:
        """The language of a standard's texts (``unknown`` when the registry lacks it)."""
        summary = self.summary(key)
        return as_language(summary.language if summary else "")

    def same_order(self, key: str) -> list[StandardSummary]:
        """The editions of the standard ``key``: same order and annex, itself included.

        One order approves several standards as its annexes, each with its
        Kazakh and Russian text: only the texts of the same annex are editions
        of one standard (:func:`kasip.editions.group_of_key`).
        """
        own = self.summary(key)
        group = group_of_key(key)
        if own is None or group is None or not (own.order_number and own.order_date):
            return [own] if own is not None else []
        return [
            s
            for s in self.index.by_order[(own.order_number, own.order_date)]
            if (other := group_of_key(s.key)) is not None and other.key == group.key
        ]

    def other_edition(self, key: str) -> StandardSummary | None:
        """The edition of the standard ``key`` in the other language, if the registry holds it."""
        own = self.summary(key)
        if own is None:
            return None
        others = [s for s in self.same_order(key) if s.language != own.language]
        return others[0] if others else None

    def edition_in(self, key: str, language: str) -> StandardSummary | None:
        """The edition of the standard ``key`` in ``language`` (``key``'s own included)."""
        found = [s for s in self.same_order(key) if s.language == language]
        return found[0] if found else None

    def card_of(self, standard: str, card: ProfessionCard) -> CardItem:
        """A card list item for a card of ``standard``'s document."""
        summary = CardSummary(standard, card.id, card.code, card.level, card.name, card.title)
        return self.card_item(summary)

    def card_item(self, card: CardSummary) -> CardItem:
        """A card list item."""
        summary = self.summary(card.standard)
        return CardItem(
            id=card.card_id,
            standard=card.standard,
            language=as_language(summary.language if summary else ""),
            code=card.code,
            level=card.level,
            name=card.name,
            title=card.title,
            url=self.card(card.card_id, card.standard),
        )


def standard_item(summary: StandardSummary) -> StandardItem:
    """A standard list item."""
    return StandardItem(
        key=summary.key,
        title=summary.title,
        language=summary.language,
        order_number=summary.order_number,
        order_date=summary.order_date,
        latest_version=summary.latest_version,
        versions=summary.versions,
        cards=summary.cards,
        url=standard_url(summary.key),
    )


def version_item(key: str, version: VersionSummary) -> VersionItem:
    """A version list item."""
    return VersionItem(
        version=version.version,
        imported_at=version.imported_at,
        source_name=version.source_name,
        source_sha256=version.source_sha256,
        cards=version.cards,
        url=standard_url(key, version=version.version),
        effective_from=version.effective_from,
        effective_basis=version.effective_basis,
        official_source=version.official_source,
    )


def standard_ref(key: str, standard: Standard) -> StandardRef:
    """The reference to a standard that every page of it carries."""
    return StandardRef(
        key=key,
        title=standard.title,
        language=standard.language,
        order=standard.order,
        url=standard_url(key),
    )


def as_language(value: str) -> Language:
    """A stored language code as the model's type (``unknown`` for anything else)."""
    if value == "kk":
        return "kk"
    if value == "ru":
        return "ru"
    return "unknown"
