"""screening use log (AI Act art. 12(3)): end of use, reference database, input digest;
persons' match keys (index lookup for duplicates and history), filled for existing persons

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
    op.create_table(
        "person_match_keys",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "key"),
    )
    with op.batch_alter_table("person_match_keys", schema=None) as batch_op:
        batch_op.create_index("ix_person_match_keys_key", ["key"], unique=False)
    _fill_match_keys()
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("reference_db", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("query_digest", sa.String(length=64), nullable=False, server_default="")
        )


def _fill_match_keys() -> None:
    """Keys of the persons recorded before this revision, computed as new records' are."""
    from xborder.persons.domain import name_match_keys

    bind = op.get_bind()
    names: dict[str, list[tuple[str, str, str]]] = {}
    person_names = sa.table(
        "person_names",
        sa.column("person_id"),
        sa.column("full"),  # a reserved word in SQL: let SQLAlchemy quote it
        sa.column("script"),
        sa.column("lang"),
        sa.column("position"),
    )
    c = person_names.c
    query = sa.select(c.person_id, c.full, c.script, c.lang).order_by(c.position)
    for pid, full, script, lang in bind.execute(query):
        names.setdefault(pid, []).append((full, script, lang or ""))
    table = sa.table("person_match_keys", sa.column("person_id"), sa.column("key"))
    rows = [
        {"person_id": pid, "key": key}
        for pid, forms in names.items()
        for key in sorted(name_match_keys(forms))
    ]
    for start in range(0, len(rows), 1000):
        op.bulk_insert(table, rows[start : start + 1000])


def downgrade() -> None:
    with op.batch_alter_table("person_match_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_person_match_keys_key")
    op.drop_table("person_match_keys")
    with op.batch_alter_table("screening_results", schema=None) as batch_op:
        batch_op.drop_column("query_digest")
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.drop_column("reference_db")
        batch_op.drop_column("ended_at")
