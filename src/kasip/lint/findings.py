"""What the checker for authors reports: a finding of a layout rule, at its place.

A finding keeps its message as a template and its values apart, so that one
finding is printed in English by ``kasip check`` and shown in Kazakh, Russian
or English on the check page: the templates are gettext message IDs
(``kasip/i18n/locale/*/LC_MESSAGES/check.po``), and the values are the
document's own words (a card's ID, a function's title), never translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kasip import model as m
from kasip.model.vocabulary import LayoutRule, Severity

__all__ = ["N_", "ROW_NAMES", "SECTION_NAMES", "Finding", "Translate", "english"]

Translate = Callable[[str], str]


def english(message: str) -> str:
    """The identity translation: a message ID is its English wording."""
    return message


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues (``gettext_noop``): translated where it is shown.

    ``tests/test_check_i18n.py`` extracts every marked message with Babel and
    requires its translations.
    """
    return message


# The rows the official form requires of every card (the annex of the rules for
# developing professional standards: "Кәсіп карточкасы" / "Карточка профессии").
# Keys are kasip.model.CardField keys; values are message IDs.
ROW_NAMES: Mapping[str, str] = {
    "code": N_("occupation code"),
    "name": N_("occupation name"),
    "level": N_("qualification level"),
    "functions": N_("labour functions"),
    "education": N_("education and experience"),
    "related": N_("related occupations"),
    "competencies": N_("personal competencies"),
}
# The parts of the standard itself the form requires before its cards.
SECTION_NAMES: Mapping[str, str] = {
    "title": N_("title of the standard"),
    "groups": N_("occupational groups (passport)"),
    "subgroups": N_("occupational subgroups (passport)"),
    "occupations": N_("list of occupations"),
}


@dataclass(frozen=True)
class Finding:
    """One breach of a layout rule.

    ``message`` is a gettext message ID with ``%(name)s`` placeholders filled from
    ``values``; a value that is itself a message ID (a row's name) is listed in
    ``translated`` and translated before it is put in.
    """

    rule: LayoutRule
    severity: Severity
    line: int
    column: int
    message: str
    values: Mapping[str, str | int] = field(default_factory=dict)
    translated: tuple[str, ...] = ()
    element_id: str | None = None
    expected: str = ""
    found: str = ""

    def text(self, translate: Translate = english) -> str:
        """The message in a language: ``translate`` is that language's gettext.

        Example:
            >>> f = Finding("layout-row-missing", "warning", 3, 1,
            ...             "card %(card)s: no row “%(row)s”",
            ...             {"card": "2512-1-001@5", "row": "education and experience"},
            ...             translated=("row",))
            >>> f.text()
            'card 2512-1-001@5: no row “education and experience”'
        """
        values = {
            key: translate(str(value)) if key in self.translated else value
            for key, value in self.values.items()
        }
        return translate(self.message) % values

    def diagnostic(self) -> m.Diagnostic:
        """The finding as a diagnostic of ``kasip check`` (its message in English)."""
        return m.Diagnostic(
            severity=self.severity,
            code=self.rule,
            message=self.text(),
            line=self.line,
            column=self.column,
            expected=self.expected,
            found=self.found,
            element_id=self.element_id,
        )
