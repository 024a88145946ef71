from __future__ import annotations

import pytest

from mailtriage.ingest.signature import SignatureError, sign, verify

SECRET = b"s3cret"
BODY = b'{"mailbox": "sales@lumenhq.com"}'


def test_a_correctly_signed_body_verifies() -> None:
    verify([SECRET], "1000", sign(SECRET, 1000, BODY), BODY, 300, now=1100)


def test_the_old_secret_still_verifies_during_rotation() -> None:
    verify([b"new", SECRET], "1000", sign(SECRET, 1000, BODY), BODY, 300, now=1000)


@pytest.mark.parametrize(
    ("timestamp", "signature", "body", "now", "why"),
    [
        (None, sign(SECRET, 1000, BODY), BODY, 1000, "missing"),
        ("1000", None, BODY, 1000, "missing"),
        ("1000", sign(b"other", 1000, BODY), BODY, 1000, "does not match"),
        ("1000", sign(SECRET, 1000, BODY), BODY + b" ", 1000, "does not match"),
        ("1000", sign(SECRET, 999, BODY), BODY, 1000, "does not match"),
        ("1000", sign(SECRET, 1000, BODY), BODY, 1301, "tolerance"),
        ("1000", sign(SECRET, 1000, BODY), BODY, 699, "tolerance"),
        ("soon", sign(SECRET, 1000, BODY), BODY, 1000, "not an integer"),
        ("1000", sign(SECRET, 1000, BODY).replace("v1=", "v0="), BODY, 1000, "does not match"),
    ],
)
def test_tampered_replayed_or_unsigned_requests_are_refused(
    timestamp: str | None, signature: str | None, body: bytes, now: float, why: str
) -> None:
    with pytest.raises(SignatureError, match=why):
        verify([SECRET], timestamp, signature, body, 300, now=now)
