"""safeguards: the secretariat's versions of country data; checks on diffusions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "country_data",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("dataset", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("country", "dataset", "version"),
    )
    with op.batch_alter_table("country_data", schema=None) as batch_op:
        batch_op.create_index("ix_country_data_country", ["country"], unique=False)
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("charge_families", sa.JSON(), nullable=False, server_default="[]")
        )
    _fill_charge_families()
    with op.batch_alter_table("diffusions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("findings", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("risk", sa.Integer(), nullable=False, server_default="0"))


def _fill_charge_families() -> None:
    """Families of the requests recorded before this revision, computed as the checks do, so
    the requesting bureau's record counts its earlier decisions at once."""
    from xborder.notices.checkinputs import charge_families
    from xborder.notices.domain import content_from_json

    bind = op.get_bind()
    notices = sa.table(
        "notices",
        sa.column("id"),
        sa.column("content", sa.JSON),
        sa.column("charge_families", sa.JSON),
    )
    for nid, content in bind.execute(sa.select(notices.c.id, notices.c.content)):
        try:
            families = list(charge_families(content_from_json(content)))
        except (ValueError, KeyError, TypeError):
            continue
        if families:
            bind.execute(
                notices.update().where(notices.c.id == nid).values(charge_families=families)
            )


def downgrade() -> None:
    with op.batch_alter_table("diffusions", schema=None) as batch_op:
        batch_op.drop_column("risk")
        batch_op.drop_column("findings")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("charge_families")
    with op.batch_alter_table("country_data", schema=None) as batch_op:
        batch_op.drop_index("ix_country_data_country")
    op.drop_table("country_data")
