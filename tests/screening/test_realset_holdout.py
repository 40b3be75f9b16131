"""`realset.py validate`: the development half split again, so that a change to the matcher is
chosen without reading the real-name test half."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bench.screening import realset
from bench.screening.realnames import train_tokens
from bench.screening.realnames.load import load as load_set


@pytest.fixture
def holdout() -> Iterator[None]:
    realset.HOLDOUT["on"] = True
    try:
        yield
    finally:
        realset.HOLDOUT["on"] = False


def test_the_halves_split_the_development_rows_and_never_touch_the_test_half(
    holdout: None,
) -> None:
    a, b = realset.load("dev"), realset.load("test")
    ids_a, ids_b = {r["id"] for r in a}, {r["id"] for r in b}
    assert ids_a and ids_b and not ids_a & ids_b
    assert ids_a | ids_b == {r["id"] for r in load_set("dev")}
    assert all(r["split"] == "dev" for r in a + b)
    # a negative stays with the positive it was made for
    positives_b = {r["id"] for r in b if r["label"]}
    assert all(r["pos_id"] in positives_b for r in b if not r["label"])
    with pytest.raises(ValueError):
        realset.load(None)


def test_no_mined_token_of_a_half_b_name_is_learned_from(holdout: None) -> None:
    words, _ = train_tokens.held_tokens(realset.load("test"), train_tokens.FILES["Hani"][1])
    kept = realset.training_tokens("Hani")
    everything = train_tokens.load_tokens("Hani")
    assert 0 < len(kept) < len(everything)
    assert not any(t["latin"] in words for t in kept)


def test_without_holdout_the_splits_are_the_sets_own() -> None:
    assert [r["id"] for r in realset.load("test", script="Hebr")] == [
        r["id"] for r in load_set("test", script="Hebr")
    ]
    assert len(realset.training_tokens("Kana")) == len(train_tokens.load_tokens("Kana"))
