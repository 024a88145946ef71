from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import redis
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from mailtriage.broker import create_celery
from mailtriage.cli import app
from mailtriage.config import get_settings
from mailtriage.db import unit_of_work
from mailtriage.models import Email
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.queue import QUEUE, TaskQueue
from mailtriage.pipeline.sweeper import sweep
from mailtriage.tenant import TenantConfig
from tests.conftest import make_settings
from tests.factories import raw_email
from tests.pipeline.test_runner import store


def test_the_sweeper_requeues_only_emails_nobody_is_working_on(
    database_url: str, redis_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    settings = make_settings(database_url, tmp_path, broker_url=redis_url, sweeper_stale_seconds=60)
    queue = TaskQueue(create_celery(settings), sessions)
    lost, leased, fresh, done = (store(sessions, tenant, raw_email(i)) for i in range(4))
    with unit_of_work(sessions) as session:
        old = {"updated_at": Email.updated_at - timedelta(minutes=10)}
        session.execute(update(Email).where(Email.id.in_([lost, leased, done])).values(**old))
        session.execute(update(Email).where(Email.id == done).values(state="synced"))
        assert repo.claim(session, leased, lease_seconds=300) is not None

    assert sweep(settings, sessions, queue) == 1
    assert redis.Redis.from_url(redis_url).llen(QUEUE) == 1
    assert sweep(settings, sessions, queue) == 0, "just re-queued: not again until it is stale once more"
    del fresh


def test_status_prints_counts_per_state_as_json(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    store(sessions, tenant, raw_email(1))
    get_settings.cache_clear()  # the command reads the environment given below
    result = CliRunner().invoke(
        app,
        ["status", "--json"],
        env={"MAILTRIAGE_DATABASE_URL": database_url, "MAILTRIAGE_DATA_DIR": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["received"] == 1
    get_settings.cache_clear()
    assert set(counts) == {
        "received",
        "normalized",
        "extracted",
        "routed",
        "synced",
        "review",
        "ignored",
        "failed",
        "dead_letter",
    }
