"""The governance tables. They share `xborder.store.tables.Base`, so migrations and the schema
drift test see them (`xborder.platform.capabilities` imports every capability's tables).

The components themselves are declared in code (`xborder.governance.registry`); the tables hold
what happens to them: whether each is switched on, its evaluations, the assessments of its use
case, and the authorisations of high-impact uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import ID, Base


class ComponentStateRow(Base):
    """Whether a registered component may run. No row: off (a component starts switched off)."""

    __tablename__ = "ai_component_state"
    component_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[str] = mapped_column(String(60))  # the version it was switched on at
    changed_at: Mapped[datetime]
    changed_by: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text, default="")


class EvaluationRow(Base):
    """One evaluation run of one component version on one labelled set. `rows` holds the
    metric rows in the benchmark's format (bench/results/screening-evaluation.json);
    `disparities` the differences and ratios across groups."""

    __tablename__ = "ai_evaluations"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    component_id: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(60))
    dataset: Mapped[str] = mapped_column(String(200))
    threshold: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20))  # harness | import
    evaluated_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    parameters: Mapped[dict[str, Any]]
    rows: Mapped[list[Any]]
    disparities: Mapped[list[Any]]
    __table_args__ = (Index("ix_ai_evaluations_component", "component_id", "version"),)


class AssessmentRow(Base):
    """One version of the answers to an assessment (risk, readiness, fundamental rights) of a
    use case. A new save is a new version; sign-off is on a version, by someone else."""

    __tablename__ = "ai_assessments"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    use_case_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(60))  # the questionnaire's id and version
    scales: Mapped[str] = mapped_column(String(60))  # the scales' id (data/scales.json)
    answers: Mapped[dict[str, Any]]
    # Judged once, when saved, under the template and scales named above: a later edit of the
    # configuration does not change what was written (and signed).
    summary: Mapped[dict[str, Any]]
    gaps: Mapped[list[Any]]
    written_by: Mapped[str] = mapped_column(String(36))
    written_at: Mapped[datetime]
    signed_by: Mapped[str | None] = mapped_column(String(36))
    signed_at: Mapped[datetime | None]
    sign_note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        UniqueConstraint("use_case_id", "kind", "version", name="uq_ai_assessments_version"),
        Index("ix_ai_assessments_signed", "use_case_id", "kind", "signed_at"),
    )


class AuthorisationRow(Base):
    """A high-impact use and its authorisation (AI Act art. 26(10)): recorded before the use
    (pre-authorised) or pending until a supervisor decides, by `due_at`."""

    __tablename__ = "ai_authorisations"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    component_id: Mapped[str] = mapped_column(String(60))
    use_id: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    used_by: Mapped[str | None] = mapped_column(String(36))
    used_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    decision: Mapped[str | None] = mapped_column(String(20))  # authorised | refused
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")


class RegisterEntryRow(Base):
    """A public register entry as it stood when its component was switched on or off: the
    register's history (an entry's past versions stay readable by their id)."""

    __tablename__ = "ai_register_entries"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    component_id: Mapped[str] = mapped_column(String(60))
    entry_version: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime]
    entry: Mapped[dict[str, Any]]
    __table_args__ = (Index("ix_ai_register_entries_component", "component_id", "recorded_at"),)
