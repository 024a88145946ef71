"""What one email should write to the CRM: decided from the extraction and route alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailtriage.crm.plan import CrmPlan, email_key, plan_crm_writes
from mailtriage.extract.schemas import (
    Budget,
    Company,
    Extraction,
    Intent,
    Person,
    Timeline,
)
from mailtriage.route.schemas import Disposition
from mailtriage.tenant import TenantConfig, load_tenant
from tests.factories import hot_lead_route, lead_extraction

RECEIVED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def tenant() -> TenantConfig:
    return load_tenant()


def _lead(**changes: object) -> Extraction:
    return lead_extraction(**{"person": Person(name="Dana Ortiz", email="Dana@Acme-Robotics.com"), **changes})


def _plan(
    tenant: TenantConfig, extraction: Extraction, disposition: Disposition = Disposition.route
) -> CrmPlan:
    return plan_crm_writes(
        extraction,
        hot_lead_route(extraction, disposition),
        tenant,
        key="k1",
        received_at=RECEIVED,
        subject="Demo?",
    )


def test_a_confident_lead_plans_contact_company_deal_and_note(tenant: TenantConfig) -> None:
    plan = _plan(tenant, _lead())
    assert plan.contact is not None
    assert plan.contact.key == "dana@acme-robotics.com"  # one contact per address, whatever its case
    assert plan.contact.properties == {
        "email": "dana@acme-robotics.com",
        "first_name": "Dana",
        "last_name": "Ortiz",
        "company_name": "Acme Robotics",
    }
    assert plan.company is not None
    assert plan.company.key == "company:acme-robotics.com"
    assert plan.deal is not None
    assert plan.deal.properties["amount_usd"] == 30000.0
    assert plan.deal.properties["close_date"] == "2027-02-25"  # a quarter after it arrived
    assert plan.deal.open_deal_window_days == 45
    assert plan.note is not None
    assert "Wants dashboards" in plan.note.properties["body"]
    assert plan.associations()[0] == ("contact", "company")


def test_missing_values_are_left_out_not_invented(tenant: TenantConfig) -> None:
    plan = _plan(
        tenant,
        _lead(
            person=Person(email="ops@acme-robotics.com"),
            budget=Budget(),
            timeline=Timeline.unknown,
            company=Company(domain="acme-robotics.com"),
        ),
    )
    assert plan.contact is not None
    assert plan.contact.properties == {"email": "ops@acme-robotics.com"}
    assert plan.company is not None
    assert plan.company.properties == {"domain": "acme-robotics.com"}
    assert plan.deal is not None
    assert "amount_usd" not in plan.deal.properties
    assert "close_date" not in plan.deal.properties


def test_no_deal_below_the_confidence_floor(tenant: TenantConfig) -> None:
    plan = _plan(tenant, _lead(confidence=0.59))
    assert plan.deal is None
    assert plan.contact is not None
    assert any("confidence 0.59 below 0.60" in s for s in plan.skipped)


def test_free_mail_is_never_a_company(tenant: TenantConfig) -> None:
    plan = _plan(
        tenant, _lead(person=Person(name="Dana", email="dana@gmail.com"), company=Company(domain="gmail.com"))
    )
    assert plan.company is None
    assert plan.contact is not None
    assert any("free-mail" in s for s in plan.skipped)


@pytest.mark.parametrize("intent", [Intent.spam, Intent.newsletter, Intent.vendor, Intent.job_applicant])
def test_intents_without_crm_writes_plan_nothing(tenant: TenantConfig, intent: Intent) -> None:
    plan = _plan(tenant, _lead(intent=intent))
    assert plan.empty
    assert plan.skipped == (f"intent {intent.value}: no CRM write",)


def test_support_gets_contact_and_note_but_no_deal(tenant: TenantConfig) -> None:
    plan = _plan(tenant, _lead(intent=Intent.support))
    assert [o.kind for o in plan.objects] == ["contact", "company", "note"]


@pytest.mark.parametrize("disposition", [Disposition.ignore, Disposition.review])
def test_ignored_or_reviewed_emails_write_nothing(tenant: TenantConfig, disposition: Disposition) -> None:
    assert _plan(tenant, _lead(), disposition).empty


def test_email_key_is_stable_across_deliveries_and_carries_no_address() -> None:
    assert email_key("<A1@x.com>", "aa") == email_key("<a1@x.com> ", "bb")  # same Message-ID
    assert email_key(None, "aa") != email_key(None, "bb")
    assert "@" not in email_key("<a1@x.com>", "aa")
