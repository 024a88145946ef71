"""An HTTP emulator of HubSpot's CRM API (v3 objects, v4 associations), so the real client is
tested over the wire.

It serves, in HubSpot's wire format (see ``/work/shared/reference/api-facts.md`` section 4):

* objects ``contacts``, ``companies``, ``deals``, ``notes``: create, read, update (``idProperty``),
  list with paging, batch create/read/update/upsert (at most 100 inputs, 207 on partial failure),
* search with filter groups, sorts, paging, HubSpot's limits and a configurable **index lag**,
* v4 default associations (single PUT, batch, list, labels) and inline associations on create,
* owners (``GET /crm/v3/owners?email=``),
* Bearer auth, the ten-second and daily rate limits with the ``X-HubSpot-RateLimit-*`` headers
  on every reply, and the search endpoints' own per-second limit.

What HubSpot enforces, the emulator enforces: unique ``email`` on contacts (409 on create with
``Existing ID: <id>``, 400 on update), the unique custom property ``mailtriage_key`` on every
type, unknown properties, required note and deal properties, deal pipeline stages and owners.

Faults are injected per request (header ``x-emulator-fault``), per scripted queue matched on
method and path (:meth:`HubSpotState.script`: "fail the next association PUT with 500") or at
random (``rate_429``, ``rate_5xx``, seeded). The header wins over the script, the script over
the random rates. The state lives in memory and, with ``state_file``, in a JSON file written
atomically after every write, so the emulator survives its own restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import json
import math
import os
import random
import re
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams

from mailtriage.sandbox.faults import FAULT_HEADER, OK

HUBSPOT_FAULTS = frozenset(
    {
        "rate_limit",  # 429 TEN_SECONDLY_ROLLING with a Retry-After header
        "daily_limit",  # 429 DAILY, no Retry-After: the day's budget is spent
        "server_error",  # 500
        "bad_gateway",  # 502
        "unavailable",  # 503
        "timeout",  # do the work, then stall longer than the client waits (the answer is lost)
        "malformed",  # 200 whose JSON body is not the documented shape
        "not_json",  # 200 with an HTML body, as a misbehaving proxy sends
        "conflict",  # a create/upsert races another writer: it is written, then 409 names it
    }
)

OBJECT_TYPES: dict[str, str] = {"contacts": "0-1", "companies": "0-2", "deals": "0-3", "notes": "0-46"}
_TYPE_NAMES: dict[str, str] = {
    **{name: name for name in OBJECT_TYPES},
    **{type_id: name for name, type_id in OBJECT_TYPES.items()},
    "contact": "contacts",
    "company": "companies",
    "deal": "deals",
    "note": "notes",
}
_SINGULAR = {"contacts": "contact", "companies": "company", "deals": "deal", "notes": "note"}
_LABEL = {"contacts": "Contact", "companies": "Company", "deals": "Deal", "notes": "Note"}
KEY_PROPERTY = "mailtriage_key"  # the custom unique property every object type has here
UNIQUE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("email", KEY_PROPERTY),
    "companies": (KEY_PROPERTY,),
    "deals": (KEY_PROPERTY,),
    "notes": (KEY_PROPERTY,),
}
# What can be written; HubSpot rejects any other name with PROPERTY_DOESNT_EXIST.
WRITABLE_PROPERTIES: dict[str, frozenset[str]] = {
    "contacts": frozenset(
        {"email", "firstname", "lastname", "phone", "company", "jobtitle", "website", "lifecyclestage"}
    ),
    "companies": frozenset({"name", "domain", "phone", "website", "city", "country", "industry"}),
    "deals": frozenset({"dealname", "pipeline", "dealstage", "amount", "closedate", "description"}),
    "notes": frozenset({"hs_note_body", "hs_timestamp", "hs_attachment_ids"}),
}
_COMMON_WRITABLE = frozenset({KEY_PROPERTY, "hubspot_owner_id", "createdate"})
READ_ONLY_PROPERTIES = frozenset({"hs_object_id", "lastmodifieddate", "hs_lastmodifieddate"})
DEFAULT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
    "companies": ("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
    "deals": (
        "amount",
        "closedate",
        "createdate",
        "dealname",
        "dealstage",
        "hs_lastmodifieddate",
        "hs_object_id",
        "pipeline",
    ),
    "notes": ("createdate", "hs_lastmodifieddate", "hs_object_id", "hs_timestamp"),
}
DATETIME_PROPERTIES = frozenset(
    {"createdate", "lastmodifieddate", "hs_lastmodifieddate", "closedate", "hs_timestamp"}
)
NUMBER_PROPERTIES = frozenset({"amount", "hs_object_id"})
DEAL_STAGES = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
    "closedwon",
    "closedlost",
)
PIPELINES: dict[str, tuple[str, ...]] = {"default": DEAL_STAGES}

# HUBSPOT_DEFINED default association type ids, per direction (api-facts section 4).
ASSOCIATION_TYPE_IDS: dict[tuple[str, str], int] = {
    ("contacts", "companies"): 279,
    ("companies", "contacts"): 280,
    ("deals", "contacts"): 3,
    ("contacts", "deals"): 4,
    ("deals", "companies"): 341,
    ("companies", "deals"): 342,
    ("notes", "contacts"): 202,
    ("notes", "companies"): 190,
    ("notes", "deals"): 214,
    ("contacts", "notes"): 201,
    ("companies", "notes"): 189,
    ("deals", "notes"): 213,
}
# Type ids accepted inline on create: the defaults plus the "primary" company labels.
_TYPE_ID_PAIRS: dict[int, tuple[str, str]] = {
    **{type_id: pair for pair, type_id in ASSOCIATION_TYPE_IDS.items()},
    1: ("contacts", "companies"),
    5: ("deals", "companies"),
}

BATCH_MAX = 100
ASSOCIATION_BATCH_MAX = 2000  # (unconfirmed) HubSpot documents a larger cap for v4 batches
SEARCH_MAX_LIMIT = 200
SEARCH_DEFAULT_LIMIT = 10
SEARCH_MAX_RESULTS = 10_000
SEARCH_MAX_GROUPS = 5
SEARCH_MAX_FILTERS_PER_GROUP = 6
SEARCH_MAX_FILTERS = 18
SEARCH_MAX_BODY_CHARS = 3000
LIST_MAX_LIMIT = 100
INTERVAL_MS = 10_000
SEARCH_OPERATORS = frozenset(
    {
        "EQ",
        "NEQ",
        "LT",
        "LTE",
        "GT",
        "GTE",
        "BETWEEN",
        "IN",
        "NOT_IN",
        "HAS_PROPERTY",
        "NOT_HAS_PROPERTY",
        "CONTAINS_TOKEN",
        "NOT_CONTAINS_TOKEN",
    }
)
PORTAL_ID = 62515


def _check_faults(names: Iterable[str]) -> None:
    for name in names:
        if name not in HUBSPOT_FAULTS and name != OK:
            raise ValueError(f"unknown fault {name!r}; expected one of {sorted(HUBSPOT_FAULTS)} or {OK!r}")


@dataclass(frozen=True, slots=True)
class HubSpotOwner:
    id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    user_id: int = 0

    def to_json(self) -> dict[str, Any]:
        stamp = "2024-01-01T00:00:00.000Z"
        return {
            "id": self.id,
            "email": self.email,
            "type": "PERSON",
            "firstName": self.first_name,
            "lastName": self.last_name,
            "userId": self.user_id or int(self.id),
            "createdAt": stamp,
            "updatedAt": stamp,
            "archived": False,
        }


@dataclass(frozen=True, slots=True)
class ScriptedFault:
    """Inject ``fault`` into the next ``times`` requests whose method and path match.

    ``path`` is a shell-style pattern (``fnmatch``) on the decoded path, e.g.
    ``/crm/v4/objects/*/associations/default/*``; ``method`` is ``*`` or an HTTP method.
    """

    fault: str
    method: str = "*"
    path: str = "*"
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return (self.method == "*" or self.method.upper() == method) and fnmatch.fnmatchcase(path, self.path)


@dataclass(frozen=True, slots=True, kw_only=True)
class HubSpotConfig:
    token: str | None = "pat-emulator"  # None: accept any token (or none)
    owners: tuple[HubSpotOwner, ...] = (HubSpotOwner("1001", "owner@example.com", "Olive", "Owner"),)
    burst_per_10s: int = 100  # Free/Starter private apps
    daily: int = 250_000
    search_per_s: int = 5
    search_lag_ms: float = 0.0
    rate_429: float = 0.0  # probability of an injected 429 on an otherwise normal request
    rate_5xx: float = 0.0  # probability of an injected 500/502/503
    seed: int = 0
    retry_after_s: float = 1.0  # the Retry-After of an injected 429
    timeout_sleep_s: float = 30.0
    state_file: Path | None = None
    faults: tuple[ScriptedFault, ...] = ()

    def __post_init__(self) -> None:
        _check_faults(f.fault for f in self.faults)
        if not (0.0 <= self.rate_429 <= 1.0 and 0.0 <= self.rate_5xx <= 1.0):
            raise ValueError("fault rates are probabilities between 0 and 1")
        if self.search_lag_ms < 0:
            raise ValueError("search_lag_ms cannot be negative")


@dataclass(slots=True)
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: Any  # the parsed JSON, or None
    fault: str | None = None
    status: int | None = None


@dataclass(slots=True)
class _Version:
    """What the search index holds for an object from ``visible_at`` (epoch seconds) on."""

    visible_at: float
    properties: dict[str, str]
    updated_at: str


@dataclass(slots=True)
class StoredObject:
    id: str
    type: str
    properties: dict[str, str]  # HubSpot keeps every value as a string; "" is no value
    created_at: str
    updated_at: str
    archived: bool = False
    index: list[_Version] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "properties": dict(self.properties),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "archived": self.archived,
        }


class _ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> None:
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def _correlation_id() -> str:
    return str(uuid.uuid4())


def _error_body(
    message: str,
    category: str,
    *,
    context: Mapping[str, Any] | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": _correlation_id(),
        "category": category,
    }
    if errors:
        body["errors"] = [dict(e) for e in errors]
    if context:
        body["context"] = dict(context)
    return body


def _validation(message: str, *, errors: Sequence[Mapping[str, Any]] | None = None) -> _ApiError:
    return _ApiError(400, _error_body(message, "VALIDATION_ERROR", errors=errors))


def _not_found(object_id: str) -> _ApiError:
    return _ApiError(
        404,
        _error_body(
            "Object not found.  objectId are usually numeric.",
            "OBJECT_NOT_FOUND",
            context={"id": [object_id]},
        ),
    )


def _rate_limit_body(policy: str) -> dict[str, Any]:
    message = {
        "TEN_SECONDLY_ROLLING": "You have reached your ten_secondly_rolling limit.",
        "DAILY": "You have reached your daily limit.",
        "SECONDLY": "You have reached your secondly limit.",
    }[policy]
    return {
        "status": "error",
        "message": message,
        "errorType": "RATE_LIMIT",
        "correlationId": _correlation_id(),
        "policyName": policy,
    }


def _property_errors(problems: Sequence[tuple[str, str, str]]) -> _ApiError:
    """HubSpot's 400 for bad property values: a JSON list inside the message, plus ``errors``."""
    listed = [
        {"isValid": False, "message": message, "error": code, "name": name, "localizedErrorMessage": message}
        for name, code, message in problems
    ]
    return _validation(
        "Property values were not valid: " + json.dumps(listed, separators=(",", ":")),
        errors=[
            {"message": message, "code": code, "context": {"propertyName": [name]}}
            for name, code, message in problems
        ],
    )


# --- Values --------------------------------------------------------------------------------------


def _iso(epoch_s: float) -> str:
    moment = datetime.fromtimestamp(epoch_s, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_hubspot_time(value: Any) -> float | None:
    """Epoch milliseconds (number or digits) or an ISO 8601 date or date-time → epoch seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) / 1000 if math.isfinite(value) else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text) / 1000
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC).timestamp()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _as_text(value: Any) -> str | None:
    """A JSON value as HubSpot stores it; None for something that is not a scalar."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- State ---------------------------------------------------------------------------------------


class HubSpotState:
    """Everything one emulator instance remembers; every access holds ``lock``."""

    def __init__(self, config: HubSpotConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.objects: dict[str, dict[str, StoredObject]] = {name: {} for name in OBJECT_TYPES}
        # Both directions are stored: (type, id) -> {(type, id)}.
        self.links: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.next_id = 1001
        # Bounded: the embedded demo runs for days.
        self.requests: deque[RecordedRequest] = deque(maxlen=200_000)
        self.script_queue: list[ScriptedFault] = list(config.faults)
        self._rng = random.Random(config.seed)
        self._window: deque[float] = deque()  # monotonic times of counted requests, last 10 s
        self._search_window: deque[float] = deque()  # search requests, last 1 s
        self._day = ""
        self._day_count = 0
        if config.state_file is not None and config.state_file.exists():
            self._load(config.state_file)

    # -- test inspection --

    def script(self, fault: str, *, method: str = "*", path: str = "*", times: int = 1) -> None:
        """Queue a fault for the next ``times`` requests matching ``method`` and ``path``."""
        _check_faults([fault])
        with self.lock:
            self.script_queue.append(ScriptedFault(fault, method, path, times))

    def reset(self, *, keep_objects: bool = False) -> None:
        """Forget requests, scripted faults and rate counters (and objects unless kept), keeping
        the server and its port."""
        with self.lock:
            self.requests.clear()
            self.script_queue.clear()
            self._window.clear()
            self._search_window.clear()
            self._day_count = 0
            if not keep_objects:
                self.objects = {name: {} for name in OBJECT_TYPES}
                self.links.clear()
                self._persist()

    def all_objects(self, object_type: str) -> list[dict[str, Any]]:
        """Every object of a type, with all its properties, oldest first."""
        name = _TYPE_NAMES[object_type]
        with self.lock:
            return [obj.to_json() for obj in self._sorted(name)]

    def associated(self, from_type: str, object_id: str, to_type: str) -> list[str]:
        source, target = _TYPE_NAMES[from_type], _TYPE_NAMES[to_type]
        with self.lock:
            return sorted(
                (oid for kind, oid in self.links.get((source, object_id), set()) if kind == target), key=int
            )

    def log(self, method: str | None = None, path_glob: str = "*") -> list[RecordedRequest]:
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and fnmatch.fnmatchcase(r.path, path_glob)
            ]

    # -- rate limits and faults --

    def admit(self, search: bool) -> tuple[_ApiError | None, dict[str, str]]:
        """Count a request against the limits; a 429 (not counted) when one is spent."""
        now = time.monotonic()
        while self._window and now - self._window[0] >= INTERVAL_MS / 1000:
            self._window.popleft()
        while self._search_window and now - self._search_window[0] >= 1.0:
            self._search_window.popleft()
        today = datetime.now(UTC).date().isoformat()
        if today != self._day:
            self._day, self._day_count = today, 0
        refused: _ApiError | None = None
        if self._day_count >= self.config.daily:
            refused = _ApiError(429, _rate_limit_body("DAILY"))
        elif len(self._window) >= self.config.burst_per_10s:
            refused = _ApiError(429, _rate_limit_body("TEN_SECONDLY_ROLLING"))
        elif search and len(self._search_window) >= self.config.search_per_s:
            refused = _ApiError(429, _rate_limit_body("SECONDLY"))
        else:
            self._window.append(now)
            self._day_count += 1
            if search:
                self._search_window.append(now)
        return refused, self.rate_headers()

    def rate_headers(self) -> dict[str, str]:
        return {
            "X-HubSpot-RateLimit-Daily": str(self.config.daily),
            "X-HubSpot-RateLimit-Daily-Remaining": str(max(0, self.config.daily - self._day_count)),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(INTERVAL_MS),
            "X-HubSpot-RateLimit-Max": str(self.config.burst_per_10s),
            "X-HubSpot-RateLimit-Remaining": str(max(0, self.config.burst_per_10s - len(self._window))),
        }

    def next_fault(self, method: str, path: str, requested: str | None) -> str | None:
        if requested is not None:
            fault = requested
        else:
            fault = OK
            for index, scripted in enumerate(self.script_queue):
                if scripted.matches(method, path):
                    fault = scripted.fault
                    if scripted.times <= 1:
                        del self.script_queue[index]
                    else:
                        self.script_queue[index] = ScriptedFault(
                            scripted.fault, scripted.method, scripted.path, scripted.times - 1
                        )
                    break
            else:
                roll = self._rng.random()
                if roll < self.config.rate_429:
                    fault = "rate_limit"
                elif roll < self.config.rate_429 + self.config.rate_5xx:
                    fault = self._rng.choice(["server_error", "bad_gateway", "unavailable"])
        return None if fault == OK else fault

    # -- objects --

    def _sorted(self, object_type: str) -> list[StoredObject]:
        return sorted(self.objects[object_type].values(), key=lambda o: int(o.id))

    def new_id(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def find_unique(self, object_type: str, name: str, value: str) -> StoredObject | None:
        wanted = value.casefold()
        for obj in self.objects[object_type].values():
            if obj.properties.get(name, "").casefold() == wanted and not obj.archived:
                return obj
        return None

    def get(self, object_type: str, object_id: str, id_property: str | None = None) -> StoredObject | None:
        if id_property in (None, "", "hs_object_id"):
            return self.objects[object_type].get(object_id)
        assert id_property is not None
        return self.find_unique(object_type, id_property, object_id)

    def index_write(self, obj: StoredObject) -> None:
        """Record the write in the search index, visible only after the configured lag."""
        now = time.time()
        obj.index.append(
            _Version(now + self.config.search_lag_ms / 1000, dict(obj.properties), obj.updated_at)
        )
        visible = [i for i, version in enumerate(obj.index) if version.visible_at <= now]
        if visible:
            del obj.index[: visible[-1]]

    def indexed(self, obj: StoredObject, now: float) -> _Version | None:
        current = None
        for version in obj.index:
            if version.visible_at <= now:
                current = version
        return current

    def link(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        self.links.setdefault(a, set()).add(b)
        self.links.setdefault(b, set()).add(a)

    # -- persistence --

    def _persist(self) -> None:
        path = self.config.state_file
        if path is None:
            return
        seen: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        links: list[list[str]] = []
        for source, targets in self.links.items():
            for target in targets:
                if (target, source) not in seen:
                    seen.add((source, target))
                    links.append([*source, *target])
        data = {
            "version": 1,
            "next_id": self.next_id,
            "objects": {
                kind: {
                    oid: {
                        "properties": obj.properties,
                        "createdAt": obj.created_at,
                        "updatedAt": obj.updated_at,
                        "archived": obj.archived,
                        "index": [[v.visible_at, v.properties, v.updated_at] for v in obj.index],
                    }
                    for oid, obj in objects.items()
                }
                for kind, objects in self.objects.items()
            },
            "links": links,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self.next_id = int(data["next_id"])
        for kind, objects in data["objects"].items():
            for oid, stored in objects.items():
                self.objects[kind][oid] = StoredObject(
                    id=oid,
                    type=kind,
                    properties=dict(stored["properties"]),
                    created_at=stored["createdAt"],
                    updated_at=stored["updatedAt"],
                    archived=bool(stored["archived"]),
                    index=[_Version(float(v[0]), dict(v[1]), str(v[2])) for v in stored["index"]],
                )
        for from_type, from_id, to_type, to_id in data["links"]:
            self.link((from_type, from_id), (to_type, to_id))


def hubspot_state(app: FastAPI) -> HubSpotState:
    state = getattr(app.state, "hubspot", None)
    if not isinstance(state, HubSpotState):
        raise TypeError("not an app made by create_hubspot_emulator")
    return state


# --- Writing objects -----------------------------------------------------------------------------


class _Writer:
    """Validation and writes of objects, as HubSpot does them; callers hold the state's lock."""

    def __init__(self, state: HubSpotState) -> None:
        self.state = state

    def _normalise(self, object_type: str, properties: Any) -> dict[str, str]:
        if properties is None:
            return {}
        if not isinstance(properties, Mapping):
            raise _validation("Invalid input JSON: properties must be an object")
        allowed = WRITABLE_PROPERTIES[object_type] | _COMMON_WRITABLE
        owners = {owner.id for owner in self.state.config.owners}
        problems: list[tuple[str, str, str]] = []
        clean: dict[str, str] = {}
        for name, raw in properties.items():
            name = str(name)
            text = _as_text(raw)
            if name in READ_ONLY_PROPERTIES:
                problems.append(
                    (name, "READ_ONLY_VALUE", f"{name} is a read only property; its value cannot be set.")
                )
                continue
            if name not in allowed:
                problems.append((name, "PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist'))
                continue
            if text is None:
                problems.append((name, "INVALID_TYPE", f"{name} must be a string, a number or a boolean"))
                continue
            if text and name in DATETIME_PROPERTIES:
                moment = parse_hubspot_time(text)
                if moment is None:
                    problems.append(
                        (name, "INVALID_DATE", f"{text!r} is not a valid date or datetime for {name}")
                    )
                    continue
                text = _iso(moment)
            elif text and name in NUMBER_PROPERTIES and _number(text) is None:
                problems.append((name, "INVALID_FLOAT", f"{text} was not a valid number."))
                continue
            elif text and name == "email":
                if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
                    problems.append((name, "INVALID_EMAIL", f"Email address {text} is invalid"))
                    continue
                text = text.lower()
            elif text and name == "domain":
                text = text.lower()
            elif text and name == "hubspot_owner_id" and text not in owners:
                problems.append((name, "INVALID_OWNER_ID", f"{text} is not a valid owner id"))
                continue
            clean[name] = text
        if problems:
            raise _property_errors(problems)
        return clean

    def _check_deal(self, merged: Mapping[str, str], creating: bool) -> None:
        problems: list[tuple[str, str, str]] = []
        pipeline = merged.get("pipeline", "")
        stages = PIPELINES.get(pipeline)
        if stages is None:
            problems.append(
                (
                    "pipeline",
                    "INVALID_OPTION",
                    f"{pipeline} was not one of the allowed options: {sorted(PIPELINES)}",
                )
            )
        stage = merged.get("dealstage", "")
        if stages is not None and stage and stage not in stages:
            problems.append(
                ("dealstage", "INVALID_OPTION", f"{stage} was not one of the allowed options: {list(stages)}")
            )
        if creating:
            for required in ("dealname", "dealstage"):
                if not merged.get(required):
                    problems.append((required, "REQUIRED_PROPERTY", f"{required} is required"))
        if problems:
            raise _property_errors(problems)

    def _check_unique(self, object_type: str, changes: Mapping[str, str], self_id: str | None) -> None:
        for name in UNIQUE_PROPERTIES[object_type]:
            value = changes.get(name)
            if not value:
                continue
            other = self.state.find_unique(object_type, name, value)
            if other is None or other.id == self_id:
                continue
            if self_id is None:
                raise _ApiError(
                    409,
                    _error_body(f"{_LABEL[object_type]} already exists. Existing ID: {other.id}", "CONFLICT"),
                )
            message = (
                f"Cannot set PropertyValueCoordinates{{portalId={PORTAL_ID}, "
                f"objectTypeId=OBJECT_TYPE_ID{{{OBJECT_TYPES[object_type]}}}, objectId={self_id}, "
                f"propertyName={name}, value={value}}} on {self_id}. {other.id} already has that value."
            )
            raise _validation(
                message,
                errors=[{"message": message, "code": "INVALID_UNIQUE_VALUE", "context": {"id": [other.id]}}],
            )

    def _resolve_associations(self, object_type: str, associations: Any) -> list[tuple[str, str]]:
        if associations is None:
            return []
        if not isinstance(associations, list):
            raise _validation("Invalid input JSON: associations must be a list")
        targets: list[tuple[str, str]] = []
        for item in associations:
            to = item.get("to") if isinstance(item, Mapping) else None
            types = item.get("types") if isinstance(item, Mapping) else None
            to_id = str(to.get("id", "")) if isinstance(to, Mapping) else ""
            if not to_id or not isinstance(types, list) or not types:
                raise _validation("Invalid input JSON: each association needs to.id and types")
            for spec in types:
                type_id = spec.get("associationTypeId") if isinstance(spec, Mapping) else None
                pair = _TYPE_ID_PAIRS.get(type_id) if isinstance(type_id, int) else None
                if pair is None or pair[0] != object_type:
                    raise _validation(
                        f"association type id {type_id} is not valid for "
                        f"{_SINGULAR[object_type]} associations"
                    )
                if to_id not in self.state.objects[pair[1]]:
                    raise _validation(
                        f"One or more associations are invalid: {_SINGULAR[pair[1]]} {to_id} does not exist"
                    )
                targets.append((pair[1], to_id))
        return targets

    def create(self, object_type: str, properties: Any, associations: Any = None) -> StoredObject:
        changes = self._normalise(object_type, properties)
        if object_type == "deals":
            changes.setdefault("pipeline", "default")
            self._check_deal(changes, creating=True)
        if object_type == "notes" and not changes.get("hs_timestamp"):
            raise _property_errors([("hs_timestamp", "REQUIRED_PROPERTY", "hs_timestamp is required")])
        self._check_unique(object_type, changes, None)
        targets = self._resolve_associations(object_type, associations)
        now = time.time()
        stamp = _iso(now)
        object_id = self.state.new_id()
        created = changes.get("createdate") or stamp
        props = {k: v for k, v in changes.items() if v}
        props.update(
            {
                "hs_object_id": object_id,
                "createdate": created,
                "lastmodifieddate": stamp,
                "hs_lastmodifieddate": stamp,
            }
        )
        obj = StoredObject(object_id, object_type, props, created, stamp)
        self.state.objects[object_type][object_id] = obj
        self.state.index_write(obj)
        for target in targets:
            self.state.link((object_type, object_id), target)
        return obj

    def update(self, obj: StoredObject, properties: Any) -> StoredObject:
        changes = self._normalise(obj.type, properties)
        if obj.type == "deals":
            self._check_deal({**obj.properties, **changes}, creating=False)
        if obj.type == "notes" and "hs_timestamp" in changes and not changes["hs_timestamp"]:
            raise _property_errors([("hs_timestamp", "REQUIRED_PROPERTY", "hs_timestamp is required")])
        self._check_unique(obj.type, changes, obj.id)
        stamp = _iso(time.time())
        for name, value in changes.items():
            if value:
                obj.properties[name] = value
            else:
                obj.properties.pop(name, None)
        if changes.get("createdate"):
            obj.created_at = changes["createdate"]
        obj.properties["lastmodifieddate"] = obj.properties["hs_lastmodifieddate"] = stamp
        obj.updated_at = stamp
        self.state.index_write(obj)
        return obj

    def discard(self, created: Iterable[StoredObject]) -> None:
        """Undo creations (an all-or-nothing batch that failed part-way)."""
        for obj in created:
            self.state.objects[obj.type].pop(obj.id, None)
            for target in self.state.links.pop((obj.type, obj.id), set()):
                self.state.links.get(target, set()).discard((obj.type, obj.id))


# --- Reading objects -----------------------------------------------------------------------------


def _list_param(query: QueryParams, name: str) -> list[str]:
    values: list[str] = []
    for raw in query.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def _object_type(raw: str) -> str:
    name = _TYPE_NAMES.get(raw.lower())
    if name is None:
        raise _validation(f"Unable to infer object type from: {raw}")
    return name


def _render(
    obj: StoredObject,
    requested: Sequence[str] | None,
    *,
    properties: Mapping[str, str] | None = None,
    updated_at: str | None = None,
    extra: Sequence[str] = (),
) -> dict[str, Any]:
    values = obj.properties if properties is None else properties
    if requested:
        names = list(dict.fromkeys([*requested, *extra, "hs_object_id", "createdate"]))
        shown: dict[str, str | None] = {name: values.get(name) or None for name in names}
    else:
        shown = {name: values[name] for name in (*DEFAULT_PROPERTIES[obj.type], *extra) if values.get(name)}
    return {
        "id": obj.id,
        "properties": shown,
        "createdAt": obj.created_at,
        "updatedAt": updated_at or obj.updated_at,
        "archived": obj.archived,
    }


def _string_list(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _validation(f"Invalid input JSON: {what} must be a list of strings")
    return list(value)


# --- Search --------------------------------------------------------------------------------------


def _compare(name: str, stored: str, wanted: str) -> int:
    """-1, 0 or 1: numerically, as datetimes, or as case-folded text, whichever both values are."""
    left: float | str | None
    right: float | str | None
    if name in DATETIME_PROPERTIES:
        left, right = parse_hubspot_time(stored), parse_hubspot_time(wanted)
    else:
        left, right = _number(stored), _number(wanted)
    if left is None or right is None:
        left, right = stored.casefold(), wanted.casefold()
    return (left > right) - (left < right)  # type: ignore[operator]


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^\w]+", text.casefold()) if t]


def _contains_token(stored: str, wanted: str) -> bool:
    pattern = wanted.casefold()
    if "*" in pattern:
        return fnmatch.fnmatchcase(stored.casefold(), pattern) or any(
            fnmatch.fnmatchcase(t, pattern) for t in _tokens(stored)
        )
    return pattern == stored.casefold() or pattern in _tokens(stored)


def _filter_value(raw: Any, where: str) -> str:
    text = _as_text(raw)
    if text is None or raw is None:
        raise _validation(f"Invalid input JSON: {where}.value must be a string, a number or a boolean")
    return text


def _matches(values: Mapping[str, str], flt: Mapping[str, Any], where: str) -> bool:
    name = flt["propertyName"]
    operator = flt["operator"]
    stored = values.get(name, "")
    if operator == "HAS_PROPERTY":
        return stored != ""
    if operator == "NOT_HAS_PROPERTY":
        return stored == ""
    if operator in ("IN", "NOT_IN"):
        raw_values = flt.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            raise _validation(f"Invalid input JSON: {where}.values is required for {operator}")
        found = stored != "" and any(_compare(name, stored, _filter_value(v, where)) == 0 for v in raw_values)
        return found if operator == "IN" else not found
    if operator == "BETWEEN":
        low = _filter_value(flt.get("value"), where)
        high = _filter_value(flt.get("highValue"), where)
        return stored != "" and _compare(name, stored, low) >= 0 and _compare(name, stored, high) <= 0
    wanted = _filter_value(flt.get("value"), where)
    if operator == "NEQ":
        return stored == "" or _compare(name, stored, wanted) != 0
    if operator == "NOT_CONTAINS_TOKEN":
        return not _contains_token(stored, wanted)
    if stored == "":
        return False
    if operator == "CONTAINS_TOKEN":
        return _contains_token(stored, wanted)
    order = _compare(name, stored, wanted)
    return {
        "EQ": order == 0,
        "LT": order < 0,
        "LTE": order <= 0,
        "GT": order > 0,
        "GTE": order >= 0,
    }[operator]


def _validate_filter_groups(groups: Any) -> list[list[dict[str, Any]]]:
    if groups is None:
        return []
    if not isinstance(groups, list):
        raise _validation("Invalid input JSON: filterGroups must be a list")
    if len(groups) > SEARCH_MAX_GROUPS:
        raise _validation(f"Too many filter groups: {len(groups)}. The maximum is {SEARCH_MAX_GROUPS}.")
    parsed: list[list[dict[str, Any]]] = []
    total = 0
    for g_index, group in enumerate(groups):
        filters = group.get("filters") if isinstance(group, Mapping) else None
        if not isinstance(filters, list):
            raise _validation(f"Invalid input JSON: filterGroups[{g_index}].filters must be a list")
        if len(filters) > SEARCH_MAX_FILTERS_PER_GROUP:
            raise _validation(
                f"Too many filters in filterGroups[{g_index}]: {len(filters)}. "
                f"The maximum is {SEARCH_MAX_FILTERS_PER_GROUP}."
            )
        total += len(filters)
        checked: list[dict[str, Any]] = []
        for f_index, flt in enumerate(filters):
            where = f"filterGroups[{g_index}].filters[{f_index}]"
            if not isinstance(flt, Mapping) or not isinstance(flt.get("propertyName"), str):
                raise _validation(f"Invalid input JSON: {where}.propertyName is required")
            if flt.get("operator", "EQ") not in SEARCH_OPERATORS:
                raise _validation(
                    f"Invalid input JSON: {where}.operator {flt.get('operator')!r} is not valid"
                )
            checked.append({**flt, "operator": flt.get("operator", "EQ")})
        parsed.append(checked)
    if total > SEARCH_MAX_FILTERS:
        raise _validation(f"Too many filters: {total}. The maximum is {SEARCH_MAX_FILTERS}.")
    return parsed


def _sort_key(name: str, ascending: bool) -> Callable[[tuple[StoredObject, _Version]], tuple[int, Any]]:
    def key(item: tuple[StoredObject, _Version]) -> tuple[int, Any]:
        value = item[1].properties.get(name, "")
        if value == "":
            return (1, 0)  # no value: last, whatever the direction
        number = parse_hubspot_time(value) if name in DATETIME_PROPERTIES else _number(value)
        sortable: Any = number if number is not None else value.casefold()
        if not ascending:
            sortable = -sortable if isinstance(sortable, float) else _Reversed(sortable)
        return (0, sortable)

    return key


@dataclass(frozen=True, slots=True)
class _Reversed:
    value: str

    def __lt__(self, other: _Reversed) -> bool:
        return self.value > other.value


# --- Handlers ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Call:
    method: str
    params: dict[str, str]
    query: QueryParams
    body: Any


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    body: Any
    wrote: bool = False


def _batch_reply(
    results: list[Any], errors: list[dict[str, Any]], started: str, ok_status: int = 200
) -> _Reply:
    body: dict[str, Any] = {"status": "COMPLETE", "results": results}
    if errors:
        body["numErrors"] = len(errors)
        body["errors"] = errors
    body["startedAt"] = started
    body["completedAt"] = _iso(time.time())
    return _Reply(207 if errors else ok_status, body, wrote=True)


def _batch_error(error: _ApiError, context: Mapping[str, Any] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "status": "error",
        "category": error.body.get("category", "VALIDATION_ERROR"),
        "message": error.body.get("message", ""),
        "context": dict(context or {}),
        "errors": error.body.get("errors", []),
    }
    return entry


def _inputs(body: Any) -> list[Any]:
    if not isinstance(body, Mapping) or not isinstance(body.get("inputs"), list):
        raise _validation("Invalid input JSON: inputs is required")
    inputs: list[Any] = body["inputs"]
    if len(inputs) > BATCH_MAX:
        raise _validation(f"Too many inputs: {len(inputs)}. The maximum is {BATCH_MAX}.")
    return inputs


class _Api:
    def __init__(self, state: HubSpotState) -> None:
        self.state = state
        self.writer = _Writer(state)

    # -- objects --

    def create(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        if not isinstance(call.body, Mapping):
            raise _validation("Invalid input JSON: a body with properties is required")
        obj = self.writer.create(kind, call.body.get("properties"), call.body.get("associations"))
        return _Reply(201, obj.to_json(), wrote=True)

    def read(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        id_property = call.query.get("idProperty")
        self._check_id_property(kind, id_property, reading=True)
        obj = self.state.get(kind, call.params["id"], id_property)
        if obj is None or obj.archived:
            raise _not_found(call.params["id"])
        rendered = _render(obj, _list_param(call.query, "properties"))
        associations = self._v3_associations(obj, _list_param(call.query, "associations"))
        if associations:
            rendered["associations"] = associations
        return _Reply(200, rendered)

    def patch(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        id_property = call.query.get("idProperty")
        self._check_id_property(kind, id_property, reading=False)
        if not isinstance(call.body, Mapping):
            raise _validation("Invalid input JSON: a body with properties is required")
        obj = self.state.get(kind, call.params["id"], id_property)
        if obj is None or obj.archived:
            raise _not_found(call.params["id"])
        return _Reply(200, self.writer.update(obj, call.body.get("properties")).to_json(), wrote=True)

    def list_objects(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        limit = self._int_param(call.query, "limit", 10)
        if not 1 <= limit <= LIST_MAX_LIMIT:
            raise _validation(f"limit must be between 1 and {LIST_MAX_LIMIT}")
        after = self._int_param(call.query, "after", 0)
        objects = [o for o in self.state._sorted(kind) if int(o.id) >= after and not o.archived]
        page = objects[:limit]
        requested = _list_param(call.query, "properties")
        wanted_links = _list_param(call.query, "associations")
        results = []
        for obj in page:
            rendered = _render(obj, requested)
            associations = self._v3_associations(obj, wanted_links)
            if associations:
                rendered["associations"] = associations
            results.append(rendered)
        body: dict[str, Any] = {"results": results}
        if len(objects) > limit:
            next_after = str(int(page[-1].id) + 1)
            body["paging"] = {
                "next": {
                    "after": next_after,
                    "link": f"/crm/v3/objects/{kind}?after={next_after}&limit={limit}",
                }
            }
        return _Reply(200, body)

    def _v3_associations(self, obj: StoredObject, wanted: Sequence[str]) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for raw in wanted:
            target = _object_type(raw)
            ids = sorted(
                (oid for kind, oid in self.state.links.get((obj.type, obj.id), set()) if kind == target),
                key=int,
            )
            if ids:
                name = f"{_SINGULAR[obj.type]}_to_{_SINGULAR[target]}"
                shown[target] = {"results": [{"id": oid, "type": name} for oid in ids]}
        return shown

    @staticmethod
    def _int_param(query: QueryParams, name: str, default: int) -> int:
        raw = query.get(name)
        if raw in (None, ""):
            return default
        assert raw is not None
        try:
            return int(raw)
        except ValueError:
            raise _validation(f"{name} must be an integer, not {raw!r}") from None

    @staticmethod
    def _check_id_property(kind: str, id_property: str | None, *, reading: bool) -> None:
        allowed = {*UNIQUE_PROPERTIES[kind], "hs_object_id"}
        if id_property not in (None, "") and id_property not in allowed:
            raise _validation(
                f"Unable to perform {'read' if reading else 'update/upsert'} by non-unique "
                f"{OBJECT_TYPES[kind]} property {id_property}"
            )

    # -- batches --

    def batch(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        inputs = _inputs(call.body)
        started = _iso(time.time())
        operation = call.params["op"]
        if operation == "create":
            return self._batch_create(kind, inputs, started)
        if operation == "read":
            return self._batch_read(kind, call.body, inputs, started)
        if operation == "update":
            return self._batch_update(kind, call.body, inputs, started)
        return self._batch_upsert(kind, inputs, started)

    def _batch_create(self, kind: str, inputs: list[Any], started: str) -> _Reply:
        # All or nothing: the first bad input fails the whole batch, as HubSpot does.
        created: list[StoredObject] = []
        try:
            for item in inputs:
                if not isinstance(item, Mapping):
                    raise _validation("Invalid input JSON: each input must be an object")
                created.append(self.writer.create(kind, item.get("properties"), item.get("associations")))
        except _ApiError:
            self.writer.discard(created)
            raise
        return _batch_reply([o.to_json() for o in created], [], started, ok_status=201)

    def _batch_read(self, kind: str, body: Mapping[str, Any], inputs: list[Any], started: str) -> _Reply:
        id_property = body.get("idProperty")
        if id_property is not None and not isinstance(id_property, str):
            raise _validation("Invalid input JSON: idProperty must be a string")
        self._check_id_property(kind, id_property, reading=True)
        requested = _string_list(body.get("properties"), "properties")
        extra = [id_property] if id_property and id_property != "hs_object_id" else []
        results: list[dict[str, Any]] = []
        missing: list[str] = []
        for item in inputs:
            object_id = str(item.get("id", "")) if isinstance(item, Mapping) else ""
            obj = self.state.get(kind, object_id, id_property)
            if obj is None or obj.archived:
                missing.append(object_id)
            elif all(r["id"] != obj.id for r in results):
                results.append(_render(obj, requested, extra=extra))
        errors = []
        if missing:
            errors.append(
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": f"Could not get some {_SINGULAR[kind].upper()} objects, they may be deleted "
                    "or not exist. Check that ids are valid.",
                    "context": {"ids": missing},
                    "errors": [],
                }
            )
        reply = _batch_reply(results, errors, started)
        return _Reply(reply.status, reply.body, wrote=False)

    def _batch_update(self, kind: str, body: Mapping[str, Any], inputs: list[Any], started: str) -> _Reply:
        results: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for item in inputs:
            if not isinstance(item, Mapping) or not item.get("id"):
                raise _validation("Invalid input JSON: each input needs an id")
            id_property = item.get("idProperty", body.get("idProperty"))
            self._check_id_property(kind, id_property, reading=False)
            object_id = str(item["id"])
            obj = self.state.get(kind, object_id, id_property)
            try:
                if obj is None or obj.archived:
                    raise _not_found(object_id)
                results.append(self.writer.update(obj, item.get("properties")).to_json())
            except _ApiError as problem:
                errors.append(_batch_error(problem, {"ids": [object_id]}))
        return _batch_reply(results, errors, started)

    def _batch_upsert(self, kind: str, inputs: list[Any], started: str) -> _Reply:
        seen: set[str] = set()
        for item in inputs:
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not item["id"]:
                raise _validation("Invalid input JSON: each input needs an id")
            id_property = item.get("idProperty")
            if id_property not in UNIQUE_PROPERTIES[kind]:
                raise _validation(
                    "Unable to perform update/upsert by non-unique "
                    f"{OBJECT_TYPES[kind]} property {id_property}"
                )
            marker = f"{id_property}:{item['id'].casefold()}"
            if marker in seen:
                raise _validation(f"Duplicate IDs found in batch input: [{item['id']}]. IDs must be unique")
            seen.add(marker)
        results: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for item in inputs:
            id_property, key = str(item["idProperty"]), str(item["id"])
            properties = item.get("properties") or {}
            if not isinstance(properties, Mapping):
                errors.append(_batch_error(_validation("properties must be an object"), {"ids": [key]}))
                continue
            try:
                existing = self.state.find_unique(kind, id_property, key)
                if existing is not None:
                    rendered = self.writer.update(existing, properties).to_json()
                    rendered["new"] = False
                else:
                    rendered = self.writer.create(kind, {**properties, id_property: key}).to_json()
                    rendered["new"] = True
                results.append(rendered)
            except _ApiError as problem:
                errors.append(_batch_error(problem, {"ids": [key]}))
        return _batch_reply(results, errors, started)

    # -- search --

    def search(self, call: _Call) -> _Reply:
        kind = _object_type(call.params["type"])
        body = call.body if call.body is not None else {}
        if not isinstance(body, Mapping):
            raise _validation("Invalid input JSON: the search body must be an object")
        if len(json.dumps(body)) > SEARCH_MAX_BODY_CHARS:
            raise _validation(
                f"The search request body is too long; the maximum is {SEARCH_MAX_BODY_CHARS} characters"
            )
        groups = _validate_filter_groups(body.get("filterGroups"))
        limit = body.get("limit", SEARCH_DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise _validation("Invalid input JSON: limit must be a non-negative integer")
        if limit > SEARCH_MAX_LIMIT:
            raise _validation(f"limit: must be less than or equal to {SEARCH_MAX_LIMIT}, was {limit}")
        raw_after = body.get("after", 0)
        try:
            after = int(raw_after or 0)
        except (TypeError, ValueError):
            raise _validation(
                f"Invalid input JSON: after {raw_after!r} is not a valid paging cursor"
            ) from None
        if after < 0:
            raise _validation("Invalid input JSON: after cannot be negative")
        if after >= SEARCH_MAX_RESULTS:
            raise _validation(
                f"Paging past {SEARCH_MAX_RESULTS} results is not supported (after={after}); "
                "narrow the search."
            )
        requested = _string_list(body.get("properties"), "properties")
        sorts = body.get("sorts") or []
        if not isinstance(sorts, list) or len(sorts) > 1:
            raise _validation("Invalid input JSON: at most one sort is supported")
        query = body.get("query")
        now = time.time()
        hits: list[tuple[StoredObject, _Version]] = []
        for obj in self.state._sorted(kind):
            version = self.state.indexed(obj, now)
            if version is None or obj.archived:
                continue
            values = version.properties
            if groups and not any(
                all(_matches(values, flt, f"filterGroups[{g}].filters[{i}]") for i, flt in enumerate(group))
                for g, group in enumerate(groups)
            ):
                continue
            if isinstance(query, str) and query.strip():
                needle = query.strip().casefold()
                if not any(needle in value.casefold() for value in values.values()):
                    continue
            hits.append((obj, version))
        if sorts:
            rule = sorts[0]
            if isinstance(rule, str):
                rule = {
                    "propertyName": rule.lstrip("-"),
                    "direction": "DESCENDING" if rule[:1] == "-" else "ASCENDING",
                }
            if not isinstance(rule, Mapping) or not isinstance(rule.get("propertyName"), str):
                raise _validation("Invalid input JSON: sorts[0].propertyName is required")
            hits.sort(key=_sort_key(rule["propertyName"], rule.get("direction", "ASCENDING") != "DESCENDING"))
        capped = hits[:SEARCH_MAX_RESULTS]
        page = capped[after : after + limit]
        result: dict[str, Any] = {
            "total": len(hits),
            "results": [
                _render(obj, requested, properties=version.properties, updated_at=version.updated_at)
                for obj, version in page
            ],
        }
        if after + limit < len(capped) and limit > 0:
            result["paging"] = {"next": {"after": str(after + limit)}}
        return _Reply(200, result)

    # -- associations --

    def _pair(self, call: _Call) -> tuple[str, str]:
        source, target = _object_type(call.params["from"]), _object_type(call.params["to"])
        if (source, target) not in ASSOCIATION_TYPE_IDS:
            raise _validation(f"{_SINGULAR[source]} to {_SINGULAR[target]} associations are not supported")
        return source, target

    def _default_spec(self, source: str, target: str, from_id: str, to_id: str) -> list[dict[str, Any]]:
        return [
            {
                "from": {"id": a_id},
                "to": {"id": b_id},
                "associationSpec": {
                    "associationCategory": "HUBSPOT_DEFINED",
                    "associationTypeId": ASSOCIATION_TYPE_IDS[(a, b)],
                },
            }
            for a, a_id, b, b_id in ((source, from_id, target, to_id), (target, to_id, source, from_id))
        ]

    def associate(self, call: _Call) -> _Reply:
        source, target = self._pair(call)
        from_id, to_id = call.params["id"], call.params["to_id"]
        for kind, oid in ((source, from_id), (target, to_id)):
            if oid not in self.state.objects[kind]:
                raise _ApiError(
                    404,
                    _error_body(
                        f"No {_SINGULAR[kind]} with ID {oid} exists",
                        "OBJECT_NOT_FOUND",
                        context={"id": [oid]},
                    ),
                )
        self.state.link((source, from_id), (target, to_id))
        started = _iso(time.time())
        return _batch_reply(self._default_spec(source, target, from_id, to_id), [], started)

    def associate_batch(self, call: _Call) -> _Reply:
        source, target = self._pair(call)
        if not isinstance(call.body, Mapping) or not isinstance(call.body.get("inputs"), list):
            raise _validation("Invalid input JSON: inputs is required")
        inputs = call.body["inputs"]
        if len(inputs) > ASSOCIATION_BATCH_MAX:
            raise _validation(f"Too many inputs: {len(inputs)}. The maximum is {ASSOCIATION_BATCH_MAX}.")
        started = _iso(time.time())
        results: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for item in inputs:
            ends = [item.get(side) if isinstance(item, Mapping) else None for side in ("from", "to")]
            ids = [str(end.get("id", "")) if isinstance(end, Mapping) else "" for end in ends]
            if not all(ids):
                raise _validation("Invalid input JSON: each input needs from.id and to.id")
            absent = [
                oid
                for kind, oid in ((source, ids[0]), (target, ids[1]))
                if oid not in self.state.objects[kind]
            ]
            if absent:
                errors.append(
                    {
                        "status": "error",
                        "category": "VALIDATION_ERROR",
                        "message": f"Could not find object ids {absent}",
                        "context": {"ids": absent},
                        "errors": [],
                    }
                )
                continue
            self.state.link((source, ids[0]), (target, ids[1]))
            results.extend(self._default_spec(source, target, ids[0], ids[1]))
        return _batch_reply(results, errors, started)

    def associations(self, call: _Call) -> _Reply:
        source, target = self._pair(call)
        limit = self._int_param(call.query, "limit", 500)
        after = self._int_param(call.query, "after", 0)
        ids = sorted(
            (oid for kind, oid in self.state.links.get((source, call.params["id"]), set()) if kind == target),
            key=int,
        )
        page = ids[after : after + limit]
        body: dict[str, Any] = {
            "results": [
                {
                    "toObjectId": int(oid),
                    "associationTypes": [
                        {
                            "category": "HUBSPOT_DEFINED",
                            "typeId": ASSOCIATION_TYPE_IDS[(source, target)],
                            "label": None,
                        }
                    ],
                }
                for oid in page
            ]
        }
        if after + limit < len(ids):
            body["paging"] = {"next": {"after": str(after + limit)}}
        return _Reply(200, body)

    def labels(self, call: _Call) -> _Reply:
        source, target = self._pair(call)
        type_ids = sorted({t for t, pair in _TYPE_ID_PAIRS.items() if pair == (source, target)})
        labels = [
            {"category": "HUBSPOT_DEFINED", "typeId": t, "label": "Primary" if t in (1, 5) else None}
            for t in type_ids
        ]
        return _Reply(200, {"results": labels})

    # -- owners --

    def owners(self, call: _Call) -> _Reply:
        email = (call.query.get("email") or "").casefold()
        owners = [o.to_json() for o in self.state.config.owners if not email or o.email.casefold() == email]
        return _Reply(200, {"results": owners})


_Handler = Callable[[_Api, _Call], _Reply]
_SEGMENT = r"[^/]+"
_ROUTES: list[tuple[str, re.Pattern[str], _Handler, bool]] = [
    # method, path, handler, is a search request
    ("GET", re.compile(r"/crm/v3/owners"), _Api.owners, False),
    ("GET", re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})"), _Api.list_objects, False),
    ("POST", re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})"), _Api.create, False),
    ("POST", re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})/search"), _Api.search, True),
    (
        "POST",
        re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})/batch/(?P<op>create|read|update|upsert)"),
        _Api.batch,
        False,
    ),
    ("GET", re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})/(?P<id>{_SEGMENT})"), _Api.read, False),
    ("PATCH", re.compile(rf"/crm/v3/objects/(?P<type>{_SEGMENT})/(?P<id>{_SEGMENT})"), _Api.patch, False),
    (
        "PUT",
        re.compile(
            rf"/crm/v4/objects/(?P<from>{_SEGMENT})/(?P<id>{_SEGMENT})/associations/default/"
            rf"(?P<to>{_SEGMENT})/(?P<to_id>{_SEGMENT})"
        ),
        _Api.associate,
        False,
    ),
    (
        "GET",
        re.compile(
            rf"/crm/v4/objects/(?P<from>{_SEGMENT})/(?P<id>{_SEGMENT})/associations/(?P<to>{_SEGMENT})"
        ),
        _Api.associations,
        False,
    ),
    (
        "POST",
        re.compile(rf"/crm/v4/associations/(?P<from>{_SEGMENT})/(?P<to>{_SEGMENT})/batch/associate/default"),
        _Api.associate_batch,
        False,
    ),
    (
        "GET",
        re.compile(rf"/crm/v4/associations/(?P<from>{_SEGMENT})/(?P<to>{_SEGMENT})/labels"),
        _Api.labels,
        False,
    ),
]


def _route(method: str, path: str) -> tuple[_Handler, dict[str, str], bool] | None:
    for route_method, pattern, handler, search in _ROUTES:
        if route_method == method and (match := pattern.fullmatch(path)):
            return handler, match.groupdict(), search
    return None


# --- The app -------------------------------------------------------------------------------------


def _json(status: int, body: Any, headers: Mapping[str, str]) -> Response:
    return JSONResponse(body, status_code=status, headers=dict(headers))


def _fault_reply(fault: str, retry_after_s: float) -> tuple[int, Any, dict[str, str]] | None:
    if fault == "rate_limit":
        seconds = f"{retry_after_s:g}"
        return 429, _rate_limit_body("TEN_SECONDLY_ROLLING"), {"Retry-After": seconds}
    if fault == "daily_limit":
        return 429, _rate_limit_body("DAILY"), {}
    if fault in ("server_error", "bad_gateway", "unavailable"):
        status = {"server_error": 500, "bad_gateway": 502, "unavailable": 503}[fault]
        message = {500: "internal error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
        return status, _error_body(message, "INTERNAL_ERROR" if status == 500 else "SERVICE_UNAVAILABLE"), {}
    if fault == "malformed":
        return 200, {"status": "COMPLETE", "emulator": "this reply is not the documented shape"}, {}
    return None


async def _stall(request: Request, seconds: float) -> None:
    """Wait like a stuck upstream, but stop once the client has given up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(0.02)


def _conflict_after_write(api: _Api, route: _Handler, call: _Call) -> _ApiError:
    """The ``conflict`` fault on a create or upsert: another writer got there first."""
    kind = _object_type(call.params.get("type", "contacts"))
    if route is _Api.create or (route is _Api.batch and call.params.get("op") in ("create", "upsert")):
        reply = route(api, call)
        results = reply.body.get("results") if isinstance(reply.body, Mapping) else None
        first = results[0] if isinstance(results, list) and results else reply.body
        object_id = first.get("id") if isinstance(first, Mapping) else None
        if object_id:
            return _ApiError(
                409, _error_body(f"{_LABEL[kind]} already exists. Existing ID: {object_id}", "CONFLICT")
            )
    return _ApiError(409, _error_body("Conflict", "CONFLICT"))


def create_hubspot_emulator(config: HubSpotConfig | None = None) -> FastAPI:
    config = config or HubSpotConfig()
    state = HubSpotState(config)
    api = _Api(state)
    app = FastAPI(title="mailtriage HubSpot emulator", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.hubspot = state

    async def endpoint(request: Request, full_path: str) -> Response:
        del full_path
        return await _serve(request, api)

    app.add_api_route("/{full_path:path}", endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    return app


def _serve_locked(
    api: _Api, request_headers: Mapping[str, str], method: str, path: str, query: QueryParams, raw: bytes
) -> tuple[int, Any, dict[str, str], str | None]:
    """Everything but the stall, under the state's lock: (status, body, headers, fault)."""
    state = api.state
    body: Any = None
    bad_json = False
    if raw:
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            bad_json = True
    record = RecordedRequest(method, path, str(query), dict(request_headers), body)
    state.requests.append(record)

    def done(
        status: int, reply: Any, headers: Mapping[str, str], fault: str | None = None
    ) -> tuple[int, Any, dict[str, str], str | None]:
        record.status, record.fault = status, fault
        return status, reply, dict(headers), fault

    token = state.config.token
    if token is not None and request_headers.get("authorization", "") != f"Bearer {token}":
        message = (
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can "
            "find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
        )
        return done(401, _error_body(message, "INVALID_AUTHENTICATION"), state.rate_headers())
    found = _route(method, path)
    if found is None:
        return done(
            404, _error_body(f"Unknown endpoint: {method} {path}", "OBJECT_NOT_FOUND"), state.rate_headers()
        )
    handler, params, search = found
    refused, rate_headers = state.admit(search)
    if refused is not None:
        return done(refused.status, refused.body, rate_headers)
    requested = request_headers.get(FAULT_HEADER)
    if requested is not None and requested not in HUBSPOT_FAULTS and requested != OK:
        return done(
            400, _error_body(f"{FAULT_HEADER}: unknown fault {requested!r}", "VALIDATION_ERROR"), rate_headers
        )
    fault = state.next_fault(method, path, requested)
    if fault is not None and (injected := _fault_reply(fault, state.config.retry_after_s)) is not None:
        status, reply, extra = injected
        return done(status, reply, {**rate_headers, **extra}, fault)
    if bad_json:
        return done(
            400,
            _error_body("Invalid input JSON: the body could not be parsed", "VALIDATION_ERROR"),
            rate_headers,
            fault,
        )
    call = _Call(method, params, query, body)
    try:
        if fault == "conflict":
            raise _conflict_after_write(api, handler, call)
        result = handler(api, call)
    except _ApiError as problem:
        if fault == "conflict":
            state._persist()
        return done(problem.status, problem.body, {**rate_headers, **problem.headers}, fault)
    if result.wrote:
        state._persist()
    if fault == "not_json":
        return done(200, None, rate_headers, fault)
    return done(result.status, result.body, rate_headers, fault)


async def _serve(request: Request, api: _Api) -> Response:
    headers = {name.lower(): value for name, value in request.headers.items()}
    raw = await request.body()
    path = request.url.path.rstrip("/") or "/"
    with api.state.lock:
        status, body, reply_headers, fault = _serve_locked(
            api, headers, request.method.upper(), path, request.query_params, raw
        )
    if fault == "timeout":
        await _stall(request, api.state.config.timeout_sleep_s)
    if fault == "not_json":
        return Response(
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            status_code=200,
            media_type="text/html",
            headers=reply_headers,
        )
    return _json(status, body, reply_headers)
