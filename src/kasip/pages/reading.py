"""One read per page: a page's queries share one snapshot of the registry."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from kasip.registry import Registry

P = ParamSpec("P")
T = TypeVar("T")


def one_read(
    build: Callable[Concatenate[Registry, P], T],
) -> Callable[Concatenate[Registry, P], T]:
    """Build a page inside :meth:`kasip.store.Store.reading`.

    A page reads a card, the standards beside it and the registry's
    generation; read apart, an import committing between them could give a
    page whose parts disagree, and on PostgreSQL each read would check out a
    connection of its own (a ping, ``BEGIN`` and ``ROLLBACK`` each: the card
    JSON took 1.6-1.9 times as long as on SQLite, BENCHMARKS.md).
    """

    @functools.wraps(build)
    def built(registry: Registry, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with registry.reading():
            return build(registry, *args, **kwargs)

    return built
