"""Extraction by a hosted or self-hosted model: model input → masking → forced tool call →
unmasking → schema validation → grounding. A reply that fails validation is kept, not trusted."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from mailtriage.extract.grounding import ground
from mailtriage.extract.llm.protocol import LlmClient, ToolSpec
from mailtriage.extract.masking import Masked, MaskKind, mask
from mailtriage.extract.schemas import Extraction, ExtractionContext, ExtractionRun
from mailtriage.extract.tool_schema import SCHEMA_NAME, SYSTEM_PROMPT, TOOL_NAME, extraction_tool_parameters
from mailtriage.tenant import TenantConfig
from mailtriage.understand.model_input import build_model_input
from mailtriage.understand.schemas import NormalizedEmail


class UnusableReply(Exception):
    """The model answered, but not with a valid extraction. Carries what the call cost and said,
    so the answer is stored and the email goes to a person."""

    def __init__(self, reason: str, usage: dict[str, Any]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usage = usage


def _unmask(value: Any, masked: Masked) -> Any:
    if isinstance(value, str):
        return masked.unmask(value)
    if isinstance(value, list):
        return [_unmask(v, masked) for v in value]
    if isinstance(value, dict):
        return {k: _unmask(v, masked) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class LlmExtractor:
    client: LlmClient
    tenant: TenantConfig
    mask_kinds: tuple[MaskKind, ...] = tuple(MaskKind)
    new_text_chars: int = 1500
    history_chars: int = 400

    @property
    def name(self) -> str:
        return f"{self.client.name}:{self.client.model}"

    def tool(self) -> ToolSpec:
        return ToolSpec(
            name=TOOL_NAME,
            description="Record the intent and CRM fields found in one inbound email.",
            parameters=extraction_tool_parameters([p.name for p in self.tenant.products]),
        )

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        del context
        started = time.perf_counter()
        model_input = build_model_input(
            email, new_text_chars=self.new_text_chars, history_chars=self.history_chars
        )
        keep = [email.sender.email, email.sender.name or ""] if email.sender else []
        masked = mask(model_input.text, self.mask_kinds, keep=keep)
        reply = self.client.complete(SYSTEM_PROMPT, masked.text, self.tool())
        base = {
            "model": self.client.model,
            "model_version": self.client.name,
            "schema_name": SCHEMA_NAME,
            "tokens_in": reply.tokens_in,
            "tokens_out": reply.tokens_out,
            "cost_usd": reply.cost_usd,
            "raw_response": reply.raw[:20000],
        }
        if reply.arguments is None:
            raise UnusableReply(reply.problem or "no usable tool call", base)
        try:
            extraction = Extraction.model_validate(_unmask(reply.arguments, masked))
        except ValidationError as exc:
            raise UnusableReply(f"schema validation failed ({exc.error_count()} errors)", base) from None
        grounding = ground(extraction, email, self.tenant)
        return ExtractionRun(
            extraction=grounding.extraction,
            latency_ms=(time.perf_counter() - started) * 1000,
            nulled=grounding.nulled,
            review_reason="text in the email tries to instruct the model" if grounding.injection else None,
            **base,
        )
