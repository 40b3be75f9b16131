"""The commission through HTTP: the JSON API (public applicant endpoints and the commission's
and bureau's routes) and the server-rendered pages with their forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.test_api import client, login_client
from tests.commission.factory import FULL, published_notice
from tests.conftest import World
from xborder.commission.tables import CommissionCaseRow
from xborder.notices.tables import NoticeRow
from xborder.persons.tables import PersonNameRow

API = "/api/v1/commission"


def bearer(world: World, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(username)}"}


def notice_number(world: World, notice_id: str) -> str:
    with world.db.transaction() as s:
        row = s.get(NoticeRow, notice_id)
        assert row is not None
        return row.number


def case_id_of(world: World, number: str) -> str:
    with world.db.transaction() as s:
        cid = s.scalar(select(CommissionCaseRow.id).where(CommissionCaseRow.number == number))
        assert cid is not None
        return cid


def application(kind: str = "deletion") -> dict[str, str]:
    return {
        "kind": kind,
        "applicant_name": FULL,
        "represented_by": "Maître Anne Leclerc",
        "contact": "leclerc@avocats.example",
        "statement": "I was acquitted; please delete the notice.",
    }


def test_a_deletion_case_through_the_api(sqlite_world: World) -> None:
    w = sqlite_world
    nid = published_notice(w)
    c = client(w)
    got = c.post(f"{API}/applications", json=application())
    assert got.status_code == 201, got.text
    number, code = got.json()["number"], got.json()["portal_code"]
    cid = case_id_of(w, number)
    ccf_h, fr_h = bearer(w, "ccf"), bearer(w, "fr.supervisor")

    def ok(res: object) -> None:
        assert getattr(res, "status_code", None) == 204, getattr(res, "text", res)

    ok(c.post(f"{API}/cases/{cid}/notice", json={"notice": notice_number(w, nid)}, headers=ccf_h))
    ok(c.post(f"{API}/cases/{cid}/admissibility", json={"admissible": True}, headers=ccf_h))
    ok(
        c.post(
            f"{API}/cases/{cid}/block", json={"blocked": True, "reason": "pending"}, headers=ccf_h
        )
    )
    ok(c.post(f"{API}/cases/{cid}/consultation", json={"question": "In force?"}, headers=ccf_h))
    [item] = c.get(f"{API}/consultations", headers=fr_h).json()
    assert item["waiting"] and FULL not in str(item)
    de = c.post(
        f"{API}/consultations/{cid}/answer",
        json={"comments": "x"},
        headers=bearer(w, "de.supervisor"),
    )
    assert de.status_code == 404 and de.json()["type"] == "/problems/not-found"
    ok(c.post(f"{API}/consultations/{cid}/answer", json={"comments": "In force."}, headers=fr_h))
    listed = c.get(f"{API}/cases", headers=ccf_h).json()
    assert listed[0]["number"] == number and listed[0]["next_deadline"]["clock"]["label"]
    assert "applicant_name" not in listed[0]
    for bad in (
        {"outcome": "delete", "reasons": "Acquitted.", "grounds": ["art9"]},
        {"outcome": "keep", "reasons": "Compliant.", "grounds": ["art3"]},
    ):
        refused = c.post(f"{API}/cases/{cid}/decision", json=bad, headers=ccf_h)
        assert refused.status_code == 422, refused.text
        assert c.get(f"{API}/cases/{cid}", headers=ccf_h).json()["decision"] is None
    ok(
        c.post(
            f"{API}/cases/{cid}/decision",
            json={
                "outcome": "delete",
                "reasons": "Acquitted.",
                "applicant_message": "Deleted.",
                "grounds": ["art3", "art2"],
            },
            headers=ccf_h,
        )
    )
    assert c.get(f"{API}/cases/{cid}", headers=ccf_h).json()["decision"]["grounds"] == [
        "art3",
        "art2",
    ]
    ok(c.post(f"{API}/cases/{cid}/implementation", headers=ccf_h))
    ok(c.post(f"{API}/cases/{cid}/notification", json={"channel": "letter"}, headers=ccf_h))
    case = c.get(f"{API}/cases/{cid}", headers=ccf_h).json()
    assert case["state"] == "closed" and case["notice"]["state"] == "deleted"
    assert case["notice"]["person"] is None and case["implementation"]["late"] is False
    assert [d["clock"]["label"] for d in case["deadlines"]] == ["met", "met", "met"]
    with w.db.transaction() as s:
        assert s.scalar(select(PersonNameRow.id).where(PersonNameRow.full == FULL)) is None

    seen = c.post(f"{API}/portal", json={"number": number, "code": code})
    assert seen.status_code == 200 and seen.headers["cache-control"] == "no-store"
    assert seen.json()["outcome"] == "delete" and seen.json()["message"] == "Deleted."


def test_portal_misses_answer_alike_and_never_take_the_code_in_the_url(
    sqlite_world: World,
) -> None:
    c = client(sqlite_world)
    got = c.post(f"{API}/applications", json=application("access")).json()
    other = c.post(f"{API}/applications", json=application("access")).json()
    wrong_code = c.post(
        f"{API}/portal", json={"number": got["number"], "code": other["portal_code"]}
    )
    unknown = c.post(f"{API}/portal", json={"number": "CCF/1999/00009", "code": got["portal_code"]})
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.json() == unknown.json()
    assert c.get(f"{API}/portal").status_code == 405
    good = c.post(f"{API}/portal", json={"number": got["number"], "code": got["portal_code"]})
    assert good.json()["state_text"].startswith("Received")


def test_the_commission_routes_answer_only_the_commission(sqlite_world: World) -> None:
    w = sqlite_world
    c = client(w)
    number = c.post(f"{API}/applications", json=application()).json()["number"]
    cid = case_id_of(w, number)
    assert c.get(f"{API}/cases").status_code == 401
    for username in ("fr.officer", "fr.supervisor", "reviewer", "auditor", "admin"):
        for res in (
            c.get(f"{API}/cases", headers=bearer(w, username)),
            c.get(f"{API}/cases/{cid}", headers=bearer(w, username)),
            c.post(
                f"{API}/cases/{cid}/admissibility",
                json={"admissible": True},
                headers=bearer(w, username),
            ),
        ):
            assert res.status_code == 403, (username, res.text)
    assert c.get(f"{API}/cases/no-such", headers=bearer(w, "ccf")).status_code == 404
    assert c.get(f"{API}/consultations", headers=bearer(w, "ccf")).status_code == 403
    assert c.get(f"{API}/due", headers=bearer(w, "ccf")).json() == []


def test_bad_applications_are_problems(sqlite_world: World) -> None:
    c = client(sqlite_world)
    for body in (
        {**application(), "kind": "erasure"},
        {**application(), "statement": ""},
        {**application(), "extra": "field"},
    ):
        res = c.post(f"{API}/applications", json=body)
        assert res.status_code == 422 and res.json()["type"] == "/problems/invalid-input"


# --- pages ---------------------------------------------------------------------------------------


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, html
    return m.group(1)


def test_public_application_form_shows_the_code_once_and_the_portal_reads_it(
    sqlite_world: World,
) -> None:
    c = client(sqlite_world)
    form = c.get("/commission/apply")
    assert form.status_code == 200 and "Kind of request" in form.text
    data = {**application("access"), "csrf_token": csrf(form.text)}
    forged = TestClient(c.app).post("/commission/apply", data=data, headers={"accept": "text/html"})
    assert forged.status_code == 403
    done = c.post("/commission/apply", data=data)
    assert done.status_code == 200 and done.headers["cache-control"] == "no-store"
    number = re.search(r'id="case-number"><strong>([^<]+)<', done.text)
    code = re.search(r'id="portal-code"><strong>([^<]+)<', done.text)
    assert number and code
    portal = c.get("/commission/portal")
    seen = c.post(
        "/commission/portal",
        data={"number": number.group(1), "code": code.group(1), "csrf_token": csrf(portal.text)},
    )
    assert seen.status_code == 200 and "Received" in seen.text
    assert code.group(1) not in seen.text
    miss = c.post(
        "/commission/portal",
        data={"number": number.group(1), "code": "WRONG", "csrf_token": csrf(portal.text)},
    )
    assert miss.status_code == 404 and "no case matches" in miss.text
    bad = c.post("/commission/apply", data={**data, "applicant_name": " "})
    # Read into the API's own model: its limits, and the field at fault named beside the form.
    assert bad.status_code == 422 and re.search(r'role="alert">applicant name: [^<]+<', bad.text)
    assert 'value="leclerc@avocats.example"' in bad.text  # what was typed is shown again


def test_commission_pages_need_the_commission_and_carry_out_the_forms(sqlite_world: World) -> None:
    w = sqlite_world
    nid = published_notice(w)
    number = client(w).post(f"{API}/applications", json=application()).json()["number"]
    cid = case_id_of(w, number)
    for path in ("/commission", f"/commission/cases/{cid}", "/commission/consultations"):
        res = client(w).get(path, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login")
    officer = login_client(w, "fr.officer")
    for path in ("/commission", f"/commission/cases/{cid}", "/commission/consultations"):
        assert officer.get(path, headers={"accept": "text/html"}).status_code == 403

    c = login_client(w, "ccf")
    page = c.get(f"/commission/cases/{cid}")
    assert page.status_code == 200 and FULL in page.text
    token = csrf(page.text)
    assert (
        c.post(f"/commission/cases/{cid}/admissibility", data={"admissible": "yes"}).status_code
        == 403
    )
    steps = [
        ("notice", {"notice": notice_number(w, nid)}),
        ("admissibility", {"admissible": "yes", "reasons": ""}),
        ("block", {"blocked": "1", "reason": "pending"}),
        ("consult", {"question": "Is the warrant in force?"}),
    ]
    for path, data in steps:
        res = c.post(
            f"/commission/cases/{cid}/{path}",
            data={**data, "csrf_token": token},
            follow_redirects=False,
        )
        assert res.status_code == 303, (path, res.text)
    refused = c.post(
        f"/commission/cases/{cid}/decide",
        data={"outcome": "disclose", "reasons": "x", "csrf_token": token},
    )
    assert refused.status_code == 422 and 'role="alert"' in refused.text

    sup = login_client(w, "fr.supervisor")
    consult_page = sup.get("/commission/consultations")
    assert "Is the warrant in force?" in consult_page.text and FULL not in consult_page.text
    answered = sup.post(
        f"/commission/consultations/{cid}/answer",
        data={"comments": "In force.", "csrf_token": csrf(consult_page.text)},
        follow_redirects=False,
    )
    assert answered.status_code == 303
    de = login_client(w, "de.supervisor")
    de_page = de.get("/commission/consultations")
    assert number not in de_page.text
    other = de.post(
        f"/commission/consultations/{cid}/answer",
        data={"comments": "x", "csrf_token": csrf(de_page.text)},
        headers={"accept": "text/html"},
    )
    assert other.status_code == 404

    for path, data in [
        ("decide", {"outcome": "delete", "reasons": "Acquitted.", "grounds": ["art3", "data"]}),
        ("implement", {"note": ""}),
        ("notify", {"channel": "letter to counsel"}),
    ]:
        res = c.post(
            f"/commission/cases/{cid}/{path}",
            data={**data, "csrf_token": token},
            follow_redirects=False,
        )
        assert res.status_code == 303, (path, res.text)
    final = c.get(f"/commission/cases/{cid}")
    assert "closed" in final.text and FULL in final.text  # the applicant's own name on the file
    assert "Political, military, religious or racial character (art. 3)" in final.text
    with w.db.transaction() as s:
        row = s.get(CommissionCaseRow, cid)
        assert row is not None and row.decision["final"]["grounds"] == ["art3", "data"]
    dash = c.get("/commission")
    assert dash.status_code == 200 and number in dash.text
