"""The closed vocabularies of kasip, each named once: element types, kinds, codes, levels.

Every other module takes these names from here, so a new element type or
diagnostic code is added in one place, and mypy finds every place that must
handle it.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "DIAGNOSTIC_CODES",
    "ELEMENT_TYPES",
    "LAYOUT_RULES",
    "QUALIFICATION_LEVELS",
    "ROLES",
    "DiagnosticCode",
    "ElementType",
    "FunctionKind",
    "Language",
    "LayoutRule",
    "Role",
    "Severity",
    "UnitKind",
]

Severity = Literal["error", "warning", "info"]
Language = Literal["kk", "ru", "unknown"]
FunctionKind = Literal["mandatory", "additional"]
# The 2019-2022 card layout places tasks under a labour function; the 2023+
# layout places skills there. The unit kind records which one was read.
UnitKind = Literal["task", "skill"]

# Who uses kasip for assessment (issue 12; kasip.accounts): an admin manages
# accounts; a methodologist builds qualification programmes and question
# banks; an assessor runs sessions and scores practical tasks; a candidate
# applies and takes tests. The registry's pages are public and need none.
Role = Literal["admin", "methodologist", "assessor", "candidate"]
ROLES: tuple[Role, ...] = get_args(Role)

# The qualification levels of the sectoral (and national) qualification framework.
QUALIFICATION_LEVELS: tuple[int, ...] = tuple(range(1, 9))

# Every element of a document that has an ID (kasip.model.elements.walk): a
# card and its parts, then the standard's own elements. The order is that of
# the API document's enum (tests/openapi.json).
ElementType = Literal[
    "card",
    "function",
    "task",
    "skill",
    "knowledge",
    "other_name",
    "directory_requirements",
    "qualification_category",
    "related_occupation",
    "directory_relation",
    "card_field",
    "term",
    "abbreviation",
    "occupation",
    "amendment",
]
ELEMENT_TYPES: tuple[ElementType, ...] = get_args(ElementType)

# What the parser reports (kasip.model.Diagnostic.code); each is explained in
# docs/parsing-notes.md ("Diagnostics"), which a test keeps complete.
DiagnosticCode = Literal[
    "not-a-standard",
    "no-cards",
    "internal-error",
    "not-a-card",
    "unknown-row",
    "duplicate-row",
    "code-missing",
    "code-short-form",
    "level-missing",
    "level-range",
    "education-from-directory-row",
    "function-without-title",
    "unit-without-function",
    "items-without-unit",
    "unexpected-text",
    "summary-function-unmatched",
    "empty-item",
    "numbering-gap",
    "numbering-repeat",
    "stray-numbering",
    "text-truncated",
    "card-without-functions",
    "lost-letters",
    "control-characters",
]
DIAGNOSTIC_CODES: tuple[DiagnosticCode, ...] = get_args(DiagnosticCode)

# What the checker for authors reports beside the parser's diagnostics
# (kasip.lint: the layout rules of the official form); each is explained in
# docs/checker.md, which a test keeps complete.
LayoutRule = Literal[
    "layout-section-missing",
    "layout-row-missing",
    "layout-code-format",
    "layout-code-group",
    "layout-level",
    "layout-sublevel",
    "layout-occupation-list",
    "layout-function-without-skills",
    "layout-function-without-knowledge",
    "layout-numbering-gap",
    "layout-numbering-duplicate",
    "layout-item-repeated",
]
LAYOUT_RULES: tuple[LayoutRule, ...] = get_args(LayoutRule)
