"""``sync_plan(plan, client, journal) -> SyncResult``: carry out a :class:`CrmPlan`, exactly once.

Every intended write has a key in the journal, recorded (and committed) before the vendor call and
marked done with the object id after it. A second run of the same plan, after a crash, a retry, a
duplicate delivery or a replay, skips what is done, so when a create succeeded and an association
failed only the association is tried again. The vendor-side half of exactly-once is the upsert by
our key (see :mod:`mailtriage.crm.protocol`): a call whose answer was lost cannot create twice.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import structlog

from mailtriage.crm.plan import ASSOCIATIONS, CrmPlan, PlannedObject
from mailtriage.crm.protocol import CrmClient, CrmError, ObjectKind

log = structlog.get_logger("mailtriage.crm")


class WriteJournal(Protocol):
    """Where intended writes are remembered; implemented over ``crm_writes`` by the runner."""

    def done_id(self, key: str) -> str | None:
        """The object id of a write already done under this key, if any."""
        ...

    def begin(
        self, key: str, kind: str, action: str, request: dict[str, Any], contact_key: str | None = None
    ) -> str | None:
        """Record the intent before the call (committed at once), unless the write is already
        done: then nothing is recorded and its object id ("" for an association) is returned."""
        ...

    def finish(self, key: str, object_id: str | None, response: dict[str, Any]) -> None: ...

    def fail(self, key: str, error: str) -> None: ...

    def done_keys(self, keys: list[str]) -> set[str]:
        """Which of these writes are done."""
        ...

    def record_done(self, kind: str, action: str, writes: list[tuple[str, dict[str, Any]]]) -> None:
        """Record writes made without a record before the call (idempotent ones), in one go."""
        ...

    def current_key(self, key: str) -> AbstractContextManager[None]:
        """Tags the HTTP exchanges made inside the block with the write they belong to."""
        ...

    def contact_lock(self, address: str) -> AbstractContextManager[None]:
        """Serialises deal decisions for one contact across workers (two emails of one person
        arriving together must not both see "no open deal" and open two)."""
        ...

    def recent_deal_ids(self, contact_key: str, since: datetime) -> list[str]:
        """Deals we opened for this contact since the time (the CRM's view may lag ours)."""
        ...


@dataclass
class SyncResult:
    ids: dict[ObjectKind, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)  # keys of writes made by this run
    reused: list[str] = field(default_factory=list)  # keys found done by an earlier run
    notes: list[str] = field(default_factory=list)  # decisions worth keeping in the audit


def _write(
    journal: WriteJournal,
    result: SyncResult,
    key: str,
    kind: str,
    action: str,
    request: dict[str, Any],
    call: Callable[[], tuple[str | None, dict[str, Any]]],
    contact_key: str | None = None,
) -> str | None:
    done = journal.begin(key, kind, action, request, contact_key)
    if done is not None:
        result.reused.append(key)
        return done
    with journal.current_key(key):
        try:
            object_id, response = call()
        except CrmError as exc:
            journal.fail(key, f"{exc.category or 'error'}: {exc}")
            raise
        journal.finish(key, object_id, response)
    result.created.append(key)
    return object_id


def _upsert(
    client: CrmClient,
    journal: WriteJournal,
    result: SyncResult,
    planned: PlannedObject,
    contact_key: str | None = None,
) -> str:
    def call() -> tuple[str | None, dict[str, Any]]:
        outcome = client.upsert(planned.kind, planned.key, dict(planned.properties))
        return outcome.id, {"id": outcome.id, "created": outcome.created}

    object_id = _write(
        journal,
        result,
        f"{planned.kind}:upsert:{planned.key}",
        planned.kind,
        "upsert",
        {"key": planned.key, "properties": planned.properties},
        call,
        contact_key,
    )
    assert object_id is not None
    return object_id


def _company_id(client: CrmClient, journal: WriteJournal, result: SyncResult, planned: PlannedObject) -> str:
    key = f"company:upsert:{planned.key}"
    done = journal.done_id(key)
    if done is not None:
        result.reused.append(key)
        return done
    domain = str(planned.properties["domain"])
    # A company a person already keeps in the CRM for this domain is used as it is (its name is
    # theirs to curate); only a domain nobody has gets a company of ours.
    with journal.current_key(key):
        found = client.find_companies([domain]).get(domain)
    if found is not None:
        result.notes.append(f"company for {domain} found in the CRM: {found}")
        journal.begin(key, "company", "found", {"domain": domain})  # done by no one: not done
        journal.finish(key, found, {"id": found, "found_by": "domain"})
        return found
    return _upsert(client, journal, result, planned)


def _associate_all(
    client: CrmClient,
    journal: WriteJournal,
    result: SyncResult,
    email_key: str,
    pairs: list[tuple[tuple[ObjectKind, str], tuple[ObjectKind, str]]],
) -> None:
    """Link the objects. A default association can be made twice without harm, so unlike the
    creates its intent needs no record before the call: the links made are recorded together
    afterwards (one commit, not two per link), and a later run makes only the missing ones."""
    keys = {
        f"assoc:{email_key}:{a}:{a_id}:{b}:{b_id}": ((a, a_id), (b, b_id)) for (a, a_id), (b, b_id) in pairs
    }
    done = journal.done_keys(list(keys))
    result.reused.extend(k for k in keys if k in done)
    made: list[tuple[str, dict[str, Any]]] = []
    with journal.current_key(f"assoc:{email_key}"):
        try:
            for key, ((a, a_id), (b, b_id)) in keys.items():
                if key in done:
                    continue
                client.associate(a, a_id, b, b_id)
                made.append((key, {"from": [a, a_id], "to": [b, b_id]}))
        finally:
            # Also when a link failed: the ones made before it are not made again.
            journal.record_done("association", "associate", made)
    result.created.extend(key for key, _ in made)


def _deal_id(
    client: CrmClient,
    journal: WriteJournal,
    result: SyncResult,
    plan: CrmPlan,
    contact_id: str,
    now: datetime,
) -> str | None:
    assert plan.deal is not None
    assert plan.contact is not None
    key = f"deal:upsert:{plan.deal.key}"
    done = journal.done_id(key)
    if done is not None:
        result.reused.append(key)
        return done
    since = now - timedelta(days=plan.deal.open_deal_window_days)
    with journal.contact_lock(plan.contact.key):
        with journal.current_key(key):
            open_deals = client.open_deals(contact_id, since)
        ours = journal.recent_deal_ids(plan.contact.key, since)
        existing = open_deals + [d for d in ours if d not in open_deals]
        if existing:
            result.notes.append(
                f"deal: contact has an open deal from the last {plan.deal.open_deal_window_days} days "
                f"({existing[0]}); no new deal"
            )
            return existing[0]
        return _upsert(client, journal, result, plan.deal, contact_key=plan.contact.key)


def sync_plan(
    plan: CrmPlan, client: CrmClient, journal: WriteJournal, now: datetime | None = None
) -> SyncResult:
    """Raises :class:`CrmError` on the first write that fails; what was done stays done."""
    now = now or datetime.now(UTC)
    result = SyncResult()
    ids = result.ids
    if plan.contact is not None:
        ids["contact"] = _upsert(client, journal, result, plan.contact)
    if plan.company is not None:
        ids["company"] = _company_id(client, journal, result, plan.company)
    if plan.deal is not None and "contact" in ids:
        deal_id = _deal_id(client, journal, result, plan, ids["contact"], now)
        if deal_id is not None:
            ids["deal"] = deal_id
    if plan.note is not None:
        ids["note"] = _upsert(client, journal, result, plan.note)
    pairs = [((a, ids[a]), (b, ids[b])) for a, b in ASSOCIATIONS if a in ids and b in ids]
    _associate_all(client, journal, result, plan.email_key, pairs)
    log.info("crm.synced", created=len(result.created), reused=len(result.reused), crm=client.name)
    return result
