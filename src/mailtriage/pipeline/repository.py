"""Every query the pipeline makes on ``emails`` and the audit log. Callers own the transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from mailtriage import metrics
from mailtriage.models import Email, EmailTransition, ExtractionRecord
from mailtriage.states import TERMINAL_STATES, WORKING_STATES, EmailState


class LostClaim(Exception):
    """Another worker took the email over (our lease ran out) or an operator changed it."""


@dataclass(frozen=True, slots=True)
class Claim:
    email_id: int
    token: uuid.UUID
    state: EmailState
    claims: int


def audit(
    session: Session,
    email_id: int,
    from_state: EmailState | None,
    to_state: EmailState,
    *,
    actor: str,
    config_version: str | None,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        EmailTransition(
            email_id=email_id,
            from_state=from_state.value if from_state else None,
            to_state=to_state.value,
            actor=actor,
            config_version=config_version,
            reason=reason,
            detail=detail,
        )
    )
    metrics.TRANSITIONS.labels(from_state.value if from_state else "", to_state.value).inc()


def claim(session: Session, email_id: int, lease_seconds: int) -> Claim | None:
    """Take a lease on an email that is not terminal, not leased by a live worker, and not
    waiting for its retry time. ``None`` means there is nothing for this delivery to do."""
    now = func.now()
    token = uuid.uuid4()
    row = session.execute(
        update(Email)
        .where(
            Email.id == email_id,
            Email.state.notin_([s.value for s in TERMINAL_STATES]),
            or_(Email.claimed_until.is_(None), Email.claimed_until < now),
            or_(Email.next_attempt_at.is_(None), Email.next_attempt_at <= now),
        )
        .values(
            claim_token=token,
            claimed_until=now + timedelta(seconds=lease_seconds),
            claims=Email.claims + 1,
        )
        .returning(Email.state, Email.claims)
    ).one_or_none()
    if row is None:
        return None
    return Claim(email_id=email_id, token=token, state=EmailState(row.state), claims=row.claims)


def load_claimed(session: Session, claim: Claim) -> Email:
    email = session.scalars(
        select(Email).where(Email.id == claim.email_id, Email.claim_token == claim.token)
    ).one_or_none()
    if email is None:
        raise LostClaim(f"email {claim.email_id}: lease lost")
    return email


def transition(
    session: Session,
    email: Email,
    claim: Claim,
    to_state: EmailState,
    *,
    actor: str,
    config_version: str,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
    **values: Any,
) -> None:
    """Move an email on, guarded by its current state and our lease: of two workers racing on
    one email only one can make each transition, so no stage completes twice."""
    from_state = EmailState(email.state)
    result = session.execute(
        update(Email)
        .where(Email.id == email.id, Email.state == from_state.value, Email.claim_token == claim.token)
        .values(state=to_state.value, config_version=config_version, updated_at=func.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LostClaim(f"email {email.id}: {from_state} changed under us")
    audit(
        session,
        email.id,
        from_state,
        to_state,
        actor=actor,
        config_version=config_version,
        reason=reason,
        detail=detail,
    )
    # The UPDATE above already wrote these; keep the object in step without dirtying it.
    set_committed_value(email, "state", to_state.value)
    if values:
        session.expire(email, list(values))


def release(session: Session, claim: Claim) -> None:
    session.execute(
        update(Email)
        .where(Email.id == claim.email_id, Email.claim_token == claim.token)
        .values(claim_token=None, claimed_until=None)
    )


def latest_extraction(session: Session, email_id: int) -> ExtractionRecord | None:
    return session.scalars(
        select(ExtractionRecord)
        .where(ExtractionRecord.email_id == email_id)
        .order_by(ExtractionRecord.id.desc())
        .limit(1)
    ).first()


def recent_thread_extraction(session: Session, email: Email, hours: float) -> ExtractionRecord | None:
    """The newest extraction of another email of the same thread from the last ``hours``."""
    if hours <= 0:
        return None
    return session.scalars(
        select(ExtractionRecord)
        .join(Email, Email.id == ExtractionRecord.email_id)
        .where(
            Email.thread_id == email.thread_id,
            Email.id != email.id,
            ExtractionRecord.review_reason.is_(None),
            ExtractionRecord.created_at > func.now() - timedelta(hours=hours),
        )
        .order_by(ExtractionRecord.id.desc())
        .limit(1)
    ).first()


def mark_enqueued(session: Session, email_ids: list[int]) -> None:
    if email_ids:
        session.execute(update(Email).where(Email.id.in_(email_ids)).values(enqueued_at=func.now()))


def stuck_emails(session: Session, older_than: datetime, limit: int) -> list[tuple[int, str]]:
    """Non-terminal emails nobody is working on and nobody has queued recently: a lost broker
    message, a crash between commit and publish, or a retry whose message vanished."""
    now = func.now()
    rows = session.execute(
        select(Email.id, Email.state)
        .where(
            or_(
                and_(
                    Email.state.in_([s.value for s in WORKING_STATES]),
                    Email.updated_at < older_than,
                ),
                and_(Email.state == EmailState.failed.value, Email.next_attempt_at <= now),
            ),
            or_(Email.claimed_until.is_(None), Email.claimed_until < now),
            or_(Email.enqueued_at.is_(None), Email.enqueued_at < older_than),
        )
        .order_by(Email.id)
        .limit(limit)
    ).all()
    return [(r.id, r.state) for r in rows]


def counts_by_state(session: Session) -> dict[str, int]:
    rows = session.execute(select(Email.state, func.count()).group_by(Email.state)).all()
    counts = {state.value: 0 for state in EmailState}
    counts.update({state: n for state, n in rows})
    return counts
