"""End-to-end runs start worker processes that load the offline model from the shared test cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailtriage.extract.intent_model import load_intent_model
from mailtriage.tenant import load_tenant

MODEL_CACHE = Path(__file__).resolve().parents[2] / ".mailtriage" / "test-models"


@pytest.fixture(scope="session", autouse=True)
def trained_offline_model() -> None:
    # Trained here, once, before any worker starts: on a fresh checkout two workers would otherwise
    # both train it at start-up, inside the time a test gives its emails to settle.
    load_intent_model(load_tenant(None), MODEL_CACHE)
