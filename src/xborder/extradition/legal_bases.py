"""Legal bases for extradition between two states, as configuration.

Every convention, the European Arrest Warrant and each bilateral treaty is an entry of
`data/legal_bases.json` with the parameters the deadlines and the checklist need, so a new
treaty is a JSON entry, not code. "No treaty" (reciprocity / domestic law) is a basis too and
applies to any pair, last (except between EU members, where the EAW alone applies). Party
lists are data: the EAW entry's parties are the EU members. A party list may be given as
``"*"`` (every ISO 3166 country, via pycountry) with ``except``: that is how the
near-universal UN conventions are modelled (see the entry's note). Pure: reads only its
packaged data file.
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
    # An EAW-like agreement between the EU and a third state (UK-EU TCA Part Three Title VII,
    # EU-Norway/Iceland Surrender Agreement): it replaces the ECE between its parties.
    SURRENDER_AGREEMENT = "surrender_agreement"
    MULTILATERAL = "multilateral"
    BILATERAL = "bilateral"
    UN = "un"
    RECIPROCITY = "reciprocity"


# Best first: the more specific instrument prevails (a surrender agreement replaces the ECE
# between its parties; a bilateral treaty is more specific than a convention). Between EU
# members the EAW is not merely first but alone (`bases_between`).
_PRECEDENCE: dict[BasisKind, int] = {
    BasisKind.EAW: 0,
    BasisKind.SURRENDER_AGREEMENT: 1,
    BasisKind.BILATERAL: 2,
    BasisKind.MULTILATERAL: 3,
    BasisKind.UN: 4,
    BasisKind.RECIPROCITY: 5,
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
    # Is lapse of time (limitation) a bar? (UK-US Treaty 2003 art. 6: decided "without regard
    # to any statute of limitations in either State".)
    lapse_of_time_bar: bool = True
    # Must the offence reach min_penalty_months in the requested state too? (ECE art. 2(1):
    # yes, "under the laws of the requesting Party and of the requested Party"; EAW art. 2(1)
    # and 2(4): the threshold is the issuing state's only, the executing state asks only that
    # the acts be an offence.)
    requested_state_min_penalty: bool = True
    # Within N days of the provisional arrest the requested state says whether the person
    # consents to a simplified surrender (ECE 3rd Add. Prot. art. 6(1)).
    consent_notice_days: int | None = None
    # Not taken over on the agreed surrender date: may be released after N days, must be after
    # the maximum (ECE art. 18(4)).
    surrender_release_days: int | None = None
    surrender_release_max_days: int | None = None
    # Two-sided agreements (the EU on one side, the UK on the other): one state of each side,
    # never two of the same side (two EU members use the EAW; Iceland and Norway theirs).
    sides: tuple[frozenset[str], frozenset[str]] | None = None
    # Grounds (grounds.Ground values) that are mandatory in the catalogue but only optional
    # under this basis ("may refuse").
    optional_grounds: frozenset[str] = frozenset()
    # A protocol that makes fiscal offences extraditable between its parties (ECE 2nd Add.
    # Prot. art. 2); "" when none. Who is a party to it is not modelled.
    fiscal_protocol: str = ""

    def applies_to(self, requesting: str, requested: str) -> bool:
        a, b = requesting.upper(), requested.upper()
        if a == b:
            return False
        if self.kind is BasisKind.RECIPROCITY:
            return True
        if self.sides is not None:
            one, other = self.sides
            return (a in one and b in other) or (a in other and b in one)
        return a in self.parties and b in self.parties

    def ref(self, topic: str, default: str = "") -> str:
        """The citation of one topic ("provisional_arrest", "decision", ...) in this basis."""
        for t, citation in self.refs:
            if t == topic:
                return citation
        return default

    def ref_for(self, topic: str, requested: str, default: str = "") -> str:
        """The citation of a topic when `requested` is the requested state: a state-scoped
        entry ("forum@GB": a UK statute, which binds only when the UK decides) first, then the
        basis's own."""
        return self.ref(f"{topic}@{requested.upper()}") or self.ref(topic, default)


def _parties(raw: Any, exclude: Any) -> frozenset[str]:
    if raw == "*":
        everyone = {str(c.alpha_2) for c in pycountry.countries}
        return frozenset(everyone - {str(x).upper() for x in exclude or ()})
    codes = frozenset(str(x).upper() for x in raw)
    unknown = sorted(c for c in codes if pycountry.countries.get(alpha_2=c) is None)
    if unknown:
        raise ValueError(f"legal_bases.json: unknown country codes {unknown}")
    return codes


def _count(key: str, v: Any) -> int:
    """A day or month count: a JSON integer, 0 or more (not a bool, text or float)."""
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ValueError(f"legal_bases.json: {key} must be a whole number, 0 or more, got {v!r}")
    return v


def _opt_count(e: Mapping[str, Any], key: str) -> int | None:
    v = e.get(key)
    return None if v is None else _count(key, v)


def _flag(e: Mapping[str, Any], key: str, default: bool | None = None) -> bool:
    """A JSON true/false; bool("false") would be True, so text is refused. Without a default
    the key is required (KeyError)."""
    v = e[key] if default is None else e.get(key, default)
    if not isinstance(v, bool):
        raise ValueError(f"legal_bases.json: {key} must be true or false, got {v!r}")
    return v


def _check(b: LegalBasis) -> LegalBasis:
    def pair(low: int | None, high: int | None, what: str) -> None:
        if low is not None and high is not None and low > high:
            raise ValueError(f"legal_bases.json: {b.id}: {what}: {low} is more than {high}")

    pair(b.provisional_arrest_days, b.provisional_arrest_max_days, "provisional_arrest_days")
    pair(b.surrender_release_days, b.surrender_release_max_days, "surrender_release_days")
    if b.sides is not None and b.sides[0] & b.sides[1]:
        raise ValueError(f"legal_bases.json: {b.id}: a state on both sides")
    outside = sorted(b.non_extraditing_states - b.parties)
    if outside and b.kind is not BasisKind.RECIPROCITY:
        raise ValueError(f"legal_bases.json: {b.id}: non_extraditing_states not parties: {outside}")
    return b


def basis_from_entry(e: Mapping[str, Any]) -> LegalBasis:
    """One entry of legal_bases.json (the whole of what a new treaty needs); an unknown
    country code or kind, a flag that is not true/false, a negative or inconsistent period,
    or a non-extraditing state that is no party fails here, when the data is loaded, not in a
    case. A two-sided agreement gives "sides" (two lists) instead of "parties"."""
    raw_sides = e.get("sides")
    sides: tuple[frozenset[str], frozenset[str]] | None = None
    if raw_sides is not None:
        if not isinstance(raw_sides, list) or len(raw_sides) != 2 or "parties" in e:
            raise ValueError(f"legal_bases.json: {e.get('id')}: sides are two lists, no parties")
        sides = (_parties(raw_sides[0], None), _parties(raw_sides[1], None))
    return _check(
        LegalBasis(
            id=str(e["id"]),
            name=str(e["name"]),
            kind=BasisKind(e["kind"]),
            parties=sides[0] | sides[1]
            if sides is not None
            else _parties(e.get("parties", []), e.get("except")),
            provisional_arrest_days=_opt_count(e, "provisional_arrest_days"),
            provisional_arrest_max_days=_opt_count(e, "provisional_arrest_max_days"),
            decision_days=_opt_count(e, "decision_days"),
            decision_extension_days=_opt_count(e, "decision_extension_days"),
            consent_decision_days=_opt_count(e, "consent_decision_days"),
            surrender_days=_opt_count(e, "surrender_days"),
            min_penalty_months=_count("min_penalty_months", e["min_penalty_months"]),
            min_sentence_months=_count("min_sentence_months", e["min_sentence_months"]),
            nationals_extradited=_flag(e, "nationals_extradited"),
            non_extraditing_states=_parties(e.get("non_extraditing_states", []), None),
            listed_offences_without_dual_criminality=_flag(
                e, "listed_offences_without_dual_criminality", False
            ),
            languages=tuple(str(x) for x in e.get("languages", [])),
            death_penalty_assurance_required=_flag(e, "death_penalty_assurance_required"),
            fiscal_offences_excluded=_flag(e, "fiscal_offences_excluded"),
            speciality=_flag(e, "speciality"),
            source=str(e["source"]),
            note=str(e.get("note", "")),
            penalty_and_sentence=_flag(e, "penalty_and_sentence", True),
            refs=tuple((str(k), str(v)) for k, v in dict(e.get("refs", {})).items()),
            lapse_of_time_bar=_flag(e, "lapse_of_time_bar", True),
            requested_state_min_penalty=_flag(e, "requested_state_min_penalty", True),
            consent_notice_days=_opt_count(e, "consent_notice_days"),
            surrender_release_days=_opt_count(e, "surrender_release_days"),
            surrender_release_max_days=_opt_count(e, "surrender_release_max_days"),
            sides=sides,
            optional_grounds=frozenset(str(x) for x in e.get("optional", [])),
            fiscal_protocol=str(e.get("fiscal_protocol", "")),
        )
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
    (it is never absent: a state may extradite under its domestic law without a treaty).
    Between EU members the EAW alone: the Framework Decision "shall replace" the ECE and the
    other extradition instruments between Member States (FD 2002/584/JHA art. 31(1)), and
    surrender between them is by warrant, not by extradition under domestic law.
    Where a surrender agreement applies (EU-UK TCA, EU-Norway/Iceland 2006) it replaces the
    ECE and its protocols between its parties (TCA art. LAW.SURR.111 / Agreement art. 34), so
    the regional multilateral conventions are not offered; UN conventions stay."""
    found = [b for b in all_bases() if b.applies_to(requesting, requested)]
    eaw = [b for b in found if b.kind is BasisKind.EAW]
    if not eaw and any(b.kind is BasisKind.SURRENDER_AGREEMENT for b in found):
        found = [b for b in found if b.kind is not BasisKind.MULTILATERAL]
    return sorted(eaw or found, key=lambda b: (_PRECEDENCE[b.kind], b.id))
