"""The sync stage's exactly-once writes: the real HubSpot client against the HubSpot emulator, the
journal on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.crm.hubspot import HubSpotClient
from mailtriage.crm.plan import CrmPlan, plan_crm_writes
from mailtriage.crm.protocol import CrmError
from mailtriage.crm.sync import sync_plan
from mailtriage.db import unit_of_work
from mailtriage.ingest.service import InboundMessage, store_inbound
from mailtriage.models import CrmEvent, CrmWrite
from mailtriage.pipeline.crm_journal import CrmAudit, DbWriteJournal
from mailtriage.sandbox.hubspot import HubSpotState
from mailtriage.tenant import TenantConfig
from tests.conftest import HUBSPOT_TOKEN
from tests.factories import hot_lead_route, lead_extraction, raw_email

TOKEN = HUBSPOT_TOKEN
RECEIVED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
def emulator(hubspot_server: tuple[str, HubSpotState]) -> tuple[str, HubSpotState]:
    return hubspot_server


@pytest.fixture
def client(emulator: tuple[str, HubSpotState], sessions: sessionmaker[Session]) -> Iterator[HubSpotClient]:
    with HubSpotClient(
        token=TOKEN, base_url=emulator[0], timeout_s=2.0, on_exchange=CrmAudit(sessions), sleep=lambda _: None
    ) as c:
        yield c


def _email_id(sessions: sessionmaker[Session], tenant: TenantConfig, n: int) -> int:
    with unit_of_work(sessions) as session:
        return store_inbound(
            session,
            InboundMessage(mailbox="sales@lumenhq.com", source="test", raw=raw_email(n)),
            max_bytes=1_000_000,
            config_version=tenant.config_version,
        ).email_id


def _plan(tenant: TenantConfig, key: str, **changes: object) -> CrmPlan:
    extraction = lead_extraction(**changes)
    return plan_crm_writes(
        extraction, hot_lead_route(extraction), tenant, key=key, received_at=RECEIVED, subject="Demo"
    )


def _journal(sessions: sessionmaker[Session], email_id: int) -> DbWriteJournal:
    return DbWriteJournal(sessions, email_id, "hubspot", "test@1")


def _counts(hubspot: HubSpotState) -> dict[str, int]:
    return {t: len(hubspot.all_objects(t)) for t in ("contacts", "companies", "deals", "notes")}


def test_a_lead_becomes_one_contact_company_deal_and_note_all_linked(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    result = sync_plan(_plan(tenant, "e1"), client, _journal(sessions, _email_id(sessions, tenant, 0)))
    assert _counts(hubspot) == {"contacts": 1, "companies": 1, "deals": 1, "notes": 1}
    contact = hubspot.all_objects("contacts")[0]
    assert contact["properties"]["email"] == "dana@acme-robotics.com"
    assert contact["properties"]["firstname"] == "Dana"
    deal = hubspot.all_objects("deals")[0]
    assert float(deal["properties"]["amount"]) == 30000.0
    ids = result.ids
    assert hubspot.associated("contacts", ids["contact"], "companies") == [ids["company"]]
    assert hubspot.associated("deals", ids["deal"], "contacts") == [ids["contact"]]
    assert hubspot.associated("notes", ids["note"], "deals") == [ids["deal"]]


def test_a_lead_from_a_new_person_spends_no_call_on_looking_for_their_deals(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    # A contact that did not exist before this run has no deal in the CRM: the API budget
    # (HubSpot counts every call) goes to writes.
    sync_plan(_plan(tenant, "e1"), client, _journal(sessions, _email_id(sessions, tenant, 0)))
    reads = [r for r in hubspot.log() if r.method == "GET" and r.path.endswith("/associations/deals")]
    assert reads == []
    # A known person's deals are looked for.
    sync_plan(_plan(tenant, "e2"), client, _journal(sessions, _email_id(sessions, tenant, 1)))
    reads = [r for r in hubspot.log() if r.method == "GET" and r.path.endswith("/associations/deals")]
    assert len(reads) == 1


def test_running_the_same_plan_again_writes_nothing_new(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    email_id = _email_id(sessions, tenant, 0)
    first = sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    calls = len(hubspot.log())
    second = sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    assert second.ids == first.ids
    assert second.created == []
    assert len(hubspot.log()) == calls, "a replay made CRM calls for writes already done"
    assert _counts(hubspot) == {"contacts": 1, "companies": 1, "deals": 1, "notes": 1}


def test_when_an_association_fails_after_the_creates_only_the_association_is_retried(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    email_id = _email_id(sessions, tenant, 0)
    hubspot.script(
        "server_error", method="PUT", path="/crm/v4/objects/contacts/*/associations/default/*", times=4
    )
    with pytest.raises(CrmError) as failed:
        sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    assert failed.value.retryable
    assert _counts(hubspot) == {"contacts": 1, "companies": 1, "deals": 1, "notes": 1}
    calls_before = len(hubspot.log())

    sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    retried = hubspot.log()[calls_before:]
    assert retried, "nothing was retried"
    assert {r.method for r in retried} == {"PUT"}, "an object was written again"
    assert retried[0].path.startswith("/crm/v4/objects/contacts/")
    assert _counts(hubspot) == {"contacts": 1, "companies": 1, "deals": 1, "notes": 1}
    with unit_of_work(sessions) as session:
        links = session.scalars(select(CrmWrite).where(CrmWrite.object_type == "association")).all()
        assert len(links) == 6, "every link is recorded once made"
        failures = session.scalars(select(CrmEvent).where(CrmEvent.status == "500")).all()
        assert len(failures) == 4  # every try is on the audit trail


def test_an_answer_lost_after_the_write_does_not_make_a_second_object(
    hubspot: HubSpotState,
    emulator: tuple[str, HubSpotState],
    sessions: sessionmaker[Session],
    tenant: TenantConfig,
) -> None:
    email_id = _email_id(sessions, tenant, 0)
    client = HubSpotClient(token=TOKEN, base_url=emulator[0], timeout_s=0.3, sleep=lambda _: None)
    # The company upsert is done by HubSpot, then its answer is lost (the client times out); the
    # next run does not know the id, only the key.
    hubspot.script("timeout", method="POST", path="/crm/v3/objects/companies/batch/upsert", times=4)
    with pytest.raises(CrmError):
        sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    assert len(hubspot.all_objects("companies")) == 1
    sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    assert _counts(hubspot) == {"contacts": 1, "companies": 1, "deals": 1, "notes": 1}


def test_two_emails_of_one_person_arriving_together_open_one_deal(
    hubspot: HubSpotState,
    emulator: tuple[str, HubSpotState],
    sessions: sessionmaker[Session],
    tenant: TenantConfig,
) -> None:
    ids = [_email_id(sessions, tenant, n) for n in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(ids))

    def run(n: int) -> None:
        with HubSpotClient(token=TOKEN, base_url=emulator[0], sleep=lambda _: None) as own:
            barrier.wait()
            try:
                sync_plan(_plan(tenant, f"e{n}"), own, _journal(sessions, ids[n]))
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    counts = _counts(hubspot)
    assert counts["contacts"] == 1
    assert counts["companies"] == 1
    assert counts["deals"] == 1, "each email opened its own deal"
    assert counts["notes"] == 4  # every email is logged, each on the one deal
    deal = hubspot.all_objects("deals")[0]["id"]
    assert len(hubspot.associated("deals", deal, "notes")) == 4


def test_a_later_lead_from_a_contact_with_an_open_deal_joins_that_deal(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    first = sync_plan(_plan(tenant, "e1"), client, _journal(sessions, _email_id(sessions, tenant, 0)))
    second = sync_plan(_plan(tenant, "e2"), client, _journal(sessions, _email_id(sessions, tenant, 1)))
    assert second.ids["deal"] == first.ids["deal"]
    assert any("open deal" in n for n in second.notes)
    assert len(hubspot.all_objects("deals")) == 1


def test_a_company_people_already_keep_for_the_domain_is_used_as_it_is(
    hubspot: HubSpotState,
    emulator: tuple[str, HubSpotState],
    client: HubSpotClient,
    sessions: sessionmaker[Session],
    tenant: TenantConfig,
) -> None:
    created = httpx.post(
        f"{emulator[0]}/crm/v3/objects/companies",
        headers={"authorization": f"Bearer {TOKEN}"},
        json={"properties": {"name": "ACME Robotics GmbH (curated)", "domain": "acme-robotics.com"}},
    ).json()
    result = sync_plan(_plan(tenant, "e1"), client, _journal(sessions, _email_id(sessions, tenant, 0)))
    assert result.ids["company"] == created["id"]
    companies = hubspot.all_objects("companies")
    assert len(companies) == 1
    assert companies[0]["properties"]["name"] == "ACME Robotics GmbH (curated)"


def test_a_crm_answer_of_the_wrong_shape_is_a_clear_permanent_error_on_the_audit_trail(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    email_id = _email_id(sessions, tenant, 0)
    hubspot.script("malformed", method="POST", path="/crm/v3/objects/contacts/batch/upsert")
    with pytest.raises(CrmError) as failed:
        sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    assert not failed.value.retryable
    with unit_of_work(sessions) as session:
        writes = {
            w.object_type: w for w in session.scalars(select(CrmWrite).where(CrmWrite.email_id == email_id))
        }
        assert writes["contact"].status == "failed"
        assert writes["contact"].last_error
        # The writes meant to follow stay intended, not done: a replay makes them.
        assert {w.status for kind, w in writes.items() if kind != "contact"} <= {"pending"}
        events = session.scalars(select(CrmEvent).where(CrmEvent.email_id == email_id)).all()
    upserts = [e for e in events if e.action.endswith("/contacts/batch/upsert")]
    assert len(upserts) == 1
    assert upserts[0].status == "200"
    assert all(TOKEN not in str(e.request_json) + str(e.response_json) for e in events)


def test_every_call_is_on_the_audit_trail(
    hubspot: HubSpotState, client: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    email_id = _email_id(sessions, tenant, 0)
    hubspot.script("rate_limit", method="POST", path="/crm/v3/objects/deals/batch/upsert")
    sync_plan(_plan(tenant, "e1"), client, _journal(sessions, email_id))
    with unit_of_work(sessions) as session:
        events = session.scalars(select(CrmEvent).where(CrmEvent.email_id == email_id)).all()
        keys = {w.idempotency_key for w in session.scalars(select(CrmWrite)).all()}
    assert len(events) == len(hubspot.log())
    assert {e.status for e in events} >= {"429", "200"}
    # The links of one email share a key: they are recorded together once made.
    assert {e.idempotency_key for e in events} <= keys | {"hubspot:assoc:e1"}
