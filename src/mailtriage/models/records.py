"""What each stage decided about an email, and what people labelled."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from mailtriage.models.base import Base, Timestamped


class ExtractionRecord(Timestamped, Base):
    __tablename__ = "extractions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("emails.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(128))
    version: Mapped[str] = mapped_column(String(128))
    schema_name: Mapped[str] = mapped_column(String(64))
    json: Mapped[dict[str, Any]]
    confidence: Mapped[float] = mapped_column(Float)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6), default=Decimal(0))
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    config_version: Mapped[str] = mapped_column(String(128))
    # The model's raw answer when it could not be used, and what grounding refused.
    raw_response: Mapped[str | None] = mapped_column(Text)
    review_reason: Mapped[str | None] = mapped_column(Text)
    nulled: Mapped[list[Any] | None]


class RouteRecord(Timestamped, Base):
    __tablename__ = "routes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("emails.id", ondelete="CASCADE"), index=True)
    intent: Mapped[str] = mapped_column(String(32))
    queue: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16))
    sla_minutes: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rule: Mapped[str] = mapped_column(String(128))
    disposition: Mapped[str] = mapped_column(String(16))
    steps: Mapped[list[Any]]
    config_version: Mapped[str] = mapped_column(String(128))
    # When a person marked the email handled; open past due_at counts as an SLA breach.
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CrmWrite(Timestamped, Base):
    """One intended CRM write, recorded before the vendor call and completed after it."""

    __tablename__ = "crm_writes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("emails.id", ondelete="CASCADE"), index=True)
    # Unique: a retry, a duplicate delivery or a replay finds the write and its object id.
    idempotency_key: Mapped[str] = mapped_column(String(256), unique=True)
    crm: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    # pending (intent recorded), done, failed (the last try failed; a later run tries again)
    status: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[str | None] = mapped_column(String(128))
    # The contact a deal was opened for, so "no second open deal in 45 days" also sees our own
    # writes that the CRM's read side does not show yet.
    contact_key: Mapped[str | None] = mapped_column(String(320), index=True)
    request_json: Mapped[dict[str, Any] | None]
    response_json: Mapped[dict[str, Any] | None]
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    config_version: Mapped[str | None] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class CrmEvent(Timestamped, Base):
    """One HTTP call to the CRM (each try of each write), with what was sent and answered."""

    __tablename__ = "crm_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("emails.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(64))  # "POST /crm/v3/objects/contacts/batch/upsert"
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(128))
    # The HTTP status as text ("201", "429"), or "no_response" for a timeout or a refused connection.
    status: Mapped[str] = mapped_column(String(32))
    request_json: Mapped[dict[str, Any] | None]
    response_json: Mapped[dict[str, Any] | None]
    # The key of the write this call belongs to (several calls per write: retries, lookups).
    idempotency_key: Mapped[str] = mapped_column(String(256), index=True)
    attempt: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    duration_ms: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    config_version: Mapped[str | None] = mapped_column(String(128))


class EvalLabel(Timestamped, Base):
    __tablename__ = "eval_labels"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_id: Mapped[int] = mapped_column(ForeignKey("emails.id", ondelete="CASCADE"), index=True)
    labeler: Mapped[str] = mapped_column(String(128))
    intent: Mapped[str] = mapped_column(String(32))
    fields_json: Mapped[dict[str, Any]]
    notes: Mapped[str | None] = mapped_column(Text)
