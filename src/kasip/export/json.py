"""The JSON exchange format (``"format": "kasip-standard/1"``): write and read.

A file holds one document (a JSON object) or several (a JSON array of them).
Output is canonical (see :func:`kasip.store.codec.canonical_json`), so a file
written twice from the same documents is byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from kasip.errors import ImportRejected
from kasip.export.case_read import is_case_package, read_case
from kasip.model import FORMAT, Document
from kasip.store.codec import canonical_dumps, canonical_json

MAX_REPORTED_PROBLEMS = 3

Exporter = Callable[[Sequence[Document]], str]


def dump_document(doc: Document) -> str:
    """Render one document as canonical exchange JSON.

    Args:
        doc: The document.

    Returns:
        The JSON text, ending with a newline.

    Example:
        >>> from kasip.testing import make_document
        >>> text = dump_document(make_document())
        >>> text.startswith("{") and '"format": "kasip-standard/1"' in text
        True
    """
    return canonical_json(doc)


def dump_documents(docs: Sequence[Document]) -> str:
    """Render documents as exchange JSON: one document as an object, else an array.

    Args:
        docs: The documents (none gives ``[]``).

    Returns:
        The JSON text, ending with a newline.

    Example:
        >>> from kasip.testing import make_document
        >>> dump_documents([])
        '[]\\n'
        >>> dump_documents([make_document()] * 2).startswith("[")
        True
    """
    if len(docs) == 1:
        return dump_document(docs[0])
    return canonical_dumps([doc.model_dump(mode="json") for doc in docs])


# The exporters this module provides, by format name; kasip.export.EXPORTERS
# gathers those of every module.
EXPORTERS: Mapping[str, Exporter] = {"json": dump_documents}


def load_documents(text: str, *, source_name: str) -> list[Document]:
    """Read exchange JSON (an object or an array of objects) into documents.

    A CASE package (an object with ``CFDocument``, or an array of them) is read
    by :func:`kasip.export.case_read.read_case`.

    Args:
        text: The file's content.
        source_name: The file name, used in error messages.

    Returns:
        The documents, in file order.

    Raises:
        ImportRejected: The text is not JSON, not an object or array, has a
            ``format`` other than ``kasip-standard/1``, or does not match the
            model; the message names the file and the line or JSON path.

    Example:
        >>> from kasip.testing import make_document
        >>> doc = make_document()
        >>> load_documents(dump_document(doc), source_name="a.json") == [doc]
        True
        >>> load_documents("[1]", source_name="b.json")
        Traceback (most recent call last):
        ...
        kasip.errors.ImportRejected: b.json: $[0]: expected a JSON object, found int
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
        raise _rejected(source_name, [problem]) from exc
    except RecursionError:  # [[[[... nested deeper than Python recurses
        raise _rejected(source_name, ["not valid JSON: nested too deep"]) from None
    nul = _nul_path(data)
    if nul is not None:
        # PostgreSQL refuses NUL in text and SQLite stores it: refused on both.
        raise _rejected(source_name, [f"{nul}: a NUL character (U+0000)"])
    if is_case_package(data):  # what `kasip export --format case` writes, or a foreign package
        return read_case(data, source_name=source_name)
    if isinstance(data, dict):
        return [_load_one(data, "$", source_name)]
    if isinstance(data, list):
        return [_load_one(item, f"$[{i}]", source_name) for i, item in enumerate(data)]
    problem = f"$: expected a JSON object or array, found {type(data).__name__}"
    raise _rejected(source_name, [problem])


def _load_one(data: Any, path: str, source_name: str) -> Document:
    if not isinstance(data, dict):
        problem = f"{path}: expected a JSON object, found {type(data).__name__}"
        raise _rejected(source_name, [problem])
    if "format" not in data:
        raise _rejected(source_name, [f"{path}.format: missing (expected {FORMAT!r})"])
    if data["format"] != FORMAT:
        problem = f"{path}.format: unsupported format {data['format']!r} (expected {FORMAT!r})"
        raise _rejected(source_name, [problem])
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [f"{_json_path(path, e['loc'])}: {e['msg']}" for e in errors]
        raise _rejected(source_name, problems, total=len(errors)) from exc


def _nul_path(data: Any) -> str | None:
    """The JSON path of the first string (value or key) with a NUL character."""
    stack: list[tuple[str, Any]] = [("$", data)]
    while stack:  # a loop, not recursion: the nesting depth is the file's
        path, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    return path
                stack.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
    return None


def _json_path(root: str, loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc]
    return root + "".join(parts)


def _rejected(source_name: str, problems: list[str], *, total: int | None = None) -> ImportRejected:
    shown = problems[:MAX_REPORTED_PROBLEMS]
    more = (total or len(problems)) - len(shown)
    suffix = f" (and {more} more)" if more > 0 else ""
    return ImportRejected(
        f"{source_name}: {'; '.join(shown)}{suffix}", source_name=source_name, problems=shown
    )
