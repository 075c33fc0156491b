"""The printed certificate: rendered to PNG, its words read back, its QR code scanned back.

WeasyPrint typesets it; poppler (pdftotext, pdftoppm) reads the text and
draws the page; zxing-cpp scans the QR code in the drawing, which must lead
to the certificate's public verification page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from test_credentials import ISSUER, Issued, _issue
from test_pdf import _run, needs_dejavu, needs_poppler, needs_weasyprint

pytest_plugins = ["conftest_store"]

pytestmark = [needs_weasyprint, needs_poppler, needs_dejavu]


@pytest.fixture
def issued(fresh_registry: Any, tmp_path: Path) -> Issued:
    from kasip.credentials import KeyStore

    keys = KeyStore(tmp_path / "keys")
    keys.init()
    return _issue(fresh_registry.engine, keys)


def test_the_certificate_prints_in_both_languages_with_a_qr_code_to_verify_it(
    issued: Issued, tmp_path: Path
) -> None:
    import zxingcpp
    from PIL import Image

    from kasip.pdf.certificate import render_certificate_pdf

    certificate = issued.certificate
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(render_certificate_pdf(certificate, ISSUER))
    assert pdf.read_bytes().startswith(b"%PDF")
    words = re.sub(r"\s+", " ", _run("pdftotext", "-layout", pdf, "-"))
    for expected in (
        "Біліктілік сертификаты", "Сертификат о квалификации", "Айгерім Сейіт",
        certificate.number, "2635-3-001@5/f1/t1/s1", "2026-12-07", "Орталық",
    ):  # fmt: skip
        assert expected in words, expected
    assert "900101300017" not in words  # the IIN is nowhere on the page
    _run("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", pdf,
         tmp_path / "page")  # fmt: skip
    with Image.open(tmp_path / "page.png") as page:
        found = zxingcpp.read_barcodes(page)
    assert [code.text for code in found] == [f"{ISSUER.public_url}/verify/{certificate.number}"]


def test_a_revoked_certificate_says_so_on_paper(issued: Issued, tmp_path: Path) -> None:
    from datetime import timedelta

    from assessment_support import T0
    from kasip.credentials import revoke_certificate
    from kasip.pdf.certificate import render_certificate_pdf

    revoked = revoke_certificate(issued.engine, issued.certificate.number, reason="Қате",
                                 by="admin", now=T0)  # fmt: skip
    pdf = tmp_path / "revoked.pdf"
    pdf.write_bytes(render_certificate_pdf(revoked, ISSUER, now=T0 + timedelta(days=1)))
    words = re.sub(r"\s+", " ", _run("pdftotext", "-layout", pdf, "-"))
    assert "Кері қайтарылды / Отозван" in words
