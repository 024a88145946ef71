"""Planning logic of the cascade with in-process model stand-ins (the real SDK clients are tested
against the HTTP emulators in tests/extract/llm)."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest

from mailtriage.extract.cascade import CascadeExtractor
from mailtriage.extract.llm.protocol import LlmReply, ToolSpec
from mailtriage.extract.llm_extractor import LlmExtractor
from mailtriage.extract.schemas import Extraction, ExtractionContext, ExtractionRun, Intent, RequiredAction
from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import normalize
from mailtriage.understand.schemas import NormalizedEmail


@dataclass
class ScriptedModel:
    """Answers every call with the given arguments (or none), counting calls and recording input."""

    arguments: dict[str, Any] | None
    name: str = "scripted"
    model: str = "large-1"
    calls: list[str] = field(default_factory=list)

    def complete(self, system: str, user: str, tool: ToolSpec) -> LlmReply:
        self.calls.append(user)
        return LlmReply(
            self.arguments,
            "{...}",
            None if self.arguments else "invalid JSON",
            self.model,
            900,
            120,
            0.002,
            50.0,
            1,
        )


@dataclass
class FixedSmall:
    intent: Intent
    confidence: float
    name: str = "small"

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        return ExtractionRun(
            extraction=Extraction(
                intent=self.intent, required_action=RequiredAction.ignore, confidence=self.confidence
            ),
            model="small",
            model_version="1",
        )


LEAD = {
    "intent": "lead",
    "person": {"name": "Dana Ruiz", "email": "dana@brightwave.example.com"},
    "company": {"name": None, "domain": "brightwave.example.com"},
    "interest": {"products": ["Lumen Insights"]},
    "budget": {"annual_amount_usd": None},
    "timeline": "now",
    "region": None,
    "summary": "Demo request.",
    "required_action": "schedule_demo",
    "confidence": 0.9,
}


def mail(
    body: str = "Hi, could we get a demo of your dashboards this week? Card 4111 1111 1111 1111.",
    **headers: str,
) -> NormalizedEmail:
    msg = EmailMessage()
    msg["From"] = "Dana Ruiz <dana@brightwave.example.com>"
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = "Demo"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return normalize(msg.as_bytes())


def cascade(tenant: TenantConfig, small: FixedSmall, large: ScriptedModel | None) -> CascadeExtractor:
    return CascadeExtractor(small=small, large=LlmExtractor(large, tenant) if large else None, tenant=tenant)


def test_leads_go_to_the_large_model_with_secrets_masked(tenant: TenantConfig) -> None:
    large = ScriptedModel(LEAD)
    run = cascade(tenant, FixedSmall(Intent.lead, 0.95), large).extract(mail())
    assert run.model == "large-1"
    assert run.extraction.intent is Intent.lead
    assert (run.tokens_in, run.tokens_out, run.cost_usd) == (900, 120, 0.002)
    assert "4111" not in large.calls[0]
    assert "[CARD_1]" in large.calls[0]


@pytest.mark.parametrize("intent", [Intent.spam, Intent.newsletter, Intent.vendor, Intent.job_applicant])
def test_confident_local_intents_are_settled_without_the_large_model(
    tenant: TenantConfig, intent: Intent
) -> None:
    large = ScriptedModel(LEAD)
    run = cascade(tenant, FixedSmall(intent, 0.9), large).extract(mail())
    assert run.model == "small"
    assert large.calls == []
    unsure = cascade(tenant, FixedSmall(intent, 0.5), large).extract(mail())
    assert unsure.model == "large-1"


def test_dkim_failure_or_a_blocklisted_sender_skips_the_model(tenant: TenantConfig) -> None:
    large = ScriptedModel(LEAD)
    failing = mail(Authentication_Results="mx.lumenhq.com; dkim=fail header.d=brightwave.example.com")
    assert cascade(tenant, FixedSmall(Intent.lead, 0.5), large).extract(failing).model == "small"
    assert large.calls == []


def test_a_thread_classified_recently_reuses_the_result(tenant: TenantConfig) -> None:
    large = ScriptedModel(LEAD)
    prior = Extraction.model_validate(LEAD)
    run = cascade(tenant, FixedSmall(Intent.spam, 0.99), large).extract(
        mail(), ExtractionContext(prior_thread=prior)
    )
    assert run.model == "thread-reuse"
    assert run.extraction.intent is Intent.lead
    assert large.calls == []


def test_an_unusable_answer_is_kept_and_sends_the_email_to_a_person(tenant: TenantConfig) -> None:
    run = cascade(tenant, FixedSmall(Intent.lead, 0.6), ScriptedModel(None)).extract(mail())
    assert run.review_reason == "model answer unusable: invalid JSON"
    assert run.raw_response == "{...}"
    assert run.tokens_in == 900
    assert run.extraction.intent is Intent.lead  # the offline answer stands in, for a person to check
