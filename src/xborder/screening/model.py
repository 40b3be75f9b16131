"""The shared types of screening, free of I/O: what a query and a screenable record look like,
and how a score explains itself feature by feature (as yente/nomenklatura do)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameForm:
    """One way a name is written. Parts are optional; `script` (ISO 15924) is detected when
    empty, `lang` helps pick transliteration systems."""

    full: str
    script: str = ""
    lang: str = ""
    given: str = ""
    family: str = ""
    patronymic: str = ""


@dataclass(frozen=True)
class Subject:
    """A person to screen, or a screenable record (a notice's subject, a listed person).

    Birth dates are partial ISO strings (`1980`, `1980-05`, `1980-05-17`) or spans
    (`1978/1982`); nationalities are ISO alpha-2; sex is M, F or U."""

    id: str
    names: tuple[NameForm, ...]
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    sex: str = "U"
    schema: str = "Person"


@dataclass(frozen=True)
class Feature:
    """One feature's part in a score. `score` is the agreement (0-1), or None when one side
    does not say (then it contributes nothing); `contribution` is what it added to (or took
    from) the final score; `detail` says why, in words an officer can check."""

    name: str
    score: float | None
    weight: float
    contribution: float
    detail: str


@dataclass(frozen=True)
class Scored:
    score: float  # 0-1
    features: tuple[Feature, ...]
