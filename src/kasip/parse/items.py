"""Stage 5: split a skills or knowledge cell into items.

Lists on the flattened pages come in three shapes: numbered (``1. ...;2. ...``
often glued to the previous item: ``...жүргізу3. ...``), numbered with stray
nested prefixes (``4.1. ...5.2. ...`` after a lost outer list), and unnumbered
``;``-separated lists opened by an inline header (``Нормативтік құқықтық
актілер:``). Item text is kept verbatim; only offsets are decided here.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from kasip.parse.diagnostics import Diagnostics
from kasip.parse.patterns import INLINE_HEADER_RE
from kasip.parse.source import Source
from kasip.text.alphabet import CYRILLIC_LOWER, CYRILLIC_UPPER

# A list number: not part of a longer number or the tail of ``2.1.``.
# A list number ``1.`` or ``1)``: not part of a longer number, not the tail of
# ``2.1.`` and not a sub-point reference such as ``16-2)``.
# ``2.1.`` / ``2.1 `` are nested numbers: sub-numbering (``1.1, 1.2`` in task 1)
# or the stray outer number of a lost list (``4.1. A 5.2. B``).
# A number typed with a space before its dot (``3 .Собирать``) counts at a line's or
# cell's start only, where nothing but a list number stands so.
_MARKER_RE = re.compile(
    r"(?<![\d(-])(?<!\d\.)(?:(?P<outer>\d{1,2})\.(?P<inner>\d{1,2})(?:\.(?!\d)|(?=\s))"
    r"|(?P<num>\d{1,2})[.)](?!\d)|(?<![^\n\t])(?P<spaced>\d{1,2})[^\S\n]\.(?!\d))"
)
# A number after these words is a reference (``п. 1.5``, ``3-тармақ``), not a list number.
# The number stands on the word's line: after a line break it opens an item
# (``… статьи`` / ``5. Создавать …``), as a word only starting with one
# (``пунктуации``) never makes a reference.
_REFERENCE_BEFORE_RE = re.compile(
    r"(?:\b(?:п|пп|ст|гл|разд|бап|тарм)\.|\b(?:(?:под)?пункт(?:а|е|у|ом|ы|ов|ам|ами|ах)?"
    r"|стать(?:я|и|е|ю|ей|ям|ями|ях)|тармақ\w*|бабы\w*)|№)[^\S\n]*\Z",
    re.IGNORECASE,
)
_SUB_LIST_RE = re.compile(r"\s*\(?[а-яәa-z0-9]{1,2}\)\s", re.IGNORECASE)
_BULLET_RE = re.compile(r"[-–—•·▪]\s+")
_SEMICOLON_RE = re.compile(r";")
_LINE_BREAK_RE = re.compile(r"\n")
# Sentences glued without a space (``кодексі."Білім туралы"``).
_GLUED_SENTENCE_RE = re.compile(rf"\.(?=[\"«A-Z{CYRILLIC_UPPER}])")
_MAX_GAP = 4
# A line that ends an entry (not on a comma, colon or hyphen), then a line that
# opens one with a capitalised word (not a cell separator).
_ENTRY_BREAK_RE = re.compile(
    r"(?<=[.;)\w])(?<![,:\-–])[ \t]*\n[ \t]*"
    rf"(?=[A-Z{CYRILLIC_UPPER}][{CYRILLIC_LOWER}a-z][^\n\t|]{{2}})"
)
# The same where the line ends a sentence (``.`` or ``;``), in a list of one number.
_SENTENCE_BREAK_RE = re.compile(
    r"(?<=[.;])[ \t]*\n[ \t]*" rf"(?=[A-Z{CYRILLIC_UPPER}][{CYRILLIC_LOWER}a-z][^\n\t|]{{2}})"
)
_TRAILING = " \t\r\n;,"


@dataclass(frozen=True)
class RawItem:
    start: int
    end: int
    number: str | None
    header: str | None


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    number: int
    outer: int | None
    label: str = ""


def split_items(source: Source, start: int, end: int, diags: Diagnostics) -> list[RawItem]:
    """Split ``source.text[start:end]`` into list items (offsets only)."""
    start, end = source.trim(start, end)
    if start >= end:
        return []
    markers = _find_markers(source, start, end, diags)
    if not markers:
        return _unnumbered(source, start, end, header=None)
    items: list[RawItem] = []
    lead_start, lead_end = source.trim(start, markers[0].start)
    header = None
    if lead_start < lead_end:
        lead = source.text[lead_start:lead_end]
        if lead.rstrip().endswith(":"):
            header = lead.rstrip().rstrip(":").strip()
        else:
            items.extend(_unnumbered(source, lead_start, lead_end, header=None))
    bounds = [m.start for m in markers[1:]] + [end]
    tail = _unnumbered_tail(source, markers, end)
    if tail is not None:
        bounds[-1] = tail
    # Entries on lines of their own: every numbered one (a Word list), or the one
    # number of a list whose further entries lost theirs, after a finished sentence.
    per_line = _ENTRY_BREAK_RE if _one_per_line(source.view, markers) else None
    if len(markers) == 1:
        per_line = _SENTENCE_BREAK_RE
    for marker, stop in zip(markers, bounds, strict=True):
        found = _numbered_item(source, marker, stop, header, per_line=per_line)
        if not found:
            diags.add(
                "warning",
                "empty-item",
                f"list item {marker.number} has no text",
                offset=marker.start,
                expected="item text after the number",
                found=source.text[marker.start : marker.end],
            )
        items.extend(found)
    if tail is not None:
        items.extend(_unnumbered(source, tail, end, header=None))
    return items


def _unnumbered_tail(source: Source, markers: list[_Marker], end: int) -> int | None:
    """Where unnumbered ``;`` entries follow the last numbered item, if they do.

    When the numbered items of a list are separated by ``;``, a ``;`` inside the
    last item separates further, unnumbered entries (seed line 234:
    ``...6. Өрт қауіпсіздігі ... бұйрығы;Негізгі қағидаттар;...``).
    """
    if len(markers) < 2:
        return None
    view = source.view
    inline = INLINE_HEADER_RE.search(view, markers[-1].end, end)
    before = source.trim(markers[-1].end, inline.start()) if inline else (0, 0)
    if inline is not None and inline.end() < end and before[0] < before[1]:
        # ``3. ПТЭ. Нормативные правовые акты: Закон А; Закон Б`` — the header
        # opens an unnumbered list after the last numbered item.
        return inline.start()
    separators = [_char_before(view, m.start) for m in markers[1:]]
    if separators.count(";") * 2 < len(separators):
        return None
    cut = view.find(";", markers[-1].end, end)
    if cut < 0 or not view[cut + 1 : end].strip(" ;.\n"):
        return None
    if ":" in view[markers[-1].end : cut] or _SUB_LIST_RE.match(view, cut + 1, end):
        return None  # ``келісу: (а) ...; (б) ...`` — a sub-list inside the item
    return cut


def _find_markers(source: Source, start: int, end: int, diags: Diagnostics) -> list[_Marker]:
    """Accept list numbers that continue the sequence (gaps of a few allowed)."""
    accepted: list[_Marker] = []
    view = source.view
    for match in _MARKER_RE.finditer(view, start, end):
        if _REFERENCE_BEFORE_RE.search(view, max(start, match.start() - 12), match.start()):
            continue
        outer = int(match["outer"]) if match["outer"] else None
        number = int(match["inner"] or match["num"] or match["spaced"])
        marker = _Marker(match.start(), match.end(), number, outer)
        if not accepted:
            if source.trim(start, marker.start)[0] == marker.start or marker.number == 1:
                accepted.append(marker)
            continue
        previous = accepted[-1].number
        if marker.number == previous + 1:
            accepted.append(marker)
        elif marker.outer is None and (  # a gap is never read into ``1.5``-like numbers
            (
                previous + 1 < marker.number <= previous + _MAX_GAP
                and _after_separator(view, marker.start)
            )
            # A Word paragraph of its own whose typed number jumps far (``4.`` → ``15.``).
            or (marker.number > previous + _MAX_GAP and _opens_own_line(view, accepted[-1], marker))
        ):
            message = f"list numbering jumps from {previous} to {marker.number}"
            _accept_odd(accepted, marker, view, diags, "numbering-gap", message)
        elif _restarts_on_its_line(view, accepted[-1], marker):
            message = f"list number {marker.number} after {previous}: read as a new item"
            _accept_odd(accepted, marker, view, diags, "numbering-repeat", message)
    return _label_markers(accepted, view, diags)


def _accept_odd(  # noqa: PLR0913 - the marker, where it stands, and what to say of it
    accepted: list[_Marker],
    marker: _Marker,
    view: str,
    diags: Diagnostics,
    code: Literal["numbering-gap", "numbering-repeat"],
    message: str,
) -> None:
    """Keep a marker that does not follow the one before, with a warning saying so."""
    diags.add(
        "warning",
        code,
        message,
        offset=marker.start,
        expected=f"{accepted[-1].number + 1}.",
        found=view[marker.start : marker.end],
    )
    accepted.append(marker)


def _restarts_on_its_line(view: str, previous: _Marker, marker: _Marker) -> bool:
    """A number repeated or lower than the one before, opening its own line: a new item.

    A Word list whose typed numbers repeat (``2.``, ``2.``) or restart gives one
    paragraph, so one line, per entry; read as text the line would be glued to
    the item before (issue 9). A line after an item ending in ``:`` is a
    sub-list of that item, and stays in it.
    """
    if marker.number > previous.number or marker.outer is not None:
        return False
    if marker.number == previous.number and view[: marker.start].rstrip(" \t").endswith(";"):
        return True  # ``…;2. Анализ…;2. Разработка…``: the same number typed twice
    return _opens_own_line(view, previous, marker)


def _opens_own_line(view: str, previous: _Marker, marker: _Marker) -> bool:
    """A number at the start of a line after the previous item, which does not end
    with ``:`` (the lines after such an item are its sub-list)."""
    line_start = view.rfind("\n", previous.end, marker.start)
    if line_start < 0 or view[line_start + 1 : marker.start].strip(" \t|"):
        return False
    return not view[previous.end : line_start].rstrip().endswith(":")


def _label_markers(markers: list[_Marker], view: str, diags: Diagnostics) -> list[_Marker]:
    """Keep ``1.1``-style sub-numbering as printed; read stray outer numbers away."""
    outers = {m.outer for m in markers if m.outer is not None}
    sub_numbered = len(outers) == 1 and all(m.outer is not None for m in markers)
    labelled = []
    for marker in markers:
        if marker.outer is not None and sub_numbered:
            label = f"{marker.outer}.{marker.number}"
        else:
            label = str(marker.number)
            if marker.outer is not None:
                diags.add(
                    "info",
                    "stray-numbering",
                    "nested list number read as its last part",
                    offset=marker.start,
                    expected=f"{marker.number}.",
                    found=view[marker.start : marker.end],
                )
        labelled.append(_Marker(marker.start, marker.end, marker.number, marker.outer, label))
    return labelled


def _char_before(view: str, offset: int) -> str:
    """The last non-space character before ``offset`` ("" at the start)."""
    while offset > 0 and view[offset - 1].isspace():
        offset -= 1
    return view[offset - 1] if offset > 0 else ""


def _after_separator(view: str, offset: int) -> bool:
    return offset == 0 or view[offset - 1] in ' ;.:)"»\n\t'


def _one_per_line(view: str, markers: list[_Marker]) -> bool:
    """Whether every numbered entry after the first opens its own line (a Word list)."""
    return len(markers) > 1 and all(_opens_line(view, m.start) for m in markers[1:])


def _opens_line(view: str, offset: int) -> bool:
    line_start = view.rfind("\n", 0, offset)
    return not view[line_start + 1 : offset].strip(" \t|")


def _numbered_item(
    source: Source,
    marker: _Marker,
    stop: int,
    header: str | None,
    *,
    per_line: re.Pattern[str] | None,
) -> list[RawItem]:
    # The printed numbering defines the items: a numbered entry that opens its
    # own header list (``1. Нормативтік құқықтық актілер:A.B.C``) stays whole.
    start, end = _strip_item(source, marker.end, stop)
    if start >= end:
        return []
    # Only in a list of one entry per line does a line of its own open an entry;
    # in a list run on with ``;`` a line break is a wrap (``Законодательство`` /
    # ``Республики Казахстан``).
    pieces = _entries_on_lines(source, start, end, per_line) if per_line else [(start, end)]
    number = marker.label or str(marker.number)
    return [
        RawItem(s, e, number if index == 0 else None, header) for index, (s, e) in enumerate(pieces)
    ]


def _entries_on_lines(
    source: Source, start: int, end: int, breaks: re.Pattern[str]
) -> list[tuple[int, int]]:
    """An item's text cut where a line ends a sentence and the next opens one.

    A Word list gives one paragraph per entry; an entry without its number
    (``5. Методы анализа информации.`` then ``Языки запросов к БД.``) is a new
    entry, not the end of the one before (issue 9). A next line in lower case,
    or after a comma, colon or hyphen, continues the entry.
    """
    view = source.view
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for match in breaks.finditer(view, start, end):
        s, e = _strip_item(source, piece_start, match.start() + 1)
        if s < e:
            pieces.append((s, e))
        piece_start = match.end()
    s, e = _strip_item(source, piece_start, end)
    if s < e:
        pieces.append((s, e))
    return pieces or [(start, end)]


def _unnumbered(source: Source, start: int, end: int, *, header: str | None) -> list[RawItem]:
    inline = INLINE_HEADER_RE.match(source.view, start, end)
    if inline and inline.end() < end:
        header = _header_text(source, inline)
        start = inline.end()
    cuts = [m.start() for m in _SEMICOLON_RE.finditer(source.view, start, end)]
    if not cuts:
        # One entry per line (a cell whose list lost its separators).
        cuts = [m.start() for m in _LINE_BREAK_RE.finditer(source.view, start, end)]
    if not cuts:
        cuts = [m.end() - 1 for m in _GLUED_SENTENCE_RE.finditer(source.view, start, end)]
        cuts = [c + 1 for c in cuts]
    items: list[RawItem] = []
    for piece_start, piece_end in zip([start, *cuts], [*cuts, end], strict=True):
        s, e = _strip_item(source, piece_start, piece_end)
        bullet = _BULLET_RE.match(source.view, s, e)
        s = bullet.end() if bullet else s
        if s < e:
            items.append(RawItem(s, e, None, header))
    return items


def _header_text(source: Source, match: re.Match[str]) -> str:
    return source.text[match.start("header") : match.end("header")]


def _strip_item(source: Source, start: int, end: int) -> tuple[int, int]:
    """Trim white space, the list separator (``;`` or ``,``) and page-break noise."""
    # Noise spans are sorted: look only at those that can overlap the item.
    first = max(0, bisect.bisect_left(source.noise, (start, -1)) - 1)
    for noise_start, noise_end in source.noise[first:]:
        if noise_start >= end:
            break
        if start <= noise_start < end or start < noise_end <= end:
            # Keep the larger side of the item around the noise.
            if noise_start - start >= end - noise_end:
                end = min(end, noise_start)
            else:
                start = max(start, noise_end)
    text = source.view
    while start < end and (text[start] in _TRAILING or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
        end -= 1
    return start, end
