"""Print documents (PDF) made for a request, or 503 where the server cannot print.

PDF support needs WeasyPrint and the system libraries it loads (Pango), which
a server may lack; the pages work without them, and a PDF asked for there
answers 503 ``pdf-unavailable`` (the error page says the page shows the same).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec

from kasip.http.errors import ApiError

__all__ = ["printed"]

P = ParamSpec("P")


def printed(render: Callable[P, bytes], *args: P.args, **kwargs: P.kwargs) -> bytes:
    """``render(*args, **kwargs)``, a PDF renderer of :mod:`kasip.pdf`.

    Raises:
        ApiError: 503 when WeasyPrint, or a library it loads, is missing.
    """
    try:
        return render(*args, **kwargs)
    # OSError: WeasyPrint is installed, but Pango or another library is not.
    except (ImportError, OSError) as exc:
        raise ApiError(
            503, f"PDF rendering is not available here: {exc}", code="pdf-unavailable"
        ) from exc
