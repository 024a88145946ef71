"""The real OpenAI and Anthropic SDK clients against the emulator, over HTTP: what each provider
sends, what it reads back, and how failures cross the boundary."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mailtriage.errors import PermanentError, TransientError
from mailtriage.extract.llm import RetryPolicy
from mailtriage.sandbox import FAULT_HEADER

from .conftest import (
    API_KEY,
    EMAIL,
    MODELS,
    PATHS,
    PRICES,
    PROVIDERS,
    SCHEMA,
    SYSTEM,
    TOOL,
    Emulator,
    MakeClient,
    Sleeps,
)

EXPECTED_ARGUMENTS: dict[str, Any] = {
    "intent": "lead",
    "person_name": None,
    "budget_usd": None,
    "company": {"name": None, "domain": None},
    "products": [],
    "quote": EMAIL,
}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_forced_tool_call_returns_arguments_usage_and_cost(
    provider: str, make_client: MakeClient, emulator: Emulator
) -> None:
    reply = make_client(provider).complete(SYSTEM, EMAIL, TOOL)

    assert reply.problem is None
    assert reply.arguments == EXPECTED_ARGUMENTS
    assert json.loads(reply.raw) == EXPECTED_ARGUMENTS
    assert reply.model == MODELS[provider]
    assert reply.attempts == 1
    assert reply.tokens_in > 0
    assert reply.tokens_out > 0
    per_in, per_out = PRICES[MODELS[provider]]
    assert reply.cost_usd == pytest.approx((reply.tokens_in * per_in + reply.tokens_out * per_out) / 1e6)
    assert reply.latency_ms > 0
    assert [r.path for r in emulator.state.requests] == [PATHS[provider]]


def test_openai_sends_a_forced_strict_function_to_the_responses_api(
    make_client: MakeClient, emulator: Emulator
) -> None:
    make_client("openai").complete(SYSTEM, EMAIL, TOOL)

    [request] = emulator.state.requests
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    body = request.body
    assert body["instructions"] == SYSTEM
    assert body["input"] == EMAIL
    assert body["tools"] == [
        {
            "type": "function",
            "name": TOOL.name,
            "description": TOOL.description,
            "parameters": SCHEMA,
            "strict": True,
        }
    ]
    assert body["tool_choice"] == {"type": "function", "name": TOOL.name}
    assert body["parallel_tool_calls"] is False
    assert body["store"] is False
    assert body["max_output_tokens"] > 0


def test_chat_completions_sends_a_forced_strict_function(make_client: MakeClient, emulator: Emulator) -> None:
    make_client("chat-completions").complete(SYSTEM, EMAIL, TOOL)

    [request] = emulator.state.requests
    body = request.body
    assert body["messages"] == [{"role": "system", "content": SYSTEM}, {"role": "user", "content": EMAIL}]
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": TOOL.name,
                "description": TOOL.description,
                "parameters": SCHEMA,
                "strict": True,
            },
        }
    ]
    assert body["tool_choice"] == {"type": "function", "function": {"name": TOOL.name}}
    assert body["parallel_tool_calls"] is False
    assert body["max_tokens"] > 0


def test_anthropic_sends_one_forced_tool_with_its_headers(
    make_client: MakeClient, emulator: Emulator
) -> None:
    make_client("anthropic").complete(SYSTEM, EMAIL, TOOL)

    [request] = emulator.state.requests
    assert request.headers["x-api-key"] == API_KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    body = request.body
    assert body["system"] == SYSTEM
    assert body["messages"] == [{"role": "user", "content": EMAIL}]
    assert body["tools"] == [
        {"name": TOOL.name, "description": TOOL.description, "input_schema": SCHEMA, "strict": True}
    ]
    assert body["tool_choice"] == {"type": "tool", "name": TOOL.name, "disable_parallel_tool_use": True}
    assert body["max_tokens"] > 0


@pytest.mark.parametrize("provider", PROVIDERS)
def test_rate_limited_twice_then_ok_honours_retry_after(
    provider: str, make_client: MakeClient, emulator: Emulator, sleeps: Sleeps
) -> None:
    emulator.state.reset(["rate_limit", "rate_limit"])

    reply = make_client(provider).complete(SYSTEM, EMAIL, TOOL)

    assert reply.attempts == 3
    assert reply.arguments == EXPECTED_ARGUMENTS
    assert sleeps.waits == [2.0, 2.0]  # the emulator's retry-after, not the tiny backoff
    assert [r.fault for r in emulator.state.requests] == ["rate_limit", "rate_limit", None]


def test_anthropic_overloaded_is_retried_with_backoff(
    make_client: MakeClient, emulator: Emulator, sleeps: Sleeps
) -> None:
    emulator.state.reset(["overloaded"])

    reply = make_client("anthropic").complete(SYSTEM, EMAIL, TOOL)

    assert reply.attempts == 2
    [wait] = sleeps.waits
    assert 0 <= wait <= 0.001  # full jitter over the first backoff step


@pytest.mark.parametrize("provider", PROVIDERS)
def test_server_error_on_every_try_is_transient_after_exactly_four(
    provider: str, make_client: MakeClient, emulator: Emulator, sleeps: Sleeps
) -> None:
    emulator.state.reset(["server_error"] * 5)

    with pytest.raises(TransientError, match="HTTP 500") as raised:
        make_client(provider).complete(SYSTEM, EMAIL, TOOL)

    assert "gave up after 4 tries" in raised.value.message
    assert len(emulator.state.requests) == 4
    assert len(sleeps.waits) == 3


@pytest.mark.parametrize("provider", PROVIDERS)
def test_wrong_api_key_is_permanent_and_not_retried(
    provider: str, make_client: MakeClient, emulator: Emulator, sleeps: Sleeps
) -> None:
    with pytest.raises(PermanentError, match="HTTP 401"):
        make_client(provider, api_key="sk-wrong-key-000000").complete(SYSTEM, EMAIL, TOOL)

    assert len(emulator.state.requests) == 1
    assert sleeps.waits == []


@pytest.mark.parametrize(
    ("provider", "model", "headers", "message"),
    [
        ("openai", "", None, "Missing required parameter: 'model'"),
        ("chat-completions", "", None, "you must provide a model parameter"),
        ("anthropic", None, {"anthropic-version": "2099-01-01"}, "is not a valid version"),
    ],
)
def test_request_the_vendor_rejects_is_permanent(
    provider: str,
    model: str | None,
    headers: dict[str, str] | None,
    message: str,
    make_client: MakeClient,
    emulator: Emulator,
) -> None:
    with pytest.raises(PermanentError, match="HTTP 400") as raised:
        make_client(provider, model=model, headers=headers).complete(SYSTEM, EMAIL, TOOL)

    assert message in raised.value.message
    assert len(emulator.state.requests) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_timeout_is_retried_then_transient(
    provider: str, make_client: MakeClient, emulator: Emulator
) -> None:
    emulator.state.reset(["timeout"] * 4)

    with pytest.raises(TransientError, match="timed out"):
        make_client(provider, timeout_s=0.1).complete(SYSTEM, EMAIL, TOOL)

    assert len(emulator.state.requests) == 4


def test_one_timeout_then_ok(make_client: MakeClient, emulator: Emulator) -> None:
    emulator.state.reset(["timeout"])

    reply = make_client("openai", timeout_s=0.2).complete(SYSTEM, EMAIL, TOOL)

    assert reply.attempts == 2
    assert reply.arguments == EXPECTED_ARGUMENTS


def test_retry_after_beyond_the_cap_fails_at_once(
    make_client: MakeClient, emulator: Emulator, sleeps: Sleeps
) -> None:
    emulator.state.reset(["rate_limit"])
    impatient = RetryPolicy(max_retry_after_s=1.0, sleep=sleeps)

    with pytest.raises(TransientError, match="asked to wait 2s"):
        make_client("anthropic", retry=impatient).complete(SYSTEM, EMAIL, TOOL)

    assert len(emulator.state.requests) == 1
    assert sleeps.waits == []


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        ("malformed_json", "invalid JSON"),
        ("partial", "truncated (max_tokens)"),
        ("no_tool_call", "no tool call"),
    ],
)
def test_unusable_answer_is_a_reply_with_a_problem(
    provider: str, fault: str, problem: str, make_client: MakeClient
) -> None:
    reply = make_client(provider, headers={FAULT_HEADER: fault}).complete(SYSTEM, EMAIL, TOOL)

    assert reply.arguments is None
    assert reply.problem == problem
    assert reply.raw  # kept for the audit trail
    assert reply.attempts == 1
    assert reply.tokens_out > 0


@pytest.mark.parametrize("provider", PROVIDERS)
def test_refusal_is_a_reply_with_the_reason(provider: str, make_client: MakeClient) -> None:
    reply = make_client(provider, headers={FAULT_HEADER: "refusal"}).complete(SYSTEM, EMAIL, TOOL)

    assert reply.arguments is None
    assert reply.problem is not None
    assert reply.problem.startswith("refusal: I'm sorry")


def test_unpriced_model_costs_nothing_and_is_flagged(make_client: MakeClient) -> None:
    client = make_client("chat-completions", model="mystery-7b")

    reply = client.complete(SYSTEM, EMAIL, TOOL)

    assert reply.cost_usd == 0.0
    assert reply.tokens_in > 0
    assert client.prices.unpriced == {"mystery-7b"}
