"""``normalize(raw) -> NormalizedEmail``: decoded headers, readable body, attachment metadata.

A deliberately lenient parser: real mail is often malformed, and a defect becomes a recorded
``defects`` entry, not an exception. Size is checked by the caller before parsing.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from mailtriage.understand.schemas import Address, Attachment, MessageIdentity, NormalizedEmail

_MSGID = re.compile(r"<[^<>\s]+>")


def _header(msg: Message, name: str) -> str | None:
    value = msg.get(name)
    if value is None:
        return None
    try:
        return str(make_header(decode_header(str(value)))).strip()
    except Exception:
        return str(value).strip()


def _msg_ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


def _addresses(msg: Message, name: str) -> tuple[Address, ...]:
    values = [_header(msg, h) or "" for h in [name] if msg.get(h) is not None]
    out: list[Address] = []
    for display, addr in getaddresses(values):
        addr = addr.strip().lower()
        if "@" in addr:
            out.append(Address(name=display.strip() or None, email=addr))
    return tuple(out)


def read_identity(msg: Message) -> MessageIdentity:
    message_id = next(iter(_msg_ids(msg.get("Message-ID"))), None)
    in_reply_to = next(iter(_msg_ids(msg.get("In-Reply-To"))), None)
    references = _msg_ids(msg.get("References"))
    # A thread is named by its first message: the root of References, else the message replied to,
    # else this message itself; a message with no ids at all is a thread of one, named by its hash.
    thread_root = (references[0] if references else None) or in_reply_to or message_id
    if thread_root is None:
        thread_root = "sha256:" + hashlib.sha256(msg.as_bytes()).hexdigest()
    date = None
    raw_date = msg.get("Date")
    if raw_date:
        try:
            date = parsedate_to_datetime(str(raw_date))
        except (TypeError, ValueError, IndexError):
            date = None
    return MessageIdentity(
        message_id=message_id,
        thread_id=thread_root,
        in_reply_to=in_reply_to,
        subject=_header(msg, "Subject"),
        date=date,
    )


def parse_bytes(raw: bytes) -> Message:
    # compat32 never raises on malformed headers; decoding happens per header above.
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def identify(raw: bytes) -> MessageIdentity:
    return read_identity(parse_bytes(raw))


class _HtmlText(HTMLParser):
    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _decode_part(part: Message, defects: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        defects.append(f"charset:{charset}")
        # Mislabelled charsets are common; windows-1252 decodes every byte and is the usual truth.
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("windows-1252", errors="replace")


def normalize(raw: bytes) -> NormalizedEmail:
    msg = parse_bytes(raw)
    defects: list[str] = [type(d).__name__ for d in msg.defects]
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        filename = part.get_filename()
        if disposition == "attachment" or (filename and not ctype.startswith("text/")):
            payload = part.get_payload(decode=True)
            size = len(payload) if isinstance(payload, bytes) else 0
            attachments.append(Attachment(filename=filename, content_type=ctype, size=size))
        elif ctype == "text/plain":
            plain.append(_decode_part(part, defects))
        elif ctype == "text/html":
            html.append(_decode_part(part, defects))
    body_html = "\n".join(html) or None
    body_text = "\n".join(p.strip() for p in plain).strip()
    if not body_text and body_html:
        body_text = html_to_text(body_html)
    body_text = body_text.replace("\r\n", "\n")
    senders = _addresses(msg, "From")
    reply_to = _addresses(msg, "Reply-To")
    auto = (msg.get("Auto-Submitted") or "no").strip().lower()
    return NormalizedEmail(
        identity=read_identity(msg),
        sender=senders[0] if senders else None,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        reply_to=reply_to[0] if reply_to else None,
        subject=_header(msg, "Subject") or "",
        body_text=body_text,
        body_html=body_html,
        attachments=tuple(attachments),
        list_unsubscribe=msg.get("List-Unsubscribe") is not None
        or (msg.get("Precedence") or "").strip().lower() in {"bulk", "list"},
        auto_submitted=auto != "no" or msg.get("X-Autoreply") is not None,
        authentication_results=tuple(str(v) for v in msg.get_all("Authentication-Results") or ()),
        defects=tuple(defects),
    )
