"""``normalize(raw) -> NormalizedEmail``: headers decoded, the readable body found in whatever MIME
structure the client produced, the new text split from quotes, signature and footers.

Lenient by design: real mail is often malformed, and a defect becomes a ``defects`` entry, not an
exception. Only the limits below reject a message, with a reason (``MessageRejected``).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from mailtriage.errors import PermanentError
from mailtriage.understand.charsets import decode_bytes, repair_surrogates
from mailtriage.understand.forms import parse_form_fields
from mailtriage.understand.html import html_to_text
from mailtriage.understand.replies import ForwardedText, split_body
from mailtriage.understand.schemas import (
    Address,
    Attachment,
    MessageIdentity,
    NormalizedEmail,
)
from mailtriage.understand.signals import header_signals

_MSGID = re.compile(r"<[^<>\s]+>")


class MessageRejected(PermanentError):
    """The message breaks a configured limit; the reason says which."""


@dataclass(frozen=True, slots=True)
class NormalizeLimits:
    max_raw_bytes: int = 25 * 1024 * 1024
    max_depth: int = 20
    max_parts: int = 500
    max_html_bytes: int = 2 * 1024 * 1024


def decode_header_value(value: object) -> str:
    raw = repair_surrogates(str(value))
    if "=?" not in raw:
        return " ".join(raw.split())
    try:
        chunks = decode_header(raw)
        # make_header applies RFC 2047's spacing rules (no space between adjacent encoded words).
        return " ".join(str(make_header(chunks)).split())
    except (LookupError, UnicodeError, ValueError, AssertionError):
        pass
    try:
        chunks = decode_header(raw)
    except Exception:
        return " ".join(raw.split())
    # An unknown or lying charset in an encoded word: decode each chunk as a body part would be.
    pieces = [decode_bytes(c, cs)[0] if isinstance(c, bytes) else c for c, cs in chunks]
    return " ".join(" ".join(pieces).split())


def _header(msg: Message, name: str) -> str | None:
    value = msg.get(name)
    return None if value is None else decode_header_value(value)


# The common shapes, "Name <a@b.example>" and "a@b.example", parsed without the general RFC 5322
# parser, which costs more than the rest of a header's handling.
_SIMPLE_ADDRESS = re.compile(r'^\s*(?:"?([^"<>,;:@()]*?)"?\s*)?<?([^\s<>,;:"()@]+@[^\s<>,;:"()@]+)>?\s*$')


def _addresses(msg: Message, name: str) -> tuple[Address, ...]:
    values = msg.get_all(name) or []
    decoded = [decode_header_value(v) for v in values]
    if len(decoded) == 1 and (simple := _SIMPLE_ADDRESS.match(decoded[0])):
        display, addr = simple.group(1) or "", simple.group(2).lower()
        return (Address(name=display.strip() or None, email=addr),)
    out: list[Address] = []
    try:
        pairs = getaddresses(decoded)
    except Exception:
        return ()
    for display, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        if "@" in addr and " " not in addr:
            out.append(Address(name=display.strip().strip('"').strip() or None, email=addr))
    return tuple(out)


def _msg_ids(value: object) -> list[str]:
    return _MSGID.findall(str(value or ""))


def read_identity(msg: Message) -> MessageIdentity:
    message_id = next(iter(_msg_ids(msg.get("Message-ID"))), None)
    in_reply_to = next(iter(_msg_ids(msg.get("In-Reply-To"))), None)
    references = tuple(_msg_ids(msg.get("References")))
    # A thread is named by its first message: the root of References, else the message replied to,
    # else this message itself; a message with no ids at all is a thread of one, named by its hash.
    thread_root = (references[0] if references else None) or in_reply_to or message_id
    if thread_root is None:
        thread_root = "sha256:" + hashlib.sha256(msg.as_bytes(policy=email.policy.compat32)).hexdigest()
    date = None
    raw_date = msg.get("Date")
    if raw_date:
        try:
            date = parsedate_to_datetime(str(raw_date))
        except (TypeError, ValueError, IndexError, OverflowError):
            date = None
    return MessageIdentity(
        message_id=message_id[:998] if message_id else None,
        thread_id=thread_root[:998],
        in_reply_to=in_reply_to,
        references=references,
        subject=_header(msg, "Subject"),
        date=date,
    )


def parse_bytes(raw: bytes) -> Message:
    # compat32 never raises on malformed headers; decoding happens per header above.
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def identify(raw: bytes) -> MessageIdentity:
    return read_identity(parse_bytes(raw))


@dataclass
class _Body:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[ForwardedText] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    parts: int = 0


def _payload_text(part: Message, body: _Body) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        body.defects.append("undecodable part")
        return ""
    if not isinstance(payload, bytes):
        return ""
    text, note = decode_bytes(payload, part.get_content_charset())
    if note:
        body.defects.append(note)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_attachment(part: Message, ctype: str) -> bool:
    disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    return bool(part.get_filename()) and not ctype.startswith("text/")


def _attachment(part: Message) -> Attachment:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    size = len(payload) if isinstance(payload, bytes) else 0
    filename = part.get_filename()
    return Attachment(
        filename=decode_header_value(filename) if filename else None,
        content_type=part.get_content_type(),
        size=size,
    )


def _walk(part: Message, depth: int, body: _Body, limits: NormalizeLimits) -> None:
    if depth > limits.max_depth:
        raise MessageRejected(f"MIME nesting deeper than {limits.max_depth} levels")
    body.parts += 1
    if body.parts > limits.max_parts:
        raise MessageRejected(f"more than {limits.max_parts} MIME parts")
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        body.attachments.append(
            _attachment(part)
            if not isinstance(inner, list)
            else Attachment(
                filename=part.get_filename(), content_type=ctype, size=len(str(inner[0])) if inner else 0
            )
        )
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            nested = _Body()
            _walk(inner[0], depth + 1, nested, limits)
            sender = _addresses(inner[0], "From")
            body.forwarded.append(
                ForwardedText(
                    author_name=sender[0].name if sender else None,
                    author_email=sender[0].email if sender else None,
                    date=_header(inner[0], "Date"),
                    subject=_header(inner[0], "Subject"),
                    text=_readable(nested, limits),
                )
            )
            body.defects.extend(nested.defects)
        return
    if part.is_multipart():
        payload = part.get_payload()
        children = [c for c in payload if isinstance(c, Message)] if isinstance(payload, list) else []
        if ctype == "multipart/alternative":
            _walk_alternative(children, depth, body, limits)
            return
        for child in children:
            _walk(child, depth + 1, body, limits)
        return
    if _is_attachment(part, ctype):
        body.attachments.append(_attachment(part))
    elif ctype == "text/html":
        body.html.append(_payload_text(part, body))
    elif ctype.startswith("text/") and ctype not in {"text/calendar", "text/x-vcard", "text/vcard"}:
        body.plain.append(_payload_text(part, body))
    elif ctype.startswith("multipart/"):
        body.defects.append(f"{ctype} without parts")
    else:
        body.attachments.append(_attachment(part))


def _walk_alternative(children: list[Message], depth: int, body: _Body, limits: NormalizeLimits) -> None:
    """One rendering of the same content: the plain one, unless it is a stub and HTML says more."""
    options = []
    for child in children:
        sub = _Body()
        _walk(child, depth + 1, sub, limits)
        body.parts += sub.parts
        options.append(sub)
    plain = next((o for o in options if "".join(o.plain).strip()), None)
    rich = next((o for o in reversed(options) if o.html), None)
    chosen = plain or rich or (options[0] if options else None)
    if plain and rich:
        plain_len = len("".join(plain.plain).strip())
        html_len = len(html_to_text("".join(rich.html)[: limits.max_html_bytes]))
        if plain_len < 40 and html_len > 4 * plain_len:
            chosen = rich
    for option in options:
        body.attachments.extend(option.attachments)
        body.forwarded.extend(option.forwarded)
        body.defects.extend(option.defects)
        if option is chosen:
            body.plain.extend(option.plain)
            body.html.extend(option.html)
        elif option.html and not body.html:
            # Keep the HTML for the record even when the plain rendering is the text we use.
            body.html.extend(option.html)


def _readable(body: _Body, limits: NormalizeLimits) -> str:
    text = "\n\n".join(p.strip("\n") for p in body.plain if p.strip())
    if not text.strip() and body.html:
        html = "\n".join(body.html)
        if len(html) > limits.max_html_bytes:
            body.defects.append(f"HTML over {limits.max_html_bytes} bytes, truncated")
            html = html[: limits.max_html_bytes]
        text = html_to_text(html)
    return text.strip()


def normalize(raw: bytes, limits: NormalizeLimits | None = None) -> NormalizedEmail:
    limits = limits or NormalizeLimits()
    if len(raw) > limits.max_raw_bytes:
        raise MessageRejected(
            f"raw message of {len(raw)} bytes is over the {limits.max_raw_bytes}-byte limit"
        )
    msg = parse_bytes(raw)
    body = _Body(defects=[type(d).__name__ for d in msg.defects])
    _walk(msg, 0, body, limits)
    text = _readable(body, limits)
    parts = split_body(text)
    forwarded = body.forwarded[0] if body.forwarded else parts.forwarded
    headers: dict[str, list[str]] = {}
    for name, value in msg.items():
        headers.setdefault(name, []).append(decode_header_value(value))
    senders = _addresses(msg, "From")
    reply_to = _addresses(msg, "Reply-To")
    subject = _header(msg, "Subject") or ""
    return NormalizedEmail(
        identity=read_identity(msg),
        headers=headers,
        sender=senders[0] if senders else None,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        reply_to=reply_to[0] if reply_to else None,
        subject=subject,
        text=text,
        body_html="\n".join(body.html) or None,
        parts=parts,
        forwarded=forwarded,
        form_fields=parse_form_fields(text),
        attachments=tuple(body.attachments),
        signals=header_signals(
            headers,
            subject,
            senders[0].email if senders else None,
            parts.new_text or text,
            msg.get_content_type(),
        ),
        defects=tuple(dict.fromkeys(body.defects)),
    )
