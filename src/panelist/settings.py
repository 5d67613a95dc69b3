"""The one typed settings object. Nothing else in Panelist reads the environment."""

from __future__ import annotations

import ipaddress
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

RATE_LIMIT_CATEGORIES = (
    "global",
    "reads",
    "writes",
    "analysis",
    "storage",
    "bulk",
    "actions",
    "webhooks",
)
DEFAULT_RATE_LIMITS: dict[str, int] = {
    "global": 60,
    "reads": 40,
    "writes": 20,
    "analysis": 15,
    "storage": 10,
    "bulk": 3,
    "actions": 30,
    "webhooks": 20,
}
ANALYSIS_ENGINES = ("builtin", "openai")
_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "placeholder", "xxx"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    CONSOLE = "console"
    JSON = "json"


def parse_rate_limits(text: str) -> dict[str, int]:
    """Parse `global=60,reads=40,…` into a mapping; unknown categories are an error."""
    limits: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in RATE_LIMIT_CATEGORIES:
            raise ValueError(f"unknown rate-limit category {name!r}")
        limit = int(value)
        if limit < 1:
            raise ValueError(f"rate limit for {name!r} must be at least 1")
        limits[name] = limit
    return limits


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PANELIST_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Path("./.panelist")
    database_url: str = ""
    redis_url: str | None = None
    secret_key: str = ""
    environment: Environment = Environment.DEVELOPMENT
    public_base_url: str = "http://localhost:8000"
    trusted_proxies: str = ""
    rate_limits: str = ""
    interview_ttl_seconds: int = Field(default=604800, ge=60)
    sweep_interval_seconds: int = Field(default=30, ge=1, le=60)
    interview_rate_limit: int = Field(default=60, ge=1)
    webhook_timeout_seconds: float = Field(default=15, gt=0)
    webhook_retry_schedule: str = "5,300,1800,7200,18000,36000,36000"
    webhook_allow_http: bool = False
    webhook_allow_private: bool = False
    smtp_url: str | None = None
    email_from: str = "Panelist <no-reply@localhost>"
    analysis_engine: str = "builtin"
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    openai_model: str | None = None
    log_format: LogFormat | None = None
    debug: bool = False
    # `panelist serve` runs the background worker in-process unless --no-worker sets this false.
    inprocess_worker: bool = True
    worker_concurrency: int = Field(default=2, ge=1, le=64)
    # How long a claimed job stays a worker's before another may take it over (kill -9 recovery
    # time); each transaction of a running job renews it.
    worker_lease_seconds: float = Field(default=300, ge=1)
    # PEM file of CAs to trust for webhook TLS in addition to the system's (private CAs, tests).
    webhook_ca_file: str | None = None
    # Webhook attempts one worker process keeps in flight at once (async, not threads).
    webhook_concurrency: int = Field(default=200, ge=1, le=2000)
    # GET /metrics (Prometheus) is served only when enabled; see panelist.metrics for why.
    metrics_enabled: bool = False
    # The `openai` analysis engine: per-request timeout and retries before a job attempt fails.
    openai_timeout_seconds: float = Field(default=60, gt=0)
    openai_max_retries: int = Field(default=2, ge=0, le=10)

    @field_validator("rate_limits")
    @classmethod
    def _check_rate_limits(cls, value: str) -> str:
        parse_rate_limits(value)
        return value

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _check_retry_schedule(cls, value: str) -> str:
        parse_retry_schedule(value)
        return value

    @field_validator("analysis_engine")
    @classmethod
    def _check_engine(cls, value: str) -> str:
        if value not in ANALYSIS_ENGINES:
            raise ValueError(f"must be one of {', '.join(ANALYSIS_ENGINES)}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            if part != "*":
                ipaddress.ip_network(part, strict=False)
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            problems = []
            if self.secret_key.strip().lower() in _PLACEHOLDER_SECRETS or len(self.secret_key) < 32:
                problems.append("PANELIST_SECRET_KEY must be set to at least 32 random characters")
            if "*" in self.trusted_proxies:
                problems.append("PANELIST_TRUSTED_PROXIES must not be a wildcard")
            if self.debug:
                problems.append("PANELIST_DEBUG must be off")
            if self.webhook_allow_http or self.webhook_allow_private:
                problems.append("PANELIST_WEBHOOK_ALLOW_HTTP/PRIVATE are for development only")
            if problems:
                raise ValueError("unsafe production settings: " + "; ".join(problems))
        return self

    @model_validator(mode="after")
    def _require_openai_settings(self) -> Settings:
        if self.analysis_engine == "openai" and not (self.openai_base_url and self.openai_model):
            raise ValueError(
                "PANELIST_ANALYSIS_ENGINE=openai needs PANELIST_OPENAI_BASE_URL and "
                "PANELIST_OPENAI_MODEL"
            )
        return self

    # Derived values -------------------------------------------------------------------------

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir.resolve() / 'panelist.db'}"

    @property
    def default_rate_limits(self) -> dict[str, int]:
        return {**DEFAULT_RATE_LIMITS, **parse_rate_limits(self.rate_limits)}

    @property
    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        parts = [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]
        if "*" in parts:
            return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
        return [ipaddress.ip_network(p, strict=False) for p in parts]

    @property
    def webhook_retry_delays(self) -> list[float]:
        return parse_retry_schedule(self.webhook_retry_schedule)

    def secret_bytes(self) -> bytes:
        """The server secret; generated once into the data dir when not configured."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            try:
                tmp.rename(path) if not path.exists() else tmp.unlink()
            except OSError:
                tmp.unlink(missing_ok=True)
        return path.read_text().strip().encode()


def parse_retry_schedule(text: str) -> list[float]:
    """Seconds to wait before each retry, e.g. `5,300,1800`; empty means no retries."""
    delays = [float(p) for p in (p.strip() for p in text.split(",")) if p]
    if any(not (0 <= d <= 30 * 86400) for d in delays):
        raise ValueError("retry delays must be between 0 and 30 days")
    return delays


def normalise_database_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)
