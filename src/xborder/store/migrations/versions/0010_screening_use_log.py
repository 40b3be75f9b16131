"""screening use log (AI Act art. 12(3)): end of use, reference database, input digest

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("reference_db", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("query_digest", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.drop_column("query_digest")
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.drop_column("reference_db")
        batch_op.drop_column("ended_at")
