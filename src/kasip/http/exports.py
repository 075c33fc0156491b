"""A standard's export as a download, for the web (``/standards/{key}/export``) and the API.

Both routes take the same parameters and answer the same file, with
``Content-Disposition: attachment`` and an ETag named after what the file is
made from (:attr:`kasip.pages.exports.ExportFile.tag`), checked before the
file is sent.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response

from kasip.export import EXPORT_FORMATS
from kasip.http.base_url import answer_base_url
from kasip.http.responses import etag_matches, etag_of
from kasip.pages.exports import build_export
from kasip.registry import Registry

__all__ = [
    "EXPORT_RESPONSES",
    "CaseVersionQuery",
    "ExportFormatQuery",
    "MoodleFrameworkQuery",
    "export_file",
]

ExportFormatQuery = Annotated[
    str,
    Query(
        alias="format",
        max_length=40,
        description="The format: `json` (the exchange format), `moodle` (a competency "
        "framework CSV for Moodle's importer), `xlsx` (a workbook, a sheet per table), `csv` "
        "(a ZIP archive of one CSV file per table), or another of `kasip export`'s formats.",
        json_schema_extra={"enum": list(EXPORT_FORMATS)},
    ),
]
MoodleFrameworkQuery = Annotated[
    Literal["standard", "card"],
    Query(
        description="Moodle: one framework per standard, or per card (a ZIP archive of one "
        "CSV file per card)."
    ),
]

CaseVersionQuery = Annotated[
    Literal["1.1", "1.0"],
    Query(
        description="CASE: the version of the CFPackage, `1.1`, or `1.0` for importers that "
        "read only that (OpenSALT). Other formats leave it aside."
    ),
]

EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file (`Content-Disposition: attachment`).",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in sorted(
                {f.media_type for f in EXPORT_FORMATS.values()} | {"application/zip"}
            )
        },
        "headers": {
            "ETag": {"description": "The file's strong ETag.", "schema": {"type": "string"}}
        },
    },
    304: {"description": "Not Modified: `If-None-Match` names this ETag."},
}


# One parameter per query option: FastAPI builds the parameters from the signature.
def export_file(  # noqa: PLR0913
    request: Request,
    registry: Registry,
    key: str,
    *,
    format_name: str,
    version: int | None,
    moodle_framework: Literal["standard", "card"],
    as_of: str | None = None,
    case_version: Literal["1.1", "1.0"] = "1.1",
) -> Response:
    """The standard's export as a file to download, or 304 when the client has it."""
    file = build_export(
        registry,
        key,
        format_name=format_name,
        version=version,
        as_of=as_of,
        moodle_framework=moodle_framework,
        public_url=answer_base_url(request),
        case_version=case_version,
    )
    etag = etag_of(file.tag.encode("utf-8"))
    headers = {
        "Content-Disposition": f'attachment; filename="{file.file_name}"',
        "ETag": etag,
        "Cache-Control": "no-cache",
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(file.data, media_type=file.media_type, headers=headers)
