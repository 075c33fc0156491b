"""Input files, read with bounds: the one place kasip reads a file it is given.

Every command that reads a file (``parse``, ``check``, ``import``, ``match``,
``eval``) and the library's readers (:func:`kasip.parse.read_source`, the
evaluation sets) read it through :func:`read_input`, which refuses, with a
one-line message naming the file, what is not a regular file (``/dev/zero``
would be read until memory runs out, a FIFO may never end), a file over
``max_bytes`` (issue 8: a 50 MB text took minutes and 2.2 GB), and the binary
formats people save standards in (a ``.docx`` used to be parsed as text).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kasip.config import DEFAULT_MAX_INPUT_BYTES
from kasip.errors import InputFileError

__all__ = ["DEFAULT_MAX_INPUT_BYTES", "PDF_MAGIC", "ZIP_MAGIC", "read_input"]

# What a file is, by its first bytes, for the formats a standard is found in
# besides its text edition.
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
_BINARY_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 document (.doc) or another Office file"),
    (PDF_MAGIC, "a PDF file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_TEXT_EDITION = (
    "kasip reads a standard's text edition or its Word document (.docx): save it as one of those"
)


def read_input(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
    documents: bool = False,
    binary: bool = False,
) -> bytes:
    """Read the bytes of a regular file of at most ``max_bytes`` bytes.

    Args:
        path: The file.
        max_bytes: The largest file accepted (``--max-bytes``,
            ``KASIP_MAX_INPUT_BYTES``).
        documents: Accept a Word document (.docx) or a PDF too: the caller
            reads it (:mod:`kasip.formats`).
        binary: Accept any bytes: the caller reads its own format (a
            spreadsheet of questions, :mod:`kasip.assessment.files`).

    Returns:
        The file's bytes, unchanged.

    Raises:
        InputFileError: ``path`` is not a regular file, is larger than
            ``max_bytes``, or is a Word document, a PDF or another binary
            format; the message starts with the file's name.
        OSError: The file cannot be opened (missing, no permission).

    Example:
        >>> read_input("/dev/zero")
        Traceback (most recent call last):
        ...
        kasip.errors.InputFileError: /dev/zero: not a regular file (a character device)
    """
    name = str(path)
    # O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputFileError(f"{name}: not a regular file ({_kind(mode)})")
    with os.fdopen(descriptor, "rb") as file:
        # The size is read, not trusted from stat: a file may grow, and some
        # (under /proc) say 0.
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputFileError(
            f"{name}: larger than {max_bytes:,} bytes; raise the limit with --max-bytes "
            "or KASIP_MAX_INPUT_BYTES if it is really a standard"
        )
    if not binary:
        refuse_binary(name, data, documents=documents)
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def refuse_binary(name: str, data: bytes, *, documents: bool) -> None:
    """Refuse bytes that are not a text (nor, with ``documents``, a .docx or PDF).

    The checks of :func:`read_input`, for bytes that came another way (an upload).

    Raises:
        InputFileError: a binary format, named, with what to do instead.
    """
    if data.startswith(ZIP_MAGIC):
        # A .docx is a ZIP archive whose parts are under word/; an .xlsx or
        # .odt is one too, with other parts.
        if b"word/" in data:
            if documents:
                return
            raise InputFileError(f"{name}: a Word document (.docx); {_TEXT_EDITION}")
        raise InputFileError(f"{name}: a ZIP archive (or an Office file), not a text")
    if documents and data.startswith(PDF_MAGIC):
        return
    for magic, what in _BINARY_FORMATS:
        if data.startswith(magic):
            raise InputFileError(f"{name}: {what}, not a text; {_TEXT_EDITION}")
