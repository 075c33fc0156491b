"""What ``kasip search`` and ``kasip match`` print: JSON objects and rich-markup lines.

Kept apart from :mod:`kasip.cli.render` (cards, listings, diagnostics) so that
each module stays small; pure functions over the library's results.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from kasip.match.models import Evidence, Match, MatchResult
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
        "editions": [e.model_dump(mode="json") for e in hit.editions],
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
        others = list(group.other_editions())
        lines.append(
            f"[bold]{escape(_card_label(group.card))}[/]  {escape(group.card.name)}"
            f"  [dim]({escape(group.card.standard)}){_also_in(others)}[/]"
        )
        lines.extend(
            f"  {escape(hit.element.type):<12} {escape(hit.element.id)}  "
            f"[dim]{hit.score:.3f}{_also_in([e.standard for e in hit.editions])}[/]"
            f"\n    {snippet_markup(hit.snippet)}"
            for hit in group.hits
        )
    return lines


def _also_in(keys: list[str]) -> str:
    """The other editions of the same order that hold a card or element too.

    >>> _also_in([]), _also_in(["292-2019-05-30-ru"])
    ('', '  also in 292-2019-05-30-ru')
    """
    return f"  also in {escape(', '.join(keys))}" if keys else ""


def match_json(result: MatchResult) -> dict[str, Any]:
    """The ``--json`` output of ``kasip match``: whether confident, the occupations best
    first, one card each with the occupation's other cards (``other_cards``) and
    its copies in other standards (``copies``, the first ten of ``copies_total``);
    the first card says why its level (``level_reason``), each card and other
    level says whether it is worth considering beside the first (``also_consider``).

    Example:
        >>> match_json(MatchResult(confident=False, language="ru", sentences=1, threshold=0.5))
        {'confident': False, 'matches': []}
    """
    matches = [_match_json(match) for match in result.matches]
    for rank, match in enumerate(matches):
        # Per card, so that the answer keeps its two keys: why the first card's
        # level, and whether a later card is worth a look too.
        reason = result.level_reason if rank == 0 else None
        match["level_reason"] = reason.model_dump(mode="json") if reason else None
        match["also_consider"] = match["card_id"] in result.also_consider
        for level in match["other_cards"]:
            level["also_consider"] = level["card_id"] in result.also_consider
    found = {"confident": result.confident, "matches": matches}
    if result.other_occupation is not None:
        found["other_occupation"] = result.other_occupation.model_dump(mode="json")
    if result.head_open is not None:
        found["head_open"] = result.head_open.model_dump(mode="json")
    return found


def _match_json(match: Match) -> dict[str, Any]:
    return {
        "code": match.code,
        "level": match.level,
        "name": match.name,
        "card_id": match.card_id,
        "standard": match.standard,
        "confidence": match.confidence,
        "evidence": [e.model_dump(mode="json") for e in match.evidence],
        "other_edition": match.other_edition,
        "distinctive_words": [w.model_dump(mode="json") for w in match.distinctive_words],
        "other_cards": [o.model_dump(mode="json") for o in match.other_cards],
        "copies": [o.model_dump(mode="json") for o in match.copies],
        "copies_total": match.copies_total,
    }


BAR_WIDTH = 20  # characters of the confidence bar
_LEVEL_REASONS = {
    "management": "the text says {words!r}: the worker heads a unit (level 7 and above)",
    "higher-education": "the text says {words!r}: higher education (cards of level 5 and above)",
    "vocational-education": (
        "the text says {words!r}: technical and vocational education (levels 4 and 5)"
    ),
    "experience": (
        "the text says {words!r}: the occupation's cards that ask for more practical "
        "experience are left out"
    ),
    "evidence": "nothing in the text tells the levels apart; the best-matching card's level",
}
_EXPERIENCE_TOO = (
    "; and it says {words!r}: the occupation's cards that ask for more practical experience "
    "are left out"
)


def confidence_bar(value: float) -> str:
    """A bar of :data:`BAR_WIDTH` characters, filled to ``value`` (0 to 1).

    >>> confidence_bar(0.5)
    '██████████··········'
    """
    filled = round(max(0.0, min(value, 1.0)) * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def match_lines(result: MatchResult) -> list[str]:
    """The readable output of ``kasip match``: the cards with confidence and evidence,
    what the percentage means, why the first card's level, and what else to consider."""
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
            f"[bold]{match.confidence:.0%}[/] {confidence_bar(match.confidence)}{marker}"
            f"{_shown_in(match)}"
        )
        lines.extend(
            f"   sentence {e.sentence_index + 1}: {escape(repr(e.sentence))}\n"
            f"     → {escape(e.element.type)} {escape(e.element.id)}{_edition(e, match)}: "
            f"{_element(e)}"
            for e in match.evidence
        )
        if match.distinctive_words:
            lines.append(f"   words that set it apart: {_distinctive(match)}")
        if match.other_cards:
            lines.append(f"   other cards of the occupation: {_other_cards(match)}")
        if match.copies:
            lines.append(f"   the same occupation in other standards: {_copies(match)}")
    if result.matches:
        lines.extend(_reasons(result))
    return lines


def _distinctive(match: Match) -> str:
    """The text's words that set the card's occupation apart, each with how many
    sentences say it when more than one.

    >>> from kasip.match.models import DistinctiveWord
    >>> words = (DistinctiveWord(word="сотталған", sentences=4),
    ...          DistinctiveWord(word="колония", sentences=1))
    >>> _distinctive(Match(code=None, level=None, name="n", card_id="c", standard="s",
    ...                    confidence=0.5, evidence=(), distinctive_words=words))
    "'сотталған' ×4, 'колония'"
    """
    return ", ".join(
        escape(repr(w.word)) + (f" ×{w.sentences}" if w.sentences > 1 else "")
        for w in match.distinctive_words
    )


def _other_cards(match: Match) -> str:
    """The occupation's other cards the text fits, best first; a card's title when it
    is not the match's (a code may hold several titles).

    >>> from kasip.match.models import OtherCard
    >>> others = (OtherCard(card_id="2634-9-004@6~2", level=6, name="консультант", standard="s"),
    ...           OtherCard(card_id="2634-9-004@7", level=7, name="психолог", standard="s"))
    >>> _other_cards(Match(code="2634-9-004", level=6, name="психолог", card_id="2634-9-004@6",
    ...                    standard="s", confidence=0.5, evidence=(), other_cards=others))
    '2634-9-004@6~2 консультант (level 6); 2634-9-004@7 (level 7)'
    """
    return "; ".join(
        escape(o.card_id)
        + (f" {escape(o.name)}" if o.name != match.name else "")
        + (f" (level {o.level})" if o.level is not None else "")
        for o in match.other_cards
    )


def _copies(match: Match) -> str:
    """The occupation's copies in other standards, best first, and how many more.

    >>> from kasip.match.models import OtherCard
    >>> copies = (OtherCard(card_id="2634-9-106@6", level=6, name="психолог", standard="s2"),)
    >>> _copies(Match(code="2634-9-004", level=6, name="психолог", card_id="2634-9-004@6",
    ...               standard="s", confidence=0.5, evidence=(), copies=copies, copies_total=3))
    '2634-9-106@6 in s2; and 2 more'
    """
    listed = "; ".join(f"{escape(o.card_id)} in {escape(o.standard)}" for o in match.copies)
    more = match.copies_total - len(match.copies)
    return listed + (f"; and {more} more" if more > 0 else "")


def _shown_in(match: Match) -> str:
    """The edition a card of both editions is shown in, and the other one."""
    if match.other_edition is None:
        return ""
    return f"  [dim]{escape(match.standard)}{_also_in([match.other_edition])}[/]"


def _edition(evidence: Evidence, match: Match) -> str:
    """The edition an evidence's element comes from, when it is not the card's shown one."""
    if evidence.standard is None or evidence.standard == match.standard:
        return ""
    return f" [dim](in {escape(evidence.standard)})[/]"


def _element(evidence: Evidence) -> str:
    """The element's text, the clause the sentence matched in bold."""
    text, part = evidence.element.text, evidence.matched
    at = text.find(part)
    if part == text or at < 0:
        return escape(text)
    return f"{escape(text[:at])}[bold]{escape(part)}[/]{escape(text[at + len(part) :])}"


def _reasons(result: MatchResult) -> list[str]:
    first = result.matches[0]
    lines = [
        f"The percentage is the probability, calibrated on labelled texts, that the card's "
        f"occupation is right; a match is claimed from {result.threshold:.0%}.",
    ]
    if result.other_occupation is not None:
        lines.append(
            f"The text names {escape(result.other_occupation.words)!r}, an occupation of another "
            f"field ({escape(result.other_occupation.field)}), and never the card's own name: "
            f"the card claims at most 50%."
        )
    if result.head_open is not None:
        lines.append(
            f"The text speaks of the head of a unit too ({escape(result.head_open.words)!r}), "
            f"and the head's card {result.head_open.card_id} comes close: which of the two the "
            f"text is about is open, and the first card claims at most 50%."
        )
    if result.level_reason is not None:
        told = result.level_reason
        reason = _LEVEL_REASONS[told.kind].format(words=told.words)
        if told.experience:
            reason += _EXPERIENCE_TOO.format(words=told.experience)
        lines.append(f"Level {first.level}: {escape(reason)}.")
    if any(m.distinctive_words for m in result.matches):
        lines.append(
            "Words that set it apart: words of the text that the names and duties of the card's "
            "occupation use and at most a third of the registry's occupations do; they add to "
            "the card's score."
        )
    close = result.considered()
    if close:
        names = "; ".join(
            f"{escape(card.card_id)} {escape(card.name)} ({value:.0%})" for card, value in close
        )
        lines.append(f"Also consider: {names}: its evidence comes close to the first card's.")
    return lines
