"""The signed case bundle: exported from the server, verified offline (no database), and any
change of one byte (a document, the timeline, a key) makes verification fail."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import World
from tests.extradition.test_cases_factory import actor, request_file
from xborder.audit.tables import EventRow
from xborder.cli import app
from xborder.extradition import bundle as sealing
from xborder.extradition import service as ext
from xborder.extradition.commands import ExtraditionIn
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys

runner = CliRunner()


@pytest.fixture
def exported(sqlite_world: World, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    w = sqlite_world
    fr, ch = actor(w, "fr.officer"), actor(w, "ch.officer")
    cid = ext.create_request(
        w.db,
        fr,
        w.settings,
        ExtraditionIn(
            requested_country="CH",
            legal_basis="ece-1957",
            title="Fraud",
            provisional=False,
            file=request_file(),
        ),
    )
    ext.act(w.db, ch, w.settings, cid, "acknowledge", ext.StepInput())
    ext.act(w.db, ch, w.settings, cid, "ask_info", ext.StepInput(text="The victims' list?"))
    ext.act(w.db, fr, w.settings, cid, "answer_info", ext.StepInput(text="Annex 3."))
    number = ext.get_case(w.db, fr, cid, Purpose.INVESTIGATION).number
    out = tmp_path / "bundle.json"
    res = runner.invoke(
        app,
        [
            "extradition",
            "export",
            number,
            "--out",
            str(out),
            "--purpose",
            "locate_person",
            "--data-dir",
            str(w.settings.data_dir),
        ],
    )
    assert res.exit_code == 0, res.output
    # The file holds the person's data: the export is an event with its stated purpose.
    with w.db.transaction() as s:
        ev = s.scalars(select(EventRow).where(EventRow.action == "extradition.exported")).one()
        assert ev.summary["purpose"] == "locate_person" and ev.reason.startswith("locate_person")
    # The secretariat's public key as published (/api/v1/ledger/key), obtained out of band.
    (tmp_path / "secretariat.jwk").write_text(json.dumps(keys.signer(w.settings).public_jwk()))
    w.db.dispose()
    return out, json.loads(out.read_text())


def _pinned(path: Path) -> dict[str, Any]:
    key: dict[str, Any] = json.loads((path.parent / "secretariat.jwk").read_text())
    return key


def _verify(path: Path, *extra: str, pin: bool = True) -> Any:
    pinning = ["--key", str(path.parent / "secretariat.jwk")] if pin else []
    return runner.invoke(app, ["extradition", "verify", str(path), *pinning, *extra])


def test_an_exported_case_verifies_offline_and_prints_its_timeline(
    exported: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, data = exported
    # No database: the verifier reads nothing but the file.
    (path.parent / "xborder.db").unlink()
    res = _verify(path)
    assert res.exit_code == 0, res.output
    assert "OK" in res.output and "Additional information requested" in res.output
    assert {d["kind"] for d in data["documents"]} == {
        "request_file",
        "acknowledgement",
        "info_request",
        "info_answer",
    }
    assert {k.split("-")[0] for k in data["keys"]} == {"fr", "ch"}
    # Without the secretariat's key nothing is vouched for: it never exits 0.
    unpinned = _verify(path, pin=False)
    assert unpinned.exit_code == 1 and "--key" in unpinned.output
    assert _verify(path, "--unpinned", pin=False).exit_code == 1


def _flip(b64: str) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("where", ["document", "timeline", "key", "signed_manifest_copy"])
def test_changing_one_byte_fails_verification(
    exported: tuple[Path, dict[str, Any]], where: str
) -> None:
    path, data = exported
    if where == "document":
        data["documents"][0]["content_b64"] = _flip(data["documents"][0]["content_b64"])
    elif where == "timeline":
        t = data["timeline"][0]["text"]
        data["timeline"][0]["text"] = t[:-1] + chr(ord(t[-1]) ^ 1)
    elif where == "key":
        kid = next(iter(data["keys"]))
        x = data["keys"][kid]["x"]
        data["keys"][kid]["x"] = ("B" if x[0] == "A" else "A") + x[1:]
    else:
        # Re-hash the changed content consistently: the bureau's signature still catches it.
        d = data["documents"][0]
        d["content_b64"] = _flip(d["content_b64"])
        d["sha256"] = sealing.sha256_hex(base64.b64decode(d["content_b64"]))
    path.write_text(json.dumps(data))
    res = _verify(path)
    assert res.exit_code == 1, res.output
    assert "FAILED" in res.output


def test_a_bundle_signed_by_another_key_fails_when_the_key_is_pinned(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    from joserfc.jwk import OKPKey

    _path, data = exported
    other = OKPKey.generate_key("Ed25519", private=True)
    body = {k: v for k, v in data.items() if k != "signature"}
    body["issuer_key"] = {**other.as_dict(private=False), "kid": "forger"}
    forged = sealing.seal(body, other, "forger")
    assert sealing.verify_bundle(forged, None, pinned=False).ok  # self-consistent...
    report = sealing.verify_bundle(forged, _pinned(_path))  # ...but not the secretariat's
    assert not report.ok and "another key" in report.problems[0]
    assert not sealing.verify_bundle(forged, None).ok  # and nothing passes unpinned


def test_a_forged_and_resealed_case_file_fails_against_the_pinned_key(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    # The attack: change a document, sign it as France with one's own key (shipped in the
    # bundle under a French kid), add a timeline line, re-seal the whole with one's own key.
    from joserfc.jwk import OKPKey

    path, data = exported
    attacker = OKPKey.generate_key("Ed25519", private=True)
    body = {k: v for k, v in data.items() if k != "signature"}
    body["keys"]["fr-attacker"] = {**attacker.as_dict(private=False), "kid": "fr-attacker"}
    body["timeline"].append({**body["timeline"][-1], "country": "CH", "text": "Refused"})
    body["issuer_key"] = {**attacker.as_dict(private=False), "kid": "forger"}
    forged = sealing.seal(body, attacker, "forger")
    report = sealing.verify_bundle(forged, _pinned(path))
    assert not report.ok
    path.write_text(json.dumps(forged))
    res = _verify(path)
    assert res.exit_code == 1 and "FAILED" in res.output


def test_a_signature_made_after_its_key_was_revoked_fails(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    _path, data = exported
    doc = data["documents"][0]
    kid = sealing.envelope.read_header(doc["envelope"])["kid"]
    body = {k: v for k, v in data.items() if k != "signature"}
    body["keys"][kid]["revoked_at"] = "2000-01-01T00:00:00+00:00"
    from joserfc.jwk import OKPKey

    key = OKPKey.generate_key("Ed25519", private=True)
    body["issuer_key"] = {**key.as_dict(private=False), "kid": "test"}
    report = sealing.verify_bundle(sealing.seal(body, key, "test"), None, pinned=False)
    assert not report.ok and "revoked" in " ".join(report.problems)
