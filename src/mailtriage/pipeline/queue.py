"""Publishing work: always after the transaction that stored it has committed."""

from __future__ import annotations

from collections.abc import Iterable

import structlog
from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.pipeline import repository as repo

log = structlog.get_logger("mailtriage.queue")

PROCESS_TASK = "pipeline.process_email"
SWEEP_TASK = "pipeline.sweep"
DLQ_TASK = "pipeline.dead_letter_notice"
QUEUE = "email_triage"
# The design's dead-letter queue: one notice per email that reached dead_letter. The email itself
# stays in PostgreSQL (state dead_letter, with its reason); the worker consuming this queue tells
# ops (Slack) with a replay link, and retries that notice when Slack is down.
DLQ = "email_triage_dlq"


class TaskQueue:
    def __init__(self, celery: Celery, sessions: sessionmaker[Session]) -> None:
        self.celery = celery
        self.sessions = sessions

    def enqueue(self, email_ids: Iterable[int], countdown: float | None = None) -> int:
        """Publish one task per email. A publish that fails is logged, not raised: the email is
        stored, and the sweeper publishes it again."""
        sent: list[int] = []
        for email_id in email_ids:
            try:
                self.celery.send_task(PROCESS_TASK, args=[email_id], queue=QUEUE, countdown=countdown)
            except Exception as exc:
                log.warning("queue.publish_failed", email_id=email_id, error=type(exc).__name__)
                continue
            sent.append(email_id)
        if sent:
            with unit_of_work(self.sessions) as session:
                repo.mark_enqueued(session, sent)
        return len(sent)

    def announce_dead_letter(self, email_id: int, reason: str) -> bool:
        """Publish the dead-letter notice (after the commit that dead-lettered the email). A lost
        notice loses nothing: the email is in the dead_letter state, listed by `mailtriage status`."""
        try:
            self.celery.send_task(DLQ_TASK, args=[email_id, reason[:2000]], queue=DLQ)
        except Exception as exc:
            log.warning("queue.dlq_publish_failed", email_id=email_id, error=type(exc).__name__)
            return False
        return True

    def ping(self, timeout: float = 3.0) -> None:
        with self.celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
