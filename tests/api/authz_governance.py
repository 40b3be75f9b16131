"""The governance rows of the authorisation matrix (merged into tests/api/test_authz_matrix.py)."""

from __future__ import annotations

from xborder.kernel.actor import Role

R = Role
EXPECTED: dict[tuple[str, str], set[Role]] = {}
PUBLIC: set[tuple[str, str]] = set()
PAGES: set[tuple[str, str]] = set()
