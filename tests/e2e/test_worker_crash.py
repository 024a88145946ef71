"""The durability acceptance: workers killed mid-run and a broker that forgets lose no email and
complete none twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.broker import create_celery
from mailtriage.db import unit_of_work
from mailtriage.ingest.service import InboundMessage, store_inbound
from mailtriage.models import Email, EmailTransition, ExtractionRecord, RouteRecord
from mailtriage.pipeline.queue import TaskQueue
from mailtriage.states import TERMINAL_STATES
from mailtriage.tenant import TenantConfig
from tests.conftest import make_settings
from tests.e2e.workers import empty_queues, kill_group, service_env, start, terminal_count, wait_for
from tests.factories import raw_email

pytestmark = pytest.mark.e2e


def store_many(sessions: sessionmaker[Session], tenant: TenantConfig, count: int) -> list[int]:
    with unit_of_work(sessions) as session:
        return [
            store_inbound(
                session,
                InboundMessage(mailbox="sales@lumenhq.com", source="test", raw=raw_email(i)),
                max_bytes=1_000_000,
                config_version=tenant.config_version,
            ).email_id
            for i in range(count)
        ]


def assert_each_completed_exactly_once(sessions: sessionmaker[Session], count: int) -> None:
    terminal = [s.value for s in TERMINAL_STATES]
    with unit_of_work(sessions) as session:
        states = dict(session.execute(select(Email.state, func.count()).group_by(Email.state)).all())
        completions = session.execute(
            select(EmailTransition.email_id, func.count())
            .where(EmailTransition.to_state.in_(terminal))
            .group_by(EmailTransition.email_id)
        ).all()
        extractions = session.execute(
            select(ExtractionRecord.email_id, func.count()).group_by(ExtractionRecord.email_id)
        ).all()
        routes = session.execute(
            select(RouteRecord.email_id, func.count()).group_by(RouteRecord.email_id)
        ).all()
    assert sum(states.values()) == count
    assert set(states) <= set(terminal), states
    assert "dead_letter" not in states, states
    assert len(completions) == count
    assert {n for _, n in completions} == {1}, "an email reached a terminal state twice"
    assert len(extractions) == count
    assert {n for _, n in extractions} == {1}, "a stage's output was stored twice"
    assert {n for _, n in routes} == {1}


def test_sigkill_of_the_worker_mid_run_loses_nothing_and_completes_nothing_twice(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    total = 500
    settings = make_settings(database_url, tmp_path, broker_url=redis_url)
    ids = store_many(sessions, tenant, total)
    TaskQueue(create_celery(settings), sessions).enqueue(ids)
    env = service_env(database_url, redis_url, tmp_path)
    log = tmp_path / "worker.log"

    first = start(["worker", "--beat", "--concurrency", "2"], env, log)
    try:
        wait_for(lambda: terminal_count(sessions) >= 40, 120, "the first worker to make progress", log)
    finally:
        kill_group(first)
    done_before_restart = terminal_count(sessions)
    assert done_before_restart < total, "the worker must die mid-run for this test to mean anything"

    second = start(["worker", "--beat", "--concurrency", "2"], env, log)
    try:
        wait_for(lambda: terminal_count(sessions) == total, 300, "every email to settle", log)
    finally:
        kill_group(second)

    assert_each_completed_exactly_once(sessions, total)


def test_messages_lost_by_the_broker_are_recovered_by_the_sweeper(
    database_url: str,
    redis_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    total = 40
    settings = make_settings(database_url, tmp_path, broker_url=redis_url)
    ids = store_many(sessions, tenant, total)
    TaskQueue(create_celery(settings), sessions).enqueue(ids)
    redis.Redis.from_url(redis_url).flushdb()  # Redis restarted without persistence
    log = tmp_path / "worker.log"

    worker = start(
        ["worker", "--beat", "--concurrency", "2"], service_env(database_url, redis_url, tmp_path), log
    )
    try:
        wait_for(lambda: terminal_count(sessions) == total, 120, "the sweeper to recover every email", log)
    finally:
        kill_group(worker)

    assert_each_completed_exactly_once(sessions, total)


def test_the_pipeline_runs_on_rabbitmq_with_two_workers(
    database_url: str,
    rabbitmq_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    total = 60
    settings = make_settings(database_url, tmp_path, broker_url=rabbitmq_url)
    queue = TaskQueue(create_celery(settings), sessions)
    empty_queues(queue.celery)  # a test's own deliveries are the ones it counts
    ids = store_many(sessions, tenant, total)
    queue.enqueue(ids)
    queue.enqueue(ids)  # every message delivered twice: still one completion each
    env = service_env(database_url, rabbitmq_url, tmp_path)
    log = tmp_path / "worker.log"

    workers = [
        start(["worker", "--concurrency", "2"], env, log),
        start(["worker", "--concurrency", "2"], env, log),
    ]
    try:
        wait_for(lambda: terminal_count(sessions) == total, 180, "every email to settle", log)
    finally:
        for worker in workers:
            kill_group(worker)

    assert_each_completed_exactly_once(sessions, total)
