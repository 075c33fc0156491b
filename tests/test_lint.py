"""The checker for authors (issue 9, item 7): each layout rule on a draft that breaks it.

Drafts are the Russian fixture card (``card_basic``) and the bundled standard, with
one row changed each; every rule is checked for the finding it must give, at its
line, and for silence on the text that keeps the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from helpers_parse import load_card_fixture, read_seed
from kasip.i18n import LANGUAGES, translations
from kasip.lint import Finding, lint_document
from kasip.model.vocabulary import LAYOUT_RULES
from kasip.parse import parse_standard

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "kasip"


def lint(text: str) -> list[Finding]:
    return list(lint_document(parse_standard(text), text))


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def card(replace: dict[str, str]) -> str:
    """The fixture card with a row replaced by its label (``""`` deletes the row)."""
    text = load_card_fixture("ru", "card_basic")
    lines = []
    for line in text.split("\n"):
        label = line.split("\t", 1)[0]
        if label in replace:
            if replace[label]:
                lines.append(replace[label])
            continue
        lines.append(line)
    return "\n".join(lines)


BASIC = card({})
# card_basic's list of occupations names levels 4-6; its one card is level 4.
LIST_ONLY = {"layout-occupation-list"}


def test_the_fixture_card_breaks_no_rule_but_the_list_of_occupations() -> None:
    found = lint(BASIC)
    assert set(rules(found)) == LIST_ONLY
    assert [f.values["level"] for f in found] == [5, 6]
    assert all(f.line == line_of(BASIC, "1) специалист по социальной") for f in found)


@pytest.mark.parametrize(
    ("label", "row"),
    [
        ("Требования к личностным компетенциям", "personal competencies"),
        ("Связь с другими профессиями в рамках ОРК", "related occupations"),
        ("Уровень профессионального образования", "education and experience"),
    ],
)
def test_a_card_without_a_required_row(label: str, row: str) -> None:
    text = card({label: ""})
    found = [f for f in lint(text) if f.rule == "layout-row-missing"]
    assert [f.values["row"] for f in found] == [row]
    assert found[0].line == line_of(text, "Карточка профессии")
    assert found[0].text() == f"card 2635-3-001@4: no row “{row}”"


def test_a_row_the_parser_reports_missing_is_reported_once() -> None:
    # No level: the parser's level-missing says so; the layout rule stays silent.
    text = card({"Уровень квалификации по ОРК": ""})
    doc = parse_standard(text)
    assert "level-missing" in {d.code for d in doc.diagnostics}
    assert "layout-row-missing" not in rules(list(lint_document(doc, text)))


def test_a_code_outside_the_group_of_its_group_row() -> None:
    text = card({"Код профессии": "Код профессии\t|\t2635-3-001\nКод группы:\t|\t2634-0"})
    found = [f for f in lint(text) if f.rule == "layout-code-group"]
    assert len(found) == 1
    assert found[0].expected == "2634"
    assert found[0].found == "2635-3-001"
    same = card({"Код профессии": "Код профессии\t|\t2635-3-001\nКод группы:\t|\t2635-3"})
    assert "layout-code-group" not in rules(lint(same))


def test_a_code_outside_the_passport_groups() -> None:
    head = "7. Профессиональная группа:\n\n"
    text = BASIC.replace(head + "специалисты", head + "2634 специалисты")
    found = [f for f in lint(text) if f.rule == "layout-code-group"]
    assert [f.values["groups"] for f in found] == ["2634"]
    assert "layout-code-group" not in rules(lint(text.replace("2634 специалисты", "2635 спец")))


def test_a_code_not_in_the_classifier_form() -> None:
    text = card({"Код профессии": "Код профессии\t|\t2635 «Специалисты по социальной работе»"})
    doc = parse_standard(text)
    found = [f for f in lint_document(doc, text) if f.rule == "layout-code-format"]
    parser = {d.code for d in doc.diagnostics}
    # Either the parser says it (code-missing) or the rule does, never both.
    assert bool(found) != ("code-missing" in parser)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("4 (4.1, 5.2)", "is not a sublevel of its level"),
        ("4 (4.1, 4.1)", "is written twice"),
        ("4 (4.2, 4.1)", "is out of order"),
    ],
)
def test_sublevels_of_the_card_level_once_in_order(written: str, message: str) -> None:
    text = card({"Уровень квалификации по ОРК": f"Уровень квалификации по ОРК\t|\t{written}"})
    found = [f for f in lint(text) if f.rule == "layout-sublevel"]
    assert len(found) == 1, found
    assert found[0].text().endswith(message)


def test_a_function_without_knowledge() -> None:
    text = card(
        {
            "Знания:1. Теория и практика социальной работы;2. Основы психологии, педагогики,"
            " геронтологии, этики;3. Специфика работы в различной социальной среде.": ""
        }
    )
    found = lint(text)
    assert "layout-function-without-knowledge" in rules(found)
    assert "layout-function-without-skills" not in rules(found)
    (finding,) = [f for f in found if f.rule == "layout-function-without-knowledge"]
    assert finding.line == line_of(text, "Трудовая функция 1:")


def test_task_numbers_repeated_or_skipped() -> None:
    packed = load_card_fixture("ru", "tasks_packed")
    assert not [f for f in lint(packed) if f.rule.startswith("layout-numbering")]
    text = packed.replace("Задача 2:Создание команды", "Задача 1:Создание команды", 1)
    found = [f for f in lint(text) if f.rule.startswith("layout-numbering")]
    assert rules(found) == ["layout-numbering-duplicate"]
    assert found[0].text() == "tasks: number 1 is written twice"
    assert found[0].line == line_of(text, "Трудовая функция 1:")
    skipped = packed.replace("Задача 2:Создание команды", "Задача 3:Создание команды", 1)
    found = [f for f in lint(skipped) if f.rule.startswith("layout-numbering")]
    assert [f.text() for f in found] == ["tasks: number 3 follows 1"]


def test_a_list_number_repeated_on_its_own_line_is_a_new_item() -> None:
    # A Word list typed "1. 2. 2." gives one line per entry: three items, the
    # parser says the number repeats, and the layout rule does not say it again.
    skills = (
        "Умения и навыки:1. Организация мероприятий;\n2. Анализ качества;\n"
        "2. Разработка предложений.\nЗнания:1. Теория"
    )
    text = re.sub(
        r"Умения и навыки:1\. Организация.*?\nЗнания:1\. Теория", skills, BASIC, count=1, flags=re.S
    )
    doc = parse_standard(text)
    unit = doc.cards[0].functions[0].tasks[0]
    assert [i.text for i in unit.skills] == [
        "Организация мероприятий",
        "Анализ качества",
        "Разработка предложений.",
    ]
    assert [d.code for d in doc.diagnostics] == ["numbering-repeat"]
    assert "layout-numbering-duplicate" not in rules(list(lint_document(doc, text)))


def test_a_numbering_gap_the_parser_reports_is_reported_once() -> None:
    doc_text = load_card_fixture("ru", "numbering_gap")
    doc = parse_standard(doc_text)
    gaps = {d.line for d in doc.diagnostics if d.code == "numbering-gap"}
    assert gaps
    lines = {f.line for f in lint_document(doc, doc_text) if f.rule == "layout-numbering-gap"}
    assert not gaps & lines


def test_an_item_repeated_in_another_function_of_the_card() -> None:
    seed = read_seed()
    found = [f for f in lint(seed) if f.rule == "layout-item-repeated"]
    assert len(found) == 4
    assert all(f.severity == "info" for f in found)
    first = found[0]
    assert first.values["item"] == "Әлеуметтік психология, жеке және кіші топтар психологиясы."
    assert first.line == 285


def test_the_bundled_standard_findings() -> None:
    # What the approved Kazakh text itself breaks (read by hand): an additional function
    # named without skills or knowledge (2635-9-001@6), a task list opening at
    # "2-міндет", and items repeated word for word in two functions.
    found = lint(read_seed())
    assert rules(found) == [
        "layout-function-without-skills",
        "layout-function-without-knowledge",
        "layout-numbering-gap",
        "layout-item-repeated",
        "layout-item-repeated",
        "layout-item-repeated",
        "layout-item-repeated",
    ]
    assert found[0].element_id is not None and found[0].element_id.startswith("2635-9-001@6")


def test_a_missing_section_of_the_standard() -> None:
    text = re.sub(r"8\. Профессиональная подгруппа:\n\n[^\n]*\n\n", "", BASIC)
    assert "подгруппа" not in text
    sections = [f.values["section"] for f in lint(text) if f.rule == "layout-section-missing"]
    assert sections == ["occupational subgroups (passport)"]


def test_findings_without_the_text_stand_at_their_element_line() -> None:
    doc = parse_standard(BASIC)
    with_text = lint_document(doc, BASIC)
    without = lint_document(doc, None)
    assert [(f.rule, f.line) for f in without] == [(f.rule, f.line) for f in with_text]
    assert {f.column for f in without} == {0}


def test_every_rule_is_documented() -> None:
    doc = (ROOT / "docs" / "checker.md").read_text(encoding="utf-8")
    assert [rule for rule in LAYOUT_RULES if f"`{rule}`" not in doc] == []


def _marked_messages() -> set[str]:
    found: set[str] = set()
    for path in [*(SOURCES / "lint").glob("*.py"), SOURCES / "pages" / "drafts.py"]:
        for _, message, _, _ in extract_from_file("python", path, keywords={"N_": None}):
            assert isinstance(message, str)
            found.add(message)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_layout_message_is_translated(lang: str) -> None:
    marked = _marked_messages()
    assert len(marked) > 60
    gettext = translations(lang).gettext
    untranslated = sorted(m for m in marked if lang != "en" and gettext(m) == m)
    assert untranslated == []
    placeholders = re.compile(r"%\(\w+\)s")
    for message in marked:
        assert set(placeholders.findall(gettext(message))) == set(placeholders.findall(message))


def test_a_finding_in_kazakh_and_russian() -> None:
    text = card({"Требования к личностным компетенциям": ""})
    (finding,) = [f for f in lint(text) if f.rule == "layout-row-missing"]
    assert finding.text(translations("ru").gettext) == (
        "карточка 2635-3-001@4: нет строки «требования к личностным компетенциям»"
    )
    assert finding.text(translations("kk").gettext) == (
        "2635-3-001@4 карточкасы: «жеке құзыреттерге қойылатын талаптар» жолы жоқ"
    )


def test_a_function_numbering_gap_is_reported_beside_an_item_gap_on_its_line() -> None:
    # One text row holds the function label and its lists: the parser's item gap on
    # that line must not hide the rule's function numbering.
    text = BASIC.replace("Трудовая функция 1:", "Трудовая функция 2:").replace(
        "2. Анализ качества", "4. Анализ качества"
    )
    doc = parse_standard(text)
    assert "numbering-gap" in {d.code for d in doc.diagnostics}
    found = [f.text() for f in lint_document(doc, text) if f.rule == "layout-numbering-gap"]
    assert found == ["labour functions: numbering starts at 2"]


def test_findings_stand_on_the_parsers_lines_whatever_the_line_ends() -> None:
    text = card({"Требования к личностным компетенциям": ""})
    lf = [(f.rule, f.line, f.column) for f in lint(text)]
    for ending in ("\r\n", "\r"):
        other = text.replace("\n", ending)
        assert [(f.rule, f.line, f.column) for f in lint(other)] == lf


def test_a_row_filled_with_a_dash_is_there() -> None:
    # "-" in "Связь с другими профессиями" says the card has none: the row is filled.
    label = "Связь с другими профессиями в рамках ОРК"
    assert "layout-row-missing" not in rules(lint(card({label: f"{label}\t|\t-"})))
    empty = lint(card({label: f"{label}\t|\t"}))
    assert [f.values["row"] for f in empty if f.rule == "layout-row-missing"] == [
        "related occupations"
    ]
