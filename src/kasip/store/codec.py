"""The canonical JSON text of a document, shared by the store and the exporters.

It lives in the store (and :mod:`kasip.export.json` re-uses it) because the
store hashes it: a document without a source hash is identified by the sha256
of this text, so the rendering must never differ between the two.
"""

from __future__ import annotations

import hashlib
import json

from kasip.model import Document


def canonical_json(doc: Document) -> str:
    """Render ``doc`` as canonical exchange JSON.

    Canonical means UTF-8 text (no ``\\u`` escapes), two-space indentation,
    sorted keys and a final newline, so equal documents give equal bytes.

    Args:
        doc: The document.

    Returns:
        The JSON text.

    Example:
        >>> from kasip.model import Standard
        >>> print(canonical_json(Document(standard=Standard(title="Ә", language="kk"))), end="")
        ... # doctest: +ELLIPSIS
        {
          "cards": [],
          "diagnostics": [],
          "format": "kasip-standard/1",
          "source": {
        ...
            "title": "Ә"
          }
        }
    """
    return canonical_dumps(doc.model_dump(mode="json"))


def canonical_dumps(value: object) -> str:
    """Render any JSON-able value in the canonical style of :func:`canonical_json`.

    Args:
        value: A JSON-able value (dicts, lists, strings, numbers, ...).

    Returns:
        The JSON text with a final newline.

    Example:
        >>> canonical_dumps({"b": 1, "a": "қ"})
        '{\\n  "a": "қ",\\n  "b": 1\\n}\\n'
    """
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def sha256_hex(text: str) -> str:
    """Return the hex sha256 of ``text`` encoded as UTF-8.

    Args:
        text: Any string.

    Returns:
        64 lowercase hex digits.

    Example:
        >>> sha256_hex("")[:12]
        'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
