"""The one retry policy every vendor call runs under (LLM providers, CRMs, Slack).

The SDKs' own retries are switched off (``max_retries=0``) so that this is the only policy: one
place decides how many tries a call gets, how long to wait and which failures are worth a retry,
whatever the vendor. Failures leave as :class:`TransientError` (retry later, e.g. from the task
queue) or :class:`PermanentError` (the request itself is wrong).
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import structlog

from mailtriage.errors import PermanentError, TransientError

log = structlog.get_logger("mailtriage.retry")

T = TypeVar("T")

# 529 is Anthropic's "overloaded_error"; the other codes are the usual transient HTTP answers.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 529})


@dataclass(frozen=True, slots=True)
class CallFailure:
    """A failed vendor call reduced to what the policy needs; each provider maps its SDK's errors."""

    status: int | None  # None for a timeout or a connection error: no HTTP answer at all
    headers: Mapping[str, str]
    detail: str

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status in RETRYABLE_STATUSES


def describe_error_body(status: int, body: object) -> str:
    """``HTTP 429 rate_limit_exceeded: Rate limit reached ...`` from either vendor's error JSON.

    The OpenAI SDK hands over the inner ``error`` object, the Anthropic SDK the whole envelope
    ``{"type": "error", "error": {...}}``; both keep ``type`` and ``message`` inside.
    """
    error: object = body.get("error", body) if isinstance(body, Mapping) else body
    if not isinstance(error, Mapping):
        return f"HTTP {status}"
    kind = error.get("code") or error.get("type") or "error"
    return f"HTTP {status} {kind}: {error.get('message', '')}".rstrip(": ")


def retry_after_s(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """The wait the server asked for, if any.

    ``retry-after-ms`` is non-standard; both SDKs read it before ``retry-after`` because it is more
    precise. ``retry-after`` may be seconds (floats tolerated, as the SDKs do) or an HTTP date.
    """
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    header = headers.get("retry-after")
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
        return max(seconds, 0.0)
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``max_attempts`` tries, exponential backoff with full jitter between them.

    A ``Retry-After`` from the server replaces the computed backoff. When it asks for more than
    ``max_retry_after_s`` the call fails at once as transient: blocking a worker that long is worse
    than letting the task queue retry later.
    """

    max_attempts: int = 4
    base_s: float = 0.5
    cap_s: float = 8.0
    max_retry_after_s: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def backoff_s(self, retry: int) -> float:
        """Full jitter: uniform over [0, min(cap, base * 2**retry)], so that many clients throttled
        at the same moment do not come back in lockstep."""
        return self.rng.uniform(0.0, min(self.cap_s, self.base_s * 2**retry))

    def run(
        self,
        call: Callable[[], T],
        classify: Callable[[Exception], CallFailure | None],
        *,
        vendor: str,
    ) -> tuple[T, int]:
        """``call()`` under this policy; returns its result and the number of tries it took.

        ``classify`` maps an exception of the vendor's SDK to a :class:`CallFailure`; anything it
        returns ``None`` for is not a vendor failure and propagates unchanged.
        """
        attempt = 1
        while True:
            try:
                return call(), attempt
            except Exception as exc:
                failure = classify(exc)
                if failure is None:
                    raise
                if not failure.retryable:
                    # Only the listed statuses are retried here; another 5xx is still the
                    # server's fault, so it leaves as transient, while a 4xx means our request is
                    # wrong and no retry, now or later, can help.
                    if failure.status is not None and failure.status >= 500:
                        raise TransientError(f"{vendor}: {failure.detail}") from exc
                    raise PermanentError(f"{vendor}: {failure.detail}") from exc
                if attempt >= self.max_attempts:
                    raise TransientError(
                        f"{vendor}: {failure.detail} (gave up after {attempt} tries)"
                    ) from exc
                asked = retry_after_s(failure.headers)
                if asked is not None and asked > self.max_retry_after_s:
                    raise TransientError(
                        f"{vendor}: {failure.detail} (server asked to wait {asked:.0f}s)"
                    ) from exc
                wait = asked if asked is not None else self.backoff_s(attempt - 1)
                log.info(
                    "llm.retry", vendor=vendor, attempt=attempt, status=failure.status, wait_s=round(wait, 3)
                )
                self.sleep(wait)
            attempt += 1
