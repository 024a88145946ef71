"""SLA due times are stored with the route; open breaches are counted until a person handles them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.app import create_app
from mailtriage.broker import create_celery
from mailtriage.config import Settings
from mailtriage.db import unit_of_work
from mailtriage.models import RouteRecord
from mailtriage.pipeline import sweeper
from mailtriage.pipeline.queue import TaskQueue
from mailtriage.pipeline.runner import process_email
from mailtriage.tenant import TenantConfig
from tests.factories import raw_email
from tests.pipeline.test_runner import deps_for, store

AUTH = {"authorization": "Bearer test-admin-token"}


def _open_breaches(queue: str) -> float | None:
    return REGISTRY.get_sample_value("mailtriage_sla_breaches_open", {"queue": queue})


def test_a_route_past_its_due_time_is_a_breach_until_it_is_handled(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    deps = deps_for(settings, tenant, sessions)
    late, on_time = (
        store(sessions, tenant, raw_email(0, scenario=0)),
        store(sessions, tenant, raw_email(7, scenario=0)),
    )
    for email_id in (late, on_time):
        process_email(deps, email_id)
    with unit_of_work(sessions) as session:
        route = session.scalars(select(RouteRecord).where(RouteRecord.email_id == late)).one()
        assert route.due_at is not None  # hot lead: 15 minutes
        session.execute(
            update(RouteRecord)
            .where(RouteRecord.email_id == late)
            .values(due_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        session.execute(
            update(RouteRecord)
            .where(RouteRecord.email_id == on_time)
            .values(due_at=datetime.now(UTC) + timedelta(minutes=10))
        )
    queue = TaskQueue(create_celery(settings), sessions)

    sweeper.sweep(settings, sessions, queue)
    assert _open_breaches("sales_inbound") == 1
    with TestClient(create_app(settings)) as api:
        assert api.get("/admin/sla", headers=AUTH).json() == {"sales_inbound": 1}
        assert api.post(f"/admin/emails/{late}/handled", headers=AUTH).status_code == 204
        assert api.get("/admin/sla", headers=AUTH).json() == {}
        story = api.get(f"/admin/emails/{late}", headers=AUTH).json()
    assert story["transitions"][-1]["reason"] == "handled in queue sales_inbound"
    sweeper.sweep(settings, sessions, queue)
    assert _open_breaches("sales_inbound") == 0
