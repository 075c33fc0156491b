"""kasip: Kazakhstan's professional standards as machine-readable software.

The public verbs: :func:`parse_standard` turns the text of a professional
standard into a :class:`Document`, :func:`read_source` reads a text file, and
:func:`open_registry` opens the versioned registry (SQLite by default,
PostgreSQL too). ``import kasip`` stays cheap: the model, the parser and the
registry are imported on first use.

Example:
    >>> import kasip
    >>> kasip.Document.model_fields["format"].default
    'kasip-standard/1'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kasip.model import Document
    from kasip.parse import parse_standard, read_source
    from kasip.registry import open_registry

__all__ = ["Document", "__version__", "open_registry", "parse_standard", "read_source"]
__version__ = "0.1.0"

_LAZY = {
    "Document": "kasip.model",
    "parse_standard": "kasip.parse",
    "read_source": "kasip.parse",
    "open_registry": "kasip.registry",
}


def __getattr__(name: str) -> Any:
    """Import a public verb from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kasip' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
