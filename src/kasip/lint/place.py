"""Where a finding stands: character offsets of the text read turned into line and column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kasip import model as m
from kasip.lint.findings import Finding
from kasip.model.vocabulary import LayoutRule, Severity
from kasip.parse.source import Source

__all__ = ["Locator"]


@dataclass
class Locator:
    """Makes findings at offsets of ``text`` (the text the parser read).

    Without the text (a document loaded from exchange JSON) a finding is placed
    at its element's first line, column 0 (unknown).
    """

    text: str | None

    def __post_init__(self) -> None:
        # Lines as the parser counts them (CRLF, LF or a lone CR end a line).
        self._source = Source(self.text) if self.text is not None else None
        self.findings: list[Finding] = []

    def _place(self, span: m.SourceSpan) -> tuple[int, int]:
        if self._source is None:
            return span.line_start, 0
        offset = min(span.start, len(self._source.text))
        return self._source.line_of(offset), self._source.column_of(offset)

    def add(  # noqa: PLR0913 - a finding's fields, each wanted by some rule
        self,
        rule: LayoutRule,
        severity: Severity,
        span: m.SourceSpan,
        message: str,
        values: Mapping[str, str | int],
        *,
        translated: tuple[str, ...] = (),
        element_id: str | None = None,
        expected: str = "",
        found: str = "",
    ) -> None:
        """Record a finding at the start of ``span``."""
        line, column = self._place(span)
        self.findings.append(
            Finding(
                rule=rule,
                severity=severity,
                line=line,
                column=column,
                message=message,
                values=dict(values),
                translated=translated,
                element_id=element_id,
                expected=expected,
                found=found[:120],
            )
        )
