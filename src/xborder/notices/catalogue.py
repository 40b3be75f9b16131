"""Maintained catalogues of offence categories, as data, and a matcher for free text. Pure.

The excluded-offence catalogue follows docs/reference/notices.md (RPD art. 83(1)(a)(ii) as quoted by
practitioners; the Secretariat's own list is non-exhaustive and not public, so this one is
ours and versioned). The dissent catalogue lists offences often used against dissent: a match
is an art. 3 indicator for a reviewer, never a decision.

Matching is deliberately literal: case and diacritics are folded, other scripts romanised
(anyascii), terms match whole words or phrases only, and the last word of a term also
matches with a plural "-s"/"-es". Every other inflection is an explicit term, so a reviewer
can read exactly what the catalogue catches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from anyascii import anyascii


class Kind(StrEnum):
    BEHAVIOUR_NORMS = "behaviour_norms"
    FAMILY_PRIVATE = "family_private"
    ADMINISTRATIVE = "administrative"
    PRIVATE_DISPUTE = "private_dispute"
    DISSENT = "dissent"  # art. 3: offences often used against dissent
    SERIOUS_LINK = "serious_link"  # a link to organised or serious crime


# Kinds that RPD art. 83(1)(a)(ii) excludes "unless aimed at facilitating serious crime or
# linked to organised crime"; the other excluded kinds have no such exception.
LINK_EXCEPTION_KINDS = frozenset({Kind.ADMINISTRATIVE, Kind.PRIVATE_DISPUTE})


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    kind: Kind
    examples: tuple[str, ...]
    terms: tuple[str, ...]
    # Terms that, in the same text, take it out of the category (forced prostitution is
    # trafficking, not a behavioural-norm offence).
    unless: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for t in (*self.terms, *self.unless):
            if not _term_tokens(t):
                raise ValueError(f"catalogue term {t!r} of {self.id} has no words")


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: str
    source: str
    categories: tuple[Category, ...]

    def __post_init__(self) -> None:
        ids = [c.id for c in self.categories]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate category ids in {self.id}")


@dataclass(frozen=True)
class Match:
    category_id: str
    label: str
    kind: Kind
    terms: tuple[str, ...]  # as they appear in the text, in order, without repeats


# --- folding and matching ------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
# What may separate the words of a phrase: spaces, hyphens, apostrophes; not sentence
# punctuation or a line break, so a phrase never spans two statements.
_JOINER = re.compile(r"[ \t\-']*")
_PLURALS = ("", "s", "es")


def _fold_char(ch: str) -> str:
    return anyascii(unicodedata.normalize("NFKC", ch)).lower()


def fold(text: str) -> str:
    """Lower-case ASCII form used for matching. Folded char by char, so the fold of any slice
    of a text is a slice of the fold of the text."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _term_tokens(term: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(term)))


@dataclass(frozen=True)
class _Indexed:
    text: str
    folded: str
    origin: tuple[int, ...]  # folded index -> index in text
    words: tuple[tuple[str, int, int], ...]  # (word, start, end) in folded
    at: dict[str, tuple[int, ...]]  # word -> its positions in `words`


def _index(text: str) -> _Indexed:
    parts: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        parts.append(f)
        origin.extend([i] * len(f))
    folded = "".join(parts)
    words = tuple((m.group(), m.start(), m.end()) for m in _WORD.finditer(folded))
    at: dict[str, list[int]] = {}
    for n, (w, _, _) in enumerate(words):
        at.setdefault(w, []).append(n)
    return _Indexed(text, folded, tuple(origin), words, {w: tuple(p) for w, p in at.items()})


def _find(ix: _Indexed, term: str) -> list[tuple[int, int]]:
    """Spans of `term` in the indexed text (indices into the original text)."""
    tokens = _term_tokens(term)
    last = len(tokens) - 1
    found: list[tuple[int, int]] = []
    starts = (
        [p for suffix in _PLURALS for p in ix.at.get(tokens[0] + suffix, ())]
        if last == 0
        else list(ix.at.get(tokens[0], ()))
    )
    for p in sorted(starts):
        if p + last >= len(ix.words):
            continue
        ok = True
        for k in range(1, last + 1):
            word, start, _ = ix.words[p + k]
            wanted = tokens[k]
            if word != wanted and not (k == last and word in (wanted + "s", wanted + "es")):
                ok = False
                break
            if not _JOINER.fullmatch(ix.folded, ix.words[p + k - 1][2], start):
                ok = False
                break
        if ok:
            begin = ix.origin[ix.words[p][1]]
            end = ix.origin[ix.words[p + last][2] - 1] + 1
            found.append((begin, end))
    return found


def classify(text: str, catalogue: Catalogue) -> list[Match]:
    """The catalogue's categories found in `text`, in catalogue order. A term found inside a
    longer term's match ("riots" in "mass riots") is not reported twice."""
    ix = _index(text)
    matches: list[Match] = []
    for cat in catalogue.categories:
        spans = sorted({span for t in cat.terms for span in _find(ix, t)})
        if not spans or any(_find(ix, u) for u in cat.unless):
            continue
        outer = [
            (b, e)
            for b, e in spans
            if not any(b2 <= b and e <= e2 and (b2, e2) != (b, e) for b2, e2 in spans)
        ]
        seen: list[str] = []
        for b, e in outer:
            if text[b:e] not in seen:
                seen.append(text[b:e])
        matches.append(Match(cat.id, cat.label, cat.kind, tuple(seen)))
    return matches


# --- the catalogues ----------------------------------------------------------------------

_MINORS = ("child", "children", "minor", "minors", "underage", "juvenile")
_COERCION = ("forced", "by force", "coercion", "coerced", "trafficking", "exploitation")

EXCLUDED_OFFENCES = Catalogue(
    id="excluded_offences",
    version="1.0.0",
    source=(
        "docs/reference/notices.md, conditions for a Red Notice: RPD art. 83(1)(a)(ii) as quoted by"
        " practitioners; examples cited there plus categories a legal reviewer expects"
    ),
    categories=(
        Category(
            "prostitution",
            "Prostitution",
            Kind.BEHAVIOUR_NORMS,
            ("prostitution", "soliciting for sex work"),
            (
                "prostitution",
                "prostitute",
                "sex work",
                "sex worker",
                "prostitucion",
                "prostitutsiya",
                "prostitutsiey",
                "racolage",
            ),
            unless=(*_COERCION, *_MINORS, "pimping", "procuring", "brothel keeping"),
        ),
        Category(
            "surrogacy",
            "Surrogacy",
            Kind.BEHAVIOUR_NORMS,
            ("commercial surrogacy",),
            (
                "surrogacy",
                "surrogate mother",
                "surrogate motherhood",
                "gestation pour autrui",
                "gestacion subrogada",
                "maternidad subrogada",
                "vientre de alquiler",
                "surrogatnoe materinstvo",
            ),
            unless=("trafficking", "sale of children", "sale of a child", "sale of child"),
        ),
        Category(
            "pornography",
            "Pornography (adults)",
            Kind.BEHAVIOUR_NORMS,
            ("distribution of pornography", "obscene material"),
            (
                "pornography",
                "pornographic",
                "obscene material",
                "obscenity",
                "pornographie",
                "pornografia",
                "pornografiya",
                "pornografii",
            ),
            unless=(
                *_MINORS,
                "abuse material",
                "csam",
                "non-consensual",
                "without consent",
                "revenge",
                "pedopornographie",
                "infantil",
            ),
        ),
        Category(
            "defamation",
            "Defamation or damaging honour",
            Kind.BEHAVIOUR_NORMS,
            ("defamation", "libel", "slander", "insult to honour"),
            (
                "defamation",
                "defamatory",
                "defame",
                "defamed",
                "libel",
                "libellous",
                "libelous",
                "slander",
                "slanderous",
                "calumny",
                "damaging honour",
                "damaging the honour",
                "damage to honour",
                "injury to honour",
                "insult to honour",
                "offence against honour",
                "crime against honour",
                "diffamation",
                "diffamatoire",
                "atteinte a l'honneur",
                "difamacion",
                "calumnia",
                "injurias",
                "delito contra el honor",
                "kleveta",
                "klevety",
            ),
        ),
        Category(
            "drug_personal_use",
            "Drug possession or use for personal consumption",
            Kind.BEHAVIOUR_NORMS,
            ("possession of cannabis for personal use",),
            (
                "possession for personal use",
                "drugs for personal use",
                "narcotics for personal use",
                "cannabis for personal use",
                "for personal consumption",
                "for own consumption",
                "for own use",
                "drug use",
                "use of drugs",
                "use of narcotics",
                "drug consumption",
                "consumption of drugs",
                "consumption of narcotics",
                "usage de stupefiants",
                "usage de produits stupefiants",
                "consommation personnelle",
                "consumo personal",
                "consumo propio",
                "dlya lichnogo potrebleniya",
            ),
            unless=(
                "trafficking",
                "supply",
                "intent to supply",
                "intent to sell",
                "sale",
                "distribution",
                "commercial quantity",
                "large quantity",
                "import",
                "export",
                "embezzlement",
            ),
        ),
        Category(
            "adultery",
            "Adultery or extramarital relations",
            Kind.BEHAVIOUR_NORMS,
            ("adultery",),
            (
                "adultery",
                "adulterous",
                "adulterer",
                "extramarital relations",
                "extramarital sex",
                "extramarital affair",
                "fornication",
                "zina",
                "adultere",
                "adulterio",
            ),
        ),
        Category(
            "same_sex_relations",
            "Consensual same-sex relations",
            Kind.BEHAVIOUR_NORMS,
            ("homosexual acts", "propaganda of non-traditional sexual relations"),
            (
                "homosexuality",
                "homosexual acts",
                "homosexual act",
                "homosexual conduct",
                "homosexual relations",
                "same-sex relations",
                "same-sex relationship",
                "same-sex sexual activity",
                "consensual sodomy",
                "against the order of nature",
                "unnatural offence",
                "gross indecency",
                "lgbt propaganda",
                "propaganda of non-traditional sexual relations",
                "homosexualite",
                "homosexualidad",
                "muzhelozhstvo",
            ),
            unless=(*_MINORS, "rape", "non-consensual", "without consent", "assault", "by force"),
        ),
        Category(
            "religious_norms",
            "Blasphemy, apostasy and other religious-norm offences",
            Kind.BEHAVIOUR_NORMS,
            ("blasphemy", "apostasy", "insulting religious feelings"),
            (
                "blasphemy",
                "blasphemous",
                "blaspheme",
                "blasphemed",
                "apostasy",
                "apostate",
                "heresy",
                "proselytism",
                "proselytising",
                "proselytizing",
                "insulting religion",
                "insulting religious feelings",
                "offending religious feelings",
                "insulting the prophet",
                "witchcraft",
                "sorcery",
                "blasfemia",
                "apostasia",
                "oskorblenie chuvstv veruyushchikh",
            ),
        ),
        Category(
            "abortion",
            "Abortion",
            Kind.BEHAVIOUR_NORMS,
            ("illegal abortion",),
            ("abortion", "termination of pregnancy", "avortement", "aborto"),
            unless=("forced", "without consent", "death", "died", "killed"),
        ),
        Category(
            "public_morals",
            "Alcohol, begging, dress and other public-morals offences",
            Kind.BEHAVIOUR_NORMS,
            ("alcohol consumption", "begging", "indecent dress"),
            (
                "alcohol consumption",
                "consumption of alcohol",
                "drinking alcohol",
                "possession of alcohol",
                "begging",
                "vagrancy",
                "mendicite",
                "mendicidad",
                "brodyazhnichestvo",
                "indecent dress",
                "immodest dress",
                "dress code",
                "cross-dressing",
                "imitating the opposite sex",
            ),
            unless=("driving", "trafficking", "exploitation", "forced"),
        ),
        Category(
            "child_custody",
            "Child custody or parental dispute",
            Kind.FAMILY_PRIVATE,
            ("custody dispute", "non-presentation of a child"),
            (
                "child custody",
                "custody dispute",
                "custody of the child",
                "custody of the children",
                "parental dispute",
                "parental authority",
                "visitation rights",
                "contact rights",
                "non-presentation of a child",
                "non-representation d'enfant",
                "garde d'enfant",
                "custodia",
            ),
        ),
        Category(
            "maintenance",
            "Non-payment of maintenance or family abandonment",
            Kind.FAMILY_PRIVATE,
            ("non-payment of maintenance", "child support arrears"),
            (
                "non-payment of maintenance",
                "failure to pay maintenance",
                "unpaid maintenance",
                "child support",
                "alimony",
                "family abandonment",
                "abandonment of family",
                "abandon de famille",
                "pension alimentaire",
                "impago de pensiones",
                "uklonenie ot uplaty alimentov",
                "alimentov",
            ),
        ),
        Category(
            "marriage_family",
            "Marriage and family-status offences",
            Kind.FAMILY_PRIVATE,
            ("bigamy", "marriage without parental consent"),
            (
                "bigamy",
                "polygamy",
                "elopement",
                "marriage without consent",
                "marriage without parental consent",
                "disobedience to husband",
                "disobeying parents",
                "bigamie",
                "bigamia",
            ),
        ),
        Category(
            "traffic",
            "Traffic offences",
            Kind.ADMINISTRATIVE,
            ("speeding", "unpaid traffic fines"),
            (
                "traffic offence",
                "traffic offense",
                "traffic violation",
                "road traffic offence",
                "speeding",
                "parking offence",
                "parking fine",
                "traffic fine",
                "unpaid fine",
                "driving without a licence",
                "driving without a license",
                "driving without licence",
            ),
        ),
        Category(
            "administrative_breach",
            "Breach of administrative law or regulations",
            Kind.ADMINISTRATIVE,
            ("administrative offence", "visa overstay", "failure to declare currency"),
            (
                "administrative offence",
                "administrative offense",
                "administrative violation",
                "administrative infraction",
                "regulatory breach",
                "visa overstay",
                "overstay",
                "overstaying",
                "illegal stay",
                "irregular stay",
                "illegal entry",
                "failure to register residence",
                "failure to declare",
                "currency declaration",
                "customs declaration",
                "operating without a licence",
                "trading without a licence",
                "unlicensed trading",
                "infraction administrative",
                "infraccion administrativa",
                "administrativnoe pravonarushenie",
            ),
        ),
        Category(
            "bounced_cheque",
            "Bounced cheque",
            Kind.PRIVATE_DISPUTE,
            ("cheque without sufficient funds",),
            (
                "bounced cheque",
                "bounced check",
                "dishonoured cheque",
                "dishonored check",
                "bad cheque",
                "bad check",
                "worthless cheque",
                "cheque without sufficient funds",
                "cheque without provision",
                "insufficient funds",
                "cheque sans provision",
                "cheque sin fondos",
            ),
        ),
        Category(
            "unpaid_debt",
            "Unpaid debt",
            Kind.PRIVATE_DISPUTE,
            ("non-payment of a loan",),
            (
                "unpaid debt",
                "non-payment of debt",
                "non-payment of a debt",
                "non-payment of a loan",
                "failure to repay",
                "failure to pay a debt",
                "loan default",
                "default on a loan",
                "unpaid loan",
                "unpaid rent",
                "unpaid invoice",
                "unpaid wages",
                "non-repayment",
                "dette impayee",
                "deuda impagada",
            ),
        ),
        Category(
            "contract_dispute",
            "Breach of contract or commercial dispute",
            Kind.PRIVATE_DISPUTE,
            ("breach of contract", "shareholder dispute"),
            (
                "breach of contract",
                "non-performance of contract",
                "non-performance of a contract",
                "failure to fulfil a contract",
                "contract dispute",
                "contractual dispute",
                "commercial dispute",
                "business dispute",
                "civil dispute",
                "shareholder dispute",
                "partnership dispute",
                "corporate dispute",
                "property dispute",
                "land dispute",
                "inheritance dispute",
                "boundary dispute",
                "labour dispute",
                "employment dispute",
                "inexecution du contrat",
                "litige commercial",
                "incumplimiento de contrato",
                "disputa comercial",
            ),
        ),
    ),
)

SERIOUS_CRIME_LINKS = Catalogue(
    id="serious_crime_links",
    version="1.0.0",
    source=(
        "docs/reference/notices.md: administrative breaches and private disputes are excluded "
        "unless aimed"
        " at facilitating serious crime or linked to organised crime"
    ),
    categories=(
        Category(
            "organised_crime",
            "Link to organised crime",
            Kind.SERIOUS_LINK,
            ("on behalf of a criminal organisation",),
            (
                "organised crime",
                "organized crime",
                "criminal organisation",
                "criminal organization",
                "organised criminal group",
                "organized criminal group",
                "organised group",
                "organized group",
                "criminal group",
                "criminal network",
                "criminal association",
                "criminal enterprise",
                "mafia",
                "cartel",
                "racketeering",
                "association de malfaiteurs",
                "organisation criminelle",
                "bande organisee",
                "crimen organizado",
                "organizacion criminal",
                "prestupnoe soobshchestvo",
                "prestupnogo soobshchestva",
                "organizovannoy gruppoy",
            ),
        ),
        Category(
            "serious_crime",
            "Aimed at facilitating serious crime",
            Kind.SERIOUS_LINK,
            ("cheques used to launder proceeds of drug trafficking",),
            (
                "money laundering",
                "laundering",
                "launder",
                "terrorism",
                "terrorist financing",
                "financing of terrorism",
                "drug trafficking",
                "trafficking in persons",
                "human trafficking",
                "arms trafficking",
                "migrant smuggling",
                "blanchiment",
                "blanqueo",
                "legalizatsiya",
            ),
        ),
    ),
)

CATALOGUES: tuple[Catalogue, ...] = (EXCLUDED_OFFENCES, SERIOUS_CRIME_LINKS)


def catalogue_versions() -> dict[str, str]:
    return {f"catalogue.{c.id}": c.version for c in CATALOGUES}
