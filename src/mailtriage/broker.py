"""Celery configuration: the broker (a server by URL, or embedded in a folder), reliability
settings and the sweeper's schedule. Publishers and workers build their app from the same settings."""

from __future__ import annotations

from typing import Any

from celery import Celery

from mailtriage.config import Settings
from mailtriage.pipeline.queue import QUEUE, SWEEP_TASK


def broker_options(settings: Settings) -> tuple[str, dict[str, Any]]:
    if settings.broker_url:
        # Redis: an unacknowledged message returns to the queue after this long; the sweeper
        # covers anything lost sooner (a Redis restart without persistence).
        return settings.broker_url, {"visibility_timeout": 3600}
    folder = (settings.data_dir / "broker").resolve()
    for sub in ("queue", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return "filesystem://", {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        # The folder is polled; the default second between polls caps a laptop at a few emails/s.
        "polling_interval": 0.05,
    }


def create_celery(settings: Settings) -> Celery:
    broker, options = broker_options(settings)
    app = Celery("mailtriage", set_as_current=False)
    app.conf.update(
        broker_url=broker,
        broker_transport_options=options,
        broker_connection_retry_on_startup=True,
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        # A task is acknowledged only after it ran; a worker killed mid-task leaves it queued.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # A new pool process warms the model up before it reports ready (about a second, longer
        # on a busy machine); Celery's default wait for that report is 4 s.
        worker_proc_alive_timeout=60,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        beat_schedule={
            "sweep-stuck-emails": {"task": SWEEP_TASK, "schedule": settings.sweeper_interval_seconds}
        },
    )
    return app
