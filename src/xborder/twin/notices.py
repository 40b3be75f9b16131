"""Demo notices: a reviewer's real queue on first run, and notices in every state.

Everything goes through the services (drafting, four-eyes approval, checks, decisions,
lifecycle), so the demo exercises the same rules as production; only the clock of one notice
is moved back to show an expiry. Cases that should be refused (refugee, political, private
dispute, below threshold) sit beside ordinary ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from xborder.config import Settings
from xborder.kernel.clock import utcnow
from xborder.measures import service as measures
from xborder.measures.commands import LiftIn, MeasureIn
from xborder.notices import context, diffusions
from xborder.notices import service as notices
from xborder.notices.commands import (
    CancelIn,
    ContextIn,
    DecisionIn,
    DiffusionIn,
    DiffusionKind,
    EventIn,
    FlagIn,
    HitAnswerIn,
    HitIn,
    ReasonIn,
    ReviewIn,
    RiskIn,
    SuspendIn,
    person_in,
)
from xborder.notices.domain import Decision, FlagReason, HitAction, RefusalGround
from xborder.notices.tables import NoticeRow
from xborder.public.portraits import attach_portrait
from xborder.store.db import Database
from xborder.twin.demo_kit import Demo, ftm_person, red
from xborder.twin.review_queue import seed_review_queue
from xborder.twin.world import generate_persons


def seed_notices(
    db: Database, settings: Settings, seed: int = 1, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Create the demo notices, diffusions, measures and context; returns counts by state."""
    say = progress or (lambda _m: None)
    d = Demo(db, settings, seed)
    today = utcnow().date()
    say("secretariat context: corrective measures, country notes, protected status")
    _secretariat_context(d, today)
    say("ordinary notices, published")
    published = _published(d)
    say("lifecycle: hits, flags, suspended, withdrawn, cancelled, expired, deleted")
    fr_robbery = _lifecycle(d, published)
    say("the review queue: requests to refuse and ordinary ones")
    seed_review_queue(d, today, fr_robbery)
    say("diffusions")
    _diffusions(d)
    with db.transaction() as s:
        counts: dict[str, int] = {}
        for state in s.scalars(select(NoticeRow.state)):
            counts[state] = counts.get(state, 0) + 1
    return counts


def _secretariat_context(d: Demo, today: date) -> None:
    """Corrective measures, country notes and an election the review reads against."""
    db = d.db
    reviewer = d.actor("reviewer")
    admin = d.actor("admin")
    measures.impose(
        db,
        admin,
        MeasureIn(
            country="RU",
            scopes=["prior_review", "no_direct_diffusions"],
            reason="Executive Committee decision, March 2022: every new notice, diffusion and"
            " database entry checked by the secretariat before publication; no direct diffusions.",
        ),
    )
    syria = measures.impose(
        db,
        admin,
        MeasureIn(
            country="SY",
            scopes=["prior_review"],
            reason="Executive Committee decision, December 2012: all messages go only to the"
            " secretariat.",
        ),
    )
    measures.lift(
        db, admin, syria.id, LiftIn(reason="Lifted by the Executive Committee, October 2021.")
    )
    election = today - timedelta(days=40)
    context.set_context(
        db,
        reviewer,
        "BY",
        ContextIn(
            note="Large-scale prosecutions of protesters and journalists after the presidential"
            " election; treat public-order charges with care.",
            art2_risks=[RiskIn(risk="unfair_trial", source="UN Special Rapporteur report")],
            events=[
                EventIn(kind="election", starts_on=election, label="Presidential election"),
                EventIn(kind="protest", starts_on=election, label="Post-election protests"),
            ],
        ),
    )
    context.set_context(
        db,
        reviewer,
        "CO",
        ContextIn(
            art2_risks=[
                RiskIn(risk="prison_conditions", source="CPT-style visit report (synthetic)")
            ]
        ),
    )
    context.set_context(
        db,
        reviewer,
        "VE",
        ContextIn(
            note="Opposition figures have been charged with insult and incitement (synthetic note)."
        ),
    )


def _published(d: Demo) -> list[str]:
    """Ordinary requests of many bureaus, approved and published (some with public
    extracts); their ids, in order."""
    db = d.db
    published: list[str] = []
    specs = [
        (
            "FR",
            red(
                "Armed robbery of a jewellery shop",
                "Armed robbery",
                "Code pénal art. 311-9",
                240,
                "Lyon",
                "2025-11-03",
                "Robbed a jewellery shop at gunpoint with two accomplices.",
                ["DE", "ES", "IT", "BE"],
                public_extract=True,
            ),
        ),
        (
            "DE",
            red(
                "Cocaine trafficking network",
                "Trafficking in narcotic drugs",
                "BtMG § 30",
                180,
                "Hamburg port",
                "2025-06",
                "Organised import of 400 kg of cocaine through the port.",
                ["NL", "BE", "ES"],
                public_extract=True,
            ),
        ),
        (
            "BR",
            red(
                "Homicide in São Paulo",
                "Homicide",
                "Código Penal art. 121",
                360,
                "São Paulo",
                "2024-08-19",
                "Shot a man during a robbery.",
                ["PT", "AR", "US"],
                public_extract=True,
            ),
        ),
        (
            "UA",
            red(
                "Contract murder",
                "Premeditated murder",
                "Criminal Code art. 115",
                1200,
                "Odesa",
                "2024-02-11",
                "Killed a businessman on commission.",
                ["PL", "MD", "RO"],
                public_extract=True,
            ),
        ),
        (
            "NG",
            red(
                "Human trafficking to Europe",
                "Trafficking in persons",
                "TIPPEA s. 13",
                240,
                "Benin City",
                "2025-01",
                "Recruited and transported young women for sexual exploitation.",
                ["IT", "ES", "GH"],
                public_extract=True,
            ),
        ),
        (
            "US",
            red(
                "Investment fraud",
                "Wire fraud and securities fraud",
                "18 U.S.C. § 1343",
                240,
                "New York",
                "2023-03",
                "Defrauded investors of USD 40 million through a Ponzi scheme.",
                ["CA", "GB", "AE"],
            ),
        ),
        (
            "IT",
            {
                "notice_type": "yellow",
                "subject_status": "missing",
                "title": "Missing teenager",
                "summary": "Missing since leaving school",
                "details": {
                    "missing_since": "2026-09-12",
                    "last_seen_place": "Milan central station",
                    "circumstances": "Left school and did not return home.",
                },
                "public_extract": True,
            },
        ),
        (
            "PH",
            {
                "notice_type": "yellow",
                "subject_status": "missing",
                "title": "Missing domestic worker",
                "summary": "Missing abroad",
                "details": {
                    "missing_since": "2026-05-02",
                    "last_seen_place": "Dubai",
                    "circumstances": "Contact lost with family.",
                },
                "public_extract": True,
            },
        ),
        (
            "GB",
            {
                "notice_type": "orange",
                "subject_status": "person_of_interest",
                "title": "Parcel bombs disguised as books",
                "summary": "Imminent threat",
                "details": {
                    "threat": "Improvised explosive devices hidden in hardback books sent by post."
                },
            },
        ),
        (
            "NL",
            {
                "notice_type": "purple",
                "subject_status": "person_of_interest",
                "title": "Cocaine impregnated in clothing",
                "summary": "Concealment method",
                "details": {
                    "modus_operandi": "Cocaine dissolved and impregnated into cotton garments,"
                    " recovered by solvent."
                },
            },
        ),
        (
            "ES",
            {
                "notice_type": "black",
                "subject_status": "unidentified",
                "title": "Unidentified body, Cádiz coast",
                "summary": "Body found at sea",
                "details": {
                    "found_date": "2026-07-30",
                    "found_place": "Off Cádiz",
                    "cause_of_death": "Drowning",
                },
            },
        ),
        (
            "US",
            {
                "notice_type": "un",
                "subject_status": "sanctioned",
                "title": "UN Security Council sanctions",
                "summary": "Listed individual",
                "details": {
                    "un_committee": "1267 Committee",
                    "un_reference": "QDi.999 (synthetic)",
                },
                "public_extract": True,
            },
        ),
        (
            "JP",
            {
                "notice_type": "blue",
                "subject_status": "person_of_interest",
                "title": "Investment scam call centre",
                "summary": "Locate and identify",
                "details": {
                    "information_sought": "Location and identity documents used to travel."
                },
            },
        ),
    ]
    for country, content in specs:
        nid = d.request(country, content)
        d.publish(nid)
        published.append(nid)
        if content.get("public_extract") and content["notice_type"] != "un":
            with db.transaction() as s:
                attach_portrait(s, nid)  # clearly synthetic, for the public extract
    return published


def _lifecycle(d: Demo, published: list[str]) -> str:
    """Hits, flags, and notices suspended, withdrawn, cancelled, expired and deleted; returns
    the robbery notice the review queue's duplicate points at."""
    db, settings = d.db, d.settings
    reviewer = d.actor("reviewer")
    fr_robbery = published[0]
    hit = notices.report_hit(
        db,
        d.actor("de.officer"),
        fr_robbery,
        HitIn(
            seen_at=utcnow() - timedelta(hours=3),
            place="Frankfurt am Main airport, terminal 1",
            action=HitAction.DETAINED_PROVISIONALLY,
            references="BKA-2026-1187",
        ),
    )
    notices.answer_hit(
        db,
        d.actor("fr.supervisor"),
        hit,
        HitAnswerIn(
            answer="Provisional arrest confirmed; extradition request follows within 40 days."
        ),
    )
    notices.report_hit(
        db,
        d.actor("es.officer"),
        published[1],
        HitIn(
            seen_at=utcnow() - timedelta(hours=2),
            place="Algeciras port",
            action=HitAction.UNDER_SURVEILLANCE,
        ),
    )
    notices.add_flag(
        db,
        d.actor("pt.officer"),
        published[2],
        FlagIn(
            reason=FlagReason.INCOMPATIBLE_WITH_NATIONAL_LAW,
            note="Own national; surrender barred by the Constitution.",
        ),
    )
    suspended = d.request(
        "MX",
        red(
            "Kidnapping for ransom",
            "Kidnapping",
            "Código Penal Federal art. 9",
            600,
            "Guadalajara",
            "2024-05",
            "Held a businessman for ransom for 12 days.",
            ["US", "GT"],
        ),
    )
    d.publish(suspended)
    notices.suspend(
        db,
        d.actor("mx.supervisor"),
        suspended,
        SuspendIn(until=utcnow() + timedelta(days=60), reason="Negotiating voluntary surrender."),
    )
    withdrawn = d.request(
        "GB",
        red(
            "Large-scale burglary",
            "Conspiracy to burgle",
            "Criminal Law Act 1977 s.1",
            168,
            "London",
            "2023-12",
            "Burgled 40 homes as part of a gang.",
            ["IE", "ES"],
        ),
    )
    d.publish(withdrawn)
    notices.withdraw(
        db,
        d.actor("gb.supervisor"),
        withdrawn,
        ReasonIn(reason="Person arrested in the United Kingdom."),
    )
    cancelled = d.request(
        "TR",
        red(
            "Membership of an armed organisation",
            "Membership of a terrorist organisation",
            "TCK art. 314",
            180,
            "Istanbul",
            "2017-01",
            "Used an encrypted messaging app and held an account at a named bank.",
            ["DE", "SE"],
            profile=["journalist"],
        ),
    )
    notices.decide(
        db,
        reviewer,
        settings,
        cancelled,
        DecisionIn(decision=Decision.PUBLISH, rationale="Initially assessed as compliant."),
    )
    notices.cancel(
        db,
        reviewer,
        settings,
        cancelled,
        CancelIn(
            rationale="New information: the evidence is the person's journalistic activity;"
            " the political element predominates.",
            grounds=[RefusalGround.ART_3],
        ),
    )
    expired = d.request(
        "AR",
        red(
            "Fraudulent bankruptcy",
            "Fraudulent bankruptcy",
            "Código Penal art. 176",
            72,
            "Buenos Aires",
            "2019-02",
            "Concealed assets from creditors.",
            ["UY", "ES"],
        ),
    )
    d.publish(expired)
    with db.transaction() as s:
        row = s.get(NoticeRow, expired)
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
    notices.run_lifecycle_job(db)
    deleted = d.request(
        "IN",
        red(
            "Cheating and criminal breach of trust",
            "Cheating",
            "IPC s. 420",
            84,
            "Mumbai",
            "2022-04",
            "Failed to deliver goods paid for.",
            ["AE", "GB"],
        ),
    )
    d.publish(deleted)
    _commission_cases(d, deleted, published[5])
    return fr_robbery


def _diffusions(d: Demo) -> None:
    """Diffusions: one sent straight to bureaus, one reviewed and found a private dispute."""
    db, settings = d.db, d.settings
    reviewer = d.actor("reviewer")
    fr = d.actor("fr.officer")
    wanted = DiffusionKind.WANTED
    diffusions.send(
        db,
        fr,
        settings,
        DiffusionIn(
            kind=wanted,
            title="Escaped prisoner",
            summary="Escaped from prison during a transfer; armed and dangerous.",
            recipients=["DE", "ES", "IT", "BE", "CH"],
            person=person_in(d.person("FR")),
        ),
    )
    diffusions.send(
        db,
        d.actor("ru.officer"),
        settings,
        DiffusionIn(
            kind=wanted,
            title="Public calls for separatism",
            summary="Posted calls to violate the territorial integrity of the State.",
            offence="Public calls to violate territorial integrity (Criminal Code art. 280.1)",
            person=person_in(d.person("RU")),
        ),
    )
    diffusions.send(
        db,
        d.actor("ru.officer"),
        settings,
        DiffusionIn(
            kind=wanted,
            title="Wanted for fraud",
            summary="Wanted for fraud on an especially large scale.",
            person=person_in(d.person("RU")),
        ),
    )
    bad = diffusions.send(
        db,
        d.actor("az.officer"),
        settings,
        DiffusionIn(
            kind=wanted,
            title="Unpaid loan",
            summary="Did not repay a private loan.",
            recipients=["GE", "TR", "RU"],
            person=person_in(d.person("AZ")),
        ),
    )
    diffusions.review(
        db,
        reviewer,
        bad,
        ReviewIn(
            compliant=False,
            rationale="Private dispute; not a matter for police cooperation (RPD art. 83).",
        ),
    )


def _commission_cases(d: Demo, to_delete: str, to_access: str) -> None:
    """Commission cases: one decided and carried out (the notice is deleted, the ledger
    still verifies), one pending with the data blocked, one access request waiting for the
    owning bureau's answer, and one revision request just received."""
    from xborder.commission import commands as ccf_cmd
    from xborder.commission import service as ccf
    from xborder.commission.domain import CaseKind, Outcome

    db, commission = d.db, d.actor("ccf")

    def number(nid: str) -> str:
        with db.transaction() as s:
            row = s.get(NoticeRow, nid)
            assert row is not None
            return row.number

    done = ccf.apply(
        db,
        ccf_cmd.ApplicationIn(
            kind=CaseKind.DELETION,
            applicant_name="Applicant A (synthetic)",
            statement="The notice concerns a commercial dispute with a supplier; "
            "I paid for the goods.",
            represented_by="Counsel B (synthetic)",
        ),
    )
    ccf.link_notice(db, commission, done.case_id, number(to_delete))
    ccf.declare_admissibility(
        db, commission, done.case_id, ccf_cmd.AdmissibilityIn(admissible=True)
    )
    ccf.set_blocking(
        db,
        commission,
        done.case_id,
        ccf_cmd.BlockIn(blocked=True, reason="Precaution while examined."),
    )
    ccf.consult(db, commission, done.case_id, "Please send the judgment, if any.")
    ccf.answer_consultation(
        db,
        d.actor("in.supervisor"),
        done.case_id,
        ccf_cmd.AnswerIn(consent=None, comments="No judgment; the supplier complained."),
    )
    ccf.decide(
        db,
        commission,
        done.case_id,
        ccf_cmd.DecisionIn(
            outcome=Outcome.DELETE,
            reasons="Private commercial dispute: not compliant with RPD art. 83.",
            applicant_message="The data concerning you have been deleted.",
        ),
    )
    ccf.implement(db, commission, done.case_id)
    ccf.record_notification(db, commission, done.case_id, ccf_cmd.NotificationIn(channel="letter"))

    pending = ccf.apply(
        db,
        ccf_cmd.ApplicationIn(
            kind=CaseKind.DELETION,
            applicant_name="Applicant C (synthetic)",
            statement="I am prosecuted for my journalism.",
            represented_by="Counsel D (synthetic)",
        ),
    )
    ccf.link_notice(db, commission, pending.case_id, number(to_access))
    ccf.declare_admissibility(
        db, commission, pending.case_id, ccf_cmd.AdmissibilityIn(admissible=True)
    )
    ccf.set_blocking(
        db,
        commission,
        pending.case_id,
        ccf_cmd.BlockIn(blocked=True, reason="Precaution while examined."),
    )

    access = ccf.apply(
        db,
        ccf_cmd.ApplicationIn(
            kind=CaseKind.ACCESS,
            applicant_name="Applicant E (synthetic)",
            statement="Do you hold data about me?",
        ),
    )
    ccf.link_notice(db, commission, access.case_id, number(to_access))
    ccf.declare_admissibility(
        db, commission, access.case_id, ccf_cmd.AdmissibilityIn(admissible=True)
    )
    ccf.consult(db, commission, access.case_id, "Do you agree to disclose the data?")
    ccf.apply(
        db,
        ccf_cmd.ApplicationIn(
            kind=CaseKind.REVISION,
            applicant_name="Applicant F (synthetic)",
            statement="New facts since the decision.",
        ),
    )


def seed_list(db: Database, seed: int = 1, count: int = 200) -> int:
    """A synthetic sanctions-style list in FollowTheMoney form (dataset `demo_sanctions`), so
    screening has more than notices to search on first run. Returns the entities loaded."""
    from xborder.screening.service import import_ftm

    lines = [
        ftm_person(f"demo-{p.external_ref}", p, ["sanction"])
        for p in generate_persons(seed * 7919 + 17, count)
    ]
    return import_ftm(db, None, "demo_sanctions", lines).entities
