"""The extraction schema of the design: what a model returns for one email."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Intent(StrEnum):
    lead = "lead"
    support = "support"
    vendor = "vendor"
    job_applicant = "job_applicant"
    newsletter = "newsletter"
    spam = "spam"


class Timeline(StrEnum):
    now = "now"
    quarter = "quarter"
    six_months = "six_months"
    unknown = "unknown"


class RequiredAction(StrEnum):
    schedule_demo = "schedule_demo"
    send_pricing = "send_pricing"
    forward_support = "forward_support"
    ignore = "ignore"
    route_ops = "route_ops"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_Frozen):
    name: str | None = None
    email: str | None = None


class Company(_Frozen):
    name: str | None = None
    domain: str | None = None


class Interest(_Frozen):
    products: tuple[str, ...] = ()


class Budget(_Frozen):
    annual_amount_usd: float | None = None


class Extraction(_Frozen):
    intent: Intent
    person: Person = Person()
    company: Company = Company()
    interest: Interest = Interest()
    budget: Budget = Budget()
    timeline: Timeline = Timeline.unknown
    region: str | None = None
    summary: str = ""
    required_action: RequiredAction
    confidence: float = Field(ge=0.0, le=1.0)


class ExtractionRun(_Frozen):
    """An extraction plus what it cost: the row the runner stores in ``extractions``."""

    extraction: Extraction
    model: str
    model_version: str
    schema_name: str = "extraction.v1"
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    # Set when a person must look before anything is done with this extraction (a model answer
    # that failed schema validation, a prompt-injection attempt); stored with the raw answer.
    review_reason: str | None = None
    raw_response: str | None = None
    nulled: tuple[str, ...] = ()


class ExtractionContext(_Frozen):
    """What the runner knows beyond the email: a recent extraction of the same thread."""

    prior_thread: Extraction | None = None
