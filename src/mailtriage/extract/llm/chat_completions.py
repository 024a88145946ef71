"""Any OpenAI-compatible Chat Completions server (vLLM, llama.cpp server, Ollama, OpenAI itself).

One strict function tool, forced with ``tool_choice``; the arguments come back as a JSON string in
``choices[0].message.tool_calls[0].function.arguments``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import openai
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionFunctionToolParam,
    ChatCompletionMessageFunctionToolCall,
)

from mailtriage.extract.llm.openai_responses import (
    NO_TOOL_CALL,
    TRUNCATED,
    classify_openai_error,
    decode_arguments,
)
from mailtriage.extract.llm.pricing import Prices, PriceTable
from mailtriage.extract.llm.protocol import LlmReply, ToolSpec, build_reply
from mailtriage.retry import RetryPolicy


class ChatCompletionsClient:
    name = "chat-completions"

    def __init__(
        self,
        *,
        model: str,
        base_url: str,
        prices: Prices,
        timeout_s: float,
        api_key: str = "",
        max_tokens: int = 1024,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.model = model
        self._max_tokens = max_tokens
        self._retry = retry or RetryPolicy()
        self._prices = PriceTable(prices)
        self._client = openai.OpenAI(
            # Local servers mostly ignore auth, but the SDK refuses an empty key, and with None it
            # would read OPENAI_API_KEY and send the real key to a self-hosted host.
            api_key=api_key or "unused",
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,
            default_headers=default_headers,
        )

    @property
    def prices(self) -> PriceTable:
        return self._prices

    def complete(self, system: str, user: str, tool: ToolSpec) -> LlmReply:
        function: ChatCompletionFunctionToolParam = {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": tool.parameters,
                "strict": True,
            },
        }
        started = time.perf_counter()
        completion, attempts = self._retry.run(
            lambda: self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                tools=[function],
                tool_choice={"type": "function", "function": {"name": tool.name}},
                parallel_tool_calls=False,
                # max_tokens, not OpenAI's newer max_completion_tokens: the self-hosted servers
                # this client exists for all accept the older name.
                max_tokens=self._max_tokens,
            ),
            classify_openai_error,
            vendor=self.name,
        )
        usage = completion.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        return build_reply(
            read_completion(completion, tool.name),
            model=completion.model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=self._prices.cost_usd((completion.model, self.model), tokens_in, tokens_out),
            started=started,
            attempts=attempts,
        )


def read_completion(
    completion: ChatCompletion, tool_name: str
) -> tuple[dict[str, Any] | None, str, str | None]:
    if not completion.choices:
        return None, "", NO_TOOL_CALL
    choice = completion.choices[0]
    message = choice.message
    call = next(
        (
            c
            for c in message.tool_calls or ()
            if isinstance(c, ChatCompletionMessageFunctionToolCall) and c.function.name == tool_name
        ),
        None,
    )
    raw = call.function.arguments if call is not None else (message.refusal or message.content or "")
    if choice.finish_reason == "length":
        return None, raw, TRUNCATED
    if message.refusal:
        return None, raw, "refusal: " + message.refusal
    if call is None:
        return None, raw, NO_TOOL_CALL
    arguments, problem = decode_arguments(call.function.arguments)
    return arguments, raw, problem
