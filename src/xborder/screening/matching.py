"""The screening score: name, date of birth, nationality and sex, explained feature by feature.

`prepare` turns a `Subject` into what comparison needs, once per record: every Latin reading
of every name (normalise.name_variants) as a compact *pattern* of token units, and the parsed
dates. `score` aligns the name readings of two prepared subjects token by token (in any
order, a token may also match two adjacent ones written together: Joon-young / Junyeong), and
adds what the other features say. The index scores many candidates against one query at once
(`QueryScorer`), sharing the token similarity table; `score` is the same computation for one
pair.

Name similarity of one reading pair is

    sum(s_k * w_k) / (sum(w_k) + conflict * min(Ua, Ub) + extra * |Ua - Ub|)

over the aligned token pairs k (similarity s_k, weight w_k the mean of both sides' token
weights), where Ua and Ub are the weights left unaligned on each side: a token unaligned on
both sides is a contradiction (a different family name), one only one side has is a missing
part (a middle name). The best reading pair wins. The formula is symmetric, so is the score.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from xborder.kernel.dates import DateSpan, parse_birth_date
from xborder.kernel.errors import Invalid
from xborder.names.scripts import char_script
from xborder.screening import readings, skeleton
from xborder.screening.config import (
    DEFAULT,
    INITIAL_WEIGHT,
    PARTICLE_WEIGHT,
    WORD_WEIGHT,
    MatchConfig,
)
from xborder.screening.model import Feature, NameForm, Scored, Subject
from xborder.screening.normalise import (
    HANZI,
    LEARNED,
    NameVariant,
    name_variants,
    phonetic_keys,
    simplified,
)

ALGORITHM = "xborder-v1"
# 1.2: learned readings, per-script calibration, kanji read both ways; 1.3: katakana and
# Hebrew names compared by their sound skeleton (skeleton.py), knots by the matcher's script;
# 1.4: foreign names written in Chinese characters (with a name dot) heard by a Chinese ear;
# 1.5: readings learned from mined name tokens too, a Chinese transcription of a foreigner's
# family name alone, Japanese long vowels written short, katakana found by runs of its skeleton
VERSION = "1.5.0"

MAX_VARIANTS = 16  # Latin readings kept per subject (a record rarely has more than ten)
MAX_TOKENS = 12  # tokens kept per reading; longer strings are not names
_JOIN_UP_TO = 6  # adjacent tokens are also tried written together in readings this short
_JOIN_LETTERS = 12  # ... when both together are this short (Abdul Rahman/Abdulrahman)

# (unit index, token mask, weight, words, bound weight): a token, or adjacent tokens written
# together; words counts the tokens that are not particles, bound weight that of the parts of
# hyphenated compounds (a missing one is a different name: Li Pin-lei is not Li Lei).
Entry = tuple[int, int, float, int, float]
# (system, total weight, bound weight, number of words, closed, entries, script): one
# reading, interned (records share them). A closed reading has no optional parts (Chinese,
# Japanese, Korean names): whatever the other side has beyond it is a contradiction, not a
# middle name it left out. The script is that of the name the reading came from.
Pattern = tuple[str, float, float, int, bool, tuple[Entry, ...], str]
# (earliest ordinal, latest ordinal, year, month, day); 0 where unknown, year 0 for a range.
DateKey = tuple[int, int, int, int, int]

_PATTERNS: dict[Pattern, Pattern] = {}
_READINGS: dict[tuple[Pattern, ...], tuple[Pattern, ...]] = {}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A subject ready for comparison. `units` are the distinct token strings (and adjacent
    tokens written together) of all its readings; each reading is a `Pattern` over them.
    It keeps no reference to the subject it came from: a million-record index holds only this."""

    units: tuple[str, ...]
    variants: tuple[Pattern, ...]
    dates: tuple[DateKey, ...]
    nationalities: tuple[str, ...]
    sex: str
    han: bool = False  # a name written in Han characters (compared as written with another)
    # the Han readings (as written) of the names that are foreign names written by sound (a
    # name dot between the parts): those, and only those, are also heard against Latin names
    # (`skeleton.han_skeleton`)
    transcribed: tuple[str, ...] = ()
    # a name written in Chinese characters that the press transcribes foreign names with,
    # and nothing else (`_sounded`): its one-word reading may be a family name alone
    sounded: bool = False

    @property
    def systems(self) -> tuple[str, ...]:
        """The transliteration system (or "as written") of each reading."""
        return tuple(v[0] for v in self.variants)

    def reading(self, index: int) -> str:
        """The tokens of reading `index`, in written order."""
        entries = self.variants[index][5]
        return " ".join(self.units[e[0]] for e in entries if e[1] & (e[1] - 1) == 0)


def _joinable(toks: Sequence[str], flags: str, i: int) -> bool:
    """Whether tokens i and i+1 are also tried written together: a particle and its word
    (Mac Donald/MacDonald, Abu Bakr/Abubakr), the parts of a hyphenated compound
    (Joon-young/Junyeong) and short neighbours (Abdel Kader/Abdelkader, Xiao Ping/Xiaoping,
    Abdul Rahman/Abdulrahman: a missing space). Long pairs are not (Vladimir Putin is never
    Vladimirputin), which keeps records small."""
    a, b = flags[i], flags[i + 1]
    if "i" in (a, b):
        return False
    if "p" in (a, b) or (a == "h" and b == "h"):
        return True
    return len(toks[i]) + len(toks[i + 1]) <= _JOIN_LETTERS


def _pattern(variant: NameVariant, units: dict[str, int]) -> Pattern:
    toks = variant.tokens[:MAX_TOKENS]
    flags = variant.flags[:MAX_TOKENS]
    weights = [
        PARTICLE_WEIGHT if f == "p" else INITIAL_WEIGHT if f == "i" else WORD_WEIGHT for f in flags
    ]
    words = [0 if f == "p" else 1 for f in flags]
    bound = [w if f == "h" else 0.0 for w, f in zip(weights, flags, strict=True)]

    def unit(text: str) -> int:
        idx = units.get(text)
        if idx is None:
            idx = units[sys.intern(text)] = len(units)
        return idx

    def entry(i: int, size: int) -> Entry:
        j = i + size
        return (
            unit("".join(toks[i:j])),
            ((1 << size) - 1) << i,
            sum(weights[i:j]),
            sum(words[i:j]),
            sum(bound[i:j]),
        )

    n = len(toks)
    entries = [entry(i, 1) for i in range(n)]
    if n <= _JOIN_UP_TO:
        entries += [entry(i, 2) for i in range(n - 1) if _joinable(toks, flags, i)]
        entries += [
            entry(i, 3)
            for i in range(n - 2)
            if "p" in flags[i : i + 2] and "i" not in flags[i : i + 2] and flags[i + 2] != "p"
        ]
    closed = all(f in "hp" for f in flags)
    pattern: Pattern = (
        sys.intern(variant.system),
        float(sum(weights)),
        float(sum(bound)),
        sum(words),
        closed,
        tuple(entries),
        sys.intern(variant.script),
    )
    return _PATTERNS.setdefault(pattern, pattern)


@lru_cache(maxsize=1 << 16)
def _date_key(text: str) -> DateKey | None:
    try:
        parsed = parse_birth_date(text)
    except (Invalid, ValueError):
        return None
    lo, hi = parsed.earliest().toordinal(), parsed.latest().toordinal()
    if isinstance(parsed, DateSpan):
        return (lo, hi, 0, 0, 0)
    return (lo, hi, parsed.year, parsed.month or 0, parsed.day or 0)


@lru_cache(maxsize=1 << 16)
def _dates(texts: tuple[str, ...]) -> tuple[DateKey, ...]:
    return tuple(k for k in dict.fromkeys(_date_key(t) for t in texts) if k is not None)


@lru_cache(maxsize=4096)
def _nationalities(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({c.strip().upper() for c in codes if c and c.strip()}))


def _sex(value: str) -> str:
    v = (value or "U").strip().upper()[:1]
    return v if v in ("M", "F") else "U"


def _transcription(form: NameForm) -> bool:
    """A foreign name written in Han characters by sound: Han characters with a name dot
    between the parts, and not a Japanese or Korean name (which may carry a dot too)."""
    if form.lang[:2].lower() in ("ja", "ko"):
        return False
    text = unicodedata.normalize("NFKC", form.full)
    if not skeleton.HAN_NAME_DOT.search(text):
        return False
    scripts = {char_script(ch) for ch in text if ch.isalpha()}
    return "Hani" in scripts and not scripts & {"Hira", "Kana", "Hang"}


def _sounded(form: NameForm) -> bool:
    """A name of Han characters only, each among those the learned Chinese reading met in
    many transcribed names (`readings.Model.frequent`), traditional or simplified; not a
    Japanese or Korean name. Such a name without a dot may still be a foreign person's family
    name alone (费德勒: Federer); a name with any other character is read as Chinese."""
    if form.lang[:2].lower() in ("ja", "ko"):
        return False
    model = readings.model_for("Hani")
    if model is None or not model.frequent:
        return False
    letters = [ch for ch in unicodedata.normalize("NFKC", form.full) if not ch.isspace()]
    if not letters or not all(map(skeleton.char_is_han, letters)):
        return False
    return all(ch in model.frequent or simplified(ch) in model.frequent for ch in letters)


def prepare(subject: Subject) -> Prepared:
    """Everything comparison needs, computed once per record: the Latin readings of every
    name (each spelling once, whatever its order), the parsed dates of birth, the
    nationalities and sex."""
    units: dict[str, int] = {}
    variants: list[Pattern] = []
    seen: set[tuple[str, ...]] = set()
    heard: list[str] = []
    sounded = False
    for form in subject.names:
        if not form.full or not form.full.strip():
            continue
        transcription = _transcription(form)
        sounded = sounded or (not transcription and _sounded(form))
        for variant in name_variants(form):
            if transcription and variant.system == HANZI:
                heard.append(" ".join(variant.tokens))
            signature = tuple(sorted(variant.tokens))
            if signature in seen or len(variants) >= MAX_VARIANTS:
                continue
            seen.add(signature)
            variants.append(_pattern(variant, units))
    return Prepared(
        units=tuple(units),
        variants=_READINGS.setdefault(readings := tuple(variants), readings),
        dates=_dates(tuple(subject.birth_dates)),
        nationalities=_nationalities(tuple(subject.nationalities)),
        sex=_sex(subject.sex),
        han=any(v[0] == HANZI for v in variants),
        transcribed=tuple(dict.fromkeys(heard)),
        sounded=sounded,
    )


# --- blocking ----------------------------------------------------------------------------------

NAME_KEY = "t:"
SOUND_KEY = "p:"
DATE_KEY = "d:"
EAR_KEY = "e:"  # a Latin name's sound skeleton as an ear hears it (skeleton.py)
HEARD_KEY = "E:"  # the sound skeleton of a name written in a script with an ear
EAR_GRAM_KEY = "g:"  # three letters of a Latin name's skeleton as the katakana ear hears it
HEARD_GRAM_KEY = "G:"  # three letters of a katakana name's skeleton
GRAM_EARS = frozenset({"Jpan"})  # katakana writes a name without spaces: no token key finds it


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def blocking_keys(p: Prepared) -> frozenset[str]:
    """What the index posts a record under and a query looks up: every token (and adjacent
    tokens written together) of two letters or more (`t:`), each token's sound key (`p:`),
    each exact date of birth (`d:`), and a Latin name's sound skeleton as an ear hears it
    (`e:`). Particles alone are not keys."""
    keys: set[str] = set()
    units = p.units
    for i, pattern in enumerate(p.variants):
        entries = pattern[5]
        for u, mask, _, words, _ in entries:
            if words == 0:
                continue
            text = units[u]
            if len(text) >= 2:
                keys.add(NAME_KEY + text)
            if mask & (mask - 1) == 0:
                for sound in phonetic_keys(text):
                    if len(sound) >= 2:
                        keys.add(SOUND_KEY + sound)
        keys |= _ear_keys(p, i, posting=True)
    for _, _, y, m, d in p.dates:
        if y and m and d:
            keys.add(DATE_KEY + _iso(y, m, d))
    return frozenset(keys)


def _ear_keys(p: Prepared, i: int, posting: bool) -> set[str]:
    """Sound-skeleton keys of reading `i` (`skeleton.py`): a Latin name is posted under its
    skeleton as each keyed ear hears it, whole, first-and-last and last alone (a katakana
    transcription writes the parts without a space, a transcription often leaves a middle
    name out, and Chinese and Japanese often write a foreigner by the family name alone),
    which a query in that script looks up with its own (`e:`); a name in a script with an
    ear, or in Chinese transcription characters (`_sounded`), is posted under its skeleton
    for a Latin query to find (`E:`). The two directions
    are kept apart, so that Latin names never find each other through a skeleton."""
    pattern = p.variants[i]
    script = pattern[6]
    out: set[str] = set()
    if script == "Latn":
        tokens = p.reading(i).split()
        texts = ["".join(tokens)] + ([tokens[0] + tokens[-1]] if len(tokens) > 2 else [])
        prefix = EAR_KEY if posting else HEARD_KEY
        for ear in skeleton.KEYED:
            alone = [tokens[-1]] if ear in FAMILY_ALONE and len(tokens) >= 2 else []
            for text in texts + alone:
                sk = skeleton.index_key(ear, skeleton.skeleton(ear, text))
                if len(sk) >= 3:
                    out.add(f"{prefix}{ear}:{sk}")
            if ear in GRAM_EARS:
                gram = EAR_GRAM_KEY if posting else HEARD_GRAM_KEY
                out |= _grams(gram + ear, skeleton.skeleton(ear, texts[0]))
    elif script in skeleton.KEYED and (
        _heard(pattern) or _heard_as_written(p, i) or (p.sounded and pattern[0] == HANZI)
    ):
        sk = skeleton.index_key(script, skeleton.heard_skeleton(script, p.reading(i)))
        if len(sk) >= 3:
            out.add(f"{HEARD_KEY if posting else EAR_KEY}{script}:{sk}")
        if script in GRAM_EARS:
            gram = HEARD_GRAM_KEY if posting else EAR_GRAM_KEY
            out |= _grams(gram + script, skeleton.heard_skeleton(script, p.reading(i)))
    return out


def _grams(prefix: str, sk: str) -> set[str]:
    """Keys for every three letters of a skeleton of five letters or more (a shorter one is
    its own key already)."""
    if len(sk) < 5:
        return set()
    return {f"{prefix}:{sk[j : j + 3]}" for j in range(len(sk) - 2)}


def weighted_query_keys(p: Prepared, config: MatchConfig = DEFAULT) -> dict[str, tuple[float, str]]:
    """What a query looks up: each key with a weight and the key whose rarity (IDF) the
    weight multiplies.

    A token's evidence is measured by the rarity of its sound key, so that a record spelling
    it another way (Mouammar for Muammar) ranks nearly with one spelling it the same way: the
    sound key carries phonetic_key_weight, the exact token the rest. Tokens written together
    count join_key_weight of their own rarity (they repeat the evidence of their parts);
    dates of birth (also with day and month swapped) date_key_weight."""
    out: dict[str, tuple[float, str]] = {}
    units = p.units
    sound_w = config.phonetic_key_weight
    for pattern in p.variants:
        entries = pattern[5]
        for u, mask, _, words, _ in entries:
            if words == 0:
                continue
            text = units[u]
            key = NAME_KEY + text
            if mask & (mask - 1):
                if len(text) >= 2 and key not in out:
                    out[key] = (config.join_key_weight, key)
                # Its sound finds a record that writes the parts as one name (a name read
                # from unspaced katakana, cut in the wrong place: ashu ton / Ashton).
                for sound in phonetic_keys(text):
                    skey = SOUND_KEY + sound
                    if len(sound) >= 3 and skey not in out:
                        out[skey] = (config.join_key_weight * sound_w, skey)
                continue
            sounds = [SOUND_KEY + s for s in phonetic_keys(text) if len(s) >= 2]
            if len(text) >= 2:
                out[key] = (1.0 - sound_w, sounds[0]) if sounds else (1.0, key)
            for sound in sounds:
                out[sound] = (sound_w, sound)
    for i in range(len(p.variants)):
        for ear in _ear_keys(p, i, posting=False):
            weight = config.ear_gram_key_weight if ear[0] in "gG" else 1.0
            out.setdefault(ear, (weight, ear))
    for key in query_keys(p):
        if key.startswith(DATE_KEY):
            out[key] = (config.date_key_weight, key)
    return out


def query_keys(p: Prepared) -> frozenset[str]:
    """Blocking keys of a query, plus its dates of birth with day and month swapped."""
    extra = {
        DATE_KEY + _iso(y, d, m)
        for _, _, y, m, d in p.dates
        if y and m and d and d <= 12 and d != m
    }
    return blocking_keys(p) | extra


# --- token similarity --------------------------------------------------------------------------

_SOUND_IDS: dict[str, int] = {}


def _sound_id(sound: str) -> int:
    if len(sound) < 2:
        return -1
    return _SOUND_IDS.setdefault(sound, len(_SOUND_IDS))


@lru_cache(maxsize=1 << 18)
def _unit_info(text: str) -> tuple[int, int, int, int, int]:
    """(sound key id, second sound key id, sound key length, first letter, length) of a unit;
    ids are -1 where there is no usable key."""
    keys = phonetic_keys(text)
    first = _sound_id(keys[0])
    second = _sound_id(keys[1]) if len(keys) > 1 else -1
    return first, second, len(keys[0]), ord(text[0]) if text else 0, len(text)


def _info_arrays(units: Sequence[str]) -> np.ndarray:
    return np.array([_unit_info(u) for u in units], dtype=np.int64).reshape(len(units), 5)


def similarity_tables(
    rows: Sequence[str], cols: Sequence[str], config: MatchConfig = DEFAULT
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agreement (0-1) of every pair of units: loose, strict, and for learned readings.

    The raw similarity is the mean of Jaro-Winkler and normalised edit similarity (optimal
    string alignment: Levenshtein with transpositions); for short tokens (four letters or
    fewer on both sides) the edit similarity alone, since one letter there is a different
    name (Li/Liu, Wei/Wen), which Jaro-Winkler forgives.

    Sharing a sound key raises it, to at least f + (1 - f) x itself, with f =
    phonetic_floor_long for keys of four letters or more (KRBCF: Gorbachev/Gorbatschow;
    such keys are rarely shared by chance), phonetic_floor for three, phonetic_floor_short
    for two (Puja/Pooja, Mina/Meena: vowels are what transliterations of Indian and Arabic
    names disagree on). The strict table leaves two-letter keys out and rescales from
    strict_token_floor: it compares Chinese, Japanese and Korean syllables, where one letter
    is what tells names apart (Peng/Ping, Jeongnam/Jeonghun). The learned table rescales from
    learned_token_floor: a reading decoded by readings.py is near the name, rarely on it.

    An initial agrees (initial_agreement) with the names it begins and with nothing else.
    The result is rescaled so that what unrelated names reach (token_floor) is 0."""
    if not rows or not cols:
        empty = np.zeros((len(rows), len(cols)), dtype=np.float32)
        return empty, empty, empty
    jw = process.cdist(rows, cols, scorer=JaroWinkler.normalized_similarity, dtype=np.float32)
    lev = process.cdist(rows, cols, scorer=OSA.normalized_similarity, dtype=np.float32)
    ri, ci = _info_arrays(rows), _info_arrays(cols)
    r_len, c_len = ri[:, 4], ci[:, 4]
    short = (r_len[:, None] <= 4) & (c_len[None, :] <= 4)
    raw = np.where(short, lev, (jw + lev) * np.float32(0.5))
    initial = (r_len[:, None] == 1) | (c_len[None, :] == 1)
    agree = (ri[:, 3, None] == ci[None, :, 3]).astype(np.float32)
    agree *= np.float32(config.initial_agreement)
    r1, r2, c1, c2 = ri[:, 0, None], ri[:, 1, None], ci[None, :, 0], ci[None, :, 1]
    same_sound = ((r1 == c1) & (r1 >= 0)) | ((r2 == c1) & (r2 >= 0)) | ((r1 == c2) & (c2 >= 0))
    key_len = np.minimum(ri[:, 2, None], ci[None, :, 2])
    pf = np.where(
        key_len >= 4,
        np.float32(config.phonetic_floor_long),
        np.where(
            key_len >= 3, np.float32(config.phonetic_floor), np.float32(config.phonetic_floor_short)
        ),
    ).astype(np.float32)
    boosted = np.maximum(raw, pf + (np.float32(1) - pf) * raw)
    out = []
    for sound, f in (
        (same_sound, config.token_floor),
        (same_sound & (key_len >= 3), config.strict_token_floor),
        (same_sound, config.learned_token_floor),
    ):
        table = np.where(sound, boosted, raw)
        table = np.where(initial & (table < np.float32(1.0)), agree, table)
        floor = np.float32(f)
        out.append(np.clip((table - floor) / (np.float32(1) - floor), 0.0, 1.0))
    loose, strict, learned = (t.astype(np.float32, copy=False) for t in out)
    return loose, strict, learned


def similarity_table(
    rows: Sequence[str], cols: Sequence[str], config: MatchConfig = DEFAULT, strict: bool = False
) -> np.ndarray:
    """One of `similarity_tables` (loose or strict)."""
    return similarity_tables(rows, cols, config)[1 if strict else 0]


# --- names -------------------------------------------------------------------------------------


def _align(
    qp: Pattern, cp: Pattern, rows: Sequence[Sequence[float]], config: MatchConfig, offset: int
) -> tuple[float, list[tuple[int, int, float]]]:
    """Greedy one-to-one alignment of two readings, best agreements first; returns the
    reading pair's name score and the aligned (query unit, candidate unit, agreement).
    A particle aligns only with a particle. Each row holds the loose agreements of a
    candidate unit with the query units, then the strict ones (from `offset`). Ties are
    broken on the union of both token masks, the same whichever side is the query, so that
    the score is symmetric."""
    _, qtot, qbound, qwords, qclosed, qentries, _ = qp
    _, ctot, cbound, cwords, cclosed, centries, _ = cp
    cands = []
    for ce in centries:
        row = rows[ce[0]]
        c_particle = ce[3] == 0
        for qe in qentries:
            s = row[qe[0] + offset]
            if s > 0.0 and (qe[3] == 0) is c_particle:
                cands.append((s, qe[2] + ce[2], qe[1] | ce[1], qe, ce))
    if not cands:
        return 0.0, []
    if len(cands) > 1:
        cands.sort(reverse=True)
    used_q = used_c = 0
    msw = mw = aq = ac = bq = bc = 0.0
    nq = nc = 0
    pairs: list[tuple[int, int, float]] = []
    for s, w2, _, qe, ce in cands:
        qm = qe[1]
        cm = ce[1]
        if qm & used_q or cm & used_c:
            continue
        used_q |= qm
        used_c |= cm
        msw += s * w2
        mw += w2
        aq += qe[2]
        ac += ce[2]
        nq += qe[3]
        nc += ce[3]
        bq += qe[4]
        bc += ce[4]
        pairs.append((qe[0], ce[0], s))
    ua = qtot - aq
    ub = ctot - ac
    if ua > ub:
        excess = ua - ub
        bound_excess = min(excess, qbound - bq)
        closed = cclosed
    else:
        excess = ub - ua
        bound_excess = min(excess, cbound - bc)
        closed = qclosed
    if excess < 1e-9:
        excess = bound_excess = 0.0
    den = (
        mw * 0.5
        + config.conflict_penalty * ((ua if ua < ub else ub) + bound_excess)
        + (config.closed_extra_penalty if closed else config.extra_part_penalty)
        * (excess - bound_excess)
    )
    score = (msw * 0.5) / den if den > 0 else 0.0
    if (nq if nq < nc else nc) < 2 and (qwords if qwords > cwords else cwords) >= 2:
        score *= config.single_token_factor
    return (score if score < 1.0 else 1.0), pairs


def _offset(qp: Pattern, cp: Pattern, n: int) -> int:
    """Where in a similarity row the table for this pair of readings starts: learned
    readings on either side use the learned table, closed (CJK) readings the strict one."""
    if qp[0] == LEARNED or cp[0] == LEARNED:
        return 2 * n
    return n if qp[4] or cp[4] else 0


def _best_reading(
    q: Prepared, c: Prepared, rows: Sequence[Sequence[float]], config: MatchConfig
) -> tuple[float, int, int, str]:
    """The best name score over all reading pairs, with the pair and, where the sound
    skeleton gave it, how (`_by_ear`): a pair where either reading is Chinese, Japanese or
    Korean (closed) is compared strictly, a learned reading loosely (`_offset`).
    Two names both written in Han characters are compared as written only (`hanzi`
    readings): their Latin readings would make homophones and reordered names the same
    (张伟/章伟, 王明/明王). Each pair's score is calibrated for its non-Latin side
    (`_on_common_scale`)."""
    best, bq, bc, how = 0.0, -1, -1, ""
    n = len(q.units)
    han_only = q.han and c.han
    knots = _knots(config)
    scripts = _calibrated_scripts(config.threshold) if knots else frozenset()
    # Most pairs are Latin against Latin: the skeleton is tried only where one side is heard.
    by_ear = bool(knots) and (
        bool(q.transcribed)
        or bool(c.transcribed)
        or any(map(_heard, q.variants))
        or any(map(_heard, c.variants))
    )
    by_family = bool(knots) and (
        any(_alone(q, v) for v in q.variants) or any(_alone(c, v) for v in c.variants)
    )
    for ci, cp in enumerate(c.variants):
        if han_only and cp[0] != HANZI:
            continue
        for qi, qp in enumerate(q.variants):
            if han_only and qp[0] != HANZI:
                continue
            offset = _offset(qp, cp, n)
            s, _ = _align(qp, cp, rows, config, offset)
            if s > 0.0 and (qp[6] in scripts or cp[6] in scripts):
                token = qp[3] <= 1 and cp[3] <= 1
                s = _on_common_scale(s, qp[6], cp[6], knots, config, token)
            ear, ear_how = _by_ear(q, qi, c, ci, knots, config) if by_ear else (0.0, "")
            if ear > s:
                s = ear
            else:
                ear_how = ""
            if by_family:
                fam, fam_how = _by_family(q, qi, c, ci, rows, n, knots, config)
                if fam > s:
                    s, ear_how = fam, fam_how
            if s > best:
                best, bq, bc, how = s, qi, ci, ear_how
                if s >= 1.0:
                    return best, bq, bc, how
    return best, bq, bc, how


EAR_KNOT = ":ear"  # the knot of a script's sound-skeleton agreement (`skeleton.py`)


def _heard(pattern: Pattern) -> bool:
    """Whether `pattern` is the learned reading of a name in a script with an ear: a Hebrew
    name, or a katakana one (a foreign name as Japanese writes it). Japanese names in hiragana
    or kanji have no learned reading; they are compared as Japanese names, whose vowels tell
    them apart (Sato, Saito) where a skeleton would not."""
    return (
        pattern[0] == LEARNED
        and pattern[6] in skeleton.EARS
        and pattern[6] not in skeleton.NATIVE_SIDE
    )


def _heard_as_written(p: Prepared, i: int) -> bool:
    """Whether reading `i` is a transcribed name as written (its characters are read syllable
    by syllable by the Chinese ear): a Han reading of one of the names written by sound, not
    any other Han name of the same person."""
    return p.variants[i][0] == HANZI and p.reading(i) in p.transcribed


def _ear_pair(q: Prepared, qi: int, c: Prepared, ci: int) -> tuple[str, str, str] | None:
    """(script, native reading, Latin reading) where the pair is a heard name's learned
    reading against a Latin name, either way round; None for any other pair."""
    qp, cp = q.variants[qi], c.variants[ci]
    if cp[6] == "Latn" and (_heard(qp) or _heard_as_written(q, qi)):
        return qp[6], q.reading(qi), c.reading(ci)
    if qp[6] == "Latn" and (_heard(cp) or _heard_as_written(c, ci)):
        return cp[6], c.reading(ci), q.reading(qi)
    return None


def ear_agreement(q: Prepared, c: Prepared) -> float:
    """The best raw skeleton agreement over the reading pairs `_by_ear` compares (0 where
    none is such a pair): what the `<script>:ear` knot is fitted on."""
    best = 0.0
    for qi in range(len(q.variants)):
        for ci in range(len(c.variants)):
            pair = _ear_pair(q, qi, c, ci)
            if pair is not None:
                best = max(best, skeleton.agreement(*pair)[0])
    return best


def _by_ear(
    q: Prepared, qi: int, c: Prepared, ci: int, knots: dict[str, float], config: MatchConfig
) -> tuple[float, str]:
    """A heard name's reading (katakana, Hebrew) against a Latin name, compared by their
    consonant skeletons, on the common scale; (0, "") for any other pair, or where the
    script has no calibrated knot for it."""
    pair = _ear_pair(q, qi, c, ci)
    if pair is None or (knot_key := pair[0] + EAR_KNOT) not in knots:
        return 0.0, ""
    raw, a, b = skeleton.agreement(*pair)
    if raw <= 0.0:
        return 0.0, ""
    return calibrated(raw, knot_key, knots, config), (
        f"sounds alike to a {pair[0]} ear: {a} vs {b} ({raw:.2f})"
    )


FAMILY_KNOT = ":family"  # a one-word transcription against a Latin name's family name
# Scripts whose press and reference works write a foreign person by the family name alone
# (费德勒 for Roger Federer): Chinese characters. Katakana does too (チトー for Tito), but
# on the development rows comparing it so found nothing more within the target rate.
FAMILY_ALONE = frozenset({"Hani"})


def _alone(p: Prepared, pattern: Pattern) -> bool:
    """A one-word learned reading of a name that may be a foreigner's family name alone: a
    Chinese name written in transcription characters (`_sounded`)."""
    return pattern[0] == LEARNED and pattern[3] == 1 and pattern[6] in FAMILY_ALONE and p.sounded


def _family_entry(pattern: Pattern) -> Entry | None:
    """A Latin name's family name, as Western order writes it: its last word (not a particle,
    an initial or a part of two words written together); None for a one-word name."""
    if pattern[6] != "Latn" or pattern[3] < 2:
        return None
    last: Entry | None = None
    for e in pattern[5]:
        mask = e[1]
        single = mask & (mask - 1) == 0 and e[3] == 1 and e[2] > INITIAL_WEIGHT
        if single and (last is None or mask > last[1]):
            last = e
    return last


def family_pair(q: Prepared, qi: int, c: Prepared, ci: int) -> tuple[str, int, int] | None:
    """(script, query unit, candidate unit) where one reading is a one-word transcription
    (`_alone`) and the other a Latin name of two words or more, paired with its family name;
    None for any other pair."""
    qp, cp = q.variants[qi], c.variants[ci]
    if _alone(q, qp) and (fam := _family_entry(cp)) is not None:
        return qp[6], qp[5][0][0], fam[0]
    if _alone(c, cp) and (fam := _family_entry(qp)) is not None:
        return cp[6], fam[0], cp[5][0][0]
    return None


def family_agreement(q: Prepared, c: Prepared) -> float:
    """The best raw agreement over the pairs `_by_family` compares (0 where none is such a
    pair): what the `<script>:family` knot is fitted on."""
    scorer = QueryScorer(q)
    rows = scorer._rows(c)
    n = len(q.units)
    best = 0.0
    for qi in range(len(q.variants)):
        for ci in range(len(c.variants)):
            pair = family_pair(q, qi, c, ci)
            if pair is not None:
                best = max(best, rows[pair[2]][pair[1] + 2 * n])
    return best


def _by_family(
    q: Prepared,
    qi: int,
    c: Prepared,
    ci: int,
    rows: Sequence[Sequence[float]],
    n: int,
    knots: dict[str, float],
    config: MatchConfig,
) -> tuple[float, str]:
    """A one-word transcription against the family name of a Latin name (the learned
    agreement of the two words), on the common scale through the script's family knot;
    (0, "") for any other pair, or where the script has no knot for it. The given names the
    transcription leaves out are not counted against it: leaving them out is how the script
    writes the person."""
    pair = family_pair(q, qi, c, ci)
    if pair is None or (knot_key := pair[0] + FAMILY_KNOT) not in knots:
        return 0.0, ""
    script, qu, cu = pair
    raw = rows[cu][qu + 2 * n]
    if raw <= 0.0:
        return 0.0, ""
    return calibrated(raw, knot_key, knots, config), (
        f"family name alone, as {script} writes foreigners: {q.units[qu]}~{c.units[cu]} ({raw:.2f})"
    )


WORD_KNOT = ":token"  # the knot of a script's single-word names, where it has its own


def _on_common_scale(
    raw: float,
    qs: str,
    cs: str,
    knots: dict[str, float],
    config: MatchConfig,
    token: bool = False,
) -> float:
    """A reading pair's score calibrated for its non-Latin side; where both sides are
    non-Latin, the stricter of their two scales (the same either way round). A pair of
    single words uses the script's token knot where there is one: one word against one word
    is weaker evidence than a full name, and the development data of some scripts (Arabic,
    Cyrillic) holds single words only, which cannot calibrate full names."""
    if token:
        qs = qs + WORD_KNOT if qs + WORD_KNOT in knots else qs
        cs = cs + WORD_KNOT if cs + WORD_KNOT in knots else cs
    if qs == "Latn":
        return calibrated(raw, cs, knots, config)
    if cs == "Latn":
        return calibrated(raw, qs, knots, config)
    return min(calibrated(raw, qs, knots, config), calibrated(raw, cs, knots, config))


def calibrated(raw: float, script: str, knots: dict[str, float], config: MatchConfig) -> float:
    """The name score on the common scale: piecewise linear through (0, 0), (knot, threshold)
    and (1, 1), where a script's knot is the raw score at which its development negatives
    reach the false-match rate Latin names reach at the threshold (`data/calibration.json`).
    Monotone, so it never reorders the candidates of one script; Latin is the reference."""
    knot = knots.get(script)
    if knot is None or raw >= 1.0:
        return raw
    t = config.threshold
    if raw <= knot:
        return raw * t / knot
    return t + (raw - knot) * (1.0 - t) / (1.0 - knot)


@cache
def calibration() -> dict[str, Any]:
    """The shipped per-script calibration (fitted by bench/screening/realset.py on the
    development half of the real-name set), or an empty one."""
    try:
        text = resources.files("xborder.screening").joinpath("data/calibration.json").read_text()
    except (FileNotFoundError, OSError):
        return {}
    data: dict[str, Any] = json.loads(text)
    return data


def _knots(config: MatchConfig) -> dict[str, float]:
    if not config.calibrate:
        return {}
    return _knot_table(config.threshold)


@lru_cache(maxsize=8)
def _knot_table(threshold: float) -> dict[str, float]:
    data = calibration()
    if not data or abs(float(data.get("threshold", -1)) - threshold) > 1e-9:
        return {}
    return {s: float(v["knot"]) for s, v in data.get("scripts", {}).items() if 0 < v["knot"] < 1}


@lru_cache(maxsize=8)
def _calibrated_scripts(threshold: float) -> frozenset[str]:
    """The scripts with a knot, for names or for single words."""
    return frozenset(
        k.removesuffix(WORD_KNOT).removesuffix(EAR_KNOT).removesuffix(FAMILY_KNOT)
        for k in _knot_table(threshold)
    )


# --- dates -------------------------------------------------------------------------------------


def _date_pair(a: DateKey, b: DateKey, config: MatchConfig) -> tuple[float, str]:
    alo, ahi, ay, am, ad = a
    blo, bhi, by, bm, bd = b
    if ay and by and am and bm and ad and bd:
        if ay == by and am == bm and ad == bd:
            return 1.0, "same date"
        if ay == by and am == bd and ad == bm:
            return config.dob_transposed, "day and month transposed"
        if am == bm and ad == bd and abs(ay - by) == 1:
            return config.dob_year_off_by_one, "same day and month, year off by one"
        if ay == by and (am == bm or ad == bd):
            part = "day" if am == bm else "month"
            return config.dob_one_part_differs, f"same year, {part} differs"
        return 0.0, "different dates"
    if ay and by and am and bm and (ay, am) != (by, bm):
        # Both sides state a month (one only year and month): a different month contradicts,
        # however close the two ranges are (1980-05-03 against 1980-02).
        if am == bm and abs(ay - by) == 1:
            return config.dob_year_off_by_one, "same month, year off by one"
        return 0.0, "different months"
    if alo <= bhi and blo <= ahi:
        if not ay or not by:
            return config.dob_in_range, "within the recorded range"
        if am and bm:
            return config.dob_same_month, "same year and month (partial date)"
        return config.dob_same_year, "same year (partial date)"
    gap = max(alo - bhi, blo - ahi)
    if gap < 366:  # they could be born less than a year apart
        return config.dob_within_a_year, "partial dates within a year"
    return 0.0, f"about {round(gap / 365.25)} years apart"


def _date_text(k: DateKey) -> str:
    lo, hi, y, m, d = k
    if not y:
        return f"{date.fromordinal(lo).year}/{date.fromordinal(hi).year}"
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def _dob_fast(qd: tuple[DateKey, ...], cd: tuple[DateKey, ...], config: MatchConfig) -> float:
    """The contribution of `_dob`, without the words."""
    best = 0.0
    for a in qd:
        for b in cd:
            s = _date_pair(a, b, config)[0]
            if s > best:
                best = s
    return config.dob_bonus * best if best > 0 else -config.dob_penalty


def _dob(
    qd: tuple[DateKey, ...], cd: tuple[DateKey, ...], config: MatchConfig
) -> tuple[float | None, float, str]:
    """(agreement or None, contribution, detail)."""
    if not qd or not cd:
        return None, 0.0, "not known on both sides"
    best, rule, pair = -1.0, "", (qd[0], cd[0])
    for a in qd:
        for b in cd:
            s, r = _date_pair(a, b, config)
            if s > best:
                best, rule, pair = s, r, (a, b)
    detail = f"{_date_text(pair[0])} vs {_date_text(pair[1])}: {rule}"
    if best > 0:
        return best, config.dob_bonus * best, detail
    return 0.0, -config.dob_penalty, detail


def _nat(q: tuple[str, ...], c: tuple[str, ...], config: MatchConfig) -> tuple[float | None, float]:
    if not q or not c:
        return None, 0.0
    if set(q) & set(c):
        return 1.0, config.nationality_bonus
    return 0.0, -config.nationality_penalty


def _sex_feature(q: str, c: str, config: MatchConfig) -> tuple[float | None, float]:
    if q == "U" or c == "U":
        return None, 0.0
    return (1.0, 0.0) if q == c else (0.0, -config.sex_penalty)


# --- scoring -----------------------------------------------------------------------------------


class QueryScorer:
    """Scores many candidates against one query, computing each distinct token pair's
    similarity once (candidates found through the same key share tokens)."""

    __slots__ = ("_cache", "_names", "config", "query", "units")

    def __init__(self, query: Prepared, config: MatchConfig = DEFAULT) -> None:
        self.query = query
        self.config = config
        self.units = list(query.units)
        self._cache: dict[str, list[float]] = {}
        # Namesakes share their readings (interned) and units: their name score is one.
        # (the readings are kept in the value so that their id is not reused meanwhile)
        self._names: dict[tuple[tuple[str, ...], int], tuple[float, tuple[Pattern, ...]]] = {}

    def warm(self, candidates: Sequence[Prepared]) -> None:
        """Compute the similarity rows of every unit of `candidates` not seen yet, at once."""
        cache = self._cache
        new: dict[str, None] = {}
        for c in candidates:
            for u in c.units:
                if u not in cache:
                    new[u] = None
        if not new:
            return
        fresh = list(new)
        # Each row: loose, strict and learned agreements with the query's units.
        table = np.concatenate(similarity_tables(fresh, self.units, self.config), axis=1).tolist()
        cache.update(zip(fresh, table, strict=True))

    def _rows(self, c: Prepared) -> list[list[float]]:
        cache = self._cache
        missing = [u for u in c.units if u not in cache]
        if missing:
            self.warm([c])
        return [cache[u] for u in c.units]

    def fast(self, c: Prepared) -> tuple[float, float]:
        """(score, unclamped score) without the explanation: what ranking needs."""
        config = self.config
        q = self.query
        name = 0.0
        if q.variants and c.variants:
            key = (c.units, id(c.variants))
            cached = self._names.get(key)
            if cached is None:
                name = _best_reading(q, c, self._rows(c), config)[0]
                self._names[key] = (name, c.variants)
            else:
                name = cached[0]
        total = name
        if q.dates and c.dates:
            total += _dob_fast(q.dates, c.dates, config)
        if q.nationalities and c.nationalities:
            total += _nat(q.nationalities, c.nationalities, config)[1]
        if q.sex != "U" and c.sex != "U":
            total += _sex_feature(q.sex, c.sex, config)[1]
        return min(max(total, 0.0), 1.0), total

    def explain(self, c: Prepared) -> Scored:
        """The score with one Feature per feature, each saying why."""
        config = self.config
        q = self.query
        rows = self._rows(c)
        name, qi, ci, how = (
            _best_reading(q, c, rows, config) if q.variants and c.variants else (0.0, -1, -1, "")
        )
        if qi < 0 or ci < 0:
            name_detail = "no name token agrees" if q.variants and c.variants else "no name"
        else:
            if not how:
                qv, cv = q.variants[qi], c.variants[ci]
                _, pairs = _align(qv, cv, rows, config, _offset(qv, cv, len(q.units)))
                how = ", ".join(
                    f"{q.units[qu]}={c.units[cu]}"
                    if s >= 1.0
                    else f"{q.units[qu]}~{c.units[cu]} ({s:.2f})"
                    for qu, cu, s in pairs
                )
            q_text = f"'{q.reading(qi)}' [{q.variants[qi][0]}]"
            c_text = f"'{c.reading(ci)}' [{c.variants[ci][0]}]"
            name_detail = f"{q_text} vs {c_text}: {how or 'nothing aligned'}"
        features = [Feature("name", round(name, 4), 1.0, round(name, 4), name_detail)]
        total = name
        dob_s, dob_c, dob_detail = _dob(q.dates, c.dates, config)
        features.append(Feature("birth_date", dob_s, config.dob_bonus, round(dob_c, 4), dob_detail))
        total += dob_c
        nat_s, nat_c = _nat(q.nationalities, c.nationalities, config)
        if nat_s is None:
            nat_detail = "not known on both sides"
        else:
            shared = sorted(set(q.nationalities) & set(c.nationalities))
            nat_detail = (
                f"shared: {', '.join(shared)}"
                if shared
                else f"{', '.join(q.nationalities)} vs {', '.join(c.nationalities)}"
            )
        features.append(
            Feature("nationality", nat_s, config.nationality_bonus, round(nat_c, 4), nat_detail)
        )
        total += nat_c
        sex_s, sex_c = _sex_feature(q.sex, c.sex, config)
        sex_detail = "not known on both sides" if sex_s is None else f"{q.sex} vs {c.sex}"
        features.append(Feature("sex", sex_s, config.sex_penalty, round(sex_c, 4), sex_detail))
        total += sex_c
        return Scored(round(min(max(total, 0.0), 1.0), 4), tuple(features))


def score(query: Prepared, candidate: Prepared, config: MatchConfig = DEFAULT) -> Scored:
    """How likely `candidate` is the person `query` describes (0-1), explained: one Feature
    each for name, birth_date, nationality and sex. Symmetric: score(a, b) == score(b, a)."""
    return QueryScorer(query, config).explain(candidate)
