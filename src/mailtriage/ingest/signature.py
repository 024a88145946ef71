"""The generic webhook signature: HMAC-SHA256 over ``"{timestamp}." + body`` with a shared secret.

A sender puts the Unix time in ``X-Mailtriage-Timestamp`` and ``v1=<hex digest>`` in
``X-Mailtriage-Signature`` (several comma-separated signatures are allowed while a secret is being
rotated). A timestamp more than the tolerance away from now is refused, so a captured request
cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Mailtriage-Timestamp"
SIGNATURE_HEADER = "X-Mailtriage-Signature"


class SignatureError(Exception):
    pass


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def verify(
    secrets: list[bytes],
    timestamp_header: str | None,
    signature_header: str | None,
    body: bytes,
    tolerance_seconds: int,
    now: float | None = None,
) -> None:
    if not timestamp_header or not signature_header:
        raise SignatureError("missing signature headers")
    try:
        timestamp = int(timestamp_header)
    except ValueError:
        raise SignatureError("timestamp is not an integer") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        raise SignatureError("timestamp outside the tolerance window")
    offered = [s.strip() for s in signature_header.split(",") if s.strip().startswith("v1=")]
    for secret in secrets:
        expected = sign(secret, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return
    raise SignatureError("signature does not match")
