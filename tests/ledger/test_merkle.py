"""Merkle tree tests: published RFC 6962 vectors, then properties against a naive reference.

The known answers are quoted, not derived: they are the Certificate Transparency reference
vectors as published in transparency-dev/merkle `proof/verify_test.go` (the same set as the
original CT C++ `merkle_tree_test.cc`). Agreement with them is what makes this log checkable
by anyone else's RFC 6962 code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xborder.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# --- RFC 6962 reference vectors (transparency-dev/merkle proof/verify_test.go) ---------------

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
LEAF_HASHES = [leaf_hash(d) for d in LEAVES]

# ROOTS[n] is the root of the tree of the first n leaves; ROOTS[0] is SHA-256("").
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]


def _hashes(*hexes: str) -> list[bytes]:
    return [bytes.fromhex(h) for h in hexes]


# (index, size, proof). The Go source numbers leaves from 1; these are 0-based indices.
INCLUSION_VECTORS = [
    (0, 1, []),
    (
        0,
        8,
        _hashes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        5,
        8,
        _hashes(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (2, 3, _hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
    (
        1,
        5,
        _hashes(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
]

# (old_size, new_size, proof)
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        _hashes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        6,
        8,
        _hashes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (
        2,
        5,
        _hashes(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
    (
        6,
        7,
        _hashes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
]

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")

# --- An independent reference: RFC 6962 §2.1 written out as literally as possible ----------


def ref_mth(d: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes, straight from the RFC's recursive definition."""
    n = len(d)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return d[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:])).digest()


def ref_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) from RFC 6962 §2.1.1."""
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) from RFC 6962 §2.1.2."""
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def ref_proof(m: int, d: Sequence[bytes]) -> list[bytes]:
    return [] if m in (0, len(d)) else ref_subproof(m, d, True)


def flip(h: bytes, bit: int = 0) -> bytes:
    """`h` with one bit changed."""
    i = (bit // 8) % len(h)
    return h[:i] + bytes([h[i] ^ (1 << (bit % 8))]) + h[i + 1 :]


def make_leaves(n: int, salt: int = 0) -> list[bytes]:
    return [leaf_hash(f"{salt}:{i}".encode()) for i in range(n)]


# --- Known answers -----------------------------------------------------------------------


def test_hash_primitives() -> None:
    assert ROOTS[0] == EMPTY_ROOT
    assert leaf_hash(b"") == ROOTS[1]
    assert node_hash(LEAF_HASHES[0], LEAF_HASHES[1]) == ROOTS[2]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_reference_roots(size: int) -> None:
    assert root(LEAF_HASHES[:size]) == ROOTS[size]
    assert ref_mth(LEAF_HASHES[:size]) == ROOTS[size]
    tree = MerkleTree(LEAF_HASHES)
    assert tree.root(size) == ROOTS[size]
    cr = CompactRange()
    cr.extend(LEAF_HASHES[:size])
    assert cr.root() == ROOTS[size]
    assert tree.compact_range(size).root() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_reference_inclusion_proofs(index: int, size: int, proof: list[bytes]) -> None:
    assert inclusion_proof(LEAF_HASHES, index, size) == proof
    assert MerkleTree(LEAF_HASHES).inclusion_proof(index, size) == proof
    assert verify_inclusion(LEAF_HASHES[index], index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_reference_consistency_proofs(old: int, new: int, proof: list[bytes]) -> None:
    assert consistency_proof(LEAF_HASHES, old, new) == proof
    assert MerkleTree(LEAF_HASHES).consistency_proof(old, new) == proof
    assert verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def _corrupt_inclusion(
    index: int, size: int, proof: list[bytes], rt: bytes, lh: bytes
) -> list[tuple[str, tuple[bytes, int, int, list[bytes], bytes]]]:
    """The probes of transparency-dev's corruptInclusionProof; every one must be rejected."""
    probes = [
        ("index - 1", (lh, index - 1, size, proof, rt)),
        ("index + 1", (lh, index + 1, size, proof, rt)),
        ("index ^ 2", (lh, index ^ 2, size, proof, rt)),
        ("size * 2", (lh, index, size * 2, proof, rt)),
        ("size // 2", (lh, index, size // 2, proof, rt)),
        ("wrong leaf", (b"WrongLeaf", index, size, proof, rt)),
        ("empty root", (lh, index, size, proof, EMPTY_ROOT)),
        ("random root", (lh, index, size, proof, SOME_HASH)),
        ("trailing garbage", (lh, index, size, [*proof, b""], rt)),
        ("trailing root", (lh, index, size, [*proof, rt], rt)),
        ("preceding garbage", (lh, index, size, [b"", *proof], rt)),
        ("preceding root", (lh, index, size, [rt, *proof], rt)),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = flip(bad[i], 3)
        probes.append((f"proof[{i}] bit flipped", (lh, index, size, bad, rt)))
    if proof:
        probes.append(("removed component", (lh, index, size, proof[:-1], rt)))
    if len(proof) > 1:
        probes.append(
            ("inserted component", (lh, index, size, [proof[0], SOME_HASH, *proof[1:]], rt))
        )
    return probes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS[1:])
def test_reference_inclusion_corruptions_rejected(
    index: int, size: int, proof: list[bytes]
) -> None:
    probes = _corrupt_inclusion(index, size, proof, ROOTS[size], LEAF_HASHES[index])
    accepted = [desc for desc, args in probes if verify_inclusion(*args)]
    assert accepted == []


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS[1:])
def test_reference_consistency_corruptions_rejected(old: int, new: int, proof: list[bytes]) -> None:
    r1, r2 = ROOTS[old], ROOTS[new]
    probes: list[tuple[str, tuple[int, int, bytes, bytes, list[bytes]]]] = [
        ("old - 1", (old - 1, new, r1, r2, proof)),
        ("old + 1", (old + 1, new, r1, r2, proof)),
        ("old ^ 2", (old ^ 2, new, r1, r2, proof)),
        ("new * 2", (old, new * 2, r1, r2, proof)),
        ("new // 2", (old, new // 2, r1, r2, proof)),
        ("wrong old root", (old, new, b"WrongRoot", r2, proof)),
        ("wrong new root", (old, new, r1, b"WrongRoot", proof)),
        ("swapped roots", (old, new, r2, r1, proof)),
        ("empty proof", (old, new, r1, r2, [])),
        ("trailing garbage", (old, new, r1, r2, [*proof, b""])),
        ("trailing old root", (old, new, r1, r2, [*proof, r1])),
        ("trailing new root", (old, new, r1, r2, [*proof, r2])),
        ("preceding garbage", (old, new, r1, r2, [b"", *proof])),
        ("preceding old root", (old, new, r1, r2, [r1, *proof])),
        ("preceding new root", (old, new, r1, r2, [r2, *proof])),
        ("preceding proof[0]", (old, new, r1, r2, [proof[0], *proof])),
        ("truncated proof", (old, new, r1, r2, proof[:-1])),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = flip(bad[i], 4)
        probes.append((f"proof[{i}] bit flipped", (old, new, r1, r2, bad)))
    accepted = [desc for desc, args in probes if verify_consistency(*args)]
    assert accepted == []


@pytest.mark.parametrize(
    ("old", "new", "r1", "r2", "proof", "ok"),
    [
        # Trivially consistent sizes (transparency-dev's TestVerifyConsistency table, adapted:
        # here a size-0 tree must carry the empty root, where Go accepts any root).
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
        (0, 1, EMPTY_ROOT, ROOTS[1], [], True),
        (0, 8, EMPTY_ROOT, ROOTS[8], [], True),
        (0, 1, SOME_HASH, ROOTS[1], [], False),
        (1, 1, ROOTS[1], ROOTS[1], [], True),
        (1, 1, ROOTS[1], ROOTS[2], [], False),
        # Roots match but the proof is not empty.
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (0, 1, EMPTY_ROOT, ROOTS[1], [EMPTY_ROOT], False),
        (1, 1, ROOTS[1], ROOTS[1], [EMPTY_ROOT], False),
        # Time travel to the past, and negative sizes.
        (1, 0, ROOTS[1], EMPTY_ROOT, [], False),
        (2, 1, ROOTS[2], ROOTS[1], [], False),
        (-1, 1, EMPTY_ROOT, ROOTS[1], [], False),
        # A real size change needs a proof.
        (1, 2, ROOTS[1], ROOTS[2], [], False),
    ],
)
def test_consistency_edge_cases(
    old: int, new: int, r1: bytes, r2: bytes, proof: list[bytes], ok: bool
) -> None:
    assert verify_consistency(old, new, r1, r2, proof) is ok


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (1, 1), (2, 1), (-1, 1)])
def test_inclusion_rejects_impossible_positions(index: int, size: int) -> None:
    assert not verify_inclusion(SOME_HASH, index, size, [], SOME_HASH)


def test_single_leaf_tree() -> None:
    h = leaf_hash(b"data")
    assert verify_inclusion(h, 0, 1, [], h)
    assert not verify_inclusion(h, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], h)


# --- Argument checking --------------------------------------------------------------------


def test_builders_reject_out_of_range_arguments() -> None:
    tree = MerkleTree(LEAF_HASHES)
    for call in (
        lambda: inclusion_proof(LEAF_HASHES, 8, 8),
        lambda: inclusion_proof(LEAF_HASHES, 0, 9),
        lambda: inclusion_proof(LEAF_HASHES, -1, 8),
        lambda: consistency_proof(LEAF_HASHES, 5, 4),
        lambda: consistency_proof(LEAF_HASHES, 1, 9),
        lambda: tree.inclusion_proof(0, 9),
        lambda: tree.consistency_proof(3, 9),
        lambda: tree.root(9),
        lambda: tree.root(-1),
        lambda: tree.compact_range(9),
        lambda: tree.append(b"short"),
        lambda: CompactRange().append(b"x" * 33),
        lambda: CompactRange(3, [SOME_HASH]),
        lambda: CompactRange(-1),
    ):
        with pytest.raises(ValueError):
            call()
    with pytest.raises(IndexError):
        tree.leaf_hash(8)


def test_tree_accessors_and_defaults() -> None:
    tree = MerkleTree()
    assert len(tree) == tree.size == 0
    assert tree.root() == EMPTY_ROOT
    assert [tree.append(h) for h in LEAF_HASHES] == list(range(8))
    assert tree.leaf_hash(5) == LEAF_HASHES[5]
    assert tree.root() == ROOTS[8]
    assert tree.inclusion_proof(5) == INCLUSION_VECTORS[2][2]
    assert tree.consistency_proof(6) == CONSISTENCY_VECTORS[2][2]
    assert tree.consistency_proof(0) == []
    frontier = tree.compact_range(6)
    assert frontier.size == len(frontier) == 6
    resumed = CompactRange(frontier.size, frontier.hashes)
    resumed.extend(LEAF_HASHES[6:])
    assert resumed.root() == ROOTS[8]


def test_larger_tree_matches_module_functions() -> None:
    leaves = make_leaves(1029)
    tree = MerkleTree(leaves)
    for size in (1, 2, 512, 1000, 1024, 1025, 1029):
        assert tree.root(size) == root(leaves[:size])
    for index, size in ((0, 1029), (1028, 1029), (700, 1025), (513, 1000)):
        assert tree.inclusion_proof(index, size) == inclusion_proof(leaves, index, size)
    for old, new in ((1, 1029), (1024, 1029), (1000, 1025), (7, 1024)):
        assert tree.consistency_proof(old, new) == consistency_proof(leaves, old, new)


# --- Properties ---------------------------------------------------------------------------

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tree_and_index(draw: st.DrawFn) -> tuple[list[bytes], int]:
    size = draw(st.integers(1, 300))
    return make_leaves(size, draw(st.integers(0, 2**32))), draw(st.integers(0, size - 1))


@st.composite
def tree_and_sizes(draw: st.DrawFn) -> tuple[list[bytes], int, int]:
    new = draw(st.integers(1, 300))
    old = draw(st.integers(0, new))
    return make_leaves(new, draw(st.integers(0, 2**32))), old, new


@PROPS
@given(tree_and_index())
def test_every_inclusion_proof_verifies(case: tuple[list[bytes], int]) -> None:
    leaves, index = case
    size = len(leaves)
    proof = MerkleTree(leaves).inclusion_proof(index, size)
    assert proof == ref_path(index, leaves) == inclusion_proof(leaves, index, size)
    assert verify_inclusion(leaves[index], index, size, proof, ref_mth(leaves))


@PROPS
@given(tree_and_sizes())
def test_every_consistency_proof_verifies(case: tuple[list[bytes], int, int]) -> None:
    leaves, old, new = case
    proof = MerkleTree(leaves).consistency_proof(old, new)
    assert proof == ref_proof(old, leaves) == consistency_proof(leaves, old, new)
    assert verify_consistency(old, new, ref_mth(leaves[:old]), ref_mth(leaves), proof)


@PROPS
@given(tree_and_index(), st.data())
def test_inclusion_tampering_is_detected(
    case: tuple[list[bytes], int], data: st.DataObject
) -> None:
    leaves, index = case
    size = len(leaves)
    tree = MerkleTree(leaves)
    proof, rt = tree.inclusion_proof(index, size), tree.root()

    # Any single leaf altered: the proven leaf no longer hashes into the published root, and
    # the old (leaf, proof) pair no longer reaches the altered tree's root.
    j = data.draw(st.integers(0, size - 1), label="altered leaf")
    altered = list(leaves)
    altered[j] = flip(altered[j], data.draw(st.integers(0, 255)))
    assert not verify_inclusion(leaves[index], index, size, proof, root(altered))
    if j == index:
        assert not verify_inclusion(altered[index], index, size, proof, rt)

    # Any proof element altered.
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1), label="altered element")
        bad = list(proof)
        bad[k] = flip(bad[k], data.draw(st.integers(0, 255)))
        assert not verify_inclusion(leaves[index], index, size, bad, rt)

    # Any other index, inside or outside the tree.
    other = data.draw(st.integers(-2, size + 2).filter(lambda i: i != index), label="index")
    assert not verify_inclusion(leaves[index], other, size, proof, rt)

    # Any other root.
    assert not verify_inclusion(
        leaves[index], index, size, proof, flip(rt, data.draw(st.integers(0, 255)))
    )


@PROPS
@given(tree_and_sizes(), st.data())
def test_consistency_tampering_is_detected(
    case: tuple[list[bytes], int, int], data: st.DataObject
) -> None:
    leaves, old, new = case
    assume(0 < old < new)
    tree = MerkleTree(leaves)
    proof, r1, r2 = tree.consistency_proof(old, new), tree.root(old), tree.root(new)
    assert proof

    # Rewriting history: a changed leaf among the first `old` changes the old root, and the
    # same new tree cannot be proven to extend it.
    j = data.draw(st.integers(0, old - 1), label="altered old leaf")
    altered = list(leaves)
    altered[j] = flip(altered[j], data.draw(st.integers(0, 255)))
    assert not verify_consistency(old, new, root(altered[:old]), r2, proof)
    # A changed leaf anywhere changes the new root the old one must extend to.
    j = data.draw(st.integers(0, new - 1), label="altered leaf")
    altered = list(leaves)
    altered[j] = flip(altered[j], data.draw(st.integers(0, 255)))
    assert not verify_consistency(old, new, r1, root(altered), proof)

    k = data.draw(st.integers(0, len(proof) - 1), label="altered element")
    bad = list(proof)
    bad[k] = flip(bad[k], data.draw(st.integers(0, 255)))
    assert not verify_consistency(old, new, r1, r2, bad)

    assert not verify_consistency(old, new, flip(r1), r2, proof)
    assert not verify_consistency(old, new, r1, flip(r2), proof)


@PROPS
@given(st.integers(0, 300), st.integers(0, 2**32))
def test_incremental_roots_equal_naive_root(n: int, salt: int) -> None:
    leaves = make_leaves(n, salt)
    tree, frontier = MerkleTree(), CompactRange()
    assert tree.root() == frontier.root() == ref_mth([])
    for size in range(1, n + 1):
        tree.append(leaves[size - 1])
        frontier.append(leaves[size - 1])
        expected = ref_mth(leaves[:size])
        assert tree.root() == frontier.root() == expected
        assert len(frontier.hashes) == size.bit_count()
    # The tree keeps every past root, not just the latest.
    for size in range(n + 1):
        assert tree.root(size) == root(leaves[:size])
        assert tree.compact_range(size).root() == tree.root(size)
