from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from mailtriage.models.base import Base, Timestamped
from mailtriage.states import EmailState


class Email(Timestamped, Base):
    """One inbound message and where it is in the pipeline.

    The design's columns first; the rest is what makes processing durable: a state with an
    attempt count, a lease (``claim_token``/``claimed_until``) so two workers never run the same
    email at once, and the raw bytes so any stage can be replayed.
    """

    __tablename__ = "emails"
    __table_args__ = (
        # The provider's own id, per mailbox: a webhook or sync delivering it again is a duplicate.
        UniqueConstraint("mailbox", "gmail_id"),
        # The design's dedupe key. One message copied to sales@ and info@ is triaged once.
        Index(
            "uq_emails_message_id_thread_id",
            "message_id",
            "thread_id",
            unique=True,
            postgresql_where=text("message_id IS NOT NULL"),
        ),
        Index("ix_emails_state_updated_at", "state", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    mailbox: Mapped[str] = mapped_column(String(320))
    source: Mapped[str] = mapped_column(String(32))
    # Provider message id (Gmail id, Graph id, IMAP UID, webhook id; the raw hash for imports).
    gmail_id: Mapped[str] = mapped_column(String(512))
    message_id: Mapped[str | None] = mapped_column(String(998))
    thread_id: Mapped[str] = mapped_column(String(998))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    subject: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(String(320))
    to: Mapped[list[Any] | None]
    cc: Mapped[list[Any] | None]
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    raw_json: Mapped[dict[str, Any] | None]
    raw_mime: Mapped[bytes] = mapped_column(LargeBinary)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    raw_size: Mapped[int] = mapped_column(Integer)

    state: Mapped[EmailState] = mapped_column(String(32), default=EmailState.received)
    resume_state: Mapped[EmailState | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    claim_token: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enqueued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    config_version: Mapped[str | None] = mapped_column(String(128))
    # Who confirmed the CRM writes of an email in an inbox with crm_mode=review.
    crm_approved_by: Mapped[str | None] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
