"""Anthropic through the Messages API (``POST /v1/messages``) with one forced tool."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import anthropic
from anthropic.types import Message, TextBlock, ToolParam, ToolUseBlock

from mailtriage.extract.llm.openai_responses import NO_TOOL_CALL, TRUNCATED, decode_arguments
from mailtriage.extract.llm.pricing import Prices, PriceTable
from mailtriage.extract.llm.protocol import LlmReply, ToolSpec, build_reply
from mailtriage.retry import CallFailure, RetryPolicy, describe_error_body


def classify_anthropic_error(exc: Exception) -> CallFailure | None:
    if isinstance(exc, anthropic.APITimeoutError):
        return CallFailure(None, {}, "request timed out")
    if isinstance(exc, anthropic.APIConnectionError):
        return CallFailure(None, {}, "connection error")
    if isinstance(exc, anthropic.APIStatusError):
        return CallFailure(
            exc.status_code, exc.response.headers, describe_error_body(exc.status_code, exc.body)
        )
    return None


class AnthropicMessagesClient:
    name = "anthropic"

    def __init__(
        self,
        *,
        model: str,
        api_key: str,
        prices: Prices,
        timeout_s: float,
        base_url: str | None = None,
        max_tokens: int = 1024,
        strict_tool: bool = True,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.model = model
        self._max_tokens = max_tokens
        # Strict tool use (grammar-constrained input) is refused with a 400 by models that predate
        # it, so it can be switched off for them.
        self._strict_tool = strict_tool
        self._retry = retry or RetryPolicy()
        self._prices = PriceTable(prices)
        # max_retries=0 so RetryPolicy is the only policy; the explicit timeout also stops the SDK
        # from deriving its own from max_tokens.
        self._client = anthropic.Anthropic(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,
            default_headers=default_headers,
        )

    @property
    def prices(self) -> PriceTable:
        return self._prices

    def complete(self, system: str, user: str, tool: ToolSpec) -> LlmReply:
        definition: ToolParam = {
            "name": tool.name,
            "description": tool.description,
            "input_schema": tool.parameters,
        }
        if self._strict_tool:
            definition["strict"] = True
        started = time.perf_counter()
        message, attempts = self._retry.run(
            lambda: self._client.messages.create(
                model=self.model,
                max_tokens=self._max_tokens,
                system=system,
                messages=[{"role": "user", "content": user}],
                tools=[definition],
                tool_choice={"type": "tool", "name": tool.name, "disable_parallel_tool_use": True},
            ),
            classify_anthropic_error,
            vendor=self.name,
        )
        tokens_in = message.usage.input_tokens
        tokens_out = message.usage.output_tokens
        return build_reply(
            read_message(message, tool.name),
            model=message.model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=self._prices.cost_usd((message.model, self.model), tokens_in, tokens_out),
            started=started,
            attempts=attempts,
        )


def read_message(message: Message, tool_name: str) -> tuple[dict[str, Any] | None, str, str | None]:
    block = next(
        (b for b in message.content if isinstance(b, ToolUseBlock) and b.name == tool_name),
        None,
    )
    text = "".join(b.text for b in message.content if isinstance(b, TextBlock))
    tool_input: object = block.input if block is not None else None
    # The API sends ``input`` already parsed. A string only comes from gateways that pass the
    # model's text through unparsed; it is decoded like an OpenAI arguments string.
    if isinstance(tool_input, str):
        raw = tool_input
    elif block is not None:
        raw = json.dumps(tool_input, ensure_ascii=False)
    else:
        raw = text
    if message.stop_reason == "max_tokens":
        # The tool_use block of a cut-off reply holds only what was generated before the cut.
        return None, raw, TRUNCATED
    if message.stop_reason == "refusal":
        details = message.stop_details
        reason = (details.explanation or details.category) if details else None
        return None, raw, "refusal: " + (reason or text or "no explanation")
    if block is None:
        return None, raw, NO_TOOL_CALL
    if isinstance(tool_input, dict):
        return tool_input, raw, None
    if isinstance(tool_input, str):
        arguments, problem = decode_arguments(tool_input)
        return arguments, raw, problem
    return None, raw, "invalid JSON (not an object)"
