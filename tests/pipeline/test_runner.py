from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.config import Settings
from mailtriage.db import unit_of_work
from mailtriage.extract.factory import build_extractor
from mailtriage.extract.protocol import Extractor
from mailtriage.extract.schemas import ExtractionContext, ExtractionRun
from mailtriage.ingest.service import InboundMessage, store_inbound
from mailtriage.models import Email, EmailTransition, ExtractionRecord, RouteRecord
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.replay import replay
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.states import EmailState
from mailtriage.tenant import TenantConfig
from mailtriage.understand.schemas import NormalizedEmail
from tests.conftest import make_settings
from tests.factories import raw_email


@dataclass
class FlakyExtractor:
    """Fails its first ``failures`` calls the way a model endpoint does, then works."""

    inner: Extractor
    failures: int
    name: str = "flaky"
    calls: int = field(default=0)

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError(f"model endpoint failed (call {self.calls})")
        return self.inner.extract(email, context)


def deps_for(
    settings: Settings,
    tenant: TenantConfig,
    sessions: sessionmaker[Session],
    extractor: Extractor | None = None,
) -> PipelineDeps:
    return PipelineDeps(
        settings=settings,
        tenant=tenant,
        extractor=extractor or build_extractor(settings, tenant),
        sessions=sessions,
        actor="test-worker",
    )


def store(sessions: sessionmaker[Session], tenant: TenantConfig, raw: bytes) -> int:
    with unit_of_work(sessions) as session:
        return store_inbound(
            session,
            InboundMessage(mailbox="sales@lumenhq.com", source="test", raw=raw),
            max_bytes=1_000_000,
            config_version=tenant.config_version,
        ).email_id


def transitions(sessions: sessionmaker[Session], email_id: int) -> list[tuple[str | None, str]]:
    with unit_of_work(sessions) as session:
        rows = session.execute(
            select(EmailTransition.from_state, EmailTransition.to_state)
            .where(EmailTransition.email_id == email_id)
            .order_by(EmailTransition.id)
        ).all()
    return [(r.from_state, r.to_state) for r in rows]


def run_until_settled(deps: PipelineDeps, email_id: int, timeout: float = 10.0) -> EmailState:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outcome = process_email(deps, email_id)
        if outcome.state and outcome.state not in {EmailState.failed}:
            return outcome.state
        time.sleep(0.05)
    raise AssertionError("email did not settle")


def test_a_lead_runs_every_stage_once_and_each_record_carries_the_config_version(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))

    outcome = process_email(deps_for(settings, tenant, sessions), email_id)

    assert outcome.state is EmailState.synced
    assert transitions(sessions, email_id) == [
        (None, "received"),
        ("received", "normalized"),
        ("normalized", "extracted"),
        ("extracted", "routed"),
        ("routed", "synced"),
    ]
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
        extraction = session.scalars(select(ExtractionRecord)).one()
        route = session.scalars(select(RouteRecord)).one()
        versions = set(session.scalars(select(EmailTransition.config_version)))
    assert email.sender == "dana@brightwave-logistics.com"
    assert email.subject == "Demo request #0"
    assert email.claim_token is None, "the lease is released when the run ends"
    assert extraction.json["intent"] == "lead"
    assert extraction.json["timeline"] == "now"
    assert extraction.json["budget"]["annual_amount_usd"] == 60000
    assert (route.queue, route.priority, route.sla_minutes, route.rule) == (
        "sales_inbound",
        "high",
        15,
        "hot_lead",
    )
    assert route.due_at is not None
    assert {extraction.config_version, route.config_version} | versions == {tenant.config_version}


def test_spam_is_ignored_and_goes_no_further(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(3, scenario=3))
    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.ignored
    assert transitions(sessions, email_id)[-1] == ("extracted", "ignored")


def test_a_failing_stage_is_retried_with_backoff_then_completes(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    flaky = FlakyExtractor(build_extractor(settings, tenant), failures=2)
    deps = deps_for(settings, tenant, sessions, flaky)

    first = process_email(deps, email_id)
    assert first.state is EmailState.failed
    assert first.retry_in_seconds is not None
    assert 0 < first.retry_in_seconds <= settings.retry_backoff_max_seconds
    assert process_email(deps, email_id).state is None, "a retry before its time does nothing"

    assert run_until_settled(deps, email_id) is EmailState.synced
    states = [to for _, to in transitions(sessions, email_id)]
    assert states.count("failed") == 2
    assert states.count("synced") == 1
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
        assert email.attempts == 2
        assert session.scalars(select(ExtractionRecord)).all().__len__() == 1


def test_a_stage_that_keeps_failing_is_dead_lettered_with_its_error(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(1, scenario=1))
    flaky = FlakyExtractor(build_extractor(settings, tenant), failures=100)

    assert run_until_settled(deps_for(settings, tenant, sessions, flaky), email_id) is EmailState.dead_letter

    assert flaky.calls == settings.max_attempts
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
    assert email.state == "dead_letter"
    assert email.resume_state == "normalized"
    assert email.last_error is not None
    assert "model endpoint failed" in email.last_error
    assert transitions(sessions, email_id)[-1] == ("normalized", "dead_letter")


def test_replay_sends_a_dead_lettered_email_through_again_and_audits_who_asked(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    broken = FlakyExtractor(build_extractor(settings, tenant), failures=100)
    assert run_until_settled(deps_for(settings, tenant, sessions, broken), email_id) is EmailState.dead_letter

    with unit_of_work(sessions) as session:
        replay(session, email_id, actor="cli:ops", config_version=tenant.config_version, reason="model fixed")
    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.synced

    with unit_of_work(sessions) as session:
        row = session.scalars(
            select(EmailTransition).where(EmailTransition.from_state == "dead_letter")
        ).one()
    assert (row.to_state, row.actor, row.reason) == ("received", "cli:ops", "model fixed")


def test_a_leased_email_is_not_run_by_a_second_worker(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    with unit_of_work(sessions) as session:
        assert repo.claim(session, email_id, lease_seconds=60) is not None

    assert process_email(deps_for(settings, tenant, sessions), email_id).state is None
    assert transitions(sessions, email_id) == [(None, "received")]


def test_a_worker_whose_lease_ran_out_cannot_complete_a_stage_twice(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    with unit_of_work(sessions) as session:
        stale = repo.claim(session, email_id, lease_seconds=0)
    assert stale is not None
    # Another worker takes over after the lease expired and finishes the email.
    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.synced
    # The first worker wakes up and tries to move the email on under its old lease.
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
        try:
            repo.transition(session, email, stale, EmailState.normalized, actor="late", config_version="x")
        except repo.LostClaim:
            pass
        else:
            raise AssertionError("a stale lease must not move the email")
    assert [to for _, to in transitions(sessions, email_id)].count("synced") == 1


def test_an_email_whose_worker_keeps_dying_is_dead_lettered_as_poison(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    settings = make_settings(database_url, tmp_path, max_claims=3)
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    for _ in range(3):  # three deliveries whose worker died before finishing
        with unit_of_work(sessions) as session:
            assert repo.claim(session, email_id, lease_seconds=0) is not None

    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.dead_letter
    with unit_of_work(sessions) as session:
        assert "poison" in (session.get_one(Email, email_id).last_error or "")


def test_an_oversized_message_ends_in_dead_letter_with_the_reason(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    settings = make_settings(database_url, tmp_path, max_raw_bytes=100)
    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.dead_letter
    with unit_of_work(sessions) as session:
        assert "over the 100-byte limit" in (session.get_one(Email, email_id).last_error or "")


def test_crm_writes_asked_for_without_a_crm_client_end_with_a_clear_reason(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    settings = make_settings(database_url, tmp_path, crm_mode="auto")
    assert process_email(deps_for(settings, tenant, sessions), email_id).state is EmailState.dead_letter
    with unit_of_work(sessions) as session:
        email = session.get_one(Email, email_id)
    assert email.attempts == 1, "a permanent error is not retried"
    assert "crm_mode=auto" in (email.last_error or "")


def test_a_terminal_email_delivered_again_is_left_alone(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    email_id = store(sessions, tenant, raw_email(0, scenario=0))
    deps = deps_for(settings, tenant, sessions)
    assert process_email(deps, email_id).state is EmailState.synced
    assert process_email(deps, email_id).state is None
    with unit_of_work(sessions) as session:
        session.execute(update(Email).where(Email.id == email_id).values(claims=0))
    assert len(transitions(sessions, email_id)) == 5


def test_a_reply_in_a_recently_classified_thread_reuses_the_result(
    settings: Settings, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    first = store(sessions, tenant, raw_email(0, scenario=0, message_id="<root@brightwave.example>"))
    reply = raw_email(1, scenario=0, message_id="<reply@brightwave.example>").replace(
        b"Message-ID:",
        b"In-Reply-To: <root@brightwave.example>\nReferences: <root@brightwave.example>\nMessage-ID:",
    )
    second = store(sessions, tenant, reply)
    deps = deps_for(settings, tenant, sessions)

    assert process_email(deps, first).state is EmailState.synced
    assert process_email(deps, second).state is EmailState.synced

    with unit_of_work(sessions) as session:
        models = dict(session.execute(select(ExtractionRecord.email_id, ExtractionRecord.model)).all())
    assert models[first] == "offline"
    assert models[second] == "thread-reuse"
