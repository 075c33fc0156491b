"""Held-out standards: whole texts of other fields, annotated by hand.

``tests/fixtures/heldout/<name>.txt`` are complete standards written in the flattened
adilet layout but varied differently from the seed (other ministries, alphanumeric order
numbers, upper-case and reworded labels, ``" | "`` and bare-TAB separators, CRLF, the
2023 skill layout, a card without its card row, ...). ``<name>.expected.json`` is an
independent annotation made by reading the text, not by running the parser::

    {"title", "language", "order": {"number", "date"},
     "amendments": [{"number", "date", "target"}],      # optional
     "occupations": [[name, [levels]]],                 # optional
     "cards": [{"line", "code", "level", "sublevels", "name",
                "other_names": [[code | null, name]],
                "functions": [{"kind", "title",
                               "units": [{"kind", "title", "skills", "knowledge"}]}]}]}

Optional per-card keys, checked only where an annotation gives them::

    "related": [[level | null, [names]]],   # one entry per related-occupation row
    "competencies": [str],                  # personal competencies, one per entry
    "conditions": str                       # working conditions ("" where the row is missing)
    "summary_unmatched": [str]              # summary-row names with no detailed function,
                                            # each reported by a summary-function-unmatched
                                            # diagnostic of the card, in order

Optional per-unit keys ``"skill_texts"`` / ``"knowledge_texts"``: ``[str]``, the items' texts
in order (without their list numbers), for lists where the count alone could hide a wrong split.

Optional per-file key ``"passport": {"name", "groups", "subgroups"}`` (points 4, 7 and 8).

Optional per-file key ``"foreign": [str]``: text that belongs to no element (a page-break
line such as ``Жалғасы``); no function title, unit title or item may contain it (compared
without regard to case).

``line`` is the first line of the card in the text (its card row, or its code row where
the card row is missing). Units packed in one cell share their items; the annotation
counts them once, on the first unit (``shares_items_with``, docs/parsing-notes.md).

The test collects every mismatch of a file and reports them all at once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kasip.model import Document, Item, LabourFunction, ProfessionCard, Unit
from kasip.parse import parse_standard, read_source

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
NAMES = sorted(p.name.removesuffix(".expected.json") for p in HELDOUT.glob("*.expected.json"))
# Round one: other ministries, order-number and separator variants, the 2023 skill layout.
ROUND_ONE = ("construction.kk", "education.kk", "it.ru", "nursing.ru")
# Round two: reworded unit/knowledge labels (``Еңбек функциясы 1.``, ``Задача 1.``,
# ``Білімі:``, ``Умения:``/``Навыки:``, ``Должен знать:``), level ranges on a card, notes
# inside the annex, Latin ``i`` in labels, a repeated table header row, multi-row
# related occupations, numbered competencies, ``нет``/``Жоқ`` for no other names.
ROUND_TWO = ("agriculture.kk", "culture.kk", "finance.ru", "transport.ru")
# Round three: the Russian edition of the seed's head and first six cards, line for line
# with the Kazakh page (same merged cells, glued words and numbering, a summary row labelled
# ``Умения и навыки:``, ``3412-008``, ``Задачи:``/``Умения:`` labels), so that its parse can be
# compared card by card with the Kazakh one.
ROUND_THREE = ("psysocial.ru",)
# Round four: a long Russian head as on adilet (``Примечание ИЗПИ!``, a Deputy Prime Minister
# issuer, point numbers restarting in each chapter, chapter and preamble notes), label and
# value in one cell (``Код профессии: 8111-2-003``), functions with five tasks, 16-item
# knowledge lists separated by ``.`` only with numbers inside items (``ГОСТ 12.0.003-2015``,
# ``п. 11.4``, ``1,5 м``); numbered cards (``1. Кәсіп карточкасы``, ``2-кәсіп карточкасы``), a
# functions block without any task or skills label, ``а)``/``(1)`` sub-lists inside an item,
# ``2021 ж. 23 желтоқсандағы`` dates in notes naming two orders, ``4 деңгей (4.1 кіші деңгей)``;
# the function cell repeated on every task row, numbered additional functions, an inline
# header after the numbered knowledge items; CRLF, no-break spaces and Latin letters in labels,
# page-break lines (``Жалғасы`` with a repeated column header, ``Кестенің жалғасы`` inside a
# cell), a card of 4 functions by 3 tasks and other names with their codes in parentheses.
ROUND_FOUR = ("energy.ru", "health.kk", "mining.ru", "trade.kk")
# Round five: card rows as ``Label: value`` lines with no cell separators at all (a two-column
# table that lost its tabs: ``Кәсіп коды: 2250-1-001``, ``Еңбек функциясы 1: ...``, ``Міндет 1:``,
# ``Икемділіктер мен дағдылар: 1. ...``, lists one entry per line, an item broken over two lines,
# a directory-requirements line between the level and education lines, a detailed additional
# function); and a standard with two annexes (``Приложение 1`` with the cards, ``Приложение 2``
# a table of terms whose rows start with card labels: ``Карточка профессии``, ``Код профессии``,
# ``Трудовая функция``, ``Задача``, ``Знания``) and a card whose summary lists 7 mandatory
# functions of which only 3 (the 1st, 3rd and 5th) are detailed.
ROUND_FIVE = ("library.ru", "veterinary.kk")

_SPACE_RE = re.compile(r"\s+")
# An item's text should start after its list marker (``1.``, ``1)``, a dash) and hold no
# label of the function block: either means the list was split in the wrong place.
_MARKER_RE = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}\.\d{1,2}|[-–—•])\s")
_LABEL_RE = re.compile(
    r"(?:білуге\s+тиіс|білімі?|икемділіктер|дағдылар|знания|умения(?:\s+и\s+навыки)?|навыки"
    r"|должен\s+знать)\s*:",
    re.I,
)
# A title should start with its first word, not with the rest of its label (``. Title``
# after ``Задача 1.``, ``: Title``).
_TITLE_PUNCT_RE = re.compile(r"\s*(?:[.:;,)–—-]|\d{1,2}\s*[.:)]\s)")
# An item should not hold the list number of the item after it (``…контроле.4. Порядок``).
_GLUED_NUMBER_RE = re.compile(r"[.;]\s*\d{1,2}\.\s*[^\W\d_]")


def norm(text: str | None) -> str:
    """Compare texts without regard to spacing, case and closing punctuation."""
    return _SPACE_RE.sub(" ", (text or "").replace("\xa0", " ")).strip(" .;:,").casefold()


def show(text: str | None, width: int = 70) -> str:
    text = _SPACE_RE.sub(" ", text or "").strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


class Report:
    """Mismatches of one file, each with the line of the text it is about."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []

    def add(self, line: int | None, what: str, expected: Any, found: Any) -> None:
        where = f"{self.name}:{line}" if line else self.name
        self.lines.append(f"{where}: {what}: expected {expected}, parser gave {found}")

    def note(self, line: int | None, message: str) -> None:
        where = f"{self.name}:{line}" if line else self.name
        self.lines.append(f"{where}: {message}")


# --- head ----------------------------------------------------------------------


def check_head(doc: Document, exp: dict[str, Any], rep: Report) -> None:
    std = doc.standard
    if norm(std.title) != norm(exp["title"]):
        rep.add(None, "title", show(exp["title"]), show(std.title))
    if std.language != exp["language"]:
        rep.add(None, "language", exp["language"], std.language)
    order = {"number": std.order.number, "date": std.order.date}
    if order != exp["order"]:
        rep.add(None, "order", exp["order"], order)
    if "amendments" in exp:
        found = [
            {"number": a.order_number, "date": a.order_date, "target": a.target}
            for a in std.amendments
        ]
        if found != exp["amendments"]:
            rep.add(None, "amendments", exp["amendments"], found)
    if "occupations" in exp:
        found_occ = [[norm(o.name), list(o.levels)] for o in std.occupations]
        if found_occ != [[norm(n), levels] for n, levels in exp["occupations"]]:
            rep.add(None, "occupations", exp["occupations"], found_occ)
    check_passport(doc, exp.get("passport"), rep)
    for diag in doc.diagnostics:
        if diag.severity == "error":
            rep.note(diag.line, f"error diagnostic {diag.code}: {diag.message}")


def check_foreign(doc: Document, foreign: list[str], rep: Report) -> None:
    """No function title, unit title or item may hold text that belongs to no element."""
    for card in doc.cards:
        for function in card.functions:
            elements: list[tuple[int, str, str]] = [
                (function.span.line_start, "function title", function.title)
            ]
            for unit in function.tasks:
                elements.append((unit.span.line_start, "unit title", unit.title))
                elements.extend(
                    (item.span.line_start, "item", item.text)
                    for item in unit.skills + unit.knowledge
                )
            for line, what, text in elements:
                for word in foreign:
                    if word.casefold() in text.casefold():
                        rep.note(line, f"{card.id}: {what} holds {word!r}: {show(text)}")


def check_passport(doc: Document, exp: dict[str, Any] | None, rep: Report) -> None:
    if exp is None:
        return
    passport = doc.standard.passport
    found = {
        "name": norm(passport.name),
        "groups": [norm(g) for g in passport.groups],
        "subgroups": [norm(g) for g in passport.subgroups],
    }
    expected = {
        "name": norm(exp["name"]),
        "groups": [norm(g) for g in exp["groups"]],
        "subgroups": [norm(g) for g in exp["subgroups"]],
    }
    if found != expected:
        rep.add(None, "passport", expected, found)


# --- cards ---------------------------------------------------------------------


def card_at(cards: tuple[ProfessionCard, ...], line: int) -> ProfessionCard | None:
    """The parsed card whose span holds ``line``."""
    for card in cards:
        if card.source.line_start <= line <= card.source.line_end:
            return card
    return None


def check_cards(doc: Document, exp_cards: list[dict[str, Any]], rep: Report) -> None:
    if len(doc.cards) != len(exp_cards):
        found = [f"{c.id} (lines {c.source.line_start}-{c.source.line_end})" for c in doc.cards]
        rep.add(None, "card count", len(exp_cards), f"{len(doc.cards)}: {found}")
    used: set[str] = set()
    for exp in exp_cards:
        card = card_at(doc.cards, exp["line"])
        if card is None:
            rep.note(exp["line"], f"no parsed card holds the card {exp['code']}@{exp['level']}")
            continue
        used.add(card.id)
        check_card(card, exp, rep)
        check_summary_unmatched(doc, card, exp, rep, f"card {exp['code']}@{exp['level']}")
    for card in doc.cards:
        if card.id not in used:
            rep.note(card.source.line_start, f"extra card {card.id}: {show(card.name)}")


def check_card(card: ProfessionCard, exp: dict[str, Any], rep: Report) -> None:
    line = card.source.line_start
    label = f"card {exp['code']}@{exp['level']}"
    if card.code != exp["code"]:
        rep.add(
            line, f"{label} code", exp["code"], f"{card.code} (as written {card.code_as_written!r})"
        )
    if card.level != exp["level"]:
        rep.add(line, f"{label} level", exp["level"], f"{card.level} ({card.level_as_written!r})")
    if list(card.sublevels) != exp["sublevels"]:
        rep.add(line, f"{label} sublevels", exp["sublevels"], list(card.sublevels))
    if norm(card.name) != norm(exp["name"]):
        rep.add(line, f"{label} name", show(exp["name"]), show(card.name))
    found = [[n.code, norm(n.name)] for n in card.other_names]
    if found != [[c, norm(n)] for c, n in exp["other_names"]]:
        shown = [[n.code, show(n.name, 50)] for n in card.other_names]
        rep.add(line, f"{label} other names", exp["other_names"], shown)
    check_card_rows(card, exp, rep, label)
    check_functions(card, exp["functions"], rep, label)


def check_card_rows(card: ProfessionCard, exp: dict[str, Any], rep: Report, label: str) -> None:
    """The optional keys: related occupations, personal competencies, working conditions."""
    line = card.source.line_start
    if "related" in exp:
        found_rel = [[r.level, [norm(n) for n in r.names]] for r in card.related]
        if found_rel != [[lvl, [norm(n) for n in names]] for lvl, names in exp["related"]]:
            shown_rel = [[r.level, [show(n, 40) for n in r.names]] for r in card.related]
            rep.add(line, f"{label} related", exp["related"], shown_rel)
    if "competencies" in exp:
        found_comp = [norm(c) for c in card.personal_competencies]
        if found_comp != [norm(c) for c in exp["competencies"]]:
            shown_comp = [show(c, 40) for c in card.personal_competencies]
            rep.add(line, f"{label} competencies", exp["competencies"], shown_comp)
    if "conditions" in exp and norm(card.working_conditions) != norm(exp["conditions"]):
        rep.add(line, f"{label} conditions", show(exp["conditions"]), show(card.working_conditions))


def check_summary_unmatched(
    doc: Document, card: ProfessionCard, exp: dict[str, Any], rep: Report, label: str
) -> None:
    """Summary names without a detailed function: an info diagnostic each, not a function."""
    if "summary_unmatched" not in exp:
        return
    found = [
        norm(d.found)
        for d in doc.diagnostics
        if d.code == "summary-function-unmatched" and d.element_id == card.id
    ]
    if found != [norm(n) for n in exp["summary_unmatched"]]:
        rep.add(
            card.source.line_start, f"{label} summary-only names", exp["summary_unmatched"], found
        )


# --- functions and units -------------------------------------------------------


def check_functions(
    card: ProfessionCard, exp_functions: list[dict[str, Any]], rep: Report, label: str
) -> None:
    line = card.source.line_start
    found_titles = [norm(f.title) for f in card.functions]
    exp_titles = [norm(f["title"]) for f in exp_functions]
    if found_titles != exp_titles:
        rep.add(
            line,
            f"{label} functions",
            [show(f["title"], 50) for f in exp_functions],
            [f"{show(f.title, 50)} (line {f.span.line_start})" for f in card.functions],
        )
    by_title = {norm(f.title): f for f in reversed(card.functions)}
    # Where a title is misread but the count agrees, compare by position, so that a
    # wrong title does not hide what is wrong inside the function.
    same_count = len(card.functions) == len(exp_functions)
    for position, exp in enumerate(exp_functions):
        function = by_title.get(norm(exp["title"]))
        if function is None and same_count:
            function = card.functions[position]
        if function is not None:
            check_function(function, exp, rep, label)


def check_function(
    function: LabourFunction, exp: dict[str, Any], rep: Report, card_label: str
) -> None:
    line = function.span.line_start
    label = f"{card_label} function {show(exp['title'], 40)}"
    if _TITLE_PUNCT_RE.match(function.title):
        rep.note(line, f"{label} title starts with punctuation: {show(function.title)}")
    if function.kind != exp["kind"]:
        rep.add(line, f"{label} kind", exp["kind"], function.kind)
    found_titles = [norm(u.title) for u in function.tasks]
    if found_titles != [norm(u["title"]) for u in exp["units"]]:
        rep.add(
            line,
            f"{label} units",
            [show(u["title"], 50) for u in exp["units"]],
            [f"{show(u.title, 50)} (line {u.span.line_start})" for u in function.tasks],
        )
    by_title = {norm(u.title): u for u in reversed(function.tasks)}
    same_count = len(function.tasks) == len(exp["units"])
    for position, exp_unit in enumerate(exp["units"]):
        unit = by_title.get(norm(exp_unit["title"]))
        if unit is None and same_count:
            unit = function.tasks[position]
        if unit is not None:
            check_unit(unit, exp_unit, rep, label)


def check_unit(unit: Unit, exp: dict[str, Any], rep: Report, function_label: str) -> None:
    line = unit.span.line_start
    label = f"{function_label} unit {show(exp['title'], 40)}"
    if _TITLE_PUNCT_RE.match(unit.title):
        rep.note(line, f"{label} title starts with punctuation: {show(unit.title)}")
    if unit.kind != exp["kind"]:
        rep.add(line, f"{label} kind", exp["kind"], unit.kind)
    lists = (
        ("skills", "skill_texts", unit.skills),
        ("knowledge", "knowledge_texts", unit.knowledge),
    )
    for key, texts_key, items in lists:
        if len(items) != exp[key]:
            texts = [show(i.text, 40) for i in items]
            rep.add(line, f"{label} {key} count", exp[key], f"{len(items)}: {texts}")
        exp_texts = exp.get(texts_key)
        if exp_texts is not None:
            found_texts = [norm(i.text) for i in items]
            for position, text in enumerate(exp_texts):
                found = found_texts[position] if position < len(found_texts) else None
                if found != norm(text):
                    rep.add(line, f"{label} {key} item {position + 1}", show(text), show(found))
        check_items(items, rep, f"{label} {key}")


def check_items(items: tuple[Item, ...], rep: Report, label: str) -> None:
    for item in items:
        if _MARKER_RE.match(item.text):
            rep.note(item.span.line_start, f"{label} item keeps its list marker: {show(item.text)}")
        if _LABEL_RE.search(item.text):
            rep.note(item.span.line_start, f"{label} item swallowed a label: {show(item.text)}")
        if _GLUED_NUMBER_RE.search(item.text):
            rep.note(
                item.span.line_start, f"{label} item holds the next list number: {show(item.text)}"
            )


# --- the test ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_heldout_standard(name: str) -> None:
    path = HELDOUT / f"{name}.txt"
    expected = json.loads((HELDOUT / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = parse_standard(read_source(path), source_name=path.name)
    rep = Report(path.name)
    check_head(doc, expected, rep)
    check_cards(doc, expected["cards"], rep)
    check_foreign(doc, expected.get("foreign", []), rep)
    assert not rep.lines, f"{len(rep.lines)} mismatches:\n" + "\n".join(rep.lines)


def test_heldout_fixtures_present() -> None:
    assert set(ROUND_ONE + ROUND_TWO + ROUND_THREE + ROUND_FOUR + ROUND_FIVE) <= set(NAMES)
    for name in NAMES:
        assert (HELDOUT / f"{name}.txt").is_file()
