"""OpenAPI docs at /docs with Swagger UI served from the package (vendored from the npm
package swagger-ui-dist), so reading the docs makes no third-party request."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bumpwise API - documentation</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
</head>
<body>
<main>
<h1 class="visually-hidden">Bumpwise API documentation</h1>
<div id="swagger-ui"></div>
</main>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/js/docs.js"></script>
</body>
</html>
"""


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)
