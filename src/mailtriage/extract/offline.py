"""The offline extractor, the default: no key, no network, no download. The trained intent
classifier decides the intent; deterministic field extractors read the fields; grounding checks
the result like any model's."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from mailtriage.extract.fields import extract_fields
from mailtriage.extract.grounding import ground
from mailtriage.extract.intent_model import MODEL_VERSION, IntentModel, intent_document
from mailtriage.extract.schemas import (
    Budget,
    Extraction,
    ExtractionContext,
    ExtractionRun,
    Intent,
    Interest,
)
from mailtriage.tenant import TenantConfig
from mailtriage.understand.schemas import NormalizedEmail
from mailtriage.understand.signals import sender_signals

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def summarize(email: NormalizedEmail, limit: int = 240) -> str:
    text = " ".join(
        (email.new_text or (email.forwarded.text if email.forwarded else "") or email.text).split()
    )
    sentences = _SENTENCE.split(text)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) > limit:
            break
        summary = f"{summary} {sentence}".strip()
        if summary.count(" ") > 12:
            break
    return (summary or text[:limit]).strip() or email.subject


@dataclass(frozen=True)
class OfflineExtractor:
    tenant: TenantConfig
    model: IntentModel

    name = "offline"

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        del context
        started = time.perf_counter()
        signals = sender_signals(email, self.tenant)
        prediction = self.model.predict(intent_document(email, self.tenant))
        intent, confidence = prediction.intent, prediction.probability
        if signals.blocklisted:
            # The tenant's blocklist is a decision, not a feature to weigh.
            intent, confidence = Intent.spam, max(confidence, 0.97)
        fields = extract_fields(email, intent, self.tenant)
        extraction = Extraction(
            intent=intent,
            person=fields.person,
            company=fields.company,
            interest=Interest(products=fields.products),
            budget=Budget(annual_amount_usd=fields.budget_usd),
            timeline=fields.timeline,
            region=fields.region,
            summary=summarize(email),
            required_action=fields.required_action,
            confidence=round(confidence, 3),
        )
        grounding = ground(extraction, email, self.tenant, fields.evidence)
        return ExtractionRun(
            extraction=grounding.extraction,
            model=self.name,
            model_version=f"{MODEL_VERSION}:{self.model.key}",
            latency_ms=(time.perf_counter() - started) * 1000,
            nulled=grounding.nulled,
        )
