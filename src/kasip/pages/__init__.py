"""Use cases: the data of every page and API resource, one builder each.

Each builder is a function of a :class:`~kasip.registry.Registry` and the
request's parameters that returns a frozen model (``pages/models.py`` and the
page modules). The HTML page, its ``.json`` twin and the ``/api/v1`` resource
all render what one builder returns, so they cannot drift apart (style guide
§1). Builders raise the library's errors: :class:`~kasip.errors.InvalidInput`
for malformed input (HTTP 400), :class:`~kasip.errors.NotFound` for what the
registry does not hold (404).
"""

from kasip.pages.card import build_card
from kasip.pages.compare import ComparePage, build_compare
from kasip.pages.editions import (
    CardEditionsPage,
    ParityPage,
    build_card_editions,
    build_parity,
)
from kasip.pages.history import HistoryPage, build_history
from kasip.pages.ladder import LadderPage, build_ladder
from kasip.pages.listing import (
    build_cards,
    build_element,
    build_home,
    build_standards,
    build_versions,
)
from kasip.pages.match import MatchPage, build_match
from kasip.pages.models import (
    CardPage,
    CardsPage,
    ElementPage,
    HomePage,
    StandardPage,
    StandardsPage,
    VersionsPage,
)
from kasip.pages.search import SearchPage, build_search
from kasip.pages.standard import build_standard

__all__ = [
    "CardEditionsPage",
    "CardPage",
    "CardsPage",
    "ComparePage",
    "ElementPage",
    "HistoryPage",
    "HomePage",
    "LadderPage",
    "MatchPage",
    "ParityPage",
    "SearchPage",
    "StandardPage",
    "StandardsPage",
    "VersionsPage",
    "build_card",
    "build_card_editions",
    "build_cards",
    "build_compare",
    "build_element",
    "build_history",
    "build_home",
    "build_ladder",
    "build_match",
    "build_parity",
    "build_search",
    "build_standard",
    "build_standards",
    "build_versions",
]
