"""A Kazakh-Russian lexicon: translate one word's search keys between kk and ru.

A standard may be published in one language only, so a Russian query must find
Kazakh cards and a Kazakh one Russian cards. The lexicon (``data/lexicon/kk-ru.tsv``,
curated by hand, one ``kazakh_lemma<TAB>russian_lemma`` pair a line) maps the
search keys of :mod:`kasip.text.kazakh` and :mod:`kasip.text.russian` across:

>>> from kasip.text.kazakh import kazakh_keys
>>> from kasip.text.russian import russian_keys
>>> translate_keys(kazakh_keys("қызметкерлерінің", vocabulary=kazakh_lemmas()), source="kk")
('работник', 'сотрудник')
>>> translate_keys(russian_keys("навыков"), source="ru")
('дағды',)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

# The folds are private to their modules, but search keys must be folded
# exactly as the stemmers fold words, so they are reused rather than copied.
from kasip.text.kazakh import _fold as _fold_kazakh
from kasip.text.russian import _fold as _fold_russian

__all__ = [
    "LEXICON_PATH",
    "SENSES_PATH",
    "kazakh_lemmas",
    "loose_translations",
    "translate_keys",
    "word_translations",
]

LEXICON_PATH = "data/lexicon/kk-ru.tsv"  # inside the kasip package
SENSES_PATH = "data/lexicon/senses.tsv"  # its ambiguous links
_SOURCES = ("kk", "ru")


@dataclass(frozen=True)
class _Lexicon:
    kk_to_ru: Mapping[str, tuple[str, ...]]
    ru_to_kk: Mapping[str, tuple[str, ...]]
    # Russian stems (Snowball) of the lexicon's lemmas: the fallback for a lemma
    # the lexicon lacks whose relative it has (благотворительный ~ благотворительность).
    ru_stem_to_kk: Mapping[str, tuple[str, ...]]
    # Links whose words do not share all their senses, as (kazakh, russian).
    ambiguous: frozenset[tuple[str, str]]


# A shorter stem joins unrelated words (работ- of работа and работать is fine,
# but прав- joins право, правый, правильный).
MIN_RUSSIAN_STEM = 6


@cache
def _russian_stemmer() -> Any:
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("russian")


_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=65536)
def russian_stem(lemma: str) -> str | None:
    """The Snowball stem of a Russian lemma, if it is long enough to be telling.

    >>> russian_stem("благотворительный") == russian_stem("благотворительность")
    True
    >>> russian_stem("право") is None
    True
    """
    # A Snowball stemmer keeps its working string on itself: one word at a time
    # (the web server calls this from several threads).
    with _STEMMER_LOCK:
        stem: str = _russian_stemmer().stemWord(lemma)
    return stem if len(stem) >= MIN_RUSSIAN_STEM else None


def _parse(text: str, *, path: str = LEXICON_PATH, fields: int = 2) -> list[tuple[str, str]]:
    """The normalised pairs of the TSV text, in file order; a malformed line raises.

    ``fields``: how many fields a line has (the senses file adds a note).
    """
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        found = line.split("\t")
        if len(found) != fields or not all(field.strip() for field in found):
            shape = "kazakh<TAB>russian" + "<TAB>note" * (fields - 2)
            raise ValueError(f"{path}:{number}: expected {shape}: {line!r}")
        pairs.append((_fold_kazakh(found[0]), _fold_russian(found[1])))
    return pairs


def _read(path: str) -> str:
    return (files("kasip") / path).read_text(encoding="utf-8")


def _senses(pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """The ambiguous links of the senses file; each must be a link of the lexicon."""
    known = set(pairs)
    found = frozenset(_parse(_read(SENSES_PATH), path=SENSES_PATH, fields=3))
    unknown = sorted(found - known)
    if unknown:
        raise ValueError(f"{SENSES_PATH}: links not in {LEXICON_PATH}: {unknown}")
    return found


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    # dict keys keep insertion order, so translations come in file order.
    grouped: dict[str, dict[str, None]] = {}
    for key, value in pairs:
        grouped.setdefault(key, {})[value] = None
    return {key: tuple(values) for key, values in grouped.items()}


@cache
def _lexicon() -> _Lexicon:
    """The lexicon, read from the package data once."""
    pairs = _parse(_read(LEXICON_PATH))
    stems = ((russian_stem(ru), kk) for kk, ru in pairs)
    return _Lexicon(
        kk_to_ru=_index(pairs),
        ru_to_kk=_index((ru, kk) for kk, ru in pairs),
        ru_stem_to_kk=_index((stem, kk) for stem, kk in stems if stem),
        ambiguous=_senses(pairs),
    )


def _extends(longer: str, key: str) -> bool:
    """Whether ``longer`` (or one part of a hyphenated ``longer``) starts with ``key``."""
    return any(part.startswith(key) for part in (longer, *longer.split("-")))


def _kazakh_entries(keys: Iterable[str], entries: Mapping[str, object]) -> list[str]:
    """The keys to translate: lexicon entries no longer entry among the keys extends.

    The Kazakh stemmer offers every candidate stem, and short ones are often
    other words (әлеумет 'society' inside әлеуметтік 'social'); the longest
    attested stem is the word. Parts of a hyphenated compound are kept side by
    side when the compound itself is not an entry.
    """
    found = list(dict.fromkeys(k for k in map(_fold_kazakh, keys) if k in entries))
    return [
        key
        for key in found
        if not any(len(other) > len(key) and _extends(other, key) for other in found)
    ]


def translate_keys(keys: Iterable[str], *, source: str) -> tuple[str, ...]:
    """Return the target-language search keys of one word's translations.

    ``keys`` are the search keys of ONE word in ``source`` (``"kk"`` or
    ``"ru"``), as :func:`~kasip.text.kazakh.kazakh_keys` or
    :func:`~kasip.text.russian.russian_keys` give them. For Kazakh, the
    longest keys that are lexicon entries are translated and shorter stems
    they extend are ignored, so a spurious short stem adds no translations.
    For Russian, every lemma (each a possible parse) is translated.

    Args:
        keys: search keys of one word; they are folded like the stemmers fold.
        source: the language of ``keys``, ``"kk"`` or ``"ru"``.

    Returns:
        The lemmas of the other language, deduplicated, in lexicon order; ``()``
        when no key is in the lexicon.

    Raises:
        ValueError: ``source`` is neither ``"kk"`` nor ``"ru"``.

    >>> translate_keys(["әлеумет", "әлеуметтік"], source="kk")
    ('социальный',)
    >>> translate_keys(["инвалидность"], source="ru")
    ('мүгедектік', 'кемтарлық')
    >>> translate_keys(["абырвалг"], source="ru")
    ()
    >>> translate_keys(["x"], source="en")
    Traceback (most recent call last):
    ...
    ValueError: unknown source language 'en'; choose kk or ru
    """
    return word_translations(tuple(keys), source)[0]


def _links(keys: Iterable[str], source: str) -> list[tuple[str, str]]:
    """(source key, translation) for the keys :func:`translate_keys` translates."""
    lexicon = _lexicon()
    if source == "kk":
        chosen = _kazakh_entries(keys, lexicon.kk_to_ru)
        table = lexicon.kk_to_ru
    elif source == "ru":
        chosen = list(dict.fromkeys(map(_fold_russian, keys)))
        table = lexicon.ru_to_kk
        if not any(key in table for key in chosen):
            return _by_russian_stem(chosen, lexicon)
    else:
        raise ValueError(f"unknown source language {source!r}; choose {' or '.join(_SOURCES)}")
    return [(key, target) for key in chosen for target in table.get(key, ())]


def loose_translations(keys: Iterable[str], *, source: str) -> frozenset[str]:
    """The translations of :func:`translate_keys` reached only through ambiguous links.

    A link is ambiguous when ``data/lexicon/senses.tsv`` lists it: its words do
    not share all their senses (хозяйство is also the housework, шаруашылық is not).

    >>> sorted(loose_translations(["хозяйство"], source="ru"))
    ['шаруашылық']
    >>> sorted(loose_translations(["готовить"], source="ru"))
    ['дайында', 'дайындау', 'пісір', 'пісіру']
    >>> sorted(loose_translations(["уборка"], source="ru"))
    []
    """
    return word_translations(tuple(keys), source)[1]


# Words recur from standard to standard (about two in three of a standard's
# words are in the standards read before it): an import reads each once.
@lru_cache(maxsize=131072)
def word_translations(keys: tuple[str, ...], source: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """:func:`translate_keys` and :func:`loose_translations` of one word's ``keys``,
    from one look-up in the lexicon, remembered for the process (the lexicon is
    read once; the answer depends on nothing else)."""
    links = _links(keys, source)
    ambiguous = _lexicon().ambiguous
    firm: set[str] = set()
    loose: set[str] = set()
    for key, target in links:
        pair = (key, target) if source == "kk" else (target, key)
        (loose if pair in ambiguous else firm).add(target)
    return tuple(dict.fromkeys(target for _, target in links)), frozenset(loose - firm)


def _by_russian_stem(lemmas: Iterable[str], lexicon: _Lexicon) -> list[tuple[str, str]]:
    """Links of a lexicon word sharing the lemma's stem (see ``ru_stem_to_kk``).

    >>> translate_keys(["благотворительный"], source="ru")
    ('қайырымдылық',)
    """
    return [
        (lemma, target)
        for lemma in lemmas
        for target in lexicon.ru_stem_to_kk.get(russian_stem(lemma) or "", ())
    ]


def kazakh_lemmas() -> frozenset[str]:
    """Return the Kazakh side of the lexicon (lemmas and the verb stems it lists).

    Add it to the Kazakh stemmer's vocabulary so that lexicon lemmas stay
    among a word's keys and can be translated.

    >>> {"әлеуметтік", "жүргізу", "жүргіз"} <= kazakh_lemmas()
    True
    """
    return frozenset(_lexicon().kk_to_ru)
