"""A standard's exports as files to download: JSON, Moodle CSV, XLSX, CSV zip, ...

One builder for the web download (``/standards/{key}/export``) and the API
(``GET /api/v1/standards/{key}/export``): it reads the stored version and
writes it in a format of :data:`kasip.export.EXPORT_FORMATS`, so a format
added there is offered by both without a change here.

Example:
    >>> from kasip.registry import open_registry
    >>> from kasip.testing import make_document
    >>> with open_registry("sqlite://") as registry:
    ...     _ = registry.import_documents([make_document()])
    ...     file = build_export(registry, "292-2019-05-30-kk", format_name="xlsx")
    >>> file.file_name, file.media_type.endswith("sheet")
    ('292-2019-05-30-kk.xlsx', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

from kasip import __version__
from kasip.errors import InvalidInput, NotFound
from kasip.export import EXPORT_FORMATS, ExportOptions, VersionFacts
from kasip.export.bundle import ZIP_MEDIA_TYPE, is_zip
from kasip.export.case_links import translation_source
from kasip.model import Document
from kasip.pages.checks import check_standard_key
from kasip.pages.in_force import choose_version
from kasip.registry import Registry
from kasip.store.keys import identity_sha256

__all__ = [
    "ExportFile",
    "ExportLink",
    "build_export",
    "case_editions",
    "check_case_version",
    "export_links",
    "recorded_versions",
]

_UNSAFE_FILE_NAME_RE = re.compile(r"[^A-Za-z0-9@~._-]")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """An export to download: its file name (Latin-1 safe), media type and bytes.

    ``tag`` names what the bytes are made from (kasip's version, the format, its
    options, the version's identity): a workbook carries the time it was written,
    so its bytes are not the same twice, but its tag is.
    """

    file_name: str
    media_type: str
    data: bytes
    tag: str


@dataclass(frozen=True, slots=True)
class ExportLink:
    """A format a standard's page offers, with its download address."""

    format: str
    suffix: str
    url: str


# One keyword per option of the formats (what kasip export takes as options).
def build_export(  # noqa: PLR0913
    registry: Registry,
    key: str,
    *,
    format_name: str,
    version: int | None = None,
    as_of: str | None = None,
    moodle_framework: Literal["standard", "card"] = "standard",
    public_url: str = "http://127.0.0.1:8000",
    case_version: str = "1.1",
) -> ExportFile:
    """A stored version of a standard (the latest by default) written in a format.

    Args:
        registry: The registry.
        key: The standard's key.
        format_name: A name of :data:`~kasip.export.EXPORT_FORMATS`.
        version: A stored version number.
        as_of: A day (``YYYY-MM-DD``): the version in force then; not with ``version``.
        moodle_framework: Moodle: one framework per ``standard`` or per ``card``
            (several frameworks come as a ZIP archive).
        public_url: Where kasip serves its pages (for formats that link to them).
        case_version: CASE: ``1.1``, or ``1.0`` for importers that read only that.

    Raises:
        InvalidInput: An unknown format, key, version number or CASE version;
            ``as_of`` not a day, or given with ``version``.
        NotFound: No such standard or version, or none in force on ``as_of``.
    """
    fmt = EXPORT_FORMATS.get(format_name)
    if fmt is None:
        raise InvalidInput(
            f"unknown format {format_name[:40]!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        )
    check_standard_key(key)
    checked_case_version = check_case_version(case_version)
    chosen = choose_version(registry, key, version=version, as_of=as_of)
    wanted_editions = format_name == "case" and checked_case_version == "1.1"
    doc = registry.export_document(key, version=chosen.version)
    options = ExportOptions(
        public_url=public_url,
        case_version=checked_case_version,
        moodle_framework=moodle_framework,
        versions=recorded_versions(registry, key, chosen.version),
        # CASE 1.0 has no isTranslationOf: the other edition is not linked.
        editions=case_editions(registry, key) if wanted_editions else (),
    )
    data = fmt.write([doc], options)
    media_type, suffix = fmt.media_type, fmt.suffix
    if is_zip(data) and fmt.text:  # Moodle per card: one CSV file per framework
        media_type, suffix = ZIP_MEDIA_TYPE, ".zip"
    stem = _UNSAFE_FILE_NAME_RE.sub("_", key)
    if format_name == "moodle":
        stem += "-moodle" if moodle_framework == "standard" else "-moodle-cards"
    if format_name == "case" and checked_case_version == "1.0":
        stem += "-case-1.0"
    dates = ",".join(
        f"{f.effective_from}/{f.effective_basis}/{f.official_url}" for f in options.versions
    )
    # The CASE URIs are under public_url: another base URL, another file.
    tag = (f"{__version__}:{format_name}:{moodle_framework}:{checked_case_version}:"
           f"{public_url}:{identity_sha256(doc)}:{dates}")  # fmt: skip
    if options.editions:  # the package links to them: another Kazakh version, another file
        tag += ":" + ",".join(identity_sha256(edition) for edition in options.editions)
    return ExportFile(f"{stem}{suffix}", media_type, data, tag)


def check_case_version(case_version: str) -> Literal["1.0", "1.1"]:
    """``case_version`` when it is a CASE version kasip writes (``1.1`` or ``1.0``).

    Raises:
        InvalidInput: Another value, named in the message.

    Example:
        >>> check_case_version("1.0")
        '1.0'
    """
    if case_version == "1.1":
        return "1.1"
    if case_version == "1.0":
        return "1.0"
    raise InvalidInput(f"unknown case_version {case_version[:20]!r}; choose 1.1 or 1.0")


def case_editions(registry: Registry, key: str) -> tuple[Document, ...]:
    """The Kazakh edition (its latest version) that a CASE package of ``key`` links to.

    When ``key`` is the Russian text of an order whose Kazakh text the registry holds,
    its package carries ``isTranslationOf`` to the Kazakh items, as a file holding
    both would (:func:`kasip.export.case_links.translations` decides); otherwise
    nothing, and the package is what it was without the other edition.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document(), make_document(language="ru")])
        ...     found = case_editions(reg, "292-2019-05-30-ru")
        ...     none = case_editions(reg, "292-2019-05-30-kk")
        >>> [doc.standard.language for doc in found], none
        (['kk'], ())
    """
    source = translation_source(key)
    if source is None:
        return ()
    try:
        return (registry.export_document(source),)
    except NotFound:  # the registry holds one edition only
        return ()


def recorded_versions(
    registry: Registry, key: str, version: int | None
) -> tuple[VersionFacts, ...]:
    """What the registry holds of the version, for ``ExportOptions.versions``: its number,
    effective day and the day's basis, and its official URL (issue 15, item 6).

    ``version`` ``None`` is the latest; none when the standard has no such version. The
    day is given whatever its basis (a proposed day says ``order``): a table has a
    column for the basis, and CASE's ``statusStartDate`` takes only a confirmed day
    (:meth:`~kasip.export.ExportOptions.effective_date`).

    Example:
        >>> from kasip.model.official import OfficialSource
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     (before,) = recorded_versions(reg, "292-2019-05-30-kk", None)
        ...     _ = reg.set_official_source(
        ...         "292-2019-05-30-kk", 1, OfficialSource(url="https://adilet.zan.kz/x"))
        ...     (after,) = recorded_versions(reg, "292-2019-05-30-kk", 1)
        >>> before.version, before.effective_basis, before.official_url, after.official_url
        (1, 'order', None, 'https://adilet.zan.kz/x')
    """
    versions = registry.versions(key)
    shown = (
        versions[-1]
        if version is None
        else next((v for v in versions if v.version == version), None)
    )
    if shown is None:
        return ()
    fact = VersionFacts(
        key, shown.version, shown.effective_from, shown.effective_basis, shown.official_url
    )
    return (fact,)


def export_links(
    url: str, version: int | None = None, *, as_of: str | None = None
) -> list[ExportLink]:
    """The download links of a standard's page, one per export format.

    Args:
        url: The standard's page address (``/standards/{key}``).
        version: The version shown, when it is not the latest.
        as_of: The day whose version in force is shown (``?as_of=``).

    CASE is offered twice: 1.1, and 1.0 (``case-1.0``) for importers that read
    only that (OpenSALT).

    Example:
        >>> [link.format for link in export_links("/standards/k")][:3]
        ['json', 'case', 'case-1.0']
        >>> export_links("/standards/k")[2].url
        '/standards/k/export?format=case&case_version=1.0'
    """
    extra = f"&version={version}" if version is not None else ""
    if as_of is not None:
        extra += f"&{urlencode({'as_of': as_of})}"
    links = []
    for name, fmt in EXPORT_FORMATS.items():
        links.append(ExportLink(name, fmt.suffix, f"{url}/export?format={name}{extra}"))
        if name == "case":
            case_1_0 = f"{url}/export?format=case&case_version=1.0{extra}"
            links.append(ExportLink("case-1.0", fmt.suffix, case_1_0))
    return links
