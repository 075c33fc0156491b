"""The CASE 1.1 service's error answer: ``imsx_StatusInfo`` (issue 15, item 2).

The binding answers every failure with ``imsx_codeMajor`` ``failure``,
``imsx_severity`` ``error`` and a ``codeMinor`` from its vocabulary:
``unknownobject`` or ``invalid_uuid`` (404), ``invalid_selection_field`` or
``invalid_sort_field`` (400), ``server_busy`` (429), ``internal_server_error``
(500). :func:`kasip.http.errors.install_error_handler` answers so for every
path under :data:`~kasip.export.case_index.CASE_PATH`, so no error of the
service (a bad parameter, an unknown path, a bug) has kasip's own shape.

Example:
    >>> status = imsx_status(404, "no such object", "unknownobject")
    >>> status.imsx_codeMajor, status.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue
    ('failure', 'unknownobject')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from kasip.export.case_index import CASE_PATH

__all__ = [
    "CASE_ERROR_RESPONSES",
    "ImsxStatusInfo",
    "imsx_response",
    "imsx_status",
    "is_case_path",
]

CodeMinorValue = Literal[
    "forbidden", "fullsuccess", "internal_server_error", "invalid_selection_field",
    "invalid_sort_field", "invalid_uuid", "server_busy", "unauthorised_request", "unknownobject",
]  # fmt: skip
_BY_STATUS: dict[int, CodeMinorValue] = {
    400: "invalid_selection_field",
    401: "unauthorised_request",
    403: "forbidden",
    404: "unknownobject",
    405: "forbidden",
    429: "server_busy",
}
# What each code is about, as imsx_codeMinorFieldName (the binding leaves the name free).
_FIELD_NAMES = {"unknownobject": "sourcedId", "invalid_uuid": "sourcedId",
                "invalid_sort_field": "sort"}  # fmt: skip


class ImsxCodeMinorField(BaseModel):
    """One code minor status code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    imsx_codeMinorFieldName: str
    imsx_codeMinorFieldValue: CodeMinorValue


class ImsxCodeMinor(BaseModel):
    """The code minor status codes of an answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    imsx_codeMinorField: list[ImsxCodeMinorField]


class ImsxStatusInfo(BaseModel):
    """The binding's ``imsx_StatusInfo``: the body of every failed request."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    imsx_codeMajor: Literal["failure", "processing", "success", "unsupported"]
    imsx_severity: Literal["error", "status", "warning"]
    imsx_description: str
    imsx_codeMinor: ImsxCodeMinor


CASE_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ImsxStatusInfo, "description": "A bad parameter: `invalid_selection_field`, "
          "`invalid_sort_field`."},
    404: {"model": ImsxStatusInfo, "description": "`unknownobject`, or `invalid_uuid` (the "
          "identifier is not a UUID)."},
    "4XX": {"model": ImsxStatusInfo, "description": "Another failure of the request."},
    "5XX": {"model": ImsxStatusInfo, "description": "`internal_server_error`."},
}  # fmt: skip


def route_path(scope: Mapping[str, Any]) -> str:
    """The request's path inside the app: without the proxy prefix (``root_path``),
    which Starlette 1.x leaves at the start of ``scope["path"]``.

    Example:
        >>> route_path({"path": "/kasip/ims/case/v1p1/CFDocuments", "root_path": "/kasip"})
        '/ims/case/v1p1/CFDocuments'
    """
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def is_case_path(path: str) -> bool:
    """Whether ``path`` is the CASE service's (its errors are ``imsx_StatusInfo``)."""
    return path == CASE_PATH or path.startswith(CASE_PATH + "/")


def imsx_status(status: int, description: str, code_minor: str | None = None) -> ImsxStatusInfo:
    """The ``imsx_StatusInfo`` of a failure with HTTP ``status``: ``code_minor`` when it is
    one of the binding's codes, else the code of that status."""
    known: dict[str, CodeMinorValue] = {v: v for v in _BY_STATUS.values()}
    known |= {"invalid_uuid": "invalid_uuid", "invalid_sort_field": "invalid_sort_field"}
    value = known.get(code_minor or "") or _BY_STATUS.get(status, "internal_server_error")
    field = ImsxCodeMinorField(
        imsx_codeMinorFieldName=_FIELD_NAMES.get(value, "request"), imsx_codeMinorFieldValue=value
    )
    return ImsxStatusInfo(
        imsx_codeMajor="failure",
        imsx_severity="error",
        imsx_description=description,
        imsx_codeMinor=ImsxCodeMinor(imsx_codeMinorField=[field]),
    )


def imsx_response(
    status: int, description: str, code_minor: str | None, headers: dict[str, str]
) -> JSONResponse:
    """The JSON answer of a failed CASE request."""
    body = imsx_status(status, description, code_minor)
    return JSONResponse(body.model_dump(mode="json"), status, headers=headers)
