"""Settings from the environment, with embedded defaults that need no setup.

Everything an operator may change is here; nothing else reads `os.environ`. Each setting is
read from the environment variable its field names (`XBORDER_...`); an empty variable counts
as unset (the default applies). A value of the wrong kind stops the server at start with a
message naming the variable. No `.env` file is read: the environment is the only source, so
a stray file in the working directory cannot reconfigure a server.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict


def _intervals(raw: str) -> dict[str, float]:
    """Parse XBORDER_JOB_INTERVALS: a JSON object of job name to period in seconds."""
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"XBORDER_JOB_INTERVALS is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError("XBORDER_JOB_INTERVALS must be a JSON object")
    out: dict[str, float] = {}
    for k, v in parsed.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise ValueError(f"XBORDER_JOB_INTERVALS: {k!r} must be a number of seconds >= 0")
        out[str(k)] = float(v)
    return out


def _env_name(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        # Every field names its variable in full (validation_alias), so that the name can be
        # found by grep and is the one a validation error shows; the prefix would only apply
        # to a field added without one.
        env_prefix="XBORDER_",
        case_sensitive=True,
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    data_dir: Path = Field(Path("var"), validation_alias="XBORDER_DATA_DIR")
    database_url: str = Field("", validation_alias="XBORDER_DATABASE_URL")
    # Database connections each worker keeps open (a SQLite file's too), and how many more it
    # may open for a moment (closed after use); on PostgreSQL, workers x (both) must stay under
    # the server's max_connections.
    db_pool_size: PositiveInt = Field(20, validation_alias="XBORDER_DB_POOL_SIZE")
    db_max_overflow: NonNegativeInt = Field(10, validation_alias="XBORDER_DB_MAX_OVERFLOW")
    host: str = Field("127.0.0.1", validation_alias="XBORDER_HOST")
    port: int = Field(8000, ge=1, le=65535, validation_alias="XBORDER_PORT")
    # A request body larger than this is refused before it is parsed (413).
    max_body_bytes: PositiveInt = Field(1 << 20, validation_alias="XBORDER_MAX_BODY_BYTES")
    # The names this server answers to (comma-separated; "*.example.org" covers subdomains;
    # `host` above is added unless it is a wildcard address). A request naming another Host
    # is refused (400) before it can reach a link built from the request. "*": no check.
    trusted_hosts: str = Field(
        "127.0.0.1,localhost,[::1],testserver", validation_alias="XBORDER_TRUSTED_HOSTS"
    )
    # The public address absolute links are built on ("https://xborder.example.org"); empty:
    # from the request (its Host, checked against `trusted_hosts`).
    public_base_url: str = Field("", validation_alias="XBORDER_PUBLIC_BASE_URL")
    session_hours: PositiveInt = Field(8, validation_alias="XBORDER_SESSION_HOURS")
    # Failed logins are counted per account *and client address*: after this many from one
    # address, that address waits before its next try on that account, 1 minute then doubling
    # per further failure up to `lockout_minutes`. An attacker elsewhere cannot lock the
    # officer out. Failures on one account from every address together lock the account
    # (sessions refused, tokens too) for `lockout_minutes` once they reach
    # `account_lock_failures`: a spread-out guessing attack, which an admin sees and ends.
    max_failed_logins: PositiveInt = Field(5, validation_alias="XBORDER_MAX_FAILED_LOGINS")
    lockout_minutes: PositiveInt = Field(60, validation_alias="XBORDER_LOCKOUT_MINUTES")
    account_lock_failures: PositiveInt = Field(50, validation_alias="XBORDER_ACCOUNT_LOCK_FAILURES")
    # Rate limits (xborder.api.ratelimit): where the counts live ("memory://" per process;
    # "redis://host:6379" shared by every worker and replica), and overrides of the default
    # limits as JSON, e.g. '{"login": "5/minute", "screening": "off"}'.
    rate_limit_storage: str = Field("memory://", validation_alias="XBORDER_RATE_LIMIT_STORAGE")
    rate_limits: str = Field("", validation_alias="XBORDER_RATE_LIMITS")
    # "auto": Secure cookies whenever the request came over HTTPS; "always"; "never".
    secure_cookies: Literal["auto", "always", "never"] = Field(
        "auto", validation_alias="XBORDER_SECURE_COOKIES"
    )
    token_days: PositiveInt = Field(90, validation_alias="XBORDER_TOKEN_DAYS")

    # A message not fetched this long after delivery earns a NonRetrieval evidence.
    retrieval_timeout_hours: PositiveInt = Field(
        24, validation_alias="XBORDER_RETRIEVAL_TIMEOUT_HOURS"
    )
    # Push delivery: retry with exponential backoff (base seconds, doubled per attempt, capped),
    # give up after max attempts (dead letter + NonDelivery evidence). A delivery in flight when
    # the server died is retried once its lease expires.
    delivery_backoff_seconds: NonNegativeInt = Field(
        2, validation_alias="XBORDER_DELIVERY_BACKOFF_SECONDS"
    )
    delivery_max_attempts: PositiveInt = Field(8, validation_alias="XBORDER_DELIVERY_MAX_ATTEMPTS")
    delivery_interval_seconds: NonNegativeInt = Field(
        1, validation_alias="XBORDER_DELIVERY_INTERVAL_SECONDS"
    )
    delivery_lease_seconds: PositiveInt = Field(
        60, validation_alias="XBORDER_DELIVERY_LEASE_SECONDS"
    )
    # Push endpoints must resolve to public addresses (no server-side request forgery); these
    # comma-separated CIDRs are let through anyway, and only they may take plain http (a
    # bureau's gateway on a closed network). Empty: public https endpoints only.
    push_allow_networks: str = Field("", validation_alias="XBORDER_PUSH_ALLOW_NETWORKS")
    # Background jobs (xborder.store.jobs): whether this process runs them at all (a
    # deployment may leave them to some replicas; "0", "false", "no", "off" turn them off),
    # and overrides of their periods in seconds as JSON, e.g. '{"extradition.deadlines": 60}'.
    run_jobs: bool = Field(True, validation_alias="XBORDER_RUN_JOBS")
    job_intervals_json: str = Field("", validation_alias="XBORDER_JOB_INTERVALS")
    # A bearer token Prometheus sends for /metrics; without one, only this host may scrape.
    metrics_token: str = Field("", validation_alias="XBORDER_METRICS_TOKEN")
    # yente clients cannot state a purpose: their screenings are logged under this one (a
    # client that can should send X-Purpose or ?purpose=).
    match_default_purpose: str = Field(
        "border_check", validation_alias="XBORDER_MATCH_DEFAULT_PURPOSE"
    )
    match_default_legal_basis: str = Field(
        "rpd-art65", validation_alias="XBORDER_MATCH_DEFAULT_LEGAL_BASIS"
    )
    # First line of every signed checkpoint: names this log, so a checkpoint cannot be passed
    # off as another log's.
    ledger_origin: str = Field("xborder.local/ledger", validation_alias="XBORDER_LEDGER_ORIGIN")

    # The review queue's weights (safeguards/queue.py documents the score); a JSON file
    # replaces the defaults per ground and severity.
    queue_weights_file: str = Field("", validation_alias="XBORDER_QUEUE_WEIGHTS")
    # Imported lists whose entries say who a person is, and the profile each gives when its
    # entities carry no FollowTheMoney topic: "dataset=kind,dataset=kind" (issue #12).
    profile_lists: str = Field("", validation_alias="XBORDER_PROFILE_LISTS")
    # Development and tests: a response model that misses a field a service returns fails
    # loudly (500) instead of leaving the field out of the answer (api/responses.py; read
    # once, when the models are defined). The test suite sets it.
    strict_responses: bool = Field(False, validation_alias="XBORDER_STRICT_RESPONSES")

    def __init__(self, **values: Any) -> None:
        """The settings from the environment; keyword arguments (field names, as in
        `Settings(data_dir=...)`, or variable names) take precedence over it. A name that is
        no field is an error rather than silently ignored like an unknown variable."""
        fields = type(self).model_fields
        # The sources know each field by its variable's name: pass the arguments under it.
        named = {_env_name(k, fields[k]) if k in fields else k: v for k, v in values.items()}
        known = {_env_name(k, f) for k, f in fields.items()}
        unknown = sorted(k for k in named if k not in known and not k.startswith("_"))
        if unknown:
            raise TypeError(f"Settings has no field {', '.join(unknown)}")
        super().__init__(**named)

    @field_validator("job_intervals_json")
    @classmethod
    def _check_job_intervals(cls, v: str) -> str:
        _intervals(v)
        return v

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed (by field name), validated like the environment."""
        # Every field is given, so the environment, read again by __init__, changes nothing.
        return type(self)(**{**self.model_dump(), **changes})

    def job_intervals(self) -> dict[str, float]:
        """Each job's period where the operator set one (the delivery job's from its own
        older setting unless XBORDER_JOB_INTERVALS names it)."""
        out: dict[str, float] = {"exchange.delivery": float(self.delivery_interval_seconds)}
        out.update(_intervals(self.job_intervals_json))
        return out

    @property
    def url(self) -> str:
        """The database URL: PostgreSQL when configured, else SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'xborder.db').resolve()}"
