"""Real worker processes for end-to-end tests, started through the ``mailtriage`` command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from celery import Celery
from kombu import Exchange, Queue
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.models import Email
from mailtriage.pipeline.queue import DLQ, QUEUE
from mailtriage.states import TERMINAL_STATES


def service_env(database_url: str, broker_url: str | None, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILTRIAGE_")}
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    env.update(
        MAILTRIAGE_DATA_DIR=str(data_dir),
        MAILTRIAGE_WEBHOOK_SECRETS="test-webhook-secret",
        MAILTRIAGE_ADMIN_TOKEN="test-admin-token",
        MAILTRIAGE_ADDRESS_HASH_SALT="test-salt",
        MAILTRIAGE_LOG_LEVEL="WARNING",
        MAILTRIAGE_LEASE_SECONDS="5",
        MAILTRIAGE_SWEEPER_INTERVAL_SECONDS="1",
        MAILTRIAGE_SWEEPER_STALE_SECONDS="3",
        # The offline model trained once for the whole test run.
        MAILTRIAGE_MODEL_CACHE_DIR=str(Path(__file__).resolve().parents[2] / ".mailtriage" / "test-models"),
    )
    if database_url:
        env["MAILTRIAGE_DATABASE_URL"] = database_url
    if broker_url:
        env["MAILTRIAGE_BROKER_URL"] = broker_url
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so a kill takes the worker and all its pool children at once,
    # as when the machine running it dies.
    return subprocess.Popen(
        [sys.executable, "-m", "mailtriage", *args],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGKILL) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    process.wait(timeout=30)


def terminal_count(sessions: sessionmaker[Session]) -> int:
    with unit_of_work(sessions) as session:
        return (
            session.scalar(select(func.count()).where(Email.state.in_([s.value for s in TERMINAL_STATES])))
            or 0
        )


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def empty_queues(celery: Celery) -> None:
    """Purge what an earlier run left in the broker's queues, keeping the queues.

    Deleting them instead would lose this test's messages: kombu's connection pool is shared by
    every Celery app in the process and remembers the queues it declared, so a publisher would
    not declare a deleted queue again and the broker would drop what it sends.
    """
    with celery.connection_for_write() as conn:
        channel = conn.default_channel
        for name in (QUEUE, DLQ):
            queue = Queue(name, Exchange(name, type="direct"), routing_key=name)(channel)
            queue.declare()
            queue.purge()
