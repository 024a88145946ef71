"""The tenant file: inboxes, catalogue, customer domains, blocklist, rates, thresholds, routing rules.

Loaded once per process; every decision records ``TenantConfig.config_version``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from mailtriage.config import CrmMode
from mailtriage.extract.schemas import Intent, Timeline

Priority = Literal["high", "normal", "low"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Inbox(Frozen):
    address: str
    crm_mode: CrmMode = CrmMode.off

    @field_validator("address")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class Product(Frozen):
    name: str
    keywords: tuple[str, ...] = ()


class ContactForm(Frozen):
    sender: str
    subject: str


class RuleCondition(Frozen):
    intent: Intent | None = None
    timeline: tuple[Timeline, ...] | None = None
    sender_is_customer: bool | None = None


class RoutingRule(Frozen):
    name: str
    when: RuleCondition
    queue: str
    priority: Priority = "normal"
    sla_minutes: int | None = None
    disposition: Literal["route", "ignore"] = "route"


class FallbackCondition(Frozen):
    sender_blocklisted: bool | None = None
    has_list_unsubscribe: bool | None = None
    sender_is_known_vendor: bool | None = None


class FallbackRule(Frozen):
    name: str
    when: FallbackCondition
    intent: Intent


class Masking(Frozen):
    """What is masked before text leaves for a hosted model (see extract/masking.py)."""

    enabled: bool = True
    kinds: tuple[str, ...] = ("card", "iban", "national_id", "password", "api_key", "phone", "email")


class ReviewQueue(Frozen):
    queue: str = "human_review"
    priority: Priority = "normal"
    sla_minutes: int = 240


CrmObject = Literal["contact", "company", "deal", "note"]


def _default_crm_writes() -> dict[Intent, tuple[CrmObject, ...]]:
    return {
        Intent.lead: ("contact", "company", "deal", "note"),
        Intent.support: ("contact", "company", "note"),
    }


class CrmPolicy(Frozen):
    """What a routed email may write to the CRM, per intent (the design's dedupe rules)."""

    writes: dict[Intent, tuple[CrmObject, ...]] = Field(default_factory=_default_crm_writes)
    # A new deal only when the extraction is this sure and the contact has no open deal this recent.
    deal_min_confidence: float = 0.6
    open_deal_window_days: int = 45
    # The CRM user (owner id) who gets a new deal, by the queue the email was routed to.
    deal_owners: dict[str, str] = Field(default_factory=dict)
    # Expected close date of a new deal, by timeline (unknown: none set).
    close_in_days: dict[Timeline, int] = Field(
        default_factory=lambda: {Timeline.now: 30, Timeline.quarter: 90, Timeline.six_months: 180}
    )


class TenantConfig(Frozen):
    version: str
    tenant: str
    company: dict[str, str]
    inboxes: tuple[Inbox, ...]
    contact_form: ContactForm | None = None
    products: tuple[Product, ...] = ()
    customer_domains: frozenset[str] = frozenset()
    blocklist_domains: frozenset[str] = frozenset()
    # Suppliers who write to us (tools, agencies, landlords): a sure vendor signal below threshold.
    vendor_domains: frozenset[str] = frozenset()
    free_mail_domains: frozenset[str] = frozenset()
    currency_rates_usd: dict[str, float] = Field(default_factory=dict)
    confidence_thresholds: dict[Intent, float]
    routing_rules: tuple[RoutingRule, ...]
    fallback_rules: tuple[FallbackRule, ...] = ()
    review: ReviewQueue = ReviewQueue()
    masking: Masking = Masking()
    crm: CrmPolicy = CrmPolicy()
    # Filled by the loader from the file's bytes, not written in the file.
    content_sha256: str = ""

    @field_validator("routing_rules")
    @classmethod
    def _every_intent_routed(cls, rules: tuple[RoutingRule, ...]) -> tuple[RoutingRule, ...]:
        catch_all = {
            r.when.intent for r in rules if r.when.timeline is None and r.when.sender_is_customer is None
        }
        missing = set(Intent) - catch_all
        if missing:
            raise ValueError(
                f"routing_rules need a final rule for intents: {sorted(m.value for m in missing)}"
            )
        return rules

    @property
    def config_version(self) -> str:
        return f"{self.tenant}@{self.version}+{self.content_sha256[:12]}"

    def inbox(self, address: str) -> Inbox | None:
        address = address.strip().lower()
        return next((i for i in self.inboxes if i.address == address), None)


def parse_tenant(data: bytes) -> TenantConfig:
    raw = yaml.safe_load(data)
    if not isinstance(raw, dict):
        raise ValueError("tenant file must be a YAML mapping")
    raw["content_sha256"] = hashlib.sha256(data).hexdigest()
    return TenantConfig.model_validate(raw)


def default_tenant_bytes() -> bytes:
    return resources.files("mailtriage.tenants").joinpath("lumen-analytics.yaml").read_bytes()


@lru_cache(maxsize=8)
def load_tenant(path: Path | None = None) -> TenantConfig:
    return parse_tenant(path.read_bytes() if path else default_tenant_bytes())
