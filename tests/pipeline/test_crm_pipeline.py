"""The sync stage inside the pipeline: modes off, review and auto, against the HubSpot emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.config import CrmMode, Settings
from mailtriage.crm.factory import build_crm_client
from mailtriage.crm.hubspot import HubSpotClient
from mailtriage.crm.protocol import CrmClient
from mailtriage.db import unit_of_work
from mailtriage.extract.factory import build_extractor
from mailtriage.models import CrmEvent, Email, EmailTransition
from mailtriage.pipeline.crm_journal import CrmAudit
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.sandbox.hubspot import HubSpotState
from mailtriage.sandbox.salesforce import (
    SalesforceEmulatorConfig,
    create_salesforce_emulator,
    salesforce_state,
)
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.states import EmailState
from mailtriage.tenant import TenantConfig
from tests.conftest import HUBSPOT_TOKEN, make_settings
from tests.factories import raw_email
from tests.pipeline.test_runner import store

LEAD, SPAM = 0, 3  # scenarios in tests/factories.py


@pytest.fixture
def crm(hubspot_server: tuple[str, HubSpotState], sessions: sessionmaker[Session]) -> Iterator[HubSpotClient]:
    with HubSpotClient(
        token=HUBSPOT_TOKEN, base_url=hubspot_server[0], on_exchange=CrmAudit(sessions), sleep=lambda _: None
    ) as client:
        yield client


def _deps(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session], crm: CrmClient | None
) -> PipelineDeps:
    return PipelineDeps(
        settings=settings,
        tenant=tenant,
        extractor=build_extractor(settings, tenant),
        sessions=sessions,
        actor="test-worker",
        crm=crm,
    )


def _last_transition(sessions: sessionmaker[Session], email_id: int) -> EmailTransition:
    with unit_of_work(sessions) as session:
        return session.scalars(
            select(EmailTransition)
            .where(EmailTransition.email_id == email_id)
            .order_by(EmailTransition.id.desc())
        ).first()  # type: ignore[return-value]


def test_auto_mode_writes_a_lead_to_the_crm_and_records_the_ids(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
) -> None:
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    email_id = store(sessions, tenant, raw_email(0, scenario=LEAD))
    assert process_email(_deps(settings, tenant, sessions, crm), email_id).state is EmailState.synced
    contacts = hubspot.all_objects("contacts")
    assert [c["properties"]["email"] for c in contacts] == ["dana@brightwave-logistics.com"]
    assert [c["properties"]["domain"] for c in hubspot.all_objects("companies")] == [
        "brightwave-logistics.com"
    ]
    assert len(hubspot.all_objects("deals")) == 1
    synced = _last_transition(sessions, email_id)
    assert synced.to_state == "synced"
    assert synced.detail is not None
    assert synced.detail["ids"]["contact"] == contacts[0]["id"]
    with unit_of_work(sessions) as session:
        assert session.scalars(select(CrmEvent).where(CrmEvent.email_id == email_id)).all()


def test_spam_never_reaches_the_crm(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
) -> None:
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    email_id = store(sessions, tenant, raw_email(3, scenario=SPAM))
    assert process_email(_deps(settings, tenant, sessions, crm), email_id).state is EmailState.ignored
    assert hubspot.log() == []


def test_review_mode_waits_for_one_approval_then_writes(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
    hubspot_server: tuple[str, HubSpotState],
) -> None:
    from mailtriage.app import create_app

    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.review)
    deps = _deps(settings, tenant, sessions, crm)
    email_id = store(sessions, tenant, raw_email(0, scenario=LEAD))
    assert process_email(deps, email_id).state is EmailState.review
    parked = _last_transition(sessions, email_id)
    assert parked.detail is not None
    assert [w["object"] for w in parked.detail["plan"]["writes"]] == ["contact", "company", "deal", "note"]
    assert hubspot.log() == [], "nothing is written before a person approves"

    with TestClient(create_app(settings)) as api:
        auth = {"authorization": "Bearer test-admin-token"}
        assert api.post(f"/admin/emails/{email_id}/crm/approve").status_code == 401
        approved = api.post(f"/admin/emails/{email_id}/crm/approve", headers=auth)
        assert approved.status_code == 202, approved.text
        again = api.post(f"/admin/emails/{email_id}/crm/approve", headers=auth)
        assert again.status_code == 409  # approving twice is refused, not done twice

    assert process_email(deps, email_id).state is EmailState.synced
    assert len(hubspot.all_objects("contacts")) == 1
    with unit_of_work(sessions) as session:
        assert session.get_one(Email, email_id).crm_approved_by == "api:admin"


def test_auto_mode_without_a_crm_configured_dead_letters_with_the_reason(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    email_id = store(sessions, tenant, raw_email(0, scenario=LEAD))
    outcome = process_email(_deps(settings, tenant, sessions, None), email_id)
    assert outcome.state is EmailState.dead_letter
    assert outcome.dead_letter_reason is not None
    assert "HUBSPOT_TOKEN" in outcome.dead_letter_reason


def test_a_permanent_crm_error_dead_letters_that_email_and_the_next_one_still_syncs(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
) -> None:
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    deps = _deps(settings, tenant, sessions, crm)
    bad = store(sessions, tenant, raw_email(0, scenario=LEAD))
    good = store(sessions, tenant, raw_email(7, scenario=LEAD))
    hubspot.script("malformed", method="POST", path="/crm/v3/objects/contacts/batch/upsert")
    outcome = process_email(deps, bad)
    assert outcome.state is EmailState.dead_letter
    assert outcome.dead_letter_reason is not None
    assert "UNEXPECTED_RESPONSE" in outcome.dead_letter_reason
    with unit_of_work(sessions) as session:
        events = session.scalars(select(CrmEvent).where(CrmEvent.email_id == bad)).all()
        assert events
        assert events[-1].status == "200"
        assert session.get_one(Email, bad).last_error == outcome.dead_letter_reason
    assert process_email(deps, good).state is EmailState.synced


def test_a_retryable_crm_outage_is_retried_by_the_pipeline_and_resumes_where_it_stopped(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
) -> None:
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    deps = _deps(settings, tenant, sessions, crm)
    email_id = store(sessions, tenant, raw_email(0, scenario=LEAD))
    hubspot.script("unavailable", method="POST", path="/crm/v3/objects/deals/batch/upsert", times=4)
    first = process_email(deps, email_id)
    assert first.state is EmailState.failed
    assert first.retry_in_seconds is not None
    contact_writes = len(hubspot.log("POST", "/crm/v3/objects/contacts/batch/upsert"))
    with unit_of_work(sessions) as session:
        session.get_one(Email, email_id).next_attempt_at = None
    assert process_email(deps, email_id).state is EmailState.synced
    assert len(hubspot.log("POST", "/crm/v3/objects/contacts/batch/upsert")) == contact_writes
    assert len(hubspot.all_objects("deals")) == 1


def test_salesforce_is_a_second_target_behind_the_same_interface(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    config = SalesforceEmulatorConfig()
    app = create_salesforce_emulator(config)
    base_url, stop = run_emulator_in_thread(app)
    try:
        settings = make_settings(
            database_url,
            tmp_path,
            crm_mode=CrmMode.auto,
            crm_target="salesforce",
            salesforce_login_url=base_url,
            salesforce_username=config.username,
            salesforce_password=config.password,
            salesforce_client_id=config.client_id,
            salesforce_client_secret=config.client_secret,
        )
        client = build_crm_client(settings, on_exchange=CrmAudit(sessions))
        assert client is not None
        assert client.name == "salesforce"
        deps = _deps(settings, tenant, sessions, client)
        first = store(sessions, tenant, raw_email(0, scenario=LEAD))
        second = store(sessions, tenant, raw_email(7, scenario=LEAD))  # the same person again
        assert process_email(deps, first).state is EmailState.synced
        assert process_email(deps, second).state is EmailState.synced
        records = salesforce_state(app).records
        assert [c["Email"] for c in records["Contact"].values()] == ["dana@brightwave-logistics.com"]
        assert len(records["Account"]) == 1
        assert len(records["Opportunity"]) == 1, "a second open deal within 45 days"
        assert len(records["Task"]) == 2  # each email logged
    finally:
        stop()


def test_an_unknown_owner_id_is_a_clear_error_on_the_emails_crm_events_and_a_dead_letter(
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    hubspot: HubSpotState,
    crm: HubSpotClient,
) -> None:
    owned = tenant.model_copy(
        update={"crm": tenant.crm.model_copy(update={"deal_owners": {"sales_inbound": "999999"}})}
    )
    settings = make_settings(database_url, tmp_path, crm_mode=CrmMode.auto)
    email_id = store(sessions, owned, raw_email(0, scenario=LEAD))
    outcome = process_email(_deps(settings, owned, sessions, crm), email_id)
    assert outcome.state is EmailState.dead_letter
    assert outcome.dead_letter_reason is not None
    assert "VALIDATION_ERROR" in outcome.dead_letter_reason
    with unit_of_work(sessions) as session:
        # A batch upsert reports a refused input as a partial failure (207) with its errors.
        failed = session.scalars(
            select(CrmEvent).where(CrmEvent.email_id == email_id, CrmEvent.error.is_not(None))
        ).one()
    assert failed.status in {"207", "400"}
    assert failed.error is not None
    assert "999999" in failed.error
    assert hubspot.all_objects("deals") == []


def test_a_missing_required_property_is_refused_by_the_crm_and_not_retried(
    hubspot: HubSpotState, crm: HubSpotClient, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    from mailtriage.crm.plan import CrmPlan, PlannedObject
    from mailtriage.crm.protocol import CrmError
    from mailtriage.crm.sync import sync_plan
    from mailtriage.pipeline.crm_journal import DbWriteJournal

    email_id = store(sessions, tenant, raw_email(0, scenario=LEAD))
    # A note without its timestamp (HubSpot requires hs_timestamp).
    plan = CrmPlan(email_key="k", note=PlannedObject("note", "note:k", {"body": "hello"}))
    with pytest.raises(CrmError) as refused:
        sync_plan(plan, crm, DbWriteJournal(sessions, email_id, "hubspot", "t"))
    assert not refused.value.retryable
    assert len(hubspot.log()) == 1, "a request the CRM called invalid was sent again"
    with unit_of_work(sessions) as session:
        event = session.scalars(select(CrmEvent).where(CrmEvent.email_id == email_id)).one()
    assert event.status in {"207", "400"}  # a batch refuses one input as a partial failure
    assert event.error is not None
    assert "hs_timestamp" in event.error
