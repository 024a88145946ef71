"""``process_email``: the one place that runs the stages and owns their side effects.

Each stage is one transaction: load the email under our lease, run the pure stage function,
store its output, move the state on, commit. A crash anywhere loses at most the stage in flight,
which the next delivery (or the sweeper) runs again from the last committed state.
"""

from __future__ import annotations

import random
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import func
from sqlalchemy.orm import Session, sessionmaker

from mailtriage import metrics
from mailtriage.config import CrmMode, Settings
from mailtriage.crm.plan import email_key, plan_crm_writes
from mailtriage.crm.protocol import CrmClient, CrmError
from mailtriage.crm.sync import sync_plan
from mailtriage.db import unit_of_work
from mailtriage.errors import PermanentError, TransientError
from mailtriage.extract.protocol import Extractor
from mailtriage.extract.schemas import Extraction, ExtractionContext, Intent
from mailtriage.logs import hash_address
from mailtriage.models import Email, ExtractionRecord, RouteRecord
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.crm_journal import DbWriteJournal
from mailtriage.route.rules import route
from mailtriage.route.schemas import Disposition, RouteDecision
from mailtriage.states import TERMINAL_STATES, EmailState
from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import NormalizeLimits, normalize
from mailtriage.understand.render import normalized_json
from mailtriage.understand.schemas import NormalizedEmail

log = structlog.get_logger("mailtriage.pipeline")


@dataclass(frozen=True)
class PipelineDeps:
    settings: Settings
    tenant: TenantConfig
    extractor: Extractor
    sessions: sessionmaker[Session]
    actor: str
    # The CRM target for inboxes in review or auto mode; None when no CRM is configured.
    crm: CrmClient | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    email_id: int
    state: EmailState | None  # None: this delivery had nothing to do
    retry_in_seconds: float | None = None
    # Set when this run dead-lettered the email: the caller announces it after the commit.
    dead_letter_reason: str | None = None


def backoff_seconds(attempt: int, settings: Settings) -> float:
    """Exponential backoff with full jitter, so retries of many emails do not arrive together."""
    ceiling = min(settings.retry_backoff_max_seconds, settings.retry_backoff_seconds * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


def process_email(deps: PipelineDeps, email_id: int) -> Outcome:
    settings = deps.settings
    with unit_of_work(deps.sessions) as session:
        claim = repo.claim(session, email_id, settings.lease_seconds)
    if claim is None:
        return Outcome(email_id, None)
    structlog.contextvars.bind_contextvars(email_id=email_id)
    released = False
    try:
        if claim.claims > settings.max_claims:
            with unit_of_work(deps.sessions) as session:
                email = repo.load_claimed(session, claim)
                _dead_letter(
                    session,
                    deps,
                    email,
                    claim,
                    reason := f"abandoned {claim.claims - 1} times by a worker that died (poison message)",
                )
            return Outcome(email_id, EmailState.dead_letter, dead_letter_reason=reason)
        # One session for the email's stages, each stage its own transaction: the email row is
        # read once, and the lease guard on every transition notices anyone changing it under us.
        session = deps.sessions()
        try:
            email = repo.load_claimed(session, claim)
            while True:
                state = EmailState(email.state)
                if state is EmailState.failed:
                    resume = EmailState(email.resume_state or EmailState.received)
                    repo.transition(
                        session,
                        email,
                        claim,
                        resume,
                        actor=deps.actor,
                        config_version=deps.tenant.config_version,
                        reason=f"retry, attempt {email.attempts + 1} of {settings.max_attempts}",
                        next_attempt_at=None,
                    )
                    session.commit()
                    continue
                if state in TERMINAL_STATES:
                    outcome: Outcome | None = Outcome(email_id, state)
                else:
                    outcome = _run_stage(session, deps, email, claim)
                if outcome is not None:
                    # The lease goes with the last stage's commit.
                    repo.release(session, claim)
                    released = True
                session.commit()
                if outcome is not None:
                    return outcome
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    except repo.LostClaim as lost:
        log.warning("pipeline.claim_lost", reason=str(lost))
        return Outcome(email_id, None)
    finally:
        if not released:
            with unit_of_work(deps.sessions) as session:
                repo.release(session, claim)
        structlog.contextvars.unbind_contextvars("email_id")


def _run_stage(session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim) -> Outcome | None:
    state = EmailState(email.state)
    started = time.perf_counter()
    try:
        STAGES[state](session, deps, email, claim)
    except repo.LostClaim:
        raise
    except Exception as exc:
        # Nothing of the failed stage stays; its failure is recorded in a fresh transaction.
        session.rollback()
        session.info.clear()
        return _record_failure(session, deps, repo.load_claimed(session, claim), claim, state, exc)
    finally:
        metrics.STAGE_SECONDS.labels(state.value).observe(time.perf_counter() - started)
    return None


def _record_failure(
    session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim, stage: EmailState, exc: Exception
) -> Outcome:
    settings = deps.settings
    attempts = email.attempts + 1
    error = f"{stage.value}: {type(exc).__name__}: {exc}"[:2000]
    log.warning("pipeline.stage_failed", stage=stage.value, attempt=attempts, error=type(exc).__name__)
    if isinstance(exc, PermanentError) or attempts >= settings.max_attempts:
        _dead_letter(session, deps, email, claim, error, attempts=attempts)
        return Outcome(email.id, EmailState.dead_letter, dead_letter_reason=error)
    delay = backoff_seconds(attempts, settings)
    repo.transition(
        session,
        email,
        claim,
        EmailState.failed,
        actor=deps.actor,
        config_version=deps.tenant.config_version,
        reason=error,
        detail={"attempt": attempts, "retry_in_seconds": round(delay, 3)},
        attempts=attempts,
        resume_state=stage.value,
        last_error=error,
        next_attempt_at=func.now() + timedelta(seconds=delay),
    )
    return Outcome(email.id, EmailState.failed, retry_in_seconds=delay)


def _dead_letter(
    session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim, reason: str, **values: Any
) -> None:
    stage = EmailState(email.state)
    if stage is EmailState.failed and email.resume_state:
        stage = EmailState(email.resume_state)
    repo.transition(
        session,
        email,
        claim,
        EmailState.dead_letter,
        actor=deps.actor,
        config_version=deps.tenant.config_version,
        reason=reason,
        last_error=reason,
        resume_state=stage.value,
        next_attempt_at=None,
        **values,
    )
    metrics.DEAD_LETTERED.labels(stage.value).inc()
    log.error("pipeline.dead_lettered", stage=stage.value, reason=reason)


_NORMALIZED_CACHE: OrderedDict[tuple[str, NormalizeLimits], NormalizedEmail] = OrderedDict()
_NORMALIZED_CACHE_SIZE = 256


def _normalized(deps: PipelineDeps, email: Email) -> NormalizedEmail:
    """Each stage needs the normalised email and each stage is its own transaction; normalising is
    pure, so a worker keeps recent results instead of parsing the same bytes three times."""
    limits = deps.settings.normalize_limits()
    key = (email.raw_sha256, limits)
    cached = _NORMALIZED_CACHE.get(key)
    if cached is not None:
        _NORMALIZED_CACHE.move_to_end(key)
        return cached
    # MessageRejected (a limit broken) is a PermanentError: dead-lettered at once with its reason.
    result = normalize(email.raw_mime, limits)
    _NORMALIZED_CACHE[key] = result
    if len(_NORMALIZED_CACHE) > _NORMALIZED_CACHE_SIZE:
        _NORMALIZED_CACHE.popitem(last=False)
    return result


def stage_normalize(session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim) -> None:
    n = _normalized(deps, email)
    repo.transition(
        session,
        email,
        claim,
        EmailState.normalized,
        actor=deps.actor,
        config_version=deps.tenant.config_version,
        detail={"defects": list(n.defects), "attachments": len(n.attachments), "language": n.language},
        subject=n.subject,
        sender=n.sender.email if n.sender else None,
        to=[a.email for a in n.to],
        cc=[a.email for a in n.cc],
        body_text=n.text,
        body_html=n.body_html,
        # The text has its own column; the rest (headers, parts, signals) is kept as JSON.
        raw_json={k: v for k, v in normalized_json(n).items() if k != "text"},
    )
    log.info("pipeline.normalized", sender=hash_address(email.sender, deps.settings.hash_salt()))


def stage_extract(session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim) -> None:
    prior = repo.recent_thread_extraction(session, email, hours=deps.settings.thread_reuse_hours)
    context = ExtractionContext(prior_thread=Extraction.model_validate(prior.json) if prior else None)
    run = deps.extractor.extract(_normalized(deps, email), context)
    record = ExtractionRecord(
        email_id=email.id,
        model=run.model,
        version=run.model_version,
        schema_name=run.schema_name,
        json=run.extraction.model_dump(mode="json"),
        confidence=run.extraction.confidence,
        tokens_in=run.tokens_in,
        tokens_out=run.tokens_out,
        cost_usd=Decimal(str(run.cost_usd)),
        latency_ms=run.latency_ms,
        config_version=deps.tenant.config_version,
        raw_response=run.raw_response,
        review_reason=run.review_reason,
        nulled=list(run.nulled),
    )
    session.add(record)
    _remember(session, email, record, run.extraction)
    metrics.EXTRACTION_CONFIDENCE.labels(run.extraction.intent.value).observe(run.extraction.confidence)
    repo.transition(
        session,
        email,
        claim,
        EmailState.extracted,
        actor=deps.actor,
        config_version=deps.tenant.config_version,
        detail={
            "model": run.model,
            "intent": run.extraction.intent.value,
            "confidence": run.extraction.confidence,
        },
    )


def _remember(session: Session, email: Email, *records: object) -> None:
    """What this run's stages wrote, for its later stages: a run of several stages shares one
    session (``session.info`` lives as long as it; a failed stage's rollback forgets it)."""
    for record in records:
        session.info[(type(record).__name__, email.id)] = record


def _latest_extraction(session: Session, email: Email) -> tuple[ExtractionRecord, Extraction]:
    record = session.info.get((ExtractionRecord.__name__, email.id))
    extraction = session.info.get((Extraction.__name__, email.id))
    if not isinstance(record, ExtractionRecord) or not isinstance(extraction, Extraction):
        record = repo.latest_extraction(session, email.id)
        if record is None:
            raise PermanentError("no extraction stored for an email past extraction")
        extraction = Extraction.model_validate(record.json)
    return record, extraction


def stage_route(session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim) -> None:
    record, extraction = _latest_extraction(session, email)
    decision = route(_normalized(deps, email), extraction, deps.tenant, record.review_reason)
    due = email.received_at + timedelta(minutes=decision.sla_minutes) if decision.sla_minutes else None
    route_record = RouteRecord(
        email_id=email.id,
        intent=decision.intent.value,
        queue=decision.queue,
        priority=decision.priority,
        sla_minutes=decision.sla_minutes,
        due_at=due,
        rule=decision.rule,
        disposition=decision.disposition.value,
        steps=list(decision.steps),
        config_version=deps.tenant.config_version,
    )
    session.add(route_record)
    _remember(session, email, route_record)
    metrics.ROUTED.labels(decision.queue, decision.intent.value, decision.rule).inc()
    next_state = {
        Disposition.route: EmailState.routed,
        Disposition.ignore: EmailState.ignored,
        Disposition.review: EmailState.review,
    }[decision.disposition]
    repo.transition(
        session,
        email,
        claim,
        next_state,
        actor=deps.actor,
        config_version=deps.tenant.config_version,
        reason=f"rule {decision.rule}: queue {decision.queue}",
        detail={"queue": decision.queue, "priority": decision.priority, "steps": list(decision.steps)},
    )


def _decision_of(record: RouteRecord, confidence: float) -> RouteDecision:
    return RouteDecision(
        intent=Intent(record.intent),
        queue=record.queue,
        priority=record.priority,
        sla_minutes=record.sla_minutes,
        rule=record.rule,
        disposition=Disposition(record.disposition),
        confidence=confidence,
        steps=tuple(record.steps),
    )


def stage_sync(session: Session, deps: PipelineDeps, email: Email, claim: repo.Claim) -> None:
    inbox = deps.tenant.inbox(email.mailbox)
    mode = deps.settings.crm_mode or (inbox.crm_mode if inbox else CrmMode.off)
    version = deps.tenant.config_version
    if mode is CrmMode.off:
        repo.transition(
            session,
            email,
            claim,
            EmailState.synced,
            actor=deps.actor,
            config_version=version,
            reason="crm_mode=off: routed only, no CRM writes",
        )
        return
    _, extraction = _latest_extraction(session, email)
    route_record = session.info.get((RouteRecord.__name__, email.id))
    if not isinstance(route_record, RouteRecord):
        route_record = repo.latest_route(session, email.id)
    if route_record is None:
        raise PermanentError("no route stored for an email to sync")
    plan = plan_crm_writes(
        extraction,
        _decision_of(route_record, extraction.confidence),
        deps.tenant,
        key=email_key(email.message_id, email.raw_sha256),
        received_at=email.received_at,
        subject=email.subject or "",
    )
    if plan.empty:
        repo.transition(
            session,
            email,
            claim,
            EmailState.synced,
            actor=deps.actor,
            config_version=version,
            reason="no CRM write: " + "; ".join(plan.skipped),
            detail={"plan": plan.as_json()},
        )
        return
    if mode is CrmMode.review and not email.crm_approved_by:
        # Parked until a person confirms (POST /admin/emails/{id}/crm/approve), which sends it
        # back to `routed`; the plan is recomputed then, from the same stored extraction.
        repo.transition(
            session,
            email,
            claim,
            EmailState.review,
            actor=deps.actor,
            config_version=version,
            reason="crm_mode=review: the CRM writes wait for a person's approval",
            detail={"plan": plan.as_json()},
            resume_state=EmailState.routed.value,
        )
        return
    if deps.crm is None:
        raise PermanentError(
            f"crm_mode={mode.value} needs a CRM target: set HUBSPOT_TOKEN (and HUBSPOT_BASE_URL) "
            "or the Salesforce settings"
        )
    journal = DbWriteJournal(deps.sessions, email.id, deps.crm.name, version)
    started = time.perf_counter()
    try:
        result = sync_plan(plan, deps.crm, journal)
    except CrmError as exc:
        metrics.CRM_SYNCS.labels(deps.crm.name, "retryable" if exc.retryable else "failed").inc()
        detail = f"{deps.crm.name} {exc.category or 'error'} (HTTP {exc.status}): {exc}"
        if exc.retryable:
            raise TransientError(detail) from exc
        raise PermanentError(detail) from exc
    metrics.CRM_WRITE_SECONDS.labels(deps.crm.name).observe(time.perf_counter() - started)
    metrics.CRM_SYNCS.labels(deps.crm.name, "ok").inc()
    repo.transition(
        session,
        email,
        claim,
        EmailState.synced,
        actor=deps.actor,
        config_version=version,
        reason=f"{deps.crm.name}: {len(result.created)} writes, {len(result.reused)} already done",
        detail={
            "crm": deps.crm.name,
            "ids": dict(result.ids),
            "created": result.created,
            "reused": result.reused,
            "notes": result.notes,
            "approved_by": email.crm_approved_by,
        },
    )
    log.info("pipeline.synced", crm=deps.crm.name, objects=len(result.ids))


STAGES = {
    EmailState.received: stage_normalize,
    EmailState.normalized: stage_extract,
    EmailState.extracted: stage_route,
    EmailState.routed: stage_sync,
}
