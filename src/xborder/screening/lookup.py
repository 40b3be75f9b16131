"""yente's `/entities/{id}`: a screening client looks up an entity a match returned, by the
id the match gave it (the imported entity's id, or the notice's id; see `yente.py`).

It answers only what a screening by the same caller could have returned: a record in the
screening index (a published, unblocked notice; a screenable list entry) that the caller may
see (`service.allow_for`). Each read is logged with its purpose, like a screening's results."""

from __future__ import annotations

from sqlalchemy import select

from xborder.audit.service import log_reads
from xborder.governance import gate
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.errors import NotFound
from xborder.kernel.purposes import Purpose
from xborder.measures.service import MeasureScope, refuse_if_suspended
from xborder.screening.service import allow_for, refresh
from xborder.screening.sources import DEFAULT, NOTICES, EntryMeta
from xborder.screening.tables import ListEntryRow
from xborder.store.db import Database


# The index's keys, as `service._notice_entry` and `service._list_entry` make them.
def notice_key(notice_id: str) -> str:
    return f"notice:{notice_id}"


def list_key(dataset: str, entity_id: str) -> str:
    return f"list:{dataset}:{entity_id}"


def entity(
    db: Database,
    actor: Actor,
    entity_id: str,
    *,
    purpose: Purpose | str | None,
    legal_basis: str | None,
) -> list[EntryMeta]:
    """The records the caller may see under this public id: a notice, or the entries of
    every list that holds the id (one entity to yente), in the order of the lists' names.
    A notice's id is a random UUID: a list entry that reuses one is not merged into it."""
    authorize(actor, Action.SCREEN)
    why, _ = gate.require_basis(
        purpose.value if isinstance(purpose, Purpose) else purpose, legal_basis
    )
    with db.transaction() as s:
        refuse_if_suspended(s, actor.country, MeasureScope.SUSPEND_SCREENING)
        lists = sorted(
            s.scalars(
                select(ListEntryRow.dataset).where(ListEntryRow.entity_id == entity_id).distinct()
            )
        )
    index = refresh(db)
    allow = allow_for(actor, DEFAULT)
    found: list[tuple[str, EntryMeta]] = []
    for key in [notice_key(entity_id), *(list_key(d, entity_id) for d in lists)]:
        got = index.get(key)
        if got is not None and isinstance(got[1], EntryMeta) and allow(got[1]):
            found.append((key, got[1]))
    notices = [(k, m) for k, m in found if m.dataset == NOTICES]
    shown = notices[:1] or found
    if not shown:
        raise NotFound(f"no entity {entity_id!r}")
    with db.transaction() as s:  # logged before the entity is answered, or not answered
        if notices:
            log_reads(s, actor, why, [("screen.entity", "notice", shown[0][1].ref, None)])
        else:
            log_reads(s, actor, why, [("screen.entity", "list_entry", k, None) for k, _ in shown])
    return [m for _, m in shown]
