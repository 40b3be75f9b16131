"""Use cases of the files commission (docs/reference/commission.md): an individual (or their
lawyer) applies
and follows the case on a portal; the commission decides on admissibility, may block the data
as a precaution, consults the bureau that owns the data, and takes a binding decision that the
system carries out (a deletion erases the notice's personal data while the ledger still
verifies).

Every state change writes its event in the same transaction. Events carry no personal data:
the commission's reasons and the applicant's words are in the (digested) payload, never in an
event's summary or reason. Every read of the linked notice is access-logged with the purpose
`data_subject_request`.

Who sees what: the commission's role works the cases; the supervisor of the bureau that owns
the data sees only the consultations addressed to it (never the applicant's name, contact or
statement, which could help locate a wanted person); nobody else sees a case. The applicant
sees the case through its number and a one-time portal code.

The use cases live in one module each; this module is their single entry point."""

from __future__ import annotations

from xborder.commission.applications import (
    Application,
    PortalView,
    apply,
    portal_status,
)
from xborder.commission.cases import (
    APPLICANT_LABEL,
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_NAME,
    MAX_REASONS,
    MAX_STATEMENT,
    PORTAL_MISS,
    SUBJECT,
    new_portal_code,
)
from xborder.commission.consultations import (
    ConsultationItem,
    answer_consultation,
    list_consultations,
)
from xborder.commission.decisions import (
    consult,
    decide,
    declare_admissibility,
    implement,
    link_notice,
    record_notification,
    set_blocking,
)
from xborder.commission.due import (
    DueItem,
    due_cases,
    due_for,
)
from xborder.commission.views import (
    CaseSummary,
    CaseView,
    DeadlineView,
    get_case,
    list_cases,
)

__all__ = [
    "APPLICANT_LABEL",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_NAME",
    "MAX_REASONS",
    "MAX_STATEMENT",
    "PORTAL_MISS",
    "SUBJECT",
    "Application",
    "CaseSummary",
    "CaseView",
    "ConsultationItem",
    "DeadlineView",
    "DueItem",
    "PortalView",
    "answer_consultation",
    "apply",
    "consult",
    "decide",
    "declare_admissibility",
    "due_cases",
    "due_for",
    "get_case",
    "implement",
    "link_notice",
    "list_cases",
    "list_consultations",
    "new_portal_code",
    "portal_status",
    "record_notification",
    "set_blocking",
]
