"""The corpus report (scripts/corpus_report.py): the committed reports are what the parser reads.

A parser change that moves what is read from a document fails here until
its report is written again (``--write``), so the change's gains and losses
are in the commit (issue 9).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus_cache
from helpers_scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
# The 18 NPP standards as their publisher distributes them (tests/corpus/npp/README.md).
NPP = ROOT / "tests" / "corpus" / "npp"


report = load_script("corpus_report")


@pytest.fixture(autouse=True)
def _read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_cache.read_once(monkeypatch, report)


def test_the_heldout_fixtures_read_as_their_committed_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = ROOT / "tests/fixtures/heldout"
    code = report.main(
        [str(folder), "--report", str(ROOT / "tests/reports/heldout.json"), "--check"]
    )
    assert code == 0, capsys.readouterr().out


@pytest.mark.slow
def test_the_npp_corpus_reads_as_its_committed_report(capsys: pytest.CaptureFixture[str]) -> None:
    code = report.main([str(NPP), "--report", str(ROOT / "tests/reports/npp.json"), "--check"])
    assert code == 0, capsys.readouterr().out


def test_differences_are_gains_and_losses_per_document() -> None:
    old = {
        "a.docx": {"cards": 3, "items": 10, "diagnostics": {"warning:unexpected-text": 4}},
        "gone.txt": {"cards": 1},
    }
    new = {
        "a.docx": {"cards": 3, "items": 14, "diagnostics": {"warning:label-as-item": 1}},
        "b.txt": {"cards": 2},
    }
    assert report.differences(old, new) == [
        "a.docx: warning:label-as-item 0 → 1; warning:unexpected-text 4 → 0; items 10 → 14 (+4)",
        "b.txt: new",
        "gone.txt: gone",
    ]
    assert report.differences(new, new) == []
