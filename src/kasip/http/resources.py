"""Every resource kasip serves over HTTP, declared once (see :mod:`kasip.http.resource`).

Each view reads its parameters (declared in :mod:`kasip.http.deps`), calls
one builder of :mod:`kasip.pages` and returns its data; the REST API
(:mod:`kasip.rest`) and the web pages (:mod:`kasip.web`) serve what it
returns. A view's docstring is its API operation's description.
"""

from __future__ import annotations

from kasip import pages
from kasip.http.deps import (
    AsOfQuery,
    CardId,
    CardIdQuery,
    CardVersionQuery,
    CodeQuery,
    ElementId,
    FromQuery,
    LanguageDep,
    LevelQuery,
    MatchLimitQuery,
    MatchTextQuery,
    OccupationCode,
    PageQuery,
    PerPageQuery,
    RegistryDep,
    SearchLimitQuery,
    SearchText,
    StandardKey,
    StandardQuery,
    TextQuery,
    ToQuery,
    TypesQuery,
    VersionQuery,
)
from kasip.http.jobs import job_description
from kasip.http.resource import Resource
from kasip.pages.ladder import ladder_text
from kasip.pages.match import DEFAULT_MATCH_LIMIT
from kasip.pages.search import DEFAULT_SEARCH_LIMIT

__all__ = ["RESOURCES"]


def home(registry: RegistryDep, q: TextQuery = None, level: LevelQuery = None) -> pages.HomePage:
    """The home page: the standards, quick links by level, and the cards a search finds."""
    return pages.build_home(registry, q=q, level=level)


def standards(
    registry: RegistryDep, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> pages.StandardsPage:
    """List the standards in the registry, by key, each described by its latest version."""
    return pages.build_standards(registry, page=page, per_page=per_page)


def standard(
    registry: RegistryDep, key: StandardKey, version: VersionQuery = None, as_of: AsOfQuery = None
) -> pages.StandardPage:
    """A standard: passport, terms, abbreviations, amendment timeline, cards by level.

    `in_force` lists every version with the day it took effect and until when
    (`effective_basis`: `entered`, confirmed; `order`, only proposed from the
    order's date; `unknown`). With `as_of`, the version in force that day, and
    `in_force_on` says so.
    """
    return pages.build_standard(registry, key, version=version, as_of=as_of)


def versions(
    registry: RegistryDep, key: StandardKey, page: PageQuery = 1, per_page: PerPageQuery = 50
) -> pages.VersionsPage:
    """The stored versions of a standard, oldest first: when, from which source text."""
    return pages.build_versions(registry, key, page=page, per_page=per_page)


# One parameter per query filter: FastAPI builds the parameters from the signature.
def cards(  # noqa: PLR0913
    registry: RegistryDep,
    standard: StandardQuery = None,
    code: CodeQuery = None,
    level: LevelQuery = None,
    q: TextQuery = None,
    page: PageQuery = 1,
    per_page: PerPageQuery = 50,
) -> pages.CardsPage:
    """List the cards of the latest versions that match every filter given."""
    return pages.build_cards(
        registry, standard=standard, code=code, level=level, q=q, page=page, per_page=per_page
    )


# One parameter per query option: FastAPI builds the parameters from the signature.
def card(  # noqa: PLR0913
    registry: RegistryDep,
    lang: LanguageDep,
    card_id: CardId,
    standard: StandardQuery = None,
    version: CardVersionQuery = None,
    as_of: AsOfQuery = None,
) -> pages.CardPage:
    """A profession card: functions, tasks, skills and knowledge, with its standard.

    Without `standard`, the card is read from the edition (the Kazakh or the
    Russian text of its order) in the interface language when the registry
    holds the card there; `page_edition` offers that edition when another is
    shown, `editions_url` the card beside its other edition. With `as_of` (and
    `standard`), the card as the version in force that day has it.
    """
    return pages.build_card(
        registry, card_id, standard=standard, version=version, as_of=as_of, lang=lang
    )


def card_editions(
    registry: RegistryDep, lang: LanguageDep, card_id: CardId, standard: StandardQuery = None
) -> pages.CardEditionsPage:
    """A card beside its counterpart in the other edition of its standard, row by row."""
    return pages.build_card_editions(registry, card_id, standard=standard, lang=lang)


def parity(registry: RegistryDep, key: StandardKey) -> pages.ParityPage:
    """The parity check of a standard's Kazakh and Russian editions (latest versions).

    Every difference, grouped by card: a card, labour function or task present
    in one edition only, codes, levels, sublevels, function kinds or numbers
    that differ, skill or knowledge counts that differ, another order. 404
    when the registry holds only one edition of the standard.
    """
    return pages.build_parity(registry, key)


def element(
    registry: RegistryDep, element_id: ElementId, standard: StandardQuery = None
) -> pages.ElementPage:
    """A labour function, task, skill, knowledge item, term, ... by its ID, with its card."""
    return pages.build_element(registry, element_id, standard=standard)


def compare(
    registry: RegistryDep, a: CardIdQuery, b: CardIdQuery, standard: StandardQuery = None
) -> pages.ComparePage:
    """Compare two cards: what `b` adds, removes and changes relative to `a`.

    Header fields, lists (other names, qualification categories, competencies,
    related occupations), functions, tasks, skills and knowledge; changed texts
    carry a word diff (`ops`: equal / insert / delete).
    """
    return pages.build_compare(registry, a, b, standard=standard)


def ladder(
    registry: RegistryDep, lang: LanguageDep, code: OccupationCode, standard: StandardQuery = None
) -> pages.LadderPage:
    """The career ladder of an occupation code: its cards by level, related occupations, SVG.

    The SVG's words follow the interface language (`?lang=`, cookie, `Accept-Language`).
    """
    return pages.build_ladder(registry, code, standard=standard, text=ladder_text(lang))


def history(
    registry: RegistryDep,
    key: StandardKey,
    from_version: FromQuery = None,
    to_version: ToQuery = None,
) -> pages.HistoryPage:
    """What changed between two versions of a standard, element by element.

    Also lists every version with its amendment timeline. Defaults: `to` is
    the latest version, `from` the one before it.
    """
    return pages.build_history(registry, key, from_version=from_version, to_version=to_version)


# One parameter per query filter: FastAPI builds the parameters from the signature.
def search(  # noqa: PLR0913
    registry: RegistryDep,
    lang: LanguageDep,
    q: SearchText,
    standard: StandardQuery = None,
    level: LevelQuery = None,
    types: TypesQuery = None,
    limit: SearchLimitQuery = DEFAULT_SEARCH_LIMIT,
) -> pages.SearchPage:
    """Find cards, labour functions, tasks, skills, knowledge, terms by their words.

    Morphology-aware (Kazakh suffixes, Russian lemmas), cross-lingual (a
    Russian query finds Kazakh texts) and typo-tolerant. `hits` are best
    first, `groups` the same hits by card; `snippet` marks the matched words
    (`hit: true`); `corrections` read unknown query words as known ones.
    An element that both language editions of an order hold is one hit, shown
    in the edition of the interface language when it holds it; `editions`
    names the other.
    """
    return pages.build_search(
        registry,
        q=q,
        standard=standard,
        level=level,
        types=types or (),
        limit=limit,
        language=lang,
    )


def match(
    registry: RegistryDep,
    lang: LanguageDep,
    text: MatchTextQuery,
    limit: MatchLimitQuery = DEFAULT_MATCH_LIMIT,
) -> pages.MatchPage:
    """Match a free text (a vacancy, a CV, a job description) to profession cards.

    `matches` are the occupations best first, one card each, with a
    `confidence` in [0, 1] (the occupation's), the `evidence` (which sentence
    matched which element of the card), its `other_cards` and its `copies`
    in other standards (`copies_total` counts them). `confident` is false
    when no card clearly fits the text. A card both language
    editions of an order hold is one match, shown in the edition of the
    interface language (else the text's); `other_edition` names the other.
    """
    return pages.build_match(registry, text=text, limit=limit, language=lang)


# In the order their routes are tried; a page's twin is tried before any page.
RESOURCES: tuple[Resource, ...] = (
    Resource("home", home, page="/", twin="/index.json"),
    Resource("standards", standards, api="/standards", api_name="list_standards",
             tags=("standards",)),
    Resource("standard", standard, page="/standards/{key}", api="/standards/{key}",
             api_name="get_standard", tags=("standards",), blank=("as_of",)),
    Resource("versions", versions, api="/standards/{key}/versions", api_name="list_versions",
             tags=("standards",)),
    Resource("cards", cards, api="/cards", api_name="list_cards", tags=("cards",)),
    Resource("card", card, page="/cards/{card_id}", api="/cards/{card_id}",
             api_name="get_card", tags=("cards",)),
    # Its files are downloaded by POST: see kasip.web.jobs and kasip.rest.jobs.
    Resource("job_description", job_description, page="/cards/{card_id}/job-description",
             api="/cards/{card_id}/job-description", api_name="get_job_description",
             tags=("jobs",)),
    # The element's page is its anchor on its card's (or standard's) page: a redirect.
    Resource("element", element, page="/elements/{element_id:path}", twin=False,
             api="/elements/{element_id:path}", api_name="get_element", tags=("elements",)),
    Resource("compare", compare, page="/compare", api="/compare", api_name="compare_cards",
             tags=("compare",), form=("a", "b")),
    Resource("ladder", ladder, page="/ladder/{code}", api="/ladder/{code}",
             api_name="get_ladder", tags=("compare",)),
    Resource("card_editions", card_editions, page="/cards/{card_id}/editions"),
    Resource("parity", parity, page="/standards/{key}/parity", api="/standards/{key}/parity",
             api_name="get_parity", tags=("standards",)),
    Resource("history", history, page="/standards/{key}/history",
             api="/standards/{key}/diff", api_name="diff_versions", tags=("compare",)),
    Resource("search", search, page="/search", api="/search", api_name="search_elements",
             tags=("search",), form=("q",), blank=("q", "standard", "level")),
    # The API takes the (long) text as a POST body: see kasip.rest.
    Resource("match", match, page="/match", form=("text",), blank=("text",)),
)  # fmt: skip
