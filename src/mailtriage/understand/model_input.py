"""What a model is shown of one email: the design's cost control (subject, the start of the new
text, a little thread history), within configured limits."""

from __future__ import annotations

from dataclasses import dataclass

from mailtriage.understand.schemas import NormalizedEmail


@dataclass(frozen=True, slots=True)
class ModelInput:
    text: str
    new_text_truncated: bool
    history_chars: int


def _clip(text: str, limit: int) -> tuple[str, bool]:
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    # End on a word boundary so the model never sees half a token of an amount or a name.
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.8 else cut).rstrip() + " …", True


def build_model_input(
    email: NormalizedEmail, *, new_text_chars: int = 1500, history_chars: int = 400
) -> ModelInput:
    sender = email.sender
    lines = [f"Subject: {email.subject}".rstrip()]
    if sender:
        lines.append(f"From: {sender.name} <{sender.email}>" if sender.name else f"From: {sender.email}")
    if email.identity.date:
        lines.append(f"Date: {email.identity.date.isoformat()}")
    body = email.new_text
    if email.forwarded:
        fwd = email.forwarded
        author = " ".join(
            filter(None, (fwd.author_name, f"<{fwd.author_email}>" if fwd.author_email else None))
        )
        body = f"{body}\n\n[Forwarded message from {author or 'unknown'}"
        body += f", sent {fwd.date}]\n" if fwd.date else "]\n"
        body += fwd.text
    if email.parts.signature:
        body = f"{body}\n\n[Signature]\n{email.parts.signature}"
    clipped, truncated = _clip(body, new_text_chars)
    lines += ["", clipped]
    history = ""
    if email.parts.quoted and history_chars > 0:
        history, _ = _clip(email.parts.quoted, history_chars)
        lines += ["", "[Earlier in the thread]", history]
    return ModelInput(text="\n".join(lines), new_text_truncated=truncated, history_chars=len(history))
