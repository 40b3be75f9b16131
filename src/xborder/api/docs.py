"""The interactive API documentation (Swagger UI) at /docs, with its files served from the
`fastapi-offline` package: the page loads nothing from a CDN, so it keeps a strict
Content-Security-Policy like every other page (only its one inline script, which FastAPI
writes, is allowed, by its hash). ReDoc is not served: Swagger UI is the one way to read the
API, and ReDoc would need a looser policy (workers from blob: URLs)."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = "/docs-static"
# No 'unsafe-inline' even for styles: Swagger UI 5 sets them through the DOM, which the policy
# allows (tests/api/test_docs_and_transport.py runs it in a browser). Connections: the OpenAPI
# document and "Try it out", both this server.
CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def swagger_files() -> Path:
    """The package's folder of Swagger UI 5 files. Found by name rather than imported: only
    the files are used."""
    folder = Path(str(resources.files("fastapi_offline").joinpath("static")))
    if not (folder / "swagger-ui-bundle.js").is_file():
        raise RuntimeError(f"fastapi-offline ships no Swagger UI under {folder}")
    return folder


def swagger_page(openapi_url: str, title: str) -> HTMLResponse:
    """The page, with a policy that allows exactly its inline script: the hash is taken from
    the page as rendered, so it follows any change of FastAPI's template."""
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{STATIC}/swagger-ui.css",
        swagger_favicon_url=f"{STATIC}/favicon.png",
        # Else Swagger UI shows a badge from an outside validator, handing it this API's URL.
        swagger_ui_parameters={"validatorUrl": None},
    )
    html = bytes(page.body).decode()
    hashes = " ".join(
        f"'sha256-{b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    page.headers["Content-Security-Policy"] = CSP.format(hashes=hashes)
    return page


def install(app: FastAPI) -> None:
    """/docs and its files; the app is created with `docs_url=None, redoc_url=None`."""
    app.mount(STATIC, StaticFiles(directory=swagger_files()), name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"
    title = f"{app.title} API"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return swagger_page(openapi_url, title)
