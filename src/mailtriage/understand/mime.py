"""``normalize(raw) -> NormalizedEmail``: headers decoded, the readable body found in whatever MIME
structure the client produced, the new text split from quotes, signature and footers.

Lenient by design: real mail is often malformed, and a defect becomes a ``defects`` entry, not an
exception. Only the limits below reject a message, with a reason (``MessageRejected``).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.errors import MessageError
from email.generator import BytesGenerator
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime, unquote
from io import BytesIO

from mailtriage.errors import PermanentError
from mailtriage.understand.charsets import decode_bytes, repair_surrogates
from mailtriage.understand.forms import parse_form_fields
from mailtriage.understand.html import html_to_text
from mailtriage.understand.message_parser import parse_message
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
    # A plain alternative shorter than this is compared with its HTML twin, which wins when its
    # text is more than three times longer (four for a plain part under 40 characters).
    stub_plain_chars: int = 400


def decode_header_value(value: object, charset: str | None = None) -> str:
    """A header's text: RFC 2047 encoded words decoded, raw 8-bit bytes decoded as UTF-8, else in
    ``charset`` (the message's, see ``_charset_hint``), else as windows-1252; runs of whitespace made
    one space.

    ``value`` should be the raw value (``_raw_values``), where raw 8-bit bytes are surrogate escapes:
    ``Message.get`` hands such a value over as a ``Header`` whose text has lost them to U+FFFD."""
    raw = repair_surrogates(str(value), charset)
    if "=?" not in raw:
        return " ".join(raw.split())
    try:
        chunks = decode_header(raw)
        # make_header applies RFC 2047's spacing rules (no space between adjacent encoded words).
        return " ".join(str(make_header(chunks)).split())
    except (LookupError, UnicodeError, ValueError, AssertionError, MessageError):
        pass
    try:
        chunks = decode_header(raw)
    except Exception:
        return " ".join(raw.split())
    # An unknown or lying charset in an encoded word, or raw 8-bit text beside encoded words: decode
    # each chunk as a body part would be. decode_header gives the text outside the encoded words back
    # as bytes in raw-unicode-escape, which only text that had 8-bit bytes needs undone.
    pieces = [_chunk_text(c, cs, raw.isascii()) if isinstance(c, bytes) else c for c, cs in chunks]
    return " ".join(" ".join(pieces).split())


def _chunk_text(chunk: bytes, charset: str | None, ascii_header: bool) -> str:
    if charset is None and not ascii_header:
        try:
            return chunk.decode("raw-unicode-escape")
        except UnicodeDecodeError:
            pass
    return decode_bytes(chunk, charset)[0]


def _raw_values(msg: Message, name: str) -> list[str]:
    """Every value of the header ``name`` as the parser left it (``Message.get_all`` without the
    compat32 policy turning a value with 8-bit bytes into a ``Header`` that replaces them)."""
    wanted = name.lower()
    return [value for key, value in msg.raw_items() if key.lower() == wanted]


def _charset_hint(msg: Message) -> str | None:
    """The first charset that the message declares for a part: what its raw 8-bit headers are most
    likely in, when they are not UTF-8."""
    for part in msg.walk():
        charset = _content_charset(part)
        if charset:
            return charset
    return None


def _decoded_values(msg: Message, name: str) -> list[str]:
    values = _raw_values(msg, name)
    hint = _charset_hint(msg) if not all(value.isascii() for value in values) else None
    return [decode_header_value(value, hint) for value in values]


def _header(msg: Message, name: str) -> str | None:
    values = _decoded_values(msg, name)
    return values[0] if values else None


# The common shapes, "Name <a@b.example>" and "a@b.example", parsed without the general RFC 5322
# parser, which costs more than the rest of a header's handling.
_SIMPLE_ADDRESS = re.compile(r'^\s*(?:"?([^"<>,;:@()]*?)"?\s*)?<?([^\s<>,;:"()@]+@[^\s<>,;:"()@]+)>?\s*$')


def _addresses(msg: Message, name: str) -> tuple[Address, ...]:
    return _parse_addresses(_decoded_values(msg, name))


def _parse_addresses(decoded: list[str]) -> tuple[Address, ...]:
    """The addresses in the decoded values of one address header (all of its occurrences)."""
    if not any("@" in value for value in decoded):
        return ()  # no address at all (no header, "undisclosed-recipients:;"): nothing to parse
    if len(decoded) == 1 and (simple := _SIMPLE_ADDRESS.match(decoded[0])):
        display, addr = simple.group(1) or "", simple.group(2).lower()
        return (Address(name=display.strip() or None, email=addr),)
    out: list[Address] = []
    values = [_quote_names_with_commas(_quote_names_with_at(value)) for value in decoded]
    pairs = _listed_addresses(values)
    if pairs is None:
        try:
            pairs = getaddresses(values)
        except Exception:
            return ()
    for display, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        if "@" in addr and " " not in addr:
            out.append(Address(name=display.strip().strip('"').strip() or None, email=addr))
    return tuple(out)


# One mailbox of a list in the common shapes, which the RFC 5322 parser reads as written: "a@b.example",
# "<a@b.example>", "Name <a@b.example>", '"Name" <a@b.example>' (a name of atoms and dots between single
# spaces, or quoted without escapes; an address of atoms and dots, no comments, routes or literals).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_PHRASE_WORD = r'[^\s()<>@,:;"\[\]\\]+'
_LISTED_MAILBOX = re.compile(
    rf"[ \t]*(?:({_DOT_ATOM_ADDRESS})"
    rf'|(?:"([^"\\\r]*)"|({_PHRASE_WORD}(?: {_PHRASE_WORD})*))?[ \t]*<({_DOT_ATOM_ADDRESS})>)[ \t]*'
)


def _listed_addresses(values: list[str]) -> list[tuple[str, str]] | None:
    """getaddresses(values) when every mailbox has a common shape (long recipient lists), else None."""
    pairs: list[tuple[str, str]] = []
    for mailbox in _mailboxes(", ".join(values)):
        found = _LISTED_MAILBOX.fullmatch(mailbox)
        if found is None:
            return None
        bare, quoted, phrase, angled = found.groups()
        pairs.append(("", bare) if bare else (quoted or phrase or "", angled))
    return pairs


# A mailbox whose display name, not quoted, has an "@" ("Lisa @ Fernwood Yoga <lisa@…>"), which the
# RFC 5322 parser would read as an address of its own ("Lisa@FernwoodYoga").
_NAME_WITH_AT = re.compile(r'\s*([^"<>()\\,:;]*@[^"<>()\\,:;]*?)\s*<([^<>"]*)>\s*')
_AT_BEFORE_ANGLE = re.compile(r'@[^"<>()\\,:;]*<')  # what such a name and the "<" after it hold


def _quote_names_with_at(value: str) -> str:
    """``value`` with each display name that has an "@" quoted, as RFC 5322 wants it; one that is only
    the address again ("a@b.example <a@b.example>") is dropped."""
    if value.count("@") < 2 or _AT_BEFORE_ANGLE.search(value) is None:
        return value
    mailboxes = _mailboxes(value)
    for k, mailbox in enumerate(mailboxes):
        found = _NAME_WITH_AT.fullmatch(mailbox)
        if found:
            name, address = found.group(1).strip(), found.group(2).strip()
            mailboxes[k] = f"<{address}>" if name.lower() == address.lower() else f'"{name}" <{address}>'
    return ",".join(mailboxes)


def _quote_names_with_commas(value: str) -> str:
    """``value`` with a display name that has a comma quoted: Outlook writes "Doe, John <j@x>"
    unquoted, and an encoded word decodes to one ("=?…?Wei=DFenbach=2C_J=F6rg?=" is a single
    phrase). A piece cut at a comma that holds no address (nor the colon of a group) is no mailbox
    but the start of the next one's name."""
    if "," not in value:
        return value
    mailboxes = _mailboxes(value)
    merged: list[str] = []
    pending: list[str] = []
    for mailbox in mailboxes:
        if "@" not in mailbox and ":" not in mailbox and mailbox.strip():
            pending.append(mailbox.strip())
            continue
        if pending:
            found = _NAME_BEFORE_ANGLE.fullmatch(mailbox)
            if found is None:
                merged.extend(pending)  # not a name before an address: left as written
            else:
                name = ", ".join([*pending, found.group(1).strip()]).replace('"', "")
                mailbox = f' "{name}" <{found.group(2).strip()}>'
            pending = []
        merged.append(mailbox)
    merged.extend(pending)
    return ",".join(merged) if len(merged) < len(mailboxes) else value


_NAME_BEFORE_ANGLE = re.compile(r'\s*([^<>()\\,:;@]*)<([^<>"]*@[^<>"]*)>\s*')


def _mailboxes(value: str) -> list[str]:
    """``value`` cut at the commas that separate mailboxes: outside quoted strings, comments and <>."""
    parts: list[str] = []
    start, comments, quoted, angle, i = 0, 0, False, False, 0
    while i < len(value):
        char = value[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == '"':
                quoted = False
        elif comments:
            if char == "\\":
                i += 1
            elif char == "(":
                comments += 1
            elif char == ")":
                comments -= 1
        elif char == '"':
            quoted = True
        elif char == "(":
            comments = 1
        elif char == "<":
            angle = True
        elif char == ">":
            angle = False
        elif char == "," and not angle:
            parts.append(value[start:i])
            start = i + 1
        i += 1
    parts.append(value[start:])
    return parts


def _msg_ids(value: object) -> list[str]:
    return _MSGID.findall(str(value or ""))


# The date as RFC 5322 writes it, "Mon, 01 Jan 2024 12:00:00 +0100", perhaps followed by a comment.
_PLAIN_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) ((?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)) "
    r"(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)(?:[ \t].*)?",
    re.ASCII | re.DOTALL,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _parse_date(value: str) -> datetime:
    """parsedate_to_datetime, with the common form read here (the stdlib tries every form there is)."""
    plain = _PLAIN_DATE.fullmatch(value)
    if plain is None:
        return parsedate_to_datetime(value)
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = plain.groups()
    full_year = int(year)
    if full_year < 100:  # "0024", read as two digits are (POSIX: 69-99 and 00-68)
        full_year += 1900 if full_year > 68 else 2000
    fields = (full_year, _MONTHS.index(month.lower()) + 1, int(day), int(hour), int(minute), int(second))
    offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
    if offset == 0 and sign == "-":
        return datetime(*fields)  # "-0000": UTC, the sender's own zone unknown
    return datetime(*fields, tzinfo=timezone(timedelta(seconds=-offset if sign == "-" else offset)))


def read_identity(msg: Message) -> MessageIdentity:
    return _identity(msg, msg.get, _header(msg, "Subject"))


# A boundary line right above part headers that include a Content-Type.
_LOST_BOUNDARY = re.compile(
    r"^--([^\r\n]{1,70}?)[ \t]*\r?\n(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){0,5}?content-type:",
    re.I | re.M,
)
# A line break as the generator finds them (email.generator.NLCRE).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Generator(BytesGenerator):
    """BytesGenerator that writes a body's lines in one piece, not two writes a line: the same bytes."""

    # Set by Generator (private, so not in its type stubs).
    _NL: str
    _fp: BytesIO

    def _write_lines(self, lines: str) -> None:
        if not lines:
            return
        try:
            if "\r" not in lines and self._NL == "\n":
                data = lines.encode("ascii", "surrogateescape")  # the breaks already as written
            else:
                data = _LINE_BREAK.sub(self._NL, lines).encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            super()._write_lines(lines)  # type: ignore[misc]  # the generator's own error, after what it writes first
            return
        self._fp.write(data)


def _as_bytes(msg: Message) -> bytes:
    """``msg.as_bytes(policy=compat32)``, faster on long bodies."""
    out = BytesIO()
    _Generator(out, mangle_from_=False, policy=email.policy.compat32).flatten(msg, unixfrom=False)
    return out.getvalue()


def _thread_hash(msg: Message) -> str:
    try:
        flat = _as_bytes(msg)
    except UnicodeEncodeError:
        # A multipart whose boundary never comes keeps its body as decoded text, which the byte
        # generator cannot write; the text generator can, and the hash only needs the same input.
        flat = msg.as_string(policy=email.policy.compat32).encode("utf-8", "surrogateescape")
    return "sha256:" + hashlib.sha256(flat).hexdigest()


def _identity(msg: Message, get: Callable[[str], object], subject: str | None) -> MessageIdentity:
    """``get``: a header's first value as Message.get returns it; ``subject``: the decoded subject."""
    message_id = next(iter(_msg_ids(get("Message-ID"))), None)
    in_reply_to = next(iter(_msg_ids(get("In-Reply-To"))), None)
    references = tuple(_msg_ids(get("References")))
    # A thread is named by its first message: the root of References, else the message replied to,
    # else this message itself; a message with no ids at all is a thread of one, named by its hash.
    thread_root = (references[0] if references else None) or in_reply_to or message_id
    if thread_root is None:
        thread_root = _thread_hash(msg)
    date = None
    raw_date = get("Date")
    if raw_date:
        try:
            date = _parse_date(str(raw_date))
        except (TypeError, ValueError, IndexError, OverflowError):
            date = None
    return MessageIdentity(
        message_id=message_id[:998] if message_id else None,
        thread_id=thread_root[:998],
        in_reply_to=in_reply_to,
        references=references,
        subject=subject,
        date=date,
    )


def _fetched(msg: Message, name: str, raw_value: str | None) -> object:
    """A raw header value as ``Message.get`` returns it."""
    return None if raw_value is None else msg.policy.header_fetch_parse(name, raw_value)


def parse_bytes(raw: bytes) -> Message:
    # compat32 never raises on malformed headers; decoding happens per header above.
    return parse_message(raw.decode("ascii", "surrogateescape"))  # as email.message_from_bytes reads it


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
    content_type: str = ""  # of the message itself, read once by the walk
    # HTML already converted, by its source: a stub-plain alternative converts the HTML it then reads.
    html_text: dict[str, str] = field(default_factory=dict)


def _html_text(body: _Body, html: str) -> str:
    text = body.html_text.get(html)
    if text is None:
        text = body.html_text[html] = html_to_text(html)
    return text


def _content_charset(part: Message) -> str | None:
    """part.get_content_charset(), with a plain Content-Type ("text/plain; charset=utf-8", the value
    quoted or not) read here: the stdlib parses the parameters in several passes, which costs more
    than decoding most parts. Other headers (RFC 2231 parameters, escapes, quoted semicolons, 8-bit
    bytes) are left to it."""
    value = part.get("Content-Type")
    if value is None:
        return None
    if not isinstance(value, str) or not value.isascii() or "\\" in value or "*" in value:
        return part.get_content_charset()
    media_type, *parameters = value.split(";")
    if "=" in media_type or '"' in media_type or media_type.strip().lower() == "charset":
        # (The stdlib reads the media type as a parameter too: "charset" alone is an empty charset.)
        return part.get_content_charset()
    for parameter in parameters:
        name, _, setting = parameter.partition("=")
        setting = setting.strip()
        quotes = setting.count('"')
        if '"' in name or (quotes and (quotes != 2 or setting[0] != '"' or setting[-1] != '"')):
            return part.get_content_charset()
        if name.strip().lower() == "charset":
            return unquote(setting).lower()
    return None


def _payload_text(part: Message, body: _Body) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        body.defects.append("undecodable part")
        return ""
    if not isinstance(payload, bytes):
        return ""
    text, note = decode_bytes(payload, _content_charset(part))
    if note:
        body.defects.append(note)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _is_attachment(part: Message, ctype: str) -> bool:
    disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    return not ctype.startswith("text/") and bool(part.get_filename())


def _attachment(part: Message) -> Attachment:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    size = len(payload) if isinstance(payload, bytes) else 0
    filename = part.get_filename()
    ctype = part.get_content_type()
    card: dict[str, str] = {}
    if isinstance(payload, bytes) and (
        ctype in _CARD_TYPES or (filename or "").lower().endswith(".vcf")
    ) and size <= _CARD_LIMIT:
        card = _card_fields(payload.decode("utf-8", "replace"))
    return Attachment(
        filename=decode_header_value(filename) if filename else None,
        content_type=ctype,
        size=size,
        card_organisation=card.get("ORG") or None,
        card_email=card.get("EMAIL") or None,
    )


_CARD_TYPES = frozenset({"text/vcard", "text/x-vcard", "text/directory"})
_CARD_LIMIT = 64_000  # a contact card is a few hundred bytes; a larger file is not read
_CARD_LINE = re.compile(r"^(?:item\d+\.)?(ORG|EMAIL)(?:;[^:\r\n]*)?:(.*)$", re.IGNORECASE | re.MULTILINE)


def _card_fields(text: str) -> dict[str, str]:
    """ORG (its first component, the organisation; the rest are units) and the first EMAIL of a
    vCard (RFC 6350: folded lines continue with a space, commas and semicolons escaped)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    found: dict[str, str] = {}
    for m in _CARD_LINE.finditer(unfolded):
        key, value = m.group(1).upper(), m.group(2).strip()
        if key in found or not value:
            continue
        if key == "ORG":
            value = re.split(r"(?<!\\);", value)[0]
        found[key] = re.sub(r"\\([,;\\])", r"\1", value).strip()
    return found


def _walk(part: Message, depth: int, body: _Body, limits: NormalizeLimits) -> None:
    if depth > limits.max_depth:
        raise MessageRejected(f"MIME nesting deeper than {limits.max_depth} levels")
    body.parts += 1
    if body.parts > limits.max_parts:
        raise MessageRejected(f"more than {limits.max_parts} MIME parts")
    ctype = part.get_content_type()
    if depth == 0:
        body.content_type = ctype
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
        body.plain.append(_unescaped(_payload_text(part, body)))
    elif ctype.startswith("multipart/"):
        body.defects.append(f"{ctype} without parts")
        _walk_lost_parts(part, ctype, depth, body, limits)
    else:
        body.attachments.append(_attachment(part))


def _walk_lost_parts(part: Message, ctype: str, depth: int, body: _Body, limits: NormalizeLimits) -> None:
    """A multipart whose declared boundary never comes. Senders mistype it ("--= Boundary" for
    "=Boundary"), so a line that opens part headers names the boundary in use; without one, the body
    is one run of text, as a mail client shows it, rather than nothing."""
    payload = part.get_payload()
    if not isinstance(payload, str) or not payload.strip():
        return
    found = _LOST_BOUNDARY.search(payload)
    if found is not None and '"' not in found.group(1):
        head = f'Content-Type: {ctype}; boundary="{found.group(1)}"\r\n\r\n'
        recovered = parse_bytes((head + payload).encode("utf-8", "surrogateescape"))
        children = recovered.get_payload() if recovered.is_multipart() else None
        if isinstance(children, list) and children:
            body.defects.append(f"{ctype} boundary recovered")
            parts = [child for child in children if isinstance(child, Message)]
            if ctype == "multipart/alternative":
                _walk_alternative(parts, depth, body, limits)
            else:
                for child in parts:
                    _walk(child, depth + 1, body, limits)
            return
    text = _payload_text(part, body)
    if text.strip():
        body.plain.append(text)


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
        # Converting the HTML costs more than the rest of the message; only a short plain part needs
        # the comparison. ESPs fill it with a stub ("View this email in your browser", a link or
        # two) whose length alone does not give it away.
        if plain_len < limits.stub_plain_chars:
            html_len = len(_html_text(body, "".join(rich.html)[: limits.max_html_bytes]))
            if html_len > (4 if plain_len < 40 else 3) * plain_len:
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
        text = _html_text(body, html)
    return text.strip()


# A text part that a form plugin or CRM filled with HTML-escaped text ("GmbH &amp; Co. KG",
# "f&uuml;r"): its line breaks are escaped too ("&#13;&#10;"), which no writer types. (Entities
# alone may be the writer's subject: "the data should be &gt; 100".)
def _unescaped(text: str) -> str:
    if "&#1" not in text or ("&#13;" not in text and "&#10;" not in text) or "<" in text:
        return text
    return html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")


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
    # Each header decoded once from its raw value (Message.items() would hand one with 8-bit bytes over
    # as a Header that has replaced them), and found by its lower-case name as Message.get and get_all
    # find it (each of which reads all the headers).
    decoded: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    raw_headers = list(msg.raw_items())
    hint = None if all(value.isascii() for _, value in raw_headers) else _charset_hint(msg)
    for name, value in raw_headers:
        if type(value) is str and value.isascii() and "=?" not in value:
            text_value = " ".join(value.split())  # what decode_header_value gives for plain ASCII
        else:
            text_value = decode_header_value(value, hint)
        headers.setdefault(name, []).append(text_value)
        lowered = name.lower()
        decoded.setdefault(lowered, []).append(text_value)
        first.setdefault(lowered, value)
    senders = _parse_addresses(decoded.get("from", []))
    reply_to = _parse_addresses(decoded.get("reply-to", []))
    subjects = decoded.get("subject")
    subject = subjects[0] if subjects else None
    return NormalizedEmail(
        identity=_identity(msg, lambda name: _fetched(msg, name, first.get(name.lower())), subject),
        headers=headers,
        sender=senders[0] if senders else None,
        to=_parse_addresses(decoded.get("to", [])),
        cc=_parse_addresses(decoded.get("cc", [])),
        reply_to=reply_to[0] if reply_to else None,
        subject=subject or "",
        text=text,
        body_html="\n".join(body.html) or None,
        parts=parts,
        forwarded=forwarded,
        form_fields=parse_form_fields(text),
        attachments=tuple(body.attachments),
        signals=header_signals(
            headers,
            subject or "",
            senders[0].email if senders else None,
            parts.new_text or text,
            body.content_type,
        ),
        defects=tuple(dict.fromkeys(body.defects)),
    )
