"""Use cases on notices: draft, four-eyes approval and signed submission, the checks, the
review, the lifecycle, flags and hits, and the commission's erasure.

Each function takes an actor, checks the role here and the organisation against the record,
writes in one transaction with its event, and logs every read of a person's data.

The use cases live in one module each; this module is their single entry point."""

from __future__ import annotations

from xborder.notices.access import (
    BUREAU_ONLY,
    can_see,
    next_number,
    visible,
)
from xborder.notices.checking import (
    check_input,
    person_of,
    rerun_checks,
    set_review_inputs,
)
from xborder.notices.drafting import (
    approve,
    create_request,
    return_to_draft,
    send_for_approval,
    update_draft,
)
from xborder.notices.erasure import (
    erase,
    set_blocked,
)
from xborder.notices.hits import (
    add_flag,
    answer_hit,
    remove_flag,
    report_hit,
)
from xborder.notices.lifecycle import (
    JobReport,
    cancel,
    renew,
    resume,
    run_lifecycle_job,
    suspend,
    withdraw,
)
from xborder.notices.review import (
    QueueItem,
    answer_info,
    decide,
    review_queue,
)
from xborder.notices.views import (
    NoticeSummary,
    NoticeView,
    get_notice,
    list_notices,
    open_hits,
)

__all__ = [
    "BUREAU_ONLY",
    "JobReport",
    "NoticeSummary",
    "NoticeView",
    "QueueItem",
    "add_flag",
    "answer_hit",
    "answer_info",
    "approve",
    "can_see",
    "cancel",
    "check_input",
    "create_request",
    "decide",
    "erase",
    "get_notice",
    "list_notices",
    "next_number",
    "open_hits",
    "person_of",
    "remove_flag",
    "renew",
    "report_hit",
    "rerun_checks",
    "resume",
    "return_to_draft",
    "review_queue",
    "run_lifecycle_job",
    "send_for_approval",
    "set_blocked",
    "set_review_inputs",
    "suspend",
    "update_draft",
    "visible",
    "withdraw",
]
