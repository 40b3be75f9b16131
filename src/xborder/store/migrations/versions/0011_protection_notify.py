"""protected-status register fed by states: protection notices over the exchange (state
granted/pending/revoked, protection type, the granting state's reference, naturalisation,
source and envelope), and the names as given for the screening matcher; existing entries
become the secretariat's (status -> protection_type, confirmed -> state)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_NEW_NOT_NULL = (
    "name_forms",
    "birth_dates",
    "nationalities",
    "sex",
    "protection_type",
    "state",
    "naturalised",
    "naturalised_on",
    "source",
)


def upgrade() -> None:
    with op.batch_alter_table("protected_status", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_forms", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("birth_dates", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("nationalities", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sex", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("protection_type", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("state", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("reference", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("naturalised", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("naturalised_on", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("msg_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    _fill_new_columns()
    with op.batch_alter_table("protected_status", schema=None) as batch_op:
        for name in _NEW_NOT_NULL:
            batch_op.alter_column(name, nullable=False)
        batch_op.drop_column("status")
        batch_op.drop_column("confirmed")
        batch_op.drop_column("birth_date")
        batch_op.create_index("ix_protected_status_state", ["state"], unique=False)
        batch_op.create_index(
            "uq_protected_status_reference", ["granting_country", "reference"], unique=True
        )


def _table() -> sa.TableClause:
    return sa.table(
        "protected_status",
        sa.column("id", sa.String()),
        sa.column("names", sa.JSON()),
        sa.column("birth_date", sa.String()),
        sa.column("status", sa.String()),
        sa.column("confirmed", sa.Boolean()),
        sa.column("name_forms", sa.JSON()),
        sa.column("birth_dates", sa.JSON()),
        sa.column("nationalities", sa.JSON()),
        sa.column("sex", sa.String()),
        sa.column("protection_type", sa.String()),
        sa.column("state", sa.String()),
        sa.column("naturalised", sa.Boolean()),
        sa.column("naturalised_on", sa.String()),
        sa.column("source", sa.String()),
    )


def _fill_new_columns() -> None:
    """Entries recorded before this revision were typed in by the secretariat: their folded
    name keys serve as the names the matcher reads (it is order-free and reads every script),
    `status` is the protection type and `confirmed` the state."""
    bind = op.get_bind()
    t = _table()
    c = t.c
    for rid, names, birth_date, status, confirmed in bind.execute(
        sa.select(c.id, c.names, c.birth_date, c.status, c.confirmed)
    ).all():
        bind.execute(
            t.update()
            .where(c.id == rid)
            .values(
                name_forms=[{"full": k} for k in names or []],
                birth_dates=[birth_date] if birth_date else [],
                nationalities=[],
                sex="U",
                protection_type=status,
                state="granted" if confirmed else "pending",
                naturalised=False,
                naturalised_on="",
                source="secretariat",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("protected_status", schema=None) as batch_op:
        batch_op.drop_index("uq_protected_status_reference")
        batch_op.drop_index("ix_protected_status_state")
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("confirmed", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("birth_date", sa.String(length=30), nullable=True))
    bind = op.get_bind()
    t = _table()
    c = t.c
    for rid, birth_dates, protection_type, state in bind.execute(
        sa.select(c.id, c.birth_dates, c.protection_type, c.state)
    ).all():
        bind.execute(
            t.update()
            .where(c.id == rid)
            .values(
                status=protection_type,
                # The old schema cannot say "revoked": a revoked entry becomes unconfirmed, so
                # the reviewer is asked to confirm it with the protecting state (never a
                # silent block, never a silent loss).
                confirmed=state == "granted",
                birth_date=(birth_dates or [""])[0][:30],
            )
        )
    with op.batch_alter_table("protected_status", schema=None) as batch_op:
        for name in ("status", "confirmed", "birth_date"):
            batch_op.alter_column(name, nullable=False)
        for name in reversed(_NEW_NOT_NULL):
            batch_op.drop_column(name)
        batch_op.drop_column("updated_at")
        batch_op.drop_column("msg_id")
        batch_op.drop_column("reference")
