"""A job description as an editable Word document (.docx, python-docx).

Styled as an office document of Kazakhstan: A4, Times New Roman, margins of
30 mm left and 15 mm right (room to bind and file), the approval block
(БЕКІТЕМІН / УТВЕРЖДАЮ) at the top right, Word's own styles (Title,
Heading 1/2, List Number, List Bullet, Table Grid) so that the user restyles
it in Word as any other document, page numbers in the footer, and the
title, language and card ID in the document's properties. Every list of
the card's items restarts its numbering, and each item ends with its element
ID in square brackets, small and grey.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from kasip.jobs.labels import job_labels, provenance_note
from kasip.jobs.models import Category, Entry, JobDescription

__all__ = ["DOCX_MEDIA_TYPE", "render_job_docx"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
_ID_COLOUR = RGBColor(0x66, 0x66, 0x66)
_BLANK = "_" * 24
_MAX_PROPERTY = 255


def render_job_docx(job: JobDescription) -> bytes:
    """Write a job description as a .docx file.

    Args:
        job: The job description from :func:`kasip.jobs.build_job_description`.

    Returns:
        The bytes of the Word document.

    Example:
        >>> import io, docx
        >>> from kasip.jobs import build_job_description
        >>> from kasip.testing import make_document
        >>> doc = make_document()
        >>> data = render_job_docx(build_job_description(doc.standard, doc.cards[0], lang="ru"))
        >>> word = docx.Document(io.BytesIO(data))
        >>> [p.text for p in word.paragraphs if p.style.name == "Title"]
        ['ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ']
    """
    document = docx.Document()
    labels = job_labels(job.lang)
    _page_setup(document)
    _styles(document)
    _properties(document, job, labels["title"])
    _approval(document, job, labels)
    document.add_heading(labels["title"], level=0)
    _centred(document, job.position.text, bold=True)
    numbers = itertools.count(1)
    _general(document, job, labels, numbers)
    _requirements(document, job, labels, numbers)
    _duties(document, job, labels, numbers)
    _items(document, labels["knowledge"], job.knowledge, numbers)
    _items(document, labels["skills"], job.skills, numbers)
    fields = job.fields
    _plain_list(document, (labels["rights"], labels["rights_intro"]), fields.rights, numbers)
    _plain_list(document, (labels["responsibility"], labels["responsibility_intro"]),
                fields.responsibility, numbers)  # fmt: skip
    if fields.working_conditions:
        _heading(document, labels["conditions"], numbers)
        document.add_paragraph(fields.working_conditions)
    _closing(document, job, labels)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word fills in each page's number."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _styles(document: WordDocument) -> None:
    sizes = {"Normal": 12, "Title": 14, "Heading 1": 13, "Heading 2": 12,
             "List Number": 12, "List Bullet": 12}  # fmt: skip
    for name, size in sizes.items():
        style = document.styles[name]
        assert isinstance(style, ParagraphStyle)
        style.font.name, style.font.size = FONT, Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        _no_theme_font(style)
        if name.startswith("Heading") or name == "Title":
            style.font.bold = True
            style.paragraph_format.space_before = Pt(12 if name != "Heading 2" else 6)
            style.paragraph_format.space_after = Pt(6)
    title = document.styles["Title"]
    assert isinstance(title, ParagraphStyle)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.paragraph_format.space_after = Pt(3)


def _no_theme_font(style: ParagraphStyle) -> None:
    # The default template's headings take their font from the theme
    # (asciiTheme ...), which wins over a named font: drop it, and name the
    # font for Cyrillic (cs, eastAsia) too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    borders = style.element.find(qn("w:pPr"))
    if borders is not None and (line := borders.find(qn("w:pBdr"))) is not None:
        borders.remove(line)  # the Title style's blue rule


def _properties(document: WordDocument, job: JobDescription, title: str) -> None:
    properties = document.core_properties
    properties.title = _short(f"{title}: {job.position.text}")
    properties.subject = _short(job.provenance.standard_title)
    properties.language = job.lang
    properties.keywords = _short(f"{job.provenance.card_id}; {job.occupation_code.text}")
    properties.comments = _short(provenance_note(job)[0])
    properties.author = job.fields.organisation or "kasip"
    properties.last_modified_by = "kasip"
    built = date.fromisoformat(job.provenance.built_on)
    properties.created = properties.modified = datetime(built.year, built.month, built.day,
                                                        tzinfo=UTC)  # fmt: skip
    properties.revision = 1


def _short(text: str) -> str:
    # The package's core properties hold at most 255 characters each (python-docx checks).
    return text if len(text) <= _MAX_PROPERTY else text[: _MAX_PROPERTY - 1] + "…"


def _approval(document: WordDocument, job: JobDescription, labels: dict[str, str]) -> None:
    fields = job.fields
    lines = [
        labels["approved"],
        fields.approver_position or _BLANK,
        fields.organisation or _BLANK,
        f"{'_' * 12} {fields.approver_name or _BLANK}",
        f"«___» {'_' * 14} 20___ {labels['year']}",
    ]
    for number, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(95)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).bold = number == 0


def _centred(document: WordDocument, text: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def _table(document: WordDocument, rows: Sequence[Sequence[str]], widths: Sequence[int]) -> Table:
    table: Table = document.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = Mm(width)
            cell.text = value
    document.add_paragraph()
    return table


def _heading(document: WordDocument, title: str, numbers: Iterator[int]) -> None:
    document.add_heading(f"{next(numbers)}. {title}", level=1)


def _general(
    document: WordDocument, job: JobDescription, labels: dict[str, str], numbers: Iterator[int]
) -> None:
    _heading(document, labels["general"], numbers)
    fields = job.fields
    rows = [
        (labels["position"], f"{job.position.text} [{job.position.element_id}]"),
        (labels["code"], f"{job.occupation_code.text} [{job.occupation_code.element_id}]"),
    ]
    if job.level is not None:
        rows.append((labels["level"], f"{job.level.text} [{job.level.element_id}]"))
    rows += [
        (labels["organisation"], fields.organisation or ""),
        (labels["department"], fields.department or ""),
        (labels["reports_to"], fields.reports_to or ""),
        (labels["place"], fields.place or ""),
    ]
    _table(document, rows, (60, 105))
    if fields.appointment:
        document.add_paragraph(fields.appointment)
    if job.purpose is not None:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{labels['purpose']}: ").bold = True
        _with_id(paragraph, job.purpose)


def _with_id(paragraph: Paragraph, entry: Entry) -> None:
    paragraph.add_run(entry.text)
    marker = paragraph.add_run(f" [{entry.element_id}]")
    marker.font.size = Pt(8)
    marker.font.color.rgb = _ID_COLOUR


def _experience(category: Category, labels: dict[str, str]) -> str:
    if category.min_experience_years is None:
        return labels["no_experience"]
    shown = labels["years"] % {"years": f"{category.min_experience_years:g}"}
    return f"{shown} {category.experience_in}".strip()


def _requirements(
    document: WordDocument, job: JobDescription, labels: dict[str, str], numbers: Iterator[int]
) -> None:
    _heading(document, labels["requirements"], numbers)
    for requirement in job.requirements:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{labels[requirement.key]}: ").bold = True
        _with_id(paragraph, requirement.entry)
    if job.categories:
        document.add_heading(labels["directory"], level=2)
        header = (labels["category"], labels["education"], labels["experience"])
        rows = [
            (f"{c.category} [{c.element_id}]", c.education, _experience(c, labels))
            for c in job.categories
        ]
        table = _table(document, [header, *rows], (40, 70, 55))
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _restart(document: WordDocument, paragraph: Paragraph) -> None:
    """Start the numbering of ``paragraph``'s list again at 1 (Word continues it otherwise)."""
    numbering = document.part.numbering_part.element
    style_numbering = paragraph.style.element.pPr.numPr  # type: ignore[union-attr]
    abstract = numbering.num_having_numId(style_numbering.numId.val).abstractNumId.val
    number = numbering.add_num(abstract)
    number.add_lvlOverride(ilvl=0).add_startOverride(1)
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = 0
    properties.get_or_add_numId().val = number.numId


def _numbered(document: WordDocument, entries: Sequence[Entry | str], style: str) -> None:
    for position, entry in enumerate(entries):
        paragraph = document.add_paragraph(style=style)
        if isinstance(entry, str):
            paragraph.add_run(entry)
        else:
            _with_id(paragraph, entry)
        if position == 0 and style == "List Number":
            _restart(document, paragraph)


def _duties(
    document: WordDocument, job: JobDescription, labels: dict[str, str], numbers: Iterator[int]
) -> None:
    _heading(document, labels["duties"], numbers)
    for group in job.duties:
        heading = document.add_heading(level=2)
        heading.add_run(group.function.text)
        if group.kind == "additional":
            heading.add_run(f" ({labels['additional']})")
        marker = heading.add_run(f" [{group.function.element_id}]")
        marker.font.size, marker.font.bold = Pt(8), False
        _numbered(document, group.duties, "List Number")


def _items(
    document: WordDocument, title: str, entries: Sequence[Entry], numbers: Iterator[int]
) -> None:
    if entries:
        _heading(document, title, numbers)
        _numbered(document, entries, "List Bullet")


def _plain_list(
    document: WordDocument,
    titles: tuple[str, str],
    lines: Sequence[str] | None,
    numbers: Iterator[int],
) -> None:
    if not lines:
        return
    _heading(document, titles[0], numbers)
    document.add_paragraph(titles[1])
    _numbered(document, lines, "List Number")


def _closing(document: WordDocument, job: JobDescription, labels: dict[str, str]) -> None:
    document.add_paragraph()
    document.add_paragraph(labels["read"])
    document.add_paragraph(f"{'_' * 60}\n{labels['signature']}")
    for sentence in provenance_note(job):
        note = document.add_paragraph()
        run = note.add_run(sentence)
        run.italic, run.font.size = True, Pt(9)
