"""``sync_plan(plan, client, journal) -> SyncResult``: carry out a :class:`CrmPlan`, exactly once.

Every intended write has a key in the journal, recorded (and committed) before the vendor call and
marked done with the object id after it. The outcomes are committed together (after the deal,
under its lock, and when the run ends, also when it fails): an outcome lost to a crash before
that commit costs one repeated upsert by the same key, which finds the same object. A second run
of the same plan, after a crash, a retry, a duplicate delivery or a replay, skips what is done,
so when a create succeeded and an association failed only the association is tried again. The
vendor-side half of exactly-once is the upsert by our key (see :mod:`mailtriage.crm.protocol`):
a call whose answer was lost cannot create twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import structlog

from mailtriage.crm.plan import ASSOCIATIONS, CrmPlan, PlannedObject
from mailtriage.crm.protocol import CrmClient, CrmError, ObjectKind

log = structlog.get_logger("mailtriage.crm")


@dataclass(frozen=True, slots=True)
class Intent:
    """One write about to be made: its key, what it is, and what is sent."""

    key: str
    kind: str
    action: str
    request: dict[str, Any]
    contact_key: str | None = None


class WriteJournal(Protocol):
    """Where intended writes are remembered; implemented over ``crm_writes`` by the runner."""

    def begin(
        self, intents: Sequence[Intent], *, also_check: Sequence[str] = (), prefix: str | None = None
    ) -> dict[str, str]:
        """Record the intents not yet done before their calls, in one commit, and return the
        writes already done among them, among ``also_check`` and among this email's writes whose
        keys start with ``prefix``, with their object ids ("" for a link)."""
        ...

    def finish(self, key: str, object_id: str | None, response: dict[str, Any]) -> None:
        """The write is done; kept until :meth:`flush`."""
        ...

    def fail(self, key: str, error: str) -> None:
        """The write's last try failed; kept until :meth:`flush`."""
        ...

    def record_done(self, writes: Sequence[tuple[Intent, str]]) -> None:
        """Writes made without a record before the call (links, which are idempotent, and a
        company found by its domain), with their object ids; kept until :meth:`flush`."""
        ...

    def flush(self) -> None:
        """Commit the kept outcomes and the calls' audit rows, in one transaction."""
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
    new_objects: set[str] = field(default_factory=set)  # ids of objects this run brought into being


def _write_key(planned: PlannedObject) -> str:
    return f"{planned.kind}:upsert:{planned.key}"


def _link_prefix(email_key: str) -> str:
    return f"assoc:{email_key}:"


def _intent(planned: PlannedObject, contact_key: str | None = None) -> Intent:
    return Intent(
        _write_key(planned),
        planned.kind,
        "upsert",
        {"key": planned.key, "properties": planned.properties},
        contact_key,
    )


def _upsert(client: CrmClient, journal: WriteJournal, result: SyncResult, planned: PlannedObject) -> str:
    """The call of a write whose intent is recorded."""
    key = _write_key(planned)
    with journal.current_key(key):
        try:
            outcome = client.upsert(planned.kind, planned.key, dict(planned.properties))
        except CrmError as exc:
            journal.fail(key, f"{exc.category or 'error'}: {exc}")
            raise
    journal.finish(key, outcome.id, {"id": outcome.id, "created": outcome.created})
    result.created.append(key)
    if outcome.created:
        result.new_objects.add(outcome.id)
    return outcome.id


def _found_company(
    client: CrmClient, journal: WriteJournal, result: SyncResult, planned: PlannedObject
) -> str | None:
    """A company a person already keeps in the CRM for this domain is used as it is (its name is
    theirs to curate); only a domain nobody has gets a company of ours."""
    key = _write_key(planned)
    domain = str(planned.properties["domain"])
    with journal.current_key(key):
        found = client.find_companies([domain]).get(domain)
    if found is not None:
        result.notes.append(f"company for {domain} found in the CRM: {found}")
        # Recorded as done over its intent: no upsert is made for it.
        journal.record_done([(Intent(key, "company", "found", {"domain": domain}), found)])
    return found


def _associate_all(
    client: CrmClient,
    journal: WriteJournal,
    result: SyncResult,
    email_key: str,
    pairs: list[tuple[tuple[ObjectKind, str], tuple[ObjectKind, str]]],
    done: dict[str, str],
) -> None:
    """Link the objects. A default association can be made twice without harm, so unlike the
    creates its intent needs no record before the call: the links made are recorded together
    afterwards, and a later run makes only the missing ones."""
    keys = {
        f"{_link_prefix(email_key)}{a}:{a_id}:{b}:{b_id}": ((a, a_id), (b, b_id))
        for (a, a_id), (b, b_id) in pairs
    }
    result.reused.extend(k for k in keys if k in done)
    made: list[tuple[Intent, str]] = []
    with journal.current_key(f"assoc:{email_key}"):
        try:
            for key, ((a, a_id), (b, b_id)) in keys.items():
                if key in done:
                    continue
                client.associate(a, a_id, b, b_id)
                link = {"from": [a, a_id], "to": [b, b_id]}
                made.append((Intent(key, "association", "associate", link), ""))
        finally:
            # Also when a link failed: the ones made before it are not made again.
            journal.record_done(made)
    result.created.extend(intent.key for intent, _ in made)


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
    key = _write_key(plan.deal)
    since = now - timedelta(days=plan.deal.open_deal_window_days)
    with journal.contact_lock(plan.contact.key):
        open_deals: list[str] = []
        # A contact this run created had no deal before it; a deal linked to it since can only
        # be another run's, and those are in the journal (read below, under the lock).
        if contact_id not in result.new_objects:
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
        done = journal.begin([_intent(plan.deal, contact_key=plan.contact.key)])
        if key in done:
            result.reused.append(key)
            return done[key] or None
        deal_id = _upsert(client, journal, result, plan.deal)
        # Before the lock goes: the next email of this person must find this deal in the journal
        # (the CRM shows it on the contact only once the links are made).
        journal.flush()
        return deal_id


def sync_plan(
    plan: CrmPlan, client: CrmClient, journal: WriteJournal, now: datetime | None = None
) -> SyncResult:
    """Raises :class:`CrmError` on the first write that fails; what was done stays done."""
    try:
        return _sync(plan, client, journal, now or datetime.now(UTC))
    finally:
        journal.flush()


def _sync(plan: CrmPlan, client: CrmClient, journal: WriteJournal, now: datetime) -> SyncResult:
    result = SyncResult()
    ids = result.ids
    objects = [o for o in (plan.contact, plan.company, plan.note) if o is not None]
    # The deal's intent is recorded later, under the contact's lock, once it is known to be wanted.
    done = journal.begin(
        [_intent(o) for o in objects],
        also_check=[_write_key(plan.deal)] if plan.deal is not None else [],
        prefix=_link_prefix(plan.email_key),
    )
    result.reused.extend(
        _write_key(o) for o in (*objects, plan.deal) if o is not None and _write_key(o) in done
    )
    if plan.company is not None and _write_key(plan.company) not in done:
        found = _found_company(client, journal, result, plan.company)
        if found is not None:
            ids["company"] = found
    for planned in (plan.contact, plan.company, plan.note):
        if planned is None or planned.kind in ids:
            continue
        key = _write_key(planned)
        ids[planned.kind] = done[key] if key in done else _upsert(client, journal, result, planned)
    if plan.deal is not None and "contact" in ids:
        key = _write_key(plan.deal)
        deal_id = done.get(key) or _deal_id(client, journal, result, plan, ids["contact"], now)
        if deal_id:
            ids["deal"] = deal_id
    pairs = [((a, ids[a]), (b, ids[b])) for a, b in ASSOCIATIONS if a in ids and b in ids]
    _associate_all(client, journal, result, plan.email_key, pairs, done)
    log.info("crm.synced", created=len(result.created), reused=len(result.reused), crm=client.name)
    return result
