"""Print documents as PDF: a profession card (:mod:`kasip.pdf.card`).

WeasyPrint, and the Pango it loads, are imported only when a PDF is made.
"""

from kasip.pdf.card import render_card_html, render_card_pdf

__all__ = ["render_card_html", "render_card_pdf"]
