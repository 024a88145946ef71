"""Webhook deliveries repeated and raced across two workers still write each CRM object once, and a
permanent CRM failure reaches ops through the dead-letter queue with a link to the email."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.app import create_app
from mailtriage.broker import create_celery
from mailtriage.db import unit_of_work
from mailtriage.ingest.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from mailtriage.models import Email, EmailTransition
from mailtriage.sandbox.hubspot import HubSpotState
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.sandbox.slack import (
    DEFAULT_HOOK,
    SlackEmulatorConfig,
    SlackEmulatorState,
    create_slack_emulator,
    slack_state,
)
from tests.conftest import HUBSPOT_TOKEN, make_settings
from tests.e2e.test_crm_faults import _lead
from tests.e2e.workers import empty_queues, kill_group, service_env, start, terminal_count, wait_for

pytestmark = pytest.mark.e2e

EMAILS = 24
COMPANIES = 6  # several senders per company: the company is still made once


@pytest.fixture
def slack() -> Iterator[tuple[str, SlackEmulatorState]]:
    app = create_slack_emulator(SlackEmulatorConfig())
    base_url, stop = run_emulator_in_thread(app)
    yield f"{base_url}/services/{DEFAULT_HOOK}", slack_state(app)
    stop()


def test_each_webhook_three_times_to_two_workers_makes_each_object_once(
    database_url: str,
    rabbitmq_url: str,
    tmp_path: Path,
    sessions: sessionmaker[Session],
    hubspot_server: tuple[str, HubSpotState],
    hubspot: HubSpotState,
    slack: tuple[str, SlackEmulatorState],
) -> None:
    settings = make_settings(database_url, tmp_path, broker_url=rabbitmq_url)
    empty_queues(create_celery(settings))  # a test's own deliveries are the ones it counts
    with TestClient(create_app(settings)) as api:
        # One email's contact write gets an answer of the wrong shape: a permanent failure.
        hubspot.script("malformed", method="POST", path="/crm/v3/objects/contacts/batch/upsert")

        def deliver(i: int) -> int:
            raw = _lead(i, companies=COMPANIES).decode()
            body = json.dumps({"mailbox": "sales@lumenhq.com", "raw": raw}).encode()
            now = int(time.time())
            headers = {TIMESTAMP_HEADER: str(now), SIGNATURE_HEADER: sign(b"test-webhook-secret", now, body)}
            return api.post("/webhook/email", content=body, headers=headers).status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(deliver, [i for i in range(EMAILS) for _ in range(3)]))
    assert set(statuses) <= {200, 202}, statuses

    env = service_env(
        database_url,
        rabbitmq_url,
        tmp_path,
        MAILTRIAGE_CRM_MODE="auto",
        HUBSPOT_BASE_URL=hubspot_server[0],
        HUBSPOT_TOKEN=HUBSPOT_TOKEN,
        SLACK_WEBHOOK_URL=slack[0],
        MAILTRIAGE_PUBLIC_URL="https://triage.example.test",
    )
    log = tmp_path / "worker.log"
    workers = [start(["worker", "--concurrency", "2"], env, log) for _ in range(2)]
    try:
        wait_for(lambda: terminal_count(sessions) == EMAILS, 180, "every email to settle", log)
        wait_for(lambda: len(slack[1].messages) >= 1, 60, "the dead-letter notice in Slack", log)
    finally:
        for worker in workers:
            kill_group(worker)

    with unit_of_work(sessions) as session:
        assert session.scalar(select(func.count()).select_from(Email)) == EMAILS
        states = dict(session.execute(select(Email.state, func.count()).group_by(Email.state)).all())
        dead = session.execute(select(Email.id, Email.last_error).where(Email.state == "dead_letter")).all()
        synced_once = session.execute(
            select(EmailTransition.email_id, func.count())
            .where(EmailTransition.to_state == "synced")
            .group_by(EmailTransition.email_id)
        ).all()
    assert states == {"synced": EMAILS - 1, "dead_letter": 1}, states
    assert {n for _, n in synced_once} == {1}
    ((dead_id, reason),) = dead
    assert "UNEXPECTED_RESPONSE" in reason

    contacts = [c["properties"]["email"] for c in hubspot.all_objects("contacts")]
    assert len(contacts) == len(set(contacts)) == EMAILS - 1
    domains = [c["properties"]["domain"] for c in hubspot.all_objects("companies")]
    assert len(domains) == len(set(domains)) == COMPANIES
    assert len(hubspot.all_objects("deals")) == EMAILS - 1
    assert len(hubspot.all_objects("notes")) == EMAILS - 1

    (notice,) = slack[1].messages
    assert f"https://triage.example.test/admin/emails/{dead_id}" in json.dumps(notice.payload)
    assert "@" not in (notice.text or ""), "an address leaked into the ops channel"
