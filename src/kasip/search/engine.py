"""Search: a query in Kazakh or Russian, any word form, against the index.

Each query word becomes a group of weighted tokens: its keys in its own
language (the typed form weighs most), the keys of its translations, and,
for a word the registry does not know, the known words it may be a typo of.
An element scores the IDF-weighted share of the query words it matches, plus
a little for names and for short, dense texts (:func:`_score`). Every
element that holds a query token is scored at once over arrays
(:mod:`kasip.search.ranking`); the best are read from the database and
scored here again, identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from sqlalchemy import Connection

from kasip.errors import InvalidInput
from kasip.model.ids import find_occupation_codes
from kasip.search.analysis import CROSS, WordKeys, is_stop_word
from kasip.search.backend import Candidate, Filters, fetch_cards_by_code, fetch_entries
from kasip.search.editions import (
    Merged,
    edition_language,
    group_of,
    held_elsewhere,
    merge_editions,
    pick_edition,
)
from kasip.search.entries import SEARCHED_TYPES, fts_token
from kasip.search.models import (
    CardGroup,
    Correction,
    EditionHit,
    HitCard,
    HitElement,
    SearchHit,
    SearchResult,
    SnippetPart,
)
from kasip.search.ranking import Query, SearchArrays, rank_rows
from kasip.search.snapshot import Snapshot
from kasip.text.kazakh import kazakh_keys
from kasip.text.lang import word_language
from kasip.text.lexicon import kazakh_lemmas, translate_keys
from kasip.text.russian import is_russian_word
from kasip.text.words import word_count, words

__all__ = ["Editions", "QueryWord", "analyse_query", "check_types", "search", "word_tokens"]

MAX_QUERY_WORDS = 12
# Weights of a token inside its word's group.
TYPED, STEM, CORRECTED, SYNONYM = 1.0, 0.85, 0.6, 0.5
MAX_PIVOT = 4
TRANSLATION_DECAY = 0.95
TYPE_BONUS = {"card": 0.12, "other_name": 0.1, "term": 0.06, "function": 0.05, "task": 0.04}
SNIPPET_CHARS = 220
# Words that ask what a term means (point 2 of a standard defines its terms).
DEFINITION_CUES = frozenset(
    {"ұғым", "ұғымы", "ұғымның", "термин", "термині", "деген", "дегеніміз", "мағынасы",
     "понятие", "определение", "такое", "означает", "расшифровка"}
)  # fmt: skip
DEFINITION_BONUS = 0.3
# An occupation code in the query ("2635-3-001", or the short "3412-008") finds its
# cards first, above any text hit.
CODE_SCORE = 9.0
# An element must say at least this share of the query (IDF-weighted): one
# generic word of "водитель категории C" is not a hit for it.
MIN_COVERAGE = 0.25


@dataclass(frozen=True, slots=True)
class QueryWord:
    """A query word and its weighted alternatives (token → weight)."""

    text: str
    tokens: dict[str, float]
    correction: str | None = None


def word_tokens(word: str, analysed: Sequence[WordKeys]) -> dict[str, float]:
    """A word's weighted tokens: the typed form, its other keys, its translations."""
    tokens: dict[str, float] = {}

    def put(token: str, weight: float) -> None:
        token = fts_token(token)
        if token and weight > tokens.get(token, 0.0):
            tokens[token] = weight

    for keys in analysed:
        # The lexicon lists a word's usual translation first.
        for rank, key in enumerate(keys.cross):
            put(key, CROSS * TRANSLATION_DECAY**rank)
        for key in keys.keys:
            put(key, TYPED if key == word.lower() else STEM)
    return tokens


def _analyse_word(text: str, snapshot: Snapshot) -> QueryWord:
    analyzer = snapshot.analyzer
    lang = word_language(text)
    langs = [lang] if lang else ["kk", "ru"]
    tokens = word_tokens(text, [analyzer.keys(text, lang=x) for x in langs])
    for x in langs:
        for synonym in _synonyms(analyzer.keys(text, lang=x), x):
            tokens.setdefault(fts_token(synonym), SYNONYM)
    if any(snapshot.known(t) for t in tokens):
        return QueryWord(text, tokens)
    if _real_word(text, lang):
        # A Russian word may still be a Kazakh one typed on a Russian keyboard (орт, өрт).
        typed = snapshot.same_when_folded(text) if lang is None else []
        return _corrected(text, tokens, typed[:1], snapshot)
    # The typed form first, then its longest stems or lemmas: an inflected
    # misspelling ("паллативная") is closest to a known lemma ("паллиативный").
    forms = [text, *sorted((t for t in tokens if t != text.lower()), key=len, reverse=True)[:2]]
    suggestions = (s for form in forms for s in snapshot.corrections(form))
    return _corrected(text, tokens, suggestions, snapshot)


def _corrected(
    text: str, tokens: dict[str, float], suggestions: Iterable[str], snapshot: Snapshot
) -> QueryWord:
    """The word read as the first suggestion that brings known tokens."""
    for suggestion in suggestions:
        analysed = [snapshot.analyzer.keys(suggestion, lang=x) for x in ("kk", "ru")]
        tokens_of = word_tokens(suggestion, analysed)
        fixed = {t: w * CORRECTED for t, w in tokens_of.items() if snapshot.known(t)}
        if fixed:
            return QueryWord(text, tokens | fixed, correction=suggestion)
    return QueryWord(text, tokens)


def _synonyms(keys: WordKeys, lang: str) -> tuple[str, ...]:
    """Same-language synonyms through the other language (ас → еда → тамақ).

    Only for a word with few translations: a word with many (беру 'give')
    would bring half the vocabulary back.
    """
    if not keys.cross or len(keys.cross) > MAX_PIVOT:
        return ()
    back = translate_keys(keys.cross, source="ru" if lang == "kk" else "kk")
    found = tuple(k for k in back if k not in keys.keys)
    return found if len(found) <= MAX_PIVOT else ()


def _real_word(text: str, lang: str | None) -> bool:
    """A dictionary word is not a typo, only absent from the registry."""
    if lang != "kk" and is_russian_word(text):
        return True
    keys = kazakh_keys(text, vocabulary=kazakh_lemmas())
    return lang != "ru" and bool(kazakh_lemmas().intersection(keys))


def analyse_query(query: str, snapshot: Snapshot) -> list[QueryWord]:
    """The query's content words with their weighted token groups.

    Words that only ask for a definition ("ұғымы", "что такое") are left out;
    see :func:`asks_definition`.
    """
    found = [
        w.text
        for w in words(query)
        if not is_stop_word(w.text) and w.text.lower() not in DEFINITION_CUES
    ]
    return [_analyse_word(w, snapshot) for w in found[:MAX_QUERY_WORDS]]


def asks_definition(query: str) -> bool:
    """Whether the query asks what a term means, so terms should come first.

    >>> asks_definition("арнаулы әлеуметтік қызметтер ұғымы"), asks_definition("что такое ОРК")
    (True, True)
    >>> asks_definition("біліктілік анықтамалығы")
    False
    """
    return any(w.text.lower() in DEFINITION_CUES for w in words(query))


@dataclass(frozen=True, slots=True)
class _Weights:
    """Per query word: the IDF all its tokens share, and what the query can score.

    ``where`` lists, for each token of the query, the words it stands for and
    its weight there: scoring a candidate looks up only the tokens it shares
    with the query.
    """

    idf: tuple[float, ...]
    total: float
    where: dict[str, tuple[tuple[int, float], ...]]
    tokens: frozenset[str]


def _weights(query: list[QueryWord], snapshot: Snapshot) -> _Weights:
    """A word's IDF is that of its commonest known rendering.

    Its alternatives (stems, translations) are the same word: a rare marginal
    translation (персонал for работник) must not outweigh the usual one
    (қызметкер). A word the index does not know at all weighs like the average
    known word (its own IDF, maximal for an unseen token, would drown the
    others: one misspelt word would hide every hit of the rest).
    """
    idfs = [
        min((snapshot.idf(t) for t in word.tokens if snapshot.known(t)), default=None)
        for word in query
    ]
    known = [i for i in idfs if i is not None]
    fallback = sum(known) / len(known) if known else 1.0
    idf = tuple(fallback if i is None else i for i in idfs)
    best = [
        max((w for t, w in word.tokens.items() if snapshot.known(t)), default=TYPED)
        for word in query
    ]
    where: dict[str, tuple[tuple[int, float], ...]] = {}
    for n, word in enumerate(query):
        for token, weight in word.tokens.items():
            where[token] = (*where.get(token, ()), (n, weight))
    total = sum(b * i for b, i in zip(best, idf, strict=True))
    return _Weights(idf, total, where, frozenset(where))


# Scoring counts the words of every candidate; the same texts come back query after query.
_word_count = lru_cache(maxsize=1 << 15)(word_count)


def _score(candidate: Candidate, weights: _Weights, *, definition: bool = False) -> float:
    if weights.total == 0:
        return 0.0
    # Per query word, its best weight among the tokens the candidate holds
    # (through a translation: times CROSS).
    best = [0.0] * len(weights.idf)
    for tokens, factor in ((candidate.xkeys, CROSS), (candidate.keys, 1.0)):
        for token in weights.tokens.intersection(tokens.split()):
            for n, weight in weights.where[token]:
                gain = weight * factor
                if gain > best[n]:
                    best[n] = gain
    matched = 0.0
    for gain, idf in zip(best, weights.idf, strict=True):
        matched += gain * idf
    coverage = matched / weights.total
    if coverage < MIN_COVERAGE:
        return 0.0
    length = max(_word_count(candidate.text), 1)
    density = min(len(weights.idf) / length, 1.0)
    bonus = TYPE_BONUS.get(candidate.type, 0.0)
    if definition and candidate.type in ("term", "abbreviation"):
        bonus += DEFINITION_BONUS
    return round(coverage + bonus + 0.1 * density, 4)


class _Marker:
    """Which words of a text the query matched (memoised: hits repeat words)."""

    def __init__(self, query: list[QueryWord], snapshot: Snapshot) -> None:
        self._wanted = {t for word in query for t in word.tokens}
        self._analyzer = snapshot.analyzer
        self._memo: dict[tuple[str, str], bool] = {}

    def marks(self, text: str, lang: str) -> list[tuple[int, int]]:
        return [(w.start, w.end) for w in words(text) if self._is_hit(w.text, lang)]

    def _is_hit(self, word: str, lang: str) -> bool:
        found = self._memo.get((word, lang))
        if found is None:
            keys = self._analyzer.keys(word, lang=lang).all
            found = not is_stop_word(word) and any(fts_token(k) in self._wanted for k in keys)
            self._memo[word, lang] = found
        return found


def _snippet(candidate: Candidate, marker: _Marker) -> tuple[SnippetPart, ...]:
    text = candidate.text
    marks = marker.marks(text, candidate.lang)
    start, end = 0, len(text)
    if len(text) > SNIPPET_CHARS:
        first = marks[0][0] if marks else 0
        start = max(0, min(first - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
        end = start + SNIPPET_CHARS
    parts: list[SnippetPart] = [SnippetPart(text="…", hit=False)] if start else []
    cursor = start
    for mark_start, mark_end in marks:
        if mark_start < start or mark_end > end:
            continue
        if mark_start > cursor:
            parts.append(SnippetPart(text=text[cursor:mark_start], hit=False))
        parts.append(SnippetPart(text=text[mark_start:mark_end], hit=True))
        cursor = mark_end
    if cursor < end:
        parts.append(SnippetPart(text=text[cursor:end], hit=False))
    if end < len(text):
        parts.append(SnippetPart(text="…", hit=False))
    return tuple(parts)


def _hit(candidate: Candidate, score: float, marker: _Marker) -> SearchHit:
    card = HitCard(
        id=candidate.card_id,
        code=candidate.code,
        level=candidate.level,
        name=candidate.card_name,
        standard=candidate.standard,
    )
    element = HitElement(id=candidate.element_id, type=candidate.type, text=candidate.text)
    return SearchHit(card=card, element=element, score=score, snippet=_snippet(candidate, marker))


def _groups(
    hits: Sequence[SearchHit], partners: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[CardGroup, ...]:
    """The hits by card; a card's editions are one card (kasip.search.editions)."""
    grouped: dict[tuple[str, str | None], list[SearchHit]] = {}
    for hit in hits:
        standard = group_of(hit.card.standard, partners) if partners else hit.card.standard
        grouped.setdefault((standard, hit.card.id), []).append(hit)
    return tuple(
        CardGroup(card=g[0].card, score=g[0].score, hits=tuple(g)) for g in grouped.values()
    )


def check_types(types: Sequence[str]) -> tuple[str, ...]:
    """Return the element types asked for, without repeats, if the search knows them.

    Raises:
        InvalidInput: A type is not one of :data:`~kasip.search.entries.SEARCHED_TYPES`.

    >>> check_types(["skill", "knowledge", "skill"])
    ('skill', 'knowledge')
    >>> check_types(["skills"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kasip.errors.InvalidInput: unknown element type 'skills'; choose from card, other_name, ...
    """
    unknown = [t for t in types if t not in SEARCHED_TYPES]
    if unknown:
        raise InvalidInput(
            f"unknown element type {unknown[0][:50]!r}; choose from {', '.join(SEARCHED_TYPES)}"
        )
    return tuple(dict.fromkeys(types))


def _ranked(
    conn: Connection,
    arrays: SearchArrays,
    query: tuple[list[QueryWord], _Weights, bool],
    filters: Filters,
    wanted: int,
) -> list[tuple[float, Candidate]]:
    """The best ``wanted`` entries (and ties), read and scored, best first."""
    analysed, weights, definition = query
    ids = rank_rows(
        arrays,
        Query(
            words=[w.tokens for w in analysed],
            idf=weights.idf,
            total=weights.total,
            min_coverage=MIN_COVERAGE,
            type_bonus=TYPE_BONUS,
            definition_bonus=DEFINITION_BONUS if definition else 0.0,
            level=filters.level,
            types=filters.types,
        ),
        standard=filters.standard,
        wanted=wanted,
    )
    scored = ((_score(c, weights, definition=definition), c) for c in fetch_entries(conn, ids))
    return sorted(
        (sc for sc in scored if sc[0] > 0),
        key=lambda sc: (-sc[0], len(sc[1].text), sc[1].element_id, sc[1].standard),
    )


def search(  # noqa: PLR0913 - the filters are keywords
    conn: Connection,
    snapshot: Snapshot,
    query: str,
    *,
    arrays: SearchArrays,
    filters: Filters | None = None,
    limit: int = 20,
    editions: Editions | None = None,
) -> SearchResult:
    """Search the index; see the module doc. ``limit`` caps the hits.

    ``arrays`` are the registry's search arrays for the state ``conn`` reads
    (:mod:`kasip.search.ranking`). ``editions`` says which standards are
    editions of one order and the language to show them in: then a card or
    element held by both is one hit (:mod:`kasip.search.editions`).
    """
    filters = filters or Filters()
    filters = Filters(filters.standard, filters.level, check_types(filters.types))
    base = SearchResult(
        query=query, standard=filters.standard, level=filters.level, types=filters.types
    )
    if limit <= 0:
        return base
    # Each element of two editions may come twice: twice as many fill the limit.
    twice = 2 if editions else 1
    codes = find_occupation_codes(query)
    by_code = fetch_cards_by_code(conn, codes, filters, limit=limit * twice)
    unmarked = _Marker([], snapshot)
    coded = tuple(_hit(c, CODE_SCORE, unmarked) for c in by_code)
    analysed = analyse_query(query, snapshot)
    weights = _weights(analysed, snapshot)
    if not any(w.tokens for w in analysed):
        if editions:
            ranked = [(CODE_SCORE, c) for c in by_code]
            coded = _edition_hits(conn, ranked, (unmarked, unmarked), editions, limit)
        partners = editions.partners if editions else None
        return base.model_copy(update={"hits": coded, "groups": _groups(coded, partners)})
    definition = asks_definition(query)
    wanted = (limit + len(coded)) * twice
    scored = _ranked(conn, arrays, (analysed, weights, definition), filters, wanted)
    seen = {hit.element.id for hit in coded}
    # Only the hits shown get a snippet (the costly part): islice stops the
    # generator at the limit instead of building one per scored candidate.
    marker = _Marker(analysed, snapshot)
    if editions:
        texts = [(s, c) for s, c in scored if c.element_id not in seen]
        ranked = [*((CODE_SCORE, c) for c in by_code), *texts]
        hits = _edition_hits(conn, ranked, (marker, unmarked), editions, limit)
    else:
        found = (_hit(c, s, marker) for s, c in scored)
        hits = (*coded, *islice((h for h in found if h.element.id not in seen), limit))[:limit]
    corrections = tuple(
        Correction(word=w.text, suggestion=w.correction) for w in analysed if w.correction
    )
    partners = editions.partners if editions else None
    return base.model_copy(
        update={"hits": hits, "groups": _groups(hits, partners), "corrections": corrections}
    )


@dataclass(frozen=True, slots=True)
class Editions:
    """The editions of one order the registry holds, and the language to show.

    ``partners`` is :func:`kasip.search.editions.edition_partners` of the
    registry's keys; ``language`` the page's (None: the edition that scored best).
    """

    partners: Mapping[str, tuple[str, ...]]
    language: str | None = None


def _edition_hits(
    conn: Connection,
    ranked: Sequence[tuple[float, Candidate]],
    markers: tuple[_Marker, _Marker],
    editions: Editions,
    limit: int,
) -> tuple[SearchHit, ...]:
    """One hit per (edition group, element ID), best first, in the edition to show."""
    merged = merge_editions(ranked, editions.partners)[:limit]
    held = held_elsewhere(conn, merged, editions.partners)
    return tuple(_edition_hit(m, held, markers, editions) for m in merged)


def _edition_hit(
    merged: Merged,
    held: Mapping[tuple[str, str], Candidate],
    markers: tuple[_Marker, _Marker],
    editions: Editions,
) -> SearchHit:
    best = merged.best
    entries = {key: c for key, (_, c) in merged.scored.items()}
    for other in editions.partners.get(best.standard, ()):
        if (other, best.element_id) in held:
            entries[other] = held[other, best.element_id]
    shown = pick_edition(best.standard, sorted(entries), editions.language)
    # An occupation code's hits mark no words (as in search above).
    marker = markers[1] if merged.score == CODE_SCORE and best.type == "card" else markers[0]
    others = tuple(
        EditionHit(
            standard=key,
            language=edition_language(key) or entries[key].lang,
            score=merged.scored[key][0] if key in merged.scored else None,
        )
        for key in sorted(entries)
        if key != shown
    )
    hit = _hit(entries[shown], merged.score, marker)
    return hit.model_copy(update={"editions": others})
