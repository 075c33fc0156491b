"""Where a finding stands: character offsets of the text read turned into line and column."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from kasip import model as m
from kasip.lint.findings import Finding
from kasip.model.vocabulary import LayoutRule, Severity

__all__ = ["Locator"]


@dataclass
class Locator:
    """Makes findings at offsets of ``text`` (the text the parser read).

    Without the text (a document loaded from exchange JSON) a finding is placed
    at its element's first line, column 0 (unknown).
    """

    text: str | None

    def __post_init__(self) -> None:
        text = self.text or ""
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.findings: list[Finding] = []

    def _place(self, span: m.SourceSpan) -> tuple[int, int]:
        if self.text is None:
            return span.line_start, 0
        offset = min(span.start, len(self.text))
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

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
