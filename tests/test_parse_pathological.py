"""Pathological inputs: the work of ``parse_standard`` grows linearly with them; it never fails.

Each case is one input shape aimed at one weak spot of the parser: a regular expression that
backtracked over a long run of blanks, digits or letters, or a loop that rescanned everything
read so far. It is built at three sizes, 1x, 4x and 16x (the repeated part 1:4:16 to within
10%, 16x at most 200 KB of UTF-8), and the test compares how the cost grows from size to size:
linear work grows 4-fold per step and 16-fold from 1x to 16x, quadratic work 16-fold per step
and 256-fold. No absolute time is checked and no time is compared with another input's, so a
slow or busy machine cannot fail it; timings live in ``benchmarks/bench_parse_pathological.py``
and BENCHMARKS.md. Every parse must also return a well-formed :class:`~kasip.model.Document`
without an ``internal-error``.

Each case has one of two measures, chosen by where its cost can hide:

``count`` (deterministic), for the cases whose Python work grows with the input (rows, list
    items, cards, lines: the rescans once fixed in ``functions``, ``items`` and ``build``). The
    measure is the number of Python trace events of the parse (calls, lines, returns) counted
    with ``sys.settrace``, minus that of the same frame at size 0 (head and card without the
    repeated part, so the frame's fixed cost cannot hide growth); the shape is parsed once
    untraced first, since the first parse fills caches. It sees every Python loop, generator
    and method, including the dataclass ``__eq__`` run by a ``task in tasks``, but not the work
    inside one C call (a regex backtracking, ``str.find``, a slice). It is the same on every
    run, in any test order and for any hash seed, so the bound is tight: each 4x step
    multiplies the count by at most ``COUNT_STEP_BOUND`` = 5 (the linear code gives 3.4-4.0;
    a rescan gives 16 in the limit and, at these sizes, 5.8-9.8 for the rescans once fixed).
    As a count shows a quadratic term at any size, these inputs are smaller than the old ones
    (16x: 8-50 KB, 480 task rows where there were 4500): a traced parse is about 2.5 times
    slower than a plain one.
``time``, for the cases whose Python work stays the same and whose cost would be inside a
    compiled regex (a run in one cell, paragraph or word), the one place a count cannot see.
    The measure is the CPU time of this process (``time.process_time``: time spent waiting for
    a CPU on a busy machine does not count, as it does in wall-clock time), the best of several
    parses per size, with the garbage collector off during each parse. A round parses 1x three
    times (it is the cheapest; one slow 1x parse cannot hide growth), then 4x and 16x once.
    Bound: the best 16x time is at most ``TIME_RATIO_BOUND`` = 64 times the best 1x time.
    Linear code gives about 16 at most (4-17 here, lower where the frame's fixed cost weighs
    at 1x; 22 at worst with four CPU-bound processes on the two cores): a margin of 3 or more
    where CPU-time noise is tens of percent. A quadratic regex gives up to 256 (about 200-330
    for the regexes once fixed). While the bound is not met, rounds repeat, up to
    ``TIME_MAX_ROUNDS`` = 3, so one disturbed 16x parse cannot fail the test; they stop early
    once the case has used ``TIME_RETRY_CPU_SECONDS`` = 5 s of CPU (rounds that long are
    quadratic parses, not noise: a linear round takes 0.1 s). These inputs keep the old sizes
    (16x: 24-185 KB), where such a regex costs seconds and dominates the ratio: a quadratic
    term is caught once, at 16x, it costs more than 4 times the linear work plus 84 times the
    frame's fixed cost (0.1-0.4 s on the CI machine; the regexes once fixed cost 5-40 s there).

Neither measure sees a C call over the whole text inside a Python loop (``text.count("\\n",
0, offset)`` per element): at 200 KB such loops cost little and no ratio would show them.

A note naming many orders is checked for memory: the ``tracemalloc`` peak of its parse, minus
that of the head alone, grows at most ``MEMORY_STEP_BOUND`` = 8 times per 4x step (4.6-5.6
today; it was quadratic, 16: one copy of the whole note per order it names). The peak is
deterministic to a few percent.

No parse runs under a deadline: a quadratic case at these sizes parses in seconds to a minute,
then fails with its growth. The module takes 3-4 s of CPU when every case passes, so it is
``slow``.
"""

from __future__ import annotations

import gc
import itertools
import math
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, Literal

import pytest

from helpers_parse import CELL, NBSP, assert_well_formed, read_fixture
from kasip.model import Document
from kasip.parse import parse_standard

pytestmark = pytest.mark.slow

SCALES = (1, 4, 16)
MAX_BYTES = 200_000
COUNT_STEP_BOUND = 5.0
TIME_RATIO_BOUND = 64.0
TIME_MAX_ROUNDS = 3
TIME_RETRY_CPU_SECONDS = 5.0
MEMORY_STEP_BOUND = 8.0

HEAD = read_fixture("kk", "_head")
CARD = (
    f'Кәсіп карточкасы{CELL}"Маман"\n'
    f"Кәсіп коды{CELL}2635-3-001\n"
    f"Кәсіп атауы{CELL}Маман\n"
    f"СБШ бойынша біліктілік деңгейі:{CELL}4\n"
)
COMPETENCIES = f"Жеке құзыреттерге қойылатын талаптар{CELL}Жауапкершілік.\n"


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
    names = ";".join(f"Қ{n:04d}" for n in range(count))
    detailed = "".join(f"{n}-еңбек функциясы:Қ{n:04d}{CELL}Міндет:А\n" for n in range(count))
    return card(f"Қосымша еңбек функциясы:{CELL}{names}\n" + detailed)


def list_items(count: int) -> str:
    return skills_cell("".join(f"{n % 99 + 1}. Іс-әрекет;" for n in range(count)))


def tiny_cards(count: int) -> str:
    return HEAD + f"Кәсіп карточкасы{CELL}А\nКәсіп коды{CELL}2635-3-001\n" * count


def in_point(point: str, body: str) -> str:
    """A point of the head after the five first paragraphs (the legal basis is read there)."""
    return HEAD + f"{point}\n{body}\n"


def note_naming_orders(count: int) -> str:
    return HEAD + "Ескерту. " + " ".join(f"№ {n} бұйрығымен;" for n in range(1, count + 1)) + "\n"


TERMS = "2. Осы стандартта мынадай терминдер қолданылады:"
DIRECTORY = f"БА-ға сәйкес біліктілік деңгейі{CELL}жоғары санат: "


@dataclass(frozen=True)
class Case:
    """An input shape: ``build(k)`` is the input at scale ``k`` (0: the frame alone)."""

    build: Callable[[int], str]
    measure: Literal["count", "time"]
    cost: str = ""  # where a regression would put the cost


COUNT: Literal["count"] = "count"
TIME: Literal["time"] = "time"

CASES: dict[str, Case] = {
    # --- regular expressions that backtracked over a run -----------------------------
    "spaces in a table row": Case(
        lambda k: skills_cell("а" + " " * 5_000 * k + "б"), TIME, "source._SEPARATOR_RE"
    ),
    "blanks and tabs mixed in a line": Case(
        lambda k: "а" + " \t" * 1_250 * k + "б",
        TIME,
        "source._SEPARATOR_RE / head._BASIS_END_RE",
    ),
    "no-break spaces in the first paragraph": Case(
        lambda k: "Қазақстан" + NBSP * 2_500 * k + "Республикасы\n", TIME, "head._BASIS_END_RE"
    ),
    "no-break spaces in a note": Case(
        lambda k: HEAD + "Ескерту. 2-тармаққа" + NBSP * 2_500 * k + "өзгерістер енгізілді.\n",
        TIME,
        "head._DASH_SPLIT_RE (split)",
    ),
    "no-break spaces in a term": Case(
        lambda k: in_point(TERMS, "1) маман" + NBSP * 2_500 * k + "х;"),
        TIME,
        "head._DASH_SPLIT_RE (search)",
    ),
    "long Latin word": Case(lambda k: "a" * 3_750 * k, TIME, "text.clean._LATIN_IN_WORD_RE"),
    "50 long Latin words": Case(
        lambda k: ("a" * 188 * k + " ") * 50, TIME, "text.clean._LATIN_IN_WORD_RE"
    ),
    "digits in a skills cell": Case(
        lambda k: skills_cell("1" * 1_875 * k), TIME, "patterns.*_MID_RE (\\d+)"
    ),
    "repeated stem in a skills cell (ru summary)": Case(
        lambda k: skills_cell("обязательн" * 560 * k), TIME, "patterns.SUMMARY_RE (\\w+)"
    ),
    "repeated stem in a skills cell (ru additional)": Case(
        lambda k: skills_cell("дополнительн" * 470 * k), TIME, "patterns.ADDITIONAL_RE (\\w+)"
    ),
    "repeated stem in the head": Case(
        lambda k: "профессиональн" * 400 * k, TIME, "head._TITLE_RE (\\w+)"
    ),
    "digits in the directory requirements": Case(
        lambda k: card(top=f"{DIRECTORY}{'1' * 1_250 * k}\n"), TIME, "values._YEARS_RE"
    ),
    "no-break spaces in the directory requirements": Case(
        lambda k: card(top=f"{DIRECTORY}а{NBSP * 2_500 * k}б\n"), TIME, "values._YEARS_RE"
    ),
    "no-break spaces in other names": Case(
        lambda k: card(top=f"Кәсіптің басқа да ықтимал атаулары{CELL}а{NBSP * 2_500 * k}б\n"),
        TIME,
        "values._NAME_SEPARATORS_RE",
    ),
    "no-break spaces in a one-cell related row": Case(
        lambda k: card(
            f"СБШ шеңберінде басқа кәсіптермен байланысы: 5-деңгей{NBSP * 2_500 * k}х\n"
        ),
        TIME,
        "cards._LEVEL_NAME_DASH_RE",
    ),
    # --- loops that rescanned what was read --------------------------------------------
    "task rows under one function": Case(
        lambda k: task_rows(30 * k), COUNT, "functions._extend_to"
    ),
    "rows under a merged function cell": Case(
        lambda k: merged_rows(25 * k), COUNT, "functions._row_has_task"
    ),
    "page-break lines inside a list": Case(
        lambda k: page_breaks(30 * k), COUNT, "items._strip_item"
    ),
    "additional functions": Case(
        lambda k: additional_functions(20 * k), COUNT, "build._additional_only"
    ),
    # --- odd characters: must only be read, never fail -----------------------------------
    "NUL and control characters": Case(lambda k: "\x00\x01\x02\x1b\x7f\x85" * 625 * k, TIME),
    "lone surrogates": Case(lambda k: skills_cell("\udc80А\ud800;" * 80 * k), COUNT),
    "RTL and zero-width marks": Case(lambda k: skills_cell("\u200f\u202eА\u200b;" * 64 * k), COUNT),
    "unmatched quotes and brackets": Case(lambda k: skills_cell('"«(А[' * 625 * k), TIME),
    "numero signs": Case(lambda k: "Ескерту. " + "№" * 3_750 * k, TIME),
    "semicolons only": Case(lambda k: skills_cell(";" * 3_125 * k), TIME),
    "one cell without separators": Case(lambda k: skills_cell("Маман жұмысы " * 240 * k), TIME),
    "list items in one cell": Case(lambda k: list_items(94 * k), COUNT),
    "knowledge labels in a row": Case(lambda k: skills_cell("Білуге тиіс:" * 125 * k), COUNT),
    "tiny cards": Case(lambda k: tiny_cards(15 * k), COUNT),
    "empty lines": Case(lambda k: card("\n" * 250 * k), COUNT),
}


# --- measures -----------------------------------------------------------------------


def check_document(doc: Document, text: str, where: str) -> None:
    """Well-formed, and no ``internal-error`` (the parser caught an exception)."""
    internal = [d.message for d in doc.diagnostics if d.code == "internal-error"]
    assert not internal, f"{where}: internal-error: {internal[0]}"
    try:
        assert_well_formed(doc, text)
    except AssertionError as exc:
        raise AssertionError(f"{where}: not well formed: {str(exc)[:300]}") from None


def count_events(text: str) -> tuple[int, Document]:
    """The Python trace events (calls, lines, returns) of one parse of ``text``."""
    events = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal events
        events += 1
        return local

    previous = sys.gettrace()  # a coverage or debugger tracer, put back afterwards
    sys.settrace(local)
    try:
        doc = parse_standard(text)
    finally:
        sys.settrace(previous)
    return events, doc


def timed_parse(text: str) -> tuple[float, Document]:
    """CPU time of this process for one parse of ``text`` (garbage collector off); the document."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.process_time()
        doc = parse_standard(text)
        return time.process_time() - start, doc
    finally:
        if enabled:
            gc.enable()


def best_cpu_seconds(texts: list[str], check: Callable[[int, Document], None]) -> list[float]:
    """Best CPU times of ``texts`` (1x, 4x, 16x) over interleaved rounds.

    A round parses 1x three times (it is the cheapest), then 4x and 16x once. Rounds repeat
    while the best 16x time is more than ``TIME_RATIO_BOUND`` times the best 1x time, at most
    ``TIME_MAX_ROUNDS`` and only while the case has used less than ``TIME_RETRY_CPU_SECONDS``
    (a round of seconds is a slow parse, not noise). ``check`` sees the first document of each
    size.
    """
    best = [math.inf] * len(texts)
    start = time.process_time()
    for _ in range(TIME_MAX_ROUNDS):
        for i, text in enumerate(texts):
            for _ in range(3 if i == 0 else 1):
                seconds, doc = timed_parse(text)
                if best[i] == math.inf:
                    check(i, doc)
                best[i] = min(best[i], seconds)
        if best[-1] <= TIME_RATIO_BOUND * best[0]:
            break
        if time.process_time() - start > TIME_RETRY_CPU_SECONDS:
            break
    return best


def traced_peak(text: str) -> tuple[int, Document]:
    """Peak bytes allocated by Python during one parse of ``text`` (``tracemalloc``)."""
    tracemalloc.start()
    try:
        doc = parse_standard(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, doc


def growth(values: list[int]) -> list[float]:
    """The ratio of each value to the one before (infinite after a value of 0 or less)."""
    return [b / a if a > 0 else math.inf for a, b in itertools.pairwise(values)]


# --- tests --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_case_sizes_grow_1_4_16(name: str) -> None:
    case = CASES[name]
    frame = len(case.build(0))
    payload = [len(case.build(k)) - frame for k in SCALES]
    assert payload[0] > 0, f"{name}: no payload at 1x"
    for k, size in zip(SCALES, payload, strict=True):
        assert abs(size / payload[0] - k) <= 0.1 * k, f"{name}: payload {payload} not 1:4:16"
    size = len(case.build(SCALES[-1]).encode("utf-8", "surrogatepass"))
    assert size <= MAX_BYTES, f"{name}: {size} bytes at 16x"


def _check_count(name: str, case: Case, texts: list[str]) -> None:
    # Warm up first: the first parse of a shape fills caches (regexes compiled on first use).
    parse_standard(case.build(0))
    parse_standard(texts[0])
    frame, _ = count_events(case.build(0))
    payload = []
    for k, text in zip(SCALES, texts, strict=True):
        events, doc = count_events(text)
        check_document(doc, text, f"{name} at {k}x")
        payload.append(events - frame)
    steps = growth(payload)
    assert payload[0] > 0 and max(steps) <= COUNT_STEP_BOUND, (
        f"{name}: Python trace events beyond the frame's {frame} at 1x/4x/16x: {payload}; "
        f"growth per 4x step {', '.join(f'{s:.1f}' for s in steps)} (linear 4, quadratic 16, "
        f"bound {COUNT_STEP_BOUND:g})" + (f"; cost in {case.cost}" if case.cost else "")
    )


def _check_time(name: str, case: Case, texts: list[str]) -> None:
    def check(i: int, doc: Document) -> None:
        check_document(doc, texts[i], f"{name} at {SCALES[i]}x")

    best = best_cpu_seconds(texts, check)
    ratio = best[-1] / best[0]
    assert ratio <= TIME_RATIO_BOUND, (
        f"{name}: best CPU time at 1x/4x/16x: "
        f"{', '.join(f'{t * 1000:.1f} ms' for t in best)}; 16x/1x = {ratio:.0f} (linear at "
        f"most 16, quadratic up to 256, bound {TIME_RATIO_BOUND:g})"
        + (f"; cost in {case.cost}" if case.cost else "")
    )


@pytest.mark.parametrize("name", CASES)
def test_pathological_input_grows_linearly(name: str) -> None:
    case = CASES[name]
    texts = [case.build(k) for k in SCALES]
    if case.measure == COUNT:
        _check_count(name, case, texts)
    else:
        _check_time(name, case, texts)


def test_note_naming_many_orders_grows_linearly_in_memory() -> None:
    # One amendment per order a note names, each with its own copy of the whole note
    # (head._amendments): memory grew with orders x note length (a 100 KB note: 5 GB).
    parse_standard(note_naming_orders(150))  # warm up, as for the counts
    frame, _ = traced_peak(note_naming_orders(0))
    payload = []
    for k in SCALES:
        text = note_naming_orders(150 * k)
        peak, doc = traced_peak(text)
        check_document(doc, text, f"note at {k}x")
        assert len(doc.standard.amendments) == 150 * k
        payload.append(peak - frame)
    steps = growth(payload)
    assert payload[0] > 0 and max(steps) <= MEMORY_STEP_BOUND, (
        f"peak bytes beyond the head's {frame} for notes naming 150/600/2400 orders: {payload}; "
        f"growth per 4x step {', '.join(f'{s:.1f}' for s in steps)} (linear 4, quadratic 16, "
        f"bound {MEMORY_STEP_BOUND:g})"
    )
