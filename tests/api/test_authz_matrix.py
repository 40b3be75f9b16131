"""Walk every route with every role and with no login, and check the answer.

`EXPECTED` is the reviewed matrix: which roles may call each route. Adding a route without
adding it here fails `test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api import authz_extradition, authz_governance
from tests.conftest import World
from xborder.accounts.service import token_actor
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import Role
from xborder.persons.tables import PersonRow
from xborder.platform.app import create_app

R = Role
PERSON_READERS = {R.NCB_OFFICER, R.NCB_SUPERVISOR, R.REVIEWER, R.SECRETARIAT_ADMIN, R.CCF}
EVERYONE = set(Role)
BUREAU = {R.NCB_OFFICER, R.NCB_SUPERVISOR}
NOTICE_READERS = BUREAU | {R.REVIEWER, R.SECRETARIAT_ADMIN, R.CCF}
SECRETARIAT = {R.REVIEWER, R.SECRETARIAT_ADMIN}

EXPECTED: dict[tuple[str, str], set[Role]] = {
    ("GET", "/api/v1/me"): EVERYONE,
    ("GET", "/api/v1/users"): {R.SECRETARIAT_ADMIN, R.AUDITOR},
    ("POST", "/api/v1/users"): {R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/users/{username}/disable"): {R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/users/{username}/enable"): {R.SECRETARIAT_ADMIN},
    ("GET", "/api/v1/tokens"): EVERYONE,
    ("POST", "/api/v1/tokens"): EVERYONE,
    ("DELETE", "/api/v1/tokens/{token_id}"): EVERYONE,
    ("GET", "/api/v1/persons"): PERSON_READERS,
    ("GET", "/api/v1/persons/{person_id}"): PERSON_READERS,
    ("POST", "/api/v1/persons"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("GET", "/api/v1/audit/access-log"): {R.AUDITOR},
    ("GET", "/api/v1/audit/events"): {R.AUDITOR},
    ("POST", "/api/v1/keys"): {R.NCB_SUPERVISOR, R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/keys/{kid}/revoke"): {R.NCB_SUPERVISOR, R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/exchange/messages"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("POST", "/api/v1/exchange/endpoint"): {R.NCB_SUPERVISOR},
    ("GET", "/api/v1/exchange/inbox"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("GET", "/api/v1/exchange/outbox"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("GET", "/api/v1/exchange/messages/{msg_id}"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("POST", "/api/v1/exchange/messages/{msg_id}/ack"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("GET", "/api/v1/exchange/messages/{msg_id}/evidence"): {R.NCB_OFFICER, R.NCB_SUPERVISOR},
    ("GET", "/api/v1/exchange/held"): {R.REVIEWER},
    ("GET", "/api/v1/exchange/held/{msg_id}"): {R.REVIEWER},
    ("POST", "/api/v1/exchange/messages/{msg_id}/release"): {R.REVIEWER},
    # notices
    ("POST", "/api/v1/notices"): BUREAU,
    ("GET", "/api/v1/notices"): NOTICE_READERS,
    ("GET", "/api/v1/notices/review-queue"): {R.REVIEWER},
    ("GET", "/api/v1/notices/{notice_id}"): NOTICE_READERS,
    ("PUT", "/api/v1/notices/{notice_id}"): BUREAU,
    ("POST", "/api/v1/notices/{notice_id}/send-for-approval"): BUREAU,
    ("POST", "/api/v1/notices/{notice_id}/approve"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/return"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/decision"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/sources"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/checks"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/answer"): BUREAU,
    ("POST", "/api/v1/notices/{notice_id}/suspend"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/resume"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/withdraw"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/renew"): {R.NCB_SUPERVISOR},
    ("POST", "/api/v1/notices/{notice_id}/cancel"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/flags"): BUREAU,
    ("DELETE", "/api/v1/notices/{notice_id}/flags"): BUREAU,
    ("POST", "/api/v1/notices/{notice_id}/hits"): BUREAU,
    ("GET", "/api/v1/hits"): BUREAU,
    ("POST", "/api/v1/hits/{hit_id}/answer"): BUREAU,
    # diffusions, measures, context
    ("POST", "/api/v1/diffusions"): BUREAU,
    ("GET", "/api/v1/diffusions"): BUREAU | SECRETARIAT,
    ("GET", "/api/v1/diffusions/review-queue"): {R.REVIEWER},
    ("GET", "/api/v1/diffusions/{diffusion_id}"): BUREAU | SECRETARIAT,
    ("POST", "/api/v1/diffusions/{diffusion_id}/review"): {R.REVIEWER},
    ("POST", "/api/v1/diffusions/{diffusion_id}/acknowledge"): BUREAU | SECRETARIAT,
    ("GET", "/api/v1/measures"): BUREAU | SECRETARIAT | {R.AUDITOR},
    ("POST", "/api/v1/measures"): {R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/measures/{measure_id}/lift"): {R.SECRETARIAT_ADMIN},
    ("GET", "/api/v1/context/{country}"): SECRETARIAT,
    ("PUT", "/api/v1/context/{country}"): SECRETARIAT,
    ("POST", "/api/v1/protected-status"): SECRETARIAT,
    ("GET", "/api/v1/protected-status"): SECRETARIAT,
    # a state reads back the protection notices it sent (never another state's)
    ("GET", "/api/v1/protected-status/mine"): BUREAU,
    # safeguards: the sourced country data and the profiles the secretariat researches
    ("GET", "/api/v1/country-data"): SECRETARIAT,
    ("GET", "/api/v1/country-data/{country}"): SECRETARIAT,
    ("POST", "/api/v1/country-data/{country}/{dataset}"): SECRETARIAT,
    ("POST", "/api/v1/notices/{notice_id}/profiles"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/profiles/screen"): {R.REVIEWER},
    ("POST", "/api/v1/notices/{notice_id}/profiles/{index}"): {R.REVIEWER},
    # the files commission; a bureau supervisor answers consultations on its own data
    ("GET", "/api/v1/commission/cases"): {R.CCF},
    ("GET", "/api/v1/commission/due"): {R.CCF},
    ("GET", "/api/v1/commission/cases/{case_id}"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/notice"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/admissibility"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/block"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/consultation"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/decision"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/implementation"): {R.CCF},
    ("POST", "/api/v1/commission/cases/{case_id}/notification"): {R.CCF},
    ("GET", "/api/v1/commission/consultations"): {R.NCB_SUPERVISOR},
    # screening (yente's /match answers the same roles)
    ("POST", "/api/v1/screen"): BUREAU | {R.REVIEWER},
    ("POST", "/api/v1/screen/batch"): BUREAU | {R.REVIEWER},
    ("POST", "/api/v1/screen/results/{result_id}/decision"): BUREAU | {R.REVIEWER},
    ("GET", "/api/v1/screen/datasets"): BUREAU | {R.REVIEWER},
    ("POST", "/match/{dataset}"): BUREAU | {R.REVIEWER},
    ("GET", "/entities/{entity_id:path}"): BUREAU | {R.REVIEWER},
    ("GET", "/catalog"): BUREAU | {R.REVIEWER},
    ("POST", "/api/v1/lists/{dataset}"): {R.SECRETARIAT_ADMIN},
    ("POST", "/api/v1/commission/consultations/{case_id}/answer"): {R.NCB_SUPERVISOR},
}
# Routes anyone may call without logging in. Pages handle login themselves (tested below).
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/livez"),
    ("GET", "/readyz"),
    # this host or the metrics token only (tests/platform/test_observability.py)
    ("GET", "/metrics"),
    ("GET", "/problems/{slug}"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/api/v1/rules"),
    ("GET", "/api/v1/charge-patterns"),
    # the ledger is public: anyone may verify a checkpoint and its proofs
    ("GET", "/api/v1/ledger/checkpoint"),
    ("GET", "/api/v1/ledger/key"),
    ("GET", "/api/v1/ledger/proof/inclusion"),
    ("GET", "/api/v1/ledger/proof/consistency"),
    ("GET", "/api/v1/keys/{country}"),
    ("GET", "/api/v1/exchange/schemas"),
    # an individual applies to the commission and follows the case with a portal code
    ("POST", "/api/v1/commission/applications"),
    ("POST", "/api/v1/commission/portal"),
    # public extracts (only with the requester's consent) and the transparency report
    *(
        ("GET", f"/notices/v1/{kind}{tail}")
        for kind in ("red", "yellow", "un/persons", "un/entities")
        for tail in ("", "/{noticeID}", "/{noticeID}/images", "/{noticeID}/images/{pictureID}")
    ),
    ("GET", "/notices/v1/un"),
    ("GET", "/algorithms"),
    ("GET", "/transparency.json"),
    ("GET", "/transparency.csv"),
}
PAGES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/"),
    ("GET", "/persons"),
    ("GET", "/persons/{person_id}"),
    ("GET", "/exchange"),
    ("GET", "/exchange/{msg_id}"),
    ("POST", "/exchange/{msg_id}/ack"),
    ("GET", "/ledger"),
    # notices, diffusions, measures, the commission; public search and transparency.
    # Role checks of these pages: tests/web/test_notice_pages_http.py, tests/commission.
    ("GET", "/bureau/notices"),
    ("GET", "/bureau/notices/new"),
    ("POST", "/bureau/notices/new"),
    ("GET", "/bureau/notices/{notice_id}/edit"),
    ("POST", "/bureau/notices/{notice_id}/edit"),
    ("GET", "/bureau/notices/{notice_id}"),
    ("POST", "/bureau/notices/{notice_id}/send"),
    ("POST", "/bureau/notices/{notice_id}/approve"),
    ("POST", "/bureau/notices/{notice_id}/return"),
    ("POST", "/bureau/notices/{notice_id}/answer"),
    ("POST", "/bureau/notices/{notice_id}/suspend"),
    ("POST", "/bureau/notices/{notice_id}/resume"),
    ("POST", "/bureau/notices/{notice_id}/withdraw"),
    ("POST", "/bureau/notices/{notice_id}/renew"),
    ("POST", "/bureau/notices/{notice_id}/flag"),
    ("POST", "/bureau/notices/{notice_id}/unflag"),
    ("POST", "/bureau/notices/{notice_id}/hits"),
    ("POST", "/bureau/notices/{notice_id}/hits/{hit_id}/answer"),
    ("GET", "/approvals"),
    ("GET", "/review"),
    ("GET", "/review/diffusions"),
    ("POST", "/review/diffusions/{diffusion_id}"),
    ("GET", "/review/context"),
    ("GET", "/review/context/{country}"),
    ("POST", "/review/context/{country}"),
    ("POST", "/review/protected-status"),
    ("POST", "/review/country-data/{country}"),
    ("POST", "/review/{notice_id}/profiles"),
    ("POST", "/review/{notice_id}/profiles/screen"),
    ("POST", "/review/{notice_id}/profiles/{index}"),
    ("GET", "/review/{notice_id}"),
    ("POST", "/review/{notice_id}/decision"),
    ("POST", "/review/{notice_id}/cancel"),
    ("POST", "/review/{notice_id}/sources"),
    ("POST", "/review/{notice_id}/checks"),
    ("GET", "/bureau/diffusions"),
    ("POST", "/bureau/diffusions"),
    ("POST", "/bureau/diffusions/{diffusion_id}/acknowledge"),
    ("GET", "/diffusions/{diffusion_id}"),
    ("GET", "/measures"),
    ("POST", "/measures"),
    ("POST", "/measures/{measure_id}/lift"),
    ("GET", "/commission"),
    ("GET", "/commission/cases/{case_id}"),
    ("POST", "/commission/cases/{case_id}/notice"),
    ("POST", "/commission/cases/{case_id}/admissibility"),
    ("POST", "/commission/cases/{case_id}/block"),
    ("POST", "/commission/cases/{case_id}/consult"),
    ("POST", "/commission/cases/{case_id}/decide"),
    ("POST", "/commission/cases/{case_id}/implement"),
    ("POST", "/commission/cases/{case_id}/notify"),
    ("GET", "/commission/consultations"),
    ("POST", "/commission/consultations/{case_id}/answer"),
    ("GET", "/commission/apply"),
    ("POST", "/commission/apply"),
    ("GET", "/commission/portal"),
    ("POST", "/commission/portal"),
    ("GET", "/notices"),
    ("GET", "/notices/{notice_type}/{notice_id}"),
    ("GET", "/transparency"),
    ("GET", "/screen"),
    ("POST", "/screen"),
    ("POST", "/screen/results/{result_id}"),
}

# Capabilities keep their rows beside this file, so each is reviewed with its own routes.
for _part in (authz_extradition, authz_governance):
    EXPECTED.update(_part.EXPECTED)
    PUBLIC |= _part.PUBLIC
    PAGES |= _part.PAGES

USER_OF = {
    R.NCB_OFFICER: "fr.officer",
    R.NCB_SUPERVISOR: "fr.supervisor",
    R.REVIEWER: "reviewer",
    R.SECRETARIAT_ADMIN: "admin",
    R.CCF: "ccf",
    R.AUDITOR: "auditor",
    R.CYBER_ANALYST: "cyber",
    R.PARTNER: "partner",
}


def _api_routes(found: list[Any]) -> list[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI wraps an included router
    in an object that holds the original; its routes carry their full paths)."""
    out: list[APIRoute] = []
    for r in found:
        if isinstance(r, APIRoute):
            out.append(r)
        elif hasattr(r, "original_router"):
            out += _api_routes(r.original_router.routes)
    return out


def routes() -> list[tuple[str, str, APIRoute]]:
    return [(m, r.path, r) for r in _api_routes(create_app().routes) for m in sorted(r.methods)]


def test_the_walk_sees_the_included_routers() -> None:
    paths = {p for _, p, _ in routes()}
    assert {"/api/v1/me", "/api/v1/notices", "/login"} <= paths


def declared_action(route: APIRoute) -> Action | None:
    stack = list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        action = getattr(d.call, "action", None)
        if action is not None:
            return Action(action)
        stack += d.dependencies
    return None


def test_every_route_is_in_the_matrix() -> None:
    found = routes()
    missing = [(m, p) for m, p, _ in found if (m, p) not in set(EXPECTED) | PUBLIC | PAGES]
    assert missing == [], "not in the matrix"
    undeclared = [(m, p) for m, p, r in found if (m, p) in EXPECTED and not declared_action(r)]
    assert undeclared == [], "declare no action"
    docs = {
        (m, r.path)
        for r in create_app().routes
        if not isinstance(r, APIRoute)
        for m in getattr(r, "methods", None) or ()
    }
    stale = (set(EXPECTED) | PUBLIC | PAGES) - {(m, p) for m, p, _ in found} - docs
    assert stale == set(), "in the matrix but not served"


def test_declared_actions_agree_with_the_reviewed_matrix() -> None:
    from xborder.identity.policy import ROLE_ACTIONS

    for method, path, route in routes():
        if (method, path) in EXPECTED:
            action = declared_action(route)
            may = {role for role in Role if action in ROLE_ACTIONS[role]}
            assert may == EXPECTED[(method, path)], (method, path)


def _request(world: World, method: str, path: str, who: str) -> dict[str, Any]:
    with world.db.transaction() as s:
        open_person = s.scalars(
            select(PersonRow).where(PersonRow.restricted.is_(False)).order_by(PersonRow.id)
        ).first()
        assert open_person is not None
    concrete = (
        path.replace("{person_id}", open_person.id)
        .replace("{username}", "ke.supervisor")
        .replace("{token_id}", "no-such-token")
        .replace("{country}", "FR")
    )
    body: dict[str, Any] | None = None
    if (method, path) == ("POST", "/api/v1/users"):
        body = {"username": f"matrix.{who}", "role": "ncb_officer", "organisation": "FR"}
    elif (method, path) == ("POST", "/api/v1/tokens"):
        body = {"name": "matrix", "scopes": ["read"]}
    elif (method, path) == ("POST", "/api/v1/keys"):
        from joserfc.jwk import OKPKey

        body = OKPKey.generate_key("Ed25519").as_dict(private=False)
    elif (method, path) == ("POST", "/api/v1/exchange/endpoint"):
        body = {"url": "https://ncb.example/xborder"}
    elif (method, path) == ("POST", "/api/v1/exchange/messages"):
        body = {"not": "an envelope"}
    elif (method, path) == ("POST", "/api/v1/persons"):
        body = {"names": [{"full": "Matrix Person"}], "sex": "U"}
    params = {"name": "ab", "purpose": "investigation"} if "/persons" in path else {}
    if "{notice_id}" in path or "{diffusion_id}" in path:
        params = {"purpose": "investigation"}
    return {"method": method, "url": concrete, "json": body, "params": params}


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_answers_each_role_as_the_matrix_says(
    sqlite_world: World, key: tuple[str, str]
) -> None:
    method, path = key
    client = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    anon = client.request(**_request(sqlite_world, method, path, "anon"))
    assert anon.status_code == 401, (key, anon.text)
    assert anon.headers["content-type"].startswith("application/problem+json")
    for role, username in USER_OF.items():
        req = _request(sqlite_world, method, path, username.replace(".", "_"))
        res = client.request(
            **req, headers={"Authorization": f"Bearer {sqlite_world.token(username)}"}
        )
        if role in EXPECTED[key]:
            assert res.status_code not in (401, 403), (key, role, res.status_code, res.text)
            assert res.status_code < 500
        else:
            assert res.status_code == 403, (key, role, res.status_code, res.text)
            assert res.json()["type"] == "/problems/forbidden"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/persons",
        "/persons/some-id",
        "/exchange",
        "/exchange/x",
        "/ledger",
        "/bureau/notices",
        "/bureau/notices/x",
        "/approvals",
        "/review",
        "/review/x",
        "/review/diffusions",
        "/bureau/diffusions",
        "/measures",
        "/commission",
        "/commission/consultations",
        "/screen",
        "/governance",
        "/governance/oversight",
        "/extradition",
        "/mla",
    ],
)
def test_pages_send_anonymous_visitors_to_login(sqlite_world: World, path: str) -> None:
    client = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    res = client.get(path, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/login")


def test_persons_page_answers_each_role_as_the_policy_says(sqlite_world: World) -> None:
    from tests.api.test_api import login_client

    for role, username in USER_OF.items():
        client = login_client(sqlite_world, username)
        res = client.get("/persons", headers={"accept": "text/html"})
        actor = token_actor(sqlite_world.db, sqlite_world.token(username))
        assert actor is not None
        expected = 200 if allowed(actor, Action.PERSON_SEARCH) else 403
        assert res.status_code == expected, (role, res.status_code)


def test_exchange_page_is_for_bureaus_only(sqlite_world: World) -> None:
    from tests.api.test_api import login_client

    for username, expected in (("fr.officer", 200), ("auditor", 403), ("reviewer", 403)):
        res = login_client(sqlite_world, username).get("/exchange", headers={"accept": "text/html"})
        assert res.status_code == expected, username
