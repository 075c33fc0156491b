"""``kasip check --parity KK RU``: the Kazakh and Russian editions of one standard compared.

Each of the two is a file ``kasip check`` reads (an official text, a Word
document, a PDF, an exchange JSON file holding one standard) or the key of a
standard in the registry (``--db``), whose latest version is compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from kasip.cli.base import echo_json, error
from kasip.cli.options import database_url, input_limit
from kasip.editions import Difference, EditionDate, ParityReport, check_parity
from kasip.errors import InvalidInput, KasipError
from kasip.export import load_documents
from kasip.model import Document
from kasip.parse import parse_standard, read_document
from kasip.registry import open_registry

__all__ = ["run_parity"]

USAGE_ERROR = 2


def run_parity(
    ctx: typer.Context,
    sources: Sequence[str],
    *,
    as_json: bool,
    db: str | None,
    max_bytes: int | None,
) -> None:
    """Compare two editions and print the report; exit 1 when they differ, 2 on bad input."""
    if len(sources) != 2:
        error(f"--parity compares two editions (KK RU); {len(sources)} given")
        raise typer.Exit(USAGE_ERROR)
    try:
        loaded = [_load(ctx, source, db=db, max_bytes=max_bytes) for source in sources]
        (a, a_date), (b, b_date) = loaded
        # Only the registry records when a version took effect: files have no date.
        dates = (a_date, b_date) if a_date and b_date else None
        report = check_parity(a, b, names=(sources[0], sources[1]), dates=dates)
    except (KasipError, OSError, UnicodeDecodeError) as exc:
        # Bad input, whatever it is (not editions, unreadable, unknown key): 2, as a usage error.
        error(_message(exc))
        raise typer.Exit(USAGE_ERROR) from None
    if as_json:
        echo_json(report.model_dump(mode="json"))
    else:
        for line in report_lines(report, names=(sources[0], sources[1])):
            typer.echo(line)
    if report.has_differences:
        raise typer.Exit(1)


def _load(
    ctx: typer.Context, source: str, *, db: str | None, max_bytes: int | None
) -> tuple[Document, EditionDate | None]:
    """A file's one standard, or the latest version of a registry key with its date."""
    path = Path(source)
    if path.exists():
        if path.is_dir():
            raise InvalidInput(f"{source}: a directory, not a file")
        return _read_file(path, input_limit(max_bytes)), None
    with open_registry(database_url(ctx, db)) as registry:
        keys = {s.key for s in registry.list_standards()}
        if source not in keys:
            raise InvalidInput(
                f"{source}: no such file, and no standard with this key in the registry"
            )
        latest = registry.versions(source)[-1]
        date = EditionDate(on=latest.effective_from, basis=latest.effective_basis)
        return registry.export_document(source, version=latest.version), date


def _read_file(path: Path, max_bytes: int) -> Document:
    text = read_document(path, max_bytes=max_bytes).text
    if path.suffix.lower() != ".json":
        return parse_standard(text, source_name=path.name)
    docs = load_documents(text, source_name=str(path))
    if len(docs) != 1:
        raise InvalidInput(f"{path}: holds {len(docs)} standards; --parity compares one with one")
    return docs[0]


def report_lines(report: ParityReport, *, names: tuple[str, str]) -> list[str]:
    """The human report: both editions, the counts, the differences grouped by card.

    Example:
        >>> from kasip.testing import make_document
        >>> report = check_parity(make_document(), make_document(language="ru", cards=[]))
        >>> print("\\n".join(report_lines(report, names=("a.txt", "b.txt"))))
        Editions of order 292-2019-05-30: kk a.txt, ru b.txt
        Counts (kk/ru): cards 1/0, functions 1/0, tasks 1/0, skills 1/0, knowledge 1/0
        Card 2635-3-001@6
          card-missing [kk line 1]: card 2635-3-001@6 (line 1) of the kk edition has no \
counterpart in the ru edition
        1 difference, 0 element pairs compared
    """
    a, b = report.a, report.b
    group = a.group.key if a.group else "?"
    counts_a, counts_b = report.counts.a.model_dump(), report.counts.b.model_dump()
    lines = [
        f"Editions of order {group}: {a.language} {names[0]}, {b.language} {names[1]}",
        f"Counts ({a.language}/{b.language}): "
        + ", ".join(f"{k} {counts_a[k]}/{counts_b[k]}" for k in counts_a),
    ]
    card: str | None = "\0"
    for difference in report.differences:
        if difference.card != card:
            card = difference.card
            lines.append(f"Card {card}" if card is not None else "Standard")
        lines.append(f"  {difference.kind} [{_where(difference, a.language, b.language)}]: "
                     f"{difference.message}")  # fmt: skip
    total = len(report.differences)
    lines.append(
        f"{total} difference{'' if total == 1 else 's'}, "
        f"{report.counts.element_pairs} element pairs compared"
    )
    return lines


def _where(difference: Difference, lang_a: str, lang_b: str) -> str:
    places = [
        f"{lang} line {side.line}"
        for lang, side in ((lang_a, difference.a), (lang_b, difference.b))
        if side is not None
    ]
    if difference.kind == "effective-date-differs":
        return "the registry's dates"
    return ", ".join(places) or "order of the cards"


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text ({exc.reason} at byte {exc.start})"
    return str(exc) or type(exc).__name__
