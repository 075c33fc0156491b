"""The file formats ``kasip export`` writes, each with its name, file suffix and media type.

A format writes bytes from documents and :class:`ExportOptions` (what some formats
need beyond the documents: where kasip serves its permalinks, the CASE version,
one Moodle framework per standard or per card). Text formats may go to standard
output; the others need a file.

Example:
    >>> from kasip.testing import make_document
    >>> fmt = EXPORT_FORMATS["json"]
    >>> (fmt.suffix, fmt.media_type, fmt.text)
    ('.json', 'application/json', True)
    >>> fmt.write([make_document()], ExportOptions()).startswith(b"{")
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kasip.export.bundle import ZIP_MEDIA_TYPE
from kasip.export.csvzip import write_csv_zip
from kasip.export.json import dump_documents
from kasip.export.moodle import write_moodle
from kasip.export.tables import VersionFacts
from kasip.export.xlsx import XLSX_MEDIA_TYPE, write_xlsx
from kasip.model import Document

__all__ = ["EXPORT_FORMATS", "ExportFormat", "ExportOptions"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What some formats need beyond the documents.

    Attributes:
        public_url: Where kasip serves its pages (``KASIP_PUBLIC_URL``): the
            base of the permalinks a format writes (CASE's ``uri``).
        case_version: The CASE version to write: ``1.1``, or ``1.0`` for
            importers that read only that (OpenSALT).
        moodle_framework: One Moodle competency framework per ``standard`` or
            per ``card``.
        versions: What the registry knows of each exported version (its
            number, effective day and the day's basis, official URL): the
            tables' standards sheet names the version it holds, Moodle's
            framework ID number carries the version number (Moodle wants them
            unique site-wide), and CASE's CFDocument takes a confirmed day
            (``statusStartDate``) and the official URL (``officialSourceURL``)
            from it (:meth:`effective_date`, :meth:`official_url`).
        editions: Other-language editions of the exported standards that are
            not exported themselves (a lone Russian text's Kazakh edition, from
            the registry): CASE 1.1 links the exported items to theirs by
            ``isTranslationOf``, as if both were in the file, without writing
            them. Left out of equality and ``repr`` (whole documents).
    """

    public_url: str = "http://127.0.0.1:8000"
    case_version: Literal["1.0", "1.1"] = "1.1"
    moodle_framework: Literal["standard", "card"] = "standard"
    versions: tuple[VersionFacts, ...] = ()
    editions: tuple[Document, ...] = field(default=(), compare=False, repr=False)

    def fact(self, key: str) -> VersionFacts | None:
        """What :attr:`versions` holds of the standard ``key``, if anything."""
        return next((fact for fact in self.versions if fact.key == key), None)

    def effective_date(self, key: str) -> str | None:
        """The confirmed (entered) effective day of the standard ``key``, if given; a day
        proposed from the order's date is not one (CASE's ``statusStartDate`` holds only a
        confirmed day).

        Example:
            >>> facts = (VersionFacts("a", 1, "2020-01-01", "order"),
            ...          VersionFacts("b", 2, "2021-02-03", "entered"))
            >>> options = ExportOptions(versions=facts)
            >>> options.effective_date("a"), options.effective_date("b"), options.version("b")
            (None, '2021-02-03', 2)
        """
        fact = self.fact(key)
        return fact.effective_from if fact and fact.effective_basis == "entered" else None

    def official_url(self, key: str) -> str | None:
        """Where the official text of the standard ``key`` is published, if recorded."""
        fact = self.fact(key)
        return fact.official_url if fact else None

    def version(self, key: str) -> int | None:
        """kasip's version number of the exported text of the standard ``key``, if given
        (CASE's CFDocument ``version`` names it)."""
        fact = self.fact(key)
        return fact.version if fact else None


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format: its name, the suffix and media type of its files, and its writer."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[Sequence[Document], ExportOptions], bytes]
    text: bool  # UTF-8 text that may go to standard output


def _case(docs: Sequence[Document], options: ExportOptions) -> bytes:
    from kasip.export.case import write_case  # imports this module's ExportOptions

    return write_case(docs, options).encode("utf-8")


def _json(docs: Sequence[Document], _: ExportOptions) -> bytes:
    return dump_documents(docs).encode("utf-8")


def _moodle(docs: Sequence[Document], options: ExportOptions) -> bytes:
    # One framework is a CSV file; several (per card, or several standards) a ZIP of them.
    numbers = {fact.key: fact.version for fact in options.versions}
    return write_moodle(docs, per=options.moodle_framework, versions=numbers)


def _xlsx(docs: Sequence[Document], options: ExportOptions) -> bytes:
    return write_xlsx(docs, options.versions)


def _csv(docs: Sequence[Document], options: ExportOptions) -> bytes:
    return write_csv_zip(docs, options.versions)


EXPORT_FORMATS: Mapping[str, ExportFormat] = {
    # The exchange format first: the page lists its downloads in this order.
    "json": ExportFormat("json", ".json", "application/json", _json, text=True),
    "case": ExportFormat("case", ".json", "application/json", _case, text=True),
    "moodle": ExportFormat("moodle", ".csv", "text/csv", _moodle, text=True),
    "xlsx": ExportFormat("xlsx", ".xlsx", XLSX_MEDIA_TYPE, _xlsx, text=False),
    "csv": ExportFormat("csv", ".zip", ZIP_MEDIA_TYPE, _csv, text=False),
}
