"""Benchmark: time and memory to read each document of a folder, beside opening it only.

Run: ``python benchmarks/bench_read_documents.py FOLDER [FOLDER ...] [--runs 3]``.

For every Word document (``.docx``), PDF and text (``.txt``) of the folders:

- **baseline**, in the same run: a Word document opened with python-docx
  (``docx.Document``: unzipped and its XML parsed), a PDF opened with
  pdfplumber and every page's characters extracted (what any reading of it
  costs), a text read and decoded;
- **read**: kasip's reading into the parser's text (``kasip.formats.read_word``,
  ``read_pdf``; decoding for a text);
- **read + parse**: that and ``parse_standard``, the whole of ``kasip check``
  but the printing.

Best of ``--runs`` wall times in milliseconds, and the ``tracemalloc`` peak
of one run in MiB.
"""

from __future__ import annotations

import argparse
import io
import platform
from pathlib import Path

import docx
import pdfplumber
from timing import best_ms, peak_mib

from kasip.formats import read_pdf, read_word
from kasip.parse import parse_standard
from kasip.text.encoding import decode_text


def measures(path: Path, runs: int) -> tuple[float, float, float, float, float]:
    data = path.read_bytes()
    if path.suffix.lower() == ".docx":

        def baseline() -> object:
            return docx.Document(io.BytesIO(data))

        def read() -> str:
            return read_word(data).text

    elif path.suffix.lower() == ".pdf":

        def baseline() -> object:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return [len(page.chars) for page in pdf.pages]

        def read() -> str:
            return read_pdf(data).text

    else:

        def baseline() -> object:
            return decode_text(data).text

        read = baseline  # type: ignore[assignment]

    def parse() -> object:
        return parse_standard(read())

    return (
        best_ms(runs, baseline),
        best_ms(runs, read),
        best_ms(runs, parse),
        peak_mib(baseline),
        peak_mib(parse),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")  # noqa: T201
    print(  # noqa: T201
        f"{'document':50} {'KiB':>6} {'open ms':>8} {'read ms':>8} {'+parse ms':>9}"
        f" {'open MiB':>8} {'+parse MiB':>10}"
    )
    for folder in args.folders:
        for path in sorted(folder.iterdir()):
            suffix = path.suffix.lower()
            if path.name.endswith((".source.txt", ".expected.txt")) or suffix not in (
                ".docx",
                ".txt",
                ".pdf",
            ):
                continue
            size = path.stat().st_size / 1024
            base, read, parsed, base_mib, parsed_mib = measures(path, args.runs)
            print(  # noqa: T201
                f"{path.name:50} {size:6.0f} {base:8.1f} {read:8.1f} {parsed:9.1f}"
                f" {base_mib:8.1f} {parsed_mib:10.1f}"
            )


if __name__ == "__main__":
    main()
