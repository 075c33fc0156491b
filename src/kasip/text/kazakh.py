"""A rule-based Kazakh normaliser: search keys for a word form, offline.

No Kazakh analyser ships in an offline package, so this module strips the
agglutinative suffix chains itself. It knows vowel harmony (a suffix with back
vowels follows a stem whose last vowel is back, and likewise for front ones),
the consonant a suffix starts with after a given stem ending (``-лар`` after a
vowel, ``-дар`` after a voiced consonant, ``-тар`` after a voiceless one), and
the voicing of a stem-final ``п``/``к``/``қ`` before a vowel
(``құқығы`` → ``құқық``).

Ambiguity is kept: :func:`kazakh_keys` returns every candidate stem; given a
vocabulary, it keeps the word itself, the stems at which no further suffix can
be stripped and the intermediate stems the vocabulary attests. Two forms of
one word share a key:

>>> set(kazakh_keys("құрбаны")) & set(kazakh_keys("құрбандарына"))
{'құрбан'}
>>> kazakh_keys("іс-шаралардың", vocabulary=set())
('іс', 'шара', 'іс-шара', 'шаралардың', 'іс-шаралардың')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable

from kasip.text.alphabet import CYRILLIC_LOWER, LATIN_HOMOGLYPHS

__all__ = ["build_vocabulary", "kazakh_keys"]

MIN_STEM = 3
# Kazakh has a closed set of two-letter roots; they may be stems too
# (үйін → үй, жуып → жу), while any other two-letter rest is a false cut.
SHORT_ROOTS = frozenset(
    {"үй", "ас", "ел", "жу", "же", "іс", "ой", "от", "ем", "ес", "ер",
     "ұл", "су", "ақ", "аз", "ай", "ет", "ал", "ту", "ән", "оқ", "ау"}
)  # fmt: skip
MAX_DEPTH = 7

_BACK = frozenset("аоұыя")
_FRONT = frozenset("әеөүіэ")
_VOWELS = _BACK | _FRONT | frozenset("уиюё")
_VOICELESS = frozenset("кқпстфхшщцчһ")
_SONORANT = frozenset("лмнңрзжйу")
_CYRILLIC = re.compile(f"[{CYRILLIC_LOWER}]")
_WORD = re.compile(f"[a-z{CYRILLIC_LOWER}]+(?:-[a-z{CYRILLIC_LOWER}]+)*")
_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

# Suffixes, by kind; both harmony variants listed. The check on what may
# precede a suffix is done by _fits from the suffix's first letter.
_SUFFIX_TABLE = """
    лар лер дар дер тар тер
    ым ім м ың ің ң ы і сы сі ымыз іміз мыз міз ыңыз іңіз ңыз ңіз
    ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н
    да де та те нда нде дан ден тан тен нан нен мен бен пен ша ше
    ғы гі қы кі
    лық лік дық дік тық тік шы ші сыз сіз лы лі
    у ю ған ген қан кен атын етін йтын йтін ып іп п ыл іл л сын сін
    ады еді йды йді мақ мек бақ бек пақ пек
"""
# Lines: plural; possessive; case (genitive, dative, accusative; locative,
# ablative, instrumental, equative); attributive -дағы; derivational
# (-лық, -шы, -сыз, -лы); verbal (verbal noun, participles, converbs,
# passive, imperative; present, purposive). -ды/-ді is also the past tense.
_SUFFIXES: tuple[str, ...] = tuple(sorted(set(_SUFFIX_TABLE.split())))
# The suffixes by their last letter: a stem can only end with those of its own
# last letter (same order as _SUFFIXES).
_SUFFIXES_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(s for s in _SUFFIXES if s[-1] == last) for last in {s[-1] for s in _SUFFIXES}
}
# Analyses are pure functions of the word, memoised across calls (an index
# build meets the same words and stems over and over); bounded for memory.
_MEMO_WORDS = 1 << 14
_MEMO_STEMS = 1 << 15
_CLUSTER_FINAL = frozenset("дғгшжсқкт")
_CLUSTERS_OK = frozenset(["рт", "лт", "нт", "ст", "рк", "лк", "нк", "рқ", "лқ", "нқ", "нд"])
_NO_HARMONY = frozenset({"мен", "бен", "пен"})  # the instrumental is always front
_SHORT_OK = frozenset({"а", "е", "н"})  # only after a possessive ending


def _last_vowel(stem: str) -> str | None:
    for ch in reversed(stem):
        if ch in _BACK or ch in _FRONT:
            return ch
    return None


def _harmony(stem: str, suffix: str) -> bool:
    """Whether the suffix's vowels agree with the stem's last harmonic vowel."""
    if suffix in _NO_HARMONY:
        return True
    wanted = _last_vowel(suffix)
    have = _last_vowel(stem)
    if wanted is None or have is None:
        return True
    return (wanted in _BACK) == (have in _BACK)


def _fits(stem: str, suffix: str) -> bool:
    """Whether ``suffix`` may follow ``stem`` (its first letter vs the stem's end)."""
    last, first = stem[-1], suffix[0]
    vowel_end = last in _VOWELS and last not in "у"
    if suffix in _SHORT_OK:
        return last in "ымің" if suffix != "н" else last in "ыі"
    if suffix == "у":  # verbal noun: after any verb stem (жуу is жу + у)
        return last != "у" or stem in SHORT_ROOTS
    if len(suffix) == 1 and first not in _VOWELS:  # м ң п л ю: after a vowel
        return vowel_end
    if first in _VOWELS:
        return not vowel_end
    if first == "л":
        return vowel_end or last in "руй"
    if first in "дғгб":
        return last in _SONORANT or vowel_end
    if first in "тқкп":
        return last in _VOICELESS or last in "бвгд"
    if first == "н":
        return vowel_end or last in "мнң"
    if suffix in {"сы", "сі"}:
        return vowel_end
    return True


def _plausible_end(stem: str) -> bool:
    """Whether a stem may end as it does (no final cluster like ``-сш``, ``-рд``)."""
    last, before = stem[-1], stem[-2]
    if last not in _CLUSTER_FINAL or before in _VOWELS:
        return True
    return before + last in _CLUSTERS_OK


@functools.lru_cache(maxsize=_MEMO_STEMS)
def _strip_once(stem: str) -> tuple[str, ...]:
    """The stems one suffix shorter than ``stem`` (none when nothing can be stripped)."""
    return tuple(_shorter_stems(stem))


def _shorter_stems(stem: str) -> Iterable[str]:
    for suffix in _SUFFIXES_BY_LAST.get(stem[-1:], ()):
        if not stem.endswith(suffix):
            continue
        rest = stem[: -len(suffix)]
        if len(rest) < MIN_STEM and rest not in SHORT_ROOTS:
            continue
        if not _VOWELS.intersection(rest) or not _harmony(rest, suffix) or not _fits(rest, suffix):
            continue
        if suffix[0] in _VOWELS and rest[-1] in _DEVOICE:
            yield rest[:-1] + _DEVOICE[rest[-1]]  # a final б/г/ғ is voiced п/к/қ
            if rest[-1] == "г":
                # No Kazakh word ends in г: a stem that does is a loanword,
                # which keeps it (психолог, психологы; педагог, педагогы).
                yield rest
        elif _plausible_end(rest):
            yield rest


def _analyse(word: str, vocabulary: Collection[str] | None) -> set[str]:
    seen, leaves = _candidates(word)
    if vocabulary is None:
        return set(seen)
    return {word} | leaves | {s for s in seen if s in vocabulary}


@functools.lru_cache(maxsize=_MEMO_WORDS)
def _candidates(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every stem of ``word`` (itself included) and the stems that end a chain."""
    seen: set[str] = {word}
    leaves: set[str] = set()
    frontier = [word]
    for _ in range(MAX_DEPTH):
        following: list[str] = []
        for stem in frontier:
            stems = _strip_once(stem)
            shorter = [s for s in stems if s not in seen]
            if not stems:
                leaves.add(stem)
            seen.update(shorter)
            following.extend(shorter)
        frontier = following
    leaves.update(frontier)
    return frozenset(seen), frozenset(leaves)


def _fold(word: str) -> str:
    lowered = word.strip().lower()
    if not _CYRILLIC.search(lowered):
        return lowered
    return lowered.translate(LATIN_HOMOGLYPHS).replace("ё", "е")


def kazakh_keys(word: str, *, vocabulary: Collection[str] | None = None) -> tuple[str, ...]:
    """Return the search keys of a Kazakh word form, most likely first.

    The word is lower-cased and Latin homoglyphs in a Cyrillic word are folded
    (``i`` → ``і``). Stems keep at least three letters and a vowel. Keys the
    ``vocabulary`` (see :func:`build_vocabulary`) attests come first, then the
    shorter ones. A hyphenated compound gives the keys of each part and of
    the whole (suffixes attach to the last part).

    >>> kazakh_keys("Бiлiмi")
    ('біл', 'білі', 'білім', 'білімі')
    >>> kazakh_keys("білімі", vocabulary={"білім"})
    ('білім', 'біл', 'білімі')
    >>> "қауіпсіздік" in kazakh_keys("қауіпсіздігі", vocabulary={"қауіпсіздік"})
    True
    """
    folded = _fold(word)
    if not folded:
        return ()
    keys = _analyse(folded, vocabulary)
    if "-" in folded:
        for part in folded.split("-"):
            if part:
                keys |= _analyse(part, vocabulary)

    def rank(key: str) -> tuple[bool, int, str]:
        return (vocabulary is None or key not in vocabulary, len(key), key)

    return tuple(sorted(keys, key=rank))


def build_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The lower-cased words (and hyphenated compounds) of the given texts.

    >>> sorted(build_vocabulary(["Іс-шара мен БІЛІМ"]))
    ['білім', 'мен', 'іс-шара']
    """
    return frozenset(w for text in texts for w in _WORD.findall(_fold(text)))
