"""The Slack incoming-webhook emulator's answers, checked over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from mailtriage.sandbox import (
    SlackEmulatorConfig,
    SlackEmulatorState,
    create_slack_emulator,
    run_emulator_in_thread,
    slack_state,
)
from mailtriage.sandbox.slack import DEFAULT_HOOK

HOOK = f"/services/{DEFAULT_HOOK}"


@contextmanager
def serve(config: SlackEmulatorConfig) -> Iterator[tuple[httpx.Client, SlackEmulatorState]]:
    app = create_slack_emulator(config)
    base_url, stop = run_emulator_in_thread(app)
    try:
        with httpx.Client(base_url=base_url, timeout=5) as client:
            yield client, slack_state(app)
    finally:
        stop()


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[httpx.Client, SlackEmulatorState]]:
    with serve(SlackEmulatorConfig()) as pair:
        yield pair


@pytest.fixture
def server(running: tuple[httpx.Client, SlackEmulatorState]) -> tuple[httpx.Client, SlackEmulatorState]:
    running[1].reset()
    return running


def test_text_message_is_accepted_and_recorded(server: tuple[httpx.Client, SlackEmulatorState]) -> None:
    client, state = server

    response = client.post(HOOK, json={"text": "Hello <https://example.com|there>"})

    assert response.status_code == 200
    assert response.text == "ok"
    assert response.headers["content-type"].startswith("text/plain")
    [message] = state.messages
    assert message.hook == DEFAULT_HOOK
    assert message.text == "Hello <https://example.com|there>"


def test_blocks_alone_and_legacy_form_payload(server: tuple[httpx.Client, SlackEmulatorState]) -> None:
    client, state = server
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Title"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*bold*"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "small"}]},
        {"type": "divider"},
    ]

    assert client.post(HOOK, json={"blocks": blocks}).text == "ok"
    assert client.post(HOOK, data={"payload": json.dumps({"text": "form"})}).text == "ok"
    assert [m.blocks for m in state.messages] == [blocks, []]
    assert state.messages[1].text == "form"


@pytest.mark.parametrize(
    ("content", "headers", "error"),
    [
        (b"{not json", {"content-type": "application/json"}, "invalid_payload"),
        (b'["a list"]', {"content-type": "application/json"}, "invalid_payload"),
        (b"text=hi", {"content-type": "application/x-www-form-urlencoded"}, "invalid_payload"),
        (b"{}", {"content-type": "application/json"}, "no_text"),
        (b'{"text": ""}', {"content-type": "application/json"}, "no_text"),
        (b'{"blocks": [{"type": "nonsense"}]}', {"content-type": "application/json"}, "invalid_blocks"),
        (
            b'{"blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}]}',
            {"content-type": "application/json"},
            "invalid_blocks",
        ),
        (b'{"blocks": [{"type": "section"}]}', {"content-type": "application/json"}, "invalid_blocks"),
    ],
)
def test_bad_payloads(
    server: tuple[httpx.Client, SlackEmulatorState], content: bytes, headers: dict[str, str], error: str
) -> None:
    client, state = server

    response = client.post(HOOK, content=content, headers=headers)

    assert response.status_code == 400
    assert response.text == error
    assert state.messages == []


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        ("archived", 410, "channel_is_archived"),
        ("removed", 404, "no_service"),
        ("prohibited", 403, "action_prohibited"),
        ("channel_not_found", 404, "channel_not_found"),
    ],
)
def test_webhook_states(
    server: tuple[httpx.Client, SlackEmulatorState], status: str, code: int, error: str
) -> None:
    client, state = server
    state.set_hook(DEFAULT_HOOK, status)  # type: ignore[arg-type]

    response = client.post(HOOK, json={"text": "hi"})

    assert (response.status_code, response.text) == (code, error)
    assert state.messages == []


def test_unknown_webhook_is_invalid_token(server: tuple[httpx.Client, SlackEmulatorState]) -> None:
    client, _ = server

    response = client.post("/services/T00000000/B00000000/wrong", json={"text": "hi"})

    assert (response.status_code, response.text) == (403, "invalid_token")


def test_rate_limit_per_second_with_retry_after() -> None:
    with serve(SlackEmulatorConfig(max_per_second=2, retry_after_s=3)) as (client, state):
        answers = [client.post(HOOK, json={"text": str(i)}) for i in range(3)]

        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2].text == "rate_limited"
        assert answers[2].headers["retry-after"] == "3"
        assert len(state.messages) == 2


def test_faults(server: tuple[httpx.Client, SlackEmulatorState]) -> None:
    client, state = server

    by_header = client.post(HOOK, json={"text": "x"}, headers={"x-emulator-fault": "server_error"})
    state.push_faults("rate_limited", "ok", "unavailable")
    scripted = [client.post(HOOK, json={"text": str(i)}).status_code for i in range(4)]

    assert (by_header.status_code, by_header.text) == (500, "rollup_error")
    assert scripted == [429, 200, 503, 200]
    assert [m.text for m in state.messages] == ["1", "3"]
    assert [r.fault for r in state.requests] == ["server_error", "rate_limited", None, "unavailable", None]


def test_random_faults_are_seeded() -> None:
    def statuses() -> list[int]:
        with serve(SlackEmulatorConfig(rate_429=0.3, rate_5xx=0.3, seed=3)) as (client, _):
            return [client.post(HOOK, json={"text": "x"}).status_code for _ in range(20)]

    first = statuses()

    assert first == statuses()
    assert {200, 429, 500} <= set(first)


def test_cli_command_documents_its_options() -> None:
    from typer.testing import CliRunner

    from mailtriage.sandbox.cli import sandbox_app

    result = CliRunner().invoke(sandbox_app, ["slack", "--help"])

    assert result.exit_code == 0
    for option in ("--port", "--hook", "--max-per-second"):
        assert option in result.output
