"""The demo's review queue: requests a reviewer must refuse, written as an abusive requester
writes them, beside ordinary ones; the protection a state notified and the list of
journalists the review page screens against."""

from __future__ import annotations

from datetime import date, timedelta

from joserfc.jwk import OKPKey

from xborder.exchange import envelope as env
from xborder.exchange import hub, key_service
from xborder.exchange.hosted import SECRETARIAT
from xborder.kernel.clock import utcnow
from xborder.ledger import keys
from xborder.notices import context
from xborder.notices import service as notices
from xborder.notices.commands import (
    DecisionIn,
    NoticeIn,
    ProtectedIn,
    person_in,
)
from xborder.notices.domain import Decision, RefusalGround
from xborder.notices.tables import NoticeRow
from xborder.persons.codec import name_to_json
from xborder.persons.domain import Person
from xborder.store.db import Database
from xborder.twin.demo_kit import Demo, ftm_person, red


def seed_review_queue(d: Demo, today: date, fr_robbery: str) -> None:
    """The review queue: requests a reviewer must refuse (abuse as a requester writes it: no
    declared profile; the checks find the signals in the charges, the country's record, the
    calendar and the facts) beside ordinary ones, and a duplicate of `fr_robbery`."""
    db, settings = d.db, d.settings
    reviewer = d.actor("reviewer")
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


def _seed_profile_list(db: Database, dataset: str, people: list[tuple[Person, str]]) -> None:
    """A synthetic persons list whose entities carry a topic that says who they are
    (role.journo, role.pep...): what `notices.profiles.screen_lists` reads."""
    from xborder.screening.service import import_ftm

    lines = [ftm_person(f"{dataset}-{i}", p, [topic]) for i, (p, topic) in enumerate(people)]
    import_ftm(db, None, dataset, lines)


def _notify_protection(
    d: Demo, granting: str, person: Person, fled_country: str, protection_type: str
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
