"""Inputs judged as a whole: cut texts, cards without functions, lost letters,
control characters, and encodings named as they are (issue 8, item 4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from helpers_parse import FIXTURES, assert_well_formed, read_seed
from kasip.errors import ImportRejected
from kasip.export import dump_document, load_documents
from kasip.model import Document
from kasip.parse import parse_standard, read_source
from kasip.registry import Registry
from kasip.text.encoding import decode_text

pytest_plugins = ["conftest_store"]

HELDOUT = sorted((FIXTURES / "heldout").glob("*.txt"))
NEW_CODES = ("text-truncated", "card-without-functions", "lost-letters", "control-characters")


def codes(doc: Document, code: str) -> list[str]:
    return [f"{d.severity}:{d.element_id}" for d in doc.diagnostics if d.code == code]


def nth_line_start(text: str, prefix: str, nth: int) -> int:
    """Offset of the ``nth`` (1-based) line that starts with ``prefix``."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    found = [s for s in starts if text.startswith(prefix, s)]
    return found[nth - 1]


def line_end(text: str, offset: int) -> int:
    return text.index("\n", offset)


# --- complete texts: none of the new diagnostics ----------------------------------


@pytest.mark.parametrize("path", HELDOUT, ids=[p.name for p in HELDOUT])
def test_complete_heldout_texts_get_none_of_the_input_diagnostics(path: Path) -> None:
    doc = parse_standard(read_source(path), source_name=path.name)
    assert [d.code for d in doc.diagnostics if d.code in NEW_CODES] == []


def test_complete_seed_gets_none_of_the_input_diagnostics() -> None:
    doc = parse_standard(read_seed())
    assert len(doc.cards) == 14
    assert [d.code for d in doc.diagnostics if d.code in NEW_CODES] == []


# --- a text cut off inside a card --------------------------------------------------


def _cut_points(text: str) -> dict[str, int]:
    fifth_code = nth_line_start(text, "Кәсіп коды", 5)
    function = nth_line_start(text, "1-еңбек функциясы:", 4)
    knowledge = nth_line_start(text, "Білуге тиіс:", 6)
    competencies = nth_line_start(text, "Жеке құзырет", 7)
    return {
        "mid-card": line_end(text, fifth_code),
        "mid-function": function + (line_end(text, function) - function) // 2,
        "mid-list": text.index("2.", knowledge) + 1,
        "mid-closing-rows": line_end(text, competencies),
    }


@pytest.mark.parametrize("where", ["mid-card", "mid-function", "mid-list", "mid-closing-rows"])
def test_seed_cut_inside_a_card_is_an_error_on_its_last_card(where: str) -> None:
    text = read_seed()[: _cut_points(read_seed())[where]]
    doc = parse_standard(text)
    assert_well_formed(doc, text)
    assert 0 < len(doc.cards) < 14
    [truncated] = [d for d in doc.diagnostics if d.code == "text-truncated"]
    assert truncated.severity == "error"
    assert truncated.element_id == doc.cards[-1].id
    assert truncated.line == len(text.rstrip().splitlines())
    assert doc.has_errors


@pytest.mark.slow
def test_seed_cut_at_line_ends_is_truncated_unless_a_card_is_complete() -> None:
    text = read_seed()
    full = parse_standard(text)
    annex = full.cards[1].source.start  # the first card has nothing to compare with
    ends = [i for i, ch in enumerate(text) if ch == "\n" and annex < i < len(text.rstrip())]
    complete = {card.source.end for card in full.cards}
    for end in ends[::5]:
        doc = parse_standard(text[:end])
        cut = bool(codes(doc, "text-truncated"))
        assert cut == (end not in complete), (end, text[:end].rsplit("\n", 1)[-1][:60])


def test_cut_text_is_not_imported(fresh_registry: Registry) -> None:
    text = read_seed()[: _cut_points(read_seed())["mid-function"]]
    with pytest.raises(ImportRejected, match="text-truncated"):
        fresh_registry.import_documents([parse_standard(text, source_name="cut.txt")])
    assert fresh_registry.list_standards() == []


def test_single_card_cut_before_its_functions_is_truncated() -> None:
    text = read_seed()
    second = nth_line_start(text, "Кәсіп карточкасы", 2)
    cut = text[: line_end(text, nth_line_start(text, "Кәсіптік білім деңгейі", 1))]
    assert second > len(cut)
    doc = parse_standard(cut)
    assert len(doc.cards) == 1
    assert codes(doc, "text-truncated") == [f"error:{doc.cards[0].id}"]
    assert codes(doc, "card-without-functions") == [f"warning:{doc.cards[0].id}"]


# --- a card without labour functions ---------------------------------------------


def test_card_without_functions_is_a_warning_naming_it() -> None:
    text = read_seed()
    full = parse_standard(text)
    card = full.cards[2]
    first, last = card.functions[0].span, card.functions[-1].span
    lines = text.split("\n")
    cut = "\n".join(lines[: first.line_start - 1] + lines[last.line_end :])
    doc = parse_standard(cut)
    assert_well_formed(doc, cut)
    assert codes(doc, "card-without-functions") == [f"warning:{card.id}"]
    assert codes(doc, "text-truncated") == []


# --- letters lost to "?" -------------------------------------------------------------


def test_kazakh_text_saved_in_windows_1251_is_an_error_naming_lines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "seed-cp1251.txt"
    path.write_bytes(read_seed().encode("cp1251", errors="replace"))
    with caplog.at_level(logging.WARNING, logger="kasip.parse"):
        text = read_source(path)
    assert "reading it as Windows-1251" in caplog.text
    doc = parse_standard(text)
    [lost] = [d for d in doc.diagnostics if d.code == "lost-letters"]
    assert lost.severity == "error"
    damaged = [n for n, line in enumerate(text.split("\n"), 1) if "?" in line]
    assert lost.line == damaged[0]
    assert f"lines {damaged[0]}, {damaged[1]}," in lost.message
    assert "?" in lost.found


def test_russian_text_in_windows_1251_loses_nothing(tmp_path: Path) -> None:
    source = FIXTURES / "heldout" / "energy.ru.txt"
    path = tmp_path / "energy-cp1251.txt"
    path.write_bytes(read_source(source).encode("cp1251"))
    assert read_source(path) == read_source(source)
    assert codes(parse_standard(read_source(path)), "lost-letters") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Білім: ?аза?стан Республикасы\n", ["error"]),  # three places
        ("Білім: қазақ тілі, ?ызмет\n", ["warning"]),
        ("ӘЛЕУМЕТТІК: ?ЛЕУМЕТТІК\n", ["warning"]),
        ("Не істеу керек? Ол білмейді. Неге?Ол?\n", []),  # punctuation, not lost letters
        ("Что делать? ?! ??\n", []),
    ],
)
def test_lost_letters_are_question_marks_inside_words(text: str, expected: list[str]) -> None:
    doc = parse_standard(text * 3 if expected == ["error"] else text)
    assert [d.severity for d in doc.diagnostics if d.code == "lost-letters"] == expected


# --- control characters ----------------------------------------------------------------


def _with_controls() -> tuple[str, Document]:
    text = read_seed()
    skills = text.index("Икемділіктер мен дағдылар:1.") + len("Икемділіктер мен дағдылар:1. ")
    text = text[:skills] + "\x00" + text[skills + 1 :]
    other = text.index("Кәсіп атауы")
    text = text[:other] + "\x0b" + text[other + 1 :]
    return text, parse_standard(text, source_name="controls.txt")


def test_control_characters_are_read_as_spaces_with_a_warning() -> None:
    text, doc = _with_controls()
    assert_well_formed(doc, text)
    [control] = [d for d in doc.diagnostics if d.code == "control-characters"]
    assert control.severity == "warning"
    assert "U+0000" in control.message and "U+000B" in control.message
    assert control.line == text[: text.index("\x0b")].count("\n") + 1
    assert not doc.has_errors
    dumped = dump_document(doc)
    assert "\\u0000" not in dumped and "\\u000b" not in dumped
    # The hash is the file's, not that of the text as read.
    assert doc.source.sha256 != parse_standard(text.replace("\x00", " ")).source.sha256


def test_control_characters_store_the_same_on_every_backend(fresh_registry: Registry) -> None:
    _, doc = _with_controls()
    [result] = fresh_registry.import_documents([doc])
    assert result.status == "created"
    assert fresh_registry.export_document(result.key) == doc


def test_exchange_json_with_a_nul_is_refused_naming_the_path() -> None:
    doc = parse_standard(read_seed(), source_name="seed.txt")
    dumped = dump_document(doc).replace('"title": "', '"title": "\\u0000', 1)
    with pytest.raises(ImportRejected, match=r"\$\.cards\[0\].*NUL character"):
        load_documents(dumped, source_name="nul.json")


# --- encodings -------------------------------------------------------------------------

ENCODINGS = [
    # (codec, how the bytes begin, the name read_source gives)
    ("utf-8", b"", "UTF-8"),
    ("utf-8", b"\xef\xbb\xbf", "UTF-8 with a byte-order mark"),
    ("utf-16-le", b"\xff\xfe", "UTF-16LE with a byte-order mark"),
    ("utf-16-be", b"\xfe\xff", "UTF-16BE with a byte-order mark"),
    ("utf-16-le", b"", "UTF-16LE"),
    ("utf-16-be", b"", "UTF-16BE"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32LE with a byte-order mark"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32BE with a byte-order mark"),
]
TEXTS = {"kk": "psychological-and-social-work.kk.txt", "ru": "energy.ru.txt"}


def _text(lang: str) -> str:
    return read_seed() if lang == "kk" else read_source(FIXTURES / "heldout" / TEXTS[lang])


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize(("codec", "mark", "name"), ENCODINGS, ids=[e[2] for e in ENCODINGS])
def test_encodings_are_read_and_named(
    lang: str,
    codec: str,
    mark: bytes,
    name: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = _text(lang)
    data = mark + text.encode(codec)
    decoded = decode_text(data)
    assert decoded.text == text
    assert decoded.describe() == name
    path = tmp_path / "standard.txt"
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="kasip.parse"):
        assert read_source(path) == text
    if name.startswith("UTF-8"):
        assert caplog.text == ""
    else:
        assert f"reading it as {name}" in caplog.text
        assert "Windows-1251" not in caplog.text


def test_windows_1251_is_named_and_last() -> None:
    decoded = decode_text("Знания: устройство котла".encode("cp1251"))
    assert (decoded.encoding, decoded.text) == ("Windows-1251", "Знания: устройство котла")
    # Valid UTF-8 is never read as anything else.
    assert decode_text("Знания".encode()).encoding == "UTF-8"


def test_cli_check_and_import_refuse_a_cut_text(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kasip.cli import app

    cut = tmp_path / "cut.txt"
    cut.write_text(read_seed()[: _cut_points(read_seed())["mid-list"]], encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200", "KASIP_DATABASE_URL": None})
    checked = runner.invoke(app, ["check", str(cut)])
    assert checked.exit_code == 1
    assert ": error: text-truncated: the text ends inside card" in checked.stdout
    url = f"sqlite:///{tmp_path / 'r.db'}"
    imported = runner.invoke(app, ["import", str(cut), "--db", url])
    assert imported.exit_code == 1
    assert "nothing was imported" in imported.output
    assert "Traceback" not in imported.output
