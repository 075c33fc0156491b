"""The job-description page and resource: a card's job description and the form's choices.

One builder serves the HTML form (``/cards/{id}/job-description``), its
``.json`` twin, ``GET /api/v1/cards/{id}/job-description`` and the files the
form and ``POST`` download. When the language asked for is not the card's
standard's, the builder takes the card from the other language's text of the
same order if the registry holds it (the card IDs of an order's Kazakh and
Russian texts are the same); otherwise the labels are in the language asked
for and the card's texts stay as published (the document says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kasip import __version__
from kasip.jobs import DocumentLanguage, JobDescription, JobFields, build_job_description
from kasip.jobs.fields import complete_fields
from kasip.model import FunctionKind, LabourFunction, Unit
from kasip.model.elements import display_text
from kasip.model.ids import check_card_id
from kasip.pages.checks import check_standard_key
from kasip.pages.links import Links, standard_ref
from kasip.pages.lookup import FoundCard, find_card
from kasip.pages.models import CardItem, PageModel, StandardRef
from kasip.pages.reading import one_read
from kasip.registry import Registry

__all__ = ["FunctionChoice", "JobDescriptionPage", "TaskChoice", "build_job_description_page"]

DOCUMENT_LANGUAGES: tuple[DocumentLanguage, ...] = ("kk", "ru")


class TaskChoice(PageModel):
    """A task of a labour function, to tick or untick."""

    id: str
    title: str


class FunctionChoice(PageModel):
    """A labour function of the card and its tasks, as the form lists them."""

    id: str
    title: str
    kind: FunctionKind
    tasks: tuple[TaskChoice, ...]


class JobDescriptionPage(PageModel):
    """A card's job description and what its form offers.

    ``functions`` are all the card's labour functions (the form's
    checkboxes); ``defaults`` the template's texts in ``lang``;
    ``description`` the job description of the choices made (all functions
    and the defaults unless the request chose otherwise).
    """

    card: CardItem
    standard: StandardRef
    version: int
    lang: DocumentLanguage
    functions: tuple[FunctionChoice, ...]
    defaults: JobFields
    description: JobDescription
    url: str
    card_url: str


@one_read
def build_job_description_page(  # noqa: PLR0913 - one keyword per choice of the form
    registry: Registry,
    card_id: str,
    *,
    standard: str | None = None,
    lang: DocumentLanguage | None = None,
    functions: Sequence[str] | None = None,
    tasks: Sequence[str] | None = None,
    fields: JobFields | None = None,
    built_on: date | None = None,
) -> JobDescriptionPage:
    """Build the job description of a card in the latest version of its standard.

    Args:
        registry: The registry.
        card_id: The card's ID, e.g. ``2635-3-001@5``.
        standard: The standard holding it; the first by key when ``None``.
        lang: The document's language; the standard's (Kazakh if unknown) when ``None``.
        functions, tasks, fields, built_on: As for :func:`kasip.jobs.build_job_description`.

    Raises:
        InvalidInput: A malformed ID, or a function or task not of the card.
        NotFound: No such card or standard.

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     page = build_job_description_page(reg, "2635-3-001@6", lang="ru")
        >>> page.lang, page.description.card_text_as_published, page.url
        ('ru', True, '/cards/2635-3-001@6/job-description')
    """
    check_card_id(card_id)
    check_standard_key(standard)
    found = find_card(registry, card_id, standard=standard)
    own = found.document.standard.language
    chosen: DocumentLanguage = lang or ("ru" if own == "ru" else "kk")
    if own != chosen:
        found = _edition(registry, found, chosen)
    links = Links.of(registry)
    job = build_job_description(
        found.document.standard,
        found.card,
        lang=chosen,
        functions=functions,
        tasks=tasks,
        fields=fields,
        standard_key=found.standard,
        version=found.version,
        built_on=built_on,
        kasip_version=__version__,
    )
    return JobDescriptionPage(
        card=links.card_of(found.standard, found.card),
        standard=standard_ref(found.standard, found.document.standard),
        version=found.version,
        lang=chosen,
        functions=tuple(_choice(f) for f in found.card.functions),
        defaults=complete_fields(None, chosen),
        description=job,
        url=links.card(card_id, found.standard, suffix="/job-description"),
        card_url=links.card(card_id, found.standard),
    )


def _edition(registry: Registry, found: FoundCard, lang: DocumentLanguage) -> FoundCard:
    """The card in the text of the same order in ``lang``, if the registry holds it."""
    holders = set(found.holders)
    for other in Links.of(registry).same_order(found.standard):
        if other.language == lang and other.key in holders:
            return find_card(registry, found.card.id, standard=other.key)
    return found


def _choice(function: LabourFunction) -> FunctionChoice:
    return FunctionChoice(
        id=function.id,
        title=display_text(function),
        kind=function.kind,
        tasks=tuple(TaskChoice(id=t.id, title=_task_title(t)) for t in function.tasks),
    )


def _task_title(task: Unit) -> str:
    """A task's title; an untitled task (some Russian cards) is shown by its skills."""
    title = display_text(task).strip()
    return title or "; ".join(display_text(s) for s in task.skills)
