"""Why someone reads a person's data. A read without a stated purpose is refused.

Each purpose carries the legal basis it rests on; the list is configuration (a later
governance issue lets the secretariat maintain it), the mapping is recorded on every read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xborder.kernel.errors import Invalid


class Purpose(StrEnum):
    INVESTIGATION = "investigation"
    BORDER_CHECK = "border_check"
    LOCATE_PERSON = "locate_person"
    NOTICE_REVIEW = "notice_review"
    DATA_SUBJECT_REQUEST = "data_subject_request"
    DATA_QUALITY = "data_quality"


LEGAL_BASIS: dict[Purpose, str] = {
    Purpose.INVESTIGATION: "RPD art. 10 - purposes of international police cooperation",
    Purpose.BORDER_CHECK: "RPD art. 10 - identification at border and entry controls",
    Purpose.LOCATE_PERSON: "RPD art. 10 - locating a wanted or missing person",
    Purpose.NOTICE_REVIEW: "RPD arts. 76-86 - compliance review of requests",
    Purpose.DATA_SUBJECT_REQUEST: "CCF Statute - handling an individual's request",
    Purpose.DATA_QUALITY: "RPD art. 12 - data quality and compliance checks",
}

PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.INVESTIGATION: "Criminal investigation",
    Purpose.BORDER_CHECK: "Border or identity check",
    Purpose.LOCATE_PERSON: "Locate a wanted or missing person",
    Purpose.NOTICE_REVIEW: "Compliance review",
    Purpose.DATA_SUBJECT_REQUEST: "Individual's request to the commission",
    Purpose.DATA_QUALITY: "Data quality check",
}


def parse_purpose(value: str | None) -> Purpose:
    if not value:
        raise Invalid(
            "state the purpose of this read",
            field="purpose",
            allowed=[p.value for p in Purpose],
        )
    try:
        return Purpose(value)
    except ValueError:
        raise Invalid(
            f"unknown purpose {value!r}", field="purpose", allowed=[p.value for p in Purpose]
        ) from None


# The legal bases a use of an AI component or a screening may be made under (the use log
# records one of these ids; free text would make the log unreadable).
@dataclass(frozen=True)
class LegalBasis:
    id: str
    label: str
    source: str


LEGAL_BASES: dict[str, LegalBasis] = {
    b.id: b
    for b in (
        LegalBasis(
            "rpd-art10",
            "Purposes of international police cooperation",
            "INTERPOL Rules on the Processing of Data, art. 10",
        ),
        LegalBasis(
            "rpd-art65",
            "Search of the databases by a member (screening)",
            "INTERPOL Rules on the Processing of Data, arts. 65 and 27",
        ),
        LegalBasis(
            "national-law",
            "National law of the bureau (the search's legal basis at home)",
            "National law of the requesting bureau",
        ),
        LegalBasis(
            "unsc-resolution",
            "UN Security Council sanctions resolution (listed persons)",
            "UN Security Council resolution establishing the sanctions list",
        ),
        LegalBasis(
            "schengen-borders-code-art8",
            "Border checks on persons",
            "Regulation (EU) 2016/399 (Schengen Borders Code), art. 8",
        ),
        LegalBasis(
            "ccf-statute",
            "An individual's request to the Files Commission",
            "Statute of the Commission for the Control of INTERPOL's Files",
        ),
    )
}
