"""The worker's Celery application: ``celery -A mailtriage.worker worker`` on any machine, or
``mailtriage up`` next to the API with the embedded broker."""

from __future__ import annotations

from mailtriage.broker import create_celery
from mailtriage.config import get_settings

celery_app = create_celery(get_settings())

import mailtriage.pipeline.tasks  # noqa: E402,F401  (registers the tasks on celery_app)
