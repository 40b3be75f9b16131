"""A case between two states, as data: extradition and mutual legal assistance (MLA) share the
machinery (a signed, versioned file, a timeline both sides see, deadlines), each with its own
lifecycle as an explicit table of transitions (docs/reference/extradition.md). Pure: no I/O, no
clock.

Who acts is part of each step: the requesting state sends and answers, the requested state
acknowledges, asks, decides and carries out. A step may also need the decision right (the
requested state's supervisor): `DECIDING_STEPS`.
"""

from __future__ import annotations

from enum import StrEnum

from xborder.kernel.errors import Conflict


class CaseKind(StrEnum):
    EXTRADITION = "extradition"
    MLA = "mla"


class Side(StrEnum):
    REQUESTING = "requesting"
    REQUESTED = "requested"
    EITHER = "either"


# --- extradition -----------------------------------------------------------------------------


class State(StrEnum):
    PROVISIONAL_ARREST = "provisional_arrest"  # urgent request; the formal one is awaited
    FORMAL_REQUEST = "formal_request"  # the file is received, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"  # under examination by the requested state
    INFO_REQUESTED = "info_requested"  # additional information asked for
    DECIDED = "decided"  # granted, partially granted or refused (`Outcome`)
    SURRENDER_ARRANGED = "surrender_arranged"
    SURRENDERED = "surrendered"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class Step(StrEnum):
    FORMAL = "formal"  # the formal request (file) follows a provisional arrest
    ARREST = "arrest"  # the requested state reports the arrest (starts the clock)
    EXTEND = "extend"  # the decision period is extended (EAW: by 30 days, art. 17(4))
    ACKNOWLEDGE = "acknowledge"
    ASK_INFO = "ask_info"
    ANSWER_INFO = "answer_info"
    CONSENT = "consent"  # the person consents to simplified surrender
    DECIDE = "decide"
    ARRANGE_SURRENDER = "arrange_surrender"
    SURRENDER = "surrender"  # the person was handed over
    RELEASE = "release"
    WITHDRAW = "withdraw"
    CLOSE = "close"


class Outcome(StrEnum):
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"  # granted for some offences only
    REFUSED = "refused"


S = State
PRE_DECISION = (S.PROVISIONAL_ARREST, S.FORMAL_REQUEST, S.ACKNOWLEDGED, S.INFO_REQUESTED)
TRANSITIONS: dict[tuple[State, Step], State] = {
    (S.PROVISIONAL_ARREST, Step.ARREST): S.PROVISIONAL_ARREST,
    (S.FORMAL_REQUEST, Step.ARREST): S.FORMAL_REQUEST,
    (S.ACKNOWLEDGED, Step.ARREST): S.ACKNOWLEDGED,
    (S.PROVISIONAL_ARREST, Step.FORMAL): S.FORMAL_REQUEST,
    (S.FORMAL_REQUEST, Step.ACKNOWLEDGE): S.ACKNOWLEDGED,
    (S.ACKNOWLEDGED, Step.EXTEND): S.ACKNOWLEDGED,
    (S.INFO_REQUESTED, Step.EXTEND): S.INFO_REQUESTED,
    (S.ACKNOWLEDGED, Step.ASK_INFO): S.INFO_REQUESTED,
    (S.INFO_REQUESTED, Step.ANSWER_INFO): S.ACKNOWLEDGED,
    **{(st, Step.CONSENT): st for st in PRE_DECISION},
    (S.ACKNOWLEDGED, Step.DECIDE): S.DECIDED,
    # With the person's consent no formal request is needed (3rd Additional Protocol art. 6).
    (S.PROVISIONAL_ARREST, Step.DECIDE): S.DECIDED,
    (S.DECIDED, Step.ARRANGE_SURRENDER): S.SURRENDER_ARRANGED,
    (S.SURRENDER_ARRANGED, Step.ARRANGE_SURRENDER): S.SURRENDER_ARRANGED,  # a new date
    (S.SURRENDER_ARRANGED, Step.SURRENDER): S.SURRENDERED,
    # The surrender falls through (not taken over in time, ECE art. 18(4)): the person is freed.
    (S.SURRENDER_ARRANGED, Step.RELEASE): S.RELEASED,
    (S.DECIDED, Step.RELEASE): S.RELEASED,
    # The formal request did not come in time: the person is released, the case ends.
    (S.PROVISIONAL_ARREST, Step.RELEASE): S.RELEASED,
    **{(st, Step.WITHDRAW): S.WITHDRAWN for st in PRE_DECISION},
    (S.SURRENDERED, Step.CLOSE): S.CLOSED,
    (S.RELEASED, Step.CLOSE): S.CLOSED,
    (S.WITHDRAWN, Step.CLOSE): S.CLOSED,
}

SIDE_OF: dict[Step, Side] = {
    Step.FORMAL: Side.REQUESTING,
    Step.ARREST: Side.REQUESTED,
    Step.EXTEND: Side.REQUESTED,
    Step.ACKNOWLEDGE: Side.REQUESTED,
    Step.ASK_INFO: Side.REQUESTED,
    Step.ANSWER_INFO: Side.REQUESTING,
    Step.CONSENT: Side.REQUESTED,
    Step.DECIDE: Side.REQUESTED,
    Step.ARRANGE_SURRENDER: Side.REQUESTED,
    Step.SURRENDER: Side.REQUESTED,
    Step.RELEASE: Side.REQUESTED,
    Step.WITHDRAW: Side.REQUESTING,
    Step.CLOSE: Side.EITHER,
}
DECIDING_STEPS = frozenset(
    {Step.DECIDE, Step.EXTEND, Step.ARRANGE_SURRENDER, Step.SURRENDER, Step.RELEASE}
)

STATE_LABELS: dict[State, str] = {
    S.PROVISIONAL_ARREST: "Provisional arrest requested",
    S.FORMAL_REQUEST: "Formal request received",
    S.ACKNOWLEDGED: "Acknowledged, under examination",
    S.INFO_REQUESTED: "Additional information requested",
    S.DECIDED: "Decided",
    S.SURRENDER_ARRANGED: "Surrender arranged",
    S.SURRENDERED: "Surrendered",
    S.RELEASED: "Released",
    S.WITHDRAWN: "Withdrawn",
    S.CLOSED: "Closed",
}
OPEN_STATES = frozenset(set(State) - {S.CLOSED})


def next_state(state: State, step: Step, consented: bool = False) -> State:
    """The state after `step`, or Conflict. Deciding straight from a provisional arrest needs
    the person's consent to simplified surrender."""
    if state == S.PROVISIONAL_ARREST and step == Step.DECIDE and not consented:
        raise Conflict("without consent to simplified surrender, decide on the formal request")
    try:
        return TRANSITIONS[(state, step)]
    except KeyError:
        raise Conflict(f"a case in state {state.value} cannot {step.value}") from None


def steps_from(state: State) -> list[Step]:
    return [step for (s, step) in TRANSITIONS if s == state]


def may_act(step: Step, side: Side) -> bool:
    owner = SIDE_OF[step]
    return owner == Side.EITHER or owner == side


# --- mutual legal assistance -----------------------------------------------------------------


class MlaState(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    INFO_REQUESTED = "info_requested"
    EXECUTING = "executing"  # accepted; for preservation: the data are preserved
    REFUSED = "refused"
    EXECUTED = "executed"  # the results (evidence, records) were transmitted
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class MlaStep(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASK_INFO = "ask_info"
    ANSWER_INFO = "answer_info"
    ACCEPT = "accept"
    REFUSE = "refuse"
    EXECUTE = "execute"  # results sent back
    WITHDRAW = "withdraw"
    CLOSE = "close"


M = MlaState
MLA_TRANSITIONS: dict[tuple[MlaState, MlaStep], MlaState] = {
    (M.SENT, MlaStep.ACKNOWLEDGE): M.ACKNOWLEDGED,
    # Preservation is urgent: the data may be preserved before a formal acknowledgement.
    (M.SENT, MlaStep.ACCEPT): M.EXECUTING,
    (M.ACKNOWLEDGED, MlaStep.ASK_INFO): M.INFO_REQUESTED,
    (M.INFO_REQUESTED, MlaStep.ANSWER_INFO): M.ACKNOWLEDGED,
    (M.ACKNOWLEDGED, MlaStep.ACCEPT): M.EXECUTING,
    (M.ACKNOWLEDGED, MlaStep.REFUSE): M.REFUSED,
    (M.EXECUTING, MlaStep.EXECUTE): M.EXECUTED,
    **{(st, MlaStep.WITHDRAW): M.WITHDRAWN for st in (M.SENT, M.ACKNOWLEDGED, M.INFO_REQUESTED)},
    (M.EXECUTING, MlaStep.WITHDRAW): M.WITHDRAWN,
    (M.EXECUTED, MlaStep.CLOSE): M.CLOSED,
    (M.REFUSED, MlaStep.CLOSE): M.CLOSED,
    (M.WITHDRAWN, MlaStep.CLOSE): M.CLOSED,
}
MLA_SIDE_OF: dict[MlaStep, Side] = {
    MlaStep.ACKNOWLEDGE: Side.REQUESTED,
    MlaStep.ASK_INFO: Side.REQUESTED,
    MlaStep.ANSWER_INFO: Side.REQUESTING,
    MlaStep.ACCEPT: Side.REQUESTED,
    MlaStep.REFUSE: Side.REQUESTED,
    MlaStep.EXECUTE: Side.REQUESTED,
    MlaStep.WITHDRAW: Side.REQUESTING,
    MlaStep.CLOSE: Side.EITHER,
}
MLA_DECIDING_STEPS = frozenset({MlaStep.ACCEPT, MlaStep.REFUSE})
MLA_STATE_LABELS: dict[MlaState, str] = {
    M.SENT: "Sent",
    M.ACKNOWLEDGED: "Acknowledged",
    M.INFO_REQUESTED: "Additional information requested",
    M.EXECUTING: "Accepted, being executed",
    M.REFUSED: "Refused",
    M.EXECUTED: "Executed",
    M.WITHDRAWN: "Withdrawn",
    M.CLOSED: "Closed",
}


def mla_next_state(state: MlaState, step: MlaStep) -> MlaState:
    try:
        return MLA_TRANSITIONS[(state, step)]
    except KeyError:
        raise Conflict(f"a request in state {state.value} cannot {step.value}") from None


def mla_steps_from(state: MlaState) -> list[MlaStep]:
    return [step for (s, step) in MLA_TRANSITIONS if s == state]


def mla_may_act(step: MlaStep, side: Side) -> bool:
    owner = MLA_SIDE_OF[step]
    return owner == Side.EITHER or owner == side


# --- documents -------------------------------------------------------------------------------


class DocKind(StrEnum):
    PROVISIONAL_ARREST = "provisional_arrest_request"
    REQUEST_FILE = "request_file"
    WARRANT = "warrant"
    EAW = "eaw"
    EAW_PDF = "eaw_pdf"
    INFO_REQUEST = "info_request"
    INFO_ANSWER = "info_answer"
    ACKNOWLEDGEMENT = "acknowledgement"
    CONSENT = "consent"
    DECISION = "decision"
    SURRENDER = "surrender_arrangement"
    RELEASE = "release"
    MLA_REQUEST = "mla_request"
    MLA_DECISION = "mla_decision"
    MLA_RESULT = "mla_result"
    NOTE = "note"


DOC_LABELS: dict[DocKind, str] = {
    DocKind.PROVISIONAL_ARREST: "Provisional arrest request",
    DocKind.REQUEST_FILE: "Formal request file",
    DocKind.WARRANT: "Arrest warrant or judgement",
    DocKind.EAW: "European Arrest Warrant (JSON)",
    DocKind.EAW_PDF: "European Arrest Warrant (PDF)",
    DocKind.INFO_REQUEST: "Request for additional information",
    DocKind.INFO_ANSWER: "Additional information",
    DocKind.ACKNOWLEDGEMENT: "Acknowledgement of receipt",
    DocKind.CONSENT: "Consent to simplified surrender",
    DocKind.DECISION: "Decision",
    DocKind.SURRENDER: "Surrender arrangements",
    DocKind.RELEASE: "Release",
    DocKind.MLA_REQUEST: "Mutual legal assistance request",
    DocKind.MLA_DECISION: "Decision on the request",
    DocKind.MLA_RESULT: "Results of execution",
    DocKind.NOTE: "Note",
}
# Documents a bureau may add on its own (others are written by the steps that produce them).
FREE_DOCUMENTS = frozenset({DocKind.WARRANT, DocKind.REQUEST_FILE, DocKind.NOTE, DocKind.EAW})
# An MLA case's file takes notes and warrants (a court order for a search); the request file
# and the EAW are an extradition's.
EXTRADITION_ONLY_DOCUMENTS = frozenset({DocKind.REQUEST_FILE, DocKind.EAW})


def number_prefix(kind: CaseKind, year: int) -> str:
    return f"{'EXT' if kind == CaseKind.EXTRADITION else 'MLA'}/{year}/"


# --- mutual legal assistance: bases and the preservation request ----------------------------

# The instruments an MLA request may rest on (configuration, shown to choose from).
MLA_BASES: dict[str, str] = {
    "ecmacm-1959": "European Convention on Mutual Assistance in Criminal Matters (1959)",
    "eu-eio-2014": "European Investigation Order (Directive 2014/41/EU)",
    "budapest-2001": "Convention on Cybercrime (Budapest, 2001)",
    "untoc-2000": "UN Convention against Transnational Organized Crime (2000), art. 18",
    "uncac-2003": "UN Convention against Corruption (2003), art. 46",
    "reciprocity": "Reciprocity / domestic law (no treaty)",
}

# Budapest Convention art. 29(2): what a request for expedited preservation specifies.
PRESERVATION_FIELDS: dict[str, str] = {
    "authority": "The authority seeking the preservation",
    "offence": "The offence under investigation and a brief summary of the related facts",
    "stored_data": "The stored computer data to be preserved and its relationship to the offence",
    "custodian": "Any available information identifying the custodian or the location of the data",
    "necessity": "The necessity of the preservation",
    "mla_intention": "That the Party intends to submit a request for mutual assistance for the"
    " search or similar access, seizure or similar securing, or disclosure of the data",
}
# What every other MLA request states (ECMACM 1959 art. 14).
MLA_FIELDS: dict[str, str] = {
    "authority": "The authority making the request",
    "subject": "The subject matter and the reason for the request",
    "offence": "The offence and a summary of the facts",
    "measures": "The measures requested (evidence, persons to hear, places to search, accounts)",
}


def missing_mla_fields(kind: str, request: dict[str, object]) -> list[str]:
    """The fields a request of this kind lacks (empty or absent), by their legal wording."""
    wanted = PRESERVATION_FIELDS if kind == "preservation" else MLA_FIELDS
    out = []
    for key, label in wanted.items():
        value = request.get(key)
        if key == "mla_intention":
            if value is not True:
                out.append(label)
        elif not isinstance(value, str) or not value.strip():
            out.append(label)
    return out
