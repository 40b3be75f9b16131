"""Use cases of extradition (docs/reference/extradition.md): a requesting state sends a provisional
arrest
request or a formal request with its file; the requested state acknowledges, asks for more,
decides on the grounds the law gives it, and surrenders or releases. Mutual legal assistance
runs on the same machinery (`xborder.extradition.mla`).

Who sees a case: only the two states concerned, and the secretariat where the channel passes
through it (`via_secretariat`: a case linked to a notice, or one the requester routed so). Any
other organisation is told the case does not exist. Every document is signed by the bureau
that sends it (its hosted key) and kept in every version; every step writes a timeline entry
both sides see and an event in the ledger (no personal data in its summary). Reading a case
or a document is a read of a person's data: logged with its purpose.

The use cases live in one module each; this module is their single entry point."""

from __future__ import annotations

from xborder.extradition.case_view import (
    CaseView,
    get_case,
    view,
)
from xborder.extradition.cases import (
    DECIDE,
    JSON_TYPE,
    MAX_DOC_BYTES,
    MAX_TEXT,
    PDF_TYPE,
    READ,
    SEND,
    SUBJECT,
    Entry,
    JsonDocument,
    NewDocument,
    add_document,
    at,
    bureau_country,
    can_see,
    entry,
    event,
    json_document,
    latest_json,
    load,
    next_number,
    require_side,
    set_data,
    side_of,
    text,
    visible,
)
from xborder.extradition.checklist import (
    CheckInputs,
    Checklist,
    ChecklistItem,
    catalogue,
    checklist,
)
from xborder.extradition.clocks import (
    ENDED_STATES,
    LEVEL_TEXT,
    DeadlineView,
    case_clock,
    deadline_views,
    mla_clock,
    raw_deadlines,
    run_deadline_job,
    running_deadlines,
)
from xborder.extradition.documents import (
    DocumentContent,
    DocumentView,
    EntryView,
    documents,
    get_document,
    timeline,
)
from xborder.extradition.export import (
    ISSUER_FIELDS,
    draft_eaw,
    export_bundle,
)
from xborder.extradition.listing import (
    CaseSummary,
    JobReport,
    actions_for,
    export_documents,
    list_cases,
    notice_link,
    state_label,
)
from xborder.extradition.requesting import (
    REQUESTING_DOCUMENTS,
    SIDE_TEXT,
    add_case_document,
    create_request,
    send_formal_request,
)
from xborder.extradition.steps import (
    STEP_DOCUMENT,
    STEP_TEXT,
    StepInput,
    act,
    decide,
)

__all__ = [
    "DECIDE",
    "ENDED_STATES",
    "ISSUER_FIELDS",
    "JSON_TYPE",
    "LEVEL_TEXT",
    "MAX_DOC_BYTES",
    "MAX_TEXT",
    "PDF_TYPE",
    "READ",
    "REQUESTING_DOCUMENTS",
    "SEND",
    "SIDE_TEXT",
    "STEP_DOCUMENT",
    "STEP_TEXT",
    "SUBJECT",
    "CaseSummary",
    "CaseView",
    "CheckInputs",
    "Checklist",
    "ChecklistItem",
    "DeadlineView",
    "DocumentContent",
    "DocumentView",
    "Entry",
    "EntryView",
    "JobReport",
    "JsonDocument",
    "NewDocument",
    "StepInput",
    "act",
    "actions_for",
    "add_case_document",
    "add_document",
    "at",
    "bureau_country",
    "can_see",
    "case_clock",
    "catalogue",
    "checklist",
    "create_request",
    "deadline_views",
    "decide",
    "documents",
    "draft_eaw",
    "entry",
    "event",
    "export_bundle",
    "export_documents",
    "get_case",
    "get_document",
    "json_document",
    "latest_json",
    "list_cases",
    "load",
    "mla_clock",
    "next_number",
    "notice_link",
    "raw_deadlines",
    "require_side",
    "run_deadline_job",
    "running_deadlines",
    "send_formal_request",
    "set_data",
    "side_of",
    "state_label",
    "text",
    "timeline",
    "view",
    "visible",
]
