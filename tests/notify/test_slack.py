"""Dead-letter notices posted to the Slack webhook emulator over real HTTP."""

from __future__ import annotations

import json
import random
import socket
from collections.abc import Iterator

import pytest

from mailtriage.config import Settings
from mailtriage.notify import SlackNotifier, build_slack_notifier, replay_link
from mailtriage.retry import RetryPolicy
from mailtriage.sandbox import (
    SlackEmulatorConfig,
    SlackEmulatorState,
    create_slack_emulator,
    run_emulator_in_thread,
    slack_state,
)
from mailtriage.sandbox.slack import DEFAULT_HOOK

REPLAY = "http://127.0.0.1:8000/admin/emails/42"


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[str, SlackEmulatorState]]:
    app = create_slack_emulator(SlackEmulatorConfig(retry_after_s=2))
    base_url, stop = run_emulator_in_thread(app)
    yield f"{base_url}/services/{DEFAULT_HOOK}", slack_state(app)
    stop()


@pytest.fixture
def server(running: tuple[str, SlackEmulatorState]) -> tuple[str, SlackEmulatorState]:
    running[1].reset()
    return running


class Recorded:
    def __init__(self) -> None:
        self.waits: list[float] = []
        self.failures: list[str] = []

    def notifier(self, url: str, **kwargs: object) -> SlackNotifier:
        retry = RetryPolicy(max_attempts=4, sleep=self.waits.append, rng=random.Random(2))
        return SlackNotifier(url, 2.0, on_failure=self.failures.append, retry=retry, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


def test_posts_the_notice_with_a_replay_link(
    server: tuple[str, SlackEmulatorState], recorded: Recorded
) -> None:
    url, state = server
    notifier = recorded.notifier(url)

    ok = notifier.notify_dead_letter(42, "crm: REQUIRED_FIELD_MISSING <Name>", REPLAY, "Pricing for 40 seats")

    assert ok is True
    [message] = state.messages
    assert message.text is not None
    assert f"<{REPLAY}|Replay>" in message.text
    assert "Email 42" in message.text
    assert "&lt;Name&gt;" in message.text  # Slack's control characters escaped
    rendered = json.dumps(message.blocks)
    assert f"<{REPLAY}|Replay>" in rendered
    assert "Pricing for 40 seats" in rendered
    assert [b["type"] for b in message.blocks] == ["header", "section", "context"]
    assert recorded.failures == []
    notifier.close()


def test_no_email_address_reaches_the_channel(
    server: tuple[str, SlackEmulatorState], recorded: Recorded
) -> None:
    url, state = server
    notifier = recorded.notifier(url)

    assert notifier.notify_dead_letter(
        7, "bounce from ada.lovelace+crm@example.co.uk", REPLAY, "Re: bob@example.com"
    )

    dumped = json.dumps(state.messages[0].payload)
    assert "@" not in dumped
    assert "[address]" in dumped
    notifier.close()


def test_429_then_ok_waits_as_asked(server: tuple[str, SlackEmulatorState], recorded: Recorded) -> None:
    url, state = server
    state.push_faults("rate_limited")
    notifier = recorded.notifier(url)

    assert notifier.notify_dead_letter(42, "timeout", REPLAY, None) is True

    assert [r.status for r in state.requests] == [429, 200]
    assert recorded.waits == [2.0]  # the emulator's Retry-After
    assert len(state.messages) == 1
    notifier.close()


def test_5xx_is_retried_with_backoff_then_given_up(
    server: tuple[str, SlackEmulatorState], recorded: Recorded
) -> None:
    url, state = server
    notifier = recorded.notifier(url)

    state.push_faults("server_error", "unavailable", "server_error")
    assert notifier.notify_dead_letter(1, "x", REPLAY, None) is True
    assert [r.status for r in state.requests] == [500, 503, 500, 200]
    for n, wait in enumerate(recorded.waits):
        assert 0.0 <= wait <= 0.5 * 2**n

    state.reset()
    state.push_faults("server_error", "server_error", "server_error", "server_error")
    assert notifier.notify_dead_letter(2, "x", REPLAY, None) is False
    assert len(state.requests) == 4
    assert "gave up after 4 tries" in recorded.failures[-1]
    notifier.close()


def test_archived_channel_returns_false_without_raising(
    server: tuple[str, SlackEmulatorState], recorded: Recorded
) -> None:
    url, state = server
    state.set_hook(DEFAULT_HOOK, "archived")
    notifier = recorded.notifier(url)

    assert notifier.notify_dead_letter(42, "boom", REPLAY, "subject") is False

    assert len(state.requests) == 1  # a 410 is not retried
    assert recorded.waits == []
    [failure] = recorded.failures
    assert "410 channel_is_archived" in failure
    assert DEFAULT_HOOK.rsplit("/", 1)[-1] not in failure  # the webhook secret is not logged
    notifier.close()


def test_unreachable_slack_returns_false(recorded: Recorded) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    notifier = recorded.notifier(f"http://127.0.0.1:{port}/services/{DEFAULT_HOOK}")

    assert notifier.notify_dead_letter(42, "boom", REPLAY, None) is False

    assert len(recorded.waits) == 3
    assert "no answer" in recorded.failures[-1]
    notifier.close()


def test_a_failing_failure_handler_does_not_raise(server: tuple[str, SlackEmulatorState]) -> None:
    url, state = server
    state.set_hook(DEFAULT_HOOK, "removed")

    def explode(detail: str) -> None:
        raise RuntimeError(detail)

    notifier = SlackNotifier(url, 2.0, on_failure=explode)

    assert notifier.notify_dead_letter(42, "boom", REPLAY, None) is False
    notifier.close()


def test_built_from_settings(server: tuple[str, SlackEmulatorState]) -> None:
    url, state = server
    assert build_slack_notifier(Settings(_env_file=None)) is None  # type: ignore[call-arg]
    settings = Settings(_env_file=None, SLACK_WEBHOOK_URL=url, public_url="https://triage.example/")  # type: ignore[call-arg]

    notifier = build_slack_notifier(settings)

    assert notifier is not None
    link = replay_link(settings.public_url, 9)
    assert link == "https://triage.example/admin/emails/9"
    assert notifier.notify_dead_letter(9, "x", link, None) is True
    assert f"<{link}|Replay>" in (state.messages[0].text or "")
    notifier.close()
