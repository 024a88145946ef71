"""One LLM emulator per test module, reset before each test, and real SDK clients pointed at it."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from mailtriage.extract.llm import (
    AnthropicMessagesClient,
    ChatCompletionsClient,
    OpenAIResponsesClient,
    RetryPolicy,
    ToolSpec,
)
from mailtriage.sandbox import (
    EmulatorConfig,
    EmulatorState,
    create_llm_emulator,
    default_responder,
    emulator_state,
    run_emulator_in_thread,
)

API_KEY = "sk-test-0123456789"
RETRY_AFTER_S = 2.0
PRICES = {"gpt-test": (2.5, 10.0), "claude-test": (3.0, 15.0), "llama-test": (0.2, 0.6)}
MODELS = {"openai": "gpt-test", "anthropic": "claude-test", "chat-completions": "llama-test"}
PATHS = {"openai": "/v1/responses", "anthropic": "/v1/messages", "chat-completions": "/v1/chat/completions"}
PROVIDERS = tuple(MODELS)

SYSTEM = "Return only tool calls. Do not invent values. Use null if missing. Keep currency as USD."
EMAIL = "Hi, I'm Dana from Acme. We'd like a demo next week; budget is about $5,000."

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["intent", "person_name", "budget_usd", "company", "products", "quote"],
    "properties": {
        "intent": {"type": "string", "enum": ["lead", "support", "spam"]},
        "person_name": {"type": ["string", "null"]},
        "budget_usd": {"type": ["number", "null"]},
        "company": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "domain"],
            "properties": {"name": {"type": ["string", "null"]}, "domain": {"type": ["string", "null"]}},
        },
        "products": {"type": "array", "items": {"type": "string"}},
        "quote": {"type": ["string", "null"]},
    },
}
TOOL = ToolSpec("record_extraction", "Record the fields found in one email.", SCHEMA)


def quoting_responder(user_text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The default answer with the email echoed into ``quote``: proves the user text got through."""
    return {**default_responder(user_text, schema), "quote": user_text}


@dataclass
class Emulator:
    base_url: str
    state: EmulatorState


@pytest.fixture(scope="module")
def emulator_server() -> Iterator[Emulator]:
    app = create_llm_emulator(
        EmulatorConfig(
            api_key=API_KEY, responder=quoting_responder, retry_after_s=RETRY_AFTER_S, timeout_sleep_s=5.0
        )
    )
    base_url, stop = run_emulator_in_thread(app)
    yield Emulator(base_url, emulator_state(app))
    stop()


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    emulator_server.state.reset()
    return emulator_server


@dataclass
class Sleeps:
    """The injected sleep: records the waits instead of taking them."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


AnyClient = OpenAIResponsesClient | AnthropicMessagesClient | ChatCompletionsClient
MakeClient = Callable[..., AnyClient]


@pytest.fixture
def make_client(emulator: Emulator, sleeps: Sleeps) -> MakeClient:
    def make(
        provider: str,
        *,
        api_key: str = API_KEY,
        model: str | None = None,
        timeout_s: float = 2.0,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> AnyClient:
        retry = retry or RetryPolicy(base_s=0.001, cap_s=0.004, sleep=sleeps, rng=random.Random(7))
        model = MODELS[provider] if model is None else model
        common: dict[str, Any] = {
            "model": model,
            "api_key": api_key,
            "prices": PRICES,
            "timeout_s": timeout_s,
            "retry": retry,
            "default_headers": headers,
        }
        if provider == "openai":
            return OpenAIResponsesClient(base_url=emulator.base_url + "/v1", **common)
        if provider == "anthropic":
            return AnthropicMessagesClient(base_url=emulator.base_url, **common)
        return ChatCompletionsClient(base_url=emulator.base_url + "/v1", **common)

    return make
