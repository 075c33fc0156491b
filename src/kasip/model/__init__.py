"""Frozen domain types of a professional standard and its exchange format.

Every element read from a text carries a :class:`SourceSpan` into the
unmodified source string, such that ``source[span.start:span.end]`` is the
element's raw text. Element IDs are stable: they are built from the occupation
code, the level and positions, so the same text gives the same IDs on every
import.

The JSON exchange format (``"format": "kasip-standard/1"``) is the pydantic
serialisation of :class:`Document`; see ``docs/exchange-format.md``. The
package also holds what every layer shares about these types: their closed
vocabularies (:mod:`~kasip.model.vocabulary`), the grammar of element IDs and
occupation codes (:mod:`~kasip.model.ids`) and the walk of a document into its
elements (:mod:`~kasip.model.elements`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kasip.model.vocabulary import FunctionKind, Language, Severity, UnitKind

FORMAT: Literal["kasip-standard/1"] = "kasip-standard/1"

__all__ = [
    "FORMAT",
    "Abbreviation",
    "Amendment",
    "CardField",
    "Diagnostic",
    "DirectoryRelation",
    "DirectoryRequirements",
    "Document",
    "FrozenModel",
    "FunctionKind",
    "Item",
    "LabourFunction",
    "Language",
    "Occupation",
    "Order",
    "OtherName",
    "Passport",
    "ProfessionCard",
    "QualificationCategory",
    "RelatedOccupation",
    "Repair",
    "Severity",
    "SourceInfo",
    "SourceSpan",
    "Standard",
    "Term",
    "Unit",
    "UnitKind",
]


class FrozenModel(BaseModel):
    """Base of kasip's value types: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceSpan(FrozenModel):
    """Where an element stands in the source text.

    ``start``/``end`` are character offsets into the decoded source string
    (``end`` exclusive); ``line_start``/``line_end`` are 1-based, inclusive.
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)


class Repair(FrozenModel):
    """A visible correction applied to an element's display text.

    The element's ``text`` (an item's) or ``title`` (a labour function's or a
    unit's) stays verbatim; ``offset`` is relative to it.
    """

    kind: str
    offset: int = Field(ge=0)
    original: str
    replacement: str
    note: str = ""


class Diagnostic(FrozenModel):
    """Something the parser could not read, or read with doubt."""

    severity: Severity
    code: str
    message: str
    line: int = Field(ge=0)
    column: int = Field(ge=0)
    expected: str = ""
    found: str = ""
    element_id: str | None = None


class Item(FrozenModel):
    """One skill/ability or knowledge item of a unit."""

    id: str
    number: str | None = None
    text: str
    header: str | None = None
    repairs: tuple[Repair, ...] = ()
    span: SourceSpan


class Unit(FrozenModel):
    """A unit of a labour function: a task (міндет / задача) in this layout."""

    id: str
    kind: UnitKind = "task"
    number: int | None = None
    label: str = ""
    title: str
    skills: tuple[Item, ...] = ()
    knowledge: tuple[Item, ...] = ()
    shares_items_with: str | None = None
    span: SourceSpan
    # Where exactly the title stands: ``source[title_span] == title``.
    title_span: SourceSpan | None = None
    # Corrections for display, offsets relative to ``title`` (which stays verbatim).
    repairs: tuple[Repair, ...] = ()


class LabourFunction(FrozenModel):
    id: str
    number: int | None = None
    kind: FunctionKind = "mandatory"
    label: str = ""
    title: str
    tasks: tuple[Unit, ...] = ()
    span: SourceSpan
    title_span: SourceSpan | None = None
    # Corrections for display, offsets relative to ``title`` (which stays verbatim).
    repairs: tuple[Repair, ...] = ()


class OtherName(FrozenModel):
    id: str
    name: str
    code: str | None = None
    code_as_written: str | None = None
    span: SourceSpan


class QualificationCategory(FrozenModel):
    """One category of the qualification directory requirements."""

    id: str = ""
    category: str
    education: str = ""
    min_experience_years: float | None = None
    experience_in: str = ""
    raw: str
    span: SourceSpan


class DirectoryRequirements(FrozenModel):
    id: str = ""
    label: str
    raw: str
    categories: tuple[QualificationCategory, ...] = ()
    span: SourceSpan


class RelatedOccupation(FrozenModel):
    id: str = ""
    level: int | None = None
    level_as_written: str = ""
    names: tuple[str, ...] = ()
    span: SourceSpan


class DirectoryRelation(FrozenModel):
    id: str = ""
    positions: str = ""
    directory: str = ""
    span: SourceSpan


class CardField(FrozenModel):
    """A row of a card kept as read: its label and value, with provenance."""

    id: str = ""
    key: str
    label: str
    value: str
    span: SourceSpan


class ProfessionCard(FrozenModel):
    id: str
    code: str | None
    code_as_written: str
    code_normalised: bool = False
    title: str
    name: str
    other_names: tuple[OtherName, ...] = ()
    level: int | None = None
    level_as_written: str = ""
    sublevels: tuple[str, ...] = ()
    directory_requirements: DirectoryRequirements | None = None
    education: str = ""
    functions: tuple[LabourFunction, ...] = ()
    personal_competencies: tuple[str, ...] = ()
    related: tuple[RelatedOccupation, ...] = ()
    directory_relation: DirectoryRelation | None = None
    working_conditions: str = ""
    fields: tuple[CardField, ...] = ()
    source: SourceSpan

    @property
    def occupation_code(self) -> str:
        """The card's occupation code: normalised when the parser could, else as written."""
        return self.code or self.code_as_written


class Order(FrozenModel):
    number: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    issuer: str = ""
    raw: str = ""
    # The annex of the order that is this standard (``Приложение № 4 к приказу``):
    # one order approves many standards, each its own annex.
    annex: str | None = None


class Amendment(FrozenModel):
    """An ``Ескерту`` / ``Примечание`` note: which order changed what, how."""

    id: str
    order_number: str | None = None
    order_date: str | None = None
    target: str = ""  # language-neutral: "preamble", "point 2", "chapter 1", "annex"
    target_as_written: str = ""  # the words of the note: "2-тармаққа", "Пункт 2"
    action: str = ""  # "new-wording", "amended", "supplemented", "deleted"
    raw: str
    span: SourceSpan


class Term(FrozenModel):
    id: str
    number: int | None = None
    term: str
    definition: str
    span: SourceSpan


class Abbreviation(FrozenModel):
    id: str
    abbreviation: str
    expansion: str
    span: SourceSpan


class Occupation(FrozenModel):
    """An entry of the list of occupations (point 9)."""

    id: str
    number: int | None = None
    name: str
    levels: tuple[int, ...] = ()
    levels_as_written: str = ""
    span: SourceSpan


class Passport(FrozenModel):
    name: str = ""
    purpose: str = ""
    description: str = ""
    groups: tuple[str, ...] = ()
    subgroups: tuple[str, ...] = ()


class Standard(FrozenModel):
    title: str
    language: Language
    order: Order = Order()
    legal_basis: str = ""
    amendments: tuple[Amendment, ...] = ()
    terms: tuple[Term, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()
    passport: Passport = Passport()
    occupations: tuple[Occupation, ...] = ()


class SourceInfo(FrozenModel):
    name: str = "<string>"
    sha256: str = ""
    characters: int = 0
    lines: int = 0


class Document(FrozenModel):
    """A parsed standard: the unit of the JSON exchange format."""

    format: Literal["kasip-standard/1"] = FORMAT
    standard: Standard
    cards: tuple[ProfessionCard, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    source: SourceInfo = SourceInfo()

    @property
    def has_errors(self) -> bool:
        """True when any diagnostic is an error (the text must not be imported)."""
        return any(d.severity == "error" for d in self.diagnostics)
