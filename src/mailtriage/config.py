"""Process settings: environment variables (prefix ``MAILTRIAGE_``) and an optional ``.env`` file.

Empty database and broker URLs mean "embedded": a PostgreSQL from the ``pgserver`` wheel and a
file-system Celery broker, both under ``data_dir``, so a laptop with nothing installed runs everything.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from mailtriage.understand.mime import NormalizeLimits


class Environment(StrEnum):
    development = "development"
    testing = "testing"
    production = "production"


class CrmMode(StrEnum):
    off = "off"
    review = "review"
    auto = "auto"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAILTRIAGE_", env_file=".env", extra="ignore", frozen=True)

    env: Environment = Environment.development
    data_dir: Path = Path(".mailtriage")
    tenant_file: Path | None = None

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("MAILTRIAGE_DATABASE_URL", "DATABASE_URL")
    )
    broker_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MAILTRIAGE_BROKER_URL", "CELERY_BROKER_URL", "BROKER_URL"),
    )

    # Shared secrets: comma-separated so a new secret can be added before the old one is retired.
    webhook_secrets: SecretStr | None = None
    webhook_tolerance_seconds: int = 300
    admin_token: SecretStr | None = None
    address_hash_salt: SecretStr | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    # Where people reach this service; replay links in notifications are built on it.
    public_url: str = "http://127.0.0.1:8000"

    worker_concurrency: int = 2
    max_attempts: int = 4
    retry_backoff_seconds: float = 2.0
    retry_backoff_max_seconds: float = 300.0
    # A claim is a lease: a worker that dies mid-email loses it after this long and the sweeper
    # hands the email to another worker.
    lease_seconds: int = 120
    # Deliveries of one email that never finished (the worker died each time) before it is
    # dead-lettered as a poison message.
    max_claims: int = 8
    sweeper_interval_seconds: float = 30.0
    sweeper_stale_seconds: float = 120.0
    sweeper_batch: int = 500

    max_raw_bytes: int = 25 * 1024 * 1024
    max_mime_depth: int = 20
    max_mime_parts: int = 500
    max_html_bytes: int = 2 * 1024 * 1024
    # What a model sees of one email (the design's cost control).
    model_input_new_text_chars: int = 1500
    model_input_history_chars: int = 400
    # A reply in a thread classified this recently reuses that result instead of a model call.
    thread_reuse_hours: float = 24.0
    crm_mode: CrmMode | None = None
    # Which CRM the sync stage writes to; each needs its own credentials below.
    crm_target: Literal["hubspot", "salesforce"] = "hubspot"
    # `mailtriage up` with no CRM configured runs the HubSpot emulator in-process on this port
    # (0: any free port), in crm_mode=auto unless MAILTRIAGE_CRM_MODE says otherwise.
    embedded_hubspot_port: int = 0
    # Every CRM client: the wait for one HTTP answer and the tries of one call (429/5xx/timeouts).
    crm_timeout_seconds: float = 10.0
    crm_max_tries: int = 4

    # HubSpot (``crm/hubspot.py``): a private-app token; the base URL changes only for a proxy or
    # the sandbox emulator (``mailtriage sandbox hubspot``).
    hubspot_base_url: str = Field(
        default="https://api.hubapi.com",
        validation_alias=AliasChoices("MAILTRIAGE_HUBSPOT_BASE_URL", "HUBSPOT_BASE_URL"),
    )
    hubspot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MAILTRIAGE_HUBSPOT_TOKEN", "HUBSPOT_TOKEN")
    )

    # Salesforce (``crm/salesforce.py``): OAuth username-password flow of a connected app. The
    # instance URL comes from the token answer unless set here (a proxy, the sandbox emulator).
    salesforce_instance_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_INSTANCE_URL", "SALESFORCE_INSTANCE_URL"),
    )
    salesforce_login_url: str = Field(
        default="https://login.salesforce.com",
        validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_LOGIN_URL", "SALESFORCE_LOGIN_URL"),
    )
    salesforce_username: str | None = Field(
        default=None, validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_USERNAME", "SALESFORCE_USERNAME")
    )
    # The password with the user's security token appended, as Salesforce expects it.
    salesforce_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_PASSWORD", "SALESFORCE_PASSWORD")
    )
    salesforce_client_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_ID"),
    )
    salesforce_client_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("MAILTRIAGE_SALESFORCE_CLIENT_SECRET", "SALESFORCE_CLIENT_SECRET"),
    )

    # Dead-letter notifications (``notify/slack.py``); none are sent without a webhook URL.
    slack_webhook_url: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("MAILTRIAGE_SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL")
    )

    # Extraction: the offline model alone (default), or the offline model as the gate of a cascade
    # in front of a hosted or self-hosted model.
    llm_provider: Literal["none", "openai", "anthropic", "chat-completions"] = "none"
    llm_model: str = "gpt-4.1-mini"
    llm_api_key: SecretStr | None = None
    llm_base_url: str | None = None
    llm_timeout_seconds: float = 30.0
    # USD per million tokens, in and out, per model: {"gpt-4.1-mini": [0.4, 1.6]}.
    llm_prices: dict[str, tuple[float, float]] = Field(default_factory=dict)
    # Where the offline model, trained from the repository's data on first use, is cached.
    model_cache_dir: Path | None = None
    # Below this offline confidence, spam/newsletter/vendor/job mail goes to the large model too.
    cascade_gate_confidence: float = 0.75

    log_level: str = "INFO"
    log_json: bool = False

    @model_validator(mode="after")
    def _secrets_required_in_production(self) -> Settings:
        if self.env is Environment.production:
            missing = [
                name
                for name in ("webhook_secrets", "admin_token", "address_hash_salt")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"production needs {', '.join('MAILTRIAGE_' + m.upper() for m in missing)}")
        return self

    def normalize_limits(self) -> NormalizeLimits:
        from mailtriage.understand.mime import NormalizeLimits

        return NormalizeLimits(
            max_raw_bytes=self.max_raw_bytes,
            max_depth=self.max_mime_depth,
            max_parts=self.max_mime_parts,
            max_html_bytes=self.max_html_bytes,
        )

    @property
    def models_dir(self) -> Path:
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def embedded_database(self) -> bool:
        return not self.database_url

    @property
    def embedded_broker(self) -> bool:
        return not self.broker_url

    def webhook_secret_list(self) -> list[bytes]:
        return [s.strip().encode() for s in self._secret("webhook_secrets").split(",") if s.strip()]

    def admin_token_value(self) -> str:
        return self._secret("admin_token")

    def hash_salt(self) -> str:
        return self._secret("address_hash_salt")

    def _secret(self, name: str) -> str:
        value: SecretStr | None = getattr(self, name)
        if value is not None:
            return value.get_secret_value()
        # Development only (production refuses to start without them): a random secret kept in the
        # data folder, so the demo works without configuration and nothing secret is in the repo.
        path = self.data_dir / "secrets" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
