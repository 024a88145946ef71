"""OpenAI through the Responses API (``POST /v1/responses``) with one forced strict function tool."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import openai
from openai.types.responses import (
    FunctionToolParam,
    Response,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
)

from mailtriage.extract.llm.pricing import Prices, PriceTable
from mailtriage.extract.llm.protocol import LlmReply, ToolSpec, build_reply
from mailtriage.retry import CallFailure, RetryPolicy, describe_error_body

TRUNCATED = "truncated (max_tokens)"
NO_TOOL_CALL = "no tool call"


def classify_openai_error(exc: Exception) -> CallFailure | None:
    """The OpenAI SDK's exceptions as the retry policy sees them (also used for Chat Completions)."""
    # APITimeoutError subclasses APIConnectionError, so it must be tested first.
    if isinstance(exc, openai.APITimeoutError):
        return CallFailure(None, {}, "request timed out")
    if isinstance(exc, openai.APIConnectionError):
        return CallFailure(None, {}, "connection error")
    if isinstance(exc, openai.APIStatusError):
        return CallFailure(
            exc.status_code, exc.response.headers, describe_error_body(exc.status_code, exc.body)
        )
    return None


def decode_arguments(raw: str) -> tuple[dict[str, Any] | None, str | None]:
    """Tool-call arguments as an object, or ``None`` and the problem.

    Strict mode should make this always succeed on OpenAI itself; self-hosted servers and older
    models do return broken or non-object JSON, so it is checked everywhere.
    """
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return None, "invalid JSON"
    if not isinstance(value, dict):
        return None, "invalid JSON (not an object)"
    return value, None


class OpenAIResponsesClient:
    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        api_key: str,
        prices: Prices,
        timeout_s: float,
        base_url: str | None = None,
        max_output_tokens: int = 1024,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.model = model
        self._max_output_tokens = max_output_tokens
        self._retry = retry or RetryPolicy()
        self._prices = PriceTable(prices)
        # max_retries=0: the SDK would otherwise retry twice on its own, under a policy we neither
        # see nor count; RetryPolicy is the only one.
        self._client = openai.OpenAI(
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
        function: FunctionToolParam = {
            "type": "function",
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.parameters,
            "strict": True,
        }
        started = time.perf_counter()
        response, attempts = self._retry.run(
            lambda: self._client.responses.create(
                model=self.model,
                instructions=system,
                input=user,
                tools=[function],
                tool_choice={"type": "function", "name": tool.name},
                parallel_tool_calls=False,
                max_output_tokens=self._max_output_tokens,
                # Responses are stored server-side by default; an email body is personal data.
                store=False,
            ),
            classify_openai_error,
            vendor=self.name,
        )
        usage = response.usage
        tokens_in = usage.input_tokens if usage else 0
        tokens_out = usage.output_tokens if usage else 0
        return build_reply(
            read_response(response, tool.name),
            model=response.model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=self._prices.cost_usd((response.model, self.model), tokens_in, tokens_out),
            started=started,
            attempts=attempts,
        )


def read_response(response: Response, tool_name: str) -> tuple[dict[str, Any] | None, str, str | None]:
    call = next(
        (
            item
            for item in response.output
            if isinstance(item, ResponseFunctionToolCall) and item.name == tool_name
        ),
        None,
    )
    texts: list[str] = []
    refusals: list[str] = []
    for item in response.output:
        if isinstance(item, ResponseOutputMessage):
            for part in item.content:
                if isinstance(part, ResponseOutputText):
                    texts.append(part.text)
                elif isinstance(part, ResponseOutputRefusal):
                    refusals.append(part.refusal)
    raw = call.arguments if call is not None else "".join(refusals or texts)
    # A response cut short says so only in status/incomplete_details; the arguments string may
    # even parse, but a cut-off extraction is not one to act on.
    if response.status == "incomplete":
        reason = response.incomplete_details.reason if response.incomplete_details else None
        return None, raw, TRUNCATED if reason == "max_output_tokens" else f"incomplete ({reason})"
    if refusals:
        return None, raw, "refusal: " + " ".join(refusals)
    if call is None:
        return None, raw, NO_TOOL_CALL
    arguments, problem = decode_arguments(call.arguments)
    return arguments, raw, problem
