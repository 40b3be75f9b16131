"""Grounds for refusing extradition: the catalogue and the pre-decision checklist.

The checklist shows the requested state's authority which grounds the file itself raises (a
dual criminality not shown, a penalty under the treaty minimum, a national of a state that does
not extradite its nationals, a notice refused under art. 3 ...). It never decides: "raised"
means the file shows the ground, "consider" means the authority must look. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from xborder.extradition.eaw import IN_ABSENTIA_GUARANTEES
from xborder.extradition.legal_bases import BasisKind, LegalBasis
from xborder.extradition.requestfile import Offence, RequestFile


class Ground(StrEnum):
    POLITICAL_OFFENCE = "political_offence"
    MILITARY_OFFENCE = "military_offence"
    FISCAL_OFFENCE = "fiscal_offence"
    OWN_NATIONAL = "own_national"
    PENDING_PROCEEDINGS = "pending_proceedings"
    NE_BIS_IN_IDEM = "ne_bis_in_idem"
    LAPSE_OF_TIME = "lapse_of_time"
    DEATH_PENALTY = "death_penalty"
    HUMAN_RIGHTS = "human_rights"
    IN_ABSENTIA = "in_absentia"
    EXTRANEOUS_CONSIDERATIONS = "extraneous_considerations"
    PASSAGE_OF_TIME = "passage_of_time"
    FORUM = "forum"
    SPECIALITY = "speciality"
    DUAL_CRIMINALITY = "dual_criminality"
    PENALTY_THRESHOLD = "penalty_threshold"


@dataclass(frozen=True)
class GroundInfo:
    ground: Ground
    label: str
    description: str
    legal_refs: tuple[str, ...]
    mandatory: bool  # mandatory (must refuse) vs optional (may refuse)
    parameters: Mapping[str, Any] = field(default_factory=dict)


# EAW art. 2(2): listed offences punishable by at least 3 years need no dual criminality.
LISTED_MIN_PENALTY_MONTHS = 36
# The refusal ground of the linked notice that matters to the checklist, and the notice states
# in which it does: refused or deleted (an expired or withdrawn notice says nothing of art. 3).
ART3 = "art3"
ART3_NOTICE_STATES = frozenset({"refused", "deleted"})
# The EAW has no political offence exception; what remains is the refusal of a warrant issued
# to punish political opinions (recital 12) and fundamental rights (art. 1(3)).
EAW_POLITICAL_REF = "FD 2002/584/JHA recital 12; art. 1(3)"


def _info(
    ground: Ground,
    label: str,
    description: str,
    refs: tuple[str, ...],
    mandatory: bool,
    **parameters: Any,
) -> GroundInfo:
    return GroundInfo(ground, label, description, refs, mandatory, parameters)


G = Ground
CATALOGUE: Mapping[Ground, GroundInfo] = {
    i.ground: i
    for i in (
        _info(
            G.POLITICAL_OFFENCE,
            "Political offence",
            "The offence is political or connected with one; raised too when the linked notice"
            " was refused or deleted under art. 3 of the Organization's Constitution. The EAW"
            " has no political offence exception.",
            ("ECE art. 3(1)", "UN Model Treaty art. 3(a)", "UK Extradition Act 2003 s81"),
            True,
            nature="political",
            notice_refusal_ground=ART3,
        ),
        _info(
            G.MILITARY_OFFENCE,
            "Military offence",
            "A purely military offence, not an offence under ordinary criminal law.",
            ("ECE art. 4", "UN Model Treaty art. 3(c)"),
            True,
            nature="military",
        ),
        _info(
            G.FISCAL_OFFENCE,
            "Fiscal offence",
            "Taxes, duties, customs and exchange: excluded by older treaties unless agreed"
            " (the basis says whether).",
            ("ECE art. 5", "ECE 2nd Add. Prot. art. 2", "UN Model Treaty art. 2(3)"),
            True,
            nature="fiscal",
            applies_when="basis.fiscal_offences_excluded",
        ),
        _info(
            G.OWN_NATIONAL,
            "Own national",
            "The person is a national of the requested state, which may refuse (or, under its"
            " constitution, must) under the basis.",
            ("ECE art. 6", "FD 2002/584/JHA arts. 4(6), 5(3)", "UNTOC art. 16(10)"),
            False,
            non_extraditing_states="basis.non_extraditing_states",
        ),
        _info(
            G.PENDING_PROCEEDINGS,
            "Pending proceedings",
            "The requested state is prosecuting the person for the same acts.",
            ("ECE art. 8", "FD 2002/584/JHA art. 4(2)"),
            False,
        ),
        _info(
            G.NE_BIS_IN_IDEM,
            "Ne bis in idem",
            "A final judgment has been passed on the person for the same acts.",
            ("ECE art. 9", "FD 2002/584/JHA art. 3(2)", "UN Model Treaty art. 3(d)"),
            True,
        ),
        _info(
            G.LAPSE_OF_TIME,
            "Lapse of time (limitation)",
            "Prosecution or enforcement is time-barred.",
            ("ECE art. 10", "FD 2002/584/JHA art. 4(4)", "UN Model Treaty art. 3(e)"),
            True,
        ),
        _info(
            G.DEATH_PENALTY,
            "Death penalty without assurance",
            "The offence is punishable by death in the requesting state and no sufficient"
            " assurance that it will not be carried out is given.",
            ("ECE art. 11", "ECHR Protocol No. 13", "Soering v. United Kingdom (1989)"),
            True,
            assurance="assurances.death_penalty",
        ),
        _info(
            G.HUMAN_RIGHTS,
            "Human-rights risk",
            "Surrender would be incompatible with the person's fundamental rights (prison"
            " conditions, fair trial, torture): the authority weighs the sources entered.",
            ("UK Extradition Act 2003 s21", "ECHR art. 3", "FD 2002/584/JHA art. 1(3)"),
            True,
            sources="reviewer-entered",
        ),
        _info(
            G.IN_ABSENTIA,
            "Trial in absentia without retrial",
            "The judgement was rendered in the person's absence and no right to a retrial is"
            " guaranteed (under the EAW: none of the four situations of art. 4a(1)).",
            ("UK Extradition Act 2003 s20", "FD 2002/584/JHA art. 4a", "ECE 2nd Add. Prot. art. 3"),
            True,
            guarantee="warrant.retrial_guaranteed or assurances.retrial or EAW section (d)",
        ),
        _info(
            G.EXTRANEOUS_CONSIDERATIONS,
            "Extraneous considerations",
            "The request is made to punish the person for race, religion, nationality, gender,"
            " sexual orientation or political opinions, or they would be prejudiced for them.",
            ("UK Extradition Act 2003 s13", "ECE art. 3(2)", "UNTOC art. 16(14)"),
            True,
            notice_refusal_ground=ART3,
        ),
        _info(
            G.PASSAGE_OF_TIME,
            "Passage of time",
            "Surrender would be unjust or oppressive because of the time since the acts: a bar"
            " of the requested state's own law (the UK's), raised only where the basis cites it"
            " for that state.",
            ("UK Extradition Act 2003 s14",),
            True,
            years=10,
        ),
        _info(
            G.FORUM,
            "Forum",
            "The acts took place wholly or partly in the requested state (or outside the"
            " requesting state): prosecution there may be in the interests of justice (where"
            " the harm occurred, victims' interests, delay, the person's connections).",
            ("UK Extradition Act 2003 s19B", "ECE art. 7", "FD 2002/584/JHA art. 4(7)"),
            False,
        ),
        _info(
            G.SPECIALITY,
            "Speciality",
            "No speciality arrangement: neither the basis nor an assurance protects the person"
            " from prosecution for other offences after surrender.",
            ("ECE art. 14", "UK Extradition Act 2003 s17", "FD 2002/584/JHA art. 27"),
            True,
            assurance="assurances.speciality",
        ),
        _info(
            G.DUAL_CRIMINALITY,
            "Dual criminality",
            "The acts must be an offence in the requested state too, punishable at the"
            " basis's minimum; not verified for an EAW listed category punishable by at least"
            " three years.",
            ("ECE art. 2(1)", "FD 2002/584/JHA arts. 2(2), 2(4), 4(1)"),
            True,
            listed_min_penalty_months=LISTED_MIN_PENALTY_MONTHS,
            min_penalty_months="basis.min_penalty_months",
        ),
        _info(
            G.PENALTY_THRESHOLD,
            "Penalty below the minimum",
            "The offence is not extraditable: punishable by less than the basis's minimum, or"
            " the sentence imposed is shorter than its minimum.",
            ("ECE art. 2(1)", "FD 2002/584/JHA art. 2(1)"),
            True,
            min_penalty_months="basis.min_penalty_months",
            min_sentence_months="basis.min_sentence_months",
        ),
    )
}

# Where a basis cites a ground (LegalBasis.refs topics).
_TOPIC: dict[Ground, str] = {
    G.POLITICAL_OFFENCE: "political",
    G.MILITARY_OFFENCE: "military",
    G.FISCAL_OFFENCE: "fiscal",
    G.OWN_NATIONAL: "nationals",
    G.PENDING_PROCEEDINGS: "pending_proceedings",
    G.NE_BIS_IN_IDEM: "ne_bis_in_idem",
    G.LAPSE_OF_TIME: "lapse_of_time",
    G.DEATH_PENALTY: "death_penalty",
    G.HUMAN_RIGHTS: "human_rights",
    G.IN_ABSENTIA: "in_absentia",
    G.EXTRANEOUS_CONSIDERATIONS: "extraneous",
    G.PASSAGE_OF_TIME: "passage_of_time",
    G.FORUM: "forum",
    G.SPECIALITY: "speciality",
    G.DUAL_CRIMINALITY: "dual_criminality",
    G.PENALTY_THRESHOLD: "scope",
}


@dataclass(frozen=True)
class CheckContext:
    basis: LegalBasis
    file: RequestFile
    requesting_state: str
    requested_state: str
    today: date
    notice_state: str | None = None
    notice_refusal_grounds: tuple[str, ...] = ()
    pending_proceedings: bool = False
    final_judgment_same_acts: bool = False
    human_rights_sources: tuple[str, ...] = ()
    passage_of_time_years: int = 10
    # EAW form section (d): which art. 4a(1) situation the issuing authority certifies
    # (eaw.IN_ABSENTIA_GUARANTEES); None when there is no form.
    in_absentia_guarantee: str | None = None


RAISED = "raised"
CONSIDER = "consider"


@dataclass(frozen=True)
class Raised:
    ground: Ground
    offence_ref: str | None  # None: the ground concerns the whole request
    level: str  # RAISED | CONSIDER
    text: str
    evidence: Mapping[str, Any]
    legal_ref: str
    # Must the requested state refuse on this ground under this basis (True), or may it
    # (False)? The catalogue's flag, less the basis's "optional" grounds.
    mandatory: bool = True


def mandatory_under(ground: Ground, basis: LegalBasis) -> bool:
    """The catalogue's flag is the usual rule; a basis may make a ground optional (EAW
    arts. 4, 4a: "may refuse"; ECE art. 11: "may be refused")."""
    return CATALOGUE[ground].mandatory and ground.value not in basis.optional_grounds


def no_provision(basis: LegalBasis) -> str:
    return f"no specific provision in {basis.name}: requested state's law"


def legal_ref(ground: Ground, basis: LegalBasis, requested: str = "") -> str:
    """The basis's own citation for the ground, scoped to the requested state where the basis
    has one ("forum@GB"), else a plain statement that the basis has none: never another
    instrument's article (the catalogue's refs name instruments that may not bind the two
    states)."""
    topic = _TOPIC[ground]
    found = basis.ref_for(topic, requested) if requested else basis.ref(topic)
    return found or no_provision(basis)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _norm(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _art3(ctx: CheckContext) -> bool:
    return ctx.notice_state in ART3_NOTICE_STATES and any(
        _norm(g) == ART3 for g in ctx.notice_refusal_grounds
    )


def _listed(basis: LegalBasis, o: Offence) -> bool:
    """EAW art. 2(2): a listed category punishable by at least three years (life counts)."""
    return (
        basis.listed_offences_without_dual_criminality
        and o.eaw_category is not None
        and (o.max_penalty_months is None or o.max_penalty_months >= LISTED_MIN_PENALTY_MONTHS)
    )


def _months(m: int | None) -> str:
    return "life imprisonment" if m is None else f"{m} months"


def checklist(ctx: CheckContext) -> list[Raised]:
    """The grounds the file raises, in catalogue order, per offence where the ground concerns
    one offence (`offence_ref`) and for the whole request otherwise. It never decides."""
    b, f = ctx.basis, ctx.file
    requested = ctx.requested_state.upper()
    eaw = b.kind is BasisKind.EAW
    out: list[Raised] = []

    def add(
        ground: Ground,
        ref: str | None,
        level: str,
        text: str,
        cite: str | None = None,
        **evidence: Any,
    ) -> None:
        cited = cite or legal_ref(ground, b, requested)
        # A ground the basis says is no bar at all ("bar": False) is never mandatory.
        must = mandatory_under(ground, b) and evidence.get("bar", True) is not False
        out.append(Raised(ground, ref, level, text, evidence, cited, must))

    # Political offence: the offence's nature, or the notice refused/deleted under art. 3.
    for o in f.offences:
        if "political" in o.nature:
            if eaw:
                add(
                    G.POLITICAL_OFFENCE,
                    o.ref,
                    CONSIDER,
                    "Described as political; the EAW has no political offence exception, but"
                    " surrender may not serve to punish political opinions (FD recital 12).",
                    nature=sorted(o.nature),
                )
            else:
                add(
                    G.POLITICAL_OFFENCE,
                    o.ref,
                    RAISED,
                    "The file describes the offence as political.",
                    nature=sorted(o.nature),
                )
    if _art3(ctx):
        add(
            G.POLITICAL_OFFENCE,
            None,
            CONSIDER if eaw else RAISED,
            f"The linked notice was {ctx.notice_state} under art. 3 of the Constitution"
            " (political, military, religious or racial character)"
            + (
                "; the EAW has no political offence exception, but surrender may not serve to"
                " punish political opinions."
                if eaw
                else "."
            ),
            EAW_POLITICAL_REF if eaw else None,
            notice_state=ctx.notice_state,
            notice_refusal_grounds=list(ctx.notice_refusal_grounds),
        )
    for o in f.offences:
        if "military" in o.nature:
            add(
                G.MILITARY_OFFENCE,
                o.ref,
                CONSIDER if eaw else RAISED,
                "The file describes the offence as military"
                + ("; the EAW has no military offence exception." if eaw else "."),
                nature=sorted(o.nature),
            )
    for o in f.offences:
        if "fiscal" in o.nature and b.fiscal_offences_excluded:
            if b.fiscal_protocol:
                # ECE art. 5 excludes them only unless the parties agreed; the 2nd Additional
                # Protocol (art. 2) is that agreement for most parties (not modelled per party).
                add(
                    G.FISCAL_OFFENCE,
                    o.ref,
                    CONSIDER,
                    f"A fiscal offence: {b.name} excludes it unless the parties agreed; between"
                    f" parties to {b.fiscal_protocol} it is extraditable. Check that both are.",
                    nature=sorted(o.nature),
                    basis=b.id,
                    protocol=b.fiscal_protocol,
                )
            else:
                add(
                    G.FISCAL_OFFENCE,
                    o.ref,
                    RAISED,
                    f"A fiscal offence, which {b.name} excludes unless the parties agreed"
                    " otherwise.",
                    nature=sorted(o.nature),
                    basis=b.id,
                )
    if requested in f.person.nationalities:
        ev: dict[str, Any] = {
            "nationalities": list(f.person.nationalities),
            "requested_state": requested,
        }
        if requested in b.non_extraditing_states:
            add(
                G.OWN_NATIONAL,
                None,
                RAISED,
                f"The person is a national of {requested}, which does not extradite its"
                f" nationals under {b.name}.",
                **ev,
            )
        elif not b.nationals_extradited:
            add(
                G.OWN_NATIONAL,
                None,
                CONSIDER,
                f"The person is a national of {requested}; {b.name} does not oblige it to"
                " extradite its nationals (if it refuses, it must consider prosecuting).",
                **ev,
            )
        elif eaw:
            add(
                G.OWN_NATIONAL,
                None,
                CONSIDER,
                f"The person is a national of {requested}: for a sentence, execution there"
                " (art. 4(6)); for a prosecution, a guarantee of return (art. 5(3)).",
                **ev,
            )
    if ctx.pending_proceedings:
        add(
            G.PENDING_PROCEEDINGS,
            None,
            RAISED,
            "The requested state prosecutes the person for the same acts.",
            pending_proceedings=True,
        )
    if ctx.final_judgment_same_acts:
        add(
            G.NE_BIS_IN_IDEM,
            None,
            RAISED,
            "A final judgment has been passed on the person for the same acts.",
            final_judgment_same_acts=True,
        )
    for o in f.offences:
        if not b.lapse_of_time_bar:
            if o.limitation_ends is not None and o.limitation_ends < ctx.today:
                cite = b.ref("no_lapse_of_time_bar") or b.source
                add(
                    G.LAPSE_OF_TIME,
                    o.ref,
                    CONSIDER,
                    f"Limitation ended on {o.limitation_ends.isoformat()}, but under {b.name}"
                    f" lapse of time is not a bar ({cite}).",
                    cite,
                    limitation_ends=o.limitation_ends.isoformat(),
                    today=ctx.today.isoformat(),
                    bar=False,
                )
        elif o.limitation_ends is not None and o.limitation_ends < ctx.today:
            add(
                G.LAPSE_OF_TIME,
                o.ref,
                RAISED,
                f"Limitation ended on {o.limitation_ends.isoformat()}.",
                limitation_ends=o.limitation_ends.isoformat(),
                today=ctx.today.isoformat(),
            )
        elif o.limitation_ends is None and not f.limitation_rules.strip():
            add(
                G.LAPSE_OF_TIME,
                o.ref,
                CONSIDER,
                "The file shows neither the limitation rules nor when limitation ends.",
                limitation_ends=None,
            )
    for o in f.offences:
        if o.punishable_by_death and not f.assurances.death_penalty:
            add(
                G.DEATH_PENALTY,
                o.ref,
                RAISED if b.death_penalty_assurance_required else CONSIDER,
                "Punishable by death in the requesting state; no assurance that the death"
                " penalty will not be imposed or carried out"
                + ("." if b.death_penalty_assurance_required else f" ({b.name} requires none)."),
                punishable_by_death=True,
                assurance=False,
            )
    if ctx.human_rights_sources:
        add(
            G.HUMAN_RIGHTS,
            None,
            CONSIDER,
            f"{len(ctx.human_rights_sources)} source(s) of a risk to the person's rights were"
            " entered: weigh them, and the assurances given.",
            sources=list(ctx.human_rights_sources),
            assurances={
                "fair_trial": f.assurances.fair_trial,
                "prison_conditions": f.assurances.prison_conditions,
            },
        )
    w = f.warrant
    # Only a judgement can have been rendered in absentia (an arrest warrant for prosecution
    # precedes any trial). Under the EAW art. 4a(1) bars refusal in four situations, not only
    # a retrial, and the ground itself is optional ("may refuse").
    certified = ctx.in_absentia_guarantee in IN_ABSENTIA_GUARANTEES
    if (
        w.kind == "judgement"
        and w.in_absentia
        and not (w.retrial_guaranteed or f.assurances.retrial or certified)
    ):
        add(
            G.IN_ABSENTIA,
            None,
            CONSIDER if eaw else RAISED,
            "The judgement was rendered in absentia and no right to a retrial is guaranteed"
            + (
                " (nor any other situation of art. 4a(1) certified in section (d))." if eaw else "."
            ),
            in_absentia=True,
            retrial_guaranteed=False,
            in_absentia_guarantee=ctx.in_absentia_guarantee,
        )
    if _art3(ctx):
        add(
            G.EXTRANEOUS_CONSIDERATIONS,
            None,
            CONSIDER,
            f"The linked notice was {ctx.notice_state} under art. 3: consider whether the"
            " request is made for the person's race, religion, nationality or opinions.",
            notice_state=ctx.notice_state,
            notice_refusal_grounds=list(ctx.notice_refusal_grounds),
        )
    # Passage of time is a bar of the requested state's own law (the UK's), not of a treaty:
    # raised only where the basis cites it for this requested state.
    cutoff = _years_before(ctx.today, ctx.passage_of_time_years)
    passage = bool(b.ref_for(_TOPIC[G.PASSAGE_OF_TIME], requested))
    for o in f.offences:
        if passage and o.committed_on <= cutoff:
            add(
                G.PASSAGE_OF_TIME,
                o.ref,
                CONSIDER,
                f"The acts are more than {ctx.passage_of_time_years} years old"
                f" ({o.committed_on.isoformat()}).",
                committed_on=o.committed_on.isoformat(),
                years=ctx.passage_of_time_years,
            )
    requesting = ctx.requesting_state.upper()
    for o in f.offences:
        if o.place_country == requested:
            add(
                G.FORUM,
                o.ref,
                RAISED,
                f"The acts took place in the requested state ({requested}).",
                place_country=o.place_country,
            )
        elif o.place_country and o.place_country != requesting:
            add(
                G.FORUM,
                o.ref,
                CONSIDER,
                f"The acts took place in a third state ({o.place_country}): consider whether"
                " the requested state's law would allow prosecuting such acts.",
                place_country=o.place_country,
            )
    if not b.speciality and not f.assurances.speciality:
        add(
            G.SPECIALITY,
            None,
            RAISED,
            f"{b.name} gives no speciality guarantee and the file has no speciality assurance.",
            basis=b.id,
            assurance=False,
        )
    for o in f.offences:
        if _listed(b, o):
            continue
        note = (
            " (a listed category, but punishable by less than three years)"
            if eaw and o.eaw_category is not None
            else ""
        )
        if not o.requested_state_offence.strip():
            add(
                G.DUAL_CRIMINALITY,
                o.ref,
                RAISED,
                "Dual criminality not shown: no equivalent offence in the requested state"
                + note
                + ".",
                eaw_category=o.eaw_category,
                max_penalty_months=o.max_penalty_months,
            )
        elif not b.requested_state_min_penalty:
            # EAW art. 2(1), 2(4); UNTOC art. 16(1): the threshold is the requesting state's;
            # in the requested state the acts need only be an offence.
            continue
        elif o.requested_state_penalty_months is None:
            add(
                G.DUAL_CRIMINALITY,
                o.ref,
                CONSIDER,
                f"The file does not say the penalty in the requested state: {b.name} asks"
                f" for at least {b.min_penalty_months} months under the law of both states.",
                requested_state_offence=o.requested_state_offence,
                requested_state_penalty_months=None,
                min_penalty_months=b.min_penalty_months,
            )
        elif o.requested_state_penalty_months < b.min_penalty_months:
            add(
                G.DUAL_CRIMINALITY,
                o.ref,
                RAISED,
                f"In the requested state ({o.requested_state_offence}) punishable by"
                f" {o.requested_state_penalty_months} months, under the"
                f" {b.min_penalty_months} months {b.name} requires.",
                requested_state_offence=o.requested_state_offence,
                requested_state_penalty_months=o.requested_state_penalty_months,
                min_penalty_months=b.min_penalty_months,
            )
    sentence = w.sentence_months if w.kind == "judgement" else None
    if sentence is not None and sentence < b.min_sentence_months:
        add(
            G.PENALTY_THRESHOLD,
            None,
            RAISED,
            f"The sentence imposed ({sentence} months) is under the {b.min_sentence_months}"
            f" months {b.name} requires.",
            sentence_months=sentence,
            min_sentence_months=b.min_sentence_months,
        )
    if sentence is None or b.penalty_and_sentence:
        for o in f.offences:
            m = o.max_penalty_months
            if m is not None and m < b.min_penalty_months:
                add(
                    G.PENALTY_THRESHOLD,
                    o.ref,
                    RAISED,
                    f"Punishable by at most {_months(m)}, under the {b.min_penalty_months}"
                    f" months {b.name} requires.",
                    max_penalty_months=m,
                    min_penalty_months=b.min_penalty_months,
                )
    return out


def partial_outcome(
    raised: Sequence[Raised], offence_refs: Sequence[str]
) -> dict[str, list[Ground]]:
    """Per offence, the grounds raised against it (a whole-request ground counts against every
    offence), each once, in the order given; offences with none map to []. The caller filters
    by level first if it wants only what the file itself shows."""
    out: dict[str, list[Ground]] = {ref: [] for ref in offence_refs}
    for r in raised:
        targets = offence_refs if r.offence_ref is None else [r.offence_ref]
        for ref in targets:
            if ref in out and r.ground not in out[ref]:
                out[ref].append(r.ground)
    return out
