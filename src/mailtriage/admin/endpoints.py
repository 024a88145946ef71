"""Operator endpoints. Every one needs the admin bearer token."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel

from mailtriage.db import unit_of_work
from mailtriage.deps import DepsDep
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.replay import replay
from mailtriage.pipeline.review import approve_crm_writes


def require_admin(deps: DepsDep, authorization: Annotated[str | None, Header()] = None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    expected = deps.settings.admin_token_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(
            status_code=401, detail="admin token required", headers={"WWW-Authenticate": "Bearer"}
        )
    return "admin"


AdminUser = Annotated[str, Depends(require_admin)]
router = APIRouter(prefix="/admin", tags=["admin"])


class ReplayRequest(BaseModel):
    email_id: int
    reason: str | None = None


class ReplayAccepted(BaseModel):
    email_id: int
    state: str


@router.post("/replay", status_code=202, response_model=ReplayAccepted)
def replay_email(body: ReplayRequest, deps: DepsDep, admin: AdminUser) -> ReplayAccepted:
    with unit_of_work(deps.sessions) as session:
        replay(
            session,
            body.email_id,
            actor=f"api:{admin}",
            config_version=deps.tenant.config_version,
            reason=body.reason,
        )
    deps.queue.enqueue([body.email_id])
    return ReplayAccepted(email_id=body.email_id, state="received")


@router.get("/emails/{email_id}")
def email_detail(email_id: int, deps: DepsDep, _: AdminUser) -> dict[str, Any]:
    """What happened to one email: its state and error, every transition, the route and every CRM
    write and call. The dead-letter notice links here; replay with POST /admin/replay."""
    with unit_of_work(deps.sessions) as session:
        return repo.email_story(session, email_id)


class Approved(BaseModel):
    email_id: int
    state: str
    approved_by: str


@router.post("/emails/{email_id}/crm/approve", status_code=202, response_model=Approved)
def approve_crm(email_id: int, deps: DepsDep, admin: AdminUser) -> Approved:
    """The one action of crm_mode=review: write to the CRM what the email's plan says."""
    actor = f"api:{admin}"
    with unit_of_work(deps.sessions) as session:
        approve_crm_writes(session, email_id, actor=actor, config_version=deps.tenant.config_version)
    deps.queue.enqueue([email_id])
    return Approved(email_id=email_id, state="routed", approved_by=actor)


@router.post("/emails/{email_id}/handled", status_code=204)
def mark_email_handled(email_id: int, deps: DepsDep, admin: AdminUser) -> None:
    """A person has dealt with the email: its SLA clock stops (no breach is counted after this)."""
    with unit_of_work(deps.sessions) as session:
        repo.mark_handled(session, email_id, actor=f"api:{admin}", config_version=deps.tenant.config_version)


@router.get("/sla")
def sla(deps: DepsDep, _: AdminUser) -> dict[str, int]:
    """Open SLA breaches per queue."""
    with unit_of_work(deps.sessions) as session:
        return repo.sla_breaches(session, datetime.now(UTC))


@router.get("/status")
def status(deps: DepsDep, _: AdminUser) -> dict[str, int]:
    with unit_of_work(deps.sessions) as session:
        return repo.counts_by_state(session)
