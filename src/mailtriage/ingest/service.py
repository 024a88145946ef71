"""Storing an inbound message exactly once, whatever delivers it (webhook, import, mailbox sync)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mailtriage import metrics
from mailtriage.errors import InvalidInput, TransientError
from mailtriage.models import Email
from mailtriage.pipeline import repository as repo
from mailtriage.states import EmailState
from mailtriage.understand.mime import identify


@dataclass(frozen=True, slots=True)
class InboundMessage:
    mailbox: str
    source: str
    raw: bytes
    provider_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    email_id: int
    created: bool


class MessageTooLarge(InvalidInput):
    status_code = 413


def store_inbound(
    session: Session, message: InboundMessage, *, max_bytes: int, config_version: str
) -> Stored:
    if len(message.raw) > max_bytes:
        raise MessageTooLarge(f"message of {len(message.raw)} bytes is over the {max_bytes}-byte limit")
    if not message.raw.strip():
        raise InvalidInput("empty message")
    identity = identify(message.raw)
    raw_sha256 = hashlib.sha256(message.raw).hexdigest()
    mailbox = message.mailbox.strip().lower()
    provider_id = message.provider_message_id or identity.message_id or f"sha256:{raw_sha256}"
    # ON CONFLICT DO NOTHING covers both unique keys, and is race-free where a SELECT-then-INSERT
    # is not: two concurrent deliveries of one message produce one row.
    email_id = session.scalar(
        insert(Email)
        .values(
            mailbox=mailbox,
            source=message.source,
            gmail_id=provider_id,
            message_id=identity.message_id,
            thread_id=identity.thread_id,
            subject=identity.subject,
            raw_mime=message.raw,
            raw_sha256=raw_sha256,
            raw_size=len(message.raw),
            state=EmailState.received.value,
            attempts=0,
            claims=0,
            config_version=config_version,
        )
        .on_conflict_do_nothing()
        .returning(Email.id)
    )
    if email_id is not None:
        repo.audit(
            session,
            email_id,
            None,
            EmailState.received,
            actor=f"ingest:{message.source}",
            config_version=config_version,
            reason=f"stored from {message.source}",
        )
        metrics.EMAILS_INGESTED.labels(mailbox, message.source).inc()
        return Stored(email_id, created=True)
    metrics.DUPLICATES.labels(message.source).inc()
    conditions = [(Email.mailbox == mailbox) & (Email.gmail_id == provider_id)]
    if identity.message_id:
        conditions.append((Email.message_id == identity.message_id) & (Email.thread_id == identity.thread_id))
    existing = session.scalar(select(Email.id).where(or_(*conditions)).limit(1))
    if existing is None:  # the conflicting row's transaction rolled back between our two statements
        raise TransientError("a concurrent delivery of this message is in flight; retry")
    return Stored(existing, created=False)
