"""Hosted and self-hosted LLMs behind one narrow interface (:class:`LlmClient`).

Example::

    llm = build_llm_client(
        "anthropic", model="claude-sonnet-4-5", api_key=key, base_url=None, timeout_s=30.0,
        prices={"claude-sonnet-4-5": (3.0, 15.0)},
    )
    reply = llm.complete(
        "Return only tool calls. Do not invent values. Use null if missing. Keep currency as USD.",
        email_text,
        ToolSpec("record_extraction", "Record the fields found in one email.", schema),
    )
"""

from __future__ import annotations

from mailtriage.extract.llm.anthropic_messages import AnthropicMessagesClient
from mailtriage.extract.llm.chat_completions import ChatCompletionsClient
from mailtriage.extract.llm.openai_responses import OpenAIResponsesClient
from mailtriage.extract.llm.pricing import Prices, PriceTable
from mailtriage.extract.llm.protocol import LlmClient, LlmReply, ToolSpec
from mailtriage.retry import RetryPolicy

PROVIDERS = ("openai", "anthropic", "chat-completions")

__all__ = [
    "PROVIDERS",
    "AnthropicMessagesClient",
    "ChatCompletionsClient",
    "LlmClient",
    "LlmReply",
    "OpenAIResponsesClient",
    "PriceTable",
    "Prices",
    "RetryPolicy",
    "ToolSpec",
    "build_llm_client",
]


def build_llm_client(
    provider: str,
    *,
    model: str,
    api_key: str,
    base_url: str | None,
    timeout_s: float,
    prices: Prices,
) -> LlmClient:
    """The client for ``provider``, chosen once at start-up.

    ``base_url`` is what the vendor's SDK expects: ``https://api.openai.com/v1`` style (with
    ``/v1``) for OpenAI and Chat Completions servers, the bare host for Anthropic; ``None`` means
    the vendor's default, which a Chat Completions server does not have.
    """
    if provider == "openai":
        return OpenAIResponsesClient(
            model=model, api_key=api_key, base_url=base_url, timeout_s=timeout_s, prices=prices
        )
    if provider == "anthropic":
        return AnthropicMessagesClient(
            model=model, api_key=api_key, base_url=base_url, timeout_s=timeout_s, prices=prices
        )
    if provider == "chat-completions":
        if base_url is None:
            raise ValueError("the chat-completions provider needs a base_url, e.g. http://localhost:8000/v1")
        return ChatCompletionsClient(
            model=model, api_key=api_key, base_url=base_url, timeout_s=timeout_s, prices=prices
        )
    raise ValueError(f"unknown LLM provider {provider!r}; expected one of {', '.join(PROVIDERS)}")
