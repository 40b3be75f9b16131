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

# Characters that change how a name is displayed or compared without being visible: bidi
# embeddings, overrides and isolates (a right-to-left override turns "Ivanov" into what looks
# like another name) and zero-width or invisible marks that split a name for matching.
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_INVISIBLE = frozenset("\u200b\u2060\ufeff\u180e\u00ad\u034f\u2061\u2062\u2063\u2064")
# Joiners that some scripts need between two letters (Persian and Indic orthography).
_JOINERS = frozenset("\u200c\u200d")


def hidden_characters(text: str) -> list[str]:
    """The control or invisible characters in a name, as U+XXXX. A zero-width (non-)joiner
    counts only where it does not stand between two letters of a script that uses it
    (Arabic-script, Indic and other non-Latin joining scripts)."""
    out = []
    for i, ch in enumerate(text):
        if ch in _BIDI_CONTROLS or ch in _INVISIBLE or unicodedata.category(ch) == "Cc":
            out.append(f"U+{ord(ch):04X}")
        elif ch in _JOINERS:
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if not (_joining_letter(before) and _joining_letter(after)):
                out.append(f"U+{ord(ch):04X}")
    return out


def _joining_letter(ch: str) -> bool:
    """A letter or combining mark (an Indic virama) of a script other than Latin."""
    return (
        bool(ch)
        and unicodedata.category(ch)[0] in ("L", "M")
        and not ch.isascii()
        and "LATIN" not in unicodedata.name(ch, "")
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
