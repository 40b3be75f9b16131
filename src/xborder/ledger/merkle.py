"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.

The hashing is exactly Certificate Transparency's (leaf prefix 0x00, node prefix 0x01, split at
the largest power of two smaller than n), so any off-the-shelf CT or tlog verifier can check
what this log publishes: a log that only its own code can verify proves nothing to anyone else.

Two layers:

* module functions (`root`, `inclusion_proof`, `consistency_proof`) follow the RFC 6962
  recursive definitions over a list of leaf hashes: O(n) hashing per call, for tests, audits and
  one-off checks;
* `MerkleTree` keeps every completed perfect subtree, so the log server answers roots and proofs
  for any past size in O(log n) hashes, and `CompactRange` keeps only the O(log n) frontier, for
  appending when no proofs are needed.

The verifiers (`verify_inclusion`, `verify_consistency`) are the RFC 9162 §2.1.3.2 and
§2.1.4.2 algorithms; they need no tree at all and are what a client runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "MerkleTree",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
"""Bytes in a SHA-256 hash, hence in every leaf hash, node hash, root and proof element."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}) = SHA-256(""): the root of the empty tree (RFC 6962 §2.1)."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

# A function giving MTH(D[a:b]) for the ranges the proof recursions ask about.
_RangeHash = Callable[[int, int], bytes]


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the prefix keeps a leaf from ever passing for an interior node."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right): the interior-node hash, domain-separated from leaves."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point."""
    return 1 << ((n - 1).bit_length() - 1)


def _naive_range_hash(leaf_hashes: Sequence[bytes]) -> _RangeHash:
    """MTH(D[a:b]) by the RFC 6962 recursion itself: O(b - a) hashes, no state."""

    def mth(a: int, b: int) -> bytes:
        if b - a == 1:
            return leaf_hashes[a]
        k = _split(b - a)
        return node_hash(mth(a, a + k), mth(a + k, b))

    return mth


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH over `leaves`, which are leaf *hashes* (see `leaf_hash`), per RFC 6962 §2.1.

    Takes hashes rather than entries so the log can store and rehash 32-byte values only.
    """
    if not leaves:
        return EMPTY_ROOT
    return _naive_range_hash(leaves)(0, len(leaves))


def _inclusion_path(index: int, size: int, mth: _RangeHash) -> list[bytes]:
    """RFC 6962 §2.1.1 PATH(index, D[0:size]), unrolled; `mth` supplies subtree hashes."""
    path: list[bytes] = []
    a, b = 0, size
    while b - a > 1:
        k = _split(b - a)
        if index < a + k:
            path.append(mth(a + k, b))
            b = a + k
        else:
            path.append(mth(a, a + k))
            a += k
    path.reverse()  # the recursion emits siblings leaf-first
    return path


def _consistency_path(old_size: int, new_size: int, mth: _RangeHash) -> list[bytes]:
    """RFC 6962 §2.1.2 PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), unrolled."""
    if old_size in (0, new_size):
        return []
    path: list[bytes] = []
    m, a, b, complete = old_size, 0, new_size, True
    while True:
        n = b - a
        if m == n:
            if not complete:
                path.append(mth(a, b))
            break
        k = _split(n)
        if m <= k:
            path.append(mth(a + k, b))
            b = a + k
        else:
            path.append(mth(a, a + k))
            a += k
            m -= k
            complete = False
    path.reverse()
    return path


def _check_index(index: int, size: int, available: int) -> None:
    if not 0 <= index < size <= available:
        raise ValueError(f"need 0 <= index < size <= {available}, got index={index}, size={size}")


def _check_sizes(old_size: int, new_size: int, available: int) -> None:
    if not 0 <= old_size <= new_size <= available:
        raise ValueError(
            f"need 0 <= old_size <= new_size <= {available}, got {old_size} and {new_size}"
        )


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """Audit path for leaf `index` in the tree of the first `size` leaf hashes.

    Rehashes the tree (O(size)); a server answering many proofs wants `MerkleTree`.
    """
    _check_index(index, size, len(leaf_hashes))
    return _inclusion_path(index, size, _naive_range_hash(leaf_hashes))


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int, new_size: int) -> list[bytes]:
    """Proof that the tree of `old_size` leaves is a prefix of the one of `new_size`.

    Empty when old_size is 0 or equals new_size: those are consistent by definition.
    """
    _check_sizes(old_size, new_size, len(leaf_hashes))
    return _consistency_path(old_size, new_size, _naive_range_hash(leaf_hashes))


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does `proof` place `leaf_hash` at `index` in the tree with `root`?

    Binds the index (every left/right step is derived from it) but, as in the RFC, not the
    size on its own: the size is trusted because it comes from the same signed checkpoint as
    the root.
    """
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False  # proof longer than the path
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree with `old_root` a prefix of the one with `new_root`?

    Edge cases the RFC leaves to the caller: equal sizes need equal roots and an empty proof;
    old_size 0 needs an empty proof and old_root to be the empty-tree hash (stricter than
    "anything goes", because a size-0 checkpoint carrying another root is itself bogus).
    """
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: old_root is itself a node of new tree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def _check_hash(h: bytes) -> bytes:
    if not isinstance(h, bytes | bytearray) or len(h) != HASH_SIZE:
        raise ValueError(f"a leaf hash is {HASH_SIZE} bytes")
    return bytes(h)


class CompactRange:
    """The right frontier of a growing tree: one perfect-subtree root per set bit of the size.

    O(log n) memory and amortised O(1) hashes per append, so a writer (or a client auditing a
    whole log) can follow the root without keeping the leaves. `hashes` and `size` are all the
    state there is; persist them and pass them back to resume.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        stack = [_check_hash(h) for h in hashes]
        if size < 0 or len(stack) != size.bit_count():
            raise ValueError("a compact range of size n holds one hash per set bit of n")
        self._size = size
        self._hashes = stack

    @property
    def size(self) -> int:
        """Leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """Roots of the perfect subtrees covering the leaves, largest (leftmost) first."""
        return tuple(self._hashes)

    def __len__(self) -> int:
        return self._size

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf hash, merging equal-sized subtrees like a binary counter carrying."""
        node = _check_hash(leaf_hash)
        stack, n = self._hashes, self._size
        while n & 1:
            node = node_hash(stack.pop(), node)
            n >>= 1
        stack.append(node)
        self._size += 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append each leaf hash in order."""
        for h in leaf_hashes:
            self.append(h)

    def root(self) -> bytes:
        """MTH of all leaves so far: the frontier folded right to left (RFC 6962 shape)."""
        if not self._hashes:
            return EMPTY_ROOT
        r = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            r = node_hash(h, r)
        return r


class MerkleTree:
    """An append-only tree that answers roots and proofs for every size it has ever had.

    Level k holds the hash of each completed 2^k-aligned perfect subtree, packed 32 bytes
    apiece in a bytearray (about 2n hashes, 64 MB at a million leaves, against ~150 MB as
    Python `bytes` objects). Every node an RFC 6962 proof needs for a size <= the current
    one is either such a perfect subtree or the fold of at most log2(n) of them, so a root or
    proof costs O(log n) hashes however large the log grows.
    """

    __slots__ = ("_levels", "_size")

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self._size = 0
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """Leaves appended so far."""
        return self._size

    def __len__(self) -> int:
        return self._size

    def append(self, leaf_hash: bytes) -> int:
        """Add a leaf hash and complete every subtree it closes; returns the leaf's index."""
        node = _check_hash(leaf_hash)
        levels = self._levels
        index = self._size
        levels[0] += node
        i, level = index, 0
        while i & 1:  # this node is a right child: its parent subtree is now complete
            off = (i - 1) * HASH_SIZE
            node = node_hash(bytes(levels[level][off : off + HASH_SIZE]), node)
            level += 1
            i >>= 1
            if level == len(levels):
                levels.append(bytearray())
            levels[level] += node
        self._size = index + 1
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append each leaf hash in order."""
        for h in leaf_hashes:
            self.append(h)

    def leaf_hash(self, index: int) -> bytes:
        """The stored hash of leaf `index`."""
        if not 0 <= index < self._size:
            raise IndexError(index)
        off = index * HASH_SIZE
        return bytes(self._levels[0][off : off + HASH_SIZE])

    def _node(self, level: int, index: int) -> bytes:
        off = index * HASH_SIZE
        return bytes(self._levels[level][off : off + HASH_SIZE])

    def _range_hash(self, a: int, b: int) -> bytes:
        """MTH(D[a:b]) from stored perfect subtrees; `a` must be aligned as RFC 6962 ranges are.

        Greedy largest-first pieces coincide with RFC 6962's split, since the split point is
        the largest power of two below b - a, and folding them right to left rebuilds MTH.
        """
        pieces: list[bytes] = []
        while a < b:
            level = (b - a).bit_length() - 1
            if a & ((1 << level) - 1):
                raise ValueError(f"range [{a}, {b}) is not a subtree of an RFC 6962 tree")
            pieces.append(self._node(level, a >> level))
            a += 1 << level
        r = pieces.pop()
        while pieces:
            r = node_hash(pieces.pop(), r)
        return r

    def root(self, size: int | None = None) -> bytes:
        """The root the tree had at `size` leaves (default: now)."""
        size = self._size if size is None else size
        if not 0 <= size <= self._size:
            raise ValueError(f"need 0 <= size <= {self._size}, got {size}")
        return self._range_hash(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path for leaf `index` in the tree as it was at `size` leaves (default: now)."""
        size = self._size if size is None else size
        _check_index(index, size, self._size)
        return _inclusion_path(index, size, self._range_hash)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Proof that the tree at `old_size` is a prefix of the tree at `new_size`."""
        new_size = self._size if new_size is None else new_size
        _check_sizes(old_size, new_size, self._size)
        return _consistency_path(old_size, new_size, self._range_hash)

    def compact_range(self, size: int | None = None) -> CompactRange:
        """The frontier at `size`, e.g. to hand a writer that will keep appending alone."""
        size = self._size if size is None else size
        if not 0 <= size <= self._size:
            raise ValueError(f"need 0 <= size <= {self._size}, got {size}")
        hashes: list[bytes] = []
        a = 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                hashes.append(self._node(level, a >> level))
                a += 1 << level
        return CompactRange(size, hashes)
