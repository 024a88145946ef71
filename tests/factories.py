"""Varied raw messages for pipeline tests (the gold sets carry the realistic ones)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

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
