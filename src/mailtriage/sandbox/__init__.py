"""Local HTTP emulators of the vendors' APIs, so the real client code is tested over the wire."""

from __future__ import annotations

from mailtriage.sandbox.faults import FAULT_HEADER
from mailtriage.sandbox.hubspot import (
    HUBSPOT_FAULTS,
    HubSpotConfig,
    HubSpotOwner,
    HubSpotState,
    ScriptedFault,
    create_hubspot_emulator,
    hubspot_state,
)
from mailtriage.sandbox.llm import (
    FAULTS,
    EmulatorConfig,
    EmulatorState,
    RecordedRequest,
    Responder,
    create_llm_emulator,
    default_responder,
    emulator_state,
)
from mailtriage.sandbox.salesforce import (
    SALESFORCE_FAULTS,
    SalesforceEmulatorConfig,
    SalesforceEmulatorState,
    create_salesforce_emulator,
    salesforce_state,
)
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.sandbox.slack import (
    SLACK_FAULTS,
    SlackEmulatorConfig,
    SlackEmulatorState,
    create_slack_emulator,
    slack_state,
)

__all__ = [
    "FAULTS",
    "FAULT_HEADER",
    "HUBSPOT_FAULTS",
    "SALESFORCE_FAULTS",
    "SLACK_FAULTS",
    "EmulatorConfig",
    "EmulatorState",
    "HubSpotConfig",
    "HubSpotOwner",
    "HubSpotState",
    "RecordedRequest",
    "Responder",
    "SalesforceEmulatorConfig",
    "SalesforceEmulatorState",
    "ScriptedFault",
    "SlackEmulatorConfig",
    "SlackEmulatorState",
    "create_hubspot_emulator",
    "create_llm_emulator",
    "create_salesforce_emulator",
    "create_slack_emulator",
    "default_responder",
    "emulator_state",
    "hubspot_state",
    "run_emulator_in_thread",
    "salesforce_state",
    "slack_state",
]
