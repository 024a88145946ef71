"""What the understanding stage hands to every later stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from mailtriage.understand.language import detect_language
from mailtriage.understand.replies import BodyParts, ForwardedText


@dataclass(frozen=True, slots=True)
class Address:
    name: str | None
    email: str

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str | None
    content_type: str
    size: int
    # A contact card's organisation and address (a vCard's ORG and EMAIL), the sender's own
    # statement of where they work.
    card_organisation: str | None = None
    card_email: str | None = None


@dataclass(frozen=True, slots=True)
class MessageIdentity:
    """The headers that identify a message and its thread, read at ingest for de-duplication."""

    message_id: str | None
    thread_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str | None
    date: datetime | None


@dataclass(frozen=True, slots=True)
class AuthResults:
    dkim: str | None
    spf: str | None
    dmarc: str | None


@dataclass(frozen=True, slots=True)
class HeaderSignals:
    auth: AuthResults
    list_unsubscribe: bool
    list_id: str | None
    precedence: str | None
    bulk: bool
    auto_submitted: bool
    auto_reply: bool
    bounce: bool


@dataclass(frozen=True)
class NormalizedEmail:
    identity: MessageIdentity
    headers: dict[str, list[str]]
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: Address | None
    subject: str
    text: str  # the whole readable body, quotes and signatures included
    body_html: str | None
    parts: BodyParts
    forwarded: ForwardedText | None
    form_fields: dict[str, str]
    attachments: tuple[Attachment, ...]
    signals: HeaderSignals
    defects: tuple[str, ...] = field(default=())

    @cached_property
    def language(self) -> str | None:
        """The language of the new text (else the forwarded or whole text); computed when first
        asked for, because most stages never need it."""
        source = self.parts.new_text or (self.forwarded.text if self.forwarded else "") or self.text
        return detect_language(source)

    @property
    def new_text(self) -> str:
        return self.parts.new_text

    @property
    def body_text(self) -> str:
        return self.text
