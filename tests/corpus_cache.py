"""Each corpus document read and parsed once per test process.

Four tests read all 18 NPP standards (the annotation report twice, the corpus
report, the import of all of them), and reading a PDF takes seconds: that was
a minute of the suite. They share these two functions, which give what
:func:`kasip.parse.read_document` and :func:`kasip.parse.parse_standard` give
(a document is frozen, so sharing it is safe). scripts/test.sh hands pytest-xdist's
workers whole files (``--dist loadfile``), so a module's tests share one reading.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from kasip import parse
from kasip.formats.places import Flattened
from kasip.model import Document


@cache
def _read(path: str) -> Flattened:
    return parse.read_document(path)


def read_document(path: str | Path) -> Flattened:
    """:func:`kasip.parse.read_document`, once per path."""
    return _read(str(Path(path).resolve()))


@cache
def parse_standard(text: str, *, source_name: str = "<string>") -> Document:
    """:func:`kasip.parse.parse_standard`, once per text and name."""
    return parse.parse_standard(text, source_name=source_name)


def read_once(monkeypatch: pytest.MonkeyPatch, script: ModuleType) -> None:
    """Make a script of scripts/ read and parse through this module."""
    monkeypatch.setattr(script, "read_document", read_document)
    monkeypatch.setattr(script, "parse_standard", parse_standard)
