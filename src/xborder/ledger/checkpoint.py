"""Signed checkpoints in the C2SP tlog-checkpoint format, as C2SP signed notes with Ed25519.

A checkpoint is the log's signed statement "my tree of N leaves has root R". Using the C2SP
text format rather than a home-grown one means existing witnesses, monitors and the Go
`golang.org/x/mod/sumdb/note` tooling can check this log without custom code.

    <origin>\\n<size>\\n<base64 root>\\n          (the note text, which is what is signed)
    \\n
    — <key name> <base64(key ID || Ed25519 signature)>\\n   (one line per signature)

Key ID, per c2sp.org/signed-note ("Ed25519 signatures"): the first 4 bytes of
SHA-256(key name || 0x0A || 0x01 || 32-byte raw Ed25519 public key), 0x01 being the Ed25519
signature type. The name goes into the hash so one key can serve under two names without
their signatures being confused. Verified byte for byte against the Go reference vector in
the tests.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from xborder.ledger.merkle import HASH_SIZE

__all__ = [
    "MAX_SIGNATURES",
    "SIGNATURE_TYPE_ED25519",
    "Checkpoint",
    "CheckpointError",
    "CheckpointVerificationError",
    "MalformedCheckpointError",
    "NoteSignature",
    "format_body",
    "key_id",
    "parse_checkpoint",
    "sign_checkpoint",
    "sign_note",
    "verify_checkpoint",
]

SIGNATURE_TYPE_ED25519 = 0x01
"""The signed-note signature type byte for Ed25519, hashed into the key ID."""

MAX_SIGNATURES = 100
"""More signature lines than this make a note malformed (the spec asks for >= 16; Go uses 100)."""

_EM_DASH_PREFIX = "\u2014 "
_KEY_ID_SIZE = 4
_ED25519_SIGNATURE_SIZE = 64
_MAX_TREE_SIZE = 2**64 - 1
_SIZE_RE = re.compile(r"0|[1-9][0-9]*", re.ASCII)
_CONTROL_RE = re.compile(r"[\x00-\x09\x0b-\x1f]")


class CheckpointError(ValueError):
    """Any reason a checkpoint cannot be trusted."""


class MalformedCheckpointError(CheckpointError):
    """The text is not a well-formed C2SP signed checkpoint."""


class CheckpointVerificationError(CheckpointError):
    """Well-formed, but not signed by the expected key (or not for the expected origin)."""


class NoteSignature(NamedTuple):
    """One signature line: who signed (name, 4-byte key ID) and the raw signature bytes."""

    name: str
    key_hash: bytes
    signature: bytes


@dataclass(frozen=True)
class Checkpoint:
    """A parsed checkpoint. Parsing alone proves nothing: use `verify_checkpoint` to trust it."""

    origin: str
    size: int
    root: bytes
    signatures: tuple[NoteSignature, ...] = ()
    extensions: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The note text these fields make, i.e. the bytes the signatures cover."""
        return format_body(self.origin, self.size, self.root) + "".join(
            f"{line}\n" for line in self.extensions
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    """Strict standard base64: no stray characters and the one canonical spelling only, so a
    given checkpoint has exactly one text form and cannot be reworded without re-signing."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedCheckpointError(f"{what} is not valid base64") from exc
    if _b64(raw) != text:
        raise MalformedCheckpointError(f"{what} is not canonical base64")
    return raw


def _check_key_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name) or _CONTROL_RE.search(name):
        raise ValueError(f"key name {name!r} must be non-empty, without spaces or '+'")


def _check_origin(origin: str) -> None:
    if not origin or "\n" in origin or _CONTROL_RE.search(origin):
        raise ValueError("origin must be a non-empty line without control characters")


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte signed-note key ID of an Ed25519 key under `name` (see module docstring)."""
    _check_key_name(name)
    material = bytes([SIGNATURE_TYPE_ED25519]) + public_key.public_bytes_raw()
    return hashlib.sha256(name.encode("utf-8") + b"\n" + material).digest()[:_KEY_ID_SIZE]


def format_body(origin: str, size: int, root: bytes) -> str:
    """The checkpoint note text: origin, decimal size, base64 root, each ending in a newline."""
    _check_origin(origin)
    if isinstance(size, bool) or not 0 <= size <= _MAX_TREE_SIZE:
        raise ValueError(f"tree size must be an integer in [0, 2^64), got {size!r}")
    if len(root) != HASH_SIZE:
        raise ValueError(f"root hash must be {HASH_SIZE} bytes, got {len(root)}")
    return f"{origin}\n{size}\n{_b64(bytes(root))}\n"


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """`text` (which must end in a newline) as a signed note with one Ed25519 signature line."""
    _check_key_name(name)
    if not text.endswith("\n") or _CONTROL_RE.search(text):
        raise ValueError("note text must end in a newline and hold no control characters")
    signature = private_key.sign(text.encode("utf-8"))
    kid = key_id(name, private_key.public_key())
    return f"{text}\n{_EM_DASH_PREFIX}{name} {_b64(kid + signature)}\n"


def sign_checkpoint(
    origin: str, size: int, root: bytes, name: str, private_key: Ed25519PrivateKey
) -> str:
    """A checkpoint for (origin, size, root), signed by `private_key` under key `name`.

    C2SP recommends the key name equal the origin; that is left to the caller.
    """
    return sign_note(format_body(origin, size, root), name, private_key)


def _split_note(text: str | bytes) -> tuple[str, list[NoteSignature]]:
    """Separate note text from signature lines, enforcing the signed-note grammar."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedCheckpointError("a signed note must be UTF-8") from exc
    if not isinstance(text, str):
        raise TypeError("a checkpoint is text (str or UTF-8 bytes)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates
        raise MalformedCheckpointError("a signed note must be UTF-8") from exc
    if _CONTROL_RE.search(text):
        raise MalformedCheckpointError("control characters other than newline are not allowed")
    if not text.endswith("\n"):
        raise MalformedCheckpointError("a signed note ends with a newline")
    cut = text.rfind("\n\n")
    if cut < 0:
        raise MalformedCheckpointError("no blank line between the note text and signatures")
    body, block = text[: cut + 1], text[cut + 2 :]
    if not block:
        raise MalformedCheckpointError("a signed note needs at least one signature line")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedCheckpointError(f"more than {MAX_SIGNATURES} signatures")
    signatures = []
    for line in lines:
        if not line.startswith(_EM_DASH_PREFIX):
            raise MalformedCheckpointError(f"not a signature line: {line[:80]!r}")
        parts = line[len(_EM_DASH_PREFIX) :].split(" ")
        if len(parts) != 2:
            raise MalformedCheckpointError(f"signature line is not '— name base64': {line[:80]!r}")
        name, encoded = parts
        try:
            _check_key_name(name)
        except ValueError as exc:
            raise MalformedCheckpointError(str(exc)) from exc
        raw = _unb64(encoded, f"signature by {name!r}")
        if len(raw) <= _KEY_ID_SIZE:
            raise MalformedCheckpointError(f"signature by {name!r} is too short")
        signatures.append(NoteSignature(name, raw[:_KEY_ID_SIZE], raw[_KEY_ID_SIZE:]))
    return body, signatures


def parse_checkpoint(text: str | bytes) -> Checkpoint:
    """Parse a signed checkpoint without checking any signature; raises
    `MalformedCheckpointError`. Extension lines, if a foreign log sends any, are kept."""
    return _parse(text)[0]


def _parse(text: str | bytes) -> tuple[Checkpoint, str]:
    body, signatures = _split_note(text)
    lines = body[:-1].split("\n")
    if len(lines) < 3 or not all(lines):
        raise MalformedCheckpointError("checkpoint text is three or more non-empty lines")
    origin, size_text, root_text, *extensions = lines
    if not _SIZE_RE.fullmatch(size_text):
        raise MalformedCheckpointError(f"tree size {size_text[:30]!r} is not a plain decimal")
    size = int(size_text)
    if size > _MAX_TREE_SIZE:
        raise MalformedCheckpointError("tree size does not fit in 64 bits")
    root = _unb64(root_text, "root hash")
    if len(root) != HASH_SIZE:
        raise MalformedCheckpointError(f"root hash is {len(root)} bytes, not {HASH_SIZE}")
    return Checkpoint(origin, size, root, tuple(signatures), tuple(extensions)), body


def verify_checkpoint(
    text: str | bytes,
    name: str,
    public_key: Ed25519PublicKey,
    *,
    origin: str | None = None,
) -> Checkpoint:
    """Parse `text` and check it carries a valid signature by (`name`, `public_key`).

    Follows signed-note rules: lines from other keys (witness cosignatures, say) are ignored
    and returned unchecked; any line matching this key's name and ID must verify. Pass
    `origin` to also pin which log the checkpoint is for, so one log's checkpoint cannot be
    replayed as another's when the same key serves both.
    """
    checkpoint, body = _parse(text)
    kid = key_id(name, public_key)
    mine = [s for s in checkpoint.signatures if s.name == name and s.key_hash == kid]
    if not mine:
        raise CheckpointVerificationError(f"no signature by key {name}+{kid.hex()}")
    message = body.encode("utf-8")
    for sig in mine:
        try:
            if len(sig.signature) != _ED25519_SIGNATURE_SIZE:
                raise InvalidSignature
            public_key.verify(sig.signature, message)
        except InvalidSignature:
            raise CheckpointVerificationError(
                f"invalid signature by key {name}+{kid.hex()}"
            ) from None
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointVerificationError(
            f"checkpoint is for origin {checkpoint.origin!r}, expected {origin!r}"
        )
    return checkpoint
