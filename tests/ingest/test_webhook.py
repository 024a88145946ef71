from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.app import create_app
from mailtriage.config import Settings
from mailtriage.db import unit_of_work
from mailtriage.ingest.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from mailtriage.models import Email, EmailTransition
from mailtriage.pipeline.queue import QUEUE
from tests.conftest import make_settings
from tests.factories import raw_email

SECRET = b"test-webhook-secret"


def signed(body: bytes, secret: bytes = SECRET, at: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if at is None else at
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(secret, timestamp, body)}


def payload(index: int = 0, **extra: object) -> bytes:
    return json.dumps({"mailbox": "sales@lumenhq.com", "raw": raw_email(index).decode(), **extra}).encode()


@pytest.fixture
def api_settings(database_url: str, tmp_path: Path, redis_url: str) -> Settings:
    return make_settings(database_url, tmp_path, broker_url=redis_url)


@pytest.fixture
def client(api_settings: Settings, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    del sessions  # requested so every test starts from empty tables
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


def email_count(sessions: sessionmaker[Session]) -> int:
    with unit_of_work(sessions) as session:
        return session.scalar(select(func.count()).select_from(Email)) or 0


def queued_ids(redis_url: str) -> list[int]:
    messages = redis.Redis.from_url(redis_url).lrange(QUEUE, 0, -1)
    return sorted(json.loads(base64.b64decode(json.loads(m)["body"]))[0][0] for m in messages)


def test_a_signed_email_is_stored_then_queued(
    client: TestClient, sessions: sessionmaker[Session], redis_url: str
) -> None:
    body = payload()
    response = client.post("/webhook/email", content=body, headers=signed(body))

    assert response.status_code == 202
    email_id = response.json()["email_id"]
    assert response.json()["duplicate"] is False
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
        audit = session.scalars(select(EmailTransition)).one()
    assert email.state == "received"
    assert email.message_id == "<test-0@example.test>"
    assert email.enqueued_at is not None
    assert (audit.from_state, audit.to_state, audit.actor) == (None, "received", "ingest:webhook")
    assert queued_ids(redis_url) == [email_id]


def test_raw_may_also_come_base64_encoded(client: TestClient, sessions: sessionmaker[Session]) -> None:
    body = json.dumps(
        {"mailbox": "info@lumenhq.com", "raw_base64": base64.b64encode(raw_email(4)).decode()}
    ).encode()
    assert client.post("/webhook/email", content=body, headers=signed(body)).status_code == 202
    assert email_count(sessions) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {TIMESTAMP_HEADER: str(int(time.time())), SIGNATURE_HEADER: "v1=" + "0" * 64},
        "wrong-secret",
        "stale",
    ],
    ids=["unsigned", "bad-digest", "wrong-secret", "replayed-late"],
)
def test_a_request_without_a_valid_signature_gets_401_and_stores_nothing(
    client: TestClient, sessions: sessionmaker[Session], redis_url: str, headers: object
) -> None:
    body = payload()
    if headers == "wrong-secret":
        headers = signed(body, secret=b"not-the-secret")
    elif headers == "stale":
        headers = signed(body, at=int(time.time()) - 3600)
    assert isinstance(headers, dict)

    response = client.post("/webhook/email", content=body, headers=headers)

    assert response.status_code == 401
    assert email_count(sessions) == 0
    assert queued_ids(redis_url) == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"mailbox": "sales@lumenhq.com", "raw": ',
        b"[1, 2, 3]",
        b'{"mailbox": "sales@lumenhq.com"}',
        b'{"raw": "From: a@b.c\\r\\n\\r\\nhi"}',
        b'{"mailbox": "sales@lumenhq.com", "raw_base64": "***not base64***"}',
        b'{"mailbox": "ceo@elsewhere.example", "raw": "From: a@b.c\\r\\n\\r\\nhi"}',
    ],
    ids=["truncated-json", "not-an-object", "no-raw", "no-mailbox", "bad-base64", "unknown-mailbox"],
)
def test_a_signed_but_malformed_request_gets_422_and_stores_nothing(
    client: TestClient, sessions: sessionmaker[Session], body: bytes
) -> None:
    response = client.post("/webhook/email", content=body, headers=signed(body))
    assert response.status_code == 422
    assert email_count(sessions) == 0


def test_a_duplicate_delivery_gets_2xx_and_no_second_row_or_task(
    client: TestClient, sessions: sessionmaker[Session], redis_url: str
) -> None:
    body = payload()
    first = client.post("/webhook/email", content=body, headers=signed(body))
    again = client.post("/webhook/email", content=body, headers=signed(body))
    # The same message relayed for another inbox, with a fresh provider id: still one email.
    other = payload(provider_message_id="relay-2")
    relayed = client.post("/webhook/email", content=other, headers=signed(other))

    assert [r.status_code for r in (first, again, relayed)] == [202, 202, 202]
    assert again.json() == {"email_id": first.json()["email_id"], "duplicate": True}
    assert relayed.json()["duplicate"] is True
    assert email_count(sessions) == 1
    assert queued_ids(redis_url) == [first.json()["email_id"]]


def test_concurrent_deliveries_of_one_message_store_one_row(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    body = payload(7)

    def deliver(_: int) -> int:
        return client.post("/webhook/email", content=body, headers=signed(body)).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(deliver, range(16)))

    assert set(codes) == {202}
    assert email_count(sessions) == 1


def test_an_email_is_kept_even_when_the_broker_is_down(
    database_url: str, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    settings = make_settings(database_url, tmp_path, broker_url="redis://127.0.0.1:1/0")
    body = payload()
    with TestClient(create_app(settings)) as client:
        response = client.post("/webhook/email", content=body, headers=signed(body))
        health = client.get("/healthz")

    assert response.status_code == 202
    with unit_of_work(sessions) as session:
        email = session.scalars(select(Email)).one()
    assert email.enqueued_at is None, "not marked queued: the sweeper will publish it"
    assert health.status_code == 503
    assert health.json()["checks"]["broker"].startswith("error")
    assert health.json()["checks"]["database"] == "ok"


def test_health_and_metrics(client: TestClient) -> None:
    body = payload()
    client.post("/webhook/email", content=body, headers=signed(body))

    health = client.get("/healthz")
    metrics = client.get("/metrics").text

    assert health.status_code == 200
    assert health.json()["checks"] == {"database": "ok", "broker": "ok"}
    assert 'mailtriage_emails{state="received"} 1.0' in metrics
    assert 'mailtriage_emails_ingested_total{inbox="sales@lumenhq.com",source="webhook"}' in metrics
    assert "/webhook/email" in client.get("/openapi.json").json()["paths"]


def test_replay_needs_the_admin_token_and_a_stopped_email(
    client: TestClient, sessions: sessionmaker[Session], redis_url: str
) -> None:
    body = payload()
    email_id = client.post("/webhook/email", content=body, headers=signed(body)).json()["email_id"]
    admin = {"Authorization": "Bearer test-admin-token"}

    assert client.post("/admin/replay", json={"email_id": email_id}).status_code == 401
    assert (
        client.post(
            "/admin/replay", json={"email_id": email_id}, headers={"Authorization": "Bearer guess"}
        ).status_code
        == 401
    )
    assert client.post("/admin/replay", json={"email_id": 999}, headers=admin).status_code == 404
    in_progress = client.post("/admin/replay", json={"email_id": email_id}, headers=admin)
    assert in_progress.status_code == 409

    with unit_of_work(sessions) as session:
        session.get_one(Email, email_id).state = "dead_letter"
    replayed = client.post("/admin/replay", json={"email_id": email_id, "reason": "fixed"}, headers=admin)

    assert replayed.status_code == 202
    with unit_of_work(sessions) as session:
        assert session.get_one(Email, email_id).state == "received"
        last = session.scalars(select(EmailTransition).order_by(EmailTransition.id.desc())).first()
    assert last is not None
    assert (last.from_state, last.to_state, last.actor, last.reason) == (
        "dead_letter",
        "received",
        "api:admin",
        "fixed",
    )
    assert queued_ids(redis_url) == [email_id, email_id]
