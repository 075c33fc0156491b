"""Identity of standards and of their versions.

**Standard key.** A standard is identified by the order that approved it and
the language of the text: ``f"{order.number}-{order.date}-{language}"`` made
URL-safe by :func:`slugify` (e.g. ``292-2019-05-30-kk``). The Kazakh and the
Russian text of one order are separate standards. When the order number or
date is missing, the key is the slug of the title plus the language; when the
title gives no slug either, it is ``sha-`` and the first 12 hex digits of the
version identity below.

**Version identity.** A version is identified by the sha256 of its source text
(``doc.source.sha256``) or, when that is empty, by the sha256 of the document's
canonical JSON as the registry stores it (:func:`~kasip.store.codec.storage_json`).
Importing a text the registry already holds under the same key changes
nothing, even when it is not the latest version.
"""

from __future__ import annotations

from kasip.model import Document
from kasip.store.codec import sha256_hex, storage_json
from kasip.text.slug import MAX_SLUG_LENGTH, slugify

__all__ = ["MAX_SLUG_LENGTH", "SHA_PREFIX_LENGTH", "identity_sha256", "slugify", "standard_key"]

SHA_PREFIX_LENGTH = 12


def identity_sha256(doc: Document, *, document_json: str | None = None) -> str:
    """Return the version identity of ``doc`` (see the module docstring).

    Args:
        doc: The document.
        document_json: Its storage JSON, when the caller already has it.

    Returns:
        64 hex digits.

    Example:
        >>> from kasip.model import SourceInfo, Standard
        >>> doc = Document(standard=Standard(title="T", language="kk"),
        ...                source=SourceInfo(sha256="ab" * 32))
        >>> identity_sha256(doc) == "ab" * 32
        True
    """
    if doc.source.sha256:
        return doc.source.sha256
    return sha256_hex(document_json if document_json is not None else storage_json(doc))


def standard_key(doc: Document, *, identity: str | None = None) -> str:
    """Return the key of the standard ``doc`` is a version of (module docstring).

    Args:
        doc: The document.
        identity: Its :func:`identity_sha256`, when the caller already has it.

    Returns:
        A URL-safe key such as ``292-2019-05-30-kk``.

    Example:
        >>> from kasip.model import Order, Standard
        >>> order = Order(number="292", date="2019-05-30")
        >>> standard_key(Document(standard=Standard(title="T", language="kk", order=order)))
        '292-2019-05-30-kk'
        >>> order = Order(number="222", date="2022-12-05", annex="4")
        >>> standard_key(Document(standard=Standard(title="T", language="ru", order=order)))
        '222-2022-12-05-annex-4-ru'
        >>> standard_key(Document(standard=Standard(title="Әлеуметтік жұмыс", language="ru")))
        'aleumettik-zhumys-ru'
    """
    std = doc.standard
    if std.order.number and std.order.date:
        # One order approves several standards as its annexes (NPP order No 222
        # approved at least 11): the annex tells them apart.
        annex = f"-annex-{std.order.annex}" if std.order.annex else ""
        key = slugify(f"{std.order.number}-{std.order.date}{annex}-{std.language}")
        if key:
            return key
    title = slugify(std.title)
    if title:
        return f"{title}-{slugify(std.language)}"
    sha = identity if identity is not None else identity_sha256(doc)
    return f"sha-{sha[:SHA_PREFIX_LENGTH]}"
