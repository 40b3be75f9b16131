"""A person's name as written somewhere: in its original script, or a Latin rendering of it.

Screening and review both need to know *which* written form a name is (the passport's ICAO
transliteration, a news report's spelling, a maiden name), so each form is its own value
rather than a string on the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xborder.kernel.errors import Invalid


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
