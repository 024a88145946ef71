"""The narrow interface every CRM target implements; the sync stage speaks only this.

Objects are named in CRM-neutral terms (``contact``, ``company``, ``deal``, ``note``) with neutral
property names; each client maps them to its vendor's (HubSpot ``firstname``, Salesforce
``FirstName``...). Neutral properties:

* contact: ``email``, ``first_name``, ``last_name``, ``company_name``, ``phone``
* company: ``name``, ``domain``
* deal: ``name``, ``amount_usd`` (number), ``stage`` (``open``), ``close_date`` (ISO date),
  ``owner_id`` (the CRM user who owns it)
* note: ``body``, ``timestamp`` (ISO 8601 datetime)

Exactly-once writes rest on :meth:`CrmClient.upsert`: every object we create carries our
idempotency key in a property the CRM enforces as unique (contacts use their e-mail, which every
CRM keeps unique), so a retry after a lost answer updates the object it created instead of making
a second one; search-index lag cannot cause a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

ObjectKind = Literal["contact", "company", "deal", "note"]


@dataclass(frozen=True, slots=True)
class CrmExchange:
    """One HTTP call to the CRM, as the audit trail (``crm_events``) records it."""

    method: str
    url: str
    request: Any  # the JSON body sent, or None
    status: int | None  # None: no HTTP answer (timeout, connection refused)
    response: Any  # the JSON body received, the text if it was not JSON, or None
    attempt: int  # 1 for the first try of this operation
    duration_ms: float


ExchangeObserver = Callable[[CrmExchange], None]


class CrmError(Exception):
    """A CRM operation that failed after the client's own retries.

    ``retryable`` tells the pipeline whether a later attempt could succeed (rate limits, 5xx,
    timeouts) or the request itself is wrong (validation, auth, unexpected response shape).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        retryable: bool,
        category: str | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.category = category
        self.body = body


@dataclass(frozen=True, slots=True)
class UpsertResult:
    id: str
    created: bool


class CrmClient(Protocol):
    """What the sync stage needs from a CRM. Implementations retry 429/5xx themselves (at most 4
    tries, honouring Retry-After) and raise :class:`CrmError` when they give up."""

    name: str  # "hubspot", "salesforce"

    def find_contacts(self, emails: Sequence[str]) -> dict[str, str]:
        """Existing contacts by e-mail (lower-cased) → id, in as few calls as the API allows."""
        ...

    def find_companies(self, domains: Sequence[str]) -> dict[str, str]:
        """Existing companies by domain (lower-cased) → id. May lag fresh writes (search index)."""
        ...

    def upsert(self, kind: ObjectKind, key: str, properties: dict[str, Any]) -> UpsertResult:
        """Create or update the object identified by ``key``.

        For a contact ``key`` is its e-mail; for other kinds it is our idempotency key, stored in
        a unique property of the object (``mailtriage_key``).
        """
        ...

    def update(self, kind: ObjectKind, object_id: str, properties: dict[str, Any]) -> None:
        """Set properties on an existing object (one we did not create, e.g. found by domain)."""
        ...

    def associate(self, from_kind: ObjectKind, from_id: str, to_kind: ObjectKind, to_id: str) -> None:
        """Link two objects with the default association; linking twice is harmless."""
        ...

    def open_deals(self, contact_id: str, created_since: datetime) -> list[str]:
        """Ids of the contact's deals that are not closed and were created at or after the time."""
        ...

    def close(self) -> None: ...
