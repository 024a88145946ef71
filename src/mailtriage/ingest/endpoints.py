"""``POST /webhook/email``: verify, store, commit, then enqueue."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mailtriage import metrics
from mailtriage.db import unit_of_work
from mailtriage.deps import DepsDep, get_deps
from mailtriage.ingest import signature
from mailtriage.ingest.service import InboundMessage, store_inbound

router = APIRouter(tags=["ingest"])
log = structlog.get_logger("mailtriage.webhook")


class WebhookEmail(BaseModel):
    """One inbound message. Send the RFC 822 source as ``raw`` (text) or ``raw_base64`` (bytes)."""

    model_config = ConfigDict(extra="ignore")

    mailbox: str = Field(description="The monitored address the message arrived at, e.g. sales@lumenhq.com")
    raw: str | None = Field(default=None, description="The complete message source")
    raw_base64: str | None = Field(default=None, description="The complete message source, base64")
    provider_message_id: str | None = Field(default=None, max_length=512)

    @model_validator(mode="after")
    def _one_body(self) -> WebhookEmail:
        if (self.raw is None) == (self.raw_base64 is None):
            raise ValueError("give exactly one of raw or raw_base64")
        return self

    def raw_bytes(self) -> bytes:
        if self.raw is not None:
            return self.raw.encode("utf-8", errors="surrogateescape")
        assert self.raw_base64 is not None
        return base64.b64decode(self.raw_base64, validate=True)


class WebhookAccepted(BaseModel):
    email_id: int
    duplicate: bool


async def verified_body(request: Request) -> bytes:
    body = await request.body()
    settings = get_deps(request).settings
    try:
        signature.verify(
            settings.webhook_secret_list(),
            request.headers.get(signature.TIMESTAMP_HEADER),
            request.headers.get(signature.SIGNATURE_HEADER),
            body,
            settings.webhook_tolerance_seconds,
        )
    except signature.SignatureError as exc:
        metrics.WEBHOOK_REJECTED.labels("signature").inc()
        raise HTTPException(status_code=401, detail=str(exc)) from None
    return body


@router.post("/webhook/email", status_code=202, response_model=WebhookAccepted)
def receive_email(body: Annotated[bytes, Depends(verified_body)], deps: DepsDep) -> WebhookAccepted:
    try:
        payload = WebhookEmail.model_validate_json(body)
        raw = payload.raw_bytes()
    except ValidationError as exc:
        metrics.WEBHOOK_REJECTED.labels("malformed").inc()
        raise HTTPException(
            status_code=422, detail=exc.errors(include_url=False, include_input=False, include_context=False)
        ) from None
    except (binascii.Error, ValueError):
        metrics.WEBHOOK_REJECTED.labels("malformed").inc()
        raise HTTPException(status_code=422, detail="raw_base64 is not valid base64") from None
    if deps.tenant.inbox(payload.mailbox) is None:
        metrics.WEBHOOK_REJECTED.labels("unknown_mailbox").inc()
        raise HTTPException(status_code=422, detail="mailbox is not a monitored inbox of this tenant")
    message = InboundMessage(
        mailbox=payload.mailbox, source="webhook", raw=raw, provider_message_id=payload.provider_message_id
    )
    with unit_of_work(deps.sessions) as session:
        stored = store_inbound(
            session, message, max_bytes=deps.settings.max_raw_bytes, config_version=deps.tenant.config_version
        )
    # Committed: the email survives whatever happens to the publish below.
    if stored.created:
        deps.queue.enqueue([stored.email_id])
    log.info("webhook.accepted", email_id=stored.email_id, duplicate=not stored.created)
    return WebhookAccepted(email_id=stored.email_id, duplicate=not stored.created)
