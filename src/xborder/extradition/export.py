"""A case file exported as a signed bundle, and the EAW form drawn from the request file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import key_service
from xborder.extradition import bundle as sealing
from xborder.extradition.cases import SUBJECT
from xborder.extradition.documents import timeline
from xborder.extradition.eaw import (
    eaw_from_request_file,
    eaw_to_dict,
)
from xborder.extradition.listing import export_documents
from xborder.extradition.requestfile import (
    RequestFileError,
    file_from_dict,
)
from xborder.extradition.tables import JudicialCaseRow
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import NotFound
from xborder.kernel.purposes import LEGAL_BASIS, Purpose
from xborder.ledger import keys as ledger_keys
from xborder.store.db import Database


def export_bundle(
    db: Database,
    settings: Settings,
    case_ref: str,
    *,
    purpose: Purpose,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The signed case file (operator's command, no actor: the CLI runs on the server): every
    version of every document with its envelope, the timeline, the bureaus' public keys, and
    the secretariat's signature over the whole. It holds the person's data, so the export is
    an event carrying the stated purpose and its legal basis (the operator has no user to
    write an access-log row for)."""
    now = now or utcnow()
    with db.transaction() as s:
        row = s.get(JudicialCaseRow, case_ref) or s.scalar(
            select(JudicialCaseRow).where(JudicialCaseRow.number == case_ref)
        )
        if row is None:
            raise NotFound("no such case")
        docs = export_documents(s, row)
        keys: dict[str, dict[str, Any]] = {}
        for country in {d["country"] for d in docs}:
            for k in key_service.keys_of(s, country):
                keys[k.kid] = {
                    **k.public_jwk,
                    "kid": k.kid,
                    "country": k.country,
                    "revoked_at": iso(k.revoked_at) if k.revoked_at else None,
                }
        body = {
            "format": sealing.FORMAT,
            "exported_at": iso(now),
            "case": {
                "id": row.id,
                "number": row.number,
                "kind": row.kind,
                "mla_kind": row.mla_kind,
                "state": row.state,
                "outcome": row.outcome,
                "requesting_country": row.requesting_country,
                "requested_country": row.requested_country,
                "legal_basis": row.legal_basis,
                "title": row.title,
                "requested_at": iso(row.requested_at),
            },
            "documents": docs,
            "timeline": [
                {
                    "at": iso(e.at),
                    "step": e.step,
                    "country": e.country,
                    "text": e.text,
                    "details": e.details,
                }
                for e in timeline(s, row)
            ],
            "keys": keys,
        }
        record_event(
            s,
            None,
            f"{row.kind}.exported",
            SUBJECT,
            row.id,
            {"documents": len(docs)},
            summary={"number": row.number, "documents": len(docs), "purpose": purpose.value},
            reason=f"{purpose.value}: {LEGAL_BASIS[purpose]}",
        )
    signer = ledger_keys.signer(settings)
    body["issuer_key"] = signer.public_jwk()
    return sealing.seal(body, signer.jose_key, signer.name)


ISSUER_FIELDS = ("representative", "representative_title", "address", "telephone", "email")


def draft_eaw(
    file: dict[str, Any], issuer: dict[str, str], participation: str = "perpetrator"
) -> dict[str, Any] | None:
    """The EAW form prefilled from a request file (`eaw_from_request_file`), completed with
    what the file does not hold: the issuing judicial authority's representative and contact
    (section i) and the degree of participation in each offence (section e). None when the
    file cannot be read (the service then reports the file's own problems)."""
    try:
        f = file_from_dict(file)
    except RequestFileError:
        return None
    form = eaw_to_dict(eaw_from_request_file(f, f.warrant.authority))
    section_i = dict(form["i"])
    for key in ISSUER_FIELDS:
        if issuer.get(key):
            section_i[key] = issuer[key]
    form["i"] = section_i
    e = dict(form["e"])
    e["offences"] = [
        {**o, "participation": o.get("participation") or participation} for o in e["offences"]
    ]
    form["e"] = e
    return form
