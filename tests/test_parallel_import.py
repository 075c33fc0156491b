"""Many new texts are parsed and read in worker processes while the import writes (issue 11).

The registry they make must be the one parsing and reading in place make, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import Result

from compare_support import seed_document
from kasip.cli import texts
from kasip.match import reading
from kasip.model import Document
from kasip.registry import Registry, open_registry
from kasip.store.schema import match_pieces, search_entries, standards


def _variants(count: int) -> list[Document]:
    seed = seed_document()
    return [
        seed.model_copy(
            update={
                "standard": seed.standard.model_copy(
                    update={
                        "order": seed.standard.order.model_copy(update={"number": str(900 + n)})
                    }
                ),
                "source": seed.source.model_copy(update={"sha256": f"{n:064x}"}),
            }
        )
        for n in range(count)
    ]


def _contents(registry: Registry) -> tuple[list[tuple[object, ...]], list[tuple[str, bytes]]]:
    e = search_entries.c
    with registry.engine.connect() as conn:
        entries = [
            tuple(row)
            for row in conn.execute(
                select(standards.c.key, e.element_id, e.type, e["keys"], e.xkeys)
                .join(standards, standards.c.id == e.standard_id)
                .order_by(standards.c.key, e.element_id, e.type)
            )
        ]
        pieces = [
            (key, bytes(data))
            for key, data in conn.execute(
                select(standards.c.key, match_pieces.c.data)
                .join(standards, standards.c.id == match_pieces.c.standard_id)
                .order_by(standards.c.key)
            )
        ]
    return entries, pieces


def test_texts_read_in_workers_make_the_registry_a_reading_in_place_makes(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _variants(reading.PARALLEL_FROM + 1)
    taken: list[int] = []
    real = reading.Readings.__init__

    def counting(self: reading.Readings, texts: object, workers: int) -> None:
        taken.append(workers)
        real(self, texts, workers)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.Readings, "__init__", counting)
    with open_registry(f"sqlite:///{tmp_path}/parallel.db") as parallel:
        # The first text is stored already: it is not read again, and is "unchanged".
        parallel.import_documents(docs[:1])
        results = parallel.import_documents(docs + docs[:2])
        made = _contents(parallel)
        matched = parallel.match("Әлеуметтік қызметкер қарттарға үйде күтім көрсетеді")
    assert taken[0] == 0 and taken[1] > 0
    assert [r.status for r in results] == ["unchanged"] + ["created"] * (len(docs) - 1) + [
        "unchanged"
    ] * 2
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10**6)
    with open_registry(f"sqlite:///{tmp_path}/in-place.db") as in_place:
        in_place.import_documents(docs)
        assert _contents(in_place) == made
        assert in_place.match("Әлеуметтік қызметкер қарттарға үйде күтім көрсетеді") == matched


HELDOUT = sorted((Path(__file__).parent / "fixtures" / "heldout").glob("*.txt"))


def _cli_import(paths: list[Path], url: str, *extra: str) -> Result:
    from typer.testing import CliRunner

    from kasip.cli import app

    runner = CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})
    return runner.invoke(app, ["import", *map(str, paths), "--db", url, *extra])


def test_files_parsed_in_workers_import_as_files_parsed_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert len(HELDOUT) >= reading.PARALLEL_FROM
    parallel = _cli_import(HELDOUT, f"sqlite:///{tmp_path / 'parallel.db'}")
    assert parallel.exit_code == 0, parallel.output
    # The workers did the parsing and the reading: neither fell back to this process.
    assert "failed" not in caplog.text
    monkeypatch.setattr(texts, "PARALLEL_FROM", len(HELDOUT) + 1)
    in_place = _cli_import(HELDOUT, f"sqlite:///{tmp_path / 'in-place.db'}")
    assert in_place.exit_code == 0, in_place.output
    assert parallel.stdout == in_place.stdout
    with (
        open_registry(f"sqlite:///{tmp_path / 'parallel.db'}") as one,
        open_registry(f"sqlite:///{tmp_path / 'in-place.db'}") as other,
    ):
        assert _contents(one) == _contents(other)


def test_a_bad_file_among_many_parsed_in_workers_is_named_and_nothing_is_imported(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe not a standard")
    notes = tmp_path / "notes.txt"
    notes.write_text("Сәлем, әлем!\nThis is a shopping list, not a professional standard.\n")
    url = f"sqlite:///{tmp_path / 'r.db'}"
    # A file that cannot be read stops the import at its turn, with its name.
    result = _cli_import([*HELDOUT[:5], broken, *HELDOUT[5:]], url)
    assert result.exit_code == 1
    assert "broken.txt" in result.output
    # A text with errors is reported with its lines, after every file is read.
    result = _cli_import([*HELDOUT[:5], notes, *HELDOUT[5:]], url)
    assert result.exit_code == 1
    assert "notes.txt:" in result.output
    assert "nothing was imported" in result.output
    with open_registry(url) as registry:
        assert registry.list_standards() == []
