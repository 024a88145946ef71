"""An HTTP emulator of Slack incoming webhooks (``POST /services/{T}/{B}/{secret}``).

Answers as Slack does: 200 with the text ``ok``; otherwise a short error string as the text body
with the status Slack documents for it (api.slack.com changelog 2016-05-17 and the incoming
webhook guide):

* 400 ``invalid_payload`` (the body is not a JSON object, or a form without ``payload``),
  ``no_text`` (neither ``text`` nor ``blocks`` nor ``attachments``), ``invalid_blocks``;
* 403 ``invalid_token`` (a URL no webhook has), ``action_prohibited``;
* 404 ``no_service`` (the webhook was removed or disabled), ``channel_not_found``;
* 410 ``channel_is_archived``;
* 429 ``rate_limited`` with ``Retry-After`` (more than ``max_per_second`` posts to one webhook in
  a second, the documented one-per-second allowance with a burst, or an injected fault);
* 500 ``rollup_error``.

Faults as in the other emulators: header ``x-emulator-fault``, a scripted queue (``faults``) and
seeded random rates, drawn only for posts to a webhook that exists.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from mailtriage.sandbox.faults import FAULT_HEADER, OK, pick_fault

DEFAULT_HOOK = "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
HookStatus = Literal["active", "archived", "removed", "prohibited", "channel_not_found"]
SLACK_FAULTS = frozenset({"rate_limited", "server_error", "unavailable", "timeout"})
MAX_BLOCKS = 50
BLOCK_TYPES = frozenset(
    {"section", "header", "context", "divider", "actions", "image", "rich_text", "input", "file", "video"}
)
_STATUS_ERRORS: dict[str, tuple[int, str]] = {
    "archived": (410, "channel_is_archived"),
    "removed": (404, "no_service"),
    "prohibited": (403, "action_prohibited"),
    "channel_not_found": (404, "channel_not_found"),
}


def _check_faults(names: Iterable[str]) -> None:
    for name in names:
        if name not in SLACK_FAULTS and name != OK:
            raise ValueError(f"unknown fault {name!r}; expected one of {sorted(SLACK_FAULTS)} or {OK!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackEmulatorConfig:
    # Webhook path (T/B/secret) -> its state; any other path is answered 403 invalid_token.
    hooks: Mapping[str, HookStatus] = field(default_factory=lambda: {DEFAULT_HOOK: "active"})
    max_per_second: int | None = None  # posts per webhook per rolling second before 429
    retry_after_s: int = 1
    rate_429: float = 0.0
    rate_5xx: float = 0.0
    seed: int = 0
    fault: str | None = None
    faults: list[str] = field(default_factory=list)
    timeout_sleep_s: float = 30.0

    def __post_init__(self) -> None:
        _check_faults([*self.faults, *([self.fault] if self.fault else [])])
        if not (0.0 <= self.rate_429 <= 1.0 and 0.0 <= self.rate_5xx <= 1.0):
            raise ValueError("fault rates are probabilities between 0 and 1")


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """A post Slack accepted, as the channel would show it."""

    hook: str
    payload: dict[str, Any]

    @property
    def text(self) -> str | None:
        text = self.payload.get("text")
        return text if isinstance(text, str) else None

    @property
    def blocks(self) -> list[Any]:
        blocks = self.payload.get("blocks")
        return blocks if isinstance(blocks, list) else []


@dataclass(frozen=True, slots=True)
class SlackRequest:
    hook: str
    body: bytes
    status: int
    answer: str
    fault: str | None


class SlackEmulatorState:
    def __init__(self, config: SlackEmulatorConfig) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.hooks: dict[str, HookStatus] = dict(config.hooks)
        self.script: deque[str] = deque(config.faults)
        self.messages: list[SlackMessage] = []
        self.requests: list[SlackRequest] = []
        self._recent: dict[str, deque[float]] = {}
        self._rng = random.Random(config.seed)

    def reset(self, faults: Iterable[str] = ()) -> None:
        script = list(faults)
        _check_faults(script)
        with self.lock:
            self.script = deque(script)
            self.messages.clear()
            self.requests.clear()
            self._recent.clear()
            self.hooks = dict(self.config.hooks)

    def push_faults(self, *faults: str) -> None:
        """Append to the fault script: ``push_faults("rate_limited")`` fails exactly the next post."""
        _check_faults(faults)
        with self.lock:
            self.script.extend(faults)

    def set_hook(self, hook: str, status: HookStatus) -> None:
        """Archive a channel, remove a webhook, or add one, while the server runs."""
        with self.lock:
            self.hooks[hook.strip("/")] = status

    def next_fault(self, requested: str | None) -> str | None:
        return pick_fault(
            requested,
            self.script,
            self.config.fault,
            self._rng,
            [(self.config.rate_429, ["rate_limited"]), (self.config.rate_5xx, ["server_error"])],
        )

    def over_rate(self, hook: str, now: float) -> bool:
        limit = self.config.max_per_second
        if limit is None:
            return False
        recent = self._recent.setdefault(hook, deque())
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        if len(recent) >= limit:
            return True
        recent.append(now)
        return False


def slack_state(app: FastAPI) -> SlackEmulatorState:
    state = app.state.slack
    if not isinstance(state, SlackEmulatorState):
        raise TypeError("not an app made by create_slack_emulator")
    return state


def _payload(raw: bytes, content_type: str) -> dict[str, Any] | None:
    """The message: a JSON body, or the ``payload`` field of a form post (the legacy way)."""
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            fields = parse_qs(raw.decode("utf-8"))
            if "payload" not in fields:
                return None
            parsed = json.loads(fields["payload"][0])
        else:
            parsed = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _text_object(value: Any, *, plain_only: bool = False, limit: int = 3000) -> bool:
    if not isinstance(value, Mapping) or not isinstance(value.get("text"), str):
        return False
    kinds = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    return value.get("type") in kinds and 0 < len(value["text"]) <= limit


def _blocks_valid(blocks: Any) -> bool:
    """The structural rules Block Kit enforces most often; the rest are accepted."""
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return False
    for block in blocks:
        if not isinstance(block, Mapping) or block.get("type") not in BLOCK_TYPES:
            return False
        kind = block["type"]
        if kind == "header" and not _text_object(block.get("text"), plain_only=True, limit=150):
            return False
        if kind == "section":
            fields = block.get("fields")
            text_ok = "text" in block and _text_object(block["text"])
            fields_ok = (
                isinstance(fields, list) and 0 < len(fields) <= 10 and all(_text_object(f) for f in fields)
            )
            if not (text_ok or fields_ok) or ("text" in block and not text_ok):
                return False
        if kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 0 < len(elements) <= 10:
                return False
            if not all(
                _text_object(e) or (isinstance(e, Mapping) and e.get("type") == "image") for e in elements
            ):
                return False
    return True


def _check_payload(payload: dict[str, Any] | None) -> str | None:
    if payload is None:
        return "invalid_payload"
    text, blocks, attachments = payload.get("text"), payload.get("blocks"), payload.get("attachments")
    if text is not None and not isinstance(text, str):
        return "invalid_payload"
    if blocks is not None and not _blocks_valid(blocks):
        return "invalid_blocks"
    if not text and not blocks and not attachments:
        return "no_text"
    return None


async def _stall(request: Request, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(0.02)


def _fault_answer(fault: str, retry_after_s: int) -> tuple[int, str, dict[str, str]] | None:
    if fault == "rate_limited":
        return 429, "rate_limited", {"Retry-After": str(retry_after_s)}
    if fault == "server_error":
        return 500, "rollup_error", {}
    if fault == "unavailable":
        return 503, "service_unavailable", {}
    return None


async def _serve(request: Request, team: str, bot: str, secret: str, state: SlackEmulatorState) -> Response:
    hook = f"{team}/{bot}/{secret}"
    raw = await request.body()
    fault: str | None = None

    def answer(status: int, text: str, headers: Mapping[str, str] | None = None) -> Response:
        with state.lock:
            state.requests.append(SlackRequest(hook, raw, status, text, fault))
        return PlainTextResponse(text, status_code=status, headers=dict(headers or {}))

    with state.lock:
        status = state.hooks.get(hook)
    if status is None:
        return answer(403, "invalid_token")
    if status in _STATUS_ERRORS:
        return answer(*_STATUS_ERRORS[status])
    requested = request.headers.get(FAULT_HEADER)
    if requested is not None and requested not in SLACK_FAULTS and requested != OK:
        return answer(400, f"unknown fault {requested!r}")
    with state.lock:
        fault = state.next_fault(requested)
        limited = fault is None and state.over_rate(hook, time.monotonic())
    if limited:
        return answer(429, "rate_limited", {"Retry-After": str(state.config.retry_after_s)})
    if fault is not None and (failed := _fault_answer(fault, state.config.retry_after_s)) is not None:
        return answer(*failed)
    if fault == "timeout":
        await _stall(request, state.config.timeout_sleep_s)
    payload = _payload(raw, request.headers.get("content-type", "application/json").lower())
    problem = _check_payload(payload)
    if problem is not None:
        return answer(400, problem)
    assert payload is not None
    with state.lock:
        state.messages.append(SlackMessage(hook, payload))
    return answer(200, "ok")


def create_slack_emulator(config: SlackEmulatorConfig | None = None) -> FastAPI:
    config = config or SlackEmulatorConfig()
    state = SlackEmulatorState(config)
    app = FastAPI(title="mailtriage Slack webhook emulator", openapi_url=None)
    app.state.slack = state

    async def webhook(request: Request, team: str, bot: str, secret: str) -> Response:
        return await _serve(request, team, bot, secret, state)

    app.add_api_route("/services/{team}/{bot}/{secret}", webhook, methods=["POST"])
    return app
