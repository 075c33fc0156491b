"""``GET /api/v1/standards/{key}/export``: a standard in an export format, as a file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from kasip.http.deps import AsOfQuery, RegistryDep, StandardKey, VersionQuery
from kasip.http.exports import (
    EXPORT_RESPONSES,
    CaseVersionQuery,
    ExportFormatQuery,
    MoodleFrameworkQuery,
    export_file,
)

__all__ = ["router"]

router = APIRouter(tags=["standards"])

_IF_NONE_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "ETags the client has (or `*`); when one is the file's, the answer "
            "is 304 Not Modified without a body.",
            "schema": {"type": "string"},
        }
    ]
}


@router.get(
    "/standards/{key}/export",
    name="export_standard",
    response_class=Response,
    responses=EXPORT_RESPONSES,
    openapi_extra=_IF_NONE_MATCH,
)
def export_standard(  # noqa: PLR0913
    request: Request,
    registry: RegistryDep,
    key: StandardKey,
    format_name: ExportFormatQuery = "json",
    version: VersionQuery = None,
    moodle_framework: MoodleFrameworkQuery = "standard",
    as_of: AsOfQuery = None,
    case_version: CaseVersionQuery = "1.1",
) -> Response:
    """A standard (the latest version, `version`, or the one in force on `as_of`) as a file.

    `json`: the exchange format (`kasip-standard/1`). `case`: a CASE 1.1
    CFPackage (`case_version=1.0`: CASE 1.0, for OpenSALT); its URIs are under
    `KASIP_PUBLIC_URL`, or the address the request came to when it is not set.
    `moodle`: a competency framework CSV for Moodle's "Import competency framework" (with
    `moodle_framework=card`, a ZIP archive of one framework per card). `xlsx`:
    a workbook with a sheet per entity (standards, cards, labour functions,
    tasks, skills, knowledge) and per relation. `csv`: the same tables as a ZIP
    archive of UTF-8 CSV files. An unknown format is a 400. A CASE
    CFDocument carries the version's confirmed effective date as `statusStartDate`.
    """
    return export_file(
        request,
        registry,
        key,
        format_name=format_name,
        version=version,
        moodle_framework=moodle_framework,
        as_of=as_of,
        case_version=case_version,
    )
