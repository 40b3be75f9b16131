"""the public search index: one row per public notice, its searchable words and birth-date
ranges, filled from the notices already published (issue 14: public search as an indexed
query)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_index",
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("section", sa.String(length=12), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("warrant_country", sa.String(length=2), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["notice_id"], ["notices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("notice_id"),
    )
    op.create_index(
        "ix_public_index_section_order",
        "public_index",
        ["section", "published_at", "number"],
        unique=False,
    )
    op.create_table(
        "public_terms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("cand", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_public_terms_kind_word",
        "public_terms",
        ["kind", "word"],
        unique=False,
        postgresql_ops={"word": "text_pattern_ops"},
    )
    op.create_index(op.f("ix_public_terms_notice_id"), "public_terms", ["notice_id"])
    op.create_table(
        "public_births",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("notice_id", sa.String(length=36), nullable=False),
        sa.Column("earliest", sa.Date(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_public_births_notice_id"), "public_births", ["notice_id"])
    # The notices published before the index existed.
    from xborder.notices.tables import NoticeRow
    from xborder.public import search_index

    session = Session(bind=op.get_bind())
    ids = list(session.scalars(sa.select(NoticeRow.id)))
    for start in range(0, len(ids), 2000):
        search_index.sync(session, ids[start : start + 2000])
    session.flush()


def downgrade() -> None:
    op.drop_index(op.f("ix_public_births_notice_id"), table_name="public_births")
    op.drop_table("public_births")
    op.drop_index(op.f("ix_public_terms_notice_id"), table_name="public_terms")
    op.drop_index("ix_public_terms_kind_word", table_name="public_terms")
    op.drop_table("public_terms")
    op.drop_index("ix_public_index_section_order", table_name="public_index")
    op.drop_table("public_index")
