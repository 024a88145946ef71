"""Re-publishes emails stuck in a non-terminal state, so a lost broker message loses no email."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailtriage import metrics
from mailtriage.config import Settings
from mailtriage.db import unit_of_work
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.queue import TaskQueue

log = structlog.get_logger("mailtriage.sweeper")
_breach_queues_seen: set[str] = set()


def sweep(settings: Settings, sessions: sessionmaker[Session], queue: TaskQueue) -> int:
    older_than = datetime.now(UTC) - timedelta(seconds=settings.sweeper_stale_seconds)
    with unit_of_work(sessions) as session:
        stuck = repo.stuck_emails(session, older_than, settings.sweeper_batch)
        breaches = repo.sla_breaches(session, datetime.now(UTC))
    # Set on every sweep (also to zero) so the alert clears once the queue is worked off.
    for queue_name in set(breaches) | _breach_queues_seen:
        metrics.SLA_BREACHES_OPEN.labels(queue_name).set(breaches.get(queue_name, 0))
    _breach_queues_seen.update(breaches)
    if not stuck:
        return 0
    for _, state in stuck:
        metrics.SWEEPER_REENQUEUED.labels(state).inc()
    sent = queue.enqueue(email_id for email_id, _ in stuck)
    log.info("sweeper.reenqueued", count=sent)
    return sent
