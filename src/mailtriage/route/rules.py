"""``route(email, extraction, tenant) -> RouteDecision``: deterministic, ordered, versioned rules."""

from __future__ import annotations

from mailtriage.extract.schemas import Extraction
from mailtriage.route.schemas import Disposition, RouteDecision
from mailtriage.tenant import FallbackCondition, RoutingRule, TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.schemas import NormalizedEmail
from mailtriage.understand.signals import sender_signals


def _sender_domain(email: NormalizedEmail, extraction: Extraction) -> str | None:
    address = extraction.person.email or (email.sender.email if email.sender else None)
    return registrable_domain(address) if address else None


def _matches(rule: RoutingRule, extraction: Extraction, is_customer: bool) -> bool:
    when = rule.when
    if when.intent is not None and when.intent is not extraction.intent:
        return False
    if when.timeline is not None and extraction.timeline not in when.timeline:
        return False
    return when.sender_is_customer is None or when.sender_is_customer == is_customer


def _fallback_fires(when: FallbackCondition, email: NormalizedEmail, tenant: TenantConfig) -> bool:
    sender = registrable_domain(email.sender.email) if email.sender else None
    checks: list[bool] = []
    if when.sender_blocklisted is not None:
        checks.append((sender in tenant.blocklist_domains) == when.sender_blocklisted)
    if when.has_list_unsubscribe is not None:
        checks.append(email.signals.list_unsubscribe == when.has_list_unsubscribe)
    if when.sender_is_known_vendor is not None:
        checks.append((sender in tenant.vendor_domains) == when.sender_is_known_vendor)
    return bool(checks) and all(checks)


def route(
    email: NormalizedEmail, extraction: Extraction, tenant: TenantConfig, review_reason: str | None = None
) -> RouteDecision:
    steps = [f"model: intent={extraction.intent.value} confidence={extraction.confidence:.3f}"]
    signals = sender_signals(email, tenant)
    if signals.machine:
        # Auto-replies, bounces and our own mail coming back must never look like a person wrote
        # them: no queue, no CRM write, whatever the model thought.
        kind = "bounce" if signals.bounce else "loop" if signals.own_address else "auto_reply"
        steps.append(f"machine mail: {kind}")
        return RouteDecision(
            intent=extraction.intent,
            queue="ignored",
            priority="low",
            sla_minutes=None,
            rule=f"machine_mail:{kind}",
            disposition=Disposition.ignore,
            confidence=extraction.confidence,
            steps=tuple(steps),
        )
    if review_reason:
        steps.append(f"needs a person: {review_reason}")
        return _review(extraction, tenant, "review:extraction", steps)
    threshold = tenant.confidence_thresholds.get(extraction.intent, 1.0)
    if extraction.confidence < threshold:
        steps.append(f"below threshold {threshold:.2f}")
        for fallback in tenant.fallback_rules:
            if _fallback_fires(fallback.when, email, tenant):
                steps.append(f"fallback {fallback.name}: intent={fallback.intent.value}")
                extraction = extraction.model_copy(update={"intent": fallback.intent})
                break
        else:
            steps.append("no fallback rule fired: human review")
            return _review(extraction, tenant, "review:below_threshold", steps)
    is_customer = _sender_domain(email, extraction) in tenant.customer_domains
    for rule in tenant.routing_rules:
        if _matches(rule, extraction, is_customer):
            steps.append(f"rule {rule.name}")
            return RouteDecision(
                intent=extraction.intent,
                queue=rule.queue,
                priority=rule.priority,
                sla_minutes=rule.sla_minutes,
                rule=rule.name,
                disposition=Disposition.ignore if rule.disposition == "ignore" else Disposition.route,
                confidence=extraction.confidence,
                steps=tuple(steps),
            )
    # Unreachable for a validated tenant (every intent has a final rule), kept as a safe default.
    steps.append("no rule matched: human review")
    return _review(extraction, tenant, "review:no_rule", steps)


def _review(extraction: Extraction, tenant: TenantConfig, rule: str, steps: list[str]) -> RouteDecision:
    return RouteDecision(
        intent=extraction.intent,
        queue=tenant.review.queue,
        priority=tenant.review.priority,
        sla_minutes=tenant.review.sla_minutes,
        rule=rule,
        disposition=Disposition.review,
        confidence=extraction.confidence,
        steps=tuple(steps),
    )
