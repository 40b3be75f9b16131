"""Pure generation of the synthetic world. No I/O beyond packaged data; the same seed gives
the same world on every machine.

Persons are generated as a stream so that a million of them need constant memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from xborder.kernel.actor import OrgKind, Role
from xborder.kernel.countries import country_name, members
from xborder.kernel.dates import BirthDate, DateSpan, PartialDate
from xborder.kernel.errors import Invalid
from xborder.persons.domain import (
    DocumentKind,
    IdentityDocument,
    Person,
    PhysicalDescription,
    Sex,
    language_code,
)
from xborder.twin.namegen import generate_names, profile_for

GENERATOR_VERSION = "twin-1"

# Bureaus that get demo users (officer + supervisor): every script the name generator knows,
# every region. Membership itself is data (xborder.kernel.countries.members).
DEMO_BUREAUS: tuple[str, ...] = tuple(
    [
        "RU",
        "UA",
        "BY",
        "KZ",
        "BG",
        "RS",
        "GR",
        "CY",
        "CN",
        "JP",
        "KR",
        "IN",
        "NP",
        "IR",
        "AF",
        "EG",
        "SA",
        "AE",
        "MA",
        "DZ",
        "TN",
        "IQ",
        "SY",
        "JO",
        "LB",
        "IL",
        "TH",
        "US",
        "GB",
        "IE",
        "CA",
        "AU",
        "FR",
        "BE",
        "CH",
        "DE",
        "AT",
        "NL",
        "ES",
        "MX",
        "AR",
        "CO",
        "CL",
        "PE",
        "VE",
        "BR",
        "PT",
        "IT",
        "PL",
        "CZ",
        "SK",
        "HU",
        "RO",
        "HR",
        "SI",
        "SE",
        "NO",
        "DK",
        "FI",
        "TR",
        "AZ",
        "GE",
        "AM",
        "NG",
        "GH",
        "KE",
        "ZA",
        "ID",
        "PH",
        "VN",
    ]
)

SECRETARIAT = "General Secretariat"
COMMISSION = "Commission for the Control of Files"
OVERSIGHT = "Data Protection Oversight"
PARTNER = "Partner: Example Threat Intelligence Ltd"

# Rough weights so that large countries supply more records (population order of magnitude).
_WEIGHTS: dict[str, int] = {
    "CN": 14,
    "IN": 14,
    "US": 9,
    "ID": 7,
    "BR": 6,
    "NG": 6,
    "RU": 5,
    "MX": 4,
    "JP": 4,
    "PH": 3,
    "EG": 3,
    "VN": 3,
    "IR": 3,
    "TR": 3,
    "DE": 3,
    "TH": 2,
    "GB": 2,
    "FR": 2,
    "IT": 2,
    "ZA": 2,
    "KE": 2,
    "CO": 2,
    "KR": 2,
    "ES": 2,
    "AR": 2,
    "DZ": 2,
    "UA": 2,
    "IQ": 2,
    "AF": 2,
    "PL": 2,
    "MA": 2,
    "SA": 2,
    "PE": 1,
}

EYES = ("BRO", "BLA", "BLU", "GRE", "GRY", "HAZ")
HAIR = ("BLA", "BRO", "BLO", "GRY", "RED", "WHI")


@dataclass(frozen=True)
class OrgSpec:
    kind: OrgKind
    name: str
    country: str | None = None


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: Role
    org_name: str
    display_name: str


def organisations() -> list[OrgSpec]:
    orgs = [
        OrgSpec(OrgKind.SECRETARIAT, SECRETARIAT),
        OrgSpec(OrgKind.COMMISSION, COMMISSION),
        OrgSpec(OrgKind.OVERSIGHT, OVERSIGHT),
        OrgSpec(OrgKind.PARTNER, PARTNER),
    ]
    orgs += [OrgSpec(OrgKind.BUREAU, bureau_name(c), c) for c in members()]
    return orgs


def bureau_name(country: str) -> str:
    return f"NCB {country_name(country)}"


def demo_users(bureaus: tuple[str, ...] = DEMO_BUREAUS) -> list[UserSpec]:
    users = [
        UserSpec("reviewer", Role.REVIEWER, SECRETARIAT, "Review Task Force officer"),
        UserSpec("admin", Role.SECRETARIAT_ADMIN, SECRETARIAT, "Secretariat administrator"),
        UserSpec("cyber", Role.CYBER_ANALYST, SECRETARIAT, "Cybercrime desk analyst"),
        UserSpec("ccf", Role.CCF, COMMISSION, "Commission rapporteur"),
        UserSpec("auditor", Role.AUDITOR, OVERSIGHT, "Data protection auditor"),
        UserSpec("partner", Role.PARTNER, PARTNER, "Partner analyst"),
    ]
    for c in bureaus:
        name = bureau_name(c)
        users.append(UserSpec(f"{c.lower()}.officer", Role.NCB_OFFICER, name, f"Officer, {name}"))
        users.append(
            UserSpec(f"{c.lower()}.supervisor", Role.NCB_SUPERVISOR, name, f"Supervisor, {name}")
        )
    return users


def _weighted_countries(countries: tuple[str, ...]) -> tuple[list[str], list[int]]:
    return list(countries), [_WEIGHTS.get(c, 1) for c in countries]


def _birth_date(rng: random.Random, today: date) -> BirthDate:
    age = rng.randint(16, 80)
    year = today.year - age
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    r = rng.random()
    if r < 0.80:
        return PartialDate(year, month, day)
    if r < 0.92:
        return PartialDate(year, month)
    if r < 0.97:
        return PartialDate(year)
    return DateSpan(PartialDate(year - 2), PartialDate(year + 2))


@cache
def _cities(country: str) -> tuple[str, ...]:
    """Towns of birth from Faker's address lists for the country's locales, where Faker has
    any (many locales have none: the place is then left empty, the country still known)."""
    import importlib

    for locale in profile_for(country).locales:
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ImportError:
            continue
        for attr in ("cities", "city_names"):
            pool = getattr(provider, attr, None)
            if isinstance(pool, list | tuple) and pool:
                return tuple(str(c) for c in pool)
    return ()


def _language(lang2: str) -> tuple[str, ...]:
    try:
        return (language_code(lang2),) if lang2 else ()
    except Invalid:
        return ()


def generate_persons(
    seed: int,
    count: int,
    *,
    owners: tuple[str, ...] = DEMO_BUREAUS,
    nationalities: tuple[str, ...] = DEMO_BUREAUS,
    today: date = date(2026, 1, 1),
) -> Iterator[Person]:
    """Yield `count` persons; person i depends only on (seed, i), so any slice reproduces.

    `owners` are the bureaus that entered the records: most records are owned by the bureau of
    the person's nationality, some by another (a foreign warrant); ~15% are restricted.
    """
    pool, weights = _weighted_countries(nationalities)
    created = datetime(today.year, today.month, today.day, tzinfo=UTC)
    owner_set = set(owners)
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        nat = rng.choices(pool, weights)[0]
        sex = Sex.FEMALE if rng.random() < 0.32 else Sex.MALE  # wanted-person skew
        names = generate_names(rng, nat, sex.value)
        nats = (nat,) if rng.random() > 0.08 else (nat, rng.choice(pool))
        owner = nat if nat in owner_set and rng.random() < 0.7 else rng.choice(owners)
        restricted = None
        if rng.random() < 0.15:
            restricted = frozenset(rng.sample(owners, k=min(len(owners), rng.randint(1, 4))))
        description = PhysicalDescription(
            height_m=round(rng.gauss(1.76 if sex == Sex.MALE else 1.63, 0.07), 2),
            weight_kg=float(rng.randint(50, 110)),
            eye_colour=rng.choice(EYES),
            hair_colour=rng.choice(HAIR),
            distinguishing_marks=rng.choice(
                ("", "", "", "scar on left cheek", "tattoo on right forearm")
            ),
        )
        documents = (
            (
                IdentityDocument(
                    DocumentKind.PASSPORT,
                    f"{rng.randint(10**7, 10**8 - 1)}",
                    nat,
                    f"{today.year + rng.randint(0, 9)}-{rng.randint(1, 12):02d}-15",
                ),
            )
            if rng.random() < 0.7
            else ()
        )
        yield Person(
            id=f"twin-{seed}-{i}",
            owner_country=owner,
            names=tuple(names),
            sex=sex,
            birth_dates=(_birth_date(rng, today),),
            country_of_birth=nat,
            place_of_birth=rng.choice(cities) if (cities := _cities(nat)) else "",
            nationalities=tuple(dict.fromkeys(nats)),
            languages=_language(names[0].lang),
            description=description,
            documents=documents,
            restricted_to=restricted,
            source="twin",
            external_ref=f"twin:{seed}:{i}",
            created_at=created,
        )
