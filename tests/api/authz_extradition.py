"""The extradition rows of the authorisation matrix (merged into tests/api/test_authz_matrix.py).

Role checks only: which organisation sees which case (the two states, the secretariat where the
channel passes through it) is tested in tests/extradition/test_api_access.py."""

from __future__ import annotations

from xborder.kernel.actor import Role

R = Role
BUREAU = {R.NCB_OFFICER, R.NCB_SUPERVISOR}
READERS = BUREAU | {R.REVIEWER}
EXPECTED: dict[tuple[str, str], set[Role]] = {
    ("GET", "/api/v1/extradition/bases"): READERS,
    ("GET", "/api/v1/extradition/grounds"): READERS,
    ("GET", "/api/v1/extradition/statistics"): READERS,
    ("GET", "/api/v1/extradition/cases"): READERS,
    ("POST", "/api/v1/extradition/cases"): BUREAU,
    ("GET", "/api/v1/extradition/cases/{case_id}"): READERS,
    ("POST", "/api/v1/extradition/cases/{case_id}/documents"): BUREAU,
    ("GET", "/api/v1/extradition/cases/{case_id}/documents/{document_id}"): READERS,
    ("POST", "/api/v1/extradition/cases/{case_id}/transitions"): BUREAU,
    ("POST", "/api/v1/extradition/cases/{case_id}/decision"): {R.NCB_SUPERVISOR},
    ("GET", "/api/v1/extradition/cases/{case_id}/checklist"): READERS,
    ("GET", "/api/v1/mla/cases"): READERS,
    ("POST", "/api/v1/mla/cases"): BUREAU,
    ("GET", "/api/v1/mla/cases/{case_id}"): READERS,
    ("POST", "/api/v1/mla/cases/{case_id}/documents"): BUREAU,
    ("GET", "/api/v1/mla/cases/{case_id}/documents/{document_id}"): READERS,
    ("POST", "/api/v1/mla/cases/{case_id}/transitions"): BUREAU,
}
PUBLIC: set[tuple[str, str]] = set()
# Pages pass web.pages.gate / gate_post (login, the route's action, CSRF); the organisation
# checks are the services' (tested in tests/extradition/test_pages_http.py).
PAGES: set[tuple[str, str]] = {
    ("GET", "/extradition"),
    ("GET", "/mla"),
    ("GET", "/extradition/new"),
    ("POST", "/extradition/new"),
    ("GET", "/mla/new"),
    ("POST", "/mla/new"),
    ("GET", "/extradition/cases/{case_id}"),
    ("GET", "/mla/cases/{case_id}"),
    ("GET", "/extradition/cases/{case_id}/documents/{doc_id}"),
    ("GET", "/mla/cases/{case_id}/documents/{doc_id}"),
    ("POST", "/extradition/cases/{case_id}/step"),
    ("POST", "/extradition/cases/{case_id}/formal"),
    ("POST", "/extradition/cases/{case_id}/decision"),
    ("POST", "/extradition/cases/{case_id}/documents"),
    ("POST", "/mla/cases/{case_id}/step"),
    ("GET", "/extradition/cases/{case_id}/eaw"),
    ("POST", "/extradition/cases/{case_id}/eaw"),
}
