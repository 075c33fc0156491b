"""A version's official source, as the pages present it (issue 15, item 6).

"Present as official only texts whose official source is recorded": each page
that shows a stored text carries its version's :class:`OfficialSource`, or
``None``, which the templates and the PDF show as a notice that the text is
shown as imported, not as the official text.
"""

from __future__ import annotations

from kasip.model.official import OfficialSource
from kasip.registry import Registry

__all__ = ["official_of"]


def official_of(registry: Registry, key: str, version: int) -> OfficialSource | None:
    """The recorded official source of version ``version`` of ``key`` (``None``: not recorded).

    Example:
        >>> from kasip.registry import open_registry
        >>> from kasip.testing import make_document
        >>> with open_registry("sqlite://") as reg:
        ...     _ = reg.import_documents([make_document()])
        ...     before = official_of(reg, "292-2019-05-30-kk", 1)
        ...     _ = reg.set_official_source(
        ...         "292-2019-05-30-kk", 1, OfficialSource(url="https://adilet.zan.kz/x"))
        ...     after = official_of(reg, "292-2019-05-30-kk", 1)
        >>> before is None, after.url
        (True, 'https://adilet.zan.kz/x')
    """
    return next((v.official_source for v in registry.versions(key) if v.version == version), None)
