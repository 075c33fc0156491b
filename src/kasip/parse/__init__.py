"""Read the official text of a professional standard into a :class:`Document`.

The parser is a pipeline of small stages, each in its own module:

1. ``source``    — the text, a same-length matching view, lines, cells and the
   page-break lines (layout noise);
2. ``rows``      — lines grouped into table rows of the annex;
3. ``head``      — order, terms, abbreviations, passport, occupations, notes
   (``head_tables`` where the NPP layouts give them as tables);
4. ``cards``     — profession cards from rows; ``segments`` and ``functions``
   read the labour-function block; ``build`` makes model objects;
5. ``items``     — skills and knowledge lists split into items.

Each stage reads what the stages before it made and returns something new:
none changes the source or another stage's output. ``parse_standard`` never
raises: what it cannot read becomes a diagnostic (its codes are
:data:`kasip.model.vocabulary.DIAGNOSTIC_CODES`).
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from kasip import model as m
from kasip.formats import Flattened, read_pdf, read_word
from kasip.parse.cards import read_cards
from kasip.parse.checks import (
    check_cards,
    check_damage,
    replace_control_characters,
    report_control_characters,
)
from kasip.parse.diagnostics import Diagnostics
from kasip.parse.head import read_head
from kasip.parse.rows import group_rows
from kasip.parse.source import Source
from kasip.text.encoding import decode_text
from kasip.text.files import (
    DEFAULT_MAX_INPUT_BYTES,
    PDF_MAGIC,
    ZIP_MAGIC,
    read_input,
    refuse_binary,
)
from kasip.text.lang import detect_language

__all__ = ["parse_standard", "read_document", "read_document_bytes", "read_source"]

log = logging.getLogger(__name__)
_STANDARD_WORDS_RE = re.compile(r"кәсіптік\s+стандарт|(?<!\w)профессиональн\w+\s+стандарт", re.I)


def parse_standard(text: str, *, source_name: str = "<string>") -> m.Document:
    """Parse the text of a professional standard.

    Args:
        text: the decoded source text, kept as it is (CRLF, no-break spaces).
        source_name: a file name or label for provenance and messages.

    Returns:
        The parsed :class:`~kasip.model.Document`. Problems are diagnostics on
        it; a text that is not a professional standard gets a
        ``not-a-standard`` error and no cards.

    Example:
        >>> doc = parse_standard("Сегодня в Алматы солнечно и тепло, до плюс двадцати.")
        >>> [d.code for d in doc.diagnostics]
        ['not-a-standard']
    """
    try:
        return _parse(text, source_name)
    except Exception:  # the parser must never raise; a bug becomes an error diagnostic
        log.exception("parser failure on %s", source_name)
        return m.Document(
            standard=m.Standard(title="", language="unknown"),
            diagnostics=(
                m.Diagnostic(
                    severity="error",
                    code="internal-error",
                    message="the parser failed on this text; please report it",
                    line=0,
                    column=0,
                ),
            ),
            source=m.SourceInfo(
                name=source_name,
                sha256=_sha256(text),
                characters=len(text),
            ),
        )


def _parse(text: str, source_name: str) -> m.Document:
    # Control characters become spaces (same length: offsets are the file's),
    # so that every database stores the same text; a diagnostic names them.
    readable, controls = replace_control_characters(text)
    source = Source(readable)
    diags = Diagnostics(source)
    report_control_characters(source, text, controls, diags)
    check_damage(source, diags)
    rows = group_rows(source, source.lines)
    # The annex opens at the first card row, or at an earlier code row of a
    # card whose card row was lost.
    first_card = next((row for row in rows if row.kind in ("card", "code")), None)
    annex_line = source.line_of(first_card.start) if first_card else len(source.lines) + 1
    head_lines = [line for line in source.lines if line.number < annex_line]
    language = detect_language(text)
    standard = read_head(source, head_lines, language)
    cards = read_cards(
        source, [r for r in rows if first_card and r.start >= first_card.start], diags
    )
    check_cards(source, cards, diags)
    _check_standard(source, standard, cards, diags)
    return m.Document(
        standard=standard,
        cards=tuple(cards),
        diagnostics=tuple(diags.items),
        source=_info(source, source_name, _sha256(text)),
    )


def _check_standard(
    source: Source, standard: m.Standard, cards: list[m.ProfessionCard], diags: Diagnostics
) -> None:
    if cards:
        return
    # Only a text built like a standard (its own title, passport or list of
    # occupations) earns "no cards"; an article that merely mentions
    # professional standards is "not a standard".
    built_like_one = standard.title or standard.passport.name or standard.occupations
    if built_like_one and _STANDARD_WORDS_RE.search(source.view):
        diags.add(
            "error",
            "no-cards",
            "this looks like a professional standard, but no profession card was found",
            offset=0,
            expected="a 'Кәсіп карточкасы' / 'Карточка профессии' row",
            found=source.text[:80],
        )
        return
    diags.add(
        "error",
        "not-a-standard",
        "this text is not a professional standard: it has no title of a standard "
        "and no profession cards",
        offset=0,
        expected="a professional standard (кәсіптік стандарт / профессиональный стандарт)",
        found=source.text[:80],
    )


def _sha256(text: str) -> str:
    """The hash of the text as given (control characters included): the file's identity."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _info(source: Source, name: str, sha256: str) -> m.SourceInfo:
    # A final line break ends the last line; it does not open another one.
    trailing = len(source.lines) > 1 and source.lines[-1].start == len(source.text)
    return m.SourceInfo(
        name=name,
        sha256=sha256,
        characters=len(source.text),
        lines=len(source.lines) - trailing,
    )


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> str:
    """Read a standard's text file, or the text of its Word document.

    A text file is read without changing it: UTF-8 (with or without a
    byte-order mark) is expected; UTF-16 and UTF-32 (with a byte-order mark,
    or UTF-16 recognised without one) and Windows-1251, still met in older
    exports, are accepted, with a warning that names the encoding read
    (:func:`kasip.text.encoding.decode_text`). A Word document (.docx) is
    read by its structure (:func:`read_document`).

    Raises:
        InputFileError: The file is not a regular file, is larger than
            ``max_bytes``, is a binary format other than .docx (see
            :func:`read_input`) or is a broken Word document.
        OSError: when the file cannot be read.
    """
    return read_document(path, max_bytes=max_bytes).text


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> Flattened:
    """Read a standard's text file, Word document or PDF: its text, and for a document its places.

    The places say where each line of the text comes from in the document
    (page, table, row, cell, paragraph or line; :mod:`kasip.formats`); a
    text file has none. A PDF without text (a scan) is refused.
    See :func:`read_source` for what is accepted and refused.
    """
    return read_document_bytes(read_input(path, max_bytes=max_bytes, documents=True), str(path))


def read_document_bytes(data: bytes, name: str) -> Flattened:
    """:func:`read_document` for bytes that came another way (an upload), named ``name``.

    Raises:
        InputFileError: a binary format other than .docx and PDF, a damaged
            document or a scan; the message starts with ``name``.
    """
    refuse_binary(name, data, documents=True)
    if data.startswith(ZIP_MAGIC):  # refuse_binary let only a Word document through
        return read_word(data, name=name)
    if data.startswith(PDF_MAGIC):
        return read_pdf(data, name=name)
    decoded = decode_text(data)
    if not decoded.is_utf8:
        log.warning("%s is not UTF-8; reading it as %s", name, decoded.describe())
    return Flattened(decoded.text, ())
