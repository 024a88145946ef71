"""structlog set-up. Events are dotted names; addresses are logged only as salted hashes."""

from __future__ import annotations

import hashlib
import logging
import sys

import structlog


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    logging.basicConfig(level=level, stream=sys.stderr, format="%(message)s")
    # The embedded server's own chatter (initdb, handle counts) is noise to an operator.
    logging.getLogger("pgserver").setLevel(max(logging.WARNING, logging.getLevelName(level)))
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=True,
    )


def hash_address(address: str | None, salt: str) -> str | None:
    """A stable pseudonym for an email address: lets ops correlate log lines without the PII."""
    if not address:
        return None
    digest = hashlib.sha256(f"{salt}:{address.strip().lower()}".encode()).hexdigest()
    return "addr_" + digest[:16]
