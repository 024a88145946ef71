"""The emulator's wire format, checked over HTTP and against the SDKs' own response types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from anthropic.types import Message, ToolUseBlock
from openai.types.chat import ChatCompletion
from openai.types.responses import Response

from mailtriage.sandbox import (
    FAULT_HEADER,
    EmulatorConfig,
    EmulatorState,
    create_llm_emulator,
    default_responder,
    emulator_state,
    run_emulator_in_thread,
)

KEY = "sk-emulator-test-key"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["intent", "name", "amount"],
    "properties": {
        "intent": {"type": "string", "enum": ["lead", "spam"]},
        "name": {"type": ["string", "null"]},
        "amount": {"type": ["number", "null"]},
    },
}
OPENAI_HEADERS = {"authorization": f"Bearer {KEY}"}
ANTHROPIC_HEADERS = {"x-api-key": KEY, "anthropic-version": "2023-06-01"}


def responses_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "gpt-test",
        "instructions": "Return only tool calls.",
        "input": "Hello",
        "tools": [{"type": "function", "name": "record", "parameters": SCHEMA, "strict": True}],
        "tool_choice": {"type": "function", "name": "record"},
    }
    return {**body, **overrides}


def chat_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "llama-test",
        "messages": [{"role": "user", "content": "Hello"}],
        "tools": [{"type": "function", "function": {"name": "record", "parameters": SCHEMA, "strict": True}}],
        "tool_choice": {"type": "function", "function": {"name": "record"}},
    }
    return {**body, **overrides}


def messages_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "claude-test",
        "max_tokens": 256,
        "messages": [{"role": "user", "content": "Hello"}],
        "tools": [{"name": "record", "input_schema": SCHEMA}],
        "tool_choice": {"type": "tool", "name": "record"},
    }
    return {**body, **overrides}


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[httpx.Client, EmulatorState]]:
    app = create_llm_emulator(EmulatorConfig(api_key=KEY, retry_after_s=3))
    base_url, stop = run_emulator_in_thread(app)
    with httpx.Client(base_url=base_url, timeout=5) as client:
        yield client, emulator_state(app)
    stop()


@pytest.fixture
def http(server: tuple[httpx.Client, EmulatorState]) -> httpx.Client:
    client, state = server
    state.reset()
    return client


@pytest.fixture
def state(server: tuple[httpx.Client, EmulatorState]) -> EmulatorState:
    return server[1]


# --- Requests the vendor rejects -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "error"),
    [
        (
            "/v1/chat/completions",
            chat_body(messages=None),
            {
                "message": "Missing required parameter: 'messages'.",
                "type": "invalid_request_error",
                "param": "messages",
                "code": "missing_required_parameter",
            },
        ),
        (
            "/v1/chat/completions",
            chat_body(model=None),
            {
                "message": "you must provide a model parameter",
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            },
        ),
        (
            "/v1/responses",
            responses_body(model=None),
            {
                "message": "Missing required parameter: 'model'.",
                "type": "invalid_request_error",
                "param": "model",
                "code": "missing_required_parameter",
            },
        ),
        (
            "/v1/responses",
            responses_body(tool_choice={"type": "function", "name": "elsewhere"}),
            {
                "message": "Tool choice 'elsewhere' not found in 'tools' parameter.",
                "type": "invalid_request_error",
                "param": "tool_choice",
                "code": None,
            },
        ),
        (
            "/v1/chat/completions",
            chat_body(tools=None),
            {
                "message": "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                "type": "invalid_request_error",
                "param": "tool_choice",
                "code": None,
            },
        ),
        (
            "/v1/responses",
            responses_body(tools=[{"type": "function", "parameters": SCHEMA}]),
            {
                "message": "Missing required parameter: 'tools[0].name'.",
                "type": "invalid_request_error",
                "param": "tools[0].name",
                "code": "missing_required_parameter",
            },
        ),
    ],
)
def test_openai_rejects_a_malformed_request_with_its_400_body(
    http: httpx.Client, path: str, body: dict[str, Any], error: dict[str, Any]
) -> None:
    body = {k: v for k, v in body.items() if v is not None}

    response = http.post(path, json=body, headers=OPENAI_HEADERS)

    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert response.headers["x-request-id"].startswith("req_")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({k: v for k, v in messages_body().items() if k != "max_tokens"}, "max_tokens: Field required"),
        ({k: v for k, v in messages_body().items() if k != "messages"}, "messages: Field required"),
        (messages_body(messages=[]), "messages: at least one message is required"),
        (messages_body(tools=[{"name": "record"}]), "tools.0.input_schema: Field required"),
        (
            messages_body(tool_choice={"type": "tool", "name": "elsewhere"}),
            "tool_choice.name: tool 'elsewhere' was not found in tools",
        ),
    ],
)
def test_anthropic_rejects_a_malformed_request_with_its_400_body(
    http: httpx.Client, body: dict[str, Any], message: str
) -> None:
    response = http.post("/v1/messages", json=body, headers=ANTHROPIC_HEADERS)

    assert response.status_code == 400
    payload = response.json()
    assert payload["type"] == "error"
    assert payload["error"] == {"type": "invalid_request_error", "message": message}
    assert payload["request_id"] == response.headers["request-id"]


def test_anthropic_requires_its_version_header(http: httpx.Client) -> None:
    response = http.post("/v1/messages", json=messages_body(), headers={"x-api-key": KEY})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "anthropic-version: header is required"


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "x-api-key header is required"), ({"x-api-key": "sk-nope"}, "invalid x-api-key")],
)
def test_anthropic_checks_the_api_key(http: httpx.Client, headers: dict[str, str], message: str) -> None:
    response = http.post(
        "/v1/messages", json=messages_body(), headers={"anthropic-version": "2023-06-01", **headers}
    )

    assert response.status_code == 401
    assert response.json()["error"] == {"type": "authentication_error", "message": message}


def test_openai_checks_the_api_key_and_masks_it(http: httpx.Client) -> None:
    response = http.post(
        "/v1/responses", json=responses_body(), headers={"authorization": "Bearer sk-wrong-1234567"}
    )

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_api_key"
    assert error["message"].startswith("Incorrect API key provided: sk-*********4567.")
    missing = http.post("/v1/chat/completions", json=chat_body())
    assert missing.status_code == 401
    assert missing.json()["error"]["message"].startswith("You didn't provide an API key.")


# --- Injected faults -----------------------------------------------------------------------------


def test_openai_rate_limit_body_and_headers(http: httpx.Client) -> None:
    response = http.post(
        "/v1/chat/completions", json=chat_body(), headers={**OPENAI_HEADERS, FAULT_HEADER: "rate_limit"}
    )

    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.headers["x-ratelimit-remaining-requests"] == "0"
    error = response.json()["error"]
    assert error["type"] == "requests"
    assert error["code"] == "rate_limit_exceeded"
    assert error["message"].startswith("Rate limit reached for llama-test")


def test_anthropic_rate_limit_and_overload_bodies(http: httpx.Client) -> None:
    limited = http.post(
        "/v1/messages", json=messages_body(), headers={**ANTHROPIC_HEADERS, FAULT_HEADER: "rate_limit"}
    )
    overloaded = http.post(
        "/v1/messages", json=messages_body(), headers={**ANTHROPIC_HEADERS, FAULT_HEADER: "overloaded"}
    )

    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert limited.json()["error"]["type"] == "rate_limit_error"
    assert overloaded.status_code == 529
    assert overloaded.json()["error"] == {"type": "overloaded_error", "message": "Overloaded"}


@pytest.mark.parametrize(
    ("path", "body", "headers", "fault", "status", "kind"),
    [
        ("/v1/responses", responses_body(), OPENAI_HEADERS, "server_error", 500, "server_error"),
        ("/v1/responses", responses_body(), OPENAI_HEADERS, "overloaded", 503, "server_error"),
        ("/v1/messages", messages_body(), ANTHROPIC_HEADERS, "server_error", 500, "api_error"),
    ],
)
def test_server_side_faults(
    http: httpx.Client,
    path: str,
    body: dict[str, Any],
    headers: dict[str, str],
    fault: str,
    status: int,
    kind: str,
) -> None:
    response = http.post(path, json=body, headers={**headers, FAULT_HEADER: fault})

    assert response.status_code == status
    assert response.json()["error"]["type"] == kind


def test_unknown_fault_header_is_a_400(http: httpx.Client) -> None:
    response = http.post(
        "/v1/responses", json=responses_body(), headers={**OPENAI_HEADERS, FAULT_HEADER: "gremlins"}
    )

    assert response.status_code == 400
    assert "unknown fault 'gremlins'" in response.json()["error"]["message"]


def test_script_is_consumed_in_order_and_the_header_wins(http: httpx.Client, state: EmulatorState) -> None:
    state.reset(["rate_limit", "server_error"])

    statuses = [
        http.post(
            "/v1/responses", json=responses_body(), headers={**OPENAI_HEADERS, FAULT_HEADER: "ok"}
        ).status_code,
        http.post("/v1/responses", json=responses_body(), headers=OPENAI_HEADERS).status_code,
        http.post("/v1/responses", json=responses_body(), headers=OPENAI_HEADERS).status_code,
        http.post("/v1/responses", json=responses_body(), headers=OPENAI_HEADERS).status_code,
    ]

    assert statuses == [200, 429, 500, 200]
    assert [r.fault for r in state.requests] == [None, "rate_limit", "server_error", None]


def test_a_rejected_request_does_not_use_up_the_script(http: httpx.Client, state: EmulatorState) -> None:
    state.reset(["rate_limit"])

    assert http.post("/v1/responses", json=responses_body()).status_code == 401
    assert http.post("/v1/responses", json=responses_body(), headers=OPENAI_HEADERS).status_code == 429


# --- Answers, parsed by the SDKs' own types ------------------------------------------------------


@pytest.mark.parametrize("fault", ["ok", "malformed_json", "partial", "no_tool_call", "refusal"])
def test_responses_answers_parse_as_sdk_responses(http: httpx.Client, fault: str) -> None:
    raw = http.post("/v1/responses", json=responses_body(), headers={**OPENAI_HEADERS, FAULT_HEADER: fault})

    response = Response.model_validate(raw.json())

    assert response.usage is not None
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens
    [item] = response.output
    expected_type = "message" if fault in ("no_tool_call", "refusal") else "function_call"
    assert item.type == expected_type
    assert response.status == ("incomplete" if fault == "partial" else "completed")
    if fault == "partial":
        assert response.incomplete_details is not None
        assert response.incomplete_details.reason == "max_output_tokens"


@pytest.mark.parametrize(
    ("fault", "tool_choice", "finish_reason"),
    [
        ("ok", {"type": "function", "function": {"name": "record"}}, "stop"),
        ("ok", "auto", "tool_calls"),
        ("partial", {"type": "function", "function": {"name": "record"}}, "length"),
        ("no_tool_call", "auto", "stop"),
        ("refusal", "auto", "stop"),
    ],
)
def test_chat_answers_parse_as_sdk_completions(
    http: httpx.Client, fault: str, tool_choice: Any, finish_reason: str
) -> None:
    raw = http.post(
        "/v1/chat/completions",
        json=chat_body(tool_choice=tool_choice),
        headers={**OPENAI_HEADERS, FAULT_HEADER: fault},
    )

    completion = ChatCompletion.model_validate(raw.json())

    [choice] = completion.choices
    assert choice.finish_reason == finish_reason
    assert completion.usage is not None
    assert completion.usage.completion_tokens > 0
    if fault == "refusal":
        assert choice.message.refusal
        assert choice.message.tool_calls is None


@pytest.mark.parametrize(
    ("fault", "stop_reason", "block_type"),
    [
        ("ok", "tool_use", "tool_use"),
        ("partial", "max_tokens", "tool_use"),
        ("no_tool_call", "end_turn", "text"),
        ("refusal", "refusal", None),
    ],
)
def test_messages_answers_parse_as_sdk_messages(
    http: httpx.Client, fault: str, stop_reason: str, block_type: str | None
) -> None:
    raw = http.post("/v1/messages", json=messages_body(), headers={**ANTHROPIC_HEADERS, FAULT_HEADER: fault})

    message = Message.model_validate(raw.json())

    assert message.stop_reason == stop_reason
    assert [block.type for block in message.content] == ([block_type] if block_type else [])
    assert message.usage.input_tokens > 0
    if fault == "partial":
        [block] = message.content
        assert isinstance(block, ToolUseBlock)
        assert block.input == {"intent": "lead"}  # the first half of the keys, cut at max_tokens


def test_user_text_reaches_the_responder() -> None:
    seen: list[str] = []

    def responder(user_text: str, schema: dict[str, Any]) -> dict[str, Any]:
        seen.append(user_text)
        return default_responder(user_text, schema)

    app = create_llm_emulator(EmulatorConfig(api_key=None, responder=responder))
    base_url, stop = run_emulator_in_thread(app)
    try:
        with httpx.Client(base_url=base_url) as client:
            client.post(
                "/v1/responses",
                json=responses_body(
                    input=[{"role": "user", "content": [{"type": "input_text", "text": "one"}]}]
                ),
            )
            client.post(
                "/v1/chat/completions",
                json=chat_body(
                    messages=[
                        {"role": "system", "content": "s"},
                        {"role": "user", "content": [{"type": "text", "text": "two"}]},
                    ]
                ),
            )
            client.post(
                "/v1/messages",
                json=messages_body(
                    messages=[{"role": "user", "content": [{"type": "text", "text": "three"}]}]
                ),
                headers={"anthropic-version": "2023-06-01"},
            )
    finally:
        stop()

    assert seen == ["one", "two", "three"]
    with pytest.raises(httpx.ConnectError):
        httpx.post(base_url + "/v1/responses", json=responses_body())


# --- Pieces --------------------------------------------------------------------------------------


def test_default_responder_is_schema_valid_nulls_and_defaults() -> None:
    schema = {
        "type": "object",
        "properties": {
            "intent": {"type": "string", "enum": ["lead", "spam"]},
            "maybe": {"type": ["string", "null"]},
            "either": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "flag": {"type": "boolean"},
            "count": {"type": "integer"},
            "company": {"$ref": "#/$defs/Company"},
            "kind": {"const": "email"},
        },
        "$defs": {"Company": {"type": "object", "properties": {"name": {"type": ["string", "null"]}}}},
    }

    assert default_responder("anything", schema) == {
        "intent": "lead",
        "maybe": None,
        "either": None,
        "tags": [],
        "flag": False,
        "count": 0,
        "company": {"name": None},
        "kind": "email",
    }


def test_random_faults_follow_the_seed() -> None:
    def draws(seed: int) -> list[str | None]:
        state = EmulatorState(EmulatorConfig(rate_429=0.3, rate_5xx=0.3, seed=seed))
        return [state.next_fault(None) for _ in range(50)]

    assert draws(5) == draws(5)
    assert set(draws(5)) == {"rate_limit", "server_error", None}
    assert set(EmulatorState(EmulatorConfig(rate_429=1.0)).next_fault(None) for _ in range(5)) == {
        "rate_limit"
    }


@pytest.mark.parametrize(
    "config",
    [{"faults": ["gremlins"]}, {"fault": "nope"}, {"rate_429": 1.5}, {"rate_5xx": -0.1}],
)
def test_config_refuses_nonsense(config: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - several distinct messages
        EmulatorConfig(**config)
