"""The narrow interface every extractor (keyword, trained offline model, hosted LLM) implements."""

from __future__ import annotations

from typing import Protocol

from mailtriage.extract.schemas import ExtractionContext, ExtractionRun
from mailtriage.understand.schemas import NormalizedEmail


class Extractor(Protocol):
    name: str

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun: ...
