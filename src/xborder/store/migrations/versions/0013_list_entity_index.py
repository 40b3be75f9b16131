"""index list entries by entity id alone: yente's `GET /entities/{id}` names no dataset, and
the primary key (dataset, entity_id) cannot serve it (a scan of every entry per request)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 19:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_list_entries_entity_id"), "list_entries", ["entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_list_entries_entity_id"), table_name="list_entries")
