"""What the index posts a record under and what a query looks up: token, sound, date and
sound-skeleton keys, and the weight each query key carries."""

from __future__ import annotations

from xborder.screening import skeleton
from xborder.screening.config import DEFAULT, MatchConfig
from xborder.screening.ears import FAMILY_ALONE, heard, heard_as_written
from xborder.screening.normalise import HANZI, phonetic_keys
from xborder.screening.prepared import Prepared

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
    ear, or in Chinese transcription characters (`prepared._sounded`), is posted under its skeleton
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
        heard(pattern) or heard_as_written(p, i) or (p.sounded and pattern[0] == HANZI)
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
