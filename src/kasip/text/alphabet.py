"""The letters of Kazakh and Russian Cyrillic, and the tables that map them: one place.

Standards are written in Kazakh Cyrillic (the Russian alphabet plus nine
letters) or in Russian. Texts exported from web pages mix in Latin look-alikes
(``i`` for ``і``), and people type Kazakh on Russian keyboards (``и`` for
``і``). Every module that needs to know a letter takes it from here.

Example:
    >>> "Бiлiм".translate(LATIN_HOMOGLYPHS)
    'Білім'
    >>> "әлеуметтік".translate(KEYBOARD_FOLD)
    'алеуметтик'
"""

from __future__ import annotations

__all__ = [
    "ASCII_TRANSLITERATION",
    "CYRILLIC_LOWER",
    "CYRILLIC_UPPER",
    "KAZAKH_LETTERS",
    "KAZAKH_LOWER",
    "KAZAKH_UPPER",
    "KEYBOARD_FOLD",
    "LATIN_HOMOGLYPHS",
    "RUSSIAN_ONLY_LETTERS",
]

# The nine letters Kazakh adds to the Russian alphabet.
KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LETTERS = frozenset(KAZAKH_LOWER + KAZAKH_UPPER)
# Russian letters Kazakh words do not use (ё only in loanwords, written е).
RUSSIAN_ONLY_LETTERS = frozenset("ёщъэЁЩЪЭ")

# Every Cyrillic letter of both languages, as regular-expression class ranges.
CYRILLIC_LOWER = "а-яё" + KAZAKH_LOWER
CYRILLIC_UPPER = "А-ЯЁ" + KAZAKH_UPPER

# Latin letters that look like Cyrillic ones, typed inside Cyrillic words
# (Latin "i" for Kazakh "і" is the common one on adilet pages). Lower-case "h"
# looks like Kazakh "һ", upper-case "H" like "Н".
LATIN_HOMOGLYPHS = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "i": "і", "k": "к", "h": "һ", "m": "м", "o": "о",
     "p": "р", "t": "т", "x": "х", "y": "у",
     "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
     "O": "О", "P": "Р", "T": "Т", "X": "Х"}
)  # fmt: skip

# Kazakh letters (and ё, and Latin i) folded to the Russian letters typed for
# them on a Russian keyboard; a typed word and a stored one match once folded.
KEYBOARD_FOLD = str.maketrans(
    {"ә": "а", "і": "и", "i": "и", "ң": "н", "ғ": "г", "ү": "у", "ұ": "у", "қ": "к",
     "ө": "о", "һ": "х", "ё": "е"}
)  # fmt: skip

# Kazakh and Russian lower-case Cyrillic to ASCII, only for URL keys (slugs);
# stored text is never transliterated (style guide §6).
ASCII_TRANSLITERATION = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d",
    "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i",
    "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
