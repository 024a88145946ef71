from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailtriage.extract.keyword import KeywordExtractor, KeywordModel, registrable_domain
from mailtriage.extract.schemas import Intent, RequiredAction, Timeline
from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import normalize


def message(sender: str, subject: str, body: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


@pytest.fixture
def extractor(tenant: TenantConfig) -> KeywordExtractor:
    return KeywordExtractor(tenant, KeywordModel.bundled())


def test_a_lead_gets_its_fields_from_the_email_and_nowhere_else(extractor: KeywordExtractor) -> None:
    raw = message(
        "Dana Ruiz <dana@mail.brightwave-logistics.co.uk>",
        "Pricing for dashboards",
        "Hi, we are evaluating BI tools and need dashboards and a Snowflake connector next quarter. "
        "Our budget is about £4,000 per month. Could you send pricing?",
    )
    e = extractor.extract(normalize(raw)).extraction
    assert e.intent is Intent.lead
    assert e.person.email == "dana@mail.brightwave-logistics.co.uk"
    assert e.person.name == "Dana Ruiz"
    assert e.company.domain == "brightwave-logistics.co.uk"
    assert e.company.name is None, "a company name is never derived from the domain"
    assert e.interest.products == ("Lumen Insights", "Lumen Pipelines")
    assert e.budget.annual_amount_usd == 60000  # 4,000 GBP x 12 x 1.25
    assert e.timeline is Timeline.quarter
    assert e.region == "GB"
    assert e.required_action is RequiredAction.send_pricing


def test_a_blocklisted_sender_is_spam_whatever_it_says(extractor: KeywordExtractor) -> None:
    raw = message("Ann <ann@crypto-yield.top>", "Demo request", "We would like a demo and pricing.")
    e = extractor.extract(normalize(raw)).extraction
    assert (e.intent, e.required_action, e.budget.annual_amount_usd) == (
        Intent.spam,
        RequiredAction.ignore,
        None,
    )


def test_bulk_mail_from_a_role_address_names_no_person(extractor: KeywordExtractor) -> None:
    raw = message(
        "Data Weekly <newsletter@dataweekly.example.org>",
        "This week in data",
        "Five stories about warehouses. View in browser.",
        List_Unsubscribe="<mailto:unsub@dataweekly.example.org>",
    )
    e = extractor.extract(normalize(raw)).extraction
    assert e.intent is Intent.newsletter
    assert e.person.name is None
    assert e.person.email == "newsletter@dataweekly.example.org"


def test_free_mail_gives_no_company_domain_and_a_contact_form_gives_the_submitter(
    extractor: KeywordExtractor,
) -> None:
    free = extractor.extract(
        normalize(message("Priya <priya@gmail.com>", "CV", "Applying for the analyst position, CV attached."))
    ).extraction
    assert free.intent is Intent.job_applicant
    assert free.company.domain is None

    form = extractor.extract(
        normalize(
            message(
                "Lumen Website <noreply@lumenhq.com>",
                "New contact form submission",
                "Name: Jo Park\nEmail: jo@acme-robotics.de\nCompany: ACME Robotics GmbH\n"
                "Message: We want a demo of forecasting for our plants, budget EUR 20k.",
            )
        )
    ).extraction
    assert form.person.email == "jo@acme-robotics.de"
    assert form.person.name == "Jo Park"
    assert form.company.name == "ACME Robotics GmbH"
    assert form.company.domain == "acme-robotics.de"
    assert form.region == "DE"
    assert form.budget.annual_amount_usd == 22000


def test_a_message_under_six_words_is_never_confident(extractor: KeywordExtractor) -> None:
    e = extractor.extract(normalize(message("x@corp.example.com", "pricing?", "pricing?"))).extraction
    assert e.confidence <= 0.4


def test_registrable_domains_come_from_the_bundled_suffix_list() -> None:
    assert registrable_domain("a@mail.acme.com") == "acme.com"
    assert registrable_domain("b@x.y.example.co.jp") == "example.co.jp"
