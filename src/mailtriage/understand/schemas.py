"""What the understanding stage hands to every later stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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


@dataclass(frozen=True, slots=True)
class MessageIdentity:
    """The headers that identify a message, read at ingest for de-duplication."""

    message_id: str | None
    thread_id: str
    in_reply_to: str | None
    subject: str | None
    date: datetime | None


@dataclass(frozen=True, slots=True)
class NormalizedEmail:
    identity: MessageIdentity
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: Address | None
    subject: str
    body_text: str
    body_html: str | None
    attachments: tuple[Attachment, ...] = ()
    list_unsubscribe: bool = False
    auto_submitted: bool = False
    authentication_results: tuple[str, ...] = ()
    defects: tuple[str, ...] = field(default=())

    @property
    def new_text(self) -> str:
        # The reply/quote splitter arrives with the understanding issue; until then the whole
        # readable body is the new text.
        return self.body_text
