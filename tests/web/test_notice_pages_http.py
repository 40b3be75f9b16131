"""The notices pages through HTTP (FastAPI's test client): who may open each page, that a
form without the session's CSRF token changes nothing, and that a refused form comes back
with its message and what was typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.test_api import login_client
from tests.api.test_authz_matrix import USER_OF
from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.kernel.actor import Role
from xborder.measures.tables import CorrectiveMeasureRow
from xborder.notices import diffusions
from xborder.notices.commands import DiffusionIn, DiffusionKind
from xborder.notices.tables import DiffusionRow, NoticeRow
from xborder.platform.app import create_app

R = Role
BUREAU = {R.NCB_OFFICER, R.NCB_SUPERVISOR}
HTML = {"accept": "text/html"}

# GET pages and the roles that may open them ({id} and {did} filled in by the fixture).
PAGES: dict[str, set[Role]] = {
    "/bureau/notices": BUREAU,
    "/bureau/notices/new": BUREAU,
    "/bureau/notices/{id}": BUREAU,
    "/bureau/notices/{id}/edit": BUREAU,
    "/approvals": {R.NCB_SUPERVISOR},
    "/review": {R.REVIEWER},
    "/review/{id}": {R.REVIEWER},
    "/review/diffusions": {R.REVIEWER},
    "/review/context": {R.REVIEWER, R.SECRETARIAT_ADMIN},
    "/review/context/RU": {R.REVIEWER, R.SECRETARIAT_ADMIN},
    "/bureau/diffusions": BUREAU,
    "/diffusions/{did}": BUREAU | {R.REVIEWER, R.SECRETARIAT_ADMIN},
    "/measures": BUREAU | {R.REVIEWER, R.SECRETARIAT_ADMIN, R.AUDITOR},
}

# Form posts and the roles that may send them.
POSTS: dict[str, set[Role]] = {
    "/bureau/notices/new": BUREAU,
    "/bureau/notices/{id}/edit": BUREAU,
    "/bureau/notices/{id}/send": BUREAU,
    "/bureau/notices/{id}/approve": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/return": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/answer": BUREAU,
    "/bureau/notices/{id}/suspend": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/resume": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/withdraw": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/renew": {R.NCB_SUPERVISOR},
    "/bureau/notices/{id}/flag": BUREAU,
    "/bureau/notices/{id}/unflag": BUREAU,
    "/bureau/notices/{id}/hits": BUREAU,
    "/bureau/notices/{id}/hits/none/answer": BUREAU,
    "/review/{id}/decision": {R.REVIEWER},
    "/review/{id}/cancel": {R.REVIEWER},
    "/review/{id}/sources": {R.REVIEWER},
    "/review/{id}/checks": {R.REVIEWER},
    "/review/diffusions/{did}": {R.REVIEWER},
    "/review/context/RU": {R.REVIEWER, R.SECRETARIAT_ADMIN},
    "/review/protected-status": {R.REVIEWER, R.SECRETARIAT_ADMIN},
    "/bureau/diffusions": BUREAU,
    "/bureau/diffusions/{did}/acknowledge": BUREAU,
    "/measures": {R.SECRETARIAT_ADMIN},
    "/measures/none/lift": {R.SECRETARIAT_ADMIN},
}


def csrf_of(c: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/", headers=HTML).text)
    assert found
    return found.group(1)


@pytest.fixture
def ids(sqlite_world: World) -> dict[str, str]:
    """A pending French request, and a diffusion from France to Germany."""
    nid = submit(sqlite_world)
    did = diffusions.send(
        sqlite_world.db,
        actor(sqlite_world, "fr.officer"),
        sqlite_world.settings,
        DiffusionIn(
            kind=DiffusionKind.INFORMATION,
            title="Stolen lorry",
            summary="A lorry stolen in Lyon.",
            recipients=["DE"],
        ),
    )
    return {"id": nid, "did": did}


@pytest.fixture
def clients(sqlite_world: World) -> Iterator[Callable[[str], TestClient]]:
    made: dict[str, TestClient] = {}

    def get(username: str) -> TestClient:
        if username not in made:
            made[username] = login_client(sqlite_world, username)
        return made[username]

    yield get


def fill(path: str, ids: dict[str, str]) -> str:
    return path.replace("{id}", ids["id"]).replace("{did}", ids["did"])


def test_pages_and_forms_send_anonymous_visitors_to_login(
    sqlite_world: World, ids: dict[str, str]
) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    for path in PAGES:
        res = c.get(fill(path, ids), follow_redirects=False)  # whatever the client accepts
        back = quote(fill(path, ids), safe="/")
        assert res.status_code == 303 and res.headers["location"] == f"/login?next={back}", path
    for path in POSTS:
        res = c.post(fill(path, ids), data={}, headers=HTML, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login?"), path


def test_each_page_answers_each_role_as_expected(
    ids: dict[str, str], clients: Callable[[str], TestClient]
) -> None:
    for path, may in PAGES.items():
        for role, username in USER_OF.items():
            res = clients(username).get(fill(path, ids), headers=HTML)
            if role in may:
                assert res.status_code == 200, (path, role, res.status_code, res.text[:500])
                assert "<h1" in res.text
            else:
                assert res.status_code == 403, (path, role, res.status_code)
                assert res.headers["content-type"].startswith("text/html")
                assert "Your role may not do this" in res.text


def test_each_form_refuses_a_post_without_csrf_token_or_from_a_wrong_role(
    ids: dict[str, str], clients: Callable[[str], TestClient]
) -> None:
    for path, may in POSTS.items():
        url = fill(path, ids)
        for role, username in USER_OF.items():
            c = clients(username)
            res = c.post(url, data={"reason": "x"}, headers=HTML, follow_redirects=False)
            assert res.status_code == 403 and "CSRF" in res.text, (path, role, res.status_code)
            if role not in may:
                res = c.post(url, data={"csrf_token": csrf_of(c)}, headers=HTML)
                assert res.status_code == 403, (path, role, res.status_code)
                assert "Your role may not do this" in res.text


def test_approve_without_csrf_token_changes_nothing(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    officer = clients("fr.officer")
    res = officer.post(
        "/bureau/notices/new",
        data={
            "csrf_token": csrf_of(officer),
            "notice_type": "red",
            "title": "T",
            "person.names.0.full": "Jean Dupont",
            "person.names.0.kind": "primary",
            "then": "send",
        },
        headers=HTML,
        follow_redirects=False,
    )
    assert res.status_code == 303
    nid = res.headers["location"].rsplit("/", 1)[1]
    sup = clients("fr.supervisor")
    res = sup.post(f"/bureau/notices/{nid}/approve", data={}, headers=HTML)
    assert res.status_code == 403
    with sqlite_world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None and row.state == "awaiting_approval"


def test_request_form_keeps_what_was_typed_and_says_what_is_wrong(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    c = clients("ru.officer")
    form = {
        "csrf_token": csrf_of(c),
        "notice_type": "red",
        "title": "Розыск за мошенничество",
        "person.names.0.full": "Иван Петров",
        "person.names.0.kind": "primary",
        "person.names.0.script": "auto",
        "person.names.1.full": "Ivan Petrov",
        "person.names.1.kind": "alias",
        "person.names.1.script": "Latn",
        "person.names.2.full": "",  # a browser sends the spare rows too, selects and all
        "person.names.2.kind": "alias",
        "person.names.2.script": "auto",
        "person.birth_dates": ["1980-05", ""],
        "person.nationalities": "RU, XX",
        **{f"judicial.offences.{i}.description": d for i, d in enumerate(["Fraud", "", ""])},
        **{f"judicial.offences.{i}.law": "" for i in range(3)},
        **{f"judicial.offences.{i}.max_penalty_months": m for i, m in enumerate(["120", "", ""])},
    }
    with sqlite_world.db.transaction() as s:
        before = s.scalar(select(func.count()).select_from(NoticeRow))
    res = c.post("/bureau/notices/new", data=form, headers=HTML)
    assert res.status_code == 422
    assert "XX" in res.text and 'role="alert"' in res.text
    assert 'value="Иван Петров"' in res.text and 'value="1980-05"' in res.text
    with sqlite_world.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(NoticeRow)) == before
    # "add a row" brings the form back with one more offence row and nothing saved
    res = c.post("/bureau/notices/new", data={**form, "add": "offence"}, headers=HTML)
    assert res.status_code == 200
    assert res.text.count('name="judicial.offences.3.description"') == 1
    assert res.text.count('name="judicial.offences.4.description"') == 0
    assert 'value="Fraud"' in res.text and 'value="Ivan Petrov"' in res.text


def test_partial_birth_date_and_scripts_reach_the_record(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    c = clients("ru.officer")
    res = c.post(
        "/bureau/notices/new",
        data={
            "csrf_token": csrf_of(c),
            "notice_type": "red",
            "title": "Wanted for fraud",
            **{
                f"person.names.{i}.full": n
                for i, n in enumerate(["Иван Петров", "Ivan Petrov", ""])
            },
            **{f"person.names.{i}.kind": k for i, k in enumerate(["primary", "alias", "alias"])},
            **{f"person.names.{i}.script": "auto" for i in range(3)},
            "person.birth_dates": ["1980", ""],
            "then": "draft",
        },
        headers=HTML,
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    page = c.get(res.headers["location"] + "?purpose=investigation", headers=HTML)
    assert page.status_code == 200
    assert "Cyrl" in page.text and "Latn" in page.text and ">1980<" in page.text
    assert "Send for approval" in page.text


def test_the_request_form_reads_into_the_apis_own_body() -> None:
    """The page's form and the API's JSON give the same `NoticeIn`: inputs named by the
    model's paths, the spare rows (selects left as offered) skipped, the country lists split,
    a script left to be detected detected, the assurances the page does not ask unknown."""
    from starlette.datastructures import FormData

    from xborder.notices.request_pages import read_request
    from xborder.notices.routes import NoticeIn

    form = FormData(
        [
            ("notice_type", "red"),
            ("subject_status", "wanted"),
            ("title", " Wanted for fraud "),
            ("person.names.0.full", "Иван Петров"),
            ("person.names.0.kind", "primary"),
            ("person.names.0.script", "auto"),
            ("person.names.0.lang", "RU"),
            ("person.names.1.full", "Ivan Petrov"),
            ("person.names.1.kind", "alias"),
            ("person.names.1.script", "Latn"),
            ("person.names.2.full", ""),
            ("person.names.2.kind", "alias"),
            ("person.names.2.script", "auto"),
            ("person.sex", "M"),
            ("person.birth_dates", "1980-05"),
            ("person.birth_dates", ""),
            ("person.nationalities", "ru; DE"),
            ("person.languages", "ru, en"),
            ("judicial.basis", "prosecution"),
            ("judicial.offences.0.description", "Fraud"),
            ("judicial.offences.0.law", "CC 159"),
            ("judicial.offences.0.max_penalty_months", "120"),
            ("judicial.offences.1.description", ""),
            ("judicial.offences.1.law", ""),
            ("judicial.offences.1.max_penalty_months", ""),
            ("judicial.warrant_date", "2025-01-31"),
            ("judicial.extradition_countries", "de fr"),
            ("judicial.sentence_imposed_months", ""),
            ("profile", "journalist"),
            ("restricted_to", ""),
            ("details.missing_since", "ignored: not a Red Notice's detail"),
        ]
    )
    expected = NoticeIn.model_validate(
        {
            "notice_type": "red",
            "subject_status": "wanted",
            "title": "Wanted for fraud",
            "judicial": {
                "basis": "prosecution",
                "offences": [{"description": "Fraud", "law": "CC 159", "max_penalty_months": 120}],
                "warrant_date": "2025-01-31",
                "extradition_countries": ["DE", "FR"],
            },
            "profile": ["journalist"],
            "person": {
                "names": [
                    {"full": "Иван Петров", "kind": "primary", "script": "Cyrl", "lang": "ru"},
                    {"full": "Ivan Petrov", "kind": "alias", "script": "Latn"},
                ],
                "sex": "M",
                "birth_dates": ["1980-05"],
                "nationalities": ["RU", "DE"],
                "languages": ["ru", "en"],
            },
        }
    )
    assert read_request(form) == expected
    # nothing typed about a person (the selects as offered): no person
    blank = FormData(
        [
            ("notice_type", "blue"),
            ("title", "T"),
            ("person.sex", "U"),
            ("person.names.0.kind", "primary"),
            ("person.names.0.script", "auto"),
        ]
    )
    got = read_request(blank)
    assert (got.person, got.judicial, got.subject_status) == (None, None, "person_of_interest")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # a row is named by its place on the page, blank rows counted
        (
            {
                "judicial.offences.2.description": "Fraud",
                "judicial.offences.2.max_penalty_months": "1201",
            },
            "judicial offences 3 max penalty months",
        ),
        ({"judicial.offences.1.law": "PC 1"}, "judicial offences 2 description"),
        ({"person.names.1.given": "Ivan"}, "person names 2 full"),
        ({"person.names.0.family": "x" * 201}, "person names 1 family"),  # the model's limit
        ({"judicial.warrant_date": "31/01/2025"}, "judicial warrant date"),
        ({"title": ""}, "title"),
    ],
)
def test_a_refused_request_form_names_the_field_and_keeps_what_was_typed(
    sqlite_world: World,
    clients: Callable[[str], TestClient],
    typed: dict[str, str],
    message: str,
) -> None:
    c = clients("fr.officer")
    form = {
        "notice_type": "red",
        "title": "Wanted for theft",
        "person.names.0.full": "Paul Martin",
        "person.names.0.kind": "primary",
        "judicial.offences.0.description": "Theft",
        **typed,
    }
    status, text = post(c, "/bureau/notices/new", **form)
    assert status == 422 and message in text, text
    for value in typed.values():
        assert f'value="{value}"' in text or not value
    if typed.get("title") != "":
        assert 'value="Wanted for theft"' in text


def test_blocked_publication_is_explained_on_the_decision_page(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    content = red_content(
        judicial={"offences": [{"description": "Theft", "law": "PC 1", "max_penalty_months": 6}]}
    )
    nid = submit(sqlite_world, content=content, person=person_json())
    c = clients("reviewer")
    res = c.post(
        f"/review/{nid}/decision",
        data={"csrf_token": csrf_of(c), "decision": "publish", "rationale": "Looks fine."},
        headers=HTML,
    )
    assert res.status_code == 409
    assert "cannot publish while a check is blocking" in res.text
    assert "Looks fine." in res.text  # the rationale typed is kept


def test_review_page_is_opened_for_compliance_review_only(
    ids: dict[str, str], clients: Callable[[str], TestClient]
) -> None:
    c = clients("reviewer")
    interstitial = c.get(f"/review/{ids['id']}", headers=HTML)
    assert 'value="notice_review"' in interstitial.text
    assert 'value="investigation"' not in interstitial.text
    res = c.get(f"/review/{ids['id']}?purpose=investigation", headers=HTML)
    assert res.status_code == 422


def test_admin_imposes_and_lifts_a_measure_from_the_page(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    c = clients("admin")
    res = c.post(
        "/measures",
        data={
            "csrf_token": csrf_of(c),
            "country": "RU",
            "scopes": ["prior_review"],
            "reason": "Executive Committee decision 2026/1",
        },
        headers=HTML,
        follow_redirects=False,
    )
    assert res.status_code == 303
    with sqlite_world.db.transaction() as s:
        mid = s.scalars(select(CorrectiveMeasureRow.id)).one()
    res = c.post(f"/measures/{mid}/lift", data={"csrf_token": csrf_of(c)}, headers=HTML)
    assert res.status_code == 422 and "reason" in res.text  # lifting needs its reason
    res = c.post(
        f"/measures/{mid}/lift",
        data={"csrf_token": csrf_of(c), "reason": "Committee lifted it"},
        headers=HTML,
    )
    assert res.status_code == 200 and "Measure lifted." in res.text
    # the bureau sees its own measure, read-only
    ru = clients("ru.officer").get("/measures", headers=HTML)
    assert "Executive Committee decision 2026/1" in ru.text and "Impose the measure" not in ru.text
    assert "Lift this measure" not in ru.text


def post(c: TestClient, url: str, **data: str | list[str]) -> tuple[int, str]:
    """A form post from the page, as a browser sends it (following the redirect)."""
    res = c.post(url, data={"csrf_token": csrf_of(c), **data}, headers=HTML)
    return res.status_code, res.text


def test_published_notice_lifecycle_flags_and_hits_from_the_pages(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    nid = submit(sqlite_world)
    publish(sqlite_world, nid)
    base = f"/bureau/notices/{nid}"
    de = clients("de.officer")
    view = de.get(f"{base}?purpose=locate_person", headers=HTML).text
    assert "Report a hit" in view and "Flag this notice" in view and "Withdraw" not in view
    status, text = post(
        de,
        f"{base}/hits",
        purpose="locate_person",
        seen_at="2026-01-02T03:04",
        place="Frankfurt airport",
        action="arrested",
        references="BPOL-1",
    )
    assert status == 200 and "Frankfurt airport" in text, text[:300]
    status, text = post(de, f"{base}/flag", purpose="locate_person", reason="")
    assert status == 422 and "choose the reason" in text
    status, text = post(de, f"{base}/flag", purpose="locate_person", reason="national_law")
    assert status == 200 and "Remove our flag" in text
    status, text = post(de, f"{base}/unflag", purpose="locate_person")
    assert status == 200 and "Flag this notice" in text

    fr = clients("fr.supervisor")
    listed = fr.get("/bureau/notices", headers=HTML).text
    assert "Hits waiting for your answer" in listed
    hit_id = re.search(
        r"/hits/([^/]+)/answer", fr.get(f"{base}?purpose=investigation", headers=HTML).text
    )
    assert hit_id
    status, text = post(
        fr,
        f"{base}/hits/{hit_id.group(1)}/answer",
        purpose="investigation",
        answer="Extradition request follows.",
    )
    assert status == 200 and "Extradition request follows." in text
    status, text = post(
        fr, f"{base}/suspend", purpose="investigation", until="2099-01-01", reason="Operation"
    )
    assert status == 422 and "at most" in text  # beyond six months: said on the page
    until = (date.today() + timedelta(days=30)).isoformat()
    status, text = post(
        fr, f"{base}/suspend", purpose="investigation", until=until, reason="Undercover operation"
    )
    assert status == 200 and "Suspended" in text and "Resume" in text
    status, text = post(fr, f"{base}/resume", purpose="investigation", reason="Operation over")
    assert status == 200 and "Renew for five years" in text
    status, text = post(fr, f"{base}/renew", purpose="investigation", reason="Still wanted")
    assert status == 200
    status, text = post(fr, f"{base}/withdraw", purpose="investigation", reason="Surrendered")
    assert status == 200 and "Withdrawn" in text


def test_question_answer_return_and_edit_from_the_pages(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    nid = submit(sqlite_world)
    rev = clients("reviewer")
    status, text = post(
        rev,
        f"/review/{nid}/decision",
        decision="ask_info",
        rationale="Need the warrant",
        question="Send the warrant's date.",
    )
    assert status == 200 and "More info" in text
    fr = clients("fr.officer")
    base = f"/bureau/notices/{nid}"
    view = fr.get(f"{base}?purpose=investigation", headers=HTML).text
    assert "Send the warrant&#39;s date." in view and "Your answer" in view
    status, text = post(fr, f"{base}/answer", purpose="investigation", answer="Issued 2026-03-01.")
    assert status == 200 and "Issued 2026-03-01." in text and "Requested" in text
    # the reviewer's sources re-run the checks, and the page shows the art. 2 finding
    status, text = post(
        rev,
        f"/review/{nid}/sources",
        **{
            "art2_risks.0.risk": "torture",
            "art2_risks.0.source": "UN CAT report 2025",
            "art2_risks.0.note": "",
            "art2_risks.1.risk": "",
            "art2_risks.1.source": "",
            "art2_risks.1.note": "",
        },
        asylum_claim_on="",
        note="",
    )
    assert status == 200 and 'name="art2_risks.0.source" value="UN CAT report 2025"' in text
    # a row without its source is refused by SourcesIn and named by its place on the page
    status, text = post(
        rev,
        f"/review/{nid}/sources",
        **{"art2_risks.0.risk": "", "art2_risks.1.risk": "torture", "art2_risks.1.source": ""},
    )
    assert status == 422 and "art2 risks 2 source" in text
    status, text = post(rev, f"/review/{nid}/checks")
    assert status == 200

    # a draft returned by the supervisor is edited by the officer and sent again
    officer = clients("fr.officer")
    status, _ = post(
        officer,
        "/bureau/notices/new",
        notice_type="red",
        title="Draft one",
        **{"person.names.0.full": "Paul Martin", "person.names.0.kind": "primary"},
        then="send",
    )
    assert status == 200
    with sqlite_world.db.transaction() as s:
        did = s.scalars(select(NoticeRow.id).where(NoticeRow.title == "Draft one")).one()
    sup = clients("fr.supervisor")
    status, text = post(sup, f"/bureau/notices/{did}/return", purpose="investigation", reason="")
    assert status == 422
    status, text = post(
        sup, f"/bureau/notices/{did}/return", purpose="investigation", reason="Add the offence"
    )
    assert status == 200 and "Add the offence" in text
    form = officer.get(f"/bureau/notices/{did}/edit?purpose=investigation", headers=HTML).text
    assert 'value="Paul Martin"' in form and 'value="Draft one"' in form
    status, text = post(
        officer,
        f"/bureau/notices/{did}/edit",
        purpose="investigation",
        notice_type="red",
        title="Draft two",
        **{
            "person.names.0.full": "Paul Martin",
            "person.names.0.kind": "primary",
            "judicial.offences.0.description": "Burglary",
            "judicial.offences.0.max_penalty_months": "60",
        },
        then="send",
    )
    assert status == 200 and "Draft two" in text and "Awaiting approval" in text


def test_context_register_diffusions_and_acknowledgement_from_the_pages(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    rev = clients("reviewer")
    status, text = post(
        rev,
        "/review/context/RU",
        note="Elections in March.",
        **{
            "art2_risks.0.risk": "prison_conditions",
            "art2_risks.0.source": "HRW 2025",
            "art2_risks.0.note": "",
            "art2_risks.1.risk": "",
            "art2_risks.1.source": "",
            "art2_risks.1.note": "",
            "events.0.kind": "election",
            "events.0.starts_on": "2026-03-15",
            "events.0.ends_on": "",
            "events.0.label": "Presidential election",
            "events.1.kind": "",
            "events.1.starts_on": "",
            "events.1.ends_on": "",
            "events.1.label": "",
        },
    )
    assert status == 200 and "Context saved." in text and "HRW 2025" in text
    assert 'name="events.0.starts_on" type="date" value="2026-03-15"' in text
    status, text = post(
        rev,
        "/review/context/RU",
        **{"art2_risks.0.risk": "torture", "art2_risks.0.source": "", "art2_risks.0.note": ""},
    )
    assert status == 422 and "art2 risks 1 source" in text
    status, text = post(
        rev, "/review/context/RU", **{"art2_risks.0.risk": "bogus", "art2_risks.0.source": "x"}
    )
    assert status == 422 and "an art. 2 risk is one of" in text  # the service's own check
    status, text = post(rev, "/review/context/RU", **{"events.0.kind": "election"})
    assert status == 422 and "events 1 starts on" in text
    # the figures for a date, and every packaged year
    page = rev.get("/review/context/RU?on=2012-06-01", headers=HTML)
    assert page.status_code == 200 and 'value="2012-06-01"' in page.text
    assert "Every year the packaged datasets hold" in page.text
    assert rev.get("/review/context/RU?on=2012-99-01", headers=HTML).status_code == 422
    status, text = post(
        rev,
        "/review/protected-status",
        names="Иван Петров\nIvan Petrov",
        birth_date="1980",
        status="refugee",
        fled_country="RU",
        granting_country="DE",
        confirmed="yes",
    )
    assert status == 200 and "Protected status recorded." in text
    assert rev.get("/review/context?country=rus", headers=HTML).url.path == "/review/context/RU"

    fr = clients("fr.officer")
    status, text = post(
        fr,
        "/bureau/diffusions",
        kind="information",
        title="Stolen art",
        summary="A painting stolen in Paris.",
        to="some",
        recipients="",
    )
    assert status == 422 and "recipient" in text and "Stolen art" in text
    status, text = post(
        fr,
        "/bureau/diffusions",
        kind="information",
        title="Stolen art",
        summary="A painting stolen in Paris.",
        to="some",
        recipients="DE, IT",
        person_name="Jean Voleur",
        person_birth_date="1975-02",
    )
    assert status == 200 and "Diffusion" in text and "sent." in text
    with sqlite_world.db.transaction() as s:
        did = s.scalars(select(DiffusionRow.id)).one()
    status, text = post(rev, f"/review/diffusions/{did}", verdict="non_compliant", rationale="")
    assert status == 422
    status, text = post(
        rev, f"/review/diffusions/{did}", verdict="non_compliant", rationale="Private dispute."
    )
    assert status == 200 and "Non compliant" in text
    de = clients("de.officer")
    page = de.get("/bureau/diffusions", headers=HTML).text
    assert "Update your records" in page
    status, text = post(de, f"/bureau/diffusions/{did}/acknowledge")
    assert status == 200 and "Acknowledged" in text
    status, text = post(de, f"/bureau/diffusions/{did}/acknowledge")
    assert status == 409 and "already acknowledged" in text
    read = de.get(f"/diffusions/{did}?purpose=investigation", headers=HTML)
    assert read.status_code == 200 and "update your records" in read.text


def test_the_review_page_offers_the_guarantees_to_ask_the_bureau_for(
    sqlite_world: World, clients: Callable[[str], TestClient]
) -> None:
    content = red_content(
        judicial={
            "basis": "sentence",
            "sentence_imposed_months": 60,
            "facts_summary": "He was convicted in absentia on 3 May 2021.",
            "facts_time": "2020-03-14",
        }
    )
    nid = submit(sqlite_world, "fr", content)
    page = clients("reviewer").get(f"/review/{nid}?purpose=notice_review", headers=HTML)
    assert page.status_code == 200
    question = re.search(r'<textarea id="question"[^>]*>([^<]*)</textarea>', page.text)
    assert question is not None and "new trial in their presence" in question.group(1)
