"""The Kazakh-Russian lexicon (kasip.text.lexicon and data/lexicon/kk-ru.tsv)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from kasip.text.kazakh import build_vocabulary, kazakh_keys
from kasip.text.lexicon import LEXICON_PATH, kazakh_lemmas, translate_keys
from kasip.text.russian import russian_keys

LEXICON = files("kasip") / LEXICON_PATH
SEED = files("kasip") / "data" / "psychological-and-social-work.kk.txt"
CYRILLIC_WORD_RE = re.compile(r"[а-яәіңғүұқөһ]+(?:-[а-яәіңғүұқөһ]+)*")

# Words of the seed that are not content words: abbreviations and single
# letters, conjunctions and particles, pronouns, postpositions, quantifiers,
# numbers, and the auxiliaries ету/болу/отыру.
_STOP_WORDS_TEXT = """
    а б е ж м т ба ба-мен ка іі қр сбш ұбш мәс мәск амәк
    және мен бен пен немесе да де та те әрі не ма ме
    осы бұл ол оны оның олар оларды олардың оларға өз өзі өзін өзінің өзін-өзі өзіне-өзі
    үшін туралы бойынша арқылы арасында арасындағы жөнінде жөніндегі ішінде кезінде
    кейін кейінгі соң бастап дейін дейінгі қарсы қатысты ретінде аясында сайынғы
    бар жоқ емес бір бірге бірнеше барлық әр мынадай мыналарды бұдан неғұрлым сондай-ақ
    кем кемінде он
    ету етеді ететін етпеу етсін болу болуы болып болған отырып отырған
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# First halves of fixed verb phrases, whose meaning the verb carries
# (жүзеге асыру, іске асыру 'carry out', алдын алу 'prevent',
# қалпына келтіру 'restore', тап болу 'run into').
PHRASE_HALVES = frozenset({"жүзеге", "іске", "алдын", "қалпына", "тап"})
# Defects of the source text (words run together where a line break or table
# cell was lost) and a person's name.
_SOURCE_ARTEFACTS_TEXT = """
    республикасыныңзаңы республикасыныңконституциясы республикасыныңкодексі
    республикасыеңбек халықтыәлеуметтік бұйрығыменбекітілді жәнеәлеуметтік
    стандартынақосымша қолдаубілуге неоның ұйымдастыруарнаулы тәртібібалалы
    қызметкермүгедектігі жылқыбаевқа
"""
SOURCE_ARTEFACTS = frozenset(_SOURCE_ARTEFACTS_TEXT.split())


def _pairs() -> list[tuple[str, str]]:
    lines = LEXICON.read_text(encoding="utf-8").splitlines()
    return [
        (kk, ru)
        for kk, ru in (line.split("\t") for line in lines if line and not line.startswith("#"))
    ]


def _kk(word: str) -> tuple[str, ...]:
    return translate_keys(kazakh_keys(word, vocabulary=kazakh_lemmas()), source="kk")


def _ru(word: str) -> tuple[str, ...]:
    return translate_keys(russian_keys(word), source="ru")


def test_lexicon_file_has_a_header_and_is_large() -> None:
    text = LEXICON.read_text(encoding="utf-8")
    header = text.split("\n\n")[0].lower()
    assert text.startswith("#")
    assert "licence" in header and "mit" in header
    assert len(_pairs()) >= 2000


def test_lexicon_lines_are_two_lower_case_cyrillic_fields() -> None:
    lines = LEXICON.read_text(encoding="utf-8").splitlines()
    malformed = [
        line
        for line in lines
        if line
        and not line.startswith("#")
        and not (
            line.count("\t") == 1
            and all(CYRILLIC_WORD_RE.fullmatch(field) for field in line.split("\t"))
        )
    ]
    assert malformed == []


def test_lexicon_has_no_duplicate_pairs() -> None:
    pairs = _pairs()
    duplicates = sorted({pair for pair in pairs if pairs.count(pair) > 1})
    assert duplicates == []


def test_russian_lemmas_are_their_own_normal_forms() -> None:
    # A lemma pymorphy3 would key differently could never match a Russian text.
    russian = sorted({ru for _, ru in _pairs()})
    not_normal = [ru for ru in russian if ru not in russian_keys(ru)]
    assert not_normal == []


def test_lexicon_covers_the_seed_vocabulary() -> None:
    vocabulary = kazakh_lemmas()
    words = build_vocabulary([SEED.read_text(encoding="utf-8")])
    content = sorted(
        word
        for word in words
        if len(word) > 1 and word not in STOP_WORDS | PHRASE_HALVES | SOURCE_ARTEFACTS
    )
    missing = [
        word for word in content if not set(kazakh_keys(word, vocabulary=vocabulary)) & vocabulary
    ]
    coverage = 1 - len(missing) / len(content)
    # Measured: 1,609 of 1,644 content word forms (97.9%). The misses are
    # typos of the source (денгейін, ортан), forms of two-letter stems the
    # stemmer keeps whole (үйде, сумен), negative verb forms (бермеу,
    # белгілемей) and verbs whose stem is another word (түс-, қара-).
    assert coverage >= 0.95, f"{coverage:.3f}; missing: {' '.join(missing)}"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("қызметкерлерінің", "работник"),
        ("әлеуметтік", "социальный"),
        ("мамандардың", "специалист"),
        ("білімін", "знание"),
        ("дағдыларын", "навык"),
        ("құзыреттерге", "компетенция"),
        ("мүгедектігі", "инвалидность"),
        ("сотталғандарға", "осудить"),
        ("қамқоршылықты", "опека"),
        ("біліктілігін", "квалификация"),
        ("жүргізеді", "проводить"),
        ("іс-шараларды", "мероприятие"),
        ("ұйымдарының", "организация"),
    ],
)
def test_inflected_kazakh_words_translate(word: str, expected: str) -> None:
    assert expected in _kk(word)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("работников", "қызметкер"),
        ("социальной", "әлеуметтік"),
        ("специалистами", "маман"),
        ("навыков", "дағды"),
        ("компетенциями", "құзырет"),
        ("инвалидностью", "мүгедектік"),
        ("осужденных", "сотталған"),
        ("опеки", "қамқоршылық"),
        ("квалификации", "біліктілік"),
        ("вакансии", "вакансия"),
        ("обязанностей", "міндет"),
        ("опыта", "тәжірибе"),
        ("проводит", "жүргізу"),
    ],
)
def test_inflected_russian_words_translate(word: str, expected: str) -> None:
    assert expected in _ru(word)


def test_round_trip_returns_to_the_word() -> None:
    assert "маман" in {kk for ru in _kk("мамандарымен") for kk in _ru(ru)}
    assert "социальный" in {ru for kk in _ru("социальными") for ru in _kk(kk)}


def test_longest_kazakh_entry_wins_over_its_shorter_stems() -> None:
    # әлеумет 'society' and кәсіп 'profession' are entries of their own.
    assert _kk("әлеуметтік") == ("социальный",)
    assert "профессия" not in _kk("кәсіптік")
    assert translate_keys(["әлеумет"], source="kk") == ("общество", "социум")


def test_hyphenated_compound_translates_each_part() -> None:
    assert {"социальный", "психологический"} <= set(_kk("әлеуметтік-психологиялық"))


def test_kazakh_lemmas_are_folded_keys() -> None:
    lemmas = kazakh_lemmas()
    assert {"әлеуметтік", "қызметкер", "жүргізу", "жүргіз"} <= lemmas
    assert all(lemma == lemma.lower() and "ё" not in lemma for lemma in lemmas)
    # A Latin homoglyph in a key is folded as the stemmer folds it.
    assert translate_keys(["бiлiм"], source="kk") == translate_keys(["білім"], source="kk")


def test_unknown_words_translate_to_nothing() -> None:
    assert translate_keys(kazakh_keys("абырвалг"), source="kk") == ()
    assert translate_keys(russian_keys("абырвалг"), source="ru") == ()
    assert translate_keys([], source="ru") == ()


def test_unknown_source_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown source language"):
        translate_keys(["білім"], source="en")
