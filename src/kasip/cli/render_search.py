"""What ``kasip search`` and ``kasip match`` print: JSON objects and rich-markup lines.

Kept apart from :mod:`kasip.cli.render` (cards, listings, diagnostics) so that
each module stays small; pure functions over the library's results.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from kasip.match.models import Match, MatchResult
from kasip.search.models import HitCard, SearchHit, SearchResult, SnippetPart

__all__ = ["match_json", "match_lines", "search_json", "search_lines", "snippet_markup"]

HIGHLIGHT = "bold black on yellow"


def search_json(result: SearchResult) -> dict[str, Any]:
    """The ``--json`` output of ``kasip search``: hits best first and the corrections.

    Example:
        >>> search_json(SearchResult(query="x"))
        {'hits': [], 'corrections': []}
    """
    return {
        "hits": [_hit_json(hit) for hit in result.hits],
        "corrections": [c.model_dump(mode="json") for c in result.corrections],
    }


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "card": hit.card.model_dump(mode="json"),
        "element": hit.element.model_dump(mode="json"),
        "score": hit.score,
        "snippet": [part.model_dump(mode="json") for part in hit.snippet],
    }


def snippet_markup(parts: tuple[SnippetPart, ...]) -> str:
    """A snippet in rich markup, the matched words highlighted.

    Example:
        >>> snippet_markup((SnippetPart(text="a ", hit=False), SnippetPart(text="[b]", hit=True)))
        'a [bold black on yellow]\\\\[b][/]'
    """
    return "".join(
        f"[{HIGHLIGHT}]{escape(part.text)}[/]" if part.hit else escape(part.text) for part in parts
    )


def _card_label(card: HitCard) -> str:
    return card.id if card.id is not None else card.standard


def search_lines(result: SearchResult) -> list[str]:
    """The readable listing of ``kasip search``: hits grouped by card, in rich markup."""
    lines = [
        f"Did you mean [bold]{escape(c.suggestion)}[/] (for {escape(c.word)})?"
        for c in result.corrections
    ]
    if not result.hits:
        lines.append(f"No results for {escape(repr(result.query))}.")
        return lines
    for group in result.groups:
        lines.append(
            f"[bold]{escape(_card_label(group.card))}[/]  {escape(group.card.name)}"
            f"  [dim]({escape(group.card.standard)})[/]"
        )
        lines.extend(
            f"  {escape(hit.element.type):<12} {escape(hit.element.id)}  "
            f"[dim]{hit.score:.3f}[/]\n    {snippet_markup(hit.snippet)}"
            for hit in group.hits
        )
    return lines


def match_json(result: MatchResult) -> dict[str, Any]:
    """The ``--json`` output of ``kasip match``: whether confident, the cards best first.

    Example:
        >>> match_json(MatchResult(confident=False, language="ru", sentences=1, threshold=0.5))
        {'confident': False, 'matches': []}
    """
    return {
        "confident": result.confident,
        "matches": [_match_json(match) for match in result.matches],
    }


def _match_json(match: Match) -> dict[str, Any]:
    return {
        "code": match.code,
        "level": match.level,
        "name": match.name,
        "card_id": match.card_id,
        "standard": match.standard,
        "confidence": match.confidence,
        "evidence": [e.model_dump(mode="json") for e in match.evidence],
    }


def match_lines(result: MatchResult) -> list[str]:
    """The readable output of ``kasip match``: the cards with confidence and evidence."""
    lines: list[str] = []
    if not result.confident:
        lines.append(
            "[bold red]No confident match:[/] the text does not clearly fit any profession card."
        )
        if result.matches:
            lines.append("The closest cards, only guesses:")
    for rank, match in enumerate(result.matches, start=1):
        marker = "  [yellow](unconfident)[/]" if not result.confident else ""
        lines.append(
            f"{rank}. [bold]{escape(match.card_id)}[/]  {escape(match.name)}  "
            f"[bold]{match.confidence:.0%}[/]{marker}"
        )
        lines.extend(
            f"   sentence {e.sentence_index + 1}: {escape(repr(e.sentence))}\n"
            f"     → {escape(e.element.type)} {escape(e.element.id)}: {escape(e.element.text)}"
            for e in match.evidence
        )
    return lines
