"""Out-of-domain rejection on real text (issue 10): ICT cards written by others are no social work.

The cards of real ICT standards (tests/corpus/npp, the National Chamber's),
each read as a job description, are matched against the bundled standard
(psychological and social work); none may be taken confidently. The
information-security card was, through обеспечение ~ қамсыздандыру (ensuring
vs pension provision), until that link was marked ambiguous.
"""

from __future__ import annotations

import pytest

from helpers_scripts import ROOT, load_script

NPP = ROOT / "tests" / "corpus" / "npp"
script = load_script("match_out_of_domain")


def test_ict_job_descriptions_are_not_taken_for_social_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    documents = [
        NPP / "npp-it-03-information-security.ru.docx",
        NPP / "npp-it-07-software-development.ru.docx",
        NPP / "npp-it-47-technical-support.ru.docx",
    ]
    assert script.main([str(p) for p in documents]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    texts = int(first.split()[0])
    assert texts >= 10, first
    assert ", 0 taken confidently;" in first, first


def test_a_card_reads_as_a_job_description() -> None:
    from kasip.testing import make_document

    card = make_document().cards[0]
    text = script.card_text(card)
    assert text.splitlines()[0] == card.name
    assert card.functions[0].title in text
