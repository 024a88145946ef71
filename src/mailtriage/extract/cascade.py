"""The design's cost controls around a large model.

- DKIM failure or a blocklisted sender: the model is skipped entirely.
- A thread classified in the last 24 hours reuses that result.
- The offline model settles spam, newsletters, vendors and job applicants when it is confident;
  leads and support (where the fields matter) go to the large model when one is configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailtriage.extract.grounding import ground
from mailtriage.extract.llm_extractor import LlmExtractor, UnusableReply
from mailtriage.extract.protocol import Extractor
from mailtriage.extract.schemas import ExtractionContext, ExtractionRun, Intent
from mailtriage.tenant import TenantConfig
from mailtriage.understand.schemas import NormalizedEmail
from mailtriage.understand.signals import sender_signals

LOCAL_INTENTS = frozenset({Intent.spam, Intent.newsletter, Intent.vendor, Intent.job_applicant})


@dataclass(frozen=True)
class CascadeExtractor:
    small: Extractor
    large: LlmExtractor | None
    tenant: TenantConfig
    gate_confidence: float = 0.75

    name = "cascade"

    def warm_up(self, sample: NormalizedEmail) -> None:
        """Run the local model once, so what it loads on first use (its data, patterns and
        language tables: about a second) is loaded before a worker takes its first email. The
        large model is not called."""
        self.small.extract(sample, ExtractionContext())

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        signals = sender_signals(email, self.tenant)
        prior = context.prior_thread if context else None
        if prior is not None:
            # The thread's intent and fields still hold; re-grounding keeps only what this
            # message also supports.
            grounding = ground(prior, email, self.tenant)
            return ExtractionRun(
                extraction=grounding.extraction,
                model="thread-reuse",
                model_version="24h",
                nulled=grounding.nulled,
            )
        local = self.small.extract(email, context)
        if self.large is None or signals.dkim_failed or signals.blocklisted:
            return local
        if local.extraction.intent in LOCAL_INTENTS and local.extraction.confidence >= self.gate_confidence:
            return local
        try:
            return self.large.extract(email, context)
        except UnusableReply as bad:
            # Stored with the raw answer for the audit trail; the offline extraction stands in
            # for it, and a person decides.
            usage = {k: bad.usage[k] for k in ("tokens_in", "tokens_out", "cost_usd", "raw_response")}
            return local.model_copy(update={**usage, "review_reason": f"model answer unusable: {bad.reason}"})
