"""The one narrow interface between the extraction stage and any hosted or self-hosted model.

A provider turns ``(system, user, tool)`` into a forced call of ``tool`` and hands back what the
model put in it. It never validates the arguments against the schema or the email: grounding
checks belong to the parsing stage, which also needs the raw string for the audit trail.

Failures cross this boundary only as :class:`mailtriage.errors.TransientError` (worth retrying
later) or :class:`mailtriage.errors.PermanentError`; a model that answers badly is not a failure
but an :class:`LlmReply` whose ``arguments`` is ``None`` and whose ``problem`` says why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str  # e.g. "record_extraction"
    description: str
    # A JSON Schema object that strict tool calling accepts (additionalProperties false, every
    # property required, nullable via type [..., "null"]).
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LlmReply:
    arguments: dict[str, Any] | None  # the tool call's arguments parsed as JSON; None when unusable
    raw: str  # the raw tool-call arguments string or text the model returned (kept for audit)
    # Why arguments is None or suspect: "no tool call", "invalid JSON", "truncated (max_tokens)",
    # "refusal: ...".
    problem: str | None
    model: str
    tokens_in: int
    tokens_out: int
    cost_usd: float
    latency_ms: float
    attempts: int


ToolRead = tuple[dict[str, Any] | None, str, str | None]  # arguments, raw, problem


def build_reply(
    read: ToolRead,
    *,
    model: str,
    tokens_in: int,
    tokens_out: int,
    cost_usd: float,
    started: float,
    attempts: int,
) -> LlmReply:
    """The reply every provider returns once it has read its vendor's answer; ``started`` is the
    ``time.perf_counter()`` before the first try, so latency includes retries and waits."""
    arguments, raw, problem = read
    return LlmReply(
        arguments=arguments,
        raw=raw,
        problem=problem,
        model=model,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        cost_usd=cost_usd,
        latency_ms=(time.perf_counter() - started) * 1000,
        attempts=attempts,
    )


class LlmClient(Protocol):
    """Example::

    reply = client.complete(
        "Return only tool calls. Do not invent values. Use null if missing. Keep currency as USD.",
        email_text,
        ToolSpec("record_extraction", "Record the fields found in one email.", schema),
    )
    if reply.arguments is None:
        log.warning("extract.unusable_reply", problem=reply.problem)
    """

    name: str  # "openai", "anthropic", "chat-completions"
    model: str

    def complete(self, system: str, user: str, tool: ToolSpec) -> LlmReply: ...
