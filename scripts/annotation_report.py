"""Compare what kasip reads from real documents with what people annotated by reading them.

``tests/fixtures/npp/<name>.expected.json`` were written by reading the 18 NPP
standards of ``tests/corpus/npp/`` (Word and PDF), never by running kasip
(issue 9, item 6; the format is in ``tests/test_npp_annotated.py``). This script
parses each document and lists every disagreement, one line each, and the
agreement figures::

    python scripts/annotation_report.py [--report tests/reports/npp-annotated.txt --check|--write]

The committed report is the list of disagreements kasip has today: the test
fails when a parser change adds one (a loss) or removes one (a gain, to be
written with ``--write``), so each change shows what it moved.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kasip.model import Document, LabourFunction, ProfessionCard, Unit
from kasip.parse import parse_standard, read_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "npp"
EXPECTED = ROOT / "tests" / "fixtures" / "npp"

_SPACE_RE = re.compile(r"\s+")
_QUOTES = "«»\"“”„'"


def norm(text: str | None) -> str:
    """Texts compared without regard to spacing, case, quotes and closing punctuation."""
    text = _SPACE_RE.sub(" ", (text or "").replace("\xa0", " "))
    return text.strip(" .;:,").strip(_QUOTES).strip(" .;:,").casefold().replace("ё", "е")


def short(text: str | None, width: int = 50) -> str:
    text = _SPACE_RE.sub(" ", text or "").strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@dataclass
class Tally:
    """Agreement counts of one document (or all)."""

    cards: int = 0
    cards_found: int = 0
    functions: int = 0
    functions_found: int = 0
    units: int = 0
    units_found: int = 0
    items: int = 0
    items_in_agreeing_lists: int = 0
    lists: int = 0
    lists_agreeing: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def describe(self) -> str:
        def part(found: int, total: int, what: str) -> str:
            share = f" ({found / total:.1%})" if total else ""
            return f"{what} {found}/{total}{share}"

        return ", ".join(
            [
                part(self.cards_found, self.cards, "cards"),
                part(self.functions_found, self.functions, "functions"),
                part(self.units_found, self.units, "units"),
                part(self.lists_agreeing, self.lists, "lists exact"),
                part(self.items_in_agreeing_lists, self.items, "items in exact lists"),
            ]
        )


@dataclass
class Comparison:
    name: str
    lines: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def add(self, where: str, what: str) -> None:
        self.lines.append(f"{self.name}: {where}: {what}")


def _align(expected: Sequence[str], found: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of positions of equal keys in order, and the unpaired on either side."""
    matcher = difflib.SequenceMatcher(a=list(expected), b=list(found), autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    for block in matcher.get_matching_blocks():
        # Unpaired runs before the block: pair them by position while both last.
        while i < block.a and j < block.b:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        pairs.extend((k, None) for k in range(i, block.a))
        pairs.extend((None, k) for k in range(j, block.b))
        pairs.extend((block.a + k, block.b + k) for k in range(block.size))
        i, j = block.a + block.size, block.b + block.size
    return pairs


def _card_key(level: int | None, name: str) -> str:
    return f"{level}|{norm(name)}"


def compare(name: str, doc: Document, expected: dict[str, Any]) -> Comparison:
    result = Comparison(name)
    if norm(doc.standard.title) != norm(expected["title"]):
        result.add(
            "title", f"expected {short(expected['title'])}, read {short(doc.standard.title)}"
        )
    exp_cards = expected["cards"]
    keys = [_card_key(c["level"], c["name"]) for c in exp_cards]
    found_keys = [_card_key(c.level, c.name) for c in doc.cards]
    result.tally.cards = len(exp_cards)
    for exp_index, found_index in _align(keys, found_keys):
        if exp_index is None:
            assert found_index is not None
            card = doc.cards[found_index]
            result.add(f"card {card.id}", f"extra card {short(card.name)}")
            continue
        exp = exp_cards[exp_index]
        label = f"card #{exp_index + 1} {exp['code'] or exp['name'][:30]}@{exp['level']}"
        if found_index is None:
            result.add(label, "missing")
            _count_expected(exp, result.tally)
            continue
        result.tally.cards_found += keys[exp_index] == found_keys[found_index]
        _compare_card(doc.cards[found_index], exp, label, result)
    return result


def _count_expected(exp: dict[str, Any], tally: Tally) -> None:
    for function in exp["functions"]:
        tally.functions += 1
        for unit in function["units"]:
            tally.units += 1
            tally.lists += 2
            tally.items += unit["skills"] + unit["knowledge"]


def _compare_card(card: ProfessionCard, exp: dict[str, Any], label: str, out: Comparison) -> None:
    for key, found in (
        ("code", card.code),
        ("level", card.level),
        ("name", card.name),
        ("sublevels", list(card.sublevels)),
    ):
        wanted = exp[key]
        same = norm(found) == norm(wanted) if key == "name" else found == wanted
        if not same:
            out.add(label, f"{key}: expected {wanted!r}, read {found!r}")
    # kasip keeps an other name's code apart (OtherName.code); annotators wrote it
    # in front of the name, as the document does.
    names = [norm(f"{n.code} {n.name}" if n.code else n.name) for n in card.other_names]
    wanted = [norm(n) for n in exp["other_names"]]
    if names != wanted:
        differ = sum(a != b for a, b in zip(names, wanted, strict=False))
        out.add(
            label,
            f"other names: expected {len(wanted)}, read {len(names)} ({differ} differ in text)",
        )
    titles = [norm(f["title"]) for f in exp["functions"]]
    found_titles = [norm(f.title) for f in card.functions]
    for exp_index, found_index in _align(titles, found_titles):
        if exp_index is None:
            assert found_index is not None
            function = card.functions[found_index]
            out.add(label, f"extra function {short(function.title)}")
            continue
        exp_function = exp["functions"][exp_index]
        where = f"{label} function {exp_index + 1}"
        if found_index is None:
            out.add(where, f"missing {short(exp_function['title'])}")
            _count_expected({"functions": [exp_function]}, out.tally)
            continue
        _compare_function(card.functions[found_index], exp_function, where, out)


def _compare_function(
    function: LabourFunction, exp: dict[str, Any], where: str, out: Comparison
) -> None:
    out.tally.functions += 1
    out.tally.functions_found += norm(function.title) == norm(exp["title"])
    if norm(function.title) != norm(exp["title"]):
        out.add(where, f"title: expected {short(exp['title'])}, read {short(function.title)}")
    if function.kind != exp["kind"]:
        out.add(where, f"kind: expected {exp['kind']}, read {function.kind}")
    titles = [norm(u["title"]) for u in exp["units"]]
    found_titles = [norm(u.title) for u in function.tasks]
    for exp_index, found_index in _align(titles, found_titles):
        if exp_index is None:
            assert found_index is not None
            out.add(where, f"extra unit {short(function.tasks[found_index].title)}")
            continue
        exp_unit = exp["units"][exp_index]
        unit_where = f"{where} unit {exp_index + 1}"
        out.tally.units += 1
        out.tally.lists += 2
        out.tally.items += exp_unit["skills"] + exp_unit["knowledge"]
        if found_index is None:
            out.add(unit_where, f"missing {short(exp_unit['title'])}")
            continue
        out.tally.units_found += titles[exp_index] == found_titles[found_index]
        _compare_unit(function.tasks[found_index], exp_unit, unit_where, out)


def _compare_unit(unit: Unit, exp: dict[str, Any], where: str, out: Comparison) -> None:
    if norm(unit.title) != norm(exp["title"]):
        out.add(where, f"title: expected {short(exp['title'])}, read {short(unit.title)}")
    for key, items in (("skills", unit.skills), ("knowledge", unit.knowledge)):
        texts = [norm(i.text) for i in items]
        wanted_texts = exp.get("skill_texts" if key == "skills" else "knowledge_texts")
        same_count = len(items) == exp[key]
        same_texts = wanted_texts is None or texts == [norm(t) for t in wanted_texts]
        if same_count and same_texts:
            out.tally.lists_agreeing += 1
            out.tally.items_in_agreeing_lists += exp[key]
        elif not same_count:
            out.add(where, f"{key}: expected {exp[key]} items, read {len(items)}")
        else:
            assert wanted_texts is not None
            differing = sum(a != norm(b) for a, b in zip(texts, wanted_texts, strict=True))
            out.add(where, f"{key}: {differing} of {exp[key]} item texts differ")


def run() -> tuple[list[Comparison], Tally]:
    comparisons = []
    total = Tally()
    for path in sorted(EXPECTED.glob("*.expected.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        document = CORPUS / expected["document"]
        doc = parse_standard(read_document(document).text, source_name=document.name)
        comparison = compare(document.name, doc, expected)
        comparisons.append(comparison)
        total.add(comparison.tally)
    return comparisons, total


def report_lines(comparisons: Sequence[Comparison]) -> list[str]:
    return [line for comparison in comparisons for line in comparison.lines]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, help="the committed list of disagreements")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the report")
    mode.add_argument("--check", action="store_true", help="fail when the report differs")
    args = parser.parse_args(argv)
    comparisons, total = run()
    for comparison in comparisons:
        print(f"{comparison.name}: {comparison.tally.describe()}")  # noqa: T201
    print(f"all: {total.describe()}")  # noqa: T201
    lines = report_lines(comparisons)
    if args.report is None:
        print("\n".join(lines))  # noqa: T201
        return 0
    if args.write:
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return 0
    committed = args.report.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(committed, lines, "committed", "now", lineterm="", n=0))
    if diff:
        print("\n".join(diff))  # noqa: T201
        return 1 if args.check else 0
    print(f"against {args.report}: no change")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
