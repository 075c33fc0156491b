"""What the parser reads from every document of a folder, and what changed since the last report.

Run: ``python scripts/corpus_report.py FOLDER [--report FILE] [--write] [--check]``.

For each text (``.txt``) or Word document (``.docx``) of FOLDER, in name
order: cards, functions, tasks, items, errors and warnings, and the
diagnostics by code. A document kasip cannot read (a PDF, for now) is listed
with the reason. With ``--report FILE`` (a committed JSON report), every
difference is printed as gains and losses, document by document (as eyecite
reports its changes against main), so that a parser change shows what it
moved; ``--write`` saves the new report there, ``--check`` exits 1 when it
differs (CI: the committed report must be the parser's).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from kasip.cli.render import count_elements
from kasip.errors import InputFileError
from kasip.parse import parse_standard, read_document

SUFFIXES = (".txt", ".docx", ".pdf")
Report = dict[str, dict[str, Any]]


def read_folder(folder: Path) -> Report:
    """The counts of every document of ``folder`` (see module doc)."""
    report: Report = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES):
        if path.name.endswith(".expected.txt") or path.name.endswith(".source.txt"):
            continue
        try:
            source = read_document(path)
        except InputFileError as exc:
            report[path.name] = {"unreadable": str(exc).removeprefix(f"{path}: ")}
            continue
        doc = parse_standard(source.text, source_name=path.name)
        codes = Counter(f"{d.severity}:{d.code}" for d in doc.diagnostics)
        report[path.name] = {**count_elements(doc), "diagnostics": dict(sorted(codes.items()))}
    return report


def differences(old: Report, new: Report) -> list[str]:
    """Gains and losses of ``new`` against ``old``, one line each."""
    lines = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before is None or after is None:
            lines.append(f"{name}: {'new' if before is None else 'gone'}")
            continue
        changes = []
        for key in sorted(before.keys() | after.keys()):
            a, b = before.get(key), after.get(key)
            if a == b:
                continue
            if isinstance(a, dict) or isinstance(b, dict):
                changes.extend(_code_changes(a or {}, b or {}))
            elif isinstance(a, int) and isinstance(b, int):
                changes.append(f"{key} {a} → {b} ({b - a:+d})")
            else:
                changes.append(f"{key}: {a!r} → {b!r}")
        if changes:
            lines.append(f"{name}: " + "; ".join(changes))
    return lines


def _code_changes(a: dict[str, int], b: dict[str, int]) -> list[str]:
    return [
        f"{code} {a.get(code, 0)} → {b.get(code, 0)}"
        for code in sorted(a.keys() | b.keys())
        if a.get(code, 0) != b.get(code, 0)
    ]


def table(report: Report) -> list[str]:
    keys = ("cards", "functions", "tasks", "items", "errors", "warnings")
    width = max((len(n) for n in report), default=8)
    lines = [f"{'document':{width}}  " + "  ".join(f"{k:>9}" for k in keys)]
    for name, row in report.items():
        if "unreadable" in row:
            lines.append(f"{name:{width}}  unreadable: {row['unreadable']}")
        else:
            lines.append(f"{name:{width}}  " + "  ".join(f"{row[k]:9d}" for k in keys))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--report", type=Path, help="the committed report to compare with")
    parser.add_argument("--write", action="store_true", help="save the new report there")
    parser.add_argument("--check", action="store_true", help="exit 1 when it differs")
    args = parser.parse_args(argv)
    new = read_folder(args.folder)
    print("\n".join(table(new)))  # noqa: T201
    if args.report is None:
        return 0
    old = json.loads(args.report.read_text(encoding="utf-8")) if args.report.exists() else {}
    changed = differences(old, new)
    print(f"\nagainst {args.report}: " + ("no change" if not changed else ""))  # noqa: T201
    print("\n".join(changed))  # noqa: T201
    if args.write:
        text = json.dumps(new, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        args.report.write_text(text, encoding="utf-8")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
