"""Checkpoint tests: the Go signed-note reference vector, round trips, tampering, bad syntax."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    CheckpointVerificationError,
    MalformedCheckpointError,
    NoteSignature,
    format_body,
    key_id,
    parse_checkpoint,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
)
from xborder.ledger.merkle import MerkleTree, leaf_hash

# --- golang.org/x/mod/sumdb/note note_test.go (TestSign, TestOpen), quoted verbatim ---------
# Keys there are "<name>+<hex key ID>+<base64(0x01 || key)>"; 0x01 is the Ed25519 type byte.
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNED = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
    "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

ORIGIN = "xborder.example/ledger"
ROOT = MerkleTree([leaf_hash(b"event %d" % i) for i in range(1000)]).root()


def _key_material(encoded: str) -> bytes:
    # maxsplit, because the base64 key material may itself contain '+'.
    raw = base64.b64decode(encoded.removeprefix("PRIVATE+KEY+").split("+", 2)[2], validate=True)
    assert raw[0] == 0x01
    return raw[1:]


def _vkey(encoded: str) -> tuple[str, bytes, Ed25519PublicKey]:
    name, kid, _ = encoded.split("+", 2)
    return name, bytes.fromhex(kid), Ed25519PublicKey.from_public_bytes(_key_material(encoded))


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def signed(key: Ed25519PrivateKey) -> str:
    return sign_checkpoint(ORIGIN, 1000, ROOT, ORIGIN, key)


# --- Interoperability with the reference implementation ----------------------------------


def test_key_ids_match_go_reference() -> None:
    for vkey in (GO_VKEY, GO_ENOCH_VKEY):
        name, kid, public = _vkey(vkey)
        assert key_id(name, public) == kid


def test_signature_matches_go_reference_byte_for_byte() -> None:
    # Ed25519 is deterministic (RFC 8032), so the same key and text must give Go's exact note.
    private = Ed25519PrivateKey.from_private_bytes(_key_material(GO_SKEY))
    assert private.public_key().public_bytes_raw() == _key_material(GO_VKEY)
    assert sign_note(GO_TEXT, "PeterNeumann", private) == GO_SIGNED


# --- Round trip ---------------------------------------------------------------------------


def test_format(signed: str, key: Ed25519PrivateKey) -> None:
    body = f"{ORIGIN}\n1000\n{base64.b64encode(ROOT).decode()}\n"
    assert format_body(ORIGIN, 1000, ROOT) == body
    head, sig_line = signed.split("\n\n")
    assert head + "\n" == body
    assert sig_line.startswith(f"\u2014 {ORIGIN} ") and sig_line.endswith("\n")
    raw = base64.b64decode(sig_line.split(" ")[2])
    assert raw[:4] == key_id(ORIGIN, key.public_key())
    assert len(raw) == 4 + 64


def test_round_trip(signed: str, key: Ed25519PrivateKey) -> None:
    parsed = parse_checkpoint(signed)
    assert (parsed.origin, parsed.size, parsed.root) == (ORIGIN, 1000, ROOT)
    assert parsed.extensions == ()
    [sig] = parsed.signatures
    assert isinstance(sig, NoteSignature)
    assert sig.name == ORIGIN and sig.key_hash == key_id(ORIGIN, key.public_key())
    assert verify_checkpoint(signed, ORIGIN, key.public_key()) == parsed
    assert verify_checkpoint(signed.encode(), ORIGIN, key.public_key(), origin=ORIGIN) == parsed
    assert parsed.body == format_body(ORIGIN, 1000, ROOT)


@settings(max_examples=50, deadline=None)
@given(
    origin=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40),
    size=st.integers(0, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
)
def test_round_trip_any_fields(origin: str, size: int, root: bytes) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    text = sign_checkpoint(origin, size, root, "log", key)
    assert verify_checkpoint(text, "log", key.public_key()) == Checkpoint(
        origin, size, root, parse_checkpoint(text).signatures
    )


def test_empty_tree() -> None:
    key = Ed25519PrivateKey.generate()
    text = sign_checkpoint(ORIGIN, 0, MerkleTree().root(), ORIGIN, key)
    assert "\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" in text
    assert verify_checkpoint(text, ORIGIN, key.public_key()).size == 0


def test_cosignatures_from_other_keys_are_kept_and_ignored(
    signed: str, key: Ed25519PrivateKey
) -> None:
    witness = Ed25519PrivateKey.generate()
    cosigned_line = sign_note(parse_checkpoint(signed).body, "witness.example", witness)
    both = signed + cosigned_line.split("\n\n")[1]
    assert len(verify_checkpoint(both, ORIGIN, key.public_key()).signatures) == 2
    assert verify_checkpoint(both, "witness.example", witness.public_key()).size == 1000


def test_extension_lines_are_signed_and_kept(key: Ed25519PrivateKey) -> None:
    body = format_body(ORIGIN, 5, ROOT) + "ext one\n"
    parsed = verify_checkpoint(sign_note(body, ORIGIN, key), ORIGIN, key.public_key())
    assert parsed.extensions == ("ext one",)
    assert parsed.body == body


# --- Tampering and the wrong key -----------------------------------------------------------


def _replace_line(text: str, index: int, line: str) -> str:
    lines = text.split("\n")
    lines[index] = line
    return "\n".join(lines)


def test_tampered_fields_fail(signed: str, key: Ed25519PrivateKey) -> None:
    other_root = base64.b64encode(bytes(32)).decode()
    for tampered in (
        _replace_line(signed, 0, "xborder.example/other"),
        _replace_line(signed, 1, "1001"),
        _replace_line(signed, 1, "999"),
        _replace_line(signed, 2, other_root),
        signed.replace("\n\n", "\nextra line\n\n"),
    ):
        parse_checkpoint(tampered)  # still well-formed ...
        with pytest.raises(CheckpointVerificationError, match="invalid signature"):
            verify_checkpoint(tampered, ORIGIN, key.public_key())  # ... but not signed


def test_tampered_signature_fails(signed: str, key: Ed25519PrivateKey) -> None:
    head, line = signed.split("\n\n")
    raw = bytearray(base64.b64decode(line.split(" ")[2]))
    for pos in (4, 20, 67):  # inside the signature, after the key ID
        bad = bytearray(raw)
        bad[pos] ^= 1
        text = f"{head}\n\n\u2014 {ORIGIN} {base64.b64encode(bytes(bad)).decode()}\n"
        with pytest.raises(CheckpointVerificationError, match="invalid signature"):
            verify_checkpoint(text, ORIGIN, key.public_key())
    # A truncated signature carrying the right key ID is rejected too.
    short = f"{head}\n\n\u2014 {ORIGIN} {base64.b64encode(bytes(raw[:40])).decode()}\n"
    with pytest.raises(CheckpointVerificationError, match="invalid signature"):
        verify_checkpoint(short, ORIGIN, key.public_key())


def test_different_key_fails(signed: str) -> None:
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(CheckpointVerificationError, match="no signature by key"):
        verify_checkpoint(signed, ORIGIN, other)


def test_key_name_is_part_of_the_identity(signed: str, key: Ed25519PrivateKey) -> None:
    with pytest.raises(CheckpointVerificationError, match="no signature by key"):
        verify_checkpoint(signed, "someone.else", key.public_key())


def test_forged_key_id_with_wrong_key_fails(key: Ed25519PrivateKey) -> None:
    # An attacker's key signs, but the line claims the victim's key ID: the signature check,
    # not the 4-byte ID, is what rejects it.
    attacker = Ed25519PrivateKey.generate()
    body = format_body(ORIGIN, 7, ROOT)
    forged = base64.b64encode(key_id(ORIGIN, key.public_key()) + attacker.sign(body.encode()))
    text = f"{body}\n\u2014 {ORIGIN} {forged.decode()}\n"
    with pytest.raises(CheckpointVerificationError, match="invalid signature"):
        verify_checkpoint(text, ORIGIN, key.public_key())


def test_one_bad_line_from_the_key_rejects_the_note(signed: str, key: Ed25519PrivateKey) -> None:
    line = signed.split("\n\n")[1]
    raw = bytearray(base64.b64decode(line.split(" ")[2]))
    raw[10] ^= 1
    text = signed + f"\u2014 {ORIGIN} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(CheckpointVerificationError):
        verify_checkpoint(text, ORIGIN, key.public_key())


def test_origin_pinning(signed: str, key: Ed25519PrivateKey) -> None:
    with pytest.raises(CheckpointVerificationError, match="origin"):
        verify_checkpoint(signed, ORIGIN, key.public_key(), origin="xborder.example/other")


# --- Malformed text ----------------------------------------------------------------------

_R = base64.b64encode(ROOT).decode()
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SIG = "\u2014 log " + base64.b64encode(bytes(68)).decode() + "\n"


def _note(body: str, sigs: str = _SIG) -> str:
    return body + "\n" + sigs


MALFORMED: list[tuple[str, str | bytes]] = [
    ("empty", ""),
    ("body only", f"o\n1\n{_R}\n"),
    ("no signature lines", f"o\n1\n{_R}\n\n"),
    ("no final newline", _note(f"o\n1\n{_R}\n", _SIG[:-1])),
    ("two body lines", _note(f"o\n{_R}\n")),
    ("empty origin", _note(f"\n1\n{_R}\n")),
    ("blank line in body", _note(f"o\n1\n\n{_R}\n")),
    ("empty extension line", _note(f"o\n1\n{_R}\n\next\n")),
    ("leading zero size", _note(f"o\n01\n{_R}\n")),
    ("negative size", _note(f"o\n-1\n{_R}\n")),
    ("plus size", _note(f"o\n+1\n{_R}\n")),
    ("fractional size", _note(f"o\n1.0\n{_R}\n")),
    ("spaced size", _note(f"o\n 1\n{_R}\n")),
    ("non-ASCII digits", _note(f"o\n\u0663\n{_R}\n")),
    ("size over 64 bits", _note(f"o\n{2**64}\n{_R}\n")),
    ("root not base64", _note("o\n1\nnot base64!\n")),
    ("root too short", _note(f"o\n1\n{base64.b64encode(bytes(31)).decode()}\n")),
    ("root unpadded", _note(f"o\n1\n{_R.rstrip('=')}\n")),
    (
        "root URL-safe alphabet",
        _note("o\n1\n" + base64.urlsafe_b64encode(b"\xff" * 32).decode() + "\n"),
    ),
    ("root non-canonical padding bits", _note(f"o\n1\n{_R[:-2]}{_B64[_B64.index(_R[-2]) ^ 1]}=\n")),
    ("control character", _note(f"o\x01\n1\n{_R}\n")),
    ("carriage return", _note(f"o\n1\n{_R}\r\n")),
    ("hyphen for em dash", _note(f"o\n1\n{_R}\n", "-" + _SIG[1:])),
    ("no space after dash", _note(f"o\n1\n{_R}\n", "\u2014log" + _SIG[5:])),
    ("space in key name", _note(f"o\n1\n{_R}\n", "\u2014 a b" + _SIG[5:])),
    ("plus in key name", _note(f"o\n1\n{_R}\n", "\u2014 a+b" + _SIG[5:])),
    ("missing signature", _note(f"o\n1\n{_R}\n", "\u2014 log\n")),
    ("signature too short", _note(f"o\n1\n{_R}\n", "\u2014 log AAAAAA==\n")),
    ("signature not base64", _note(f"o\n1\n{_R}\n", "\u2014 log ***\n")),
    ("trailing text after signatures", _note(f"o\n1\n{_R}\n", _SIG + "Unexpected line.\n")),
    ("too many signatures", _note(f"o\n1\n{_R}\n", _SIG * 101)),
    ("invalid UTF-8", b"\xff" + _note(f"o\n1\n{_R}\n").encode()),
    ("lone surrogate", _note(f"o\ud800\n1\n{_R}\n")),
]


@pytest.mark.parametrize("text", [t for _, t in MALFORMED], ids=[d for d, _ in MALFORMED])
def test_malformed_text_is_rejected(text: str | bytes) -> None:
    with pytest.raises(MalformedCheckpointError) as info:
        parse_checkpoint(text)
    assert isinstance(info.value, CheckpointError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(MalformedCheckpointError):
        verify_checkpoint(text, "log", Ed25519PrivateKey.generate().public_key())


def test_well_formed_sample_parses() -> None:
    # Guards the malformed cases above: the same material, put together correctly, parses.
    assert parse_checkpoint(_note(f"o\n1\n{_R}\n", _SIG * 100)).size == 1


def test_go_reference_bad_messages_are_rejected() -> None:
    # TestOpen's badMsgs: these are not checkpoints either, whatever else is wrong with them.
    peter_sig = GO_SIGNED.split("\n\n")[1]
    for msg in (
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + peter_sig[:-1],
        "\x01" + GO_TEXT + "\n" + peter_sig,
        b"\xff" + (GO_TEXT + "\n" + peter_sig).encode(),
        GO_TEXT + "\n" + "\u2014 Bad Name " + peter_sig.split(" ")[2].rstrip("\n"),
        GO_TEXT + "\n" + peter_sig + "Unexpected line.\n",
    ):
        with pytest.raises(MalformedCheckpointError):
            parse_checkpoint(msg)


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [
        ("", 1, ROOT),
        ("two\nlines", 1, ROOT),
        ("tab\there", 1, ROOT),
        (ORIGIN, -1, ROOT),
        (ORIGIN, 2**64, ROOT),
        (ORIGIN, True, ROOT),
        (ORIGIN, 1, ROOT[:31]),
    ],
)
def test_format_body_rejects_bad_fields(origin: str, size: int, root: bytes) -> None:
    with pytest.raises(ValueError):
        format_body(origin, size, root)


@pytest.mark.parametrize("name", ["", "with space", "with+plus", "new\nline"])
def test_signing_rejects_bad_key_names(name: str, key: Ed25519PrivateKey) -> None:
    with pytest.raises(ValueError):
        sign_checkpoint(ORIGIN, 1, ROOT, name, key)


def test_sign_note_rejects_text_without_final_newline(key: Ed25519PrivateKey) -> None:
    with pytest.raises(ValueError):
        sign_note("no newline", "log", key)
