"""Thin Celery wrappers: each builds its dependencies once per worker process and calls a runner."""

from __future__ import annotations

import os
import socket
from functools import lru_cache

import structlog
from celery import Task
from celery.signals import worker_process_init

from mailtriage import metrics
from mailtriage.config import get_settings
from mailtriage.crm.factory import build_crm_client
from mailtriage.db import get_engine, session_factory
from mailtriage.extract.cascade import CascadeExtractor
from mailtriage.extract.factory import build_extractor
from mailtriage.logs import configure_logging
from mailtriage.notify.slack import SlackNotifier, build_slack_notifier, replay_link
from mailtriage.pipeline import sweeper
from mailtriage.pipeline.crm_journal import CrmAudit
from mailtriage.pipeline.queue import DLQ_TASK, PROCESS_TASK, SWEEP_TASK, TaskQueue
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize
from mailtriage.worker import celery_app

log = structlog.get_logger("mailtriage.tasks")

# Read once by each new worker process before its first task (see CascadeExtractor.warm_up).
WARM_UP_EMAIL = (
    b"From: Sam Example <sam@example.com>\r\nTo: sales@example.com\r\nSubject: Pricing\r\n"
    b"Message-ID: <warm-up@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Hi, could you send pricing for 20 seats? Budget is about $20k a year.\r\n\r\n"
    b"Best,\r\nSam Example\r\nHead of Operations, Example Ltd\r\n"
)


@lru_cache(maxsize=1)
def pipeline_deps() -> PipelineDeps:
    settings = get_settings()
    tenant = load_tenant(settings.tenant_file)
    sessions = session_factory(get_engine(settings))
    return PipelineDeps(
        settings=settings,
        tenant=tenant,
        extractor=build_extractor(settings, tenant),
        sessions=sessions,
        actor=f"worker:{socket.gethostname()}:{os.getpid()}",
        crm=build_crm_client(settings, on_exchange=CrmAudit(sessions)),
    )


@lru_cache(maxsize=1)
def ops_notifier() -> SlackNotifier | None:
    return build_slack_notifier(get_settings())


@lru_cache(maxsize=1)
def task_queue() -> TaskQueue:
    return TaskQueue(celery_app, pipeline_deps().sessions)


@worker_process_init.connect
def _fresh_process(**_: object) -> None:
    # A forked child must not reuse the parent's pooled connections or its actor name.
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    get_engine(settings).dispose(close=False)
    pipeline_deps.cache_clear()
    task_queue.cache_clear()
    ops_notifier.cache_clear()
    deps = pipeline_deps()
    if isinstance(deps.extractor, CascadeExtractor):
        deps.extractor.warm_up(normalize(WARM_UP_EMAIL, settings.normalize_limits()))


@celery_app.task(name=PROCESS_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_email_task(email_id: int) -> str | None:
    outcome = process_email(pipeline_deps(), email_id)
    if outcome.retry_in_seconds is not None:
        task_queue().enqueue([email_id], countdown=outcome.retry_in_seconds)
    if outcome.dead_letter_reason is not None:
        task_queue().announce_dead_letter(email_id, outcome.dead_letter_reason)
    return outcome.state.value if outcome.state else None


@celery_app.task(name=DLQ_TASK, bind=True, acks_late=True, ignore_result=True, max_retries=8)
def dead_letter_notice_task(self: Task, email_id: int, reason: str) -> bool:
    settings = pipeline_deps().settings
    notifier = ops_notifier()
    if notifier is None:
        log.warning("dlq.no_slack_webhook", email_id=email_id)
        metrics.DLQ_NOTICES.labels("no_channel").inc()
        return False
    if notifier.notify_dead_letter(email_id, reason, replay_link(settings.public_url, email_id), None):
        metrics.DLQ_NOTICES.labels("sent").inc()
        return True
    metrics.DLQ_NOTICES.labels("retry").inc()
    raise self.retry(countdown=min(600, 15 * 2**self.request.retries))


@celery_app.task(name=SWEEP_TASK, ignore_result=True)
def sweep_task() -> int:
    deps = pipeline_deps()
    return sweeper.sweep(deps.settings, deps.sessions, task_queue())
