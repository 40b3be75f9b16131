"""extradition and mutual legal assistance: cases, their signed documents, their timeline

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "judicial_cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mla_kind", sa.String(length=30), nullable=True),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("requesting_country", sa.String(length=2), nullable=False),
        sa.Column("requested_country", sa.String(length=2), nullable=False),
        sa.Column("legal_basis", sa.String(length=80), nullable=False),
        sa.Column("via_secretariat", sa.Boolean(), nullable=False),
        sa.Column("notice_id", sa.String(length=36), nullable=True),
        sa.Column("hit_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("formal_received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("surrender_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["notices.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index(op.f("ix_judicial_cases_kind"), "judicial_cases", ["kind"], unique=False)
    op.create_index(
        op.f("ix_judicial_cases_notice_id"), "judicial_cases", ["notice_id"], unique=False
    )
    op.create_index(
        op.f("ix_judicial_cases_requested_at"), "judicial_cases", ["requested_at"], unique=False
    )
    op.create_index(
        op.f("ix_judicial_cases_requested_country"),
        "judicial_cases",
        ["requested_country"],
        unique=False,
    )
    op.create_index(
        op.f("ix_judicial_cases_requesting_country"),
        "judicial_cases",
        ["requesting_country"],
        unique=False,
    )
    op.create_index(op.f("ix_judicial_cases_state"), "judicial_cases", ["state"], unique=False)
    op.create_table(
        "judicial_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("kid", sa.String(length=60), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["judicial_cases.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_judicial_documents_case_id"), "judicial_documents", ["case_id"], unique=False
    )
    op.create_index(
        "uq_judicial_document_version",
        "judicial_documents",
        ["case_id", "kind", "version"],
        unique=True,
    )
    op.create_table(
        "judicial_timeline",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("dedupe", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["judicial_cases.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_judicial_timeline_case_id"), "judicial_timeline", ["case_id"], unique=False
    )
    op.create_index(
        "uq_judicial_timeline_dedupe", "judicial_timeline", ["case_id", "dedupe"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_judicial_timeline_dedupe", table_name="judicial_timeline")
    op.drop_index(op.f("ix_judicial_timeline_case_id"), table_name="judicial_timeline")
    op.drop_table("judicial_timeline")
    op.drop_index("uq_judicial_document_version", table_name="judicial_documents")
    op.drop_index(op.f("ix_judicial_documents_case_id"), table_name="judicial_documents")
    op.drop_table("judicial_documents")
    for col in (
        "state",
        "requesting_country",
        "requested_country",
        "requested_at",
        "notice_id",
        "kind",
    ):
        op.drop_index(op.f(f"ix_judicial_cases_{col}"), table_name="judicial_cases")
    op.drop_table("judicial_cases")
