"""Local HTTP emulators of the vendors' APIs, so the real client code is tested over the wire."""

from __future__ import annotations

from mailtriage.sandbox.llm import (
    FAULT_HEADER,
    FAULTS,
    EmulatorConfig,
    EmulatorState,
    RecordedRequest,
    Responder,
    create_llm_emulator,
    default_responder,
    emulator_state,
)
from mailtriage.sandbox.server import run_emulator_in_thread

__all__ = [
    "FAULTS",
    "FAULT_HEADER",
    "EmulatorConfig",
    "EmulatorState",
    "RecordedRequest",
    "Responder",
    "create_llm_emulator",
    "default_responder",
    "emulator_state",
    "run_emulator_in_thread",
]
