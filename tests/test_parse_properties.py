"""Property tests: ``parse_standard`` never raises, and what it returns is consistent.

For arbitrary text, for the seed and the fixtures mutated (lines deleted, inserted,
duplicated or swapped, cell separators replaced, NBSP and CR inserted, the text cut
anywhere), the parser returns a :class:`~kasip.model.Document` whose spans lie in
the text and map back to their raw text, whose IDs are positional and unique, and
which is the same on a second parse.

Example counts come from a Hypothesis profile chosen here, not in conftest.py:
``KASIP_PARSE_PROFILE=thorough`` runs many more examples (the default, ``fast``,
keeps this module well under 20 s). The test on the whole seed is marked ``slow``.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers_parse import (
    CELL,
    LANGS,
    NBSP,
    assert_well_formed,
    card_fixture_names,
    card_shape,
    load_card_fixture,
    read_fixture,
    read_seed,
)
from kasip.model import Document
from kasip.parse import parse_standard
from kasip.parse.segments import _MID as MID_LABELS

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("kasip-parse-fast", max_examples=40, **_COMMON)
settings.register_profile("kasip-parse-thorough", max_examples=400, **_COMMON)
PROFILE = settings.get_profile(f"kasip-parse-{os.environ.get('KASIP_PARSE_PROFILE', 'fast')}")
FEW = max(5, PROFILE.max_examples // 8)


def check(text: str) -> Document:
    """Parse ``text``: no exception, consistent result, no internal error."""
    doc = parse_standard(text)
    assert isinstance(doc, Document)
    assert_well_formed(doc, text)
    assert "internal-error" not in [d.code for d in doc.diagnostics], doc.diagnostics
    return doc


# --- building blocks ------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """Lines with their line ends, so that ``"".join`` gives the text back."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


SEED = read_seed()
SEED_LINES = split_lines(SEED)
_CARD_STARTS = [i for i, ln in enumerate(SEED_LINES) if ln.startswith("Кәсіп карточкасы")]
SEED_HEAD = SEED_LINES[: _CARD_STARTS[0]]
SEED_CARDS = [
    SEED_LINES[a:b] for a, b in zip(_CARD_STARTS, [*_CARD_STARTS[1:], len(SEED_LINES)], strict=True)
]
FIXTURES = {
    f"{lang}-{n}": load_card_fixture(lang, n) for lang in LANGS for n in card_fixture_names(lang)
}
FIXTURES["ru-standard_small"] = read_fixture("ru", "standard_small")
FIXTURE_TEXTS = list(FIXTURES.values())

# Rows that exercise the parser's states when dropped into a random place.
TRICKY_LINES = [
    f'Кәсіп карточкасы{CELL}"Әлеуметтік қызметкер"\n',
    f"Кәсіп коды{CELL}3412-008\n",
    f"Кәсіп коды{CELL}\n",
    f"СБШ бойынша біліктілік деңгейі:{CELL}6 (6.1., 6.2., 6.3.)\n",
    f"Еңбек функциясы:{CELL}Міндетті еңбек функциялары:{CELL}Икемділіктер мен дағдылар:1. А\n",
    f"Қосымша еңбек функциясы:{CELL}Оқыту.\n",
    f"1-еңбек функциясы:А;2-еңбек функциясы:Б;{CELL}Міндет:1.В:2. Г{CELL}\n",
    f"2-міндет:Д{CELL}Икемділіктер мен дағдылар:4.1. Е.5.2. Ж3. З\n",
    f" {CELL}Білуге тиіс:1.{NBSP}И.2.{NBSP}К.\n",
    "2. Білуге тиіс:Нормативтік құқықтық актілер:Қазақстан РеспубликасыныңКонституциясы;\n",
    f'Карточка профессии{CELL}"Социальный работник"\n',
    f"Трудовая функция 1:А{CELL}Задача 1:БЗадача 2:В{CELL}Умения и навыки:1. Г;3. Д\n",
    "Знания:\n",
    "Ескерту. 2-тармаққа өзгерістер енгізілді - ҚР министрінің 23.12.2021 № 488 бұйрығымен.\n",
    "Сноска. Пункт 2 с изменениями, внесенными приказом от 23.12.2021 № 488.\n",
    "9. Кәсіптердің тізбесі:\n",
    "1) маман – СБШ бойынша 4-6 біліктілік деңгейлері;\n",
    f"{CELL}\n",
    "\n",
]

SEPARATORS = ["\t", " | ", "|", "\t|", "|\t", "", "\t\t|\t\t", CELL + CELL]


@st.composite
def seed_excerpt(draw: st.DrawFn) -> list[str]:
    """The seed head (or not) and one to three of its cards, as lines."""
    head = SEED_HEAD if draw(st.booleans()) else []
    picks = draw(st.lists(st.integers(0, len(SEED_CARDS) - 1), min_size=1, max_size=3))
    return [*head, *(ln for i in picks for ln in SEED_CARDS[i])]


@st.composite
def fixture_lines(draw: st.DrawFn) -> list[str]:
    return split_lines(draw(st.sampled_from(FIXTURE_TEXTS)))


def _insert_char(draw: st.DrawFn, line: str, char: str) -> str:
    at = draw(st.integers(0, len(line)))
    return line[:at] + char + line[at:]


def _mutate_once(draw: st.DrawFn, lines: list[str]) -> None:
    # One branch per kind of damage seen in real exports; kept together for clarity.
    op = draw(
        st.sampled_from(
            ["delete", "insert", "tricky", "duplicate", "swap", "separator", "nbsp", "cr", "crlf"]
        )
    )
    if op in ("insert", "tricky") or not lines:
        at = draw(st.integers(0, len(lines)))
        if op == "tricky":
            new = draw(st.sampled_from(TRICKY_LINES))
        else:
            new = draw(st.text(max_size=60)) + "\n"
        lines.insert(at, new)
        return
    i = draw(st.integers(0, len(lines) - 1))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "separator":
        lines[i] = lines[i].replace(CELL, draw(st.sampled_from(SEPARATORS)))
    elif op == "nbsp":
        lines[i] = _insert_char(draw, lines[i], NBSP)
    elif op == "cr":
        lines[i] = _insert_char(draw, lines[i], "\r")
    else:
        lines[i] = lines[i].replace("\n", "\r\n")


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[list[str]]) -> str:
    """A text from ``base`` damaged by a few random edits and maybe cut short."""
    lines = list(draw(base))
    for _ in range(draw(st.integers(1, 8))):
        _mutate_once(draw, lines)
    text = "".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


# --- properties -----------------------------------------------------------------


@settings(PROFILE)
@given(st.text())
@example('Кәсіп карточкасы\t|\t"Әлеуметтік қызметкер"\n')  # a card without function rows
@example("Карточка профессии\t|\tКод профессии\t|\t2635-3-001")
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    check(text)


@settings(PROFILE)
@given(st.binary(max_size=400).map(lambda b: b.decode("utf-8", errors="replace")))
def test_parse_never_raises_on_decoded_random_bytes(text: str) -> None:
    check(text)


@settings(PROFILE)
@given(
    st.lists(
        st.one_of(st.sampled_from(TRICKY_LINES), st.text(max_size=30).map(lambda s: s + "\n")),
        max_size=25,
    ).map("".join)
)
def test_parse_never_raises_on_label_soup(text: str) -> None:
    check(text)


@settings(PROFILE)
@given(st.text(alphabet="abcdefghij .,;:\n0123456789-–()", max_size=300))
def test_parse_reports_not_a_standard_on_plain_latin_text(text: str) -> None:
    doc = check(text)
    assert doc.cards == ()
    assert [d.severity for d in doc.diagnostics if d.code == "not-a-standard"] == ["error"]


@settings(PROFILE)
@given(mutated(seed_excerpt()))
def test_parse_never_raises_on_mutated_seed_excerpt(text: str) -> None:
    check(text)


@settings(PROFILE)
@given(mutated(fixture_lines()))
def test_parse_never_raises_on_mutated_fixtures(text: str) -> None:
    check(text)


@settings(PROFILE, max_examples=FEW)
@given(mutated(seed_excerpt()))
def test_parse_deterministic(text: str) -> None:
    first = check(text)
    second = parse_standard(text)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def card_content(doc: Document) -> list[object]:
    """Cards without their IDs (a code may be completed from a later card)."""
    return [
        (
            card.source,
            card.name,
            card.level,
            [
                (
                    f.kind,
                    f.title,
                    [
                        (u.title, [i.text for i in u.skills], [i.text for i in u.knowledge])
                        for u in f.tasks
                    ],
                )
                for f in card.functions
            ],
        )
        for card in doc.cards
    ]


@settings(PROFILE, max_examples=FEW)
@given(st.data())
def test_parse_cut_seed_keeps_earlier_cards(data: st.DataObject) -> None:
    # Cutting the text inside card k changes neither the cards before k-1 nor their
    # number: a cut can only touch the last complete card (its last cell may go on).
    k = data.draw(st.integers(1, len(SEED_CARDS) - 1))
    prefix = "".join([*SEED_HEAD, *(ln for card in SEED_CARDS[:k] for ln in card)])
    tail = data.draw(st.integers(0, sum(len(ln) for ln in SEED_CARDS[k])))
    doc = check(prefix + "".join(SEED_CARDS[k])[:tail])
    whole = check(prefix)
    assert len(whole.cards) == k
    assert card_content(doc)[: k - 1] == card_content(whole)[: k - 1]


def _noise(kind: str, line: str) -> str:
    """Layout noise that must not change what is read (decision 12)."""
    if kind == "crlf":
        return line.replace("\n", "\r\n")
    if kind == "bare-tab":
        return line.replace(CELL, "\t")
    if kind == "spaced-pipe":
        return line.replace(CELL, " | ")
    if kind == "nbsp":
        return re.sub(r"(\d\.) ", "\\1" + NBSP, line)
    if kind == "latin-i":
        return line.replace("і", "i")
    return line


NOISE = ["none", "crlf", "bare-tab", "spaced-pipe", "nbsp", "latin-i"]


@settings(PROFILE, max_examples=FEW)
@given(st.data())
def test_parse_layout_noise_keeps_structure(data: st.DataObject) -> None:
    lines = data.draw(seed_excerpt())
    noise = data.draw(st.lists(st.sampled_from(NOISE), min_size=len(lines), max_size=len(lines)))
    noisy = "".join(_noise(kind, line) for kind, line in zip(noise, lines, strict=True))
    assert card_shape(check(noisy)) == card_shape(check("".join(lines)))


@pytest.mark.parametrize("name", FIXTURES)
def test_parse_fixture_well_formed(name: str) -> None:
    check(FIXTURES[name])


@pytest.mark.slow
@settings(PROFILE, max_examples=FEW)
@given(mutated(st.just(SEED_LINES)))
def test_parse_never_raises_on_mutated_whole_seed(text: str) -> None:
    check(text)


@pytest.mark.slow
def test_parse_seed_deterministic_and_well_formed() -> None:
    first, second = check(SEED), parse_standard(SEED)
    assert first == second


def _without_lookbehinds(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without its ``(?<!...)`` guards, which Hypothesis cannot generate."""
    return re.compile(re.sub(r"\(\?<![^)]*\)", "", pattern.pattern), pattern.flags)


@pytest.mark.parametrize("kind", [kind for kind, _, _ in MID_LABELS], ids=str)
@settings(PROFILE, max_examples=max(100, PROFILE.max_examples))
@given(data=st.data())
def test_a_label_inside_a_cell_holds_one_of_the_words_its_scan_looks_for(
    kind: str, data: st.DataObject
) -> None:
    # segments._labels_in scans a cell for a label only when the cell holds one
    # of that label's words: any text the label's pattern matches must hold one.
    pattern, needed = next((p, w) for k, p, w in MID_LABELS if k == kind)
    text = data.draw(st.from_regex(_without_lookbehinds(pattern), fullmatch=True))
    assert any(word in text.lower() for word in needed), text


def test_every_label_inside_a_cell_of_the_seed_and_fixtures_holds_its_words() -> None:
    texts = [read_seed()] + [
        read_fixture(lang, name) for lang in LANGS for name in card_fixture_names(lang)
    ]
    found = 0
    for kind, pattern, needed in MID_LABELS:
        for text in texts:
            for match in pattern.finditer(text):
                found += 1
                assert any(word in match.group(0).lower() for word in needed), (kind, match)
    assert found > 100
