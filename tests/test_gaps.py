"""Gap analysis against a card and the development plan (issue 14, item 2): the library.

On the seed standard's cards: ratings read from CSV and XLSX files (problems
named by row and column), tallies per labour function, what the next level
adds, the plan's order and dates, the workbook read back, the chart.
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from compare_support import seed_document
from kasip.errors import ImportRejected, InvalidInput
from kasip.formats.tables import table_xlsx
from kasip.gaps.analysis import analyse, card_elements
from kasip.gaps.files import gaps_xlsx, ratings_csv
from kasip.gaps.models import ElementRating
from kasip.gaps.next_level import next_card, next_level
from kasip.gaps.plan import PlanChoice, add_months, build_plan
from kasip.gaps.ratings import rating_of, read_ratings
from kasip.model import ProfessionCard
from kasip.pages.gap_svg import gap_chart

SOCIAL_WORKER = "2635-3-001@4"


def _card(card_id: str = SOCIAL_WORKER) -> ProfessionCard:
    return next(c for c in seed_document().cards if c.id == card_id)


def _rated(card: ProfessionCard) -> list[ElementRating]:
    """Every element rated in turn fully, partly, not yet, and left unrated."""
    cycle = ("fully", "partly", "not-yet", None)
    return [
        ElementRating(element=e.id, rating=cycle[n % 4]) for n, e in enumerate(card_elements(card))
    ]


def test_every_skill_and_knowledge_element_is_rated_once_per_function() -> None:
    card = _card()
    elements = card_elements(card)
    ids = [e.id for e in elements]
    assert len(ids) == len(set(ids)) > 30
    assert {e.type for e in elements} == {"skill", "knowledge"}
    analysis = analyse(card, _rated(card))
    total = analysis.skills.total + analysis.knowledge.total
    assert total == len(elements)
    assert sum(f.skills.total + f.knowledge.total for f in analysis.functions) == total
    assert analysis.skills.fully + analysis.knowledge.fully == len(elements[::4])
    assert len(analysis.unrated) == len(elements[3::4])
    # Everything but "fully" is a gap, the unrated elements included.
    assert len(analysis.gaps) == total - len(elements[::4])
    assert 0 < analysis.score < 1


def test_a_rating_of_another_cards_element_or_twice_is_refused() -> None:
    card = _card()
    with pytest.raises(InvalidInput, match="not a skill or knowledge element"):
        analyse(card, [ElementRating(element="2635-3-001@5/f1/t1/s1", rating="fully")])
    first = card_elements(card)[0].id
    with pytest.raises(InvalidInput, match="rated twice"):
        analyse(card, [ElementRating(element=first), ElementRating(element=first)])


@pytest.mark.parametrize(
    ("word", "rating"),
    [
        ("Fully", "fully"),
        ("частично", "partly"),
        ("ЖОҚ", "not-yet"),
        ("not yet", "not-yet"),
        ("2", "fully"),
        ("", None),
        ("толық", "fully"),
    ],
)
def test_ratings_are_read_in_three_languages(word: str, rating: str | None) -> None:
    assert rating_of(word) == rating


def test_the_ratings_file_round_trips_and_names_each_problem() -> None:
    card = _card()
    given = _rated(card)
    data = ratings_csv(card, given)
    assert read_ratings(data, name="r.csv", card=card) == [g for g in given]
    # Russian headers and an XLSX workbook are read alike.
    rows = [(g.element, g.rating or "") for g in given[:3]]
    book = table_xlsx({"Оценки": (("Элемент", "Оценка"), rows)})
    assert [r.element for r in read_ratings(book, name="r.xlsx", card=card)] == [
        g.element for g in given[:3]
    ]
    first, second = card_elements(card)[:2]
    bad = (
        "element,rating,evidence\n"
        f"{first.id},maybe,\n"
        f"{second.id},fully,\n"
        f"{second.id},partly,\n"
        "2635-3-001@5/f1/t1/s1,fully,\n"
        ",fully,\n"
    ).encode()
    with pytest.raises(ImportRejected) as caught:
        read_ratings(bad, name="r.csv", card=card)
    assert caught.value.problems == (
        "r.csv: row 2, column rating: 'maybe' is not a rating (not-yet, partly or fully)",
        f"r.csv: row 4, column element: {second.id} again",
        "r.csv: row 5, column element: 2635-3-001@5/f1/t1/s1 is not a skill or knowledge "
        f"element of card {card.id}",
        "r.csv: row 6, column element: no element ID",
    )
    # Other usual column names are read, and a column of the worker's own is left out.
    other = f"Element ID;Level;Comment;Function\n{first.id};Not_yet;;f1\n".encode()
    assert read_ratings(other, name="r.csv", card=card) == [
        ElementRating(element=first.id, rating="not-yet")
    ]
    with pytest.raises(ImportRejected, match="row 1: no column 'rating'"):
        read_ratings(b"element\nx\n", name="r.csv")


def test_the_next_level_adds_what_the_higher_card_asks_beyond_this_one() -> None:
    document = seed_document()
    low = _card("2634-4-001@6")
    high = next_card(low, document.cards)
    assert high is not None
    assert high.id == "2634-4-001@7"
    assert next_card(high, document.cards) is None
    adds = next_level(low, high).adds
    assert adds
    low_texts = {e.text for e in card_elements(low)}
    high_ids = {e.id for e in card_elements(high)}
    for add in adds:
        assert add.id in high_ids
        assert add.text not in low_texts or add.status == "changed"


def test_the_plan_takes_mandatory_functions_first_and_spreads_them_over_the_months() -> None:
    card = _card("2634-4-001@7")
    analysis = analyse(card, [])
    plan = build_plan(analysis, start=date(2027, 1, 31), months=12, lang="ru")
    assert len(plan.items) == len(card_elements(card))
    assert [i.number for i in plan.items] == list(range(1, len(plan.items) + 1))
    kinds = {f.id: f.kind for f in card.functions}
    order = [kinds[i.function_id] for i in plan.items]
    assert order == sorted(order, key=lambda k: k != "mandatory")
    dates = [i.target for i in plan.items]
    assert dates == sorted(dates)
    assert dates[-1] == date(2028, 1, 31)
    assert plan.items[0].action.startswith("Изучить")  # knowledge first, in Russian
    # A user's own action and date stand; the rest keep the defaults.
    first = plan.items[0].element_id
    choice = PlanChoice(action="Курс повышения квалификации", target=date(2027, 3, 1))
    chosen = build_plan(analysis, start=date(2027, 1, 31), lang="kk", choices={first: choice})
    assert (chosen.items[0].action, chosen.items[0].target) == (choice.action, choice.target)
    assert chosen.items[1].action.startswith("Оқып-үйрену")
    with pytest.raises(ValueError, match="1 to 60 months"):
        build_plan(analysis, start=date(2027, 1, 1), months=0)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_the_workbook_holds_the_functions_the_elements_and_the_plan() -> None:
    from openpyxl import load_workbook

    card = _card()
    analysis = analyse(card, _rated(card))
    plan = build_plan(analysis, start=date(2027, 1, 1), lang="kk")
    book = load_workbook(io.BytesIO(gaps_xlsx(analysis, plan, lang="kk")), read_only=True)
    assert book.sheetnames == ["Еңбек функциялары", "Элементтер", "Даму жоспары"]
    plan_rows = list(book["Даму жоспары"].iter_rows(values_only=True))
    assert plan_rows[0][-1] == "Мерзімі"
    assert len(plan_rows) == len(plan.items) + 1
    assert plan_rows[1][2] == plan.items[0].element_id
    elements = list(book["Элементтер"].iter_rows(values_only=True))
    assert {row[3] for row in elements[1:]} == {"толық", "ішінара", "әлі жоқ", "бағаланбаған"}


def test_the_chart_draws_each_function_by_rating() -> None:
    card = _card()
    analysis = analyse(card, _rated(card))
    svg = gap_chart(analysis, lambda s: s)
    assert svg.startswith("<svg") and 'role="img"' in svg
    for function in analysis.functions:
        total = function.skills.total + function.knowledge.total
        assert f"fully {function.skills.fully + function.knowledge.fully}/{total}" in svg
