"""Every capability, in the order its API routes are tried: screening first (its /match is
the hottest route, and a request walks the routes until one matches)."""

from __future__ import annotations

from functools import cache

# Every capability's tables, so that `Base.metadata` (migrations, the drift test) holds them all.
import xborder.audit.tables
import xborder.commission.tables
import xborder.exchange.tables
import xborder.extradition.tables
import xborder.governance.tables
import xborder.ledger.tables
import xborder.measures.tables
import xborder.notices.tables
import xborder.persons.tables
import xborder.public.tables
import xborder.safeguards.tables
import xborder.screening.tables  # noqa: F401
from xborder.accounts import capability as accounts
from xborder.audit import capability as audit
from xborder.commission import capability as commission
from xborder.exchange import capability as exchange
from xborder.extradition import capability as extradition
from xborder.governance import capability as governance
from xborder.ledger import capability as ledger
from xborder.notices import capability as notices
from xborder.persons import capability as persons
from xborder.plugins import Registry
from xborder.public import capability as public
from xborder.safeguards import capability as safeguards
from xborder.screening import capability as screening
from xborder.store import maintenance
from xborder.twin import capability as twin

CAPABILITIES = (
    screening,  # accounts next: their pages hold the home page and the login
    accounts,
    persons,
    audit,
    ledger,
    exchange,
    notices,
    safeguards,
    commission,
    public,
    extradition,
    governance,
    twin,
)


@cache
def registry() -> Registry:
    """Each capability registered once per process (their declarations into the governance
    register and the exchange are process-wide)."""
    r = Registry()
    for capability in CAPABILITIES:
        capability.register(r)
    r.jobs.extend(maintenance.JOBS)
    return r
