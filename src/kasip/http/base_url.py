"""The base of the absolute URLs an answer writes (CASE ``uri``, ``Link``, ...).

``KASIP_PUBLIC_URL`` wins when it is set: behind a proxy the request's own
host is the proxy's upstream address, not the one people use. When it is
not set, the answer uses the address the request came to (its scheme, host,
port and root path), so ``kasip serve --port 8790`` writes
``http://127.0.0.1:8790/...`` rather than the default's port 8000. The
response cache keys its answers by scheme and host for that reason
(:mod:`kasip.http.cache`).

What credentials sign (issuer, verification links, QR codes) is not built
here: it stays the configured issuer URL (:class:`kasip.pages.certificates.Issuing`),
whatever host a request names.
"""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["answer_base_url"]


def answer_base_url(request: Request) -> str:
    """``KASIP_PUBLIC_URL`` when set, else the request's base URL; no trailing slash.

    Example:
        >>> from kasip.config import Settings
        >>> from fastapi import FastAPI
        >>> app = FastAPI()
        >>> app.state.settings = Settings()
        >>> scope = {"type": "http", "app": app, "scheme": "http", "root_path": "/k",
        ...          "server": ("127.0.0.1", 8790), "path": "/", "query_string": b"",
        ...          "headers": [(b"host", b"127.0.0.1:8790")]}
        >>> answer_base_url(Request(scope))
        'http://127.0.0.1:8790/k'
        >>> app.state.settings = Settings(public_url="https://kasip.example.kz")
        >>> answer_base_url(Request(scope))
        'https://kasip.example.kz'
    """
    settings = getattr(request.app.state, "settings", None)
    configured = settings.configured_public_url() if settings is not None else None
    return configured if configured is not None else str(request.base_url).rstrip("/")
