"""Standards as their publishers distribute them: Word and PDF read into text with places.

The parser reads the text of a standard (:mod:`kasip.parse`): lines, and table
rows flattened to lines whose cells are separated by ``TAB|TAB``, as the
official text edition prints them. A reader here turns another format into
that text by the document's own structure (tables, rows, cells, paragraphs,
automatic numbering), and records for every line of it where in the document
it comes from (:class:`Place`), so that what the parser reports can be shown
at its place in the document.
"""

from __future__ import annotations

from kasip.formats.pdf import read_pdf
from kasip.formats.places import Flattened, Place
from kasip.formats.word import read_word

__all__ = ["Flattened", "Place", "read_pdf", "read_word"]
