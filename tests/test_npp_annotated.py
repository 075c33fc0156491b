"""Real Word and PDF standards against expectations written by reading them (issue 9, item 6).

``tests/fixtures/npp/<name>.expected.json`` annotate the 18 NPP standards of
``tests/corpus/npp/`` (Atameken, ICT, 2017-2022): they were written by people
reading each document (python-docx / pdftotext dumps and rendered pages), never
by running kasip, and each lists its judgement calls under ``notes``::

    {"document", "title", "language",
     "cards": [{"code": "NNNN-N-NNN" | null, "group"?: "NNNN", "level", "sublevels",
                "name", "other_names": [str],
                "functions": [{"kind", "title",
                               "units": [{"title", "skills": n, "knowledge": n,
                                          "skill_texts"?: [str],
                                          "knowledge_texts"?: [str]}]}],
                "summary_only"?: [str]}],
     "notes": [str]}

A function without tasks has one unit titled ``""``. ``scripts/annotation_report.py``
compares kasip's reading with them, element by element; the disagreements kasip
has today are committed in ``tests/reports/npp-annotated.txt`` (each is either a
parser limit, named in the closing note of issue 9, or an annotation call kasip
reads otherwise). The test fails when a change adds a disagreement or removes one
(then the report is written again with ``--write``, and the gain is in the commit).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpus_cache
from helpers_scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "npp"
CORPUS = ROOT / "tests" / "corpus" / "npp"
REPORT = ROOT / "tests" / "reports" / "npp-annotated.txt"


report = load_script("annotation_report")


@pytest.fixture(autouse=True)
def _read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_cache.read_once(monkeypatch, report)


NAMES = sorted(p.name.removesuffix(".expected.json") for p in EXPECTED.glob("*.expected.json"))


def test_every_document_of_the_corpus_is_annotated() -> None:
    documents = sorted(
        p.name.removesuffix(p.suffix) for p in CORPUS.iterdir() if p.suffix in (".docx", ".pdf")
    )
    assert documents == NAMES
    assert len(NAMES) == 18


@pytest.mark.parametrize("name", NAMES)
def test_an_annotation_is_consistent(name: str) -> None:
    expected = json.loads((EXPECTED / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert (CORPUS / expected["document"]).is_file()
    assert expected["cards"] and expected["notes"]
    for card in expected["cards"]:
        assert card["level"] in range(1, 9)
        assert card["code"] is None or len(card["code"]) == 10
        for function in card["functions"]:
            assert function["kind"] in ("mandatory", "additional")
            for unit in function["units"]:
                for key, texts in (("skills", "skill_texts"), ("knowledge", "knowledge_texts")):
                    if texts in unit:
                        assert len(unit[texts]) == unit[key], (card["name"], unit["title"])


def test_kasip_reads_the_corpus_as_the_committed_report_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = report.main(["--report", str(REPORT), "--check"])
    out = capsys.readouterr().out
    assert code == 0, out


def test_the_agreement_stays_above_its_floor() -> None:
    # Independent of the committed list: the share of annotated items that sit in
    # lists kasip reads exactly as annotated (count, and texts where given).
    _, total = report.run()
    assert total.cards_found == total.cards
    assert total.items_in_agreeing_lists / total.items >= 0.9


def test_every_document_imports_as_a_standard_of_its_own() -> None:
    # Eleven of them are annexes of one order (NPP No 222 of 05.12.2022): each must
    # be its own standard, not a version of another; none may be refused.
    from corpus_cache import parse_standard, read_document
    from kasip.registry import open_registry

    docs = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".docx", ".pdf"):
            doc = parse_standard(read_document(path).text, source_name=path.name)
            assert not doc.has_errors, [d for d in doc.diagnostics if d.severity == "error"]
            docs.append(doc)
    with open_registry("sqlite://") as registry:
        results = registry.import_documents(docs)
        assert [r.status for r in results] == ["created"] * 18
        keys = {r.key for r in results}
        assert len(keys) == 18
        assert "222-2022-12-05-annex-4-ru" in keys
        assert "259-2019-12-24-annex-36-ru" in keys
        assert "171-2017-07-17-annex-8-ru" in keys


@pytest.mark.parametrize(
    ("name", "occupations"),
    [
        # The table "Перечень карточек профессий | name | 5-7-й уровни ОРК" (Word).
        (
            "npp-it-04-infrastructure-security.ru.docx",
            [
                ("Специалист по вопросам безопасности (ИКТ)", (5, 6, 7)),
                ("Специалист по защите информации", (5, 6, 7)),
                ("Специалист-криминалист по цифровым технологиям", (6, 7)),
                ("Шифровальщик данных", (5, 6, 7)),
            ],
        ),
        # One row per level, the name once (Word), or merged down (PDF).
        ("npp-it-01-database-administration.ru.docx", [("Администратор баз данных", (4, 5, 6))]),
        (
            "npp-it-pdf-55-software-developers-testers.ru.pdf",
            [
                ("Проектировщик программного обеспечения", (4, 5, 6)),
                ("Разработчик программного обеспечения", (3, 4, 5)),
                ("Специалист по поддержке программных продуктов", (3, 4, 5)),
                ("Разработчик мобильных приложений", (4, 5, 6)),
                ("Специалист по тестированию приложений", (4, 5, 6)),
            ],
        ),
    ],
)
def test_the_list_of_occupations_of_the_npp_layouts_is_read(
    name: str, occupations: list[tuple[str, tuple[int, ...]]]
) -> None:
    from corpus_cache import parse_standard, read_document
    from kasip.lint import lint_document

    text = read_document(CORPUS / name).text
    doc = parse_standard(text)
    assert [(o.name, o.levels) for o in doc.standard.occupations] == occupations
    # The list agrees with the cards, so the checker has nothing to say of it.
    rules = {f.rule for f in lint_document(doc, text)}
    assert "layout-occupation-list" not in rules
    assert all(
        f.values.get("section") != "list of occupations"
        for f in lint_document(doc, text)
        if f.rule == "layout-section-missing"
    )


@pytest.mark.parametrize(
    ("name", "groups", "subgroups"),
    [
        # "Названия группы | Основная группа: … / Профессиональная группа: … / …подгруппа: …"
        (
            "npp-it-01-database-administration.ru.docx",
            ("Внедрение и администрирование систем управления БД",),
            ("Внедрение и сопровождение БД",),
        ),
        # Group and subgroup on one line.
        ("npp-it-07-software-development.ru.docx", ("Разработка ПО",), ("Кодирование ПО",)),
    ],
)
def test_the_npp_passport_table_gives_the_groups(
    name: str, groups: tuple[str, ...], subgroups: tuple[str, ...]
) -> None:
    from corpus_cache import parse_standard, read_document

    passport = parse_standard(read_document(CORPUS / name).text).standard.passport
    assert (passport.groups, passport.subgroups) == (groups, subgroups)
