"""Collecting diagnostics with their place in the source."""

from __future__ import annotations

from kasip.model import Diagnostic
from kasip.model.vocabulary import DiagnosticCode, Severity
from kasip.parse.source import Source


class Diagnostics:
    """An append-only list of diagnostics tied to one source."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self.items: list[Diagnostic] = []

    def add(  # noqa: PLR0913 - every field of a diagnostic is wanted by its callers
        self,
        severity: Severity,
        code: DiagnosticCode,
        message: str,
        *,
        offset: int,
        expected: str = "",
        found: str = "",
        element_id: str | None = None,
    ) -> None:
        """Record a diagnostic at a character offset of the source."""
        offset = min(max(offset, 0), len(self._source.text))
        self.items.append(
            Diagnostic(
                severity=severity,
                code=code,
                message=message,
                line=self._source.line_of(offset),
                column=self._source.column_of(offset),
                expected=expected,
                found=_shorten(found),
                element_id=element_id,
            )
        )

    def attach(self, first: int, element_id: str) -> None:
        """Tie the diagnostics recorded since index ``first`` to an element."""
        self.items[first:] = [
            d if d.element_id else d.model_copy(update={"element_id": element_id})
            for d in self.items[first:]
        ]


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
