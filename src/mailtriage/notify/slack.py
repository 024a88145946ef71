"""Dead-letter notices to a Slack channel through an incoming webhook.

A notice is a convenience for people, not part of processing: a Slack outage, a revoked webhook or
an archived channel is logged and reported as ``False``, never raised into the pipeline. Posts are
retried on 429 (after ``Retry-After``), 5xx and lost connections, at most ``max_tries`` tries with
exponential backoff and full jitter (:class:`~mailtriage.retry.RetryPolicy`).

The message carries the email's id, the reason and a replay link; anything that looks like an
e-mail address in the reason or subject hint is masked, so no address reaches the channel even if
a caller slips one in.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import structlog

from mailtriage.retry import RETRYABLE_STATUSES, RetryPolicy, retry_after_s

if TYPE_CHECKING:
    from mailtriage.config import Settings

log = structlog.get_logger("mailtriage.notify")

FailureHandler = Callable[[str], None]
ADDRESS_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
MAX_REASON = 500
MAX_SUBJECT = 150


def _log_failure(detail: str) -> None:
    log.warning("slack.notify_failed", detail=detail)


def mask_addresses(text: str) -> str:
    return ADDRESS_RE.sub("[address]", text)


def _escape(text: str) -> str:
    """Slack's three control characters; everything else is literal in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def replay_link(public_base_url: str, email_id: int) -> str:
    """Where a person inspects a dead-lettered email (and replays it with POST /admin/replay)."""
    return f"{public_base_url.rstrip('/')}/admin/emails/{email_id}"


def _describe(url: str) -> str:
    """The webhook URL without its secret path, for logs."""
    parts = httpx.URL(url)
    return f"{parts.scheme}://{parts.host}{'' if parts.port is None else f':{parts.port}'}/services/…"


class SlackNotifier:
    def __init__(
        self,
        webhook_url: str,
        timeout: float = 5.0,
        on_failure: FailureHandler = _log_failure,
        *,
        max_tries: int = 4,
        retry: RetryPolicy | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.webhook_url = webhook_url
        self.on_failure = on_failure
        self.retry = retry or RetryPolicy(max_attempts=max_tries)
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None

    def message(
        self, email_id: int, reason: str, replay_url: str, subject_hint: str | None = None
    ) -> dict[str, Any]:
        """The webhook payload: a plain ``text`` (notifications, old clients) and Block Kit blocks."""
        why = _escape(_clip(mask_addresses(reason), MAX_REASON)) or "no reason given"
        # A URL is written inside <url|label>: "|" and ">" would end it early.
        link = f"<{replay_url.replace('|', '%7C').replace('>', '%3E')}|Replay>"
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": f"Email {email_id} dead-lettered"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*Reason:* {why}\n{link}"}},
        ]
        if subject_hint and subject_hint.strip():
            subject = _escape(_clip(mask_addresses(subject_hint), MAX_SUBJECT))
            blocks.append(
                {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Subject: {subject}"}]}
            )
        return {"text": f"Email {email_id} was dead-lettered: {why} {link}", "blocks": blocks}

    def notify_dead_letter(
        self, email_id: int, reason: str, replay_url: str, subject_hint: str | None = None
    ) -> bool:
        """Post the notice; True when Slack took it. Never raises."""
        try:
            return self._post(self.message(email_id, reason, replay_url, subject_hint), email_id)
        except Exception as exc:  # a notice must never take the pipeline down with it
            self._fail(f"email {email_id}: {type(exc).__name__}: {exc}")
            return False

    def _post(self, payload: dict[str, Any], email_id: int) -> bool:
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                response = self._http.post(self.webhook_url, json=payload)
            except httpx.TransportError as exc:
                status: int | None = None
                detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
                headers: httpx.Headers = httpx.Headers()
            else:
                status, detail, headers = response.status_code, response.text.strip()[:200], response.headers
                if status == 200:
                    log.info(
                        "slack.notified",
                        email_id=email_id,
                        attempt=attempt,
                        ms=round((time.monotonic() - started) * 1000, 1),
                    )
                    return True
            retryable = status is None or status in RETRYABLE_STATUSES
            if not retryable:  # invalid_token, no_service, channel_is_archived...: no retry helps
                self._fail(f"email {email_id}: HTTP {status} {detail} from {_describe(self.webhook_url)}")
                return False
            if attempt >= self.retry.max_attempts:
                self._fail(
                    f"email {email_id}: {'HTTP ' + str(status) if status else 'no answer'} {detail} "
                    f"(gave up after {attempt} tries)"
                )
                return False
            asked = retry_after_s(headers)
            if asked is not None and asked > self.retry.max_retry_after_s:
                self._fail(f"email {email_id}: Slack asked to wait {asked:.0f}s; not waiting")
                return False
            wait = asked if asked is not None else self.retry.backoff_s(attempt - 1)
            log.info("slack.retry", email_id=email_id, attempt=attempt, status=status, wait_s=round(wait, 3))
            self.retry.sleep(wait)

    def _fail(self, detail: str) -> None:
        try:
            self.on_failure(detail)
        except Exception:  # the failure handler itself must not break the promise either
            log.exception("slack.on_failure_raised")

    def close(self) -> None:
        if self._owns_http:
            self._http.close()


def build_slack_notifier(
    settings: Settings, on_failure: FailureHandler = _log_failure
) -> SlackNotifier | None:
    """The notifier the settings describe, or None when no webhook URL is configured."""
    if settings.slack_webhook_url is None:
        return None
    return SlackNotifier(settings.slack_webhook_url.get_secret_value(), on_failure=on_failure)
