"""Pathological inputs: ``parse_standard`` stays near-linear, bounded in memory, never fails.

Each input is at most 200 KB (UTF-8) and is built to hit one weak spot of the parser: a
regular expression that backtracks over a long run of blanks, digits or letters, or a loop
that rescans everything read so far. On such an input the parser must

- return a well-formed :class:`~kasip.model.Document` without an ``internal-error``, and
- parse within ``FACTOR`` times the parse of the seed standard (188 KB) measured in the same
  test run, so the bound follows the speed of the machine; no absolute timings.

A note naming many orders is checked for memory instead: its peak allocation per character
(``tracemalloc``) stays within ``FACTOR`` times the seed's.

Every parse runs in a forked child that is killed at its deadline, so a quadratic case fails
in seconds instead of hanging the suite. Where ``fork`` is missing the parse runs in-process.
The module takes about 10 s when every case passes (more while some fail), so it is ``slow``.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from helpers_parse import CELL, NBSP, assert_well_formed, read_fixture, read_seed
from kasip.parse import parse_standard

pytestmark = pytest.mark.slow

# A linear parser handles every input below (each no larger than the seed) in at most a
# few seed-parses; a quadratic one needs tens to thousands.
FACTOR = 20
MAX_BYTES = 200_000

HEAD = read_fixture("kk", "_head")
CARD = (
    f'Кәсіп карточкасы{CELL}"Маман"\n'
    f"Кәсіп коды{CELL}2635-3-001\n"
    f"Кәсіп атауы{CELL}Маман\n"
    f"СБШ бойынша біліктілік деңгейі:{CELL}4\n"
)
COMPETENCIES = f"Жеке құзыреттерге қойылатын талаптар{CELL}Жауапкершілік.\n"


def repeat(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit))


def card(rows: str = "", *, top: str = "") -> str:
    """The minimal head and one card: its header rows, then ``top`` rows, then ``rows``."""
    return HEAD + CARD + top + rows + COMPETENCIES


def skills_cell(payload: str) -> str:
    """``payload`` as the skills cell of a function row."""
    function = f"1-еңбек функциясы:Қызмет{CELL}Міндет:Бақылау{CELL}"
    return card(f"{function}Икемділіктер мен дағдылар:{payload}\n")


def task_rows(count: int) -> str:
    first = f"1-еңбек функциясы:Қызмет{CELL}Міндет:А{CELL}Білуге тиіс:Б\n"
    return card(first + f"Міндет:А{CELL}Білуге тиіс:Б\n" * count)


def merged_rows(count: int) -> str:
    return card(f"1-еңбек функциясы:Қызмет{CELL}А{CELL}Б\n" + f"{CELL}А{CELL}Б\n" * count)


def page_breaks(count: int) -> str:
    function = f"1-еңбек функциясы:Қызмет{CELL}Міндет:А{CELL}Білуге тиіс:"
    return card(function + "1. Б;2. В;\nЖалғасы\n" * count + "\n")


def additional_functions(count: int) -> str:
    names = ";".join(f"Қ{n}" for n in range(count))
    detailed = "".join(f"{n}-еңбек функциясы:Қ{n}{CELL}Міндет:А\n" for n in range(count))
    return card(f"Қосымша еңбек функциясы:{CELL}{names}\n" + detailed)


def in_point(point: str, body: str) -> str:
    """A point of the head after the five first paragraphs (the legal basis is read there)."""
    return HEAD + f"{point}\n{body}\n"


# name -> (builder, where the cost is: the regex or loop it exercises)
CASES: dict[str, tuple[Callable[[], str], str]] = {
    # --- regular expressions that backtrack over a run -----------------------------
    "spaces in a table row": (
        lambda: skills_cell("а" + " " * 80_000 + "б"),
        "source._SEPARATOR_RE",
    ),
    "blanks and tabs mixed in a line": (
        lambda: "а" + repeat(" \t", 40_000) + "б",
        "source._SEPARATOR_RE / head._BASIS_END_RE",
    ),
    "no-break spaces in the first paragraph": (
        lambda: "Қазақстан" + NBSP * 40_000 + "Республикасы\n",
        "head._BASIS_END_RE",
    ),
    "no-break spaces in a note": (
        lambda: HEAD + "Ескерту. 2-тармаққа" + NBSP * 40_000 + "өзгерістер енгізілді.\n",
        "head._DASH_SPLIT_RE (split)",
    ),
    "no-break spaces in a term": (
        lambda: in_point(
            "2. Осы стандартта мынадай терминдер қолданылады:", "1) маман" + NBSP * 40_000 + "х;"
        ),
        "head._DASH_SPLIT_RE (search)",
    ),
    "long Latin word": (lambda: "a" * 60_000, "text.clean._LATIN_IN_WORD_RE"),
    "Latin words of 3000 letters": (
        lambda: repeat("a" * 3000 + " ", 150_000),
        "text.clean._LATIN_IN_WORD_RE",
    ),
    "digits in a skills cell": (lambda: skills_cell("1" * 30_000), "patterns.*_MID_RE (\\d+)"),
    "repeated stem in a skills cell (ru summary)": (
        lambda: skills_cell(repeat("обязательн", 90_000)),
        "patterns.SUMMARY_RE (\\w+)",
    ),
    "repeated stem in a skills cell (ru additional)": (
        lambda: skills_cell(repeat("дополнительн", 90_000)),
        "patterns.ADDITIONAL_RE (\\w+)",
    ),
    "repeated stem in the head": (
        lambda: repeat("профессиональн", 90_000),
        "head._TITLE_RE (\\w+)",
    ),
    "digits in the directory requirements": (
        lambda: card(top=f"БА-ға сәйкес біліктілік деңгейі{CELL}жоғары санат: {'1' * 20_000}\n"),
        "values._YEARS_RE",
    ),
    "no-break spaces in the directory requirements": (
        lambda: card(top=f"БА-ға сәйкес біліктілік деңгейі{CELL}жоғары санат: а{NBSP * 40_000}б\n"),
        "values._YEARS_RE",
    ),
    "no-break spaces in other names": (
        lambda: card(top=f"Кәсіптің басқа да ықтимал атаулары{CELL}а{NBSP * 40_000}б\n"),
        "values._NAME_SEPARATORS_RE",
    ),
    "no-break spaces in a one-cell related row": (
        lambda: card(f"СБШ шеңберінде басқа кәсіптермен байланысы: 5-деңгей{NBSP * 40_000}х\n"),
        "cards._LEVEL_NAME_DASH_RE",
    ),
    # --- loops that rescan what was read -------------------------------------------
    "4500 task rows under one function": (lambda: task_rows(4500), "functions._extend_to"),
    "6000 rows under a merged function cell": (
        lambda: merged_rows(6000),
        "functions._row_has_task",
    ),
    "6000 page-break lines inside a list": (lambda: page_breaks(6000), "items._strip_item"),
    "2900 additional functions": (lambda: additional_functions(2900), "build._additional_only"),
    # --- odd characters: must only be read, never fail -----------------------------
    "NUL and control characters": (lambda: repeat("\x00\x01\x02\x1b\x7f\x85", 60_000), ""),
    "lone surrogates": (lambda: skills_cell(repeat("\udc80А\ud800;", 30_000)), ""),
    "RTL and zero-width marks": (lambda: skills_cell(repeat("\u200f\u202eА\u200b;", 30_000)), ""),
    "unmatched quotes and brackets": (lambda: skills_cell(repeat('"«(А[', 50_000)), ""),
    "numero signs": (lambda: "Ескерту. " + repeat("№", 60_000), ""),
    "semicolons only": (lambda: skills_cell(";" * 100_000), ""),
    "one 100 KB cell without separators": (
        lambda: skills_cell(repeat("Маман жұмысы ", 50_000)),
        "",
    ),
    "3000 list items in one cell": (
        lambda: skills_cell("".join(f"{n % 99 + 1}. Іс-әрекет;" for n in range(3000))),
        "",
    ),
    "2000 knowledge labels in a row": (lambda: skills_cell(repeat("Білуге тиіс:", 24_000)), ""),
    "2000 tiny cards": (
        lambda: HEAD + f"Кәсіп карточкасы{CELL}А\nКәсіп коды{CELL}2635-3-001\n" * 2000,
        "",
    ),
    "100 000 empty lines": (lambda: card("\n" * 100_000), ""),
}


def _measure(text: str, memory: bool = False) -> dict[str, Any]:
    """Parse ``text``: the parse time (or peak memory), then the checks outside the timing."""
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    doc = parse_standard(text)
    seconds = time.perf_counter() - start
    peak = 0
    if memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    problem = ""
    try:
        assert_well_formed(doc, text)
    except AssertionError as exc:
        problem = f"not well formed: {str(exc)[:300]}"
    internal = [d.message for d in doc.diagnostics if d.code == "internal-error"]
    if internal:
        problem = f"internal-error: {internal[0]}"
    return {"seconds": seconds, "peak": peak, "problem": problem, "cards": len(doc.cards)}


def _child(conn: Any, text: str, memory: bool) -> None:
    try:
        conn.send(_measure(text, memory))
    except BaseException:  # report anything to the parent
        conn.send({"error": traceback.format_exc(limit=5)})
    finally:
        conn.close()


def measure(text: str, deadline: float, *, memory: bool = False) -> dict[str, Any] | None:
    """``_measure`` in a forked child; None when it is still running at ``deadline`` seconds."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return _measure(text, memory)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, text, memory), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(deadline):
            return None
        result: dict[str, Any] = parent.recv()
        return result
    finally:
        process.kill()
        process.join(5)
        parent.close()


@pytest.fixture(scope="module")
def seed_seconds() -> float:
    """The best of three parses of the seed, measured now on this machine."""
    seed = read_seed()
    parse_standard(seed)  # imports and caches
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        parse_standard(seed)
        timings.append(time.perf_counter() - start)
    return min(timings)


def test_cases_are_small() -> None:
    seed_bytes = len(read_seed().encode("utf-8"))
    assert seed_bytes <= MAX_BYTES
    for name, (build, _) in CASES.items():
        size = len(build().encode("utf-8", "surrogatepass"))
        assert size <= MAX_BYTES, f"{name}: {size} bytes"


@pytest.mark.parametrize("name", CASES)
def test_pathological_input(name: str, seed_seconds: float) -> None:
    build, cost = CASES[name]
    text = build()
    bound = FACTOR * seed_seconds
    result = measure(text, deadline=2 * bound + 1)
    where = f" (cost in {cost})" if cost else ""
    assert result is not None, (
        f"{name}: still parsing after {2 * bound + 1:.1f} s; bound {bound:.2f} s = "
        f"{FACTOR} x the seed's {seed_seconds:.3f} s{where}"
    )
    assert "error" not in result, f"{name}: the parse raised:\n{result.get('error')}"
    assert not result["problem"], f"{name}: {result['problem']}"
    assert result["seconds"] <= bound, (
        f"{name}: {result['seconds']:.2f} s > {bound:.2f} s = {FACTOR} x the seed's "
        f"{seed_seconds:.3f} s{where}"
    )


def test_note_naming_many_orders_stays_linear_in_memory(seed_seconds: float) -> None:
    # One amendment per order a note names, each with its own copy of the whole note
    # (head._amendments): memory grew with orders x note length (a 100 KB note: 5 GB).
    seed = read_seed()
    seed_peak = _measure(seed, memory=True)["peak"]
    text = HEAD + "Ескерту. " + " ".join(f"№ {n} бұйрығымен;" for n in range(1, 2400)) + "\n"
    result = measure(text, deadline=4 * FACTOR * seed_seconds + 5, memory=True)
    assert result is not None, "the note did not parse in time"
    assert "error" not in result, result.get("error")
    assert not result["problem"], result["problem"]
    per_char, seed_per_char = result["peak"] / len(text), seed_peak / len(seed)
    assert per_char <= FACTOR * seed_per_char, (
        f"peak {result['peak'] / 1e6:.0f} MB for a {len(text)}-character note: {per_char:.0f} "
        f"bytes a character, the seed needs {seed_per_char:.0f}"
    )
