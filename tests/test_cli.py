"""The CLI as an operator uses it: init, users, tokens, twin generation, demo without serving."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xborder.cli import app

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("XBORDER_DATABASE_URL", raising=False)
    return tmp_path / "var"


def run(*args: str, input: str | None = None) -> str:
    res = runner.invoke(app, list(args), input=input)
    assert res.exit_code == 0, res.output
    return res.output


def test_every_command_has_help_with_an_example() -> None:
    for cmd in (
        ["init"],
        ["serve"],
        ["demo"],
        ["users", "create"],
        ["users", "list"],
        ["users", "disable"],
        ["users", "enable"],
        ["jobs"],
        ["tokens", "create"],
        ["tokens", "revoke"],
        ["twin", "generate"],
        ["ledger", "verify"],
        ["ledger", "checkpoint"],
        ["client", "keygen"],
        ["client", "register"],
        ["client", "send"],
        ["client", "inbox"],
        ["client", "fetch"],
        ["client", "ack"],
        ["client", "evidence"],
        ["client", "verify-proof"],
        ["exchange", "timeouts"],
        ["exchange", "deliver"],
        ["notices", "rules"],
        ["notices", "lifecycle"],
        ["commission", "due"],
        ["import", "ftm"],
        ["screen"],
        ["extradition", "export"],
        ["extradition", "verify"],
        ["extradition", "deadlines"],
        ["governance", "evaluate"],
        ["governance", "import-evaluation"],
        ["governance", "status"],
        ["governance", "switch"],
    ):
        out = run(*cmd, "--help")
        assert "Example" in out, cmd


def test_demo_writes_credentials_that_work_and_is_idempotent(data_dir: Path) -> None:
    out = run("demo", "--data-dir", str(data_dir), "--persons", "30", "--no-serve")
    assert "Demo logins" in out
    creds_file = data_dir / "demo-credentials.json"
    assert stat.S_IMODE(creds_file.stat().st_mode) == 0o600
    creds = json.loads(creds_file.read_text())
    users = {u["username"]: u for u in creds["users"]}
    bureaus = {u["country"] for u in users.values() if u["role"] == "ncb_officer"}
    assert len(bureaus) >= 60
    assert {u["role"] for u in users.values()} == {
        "ncb_officer",
        "ncb_supervisor",
        "reviewer",
        "secretariat_admin",
        "ccf",
        "auditor",
        "cyber_analyst",
        "partner",
    }
    assert all(u["password"] and u["token"].startswith("xbt_") for u in users.values())
    # second run keeps the world (and the logins) as they are
    run("demo", "--data-dir", str(data_dir), "--no-serve")
    assert json.loads(creds_file.read_text()) == creds


def test_users_and_tokens_lifecycle(data_dir: Path) -> None:
    run("init", "--data-dir", str(data_dir))
    run("demo", "--data-dir", str(data_dir), "--persons", "5", "--no-serve")
    out = run(
        "users",
        "create",
        "fr.duty",
        "--role",
        "ncb_officer",
        "--org",
        "FR",
        "--data-dir",
        str(data_dir),
    )
    assert "password:" in out
    assert "fr.duty" in run("users", "list", "--data-dir", str(data_dir))
    token_out = run("tokens", "create", "fr.duty", "--scope", "read", "--data-dir", str(data_dir))
    token_id = token_out.split("token id ")[1].split()[0]
    run("tokens", "revoke", token_id, "--data-dir", str(data_dir))
    run("users", "disable", "fr.duty", "--reason", "test", "--data-dir", str(data_dir))
    assert "disabled" in run("users", "list", "--data-dir", str(data_dir))
    run("users", "enable", "fr.duty", "--reason", "back", "--data-dir", str(data_dir))
    listed = run("users", "list", "--data-dir", str(data_dir))
    assert [ln for ln in listed.splitlines() if "fr.duty" in ln and "active" in ln]
    bad = runner.invoke(
        app,
        [
            "users",
            "create",
            "x.y",
            "--role",
            "reviewer",
            "--org",
            "FR",
            "--data-dir",
            str(data_dir),
        ],
    )
    assert bad.exit_code == 2 and "error" in bad.output


def test_twin_generate_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    run("twin", "generate", "--seed", "3", "--persons", "200", "--out", str(a))
    run("twin", "generate", "--seed", "3", "--persons", "200", "--out", str(b))
    ma = json.loads((a / "manifest.json").read_text())
    assert ma["persons"] == 200
    assert ma["sha256"] == json.loads((b / "manifest.json").read_text())["sha256"]
    assert (a / "persons.jsonl").read_bytes() == (b / "persons.jsonl").read_bytes()


def test_ledger_verify_catches_a_plain_sql_update(data_dir: Path) -> None:
    import sqlite3

    run("demo", "--data-dir", str(data_dir), "--persons", "5", "--no-serve")
    assert "ledger ok" in run("ledger", "verify", "--data-dir", str(data_dir))
    checkpoint = run("ledger", "checkpoint", "--data-dir", str(data_dir))
    assert checkpoint.startswith("xborder.local/ledger\n")
    con = sqlite3.connect(data_dir / "xborder.db")
    con.execute("UPDATE events SET action = 'user.deleted' WHERE id = 42")
    con.commit()
    con.close()
    res = runner.invoke(app, ["ledger", "verify", "--data-dir", str(data_dir)])
    assert res.exit_code == 1 and "event 42 (leaf 41) was altered" in res.output


def test_ledger_verify_never_mints_a_key(data_dir: Path) -> None:
    run("demo", "--data-dir", str(data_dir), "--persons", "5", "--no-serve")
    key = data_dir / "keys" / "ledger-ed25519.pem"
    key.unlink()
    res = runner.invoke(app, ["ledger", "verify", "--data-dir", str(data_dir)])
    assert res.exit_code == 1 and "no ledger key" in res.output
    assert not key.exists()


def test_import_a_list_and_screen_a_passenger_csv(data_dir: Path, tmp_path: Path) -> None:
    run("demo", "--data-dir", str(data_dir), "--persons", "10", "--no-serve")
    ftm = tmp_path / "list.ftm.json"
    ftm.write_text(
        json.dumps(
            {
                "id": "s-1",
                "schema": "Person",
                "properties": {"name": ["Muammar Gaddafi"], "birthDate": ["1942"]},
            }
        )
        + "\n"
    )
    out = run("import", "ftm", str(ftm), "--dataset", "watch", "--data-dir", str(data_dir))
    assert "1 entities, 1 screenable" in out
    travellers = tmp_path / "travellers.csv"
    travellers.write_text(
        "id,name,birth_date,nationality,sex\n"
        "t1,Moammar El Gadhafi,1942,LY,M\n"
        "t2,Jane Austen,1775-12-16,GB,F\n"
    )
    hits = tmp_path / "hits.csv"
    out = run(
        "screen",
        "--dataset",
        "watch",
        "--in",
        str(travellers),
        "--out",
        str(hits),
        "--user",
        "fr.officer",
        "--purpose",
        "border_check",
        "--legal-basis",
        "schengen-borders-code-art8",
        "--data-dir",
        str(data_dir),
    )
    assert "2 travellers screened" in out
    rows = hits.read_text().splitlines()
    assert rows[0].startswith("traveller,name,rank,score,possible_match")
    assert any(r.startswith("t1,") and ",True," in r for r in rows[1:])
    assert not any(r.startswith("t2,") and ",True," in r for r in rows[1:])
