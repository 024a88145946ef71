"""Choosing the extractor a process uses, once, from the settings and the tenant."""

from __future__ import annotations

from mailtriage.config import Settings
from mailtriage.extract.cascade import CascadeExtractor
from mailtriage.extract.intent_model import load_intent_model
from mailtriage.extract.llm import build_llm_client
from mailtriage.extract.llm_extractor import LlmExtractor
from mailtriage.extract.masking import MaskKind
from mailtriage.extract.offline import OfflineExtractor
from mailtriage.extract.protocol import Extractor
from mailtriage.tenant import TenantConfig


def build_extractor(settings: Settings, tenant: TenantConfig) -> Extractor:
    small: Extractor = OfflineExtractor(tenant, load_intent_model(tenant, settings.models_dir))
    if settings.llm_provider == "none":
        # Still a cascade: a reply in a recently classified thread keeps the thread's result.
        return CascadeExtractor(small=small, large=None, tenant=tenant)
    client = build_llm_client(
        settings.llm_provider,
        model=settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else "",
        base_url=settings.llm_base_url,
        timeout_s=settings.llm_timeout_seconds,
        prices=dict(settings.llm_prices),
    )
    kinds = tuple(MaskKind(k) for k in tenant.masking.kinds) if tenant.masking.enabled else ()
    large = LlmExtractor(
        client,
        tenant,
        mask_kinds=kinds,
        new_text_chars=settings.model_input_new_text_chars,
        history_chars=settings.model_input_history_chars,
    )
    return CascadeExtractor(
        small=small, large=large, tenant=tenant, gate_confidence=settings.cascade_gate_confidence
    )
