"""Question banks: questions tied to the card elements they check, in Kazakh and Russian.

A question belongs to a card and names the elements it checks: knowledge
elements for the theory kinds (single or multiple choice, short answer), skills
(or the task itself) for a practical task with its rubric. Its text is given in
Kazakh, in Russian or in both, and whatever language the stem has, every option
and criterion has too: a candidate reads the whole question in their language.
Only methodologists write questions; candidates never read the bank (it holds
the answers).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "MAX_TEXT",
    "THEORY_KINDS",
    "Option",
    "Question",
    "QuestionBody",
    "QuestionKind",
    "RubricCriterion",
]

QuestionKind = Literal["single", "multiple", "short", "practical"]
THEORY_KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "short")
MAX_TEXT = 4000
MAX_OPTIONS = 12


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """A choice: its text in Kazakh and/or Russian, and whether it is right."""

    kk: str = Field("", max_length=MAX_TEXT)
    ru: str = Field("", max_length=MAX_TEXT)
    correct: bool = False


class RubricCriterion(_Frozen):
    """What an assessor looks for in a practical task, scored 0 to ``max_points``."""

    kk: str = Field("", max_length=MAX_TEXT)
    ru: str = Field("", max_length=MAX_TEXT)
    max_points: int = Field(2, ge=1, le=10)


def _languages(kk: str, ru: str) -> set[str]:
    return {lang for lang, text in (("kk", kk), ("ru", ru)) if text.strip()}


class QuestionBody(_Frozen):
    """A question as its author writes it (see the module doc for the rules it keeps)."""

    kind: QuestionKind
    card_id: str = Field(max_length=200)
    elements: tuple[str, ...] = Field(min_length=1, max_length=50)
    points: int = Field(1, ge=1, le=100, description="Points of a theory question.")
    stem_kk: str = Field("", max_length=MAX_TEXT)
    stem_ru: str = Field("", max_length=MAX_TEXT)
    options: tuple[Option, ...] = Field((), max_length=MAX_OPTIONS)
    answers: tuple[str, ...] = Field((), max_length=20, description="Accepted short answers.")
    rubric: tuple[RubricCriterion, ...] = Field((), max_length=30)

    @property
    def languages(self) -> set[str]:
        return _languages(self.stem_kk, self.stem_ru)

    @model_validator(mode="after")
    def _has_its_languages(self) -> Self:
        langs = self.languages
        if not langs:
            raise ValueError("a question needs its text in Kazakh or Russian (stem_kk, stem_ru)")
        parts: list[Option | RubricCriterion] = [*self.options, *self.rubric]
        for n, part in enumerate(parts, start=1):
            missing = "/".join(sorted(langs - _languages(part.kk, part.ru)))
            if missing:
                raise ValueError(f"option or criterion {n} has no {missing} text, as the stem has")
        if len(set(self.elements)) != len(self.elements):
            raise ValueError("an element is named twice")
        return self

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        choice = self.kind in ("single", "multiple")
        right = sum(o.correct for o in self.options)
        if choice and len(self.options) < 2:
            raise ValueError(f"a {self.kind} choice question needs at least two options")
        if self.kind == "single" and right != 1:
            raise ValueError("a single choice question needs exactly one right option")
        if self.kind == "multiple" and right < 1:
            raise ValueError("a multiple choice question needs at least one right option")
        if not choice and self.options:
            raise ValueError(f"a {self.kind} question has no options")
        if (self.kind == "short") != bool(self.answers):
            raise ValueError("a short answer question, and only it, lists its accepted answers")
        if (self.kind == "practical") != bool(self.rubric):
            raise ValueError("a practical task, and only it, has rubric criteria")
        return self


class Question(_Frozen):
    """A question kept in the bank."""

    id: int
    body: QuestionBody
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
