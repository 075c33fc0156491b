"""Canonical JSON renderings of a document, shared by the store and the exporters.

Both renderings are canonical: the document's JSON-mode dump, keys sorted,
UTF-8 text (no ``\\u`` escapes), so equal documents give equal text.

* :func:`canonical_json` is the exchange-file form (two-space indentation and
  a final newline), written by :mod:`kasip.export.json`.
* :func:`storage_json` is the compact form the registry stores and hashes. It
  is less than half the size, and Python's C encoder writes it (``indent``
  forces the pure-Python one), which is about 6 times faster.

They live in the store, and the exporters re-use them, because the store
hashes them: a document without a source hash is identified by the sha256 of
its storage JSON.
"""

from __future__ import annotations

import hashlib
import json

from kasip.model import Document


def canonical_json(doc: Document) -> str:
    """Render ``doc`` as canonical exchange JSON (indented, sorted keys, final newline).

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
    """Render any JSON-able value in the style of :func:`canonical_json`.

    Args:
        value: A JSON-able value (dicts, lists, strings, numbers, ...).

    Returns:
        The JSON text with a final newline.

    Example:
        >>> canonical_dumps({"b": 1, "a": "қ"})
        '{\\n  "a": "қ",\\n  "b": 1\\n}\\n'
    """
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def storage_json(doc: Document) -> str:
    """Render ``doc`` as compact canonical JSON (sorted keys, no whitespace).

    Args:
        doc: The document.

    Returns:
        The JSON text, without a final newline.

    Example:
        >>> from kasip.model import Standard
        >>> storage_json(Document(standard=Standard(title="Ә", language="kk")))[:40]
        '{"cards":[],"diagnostics":[],"format":"k'
    """
    return json.dumps(
        doc.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


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
