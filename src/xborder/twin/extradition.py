"""Demo extradition and MLA cases: every state of the lifecycle, among several pairs of states
(EU members with a European Arrest Warrant, treaty partners, reciprocity), with deadlines that
are realistic relative to now, including an overdue provisional arrest and a preservation
request under the Budapest Convention.

Each case is worked through the services, as the bureaus would, one step after another; the
case is then moved back in time by the days between its steps (the demo's only direct write:
timestamps, so that the clocks read as in real life). Signatures keep their real signing time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from xborder.config import Settings
from xborder.extradition import mla as mla_service
from xborder.extradition import service as ext
from xborder.extradition.commands import DecisionIn, ExtraditionIn, GroundIn, MlaIn, MlaStepIn
from xborder.extradition.deadlines import MlaKind
from xborder.extradition.domain import MlaStep
from xborder.extradition.tables import JudicialCaseRow, JudicialDocumentRow, JudicialEntryRow
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.notices.tables import NoticeRow
from xborder.store.db import Database
from xborder.twin.demo_kit import Demo
from xborder.twin.world import generate_persons

FAMILY_POOL = ("Marchetti", "Okonkwo", "Lindqvist", "Petrescu", "Haddad", "Novak", "Duarte")


class _Demo(Demo):
    """The notices' demo handle, with a random source of its own for the cases' details."""

    def __init__(self, db: Database, settings: Settings, seed: int) -> None:
        super().__init__(db, settings, seed)
        self.rng = random.Random(f"extradition:{seed}")

    def officer(self, country: str) -> Actor:
        return self.actor(f"{country.lower()}.officer")

    def supervisor(self, country: str) -> Actor:
        return self.actor(f"{country.lower()}.supervisor")

    def file(
        self, nationality: str, place_country: str, offences: list[tuple[str, str, int]]
    ) -> dict[str, Any]:
        """A synthetic person (from the twin's generator) and the offences given."""
        self._n += 1
        p = next(generate_persons(self.seed * 7717 + self._n, 1, nationalities=(nationality,)))
        name = next((n for n in p.names if n.script == "Latn"), p.names[0])
        family = name.family or self.rng.choice(FAMILY_POOL)
        given = name.given or "Alex"
        born = next((d.iso() for d in p.birth_dates if "/" not in d.iso()), "1980")
        return {
            "person": {
                "family_name": family,
                "given_names": given,
                "birth_date": born,
                "nationalities": [nationality],
                "sex": p.sex.value,
                "description": "Height about 1.80 m; see the photographs annexed",
                "location": "Believed to reside in the requested state",
                "photo_refs": [f"photo-{self._n}"],
                "fingerprint_refs": [f"afis-{self._n}"],
            },
            "warrant": {
                "kind": "arrest_warrant",
                "authority": f"Investigating judge ({place_country})",
                "reference": f"AW/{utcnow().year - 1}/{1000 + self._n}",
                "issued_on": f"{utcnow().year - 1}-0{1 + self._n % 9}-1{self._n % 10}",
                "in_absentia": False,
                "retrial_guaranteed": False,
                "sentence_months": None,
                "sentence_remaining_months": None,
            },
            "offences": [
                {
                    "ref": f"O{i + 1}",
                    "title": title,
                    "acts": f"{title}: the acts as described in the warrant.",
                    "place": "the capital",
                    "place_country": place_country,
                    "committed_on": f"{utcnow().year - 2}-0{1 + i}-15",
                    "law_text": law,
                    "max_penalty_months": months,
                    "eaw_category": None,
                    "requested_state_offence": "the corresponding offence of the requested state"
                    if i == 0
                    else "",
                    "requested_state_penalty_months": months if i == 0 else None,
                    "limitation_ends": f"{utcnow().year + 6}-01-01",
                    "nature": [],
                    "punishable_by_death": False,
                }
                for i, (title, law, months) in enumerate(offences)
            ],
            "assurances": {
                "death_penalty": False,
                "fair_trial": True,
                "prison_conditions": True,
                "speciality": True,
                "retrial": False,
            },
            "limitation_rules": "Limitation runs from the last act; interrupted by the warrant.",
        }

    def provisional(self, file: dict[str, Any]) -> dict[str, Any]:
        return {
            "person": {k: file["person"][k] for k in ("family_name", "given_names", "birth_date")},
            "warrant": {
                k: file["warrant"][k] for k in ("kind", "authority", "reference", "issued_on")
            },
            "offences": [
                {k: o[k] for k in ("title", "committed_on", "place", "place_country")}
                for o in file["offences"]
            ],
            "urgency": "The person was located and may leave the country.",
        }


def _eaw(basis: str, file: dict[str, Any]) -> dict[str, Any] | None:
    if basis != "eaw":
        return None
    country = file["offences"][0]["place_country"]
    return ext.draft_eaw(
        file,
        {
            "representative": "The investigating judge on duty",
            "representative_title": "Investigating judge",
            "address": f"Palais de justice, the capital ({country})",
            "telephone": "+00 1 23 45 67 89",
            "email": f"eaw@justice.{country.lower()}.example",
        },
    )


def _shift_json(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {k: _shift_json(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_json(v, delta) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and "T" in value:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return value
        if when.tzinfo is not None:
            return (when - delta).isoformat()
    return value


def _shift(db: Database, case_id: str, days: float) -> None:
    """Move a case back in time: its clock fields, documents and timeline."""
    delta = timedelta(days=days)
    with db.transaction() as s:
        row = s.get(JudicialCaseRow, case_id)
        assert row is not None
        for col in (
            "requested_at",
            "arrested_at",
            "formal_received_at",
            "acknowledged_at",
            "consent_at",
            "decided_at",
            "surrender_at",
            "ended_at",
            "closed_at",
            "updated_at",
        ):
            v = getattr(row, col)
            if v is not None:
                setattr(row, col, as_utc(v) - delta)
        row.data = _shift_json(dict(row.data or {}), delta)
        for d in s.scalars(
            select(JudicialDocumentRow).where(JudicialDocumentRow.case_id == case_id)
        ):
            d.created_at = as_utc(d.created_at) - delta
        for e in s.scalars(select(JudicialEntryRow).where(JudicialEntryRow.case_id == case_id)):
            e.at = as_utc(e.at) - delta
            e.details = _shift_json(dict(e.details or {}), delta)


@dataclass
class _Story:
    """A case's steps with the days that pass after each: the case ends `days` ago after
    its last step."""

    demo: _Demo
    case_id: str = ""

    def run(self, steps: list[tuple[float, Callable[[], None]]]) -> str:
        for gap, step in steps:
            step()
            if self.case_id and gap:
                _shift(self.demo.db, self.case_id, gap)
        return self.case_id


def seed_extradition(db: Database, settings: Settings, seed: int = 7) -> int:
    """Seed the demo world; returns how many records it wrote."""
    d = _Demo(db, settings, seed)
    made: list[str] = []
    now = utcnow

    def extradition(
        requesting: str,
        requested: str,
        basis: str,
        title: str,
        offences: list[tuple[str, str, int]],
        steps: list[tuple[float, str, dict[str, Any]]],
        provisional: bool = False,
        notice: str | None = None,
    ) -> None:
        file = d.file(requesting, requesting, offences)
        story = _Story(d)
        req_off, req_sup = d.officer(requesting), d.supervisor(requesting)
        off, sup = d.officer(requested), d.supervisor(requested)

        def create() -> None:
            cmd = ExtraditionIn(
                requested_country=requested,
                legal_basis=basis,
                title=title,
                provisional=provisional,
                file=d.provisional(file) if provisional else file,
                eaw=None if provisional else _eaw(basis, file),
                notice=notice,
            )
            story.case_id = ext.create_request(db, req_off, settings, cmd)

        def make(name: str, args: dict[str, Any]) -> Callable[[], None]:
            def step() -> None:
                cid = story.case_id
                if name == "formal":
                    ext.send_formal_request(db, req_off, settings, cid, file, _eaw(basis, file))
                elif name == "decide":
                    decision = DecisionIn(
                        outcome=args["outcome"],
                        reasons=args.get("reasons", "The file is complete and no ground applies."),
                        grounds=[
                            GroundIn(ground=g, legal_basis=law, offences=list(refs), reasons=why)
                            for g, law, refs, why in args.get("grounds", [])
                        ],
                        granted_offences=args.get("granted", []),
                    )
                    ext.decide(db, sup, settings, cid, decision)
                elif name == "arrange_surrender":
                    # Days after this step (the whole case then moves back in time).
                    when = now() + timedelta(days=args["in_days"])
                    data = ext.StepInput(at=when, place=args["place"], escort=args["escort"])
                    ext.act(db, sup, settings, cid, name, data)
                elif name in ("answer_info", "withdraw"):
                    ext.act(db, req_off, settings, cid, name, ext.StepInput(text=args["text"]))
                elif name == "close":
                    ext.act(db, req_sup, settings, cid, name, ext.StepInput())
                else:
                    who = sup if name in ("surrender", "release") else off
                    ext.act(db, who, settings, cid, name, ext.StepInput(text=args.get("text", "")))

            return step

        plan: list[tuple[float, Callable[[], None]]] = [(steps[0][0], create)]
        plan += [(gap, make(name, args)) for gap, name, args in steps[1:]]
        made.append(story.run(plan))

    fraud = [("Aggravated fraud", "Criminal code, fraud (aggravated)", 84)]
    drugs = [
        ("Trafficking in narcotic drugs", "Narcotics act, trafficking", 144),
        ("Money laundering", "Criminal code, laundering", 60),
    ]
    # 1. Overdue provisional arrest: arrested 20 days ago, no formal request (ECE: 18 days).
    # Switzerland and France: the ECE really applies (between the UK and France the TCA
    # replaced it, and the TCA has no provisional-arrest clock of its own).
    extradition(
        "CH",
        "FR",
        "ece-1957",
        "Armed robbery of a jeweller",
        [("Armed robbery", "Swiss Criminal Code art. 140", 240)],
        [(0.2, "request", {}), (20, "arrest", {})],
        provisional=True,
    )
    # 2. Fresh urgent request under the UK-US treaty (60 days).
    extradition(
        "US",
        "GB",
        "bilateral-gb-us-2003",
        "Wire fraud",
        fraud,
        [(0.5, "request", {}), (2, "arrest", {})],
        provisional=True,
    )
    # 3. An EAW just received (60 + 30 days from the arrest).
    extradition(
        "FR",
        "DE",
        "eaw",
        "Swindling of pensioners",
        fraud,
        [(0.1, "request", {}), (1, "arrest", {})],
    )
    # 4. An EAW acknowledged, its decision due in about two days (58.5 days after the arrest:
    # half a day off Paris's midnight, so the warning shows whatever the hour of seeding).
    extradition(
        "ES",
        "FR",
        "eaw",
        "Drug trafficking network",
        drugs,
        [(0.2, "request", {}), (1.5, "arrest", {}), (57, "acknowledge", {})],
    )
    # 5. Reciprocity: more information asked for.
    extradition(
        "AU",
        "AR",
        "reciprocity",
        "Embezzlement of public funds",
        fraud,
        [
            (1, "request", {}),
            (3, "acknowledge", {}),
            (6, "ask_info", {"text": "Please send the text of the law on limitation."}),
        ],
    )
    # 6. Partially granted under the US-Mexico treaty.
    extradition(
        "US",
        "MX",
        "bilateral-mx-us-1978",
        "Cartel logistics",
        drugs,
        [
            (0.3, "request", {}),
            (2, "arrest", {}),
            (5, "acknowledge", {}),
            (
                25,
                "decide",
                {
                    "outcome": "partially_granted",
                    "reasons": "Laundering is not shown to be an offence here as described.",
                    "granted": ["O1"],
                    "grounds": [
                        (
                            "dual_criminality",
                            "",
                            ("O2",),
                            "Acts not criminal in the requested state as described.",
                        )
                    ],
                },
            ),
        ],
    )
    # 7. Refused (political offence), person released.
    extradition(
        "RU",
        "FR",
        "ece-1957",
        "Organisation of mass disorder",
        [("Mass disorder", "Criminal code art. 212", 120)],
        [
            (0.5, "request", {}),
            (3, "arrest", {}),
            (4, "acknowledge", {}),
            (
                40,
                "decide",
                {
                    "outcome": "refused",
                    "reasons": "The prosecution concerns participation in a demonstration.",
                    "grounds": [
                        ("political_offence", "", (), "A political offence (ECE art. 3(1)).")
                    ],
                },
            ),
            (1, "release", {"text": "Released on the refusal."}),
        ],
    )
    # 8. Granted, surrender arranged in four days.
    extradition(
        "DE",
        "NL",
        "eaw",
        "Armed robbery",
        [("Armed robbery", "StGB § 250", 180)],
        [
            (0.2, "request", {}),
            (1, "arrest", {}),
            (3, "acknowledge", {}),
            (20, "decide", {"outcome": "granted"}),
            (
                2,
                "arrange_surrender",
                {"in_days": 6, "place": "Schiphol airport", "escort": "Bundespolizei"},
            ),
        ],
    )
    # 9. Surrendered, after consent to simplified surrender.
    extradition(
        "BE",
        "FR",
        "eaw",
        "Trafficking in human beings",
        [("Trafficking in human beings", "Code pénal art. 433quinquies", 180)],
        [
            (0.1, "request", {}),
            (1, "arrest", {}),
            (1, "consent", {}),
            (1, "acknowledge", {}),
            (5, "decide", {"outcome": "granted", "reasons": "Consent given before the judge."}),
            (1, "arrange_surrender", {"in_days": 1, "place": "Lille", "escort": "Police fédérale"}),
            (12, "surrender", {}),
        ],
    )
    # 10. Closed after surrender under the ECE.
    extradition(
        "CH",
        "DE",
        "ece-1957",
        "Tax fraud with forged documents",
        fraud,
        [
            (0.5, "request", {}),
            (2, "arrest", {}),
            (3, "acknowledge", {}),
            (30, "decide", {"outcome": "granted"}),
            (3, "arrange_surrender", {"in_days": 3, "place": "Basel", "escort": "Federal police"}),
            (10, "surrender", {}),
            (40, "close", {}),
        ],
    )
    # 11. Withdrawn by the requesting state.
    extradition(
        "CA",
        "GB",
        "reciprocity",
        "Securities fraud",
        fraud,
        [
            (1, "request", {}),
            (2, "acknowledge", {}),
            (15, "withdraw", {"text": "The charges were dropped."}),
        ],
    )
    # 12. Linked to a published Red Notice of the requesting bureau (through the secretariat).
    with db.transaction() as s:
        red = s.scalar(
            select(NoticeRow)
            .where(
                NoticeRow.notice_type == "red",
                NoticeRow.state == "published",
                NoticeRow.requesting_country.in_(("FR", "IT", "ES", "DE", "US", "GB")),
            )
            .order_by(NoticeRow.number)
            .limit(1)
        )
        red_ref = (red.id, red.requesting_country) if red is not None else None
    if red_ref is not None:
        nid, country = red_ref
        target = "CH" if country != "CH" else "AT"
        basis = "ece-1957" if country not in ("US",) else "reciprocity"
        extradition(
            country,
            target,
            basis,
            "Wanted on a Red Notice: fraud",
            fraud,
            [(0.2, "request", {}), (3, "arrest", {})],
            provisional=True,
            notice=nid,
        )

    # MLA: a preservation (data preserved 20 days ago), evidence under examination, a refusal.
    def mla(
        requesting: str,
        requested: str,
        kind: str,
        basis: str,
        title: str,
        request: dict[str, Any],
        steps: list[tuple[float, str, str]],
    ) -> None:
        story = _Story(d)

        def create() -> None:
            cmd = MlaIn(
                requested_country=requested,
                mla_kind=MlaKind(kind),
                legal_basis=basis,
                title=title,
                request=request,
            )
            story.case_id = mla_service.create_mla(db, d.officer(requesting), settings, cmd)

        def make(name: str, text: str) -> Callable[[], None]:
            def step() -> None:
                who = (
                    d.supervisor(requested)
                    if name in ("accept", "refuse")
                    else d.officer(requested)
                )
                step = MlaStepIn(step=MlaStep(name), text=text)
                mla_service.act(db, who, settings, story.case_id, step)

            return step

        plan: list[tuple[float, Callable[[], None]]] = [(steps[0][0], create)]
        plan += [(gap, make(name, text)) for gap, name, text in steps[1:]]
        made.append(story.run(plan))

    mla(
        "FR",
        "DE",
        "preservation",
        "budapest-2001",
        "Ransomware attack on a hospital",
        {
            "authority": "Parquet de Paris, cybercrime section (J3)",
            "offence": "Ransomware attack on a hospital; extortion (Code pénal art. 323-1, 312-1)",
            "stored_data": "Subscriber and traffic data of the account that negotiated the ransom",
            "custodian": "A hosting provider in Frankfurt am Main",
            "necessity": "The provider deletes connection logs after 30 days",
            "mla_intention": True,
        },
        [(0.1, "request", ""), (20, "accept", "Data preserved by order of the prosecutor.")],
    )
    mla(
        "DE",
        "FR",
        "evidence",
        "ecmacm-1959",
        "Bank records of a shell company",
        {
            "authority": "Staatsanwaltschaft Köln",
            "subject": "Copies of account statements 2023-2025",
            "offence": "VAT carousel fraud",
            "measures": "Obtain and send certified copies of the statements",
        },
        [(2, "request", ""), (10, "acknowledge", "")],
    )
    mla(
        "IR",
        "GB",
        "hearing",
        "reciprocity",
        "Hearing of a witness",
        {
            "authority": "Prosecutor's office",
            "subject": "Hearing of a journalist as a witness",
            "offence": "Propaganda against the state",
            "measures": "Hear the witness on their publications",
        },
        [
            (3, "request", ""),
            (5, "acknowledge", ""),
            (9, "refuse", "The request concerns an offence of a political character."),
        ],
    )
    report = ext.run_deadline_job(db)
    return len(made) + report.warnings + report.overdue
