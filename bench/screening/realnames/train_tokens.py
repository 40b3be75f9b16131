"""Build the extra training pairs of the learned readings: name tokens mined from Wikidata.

The real-name set (`realnames.jsonl.gz`) holds about a thousand development pairs per script:
enough to calibrate, too few to learn how thousands of characters sound. NETransliteration
(CC0, the source of the set's Hebrew, Korean, Arabic and Russian rows) also ships its names
cut into aligned tokens (`data/wd_<language>_80` and `_20`, and the Arabic set's own
`wd_arabic.normalized.aligned.tokens`: `latin<TAB>n a t i v e<TAB>count`), Chinese and
katakana included. This writes those tokens as training pairs, **without any
token the set's test half uses**: a token is left out when its Latin letters are a word of any
test row of its script, or its native letters occur inside any test row's native name. So no
test name, nor any part of one, teaches the model. Deterministic: the same files give the
same bytes.

    python bench/screening/realnames/train_tokens.py --netrans /path/to/NETransliteration/data

Writes `train_tokens.jsonl.gz` beside this file; `realset.py train` reads it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import unicodedata
from collections import Counter
from pathlib import Path

from bench.screening.realnames.load import load

from xborder.screening import readings

HERE = Path(__file__).resolve().parent
OUT = HERE / "train_tokens.jsonl.gz"
SOURCE = "netrans-coling2018"
# The readings model a file teaches, the files, and the test rows whose tokens it must not hold.
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Hani": (("wd_chinese_80", "wd_chinese_20"), ("Hans", "Hant", "Jpan")),
    "Kana": (("wd_katakana_80", "wd_katakana_20"), ("Kana", "Jpan")),
    "Hang": (("wd_korean_80", "wd_korean_20"), ("Hang",)),
    "Arab": (("wd_arabic.normalized.aligned.tokens",), ("Arab",)),
}
# Chosen on the development rows alone (trained on half of them, the other half held out and
# no mined token overlapping it): the tokens raised Hangul, Chinese and katakana; Arabic rose
# with the tokens of the file its set rows come from (1:N F1 0.67 to 0.74, `realset.py
# validate`) and fell with `wd_arabic_80` (pairwise recall 0.52 to 0.48); Hebrew fell (0.84
# to 0.82) and Russian did not move, so they learn from the development rows alone.
# Per model, at most this many tokens (the lowest sha1 first): EM time grows with them.
LIMIT = 30000


def native_letters(text: str) -> str:
    """A native name's letters, without the separators between its words: what a test name
    is searched in (`readings.native_words`, the words the learned readings see)."""
    return "".join(readings.native_words(text))


def test_tokens(scripts: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(Latin words, native substrings of two letters or more) of every test row of `scripts`,
    positives and negatives."""
    return held_tokens(load("test"), scripts)


def held_tokens(
    rows: list[dict[str, object]], scripts: tuple[str, ...]
) -> tuple[set[str], set[str]]:
    """(Latin words, native substrings of two letters or more) of the `rows` of `scripts`:
    what a token must not be to teach a model judged on those rows."""
    words: set[str] = set()
    pieces: set[str] = set()
    for r in rows:
        if r["script"] not in scripts:
            continue
        words |= set(readings.latin_words(str(r["latin"])))
        text = native_letters(str(r["native"]))
        pieces |= {text[i:j] for i in range(len(text)) for j in range(i + 2, len(text) + 1)}
    return words, pieces


def _script_ok(model: str, text: str) -> bool:
    """Every letter of the token belongs to the model's script (long-vowel mark in katakana)."""

    def ok(ch: str) -> bool:
        cp = ord(ch)
        if model == "Hani":
            return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
        if model == "Kana":
            return 0x30A1 <= cp <= 0x30FC
        if model == "Arab":
            return 0x0620 <= cp <= 0x064A or cp in (0x067E, 0x0686, 0x06A4, 0x06AF, 0x06CC)
        return 0xAC00 <= cp <= 0xD7A3  # Hang

    return bool(text) and all(ok(c) for c in text)


def tokens(netrans: Path, model: str) -> list[dict[str, object]]:
    names, scripts = FILES[model]
    words, pieces = test_tokens(scripts)
    counts: Counter[tuple[str, str]] = Counter()
    for name in names:
        path = netrans / name
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3 or not parts[2].isdigit():
                    continue
                latin = readings.latin_letters(parts[0])
                native = unicodedata.normalize("NFC", parts[1].replace(" ", ""))
                if len(latin) < 2 or not _script_ok(model, native):
                    continue
                counts[(native, latin)] += int(parts[2])
    kept = [
        (n, lat, c)
        for (n, lat), c in counts.items()
        if lat not in words and native_letters(n) not in pieces
    ]
    kept.sort(key=lambda x: _sha1(f"{model}:{x[0]}:{x[1]}"))
    return [
        {"model": model, "native": n, "latin": lat, "count": c, "source": SOURCE}
        for n, lat, c in sorted(kept[:LIMIT], key=lambda x: (x[0], x[1]))
    ]


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def load_tokens(
    model: str | None = None,
    path: Path = OUT,
    held_out: list[dict[str, object]] | None = None,
) -> list[dict[str, object]]:
    """The training tokens, optionally of one model only; with `held_out` rows, without any
    token of theirs (as the file is without any token of the test rows)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if model is None or r["model"] == model]
    if held_out is None:
        return rows
    held = {m: held_tokens(held_out, FILES[m][1]) for m in {str(r["model"]) for r in rows}}
    return [
        r
        for r in rows
        if r["latin"] not in held[str(r["model"])][0]
        and native_letters(str(r["native"])) not in held[str(r["model"])][1]
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--netrans", type=Path, required=True, help="NETransliteration data/")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows: list[dict[str, object]] = []
    for model in FILES:
        got = tokens(args.netrans, model)
        print(f"{model}: {len(got)} tokens")
        rows += got
    with (
        args.out.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for r in rows:
            gz.write((json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n").encode())


if __name__ == "__main__":
    main()
