"""Input files (issue 8): what is not a text, or is too large, is refused in one line.

Every command that reads a file reads it through :func:`kasip.text.files.read_input`;
these tests give each command the files people (and attackers) give it.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kasip.cli import app
from kasip.errors import InputFileError
from kasip.evaluation import load_search_cases
from kasip.parse import read_source
from kasip.text.files import read_input

# Each command that reads a file, with what it needs besides the file.
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "parse": lambda tmp: ["parse"],
    "check": lambda tmp: ["check"],
    "import": lambda tmp: ["import", "--db", f"sqlite:///{tmp}/r.db"],
    "match": lambda tmp: ["match", "--db", f"sqlite:///{tmp}/r.db"],
    "eval search": lambda tmp: ["eval", "search", "--db", f"sqlite:///{tmp}/r.db"],
    "eval match": lambda tmp: ["eval", "match", "--db", f"sqlite:///{tmp}/r.db"],
}


def docx_bytes() -> bytes:
    """The start of a Word document: a ZIP archive with its parts under word/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def run(runner: CliRunner, args: list[str], **env: str) -> tuple[int, str]:
    result = runner.invoke(app, args, env=env or None)
    # A traceback is an exception other than the exit the commands end with.
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def assert_refused(runner: CliRunner, args: list[str], path: Path | str, says: str) -> None:
    code, stderr = run(runner, args)
    assert code == 1
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"Error: {path}: "), line
    assert says in line


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_dev_zero(command: str, runner: CliRunner, tmp_path: Path) -> None:
    args = [*COMMANDS[command](tmp_path), "/dev/zero"]
    assert_refused(runner, args, "/dev/zero", "not a regular file (a character device)")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_fifo(command: str, runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no one writes to it: reading would wait for ever
    assert_refused(runner, [*COMMANDS[command](tmp_path), str(fifo)], fifo, "(a FIFO)")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_file_over_max_bytes(
    command: str, runner: CliRunner, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    args = [*COMMANDS[command](tmp_path), "--max-bytes", "1000", str(big)]
    assert_refused(runner, args, big, "larger than 1,000 bytes")


# The commands that read a standard read a Word document (tests/test_word.py);
# the evaluation sets are JSON lines.
READS_WORD = ("parse", "check", "import", "match")


@pytest.mark.parametrize("command", READS_WORD)
def test_a_broken_word_document_is_refused_with_what_to_do(
    command: str, runner: CliRunner, tmp_path: Path
) -> None:
    docx = tmp_path / "standard.docx"
    docx.write_bytes(docx_bytes())  # a ZIP with a document part but no real parts
    says = "a Word document (.docx) that cannot be read: its parts are missing or damaged"
    assert_refused(runner, [*COMMANDS[command](tmp_path), str(docx)], docx, says)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in READS_WORD])
def test_an_evaluation_set_says_a_docx_is_a_word_document(
    command: str, runner: CliRunner, tmp_path: Path
) -> None:
    docx = tmp_path / "standard.docx"
    docx.write_bytes(docx_bytes())
    assert_refused(runner, [*COMMANDS[command](tmp_path), str(docx)], docx, "a Word document")


def test_the_size_limit_comes_from_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    result = runner.invoke(app, ["check", str(big)], env={"KASIP_MAX_INPUT_BYTES": "1000"})
    assert result.exit_code == 1
    assert f"Error: {big}: larger than 1,000 bytes" in result.stderr
    # --max-bytes wins over the environment.
    result = runner.invoke(
        app, ["check", "--max-bytes", "2000", str(big)], env={"KASIP_MAX_INPUT_BYTES": "1000"}
    )
    assert "larger than" not in result.stderr


def test_match_refuses_stdin_over_max_bytes(runner: CliRunner, tmp_path: Path) -> None:
    args = ["match", "--db", f"sqlite:///{tmp_path}/r.db", "--max-bytes", "100"]
    result = runner.invoke(app, args, input="ә" * 100)
    assert result.exit_code == 1
    assert "Error: stdin: larger than 100 bytes" in result.stderr


@pytest.mark.parametrize("command", ["check", "import"])
@pytest.mark.parametrize("depth", [995, 100_000])
def test_deeply_nested_json_is_refused_without_a_traceback(
    command: str, depth: int, runner: CliRunner, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * depth + "]" * depth, encoding="utf-8")
    code, stderr = run(runner, [*COMMANDS[command](tmp_path), str(deep)])
    assert code == 1
    assert stderr.startswith(f"Error: {deep}: "), stderr


def test_a_deeply_nested_evaluation_line_names_the_file_and_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text("[" * 100_000 + "\n", encoding="utf-8")
    code, stderr = run(runner, [*COMMANDS["eval search"](tmp_path), str(cases)])
    assert code == 2
    assert f"{cases}:1: (line): not JSON: nested too deep" in stderr


BINARY_INPUTS = {
    "random bytes": random.Random(8).randbytes(4_000),
    "invalid UTF-8": b"\xff\xfe\xfa\xc3\x28" * 1000,
    "NUL bytes": b"\x00" * 5000,
    "UTF-16": "Кәсіптік стандарт".encode("utf-16"),
    "a ZIP archive": docx_bytes().replace(b"word/", b"xl/f/"),
    "a PDF": b"%PDF-1.7\n" + bytes(range(256)) * 10,
    "a .doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
}


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("content", BINARY_INPUTS.values(), ids=BINARY_INPUTS.keys())
def test_no_binary_file_makes_a_traceback(
    command: str, content: bytes, runner: CliRunner, tmp_path: Path
) -> None:
    for suffix in (".txt", ".json"):
        path = tmp_path / f"input{suffix}"
        path.write_bytes(content)
        code, _ = run(runner, [*COMMANDS[command](tmp_path), str(path)])
        # parse shows what it read and match what fits it; the others refuse
        # the file or fail on it.
        assert code in ((0, 1) if command in ("parse", "match") else (1, 2))


def test_read_input_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r": not a regular file \(a directory\)$"):
        read_input(tmp_path)


def test_read_input_takes_a_file_of_exactly_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"a" * 100)
    assert read_input(path, max_bytes=100) == b"a" * 100
    with pytest.raises(InputFileError, match="larger than 99 bytes"):
        read_input(path, max_bytes=99)


def test_the_library_readers_name_a_pdf(tmp_path: Path) -> None:
    # read_source reads one (this one is broken); an evaluation set must be JSON lines.
    path = tmp_path / "standard.txt"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputFileError, match=r"standard\.txt: a PDF that cannot be read"):
        read_source(path)
    with pytest.raises(InputFileError, match=r"standard\.txt: a PDF file, not a text"):
        load_search_cases(path)


def test_the_library_readers_name_a_word_document(tmp_path: Path) -> None:
    # read_source reads one (this one is broken); an evaluation set must be JSON lines.
    path = tmp_path / "standard.txt"
    path.write_bytes(docx_bytes())
    with pytest.raises(InputFileError, match=r"a Word document .* cannot be read"):
        read_source(path)
    with pytest.raises(InputFileError, match=r"a Word document .*; kasip reads"):
        load_search_cases(path)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a Word 97-2003 document (.doc)"),
        (docx_bytes().replace(b"word/", b"xl/f/"), "a ZIP archive"),
    ],
)
def test_the_library_readers_name_binary_formats(content: bytes, says: str, tmp_path: Path) -> None:
    path = tmp_path / "standard.txt"
    path.write_bytes(content)
    for reader in (read_source, load_search_cases):
        with pytest.raises(InputFileError) as raised:
            reader(path)
        assert str(raised.value).startswith(f"{path}: {says}")


def test_a_text_and_a_bom_are_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffКәсіптік стандарт\n".encode())
    assert read_source(path) == "Кәсіптік стандарт\n"
