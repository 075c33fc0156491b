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

from dataclasses import dataclass

from kasip.model import Document, ProfessionCard
from kasip.model.elements import ElementRef, walk
from kasip.model.vocabulary import ElementType
from kasip.search.analysis import Analyzer, fts_token
from kasip.text.kazakh import build_vocabulary
from kasip.text.lexicon import kazakh_lemmas

__all__ = [
    "SEARCHED_TYPES",
    "Entry",
    "document_analyzer",
    "document_entries",
    "fts_token",
    "join_tokens",
]

SEARCHED_TYPES: tuple[ElementType, ...] = (
    "card",
    "other_name",
    "function",
    "task",
    "skill",
    "knowledge",
    "term",
    "abbreviation",
)
# The elements whose words make a document's Kazakh vocabulary (what the
# stemmer checks candidate stems against): what the standard says about work,
# not the rows kept as read nor the qualification directory's wording.
_VOCABULARY_TYPES: frozenset[ElementType] = frozenset(
    {"card", "other_name", "function", "task", "skill", "knowledge", "term", "abbreviation",
     "occupation", "amendment"}
)  # fmt: skip


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


def join_tokens(tokens: set[str]) -> str:
    """Tokens (:func:`fts_token`) as the stored, space-separated, sorted string."""
    return " ".join(sorted(t for t in tokens if t))


def document_analyzer(doc: Document) -> Analyzer:
    """The analyser a document's entries are keyed with when it is imported.

    The Kazakh stemmer checks candidate stems against the document's own
    words and the lexicon's lemmas: keys made at import do not change when
    other standards arrive later.
    """
    texts = [ref.text for ref in walk(doc) if ref.type in _VOCABULARY_TYPES]
    return Analyzer(build_vocabulary(texts) | kazakh_lemmas(), texts=True)


def document_entries(doc: Document, analyzer: Analyzer | None = None) -> list[Entry]:
    """The search entries of a parsed standard: its cards, then its other elements.

    Keyed with ``analyzer``, by default :func:`document_analyzer`.
    """
    lang = doc.standard.language
    refs = list(walk(doc))
    analyzer = analyzer or document_analyzer(doc)
    cards = {card.id: card for card in doc.cards}
    searched = [ref for ref in refs if ref.type == "card"] + [
        ref
        for ref in refs
        if ref.type != "card" and ref.type in SEARCHED_TYPES and ref.text.strip()
    ]
    return [_entry(analyzer, lang, ref, cards.get(ref.card_id or ""), doc) for ref in searched]


def _entry(
    analyzer: Analyzer, lang: str, ref: ElementRef, card: ProfessionCard | None, doc: Document
) -> Entry:
    keys: set[str] = set()
    cross: set[str] = set()
    text = ref.text
    for _, word_keys in analyzer.text_keys(text, lang=lang):
        tokens = analyzer.tokens(word_keys)
        keys |= tokens.own
        cross |= tokens.cross
    return Entry(
        element_id=ref.id,
        card_id=card.id if card else None,
        code=card.code if card else None,
        level=card.level if card else None,
        card_name=card.name if card else doc.standard.title,
        type=ref.type,
        lang=lang,
        text=text,
        keys=join_tokens(keys),
        xkeys=join_tokens(cross - keys),
    )
