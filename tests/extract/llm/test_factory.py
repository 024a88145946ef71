from __future__ import annotations

import pytest

from mailtriage.extract.llm import (
    AnthropicMessagesClient,
    ChatCompletionsClient,
    OpenAIResponsesClient,
    build_llm_client,
)

from .conftest import API_KEY, EMAIL, PRICES, SYSTEM, TOOL, Emulator


@pytest.mark.parametrize(
    ("provider", "cls"),
    [
        ("openai", OpenAIResponsesClient),
        ("anthropic", AnthropicMessagesClient),
        ("chat-completions", ChatCompletionsClient),
    ],
)
def test_factory_builds_each_provider(provider: str, cls: type) -> None:
    client = build_llm_client(
        provider, model="m", api_key="k", base_url="http://127.0.0.1:9/v1", timeout_s=1.0, prices={}
    )
    assert isinstance(client, cls)
    assert client.name == provider
    assert client.model == "m"


def test_chat_completions_needs_a_base_url() -> None:
    with pytest.raises(ValueError, match="base_url"):
        build_llm_client("chat-completions", model="m", api_key="", base_url=None, timeout_s=1.0, prices={})


def test_unknown_provider_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown LLM provider 'gemini'"):
        build_llm_client("gemini", model="m", api_key="k", base_url=None, timeout_s=1.0, prices={})


def test_a_factory_built_client_talks_to_the_emulator(emulator: Emulator) -> None:
    client = build_llm_client(
        "anthropic",
        model="claude-test",
        api_key=API_KEY,
        base_url=emulator.base_url,
        timeout_s=2.0,
        prices=PRICES,
    )
    reply = client.complete(SYSTEM, EMAIL, TOOL)
    assert reply.arguments is not None
    assert reply.cost_usd > 0
