"""The bureau's mailbox in the browser: inbox, outbox, a message with its evidence."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.util import urlsafe_b64decode

from xborder.api.deps import ctx
from xborder.exchange import hub
from xborder.exchange.envelope import read_header
from xborder.kernel.purposes import parse_purpose
from xborder.ledger import keys
from xborder.web.pages import Form, _purposes, gate, gate_post, render

router = APIRouter(include_in_schema=False)


@router.get("/exchange")
def exchange_page(request: Request) -> Response:
    ws = gate(request)
    db = ctx(request).db
    return render(
        request,
        "exchange.html",
        inbox=hub.inbox(db, ws.actor, True),
        outbox=hub.outbox(db, ws.actor),
    )


@router.get("/exchange/{msg_id}")
def message_page(request: Request, msg_id: str, purpose: str = "") -> Response:
    """Opening a message as its recipient is a retrieval, with its evidence."""
    ws = gate(request)
    if not purpose:
        return render(request, "purpose.html", action=f"/exchange/{msg_id}", purposes=_purposes())
    c = ctx(request)
    got = hub.fetch(c.db, ws.actor, keys.signer(c.settings), msg_id, parse_purpose(purpose))
    header = read_header(got["envelope"])
    document = json.loads(urlsafe_b64decode(got["envelope"]["payload"].encode()))
    can_ack = got["my_state"] not in (None, "acknowledged")
    return render(
        request,
        "message.html",
        msg_id=msg_id,
        header=header,
        document=json.dumps(document, indent=2, ensure_ascii=False),
        evidence=hub.evidence_chain(c.db, ws.actor, msg_id),
        can_ack=can_ack,
    )


@router.post("/exchange/{msg_id}/ack")
def message_ack(request: Request, msg_id: str, form: Form) -> Response:
    ws = gate_post(request, form)
    hub.acknowledge(ctx(request).db, ws.actor, msg_id)
    return RedirectResponse("/exchange", status_code=303)
