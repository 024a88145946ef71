from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from mailtriage.errors import PermanentError, TransientError
from mailtriage.retry import CallFailure, RetryPolicy, retry_after_s


class Boom(Exception):
    def __init__(self, status: int | None, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"boom {status}")
        self.status = status
        self.headers = headers or {}


def classify(exc: Exception) -> CallFailure | None:
    return CallFailure(exc.status, exc.headers, f"HTTP {exc.status}") if isinstance(exc, Boom) else None


class Script:
    """A call that fails with the given errors, in order, then returns "ok"."""

    def __init__(self, *errors: Boom) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def policy(waits: list[float]) -> RetryPolicy:
    return RetryPolicy(base_s=0.5, cap_s=8.0, sleep=waits.append, rng=random.Random(1))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),  # the precise one wins
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"retry-after": "Wed, 21 Oct 2026 07:28:10 GMT"}, 10.0),
        ({"retry-after": "Wed, 21 Oct 2026 07:27:00 GMT"}, 0.0),  # a date in the past: go now
        ({"retry-after": "-1"}, None),
        ({"retry-after": "later"}, None),
        ({}, None),
    ],
)
def test_retry_after_header_forms(headers: dict[str, str], expected: float | None) -> None:
    now = datetime(2026, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert retry_after_s(headers, now) == expected


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    retry = RetryPolicy(base_s=0.5, cap_s=8.0, rng=random.Random(3))
    for step in range(8):
        ceiling = min(8.0, 0.5 * 2**step)
        draws = [retry.backoff_s(step) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.8  # spread over the whole range, not a fixed delay
        assert min(draws) < ceiling * 0.2


def test_success_on_the_first_try() -> None:
    waits: list[float] = []
    assert policy(waits).run(Script(), classify, vendor="x") == ("ok", 1)
    assert waits == []


def test_retryable_failures_are_retried_up_to_four_tries_in_all() -> None:
    waits: list[float] = []
    call = Script(*(Boom(503) for _ in range(10)))

    with pytest.raises(TransientError, match="gave up after 4 tries"):
        policy(waits).run(call, classify, vendor="x")

    assert call.calls == 4
    assert len(waits) == 3


@pytest.mark.parametrize("status", [None, 429, 500, 502, 503, 504, 529])
def test_each_retryable_status_is_retried(status: int | None) -> None:
    waits: list[float] = []
    assert policy(waits).run(Script(Boom(status)), classify, vendor="x") == ("ok", 2)
    assert len(waits) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_other_4xx_are_permanent_at_once(status: int) -> None:
    waits: list[float] = []
    call = Script(Boom(status))

    with pytest.raises(PermanentError, match=f"HTTP {status}"):
        policy(waits).run(call, classify, vendor="x")

    assert call.calls == 1
    assert waits == []


def test_an_unlisted_5xx_is_transient_but_not_retried_in_place() -> None:
    waits: list[float] = []
    call = Script(Boom(501))

    with pytest.raises(TransientError, match="HTTP 501"):
        policy(waits).run(call, classify, vendor="x")

    assert call.calls == 1


def test_retry_after_replaces_the_backoff() -> None:
    waits: list[float] = []
    call = Script(Boom(429, {"retry-after-ms": "750"}), Boom(429, {"retry-after": "2"}))

    assert policy(waits).run(call, classify, vendor="x") == ("ok", 3)
    assert waits == [0.75, 2.0]


def test_errors_that_are_not_vendor_failures_propagate() -> None:
    def broken() -> str:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        policy([]).run(broken, classify, vendor="x")
