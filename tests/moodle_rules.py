"""A checker of what Moodle's "Import competency framework" (tool_lpimportcsv) needs of a file.

Written from Moodle's importer and its framework's validation, independently
of kasip's writer (nothing here is imported from :mod:`kasip.export.moodle`):
the 14 columns in Moodle's order (its titles, ``(optional)`` aside), every row
as long as the header, exactly one framework row, a scale with a
configuration naming its scale, a default and a proficient value, taxonomy
terms from Moodle's list, one per level of the tree, ID numbers present,
unique and within 100 characters, short names of 1 to 100 characters,
every parent and cross-reference an ID number of the file, every competency
reachable from the framework (the importer drops the others silently).

:func:`sibling_name_problems` is apart: Moodle lets siblings share a short
name (it checks only that ID numbers are unique), but its framework tree then
shows entries nobody can tell apart, so kasip's writer keeps them distinct.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

COLUMNS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type",
    "Rule outcome",
    "Rule config",
    "Cross-referenced competency ID numbers",
    "Exported ID",
    "Is framework",
    "Taxonomy",
)
TAXONOMY_TERMS = frozenset(
    {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome",
     "practice", "proficiency", "skill", "value"}
)  # fmt: skip
DESCRIPTION_FORMATS = frozenset({"0", "1", "2", "4"})  # Moodle, HTML, plain, Markdown
LIMIT = 100
(PARENT, IDNUMBER, SHORTNAME, _DESC, FORMAT, SCALE, SCALECONFIG) = range(7)
(RULEOUTCOME, RELATED, EXPORTID, ISFRAMEWORK, TAXONOMY) = (8, 10, 11, 12, 13)


def moodle_problems(data: bytes) -> list[str]:
    """Every rule of Moodle's importer that ``data`` breaks (none: it imports as one framework)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return ["empty file"]
    header = tuple(c.removesuffix(" (optional)") for c in rows[0])
    problems = [] if header == COLUMNS else [f"header {rows[0]!r}"]
    problems += [
        f"row {n}: {len(row)} fields" for n, row in enumerate(rows, 1) if len(row) != len(COLUMNS)
    ]
    problems += [
        f"row {n}: a field over several lines or with an escaped quote"
        for n, row in enumerate(rows, 1)
        if any("\n" in c or "\r" in c or '\\"' in c for c in row)
    ]
    if problems:
        return problems
    frameworks = [r for r in rows[1:] if r[ISFRAMEWORK].strip() not in ("", "0")]
    competencies = [r for r in rows[1:] if r[ISFRAMEWORK].strip() in ("", "0")]
    if len(frameworks) != 1:
        return [f"{len(frameworks)} framework rows"]
    problems += _framework_problems(frameworks[0])
    problems += _competency_problems(competencies)
    depth = _depth(competencies)
    terms = [t for t in frameworks[0][TAXONOMY].split(",") if t]
    if depth != len(terms):
        problems.append(f"{len(terms)} taxonomy terms for {depth} levels")
    return problems


def _framework_problems(row: Sequence[str]) -> list[str]:
    problems = _names(row, "framework")
    values = [v for v in row[SCALE].split(",") if v.strip()]
    if len(values) < 2:
        problems.append(f"framework: scale values {row[SCALE]!r}")
    try:
        config = json.loads(row[SCALECONFIG])
    except json.JSONDecodeError:
        return [*problems, f"framework: scale configuration is not JSON: {row[SCALECONFIG]!r}"]
    if not (isinstance(config, list) and config and isinstance(config[0], dict)):
        return [*problems, "framework: scale configuration is not a list"]
    if "scaleid" not in config[0]:
        problems.append("framework: scale configuration names no scale")
    entries = config[1:]
    if not all(isinstance(e, dict) and e.get("id") in range(1, len(values) + 1) for e in entries):
        problems.append("framework: scale configuration names a value the scale lacks")
    if not any(e.get("scaledefault") for e in entries):
        problems.append("framework: no default scale value")
    if not any(e.get("proficient") for e in entries):
        problems.append("framework: no proficient scale value")
    terms = [t for t in row[TAXONOMY].split(",") if t]
    problems += [f"framework: taxonomy term {t!r}" for t in terms if t not in TAXONOMY_TERMS]
    if row[FORMAT] not in DESCRIPTION_FORMATS:
        problems.append(f"framework: description format {row[FORMAT]!r}")
    return problems


def _names(row: Sequence[str], where: str) -> list[str]:
    problems = []
    if not row[IDNUMBER].strip() or len(row[IDNUMBER]) > LIMIT:
        problems.append(f"{where}: ID number {row[IDNUMBER]!r}")
    if not row[SHORTNAME].strip() or len(row[SHORTNAME]) > LIMIT:
        problems.append(f"{where}: short name of {len(row[SHORTNAME])} characters")
    return problems


def _competency_problems(rows: Sequence[Sequence[str]]) -> list[str]:
    problems = []
    ids = [r[IDNUMBER] for r in rows]
    known = set(ids)
    if len(known) != len(ids):
        problems.append("ID numbers repeat")
    exported = [r[EXPORTID] for r in rows if r[EXPORTID]]
    if len(set(exported)) != len(exported):
        problems.append("exported IDs repeat")
    for row in rows:
        where = row[IDNUMBER] or "a competency"
        problems += _names(row, where)
        if row[PARENT] and row[PARENT] not in known:
            problems.append(f"{where}: parent {row[PARENT]!r} is not in the file")
        for other in filter(None, row[RELATED].split(",")):
            if other.replace("%2C", ",") not in known:
                problems.append(f"{where}: cross-reference {other!r} is not in the file")
        if row[FORMAT] not in DESCRIPTION_FORMATS:
            problems.append(f"{where}: description format {row[FORMAT]!r}")
        if row[RULEOUTCOME] and not row[RULEOUTCOME].isdigit():
            problems.append(f"{where}: rule outcome {row[RULEOUTCOME]!r}")
    reached = _reachable(rows)
    problems += [f"{i}: not reachable from the framework" for i in ids if i not in reached]
    return problems


def _reachable(rows: Sequence[Sequence[str]]) -> set[str]:
    """The ID numbers the importer attaches: from the top (no parent) down."""
    children: dict[str, list[str]] = {}
    for row in rows:
        children.setdefault(row[PARENT], []).append(row[IDNUMBER])
    reached: set[str] = set()
    todo = list(children.get("", []))
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(children.get(node, []))
    return reached


def _depth(rows: Sequence[Sequence[str]]) -> int:
    parent = {r[IDNUMBER]: r[PARENT] for r in rows}
    deepest = 0
    for node in parent:
        depth, seen = 1, {node}
        while parent.get(node):
            node = parent[node]
            if node in seen:
                break
            seen.add(node)
            depth += 1
        deepest = max(deepest, depth)
    return deepest


def sibling_name_problems(data: bytes) -> list[str]:
    """Competencies under one parent (or at the top) with the same short name: kasip's rule."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for row in rows:
        if row[ISFRAMEWORK].strip() not in ("", "0"):
            continue
        sibling = seen.setdefault((row[PARENT], row[SHORTNAME]), row[IDNUMBER])
        if sibling != row[IDNUMBER]:
            problems.append(f"{row[IDNUMBER]}: short name {row[SHORTNAME]!r} as {sibling}")
    return problems
