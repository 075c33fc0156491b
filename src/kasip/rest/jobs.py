"""``POST /api/v1/cards/{card_id}/job-description``: a card's job description as a file.

The JSON body chooses the language, the format (DOCX or PDF), the labour
functions and tasks, and the template fields; the answer is the file. Its
``GET`` twin (the JSON of the built job description) is the
``job_description`` resource of :mod:`kasip.http.resources`. Public, as the
card data is; nothing is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from kasip.http.deps import CardId, RegistryDep
from kasip.http.jobs import MEDIA_TYPES, JobDescriptionRequest, job_file
from kasip.pages.jobs import build_job_description_page

__all__ = ["router"]

router = APIRouter(tags=["jobs"])

_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The job description file (`Content-Disposition: attachment`).",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in MEDIA_TYPES.values()
        },
    },
    503: {"description": "PDF rendering is not available on this server."},
}


@router.post(
    "/cards/{card_id}/job-description",
    name="download_job_description",
    response_class=Response,
    responses=_FILE,
)
def download(registry: RegistryDep, card_id: CardId, payload: JobDescriptionRequest) -> Response:
    """A card's job description as a Word document (`docx`) or a PDF (`pdf`).

    General provisions (position, code, level, subordination), qualification
    requirements, duties from the chosen labour functions and tasks, what the
    worker must know and be able to do, rights and responsibility (template
    `fields`, each left out taking the template's text), and a note naming
    the standard, order and card. Unknown function or task IDs are a 400.
    """
    page = build_job_description_page(
        registry,
        card_id,
        standard=payload.standard,
        lang=payload.language,
        functions=payload.functions,
        tasks=payload.tasks,
        fields=payload.fields,
    )
    return job_file(page.description, payload.format)
