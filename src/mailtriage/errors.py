"""One small error tree. Integrations raise only ``TransientError`` or ``PermanentError``."""

from __future__ import annotations


class MailtriageError(Exception):
    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(MailtriageError):
    status_code = 404


class Conflict(MailtriageError):
    status_code = 409


class InvalidInput(MailtriageError):
    status_code = 422


class TransientError(MailtriageError):
    """Worth retrying: timeouts, 429, 5xx, a lost connection."""

    status_code = 503


class PermanentError(MailtriageError):
    """Retrying cannot help: the input or the request is wrong. Goes to the dead-letter state."""

    status_code = 422
