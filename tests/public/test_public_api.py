"""The public notices API as a tool written for the public notices API shape sees it
(docs/reference/public-notices-api.md): paths, parameters, paging through `_links.next`, partial
dates, images; and
what is public, on both backends."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.public import factory as f
from xborder.notices import service as notices
from xborder.notices.commands import CancelIn, ReasonIn, SuspendIn
from xborder.notices.domain import RefusalGround
from xborder.notices.tables import NoticeImageRow, NoticeRow
from xborder.platform.app import create_app
from xborder.public import extracts
from xborder.public.portraits import attach_portrait

# --- a client written for the public notices API, knowing nothing of xborder -----------------


def fetch_all(client: TestClient, url: str) -> tuple[int, list[dict[str, Any]]]:
    """Follow `_links.next` until it is absent; return `total` and every notice listed."""
    seen: list[dict[str, Any]] = []
    total = -1
    pages = 0
    next_url: str | None = url
    while next_url:
        res = client.get(next_url)
        assert res.status_code == 200, res.text
        doc = res.json()
        total = doc["total"]
        seen += doc["_embedded"]["notices"]
        next_url = doc["_links"].get("next", {}).get("href")
        pages += 1
        assert pages < 100
    return total, seen


def pictures_of(client: TestClient, notice: dict[str, Any]) -> list[bytes]:
    """The images document of a listed notice, then each picture it links to."""
    doc = client.get(notice["_links"]["images"]["href"]).json()
    assert doc["_links"]["notice"]["href"] == notice["_links"]["self"]["href"]
    return [client.get(i["_links"]["self"]["href"]).content for i in doc["_embedded"]["images"]]


def client(world: World) -> TestClient:
    return TestClient(create_app(world.settings, world.db))


def ids(c: TestClient, url: str) -> list[str]:
    return [n["entity_id"] for n in fetch_all(c, url)[1]]


def pid(world: World, notice_id: str) -> str:
    return extracts.path_id(f.number(world, notice_id))


# --- the shape ---------------------------------------------------------------------------------


def test_a_client_of_the_public_api_pages_through_every_public_red_notice(world: World) -> None:
    a = f.publish(world, f.red_content(), f.person("Jean", "Dupont", birth="1980-05-17"))
    b = f.publish(world, f.red_content(), f.person("Marie", "Curie", sex="F", birth="1975-03"))
    c_ = f.publish(
        world, f.red_content(), f.person("Ali", "Haddad", birth="1960", nationalities=("MA", "FR"))
    )
    with world.db.transaction() as s:
        attach_portrait(s, a)
    c = client(world)
    total, listed = fetch_all(c, "/notices/v1/red?resultPerPage=2")
    assert total == 3
    by_id = {n["entity_id"]: n for n in listed}
    assert set(by_id) == {f.number(world, x) for x in (a, b, c_)}
    assert by_id[f.number(world, a)]["date_of_birth"] == "1980/05/17"
    assert by_id[f.number(world, b)]["date_of_birth"] == "1975/03"
    assert by_id[f.number(world, c_)]["date_of_birth"] == "1960"
    assert by_id[f.number(world, c_)]["nationalities"] == ["MA", "FR"]
    first = by_id[f.number(world, a)]
    assert (first["forename"], first["name"]) == ("Jean", "Dupont")
    # links are absolute, ids in paths use a dash
    assert first["_links"]["self"]["href"] == f"http://testserver/notices/v1/red/{pid(world, a)}"
    assert "thumbnail" not in by_id[f.number(world, b)]["_links"]
    (picture,) = pictures_of(c, first)
    assert picture.startswith(b"<svg") and b"SYNTHETIC" in picture
    assert pictures_of(c, by_id[f.number(world, b)]) == []

    detail = c.get(first["_links"]["self"]["href"]).json()
    assert detail["entity_id"] == f.number(world, a)
    assert detail["arrest_warrants"] == [
        {"issuing_country_id": "FR", "charge": "Armed robbery", "charge_translation": None}
    ]
    assert detail["languages_spoken_ids"] == ["FRA", "ENG"]
    assert (detail["height"], detail["weight"]) == (1.78, 74)
    assert (detail["eyes_colors_id"], detail["hairs_id"]) == (["BRO"], ["BLA"])
    assert detail["sex_id"] == "M" and detail["country_of_birth_id"] == "FR"
    assert detail["place_of_birth"] == "Lyon"
    assert detail["distinguishing_marks"] == "scar on the left hand"
    assert detail["_links"]["thumbnail"] == first["_links"]["thumbnail"]
    # nothing from the case file beyond the charge
    text = str(detail)
    for secret in ("MA-2025-0042", "Tribunal", "jeweller", "311-8", "DE", "ES"):
        assert secret not in text, secret


def test_the_list_document_echoes_the_query_and_links_every_page(world: World) -> None:
    for i in range(3):
        f.publish(world, f.red_content(), f.person("Jean", f"Martin{i}"))
    c = client(world)
    doc = c.get("/notices/v1/red?name=martin&resultPerPage=2&page=1").json()
    assert doc["query"] == {"page": 1, "resultPerPage": 2, "name": "martin"}
    links = doc["_links"]
    assert set(links) == {"self", "first", "next", "last"}
    assert links["self"]["href"].startswith("http://testserver/notices/v1/red?")
    assert "page=2" in links["next"]["href"] and "name=martin" in links["next"]["href"]
    assert "page=2" in links["last"]["href"]
    last = c.get(links["last"]["href"]).json()
    assert len(last["_embedded"]["notices"]) == 1 and "next" not in last["_links"]


def test_a_page_beyond_the_last_is_empty_and_has_no_next(world: World) -> None:
    f.publish(world, f.red_content(), f.person())
    doc = client(world).get("/notices/v1/red?page=7").json()
    assert doc["total"] == 1
    assert doc["_embedded"]["notices"] == []
    assert "next" not in doc["_links"] and "page=1" in doc["_links"]["last"]["href"]


def test_result_per_page_is_capped_at_160_and_one_query_reaches_at_most_the_cap(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = client(world)
    assert c.get("/notices/v1/red?resultPerPage=500").json()["query"]["resultPerPage"] == 160
    made = [f.publish(world, f.red_content(), f.person("Jean", f"Cap{i}")) for i in range(3)]
    monkeypatch.setattr(extracts, "MAX_RESULTS", 2)  # the cap, scaled down to three notices
    total, listed = fetch_all(c, "/notices/v1/red?resultPerPage=1")
    assert total == 3 and len(listed) == 2
    assert {n["entity_id"] for n in listed} < {f.number(world, m) for m in made}
    assert c.get("/notices/v1/red?resultPerPage=5").json()["query"]["resultPerPage"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=x",
        "resultPerPage=0",
        "ageMin=-1",
        "ageMax=200",
        "ageMin=50&ageMax=20",
        "sexId=X",
        "nationality=XX",
        "nationality=FRANCE",
        "arrestWarrantCountryId=ZZ",
        "forename=" + "a" * 101,
        "freeText=%21%21",
    ],
)
def test_bad_parameters_are_problems(sqlite_world: World, query: str) -> None:
    res = client(sqlite_world).get(f"/notices/v1/red?{query}")
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["type"] == "/problems/invalid-input"


def test_unknown_and_malformed_ids_are_404_problems(sqlite_world: World) -> None:
    c = client(sqlite_world)
    for path in (
        "/notices/v1/red/2026-99999",
        "/notices/v1/red/not-an-id",
        "/notices/v1/red/2026-99999/images",
        "/notices/v1/red/2026-99999/images/1",
        "/notices/v1/yellow/2026-99999",
        "/notices/v1/un/persons/2026-99999",
        "/notices/v1/un/entities/2026-99999",
    ):
        res = c.get(path)
        assert res.status_code == 404, path
        assert res.json()["type"] == "/problems/not-found"


# --- filters -----------------------------------------------------------------------------------


def _query(world: World, cast: dict[str, str]) -> Callable[[str], set[str]]:
    c = client(world)
    names = {f.number(world, v): k for k, v in cast.items()}

    def q(params: str) -> set[str]:
        return {names[i] for i in ids(c, f"/notices/v1/red?{params}")}

    return q


def test_forename_and_name_match_word_prefixes_across_scripts(
    world: World, cast: dict[str, str]
) -> None:
    q = _query(world, cast)
    assert q("forename=jean") == {"jean"}
    assert q("forename=pierre") == {"jean"}
    assert q("forename=JEAN-PIERRE") == {"jean"}
    assert q("name=dupont") == {"jean", "german"}
    assert q("name=dup&forename=hans") == {"german"}
    assert q("name=petrov") == {"ivan"}
    assert q("name=Петров") == {"ivan"}
    assert q("forename=vanya") == set()  # an alias is not public, so not searchable
    assert q("name=upont") == set()  # prefixes of words, not substrings


def test_the_latin_form_is_shown_for_a_name_in_another_script(
    world: World, cast: dict[str, str]
) -> None:
    doc = client(world).get(f"/notices/v1/red/{pid(world, cast['ivan'])}").json()
    assert (doc["forename"], doc["name"]) == ("Ivan", "Petrov")
    assert "Secret" not in str(doc)


def test_nationality_takes_alpha2_and_accepts_alpha3(world: World, cast: dict[str, str]) -> None:
    q = _query(world, cast)
    assert q("nationality=FR") == {"jean", "unknown_age"}
    assert q("nationality=ru") == {"ivan"}
    assert q("nationality=DEU") == {"german"}
    c = client(world)
    assert c.get("/notices/v1/red?nationality=DEU").json()["query"]["nationality"] == "DE"


def test_age_filters_respect_partial_dates(world: World, cast: dict[str, str]) -> None:
    q = _query(world, cast)
    # Marie: born in a known year only, so she is 29 or 30 today; Ivan: 40 or 41.
    assert q("ageMin=30&ageMax=30") == {"marie"}
    assert q("ageMin=29&ageMax=29") == {"marie"}
    assert q("ageMax=28") == set()
    assert q("ageMin=41&ageMax=41") == {"ivan"}
    assert "unknown_age" not in q("ageMin=0")
    assert "unknown_age" not in q("ageMax=120")
    assert q("ageMin=100") == set()


def test_sex_warrant_country_and_free_text(world: World, cast: dict[str, str]) -> None:
    q = _query(world, cast)
    assert q("sexId=F") == {"marie"}
    assert q("sexId=m") == {"jean", "ivan", "unknown_age", "german"}
    assert q("arrestWarrantCountryId=DE") == {"german"}
    assert q("arrestWarrantCountryId=FRA") == {"jean", "marie", "ivan", "unknown_age"}
    assert q("freeText=fraud") == {"marie"}
    assert q("freeText=money laund") == {"german"}
    assert q("freeText=petrov drug") == {"ivan"}
    assert q("freeText=Jean-Pierre") == {"jean"}
    assert q("freeText=jeweller") == set()  # the facts are not public, so not searchable


def test_each_collection_takes_its_own_parameters(world: World, cast: dict[str, str]) -> None:
    yellow = f.publish(world, f.yellow_content(), f.person("Lucie", "Dupont", sex="F"))
    un = f.publish(world, f.un_content(), f.person("Omar", "Listed", nationalities=("AF",)))
    c = client(world)
    assert ids(c, "/notices/v1/yellow?name=dupont") == [f.number(world, yellow)]
    # Yellow Notices know no arrest warrant: the parameter is ignored, as live, not echoed.
    doc = c.get("/notices/v1/yellow?arrestWarrantCountryId=DE").json()
    assert doc["total"] == 1 and "arrestWarrantCountryId" not in doc["query"]
    assert ids(c, "/notices/v1/un/persons?nationality=AF") == [f.number(world, un)]
    assert ids(c, "/notices/v1/un") == [f.number(world, un)]
    assert ids(c, "/notices/v1/un/entities") == []
    assert ids(c, "/notices/v1/red?name=listed") == []


def test_yellow_and_un_details_carry_their_own_fields(world: World) -> None:
    y = f.publish(world, f.yellow_content(), f.person("Lucie", "Roux", sex="F"))
    u = f.publish(world, f.un_content(), f.person("Omar", "Listed", nationalities=("AF",)))
    c = client(world)
    doc = c.get(f"/notices/v1/yellow/{pid(world, y)}").json()
    assert doc["date_of_event"] == "2025/06/01" and doc["place"] == "Marseille"
    assert "arrest_warrants" not in doc and doc["name"] == "Roux"
    doc = c.get(f"/notices/v1/un/persons/{pid(world, u)}").json()
    assert (doc["un_committee"], doc["un_reference"]) == ("1267 Committee", "QDi.999")
    assert doc["_links"]["self"]["href"].endswith(f"/notices/v1/un/persons/{pid(world, u)}")
    # the wrong collection does not serve it
    assert c.get(f"/notices/v1/red/{pid(world, y)}").status_code == 404
    assert c.get(f"/notices/v1/un/entities/{pid(world, u)}").status_code == 404


# --- what is public ----------------------------------------------------------------------------


def _served(c: TestClient, world: World, notice_id: str, picture: int | None = None) -> bool:
    """Listed, readable, its images document and its picture served: all or nothing."""
    number = f.number(world, notice_id)
    path = f"/notices/v1/red/{extracts.path_id(number)}"
    answers: list[bool] = [
        number in ids(c, "/notices/v1/red"),
        c.get(path).status_code == 200,
        c.get(f"{path}/images").status_code == 200,
    ]
    if picture is not None:
        answers.append(c.get(f"{path}/images/{picture}").status_code == 200)
    assert len(set(answers)) == 1, answers
    return answers[0]


def test_without_consent_there_is_no_public_extract(world: World) -> None:
    nid = f.publish(world, f.red_content(public=False), f.person())
    with world.db.transaction() as s:
        picture = attach_portrait(s, nid)
    assert not _served(client(world), world, nid, picture)


def test_a_restricted_notice_is_not_public(world: World) -> None:
    nid = f.publish(world, f.red_content(restricted_to=["DE"]), f.person())
    assert not _served(client(world), world, nid)


def test_a_request_not_yet_published_or_refused_is_not_public(world: World) -> None:
    pending = f.submit(world, f.red_content(), f.person("Pending", "Request"))
    refused = f.refuse(
        world, f.red_content(), f.person("Refused", "Request"), [RefusalGround.ART_3]
    )
    c = client(world)
    assert not _served(c, world, pending) and not _served(c, world, refused)


def _suspend(world: World, nid: str) -> None:
    notices.suspend(
        world.db,
        f.actor(world, "fr.supervisor"),
        nid,
        SuspendIn(until=datetime.now(UTC) + timedelta(days=30), reason="operational reasons"),
    )


def _withdraw(world: World, nid: str) -> None:
    notices.withdraw(
        world.db, f.actor(world, "fr.supervisor"), nid, ReasonIn(reason="person arrested")
    )


def _cancel(world: World, nid: str) -> None:
    notices.cancel(
        world.db,
        f.actor(world, "reviewer"),
        world.settings,
        nid,
        CancelIn(rationale="found non-compliant", grounds=[RefusalGround.ART_2]),
    )


def _delete(world: World, nid: str) -> None:
    with world.db.transaction() as s:
        notices.erase(s, f.actor(world, "ccf"), nid, "commission decision")


def _block(world: World, nid: str) -> None:
    with world.db.transaction() as s:
        notices.set_blocked(s, f.actor(world, "ccf"), nid, True, "case pending")


def _expire(world: World, nid: str) -> None:
    notices.run_lifecycle_job(world.db, datetime.now(UTC) + timedelta(days=5 * 366 + 2))


def _past_expiry(world: World, nid: str) -> None:
    """Past its expiry date, before the lifecycle job has run: the date is set (as if it had
    always been) to a moment just ahead, which then passes."""
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None
        row.expires_at = datetime.now(UTC) + timedelta(seconds=1.5)
    time.sleep(1.6)


@pytest.mark.parametrize(
    "change",
    [_suspend, _withdraw, _cancel, _delete, _block, _expire, _past_expiry],
    ids=lambda fn: fn.__name__.strip("_"),
)
def test_a_notice_vanishes_from_every_public_route_at_once(
    world: World, change: Callable[[World, str], None]
) -> None:
    nid = f.publish(world, f.red_content(), f.person())
    other = f.publish(world, f.red_content(), f.person("Other", "Person"))
    with world.db.transaction() as s:
        picture = attach_portrait(s, nid)
    c = client(world)
    assert _served(c, world, nid, picture)
    change(world, nid)
    assert not _served(c, world, nid, picture)
    if change is not _expire:
        assert _served(c, world, other)


def test_a_resumed_notice_is_public_again(world: World) -> None:
    nid = f.publish(world, f.red_content(), f.person())
    c = client(world)
    _suspend(world, nid)
    assert not _served(c, world, nid)
    notices.resume(world.db, f.actor(world, "fr.supervisor"), nid, ReasonIn(reason="back in force"))
    assert _served(c, world, nid)


# --- pictures ----------------------------------------------------------------------------------


def test_pictures_are_served_with_a_safe_content_type_and_sandbox(world: World) -> None:
    nid = f.publish(world, f.red_content(), f.person())
    with world.db.transaction() as s:
        svg = attach_portrait(s, nid)
        s.add(
            NoticeImageRow(
                notice_id=nid,
                media_type="text/html",
                data=b"<script>alert(1)</script>",
                created_at=datetime.now(UTC),
            )
        )
    c = client(world)
    base = f"/notices/v1/red/{pid(world, nid)}/images"
    res = c.get(f"{base}/{svg}")
    assert res.headers["content-type"] == "image/svg+xml"
    assert res.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in res.headers["content-security-policy"]
    assert "default-src 'none'" in res.headers["content-security-policy"]
    doc = c.get(base).json()
    other = [i for i in doc["_embedded"]["images"] if i["picture_id"] != str(svg)]
    res = c.get(other[0]["_links"]["self"]["href"])
    assert res.headers["content-type"] == "application/octet-stream"
    assert res.headers["content-disposition"].startswith("attachment")
    # a picture of another notice is not reachable through this one
    nid2 = f.publish(world, f.red_content(), f.person("Other", "Person"))
    assert c.get(f"/notices/v1/red/{pid(world, nid2)}/images/{svg}").status_code == 404
