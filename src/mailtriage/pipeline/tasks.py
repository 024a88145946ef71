"""Thin Celery wrappers: each builds its dependencies once per worker process and calls a runner."""

from __future__ import annotations

import os
import socket
from functools import lru_cache

from celery.signals import worker_process_init

from mailtriage.config import get_settings
from mailtriage.db import get_engine, session_factory
from mailtriage.extract.factory import build_extractor
from mailtriage.logs import configure_logging
from mailtriage.pipeline import sweeper
from mailtriage.pipeline.queue import PROCESS_TASK, SWEEP_TASK, TaskQueue
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.tenant import load_tenant
from mailtriage.worker import celery_app


@lru_cache(maxsize=1)
def pipeline_deps() -> PipelineDeps:
    settings = get_settings()
    tenant = load_tenant(settings.tenant_file)
    return PipelineDeps(
        settings=settings,
        tenant=tenant,
        extractor=build_extractor(settings, tenant),
        sessions=session_factory(get_engine(settings)),
        actor=f"worker:{socket.gethostname()}:{os.getpid()}",
    )


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


@celery_app.task(name=PROCESS_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_email_task(email_id: int) -> str | None:
    outcome = process_email(pipeline_deps(), email_id)
    if outcome.retry_in_seconds is not None:
        task_queue().enqueue([email_id], countdown=outcome.retry_in_seconds)
    return outcome.state.value if outcome.state else None


@celery_app.task(name=SWEEP_TASK, ignore_result=True)
def sweep_task() -> int:
    deps = pipeline_deps()
    return sweeper.sweep(deps.settings, deps.sessions, task_queue())
