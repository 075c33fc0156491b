"""Text for display: an item's text with the parser's repairs applied.

Stored text stays verbatim (``docs/exchange-format.md``, Repairs); pages show
the corrected text, e.g. two words the plain-text export glued together.
"""

from __future__ import annotations

from kasip.model import Item


def display_text(item: Item) -> str:
    """Return the item's text with its repairs applied, the last offset first.

    Example:
        >>> from kasip.model import Repair
        >>> from kasip.testing import make_span
        >>> fix = Repair(kind="glued-words", offset=9, original="", replacement=" ")
        >>> display_text(Item(id="x", text="ҚазақстанРеспубликасы", repairs=(fix,),
        ...                   span=make_span()))
        'Қазақстан Республикасы'
    """
    text = item.text
    # From the end, so that earlier offsets (relative to the verbatim text) stay valid.
    for repair in sorted(item.repairs, key=lambda r: r.offset, reverse=True):
        end = repair.offset + len(repair.original)
        if text[repair.offset : end] == repair.original:
            text = text[: repair.offset] + repair.replacement + text[end:]
    return text
