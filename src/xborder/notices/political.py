"""Art. 3 (Constitution): the predominance test as combined signals. Pure.

No single fact makes a request political. The nature of the charges (the charge-pattern
catalogue, in several languages), who the person is (declared, or researched by the
secretariat with sources), the requesting country's record (sourced indicators), the timing
against its political calendar, earlier outcomes for the person and the requesting bureau's
record on such charges each add a weight (`RuleConfig`); together they make the finding
stronger. Every signal is shown with its evidence, so the reviewer sees why; the reviewer
decides. Rules never name a person, a case or a country: countries enter only through data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from xborder.notices.domain import Profile
from xborder.notices.rulebase import (
    PERSECUTION_STATUSES,
    CheckInput,
    ContextEvent,
    Finding,
    RuleConfig,
    Severity,
    country_label,
    make_finding,
    plural,
    protection_from,
    texts,
)
from xborder.safeguards import charges, places, profileterms
from xborder.safeguards.charges import ChargeMatch, Kind
from xborder.safeguards.countrydata import CountryRecord, Entry
from xborder.safeguards.periods import facts_period

ART3 = "Constitution art. 3"


@dataclass(frozen=True)
class Signal:
    signal: str  # charge_pattern | profile | country_record | timing | ... (stable ids)
    weight: float
    detail: str  # one sentence a reviewer reads
    evidence: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "signal": self.signal,
            "weight": self.weight,
            "detail": self.detail,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Assessment:
    score: float
    signals: tuple[Signal, ...]
    matches: tuple[ChargeMatch, ...]

    def strong(self, config: RuleConfig) -> bool:
        return self.score >= config.art3_review_at


# --- the country's record -----------------------------------------------------------------------


def repression_indicators(record: CountryRecord | None, config: RuleConfig) -> list[Entry]:
    """The sourced entries that show a poor record on political rights or press freedom."""
    if record is None:
        return []
    out = []
    fh = record.entries.get("freedom_house")
    if fh is not None and fh.values.get("status") == config.fh_poor_status:
        out.append(fh)
    vd = record.entries.get("vdem")
    if vd is not None and vd.values.get("libdem", 1.0) < config.vdem_libdem_poor_below:
        out.append(vd)
    press = record.entries.get("press_freedom")
    if press is not None and press.values.get("score", 100.0) < config.press_poor_below:
        out.append(press)
    return out


def free_country(record: CountryRecord | None, config: RuleConfig) -> Entry | None:
    """The entry that rates the requesting country free, if one does (Freedom House)."""
    fh = record.entries.get("freedom_house") if record is not None else None
    return fh if fh is not None and fh.values.get("status") == config.fh_free_status else None


def describe(entry: Entry) -> str:
    v = entry.values
    note = f"; {entry.note}" if entry.note else ""
    name = f"{entry.source.title} {entry.source.edition} (values for {entry.year}{note})"
    if entry.dataset == "freedom_house":
        if "pr" in v and "cl" in v:
            return (
                f"{name}: {v['status']}, political rights {v['pr']}/40,"
                f" civil liberties {v['cl']}/60"
            )
        return (
            f"{name}: {v['status']}, political rights rating {v['pr_rating']},"
            f" civil liberties rating {v['cl_rating']} (1-7, 7 worst)"
        )
    if entry.dataset == "vdem":
        return f"{name}: liberal democracy index {v['libdem']:.2f}"
    if entry.dataset == "press_freedom":
        rank = f", rank {v['rank']}" if v.get("rank") else ""
        return f"{name}: score {v['score']:.1f}{rank}"
    if entry.dataset == "pts":
        parts = [
            f"{k.replace('_', ' ')} {v[k]}" for k in ("amnesty", "state_dept", "hrw") if v.get(k)
        ]
        return f"{name}: {', '.join(parts)} (1-5, 5 worst)"
    if entry.dataset == "death_penalty":
        ex = f", {v['executions']} executions recorded" if v.get("executions") is not None else ""
        return f"{name}: {v['status'].replace('_', ' ')}{ex}"
    return f"{name}: {v}"


# --- timing ------------------------------------------------------------------------------------


def gap(a: tuple[date, date], b: tuple[date, date]) -> tuple[int, str]:
    """Days between two periods and where the first lies relative to the second."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days, "before"
    if a[0] > b[1]:
        return (a[0] - b[1]).days, "after"
    return 0, "during"


def period_text(p: tuple[date, date]) -> str:
    return p[0].isoformat() if p[0] == p[1] else f"{p[0].isoformat()} to {p[1].isoformat()}"


def _events(inp: CheckInput) -> list[ContextEvent]:
    out = list(inp.events)
    if inp.country is not None:
        out += [
            ContextEvent(e.kind, e.starts_on, e.ends_on, e.label, e.source)
            for e in inp.country.events
        ]
    return out


def _anchors(inp: CheckInput) -> list[tuple[str, tuple[date, date]]]:
    j = inp.content.judicial
    anchors: list[tuple[str, tuple[date, date]]] = []
    period = facts_period(j.facts_time) if j is not None else None
    if period is not None:
        anchors.append(("facts", period))
    if j is not None and j.warrant_date is not None:
        anchors.append(("warrant", (j.warrant_date, j.warrant_date)))
    anchors.append(("request", (inp.submitted_on, inp.submitted_on)))
    return anchors


_NAMES = {"facts": "the facts", "warrant": "the warrant", "request": "the request"}
_UPHEAVAL = ("coup", "government_change")


def _timing(inp: CheckInput, config: RuleConfig) -> list[Signal]:
    out = []
    for kinds, weight in (
        (("election", "protest"), config.w_timing),
        (_UPHEAVAL, config.w_timing_upheaval),
    ):
        near: list[dict[str, Any]] = []
        sentences: list[str] = []
        for ev in _events(inp):
            if ev.kind not in kinds:
                continue
            ev_period = (ev.starts_on, ev.ends_on or ev.starts_on)
            for anchor, p in _anchors(inp):
                days, where = gap(p, ev_period)
                if days > config.timing_window_days:
                    continue
                near.append(
                    {
                        "anchor": anchor,
                        "anchor_from": p[0].isoformat(),
                        "anchor_to": p[1].isoformat(),
                        "event": ev.label,
                        "event_kind": ev.kind,
                        "event_starts_on": ev_period[0].isoformat(),
                        "event_ends_on": ev_period[1].isoformat(),
                        "event_source": ev.source,
                        "gap_days": days,
                        "position": where,
                    }
                )
                when = "during" if where == "during" else f"{plural(days, 'day')} {where}"
                sentences.append(
                    f"{_NAMES[anchor]} ({period_text(p)}) {when} the {ev.kind.replace('_', ' ')}"
                    f" “{ev.label}” ({period_text(ev_period)}, source: {ev.source})"
                )
        if near:
            out.append(
                Signal(
                    "timing" if kinds[0] == "election" else "timing_upheaval",
                    weight,
                    f"Timing within {config.timing_window_days} days of political events in the"
                    f" requesting country: {'; '.join(sentences[:6])}"
                    + (f" (and {len(sentences) - 6} more)" if len(sentences) > 6 else ""),
                    {"window_days": config.timing_window_days, "near_events": near},
                )
            )
    return out


def _government_change(
    inp: CheckInput, matches: list[ChargeMatch], config: RuleConfig
) -> list[Signal]:
    """Charges for acts in office brought after the government changed: the frame in which
    former officials are pursued. Needs an official-capacity or abuse-of-office charge, and
    the change after the middle of the facts and before the request."""
    if not any(
        m.family in ("abuse_of_office", "official_capacity", "public_office") for m in matches
    ):
        return []
    j = inp.content.judicial
    start = facts_period(j.facts_time, years=True) if j is not None else None
    if start is None:
        return []
    # after the middle of the facts: most of the acts were done under the government that
    # fell (acts that went on mostly under the new government are not its predecessor's
    # officials pursued)
    middle = start[0] + (start[1] - start[0]) / 2
    changes = [
        e for e in _events(inp) if e.kind in _UPHEAVAL and middle < e.starts_on <= inp.submitted_on
    ]
    if not changes:
        return []
    listed = "; ".join(
        f"{e.label} ({e.starts_on.isoformat()}, source: {e.source})" for e in changes
    )
    free = free_country(inp.country, config)
    weight = config.w_government_change * (
        config.share_in_free_country if free is not None else 1.0
    )
    return [
        Signal(
            "government_change",
            round(weight, 2),
            f"Charges for acts in office, brought after a change of government between the middle"
            " of the facts"
            f" ({period_text(start)}) and the request: {listed}."
            + (
                f" It weighs {weight:g} instead of {config.w_government_change:g}: the"
                f" requesting country is rated free for the request's year ({describe(free)}),"
                " and the general context is a factor of the predominance test."
                if free is not None
                else ""
            ),
            {
                "facts_from": start[0].isoformat(),
                "free_country": free.evidence() if free is not None else None,
                "changes": [
                    {
                        "kind": e.kind,
                        "on": e.starts_on.isoformat(),
                        "label": e.label,
                        "source": e.source,
                    }
                    for e in changes
                ],
            },
        )
    ]


def _quoted(matches: list[ChargeMatch]) -> str:
    """Where each match is and the request's own words: `offence 1: “…”, “…”; title: “…”`."""
    return "; ".join(f"{m.field}: {', '.join(f'“{q}”' for q in m.quotes)}" for m in matches)


def _foreign_official(
    inp: CheckInput, matches: list[ChargeMatch], config: RuleConfig
) -> list[Signal]:
    """Acts in office charged to a person who is not a national of the requesting country,
    for facts in another country: a request against another state's official (a prosecutor,
    a governor, a soldier) for what that state did, political by nature whatever the charge
    is called. Needs the three facts from the request itself: a public office the person
    acted in (the `public_office` family: a judge, a prosecutor, a minister; a company's or
    a gang's "head" is not one), the nationalities, and the place of the facts naming only
    other countries."""
    office = [m for m in matches if m.family == "public_office"]
    j = inp.content.judicial
    if not office or j is None or not inp.person_nationalities:
        return []
    if inp.requesting_country in inp.person_nationalities:
        return []
    where = places.countries_named(j.facts_place)
    if not where or inp.requesting_country in where:
        return []
    quotes = _quoted(office)
    places_named = ", ".join(country_label(c) for c in sorted(where))
    return [
        Signal(
            "foreign_official",
            config.w_foreign_official,
            f"Acts in office ({quotes}) charged to a national of"
            f" {', '.join(country_label(c) for c in inp.person_nationalities)}, not of the"
            f" requesting country, for facts in {places_named}"
            f" (the place the request gives: “{j.facts_place}”): a request against another"
            " state's official for acts of that state is political or military by nature.",
            {
                "office": [m.as_json() for m in office],
                "nationalities": list(inp.person_nationalities),
                "facts_place": j.facts_place,
                "facts_countries": sorted(where),
            },
        )
    ]


# --- the other signals -------------------------------------------------------------------------


def _merge(matches: list[ChargeMatch]) -> dict[str, list[ChargeMatch]]:
    out: dict[str, list[ChargeMatch]] = {}
    for m in matches:
        out.setdefault(m.family, []).append(m)
    return out


def _pattern_signals(matches: list[ChargeMatch], config: RuleConfig) -> list[Signal]:
    """One signal per strong family (speech, assembly, belief; political or military by
    nature), each with its full weight; the context families (fraud, abuse of office...)
    together make one signal of the context weight: several ordinary charges are still one
    frame, not several reasons."""
    out = []
    context: list[dict[str, Any]] = []
    details: list[str] = []
    cat = charges.catalogue()
    for family, ms in _merge(matches).items():
        kind = ms[0].kind
        if kind not in (Kind.DISSENT, Kind.POLITICAL, Kind.CONTEXT):
            continue
        fam = cat.family(family)
        quotes = _quoted(ms)
        evidence = {
            "family": family,
            "kind": kind.value,
            "catalogue_version": cat.version,
            "matches": [m.as_json() for m in ms],
            "sources": list(fam.sources),
        }
        if kind == Kind.CONTEXT:
            context.append(evidence)
            details.append(f"{fam.label} ({quotes})")
            continue
        out.append(
            Signal(
                "charge_pattern",
                config.w_pattern_strong,
                f"{fam.label} ({quotes}). {fam.rationale}",
                evidence,
            )
        )
    if context:
        out.append(
            Signal(
                "charge_pattern_context",
                config.w_pattern_context,
                f"{'; '.join(details)}. Ordinary offences that are also the usual frame of"
                " politically motivated requests: a signal only with corroboration.",
                {"families": context},
            )
        )
    return out


def profiles_of(inp: CheckInput) -> list[tuple[str, str, str]]:
    """(kind, status, source) of every profile that counts: declared in the request, and the
    secretariat's confirmed or proposed ones; rejected ones never count."""
    out = [(p.value, "declared", "the requesting bureau") for p in sorted(inp.content.profile)]
    out += [(p.kind, p.status, p.source) for p in inp.profiles if p.status != "rejected"]
    return out


def _stated(inp: CheckInput, matches: list[ChargeMatch]) -> list[profileterms.StatedProfile]:
    """What the request's own words say the person does, for the kinds no profile already
    gives and the reviewer has not rejected; none where an offence against a person is
    charged ("the murder of the editor-in-chief": the words would name the victim)."""
    if any(m.family in _HARM_TO_PERSONS and m.field.startswith("offence") for m in matches):
        return []
    known = {kind for kind, _, _ in profiles_of(inp)}
    known |= {p.kind for p in inp.profiles if p.status == "rejected"}
    return [
        s for s in profileterms.stated(texts(inp.content), PROFILE_KINDS) if s.profile not in known
    ]


def _profile_signal(
    inp: CheckInput, matches: list[ChargeMatch], config: RuleConfig
) -> list[Signal]:
    """The person's status: declared, researched (confirmed or proposed by a list match) or
    stated in the request's own words (a proposal); the strongest counts, a kind's share
    and a free country's share applied to all of them alike."""
    found = profiles_of(inp)
    stated = _stated(inp, matches)
    if not found and not stated:
        return []
    weight = {
        "declared": config.w_profile_declared,
        "confirmed": config.w_profile_confirmed,
        "proposed": config.w_profile_proposed,
        "stated": config.w_profile_stated,
    }
    share = dict(config.profile_kind_share)
    statuses = [(kind, status) for kind, status, _ in found]
    statuses += [(s.profile, "stated") for s in stated]
    full = max(weight.get(status, 0.0) * share.get(kind, 1.0) for kind, status in statuses)
    free = free_country(inp.country, config)
    best = round(full * config.share_in_free_country, 2) if free is not None else full
    words = [
        f"{Profile(k).value.replace('_', ' ') if k in Profile._value2member_map_ else k}"
        f" ({status}, source: {source or 'not given'})"
        for k, status, source in found
    ]
    words += [
        f"{s.profile.replace('_', ' ')} (stated in the request, {s.field}:"
        f" {', '.join(f'“{q}”' for q in s.quotes)}; a proposal to confirm with sources)"
        for s in stated
    ]
    return [
        Signal(
            "profile" if found else "profile_stated",
            best,
            f"Status of the person: {'; '.join(words)}. The person's status is a factor of the"
            " predominance test."
            + (
                f" It weighs {best:g} instead of {full:g}: the requesting country is rated free"
                f" for the request's year ({describe(free)}), and the general context is a"
                " factor of the predominance test."
                if free is not None
                else ""
            ),
            {
                "profiles": [{"kind": k, "status": s, "source": src} for k, s, src in found],
                "stated": [s.as_json() for s in stated],
                "profile_terms_version": profileterms.terms(PROFILE_KINDS)[0],
                "free_country": free.evidence() if free is not None else None,
            },
        )
    ]


PROFILE_KINDS = tuple(p.value for p in Profile)
# Offences against a person: where one is charged, the request's words about someone's work
# describe the victim as often as the person sought.
_HARM_TO_PERSONS = frozenset(
    {
        "homicide",
        "armed_robbery_kidnapping",
        "rape",
        "child_sexual_abuse",
        "trafficking_persons",
        "violent_terrorism",
    }
)


def _country_signal(inp: CheckInput, config: RuleConfig) -> list[Signal]:
    entries = repression_indicators(inp.country, config)
    note = inp.country_note.strip()
    if not entries and not note:
        return []
    parts = [describe(e) for e in entries]
    if note:
        parts.append(f"the Secretariat's note: {note}")
    return [
        Signal(
            "country_record",
            config.w_country_record if entries else 0.0,
            f"The requesting country's record, {country_label(inp.requesting_country)}: "
            + "; ".join(parts)
            + ".",
            {"indicators": [e.evidence() for e in entries], "note": note},
        )
    ]


def _history_signals(inp: CheckInput, config: RuleConfig, protected: bool) -> list[Signal]:
    out = []
    # a refusal or deletion under the refugee policy: a state protects the person from
    # persecution by the requester, as weighty as a political one; but where the protection
    # itself is already a signal (`protected`), a refusal on that ground alone would count
    # it twice
    weighty = {"art3", "art2", "political", "refugee", "refugee_policy"}
    if protected:
        history = [
            h
            for h in inp.history
            if not h.grounds or not set(h.grounds) <= {"refugee", "refugee_policy"}
        ]
    else:
        history = list(inp.history)
    political = [h for h in history if weighty & set(h.grounds) and not h.name_only]
    by_name = [h for h in history if weighty & set(h.grounds) and h.name_only]
    # a name-only match on other grounds (data, none recorded) says too little to count
    other = [h for h in history if not weighty & set(h.grounds) and not h.name_only]
    for items, weight, what in (
        (political, config.w_history_person, "on human-rights or political grounds"),
        (
            by_name,
            config.w_history_name_only,
            "on human-rights or political grounds, matched on the name alone (no date of"
            " birth to compare), so weighing less",
        ),
        (other, config.w_history_other, "on other grounds"),
    ):
        if not items:
            continue
        listed = "; ".join(
            f"{h.kind.replace('_', ' ')} {h.reference} ({h.requesting_country},"
            f" {h.on.isoformat() if h.on else 'date unknown'},"
            f" grounds: {', '.join(h.grounds) or 'not recorded'},"
            f" matched by {h.match})"
            for h in items
        )
        out.append(
            Signal(
                "history_person",
                weight,
                f"Earlier outcomes for this person {what}: {listed}.",
                {
                    "items": [
                        {
                            "kind": h.kind,
                            "reference": h.reference,
                            "requesting_country": h.requesting_country,
                            "grounds": list(h.grounds),
                            "on": h.on.isoformat() if h.on else None,
                            "match": h.match,
                            "name_only": h.name_only,
                        }
                        for h in items
                    ]
                },
            )
        )
    r = inp.requester
    if r is not None and r.decided >= config.requester_min_decided:
        rate = r.refused_art3 / r.decided
        if rate >= config.requester_rate_at:
            out.append(
                Signal(
                    "requester_record",
                    config.w_requester_rate,
                    f"The requesting bureau's earlier requests with the same kinds of charges"
                    f" ({', '.join(r.families)}): {r.refused_art3} of {r.decided} decided were"
                    f" refused under art. 3 ({rate:.0%}).",
                    {
                        "families": list(r.families),
                        "decided": r.decided,
                        "refused_art3": r.refused_art3,
                        "rate": round(rate, 3),
                    },
                )
            )
    return out


def _protection_signal(inp: CheckInput, config: RuleConfig) -> list[Signal]:
    """A member state's protection against the requesting country for persecution: the
    position of another state on this person. Never names the protecting state in the text
    (the requesting bureau is not told); the evidence keeps it for the secretariat."""
    found = [
        p
        for p in protection_from(inp.protected, inp.requesting_country)
        if p.status in PERSECUTION_STATUSES
    ]
    if not found:
        return []
    settled = [p for p in found if p.confirmed and p.state == "granted"]
    weight = config.w_protection if settled else config.w_protection_pending
    what = "; ".join(
        f"{p.status} status {'granted' if p.state == 'granted' else 'claimed, not yet decided'}"
        f"{', since naturalised there' if p.naturalised else ''}"
        f"{'' if p.confirmed else ' (not confirmed)'}, matched by {p.match}"
        for p in found
    )
    return [
        Signal(
            "protected_status",
            weight,
            f"A member state has protected this person from the requesting country for"
            f" persecution: {what}. Another state's finding of persecution is a factor of the"
            " predominance test (positions of other countries).",
            {
                "statuses": [
                    {
                        "status": p.status,
                        "state": p.state,
                        "confirmed": p.confirmed,
                        "naturalised": p.naturalised,
                        "granting_country": p.granting_country,
                        "match": p.match,
                    }
                    for p in found
                ]
            },
        )
    ]


def _asylum_signal(inp: CheckInput, config: RuleConfig) -> list[Signal]:
    claim = inp.asylum_claim_on
    if claim is None or not inp.has_person or inp.submitted_on < claim:
        return []
    days = (inp.submitted_on - claim).days
    return [
        Signal(
            "asylum_claim",
            config.w_asylum_claim,
            f"The request was made {plural(days, 'day')} after the person's asylum claim"
            f" ({claim.isoformat()}); a request that follows an asylum claim may aim at the"
            " claimant rather than at an ordinary-law crime.",
            {
                "asylum_claim_on": claim.isoformat(),
                "submitted_on": inp.submitted_on.isoformat(),
                "gap_days": days,
            },
        )
    ]


INTERNATIONAL_CRIMES = "international_crimes"


def _own_agents_crime(
    inp: CheckInput, matches: list[ChargeMatch]
) -> tuple[list[ChargeMatch], list[Signal]]:
    """International crimes (genocide, crimes against humanity, war crimes, enforced
    disappearance) charged by a state to its own national: by treaty not political offences,
    so the state-order and military terms that frame them (`Kind.POLITICAL` families) are not
    counted as political by nature. Said as a signal of weight 0, for the reviewer. A request
    against another state's national keeps them: that is an inter-state dispute."""
    crimes = [m for m in matches if m.family == INTERNATIONAL_CRIMES]
    framing = [m for m in matches if m.kind == Kind.POLITICAL]
    if not crimes or not framing or inp.requesting_country not in inp.person_nationalities:
        return matches, []
    fam = charges.catalogue().family(INTERNATIONAL_CRIMES)
    signal = Signal(
        "international_crimes",
        0.0,
        f"{fam.label} ({_quoted(crimes)}) charged to a national of the requesting country:"
        f" the terms of state order or war ({_quoted(framing)}) frame the crime of a state's"
        f" agent and are not counted as political by nature. {fam.rationale}",
        {
            "crimes": [m.as_json() for m in crimes],
            "not_counted": [m.as_json() for m in framing],
            "sources": list(fam.sources),
        },
    )
    return [m for m in matches if m.kind != Kind.POLITICAL], [signal]


def assess(inp: CheckInput, config: RuleConfig) -> Assessment:
    """Every art. 3 signal in the request and its context, and their combined weight."""
    matches, exempt = _own_agents_crime(inp, charges.analyse(texts(inp.content)))
    protection = _protection_signal(inp, config)
    signals = [
        *exempt,
        *_pattern_signals(matches, config),
        *_profile_signal(inp, matches, config),
        *_government_change(inp, matches, config),
        *_foreign_official(inp, matches, config),
        *_timing(inp, config),
        *_asylum_signal(inp, config),
        *protection,
        *_history_signals(inp, config, bool(protection)),
        *_country_signal(inp, config),
    ]
    if inp.measures:
        signals.append(
            Signal(
                "corrective_measures",
                config.w_corrective_measures,
                "The requesting country is under corrective measures.",
                {"measures": len(inp.measures)},
            )
        )
    return Assessment(round(sum(s.weight for s in signals), 2), tuple(signals), tuple(matches))


def check_art3_predominance(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    a = assess(inp, config)
    if not a.signals:
        return []
    strong = a.strong(config)
    lines = " ".join(f"[{s.signal}, +{s.weight:g}] {s.detail}" for s in a.signals)
    if strong:
        head = (
            f"Art. 3 indicators weigh {a.score:g} (review from {config.art3_review_at:g}):"
            f" assess whether the political, military, religious or racial element predominates"
            f" over the ordinary-law element ({ART3}, predominance test)."
        )
    else:
        head = (
            f"Art. 3 context (weight {a.score:g}, below the {config.art3_review_at:g} that calls"
            " for review): shown so the reviewer can weigh it."
        )
    return [
        make_finding(
            "art3_predominance",
            Severity.REVIEW if strong else Severity.INFO,
            f"{head} {lines}",
            {
                "score": a.score,
                "review_at": config.art3_review_at,
                "signals": [s.as_json() for s in a.signals],
            },
            False,
        )
    ]
