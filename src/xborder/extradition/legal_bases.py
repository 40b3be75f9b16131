"""Legal bases for extradition between two states, as configuration.

Every convention, the European Arrest Warrant and each bilateral treaty is an entry of
`data/legal_bases.json` with the parameters the deadlines and the checklist need, so a new
treaty is a JSON entry, not code. "No treaty" (reciprocity / domestic law) is a basis too and
applies to any pair, last. Party lists are data: the EAW entry's parties are the EU members.
A party list may be given as ``"*"`` (every ISO 3166 country, via pycountry) with ``except``:
that is how the near-universal UN conventions are modelled (see the entry's note).
Pure: reads only its packaged data file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry


class BasisKind(StrEnum):
    EAW = "eaw"
    MULTILATERAL = "multilateral"
    BILATERAL = "bilateral"
    UN = "un"
    RECIPROCITY = "reciprocity"


# Best first: the more specific instrument prevails (EAW between EU members replaces the ECE,
# art. 31 FD 2002/584/JHA; a bilateral treaty is more specific than a convention).
_PRECEDENCE: dict[BasisKind, int] = {
    BasisKind.EAW: 0,
    BasisKind.BILATERAL: 1,
    BasisKind.MULTILATERAL: 2,
    BasisKind.UN: 3,
    BasisKind.RECIPROCITY: 4,
}


@dataclass(frozen=True)
class LegalBasis:
    id: str
    name: str
    kind: BasisKind
    parties: frozenset[str]  # ISO 3166 alpha-2; empty for reciprocity (any pair)
    provisional_arrest_days: int | None  # release possible without a formal request by then
    provisional_arrest_max_days: int | None  # never beyond
    decision_days: int | None  # final decision within, from the arrest
    decision_extension_days: int | None
    consent_decision_days: int | None  # decision within, from the consent
    surrender_days: int | None  # surrender within, from the final decision
    min_penalty_months: int  # extraditable: punishable by at least
    min_sentence_months: int  # or a sentence of at least
    nationals_extradited: bool  # the basis obliges extraditing own nationals
    non_extraditing_states: frozenset[str]  # parties that refuse their nationals under it
    listed_offences_without_dual_criminality: bool
    languages: tuple[str, ...]  # ISO 639-1
    death_penalty_assurance_required: bool
    fiscal_offences_excluded: bool
    speciality: bool
    source: str
    note: str = ""  # what is unverified or modelled, in words
    # For a sentence to be enforced, must the offence also reach min_penalty_months?
    # (ECE art. 2(1): yes, both; EAW art. 2(1): either threshold suffices.)
    penalty_and_sentence: bool = True
    refs: tuple[tuple[str, str], ...] = ()  # (topic, citation) pairs, see `ref`

    def applies_to(self, requesting: str, requested: str) -> bool:
        if self.kind is BasisKind.RECIPROCITY:
            return requesting.upper() != requested.upper()
        return (
            requesting.upper() != requested.upper()
            and requesting.upper() in self.parties
            and requested.upper() in self.parties
        )

    def ref(self, topic: str, default: str = "") -> str:
        """The citation of one topic ("provisional_arrest", "decision", ...) in this basis."""
        for t, citation in self.refs:
            if t == topic:
                return citation
        return default


def _parties(raw: Any, exclude: Any) -> frozenset[str]:
    if raw == "*":
        everyone = {str(c.alpha_2) for c in pycountry.countries}
        return frozenset(everyone - {str(x).upper() for x in exclude or ()})
    codes = frozenset(str(x).upper() for x in raw)
    unknown = sorted(c for c in codes if pycountry.countries.get(alpha_2=c) is None)
    if unknown:
        raise ValueError(f"legal_bases.json: unknown country codes {unknown}")
    return codes


def _opt_int(v: Any) -> int | None:
    return None if v is None else int(v)


def basis_from_entry(e: Mapping[str, Any]) -> LegalBasis:
    """One entry of legal_bases.json (the whole of what a new treaty needs); an unknown
    country code or kind fails here, when the data is loaded, not in a case."""
    return LegalBasis(
        id=str(e["id"]),
        name=str(e["name"]),
        kind=BasisKind(e["kind"]),
        parties=_parties(e.get("parties", []), e.get("except")),
        provisional_arrest_days=_opt_int(e.get("provisional_arrest_days")),
        provisional_arrest_max_days=_opt_int(e.get("provisional_arrest_max_days")),
        decision_days=_opt_int(e.get("decision_days")),
        decision_extension_days=_opt_int(e.get("decision_extension_days")),
        consent_decision_days=_opt_int(e.get("consent_decision_days")),
        surrender_days=_opt_int(e.get("surrender_days")),
        min_penalty_months=int(e["min_penalty_months"]),
        min_sentence_months=int(e["min_sentence_months"]),
        nationals_extradited=bool(e["nationals_extradited"]),
        non_extraditing_states=_parties(e.get("non_extraditing_states", []), None),
        listed_offences_without_dual_criminality=bool(
            e.get("listed_offences_without_dual_criminality", False)
        ),
        languages=tuple(str(x) for x in e.get("languages", [])),
        death_penalty_assurance_required=bool(e["death_penalty_assurance_required"]),
        fiscal_offences_excluded=bool(e["fiscal_offences_excluded"]),
        speciality=bool(e["speciality"]),
        source=str(e["source"]),
        note=str(e.get("note", "")),
        penalty_and_sentence=bool(e.get("penalty_and_sentence", True)),
        refs=tuple((str(k), str(v)) for k, v in dict(e.get("refs", {})).items()),
    )


@lru_cache(maxsize=1)
def all_bases() -> tuple[LegalBasis, ...]:
    raw = json.loads(
        resources.files("xborder.extradition").joinpath("data/legal_bases.json").read_text("utf-8")
    )
    bases = tuple(basis_from_entry(e) for e in raw["bases"])
    ids = [b.id for b in bases]
    if len(set(ids)) != len(ids):
        raise ValueError("legal_bases.json: duplicate ids")
    if sum(1 for b in bases if b.kind is BasisKind.RECIPROCITY) != 1:
        raise ValueError("legal_bases.json: exactly one reciprocity basis is required")
    return bases


def get_basis(basis_id: str) -> LegalBasis:
    for b in all_bases():
        if b.id == basis_id:
            return b
    raise ValueError(f"unknown legal basis: {basis_id!r}")


def bases_between(requesting: str, requested: str) -> list[LegalBasis]:
    """The bases on which `requesting` may ask `requested`, best first; reciprocity always last
    (it is never absent: a state may extradite under its domestic law without a treaty)."""
    found = [b for b in all_bases() if b.applies_to(requesting, requested)]
    return sorted(found, key=lambda b: (_PRECEDENCE[b.kind], b.id))
