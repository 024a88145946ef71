"""The routing stage's output."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mailtriage.extract.schemas import Intent


class Disposition(StrEnum):
    route = "route"  # to a work queue, then on to CRM sync
    ignore = "ignore"  # terminal: no person, no CRM write
    review = "review"  # terminal until a person decides


@dataclass(frozen=True, slots=True)
class RouteDecision:
    intent: Intent
    queue: str
    priority: str
    sla_minutes: int | None
    rule: str
    disposition: Disposition
    confidence: float
    # Each step of the decision with the confidence it saw, for the audit trail.
    steps: tuple[str, ...]
