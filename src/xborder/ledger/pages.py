"""The ledger's signed head and an inclusion check, for any logged-in user."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xborder.api.deps import ctx
from xborder.ledger import keys
from xborder.ledger import log as ledger
from xborder.ledger.checkpoint import verify_checkpoint
from xborder.web.pages import gate, render

router = APIRouter(include_in_schema=False)


@router.get("/ledger")
def ledger_page(request: Request, event: int | None = None) -> Response:
    """The ledger's signed head, and an inclusion check any logged-in user can run."""
    gate(request)
    c = ctx(request)
    proof: dict[str, Any] | None = None
    verified = False
    error = ""
    with c.db.transaction(durable=True) as s:
        note = ledger.publish_checkpoint(s, keys.signer(c.settings))
        if event is not None and not 1 <= event < 2**31:
            error = "no such event"
        elif event is not None:
            size = int(note.split("\n")[1])
            try:
                proof = ledger.inclusion(s, event, size)
            except LookupError as exc:
                error = str(exc)
    if proof is not None:
        cp = verify_checkpoint(note, keys.KEY_NAME, keys.signer(c.settings).key.public_key())
        verified = ledger.proof_verifies(proof, cp.root, cp.size)
    return render(
        request,
        "ledger.html",
        checkpoint=note,
        event=event,
        proof=proof,
        verified=verified,
        error=error,
        proof_json=json.dumps(proof, indent=2) if proof else "",
    )
