"""An HTTP emulator of the Salesforce REST API, so the real client runs against a local server.

It serves, in Salesforce's wire format:

* ``POST /services/oauth2/token``: the username-password and the JWT bearer grants (the JWT's
  shape and claims are checked, its signature is not);
* under ``/services/data/v59.0``: ``sobjects`` create (``POST /sobjects/{T}/``), read, update and
  delete by id, read and upsert by external id (``PATCH /sobjects/{T}/{Field}/{value}``), SOQL
  (``GET /query?q=``, paged through ``nextRecordsUrl``) for the simple forms integrations use, and
  ``GET /limits``.

Objects: Contact, Account, Opportunity, Task, Lead and OpportunityContactRole, each with the
custom external-id field ``Mailtriage_Key__c`` (Contact and Lead also upsert by ``Email``, which
Salesforce allows because the field is an ``idLookup``). Errors are Salesforce's JSON arrays
(REQUIRED_FIELD_MISSING, INVALID_FIELD, NOT_FOUND, MALFORMED_QUERY, DUPLICATES_DETECTED...);
sessions expire (401 INVALID_SESSION_ID); a daily request budget is kept (``Sforce-Limit-Info`` on
every data reply, 403 REQUEST_LIMIT_EXCEEDED when it is spent).

Faults are injected into data-API requests that passed authentication, as in the LLM emulator:
per request (header ``x-emulator-fault``), per scripted sequence (``faults``, consumed in order,
``"ok"`` meaning "answer normally"), server-wide (``fault``), or at random (``rate_5xx``, seeded).
The token endpoint never gets faults, so a script counts API calls only.

Where the wording of an error is not documented (the body of a JSON parse failure, an external-id
field repeated in an upsert body) the message is ours; the ``errorCode`` and status are Salesforce's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import os
import random
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, unquote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from mailtriage.sandbox.faults import FAULT_HEADER, OK, pick_fault

API_VERSION = "59.0"
DATA_PATH = f"/services/data/v{API_VERSION}"
TOKEN_PATH = "/services/oauth2/token"
EXTERNAL_ID_FIELD = "Mailtriage_Key__c"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
DUPLICATE_RULE_HEADER = "sforce-duplicate-rule-header"

SALESFORCE_FAULTS = frozenset(
    {
        "unavailable",  # 503 SERVER_UNAVAILABLE
        "server_error",  # 500 UNKNOWN_EXCEPTION
        "timeout",  # stall longer than the client waits, then answer normally
        "request_limit",  # 403 REQUEST_LIMIT_EXCEEDED, whatever the budget says
        "session_expired",  # 401 INVALID_SESSION_ID, and the session is gone
    }
)

SESSION_EXPIRED = [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
LIMIT_EXCEEDED = [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
RESOURCE_NOT_FOUND = [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]

# --- Object schema -------------------------------------------------------------------------------

Kind = Literal[
    "id",
    "string",
    "textarea",
    "email",
    "phone",
    "url",
    "picklist",
    "double",
    "date",
    "datetime",
    "boolean",
    "reference",
]


@dataclass(frozen=True, slots=True)
class _Field:
    label: str
    kind: Kind
    max_length: int | None = None
    required: bool = False  # on insert (and cannot be cleared by an update)
    writable: bool = True
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _SObject:
    name: str
    prefix: str  # the first three characters of every id of this type
    fields: dict[str, _Field]
    upsert_fields: tuple[str, ...]
    defaults: dict[str, Any] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        """Field names are case-insensitive in the API, as in SOQL."""
        for known in self.fields:
            if known.lower() == name.lower():
                return known
        return None


def _system_fields() -> dict[str, _Field]:
    return {
        "Id": _Field("Record ID", "id", writable=False),
        "IsDeleted": _Field("Deleted", "boolean", writable=False),
        "CreatedDate": _Field("Created Date", "datetime", writable=False),
        "LastModifiedDate": _Field("Last Modified Date", "datetime", writable=False),
        "SystemModstamp": _Field("System Modstamp", "datetime", writable=False),
        EXTERNAL_ID_FIELD: _Field("Mailtriage Key", "string", 255),
    }


SOBJECTS: dict[str, _SObject] = {
    "Account": _SObject(
        "Account",
        "001",
        {
            **_system_fields(),
            "Name": _Field("Account Name", "string", 255, required=True),
            "Website": _Field("Website", "url", 255),
            "Phone": _Field("Account Phone", "phone", 40),
            "Industry": _Field("Industry", "picklist", 255),
            "Description": _Field("Account Description", "textarea", 32000),
        },
        (EXTERNAL_ID_FIELD,),
    ),
    "Contact": _SObject(
        "Contact",
        "003",
        {
            **_system_fields(),
            "FirstName": _Field("First Name", "string", 40),
            "LastName": _Field("Last Name", "string", 80, required=True),
            "Name": _Field("Full Name", "string", 121, writable=False),
            "Email": _Field("Email", "email", 80),
            "Phone": _Field("Business Phone", "phone", 40),
            "Title": _Field("Title", "string", 128),
            "AccountId": _Field("Account ID", "reference", references=("Account",)),
            "LeadSource": _Field("Lead Source", "picklist", 255),
            "Description": _Field("Contact Description", "textarea", 32000),
        },
        (EXTERNAL_ID_FIELD, "Email"),
    ),
    "Opportunity": _SObject(
        "Opportunity",
        "006",
        {
            **_system_fields(),
            "Name": _Field("Name", "string", 120, required=True),
            "StageName": _Field("Stage", "picklist", 255, required=True),
            "CloseDate": _Field("Close Date", "date", required=True),
            "Amount": _Field("Amount", "double"),
            "AccountId": _Field("Account ID", "reference", references=("Account",)),
            "IsClosed": _Field("Closed", "boolean", writable=False),
            "IsWon": _Field("Won", "boolean", writable=False),
            "LeadSource": _Field("Lead Source", "picklist", 255),
            "Description": _Field("Description", "textarea", 32000),
        },
        (EXTERNAL_ID_FIELD,),
    ),
    "Task": _SObject(
        "Task",
        "00T",
        {
            **_system_fields(),
            "Subject": _Field("Subject", "string", 255),
            "Description": _Field("Comments", "textarea", 32000),
            "Status": _Field("Status", "picklist", 255, required=True),
            "Priority": _Field("Priority", "picklist", 255, required=True),
            "ActivityDate": _Field("Due Date Only", "date"),
            "WhoId": _Field("Name ID", "reference", references=("Contact", "Lead")),
            "WhatId": _Field("Related To ID", "reference", references=("Account", "Opportunity")),
            "IsClosed": _Field("Closed", "boolean", writable=False),
        },
        (EXTERNAL_ID_FIELD,),
        defaults={"Status": "Not Started", "Priority": "Normal"},
    ),
    "Lead": _SObject(
        "Lead",
        "00Q",
        {
            **_system_fields(),
            "FirstName": _Field("First Name", "string", 40),
            "LastName": _Field("Last Name", "string", 80, required=True),
            "Name": _Field("Full Name", "string", 121, writable=False),
            "Company": _Field("Company", "string", 255, required=True),
            "Email": _Field("Email", "email", 80),
            "Phone": _Field("Phone", "phone", 40),
            "Status": _Field("Status", "picklist", 255, required=True),
            "LeadSource": _Field("Lead Source", "picklist", 255),
            "Description": _Field("Description", "textarea", 32000),
        },
        (EXTERNAL_ID_FIELD, "Email"),
        defaults={"Status": "Open - Not Contacted"},
    ),
    "OpportunityContactRole": _SObject(
        "OpportunityContactRole",
        "00K",
        {
            **_system_fields(),
            "OpportunityId": _Field(
                "Opportunity ID", "reference", required=True, references=("Opportunity",)
            ),
            "ContactId": _Field("Contact ID", "reference", required=True, references=("Contact",)),
            "Role": _Field("Role", "picklist", 40),
            "IsPrimary": _Field("Primary", "boolean"),
        },
        (EXTERNAL_ID_FIELD,),
        defaults={"IsPrimary": False},
    ),
}
PREFIXES = {sobject.prefix: name for name, sobject in SOBJECTS.items()}
CLOSED_STAGES = {"Closed Won": True, "Closed Lost": False}  # stage -> IsWon
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- Ids -----------------------------------------------------------------------------------------

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def _with_checksum(id15: str) -> str:
    """The 18-character form: three characters that spell which letters of the 15 are upper case,
    so the id survives case-insensitive systems (spreadsheets, e-mail)."""
    suffix = ""
    for chunk in range(3):
        flags = sum(1 << i for i, ch in enumerate(id15[chunk * 5 : chunk * 5 + 5]) if "A" <= ch <= "Z")
        suffix += _SUFFIX[flags]
    return id15 + suffix


def normalize_id(value: str) -> str | None:
    """The canonical 18-character id for a 15- or 18-character one (any case), or None."""
    if not value.isascii() or not value.isalnum():
        return None
    if len(value) == 15:
        return _with_checksum(value)
    if len(value) != 18:
        return None
    chars = list(value[:15])
    for chunk in range(3):
        position = _SUFFIX.find(value[15 + chunk].upper())
        if position < 0:
            return None
        for i in range(5):
            index = chunk * 5 + i
            chars[index] = chars[index].upper() if position >> i & 1 else chars[index].lower()
    return _with_checksum("".join(chars))


def _now_text(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+0000"


def parse_datetime(value: str) -> datetime | None:
    """Salesforce's ``2024-05-01T10:00:00.000+0000`` and SOQL's ``2024-05-01T10:00:00Z``."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


# --- Errors --------------------------------------------------------------------------------------


class SalesforceApiError(Exception):
    """A request Salesforce would refuse: the status and the error array it would send."""

    def __init__(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(str(body))
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def _error(status: int, code: str, message: str, fields: Iterable[str] | None = None) -> SalesforceApiError:
    entry: dict[str, Any] = {"message": message, "errorCode": code}
    if fields is not None:
        entry["fields"] = list(fields)
    return SalesforceApiError(status, [entry])


def _not_found() -> SalesforceApiError:
    return SalesforceApiError(404, RESOURCE_NOT_FOUND)


# --- Config and state ----------------------------------------------------------------------------


def _check_faults(names: Iterable[str]) -> None:
    for name in names:
        if name not in SALESFORCE_FAULTS and name != OK:
            raise ValueError(f"unknown fault {name!r}; expected one of {sorted(SALESFORCE_FAULTS)} or {OK!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SalesforceEmulatorConfig:
    username: str = "integration@mailtriage.example"
    password: str = "emulator-password"  # what the client sends: password + security token
    client_id: str = "mailtriage-emulator-consumer-key"
    client_secret: str = "mailtriage-emulator-consumer-secret"
    # The JWT bearer grant's ``aud`` must be one of these.
    jwt_audiences: tuple[str, ...] = ("https://login.salesforce.com", "https://test.salesforce.com")
    instance_url: str | None = None  # None: the URL the token request came in on
    session_seconds: float = 7200.0
    daily_limit: int = 15000
    # Object -> field: a duplicate rule blocking a second record with the same value (compared
    # case-insensitively). Salesforce's standard rules match more loosely; one field is enough to
    # reproduce the DUPLICATES_DETECTED answer.
    duplicate_rules: Mapping[str, str] = field(default_factory=lambda: {"Contact": "Email"})
    # Live responses have spelt the key "duplicateResut"; clients should accept both.
    duplicate_result_key: Literal["duplicateResult", "duplicateResut"] = "duplicateResult"
    # True: an alert-only rule, bypassed by ``Sforce-Duplicate-Rule-Header: allowSave=true``.
    duplicate_allow_save: bool = False
    # Whether Mailtriage_Key__c is also marked Unique (then a second record with the same value is
    # DUPLICATE_VALUE and upserts never meet several matches).
    unique_external_ids: bool = True
    fault: str | None = None
    faults: list[str] = field(default_factory=list)
    rate_5xx: float = 0.0
    seed: int = 0
    timeout_sleep_s: float = 30.0
    query_batch_size: int = 2000
    state_file: Path | None = None

    def __post_init__(self) -> None:
        _check_faults([*self.faults, *([self.fault] if self.fault else [])])
        if not 0.0 <= self.rate_5xx <= 1.0:
            raise ValueError("rate_5xx is a probability between 0 and 1")
        for sobject, field_name in self.duplicate_rules.items():
            if sobject not in SOBJECTS or field_name not in SOBJECTS[sobject].fields:
                raise ValueError(f"duplicate rule on unknown field {sobject}.{field_name}")
        if self.query_batch_size < 1:
            raise ValueError("query_batch_size must be positive")


@dataclass(frozen=True, slots=True)
class RecordedCall:
    method: str
    path: str  # below /services, e.g. "/data/v59.0/sobjects/Contact/"
    query: str
    body: Any  # parsed JSON (or the form fields of a token request), None if there was none
    status: int
    fault: str | None


class SalesforceEmulatorState:
    """The org: records, sessions, the API budget, the fault script and every call seen.

    All access goes through :attr:`lock`, so tests may read and seed it from their own thread.
    """

    def __init__(self, config: SalesforceEmulatorConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.records: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in SOBJECTS}
        self.sessions: dict[str, float] = {}  # access token -> expiry (time.time())
        self.script: deque[str] = deque(config.faults)
        self.calls: list[RecordedCall] = []
        self.logins = 0
        self._usage: deque[float] = deque()  # times of counted API calls, for the rolling 24 h
        self._cursors: dict[str, list[dict[str, Any]]] = {}
        self._fault_rng = random.Random(config.seed)
        self._id_rng = random.Random(f"ids:{config.seed}")
        self.org_id = _with_checksum("00D5g" + "0000" + "0ABCDE")
        self.user_id = _with_checksum("0055g" + "0000" + "0FGHIJ")
        if config.state_file is not None and config.state_file.exists():
            self._load(config.state_file)

    # -- helpers for tests and demos --

    def reset(self, faults: Iterable[str] = (), *, keep_records: bool = False) -> None:
        script = list(faults)
        _check_faults(script)
        with self.lock:
            self.script = deque(script)
            self.calls.clear()
            self._usage.clear()
            self.sessions.clear()
            self.logins = 0
            if not keep_records:
                self.records = {name: {} for name in SOBJECTS}
                self._save()

    def push_faults(self, *faults: str) -> None:
        _check_faults(faults)
        with self.lock:
            self.script.extend(faults)

    def expire_sessions(self) -> None:
        """Every issued token stops working, as after the org's session timeout."""
        with self.lock:
            for token in self.sessions:
                self.sessions[token] = 0.0

    @property
    def api_usage(self) -> int:
        with self.lock:
            self._prune_usage(time.time())
            return len(self._usage)

    def use_api(self, calls: int) -> None:
        """Count ``calls`` API requests as made just now (to reach the daily limit quickly)."""
        with self.lock:
            self._usage.extend([time.time()] * calls)

    def insert(self, sobject: str, fields: Mapping[str, Any]) -> str:
        """Add a record as a person in the UI would: no duplicate rule, no API call counted.

        System fields such as ``CreatedDate`` may be given (to seed old records)."""
        with self.lock:
            now = _now_text(datetime.now(UTC))
            record = {"CreatedDate": now, "LastModifiedDate": now, "SystemModstamp": now, **fields}
            record_id = self._new_id(SOBJECTS[sobject])
            record["Id"] = record_id
            record.setdefault("IsDeleted", False)
            for name, value in SOBJECTS[sobject].defaults.items():
                record.setdefault(name, value)
            self._computed(SOBJECTS[sobject], record)
            self.records[sobject][record_id] = record
            self._save()
            return record_id

    def get(self, sobject: str, record_id: str) -> dict[str, Any] | None:
        with self.lock:
            canonical = normalize_id(record_id)
            found = self.records[sobject].get(canonical or "")
            return dict(found) if found is not None else None

    def find(self, sobject: str, **match: Any) -> list[dict[str, Any]]:
        with self.lock:
            return [
                dict(r)
                for r in self.records[sobject].values()
                if all(_same(r.get(k), v) for k, v in match.items())
            ]

    # -- internals --

    def _new_id(self, sobject: _SObject) -> str:
        while True:
            body = "".join(self._id_rng.choice(_BASE62) for _ in range(9))
            candidate = _with_checksum(sobject.prefix + "5g" + "0" + body)
            if candidate not in self.records[sobject.name]:
                return candidate

    def _prune_usage(self, now: float) -> None:
        while self._usage and self._usage[0] < now - 86400:
            self._usage.popleft()

    def next_fault(self, requested: str | None) -> str | None:
        return pick_fault(
            requested,
            self.script,
            self.config.fault,
            self._fault_rng,
            [(self.config.rate_5xx, ["unavailable", "server_error"])],
        )

    @staticmethod
    def _computed(sobject: _SObject, record: dict[str, Any]) -> None:
        if "Name" in sobject.fields and not sobject.fields["Name"].writable:
            parts = [record.get("FirstName"), record.get("LastName")]
            record["Name"] = " ".join(str(p) for p in parts if p) or None
        if sobject.name == "Opportunity":
            stage = record.get("StageName")
            record["IsClosed"] = stage in CLOSED_STAGES
            record["IsWon"] = CLOSED_STAGES.get(str(stage), False)
        if sobject.name == "Task":
            record["IsClosed"] = record.get("Status") == "Completed"

    def _save(self) -> None:
        path = self.config.state_file
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps({"version": 1, "records": self.records}, indent=1, sort_keys=True))
        os.replace(temporary, path)

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text())
        stored = data.get("records", {}) if isinstance(data, dict) else {}
        for name in SOBJECTS:
            records = stored.get(name)
            if isinstance(records, dict):
                self.records[name] = {str(k): dict(v) for k, v in records.items() if isinstance(v, dict)}


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.strip().lower() == right.strip().lower()
    return bool(left == right)


def salesforce_state(app: FastAPI) -> SalesforceEmulatorState:
    state = app.state.salesforce
    if not isinstance(state, SalesforceEmulatorState):
        raise TypeError("not an app made by create_salesforce_emulator")
    return state


# --- Validation and writes -----------------------------------------------------------------------


def _sobject(name: str) -> _SObject:
    for known, sobject in SOBJECTS.items():
        if known.lower() == name.lower():
            return sobject
    raise _not_found()


def _coerce(sobject: _SObject, name: str, spec: _Field, value: Any, state: SalesforceEmulatorState) -> Any:
    """The stored value, or the error Salesforce gives for a value of the wrong shape."""
    if value is None:
        return None
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            raise _error(
                400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of boolean from value {value}"
            )
        return value
    if spec.kind == "double":
        if isinstance(value, bool):
            raise _error(
                400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of double from value {value}"
            )
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _error(
                400,
                "JSON_PARSER_ERROR",
                f"Cannot deserialize instance of double from VALUE_STRING value {value} or request may be "
                "missing a required field",
            ) from None
    if isinstance(value, dict | list):
        raise _error(
            400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of {spec.kind} from START_OBJECT"
        )
    text = value if isinstance(value, str) else json.dumps(value)
    if spec.kind == "date":
        try:
            date.fromisoformat(text)
        except ValueError:
            raise _error(
                400,
                "JSON_PARSER_ERROR",
                f"Cannot deserialize instance of date from VALUE_STRING value {text} or request may be "
                "missing a required field",
            ) from None
        if len(text) != 10:
            raise _error(400, "JSON_PARSER_ERROR", f"Cannot deserialize instance of date from value {text}")
        return text
    if spec.kind == "reference":
        return _reference(name, spec, text, state)
    if spec.kind == "email" and text and not EMAIL_RE.match(text):
        raise _error(400, "INVALID_EMAIL_ADDRESS", f"{spec.label}: invalid email address: {text}", [name])
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _error(
            400,
            "STRING_TOO_LONG",
            f"{spec.label}: data value too large: {text[:40]} (max length={spec.max_length})",
            [name],
        )
    if sobject.name == "Opportunity" and name == "StageName" and not text.strip():
        return None
    return text


def _reference(name: str, spec: _Field, value: str, state: SalesforceEmulatorState) -> str | None:
    if not value:
        return None
    canonical = normalize_id(value)
    if canonical is None:
        raise _error(400, "MALFORMED_ID", f"{spec.label}: id value of incorrect type: {value}", [name])
    target = PREFIXES.get(canonical[:3])
    if target not in spec.references:
        raise _error(
            400, "FIELD_INTEGRITY_EXCEPTION", f"{spec.label}: id value of incorrect type: {value}", [name]
        )
    if canonical not in state.records[target]:
        raise _error(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [name])
    return canonical


def _validated(
    sobject: _SObject, body: Any, state: SalesforceEmulatorState, *, forbidden: str | None = None
) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _error(400, "JSON_PARSER_ERROR", "The request body must be a JSON object of field values.")
    values: dict[str, Any] = {}
    for given, value in body.items():
        if given == "attributes":
            continue
        name = sobject.canonical(given)
        if name is None:
            raise _error(400, "INVALID_FIELD", f"No such column '{given}' on sobject of type {sobject.name}")
        spec = sobject.fields[name]
        if not spec.writable:
            raise _error(
                400,
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {name}. Please check the security settings of this field "
                "and verify that it is read/write for your profile or permission set.",
                [name],
            )
        if forbidden is not None and name == forbidden:
            raise _error(
                400,
                "INVALID_FIELD",
                f"{name} is the external ID field of this upsert: its value comes from the URL, not the body",
                [name],
            )
        values[name] = _coerce(sobject, name, spec, value, state)
    return values


def _missing_required(sobject: _SObject, record: Mapping[str, Any], fields: Iterable[str]) -> None:
    missing = [
        name
        for name in fields
        if sobject.fields[name].required and (record.get(name) is None or record.get(name) == "")
    ]
    if missing:
        raise _error(
            400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]", missing
        )


def _check_unique(
    sobject: _SObject, record: Mapping[str, Any], state: SalesforceEmulatorState, headers: Mapping[str, str]
) -> None:
    record_id = record.get("Id")
    key = record.get(EXTERNAL_ID_FIELD)
    if state.config.unique_external_ids and key:
        for other in state.records[sobject.name].values():
            if other["Id"] != record_id and _same(other.get(EXTERNAL_ID_FIELD), key):
                raise _error(
                    400,
                    "DUPLICATE_VALUE",
                    f"duplicate value found: {EXTERNAL_ID_FIELD} duplicates value on record with id: "
                    f"{other['Id']}",
                    [EXTERNAL_ID_FIELD],
                )
    rule_field = state.config.duplicate_rules.get(sobject.name)
    value = record.get(rule_field) if rule_field else None
    if not rule_field or not value:
        return
    if (
        state.config.duplicate_allow_save
        and "allowsave=true" in headers.get(DUPLICATE_RULE_HEADER, "").lower()
    ):
        return
    matches = [
        other
        for other in state.records[sobject.name].values()
        if other["Id"] != record_id and _same(other.get(rule_field), value)
    ]
    if matches:
        raise SalesforceApiError(400, [_duplicates_detected(sobject, rule_field, matches, state.config)])


def _duplicates_detected(
    sobject: _SObject, rule_field: str, matches: list[dict[str, Any]], config: SalesforceEmulatorConfig
) -> dict[str, Any]:
    message = "Use one of these records?"
    result = {
        "allowSave": config.duplicate_allow_save,
        "duplicateRule": f"Standard_{sobject.name}_Duplicate_Rule",
        "duplicateRuleEntityType": sobject.name,
        "errorMessage": message,
        "matchResults": [
            {
                "entityType": sobject.name,
                "errors": [],
                "matchEngine": "ExactMatchEngine",
                "matchRecords": [
                    {
                        "additionalInformation": [],
                        "fieldDiffs": [],
                        "matchConfidence": 100.0,
                        "record": {"attributes": _attributes(sobject.name, m["Id"]), "Id": m["Id"]},
                    }
                    for m in matches
                ],
                "rule": f"{sobject.name}_{rule_field}_Match",
                "size": len(matches),
                "success": True,
            }
        ],
    }
    return {config.duplicate_result_key: result, "errorCode": "DUPLICATES_DETECTED", "message": message}


def _attributes(sobject: str, record_id: str) -> dict[str, str]:
    return {"type": sobject, "url": f"{DATA_PATH}/sobjects/{sobject}/{record_id}"}


def _insert(
    sobject: _SObject, values: dict[str, Any], state: SalesforceEmulatorState, headers: Mapping[str, str]
) -> str:
    record: dict[str, Any] = {**sobject.defaults, **values}
    _missing_required(sobject, record, sobject.fields)
    record["Id"] = None
    _check_unique(sobject, record, state, headers)
    now = _now_text(datetime.now(UTC))
    record.update(
        Id=state._new_id(sobject), IsDeleted=False, CreatedDate=now, LastModifiedDate=now, SystemModstamp=now
    )
    state._computed(sobject, record)
    state.records[sobject.name][record["Id"]] = record
    state._save()
    return str(record["Id"])


def _update(
    sobject: _SObject,
    record: dict[str, Any],
    values: dict[str, Any],
    state: SalesforceEmulatorState,
    headers: Mapping[str, str],
) -> None:
    merged = {**record, **values}
    _missing_required(sobject, merged, values)
    _check_unique(sobject, merged, state, headers)
    merged["LastModifiedDate"] = merged["SystemModstamp"] = _now_text(datetime.now(UTC))
    state._computed(sobject, merged)
    record.clear()
    record.update(merged)
    state._save()


def _lookup(sobject: _SObject, record_id: str, state: SalesforceEmulatorState) -> dict[str, Any]:
    canonical = normalize_id(record_id)
    record = state.records[sobject.name].get(canonical or "")
    if record is None:
        raise _not_found()
    return record


def _external_field(sobject: _SObject, name: str) -> str:
    canonical = sobject.canonical(name)
    if canonical is None or canonical not in sobject.upsert_fields:
        raise _error(
            404, "NOT_FOUND", f"Provided external ID field does not exist or is not accessible: {name}"
        )
    return canonical


def _view(
    sobject: _SObject, record: Mapping[str, Any], fields: Iterable[str] | None = None
) -> dict[str, Any]:
    names = list(fields) if fields is not None else list(sobject.fields)
    return {"attributes": _attributes(sobject.name, str(record["Id"])), **{n: record.get(n) for n in names}}


# --- SOQL ----------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^'\\]|\\.)*')
      | (?P<datetime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))
      | (?P<date>\d{4}-\d\d-\d\d)
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op><=|>=|!=|<>|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    value: Any


def _malformed(message: str) -> SalesforceApiError:
    return _error(400, "MALFORMED_QUERY", message)


def _tokens(soql: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(soql):
        if soql[position:].strip() == "":
            break
        match = _TOKEN_RE.match(soql, position)
        if match is None:
            raise _malformed(f"unexpected token: '{soql[position:].split()[0]}'")
        position = match.end()
        kind = match.lastgroup or ""
        text = match.group(kind)
        value: Any = text
        if kind == "string":
            value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text[1:-1])
        elif kind == "number":
            value = float(text)
        elif kind == "datetime":
            value = parse_datetime(text)
            if value is None:
                raise _malformed(f"line 1:{match.start()} no viable alternative at character '{text}'")
        elif kind == "date":
            value = date.fromisoformat(text)
        tokens.append(_Token(kind, text, value))
    return tokens


@dataclass(frozen=True, slots=True)
class _Condition:
    field: str
    op: str  # = != < <= > >= in notin like
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _Query:
    sobject: _SObject
    fields: tuple[str, ...]
    conditions: tuple[_Condition, ...]
    order: tuple[str, bool] | None  # field, descending
    limit: int | None


class _Parser:
    def __init__(self, soql: str) -> None:
        self.soql = soql
        self.tokens = _tokens(soql)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _malformed("unexpected end of query")
        self.index += 1
        return token

    def keyword(self, *words: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.upper() in words:
            self.index += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.keyword(word):
            token = self.peek()
            raise _malformed(f"unexpected token: '{token.text if token else '<EOF>'}'")

    def parse(self) -> _Query:
        self.expect("SELECT")
        names = [self._name()]
        while (token := self.peek()) is not None and token.text == ",":
            self.take()
            names.append(self._name())
        self.expect("FROM")
        type_token = self.take()
        try:
            sobject = _sobject(type_token.text)
        except SalesforceApiError:
            raise _error(
                400,
                "INVALID_TYPE",
                f"sObject type '{type_token.text}' is not supported. If you are attempting to use a custom "
                "object, be sure to append the '__c' after the entity name.",
            ) from None
        fields = tuple(self._field(sobject, name) for name in names)
        conditions: list[_Condition] = []
        if self.keyword("WHERE"):
            conditions.append(self._condition(sobject))
            while self.keyword("AND"):
                conditions.append(self._condition(sobject))
            if (token := self.peek()) is not None and token.text.upper() == "OR":
                raise _malformed("OR is not supported by this emulator; use IN (...)")
        order = None
        if self.keyword("ORDER"):
            self.expect("BY")
            order_field = self._field(sobject, self._name())
            descending = self.keyword("DESC")
            if not descending:
                self.keyword("ASC")
            if self.keyword("NULLS"):
                self.keyword("FIRST", "LAST")
            order = (order_field, descending)
        limit = None
        if self.keyword("LIMIT"):
            token = self.take()
            if token.kind != "number" or not float(token.value).is_integer():
                raise _malformed(f"unexpected token: '{token.text}'")
            limit = int(token.value)
        if (token := self.peek()) is not None:
            raise _malformed(f"unexpected token: '{token.text}'")
        return _Query(sobject, fields, tuple(conditions), order, limit)

    def _name(self) -> str:
        token = self.take()
        if token.kind != "word":
            raise _malformed(f"unexpected token: '{token.text}'")
        return token.text

    def _field(self, sobject: _SObject, name: str) -> str:
        canonical = sobject.canonical(name)
        if canonical is None:
            raise _error(
                400,
                "INVALID_FIELD",
                f"No such column '{name}' on entity '{sobject.name}'. If you are attempting to use a custom "
                "field, be sure to append the '__c' after the custom field name. Please reference your WSDL "
                "or the describe call for the appropriate names.",
            )
        return canonical

    def _value(self) -> Any:
        token = self.take()
        if token.kind in ("string", "number", "datetime", "date"):
            return token.value
        if token.kind == "word" and token.text.lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token.text.lower()]
        raise _malformed(f"unexpected token: '{token.text}'")

    def _condition(self, sobject: _SObject) -> _Condition:
        name = self._field(sobject, self._name())
        negated = self.keyword("NOT")
        if self.keyword("IN"):
            if self.take().text != "(":
                raise _malformed("expecting '(' after IN")
            values = [self._value()]
            while (token := self.take()).text == ",":
                values.append(self._value())
            if token.text != ")":
                raise _malformed(f"unexpected token: '{token.text}'")
            return _Condition(name, "notin" if negated else "in", tuple(values))
        if negated:
            raise _malformed("expecting IN after NOT")
        if self.keyword("LIKE"):
            return _Condition(name, "like", (self._value(),))
        token = self.take()
        if token.kind != "op":
            raise _malformed(f"unexpected token: '{token.text}'")
        op = "!=" if token.text == "<>" else token.text
        return _Condition(name, op, (self._value(),))


def _comparable(spec: _Field, value: Any) -> Any:
    if value is None:
        return None
    if spec.kind == "datetime":
        return parse_datetime(value) if isinstance(value, str) else value
    if spec.kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(value, str):
        return value.lower()  # SOQL compares text case-insensitively
    return value


def _matches(sobject: _SObject, record: Mapping[str, Any], condition: _Condition) -> bool:
    spec = sobject.fields[condition.field]
    left = _comparable(spec, record.get(condition.field))
    rights = [_comparable(spec, v) for v in condition.values]
    if condition.op == "in":
        return left in rights
    if condition.op == "notin":
        return left not in rights
    right = rights[0]
    if condition.op == "=":
        return bool(left == right)
    if condition.op == "!=":
        return bool(left != right)
    if condition.op == "like":
        if not isinstance(left, str) or not isinstance(right, str):
            return False
        pattern = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in right)
        return re.fullmatch(pattern, left, re.DOTALL) is not None
    if left is None or right is None:
        return False
    try:
        if condition.op == "<":
            return bool(left < right)
        if condition.op == "<=":
            return bool(left <= right)
        if condition.op == ">":
            return bool(left > right)
        return bool(left >= right)
    except TypeError:
        raise _malformed(f"value of the wrong type for {condition.field}") from None


def _run_query(soql: str, state: SalesforceEmulatorState) -> dict[str, Any]:
    query = _Parser(soql).parse()
    rows = [
        r
        for r in state.records[query.sobject.name].values()
        if not r.get("IsDeleted") and all(_matches(query.sobject, r, c) for c in query.conditions)
    ]
    if query.order is not None:
        name, descending = query.order
        spec = query.sobject.fields[name]
        with_value = [r for r in rows if r.get(name) is not None]
        without = [r for r in rows if r.get(name) is None]
        with_value.sort(key=lambda r: _comparable(spec, r.get(name)), reverse=descending)
        rows = with_value + without
    if query.limit is not None:
        rows = rows[: query.limit]
    views = [_view(query.sobject, r, query.fields) for r in rows]
    return _page(views, 0, len(views), state)


def _page(
    views: list[dict[str, Any]], offset: int, total: int, state: SalesforceEmulatorState
) -> dict[str, Any]:
    size = state.config.query_batch_size
    chunk = views[offset : offset + size]
    answer: dict[str, Any] = {"totalSize": total, "done": offset + size >= len(views), "records": chunk}
    if not answer["done"]:
        locator = "01g" + secrets.token_hex(8)[:15]
        state._cursors[locator] = views
        answer["nextRecordsUrl"] = f"{DATA_PATH}/query/{locator}-{offset + size}"
    return answer


def _next_page(locator: str, state: SalesforceEmulatorState) -> dict[str, Any]:
    cursor, _, start = locator.rpartition("-")
    views = state._cursors.get(cursor)
    if views is None or not start.isdigit():
        raise _error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    return _page(views, int(start), len(views), state)


# --- The API -------------------------------------------------------------------------------------


def _json(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    if status == 204:
        return Response(status_code=204, headers=dict(headers or {}))
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _api(
    method: str,
    parts: list[str],
    params: Mapping[str, str],
    body: Any,
    headers: Mapping[str, str],
    state: SalesforceEmulatorState,
) -> tuple[int, Any]:
    """One data-API call against the org, under the state lock; raises SalesforceApiError."""
    if parts == ["limits"] and method == "GET":
        used = len(state._usage)
        maximum = state.config.daily_limit
        return 200, {
            "DailyApiRequests": {"Max": maximum, "Remaining": max(0, maximum - used)},
            "DailyBulkApiBatches": {"Max": 15000, "Remaining": 15000},
            "DataStorageMB": {"Max": 5, "Remaining": 5},
        }
    if parts and parts[0] == "query" and method == "GET":
        if len(parts) == 2:
            return 200, _next_page(parts[1], state)
        soql = params.get("q")
        if len(parts) != 1 or not soql:
            raise _malformed("A SOQL query is required in the q parameter")
        return 200, _run_query(soql, state)
    if not parts or parts[0] != "sobjects" or len(parts) < 2:
        raise _not_found()
    sobject = _sobject(parts[1])
    rest = [] if parts[2:] == [""] else parts[2:]
    if not rest:
        if method != "POST":
            raise _error(
                405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed. Allowed are GET,POST"
            )
        values = _validated(sobject, body, state)
        record_id = _insert(sobject, values, state, headers)
        return 201, {"id": record_id, "success": True, "errors": []}
    if len(rest) == 1:
        record = _lookup(sobject, rest[0], state)
        if method == "GET":
            wanted = params.get("fields")
            names = None
            if wanted:
                names = []
                for name in wanted.split(","):
                    canonical = sobject.canonical(name.strip())
                    if canonical is None:
                        raise _error(
                            400, "INVALID_FIELD", f"No such column '{name}' on entity '{sobject.name}'"
                        )
                    names.append(canonical)
            return 200, _view(sobject, record, names)
        if method == "PATCH":
            _update(sobject, record, _validated(sobject, body, state), state, headers)
            return 204, None
        if method == "DELETE":
            del state.records[sobject.name][record["Id"]]
            state._save()
            return 204, None
        raise _error(
            405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed. Allowed are GET,PATCH,DELETE"
        )
    if len(rest) == 2:
        field_name = _external_field(sobject, rest[0])
        value = rest[1]
        matches = [r for r in state.records[sobject.name].values() if _same(r.get(field_name), value)]
        if len(matches) > 1:
            return 300, [f"{DATA_PATH}/sobjects/{sobject.name}/{m['Id']}" for m in matches]
        if method == "GET":
            if not matches:
                raise _not_found()
            return 200, _view(sobject, matches[0])
        if method == "PATCH":
            values = _validated(sobject, body, state, forbidden=field_name)
            if matches:
                _update(sobject, matches[0], values, state, headers)
                return 200, {"id": matches[0]["Id"], "success": True, "errors": [], "created": False}
            if params.get("updateOnly", "").lower() == "true":
                raise _not_found()
            key = _coerce(sobject, field_name, sobject.fields[field_name], value, state)
            record_id = _insert(sobject, {**values, field_name: key}, state, headers)
            return 201, {"id": record_id, "success": True, "errors": [], "created": True}
        raise _error(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed. Allowed are GET,PATCH")
    raise _not_found()


def _fault_response(fault: str) -> tuple[int, Any] | None:
    if fault == "unavailable":
        return 503, [
            {
                "message": "Server is temporarily unavailable, please try again later.",
                "errorCode": "SERVER_UNAVAILABLE",
            }
        ]
    if fault == "server_error":
        return 500, [
            {
                "message": "An unexpected error occurred. Please include this ErrorId if you contact "
                "support: 1402331067-64237 (-1154791431)",
                "errorCode": "UNKNOWN_EXCEPTION",
            }
        ]
    if fault == "request_limit":
        return 403, LIMIT_EXCEEDED
    if fault == "session_expired":
        return 401, SESSION_EXPIRED
    return None


async def _stall(request: Request, seconds: float) -> None:
    """Wait like a stuck server, but stop once the client has hung up (a test's server then shuts
    down promptly)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(0.02)


def _data_parts(request: Request) -> list[str] | None:
    """The path below /services/data/v59.0, split on the raw (still encoded) slashes so that an
    external id holding ``%2F`` stays one segment."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1").split("?", 1)[0]
    if not path.startswith(DATA_PATH):
        return None
    rest = path[len(DATA_PATH) :]
    if rest and not rest.startswith("/"):
        return None
    return [unquote(p) for p in rest.lstrip("/").split("/")] if rest.strip("/") else []


async def _serve_data(request: Request, state: SalesforceEmulatorState) -> Response:
    headers = {k.lower(): v for k, v in request.headers.items()}
    raw = await request.body()
    body: Any = None
    parse_error = False
    if raw.strip():
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            parse_error = True
    parts = _data_parts(request)
    params = dict(request.query_params)
    fault: str | None = None

    def finish(status: int, payload: Any) -> Response:
        with state.lock:
            state._prune_usage(time.time())
            usage = f"api-usage={len(state._usage)}/{state.config.daily_limit}"
            state.calls.append(
                RecordedCall(
                    request.method,
                    request.url.path[len("/services") :],
                    request.url.query,
                    body,
                    status,
                    fault,
                )
            )
        return _json(status, payload, {"Sforce-Limit-Info": usage})

    with state.lock:
        authorization = headers.get("authorization", "")
        token = authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""
        expiry = state.sessions.get(token)
        if expiry is None or expiry < time.time():
            state.sessions.pop(token, None)
            return finish(401, SESSION_EXPIRED)
        requested = headers.get(FAULT_HEADER)
        if requested is not None and requested not in SALESFORCE_FAULTS and requested != OK:
            return finish(
                400, [{"message": f"unknown fault {requested!r}", "errorCode": "INVALID_HEADER_TYPE"}]
            )
        fault = state.next_fault(requested)
        if fault == "session_expired":
            state.sessions.pop(token, None)
    if fault is not None and (answer := _fault_response(fault)) is not None:
        return finish(*answer)
    if fault == "timeout":
        await _stall(request, state.config.timeout_sleep_s)
    with state.lock:
        state._prune_usage(time.time())
        if len(state._usage) >= state.config.daily_limit:
            return finish(403, LIMIT_EXCEEDED)
        if parts != ["limits"]:  # reading the limits does not count against them
            state._usage.append(time.time())
        if parts is None:
            return finish(404, RESOURCE_NOT_FOUND)
        if parse_error:
            return finish(
                400, [{"message": "The request body is not valid JSON.", "errorCode": "JSON_PARSER_ERROR"}]
            )
        try:
            status, payload = _api(request.method, parts, params, body, headers, state)
        except SalesforceApiError as problem:
            return finish(problem.status, problem.body)
        return finish(status, payload)


# --- OAuth ---------------------------------------------------------------------------------------


def _oauth_error(error: str, description: str, status: int = 400) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def _b64url_json(segment: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _check_jwt(assertion: str, config: SalesforceEmulatorConfig) -> Response | None:
    """The JWT bearer grant: an RS256 JWT with iss = consumer key, sub = username, aud = the login
    host and a near ``exp``. The signature is only required to be present: the emulator holds no
    certificate."""
    segments = assertion.split(".")
    if len(segments) != 3 or not segments[2]:
        return _oauth_error("invalid_grant", "invalid assertion")
    header, claims = _b64url_json(segments[0]), _b64url_json(segments[1])
    if not isinstance(header, dict) or not isinstance(claims, dict) or header.get("alg") != "RS256":
        return _oauth_error("invalid_grant", "invalid assertion")
    if claims.get("iss") != config.client_id:
        return _oauth_error("invalid_client_id", "client identifier invalid")
    if claims.get("aud") not in config.jwt_audiences:
        return _oauth_error("invalid_grant", "audience is invalid")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or isinstance(exp, bool) or exp < time.time():
        return _oauth_error("invalid_grant", "expired authorization code")
    if claims.get("sub") != config.username:
        return _oauth_error("invalid_grant", "user hasn't approved this consumer")
    return None


async def _token(request: Request, state: SalesforceEmulatorState) -> Response:
    raw = (await request.body()).decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    config = state.config
    grant = form.get("grant_type")
    recorded = {k: ("***" if k in ("password", "client_secret", "assertion") else v) for k, v in form.items()}
    answer: Response | None
    if grant == "password":
        missing = [k for k in ("client_id", "client_secret", "username", "password") if not form.get(k)]
        if form.get("client_id") != config.client_id:
            answer = _oauth_error("invalid_client_id", "client identifier invalid")
        elif form.get("client_secret") != config.client_secret:
            answer = _oauth_error("invalid_client", "invalid client credentials")
        elif missing or form.get("username") != config.username or form.get("password") != config.password:
            answer = _oauth_error("invalid_grant", "authentication failure")
        else:
            answer = None
    elif grant == JWT_GRANT:
        answer = _check_jwt(form.get("assertion", ""), config)
    else:
        answer = _oauth_error("unsupported_grant_type", "grant type not supported")
    with state.lock:
        if answer is None:
            token = f"{state.org_id[:15]}!AQ{secrets.token_urlsafe(60)}"
            state.sessions[token] = time.time() + config.session_seconds
            state.logins += 1
            instance = config.instance_url or str(request.base_url).rstrip("/")
            issued = str(int(time.time() * 1000))
            answer = JSONResponse(
                {
                    "access_token": token,
                    "instance_url": instance,
                    "id": f"{instance}/id/{state.org_id}/{state.user_id}",
                    "token_type": "Bearer",
                    "issued_at": issued,
                    "signature": base64.b64encode(secrets.token_bytes(32)).decode(),
                    "scope": "api",
                }
            )
        state.calls.append(RecordedCall("POST", "/oauth2/token", "", recorded, answer.status_code, None))
    return answer


def create_salesforce_emulator(config: SalesforceEmulatorConfig | None = None) -> FastAPI:
    config = config or SalesforceEmulatorConfig()
    state = SalesforceEmulatorState(config)
    app = FastAPI(title="mailtriage Salesforce emulator", openapi_url=None)
    app.state.salesforce = state

    async def token(request: Request) -> Response:
        return await _token(request, state)

    async def data(request: Request) -> Response:
        return await _serve_data(request, state)

    app.add_api_route(TOKEN_PATH, token, methods=["POST"])
    app.add_api_route("/services/data/{rest:path}", data, methods=["GET", "POST", "PATCH", "DELETE"])
    return app


def describe(config: SalesforceEmulatorConfig) -> str:
    """One line for the CLI: where to point the client."""
    return (
        f"username {config.username!r}, password {config.password!r}, client id {config.client_id!r}, "
        f"client secret {config.client_secret!r}"
    )
