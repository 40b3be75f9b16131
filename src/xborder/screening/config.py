"""The numbers behind a screening score, each with the reason it has its value.

A screening result is a *possible match* an officer confirms or rejects; the threshold decides
what is put in front of them and the cutoff what is not shown at all. These are configuration,
recorded here with their rationale (docs/reference/responsible-ai.md, the design rule on
matching) and reported with every evaluation; code never compares a score with a literal.

The score is additive and explained feature by feature: the name similarity (0-1) is the base,
and date of birth, nationality and sex add or subtract a little. An exact name with an exact
date of birth therefore scores at least 1 + dob_bonus - nationality_penalty - sex_penalty,
above any sensible threshold whatever the other features say (checked in `MatchConfig`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from xborder.kernel.errors import Invalid

# Token weights, fixed when a record is prepared (the index stores them), so not per query.
WORD_WEIGHT = 1.0
INITIAL_WEIGHT = 0.5
PARTICLE_WEIGHT = 0.25


@dataclass(frozen=True)
class MatchConfig:
    """Weights and limits of `matching.score` and `ScreeningIndex.search`."""

    # --- decision -------------------------------------------------------------------------
    threshold: float = 0.70
    cutoff: float = 0.50
    # --- tokens -----------------------------------------------------------------------------
    token_floor: float = 0.65
    strict_token_floor: float = 0.65
    learned_token_floor: float = 0.45
    phonetic_floor: float = 0.50
    phonetic_floor_long: float = 0.70
    phonetic_floor_short: float = 0.40
    initial_agreement: float = 0.85
    # --- name -------------------------------------------------------------------------------
    conflict_penalty: float = 1.5
    extra_part_penalty: float = 0.25
    closed_extra_penalty: float = 1.0
    single_token_factor: float = 0.75
    calibrate: bool = True
    # --- other features ---------------------------------------------------------------------
    dob_bonus: float = 0.10
    dob_penalty: float = 0.40
    dob_transposed: float = 0.75
    dob_year_off_by_one: float = 0.50
    dob_same_month: float = 0.80
    dob_same_year: float = 0.60
    dob_in_range: float = 0.50
    dob_one_part_differs: float = 0.40
    dob_within_a_year: float = 0.30
    nationality_bonus: float = 0.03
    nationality_penalty: float = 0.05
    sex_penalty: float = 0.10
    # --- retrieval --------------------------------------------------------------------------
    phonetic_key_weight: float = 0.6
    join_key_weight: float = 0.5
    date_key_weight: float = 0.5
    ear_gram_key_weight: float = 0.3
    year_bonus: float = 0.5
    year_conflict_factor: float = 0.3
    retrieval_floor: float = 0.50
    learned_retrieval_floor: float = 0.30
    max_postings: int = 100_000
    max_key_share: float = 0.05
    new_candidate_share: float = 0.01
    cheap_key_postings: int = 100

    def __post_init__(self) -> None:
        if not 0.0 <= self.cutoff <= self.threshold <= 1.0:
            raise Invalid("want 0 <= cutoff <= threshold <= 1")
        worst_exact = 1.0 + self.dob_bonus - self.nationality_penalty - self.sex_penalty
        if worst_exact < self.threshold:
            raise Invalid("an exact name and date of birth must stay above the threshold")
        if not 0.0 <= self.token_floor < 1.0 or not 0.0 <= self.phonetic_floor < 1.0:
            raise Invalid("token_floor and phonetic_floor are in [0, 1)")


RATIONALE: dict[str, str] = {
    "token_weights": (
        "A word of a name weighs 1. An initial (V. Putin) weighs 0.5: it agrees with every "
        "name that begins with its letter, so it is half the evidence of a word. A particle "
        "(al-, bin, van, de) weighs 0.25: it is written or dropped at will (Osama bin Laden, "
        "Usama Ladin), so its absence must cost almost nothing, yet Abu Hassan is not quite "
        "Hassan. Fixed when a record is prepared (WORD_WEIGHT, INITIAL_WEIGHT, "
        "PARTICLE_WEIGHT)."
    ),
    "threshold": (
        "0.70, yente's default, so that clients written for it read scores the same way. On "
        "the synthetic labelled set (twin persons, queries in another transliteration with "
        "typos, swaps, dropped parts and partial dates) it keeps a person sharing one of two "
        "names and the date of birth below (at most 0.4 + 0.13) and a transliteration variant "
        "with a typo and a partial date above (0.75-0.95)."
    ),
    "cutoff": (
        "0.50, yente's default: below it a candidate shares at most one token or has a "
        "conflicting date and name; showing it would bury the officer in noise."
    ),
    "token_floor": (
        "Token similarity (the mean of Jaro-Winkler and edit similarity) is rescaled from "
        "[0.65, 1] to [0, 1]. Two different names of similar length reach 0.55-0.7 "
        "(Petrov/Pavlov, Adeolu/Adeleke), a one-letter typo 0.85-0.95: the floor removes the "
        "first and keeps most of the second (a typo in one of two names still scores ~0.85)."
    ),
    "strict_token_floor": (
        "The floor for Chinese, Japanese and Korean readings, whose syllables are few and "
        "close (Jeongnam/Jeonghun). Kept equal to token_floor: on bench/screening --quick a "
        "stricter 0.72 raised Korean precision on the twin's spellings (set A F1 0.966 -> "
        "0.964 overall) but lost more typo'd ICU spellings (set B F1 0.949 -> 0.932)."
    ),
    "learned_token_floor": (
        "The floor where one side is a learned reading (readings.py): a katakana or Han "
        "transcription of a foreign name read back is near the name (aisaake/isaac), rarely "
        "on it: アイザック・ニュートン against Isaac Newton scores 0.37 at token_floor, 0.60 "
        "here (uncalibrated). The per-script calibration then brings what different persons "
        "reach back to Latin's false-match rate."
    ),
    "phonetic_floor": (
        "When two tokens share their sound key (Gaddafi/Kadhafi: KTF) their similarity is "
        "raised to at least 0.5 + 0.5 x itself: transliteration variants differ in several "
        "letters at once, which string distance alone punishes like a different name."
    ),
    "phonetic_floor_long": (
        "When the shared sound key has four consonants or more (KRBCF: Gorbachev/Gorbatschow) "
        "the floor is 0.7: such keys are rarely shared by different names, and German and "
        "French spellings of Russian names differ in three or four letters."
    ),
    "phonetic_floor_short": (
        "A shared two-letter sound key (Puja/Pooja: BJ, Mina/Meena: MN) raises the similarity "
        "to at least 0.4 + 0.6 x itself; not for Chinese, Japanese and Korean syllables, where "
        "the vowel tells names apart (Peng/Ping)."
    ),
    "initial_agreement": (
        "An initial against a name it begins: 0.85 before rescaling - evidence, not proof."
    ),
    "conflict_penalty": (
        "A token on each side left unaligned is a contradiction (Ivan Petrov vs Ivan Smirnov): "
        "it costs 1.5 times its weight, so one shared word out of two gives 0.4 and a shared "
        "compound given name (Abdul Karim) with another family name stays under 0.6."
    ),
    "extra_part_penalty": (
        "A part only one side has (a middle name, a patronymic, a second surname) costs a "
        "quarter of its weight: Vladimir Vladimirovich Putin vs Vladimir Putin is 0.89. "
        "Records are often fuller than queries."
    ),
    "closed_extra_penalty": (
        "A part one side has beyond a Chinese, Japanese or Korean name (which has no optional "
        "parts) costs its full weight: Chai Yu-mei is not Yu Mei (0.67), but an extra given "
        "name added by a foreign register (Suzuki Andrew Yasuhiro) does not sink a match "
        "that also agrees on the date."
    ),
    "single_token_factor": (
        "When only one word agrees while a side has two or more (Pinto vs Alexandre Pinto), "
        "the name score is multiplied by 0.75: a shared surname alone is not a possible match "
        "without more."
    ),
    "calibrate": (
        "Name scores are put on one scale per script (data/calibration.json): the threshold "
        "0.70 then admits the same share of different persons with similar names whatever "
        "the script, measured on the development half of the real-name set "
        "(bench/screening/realnames). Off, each script keeps its raw score."
    ),
    "dob_bonus": (
        "At most +0.10 for an agreeing date of birth: dates separate namesakes, but the name "
        "remains the main evidence; an exact date cannot lift an unrelated name (<= 0.6) over "
        "the threshold."
    ),
    "dob_penalty": (
        "-0.40 for dates that cannot be the same person (1975 vs 1990): an exact namesake "
        "with a conflicting date falls to 0.6-0.63, below the threshold; namesakes of common "
        "names (Wang Wei, Ram Mehta) would otherwise flood the results. Typos in dates are "
        "caught by the partial-credit rules (transposed, year +-1, one part differs)."
    ),
    "dob_transposed": "Day and month swapped (US vs European order): 0.75 of the bonus.",
    "dob_year_off_by_one": "Same day and month, year +-1 (a typo or an estimate): 0.5.",
    "dob_same_month": "Only year and month known on one side and they agree: 0.8.",
    "dob_same_year": "Only the year known on one side and it agrees: 0.6.",
    "dob_in_range": "A date within a recorded range (estimated age): 0.5.",
    "dob_one_part_differs": (
        "Same year and month but another day, or same year and day but another month (a typo "
        "in one part): 0.4."
    ),
    "dob_within_a_year": "A partial date within a year of the other: 0.3.",
    "nationality_bonus": (
        "+0.03 when a nationality is shared: weak evidence, nationality is common and people "
        "have several."
    ),
    "nationality_penalty": (
        "-0.05 when none is shared: people change and add nationalities, and records are "
        "often wrong about them; never enough to hide an exact name and date."
    ),
    "sex_penalty": (
        "-0.10 for a known mismatch (M vs F): recorded sex is usually right, but not always; "
        "unknown (U) is neutral."
    ),
    "phonetic_key_weight": (
        "Retrieval: a query token's evidence is the rarity (IDF) of its sound key; a record "
        "sharing only the sound key gets 0.6 of it, one sharing the exact token all of it - so "
        "that Mouammar Kadhafi ranks close to Muammar Gaddafi for a query spelled the latter "
        "way, as the score will treat them."
    ),
    "join_key_weight": (
        "Retrieval: adjacent tokens written together (abdelkader) count half a token: they "
        "repeat the evidence of their parts, and at full weight they made exact spellings of "
        "a namesake outrank the person under another spelling."
    ),
    "ear_gram_key_weight": (
        "Retrieval: each three letters of a katakana name's sound skeleton shared with a Latin "
        "name's count this much of a key of the same rarity. The whole skeleton as a key finds "
        "the person only when every consonant agrees; a transcription often hears one "
        "differently (Calder: rkstdkd against rksndkd), and the shared runs still find it."
    ),
    "date_key_weight": (
        "Retrieval: a shared exact date of birth counts half a shared token of the same rarity, "
        "so that namesakes born the same day come first among namesakes."
    ),
    "year_bonus": (
        "Retrieval: a candidate born within a year of the query gains half the weight of an "
        "average shared token, to rank namesakes."
    ),
    "year_conflict_factor": (
        "Retrieval: a candidate whose known birth years are more than a year from the query's "
        "keeps 0.3 of its weight (the score will take 0.4 off it), below the retrieval floor: "
        "the namesakes of a common name born in other years are not scored at all."
    ),
    "retrieval_floor": (
        "Retrieval: candidates with less than half of the best candidate's key weight are not "
        "scored - they share only part of the query's tokens. On the synthetic set with "
        "Latin-only records (other spellings than the query's) this lost 5 true matches in "
        "2,000 against scoring every candidate, and scored 7 candidates per query instead of "
        "70 (at 20,000 records)."
    ),
    "learned_retrieval_floor": (
        "Retrieval for a query with a learned reading (a name in another script read back by "
        "sound): its tokens are near the listed spelling, rarely on it, so its keys find the "
        "true person with less weight. On the real-name test set (bench/screening/realset.py "
        "evaluate) the search returned the person the scorer puts above the threshold in 94.7% "
        "of searches at 0.5 and 97.2% at 0.3; Latin queries keep the stricter floor (and "
        "their speed)."
    ),
    "max_postings": (
        "Retrieval: at most about 100,000 postings are read per query, rarest keys first; the "
        "common keys beyond carry little information (IDF) and cost most of the time."
    ),
    "new_candidate_share": (
        "Retrieval: a key held by more than 1% of the records (after the query's rarest) "
        "only adds weight to candidates found through rarer keys: a record sharing nothing "
        "but common tokens with the query would fall under the retrieval floor anyway."
    ),
    "cheap_key_postings": (
        "Retrieval: a key held by at most 100 records is always read in full, whatever its "
        "share: the two shares above save time on large lists, and on a small one (two "
        "namesakes in a list of two) they would leave the person searched for unread."
    ),
    "max_key_share": (
        "Retrieval: keys held by more than 5% of the records (a two-letter sound key, the "
        "commonest given names) are not read unless they are the query's rarest: their IDF "
        "is below 3, a tenth of a rare name's."
    ),
}

DEFAULT = MatchConfig()

_MISSING = {f.name for f in fields(MatchConfig)} - set(RATIONALE)
assert not _MISSING, f"MatchConfig fields without a recorded rationale: {_MISSING}"
