"""Settings from the environment, with embedded defaults that need no setup.

Everything an operator may change is here; nothing else reads `os.environ`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("XBORDER_DATA_DIR", "var")))
    database_url: str = field(default_factory=lambda: os.environ.get("XBORDER_DATABASE_URL", ""))
    host: str = field(default_factory=lambda: os.environ.get("XBORDER_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("XBORDER_PORT", 8000))
    # A request body larger than this is refused before it is parsed (413).
    max_body_bytes: int = field(default_factory=lambda: _env_int("XBORDER_MAX_BODY_BYTES", 1 << 20))
    session_hours: int = field(default_factory=lambda: _env_int("XBORDER_SESSION_HOURS", 8))
    # Lock an account for `lockout_minutes` after this many consecutive failed logins.
    max_failed_logins: int = field(default_factory=lambda: _env_int("XBORDER_MAX_FAILED_LOGINS", 5))
    lockout_minutes: int = field(default_factory=lambda: _env_int("XBORDER_LOCKOUT_MINUTES", 15))
    # "auto": Secure cookies whenever the request came over HTTPS; "always"; "never".
    secure_cookies: str = field(
        default_factory=lambda: os.environ.get("XBORDER_SECURE_COOKIES", "auto")
    )
    token_days: int = field(default_factory=lambda: _env_int("XBORDER_TOKEN_DAYS", 90))

    # A message not fetched this long after delivery earns a NonRetrieval evidence.
    retrieval_timeout_hours: int = field(
        default_factory=lambda: _env_int("XBORDER_RETRIEVAL_TIMEOUT_HOURS", 24)
    )
    # Push delivery: retry with exponential backoff (base seconds, doubled per attempt, capped),
    # give up after max attempts (dead letter + NonDelivery evidence). A delivery in flight when
    # the server died is retried once its lease expires.
    delivery_backoff_seconds: int = field(
        default_factory=lambda: _env_int("XBORDER_DELIVERY_BACKOFF_SECONDS", 2)
    )
    delivery_max_attempts: int = field(
        default_factory=lambda: _env_int("XBORDER_DELIVERY_MAX_ATTEMPTS", 8)
    )
    delivery_interval_seconds: int = field(
        default_factory=lambda: _env_int("XBORDER_DELIVERY_INTERVAL_SECONDS", 1)
    )
    delivery_lease_seconds: int = field(
        default_factory=lambda: _env_int("XBORDER_DELIVERY_LEASE_SECONDS", 60)
    )
    # yente clients cannot state a purpose: their screenings are logged under this one (a
    # client that can should send X-Purpose or ?purpose=).
    match_default_purpose: str = field(
        default_factory=lambda: os.environ.get("XBORDER_MATCH_DEFAULT_PURPOSE", "border_check")
    )
    match_default_legal_basis: str = field(
        default_factory=lambda: os.environ.get("XBORDER_MATCH_DEFAULT_LEGAL_BASIS", "rpd-art65")
    )
    # First line of every signed checkpoint: names this log, so a checkpoint cannot be passed
    # off as another log's.
    ledger_origin: str = field(
        default_factory=lambda: os.environ.get("XBORDER_LEDGER_ORIGIN", "xborder.local/ledger")
    )

    # The review queue's weights (safeguards/queue.py documents the score); a JSON file
    # replaces the defaults per ground and severity.
    queue_weights_file: str = field(
        default_factory=lambda: os.environ.get("XBORDER_QUEUE_WEIGHTS", "")
    )
    # Imported lists whose entries say who a person is, and the profile each gives when its
    # entities carry no FollowTheMoney topic: "dataset=kind,dataset=kind" (issue #12).
    profile_lists: str = field(default_factory=lambda: os.environ.get("XBORDER_PROFILE_LISTS", ""))

    @property
    def url(self) -> str:
        """The database URL: PostgreSQL when configured, else SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'xborder.db').resolve()}"
