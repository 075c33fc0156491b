"""Search (kasip.search) on SQLite FTS5 and PostgreSQL full text: the same tests on both."""

from __future__ import annotations

import pytest

from compare_support import seed_registry
from conftest_store import on_every_backend
from kasip.errors import NotFound
from kasip.model import Document
from kasip.registry import Registry, open_registry
from kasip.search.models import SearchHit, SearchResult
from kasip.store.meta import read_meta
from kasip.store.schema import registry_meta, search_entries
from store_support import downgrade

pytest_plugins = ["conftest_web"]


@pytest.fixture(scope="module")
def registry(seeded_registry: Registry) -> Registry:
    return seeded_registry


def marked(hit: SearchHit) -> list[str]:
    return [part.text for part in hit.snippet if part.hit]


def ids(result: SearchResult) -> list[str]:
    return [hit.element.id for hit in result.hits]


def test_kazakh_inflected_form_finds_the_others(registry: Registry) -> None:
    result = registry.search("құрбаны", limit=5)
    assert result.hits, "no hits"
    top = result.hits[0]
    assert "құрбандарына" in top.element.text.lower() or "құрбандары" in top.element.text.lower()
    assert any(m.lower().startswith("құрбан") for m in marked(top)), top.snippet
    # The snippet is the text, cut into pieces: nothing lost, nothing added.
    assert "".join(p.text for p in top.snippet) == top.element.text


def test_russian_inflected_query_finds_kazakh_card(registry: Registry) -> None:
    result = registry.search("социальных работников", limit=5)
    assert "3412-0-008@4" in ids(result)
    hit = next(h for h in result.hits if h.element.id == "3412-0-008@4")
    assert hit.element.type == "card" and hit.card.code == "3412-0-008" and hit.card.level == 4
    assert {m.lower() for m in marked(hit)} == {"әлеуметтік", "қызметкер"}


def test_russian_phrase_crosses_to_kazakh_items(registry: Registry) -> None:
    result = registry.search("жертвы бытового насилия", limit=5)
    assert result.hits
    assert all("құрбан" in h.element.text.lower() for h in result.hits[:3]), ids(result)


@pytest.mark.parametrize(
    "typed",
    [
        "әлеуметтик қызметкер",  # и for і
        "алеуметтик кызметкер",  # Russian keyboard: а for ә, и for і, к for қ
        "әлеуметік қызметкер",  # a dropped letter
        "социяльный работник",  # a Russian misspelling
    ],
)
def test_typos_are_tolerated_and_reported(registry: Registry, typed: str) -> None:
    result = registry.search(typed, limit=5)
    assert "3412-0-008@4" in ids(result), ids(result)
    assert result.corrections, "the correction is not reported"


def test_known_words_are_not_corrected(registry: Registry) -> None:
    assert registry.search("әлеуметтік қызметкер").corrections == ()


def test_filters_by_level_type_and_standard(registry: Registry) -> None:
    key = registry.list_standards()[0].key
    by_level = registry.search("әлеуметтік", level=7, limit=50)
    assert by_level.hits and {h.card.level for h in by_level.hits} == {7}
    by_type = registry.search("құқықтық актілер", types=["knowledge"], limit=50)
    assert by_type.hits and {h.element.type for h in by_type.hits} == {"knowledge"}
    assert registry.search("психолог", standard=key).hits
    with pytest.raises(NotFound):
        registry.search("психолог", standard="no-such-standard")
    with pytest.raises(ValueError, match="unknown element type"):
        registry.search("психолог", types=["skills"])


def test_terms_are_searched(registry: Registry) -> None:
    result = registry.search("біліктілік шеңбері", types=["term"], limit=5)
    assert result.hits and result.hits[0].element.type == "term"
    assert result.hits[0].card.code is None


def test_hits_are_ranked_and_grouped_by_card(registry: Registry) -> None:
    result = registry.search("психологиялық кеңес беру", limit=30)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    grouped = [h for g in result.groups for h in g.hits]
    assert sorted(h.element.id for h in grouped) == sorted(ids(result))
    for group in result.groups:
        assert {h.card.id for h in group.hits} == {group.card.id}
        assert group.score == group.hits[0].score
    assert [g.score for g in result.groups] == sorted(
        (g.score for g in result.groups), reverse=True
    )


def test_limit_and_empty_queries(registry: Registry) -> None:
    assert len(registry.search("әлеуметтік", limit=3).hits) == 3
    assert registry.search("").hits == ()
    assert registry.search("   ; , 12").hits == ()
    assert registry.search("және").hits == ()  # stop words only
    assert registry.search("xyzzyqwerty").hits == ()


def test_unrelated_query_finds_nothing_relevant(registry: Registry) -> None:
    assert registry.search("дәнекерлеу аппараты").hits == ()
    assert registry.search("бухгалтерский баланс").hits == ()


def test_same_results_on_every_backend(seed_document: Document) -> None:
    sqlite, postgres = on_every_backend(
        seed_document, lambda reg: [ids(reg.search(q, limit=10)) for q in QUERIES]
    )
    assert sqlite == postgres


QUERIES = ["құрбаны", "социальных работников", "кейс-менеджмент", "әлеуметтик", "супервизия"]


def test_new_version_replaces_the_searched_text(seed_document: Document) -> None:
    text = seed_document.source
    assert text is not None
    with seed_registry() as reg:
        assert reg.search("супервизор").hits
        changed = seed_document.model_copy(
            update={
                "source": seed_document.source.model_copy(update={"sha256": "0" * 64}),
                "cards": seed_document.cards[:1],
            }
        )
        reg.import_documents([changed])
        assert reg.search("супервизор").hits == ()  # only the latest version is searched
        assert reg.search("бөлімшесінің бастығы").hits


def test_migration_indexes_a_registry_made_before_search(
    tmp_path: object, seed_document: Document
) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    with open_registry(url) as reg:
        reg.import_documents([seed_document])
        downgrade(url, "0001")
    with open_registry(url) as reg:  # upgrades to head, which indexes the old data
        assert "3412-0-008@4" in ids(reg.search("әлеуметтік қызметкер"))


def test_migrations_keep_the_index_state(tmp_path: object, seed_document: Document) -> None:
    # Migration 0004 moves the index's state from search_meta to registry_meta (and back).
    url = f"sqlite:///{tmp_path}/moved.db"
    state = ("generation", "keys_version")
    with open_registry(url) as reg:
        reg.import_documents([seed_document])
        with reg.engine.connect() as conn:
            before = [read_meta(conn, key) for key in state]
        downgrade(url, "0003")
    with open_registry(url) as reg, reg.engine.connect() as conn:  # not re-keyed
        generation, keys = (read_meta(conn, key) for key in state)
        assert keys == before[1]
        # The downgrade dropped the match pieces (0006): remade on opening, one
        # change of the registry's state.
        assert int(generation or 0) == int(before[0] or 0) + 1


@pytest.mark.parametrize("query", ["арнаулы әлеуметтік қызметтер ұғымы", "что такое ОРК"])
def test_a_definition_question_puts_terms_first(registry: Registry, query: str) -> None:
    top = registry.search(query, limit=3).hits[0]
    assert top.element.type in {"term", "abbreviation"}, top


def test_a_new_version_with_as_many_elements_is_searched_at_once(seed_document: Document) -> None:
    # SQLite reuses the row ids of the replaced entries: caches must still see the change.
    with seed_registry() as reg:
        assert reg.search("зергер").hits == ()
        first = seed_document.cards[0].model_copy(update={"name": "Зергер"})
        changed = seed_document.model_copy(
            update={
                "source": seed_document.source.model_copy(update={"sha256": "1" * 64}),
                "cards": (first, *seed_document.cards[1:]),
            }
        )
        reg.import_documents([changed])
        [hit] = reg.search("зергер").hits
        assert hit.element.id == first.id and hit.score < 2
        assert reg.match("Зергер қажет, зергерлік бұйымдар жасау").matches[0].name == "Зергер"


def test_an_index_keyed_by_another_analysis_is_rekeyed_on_open(
    tmp_path: object, seed_document: Document
) -> None:
    url = f"sqlite:///{tmp_path}/old-keys.db"
    with open_registry(url) as reg:
        reg.import_documents([seed_document])
        with reg.engine.begin() as conn:
            conn.execute(search_entries.update().values(keys="", xkeys=""))
            conn.execute(
                registry_meta.update()
                .where(registry_meta.c.key == "keys_version")
                .values(value="an older kasip")
            )
        assert reg.search("әлеуметтік қызметкер").hits == ()
    with open_registry(url) as reg:
        assert "3412-0-008@4" in ids(reg.search("әлеуметтік қызметкер"))


@pytest.mark.parametrize(
    ("query", "cards"),
    [
        ("2635-3-001", ["2635-3-001@4", "2635-3-001@5", "2635-3-001@6"]),
        ("3412-008 әлеуметтік", ["3412-0-008@4", "3412-0-008@5"]),  # the short form
    ],
)
def test_an_occupation_code_finds_its_cards_first(
    registry: Registry, query: str, cards: list[str]
) -> None:
    assert ids(registry.search(query, limit=10))[: len(cards)] == cards
    assert registry.search("9999-9-999").hits == ()
