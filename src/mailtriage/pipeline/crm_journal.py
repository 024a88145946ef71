"""The sync stage's memory in PostgreSQL: ``crm_writes`` (one row per intended write) and
``crm_events`` (one row per HTTP call).

Each method is its own short transaction, committed at once and apart from the stage's own
transaction: the intent must be on disk before the vendor call, and the record of a call must
survive the stage rolling back when a later call fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.crm.protocol import CrmExchange
from mailtriage.db import unit_of_work
from mailtriage.models import CrmEvent, CrmWrite


@dataclass(slots=True)
class _CallContext:
    email_id: int
    key: str
    config_version: str
    # Calls wait here and are written with the write's outcome, in its transaction: one commit
    # per write instead of one per call.
    pending: list[CrmEvent] = field(default_factory=list)


_CURRENT: ContextVar[_CallContext | None] = ContextVar("crm_call_context", default=None)


def _jsonable(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return value if isinstance(value, dict) else {"body": value}


def _error_of(exchange: CrmExchange) -> str | None:
    if exchange.status is None:
        return str(exchange.response) if exchange.response else "no response"
    body = exchange.response
    # A batch answered 207 is a partial failure: the refused inputs are in its "errors".
    partial = exchange.status == 207 and isinstance(body, dict) and bool(body.get("errors"))
    if exchange.status < 400 and not partial:
        return None
    if partial:
        assert isinstance(body, dict)
        return json.dumps(body["errors"], ensure_ascii=False, default=str)[:1000]
    if isinstance(body, dict):
        return str(body.get("message") or body.get("category") or body)[:1000]
    if isinstance(body, list) and body and isinstance(body[0], dict):  # Salesforce errors
        return str(body[0].get("message") or body[0])[:1000]
    return str(body)[:1000]


class CrmAudit:
    """The observer every CRM client reports its HTTP calls to (one per worker process).

    The calls belong to whichever email's write is in progress in this thread, which the journal
    sets; a call made outside any write (none should be) is not recorded rather than misfiled.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def __call__(self, exchange: CrmExchange) -> None:
        context = _CURRENT.get()
        if context is None:
            return
        context.pending.append(
            CrmEvent(
                email_id=context.email_id,
                action=f"{exchange.method} {exchange.url}"[:64],
                object_type=context.key.split(":", 1)[0],
                object_id=None,
                status=str(exchange.status) if exchange.status is not None else "no_response",
                request_json=_jsonable(exchange.request),
                response_json=_jsonable(exchange.response),
                idempotency_key=context.key,
                attempt=exchange.attempt,
                duration_ms=exchange.duration_ms,
                error=_error_of(exchange),
                config_version=context.config_version,
            )
        )


class DbWriteJournal:
    """:class:`mailtriage.crm.sync.WriteJournal` over ``crm_writes`` for one email."""

    def __init__(self, sessions: sessionmaker[Session], email_id: int, crm: str, config_version: str) -> None:
        self.sessions = sessions
        self.email_id = email_id
        self.crm = crm
        self.config_version = config_version

    def _key(self, key: str) -> str:
        # One journal per CRM target: moving a tenant to Salesforce must not find HubSpot's ids.
        return f"{self.crm}:{key}"

    def _flush(self, session: Session) -> None:
        context = _CURRENT.get()
        if context is not None and context.pending:
            session.add_all(context.pending)
            context.pending = []

    def done_id(self, key: str) -> str | None:
        with unit_of_work(self.sessions) as session:
            row = session.scalars(
                select(CrmWrite).where(CrmWrite.idempotency_key == self._key(key), CrmWrite.status == "done")
            ).one_or_none()
            if row is None:
                return None
            # An association is done without an object id of its own.
            return row.object_id or ""

    def begin(
        self, key: str, kind: str, action: str, request: dict[str, Any], contact_key: str | None = None
    ) -> str | None:
        statement = insert(CrmWrite).values(
            email_id=self.email_id,
            idempotency_key=self._key(key),
            crm=self.crm,
            object_type=kind,
            action=action,
            status="pending",
            contact_key=contact_key,
            request_json=request,
            tries=1,
            config_version=self.config_version,
        )
        # A write begun before (a crash or a failed try) is tried again under the same row; a
        # write done before is left as it is (the WHERE), and then no row comes back.
        upsert = statement.on_conflict_do_update(
            index_elements=[CrmWrite.idempotency_key],
            set_={"status": "pending", "tries": CrmWrite.tries + 1, "updated_at": func.now()},
            where=CrmWrite.status != "done",
        ).returning(CrmWrite.id)
        with unit_of_work(self.sessions) as session:
            if session.execute(upsert).first() is not None:
                return None
            done = session.scalars(
                select(CrmWrite.object_id).where(CrmWrite.idempotency_key == self._key(key))
            ).one()
            return done or ""

    def finish(self, key: str, object_id: str | None, response: dict[str, Any]) -> None:
        with unit_of_work(self.sessions) as session:
            row = session.scalars(select(CrmWrite).where(CrmWrite.idempotency_key == self._key(key))).one()
            row.status = "done"
            row.object_id = object_id
            row.response_json = response
            row.last_error = None
            self._flush(session)

    def done_keys(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        full = {self._key(k): k for k in keys}
        with unit_of_work(self.sessions) as session:
            rows = session.scalars(
                select(CrmWrite.idempotency_key).where(
                    CrmWrite.idempotency_key.in_(list(full)), CrmWrite.status == "done"
                )
            ).all()
        return {full[r] for r in rows}

    def record_done(self, kind: str, action: str, writes: list[tuple[str, dict[str, Any]]]) -> None:
        with unit_of_work(self.sessions) as session:
            if writes:
                statement = insert(CrmWrite).values(
                    [
                        {
                            "email_id": self.email_id,
                            "idempotency_key": self._key(key),
                            "crm": self.crm,
                            "object_type": kind,
                            "action": action,
                            "status": "done",
                            "request_json": request,
                            "response_json": {"done": True},
                            "tries": 1,
                            "config_version": self.config_version,
                        }
                        for key, request in writes
                    ]
                )
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=[CrmWrite.idempotency_key],
                        set_={"status": "done", "tries": CrmWrite.tries + 1, "updated_at": func.now()},
                    )
                )
            self._flush(session)

    def fail(self, key: str, error: str) -> None:
        with unit_of_work(self.sessions) as session:
            row = session.scalars(select(CrmWrite).where(CrmWrite.idempotency_key == self._key(key))).one()
            row.status = "failed"
            row.last_error = error[:2000]
            self._flush(session)

    @contextmanager
    def current_key(self, key: str) -> Iterator[None]:
        token = _CURRENT.set(_CallContext(self.email_id, self._key(key), self.config_version))
        try:
            yield
        finally:
            context = _CURRENT.get()
            # Lookups (searches, reads) have no write row of their own; their calls go now.
            if context is not None and context.pending:
                with unit_of_work(self.sessions) as session:
                    session.add_all(context.pending)
            _CURRENT.reset(token)

    @contextmanager
    def contact_lock(self, address: str) -> Iterator[None]:
        # A transaction-scoped advisory lock: released by the commit or rollback at the end,
        # also when this worker dies mid-call (its connection closes).
        with unit_of_work(self.sessions) as session:
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
                {"k": f"mailtriage:crm-contact:{self.crm}:{address}"},
            )
            yield

    def recent_deal_ids(self, contact_key: str, since: datetime) -> list[str]:
        with unit_of_work(self.sessions) as session:
            rows = session.scalars(
                select(CrmWrite.object_id).where(
                    CrmWrite.crm == self.crm,
                    CrmWrite.contact_key == contact_key,
                    CrmWrite.object_type == "deal",
                    CrmWrite.action == "upsert",
                    CrmWrite.status == "done",
                    CrmWrite.created_at >= since,
                )
            ).all()
            return [r for r in rows if r]
