"""The search index's entries: one per searchable element of a standard.

Searched: a card's name (type ``card``), its other names, labour functions,
tasks (or skills, in the 2023 layout), skill and knowledge items, and the
standard's terms and abbreviations. An entry stores the element's text as
published and two key strings (see :mod:`kasip.search.analysis`): ``keys`` in
the text's own language and ``xkeys``, the keys of their translations.
Keys are space-separated; a hyphen inside a key is dropped so that every
full-text engine sees one token (``іс-шара`` → ``ісшара``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kasip.model import Document, ProfessionCard
from kasip.search.analysis import Analyzer
from kasip.store.rows import element_rows
from kasip.text.kazakh import build_vocabulary
from kasip.text.lexicon import kazakh_lemmas

__all__ = ["SEARCHED_TYPES", "Entry", "document_entries", "fts_token", "join_keys"]

SEARCHED_TYPES = (
    "card",
    "other_name",
    "function",
    "task",
    "skill",
    "knowledge",
    "term",
    "abbreviation",
)
_ELEMENT_TYPES = frozenset(SEARCHED_TYPES) - {"card"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable element, ready to be stored (see ``search_entries``)."""

    element_id: str
    card_id: str | None
    code: str | None
    level: int | None
    card_name: str
    type: str
    lang: str
    text: str
    keys: str
    xkeys: str


def fts_token(key: str) -> str:
    """A key as one full-text token: hyphens dropped.

    >>> fts_token("іс-шара")
    'ісшара'
    """
    return key.replace("-", "")


def join_keys(keys: set[str]) -> str:
    """Keys as the stored, space-separated, sorted token string."""
    return " ".join(sorted({fts_token(k) for k in keys if k}))


def document_entries(doc: Document) -> list[Entry]:
    """The search entries of a parsed standard, in document order.

    The Kazakh stemmer checks candidate stems against the document's own
    words and the lexicon's lemmas.
    """
    lang = doc.standard.language
    texts = [row["text"] for row in element_rows(0, doc)] + [c.name for c in doc.cards]
    analyzer = Analyzer(build_vocabulary(texts) | kazakh_lemmas())
    cards = {card.id: card for card in doc.cards}
    return [
        _entry(analyzer, lang, found, cards.get(found[1] or ""), doc) for found in _searched(doc)
    ]


def _searched(doc: Document) -> Iterator[tuple[str, str | None, str, str]]:
    for card in doc.cards:
        yield card.id, card.id, "card", card.name
    for row in element_rows(0, doc):
        if row["type"] in _ELEMENT_TYPES and row["text"].strip():
            yield row["element_id"], row["card_id"], row["type"], row["text"]


def _entry(
    analyzer: Analyzer,
    lang: str,
    found: tuple[str, str | None, str, str],
    card: ProfessionCard | None,
    doc: Document,
) -> Entry:
    element_id, _, kind, text = found
    keys: set[str] = set()
    cross: set[str] = set()
    for _, word_keys in analyzer.text_keys(text, lang=lang):
        keys.update(word_keys.keys)
        cross.update(word_keys.cross)
    return Entry(
        element_id=element_id,
        card_id=card.id if card else None,
        code=card.code if card else None,
        level=card.level if card else None,
        card_name=card.name if card else doc.standard.title,
        type=kind,
        lang=lang,
        text=text,
        keys=join_keys(keys),
        xkeys=join_keys(cross - keys),
    )
