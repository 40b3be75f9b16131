"""Art. 2 (Constitution: human rights in the spirit of the Universal Declaration), raised
from the country's sourced record and from the request itself, not only from sources a
reviewer adds. Pure.

- Torture: the requesting country's Political Terror Scale, V-Dem's physical violence index
  and its Convention against Torture status, for the year of the request. A country-wide
  risk alone is context (info); with an art. 3 assessment strong enough for review, or a
  member state's protection of this person, it becomes a risk to this person (needs review).
  So does a court's finding, within reach of the request's year, that anyone held in custody
  there ran a real risk of ill-treatment (`court_findings`): that is a risk to whoever is
  surrendered, whatever the charge.
- Unfair trial: a conviction in absentia without a guaranteed retrial in the person's
  presence (from the request's own fields, or its words).
- Death penalty: a retentionist country (or one that says the penalty is death) and a charge
  that is commonly capital there, without an assurance.

A missing retrial guarantee or death-penalty assurance is a risk to this person (art. 2, for
review) where the art. 3 signals call for review, a member state protects the person or the
reviewer recorded a risk; for a trial in absentia also where the country's record or its
courts are poor; for the death penalty also where the law the request cites provides for
it. Otherwise it is a guarantee to ask the bureau for (`art2_assurance`, queued with the
data findings; on a diffusion, which has no publication to hold, it stays a risk).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from xborder.notices.domain import JudicialBasis
from xborder.notices.political import assess, describe, repression_indicators
from xborder.notices.rulebase import (
    PERSECUTION_STATUSES,
    CheckInput,
    Finding,
    ProtectedStatus,
    RuleConfig,
    Severity,
    make_finding,
    protection_from,
    texts,
)
from xborder.safeguards import charges
from xborder.safeguards.countrydata import Entry
from xborder.safeguards.text import compile_pattern, find, negated, words_of

_ART2 = "Constitution art. 2"

_ABSENTIA = tuple(
    compile_pattern(p)
    for p in (
        "in absentia",
        "in his absence",
        "in her absence",
        "par defaut",
        "par contumace",
        "en rebeldia",
        "juzgad* en ausencia",
        "condenad* en ausencia",
        "заочн*",
        "غيابي",
        "غيابيا",
    )
)
_DEATH = tuple(
    compile_pattern(p)
    for p in (
        "death penalty",
        "capital punishment",
        "punishable by death",
        "sentenced to death",
        "death sentence",
        "peine de mort",
        "peine capitale",
        "pena de muerte",
        "pena capital",
        "смертн* казн*",
        "исключительн* мер* наказани*",
        "اعدام",
        "الاعدام",
        "قصاص",
    )
)

# A conviction, not a step of an investigation, handed down in the person's absence.
_CONVICTED_ABSENT = tuple(
    compile_pattern(p)
    for p in (
        "convicted in absentia",
        "sentenced in absentia",
        "tried in absentia",
        "convicted in his absence",
        "convicted in her absence",
        "sentenced in his absence",
        "sentenced in her absence",
        "condamne* par contumace",
        "condamne* par defaut",
        "condamne* en son absence",
        "condenad* en rebeldia",
        "condenad* en ausencia",
        "juzgad* en ausencia",
        "заочн* осужд*",
        "осужд* заочн*",
        "заочн* приговор*",
        "приговор* заочн*",
        "حكم غيابي",
        "حكما غيابيا",
    )
)

_PENALTY_AFTER = 6  # words after a penalty's mention where its negation is read
# The fields that say what a request is about (not the facts it recounts).
_STATING = ("offence", "title:", "summary:")
# A death sentence imposed, as the request may say it (negations are read by `_any`).
_SENTENCED = tuple(
    compile_pattern(p)
    for p in (
        "sentenced to death",
        "death sentence",
        "condamne* a mort",
        "condamne* a la peine de mort",
        "condenad* a muerte",
        "condenad* a la pena de muerte",
        "приговор* к смертн* казн*",
        "приговор* к высш* мер*",
        "حكم* بالاعدام",
        "بالاعدام",
    )
)


def _any(patterns: tuple[Any, ...], inp: CheckInput, after: int = 0, before: int = 3) -> list[str]:
    """Where the request says it (field and words), unless it says the opposite there ("not
    in absentia", "the death penalty was abolished"; with `after`, also "the death penalty
    will not be imposed", "a moratorium on the death penalty")."""
    out: list[str] = []
    for field, text in texts(inp.content):
        w = words_of(text)
        for p in patterns:
            for b, e in find(w, p):
                start = next(i for i, span in enumerate(w.spans) if span[0] == b)
                if not negated(w, start, window=before, after=after):
                    out.append(f"{field}: “{text[b:e]}”")
    return out


def torture_indicators(inp: CheckInput, config: RuleConfig) -> list[Entry]:
    rec = inp.country
    if rec is None:
        return []
    out = []
    pts = rec.entries.get("pts")
    if (
        pts is not None
        and max((v for v in pts.values.values() if v), default=0) >= config.pts_torture_at
    ):
        out.append(pts)
    vdem = rec.entries.get("vdem")
    if vdem is not None and vdem.values.get("physinteg", 1.0) < config.vdem_physinteg_torture_below:
        out.append(vdem)
    treaties = rec.entries.get("treaties")
    # None means the source does not say; only a known "not a party" counts
    if treaties is not None and treaties.values.get("cat") is False:
        out.append(treaties)
    court = detainee_finding(inp)
    if court is not None:
        out.append(court)
    return out


def detainee_finding(inp: CheckInput) -> Entry | None:
    """A court's or treaty body's finding, within reach of the request's year, that anyone
    held in custody in the requesting country ran a real risk of ill-treatment: a risk to
    this person once surrendered and detained, whatever the charge."""
    rec = inp.country
    found = rec.entries.get("court_findings") if rec is not None else None
    return found if found is not None and found.values.get("detainee_risk") is True else None


def court_text(e: Entry) -> str:
    v = e.values
    ref = f", {v['reference']}" if v.get("reference") else ""
    holding = f": {v['holding']}" if v.get("holding") else ""
    return (
        f"{v['body']}, {v['case']}{ref} ({v['decided']}), found a real risk of ill-treatment"
        f" for anyone held in custody there{holding} ({e.source.title}, {e.source.edition};"
        f" a finding reaches the request's year, {e.year})"
    )


def protected_from_requester(inp: CheckInput) -> list[ProtectedStatus]:
    """Protection a member state has granted (and confirmed) against the requesting country:
    a state has assessed this person's own risk on return."""
    return [
        p
        for p in protection_from(inp.protected, inp.requesting_country)
        if p.confirmed and p.state == "granted"
    ]


def _torture(
    inp: CheckInput, config: RuleConfig, political: bool
) -> tuple[Severity, str, dict[str, Any]] | None:
    entries = torture_indicators(inp, config)
    if not entries:
        return None
    protected = bool(protected_from_requester(inp))
    parts = [indicator_text(e, config) for e in entries]
    court = any(e.dataset == "court_findings" for e in entries)
    sev = Severity.REVIEW if political or protected or court else Severity.INFO
    if court:
        why = (
            " A court found the risk for anyone held in custody there, not for a profile: it"
            " is a risk to this person once surrendered and detained. Assess whether"
            " assurances, with independent monitoring of detention, could answer it."
        )
    elif political:
        why = (
            " The art. 3 indicators are strong enough for review: a person pursued for"
            " political reasons there is at particular risk of ill-treatment."
        )
    elif protected:
        matched = "; ".join(
            dict.fromkeys(
                f"{p.status}, matched by {p.match}" for p in protected_from_requester(inp)
            )
        )
        why = (
            " A member state has granted this person protection from the requesting country"
            f" ({matched}): it found a risk of persecution or serious harm to this person (the"
            " grounds are not known here); assess whether it includes ill-treatment."
        )
    else:
        why = " A country-wide record alone is context, not a risk to this person."
    return (
        sev,
        f"Risk of torture or ill-treatment: {'; '.join(parts)}.{why}",
        {
            "risk": "torture",
            "indicators": [e.evidence() for e in entries],
            "art3_strong": political,
            "protected": protected,
            "court_finding": court,
        },
    )


def _serious_harm(inp: CheckInput) -> tuple[Severity, str, dict[str, Any]] | None:
    """Subsidiary protection is granted for a real risk of serious harm on return (EU
    Qualification Directive art. 15: death penalty or execution, torture or inhuman
    treatment, or indiscriminate violence in armed conflict), without a persecution ground:
    an art. 2 question whatever the country's record."""
    found = [p for p in protected_from_requester(inp) if p.status not in PERSECUTION_STATUSES]
    if not found:
        return None
    return (
        Severity.REVIEW,
        "A member state has granted this person subsidiary protection from the requesting"
        f" country ({'; '.join(p.match for p in found)}): it found a real risk of serious harm"
        " on return, which in the EU Qualification Directive (art. 15) is the death penalty or"
        " execution, torture or inhuman or degrading treatment, or a threat from indiscriminate"
        " violence in armed conflict; which one is not known here. Assess whether the request"
        " exposes the person to such harm.",
        {
            "risk": "serious_harm",
            "statuses": [
                {"status": p.status, "granting_country": p.granting_country, "match": p.match}
                for p in found
            ],
        },
    )


def _unfair_trial(inp: CheckInput) -> tuple[Severity, str, dict[str, Any]] | None:
    """A conviction in absentia: on a request to serve a sentence, the request's flag or any
    words for absence; on a request for prosecution (a state where a conviction in absentia
    is set aside on arrest may still send it so), the flag or words that a court convicted
    in the person's absence ("charged in his absence", "arrested in absentia" are not
    convictions)."""
    j = inp.content.judicial
    if j is None:
        return None
    sentence = j.basis == JudicialBasis.SENTENCE
    # on a request for prosecution the words are the only evidence, so a negation after
    # them ("no judgment in absentia was delivered") is read too
    words = (
        _any(_ABSENTIA, inp)
        if sentence
        else _any(_CONVICTED_ABSENT, inp, after=_PENALTY_AFTER, before=_PENALTY_AFTER)
    )
    absent = j.in_absentia is True or bool(words)
    if not absent or j.retrial_guaranteed is True:
        return None
    said = "the request states it" if j.in_absentia else f"the request's words: {', '.join(words)}"
    return (
        Severity.REVIEW,
        (
            f"Conviction in absentia ({said}) without a guaranteed retrial in the person's"
            " presence:"
            " ask the bureau whether the person may have a new trial (right to a fair trial, UDHR"
            " arts 10-11)."
        ),
        {
            "risk": "unfair_trial",
            "in_absentia": True,
            "words": words,
            "retrial_guaranteed": j.retrial_guaranteed,
        },
    )


def _death_penalty(inp: CheckInput) -> tuple[Severity, str, dict[str, Any]] | None:
    """The request says the penalty is death; or the country is retentionist and a charge is
    capital in every retentionist state (intentional killing) with life or an unstated
    maximum. Charges capital only in some retentionist states (drugs, robbery...) are context:
    the reviewer checks the law cited."""
    j = inp.content.judicial
    said = _any(_DEATH, inp, after=_PENALTY_AFTER)
    rec = inp.country
    dp = rec.entries.get("death_penalty") if rec is not None else None
    status = dp.values.get("status") if dp is not None else None
    cat = charges.catalogue()
    capital = [
        m
        for m in charges.analyse(texts(inp.content))
        if m.field.startswith("offence") and cat.family(m.family).capital
    ]
    top = j is None or any(o.max_penalty_months in (None, 1200) for o in j.offences)
    everywhere = [m for m in capital if cat.family(m.family).capital == "all"]
    in_law = status in ("retentionist", "abolitionist_in_practice")
    if not said and not (in_law and capital and top):
        return None
    assured = j is not None and j.death_penalty_assurance is True
    families = sorted({m.family for m in capital})
    basis = []
    if said:
        basis.append(f"the request mentions it ({', '.join(said)})")
    if dp is not None:
        basis.append(describe(dp))
    if families:
        basis.append(f"charges capital in retentionist states: {', '.join(families)}")
    # abolitionist in practice: death is still in the law, no execution for ten years
    certain = bool(said) or (bool(everywhere) and status == "retentionist")
    if assured:
        sev = Severity.INFO
        tail = " The request gives an assurance that the death penalty will not be imposed or"
        tail += " carried out."
    elif certain:
        sev = Severity.REVIEW
        tail = " No assurance is given: ask for one before publication."
    else:
        sev = Severity.INFO
        tail = (
            " These charges are capital in some retentionist states only: check the law cited"
            " and ask for an assurance if it provides for death."
        )
    return (
        sev,
        f"The death penalty may apply: {'; '.join(basis)}.{tail}",
        {
            "risk": "death_penalty",
            "mentions": said,
            "status": status,
            "indicator": dp.evidence() if dp is not None else None,
            "families": families,
            "assurance": assured,
        },
    )


def indicator_text(e: Entry, config: RuleConfig) -> str:
    """What an entry of the country's record shows, in the words of the measure that made it
    count (a V-Dem entry may count for its physical violence index, a treaty entry for the
    Convention against Torture)."""
    if e.dataset == "vdem" and e.values.get("physinteg", 1.0) < config.vdem_physinteg_torture_below:
        return (
            f"{e.source.title} ({e.source.edition}, values for {e.year}): physical violence"
            f" index {e.values['physinteg']:.2f} (freedom from torture and political killings,"
            " 0-1)"
        )
    if e.dataset == "treaties":
        return (
            f"{e.source.title} ({e.source.edition}, {e.year}): not a party to the Convention"
            " against Torture"
        )
    if e.dataset == "court_findings":
        return court_text(e)
    return describe(e)


def personal_risk(
    inp: CheckInput, config: RuleConfig, political: bool, record_counts: bool = True
) -> list[str]:
    """Why a fair-trial or death-penalty question is a risk to this person rather than a
    guarantee the bureau can give: the art. 3 signals call for review (their own reasons,
    the country's record among them, are in that finding), a member state protects the
    person, the reviewer recorded a risk, or (`record_counts`, and art. 3 not already saying
    it) the country's record or courts for the request's year."""
    why = []
    if political:
        why.append("the art. 3 indicators call for review")
    if protected_from_requester(inp):
        why.append("a member state protects the person from the requesting country")
    if inp.art2_risks:
        listed = ", ".join(dict.fromkeys(r.risk.replace("_", " ") for r in inp.art2_risks))
        why.append(f"the reviewer recorded human-rights risks ({listed})")
    if record_counts and not political:
        poor = repression_indicators(inp.country, config) + torture_indicators(inp, config)
        if poor:
            texts_ = dict.fromkeys(indicator_text(e, config) for e in poor)
            why.append("the country's record: " + "; ".join(texts_))
        judiciary = judicial_indicator(inp, config)
        if judiciary is not None:
            why.append(
                f"courts that do not constrain the executive: {judiciary.source.title}"
                f" {judiciary.source.edition} (values for {judiciary.year}), judicial"
                f" constraints on the executive {judiciary.values['jucon']:.2f} (0-1)"
            )
    return why


def judicial_indicator(inp: CheckInput, config: RuleConfig) -> Entry | None:
    """The V-Dem entry that shows courts not constraining the executive, if it does."""
    vdem = inp.country.entries.get("vdem") if inp.country is not None else None
    if vdem is None or vdem.values.get("jucon", 1.0) >= config.vdem_jucon_unfair_below:
        return None
    return vdem


def _questions(
    inp: CheckInput, config: RuleConfig, political: bool
) -> tuple[list[tuple[Severity, str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    """The fair-trial and death-penalty findings, split: risks to this person (art. 2, for
    review) and guarantees to ask the bureau for (an assurance, a retrial), which like
    missing data ask for more information before publication."""
    risks: list[tuple[Severity, str, dict[str, Any]]] = []
    asks: list[tuple[str, dict[str, Any]]] = []
    # A trial in absentia where the record is poor is a fair-trial risk in itself. The death
    # penalty is a risk to this person where the request itself says the penalty is death;
    # inferred from a charge that is capital there (lawful for the most serious crimes, ICCPR
    # art. 6(2)), the country's record alone leaves it a question of an assurance.
    dp = _death_penalty(inp)
    # "stated": what the request is about says the penalty is death (the law cited for an
    # offence, the title, the summary), or it says the person was sentenced to death; a mere
    # mention in the facts it recounts ("a moratorium on the death penalty") does not
    stated = dp is not None and (
        any(str(m).startswith(_STATING) for m in dp[2].get("mentions", []))
        or bool(_any(_SENTENCED, inp, after=_PENALTY_AFTER))
    )
    checks = ((_unfair_trial(inp), True), (dp, False))
    for found, record_counts in checks:
        if found is None:
            continue
        why = personal_risk(inp, config, political, record_counts)
        if found is dp and stated and found[0] == Severity.REVIEW:
            why = [
                *why,
                "the request says the penalty is death (in the law it cites, its title or its"
                " summary) or that the person was sentenced to death",
            ]
        sev, message, evidence = found
        if sev != Severity.REVIEW:
            risks.append(found)  # context: the reviewer reads it, nothing to ask
        elif why:
            evidence = {**evidence, "personal_risk": why}
            risks.append((sev, f"{message} A risk to this person: {'; '.join(why)}.", evidence))
        else:
            asks.append((message, evidence))
    return risks, asks


def check_art2_risk(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    out: list[Finding] = []
    political = assess(inp, config).strong(config)
    risks, _ = _questions(inp, config, political)
    for found in (_torture(inp, config, political), *risks, _serious_harm(inp)):
        if found is None:
            continue
        sev, message, evidence = found
        out.append(make_finding("art2_risk", sev, f"{message} ({_ART2})", evidence, False))
    if inp.art2_risks:
        listed = "; ".join(
            f"{r.risk.replace('_', ' ')} (source: {r.source or 'not given'})"
            for r in inp.art2_risks
        )
        out.append(
            make_finding(
                "art2_risk",
                Severity.REVIEW,
                f"Human-rights risks are recorded for this request: {listed}. Assess under"
                f" {_ART2} (spirit of the Universal Declaration of Human Rights) whether"
                " the notice may be published and with which safeguards.",
                {"risk": "case_sources", "risks": [asdict(r) for r in inp.art2_risks]},
                False,
            )
        )
    return out


def check_art2_assurance(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    """A retrial guarantee or a death-penalty assurance the request lacks, where nothing
    makes it a risk to this person (see `personal_risk`): ask the bureau, as for missing
    data, before publication."""
    political = assess(inp, config).strong(config)
    _, asks = _questions(inp, config, political)
    return [
        make_finding(
            "art2_assurance",
            Severity.REVIEW,
            f"{message} {WHY_A_QUESTION[str(evidence['risk'])]} ({_ART2}).",
            {**evidence, "question": QUESTIONS[str(evidence["risk"])]},
            False,
        )
        for message, evidence in asks
    ]


WHY_A_QUESTION = {
    "unfair_trial": (
        "Nothing in the request, the country's record or its courts makes it a risk to this"
        " person: a guarantee the bureau can give."
    ),
    "death_penalty": (
        "Nothing in the request makes it a risk to this person, and the country's record"
        " alone does not (the penalty is lawful for the most serious crimes, ICCPR art. 6(2)):"
        " an assurance the bureau can give."
    ),
}

QUESTIONS = {
    "unfair_trial": (
        "The person was convicted in absentia: say whether, once surrendered, the person will"
        " have a new trial in their presence (or an appeal on the facts and the law), and under"
        " which provision."
    ),
    "death_penalty": (
        "The charges may carry the death penalty: give an assurance that it will not be"
        " sought, imposed or, if imposed, carried out."
    ),
}
"""What the reviewer asks the bureau for, by risk (prefilled on the review page)."""
