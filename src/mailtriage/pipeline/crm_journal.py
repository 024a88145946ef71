"""The sync stage's memory in PostgreSQL: ``crm_writes`` (one row per intended write) and
``crm_events`` (one row per HTTP call).

Each method is its own short transaction, committed at once and apart from the stage's own
transaction: the intent must be on disk before the vendor call, and the record of a call must
survive the stage rolling back when a later call fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.crm.protocol import CrmExchange
from mailtriage.crm.sync import Intent
from mailtriage.db import unit_of_work
from mailtriage.models import CrmEvent, CrmWrite


@dataclass(slots=True)
class _CallContext:
    email_id: int
    key: str
    config_version: str
    # The journal's buffer: calls wait there and are written with the outcomes, in one commit.
    pending: list[dict[str, Any]]


# The table itself: a plain multi-row INSERT, without the ORM's per-object bookkeeping.
EVENTS = cast(Table, CrmEvent.__table__)

WRITES = cast(Table, CrmWrite.__table__)
# A write begun before (a crash or a failed try) is tried again under the same row; a write done
# before is left as it is (the WHERE), and then no row comes back for it.
_BEGIN = (
    insert(WRITES)
    .on_conflict_do_update(
        index_elements=[WRITES.c.idempotency_key],
        set_={"status": "pending", "tries": WRITES.c.tries + 1, "updated_at": func.now()},
        where=WRITES.c.status != "done",
    )
    .returning(WRITES.c.idempotency_key)
)
_FINISH = (
    update(WRITES)
    .where(WRITES.c.idempotency_key == bindparam("k"))
    .values(status="done", object_id=bindparam("o"), response_json=bindparam("r"), last_error=None)
)
_FAIL = (
    update(WRITES)
    .where(WRITES.c.idempotency_key == bindparam("k"))
    .values(status="failed", last_error=bindparam("e"))
)
_RECORD = insert(WRITES)
_RECORD = _RECORD.on_conflict_do_update(
    index_elements=[WRITES.c.idempotency_key],
    set_={
        "status": "done",
        "action": _RECORD.excluded.action,
        "object_id": _RECORD.excluded.object_id,
        "response_json": _RECORD.excluded.response_json,
        "tries": WRITES.c.tries + 1,
        "updated_at": func.now(),
    },
)

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
            {
                "email_id": context.email_id,
                "action": f"{exchange.method} {exchange.url}"[:64],
                "object_type": context.key.split(":", 1)[0],
                "object_id": None,
                "status": str(exchange.status) if exchange.status is not None else "no_response",
                "request_json": _jsonable(exchange.request),
                "response_json": _jsonable(exchange.response),
                "idempotency_key": context.key,
                "attempt": exchange.attempt,
                "duration_ms": exchange.duration_ms,
                "error": _error_of(exchange),
                "config_version": context.config_version,
            }
        )


class DbWriteJournal:
    """:class:`mailtriage.crm.sync.WriteJournal` over ``crm_writes`` for one email.

    Core statements, few transactions: at 20 emails/s every round trip and commit of the sync
    stage is paid twenty times a second (see ``benchmarks/pipeline_cost.py``).
    """

    def __init__(self, sessions: sessionmaker[Session], email_id: int, crm: str, config_version: str) -> None:
        self.sessions = sessions
        self.email_id = email_id
        self.crm = crm
        self.config_version = config_version
        self._events: list[dict[str, Any]] = []
        self._finished: dict[str, tuple[str | None, dict[str, Any]]] = {}
        self._failed: dict[str, str] = {}
        self._recorded: list[dict[str, Any]] = []
        self._locked: Session | None = None

    def _key(self, key: str) -> str:
        # One journal per CRM target: moving a tenant to Salesforce must not find HubSpot's ids.
        return f"{self.crm}:{key}"

    def _row(self, intent: Intent, status: str) -> dict[str, Any]:
        # Every row has the same keys: the rows of one statement go as one executemany.
        return {
            "object_id": None,
            "response_json": None,
            "email_id": self.email_id,
            "idempotency_key": self._key(intent.key),
            "crm": self.crm,
            "object_type": intent.kind,
            "action": intent.action,
            "status": status,
            "contact_key": intent.contact_key,
            "request_json": intent.request,
            "tries": 1,
            "config_version": self.config_version,
        }

    def begin(
        self, intents: Sequence[Intent], *, also_check: Sequence[str] = (), prefix: str | None = None
    ) -> dict[str, str]:
        plain = {self._key(k): k for k in [i.key for i in intents] + list(also_check)}
        wanted: ColumnElement[bool] = CrmWrite.idempotency_key.in_(list(plain))
        if prefix is not None:
            escaped = self._key(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            # Links are this email's own rows: its index finds them, not a scan of every key.
            own = and_(
                CrmWrite.email_id == self.email_id,
                CrmWrite.idempotency_key.like(escaped + "%", escape="\\"),
            )
            wanted = or_(wanted, own)
        with unit_of_work(self.sessions) as session:
            done: dict[str, str] = {}
            if also_check or prefix is not None:
                # (For intents alone the INSERT's conflict clause tells which are done.)
                rows = session.execute(
                    select(CrmWrite.idempotency_key, CrmWrite.object_id).where(
                        wanted, CrmWrite.status == "done"
                    )
                ).all()
                done = {key: object_id or "" for key, object_id in rows}
            todo = [i for i in intents if self._key(i.key) not in done]
            if todo:
                begun = set(session.scalars(_BEGIN, [self._row(i, "pending") for i in todo]).all())
                # Not begun: done by another email's run since the SELECT.
                raced = [self._key(i.key) for i in todo if self._key(i.key) not in begun]
                if raced:
                    done |= {
                        key: object_id or ""
                        for key, object_id in session.execute(
                            select(CrmWrite.idempotency_key, CrmWrite.object_id).where(
                                CrmWrite.idempotency_key.in_(raced)
                            )
                        ).all()
                    }
        # A link is done without an object id of its own.
        return {
            plain.get(key, key.removeprefix(f"{self.crm}:")): object_id for key, object_id in done.items()
        }

    def finish(self, key: str, object_id: str | None, response: dict[str, Any]) -> None:
        self._failed.pop(key, None)
        self._finished[key] = (object_id, response)

    def fail(self, key: str, error: str) -> None:
        self._failed[key] = error[:2000]

    def record_done(self, writes: Sequence[tuple[Intent, str]]) -> None:
        for intent, object_id in writes:
            row = self._row(intent, "done")
            row["object_id"] = object_id or None
            row["response_json"] = {"id": object_id} if object_id else {"done": True}
            self._recorded.append(row)

    def flush(self) -> None:
        # The same list stays the calls' buffer (current_key hands it out), so it is emptied,
        # not replaced.
        events = self._events[:]
        self._events.clear()
        finished, self._finished = self._finished, {}
        failed, self._failed = self._failed, {}
        recorded, self._recorded = self._recorded, []
        if not (events or finished or failed or recorded):
            return
        with unit_of_work(self.sessions) as session:
            # Each kind of row in one executemany (one round trip in psycopg's pipeline mode).
            if finished:
                session.execute(
                    _FINISH,
                    [
                        {"k": self._key(key), "o": object_id, "r": response}
                        for key, (object_id, response) in finished.items()
                    ],
                )
            if failed:
                session.execute(_FAIL, [{"k": self._key(key), "e": error} for key, error in failed.items()])
            if recorded:
                session.execute(_RECORD, recorded)
            if events:
                session.execute(insert(EVENTS), events)

    @contextmanager
    def current_key(self, key: str) -> Iterator[None]:
        token = _CURRENT.set(_CallContext(self.email_id, self._key(key), self.config_version, self._events))
        try:
            yield
        finally:
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
            self._locked = session
            try:
                yield
            finally:
                self._locked = None

    def recent_deal_ids(self, contact_key: str, since: datetime) -> list[str]:
        # Under the contact's lock its transaction answers (READ COMMITTED: it sees the deals
        # committed by whoever held the lock before).
        with (
            nullcontext(self._locked) if self._locked is not None else unit_of_work(self.sessions) as session
        ):
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
