"""Every Prometheus metric, declared once. Labels stay low-cardinality: no ids, no addresses."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EMAILS_INGESTED = Counter(
    "mailtriage_emails_ingested_total", "Emails accepted for processing", ["inbox", "source"]
)
DUPLICATES = Counter(
    "mailtriage_duplicate_deliveries_total", "Deliveries of an email already stored", ["source"]
)
WEBHOOK_REJECTED = Counter("mailtriage_webhook_rejected_total", "Webhook deliveries refused", ["reason"])
TRANSITIONS = Counter(
    "mailtriage_email_transitions_total", "State changes of emails", ["from_state", "to_state"]
)
STAGE_SECONDS = Histogram(
    "mailtriage_stage_duration_seconds",
    "Time spent in one pipeline stage",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120),
)
EXTRACTION_CONFIDENCE = Histogram(
    "mailtriage_extraction_confidence",
    "Confidence reported by the extractor",
    ["intent"],
    buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
)
ROUTED = Counter("mailtriage_routed_total", "Route decisions", ["queue", "intent", "rule"])
DEAD_LETTERED = Counter("mailtriage_dead_letter_total", "Emails moved to the dead-letter state", ["stage"])
SWEEPER_REENQUEUED = Counter(
    "mailtriage_sweeper_reenqueued_total", "Emails the sweeper handed back to the queue", ["state"]
)
CRM_WRITE_SECONDS = Histogram(
    "mailtriage_crm_write_latency_seconds",
    "Time to carry out one email's CRM writes (the design's crm_write_latency_seconds)",
    ["crm"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60),
)
CRM_SYNCS = Counter(
    "mailtriage_crm_syncs_total", "CRM sync attempts of one email, by outcome", ["crm", "outcome"]
)
DLQ_NOTICES = Counter(
    "mailtriage_dlq_notices_total", "Dead-letter notices published and delivered", ["outcome"]
)
SLA_BREACHES_OPEN = Gauge(
    "mailtriage_sla_breaches_open", "Routed emails past their SLA due time, not marked handled", ["queue"]
)
