"""Script detection and the ASCII matching key that search relies on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.names import char_script, detect_script, fold


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Vladimir Putin", "Latn"),
        ("Müller-Lüdenscheidt", "Latn"),
        ("Владимир Путин", "Cyrl"),
        ("Юлія Тимошенко", "Cyrl"),
        ("Ζορμπάς", "Grek"),
        ("معمر القذافي", "Arab"),
        ("محمود احمدی‌نژاد", "Arab"),  # Persian is Arabic script
        ("דוד כהן", "Hebr"),
        ("राहुल श्रीवास्तव", "Deva"),
        ("习近平", "Hani"),
        ("馬英九", "Hani"),
        ("佐藤 晃", "Hani"),  # kanji alone cannot be told from Chinese
        ("さとう あきら", "Jpan"),
        ("佐藤 さゆり", "Jpan"),
        ("김민준", "Hang"),
        ("สมชาย ใจดี", "Thai"),
        ("მიხეილ სააკაშვილი", "Geor"),
        ("Նիկոլ Փաշինյան", "Armn"),
        ("", "Zyyy"),
        ("12-34 !", "Zyyy"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_dominant_script_wins_and_ties_go_to_the_first() -> None:
    assert detect_script("Иван Smith-Петров") == "Cyrl"
    assert detect_script("ab аб") == "Latn"
    assert char_script("7") == "Zyyy"
    assert char_script("ж") == "Cyrl"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("  JOSÉ   García-López ", "jose garcia lopez"),
        ("O'Brien", "obrien"),
        ("Hsi Chin-p'ing", "hsi chin ping"),
        ("Olʹga", "olga"),
        ("Владимир Путин", "vladimir putin"),
        ("ＡＢＣ", "abc"),  # NFKC: full-width letters
        ("Weiß", "weiss"),
        ("", ""),
    ],
)
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_is_idempotent_and_ascii(text: str) -> None:
    key = fold(text)
    assert key.isascii()
    assert fold(key) == key
    assert key == key.strip() and "  " not in key
    assert all(c.islower() or c.isdigit() or c == " " for c in key)
