"""The learned readings (screening.readings) and the comparisons the real-name set asked for:
Han names compared as written, honorifics per script, a missing space, per-script calibration."""

from __future__ import annotations

import pytest

from xborder.screening import calibration, matching, readings
from xborder.screening.calibration import calibrated
from xborder.screening.config import DEFAULT, MatchConfig
from xborder.screening.matching import prepare, score
from xborder.screening.model import NameForm, Subject
from xborder.screening.normalise import drop_native_titles, name_variants

# A few transcriptions of foreign names (their written forms are public knowledge).
PAIRS = [
    ("唐纳德·特朗普", "Donald Trump"),
    ("乔治·布什", "George Bush"),
    ("唐纳德·拉姆斯菲尔德", "Donald Rumsfeld"),
    ("比尔·克林顿", "Bill Clinton"),
    ("约翰·肯尼迪", "John Kennedy"),
    ("托尼·布莱尔", "Tony Blair"),
    ("贝拉克·奥巴马", "Barack Obama"),
]


def _p(text: str) -> matching.Prepared:
    return prepare(Subject(id=text, names=(NameForm(full=text),)))


def name(text: str) -> float:
    a = prepare(Subject(id="a", names=(NameForm(full=text.split("|")[0]),)))
    b = prepare(Subject(id="b", names=(NameForm(full=text.split("|")[1]),)))
    return score(a, b).score


def test_training_learns_how_characters_sound() -> None:
    model = readings.train(PAIRS * 3, "Hani", max_seg=5)
    assert model.read("唐纳德")[0] == "donald"
    assert model.read("奥巴马")[0] == "obama"
    assert model.pairs == len(PAIRS) * 3
    again = readings.Model.from_json(model.to_json())
    assert again.read("特朗普") == model.read("特朗普")


def test_unknown_characters_give_no_reading() -> None:
    model = readings.train(PAIRS, "Hani", max_seg=5)
    assert model.read("龘") == []


@pytest.mark.parametrize(
    ("pair", "same"),
    [
        ("王明|王明", True),
        ("習近平|习近平", True),  # traditional and simplified
        ("王明|明王", False),  # the same characters in another order
        ("张伟|章伟", False),  # a homophone is another name
        ("习近平|Xi Jinping", True),
    ],
)
def test_han_names_are_compared_as_written(pair: str, same: bool) -> None:
    assert (name(pair) >= DEFAULT.threshold) is same


def test_honorifics_are_dropped_per_script() -> None:
    assert drop_native_titles("श्री नरेन्द्र मोदी", "Deva") == "नरेन्द्र मोदी"
    assert drop_native_titles("डा.मनमोहन सिंह", "Deva") == "मनमोहन सिंह"
    assert drop_native_titles("ד״ר משה כהן", "Hebr") == "משה כהן"
    assert drop_native_titles("นาย สมชาย", "Thai") == "สมชาย"
    # never the last word, never a word that is also a name
    assert drop_native_titles("श्री", "Deva") == "श्री"
    assert drop_native_titles("শেখ হাসিনা", "Beng") == "শেখ হাসিনা"
    assert name("श्री नरेन्द्र मोदी|Narendra Modi") == 1.0


def test_a_missing_space_is_forgiven() -> None:
    assert name("AbdulRahman Ali|Abdul Rahman Ali") == 1.0
    assert name("Mohamedali Hassan|Mohamed Ali Hassan") == 1.0
    assert name("Vladimirputin|Vladimir Putin") < DEFAULT.threshold  # long names stay apart


def test_calibration_is_monotone_and_fixes_the_threshold() -> None:
    knots = {"Hani": 0.6}
    t = DEFAULT.threshold
    assert calibrated(0.6, "Hani", knots, DEFAULT) == pytest.approx(t)
    assert calibrated(1.0, "Hani", knots, DEFAULT) == 1.0
    assert calibrated(0.3, "Latn", knots, DEFAULT) == 0.3  # no knot: unchanged
    values = [calibrated(x / 100, "Hani", knots, DEFAULT) for x in range(101)]
    assert values == sorted(values)


def test_calibration_can_be_switched_off() -> None:
    raw = MatchConfig(calibrate=False)
    assert calibration.knots_for(raw) == {}


def test_learned_readings_are_named_in_the_explanation() -> None:
    systems = {v.system for v in name_variants(NameForm("ドナルド・トランプ"))}
    assert readings.model_for("Kana") is not None  # the package ships its tables
    assert "learned" in systems


def test_learned_readings_are_compared_on_their_own_floor() -> None:
    """A transcription read back is near the name, rarely on it: the learned table's lower
    floor lifts the true person; a different person stays well below the threshold."""

    def s(pair: str, floor: float) -> float:
        a, b = pair.split("|")
        config = MatchConfig(learned_token_floor=floor, calibrate=False)
        return matching.score(_p(a), _p(b), config).score

    true, other = "מייקל סמיילי|Michael Smiley", "מייקל סמיילי|Michelle Sally"
    assert s(true, 0.45) > s(true, 0.65)
    assert s(other, 0.45) < DEFAULT.threshold


def test_two_non_latin_sides_take_the_stricter_scale() -> None:
    knots = {"Hani": 0.6, "Cyrl": 0.8}
    one = calibration.on_common_scale(0.7, "Hani", "Cyrl", knots, DEFAULT)
    assert one == calibration.on_common_scale(0.7, "Cyrl", "Hani", knots, DEFAULT)
    assert one == calibrated(0.7, "Cyrl", knots, DEFAULT)
    assert calibration.on_common_scale(0.7, "Latn", "Latn", knots, DEFAULT) == 0.7


def test_initials_spelled_as_letter_names_are_initials() -> None:
    """Indian names carry initials, which Hindi spells out (आर for R, ए. एन. for A.N.)."""
    from xborder.screening.normalise import letter_name_initials

    assert letter_name_initials("त्यागराजन आर", "Deva") == ("त्यागराजन", (), ("r",))
    assert letter_name_initials("जी। ए। राजेंद्रन", "Deva") == ("राजेंद्रन", ("g", "a"), ())
    assert letter_name_initials("आर एस", "Deva") == ("आर एस", (), ())  # nothing else: kept
    assert letter_name_initials("Raj R", "Latn") == ("Raj R", (), ())
    assert name("रंगराजन आर|RANGARAJAN.R") > name("रंगराजन आर|RANGARAJAN.K")


def test_single_words_use_the_token_knot_and_full_names_are_not_calibrated_by_it() -> None:
    knots = {"Cyrl" + calibration.WORD_KNOT: 0.8}
    assert calibration.on_common_scale(0.8, "Cyrl", "Latn", knots, DEFAULT, token=True) == (
        pytest.approx(DEFAULT.threshold)
    )
    assert calibration.on_common_scale(0.8, "Cyrl", "Latn", knots, DEFAULT, token=False) == 0.8
    both = {"Hans": 0.75}  # no token knot: single words take the script's
    assert calibration.on_common_scale(0.75, "Latn", "Hans", both, DEFAULT, token=True) == (
        pytest.approx(DEFAULT.threshold)
    )
