from __future__ import annotations

import pytest
from pydantic import ValidationError

from mailtriage.config import Environment, Settings
from mailtriage.extract.schemas import Intent
from mailtriage.tenant import default_tenant_bytes, parse_tenant


def test_the_example_tenant_matches_the_gold_standard_scenario() -> None:
    tenant = parse_tenant(default_tenant_bytes())
    assert {i.address for i in tenant.inboxes} == {
        "sales@lumenhq.com",
        "info@lumenhq.com",
        "partnerships@lumenhq.com",
    }
    assert [p.name for p in tenant.products] == [
        "Lumen Insights",
        "Lumen Pipelines",
        "Lumen Forecast",
        "Lumen Guard",
        "Lumen Embedded",
        "Professional Services",
    ]
    assert len(tenant.customer_domains) == 15
    assert tenant.blocklist_domains == {"bulk-seo-services.biz", "crypto-yield.top", "cheap-leads-now.xyz"}
    assert tenant.currency_rates_usd["JPY"] == 0.0067
    assert set(tenant.confidence_thresholds) == set(Intent)


def test_the_config_version_changes_with_any_edit_of_the_file() -> None:
    original = parse_tenant(default_tenant_bytes())
    edited = parse_tenant(default_tenant_bytes() + b"\n# a comment\n")
    assert original.config_version.startswith(f"lumen-analytics@{original.version}+")
    assert edited.config_version != original.config_version


def test_a_tenant_that_leaves_an_intent_unrouted_is_refused() -> None:
    text = default_tenant_bytes().decode()
    start = text.index("  - name: job_applicant")
    end = text.index("  - name: newsletter")
    with pytest.raises(ValidationError, match="job_applicant"):
        parse_tenant((text[:start] + text[end:]).encode())


def test_production_refuses_to_start_without_its_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILTRIAGE_ENV", "production")
    with pytest.raises(ValidationError, match="MAILTRIAGE_WEBHOOK_SECRETS"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_database_and_broker_urls_are_read_from_the_usual_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/x")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://r:6379/0")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == "postgresql://db/x"
    assert settings.broker_url == "redis://r:6379/0"
    assert settings.env is Environment.development


def test_dev_secrets_are_generated_once_outside_the_repo(tmp_path: object) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    first = settings.webhook_secret_list()
    assert first == settings.webhook_secret_list()
    assert len(first[0]) >= 32
