"""the public search index's order index also holds the filters a listing counts on
(expiry, sex, warrant country), so that a listing's count reads the index alone (issue 14:
fast public endpoints)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_NAME = "ix_public_index_section_order"
_ORDER = ["section", "published_at", "number"]


def upgrade() -> None:
    op.drop_index(_NAME, table_name="public_index")
    op.create_index(
        _NAME, "public_index", [*_ORDER, "expires_at", "sex", "warrant_country"], unique=False
    )


def downgrade() -> None:
    op.drop_index(_NAME, table_name="public_index")
    op.create_index(_NAME, "public_index", _ORDER, unique=False)
