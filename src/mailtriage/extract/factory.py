"""Choosing the extractor a process uses, once, from the settings and the tenant."""

from __future__ import annotations

from mailtriage.config import Settings
from mailtriage.extract.keyword import KeywordExtractor, KeywordModel
from mailtriage.extract.protocol import Extractor
from mailtriage.tenant import TenantConfig


def build_extractor(settings: Settings, tenant: TenantConfig) -> Extractor:
    del settings  # hosted and trained models are chosen here once the extraction issue lands
    return KeywordExtractor(tenant, KeywordModel.bundled())
