"""A certificate as a printable A4 PDF, in Kazakh and Russian, with a QR code to verify it.

The PDF says what the register holds: the holder, the card and level, the
standard and its version, each element passed with its ID, the dates, the
number and the issuer. Its QR code (segno, drawn as inline SVG: no image
library, no file) leads to the public verification page of the number, where
anyone sees whether it is still valid. Both languages are on one page, as
Kazakhstan's documents are; the labels come from the catalogues.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jinja2
import segno

from kasip.credentials import Certificate, status_of
from kasip.credentials.ob3 import Issuer as IssuerInfo
from kasip.credentials.ob3 import credential_url
from kasip.i18n import template_environment, translations

__all__ = ["certificate_labels", "render_certificate_html", "render_certificate_pdf"]


def certificate_labels(lang: str) -> dict[str, str]:
    """The certificate's labels in ``lang``."""
    _: Callable[[str], str] = translations(lang).gettext
    return {
        "title": _("Certificate of qualification"),
        "holder": _("Awarded to"),
        "qualification": _("Qualification"),
        "level": _("Qualification level"),
        "standard": _("Professional standard"),
        "version": _("version"),
        "elements": _("Labour functions and skills assessed"),
        "issued": _("Issued"),
        "valid_until": _("Valid until"),
        "no_end": _("no end date"),
        "number": _("Certificate number"),
        "issuer": _("Issued by"),
        "verify": _("Check this certificate: scan the code or open"),
        "revoked": _("Revoked"),
        "expired": _("Expired"),
    }


def _qr_svg(url: str) -> str:
    # Error correction M: a printed, folded or photographed page still scans.
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(scale=4, border=2, dark="#111", omitsize=True)
    return svg


@functools.cache
def _environment() -> jinja2.Environment:
    return template_environment("kasip.pdf", "kk")


def render_certificate_html(
    certificate: Certificate, issuer: IssuerInfo, *, now: datetime | None = None
) -> str:
    """The certificate as the print HTML that :func:`render_certificate_pdf` typesets; a
    revoked or expired one says so across the page."""
    credential: dict[str, Any] = certificate.credential
    alignment = credential["credentialSubject"]["achievement"].get("alignment", [])
    url = credential_url(issuer, certificate.number)
    return (
        _environment()
        .get_template("certificate_print.html")
        .render(
            certificate=certificate,
            title=credential["name"],
            level=certificate.level,
            issuer_name=credential["issuer"]["name"],
            elements=[(a["targetCode"], a["targetName"]) for a in alignment[1:]],
            url=url,
            qr=_qr_svg(url),
            kk=certificate_labels("kk"),
            ru=certificate_labels("ru"),
            issued=certificate.issued_at[:10],
            valid_until=(certificate.valid_until or "")[:10],
            status=status_of(certificate, now or datetime.now(UTC)),
        )
    )


def render_certificate_pdf(
    certificate: Certificate, issuer: IssuerInfo, *, now: datetime | None = None
) -> bytes:
    """The certificate as an A4 PDF (WeasyPrint; Pango and DejaVu fonts from the OS)."""
    from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]

    html = render_certificate_html(certificate, issuer, now=now)
    # Self-contained: the QR code is inline SVG; nothing is fetched.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf: bytes = document.write_pdf()
    return pdf
