"""``--write``: a benchmark's tables go into BENCHMARKS.md between their markers (issue 11)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from record import replace_block


def test_the_block_between_the_markers_is_replaced_and_the_prose_kept(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(
        "Prose before.\n<!-- scale:begin -->\n| old |\n<!-- scale:end -->\nProse after.\n",
        encoding="utf-8",
    )
    replace_block(path, "scale", "| new | 1× |\n")
    replace_block(path, "scale", "| newer | 700× |")
    assert path.read_text(encoding="utf-8") == (
        "Prose before.\n<!-- scale:begin -->\n| newer | 700× |\n<!-- scale:end -->\nProse after.\n"
    )


def test_a_file_without_the_block_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("<!-- scale:end -->\n<!-- scale:begin -->\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no block"):
        replace_block(path, "scale", "| new |")
    with pytest.raises(ValueError, match="no block"):
        replace_block(path, "other", "| new |")
    assert path.read_text(encoding="utf-8") == "<!-- scale:end -->\n<!-- scale:begin -->\n"


def test_the_repository_benchmarks_file_has_the_scale_block() -> None:
    content = (Path(__file__).resolve().parents[1] / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert content.count("<!-- bench_scale:begin -->") == 1
    assert content.index("<!-- bench_scale:begin -->") < content.index("<!-- bench_scale:end -->")
