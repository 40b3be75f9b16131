import pytest
from sqlalchemy import func, select

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Forbidden, Invalid, NotFound
from xborder.kernel.names import PersonName
from xborder.kernel.purposes import Purpose
from xborder.persons import service as persons
from xborder.persons.domain import Person, Sex
from xborder.persons.tables import PersonRow


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


def access_rows(world: World, subject: str) -> int:
    with world.db.transaction() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(AccessLogRow)
                .where(AccessLogRow.subject_id == subject)
            )
            or 0
        )


def a_restricted_record(world: World) -> tuple[str, str, set[str]]:
    with world.db.transaction() as s:
        row = s.scalars(
            select(PersonRow).where(PersonRow.restricted.is_(True)).order_by(PersonRow.id)
        ).first()
        assert row is not None, "the fixture world always holds restricted records"
        return row.id, row.owner_country, {r.country for r in row.restrictions}


def outsider_for(world: World, owner: str, allowed: set[str]) -> str:
    for username in world.creds:
        if username.endswith(".officer"):
            c = username.split(".")[0].upper()
            if c != owner and c not in allowed:
                return username
    raise AssertionError("no outsider bureau")


def test_reading_a_person_leaves_an_access_log_row_with_purpose(world: World) -> None:
    pid, _owner, _ = a_restricted_record(world)
    reviewer = actor(world, "reviewer")
    before = access_rows(world, pid)
    p = persons.get_person(world.db, reviewer, pid, Purpose.NOTICE_REVIEW)
    assert p.id == pid
    assert access_rows(world, pid) == before + 1
    with world.db.transaction() as s:
        row = s.scalars(
            select(AccessLogRow)
            .where(AccessLogRow.subject_id == pid)
            .order_by(AccessLogRow.id.desc())
        ).first()
        assert row is not None
        assert (row.purpose, row.role) == ("notice_review", "reviewer")
        assert row.legal_basis


def test_a_bureau_outside_the_restriction_gets_not_found(world: World) -> None:
    pid, owner, allowed = a_restricted_record(world)
    outsider = actor(world, outsider_for(world, owner, allowed))
    with pytest.raises(NotFound):
        persons.get_person(world.db, outsider, pid, Purpose.INVESTIGATION)
    assert access_rows(world, pid) == 0


def test_the_owner_and_listed_countries_can_read_a_restricted_record(world: World) -> None:
    pid, owner, allowed = a_restricted_record(world)
    persons.get_person(
        world.db, actor(world, f"{owner.lower()}.officer"), pid, Purpose.INVESTIGATION
    )
    for c in allowed:
        if f"{c.lower()}.officer" in world.creds:
            persons.get_person(
                world.db, actor(world, f"{c.lower()}.officer"), pid, Purpose.INVESTIGATION
            )


def test_search_hides_records_the_caller_may_not_see(world: World) -> None:
    pid, owner, allowed = a_restricted_record(world)
    with world.db.transaction() as s:
        row = s.get(PersonRow, pid)
        assert row is not None
        family = next(n.family or n.full for n in row.names if n.script == "Latn")
    reviewer_hits = persons.search_persons(
        world.db, actor(world, "reviewer"), family, Purpose.NOTICE_REVIEW, 100
    )
    assert pid in {h.id for h in reviewer_hits}
    outsider = actor(world, outsider_for(world, owner, allowed))
    outsider_hits = persons.search_persons(world.db, outsider, family, Purpose.INVESTIGATION, 100)
    assert pid not in {h.id for h in outsider_hits}
    assert access_rows(world, pid) == 1  # the reviewer's search result, not the outsider's


def test_search_finds_a_cyrillic_name_typed_in_latin(world: World) -> None:
    officer = actor(world, "ru.officer")
    new = persons.create_person(
        world.db,
        officer,
        Person(
            id="x",
            owner_country="RU",
            sex=Sex.MALE,
            names=(PersonName("Пётр Чайковский", "Пётр", "Чайковский", script="Cyrl", lang="ru"),),
        ),
    )
    hits = persons.search_persons(
        world.db, actor(world, "reviewer"), "chaikovsk", Purpose.NOTICE_REVIEW
    )
    assert new.id in {h.id for h in hits}


def test_creating_a_person_writes_the_record_and_its_event_together(world: World) -> None:
    officer = actor(world, "fr.officer")
    p = persons.create_person(
        world.db,
        officer,
        Person(
            id="ignored",
            owner_country="DE",  # a bureau always records for its own country
            names=(PersonName("Jeanne Martin", "Jeanne", "Martin"),),
            restricted_to=frozenset({"BE"}),
        ),
    )
    assert p.owner_country == "FR" and p.id != "ignored"
    with world.db.transaction() as s:
        assert s.get(PersonRow, p.id) is not None
        ev = s.scalars(select(EventRow).where(EventRow.subject_id == p.id)).one()
        assert ev.action == "person.created" and "Martin" not in str(ev.summary)


def test_roles_without_person_access_are_refused(world: World) -> None:
    for username in ("auditor", "cyber", "partner"):
        with pytest.raises(Forbidden):
            persons.search_persons(
                world.db, actor(world, username), "ivanov", Purpose.INVESTIGATION
            )


def test_search_needs_a_real_query(world: World) -> None:
    with pytest.raises(Invalid):
        persons.search_persons(world.db, actor(world, "reviewer"), " a ", Purpose.INVESTIGATION)
