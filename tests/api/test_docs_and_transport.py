"""/docs is served from the package's own Swagger UI files under a strict Content-Security-
Policy; HSTS goes out over HTTPS only; a forged Host is refused before it can reach the public
API's absolute links, which a configured public address replaces."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from tests.api.test_api import client
from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from xborder.config import Settings
from xborder.platform.app import HSTS, create_app


def _directives(csp: str) -> dict[str, str]:
    pairs = (d.strip().partition(" ") for d in csp.split(";") if d.strip())
    return {name: value for name, _, value in pairs}


def test_docs_load_nothing_from_outside_and_allow_only_their_own_script(
    sqlite_world: World,
) -> None:
    c = client(sqlite_world)
    res = c.get("/docs")
    assert res.status_code == 200 and "SwaggerUIBundle" in res.text
    assert re.findall(r"(?i)https?:|//[a-z]", res.text) == []  # no URL outside the app
    assets = re.findall(r'(?:href|src)="([^"]+)"', res.text)
    assert len(assets) == 3 and all(a.startswith("/docs-static/") for a in assets)
    for asset in assets:
        got = c.get(asset)
        assert got.status_code == 200 and got.content, asset
    js = c.get("/docs-static/swagger-ui-bundle.js").headers["content-type"]
    assert js.startswith(("text/javascript", "application/javascript"))
    assert "url: '/openapi.json'" in res.text and c.get("/openapi.json").status_code == 200
    csp = _directives(res.headers["content-security-policy"])
    assert csp["default-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    script = csp["script-src"].split()
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    inline = re.findall(r"<script>(.*?)</script>", res.text, re.DOTALL)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert script == ["'self'", f"'sha256-{digest}'"]
    assert all("http" not in v for v in csp.values())


def test_redoc_is_not_served(sqlite_world: World) -> None:
    assert client(sqlite_world).get("/redoc").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)")
def test_docs_render_in_a_browser_without_a_policy_violation(live: tuple[str, World]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ = live
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("xborder")
        # open an operation and run it: the request goes to this server ('self')
        page.locator("#operations-meta-healthz_healthz_get .opblock-summary").click()
        page.get_by_role("button", name="Try it out", exact=True).click()
        page.get_by_role("button", name="Execute", exact=True).click()
        status = page.locator(".live-responses-table tr.response .response-col_status")
        expect(status.first).to_have_text("200")
        browser.close()
    assert errors == []


# --- HSTS -------------------------------------------------------------------------------------


def test_hsts_is_sent_over_https_and_never_over_plain_http(sqlite_world: World) -> None:
    app = create_app(sqlite_world.settings, sqlite_world.db)
    over_tls = TestClient(app, base_url="https://testserver").get("/healthz")
    assert over_tls.headers["strict-transport-security"] == HSTS
    assert HSTS == "max-age=31536000; includeSubDomains"
    plain = TestClient(app).get("/healthz")
    assert "strict-transport-security" not in plain.headers
    # behind a TLS proxy: uvicorn --proxy-headers takes the scheme from X-Forwarded-Proto
    proxied = TestClient(ProxyHeadersMiddleware(app, trusted_hosts="*"))
    behind_tls = proxied.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert behind_tls.headers["strict-transport-security"] == HSTS
    assert "strict-transport-security" not in proxied.get("/healthz").headers


# --- trusted hosts and the public address ---------------------------------------------------


def _hrefs(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        return [
            *([doc["href"]] if isinstance(doc.get("href"), str) else []),
            *(h for v in doc.values() for h in _hrefs(v)),
        ]
    if isinstance(doc, list):
        return [h for v in doc for h in _hrefs(v)]
    return []


def test_a_forged_host_is_refused_and_links_name_the_real_one(sqlite_world: World) -> None:
    c = client(sqlite_world)
    forged = c.get("/notices/v1/red", headers={"Host": "evil.example"})
    assert forged.status_code == 400 and "evil.example" not in forged.text
    assert forged.headers["x-content-type-options"] == "nosniff"
    assert c.get("/api/v1/rules", headers={"Host": "evil.example:8000"}).status_code == 400
    res = c.get("/notices/v1/red")
    hrefs = _hrefs(res.json())
    assert hrefs and all(h.startswith("http://testserver/notices/v1/") for h in hrefs)
    # the names `make run` and the browser tests use
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert c.get("/api/v1/rules", headers={"Host": host}).status_code == 200, host


def test_probes_answer_whatever_the_host(sqlite_world: World) -> None:
    """Health checks and the metrics scraper call a container by its changing address."""
    c = TestClient(
        create_app(
            sqlite_world.settings.with_(trusted_hosts="xborder.example.org"), sqlite_world.db
        )
    )
    assert c.get("/healthz", headers={"Host": "10.2.3.4:8000"}).status_code == 200
    assert c.get("/api/v1/rules", headers={"Host": "10.2.3.4:8000"}).status_code == 400
    assert c.get("/healthz/", headers={"Host": "10.2.3.4:8000"}).status_code == 400


def test_links_are_built_on_the_configured_public_address(sqlite_world: World) -> None:
    settings = sqlite_world.settings.with_(
        public_base_url="https://xborder.example.org/",
        trusted_hosts="*",  # no check: the configured address still decides the links
    )
    c = TestClient(create_app(settings, sqlite_world.db))
    res = c.get("/notices/v1/red", headers={"Host": "evil.example"})
    assert res.status_code == 200
    hrefs = _hrefs(res.json())
    assert hrefs and all(h.startswith("https://xborder.example.org/notices/v1/") for h in hrefs)
    assert "evil.example" not in res.text


def test_configured_names_and_the_bind_address_are_trusted(sqlite_world: World) -> None:
    settings = sqlite_world.settings.with_(trusted_hosts="*.example.org", host="10.0.0.5")
    c = TestClient(create_app(settings, sqlite_world.db), base_url="http://api.example.org")
    assert c.get("/api/v1/rules").status_code == 200
    assert c.get("/api/v1/rules", headers={"Host": "10.0.0.5:8000"}).status_code == 200
    assert c.get("/api/v1/rules", headers={"Host": "testserver"}).status_code == 400


def test_the_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XBORDER_TRUSTED_HOSTS", "xborder.example.org")
    monkeypatch.setenv("XBORDER_PUBLIC_BASE_URL", "https://xborder.example.org")
    s = Settings()
    assert (s.trusted_hosts, s.public_base_url) == (
        "xborder.example.org",
        "https://xborder.example.org",
    )
    monkeypatch.delenv("XBORDER_TRUSTED_HOSTS")
    monkeypatch.delenv("XBORDER_PUBLIC_BASE_URL")
    assert "testserver" in Settings().trusted_hosts and Settings().public_base_url == ""
