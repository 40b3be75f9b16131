"""Record rules written once and read two ways: `holds(row)` for a record already in memory,
`sql(Model)` for the WHERE clause that finds the same records in the database.

A visibility rule written twice by hand (a Python check and an SQL filter) drifts: one day the
list shows a record the detail page refuses, or worse. Here each rule is a small tree of
conditions on a row's attributes, and both forms come from the same tree. The SQL form treats a
NULL column as "not equal" (never as unknown), which is what Python's `==` does with None, so
that `Not` means the same on both sides (tests/identity/test_rules.py checks this on random
rules and rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from sqlalchemy import and_, false, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement


class Rule(Protocol):
    def holds(self, row: Any) -> bool: ...

    def sql(self, model: Any) -> ColumnElement[bool]: ...


@dataclass(frozen=True)
class Always:
    value: bool

    def holds(self, row: Any) -> bool:
        return self.value

    def sql(self, model: Any) -> ColumnElement[bool]:
        return true() if self.value else false()


@dataclass(frozen=True)
class Equals:
    field: str
    value: str

    def holds(self, row: Any) -> bool:
        return bool(getattr(row, self.field) == self.value)

    def sql(self, model: Any) -> ColumnElement[bool]:
        column = getattr(model, self.field)
        return and_(column.is_not(None), column == self.value)


@dataclass(frozen=True)
class OneOf:
    field: str
    values: frozenset[str]

    def holds(self, row: Any) -> bool:
        return getattr(row, self.field) in self.values

    def sql(self, model: Any) -> ColumnElement[bool]:
        if not self.values:
            return false()
        column = getattr(model, self.field)
        return and_(column.is_not(None), column.in_(sorted(self.values)))


@dataclass(frozen=True)
class IsTrue:
    field: str

    def holds(self, row: Any) -> bool:
        return getattr(row, self.field) is True

    def sql(self, model: Any) -> ColumnElement[bool]:
        return cast(ColumnElement[bool], getattr(model, self.field).is_(True))


@dataclass(frozen=True)
class Has:
    """Some related row (a one-to-many relationship) has `field == value`."""

    relation: str
    field: str
    value: str

    def holds(self, row: Any) -> bool:
        return any(getattr(r, self.field) == self.value for r in getattr(row, self.relation))

    def sql(self, model: Any) -> ColumnElement[bool]:
        relation = getattr(model, self.relation)
        target = relation.property.mapper.class_
        return cast(ColumnElement[bool], relation.any(getattr(target, self.field) == self.value))


@dataclass(frozen=True)
class Not:
    rule: Rule

    def holds(self, row: Any) -> bool:
        return not self.rule.holds(row)

    def sql(self, model: Any) -> ColumnElement[bool]:
        return not_(self.rule.sql(model))


@dataclass(frozen=True)
class AllOf:
    rules: tuple[Rule, ...]

    def holds(self, row: Any) -> bool:
        return all(r.holds(row) for r in self.rules)

    def sql(self, model: Any) -> ColumnElement[bool]:
        return and_(true(), *(r.sql(model) for r in self.rules))


@dataclass(frozen=True)
class AnyOf:
    rules: tuple[Rule, ...]

    def holds(self, row: Any) -> bool:
        return any(r.holds(row) for r in self.rules)

    def sql(self, model: Any) -> ColumnElement[bool]:
        return or_(false(), *(r.sql(model) for r in self.rules))


def all_of(*rules: Rule) -> AllOf:
    return AllOf(tuple(rules))


def any_of(*rules: Rule) -> AnyOf:
    return AnyOf(tuple(rules))


def one_of(field: str, values: Iterable[str]) -> OneOf:
    return OneOf(field, frozenset(values))
