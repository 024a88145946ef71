"""Operator endpoints. Every one needs the admin bearer token."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel

from mailtriage.db import unit_of_work
from mailtriage.deps import DepsDep
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.replay import replay


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


@router.get("/status")
def status(deps: DepsDep, _: AdminUser) -> dict[str, int]:
    with unit_of_work(deps.sessions) as session:
        return repo.counts_by_state(session)
