"""Varied raw messages for pipeline tests (the gold sets carry the realistic ones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from mailtriage.extract.fields import Fields, extract_fields
from mailtriage.extract.schemas import (
    Budget,
    Company,
    Extraction,
    Intent,
    Interest,
    Person,
    RequiredAction,
    Timeline,
)
from mailtriage.route.schemas import Disposition, RouteDecision
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize

SCENARIOS = [
    (
        "Dana Ruiz",
        "dana@brightwave-logistics.com",
        "Demo request",
        "Hi, we'd like a demo of your dashboards. We need to go live ASAP. Budget is around $60k per year. Thanks, Dana",
    ),
    (
        "Ops Bot",
        "alerts@initech.io",
        "Login not working",
        "Since this morning our team is unable to log in, we get error 500 on SSO. Please help.",
    ),
    (
        "Newsletter",
        "news@dataweekly.example.org",
        "This week in data",
        "Our weekly digest: five articles on warehouses. Unsubscribe at any time. View in browser.",
    ),
    (
        "Win Big",
        "promo@crypto-yield.top",
        "Guaranteed returns",
        "Guaranteed 40% crypto returns, act now, bitcoin wallet bonus for the winner.",
    ),
    (
        "Sam Lee",
        "sam@growth-agency.example.com",
        "Partnership idea",
        "Our agency helps SaaS companies grow; we specialize in co-marketing. Open to a partnership?",
    ),
    (
        "Priya Nair",
        "priya.nair@gmail.com",
        "Application for data analyst position",
        "Hello, I am applying for the data analyst position. Please find my CV and cover letter attached.",
    ),
]


def raw_email(index: int, *, message_id: str | None = None, scenario: int | None = None) -> bytes:
    name, address, subject, body = SCENARIOS[index % len(SCENARIOS) if scenario is None else scenario]
    msg = EmailMessage()
    msg["From"] = f"{name} <{address}>"
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = f"{subject} #{index}"
    msg["Date"] = format_datetime(datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=index))
    msg["Message-ID"] = message_id or f"<test-{index}@example.test>"
    msg.set_content(body)
    return msg.as_bytes()


def lead_extraction(**changes: object) -> Extraction:
    """A confident hot lead with every field filled, for planning and sync tests."""
    return Extraction(
        intent=Intent.lead,
        person=Person(name="Dana Ortiz", email="dana@acme-robotics.com"),
        company=Company(name="Acme Robotics", domain="acme-robotics.com"),
        interest=Interest(products=("Lumen Insights",)),
        budget=Budget(annual_amount_usd=30000.0),
        timeline=Timeline.quarter,
        summary="Wants dashboards for 40 users.",
        required_action=RequiredAction.schedule_demo,
        confidence=0.9,
    ).model_copy(update=changes)


def hot_lead_route(extraction: Extraction, disposition: Disposition = Disposition.route) -> RouteDecision:
    return RouteDecision(
        intent=extraction.intent,
        queue="sales_inbound",
        priority="high",
        sla_minutes=15,
        rule="hot_lead",
        disposition=disposition,
        confidence=extraction.confidence,
        steps=(),
    )


def plain_mail(
    body: str, *, sender: str, subject: str = "Hello", message_id: str = "<t@example.com>"
) -> bytes:
    """A one-part text message to the sales inbox, as a field-extraction test writes it."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 03 Mar 2026 09:12:44 +0100"
    msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg.as_bytes()


def html_mail(text: str, html: str, *, sender: str, subject: str = "Hello") -> bytes:
    """A text and HTML alternative to the sales inbox, for what only the HTML part shows (a logo's
    alt text)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 03 Mar 2026 09:12:44 +0100"
    msg["Message-ID"] = "<h@example.com>"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def fields_of(raw: bytes, intent: Intent = Intent.lead) -> Fields:
    """The offline field extractors' reading of a raw message, under the example tenant."""
    return extract_fields(normalize(raw), intent, load_tenant(None))
