"""Demo notices: a reviewer's real queue on first run, and notices in every state.

Everything goes through the services (drafting, four-eyes approval, checks, decisions,
lifecycle), so the demo exercises the same rules as production; only the clock of one notice
is moved back to show an expiry. Cases that should be refused (refugee, political, private
dispute, below threshold) sit beside ordinary ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from joserfc.jwk import OKPKey
from sqlalchemy import select

from xborder.accounts.service import actor_from
from xborder.config import Settings
from xborder.exchange import envelope as env
from xborder.exchange import hub, key_service
from xborder.exchange.hosted import SECRETARIAT
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.ledger import keys
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
    NoticeIn,
    ProtectedIn,
    ReasonIn,
    ReviewIn,
    RiskIn,
    SuspendIn,
    person_in,
)
from xborder.notices.domain import Decision, FlagReason, HitAction, RefusalGround
from xborder.notices.tables import NoticeRow
from xborder.persons.codec import name_to_json
from xborder.persons.domain import Person
from xborder.public.portraits import attach_portrait
from xborder.store.db import Database
from xborder.store.tables import UserRow
from xborder.twin.world import generate_persons


class _Demo:
    def __init__(self, db: Database, settings: Settings, seed: int) -> None:
        self.db, self.settings, self.seed = db, settings, seed
        self._actors: dict[str, Actor] = {}
        self._n = 0

    def actor(self, username: str) -> Actor:
        if username not in self._actors:
            with self.db.transaction() as s:
                user = s.scalar(select(UserRow).where(UserRow.username == username))
                assert user is not None, username
                self._actors[username] = actor_from(user)
        return self._actors[username]

    def person(self, country: str) -> Person:
        self._n += 1
        p = next(
            generate_persons(
                self.seed * 1000 + self._n, 1, owners=(country,), nationalities=(country,)
            )
        )
        return replace(p, restricted_to=None, source="bureau", external_ref=None)

    def request(
        self,
        country: str,
        content: dict[str, Any],
        person: Person | None = None,
        approve: bool = True,
    ) -> str:
        cc = country.lower()
        officer = self.actor(f"{cc}.officer")
        if person is None and content["notice_type"] in ("red", "yellow", "blue", "green", "un"):
            person = self.person(country)
        cmd = NoticeIn.model_validate(
            {**content, "person": person_in(person) if person is not None else None}
        )
        nid = notices.create_request(self.db, officer, cmd)
        if approve:
            notices.send_for_approval(self.db, officer, nid)
            notices.approve(self.db, self.actor(f"{cc}.supervisor"), self.settings, nid)
        return nid

    def publish(self, nid: str, rationale: str = "Complies with RPD arts 82-83.") -> None:
        notices.decide(
            self.db,
            self.actor("reviewer"),
            self.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale=rationale),
        )


def red(
    title: str,
    offence: str,
    law: str,
    months: int,
    place: str,
    when: str,
    facts: str,
    extradition: list[str],
    **over: Any,
) -> dict[str, Any]:
    judicial = {
        "basis": "prosecution",
        "offences": [{"description": offence, "law": law, "max_penalty_months": months}],
        "warrant_reference": over.pop("warrant", f"AW/{when[:4]}/{abs(hash(title)) % 10000:04d}"),
        "issuing_authority": over.pop("authority", "Investigating judge"),
        "facts_summary": facts,
        "facts_time": when,
        "facts_place": place,
        "extradition_countries": extradition,
    }
    judicial.update(over.pop("judicial", {}))
    return {
        "notice_type": "red",
        "subject_status": "wanted",
        "title": title,
        "summary": offence,
        "judicial": judicial,
        **over,
    }


def seed_notices(
    db: Database, settings: Settings, seed: int = 1, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Create the demo notices, diffusions, measures and context; returns counts by state."""
    say = progress or (lambda _m: None)
    d = _Demo(db, settings, seed)
    reviewer, admin = d.actor("reviewer"), d.actor("admin")
    today = utcnow().date()

    say("secretariat context: corrective measures, country notes, protected status")
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

    say("ordinary notices, published")
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

    say("lifecycle: hits, flags, suspended, withdrawn, cancelled, expired, deleted")
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

    say("the review queue: requests to refuse and ordinary ones")
    refugee = d.person("RU")
    context.record_protected_status(
        db,
        reviewer,
        ProtectedIn(
            fled_country="RU",
            granting_country="DE",
            names=[n.full for n in refugee.names],
            birth_date=refugee.birth_dates[0].iso() if refugee.birth_dates else "",
            status="refugee",
        ),
    )
    d.request(
        "RU",
        red(
            "Large-scale fraud",
            "Fraud on an especially large scale",
            "UK RF art. 159(4)",
            120,
            "Moscow",
            "2021-09",
            "Misappropriated company funds through fictitious contracts.",
            ["DE", "FR", "LT"],
        ),
        refugee,
    )
    # a protecting state notifies the secretariat over the signed exchange; the request from
    # the country the person fled is then matched against the register by the screening matcher
    notified = d.person("BY")
    _notify_protection(d, "NL", notified, fled_country="BY", protection_type="refugee")
    d.request(
        "BY",
        red(
            "Malicious hooliganism",
            "Hooliganism committed by a group",
            "Criminal Code art. 339(2)",
            72,
            "Minsk",
            "2020-08",
            "Took part with others in gross violations of public order in the city centre.",
            ["NL", "PL", "LT"],
        ),
        notified,
    )
    d.request(
        "BY",
        red(
            "Organising mass riots",
            "Organisation of mass riots",
            "Criminal Code art. 293",
            180,
            "Minsk",
            (today - timedelta(days=38)).isoformat(),
            "Called on social media for people to gather on the central square after the election.",
            ["PL", "LT", "LV"],
            profile=["activist"],
        ),
    )
    d.request(
        "AE",
        red(
            "Bounced cheques",
            "Issuing a cheque without sufficient funds",
            "Federal Law 14/2020 art. 643",
            36,
            "Dubai",
            "2024-10",
            "Cheques issued to a supplier were returned unpaid; private debt of AED 2 million.",
            ["GB", "IN"],
        ),
    )
    d.request(
        "IN",
        red(
            "Theft of a mobile phone",
            "Theft",
            "BNS s. 303",
            12,
            "Delhi",
            "2026-02",
            "Stole a mobile phone from a shop.",
            ["NP"],
        ),
    )
    d.request(
        "EG",
        red(
            "Spreading false news",
            "Spreading false information and insulting state institutions",
            "Penal Code art. 80(d) and 102 bis",
            60,
            "Cairo",
            "2025-12",
            "Published articles criticising the government on a news website.",
            ["FR", "GB"],
            profile=["journalist"],
        ),
    )
    d.request(
        "KZ",
        red(
            "Propaganda of extremism",
            "Propaganda of religious extremism",
            "Criminal Code art. 174",
            84,
            "Almaty",
            "2025-04",
            "Preached at an unregistered religious gathering.",
            ["KG", "TR"],
            profile=["religious_figure"],
        ),
    )
    # Requests as an abusive requester writes them: no declared profile; the checks find the
    # signals in the charges (in the law's own language), the country's sourced record, the
    # calendar and the facts.
    d.request(
        "TN",
        red(
            "Abus de fonction",
            "Abus de fonction et détournement de deniers publics",
            "Code pénal, art. 96",
            120,
            "Tunis",
            "2018",
            "En sa qualité de ministre, il a attribué des marchés publics à des sociétés proches"
            " et causé un préjudice au budget de l'État.",
            ["FR", "IT"],
        ),
    )
    # Acts in office of another state's official, charged by a state where they did not
    # happen: the person's nationality and the place of the facts say so, whatever the charge
    # is called.
    d.request(
        "RU",
        red(
            "Unjust verdict",
            "Knowingly delivering an unjust verdict",
            "ст. 305 УК РФ «Вынесение заведомо неправосудного приговора»",
            120,
            "Vilnius, Lithuania",
            "2022-03",
            "Acting as judge of a district court, the subject convicted a citizen of the"
            " Russian Federation in a trial he knew to be unfounded.",
            ["LT", "PL", "DE"],
        ),
        d.person("LT"),
    )
    # The request's own words say what the person does; the reviewer can attach the profile
    # from the review page with a source.
    d.request(
        "BY",
        red(
            "Tax evasion",
            "Tax evasion on a particularly large scale",
            "Criminal Code art. 243",
            84,
            "Minsk",
            "2021-06",
            "The subject, editor-in-chief of an online news outlet, did not declare income"
            " received from abroad and evaded taxes on it.",
            ["PL", "LT"],
        ),
    )
    # The subject is on a (synthetic) list of journalists the secretariat imports: screening
    # the lists from the review page proposes the profile for the reviewer to confirm.
    reporter = d.person("RU")
    _seed_profile_list(db, "demo_press", [(reporter, "role.journo")])
    d.request(
        "RU",
        red(
            "Extremist organisation",
            "Participation in the activities of an extremist organisation",
            "ст. 282.2 ч. 2 УК РФ «Участие в деятельности экстремистской организации»",
            72,
            "Kazan",
            "2024-03",
            "Took part in meetings of a banned organisation and distributed its literature.",
            ["DE", "LT", "GE"],
        ),
        reporter,
    )
    d.request(
        "SA",
        red(
            "نشر أخبار كاذبة",
            "إهانة الدولة ونشر أخبار كاذبة عبر وسائل التواصل الاجتماعي",
            "نظام مكافحة الجرائم المعلوماتية، المادة 6",
            60,
            "الرياض",
            "2025-02",
            "نشر تغريدات تسيء إلى مؤسسات الدولة.",
            ["GB", "CA"],
        ),
    )
    d.request(
        "TR",
        red(
            "Qualified fraud (commercial)",
            "Qualified fraud",
            "Turkish Penal Code art. 158",
            120,
            "Istanbul",
            "2023-06",
            "The complainant, his former business partner, states that he did not repay a loan"
            " of 3 million lira under their supply contract; a civil suit is pending at the"
            " commercial court.",
            ["DE", "NL"],
        ),
    )
    d.request(
        "EG",
        red(
            "Murder (in absentia)",
            "Premeditated murder",
            "Penal Code art. 230",
            1200,
            "Alexandria",
            "2022-08-14",
            "Convicted in absentia of killing a shopkeeper during a quarrel.",
            ["IT", "FR"],
            judicial={"basis": "sentence", "sentence_imposed_months": 300},
        ),
    )
    d.request(
        "PL",
        red(
            "Burglary gang",
            "Participation in an organised criminal group and burglary",
            "Kodeks karny art. 258 and 279",
            120,
            "Kraków",
            "2025-10",
            "Member of a gang that burgled warehouses in three countries.",
            ["DE", "CZ"],
        ),
    )
    d.request(
        "CO",
        red(
            "Cocaine export",
            "Drug trafficking",
            "Código Penal art. 376",
            360,
            "Cartagena",
            "2025-05",
            "Shipped cocaine hidden in fruit containers.",
            ["ES", "US", "NL"],
        ),
    )
    d.request(
        "CH",
        {
            "notice_type": "silver",
            "subject_status": "person_of_interest",
            "title": "Proceeds of a bribery scheme",
            "summary": "Locate assets",
            "details": {
                "assets": "Bank deposits and two apartments bought with bribes,"
                " about CHF 12 million."
            },
        },
    )
    d.request(
        "JP",
        {
            "notice_type": "blue",
            "subject_status": "person_of_interest",
            "title": "Romance scam money mule",
            "summary": "Locate",
            "details": {"information_sought": "Current location and bank accounts."},
        },
    )
    # A second request on the robbery suspect: the duplicate check finds the published one.
    with db.transaction() as s:
        row = s.get(NoticeRow, fr_robbery)
        assert row is not None and row.person_id is not None
        person_id = row.person_id
    officer = d.actor("fr.officer")
    dup = notices.create_request(
        db,
        officer,
        NoticeIn.model_validate(
            {
                **red(
                    "Second robbery (same suspect)",
                    "Armed robbery",
                    "Code pénal art. 311-9",
                    240,
                    "Marseille",
                    "2026-01-20",
                    "Robbed a bank branch.",
                    ["DE", "ES"],
                ),
                "person_id": person_id,
            }
        ),
    )
    notices.send_for_approval(db, officer, dup)
    notices.approve(db, d.actor("fr.supervisor"), settings, dup)

    more = d.request(
        "ZA",
        red(
            "Armed cash-in-transit robbery",
            "Robbery with aggravating circumstances",
            "Criminal Law Amendment Act 105 of 1997",
            180,
            "",
            "2025-07",
            "Attacked a cash-in-transit vehicle.",
            ["MZ", "BW"],
        ),
    )
    notices.decide(
        db,
        reviewer,
        settings,
        more,
        DecisionIn(
            decision=Decision.ASK_INFO,
            rationale="Place of the facts missing.",
            question="Where did the robbery take place? Please send the warrant as well.",
        ),
    )
    refused = d.request(
        "VE",
        red(
            "Insulting the president",
            "Offending the President of the Republic",
            "Código Penal art. 147",
            40,
            "Caracas",
            "2025-08",
            "Posted a video mocking the president.",
            ["CO", "ES"],
            profile=["politician"],
        ),
    )
    notices.decide(
        db,
        reviewer,
        settings,
        refused,
        DecisionIn(
            decision=Decision.REFUSE,
            rationale="Opposition politician prosecuted for speech; the political element "
            "predominates (art. 3).",
            grounds=[RefusalGround.ART_3],
        ),
    )
    d.request(
        "FR",
        {
            "notice_type": "green",
            "subject_status": "convicted",
            "title": "Serial online fraudster (draft)",
            "summary": "Warn about activities",
            "details": {"criminal_activity": "Phishing campaigns against elderly people."},
        },
        approve=False,
    )
    de_officer = d.actor("de.officer")
    waiting = notices.create_request(
        db,
        de_officer,
        NoticeIn.model_validate(
            {
                "notice_type": "yellow",
                "subject_status": "missing",
                "title": "Missing hiker",
                "summary": "Missing in the Alps",
                "details": {
                    "missing_since": "2026-10-01",
                    "last_seen_place": "Garmisch-Partenkirchen",
                },
                "person": person_in(d.person("DE")),
            }
        ),
    )
    notices.send_for_approval(db, de_officer, waiting)

    say("diffusions")
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

    with db.transaction() as s:
        counts: dict[str, int] = {}
        for state in s.scalars(select(NoticeRow.state)):
            counts[state] = counts.get(state, 0) + 1
    return counts


def _seed_profile_list(db: Database, dataset: str, people: list[tuple[Person, str]]) -> None:
    """A synthetic persons list whose entities carry a topic that says who they are
    (role.journo, role.pep...): what `notices.profiles.screen_lists` reads."""
    from xborder.screening.service import import_ftm

    lines = [_ftm_person(f"{dataset}-{i}", p, [topic]) for i, (p, topic) in enumerate(people)]
    import_ftm(db, None, dataset, lines)


def _notify_protection(
    d: _Demo, granting: str, person: Person, fled_country: str, protection_type: str
) -> None:
    """A member state's protection/notify document, signed with a key its supervisor
    registers now (generated for this run, never stored in the repository)."""
    key = OKPKey.generate_key("Ed25519")
    reg = key_service.register_key(
        d.db, d.actor(f"{granting.lower()}.supervisor"), key.as_dict(private=False)
    )
    document = {
        "reference": f"{granting}-DEMO-{d.seed}-{d._n}",
        "status": "granted",
        "protection_type": protection_type,
        "fled_country": fled_country,
        "person": {
            "names": [
                {k: v for k, v in name_to_json(n).items() if k in ("full", "script", "lang")}
                for n in person.names
            ],
            "sex": person.sex.value,
            "birth_dates": [b.iso() for b in person.birth_dates],
            "nationalities": list(person.nationalities),
        },
        "granted_on": (utcnow().date() - timedelta(days=400)).isoformat(),
    }
    envelope = env.sign(
        {**key.as_dict(private=True), "kid": reg.kid},
        sender=granting,
        recipients=[SECRETARIAT],
        service="protection",
        action="notify",
        document=document,
    )
    out = hub.submit(
        d.db, d.actor(f"{granting.lower()}.officer"), keys.signer(d.settings), envelope
    )
    if not out.accepted:
        raise RuntimeError(f"the demo's protection notice was refused: {out.detail}")


def _commission_cases(d: _Demo, to_delete: str, to_access: str) -> None:
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


def _ftm_person(entity_id: str, p: Person, topics: list[str]) -> str:
    """One person as a FollowTheMoney `Person` entity line, as a list publisher writes it."""
    import json

    names = [n.full for n in p.names]
    props = {
        "name": names[:1],
        "alias": names[1:],
        "birthDate": [d.iso() for d in p.birth_dates if "/" not in d.iso()],
        "nationality": [c.lower() for c in p.nationalities],
        "gender": [{"M": "male", "F": "female"}.get(p.sex.value, "other")],
        "topics": topics,
    }
    return json.dumps(
        {"id": entity_id, "schema": "Person", "properties": props}, ensure_ascii=False
    )


def seed_list(db: Database, seed: int = 1, count: int = 200) -> int:
    """A synthetic sanctions-style list in FollowTheMoney form (dataset `demo_sanctions`), so
    screening has more than notices to search on first run. Returns the entities loaded."""
    from xborder.screening.service import import_ftm

    lines = [
        _ftm_person(f"demo-{p.external_ref}", p, ["sanction"])
        for p in generate_persons(seed * 7919 + 17, count)
    ]
    return import_ftm(db, None, "demo_sanctions", lines).entities
