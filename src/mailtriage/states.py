"""The life of one email: received → normalized → extracted → routed → synced (or review, ignored;
failed → retried or dead_letter)."""

from __future__ import annotations

from enum import StrEnum


class EmailState(StrEnum):
    received = "received"
    normalized = "normalized"
    extracted = "extracted"
    routed = "routed"
    synced = "synced"
    review = "review"
    ignored = "ignored"
    failed = "failed"
    dead_letter = "dead_letter"


TERMINAL_STATES = frozenset(
    {EmailState.synced, EmailState.review, EmailState.ignored, EmailState.dead_letter}
)
# States a stage starts from; `failed` resumes at the state recorded in `resume_state`.
WORKING_STATES = frozenset(
    {EmailState.received, EmailState.normalized, EmailState.extracted, EmailState.routed}
)
