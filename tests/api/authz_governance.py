"""The governance rows of the authorisation matrix (merged into tests/api/test_authz_matrix.py)."""

from __future__ import annotations

from xborder.kernel.actor import Role

R = Role
# Those who oversee AI (xborder.identity.policy: GOVERNANCE_READ).
READERS = {R.NCB_SUPERVISOR, R.REVIEWER, R.SECRETARIAT_ADMIN, R.AUDITOR}
ASSESSORS = {R.REVIEWER, R.SECRETARIAT_ADMIN}
AUTHORISERS = {R.NCB_SUPERVISOR, R.REVIEWER}
G = "/api/v1/governance"

EXPECTED: dict[tuple[str, str], set[Role]] = {
    ("GET", "/api/v1/register/internal"): READERS,
    ("GET", f"{G}/components"): READERS,
    ("POST", f"{G}/components/{{component_id}}/switch"): {R.SECRETARIAT_ADMIN},
    ("GET", f"{G}/evaluations"): READERS,
    ("GET", f"{G}/evaluations/compare"): READERS,
    ("GET", f"{G}/evaluations/{{evaluation_id}}"): READERS,
    ("POST", f"{G}/evaluations"): ASSESSORS,
    ("POST", f"{G}/evaluations/import"): ASSESSORS,
    ("GET", f"{G}/use-cases/{{use_case_id}}/assessments/{{kind}}"): READERS,
    ("POST", f"{G}/use-cases/{{use_case_id}}/assessments/{{kind}}"): ASSESSORS,
    ("POST", f"{G}/assessments/{{assessment_id}}/sign-off"): {R.SECRETARIAT_ADMIN},
    ("GET", f"{G}/oversight"): READERS,
    ("GET", f"{G}/authorisations"): AUTHORISERS,
    ("POST", f"{G}/authorisations/{{use_id}}"): AUTHORISERS,
}
# The public register, its schema and its history need no login.
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/v1/register"),
    ("GET", "/api/v1/register/schema"),
    ("GET", "/api/v1/register/history"),
    ("GET", "/api/v1/register/history/{entry_id}"),
}
# Role checks of these pages: tests/governance/test_pages.py.
PAGES: set[tuple[str, str]] = {
    ("GET", "/register"),
    ("GET", "/responsible-ai"),
    ("GET", "/governance"),
    ("GET", "/governance/oversight"),
    ("POST", "/governance/components/{component_id}/switch"),
    ("GET", "/governance/use-cases/{use_case_id}/{kind}"),
    ("POST", "/governance/use-cases/{use_case_id}/{kind}"),
    ("POST", "/governance/assessments/{assessment_id}/sign-off"),
    ("POST", "/governance/authorisations/{use_id}"),
    ("POST", "/governance/components/{component_id}/evaluate"),
}
