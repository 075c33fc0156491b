"""Writing a benchmark's result into BENCHMARKS.md, between its markers.

A block is the text between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->``
on lines of their own; the rest of the file (the prose around the figures)
is left as it is.
"""

from __future__ import annotations

from pathlib import Path


def replace_block(path: Path, name: str, text: str) -> None:
    """Put ``text`` between the markers of block ``name`` in ``path``.

    Raises:
        ValueError: ``path`` has no such block (or its markers are out of order).
    """
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    content = path.read_text(encoding="utf-8")
    first, last = content.find(begin), content.find(end)
    if first < 0 or last < first:
        raise ValueError(f"{path} has no block {begin} … {end}")
    head, tail = content[: first + len(begin)], content[last:]
    path.write_text(f"{head}\n{text.strip()}\n{tail}", encoding="utf-8")
