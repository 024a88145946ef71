"""A person's decisions on emails parked in review."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailtriage.errors import Conflict, NotFound
from mailtriage.models import Email
from mailtriage.pipeline import repository as repo
from mailtriage.states import EmailState


def approve_crm_writes(session: Session, email_id: int, *, actor: str, config_version: str) -> None:
    """Confirm the planned CRM writes of an email held by crm_mode=review (one action).

    The email goes back to ``routed``; the worker then writes exactly what the plan shown in the
    review said, because the plan is computed again from the same stored extraction and route.
    """
    email = session.scalars(select(Email).where(Email.id == email_id).with_for_update()).one_or_none()
    if email is None:
        raise NotFound(f"email {email_id} does not exist")
    if email.state != EmailState.review or email.resume_state != EmailState.routed:
        raise Conflict(f"email {email_id} is {email.state}, not waiting for CRM approval; nothing to approve")
    session.execute(
        update(Email)
        .where(Email.id == email_id)
        .values(
            state=EmailState.routed.value,
            resume_state=None,
            crm_approved_by=actor,
            attempts=0,
            next_attempt_at=None,
            claim_token=None,
            claimed_until=None,
        )
    )
    repo.audit(
        session,
        email_id,
        EmailState.review,
        EmailState.routed,
        actor=actor,
        config_version=config_version,
        reason="CRM writes approved",
    )
