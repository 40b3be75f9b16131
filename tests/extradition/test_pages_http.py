"""The extradition and MLA pages over HTTP: login, the purpose interstitial, both sides'
forms, and a third state answered 404."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.test_api import login_client
from tests.conftest import World
from xborder.audit.tables import AccessLogRow

# The request page's inputs, named by the field paths of the API's `RequestFileIn`.
FORM = {
    "requested_country": "CH",
    "legal_basis": "ece-1957",
    "title": "Aggravated fraud",
    "person.family_name": "Vandersloot",
    "person.given_names": "Quirinus",
    "person.birth_date": "1975-02-11",
    "person.nationalities": "FR",
    "person.sex": "M",
    "warrant.kind": "arrest_warrant",
    "warrant.authority": "Tribunal judiciaire de Paris",
    "warrant.reference": "MA-2026-0117",
    "warrant.issued_on": "2026-03-02",
    "offences.0.title": "Aggravated fraud",
    "offences.0.committed_on": "2024-05-01",
    "offences.0.place": "Paris",
    "offences.0.place_country": "FR",
    "offences.0.acts": "Sold shares of a fictitious fund.",
    "offences.0.law_text": "Code pénal art. 313-1",
    "offences.0.max_penalty_months": "84",
    "offences.0.requested_state_offence": "Fraud Act 2006 s1",
    "offences.0.requested_state_penalty_months": "120",
    "limitation_rules": "Six years from the last act.",
    "assurances.speciality": "1",
}


def csrf(c: TestClient, path: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text)
    assert m, path
    return m.group(1)


def checklist_of(page: str) -> str:
    """The checklist table of a case page ("" when the file raises nothing)."""
    m = re.search(r'<table id="checklist">.*?</table>', page, re.S)
    return m.group(0) if m else ""


def test_both_sides_work_a_case_through_the_pages(sqlite_world: World) -> None:
    fr = login_client(sqlite_world, "fr.officer")
    assert fr.get("/extradition/new").status_code == 200
    token = csrf(fr, "/extradition/new")
    bad = fr.post("/extradition/new", data={**FORM, "offences.0.law_text": "", "csrf_token": token})
    assert bad.status_code == 422 and "law_text" in bad.text
    assert 'value="Vandersloot"' in bad.text  # the form keeps what was typed
    res = fr.post("/extradition/new", data={**FORM, "csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303, res.text
    case_path = res.headers["location"].split("?")[0]
    page = fr.get(res.headers["location"])
    assert page.status_code == 200 and "Document file" in page.text and "Vandersloot" in page.text
    # Without a purpose, the page asks for one first.
    assert "State your purpose" in fr.get(case_path).text
    # The requested side acknowledges; the supervisor sees the checklist and decides.
    ch = login_client(sqlite_world, "ch.officer")
    listed = ch.get("/extradition").text
    assert "Aggravated fraud" in listed and "you are the requested state" in listed
    token = csrf(ch, case_path + "?purpose=investigation")
    r = ch.post(
        case_path + "/step",
        data={"step": "acknowledge", "purpose": "investigation", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    boss = login_client(sqlite_world, "ch.supervisor")
    page = boss.get(case_path + "?purpose=investigation").text
    assert "Pre-decision checklist" in page and "Acknowledged" in page
    # What the authority knows beyond the file runs the checklist again.
    assert "Pending proceedings" not in checklist_of(page)
    rerun = boss.get(case_path, params={"purpose": "investigation", "pending_proceedings": "1"})
    assert "Pending proceedings" in checklist_of(rerun.text)
    token = csrf(boss, case_path + "?purpose=investigation")
    refused = boss.post(
        case_path + "/decision",
        data={
            "outcome": "refused",
            "reasons": "x",
            "purpose": "investigation",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 422 and "at least one ground" in refused.text
    r = boss.post(
        case_path + "/decision",
        data={
            "outcome": "granted",
            "reasons": "Complete file.",
            "purpose": "investigation",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Decided: granted" in fr.get(case_path + "?purpose=investigation").text
    # A third state is told the case does not exist; anonymous visitors go to login.
    de = login_client(sqlite_world, "de.officer")
    assert de.get(case_path + "?purpose=investigation").status_code == 404
    assert "Aggravated fraud" not in de.get("/extradition").text
    anon = TestClient(fr.app)
    assert anon.get("/extradition", follow_redirects=False).headers["location"].startswith("/login")


def test_an_mla_preservation_request_through_the_pages(sqlite_world: World) -> None:
    fr = login_client(sqlite_world, "fr.officer")
    token = csrf(fr, "/mla/new")
    data = {
        "requested_country": "DE",
        "mla_kind": "preservation",
        "legal_basis": "budapest-2001",
        "title": "Ransomware on a hospital",
        "p_authority": "Parquet de Paris",
        "p_offence": "Ransomware attack",
        "p_stored_data": "Traffic data of the ransom account",
        "p_custodian": "Examplehost GmbH",
        "p_necessity": "Logs deleted after 30 days",
        "csrf_token": token,
    }
    r = fr.post("/mla/new", data=data)
    assert r.status_code == 422 and "intends to submit" in r.text
    r = fr.post("/mla/new", data={**data, "p_mla_intention": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    de = login_client(sqlite_world, "de.supervisor")
    assert "Ransomware on a hospital" in de.get("/mla?urgent=yes").text
    assert "Ransomware on a hospital" not in de.get("/mla?urgent=no").text
    page = de.get(r.headers["location"]).text
    assert "Accept the request" in page and "Examplehost GmbH" in page


def test_the_eaw_capture_form_saves_a_new_signed_version(sqlite_world: World) -> None:
    from tests.extradition.test_cases_factory import ISSUER, actor, request_file
    from xborder.extradition import service as ext
    from xborder.extradition.commands import ExtraditionIn
    from xborder.extradition.domain import CaseKind, DocKind
    from xborder.kernel.purposes import Purpose

    file = request_file()
    cid = ext.create_request(
        sqlite_world.db,
        actor(sqlite_world, "fr.officer"),
        sqlite_world.settings,
        ExtraditionIn(
            requested_country="DE",
            legal_basis="eaw",
            title="Swindling",
            provisional=False,
            file=file,
            eaw=ext.draft_eaw(file, ISSUER),
        ),
    )
    fr = login_client(sqlite_world, "fr.officer")
    eaw_page = f"/extradition/cases/{cid}/eaw"
    # The form shows the person's particulars: the purpose page comes first.
    assert 'name="purpose"' in fr.get(eaw_page).text
    with sqlite_world.db.transaction() as s:
        before = s.scalar(
            select(func.count()).select_from(AccessLogRow).where(AccessLogRow.subject_id == cid)
        )
    page = fr.get(f"{eaw_page}?purpose=locate_person").text
    with sqlite_world.db.transaction() as s:
        logged = s.scalars(select(AccessLogRow.purpose).where(AccessLogRow.subject_id == cid)).all()
    assert len(logged) > (before or 0) and logged[-1] == "locate_person"
    for letter in "abcdefghi":
        assert f'id="section-{letter}"' in page
    data = dict(re.findall(r'<input id="f-([^"]+)" name="[^"]+" value="([^"]*)"', page))
    data.update(
        re.findall(r'<textarea id="f-([^"]+)" name="[^"]+" rows="3">([^<]*)</textarea>', page)
    )
    data.update({"f": "The person managed the fund.", "note": "(f) completed"})
    data["purpose"] = "locate_person"
    data["csrf_token"] = csrf(fr, f"{eaw_page}?purpose=locate_person")
    emptied = {**data, "i.address": ""}
    bad = fr.post(f"/extradition/cases/{cid}/eaw", data=emptied)
    assert bad.status_code == 422 and "address" in bad.text
    r = fr.post(f"/extradition/cases/{cid}/eaw", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    case = ext.get_case(
        sqlite_world.db, actor(sqlite_world, "de.officer"), cid, Purpose.INVESTIGATION
    )
    eaws = [d for d in case.documents if d.kind in ("eaw", "eaw_pdf")]
    assert sorted((d.kind, d.version) for d in eaws) == [
        ("eaw", 1),
        ("eaw", 2),
        ("eaw_pdf", 1),
        ("eaw_pdf", 2),
    ]
    with sqlite_world.db.transaction() as s:
        row = ext.load(s, actor(sqlite_world, "de.officer"), cid, CaseKind.EXTRADITION)
        latest = ext.latest_json(s, row, DocKind.EAW)
    assert latest is not None and latest["f"] == "The person managed the fund."
    assert latest["a"]["family_name"] == "Vandersloot"  # the rest came back unchanged
    # The requested state does not write the issuing state's warrant.
    de = login_client(sqlite_world, "de.officer")
    data["csrf_token"] = csrf(de, f"{eaw_page}?purpose=locate_person")
    assert de.post(f"/extradition/cases/{cid}/eaw", data=data).status_code == 403


def test_a_provisional_arrest_then_the_formal_request_through_the_pages(
    sqlite_world: World,
) -> None:
    fr = login_client(sqlite_world, "fr.officer")
    token = csrf(fr, "/extradition/new")
    urgent = {
        k: FORM[k]
        for k in (
            "requested_country",
            "legal_basis",
            "title",
            "person.family_name",
            "person.birth_date",
            "warrant.kind",
            "warrant.authority",
            "warrant.reference",
            "warrant.issued_on",
            "offences.0.title",
            "offences.0.committed_on",
            "offences.0.place",
            "offences.0.place_country",
        )
    }
    res = fr.post(
        "/extradition/new",
        data={**urgent, "provisional": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    path = res.headers["location"].split("?")[0]
    page = fr.get(res.headers["location"]).text
    assert "Provisional arrest requested" in page and "Send the formal request" in page
    ch = login_client(sqlite_world, "ch.officer")
    token = csrf(ch, path + "?purpose=investigation")
    r = ch.post(
        path + "/step",
        data={
            "step": "arrest",
            "at": "2026-01-05T10:30",
            "purpose": "investigation",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = ch.get(path + "?purpose=investigation").text
    assert 'id="deadlines"' in page and "Formal request due" in page
    token = csrf(fr, path + "?purpose=investigation")
    r = fr.post(
        path + "/formal",
        data={**FORM, "purpose": "investigation", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = ch.get(path + "?purpose=investigation").text
    assert "Formal request received" in page and "Formal request file" in page


def _ece_case(w: World) -> str:
    from tests.extradition.test_cases_factory import actor, request_file
    from xborder.extradition import service as ext
    from xborder.extradition.commands import ExtraditionIn

    cmd = ExtraditionIn(
        requested_country="CH",
        legal_basis="ece-1957",
        title="Fraud",
        provisional=False,
        file=request_file(),
    )
    return ext.create_request(w.db, actor(w, "fr.officer"), w.settings, cmd)


def _state(w: World, cid: str) -> str:
    from xborder.extradition.tables import JudicialCaseRow

    with w.db.transaction() as s:
        row = s.get(JudicialCaseRow, cid)
        assert row is not None
        return row.state


def test_every_page_passes_the_one_gate(sqlite_world: World) -> None:
    """Login (with the way back), the role's action, then the CSRF token of a posted form:
    `web.pages.gate` / `gate_post`, as on every other page."""
    from xborder.accounts.service import token_actor
    from xborder.identity.policy import Action, allowed

    w = sqlite_world
    path = f"/extradition/cases/{_ece_case(w)}"
    anon = TestClient(login_client(w, "fr.officer").app)
    res = anon.get(f"{path}?purpose=investigation", follow_redirects=False)
    assert res.status_code == 303
    assert res.headers["location"] == f"/login?next={quote(path + '?purpose=investigation')}"
    res = anon.post(f"{path}/decision", data={"outcome": "granted"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/login?next=")
    # A role without the page's action is refused before anything is read.
    pages = {
        "/extradition": Action.EXTRADITION_READ,
        "/mla": Action.MLA_READ,
        "/extradition/new": Action.EXTRADITION_SEND,
        "/mla/new": Action.MLA_SEND,
    }
    for username in ("fr.officer", "reviewer", "admin", "auditor", "ccf", "cyber"):
        who = token_actor(w.db, w.token(username))
        assert who is not None
        c = login_client(w, username)
        for page, action in pages.items():
            expected = 200 if allowed(who, action) else 403
            assert c.get(page).status_code == expected, (username, page)
    # The requesting officer may not decide: refused with a good token, nothing changes.
    fr = login_client(w, "fr.officer")
    token = csrf(fr, f"{path}?purpose=investigation")
    decision = {"outcome": "granted", "reasons": "Complete file.", "purpose": "investigation"}
    assert fr.post(f"{path}/decision", data={**decision, "csrf_token": token}).status_code == 403
    # The supervisor may, but not without the session's token.
    boss = login_client(w, "ch.supervisor")
    for sent in ({}, {"csrf_token": "forged"}, {"csrf_token": token}):  # fr's token is not his
        r = boss.post(f"{path}/step", data={"step": "acknowledge", **sent})
        assert r.status_code == 403 and "CSRF" in r.text, sent
    assert _state(w, path.rsplit("/", 1)[1]) == "formal_request"


def test_the_case_page_forms_are_read_into_the_apis_commands(sqlite_world: World) -> None:
    """The decision, document and MLA step forms go through the API's own models: what a model
    refuses re-renders the case page with the reason, as the service's refusals do."""
    from tests.extradition.test_cases_factory import actor as actor_of
    from tests.extradition.test_cases_factory import preservation_request
    from xborder.extradition import mla
    from xborder.extradition import service as ext
    from xborder.extradition.commands import MlaIn
    from xborder.extradition.domain import CaseKind
    from xborder.kernel.purposes import Purpose

    w = sqlite_world
    cid = _ece_case(w)
    path = f"/extradition/cases/{cid}"
    ch = login_client(w, "ch.supervisor")
    token = csrf(ch, f"{path}?purpose=investigation")
    base = {"purpose": "investigation", "csrf_token": token}
    step = ch.post(f"{path}/step", data={**base, "step": "acknowledge"}, follow_redirects=False)
    assert step.status_code == 303
    bad = ch.post(f"{path}/decision", data={**base, "outcome": "maybe", "reasons": "x"})
    assert bad.status_code == 422 and "outcome" in bad.text and "Document file" in bad.text
    # the decision form's rows are named as `forms.read` reads `DecisionIn.grounds`
    assert 'name="grounds.0.ground"' in bad.text and 'name="grounds.0.legal_basis"' in bad.text
    assert 'name="granted_offences"' in bad.text
    blank = ch.post(f"{path}/decision", data={**base, "outcome": "granted", "reasons": " "})
    assert blank.status_code == 422 and "reasons" in blank.text
    long = "x" * 301
    refused = {
        **base,
        "outcome": "refused",
        "reasons": "Political.",
        "grounds.3.ground": "political_offence",
        "grounds.3.legal_basis": long,
    }
    # an offence ticked under a ground left unticked is refused, not dropped
    unticked = {k: v for k, v in refused.items() if not k.startswith("grounds.")}
    half = ch.post(f"{path}/decision", data={**unticked, "grounds.3.offences": "O1"})
    assert half.status_code == 422 and "grounds 4 ground: Field required" in half.text
    over = ch.post(f"{path}/decision", data=refused)
    assert over.status_code == 422 and "300" in over.text  # GroundIn's own limit
    assert "grounds 4 legal basis" in over.text  # the row as the page numbers it
    ok = ch.post(
        f"{path}/decision",
        data={**refused, "grounds.3.legal_basis": "", "grounds.0.legal_basis": " "},
        follow_redirects=False,
    )
    assert ok.status_code == 303, ok.text
    fr = login_client(w, "fr.officer")
    token = csrf(fr, f"{path}?purpose=investigation")
    doc = {"kind": "note", "text": "The person's lawyer.", "note": "contact"}
    doc["purpose"] = "investigation"
    unknown = fr.post(f"{path}/documents", data={**doc, "kind": "bogus", "csrf_token": token})
    assert unknown.status_code == 422 and "unknown document kind" in unknown.text
    added = fr.post(f"{path}/documents", data={**doc, "csrf_token": token}, follow_redirects=False)
    assert added.status_code == 303, added.text
    view = ext.get_case(w.db, actor_of(w, "fr.officer"), cid, Purpose.INVESTIGATION)
    assert view.outcome == "refused"
    assert [(d.kind, d.note) for d in view.documents if d.kind == "note"] == [("note", "contact")]
    # An MLA step that the model does not know is refused beside the page too.
    cmd = MlaIn(
        requested_country="DE",
        mla_kind="preservation",
        legal_basis="budapest-2001",
        title="Ransomware",
        request=preservation_request(),
    )
    mid = mla.create_mla(w.db, actor_of(w, "fr.officer"), w.settings, cmd)
    de = login_client(w, "de.officer")
    mla_path = f"/mla/cases/{mid}"
    token = csrf(de, f"{mla_path}?purpose=investigation")
    base = {"purpose": "investigation", "csrf_token": token}
    assert de.post(f"{mla_path}/step", data={**base, "step": "dance"}).status_code == 422
    r = de.post(f"{mla_path}/step", data={**base, "step": "acknowledge"}, follow_redirects=False)
    assert r.status_code == 303
    mla_case = ext.get_case(
        w.db, actor_of(w, "de.officer"), mid, Purpose.INVESTIGATION, CaseKind.MLA
    )
    assert mla_case.state == "acknowledged"


# --- the formal request page: the file read into the API's own `RequestFileIn` ---------------

# A second offence, typed in the third row of the page: the second row is left blank.
SECOND = {
    "offences.2.title": "Murder of a witness",
    "offences.2.committed_on": "2025-01-10",
    "offences.2.place": "Lyon",
    "offences.2.place_country": "FR",
    "offences.2.acts": "Shot the fund's accountant before the trial.",
    "offences.2.law_text": "Code pénal art. 221-1 and 221-4",
    "offences.2.max_penalty_months": "life",
    "offences.2.requested_state_offence": "Mord (StGB art. 112)",
}


def _provisional_case(w: World, requested: str = "CH", basis: str = "ece-1957") -> str:
    """A provisional arrest request (France asks `requested`): the formal request is due."""
    from tests.extradition.test_cases_factory import actor, provisional_data
    from xborder.extradition import service as ext
    from xborder.extradition.commands import ExtraditionIn

    cmd = ExtraditionIn(
        requested_country=requested,
        legal_basis=basis,
        title="Fraud",
        provisional=True,
        file=provisional_data(),
    )
    return ext.create_request(w.db, actor(w, "fr.officer"), w.settings, cmd)


def _stored(w: World, cid: str, kind: str = "request_file") -> dict[str, Any] | None:
    from tests.extradition.test_cases_factory import actor
    from xborder.extradition import service as ext
    from xborder.extradition.domain import CaseKind, DocKind

    with w.db.transaction() as s:
        row = ext.load(s, actor(w, "fr.officer"), cid, CaseKind.EXTRADITION)
        return ext.latest_json(s, row, DocKind(kind))


def _formal_page(w: World, cid: str) -> tuple[TestClient, str, dict[str, str]]:
    fr = login_client(w, "fr.officer")
    path = f"/extradition/cases/{cid}"
    token = csrf(fr, f"{path}?purpose=investigation")
    return fr, f"{path}/formal", {"purpose": "investigation", "csrf_token": token}


def test_the_formal_request_page_sends_several_offences(sqlite_world: World) -> None:
    """Offence rows as `forms.read` reads a list of models: "add another offence" shows the
    form again as typed with one more row (nothing sent), a blank row is skipped, and every
    offence reaches the stored file, numbered in page order."""
    w = sqlite_world
    cid = _provisional_case(w)
    fr, formal, base = _formal_page(w, cid)
    page = fr.get(f"/extradition/cases/{cid}?purpose=investigation").text
    assert 'name="offences.0.title"' in page and 'name="offences.1.title"' not in page
    more = fr.post(formal, data={**FORM, **base, "add": "offence"})
    assert more.status_code == 200
    assert 'name="offences.1.title"' in more.text and 'name="offences.2.title"' not in more.text
    assert 'value="Vandersloot"' in more.text and 'value="Aggravated fraud"' in more.text
    assert _state(w, cid) == "provisional_arrest" and _stored(w, cid) is None
    blank_row = {f"offences.1.{part}": "" for part in ("title", "place", "acts")}
    r = fr.post(formal, data={**FORM, **blank_row, **SECOND, **base}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert _state(w, cid) == "formal_request"
    file = _stored(w, cid)
    assert file is not None
    assert [(o["ref"], o["title"], o["max_penalty_months"]) for o in file["offences"]] == [
        ("O1", "Aggravated fraud", 84),
        ("O2", "Murder of a witness", None),  # "life": the file's null
    ]
    assert file["offences"][1]["requested_state_offence"] == "Mord (StGB art. 112)"
    assert file["person"]["nationalities"] == ["FR"] and file["assurances"]["speciality"]


def test_the_formal_eaw_is_drawn_from_every_offence_of_the_page(sqlite_world: World) -> None:
    """Between EU members the page's file is also the EAW's source (`_eaw_for`)."""
    from tests.extradition.test_cases_factory import ISSUER

    w = sqlite_world
    cid = _provisional_case(w, requested="DE", basis="eaw")
    fr, formal, base = _formal_page(w, cid)
    issuer = {f"eaw_{k}": v for k, v in ISSUER.items()}
    # (a life sentence would also need section (h), completed on the EAW's own form)
    second = {**SECOND, "offences.2.max_penalty_months": "360"}
    eu = {**FORM, "offences.0.eaw_category": "swindling", **second, **issuer, **base}
    r = fr.post(formal, data=eu, follow_redirects=False)
    assert r.status_code == 303, r.text
    eaw = _stored(w, cid, "eaw")
    assert eaw is not None
    offences = eaw["e"]["offences"]
    assert [o["legal_classification"] for o in offences] == [
        "Aggravated fraud",
        "Murder of a witness",
    ]
    assert offences[0]["categories"] == ["swindling"]
    assert eaw["c"]["max_penalty_months"] == 360  # the heavier of the two
    assert eaw["i"]["representative"] == ISSUER["representative"]


def test_a_refused_offence_row_is_named_by_its_place_and_nothing_is_sent(
    sqlite_world: World,
) -> None:
    """The model's rules and limits, and the file's own completeness check, refuse the form:
    the case page comes back with the reason and the form as typed; nothing is stored."""
    w = sqlite_world
    cid = _provisional_case(w)
    fr, formal, base = _formal_page(w, cid)
    title_only = {"offences.2.title": "Money laundering"}
    r = fr.post(formal, data={**FORM, **title_only, **base})
    assert r.status_code == 422
    assert "offences 3 place country: Field required" in r.text  # the row as the page shows it
    assert 'name="offences.2.title"' in r.text and 'value="Money laundering"' in r.text
    no_acts = {**SECOND, "offences.2.acts": ""}  # what the formal request must state
    r = fr.post(formal, data={**FORM, **no_acts, **base})
    assert r.status_code == 422 and "offences[O2].acts: a statement of the acts" in r.text
    long_title = {**SECOND, "offences.2.title": "x" * 301}
    r = fr.post(formal, data={**FORM, **long_title, **base})
    assert r.status_code == 422
    assert "offences 3 title: String should have at most 300 characters" in r.text
    r = fr.post(formal, data={**FORM, "person.family_name": "V" * 201, **base})
    assert r.status_code == 422 and "person family name: String should have at most 200" in r.text
    for penalty in ("", "12x", "-1"):
        r = fr.post(formal, data={**FORM, "offences.0.max_penalty_months": penalty, **base})
        assert r.status_code == 422 and "offences 1 max penalty months" in r.text, penalty
    assert _state(w, cid) == "provisional_arrest" and _stored(w, cid) is None


def test_the_api_takes_the_formal_file_with_the_pages_limits(sqlite_world: World) -> None:
    """The API's formal step takes its file as the same `RequestFileIn`: the page's limits
    are the API's."""
    from tests.extradition.test_cases_factory import client, request_file

    w = sqlite_world
    cid = _provisional_case(w)
    url = f"/api/v1/extradition/cases/{cid}/transitions"
    us = client(w, "fr.officer")
    file = request_file(refs=("O1", "O2"))
    file["offences"][1]["title"] = "x" * 301
    r = us.post(url, json={"step": "formal", "file": file})
    assert r.status_code == 422 and "300" in r.text
    assert _state(w, cid) == "provisional_arrest"
    file["offences"][1]["title"] = "Money laundering"
    r = us.post(url, json={"step": "formal", "file": file})
    assert r.status_code == 204, r.text
    stored = _stored(w, cid)
    assert stored is not None and stored == request_file(refs=("O1", "O2")) | {
        "offences": [file["offences"][0], {**file["offences"][1], "title": "Money laundering"}]
    }


def test_a_provisional_request_from_the_page_leaves_an_unstated_penalty_out(
    sqlite_world: World,
) -> None:
    """The urgent request's file may leave the penalty out: left out, not read as life
    imprisonment (the file's null)."""
    fr = login_client(sqlite_world, "fr.officer")
    token = csrf(fr, "/extradition/new")
    more = fr.post("/extradition/new", data={**FORM, "add": "offence", "csrf_token": token})
    assert more.status_code == 200 and 'name="offences.1.title"' in more.text
    assert 'value="Vandersloot"' in more.text
    urgent = {k: v for k, v in FORM.items() if not k.endswith("max_penalty_months")}
    res = fr.post(
        "/extradition/new",
        data={**urgent, "provisional": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    cid = res.headers["location"].split("?")[0].rsplit("/", 1)[1]
    stored = _stored(sqlite_world, cid, "provisional_arrest_request")
    assert stored is not None and "max_penalty_months" not in stored["offences"][0]
