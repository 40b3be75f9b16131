"""governance

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ai_assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("use_case_id", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("scales", sa.String(length=60), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.Column("written_by", sa.String(length=36), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_by", sa.String(length=36), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sign_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("use_case_id", "kind", "version", name="uq_ai_assessments_version"),
    )
    op.create_index(
        "ix_ai_assessments_signed",
        "ai_assessments",
        ["use_case_id", "kind", "signed_at"],
        unique=False,
    )
    op.create_table(
        "ai_authorisations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("component_id", sa.String(length=60), nullable=False),
        sa.Column("use_id", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("used_by", sa.String(length=36), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("use_id"),
    )
    op.create_index(
        op.f("ix_ai_authorisations_due_at"), "ai_authorisations", ["due_at"], unique=False
    )
    op.create_index(
        op.f("ix_ai_authorisations_org_id"), "ai_authorisations", ["org_id"], unique=False
    )
    op.create_table(
        "ai_component_state",
        sa.Column("component_id", sa.String(length=60), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("component_id"),
    )
    op.create_table(
        "ai_evaluations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("component_id", sa.String(length=60), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("dataset", sa.String(length=200), nullable=False),
        sa.Column("threshold", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("disparities", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ai_evaluations_component", "ai_evaluations", ["component_id", "version"], unique=False
    )
    op.create_table(
        "ai_register_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("component_id", sa.String(length=60), nullable=False),
        sa.Column("entry_version", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ai_register_entries_component",
        "ai_register_entries",
        ["component_id", "recorded_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_ai_register_entries_component", table_name="ai_register_entries")
    op.drop_table("ai_register_entries")
    op.drop_index("ix_ai_evaluations_component", table_name="ai_evaluations")
    op.drop_table("ai_evaluations")
    op.drop_table("ai_component_state")
    op.drop_index(op.f("ix_ai_authorisations_org_id"), table_name="ai_authorisations")
    op.drop_index(op.f("ix_ai_authorisations_due_at"), table_name="ai_authorisations")
    op.drop_table("ai_authorisations")
    op.drop_index("ix_ai_assessments_signed", table_name="ai_assessments")
    op.drop_table("ai_assessments")
