"""The API's documentation page: Swagger UI, served from this server alone.

FastAPI's own docs page loads Swagger UI from a CDN (blank offline) and
starts it with an inline script (refused by the site's Content-Security-Policy,
:mod:`kasip.http.headers`). Here the page is a small HTML file of ours, its
script is the static file ``static/kasip-docs.js``, and Swagger UI's files
(version 5, which reads OpenAPI 3.1) come from the ``fastapi-offline``
package, all under ``/api/v1/docs/assets``. Only its files are used.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.staticfiles import StaticFiles

from kasip.http.responses import conditional

__all__ = ["ASSETS_PATH", "DOCS_PATH", "router"]

# Under the API's prefix (kasip.rest.API_PREFIX), which includes this router.
DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kasip REST API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<script src="{assets}/swagger-ui-bundle.js" defer></script>
<script src="{assets}/kasip-docs.js" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)
# Swagger UI's files first, then ours (kasip-docs.js).
router.mount(
    ASSETS_PATH,
    StaticFiles(packages=[("fastapi_offline", "static"), ("kasip.rest", "static")]),
    name="api_docs_assets",
)


@router.get(DOCS_PATH, name="api_docs")
def api_docs(request: Request) -> Response:
    """The Swagger UI page of the OpenAPI document."""
    assets = request.app.url_path_for("api_docs_assets", path="").rstrip("/")
    html = _PAGE.format(assets=assets, openapi=request.app.openapi_url)
    return conditional(request, html.encode(), media_type="text/html; charset=utf-8")
