"""Two bureaus exchange a message through the reference client CLI against a live server:
keys generated and kept locally, signature checked on arrival, evidences verified, and the
ledger proof checked offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import World


def xborder(base: str, token: str, *args: str) -> Any:
    env = {**os.environ, "XBORDER_SERVER": base, "XBORDER_TOKEN": token}
    res = subprocess.run(
        [sys.executable, "-m", "xborder.cli", "client", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout.strip()
    return json.loads(out) if out.startswith(("{", "[")) else out


def test_two_bureaus_exchange_through_the_client(live: tuple[str, World], tmp_path: Path) -> None:
    base, world = live
    key = tmp_path / "fr-key.json"
    public = xborder(base, "", "keygen", "--out", str(key))
    assert "d" not in public and oct(key.stat().st_mode & 0o777) == "0o600"
    reg = xborder(base, world.token("fr.supervisor"), "register", "--key", str(key))
    assert reg["kid"].startswith("fr-")
    doc = tmp_path / "doc.json"
    doc.write_text(
        json.dumps(
            {
                "reference": "FR-42",
                "subject": "Stolen vehicle",
                "body": "VIN WVWZZZ1JZXW000001 seen at the border.",
            }
        )
    )
    send = ["send", "--key", str(key), "--from", "FR", "--to", "DE", "--doc", str(doc)]
    sent = xborder(base, world.token("fr.officer"), *send)
    assert sent["claims"]["evidence"] == "SubmissionAcceptance"
    msg_id = sent["msg_id"]
    de = world.token("de.officer")
    assert [m["msg_id"] for m in xborder(base, de, "inbox")] == [msg_id]
    got = xborder(base, de, "fetch", msg_id)
    assert got["from"] == "FR" and got["document"]["reference"] == "FR-42"
    xborder(base, de, "ack", msg_id)
    assert xborder(base, de, "inbox") == []
    chain = xborder(base, world.token("fr.officer"), "evidence", msg_id)
    assert [e["verified"]["evidence"] for e in chain] == [
        "SubmissionAcceptance",
        "Delivery",
        "Retrieval",
    ]
    proof = xborder(base, de, "verify-proof", "--event", "1")
    assert proof["verified"] is True
    # confidential: Germany publishes an encryption key; France encrypts to it
    de_enc = tmp_path / "de-enc.json"
    xborder(base, "", "keygen", "--encryption", "--out", str(de_enc))
    xborder(base, world.token("de.supervisor"), "register", "--key", str(de_enc))
    secret = xborder(base, world.token("fr.officer"), *send, "--encrypt")
    opened = xborder(base, de, "fetch", secret["msg_id"], "--enc-key", str(de_enc))
    assert opened["document"]["body"].startswith("VIN WVWZZZ1JZXW000001")
