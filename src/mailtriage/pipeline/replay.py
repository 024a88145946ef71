"""Sending an email through the pipeline again, on an operator's word."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailtriage.errors import Conflict, NotFound
from mailtriage.models import Email
from mailtriage.pipeline import repository as repo
from mailtriage.states import TERMINAL_STATES, EmailState

REPLAYABLE = TERMINAL_STATES | {EmailState.failed}


def replay(session: Session, email_id: int, *, actor: str, config_version: str, reason: str | None) -> None:
    email = session.scalars(select(Email).where(Email.id == email_id).with_for_update()).one_or_none()
    if email is None:
        raise NotFound(f"email {email_id} does not exist")
    state = EmailState(email.state)
    if state not in REPLAYABLE or (email.claim_token is not None and state is EmailState.failed):
        raise Conflict(f"email {email_id} is {state.value} and being processed; replay it when it stops")
    session.execute(
        update(Email)
        .where(Email.id == email_id)
        .values(
            state=EmailState.received.value,
            attempts=0,
            claims=0,
            resume_state=None,
            next_attempt_at=None,
            last_error=None,
            claim_token=None,
            claimed_until=None,
        )
    )
    repo.audit(
        session,
        email_id,
        state,
        EmailState.received,
        actor=actor,
        config_version=config_version,
        reason=reason or "replay",
    )
