"""The card PDF: WeasyPrint output checked with poppler (pdftoppm, pdffonts, pdftotext).

Typesetting needs Pango and the DejaVu fonts, the checks need poppler-utils;
``scripts/test.sh`` installs them where it can (and must, under ``CI=true``).
Elsewhere these tests skip and say which part is missing.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kasip.model import Document
from kasip.model.elements import display_text
from kasip.pages.models import CardPage
from kasip.parse import parse_standard
from kasip.pdf import render_card_html
from kasip.registry import Registry, open_registry

SEED_NAME = "psychological-and-social-work.kk.txt"
CARD_ID = "2635-3-001@5"
CARD_NAME = "Әлеуметтік жұмыс жөніндегі маман"
GENERATED = date(2026, 1, 15)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
POPPLER = ("pdftoppm", "pdffonts", "pdftotext")


def _weasyprint_problem() -> str | None:
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: Pango or another library is missing
        return f"WeasyPrint cannot load ({exc}); install libpango-1.0-0 libpangoft2-1.0-0"
    return None


def _has_dejavu() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(
        ["fc-list", ":family=DejaVu Sans", "family"], capture_output=True, text=True, check=False
    )
    return bool(found.stdout.strip())


WEASYPRINT_PROBLEM = _weasyprint_problem()
needs_weasyprint = pytest.mark.skipif(
    WEASYPRINT_PROBLEM is not None, reason=WEASYPRINT_PROBLEM or ""
)
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in POPPLER),
    reason="poppler-utils (pdftoppm, pdffonts, pdftotext) is not installed",
)
# Without DejaVu, Pango picks fonts that lack most Kazakh letters.
needs_dejavu = pytest.mark.skipif(
    not _has_dejavu(), reason="fonts-dejavu-core (DejaVu Sans) is not installed"
)


@pytest.fixture(scope="module")
def seed_document(seed_text: str) -> Document:
    return parse_standard(seed_text, source_name=SEED_NAME)


@pytest.fixture(scope="module")
def registry(seed_document: Document) -> Iterator[Registry]:
    with open_registry("sqlite://") as reg:
        reg.import_documents([seed_document])
        yield reg


@pytest.fixture(scope="module")
def card_page(registry: Registry) -> CardPage:
    from kasip.pages import build_card

    return build_card(registry, CARD_ID)


@pytest.fixture(scope="module")
def card_pdf(card_page: CardPage, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kasip.pdf import render_card_pdf

    path = tmp_path_factory.mktemp("pdf") / "card.pdf"
    path.write_bytes(render_card_pdf(card_page, generated=GENERATED))
    return path


def _run(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def _words(text: str) -> str:
    """Whitespace folded, so line breaks chosen by the typesetter do not matter."""
    return re.sub(r"\s+", " ", text).strip()


def test_card_html_has_structure_and_escapes(card_page: CardPage) -> None:
    html = render_card_html(card_page, generated=GENERATED)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="kk">' in html
    assert f"<h1>{CARD_NAME}</h1>" in html
    assert "2635-3-001" in html
    assert "2026-01-15" in html
    # Labels follow the language asked for.
    assert '<html lang="ru">' in render_card_html(card_page, lang="ru")
    # Source text reaches the page escaped: quotes in law titles stay text.
    assert '"Халық денсаулығы' not in html
    assert "&#34;Халық денсаулығы" in html


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "kk",
            [
                "Кәсіптік стандарт:",
                "30.05.2019 № 292 бұйрығымен бекітілген",
                "<dt>Кәсіп коды:</dt>",
                "Еңбек функциясы 1.",
                "(міндетті; жолдар",
                "Міндет 1.",
                "<h4>Білім</h4>",
                "жол 193",
                '"Бет " counter(page)',
                "Дереккөз мәтіні:",
            ],
        ),
        (
            "ru",
            [
                "Профессиональный стандарт:",
                "Утверждён приказом № 292 от 30.05.2019",
                "<dt>Код профессии:</dt>",
                "Трудовая функция 1.",
                "(обязательная; строки",
                "Задача 1.",
                "<h4>Навыки и умения</h4>",
                "стр. 193",
                '"Стр. " counter(page)',
                "Исходный текст:",
            ],
        ),
        (
            "en",
            [
                "Professional standard:",
                "Approved by order No 292 of 30.05.2019",
                "<dt>Occupation code:</dt>",
                "Labour function 1.",
                "(mandatory; lines",
                "Task 1.",
                "<h4>Skills and abilities</h4>",
                "line 193",
                '"Page " counter(page)',
                "Source text:",
            ],
        ),
    ],
)
def test_card_html_labels_come_from_the_catalogues(
    card_page: CardPage, lang: str, labels: list[str]
) -> None:
    html = render_card_html(card_page, lang=lang, generated=GENERATED)
    assert [label for label in labels if label not in html] == []
    assert "%(" not in html  # every placeholder filled


def test_card_html_labels_of_every_unit_kind(card_page: CardPage) -> None:
    # The seed card has mandatory functions of tasks only: the other kinds,
    # shared items and an empty card use labels of their own.
    function = card_page.card.functions[0]
    task = function.tasks[0].model_copy(update={"kind": "skill", "shares_items_with": "x/f1/t1"})
    function = function.model_copy(update={"kind": "additional", "tasks": (task,)})
    varied = card_page.model_copy(
        update={"card": card_page.card.model_copy(update={"functions": (function,)})}
    )
    html = render_card_html(varied, lang="ru", generated=GENERATED)
    assert "(дополнительная; строки" in html
    assert "<h3>Умение 1." in html
    assert "Навыки и знания общие с единицей x/f1/t1" in html
    empty = card_page.model_copy(
        update={"card": card_page.card.model_copy(update={"functions": ()})}
    )
    assert "Карточкада еңбек функциялары жоқ." in render_card_html(empty, lang="de")


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "kk",
            [
                "<h2>Біліктілік талаптары</h2>",
                "Кәсіптік білім деңгейі",
                "ең аз жұмыс өтілі (жыл): 3",
            ],
        ),
        ("ru", ["<h2>Квалификационные требования</h2>", "минимальный стаж работы (лет): 3"]),
        ("en", ["<h2>Qualification requirements</h2>", "minimum experience (years): 3"]),
    ],
)
def test_card_html_prints_the_qualification_requirements(
    card_page: CardPage, lang: str, labels: list[str]
) -> None:
    # Education and each category of the qualification directory, before the
    # labour functions (issue 8).
    html = render_card_html(card_page, lang=lang, generated=GENERATED)
    card = card_page.card
    requirements = card.directory_requirements
    assert requirements is not None and len(requirements.categories) == 4
    text = _words(html)
    assert [label for label in labels if label not in html] == []
    assert _words(card.education) in text
    for category in requirements.categories:
        assert f"<strong>{category.category}</strong>: {_words(category.education)}" in text
        if category.experience_in:
            assert f"({_words(category.experience_in)})" in text
    assert text.index(_words(card.education)) < text.index(_words(display_text(card.functions[0])))


def test_card_html_prints_requirements_as_written_without_categories(
    card_page: CardPage,
) -> None:
    requirements = card_page.card.directory_requirements
    assert requirements is not None
    plain = requirements.model_copy(update={"categories": (), "raw": "Жоқ"})
    card = card_page.card.model_copy(update={"directory_requirements": plain, "education": ""})
    html = render_card_html(card_page.model_copy(update={"card": card}), lang="ru")
    assert "Квалификационные требования" in html and "Жоқ" in _words(html)
    bare = card.model_copy(update={"directory_requirements": None})
    html = render_card_html(card_page.model_copy(update={"card": bare}), lang="ru")
    assert "Квалификационные требования" not in html


@needs_weasyprint
def test_card_pdf_is_a_pdf(card_pdf: Path) -> None:
    assert card_pdf.read_bytes()[:5] == b"%PDF-"


@needs_weasyprint
def test_card_pdf_renders_without_weasyprint_warnings(
    card_page: CardPage, caplog: pytest.LogCaptureFixture
) -> None:
    from kasip.pdf import render_card_pdf

    # WeasyPrint logs CSS it ignores and resources it cannot load: the print
    # template must need neither (and may load nothing, see render_card_pdf).
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_card_pdf(card_page, lang="ru")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


@needs_weasyprint
@needs_poppler
def test_card_pdf_page_one_is_not_blank(card_pdf: Path, tmp_path: Path) -> None:
    from PIL import Image  # Pillow comes with WeasyPrint

    _run("pdftoppm", "-png", "-gray", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
         card_pdf, tmp_path / "page")  # fmt: skip
    png = tmp_path / "page.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, SCREENSHOTS / "card-pdf-page1.png")
    with Image.open(png) as image:
        # A4 (210 x 297 mm) at 60 dpi: about 496 x 702 pixels, as poppler rounds.
        width, height = image.size
        assert abs(width - 496) <= 1 and abs(height - 702) <= 1, image.size
        histogram = image.convert("L").histogram()
    dark = sum(histogram[:128])
    total = sum(histogram)
    # Text covers a few per cent of a page; all white (or all black) means no text.
    assert 0.005 < dark / total < 0.5


@needs_weasyprint
@needs_poppler
@needs_dejavu
def test_card_pdf_embeds_dejavu(card_pdf: Path) -> None:
    rows = [line.split() for line in _run("pdffonts", card_pdf).splitlines()[2:]]
    dejavu = [row for row in rows if "DejaVu" in row[0]]
    assert dejavu, rows
    # Columns: name type... encoding emb sub uni object-id generation; emb is 5th from the end.
    assert all(row[-5] == "yes" for row in dejavu), dejavu


@needs_weasyprint
@needs_poppler
@needs_dejavu
def test_card_pdf_text_has_kazakh_and_items(card_pdf: Path, card_page: CardPage) -> None:
    text = _words(_run("pdftotext", "-enc", "UTF-8", card_pdf, "-"))
    assert CARD_NAME in text
    assert "Психологиялық және әлеуметтік жұмыс" in text
    card = card_page.card
    first = card.functions[0].tasks[0]
    # The first words of an item: the line it starts on, whatever the wrapping.
    skill = " ".join(display_text(first.skills[0]).split()[:4])
    knowledge = " ".join(display_text(first.knowledge[0]).split()[:2])
    assert skill in text
    assert knowledge in text
    assert "жол 193" in text  # the source line of the first skill
    # The qualification requirements (issue 8): heading, education, a category.
    assert "Біліктілік талаптары" in text
    assert " ".join(card.education.split()[:3]) in text
    assert card.directory_requirements is not None
    category = card.directory_requirements.categories[0]
    assert f"{category.category}: {' '.join(category.education.split()[:2])}" in text
    assert "ең аз жұмыс өтілі (жыл): 3" in text
    assert "Бет 1 / " in text  # page counter in the footer
    assert "2026-01-15" in text
