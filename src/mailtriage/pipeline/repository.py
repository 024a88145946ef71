"""Every query the pipeline makes on ``emails`` and the audit log. Callers own the transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from mailtriage import metrics
from mailtriage.errors import NotFound
from mailtriage.models import CrmEvent, CrmWrite, Email, EmailTransition, ExtractionRecord, RouteRecord
from mailtriage.states import TERMINAL_STATES, WORKING_STATES, EmailState

EMAILS = cast(Table, Email.__table__)
TRANSITIONS = cast(Table, EmailTransition.__table__)


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
    # A Core INSERT, not session.add: written at once and without the ORM's flush bookkeeping
    # (every stage of every email writes one).
    session.execute(
        insert(TRANSITIONS).values(
            email_id=email_id,
            from_state=from_state.value if from_state else None,
            to_state=to_state.value,
            actor=actor,
            config_version=config_version,
            reason=reason,
            detail=detail,
            # The moment of the change, not the start of its transaction (now()): a stage's
            # transaction can start long before its outcome, e.g. around CRM calls.
            at=func.clock_timestamp(),
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
        update(EMAILS)
        .where(
            EMAILS.c.id == email.id, EMAILS.c.state == from_state.value, EMAILS.c.claim_token == claim.token
        )
        .values(state=to_state.value, config_version=config_version, updated_at=func.now(), **values)
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


def latest_route(session: Session, email_id: int) -> RouteRecord | None:
    return session.scalars(
        select(RouteRecord).where(RouteRecord.email_id == email_id).order_by(RouteRecord.id.desc()).limit(1)
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


def sla_breaches(session: Session, now: datetime) -> dict[str, int]:
    """Open SLA breaches per queue: routed emails past their due time that nobody marked handled."""
    rows = session.execute(
        select(RouteRecord.queue, func.count())
        .where(RouteRecord.due_at < now, RouteRecord.handled_at.is_(None))
        .group_by(RouteRecord.queue)
    ).all()
    return {queue: n for queue, n in rows}


def mark_handled(session: Session, email_id: int, *, actor: str, config_version: str) -> None:
    route = latest_route(session, email_id)
    if route is None:
        raise NotFound(f"email {email_id} has no route to mark handled")
    if route.handled_at is None:
        route.handled_at = func.now()
        audit(
            session,
            email_id,
            None,
            EmailState(session.get_one(Email, email_id).state),
            actor=actor,
            config_version=config_version,
            reason=f"handled in queue {route.queue}",
        )


def email_story(session: Session, email_id: int) -> dict[str, Any]:
    """An email's audit trail as JSON (addresses stay out: ops reads this in chat links)."""
    email = session.get(Email, email_id)
    if email is None:
        raise NotFound(f"email {email_id} does not exist")
    transitions = session.scalars(
        select(EmailTransition).where(EmailTransition.email_id == email_id).order_by(EmailTransition.id)
    ).all()
    route = latest_route(session, email_id)
    writes = session.scalars(
        select(CrmWrite).where(CrmWrite.email_id == email_id).order_by(CrmWrite.id)
    ).all()
    events = session.scalars(
        select(CrmEvent).where(CrmEvent.email_id == email_id).order_by(CrmEvent.id)
    ).all()
    return {
        "id": email.id,
        "mailbox": email.mailbox,
        "subject": email.subject,
        "state": email.state,
        "resume_state": email.resume_state,
        "attempts": email.attempts,
        "last_error": email.last_error,
        "crm_approved_by": email.crm_approved_by,
        "transitions": [
            {
                "at": t.at.isoformat(),
                "from": t.from_state,
                "to": t.to_state,
                "actor": t.actor,
                "reason": t.reason,
                "detail": t.detail,
            }
            for t in transitions
        ],
        "route": None
        if route is None
        else {
            "queue": route.queue,
            "priority": route.priority,
            "rule": route.rule,
            "due_at": route.due_at.isoformat() if route.due_at else None,
            "steps": route.steps,
        },
        "crm_writes": [
            {
                "key": w.idempotency_key,
                "object": w.object_type,
                "action": w.action,
                "status": w.status,
                "object_id": w.object_id,
                "tries": w.tries,
                "error": w.last_error,
            }
            for w in writes
        ],
        "crm_events": [
            {
                "key": e.idempotency_key,
                "call": e.action,
                "status": e.status,
                "attempt": e.attempt,
                "error": e.error,
                "at": e.created_at.isoformat(),
            }
            for e in events
        ],
    }
