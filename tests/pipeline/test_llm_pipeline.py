"""The pipeline with a hosted model configured: the real OpenAI and Anthropic SDKs against the
local emulator over HTTP, through the runner and the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.extract.factory import build_extractor
from mailtriage.models import Email, ExtractionRecord, RouteRecord
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.sandbox.llm import EmulatorConfig, create_llm_emulator, emulator_state
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.states import EmailState
from mailtriage.tenant import TenantConfig
from tests.conftest import make_settings
from tests.pipeline.test_runner import store

RAW = (
    b"From: Dana Ruiz <dana@brightwave-logistics.de>\r\nTo: sales@lumenhq.com\r\n"
    b"Subject: Demo of dashboards\r\nMessage-ID: <llm-1@brightwave-logistics.de>\r\n"
    b"Date: Tue, 03 Nov 2026 09:12:44 +0100\r\n\r\n"
    b"Hello, we would like a demo of your dashboards this month. Our budget is about EUR 5,000 per month.\r\n"
    b"Card for the trial: 4111 1111 1111 1111\r\n\r\nDana Ruiz\r\nBrightwave Logistics GmbH, Hamburg\r\n+49 40 1234567\r\n"
)


def responder(user_text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A model that reads the email well, plus one invented value grounding must remove."""
    assert "4111" not in user_text, "the card number must never leave masked"
    return {
        "intent": "lead",
        "person": {"name": "Dana Ruiz", "email": "dana@brightwave-logistics.de"},
        "company": {"name": "Brightwave Logistics GmbH", "domain": "brightwave-logistics.de"},
        "interest": {"products": ["Lumen Insights"]},
        "budget": {"annual_amount_usd": 66000},
        "timeline": "now",
        "region": "DE",
        "summary": "Wants a demo of dashboards this month.",
        "required_action": "schedule_demo",
        "confidence": 0.93,
    } | ({"region": "FR"} if "invent" in user_text else {})


@pytest.fixture(scope="module")
def emulator() -> Iterator[tuple[str, FastAPI]]:
    app = create_llm_emulator(EmulatorConfig(api_key="sk-test", responder=responder, retry_after_s=0.01))
    base_url, stop = run_emulator_in_thread(app)
    yield base_url, app
    stop()


@pytest.mark.parametrize("provider", ["openai", "anthropic", "chat-completions"])
def test_a_lead_is_extracted_by_the_hosted_model_masked_grounded_and_costed(
    provider: str,
    emulator: tuple[str, FastAPI],
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    base_url, app = emulator
    emulator_state(app).reset(["rate_limit", "rate_limit"])  # two 429s, then the answer
    settings = make_settings(
        database_url,
        tmp_path,
        llm_provider=provider,
        llm_model="emulated-large",
        llm_api_key="sk-test",
        llm_base_url=base_url if provider == "anthropic" else f"{base_url}/v1",
        llm_timeout_seconds=5,
        llm_prices={"emulated-large": (2.0, 8.0)},
    )
    deps = PipelineDeps(settings, tenant, build_extractor(settings, tenant), sessions, "test")
    email_id = store(sessions, tenant, RAW)

    assert process_email(deps, email_id).state is EmailState.synced

    with unit_of_work(sessions) as session:
        record = session.scalars(select(ExtractionRecord)).one()
        route = session.scalars(select(RouteRecord)).one()
    assert record.model == "emulated-large"
    assert record.json["budget"]["annual_amount_usd"] == 66000
    assert record.json["region"] == "DE"
    assert record.tokens_in > 0
    assert record.tokens_out > 0
    assert float(record.cost_usd) > 0
    assert route.rule == "hot_lead"
    assert len(emulator_state(app).requests) == 3


def test_an_unusable_model_answer_is_stored_and_sent_to_review(
    emulator: tuple[str, FastAPI],
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    base_url, app = emulator
    emulator_state(app).reset(["malformed_json"])
    settings = make_settings(
        database_url,
        tmp_path,
        llm_provider="openai",
        llm_model="emulated-large",
        llm_api_key="sk-test",
        llm_base_url=f"{base_url}/v1",
        llm_timeout_seconds=5,
    )
    deps = PipelineDeps(settings, tenant, build_extractor(settings, tenant), sessions, "test")
    email_id = store(sessions, tenant, RAW)

    assert process_email(deps, email_id).state is EmailState.review

    with unit_of_work(sessions) as session:
        record = session.scalars(select(ExtractionRecord)).one()
        email = session.get_one(Email, email_id)
    assert record.review_reason == "model answer unusable: invalid JSON"
    assert record.raw_response
    assert email.state == "review"


def test_a_model_that_keeps_failing_is_retried_by_the_pipeline_then_dead_lettered(
    emulator: tuple[str, FastAPI],
    database_url: str,
    tmp_path: Path,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
) -> None:
    base_url, app = emulator
    emulator_state(app).reset(["server_error"] * 64)
    settings = make_settings(
        database_url,
        tmp_path,
        llm_provider="openai",
        llm_model="emulated-large",
        llm_api_key="sk-test",
        llm_base_url=f"{base_url}/v1",
        llm_timeout_seconds=5,
        max_attempts=2,
        retry_backoff_seconds=0.01,
        retry_backoff_max_seconds=0.02,
    )
    deps = PipelineDeps(settings, tenant, build_extractor(settings, tenant), sessions, "test")
    email_id = store(sessions, tenant, RAW)

    first = process_email(deps, email_id)
    assert first.state is EmailState.failed
    import time

    time.sleep(0.05)
    assert process_email(deps, email_id).state is EmailState.dead_letter
    with unit_of_work(sessions) as session:
        assert "TransientError" in (session.get_one(Email, email_id).last_error or "")
