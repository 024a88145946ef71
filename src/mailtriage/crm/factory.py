"""The CRM target a deployment writes to, chosen by settings."""

from __future__ import annotations

from mailtriage.config import Settings
from mailtriage.crm.protocol import CrmClient, ExchangeObserver


def build_crm_client(settings: Settings, on_exchange: ExchangeObserver | None = None) -> CrmClient | None:
    """HubSpot when a token is set, Salesforce when its login is; None when no CRM is configured
    (an inbox in review or auto mode then dead-letters with a reason that says so)."""
    if settings.crm_target == "salesforce":
        if not settings.salesforce_username:
            return None
        from mailtriage.crm.salesforce import build_salesforce_client

        return build_salesforce_client(settings, on_exchange=on_exchange)
    if settings.hubspot_token is None:
        return None
    from mailtriage.crm.hubspot import build_hubspot_client

    return build_hubspot_client(settings, on_exchange=on_exchange)
