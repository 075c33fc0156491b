"""Word documents (.docx) read by their structure into the parser's text (python-docx).

Body paragraphs become lines; each table row becomes one line whose cells
are separated by ``TAB|TAB``, as in the official text edition. A cell merged
across columns is one ``w:tc`` and is read once; a cell merged down from the
row above (``w:vMerge`` continue) is read as empty, as the text edition
shows it, so the parser continues the row above. The paragraphs of a row's
last cell after its first go on lines of their own (the parser reads them as
that cell's continuation: list items); the paragraphs of the other cells are
joined with a space. Automatic numbers are written before their paragraph
(:mod:`kasip.formats.numbering`). Tabs and line breaks inside a paragraph
would read as cell and row separators, so they become a space and a new
line of the same place.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element

from kasip.errors import InputFileError
from kasip.formats.numbering import Numbering
from kasip.formats.numbering import xml_value as _val
from kasip.formats.places import Flattened, Line, Place, numbered, row_lines
from kasip.formats.rows import Rows, continued

__all__ = ["read_word"]


def read_word(data: bytes, *, name: str = "<document>") -> Flattened:
    """Flatten a .docx into the parser's text, with the place of every line (see module doc).

    Raises:
        InputFileError: The file is not a readable Word document.
    """
    _check_unpacked_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        # Its messages name lxml's internals; the parts missing are what helps.
        raise InputFileError(
            f"{name}: a Word document (.docx) that cannot be read: its parts are missing or"
            " damaged; open it in Word or LibreOffice and save it again"
        ) from exc
    reader = _Reader(document)
    return Flattened.of(list(reader.body(document.element.body)))


# A Word document unpacks to a few times its size (the largest of the corpus, 151
# KiB, to 1.9 MiB); python-docx holds every part in memory, so a package claiming
# more is refused before it is read (a 52 KB document of 2 million empty
# paragraphs took 720 MiB).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024


def _check_unpacked_size(data: bytes, name: str) -> None:
    """Refuse a .docx whose parts unpack to more than :data:`MAX_UNPACKED_BYTES`.

    Raises:
        InputFileError: The package is too large unpacked, or no ZIP archive.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputFileError(
            f"{name}: a Word document (.docx) that cannot be read: it is no complete ZIP"
            " package; open it in Word or LibreOffice and save it again"
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputFileError(
            f"{name}: a Word document that unpacks to {unpacked:,} bytes, more than"
            f" {MAX_UNPACKED_BYTES:,}: refused, as no standard is that large"
        )


class _Reader:
    def __init__(self, document: docx.document.Document) -> None:
        part = document.part
        try:
            numbering_xml = part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part: no lists
            numbering_xml = None
        self._numbering = Numbering.of(numbering_xml)
        self._styles = {
            s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))
        }
        self._tables = 0
        self._paragraphs = 0

    def body(self, body: _Element) -> Iterator[Line]:
        for child in body:
            if child.tag == qn("w:p"):
                self._paragraphs += 1
                place = Place(paragraph=self._paragraphs)
                yield from ((text, place) for text in self._lines(child))
            elif child.tag == qn("w:tbl"):
                self._tables += 1
                yield from self._table(child, self._tables)

    def _table(self, table: _Element, number: int) -> Iterator[Line]:
        rows: Rows = []
        for row_number, row in enumerate(table.findall(qn("w:tr")), start=1):
            place = Place(table=number, row=row_number)
            cells = [
                numbered(self._cell(tc), place, column, "paragraph")
                for column, tc in enumerate(row.findall(qn("w:tc")), start=1)
            ]
            rows.append((place, cells))
        # A row split by hand where a page ended goes on in the next row (issue 9).
        for place, cells in continued(rows, []):
            if any(cells):
                yield from row_lines(cells, place, "paragraph")

    def _cell(self, tc: _Element) -> list[str]:
        """The lines of a cell (none when it continues the merged cell above)."""
        properties = tc.find(qn("w:tcPr"))
        merge = properties.find(qn("w:vMerge")) if properties is not None else None
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            return []
        lines: list[str] = []
        for child in tc:
            if child.tag == qn("w:p"):
                lines.extend(self._lines(child))
            elif child.tag == qn("w:tbl"):  # a table in a cell: its cells' lines, in order
                for inner in child.iter(qn("w:tc")):
                    lines.extend(self._cell(inner))
        return [line for line in lines if line.strip()]

    def _lines(self, paragraph: _Element) -> list[str]:
        text = "".join(_texts(paragraph)).replace("\t", " ")
        label = self._label(paragraph)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        return text.split("\n")

    def _label(self, paragraph: _Element) -> str:
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        return "" if num_id == "0" else self._numbering.label(num_id, ilvl)

    def _num_pr(self, paragraph: _Element) -> tuple[str, int] | None:
        """The paragraph's list and level: its own, else its style's (through ``basedOn``)."""
        properties = paragraph.find(qn("w:pPr"))
        own = _num_pr_of(properties)
        if own is not None:
            return own
        style_id = _val(properties, "w:pStyle")
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return None
            found = _num_pr_of(style.find(qn("w:pPr")))
            if found is not None:
                return found
            style_id = _val(style, "w:basedOn")
        return None


def _num_pr_of(properties: _Element | None) -> tuple[str, int] | None:
    num_pr = properties.find(qn("w:numPr")) if properties is not None else None
    if num_pr is None:
        return None
    num_id = _val(num_pr, "w:numId")
    if num_id is None:
        return None
    ilvl = _val(num_pr, "w:ilvl")
    return num_id, int(ilvl) if ilvl is not None and ilvl.isdigit() else 0


def _texts(paragraph: _Element) -> Iterator[str]:
    """The paragraph's text in document order: its runs, in hyperlinks and fields too.

    Only a run's own children count: ``w:tab`` also names tab stops in the
    paragraph's properties, and text deleted with tracked changes
    (``w:delText``) is not part of the document.
    """
    for run in paragraph.iter(qn("w:r")):
        for element in run:
            if element.tag == qn("w:t"):
                yield element.text or ""
            elif element.tag in (qn("w:br"), qn("w:cr")):
                yield "\n"
            elif element.tag == qn("w:tab"):
                yield " "
