"""Match pieces: what matching needs of a standard, made at import and stored (issue 11).

A process joins the stored pieces instead of reading every card element again,
so the first match after a start does not wait for the whole registry to be
analysed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import Connection, func, select

from compare_support import SEED_KEY, seed_document
from conftest_store import on_every_backend
from kasip.match import pieces, stored
from kasip.match.index import MatchIndex
from kasip.match.join import assemble
from kasip.match.pieces import Piece, build_piece, read_piece
from kasip.model import Document
from kasip.registry import Registry, open_registry
from kasip.search.analysis import Analyzer, idf
from kasip.search.entries import document_analyzer, document_entries
from kasip.search.postings import token_hash
from kasip.store.meta import write_meta
from kasip.store.schema import match_pieces
from store_support import numbered

HOME_CARE = "Социальный работник по уходу на дому: покупает продукты, готовит обед, убирает."


def _piece(doc: Document) -> bytes:
    analyzer = document_analyzer(doc)
    return build_piece(document_entries(doc, analyzer), analyzer)


def _stored(registry: Registry) -> list[tuple[int, int]]:
    with registry.engine.connect() as conn:
        query = select(match_pieces.c.standard_id, match_pieces.c.version_id)
        return [(s, v) for s, v in conn.execute(query)]


def _changed(doc: Document, name: str) -> Document:
    first = doc.cards[0].model_copy(update={"name": name})
    return doc.model_copy(
        update={
            "source": doc.source.model_copy(update={"sha256": "2" * 64}),
            "cards": (first, *doc.cards[1:]),
        }
    )


def test_a_piece_reads_back_what_was_built() -> None:
    doc = seed_document()
    piece = read_piece(_piece(doc))
    assert [card[0] for card in piece.cards] == sorted(card.id for card in doc.cards)
    assert piece.entries == len(piece.arrays["entry_element"]) > len(piece.cards)
    # Each stored token is a known hash, and the piece's arrays point inside it.
    assert token_hash("әлеуметтік") in set(piece.arrays["tokens"].tolist())
    assert int(piece.arrays["post_token"].max()) < len(piece.arrays["tokens"])
    assert int(piece.arrays["post_entry"].max()) < piece.entries


def test_a_piece_of_another_format_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _piece(seed_document())
    monkeypatch.setattr(pieces, "FORMAT", pieces.FORMAT + 1)
    with pytest.raises(ValueError, match="format"):
        read_piece(data)


def test_joined_pieces_weigh_a_token_by_the_elements_of_every_standard() -> None:
    doc = seed_document()
    one = read_piece(_piece(doc))
    index = assemble([("a", one), ("b", one)], Analyzer(), rows=numbered([("a", one), ("b", one)]))
    alone = assemble([("a", one)], Analyzer(), rows=numbered([("a", one)]))
    assert index.size == 2 * alone.size and len(index.cards) == 2 * len(alone.cards)
    assert [c.standard for c in index.cards] == ["a"] * len(one.cards) + ["b"] * len(one.cards)
    token = index.token_id("әлеуметтік")
    single = alone.token_id("әлеуметтік")
    assert token is not None and single is not None
    elements = len({e.element_id for e in alone.entries})
    holding = len(
        {alone.entries[int(p)].element_id for p in alone.postings(single, loose=False)[0]}
    )
    assert float(alone.idf[single]) == pytest.approx(idf(elements, holding))
    assert float(index.idf[token]) == pytest.approx(idf(2 * elements, 2 * holding))
    # The second standard's entries follow the first's, with the same texts.
    assert index.entries[alone.size] == alone.entries[0]
    assert index.token_id("жоқсөзжоқ") is None


def test_joining_reads_the_pieces_twice_one_at_a_time_and_notices_a_change() -> None:
    one = read_piece(_piece(seed_document()))
    pieces = [("a", one), ("b", one)]
    reads: list[int] = []

    def source() -> Iterator[tuple[str, Piece]]:
        reads.append(1)
        yield from pieces

    streamed = assemble(source, Analyzer(), rows=numbered(pieces))
    held = assemble(pieces, Analyzer(), rows=numbered(pieces))
    assert len(reads) == 2
    assert np.array_equal(streamed.postings_of.entries, held.postings_of.entries)
    assert np.array_equal(streamed.entry_mass, held.entry_mass)
    assert np.array_equal(streamed.search.postings.entries, held.search.postings.entries)

    changing = iter([pieces, [("a", one), ("c", one)]])
    with pytest.raises(ValueError, match=r"the pieces changed while they were joined \(at c\)"):
        assemble(lambda: next(changing), Analyzer(), rows=numbered(pieces))


def test_the_postings_join_refuses_a_piece_with_tokens_it_did_not_survey() -> None:
    from kasip.search.postings import PostingsJoin

    whole = read_piece(_piece(seed_document())).postings()
    fewer = read_piece(_piece(seed_document().model_copy(update={"cards": []}))).postings()
    assert fewer.tokens < whole.tokens
    join = PostingsJoin()
    join.survey(fewer)
    join.start()
    with pytest.raises(ValueError, match="a piece changed between the passes"):
        join.add(whole)  # it holds tokens the surveyed piece did not
    join.add(fewer)


def test_an_empty_registry_joins_to_an_empty_index() -> None:
    index = assemble([], Analyzer(), rows=[])
    assert index.size == 0 and index.cards == [] and len(index.entries) == 0
    assert np.array_equal(index.entry_mass, np.zeros(0))


def test_each_new_version_stores_its_piece_and_an_unchanged_text_changes_nothing(
    tmp_path: object,
) -> None:
    with open_registry(f"sqlite:///{tmp_path}/pieces.db") as registry:
        registry.import_documents([seed_document()])
        [(standard, version)] = _stored(registry)
        registry.import_documents([seed_document()])  # unchanged: a no-op
        assert _stored(registry) == [(standard, version)]
        registry.import_documents([_changed(seed_document(), "Зергер")])
        [(same, newer)] = _stored(registry)
        assert same == standard and newer != version
        assert registry.match("Зергер қажет").matches[0].name == "Зергер"


def test_a_new_process_matches_from_the_stored_pieces_without_reading_the_cards(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/pieces.db"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
        expected = registry.match(HOME_CARE)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the card texts were read again")

    monkeypatch.setattr(pieces, "clauses", refuse)
    monkeypatch.setattr(stored, "read_document", refuse)
    with open_registry(url) as registry:
        found = registry.match(HOME_CARE)
    assert found == expected and found.matches[0].standard == SEED_KEY


def test_pieces_made_by_another_kasip_are_remade_when_the_registry_opens(
    tmp_path: object,
) -> None:
    url = f"sqlite:///{tmp_path}/pieces.db"
    with open_registry(url) as registry:
        registry.import_documents([seed_document()])
        expected = registry.match(HOME_CARE)
        generation = registry.generation()
        with registry.engine.begin() as conn:
            write_meta(conn, "match_version", "0:older")
            conn.execute(match_pieces.delete())
    with open_registry(url) as registry:
        assert len(_stored(registry)) == 1
        assert registry.generation() == generation + 1  # processes reload their index
        assert registry.match(HOME_CARE) == expected
        with registry.engine.connect() as conn:
            assert stored.pieces_are_current(conn)


def test_pieces_are_stored_and_joined_on_every_backend() -> None:
    def run(registry: Registry) -> tuple[int, str | None]:
        with registry.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(match_pieces)).scalar_one()
        return count, registry.match(HOME_CARE).matches[0].code

    sqlite, postgres = on_every_backend(seed_document(), run)
    assert sqlite == postgres and sqlite[0] == 1


@pytest.mark.anyio
async def test_the_server_loads_the_match_index_before_it_takes_requests(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest_web import client_for
    from kasip.api.app import create_app

    loads: list[int] = []
    load = stored.load_match_index

    def counted(conn: Connection, analyzer: Analyzer) -> MatchIndex:
        loads.append(1)
        return load(conn, analyzer)

    monkeypatch.setattr(stored, "load_match_index", counted)
    with open_registry(f"sqlite:///{tmp_path}/served.db") as registry:
        registry.import_documents([seed_document()])
        app = create_app(registry=registry)
        assert loads == []
        async with app.router.lifespan_context(app), client_for(app) as client:
            assert loads == [1]  # loaded at start-up, before any request
            answer = await client.post("/api/v1/match", json={"text": HOME_CARE})
            assert answer.status_code == 200 and answer.json()["matches"]
        assert loads == [1]


def test_joined_postings_and_masses_are_those_of_a_plain_reading_of_the_pieces() -> None:
    """The counting sort and the piece-by-piece masses against plain loops."""
    doc = seed_document()
    pieces = [
        ("a", read_piece(_piece(doc))),
        ("b", read_piece(_piece(_changed(doc, "Зергер")))),
        ("c", read_piece(_piece(doc))),
    ]
    index = assemble(pieces, Analyzer(), rows=numbered(pieces))
    expected: dict[int, list[tuple[int, int]]] = {}
    mass = [0.0] * index.size
    first = 0
    for _, piece in pieces:
        a = piece.arrays
        global_id = np.searchsorted(index.token_hashes, a["tokens"]).tolist()
        for entry, token, kind in zip(
            a["post_entry"], a["post_token"], a["post_kind"], strict=True
        ):
            expected.setdefault(global_id[token], []).append((first + int(entry), int(kind)))
        best: dict[int, float] = {}
        for word, token in zip(a["own_word"], a["own_token"], strict=True):
            best[int(word)] = max(best.get(int(word), 0.0), float(index.idf[global_id[token]]))
        for word, value in best.items():
            mass[first + int(a["word_entry"][word])] += value
        first += piece.entries
    found = index.postings_of
    for token in range(len(index.token_hashes)):
        begin, end = int(found.starts[token]), int(found.starts[token + 1])
        entries, kinds = found.entries[begin:end].tolist(), found.kinds[begin:end].tolist()
        pairs = list(zip(entries, kinds, strict=True))
        assert pairs == expected.get(token, []), token
    assert np.allclose(index.entry_mass, np.maximum(mass, 1e-9), rtol=1e-12, atol=0)
