"""A file sent to the server: a form's upload, or the body itself.

The check page's form sends the draft as ``multipart/form-data`` (field
``file``); an API client may send the same, or the file's bytes as the body
with its name in ``?name=``. Either way the body limit of
:mod:`kasip.http.limits` has already bounded what is read.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request

from kasip.http.errors import ApiError

__all__ = ["UPLOAD_BODY", "Upload", "UploadNameQuery", "read_form_upload", "read_upload"]

# What a route that takes a file (read_upload) says of its body in the OpenAPI document.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

# ?name= of such a route: the file's name, when the body is the file itself.
UploadNameQuery = Annotated[
    str | None,
    Query(max_length=200, description="The file's name, for a body that is the file itself."),
]

# The file's bytes and its name (only the name, never a client's path).
Upload = tuple[bytes, str]
_DEFAULT_NAME = "draft"


async def read_upload(request: Request) -> Upload:
    """The uploaded file of a request.

    Raises:
        ApiError: 400 when a multipart form cannot be read or has no file.
    """
    if not _is_multipart(request):
        name = request.query_params.get("name") or _DEFAULT_NAME
        return await request.body(), name
    return await read_form_upload(request)


def _is_multipart(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "multipart/form-data"


async def read_form_upload(request: Request) -> Upload:
    """The file of a form's upload (``multipart/form-data``, field ``file``) and nothing else.

    Raises:
        ApiError: 400 when the body is no such form, cannot be read or has no file.
    """
    if not _is_multipart(request):
        raise ApiError(
            400, "send the file as multipart/form-data (field 'file')", code="invalid-form"
        )
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception as exc:  # Starlette raises several kinds on a broken multipart body
        raise ApiError(400, "the form cannot be read", code="invalid-form") from exc
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, "the form has no file (field 'file')", code="invalid-form")
        return await upload.read(), upload.filename or _DEFAULT_NAME
    finally:
        await form.close()
