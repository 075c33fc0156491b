"""The joined match index kept as a file beside the registry and mapped (issue 11).

The first process that needs a state's index joins it from the stored pieces
and writes it; every later process (a worker, ``kasip serve`` after an
import) maps the file instead of joining, and matches exactly as before.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from compare_support import seed_document
from kasip.match import mapped, stored
from kasip.match.index import MatchIndex
from kasip.match.join import assemble
from kasip.match.mapped import index_path, match_directory, open_index, save_index
from kasip.match.pieces import build_piece, read_piece
from kasip.match.words import Scratch, sentence_words, similarity
from kasip.model import Document
from kasip.registry import open_registry
from kasip.search.analysis import Analyzer
from kasip.search.entries import document_analyzer, document_entries
from store_support import numbered

if TYPE_CHECKING:
    from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "eval" / "match-real-dev.jsonl"
TEXTS = [
    "Социальный работник по уходу на дому: покупает продукты, готовит обед, убирает.",
    "Психолог исправительного учреждения, работа с осуждёнными",
    "Әлеуметтік қызметкер қарттарға үйде күтім көрсетеді",
    "Python developer, REST API, PostgreSQL",
]


def _changed(doc: Document, name: str, sha: str) -> Document:
    """Another standard (another order), its first card renamed ``name``."""
    first = doc.cards[0].model_copy(update={"name": name})
    order = doc.standard.order.model_copy(update={"annex": sha})
    return doc.model_copy(
        update={
            "standard": doc.standard.model_copy(update={"order": order}),
            "source": doc.source.model_copy(update={"sha256": sha * 64}),
            "cards": (first, *doc.cards[1:]),
        }
    )


def _texts() -> list[str]:
    real = (
        [json.loads(line)["text"] for line in REAL.read_text().splitlines()]
        if REAL.exists()
        else []
    )
    return TEXTS + real[:10]


def _joined() -> MatchIndex:
    doc = seed_document()
    analyzer = document_analyzer(doc)
    piece = read_piece(build_piece(document_entries(doc, analyzer), analyzer))
    return assemble(
        [("a", piece), ("b", piece)], Analyzer(), rows=numbered([("a", piece), ("b", piece)])
    )


def test_a_saved_index_reads_back_array_for_array(tmp_path: Path) -> None:
    joined = _joined()
    path = index_path(tmp_path, "f" * 64)
    save_index(joined, path, fingerprint="f" * 64)
    found = open_index(path, Analyzer(), fingerprint="f" * 64)
    assert found is not None
    assert found.cards == joined.cards
    for name in ("card_starts", "entry_card", "entry_mass", "token_hashes", "idf", "names"):
        assert np.array_equal(getattr(found, name), getattr(joined, name)), name
    assert found.kind_counts.shape == (len(found.token_hashes), 3)
    assert np.array_equal(found.kind_counts, joined.kind_counts)
    # as counting each token's postings by kind gives
    starts, kinds = joined.postings_of.starts, joined.postings_of.kinds
    for token in range(len(joined.token_hashes)):
        run = kinds[starts[token] : starts[token + 1]]
        assert joined.kind_counts[token].tolist() == np.bincount(run, minlength=3).tolist()
    for name in ("starts", "entries", "kinds"):
        assert np.array_equal(getattr(found.postings_of, name), getattr(joined.postings_of, name))
        assert np.array_equal(
            getattr(found.search.postings, name), getattr(joined.search.postings, name)
        )
    for name in ("token_hashes", "entry_type", "entry_level", "entry_words", "entry_length"):
        assert np.array_equal(getattr(found.search, name), getattr(joined.search, name)), name
    for name in ("rows", "standard_starts"):
        assert np.array_equal(getattr(found.search, name), getattr(joined.search, name)), name
    assert found.search.standards == joined.search.standards == ("a", "b")
    for name in ("card", "starts", "held", "idf", "norm"):
        got, want = getattr(found.occupations, name), getattr(joined.occupations, name)
        assert np.array_equal(got, want), name
    assert list(found.entries) == list(joined.entries)
    # Mapped read-only: nothing may write into another process's pages.
    assert not found.entry_mass.flags.writeable
    # A file saved from a mapped index is the same file.
    again = index_path(tmp_path, "e" * 64)
    save_index(found, again, fingerprint="f" * 64)
    assert again.read_bytes() == path.read_bytes()
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left


def test_a_file_of_another_state_format_or_a_damaged_one_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = index_path(tmp_path, "a" * 64)
    assert open_index(path, Analyzer(), fingerprint="a" * 64) is None  # none yet
    save_index(_joined(), path, fingerprint="a" * 64)
    assert open_index(path, Analyzer(), fingerprint="b" * 64) is None
    monkeypatch.setattr(mapped, "FORMAT", mapped.FORMAT + 1)
    assert open_index(path, Analyzer(), fingerprint="a" * 64) is None
    monkeypatch.undo()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING):
        assert open_index(path, Analyzer(), fingerprint="a" * 64) is None
    assert "shorter" in caplog.text
    path.write_bytes(b"not an index at all")
    assert open_index(path, Analyzer(), fingerprint="a" * 64) is None
    path.write_bytes(b"")
    assert open_index(path, Analyzer(), fingerprint="a" * 64) is None


def test_a_new_process_maps_the_file_and_matches_as_the_joined_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/registry.db"
    with open_registry(url) as registry:
        registry.import_documents([seed_document(), _changed(seed_document(), "Зергер", "3")])
        expected = [registry.match(text) for text in _texts()]
    [path] = (tmp_path / "registry.db.match").glob("match-*.idx")

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the index was joined again")

    monkeypatch.setattr(stored, "load_match_index", refuse)
    with open_registry(url) as registry:
        assert [registry.match(text) for text in _texts()] == expected
    assert list((tmp_path / "registry.db.match").glob("match-*.idx")) == [path]


def test_each_state_has_its_file_and_older_ones_are_removed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/registry.db"
    directory = tmp_path / "registry.db.match"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
        first = registry.match(TEXTS[0])
        [one] = directory.glob("match-*.idx")
        registry.import_documents([seed_document()])  # unchanged: the same state
        registry.match(TEXTS[0])
        assert list(directory.glob("match-*.idx")) == [one]
        for name, sha in zip(("Зергер", "Тігінші", "Аспаз", "Бағбан"), "4567", strict=True):
            registry.import_documents([_changed(seed_document(), name, sha)])
            assert registry.match(f"{name} қажет").matches[0].name == name
        files = list(directory.glob("match-*.idx"))
        assert len(files) == mapped.KEEP and one not in files
    assert first.matches


def test_without_a_writable_directory_the_index_is_served_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be")
    monkeypatch.setenv("KASIP_CACHE_DIR", str(blocked))
    with open_registry(f"sqlite:///{tmp_path}/registry.db") as registry:
        registry.import_documents([seed_document()])
        with caplog.at_level(logging.WARNING):
            found = registry.match(TEXTS[0])
    assert found.matches and "could not be kept" in caplog.text


def test_where_the_files_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KASIP_CACHE_DIR", raising=False)
    assert match_directory(f"sqlite:///{tmp_path}/r.db") == tmp_path / "r.db.match"
    assert match_directory("sqlite://") is None
    assert match_directory("sqlite:///:memory:") is None
    postgres = match_directory("postgresql+psycopg://kasip:secret@db/kasip")
    assert postgres is not None and "secret" not in str(postgres)
    # Another password, the same registry; another database, another directory.
    assert postgres == match_directory("postgresql+psycopg://kasip:other@db/kasip")
    assert postgres != match_directory("postgresql+psycopg://kasip:secret@db/other")
    monkeypatch.setenv("KASIP_CACHE_DIR", str(tmp_path / "cache"))
    for url in (f"sqlite:///{tmp_path}/r.db", "postgresql+psycopg://u@h/d"):
        found = match_directory(url)
        assert found is not None and found.parent == tmp_path / "cache"


def test_the_fingerprint_follows_the_stored_texts(tmp_path: Path) -> None:
    with open_registry(f"sqlite:///{tmp_path}/registry.db") as registry:
        registry.import_documents([seed_document()])
        with registry.engine.connect() as conn:
            before = stored.pieces_fingerprint(conn)
        registry.import_documents([seed_document()])
        with registry.engine.connect() as conn:
            assert stored.pieces_fingerprint(conn) == before
        registry.import_documents([_changed(seed_document(), "Зергер", "5")])
        with registry.engine.connect() as conn:
            assert stored.pieces_fingerprint(conn) != before
    # Another registry of the same texts has the same fingerprint.
    with open_registry(f"sqlite:///{tmp_path}/other.db") as registry:
        registry.import_documents([seed_document()])
        with registry.engine.connect() as conn:
            assert stored.pieces_fingerprint(conn) == before


def test_kasip_import_writes_the_file_that_serve_then_maps(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasip.cli import app

    url = f"sqlite:///{tmp_path}/registry.db"
    done = runner.invoke(app, ["import", "--bundled", "--db", url])
    assert done.exit_code == 0, done.output
    [path] = (tmp_path / "registry.db.match").glob("match-*.idx")
    written = path.stat().st_mtime_ns
    again = runner.invoke(app, ["import", "--bundled", "--db", url])  # unchanged
    assert again.exit_code == 0 and "unchanged" in again.stdout
    assert path.stat().st_mtime_ns == written

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the index was joined again")

    monkeypatch.setattr(stored, "load_match_index", refuse)
    with open_registry(url) as registry:
        registry.warm_up()  # what kasip serve does before it takes requests
        assert registry.match(TEXTS[0]).matches


def test_a_scratch_reused_from_sentence_to_sentence_leaves_nothing_behind() -> None:
    index = _joined()
    sentences = [
        "Әлеуметтік қызметкер қарттарға үйде күтім көрсетеді",
        "помогает по хозяйству, готовит обед",  # loose links: the support count
        "психолог",
        # Rare words: their arrays are zeroed where they were written, not whole.
        "пенитенциарлық мекемеде сотталғандармен жұмыс",
        "қамқоршылық пен патронат",
        "",
    ]
    reused = Scratch(index.size)
    for sentence in sentences * 2:
        query = sentence_words(sentence, ["kk", "ru"], index)
        similar, shared = similarity(query, index, reused)
        fresh_similar, fresh_shared = similarity(query, index, Scratch(index.size))
        assert np.array_equal(similar, fresh_similar) and np.array_equal(shared, fresh_shared)


def test_a_scratch_array_is_zeroed_wherever_it_was_written() -> None:
    scratch = Scratch(1000)
    first = scratch.zeros(2)
    first[[1, 5]] = 1.0
    scratch.touch(2, np.array([1, 5], dtype=np.int32))
    second = scratch.zeros(3)
    second[7] = 2.0
    scratch.touch(3, np.array([7], dtype=np.int32))
    np.add(first, second, out=first)  # the first now holds the second's places too
    scratch.touch_as(2, 3)
    assert not scratch.zeros(2).any() and not scratch.zeros(3).any()
    whole = scratch.empty(0)
    whole[:] = 3.0  # written everywhere, untracked
    assert not scratch.zeros(0).any()
    many = scratch.zeros(4)
    many[:600] = 1.0  # more places than are worth zeroing one by one
    scratch.touch(4, np.arange(600, dtype=np.int32))
    assert not scratch.zeros(4).any()


def test_another_process_maps_the_file_the_first_one_wrote(tmp_path: Path) -> None:
    """What a second ``kasip serve`` worker does: open the registry, map, never join."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/registry.db"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
        expected = registry.match(TEXTS[0]).model_dump_json()
    script = f"""
import sys
from kasip.match import stored
from kasip.registry import open_registry

def refuse(*_, **__):
    raise SystemExit("joined again")

stored.load_match_index = refuse
with open_registry({url!r}) as registry:
    registry.warm_up()
    sys.stdout.write(registry.match({TEXTS[0]!r}).model_dump_json())
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_where_mapping_flags_are_missing_the_file_is_mapped_for_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    joined = _joined()
    path = index_path(tmp_path, "c" * 64)
    save_index(joined, path, fingerprint="c" * 64)
    monkeypatch.setattr(mapped, "_FLAGS", 0)  # as on Windows
    found = open_index(path, Analyzer(), fingerprint="c" * 64)
    assert found is not None and list(found.entries) == list(joined.entries)
    assert not found.entry_mass.flags.writeable
