"""A normalised email as JSON: what ``mailtriage inspect`` prints and ``emails.raw_json`` keeps."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from mailtriage.understand.model_input import ModelInput
from mailtriage.understand.schemas import Address, NormalizedEmail
from mailtriage.understand.signals import SenderSignals


def _address(a: Address | None) -> dict[str, Any] | None:
    return None if a is None else {"name": a.name, "email": a.email}


def normalized_json(
    n: NormalizedEmail, signals: SenderSignals | None = None, model_input: ModelInput | None = None
) -> dict[str, Any]:
    identity = n.identity
    out: dict[str, Any] = {
        "message_id": identity.message_id,
        "thread": {
            "thread_id": identity.thread_id,
            "in_reply_to": identity.in_reply_to,
            "references": list(identity.references),
        },
        "date": identity.date.isoformat() if identity.date else None,
        "from": _address(n.sender),
        "to": [_address(a) for a in n.to],
        "cc": [_address(a) for a in n.cc],
        "reply_to": _address(n.reply_to),
        "subject": n.subject,
        "headers": n.headers,
        "text": n.text,
        "reply_text": n.parts.reply_text,
        "new_text": n.parts.new_text,
        "quoted": n.parts.quoted,
        "signature": n.parts.signature,
        "footer": n.parts.footer,
        "forwarded": asdict(n.forwarded) if n.forwarded else None,
        "form_fields": n.form_fields,
        "attachments": [asdict(a) for a in n.attachments],
        "language": n.language,
        "header_signals": asdict(n.signals),
        "defects": list(n.defects),
    }
    if signals is not None:
        out["sender_signals"] = {**asdict(signals), "machine": signals.machine}
    if model_input is not None:
        out["model_input"] = model_input.text
    return out
