"""Whether a text that says a card's name names that occupation or another field's.

Many occupations share a head word: "психолог" is the head of the registry's
"Әлеуметтік психолог" and of the education sector's "педагог-психолог" or the
health sector's "медицинский психолог". A text about a kindergarten's
педагог-психолог says the social psychologist's head word as fully as a text
about a social psychologist, and the confidence model read both as naming the
card (issue 10: two of the ten real negatives were taken confidently for it).

What tells them apart is the word beside the head: a word that names a field
or setting of work (``data/lexicon/fields.tsv``: медицинский, мектеп,
педагог, ...) joined to the head by a hyphen, or standing right before or
after it, that the card's name does not hold. Such a mention names another
occupation, and the engine does not count it as naming the card
(:mod:`kasip.match.named`); a setting the name holds
("психолог-консультант (сот)" and "соттағы психолог") keeps it named.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kasip.search.analysis import Analyzer, is_stop_word
from kasip.text.abbreviations import expand_word
from kasip.text.lang import word_language
from kasip.text.russian import is_noun
from kasip.text.words import Word, words

__all__ = [
    "FIELDS_PATH",
    "Mention",
    "Said",
    "field_words",
    "how_said",
    "name_keys",
    "named_otherwise",
    "naming_sentences",
    "parse_fields",
    "setting_elsewhere",
    "text_fields",
]

FIELDS_PATH = "data/lexicon/fields.tsv"  # inside the kasip package
# Russian puts a setting after the head through a preposition: "психолог в школе".
_PREPOSITIONS = frozenset({"в", "во", "на", "из"})
_PARENTHESES = re.compile(r"\([^)]*\)")
# A text's setting is what several of its sentences say; one mention is an aside.
SETTING_MIN = 2


@dataclass(frozen=True, slots=True)
class Mention:
    """A word of the text that names another field beside the head of a card's name."""

    word: str  # the head as the text says it, with its qualifier ("педагог-психологы")
    field: str  # the qualifier's field, as fields.tsv names it ("education")


@cache
def field_words() -> tuple[tuple[str, str, str], ...]:
    """The lines of ``fields.tsv``: (field, language, word)."""
    return parse_fields(files("kasip").joinpath(FIELDS_PATH).read_text(encoding="utf-8"))


def parse_fields(text: str) -> tuple[tuple[str, str, str], ...]:
    """The (field, language, word) lines of a fields file; a bad line names itself.

    >>> parse_fields("# comment\\nhealth\\tru\\tмедицинский\\n")
    (('health', 'ru', 'медицинский'),)
    """
    found: list[tuple[str, str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != len(("field", "language", "word")) or parts[1] not in ("kk", "ru"):
            raise ValueError(f"{FIELDS_PATH}, line {number}: expected field<TAB>kk|ru<TAB>word")
        found.append((parts[0], parts[1], parts[2].lower()))
    return tuple(found)


class _Memo:
    """What is worked out once per analyser: the field words' keys, the names' keys.

    Kept beside the analyser, not in a cache that would keep it alive: an
    index's analyser goes with its index.
    """

    MAX_NAMES = 4096  # names remembered; a text asks about the few ranked near the top
    MAX_SENTENCES = 1024  # sentences remembered: those of the last texts

    def __init__(self, analyzer: Analyzer) -> None:
        self.fields = _read_field_keys(analyzer)
        self.names: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = {}
        self.sentences: dict[
            tuple[str, tuple[str, ...]], tuple[list[Word], list[tuple[list[str], frozenset[str]]]]
        ] = {}


_MEMOS: weakref.WeakKeyDictionary[Analyzer, _Memo] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _memo(analyzer: Analyzer) -> _Memo:
    with _LOCK:
        found = _MEMOS.get(analyzer)
        if found is None:
            found = _MEMOS[analyzer] = _Memo(analyzer)
        return found


def _field_keys(analyzer: Analyzer) -> dict[str, str]:
    return _memo(analyzer).fields


def _read_field_keys(analyzer: Analyzer) -> dict[str, str]:
    """The key of each field word (its lemma) → its field.

    The lemma only: a word's shorter stems (мек of мектеп) and translations
    (жоғары of вуз) meet words of no field.
    """
    keys: dict[str, str] = {}
    for field, lang, word in field_words():
        found = analyzer.keys(word, lang=lang).keys
        if found:
            keys.setdefault(word if word in found else found[0], field)
    return keys


def _keys(parts: Iterable[str], langs: Sequence[str], analyzer: Analyzer) -> frozenset[str]:
    """Every key (own and translated) of ``parts`` read in each of ``langs``."""
    return frozenset().union(
        *(analyzer.keys(p, lang=lang).all for p in parts if p for lang in langs)
    )


def _name_keys(name: str, lang: str, analyzer: Analyzer) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`_read_name_keys`, remembered per analyser."""
    names = _memo(analyzer).names
    found = names.get((name, lang))
    if found is None:
        if len(names) >= _Memo.MAX_NAMES:
            names.clear()
        found = names[(name, lang)] = _read_name_keys(name, lang, analyzer)
    return found


def _read_name_keys(
    name: str, lang: str, analyzer: Analyzer
) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of the whole name, and of its head word (parts of a hyphenated head).

    The head is the last word in Kazakh ("Әлеуметтік психолог") and the first
    noun in Russian ("Психолог-консультант в социальной сфере", "Медицинская
    сестра участковая"); a parenthesis adds to the name ("(сот)") but does not
    hold its head.
    """
    everything = [w.text for w in words(name)]
    core = words(_PARENTHESES.sub(" ", name)) or words(name)
    head = core[-1] if lang == "kk" else next((w for w in core if is_noun(w.text)), core[0])
    parts = [p for w in everything for p in w.split("-")]
    return _keys(parts, [lang], analyzer), _keys(head.text.split("-"), [lang], analyzer)


@dataclass(frozen=True, slots=True)
class Said:
    """How a sentence says the head of a card's name, over all the places it does."""

    plain: bool = False  # with a word of the name beside it ("социальный психолог")
    bare: bool = False  # alone ("психолог маманы", "Заводоуковские психологи")
    other: Mention | None = None  # the first place it is said with another field's word


def how_said(
    sentence: str, name: str, name_lang: str, langs: Sequence[str], analyzer: Analyzer
) -> Said:
    """How ``sentence`` says the head of ``name`` (nothing when it does not).

    >>> from kasip.search.analysis import Analyzer
    >>> from kasip.text.lexicon import kazakh_lemmas
    >>> a = Analyzer(kazakh_lemmas())
    >>> how_said("«Үздік педагог-психолог» номинациясы", "Әлеуметтік психолог", "kk", ["kk"], a)
    Said(plain=False, bare=False, other=Mention(word='педагог-психолог', field='education'))
    >>> how_said("Медицинский психолог — член команды", "Әлеуметтік психолог", "kk", ["ru"], a)
    Said(plain=False, bare=False, other=Mention(word='Медицинский психолог', field='health'))
    >>> how_said("Социальный психолог помогает семьям", "Әлеуметтік психолог", "kk", ["ru"], a)
    Said(plain=True, bare=False, other=None)
    >>> how_said("Заводоуковские психологи помогают", "Әлеуметтік психолог", "kk", ["ru"], a)
    Said(plain=False, bare=True, other=None)
    """
    name_keys, head_keys = _name_keys(name, name_lang, analyzer)
    said, read = _read_sentence(sentence, tuple(langs), analyzer)
    plain = bare = False
    other: Mention | None = None
    for at, (word, (parts, keys)) in enumerate(zip(said, read, strict=True)):
        if not keys & head_keys:
            continue
        russian = (word_language(word.text) or langs[0]) == "ru"
        # What stands beside the head: the other parts of its word, its neighbours.
        beside: list[tuple[str, Word | None]] = [(p, None) for p in parts]
        beside += [(w.text, w) for w in _neighbours(sentence, said, at, after=russian)]
        near = [(text, w) for text, w in beside if not is_stop_word(text.lower())]
        if any(_keys([text], langs, analyzer) & (name_keys - head_keys) for text, _ in near):
            plain = True
            continue
        fielded = [(f, w) for text, w in near if (f := _field(text, langs, analyzer))]
        if not fielded:
            bare = True
        elif other is None:
            field, by = fielded[0]
            other = Mention(
                word=word.text if by is None else _span(sentence, word, by), field=field
            )
    return Said(plain, bare, other)


def _read_sentence(
    sentence: str, langs: tuple[str, ...], analyzer: Analyzer
) -> tuple[list[Word], list[tuple[list[str], frozenset[str]]]]:
    """The sentence's words, and each one's parts with all their keys, remembered
    per analyser: a match reads each sentence against several cards' names."""
    sentences = _memo(analyzer).sentences
    found = sentences.get((sentence, langs))
    if found is None:
        if len(sentences) >= _Memo.MAX_SENTENCES:
            sentences.clear()
        said = words(sentence)
        read = []
        for word in said:
            # "соцработник" is "социальный работник" (kasip.text.abbreviations).
            parts = [p for w in expand_word(word.text) for p in w.split("-") if p]
            read.append((parts, _keys(parts, langs, analyzer)))
        found = sentences[(sentence, langs)] = (said, read)
    return found


def naming_sentences(said: Sequence[Said], *, setting_elsewhere: bool = False) -> list[bool]:
    """Which of a text's sentences (how each says a card's name) may name the card.

    Not one that says the name's head only with another field's word, nor,
    when another sentence does so and none says the head with the name's own
    words, one that says the head alone: a story about a kindergarten's
    педагог-психолог also calls her "психолог маманы". A sentence that says
    other words of the name but not its head is read as before, by how much of
    the name it says. ``setting_elsewhere``: the text's setting is another
    occupation's (:func:`setting_elsewhere`), which also leaves the head alone
    unnamed: "психологтар" in a text about convicts.
    """
    qualified = setting_elsewhere or any(s.other is not None for s in said)
    elsewhere = qualified and not any(s.plain for s in said)
    return [s.plain or (s.bare and not elsewhere) or (not s.bare and s.other is None) for s in said]


def text_fields(
    sentences: Sequence[str], langs: Sequence[str], analyzer: Analyzer
) -> frozenset[str]:
    """The keys of the field words that at least :data:`SETTING_MIN` of the sentences say."""
    fields = _field_keys(analyzer)
    counts: dict[str, int] = {}
    for sentence in sentences:
        keys: set[str] = set()
        for word in words(sentence):
            # The field word's lemma and its translations, not its shorter stems.
            for lang in langs:
                read = analyzer.keys(word.text, lang=lang)
                lemmas = [k for k in read.keys if k in fields]
                if lemmas:
                    keys.update(lemmas, read.cross)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= SETTING_MIN)


def name_keys(name: str, lang: str, analyzer: Analyzer) -> frozenset[str]:
    """The keys (own and translated) of every word of a card's name."""
    return _name_keys(name, lang, analyzer)[0]


def setting_elsewhere(
    fields: frozenset[str],
    own: Iterable[tuple[str, str]],
    rivals: Iterable[tuple[str, str]],
    analyzer: Analyzer,
) -> bool:
    """Whether a rival's name (name, language) holds one of the text's field
    words (``fields``, :func:`text_fields`) that none of the card's ``own``
    names holds: the penitentiary card's "сотталғандармен" for a text that
    says "сотталған" throughout."""
    if not fields:
        return False
    held = frozenset().union(*(name_keys(n, lang, analyzer) for n, lang in own))
    theirs = frozenset().union(*(name_keys(n, lang, analyzer) for n, lang in rivals))
    return bool((fields & theirs) - held)


def named_otherwise(said: Sequence[Said]) -> Mention | None:
    """The first place a text says a card's head with another field's word, when
    it never says it with the name's own words; else None."""
    if any(s.plain for s in said):
        return None
    return next((s.other for s in said if s.other is not None), None)


def _field(word: str, langs: Sequence[str], analyzer: Analyzer) -> str | None:
    """The field ``word`` names (by its longest key: сотталған, convicted, not сот, court)."""
    fields = _field_keys(analyzer)
    own = frozenset().union(*(analyzer.keys(word, lang=lang).keys for lang in langs))
    return next((fields[k] for k in sorted(own, key=len, reverse=True) if k in fields), None)


def _neighbours(sentence: str, said: list[Word], at: int, *, after: bool) -> list[Word]:
    """The word right before ``said[at]`` (nothing but spaces between) and, with
    ``after`` (Russian), the one after it or after a preposition that follows it.

    Kazakh puts what qualifies a noun before it: in "соттағы психологпен
    клиникалық психологтың" (a court's psychologist and a clinical
    psychologist) клиникалық is the second psychologist's.
    """
    found: list[Word] = []
    if at > 0 and _joined(sentence, said[at - 1], said[at]):
        found.append(said[at - 1])
    if after and at + 1 < len(said) and _joined(sentence, said[at], said[at + 1]):
        following = said[at + 1]
        if following.text.lower() not in _PREPOSITIONS:
            found.append(following)
        elif at + 2 < len(said) and _joined(sentence, following, said[at + 2]):
            found.append(said[at + 2])
    return found


def _joined(sentence: str, first: Word, second: Word) -> bool:
    return not sentence[first.end : second.start].strip()


def _span(sentence: str, head: Word, qualifier: Word) -> str:
    """The text from ``head`` to its ``qualifier``, whichever comes first."""
    return sentence[min(head.start, qualifier.start) : max(head.end, qualifier.end)]
