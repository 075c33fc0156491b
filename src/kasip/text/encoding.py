"""Decoding a standard's file: which encoding it is in, named as it is.

Official texts are UTF-8. Files saved by hand come in other encodings:
Notepad's "Unicode" (UTF-16, usually with a byte-order mark), "UTF-16 BE", and
Windows-1251 from older exports. The order of the checks matters, because
Windows-1251 accepts almost any bytes and so must come last:

1. a byte-order mark (UTF-32 before UTF-16: the UTF-32-LE mark starts with
   the UTF-16-LE one);
2. UTF-16 without a mark, recognised by its high bytes (``00`` for ASCII,
   ``04`` for Cyrillic) standing at every other position. This comes before
   UTF-8 because such bytes are often valid UTF-8 too (Russian letters
   U+0410-U+044F give the bytes ``10``-``4F`` and ``04``, all ASCII), while no
   UTF-8 text has a NUL byte in every other position;
3. strict UTF-8;
4. Windows-1251.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["Decoded", "decode_text"]

# Marks first, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
)
# High bytes of UTF-16 code units for ASCII (00) and Cyrillic (04: U+0400-U+04FF).
_UTF16_HIGH_BYTES = frozenset((0x00, 0x04))
# Share of code units whose high byte is 00 or 04 for a file to be read as
# UTF-16 without a mark: a Windows-1251 or UTF-8 text has (almost) no bytes
# 00 or 04 (both control characters), let alone at every other position.
_UTF16_SHARE = 0.9
_UTF16_SAMPLE = 4096


@dataclass(frozen=True)
class Decoded:
    """A decoded text and the encoding it was read in.

    ``encoding`` is the name people know (``UTF-8``, ``UTF-16LE``,
    ``Windows-1251``); ``bom`` says whether the file began with a byte-order mark.
    """

    text: str
    encoding: str
    bom: bool = False

    @property
    def is_utf8(self) -> bool:
        """Whether the file was UTF-8, the expected encoding."""
        return self.encoding == "UTF-8"

    def describe(self) -> str:
        """The encoding in words, e.g. ``UTF-16LE with a byte-order mark``."""
        return f"{self.encoding} with a byte-order mark" if self.bom else self.encoding


def decode_text(data: bytes) -> Decoded:
    """Decode a file's bytes, naming the encoding they were read in.

    The byte-order mark, if any, is not part of the text. Windows-1251 bytes
    that have no character (``0x98``) become U+FFFD.

    Example:
        >>> decode_text("Білім".encode("utf-16")).encoding in ("UTF-16LE", "UTF-16BE")
        True
        >>> decode_text("Білім".encode("utf-16-be")).encoding
        'UTF-16BE'
        >>> decode_text("Знания".encode("cp1251"))
        Decoded(text='Знания', encoding='Windows-1251', bom=False)
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), name, bom=True)
            except UnicodeDecodeError:
                break  # a mark followed by something else: read on without it
    unmarked = _utf16_without_mark(data)
    if unmarked is not None:
        return unmarked
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    return Decoded(data.decode("cp1251", errors="replace"), "Windows-1251")


def _utf16_without_mark(data: bytes) -> Decoded | None:
    """UTF-16 recognised by its high bytes, or ``None``."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    units = len(sample) // 2
    for codec, name, high in (("utf-16-le", "UTF-16LE", 1), ("utf-16-be", "UTF-16BE", 0)):
        highs = sample[high::2]
        typical = sum(1 for b in highs if b in _UTF16_HIGH_BYTES)
        if typical >= _UTF16_SHARE * units:
            try:
                return Decoded(data.decode(codec), name)
            except UnicodeDecodeError:
                continue
    return None
