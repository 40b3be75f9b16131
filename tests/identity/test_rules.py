"""A record rule's two readings agree: the rows its SQL filter selects are exactly the rows its
Python check accepts. First on random rules over random rows (NULLs included), then on the
real visibility rules of identity/policy.py over the demo world, for every kind of actor."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, ForeignKey, Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from xborder.identity import policy
from xborder.identity.rules import (
    AllOf,
    Always,
    AnyOf,
    Equals,
    Has,
    IsTrue,
    Not,
    OneOf,
    Rule,
)
from xborder.kernel.actor import ROLES_BY_ORG_KIND, Actor, OrgKind
from xborder.notices.diffusions import SERVED
from xborder.notices.domain import State
from xborder.notices.service import BUREAU_ONLY
from xborder.notices.tables import DiffusionRow, NoticeRow
from xborder.persons.tables import PersonRow

VALUES = ("FR", "DE", "RU")


class _Base(DeclarativeBase):
    pass


class Thing(_Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a: Mapped[str | None] = mapped_column(String(2))
    b: Mapped[str | None] = mapped_column(String(2))
    flag: Mapped[bool | None] = mapped_column(Boolean)
    tags: Mapped[list[Tag]] = relationship()


class Tag(_Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thing_id: Mapped[int] = mapped_column(ForeignKey("things.id"))
    country: Mapped[str] = mapped_column(String(2))


value = st.sampled_from(VALUES)
field = st.sampled_from(("a", "b"))
leaves: st.SearchStrategy[Rule] = st.one_of(
    st.builds(Always, st.booleans()),
    st.builds(Equals, field, value),
    st.builds(OneOf, field, st.frozensets(value, max_size=3)),
    st.builds(IsTrue, st.just("flag")),
    st.builds(Has, st.just("tags"), st.just("country"), value),
)
rules: st.SearchStrategy[Rule] = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(AllOf, st.tuples(inner, inner)),
        st.builds(AnyOf, st.tuples(inner, inner, inner)),
    ),
    max_leaves=8,
)
rows = st.lists(
    st.tuples(
        st.none() | value,
        st.none() | value,
        st.none() | st.booleans(),
        st.lists(value, max_size=2),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rules, rows)
def test_any_rule_selects_in_sql_what_it_accepts_in_python(rule: Rule, data: list[Any]) -> None:
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    with Session(engine) as s:
        for i, (a, b, flag, tags) in enumerate(data):
            s.add(Thing(id=i, a=a, b=b, flag=flag, tags=[Tag(country=c) for c in tags]))
        s.flush()
        in_sql = set(s.scalars(select(Thing.id).where(rule.sql(Thing))))
        in_python = {t.id for t in s.scalars(select(Thing)) if rule.holds(t)}
    assert in_sql == in_python


class Record(_Base):
    """Every column the visibility rules read, on one table, so that random rows can try them
    (tests below check the real tables have these attributes)."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requesting_country: Mapped[str | None] = mapped_column(String(2))
    requested_country: Mapped[str | None] = mapped_column(String(2))
    sender_country: Mapped[str | None] = mapped_column(String(2))
    owner_country: Mapped[str | None] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(30))
    blocked: Mapped[bool] = mapped_column(Boolean)
    restricted: Mapped[bool] = mapped_column(Boolean)
    via_secretariat: Mapped[bool] = mapped_column(Boolean)
    restrictions: Mapped[list[Restriction]] = relationship()
    recipients: Mapped[list[Recipient]] = relationship()


class Restriction(_Base):
    __tablename__ = "record_restrictions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    country: Mapped[str] = mapped_column(String(2))


class Recipient(_Base):
    __tablename__ = "record_recipients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    country: Mapped[str] = mapped_column(String(2))


COUNTRIES = ("FR", "DE", "RU")
STATES = tuple(s.value for s in State) + tuple(SERVED) + ("draft", "held")
country = st.sampled_from(COUNTRIES)
records = st.lists(
    st.fixed_dictionaries(
        {
            "requesting_country": st.none() | country,
            "requested_country": st.none() | country,
            "sender_country": st.none() | country,
            "owner_country": st.none() | country,
            "state": st.sampled_from(STATES),
            "blocked": st.booleans(),
            "restricted": st.booleans(),
            "via_secretariat": st.booleans(),
            "restrictions": st.lists(country, max_size=2, unique=True),
            "recipients": st.lists(country, max_size=2, unique=True),
        }
    ),
    min_size=1,
    max_size=6,
)


def _actors() -> st.SearchStrategy[Actor]:
    def make(kind: OrgKind, where: str | None) -> st.SearchStrategy[Actor]:
        home = where if kind == OrgKind.BUREAU else None
        roles = sorted(ROLES_BY_ORG_KIND[kind])
        return st.sampled_from(roles).map(lambda role: Actor("u", "u", role, "o", kind, home))

    kinds = st.sampled_from(list(OrgKind))
    return st.tuples(kinds, st.none() | country).flatmap(lambda t: make(*t))


def _rules(actor: Actor) -> dict[Any, Rule]:
    from xborder.extradition.tables import JudicialCaseRow

    return {
        NoticeRow: policy.notice_rule(actor, unsent=BUREAU_ONLY, published=State.PUBLISHED.value),
        DiffusionRow: policy.diffusion_rule(actor, served=SERVED),
        PersonRow: policy.person_rule(policy.person_visibility(actor)),
        JudicialCaseRow: policy.judicial_case_rule(actor),
    }


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_actors(), records)
def test_the_visibility_rules_select_in_sql_what_they_accept_in_python(
    actor: Actor, data: list[dict[str, Any]]
) -> None:
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    with Session(engine) as s:
        for i, d in enumerate(data):
            fields = {k: v for k, v in d.items() if k not in ("restrictions", "recipients")}
            s.add(
                Record(
                    id=i,
                    **fields,
                    restrictions=[Restriction(country=c) for c in d["restrictions"]],
                    recipients=[Recipient(country=c) for c in d["recipients"]],
                )
            )
        s.flush()
        for rule in _rules(actor).values():
            in_sql = set(s.scalars(select(Record.id).where(rule.sql(Record))))
            in_python = {r.id for r in s.scalars(select(Record)) if rule.holds(r)}
            assert in_sql == in_python


def _fields(rule: Rule) -> set[str]:
    if isinstance(rule, Not):
        return _fields(rule.rule)
    if isinstance(rule, AllOf | AnyOf):
        return set().union(*(_fields(r) for r in rule.rules))
    if isinstance(rule, Has):
        return {rule.relation}
    if isinstance(rule, Equals | OneOf | IsTrue):
        return {rule.field}
    return set()


@given(_actors())
@settings(max_examples=60, deadline=None, derandomize=True)
def test_the_rules_read_attributes_the_real_tables_have(actor: Actor) -> None:
    for model, rule in _rules(actor).items():
        assert _fields(rule) <= set(model.__mapper__.attrs.keys()), model.__name__
