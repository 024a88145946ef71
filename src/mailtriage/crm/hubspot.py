"""HubSpot behind :class:`~mailtriage.crm.protocol.CrmClient`, over its CRM v3 and v4 REST API.

Every write is an upsert by a unique property (contacts by ``email``, everything else by the custom
unique property ``mailtriage_key``), so a call whose answer was lost cannot create twice, and a
409 "already exists. Existing ID: <id>" from a race with another writer becomes an update of that
object. Reads avoid the search index where the API allows it (contacts by batch read of e-mails,
open deals through the v4 association list); companies by domain can only be found by search,
which lags writes, so the client also remembers the companies it wrote itself.

The client retries 429, 5xx, timeouts and connection errors itself (at most ``max_tries`` tries,
``Retry-After`` honoured, else HubSpot's rate-limit interval, else exponential backoff with full
jitter) and raises :class:`CrmError` when it gives up or when the request itself is wrong. Every
try is reported to ``on_exchange`` without the Authorization header.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any

import httpx
import structlog

from mailtriage.config import Settings
from mailtriage.crm.protocol import CrmError, CrmExchange, ExchangeObserver, ObjectKind, UpsertResult
from mailtriage.retry import RetryPolicy, retry_after_s

log = structlog.get_logger("mailtriage.crm")

HUBSPOT_API = "https://api.hubapi.com"
KEY_PROPERTY = "mailtriage_key"
BATCH_MAX = 100  # inputs of one batch call
SEARCH_IN_MAX = 100  # values of one IN filter
SEARCH_PAGE = 200  # the search API's largest page
SEARCH_MAX_RESULTS = 10_000  # the search API refuses to page further
MAX_INTERVAL_WAIT_S = 10.0  # a 429 without Retry-After waits out at most one ten-second window
SECONDLY_WAIT_S = 1.0  # the search endpoints' own limit is per second
CLOSED_STAGES = frozenset({"closedwon", "closedlost"})

OBJECT_PATHS: dict[str, str] = {
    "contact": "contacts",
    "company": "companies",
    "deal": "deals",
    "note": "notes",
}
# Neutral property names (see the protocol) to HubSpot's.
PROPERTY_NAMES: dict[str, dict[str, str]] = {
    "contact": {
        "email": "email",
        "first_name": "firstname",
        "last_name": "lastname",
        "company_name": "company",
        "phone": "phone",
    },
    "company": {"name": "name", "domain": "domain"},
    "deal": {
        "name": "dealname",
        "amount_usd": "amount",
        "stage": "dealstage",
        "close_date": "closedate",
        "owner_id": "hubspot_owner_id",
    },
    "note": {"body": "hs_note_body", "timestamp": "hs_timestamp"},
}
DEAL_STAGES = {"open": "appointmentscheduled", "won": "closedwon", "lost": "closedlost"}
_EXISTING_ID = re.compile(r"Existing ID:\s*(\d+)")


def _iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _datetime_value(value: Any, name: str) -> str:
    """A date or date-time as HubSpot's datetime properties take it: ISO 8601 in UTC, ``Z``."""
    if isinstance(value, datetime):
        return _iso_utc(value)
    if isinstance(value, date):
        return _iso_utc(datetime(value.year, value.month, value.day, tzinfo=UTC))
    if isinstance(value, str):
        text = value.strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return _datetime_value(date.fromisoformat(text), name)
            return _iso_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise CrmError(
        f"HubSpot: {name} {value!r} is not an ISO 8601 date or date-time",
        status=None,
        retryable=False,
        category="INVALID_PROPERTY",
    )


def hubspot_properties(kind: ObjectKind, properties: Mapping[str, Any]) -> dict[str, Any]:
    """Neutral properties → HubSpot's. Missing (None) values are left out, so an update never
    blanks what a person entered in the CRM."""
    names = PROPERTY_NAMES[kind]
    mapped: dict[str, Any] = {}
    for neutral, value in properties.items():
        if value is None:
            continue
        name = names.get(neutral)
        if name is None:
            raise CrmError(
                f"HubSpot: no mapping for {kind} property {neutral!r} (known: {sorted(names)})",
                status=None,
                retryable=False,
                category="UNMAPPED_PROPERTY",
            )
        if neutral == "stage":
            value = DEAL_STAGES.get(str(value), str(value))
        elif neutral in ("close_date", "timestamp"):
            value = _datetime_value(value, neutral)
        elif neutral in ("email", "domain"):
            value = str(value).strip().lower()
        mapped[name] = value
    return mapped


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _unique_lower(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v.strip().lower() for v in values if v and v.strip()))


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: Any
    where: str  # "POST /crm/v3/objects/contacts/batch/upsert", for messages


def _unexpected(answer: _Answer, what: str) -> CrmError:
    return CrmError(
        f"HubSpot {answer.where}: unexpected response (HTTP {answer.status}): {what}",
        status=answer.status,
        retryable=False,
        category="UNEXPECTED_RESPONSE",
        body=answer.body,
    )


def _mapping(answer: _Answer) -> Mapping[str, Any]:
    if not isinstance(answer.body, Mapping):
        raise _unexpected(answer, f"the body is not a JSON object but {type(answer.body).__name__}")
    return answer.body


def _results(answer: _Answer) -> list[Mapping[str, Any]]:
    results = _mapping(answer).get("results")
    if not isinstance(results, list):
        raise _unexpected(answer, "no 'results' list")
    for index, item in enumerate(results):
        if not isinstance(item, Mapping):
            raise _unexpected(answer, f"results[{index}] is not an object")
    return results


def _object_id(answer: _Answer, obj: Mapping[str, Any], where: str) -> str:
    value = obj.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.isdigit():
        raise _unexpected(answer, f"{where}.id is missing or not a numeric id: {value!r}")
    return value


def _properties(answer: _Answer, obj: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    props = obj.get("properties")
    if not isinstance(props, Mapping):
        raise _unexpected(answer, f"{where}.properties is missing or not an object")
    return props


def _next_after(answer: _Answer) -> str | None:
    paging = _mapping(answer).get("paging")
    if paging is None:
        return None
    after = paging.get("next", {}).get("after") if isinstance(paging, Mapping) else None
    if after is None:
        return None
    if not isinstance(after, str | int) or isinstance(after, bool):
        raise _unexpected(answer, f"paging.next.after is not a cursor: {after!r}")
    return str(after)


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.isdigit():
            return datetime.fromtimestamp(int(text) / 1000, UTC)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


class HubSpotClient:
    """A :class:`~mailtriage.crm.protocol.CrmClient` for HubSpot (private-app token)."""

    name = "hubspot"

    def __init__(
        self,
        *,
        token: str | None,
        base_url: str = HUBSPOT_API,
        timeout_s: float = 10.0,
        max_tries: int = 4,
        on_exchange: ExchangeObserver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        max_wait_s: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        headers = {"accept": "application/json", "user-agent": "mailtriage-hubspot/1"}
        if token:
            # Only the HTTP client holds the token; exchanges and logs never see request headers.
            headers["authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout_s, transport=transport
        )
        self._retry = RetryPolicy(
            max_attempts=max_tries, sleep=sleep, rng=rng or random.Random(), max_retry_after_s=max_wait_s
        )
        self._on_exchange = on_exchange
        self._companies_by_domain: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"HubSpotClient(base_url={str(self._http.base_url)!r})"

    def __enter__(self) -> HubSpotClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- The protocol ----------------------------------------------------------------------------

    def find_contacts(self, emails: Sequence[str]) -> dict[str, str]:
        wanted = _unique_lower(emails)
        found: dict[str, str] = {}
        for chunk in _chunks(wanted, BATCH_MAX):
            answer = self._call(
                "POST",
                "/crm/v3/objects/contacts/batch/read",
                json={"idProperty": "email", "properties": ["email"], "inputs": [{"id": e} for e in chunk]},
                accept=frozenset({207}),
            )
            for index, obj in enumerate(_results(answer)):
                where = f"results[{index}]"
                object_id = _object_id(answer, obj, where)
                email = _properties(answer, obj, where).get("email")
                if isinstance(email, str) and email.lower() in chunk:
                    found.setdefault(email.lower(), object_id)
        return found

    def find_companies(self, domains: Sequence[str]) -> dict[str, str]:
        wanted = _unique_lower(domains)
        found = {d: self._companies_by_domain[d] for d in wanted if d in self._companies_by_domain}
        missing = [d for d in wanted if d not in found]
        for chunk in _chunks(missing, SEARCH_IN_MAX):
            after: str | None = None
            while True:
                body: dict[str, Any] = {
                    "filterGroups": [
                        {"filters": [{"propertyName": "domain", "operator": "IN", "values": chunk}]}
                    ],
                    "properties": ["domain"],
                    # Oldest first: of several companies with one domain, the first one made wins.
                    "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
                    "limit": SEARCH_PAGE,
                }
                if after is not None:
                    body["after"] = after
                answer = self._call("POST", "/crm/v3/objects/companies/search", json=body)
                for index, obj in enumerate(_results(answer)):
                    where = f"results[{index}]"
                    object_id = _object_id(answer, obj, where)
                    domain = _properties(answer, obj, where).get("domain")
                    if isinstance(domain, str) and domain.lower() in chunk:
                        found.setdefault(domain.lower(), object_id)
                after = _next_after(answer)
                if after is None or not after.isdigit() or int(after) >= SEARCH_MAX_RESULTS:
                    break
        for domain, object_id in found.items():
            self._companies_by_domain.setdefault(domain, object_id)
        return found

    def upsert(self, kind: ObjectKind, key: str, properties: dict[str, Any]) -> UpsertResult:
        object_type = OBJECT_PATHS[kind]
        mapped = hubspot_properties(kind, properties)
        if kind == "contact":
            id_property, id_value = "email", key.strip().lower()
            mapped["email"] = id_value
        else:
            id_property, id_value = KEY_PROPERTY, key
            mapped[KEY_PROPERTY] = key
            if kind == "deal":
                mapped.setdefault("pipeline", "default")
        answer = self._call(
            "POST",
            f"/crm/v3/objects/{object_type}/batch/upsert",
            json={"inputs": [{"idProperty": id_property, "id": id_value, "properties": mapped}]},
            accept=frozenset({207, 409}),
        )
        if answer.status == 409:
            # Another writer created it between our look-up and our write: make ours an update.
            existing = self._existing_id(answer)
            self._patch(object_type, existing, mapped)
            result = UpsertResult(existing, created=False)
        else:
            self._raise_batch_errors(answer)
            results = _results(answer)
            if len(results) != 1:
                raise _unexpected(answer, f"{len(results)} results for one input")
            object_id = _object_id(answer, results[0], "results[0]")
            new = results[0].get("new")
            if not isinstance(new, bool):
                raise _unexpected(answer, f"results[0].new is not a boolean: {new!r}")
            result = UpsertResult(object_id, created=new)
        if kind == "company" and isinstance(mapped.get("domain"), str):
            self._companies_by_domain[mapped["domain"]] = result.id
        return result

    def update(self, kind: ObjectKind, object_id: str, properties: dict[str, Any]) -> None:
        mapped = hubspot_properties(kind, properties)
        if not mapped:
            return
        self._patch(OBJECT_PATHS[kind], object_id, mapped)
        if kind == "company" and isinstance(mapped.get("domain"), str):
            self._companies_by_domain[mapped["domain"]] = object_id

    def associate(self, from_kind: ObjectKind, from_id: str, to_kind: ObjectKind, to_id: str) -> None:
        answer = self._call(
            "PUT",
            f"/crm/v4/objects/{OBJECT_PATHS[from_kind]}/{from_id}/associations/default/"
            f"{OBJECT_PATHS[to_kind]}/{to_id}",
        )
        self._raise_batch_errors(answer)
        _results(answer)

    def open_deals(self, contact_id: str, created_since: datetime) -> list[str]:
        if created_since.tzinfo is None:
            created_since = created_since.replace(tzinfo=UTC)
        deal_ids: list[str] = []
        params: dict[str, Any] = {"limit": 500}
        while True:
            answer = self._call(
                "GET", f"/crm/v4/objects/contacts/{contact_id}/associations/deals", params=params
            )
            for index, link in enumerate(_results(answer)):
                to_id = link.get("toObjectId")
                if isinstance(to_id, bool) or not isinstance(to_id, int | str) or not str(to_id).isdigit():
                    raise _unexpected(answer, f"results[{index}].toObjectId is not an id: {to_id!r}")
                if str(to_id) not in deal_ids:
                    deal_ids.append(str(to_id))
            after = _next_after(answer)
            if after is None:
                break
            params = {"limit": 500, "after": after}
        open_ids: list[str] = []
        for chunk in _chunks(deal_ids, BATCH_MAX):
            answer = self._call(
                "POST",
                "/crm/v3/objects/deals/batch/read",
                json={"properties": ["dealstage", "createdate"], "inputs": [{"id": d} for d in chunk]},
                accept=frozenset({207}),  # a deal deleted since it was linked is simply not there
            )
            deals: dict[str, Mapping[str, Any]] = {}
            for index, obj in enumerate(_results(answer)):
                where = f"results[{index}]"
                deals[_object_id(answer, obj, where)] = _properties(answer, obj, where)
            for deal_id in chunk:
                props = deals.get(deal_id)
                if props is None:
                    continue
                created = _parse_time(props.get("createdate"))
                if created is None:
                    raise _unexpected(answer, f"deal {deal_id} has no readable createdate")
                if props.get("dealstage") not in CLOSED_STAGES and created >= created_since:
                    open_ids.append(deal_id)
        return open_ids

    # --- Calls -----------------------------------------------------------------------------------

    def _patch(self, object_type: str, object_id: str, mapped: dict[str, Any]) -> None:
        answer = self._call(
            "PATCH", f"/crm/v3/objects/{object_type}/{object_id}", json={"properties": mapped}
        )
        _object_id(answer, _mapping(answer), "the object")

    def _existing_id(self, answer: _Answer) -> str:
        message = _mapping(answer).get("message")
        match = _EXISTING_ID.search(message) if isinstance(message, str) else None
        if match is None:
            raise CrmError(
                f"HubSpot {answer.where}: 409 without an existing id: {message!r}",
                status=409,
                retryable=False,
                category="CONFLICT",
                body=answer.body,
            )
        return match.group(1)

    @staticmethod
    def _raise_batch_errors(answer: _Answer) -> None:
        """A 207 (or a 200 with errors) whose errors are about our one input: not retryable."""
        errors = _mapping(answer).get("errors")
        if not errors:
            return
        first = errors[0] if isinstance(errors, list) and isinstance(errors[0], Mapping) else {}
        raise CrmError(
            f"HubSpot {answer.where}: {first.get('category', 'error')}: {first.get('message', errors)}",
            status=answer.status,
            retryable=False,
            category=str(first.get("category")) if first.get("category") else None,
            body=answer.body,
        )

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        accept: frozenset[int] = frozenset(),
    ) -> _Answer:
        """One API call under the retry policy; 2xx (and ``accept``) answers are returned."""
        where = f"{method} {path}"
        policy = self._retry
        attempt = 1
        while True:
            request = self._http.build_request(method, path, json=json, params=params)
            started = time.perf_counter()
            status: int | None = None
            body: Any = None
            headers: Mapping[str, str] = {}
            detail: str
            try:
                response = self._http.send(request)
            except httpx.TimeoutException as exc:
                detail = f"timed out ({type(exc).__name__})"
            except httpx.TransportError as exc:
                detail = f"connection failed ({type(exc).__name__}: {exc})"
            else:
                status, headers = response.status_code, response.headers
                try:
                    body = response.json()
                except ValueError:
                    body = response.text
                detail = f"HTTP {status}"
            self._observe(
                CrmExchange(
                    method=method,
                    url=str(request.url),
                    request=json,
                    status=status,
                    response=body,
                    attempt=attempt,
                    duration_ms=round((time.perf_counter() - started) * 1000, 3),
                )
            )
            answer = _Answer(status or 0, body, where)
            if status is not None and (200 <= status < 300 or status in accept):
                if not isinstance(body, Mapping | list):
                    raise _unexpected(answer, "the body is not JSON")
                return answer
            if status is not None and status != 429 and status < 500:
                raise self._client_error(answer)
            wait = self._wait_before_retry(answer, headers, attempt, detail)
            log.info(
                "crm.retry", crm=self.name, call=where, attempt=attempt, status=status, wait_s=round(wait, 3)
            )
            policy.sleep(wait)
            attempt += 1

    def _wait_before_retry(
        self, answer: _Answer, headers: Mapping[str, str], attempt: int, detail: str
    ) -> float:
        """How long to wait before the next try, or the CrmError that ends the call."""
        policy = self._retry
        status = answer.status or None
        body = answer.body if isinstance(answer.body, Mapping) else {}
        category = body.get("category") or body.get("errorType")
        message = body.get("message") if isinstance(body.get("message"), str) else ""
        describe = f"HubSpot {answer.where}: {detail}" + (f" {message}" if message else "")

        def give_up(reason: str) -> CrmError:
            return CrmError(
                f"{describe} ({reason})",
                status=status,
                retryable=True,
                category=str(category) if category else None,
                body=answer.body,
            )

        policy_name = body.get("policyName")
        if status == 429 and policy_name == "DAILY":
            raise give_up("the daily limit is spent; retry tomorrow")
        if attempt >= policy.max_attempts:
            raise give_up(f"gave up after {attempt} tries")
        asked = retry_after_s(headers) if status is not None else None
        if asked is None and status == 429:
            if policy_name == "SECONDLY":
                asked = SECONDLY_WAIT_S
            else:
                interval = headers.get("x-hubspot-ratelimit-interval-milliseconds")
                try:
                    asked = min(float(interval) / 1000, MAX_INTERVAL_WAIT_S) if interval else None
                except ValueError:
                    asked = None
        if asked is not None and asked > policy.max_retry_after_s:
            raise give_up(f"asked to wait {asked:.0f}s")
        return asked if asked is not None else policy.backoff_s(attempt - 1)

    @staticmethod
    def _client_error(answer: _Answer) -> CrmError:
        body = answer.body if isinstance(answer.body, Mapping) else {}
        category = body.get("category")
        message = body.get("message") if body else (str(answer.body)[:200] if answer.body else "")
        return CrmError(
            f"HubSpot {answer.where}: HTTP {answer.status} {category or 'error'}: {message}",
            status=answer.status,
            retryable=False,
            category=str(category) if category else None,
            body=answer.body,
        )

    def _observe(self, exchange: CrmExchange) -> None:
        if self._on_exchange is not None:
            self._on_exchange(exchange)


def build_hubspot_client(settings: Settings, on_exchange: ExchangeObserver | None = None) -> HubSpotClient:
    token = settings.hubspot_token.get_secret_value() if settings.hubspot_token is not None else None
    if not token and settings.hubspot_base_url.rstrip("/") == HUBSPOT_API:
        raise ValueError("HubSpot needs a private-app token: set HUBSPOT_TOKEN (or MAILTRIAGE_HUBSPOT_TOKEN)")
    return HubSpotClient(
        token=token,
        base_url=settings.hubspot_base_url,
        timeout_s=settings.crm_timeout_seconds,
        max_tries=settings.crm_max_tries,
        on_exchange=on_exchange,
    )
