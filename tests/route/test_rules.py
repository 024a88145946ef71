from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailtriage.extract.schemas import Company, Extraction, Intent, Person, RequiredAction, Timeline
from mailtriage.route.rules import route
from mailtriage.route.schemas import Disposition
from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import normalize
from mailtriage.understand.schemas import NormalizedEmail


def email(sender: str = "a@prospect.example.com", **headers: str) -> NormalizedEmail:
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = "hello"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("body")
    return normalize(msg.as_bytes())


def extraction(
    intent: Intent,
    confidence: float = 0.9,
    timeline: Timeline = Timeline.unknown,
    sender: str = "a@prospect.example.com",
) -> Extraction:
    return Extraction(
        intent=intent,
        person=Person(email=sender),
        company=Company(domain=sender.rpartition("@")[2]),
        timeline=timeline,
        required_action=RequiredAction.ignore,
        confidence=confidence,
    )


@pytest.mark.parametrize(
    ("intent", "timeline", "sender", "queue", "priority", "sla", "rule", "disposition"),
    [
        (
            Intent.lead,
            Timeline.now,
            "a@prospect.example.com",
            "sales_inbound",
            "high",
            15,
            "hot_lead",
            Disposition.route,
        ),
        (
            Intent.lead,
            Timeline.quarter,
            "a@prospect.example.com",
            "sales_inbound",
            "high",
            15,
            "hot_lead",
            Disposition.route,
        ),
        (
            Intent.lead,
            Timeline.six_months,
            "a@prospect.example.com",
            "sales_inbound",
            "normal",
            240,
            "lead",
            Disposition.route,
        ),
        (
            Intent.support,
            Timeline.unknown,
            "it@globex.com",
            "support_escalated",
            "high",
            60,
            "customer_support",
            Disposition.route,
        ),
        (
            Intent.support,
            Timeline.unknown,
            "a@prospect.example.com",
            "support",
            "normal",
            480,
            "support",
            Disposition.route,
        ),
        (
            Intent.vendor,
            Timeline.unknown,
            "a@prospect.example.com",
            "ops",
            "low",
            2880,
            "vendor",
            Disposition.route,
        ),
        (
            Intent.job_applicant,
            Timeline.unknown,
            "a@prospect.example.com",
            "recruiting",
            "low",
            2880,
            "job_applicant",
            Disposition.route,
        ),
        (
            Intent.spam,
            Timeline.unknown,
            "a@prospect.example.com",
            "ignored",
            "low",
            None,
            "spam",
            Disposition.ignore,
        ),
        (
            Intent.newsletter,
            Timeline.unknown,
            "a@prospect.example.com",
            "ignored",
            "low",
            None,
            "newsletter",
            Disposition.ignore,
        ),
    ],
)
def test_the_design_rules(
    tenant: TenantConfig,
    intent: Intent,
    timeline: Timeline,
    sender: str,
    queue: str,
    priority: str,
    sla: int | None,
    rule: str,
    disposition: Disposition,
) -> None:
    decision = route(email(sender), extraction(intent, timeline=timeline, sender=sender), tenant)
    assert (decision.queue, decision.priority, decision.sla_minutes, decision.rule, decision.disposition) == (
        queue,
        priority,
        sla,
        rule,
        disposition,
    )


def test_below_threshold_goes_to_review_with_each_step_logged(tenant: TenantConfig) -> None:
    decision = route(email(), extraction(Intent.lead, confidence=0.3), tenant)
    assert decision.disposition is Disposition.review
    assert decision.queue == "human_review"
    assert decision.steps[0] == "model: intent=lead confidence=0.300"
    assert "below threshold" in decision.steps[1]


def test_below_threshold_a_sure_rule_signal_decides_before_a_person_is_asked(tenant: TenantConfig) -> None:
    bulk = route(
        email(List_Unsubscribe="<mailto:u@x.example>"), extraction(Intent.lead, confidence=0.2), tenant
    )
    assert (bulk.intent, bulk.disposition, bulk.rule) == (Intent.newsletter, Disposition.ignore, "newsletter")
    assert any("fallback bulk_mail_headers" in s for s in bulk.steps)


def test_below_threshold_a_known_vendor_domain_routes_to_ops(tenant: TenantConfig) -> None:
    sender = "billing@cloudhost-supplies.com"
    unsure = route(email(sender), extraction(Intent.lead, confidence=0.3, sender=sender), tenant)
    assert (unsure.intent, unsure.queue, unsure.rule) == (Intent.vendor, "ops", "vendor")
    assert any("fallback known_vendor" in s for s in unsure.steps)
    # Above the threshold the model's word stands: a supplier may also want to buy.
    sure = route(email(sender), extraction(Intent.lead, confidence=0.9, sender=sender), tenant)
    assert sure.intent is Intent.lead


@pytest.mark.parametrize(
    ("sender", "headers", "rule"),
    [
        ("a@prospect.example.com", {"Auto_Submitted": "auto-replied"}, "machine_mail:auto_reply"),
        ("mailer-daemon@mx.example.com", {}, "machine_mail:bounce"),
        ("sales@lumenhq.com", {}, "machine_mail:loop"),
    ],
)
def test_machine_mail_never_reaches_a_queue_or_the_crm(
    tenant: TenantConfig, sender: str, headers: dict[str, str], rule: str
) -> None:
    decision = route(
        email(sender, **headers), extraction(Intent.lead, timeline=Timeline.now, sender=sender), tenant
    )
    assert (decision.disposition, decision.queue, decision.rule) == (Disposition.ignore, "ignored", rule)
