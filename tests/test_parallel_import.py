"""Many new texts are read in worker processes while the import writes (issue 11).

The registry they make must be the one a reading in place makes, byte for byte.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from compare_support import seed_document
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
