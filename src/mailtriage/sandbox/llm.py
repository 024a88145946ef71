"""An HTTP emulator of the LLM vendors' APIs, so the real SDK clients run against a local server.

It serves, in each vendor's wire format:

* ``POST /v1/responses`` (OpenAI Responses),
* ``POST /v1/chat/completions`` (OpenAI Chat Completions, as vLLM, llama.cpp and Ollama serve it),
* ``POST /v1/messages`` (Anthropic Messages).

Every request is authenticated and validated the way the vendor does it (401 and 400 with the
vendor's error JSON), then answered with a call of the forced tool whose arguments come from a
pluggable ``responder``. Faults are injected per server (``EmulatorConfig.fault``, random rates),
per scripted sequence (``EmulatorConfig.faults``, consumed in order: ``["rate_limit",
"rate_limit"]`` is "429 twice, then OK") or per request (header ``x-emulator-fault``). The header
wins over the script, the script over the server-wide fault, and that over the random rates.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from mailtriage.sandbox.faults import FAULT_HEADER, OK, pick_fault

Responder = Callable[[str, dict[str, Any]], dict[str, Any]]

FAULTS = frozenset(
    {
        "rate_limit",  # 429 with the vendor's error body and retry-after
        "server_error",  # 500
        "overloaded",  # Anthropic 529 overloaded_error; 503 on the OpenAI routes
        "timeout",  # stall longer than the client waits, then answer normally
        "malformed_json",  # tool arguments that are not valid JSON
        "partial",  # arguments cut off mid-object, stop/finish reason for max tokens
        "no_tool_call",  # a text answer only
        "refusal",  # the vendor's refusal shape
    }
)
ANTHROPIC_VERSIONS = frozenset({"2023-06-01", "2023-01-01"})

REFUSAL_TEXT = "I'm sorry, but I can't help with that request."
NO_TOOL_TEXT = "I read the email but have nothing to record."


def default_responder(user_text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid object of nulls and defaults, whatever the email says."""
    del user_text
    value = _default_for(schema, schema)
    return value if isinstance(value, dict) else {}


def _default_for(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Any:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        return _default_for(target, root)
    if "const" in schema:
        return schema["const"]
    if "default" in schema:
        return schema["default"]
    if isinstance(enum := schema.get("enum"), list) and enum:
        return None if None in enum else enum[0]
    if isinstance(options := schema.get("anyOf"), list) and options:
        if any(isinstance(o, Mapping) and o.get("type") == "null" for o in options):
            return None
        first = options[0]
        return _default_for(first, root) if isinstance(first, Mapping) else None
    kind = schema.get("type")
    if isinstance(kind, list):
        if "null" in kind:
            return None
        kind = kind[0] if kind else None
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _default_for(sub, root) for name, sub in properties.items() if isinstance(sub, Mapping)}
    defaults: dict[str, Any] = {"array": [], "string": "", "integer": 0, "number": 0.0, "boolean": False}
    return defaults.get(kind) if isinstance(kind, str) else None


def _check_faults(names: Iterable[str]) -> None:
    for name in names:
        if name not in FAULTS and name != OK:
            raise ValueError(f"unknown fault {name!r}; expected one of {sorted(FAULTS)} or {OK!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class EmulatorConfig:
    api_key: str | None = "sk-emulator"  # None: no auth check, like most self-hosted servers
    responder: Responder = default_responder
    fault: str | None = None  # injected into every request not otherwise scripted
    faults: list[str] = field(default_factory=list)  # consumed in order, one per request
    rate_429: float = 0.0  # probability of a 429 on an otherwise normal request
    rate_5xx: float = 0.0  # probability of a 500 on an otherwise normal request
    seed: int = 0
    retry_after_s: float = 1.0
    timeout_sleep_s: float = 30.0

    def __post_init__(self) -> None:
        _check_faults([*self.faults, *([self.fault] if self.fault else [])])
        if not (0.0 <= self.rate_429 <= 1.0 and 0.0 <= self.rate_5xx <= 1.0):
            raise ValueError("fault rates are probabilities between 0 and 1")


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # lower-case names
    body: Any  # the parsed JSON, or None when it did not parse
    fault: str | None


class EmulatorState:
    """What one emulator instance remembers: its fault script, its RNG and every request seen."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.script: deque[str] = deque(config.faults)
        self.requests: list[RecordedRequest] = []
        self._rng = random.Random(config.seed)

    def reset(self, faults: Iterable[str] = ()) -> None:
        """Start over with a new fault script and no recorded requests, keeping the server (and
        its port) running: cheaper than a new server per test."""
        script = list(faults)
        _check_faults(script)
        self.script = deque(script)
        self.requests.clear()

    def next_fault(self, requested: str | None) -> str | None:
        return pick_fault(
            requested,
            self.script,
            self.config.fault,
            self._rng,
            [(self.config.rate_429, ["rate_limit"]), (self.config.rate_5xx, ["server_error"])],
        )


def emulator_state(app: FastAPI) -> EmulatorState:
    state = app.state.emulator
    if not isinstance(state, EmulatorState):
        raise TypeError("not an app made by create_llm_emulator")
    return state


# --- Shared pieces -------------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """About four characters a token for English text; good enough for usage and cost plumbing."""
    return max(1, math.ceil(len(text) / 4))


def _new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:24]


def _text_of(content: Any, part_types: frozenset[str]) -> str:
    """A message's text, whether the content is a plain string or a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, Mapping) and part.get("type") in part_types
        )
    return ""


def _last_user_text(messages: Any, part_types: frozenset[str]) -> str:
    if isinstance(messages, str):
        return messages
    if not isinstance(messages, list):
        return ""
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            return _text_of(message.get("content"), part_types)
    return ""


def _malformed(arguments: str) -> str:
    # Complete-looking but invalid: a trailing comma, the classic hand-written-JSON mistake.
    return arguments[:-1] + ",}" if arguments.endswith("}") else arguments + ","


def _cut(arguments: str) -> str:
    # Half of a serialised object never parses: its closing brace is gone.
    return arguments[: max(1, len(arguments) // 2)]


def _first_half(arguments: dict[str, Any]) -> dict[str, Any]:
    keys = list(arguments)
    return {key: arguments[key] for key in keys[: len(keys) // 2]}


@dataclass(frozen=True, slots=True)
class _Tool:
    name: str
    schema: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Call:
    """A tool call the emulated model made, before each vendor wraps it in its own shape."""

    name: str
    arguments: dict[str, Any]  # what the responder returned
    text: str  # the arguments as sent: serialised, possibly broken or cut off
    malformed: bool = False
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class _Answer:
    """Text instead of a tool call: a plain answer or a refusal."""

    text: str
    refusal: bool = False


def _generate(tool: _Tool | None, arguments: dict[str, Any] | None, fault: str | None) -> _Call | _Answer:
    if tool is None or arguments is None or fault == "no_tool_call":
        return _Answer(NO_TOOL_TEXT)
    if fault == "refusal":
        return _Answer(REFUSAL_TEXT, refusal=True)
    text = json.dumps(arguments)
    if fault == "malformed_json":
        return _Call(tool.name, arguments, _malformed(text), malformed=True)
    if fault == "partial":
        return _Call(tool.name, arguments, _cut(text), truncated=True)
    return _Call(tool.name, arguments, text)


class _Invalid(Exception):
    """A request the vendor would reject with 400; carries the vendor's wording."""

    def __init__(self, message: str, *, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code


def _missing(param: str) -> _Invalid:
    return _Invalid(f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter")


# --- OpenAI (Responses and Chat Completions) -----------------------------------------------------


def _openai_error(
    status: int,
    message: str,
    *,
    kind: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": param, "code": code}},
        status_code=status,
        headers={"x-request-id": _new_id("req_"), **(headers or {})},
    )


def _mask(key: str) -> str:
    return key[:3] + "*" * max(0, len(key) - 7) + key[-4:] if len(key) > 8 else "*" * len(key)


class _OpenAIFlavour:
    """What the two OpenAI routes share: Bearer auth and the ``{"error": {...}}`` envelope."""

    def check_auth(self, headers: Mapping[str, str], api_key: str | None) -> Response | None:
        if api_key is None:
            return None
        authorization = headers.get("authorization", "")
        if not authorization.startswith("Bearer ") or not authorization[7:].strip():
            return _openai_error(
                401,
                "You didn't provide an API key. You need to provide your API key in an Authorization "
                "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        given = authorization[7:].strip()
        if given != api_key:
            return _openai_error(
                401,
                f"Incorrect API key provided: {_mask(given)}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )
        return None

    def invalid(self, problem: _Invalid) -> Response:
        return _openai_error(400, problem.message, param=problem.param, code=problem.code)

    def fault(self, fault: str, model: str, retry_after_s: float) -> Response | None:
        if fault == "rate_limit":
            wait = _format_seconds(retry_after_s)
            return _openai_error(
                429,
                f"Rate limit reached for {model} in organization org-emulator on requests per min (RPM): "
                f"Limit 3, Used 3, Requested 1. Please try again in {wait}s.",
                kind="requests",
                code="rate_limit_exceeded",
                headers={
                    "retry-after": wait,
                    "x-ratelimit-limit-requests": "3",
                    "x-ratelimit-remaining-requests": "0",
                    "x-ratelimit-reset-requests": f"{wait}s",
                },
            )
        if fault == "server_error":
            return _openai_error(
                500,
                "The server had an error while processing your request. Sorry about that!",
                kind="server_error",
            )
        if fault == "overloaded":
            # OpenAI has no 529; an overloaded engine answers 503.
            return _openai_error(
                503, "The engine is currently overloaded, please try again later.", kind="server_error"
            )
        return None


def _format_seconds(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def _openai_forced_tool(
    tools: Any, tool_choice: Any, definition: Callable[[Mapping[str, Any]], Any], where: str
) -> _Tool | None:
    """The function the model will call: the one ``tool_choice`` names, else the first one.

    ``definition`` finds the name/parameters object inside a tool (the tool itself in Responses,
    its ``function`` in Chat Completions); ``where`` is that object's path for error messages.
    """
    if tools is None:
        if tool_choice not in (None, "none", "auto"):
            raise _Invalid(
                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                param="tool_choice",
            )
        return None
    if not isinstance(tools, list):
        raise _Invalid("Invalid type for 'tools': expected an array.", param="tools", code="invalid_type")
    functions: list[_Tool] = []
    for index, tool in enumerate(tools):
        if not isinstance(tool, Mapping):
            raise _Invalid(f"Invalid type for 'tools[{index}]': expected an object.", param=f"tools[{index}]")
        if tool.get("type") != "function":
            continue
        function = definition(tool)
        function = function if isinstance(function, Mapping) else {}
        name = function.get("name")
        if not isinstance(name, str) or not name:
            raise _missing(where.format(index=index) + ".name")
        schema = function.get("parameters")
        functions.append(_Tool(name, schema if isinstance(schema, dict) else {}))
    if tool_choice == "none" or not functions:
        return None
    if isinstance(tool_choice, Mapping):
        # Responses names the function at the top level, Chat Completions under "function".
        wanted = tool_choice.get("name") or (tool_choice.get("function") or {}).get("name")
        for function_ in functions:
            if function_.name == wanted:
                return function_
        raise _Invalid(f"Tool choice '{wanted}' not found in 'tools' parameter.", param="tool_choice")
    return functions[0]


class _Responses(_OpenAIFlavour):
    path = "/v1/responses"

    def validate(self, body: dict[str, Any]) -> tuple[str, _Tool | None]:
        if not body.get("model"):
            raise _missing("model")
        # The API also accepts a stored prompt or conversation instead of input; the emulator
        # has nothing to answer without one.
        if "input" not in body:
            raise _missing("input")
        tool = _openai_forced_tool(body.get("tools"), body.get("tool_choice"), lambda t: t, "tools[{index}]")
        return _last_user_text(body["input"], frozenset({"input_text"})), tool

    def reply(
        self, body: dict[str, Any], tool: _Tool | None, arguments: dict[str, Any] | None, fault: str | None
    ) -> Response:
        generated = _generate(tool, arguments, fault)
        output: dict[str, Any]
        truncated = False
        if isinstance(generated, _Call):
            truncated = generated.truncated
            output = {
                "type": "function_call",
                "id": _new_id("fc_"),
                "call_id": _new_id("call_"),
                "name": generated.name,
                "arguments": generated.text,
                "status": "incomplete" if truncated else "completed",
            }
        elif generated.refusal:
            output = self._message({"type": "refusal", "refusal": generated.text})
        else:
            output = self._message({"type": "output_text", "text": generated.text, "annotations": []})
        # The response as a whole carries the cut-off, in status and incomplete_details.
        status = "incomplete" if truncated else "completed"
        incomplete = {"reason": "max_output_tokens"} if truncated else None
        tokens_in = estimate_tokens(json.dumps([body.get("instructions"), body["input"], body.get("tools")]))
        tokens_out = estimate_tokens(generated.text)
        return JSONResponse(
            {
                "id": _new_id("resp_"),
                "object": "response",
                "created_at": int(time.time()),
                "status": status,
                "error": None,
                "incomplete_details": incomplete,
                "instructions": body.get("instructions"),
                "max_output_tokens": body.get("max_output_tokens"),
                "model": body["model"],
                "output": [output],
                "parallel_tool_calls": body.get("parallel_tool_calls", True),
                "previous_response_id": None,
                "reasoning": {"effort": None, "summary": None},
                "store": body.get("store", True),
                "temperature": body.get("temperature", 1.0),
                "text": {"format": {"type": "text"}},
                "tool_choice": body.get("tool_choice", "auto"),
                "tools": body.get("tools", []),
                "top_p": body.get("top_p", 1.0),
                "truncation": "disabled",
                "usage": {
                    "input_tokens": tokens_in,
                    "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                    "output_tokens": tokens_out,
                    "output_tokens_details": {"reasoning_tokens": 0},
                    "total_tokens": tokens_in + tokens_out,
                },
                "user": None,
                "metadata": {},
            },
            headers={"x-request-id": _new_id("req_")},
        )

    @staticmethod
    def _message(part: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "message",
            "id": _new_id("msg_"),
            "status": "completed",
            "role": "assistant",
            "content": [part],
        }


class _ChatCompletions(_OpenAIFlavour):
    path = "/v1/chat/completions"

    def validate(self, body: dict[str, Any]) -> tuple[str, _Tool | None]:
        if not body.get("model"):
            # Chat Completions still words this one differently from its other missing parameters.
            raise _Invalid("you must provide a model parameter")
        messages = body.get("messages")
        if messages is None:
            raise _missing("messages")
        if not isinstance(messages, list) or not messages:
            raise _Invalid(
                "Invalid 'messages': empty array. Expected an array with minimum length 1.",
                param="messages",
                code="empty_array",
            )
        tool = _openai_forced_tool(
            body.get("tools"), body.get("tool_choice"), lambda t: t.get("function"), "tools[{index}].function"
        )
        return _last_user_text(messages, frozenset({"text"})), tool

    def reply(
        self, body: dict[str, Any], tool: _Tool | None, arguments: dict[str, Any] | None, fault: str | None
    ) -> Response:
        generated = _generate(tool, arguments, fault)
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None, "annotations": []}
        finish_reason = "stop"
        if isinstance(generated, _Call):
            message["tool_calls"] = [
                {
                    "id": _new_id("call_"),
                    "type": "function",
                    "function": {"name": generated.name, "arguments": generated.text},
                }
            ]
            # A call forced by name ends with "stop" (OpenAI's documented quirk, copied by vLLM);
            # "tool_calls" only when the model chose to call under auto or required.
            finish_reason = "stop" if isinstance(body.get("tool_choice"), Mapping) else "tool_calls"
            if generated.truncated:
                finish_reason = "length"
        elif generated.refusal:
            message["refusal"] = generated.text
        else:
            message["content"] = generated.text
        tokens_in = estimate_tokens(json.dumps([body["messages"], body.get("tools")]))
        tokens_out = estimate_tokens(generated.text)
        return JSONResponse(
            {
                "id": _new_id("chatcmpl-"),
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body["model"],
                "choices": [
                    {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}
                ],
                "usage": {
                    "prompt_tokens": tokens_in,
                    "completion_tokens": tokens_out,
                    "total_tokens": tokens_in + tokens_out,
                    "prompt_tokens_details": {"cached_tokens": 0},
                    "completion_tokens_details": {"reasoning_tokens": 0},
                },
                "system_fingerprint": "fp_emulator",
            },
            headers={"x-request-id": _new_id("req_")},
        )


# --- Anthropic -----------------------------------------------------------------------------------


def _anthropic_error(
    status: int, kind: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    request_id = _new_id("req_")
    return JSONResponse(
        {"type": "error", "error": {"type": kind, "message": message}, "request_id": request_id},
        status_code=status,
        headers={"request-id": request_id, **(headers or {})},
    )


class _Messages:
    path = "/v1/messages"

    def check_auth(self, headers: Mapping[str, str], api_key: str | None) -> Response | None:
        if api_key is not None:
            given = headers.get("x-api-key")
            if not given:
                return _anthropic_error(401, "authentication_error", "x-api-key header is required")
            if given != api_key:
                return _anthropic_error(401, "authentication_error", "invalid x-api-key")
        version = headers.get("anthropic-version")
        if version is None:
            return _anthropic_error(400, "invalid_request_error", "anthropic-version: header is required")
        if version not in ANTHROPIC_VERSIONS:
            return _anthropic_error(
                400, "invalid_request_error", f'anthropic-version: "{version}" is not a valid version'
            )
        return None

    def invalid(self, problem: _Invalid) -> Response:
        return _anthropic_error(400, "invalid_request_error", problem.message)

    def fault(self, fault: str, model: str, retry_after_s: float) -> Response | None:
        del model
        if fault == "rate_limit":
            return _anthropic_error(
                429,
                "rate_limit_error",
                "This request would exceed the rate limit for your organization of 50 requests per "
                "minute. Please reduce the prompt length or the maximum tokens requested, or try "
                "again later.",
                {
                    "retry-after": _format_seconds(retry_after_s),
                    "anthropic-ratelimit-requests-remaining": "0",
                },
            )
        if fault == "server_error":
            return _anthropic_error(500, "api_error", "Internal server error")
        if fault == "overloaded":
            return _anthropic_error(529, "overloaded_error", "Overloaded")
        return None

    def validate(self, body: dict[str, Any]) -> tuple[str, _Tool | None]:
        # Anthropic names the offending field as a dotted path: "max_tokens: Field required".
        for required in ("model", "messages", "max_tokens"):
            if required not in body:
                raise _Invalid(f"{required}: Field required")
        messages = body["messages"]
        if not isinstance(messages, list) or not messages:
            raise _Invalid("messages: at least one message is required")
        tool = self._forced_tool(body.get("tools"), body.get("tool_choice"))
        return _last_user_text(messages, frozenset({"text"})), tool

    @staticmethod
    def _forced_tool(tools: Any, tool_choice: Any) -> _Tool | None:
        if tools is None:
            if isinstance(tool_choice, Mapping) and tool_choice.get("type") in ("tool", "any"):
                raise _Invalid("tool_choice: tool_choice may only be specified while providing tools")
            return None
        if not isinstance(tools, list):
            raise _Invalid("tools: Input should be a valid list")
        found: list[_Tool] = []
        for index, tool in enumerate(tools):
            if not isinstance(tool, Mapping):
                raise _Invalid(f"tools.{index}: Input should be a valid dictionary")
            for required in ("name", "input_schema"):
                if required not in tool:
                    raise _Invalid(f"tools.{index}.{required}: Field required")
            schema = tool["input_schema"]
            found.append(_Tool(str(tool["name"]), schema if isinstance(schema, dict) else {}))
        if not found or (isinstance(tool_choice, Mapping) and tool_choice.get("type") == "none"):
            return None
        if isinstance(tool_choice, Mapping) and tool_choice.get("type") == "tool":
            wanted = tool_choice.get("name")
            for tool_ in found:
                if tool_.name == wanted:
                    return tool_
            raise _Invalid(f"tool_choice.name: tool '{wanted}' was not found in tools")
        return found[0]

    def reply(
        self, body: dict[str, Any], tool: _Tool | None, arguments: dict[str, Any] | None, fault: str | None
    ) -> Response:
        generated = _generate(tool, arguments, fault)
        content: list[dict[str, Any]]
        stop_details = None
        if isinstance(generated, _Call):
            tool_input: Any = generated.arguments
            stop_reason = "tool_use"
            if generated.malformed:
                # The API itself always sends ``input`` parsed; an unparsed string is what broken
                # gateways in front of it produce, so that is the only way to carry bad JSON here.
                tool_input = generated.text
            elif generated.truncated:
                # Non-streaming replies carry only what was parsed before the cut: the first keys.
                tool_input, stop_reason = _first_half(generated.arguments), "max_tokens"
            block = {"type": "tool_use", "id": _new_id("toolu_"), "name": generated.name, "input": tool_input}
            content = [block]
        elif generated.refusal:
            content, stop_reason = [], "refusal"
            stop_details = {"type": "refusal", "category": None, "explanation": generated.text}
        else:
            content, stop_reason = [{"type": "text", "text": generated.text}], "end_turn"
        tokens_in = estimate_tokens(json.dumps([body.get("system"), body["messages"], body.get("tools")]))
        tokens_out = estimate_tokens(generated.text)
        return JSONResponse(
            {
                "id": _new_id("msg_"),
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": content,
                "stop_reason": stop_reason,
                "stop_sequence": None,
                "stop_details": stop_details,
                "usage": {
                    "input_tokens": tokens_in,
                    "output_tokens": tokens_out,
                    "cache_creation_input_tokens": 0,
                    "cache_read_input_tokens": 0,
                    "service_tier": "standard",
                },
            },
            headers={"request-id": _new_id("req_")},
        )


# --- The app -------------------------------------------------------------------------------------


async def _stall(request: Request, seconds: float) -> None:
    """Wait like a stuck upstream, but stop as soon as the client has given up, so a test's
    server shuts down promptly instead of sleeping out every abandoned request."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(0.02)


_Vendor = _Responses | _ChatCompletions | _Messages


def create_llm_emulator(config: EmulatorConfig | None = None) -> FastAPI:
    config = config or EmulatorConfig()
    state = EmulatorState(config)
    app = FastAPI(title="mailtriage LLM emulator", openapi_url=None)
    app.state.emulator = state
    for vendor in (_Responses(), _ChatCompletions(), _Messages()):
        app.add_api_route(vendor.path, _endpoint(vendor, state), methods=["POST"])
    return app


def _endpoint(vendor: _Vendor, state: EmulatorState) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _serve(request, vendor, state)

    return endpoint


async def _serve(request: Request, vendor: _Vendor, state: EmulatorState) -> Response:
    headers = {name.lower(): value for name, value in request.headers.items()}
    raw = await request.body()
    try:
        body: Any = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    record = RecordedRequest(vendor.path, headers, body, None)
    index = len(state.requests)
    state.requests.append(record)

    denied = vendor.check_auth(headers, state.config.api_key)
    if denied is not None:
        return denied
    if not isinstance(body, dict):
        return vendor.invalid(_Invalid("We could not parse the JSON body of your request."))
    try:
        user_text, tool = vendor.validate(body)
    except _Invalid as problem:
        return vendor.invalid(problem)

    # Faults are drawn only for requests that got this far, so a script counts well-formed,
    # authenticated calls and a rejected request never uses up a scripted fault.
    requested = headers.get(FAULT_HEADER)
    if requested is not None and requested not in FAULTS and requested != OK:
        return vendor.invalid(_Invalid(f"{FAULT_HEADER}: unknown fault {requested!r}"))
    fault = state.next_fault(requested)
    state.requests[index] = replace(record, fault=fault)

    if fault is not None:
        failed = vendor.fault(fault, str(body["model"]), state.config.retry_after_s)
        if failed is not None:
            return failed
    if fault == "timeout":
        await _stall(request, state.config.timeout_sleep_s)
    arguments = state.config.responder(user_text, tool.schema) if tool is not None else None
    return vendor.reply(body, tool, arguments, fault)
