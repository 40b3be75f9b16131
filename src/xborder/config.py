"""Settings from the environment, with embedded defaults that need no setup.

Everything an operator may change is here; nothing else reads `os.environ`.
"""

from __future__ import annotations

import json
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
    # The names this server answers to (comma-separated; "*.example.org" covers subdomains;
    # `host` above is added unless it is a wildcard address). A request naming another Host
    # is refused (400) before it can reach a link built from the request. "*": no check.
    trusted_hosts: str = field(
        default_factory=lambda: (
            os.environ.get("XBORDER_TRUSTED_HOSTS") or "127.0.0.1,localhost,[::1],testserver"
        )
    )
    # The public address absolute links are built on ("https://xborder.example.org"); empty:
    # from the request (its Host, checked against `trusted_hosts`).
    public_base_url: str = field(
        default_factory=lambda: os.environ.get("XBORDER_PUBLIC_BASE_URL", "")
    )
    session_hours: int = field(default_factory=lambda: _env_int("XBORDER_SESSION_HOURS", 8))
    # Failed logins are counted per account *and client address*: after this many from one
    # address, that address waits before its next try on that account, 1 minute then doubling
    # per further failure up to `lockout_minutes`. An attacker elsewhere cannot lock the
    # officer out. Failures on one account from every address together lock the account
    # (sessions refused, tokens too) for `lockout_minutes` once they reach
    # `account_lock_failures`: a spread-out guessing attack, which an admin sees and ends.
    max_failed_logins: int = field(default_factory=lambda: _env_int("XBORDER_MAX_FAILED_LOGINS", 5))
    lockout_minutes: int = field(default_factory=lambda: _env_int("XBORDER_LOCKOUT_MINUTES", 60))
    account_lock_failures: int = field(
        default_factory=lambda: _env_int("XBORDER_ACCOUNT_LOCK_FAILURES", 50)
    )
    # Rate limits (xborder.api.ratelimit): where the counts live ("memory://" per process;
    # "redis://host:6379" shared by every worker and replica), and overrides of the default
    # limits as JSON, e.g. '{"login": "5/minute", "screening": "off"}'.
    rate_limit_storage: str = field(
        default_factory=lambda: os.environ.get("XBORDER_RATE_LIMIT_STORAGE", "memory://")
    )
    rate_limits: str = field(default_factory=lambda: os.environ.get("XBORDER_RATE_LIMITS", ""))
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
    # Push endpoints must resolve to public addresses (no server-side request forgery); these
    # comma-separated CIDRs are let through anyway, and only they may take plain http (a
    # bureau's gateway on a closed network). Empty: public https endpoints only.
    push_allow_networks: str = field(
        default_factory=lambda: os.environ.get("XBORDER_PUSH_ALLOW_NETWORKS", "")
    )
    # Background jobs (xborder.store.jobs): whether this process runs them at all (a
    # deployment may leave them to some replicas), and overrides of their periods in seconds
    # as JSON, e.g. '{"extradition.deadlines": 60}'.
    run_jobs: bool = field(
        default_factory=lambda: (
            os.environ.get("XBORDER_RUN_JOBS", "1").lower() not in ("0", "false", "no")
        )
    )
    job_intervals_json: str = field(
        default_factory=lambda: os.environ.get("XBORDER_JOB_INTERVALS", "")
    )
    # A bearer token Prometheus sends for /metrics; without one, only this host may scrape.
    metrics_token: str = field(default_factory=lambda: os.environ.get("XBORDER_METRICS_TOKEN", ""))
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

    def job_intervals(self) -> dict[str, float]:
        """Each job's period where the operator set one (the delivery job's from its own
        older setting unless XBORDER_JOB_INTERVALS names it)."""
        out: dict[str, float] = {"exchange.delivery": float(self.delivery_interval_seconds)}
        if self.job_intervals_json.strip():
            raw = json.loads(self.job_intervals_json)
            if not isinstance(raw, dict):
                raise ValueError("XBORDER_JOB_INTERVALS must be a JSON object")
            out.update({str(k): float(v) for k, v in raw.items()})
        return out

    @property
    def url(self) -> str:
        """The database URL: PostgreSQL when configured, else SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'xborder.db').resolve()}"
