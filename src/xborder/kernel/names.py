"""A person's name as written somewhere: in its original script, or a Latin rendering of it.

Screening and review both need to know *which* written form a name is (the passport's ICAO
transliteration, a news report's spelling, a maiden name), so each form is its own value
rather than a string on the person.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from xborder.kernel.errors import Invalid

# Characters that change how a name is displayed or compared without being seen: every
# format character (bidi embeddings, overrides and isolates, zero-width space, word joiner,
# tags, BOM...), controls, variation selectors, and letters that render as blanks (Hangul
# fillers, the braille blank). A right-to-left override turns "Ivanov" into what looks like
# another name; a zero-width space splits a name so that matching misses it.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_JOINERS = frozenset("\u200c\u200d")
# Scripts whose orthography needs a zero-width (non-)joiner between two of its letters
# (Persian and Urdu, Indic scripts): there, and only there, the joiners are allowed.
_JOINING_SCRIPTS = (
    "ARABIC",
    "SYRIAC",
    "DEVANAGARI",
    "BENGALI",
    "GURMUKHI",
    "GUJARATI",
    "ORIYA",
    "TAMIL",
    "TELUGU",
    "KANNADA",
    "MALAYALAM",
    "SINHALA",
    "MYANMAR",
    "KHMER",
    "MONGOLIAN",
)


def hidden_characters(text: str) -> list[str]:
    """The control, format or invisible characters in a name, as U+XXXX. A zero-width
    (non-)joiner counts only where it does not stand between two letters (or marks) of a
    script that uses it."""
    out = []
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if ch in _JOINERS:
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if _joins(before) and _joins(after):
                continue
            out.append(f"U+{ord(ch):04X}")
        elif (
            cat in ("Cc", "Cf", "Co", "Cs", "Cn")
            or ch in _BLANK_LOOKING
            or "VARIATION SELECTOR" in unicodedata.name(ch, "")
        ):
            out.append(f"U+{ord(ch):04X}")
    return out


def _joins(ch: str) -> bool:
    """A letter or combining mark (an Indic virama) of a script that uses joiners."""
    return (
        bool(ch)
        and unicodedata.category(ch)[0] in ("L", "M")
        and unicodedata.name(ch, "").startswith(_JOINING_SCRIPTS)
    )


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    MAIDEN = "maiden"
    TRANSLITERATION = "transliteration"


@dataclass(frozen=True)
class PersonName:
    """One written form of a name.

    `full` is the form as written (native order); `given`/`family` split it where known.
    `script` is an ISO 15924 code (`Latn`, `Cyrl`, `Arab`, `Hans`, `Grek`, `Deva`, `Jpan`...),
    `lang` an ISO 639-1 code, and `system` the transliteration system that produced a Latin form
    (`icao9303`, `bgn_pcgn`, `iso9`, `fr`, `de`, `pinyin`, `wade_giles`, `hepburn`, `common`...).
    """

    full: str
    given: str = ""
    family: str = ""
    patronymic: str = ""
    script: str = "Latn"
    lang: str = ""
    kind: NameKind = NameKind.PRIMARY
    system: str = ""

    def __post_init__(self) -> None:
        if not self.full.strip():
            raise Invalid("a name needs at least one character")
        for part in (self.full, self.given, self.family, self.patronymic):
            hidden = hidden_characters(part)
            if hidden:
                raise Invalid(
                    f"a name may not carry invisible or direction-control characters"
                    f" ({', '.join(hidden)}): they change how it reads or compares",
                    field="names",
                )
