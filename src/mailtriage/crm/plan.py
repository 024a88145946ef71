"""``plan_crm_writes(...) -> CrmPlan``: what one email should write to the CRM, decided purely.

The plan names every intended object with its idempotency key; the sync stage
(:mod:`mailtriage.crm.sync`) carries it out against a :class:`~mailtriage.crm.protocol.CrmClient`.
Only values the extraction holds go in: an empty field stays out of the properties rather than
being sent as a blank or a guess, so the CRM never gets an invented value or has a value erased.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mailtriage.crm.protocol import ObjectKind
from mailtriage.extract.schemas import Extraction, Intent
from mailtriage.route.schemas import Disposition, RouteDecision
from mailtriage.tenant import TenantConfig

# Which objects are linked when both exist, in the order the sync makes the links.
ASSOCIATIONS: tuple[tuple[ObjectKind, ObjectKind], ...] = (
    ("contact", "company"),
    ("deal", "contact"),
    ("deal", "company"),
    ("note", "contact"),
    ("note", "company"),
    ("note", "deal"),
)


@dataclass(frozen=True, slots=True)
class PlannedObject:
    kind: ObjectKind
    key: str  # contacts: the e-mail address; others: our idempotency key
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PlannedDeal(PlannedObject):
    # Checked at sync time against the CRM: no new deal when the contact has an open one this recent.
    open_deal_window_days: int = 45


@dataclass(frozen=True, slots=True)
class CrmPlan:
    email_key: str
    contact: PlannedObject | None = None
    company: PlannedObject | None = None
    deal: PlannedDeal | None = None
    note: PlannedObject | None = None
    # Why an object the intent would write is left out (shown by `mailtriage triage`).
    skipped: tuple[str, ...] = ()
    objects: tuple[PlannedObject, ...] = field(init=False)

    def __post_init__(self) -> None:
        present = tuple(o for o in (self.contact, self.company, self.deal, self.note) if o is not None)
        object.__setattr__(self, "objects", present)

    @property
    def empty(self) -> bool:
        return not self.objects

    def as_json(self) -> dict[str, Any]:
        return {
            "writes": [{"object": o.kind, "key": o.key, "properties": o.properties} for o in self.objects],
            "associations": [f"{a}->{b}" for a, b in self.associations()],
            "skipped": list(self.skipped),
        }

    def associations(self) -> list[tuple[ObjectKind, ObjectKind]]:
        kinds = {o.kind for o in self.objects}
        return [(a, b) for a, b in ASSOCIATIONS if a in kinds and b in kinds]


def email_key(message_id: str | None, raw_sha256: str) -> str:
    """A stable name for one message across deliveries, replays and re-imports.

    The Message-ID when there is one (the same message fetched twice has different bytes when a
    provider rewrites headers), else the hash of the raw bytes. Hashed so keys stay short and
    carry no address.
    """
    basis = message_id.strip().lower() if message_id and message_id.strip() else f"sha256:{raw_sha256}"
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def _split_name(name: str) -> dict[str, str]:
    parts = name.split()
    if len(parts) == 1:
        return {"first_name": parts[0]}
    return {"first_name": " ".join(parts[:-1]), "last_name": parts[-1]}


def _deal_name(extraction: Extraction) -> str:
    who = extraction.company.name or extraction.company.domain or extraction.person.name
    what = ", ".join(extraction.interest.products) or "inbound enquiry"
    return f"{who} – {what}" if who else what


def plan_crm_writes(
    extraction: Extraction,
    decision: RouteDecision,
    tenant: TenantConfig,
    *,
    key: str,
    received_at: datetime,
    subject: str,
) -> CrmPlan:
    if decision.disposition is not Disposition.route:
        return CrmPlan(email_key=key, skipped=(f"disposition {decision.disposition.value}: no CRM write",))
    policy = tenant.crm
    wanted = set(policy.writes.get(extraction.intent, ()))
    if not wanted:
        return CrmPlan(email_key=key, skipped=(f"intent {extraction.intent.value}: no CRM write",))
    skipped: list[str] = []

    contact = None
    address = extraction.person.email.strip().lower() if extraction.person.email else None
    if "contact" in wanted:
        if address:
            props: dict[str, Any] = {"email": address}
            if extraction.person.name:
                props |= _split_name(extraction.person.name)
            if extraction.company.name:
                props["company_name"] = extraction.company.name
            contact = PlannedObject("contact", address, props)
        else:
            skipped.append("contact: no e-mail address in the extraction")

    company = None
    domain = extraction.company.domain.strip().lower() if extraction.company.domain else None
    if "company" in wanted:
        own = tenant.company.get("domain", "").lower()
        if not domain:
            skipped.append("company: no domain in the extraction")
        elif domain in tenant.free_mail_domains or domain == own:
            # A gmail.com "company" would collect every free-mail sender into one record.
            skipped.append(f"company: {domain} is a free-mail or our own domain")
        else:
            props = {"domain": domain}
            if extraction.company.name:
                props["name"] = extraction.company.name
            company = PlannedObject("company", f"company:{domain}", props)

    deal = None
    if "deal" in wanted:
        if extraction.intent is not Intent.lead:
            skipped.append("deal: only leads open deals")
        elif extraction.confidence < policy.deal_min_confidence:
            skipped.append(
                f"deal: confidence {extraction.confidence:.2f} below {policy.deal_min_confidence:.2f}"
            )
        elif contact is None:
            skipped.append("deal: no contact to attach it to")
        else:
            props = {"name": _deal_name(extraction), "stage": "open"}
            if extraction.budget.annual_amount_usd is not None:
                props["amount_usd"] = extraction.budget.annual_amount_usd
            owner = policy.deal_owners.get(decision.queue)
            if owner is not None:
                props["owner_id"] = owner
            days = policy.close_in_days.get(extraction.timeline)
            if days is not None:
                props["close_date"] = (received_at + timedelta(days=days)).date().isoformat()
            deal = PlannedDeal(
                "deal", f"deal:{key}", props, open_deal_window_days=policy.open_deal_window_days
            )

    note = None
    if "note" in wanted and (contact is not None or company is not None):
        lines = [extraction.summary or subject or "(no summary)"]
        lines.append(
            f"Intent {extraction.intent.value} ({extraction.confidence:.2f}); queue {decision.queue}, "
            f"priority {decision.priority}, rule {decision.rule}."
        )
        if subject:
            lines.append(f"Subject: {subject}")
        note = PlannedObject(
            "note", f"note:{key}", {"body": "\n".join(lines), "timestamp": received_at.isoformat()}
        )
    return CrmPlan(
        email_key=key, contact=contact, company=company, deal=deal, note=note, skipped=tuple(skipped)
    )
