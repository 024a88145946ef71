"""The Salesforce target of the CRM protocol, over the REST API (v59.0) with plain httpx.

Mapping of the neutral objects (:mod:`mailtriage.crm.protocol`):

* contact -> ``Contact`` (Email, FirstName, LastName, Phone; the company is linked by
  :meth:`~SalesforceClient.associate`, which sets ``AccountId``), upserted by ``Email``;
* company -> ``Account`` (Name, Website = the domain), upserted by ``Mailtriage_Key__c``;
* deal -> ``Opportunity`` (Name, Amount, StageName, CloseDate), upserted by ``Mailtriage_Key__c``;
* note -> ``Task`` (Subject, Description, Status ``Completed``, ActivityDate), upserted by
  ``Mailtriage_Key__c``.

The org needs a Text(255) field ``Mailtriage_Key__c`` marked External ID and Unique on Account,
Opportunity and Task (and Contact and Lead, for symmetry), and the integration user needs API access.

A deal is linked to its contact with an ``OpportunityContactRole`` (the standard junction object,
which Salesforce's own opportunity views and reports use), looked up before it is created so that
linking twice is harmless; :meth:`~SalesforceClient.open_deals` reads the same roles.

Every call is retried on 500/502/503/504 (and 429, which Salesforce itself does not send but a
proxy may), timeouts and lost connections, at most ``max_tries`` tries with exponential backoff and
full jitter (:class:`~mailtriage.retry.RetryPolicy`). An expired session is renewed
once per call. REQUEST_LIMIT_EXCEEDED (the org's daily budget is spent) fails at once as
retryable: retrying within the call would only spend more of a budget that is gone.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import httpx
import structlog

from mailtriage.crm.protocol import CrmError, CrmExchange, ExchangeObserver, ObjectKind, UpsertResult
from mailtriage.retry import RETRYABLE_STATUSES, RetryPolicy, retry_after_s

if TYPE_CHECKING:
    from mailtriage.config import Settings

log = structlog.get_logger("mailtriage.crm.salesforce")

API_VERSION = "59.0"
EXTERNAL_ID_FIELD = "Mailtriage_Key__c"
SOBJECT: dict[ObjectKind, str] = {
    "contact": "Contact",
    "company": "Account",
    "deal": "Opportunity",
    "note": "Task",
}
# Salesforce requires a last name on every Contact. An e-mail often gives us an address and no
# name at all; "(unknown)" is a visible placeholder a person can correct, where a guess taken from
# the address would look like real data. It is only used when Salesforce reports the field missing,
# that is when the contact is being created: an existing contact's name is never overwritten.
UNKNOWN_LAST_NAME = "(unknown)"
STAGES = {"open": "Prospecting", "won": "Closed Won", "lost": "Closed Lost"}
# CloseDate is required on an Opportunity; without an expected date from the e-mail the deal gets
# this horizon, as a salesperson creating it by hand would have to pick one.
DEFAULT_CLOSE_DAYS = 30
SECRET_KEYS = frozenset(
    {"password", "client_secret", "assertion", "access_token", "refresh_token", "signature"}
)
_ID_RE = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_IN_CHUNK = 100  # values per SOQL IN list: keeps the GET URL far below Salesforce's 16 kB limit


def soql_quote(value: str) -> str:
    """A SOQL string literal: backslash and quote escaped, as the SOQL reference requires."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def soql_datetime(moment: datetime) -> str:
    """SOQL's unquoted dateTime literal, in UTC (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def website_domain(website: str) -> str:
    """``https://www.Acme.com/about`` -> ``acme.com``: how a person may have typed the website."""
    text = website.strip().lower()
    if "://" not in text:
        text = "//" + text
    host = urlsplit(text).hostname or ""
    return host.removeprefix("www.")


def _website_variants(domain: str) -> list[str]:
    bare = domain.removeprefix("www.")
    hosts = [bare, f"www.{bare}"]
    forms = [*hosts, *(f"{scheme}://{host}" for scheme in ("http", "https") for host in hosts)]
    return [*forms, *(f"{form}/" for form in forms)]


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _text(value: Any, limit: int) -> str:
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _redact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: ("[redacted]" if k in SECRET_KEYS else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


def _parsed(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _first_error(body: Any) -> tuple[str | None, str]:
    """``errorCode`` and message of Salesforce's error array (or of an OAuth error object)."""
    entry = body[0] if isinstance(body, list) and body else body
    if isinstance(entry, Mapping):
        if "errorCode" in entry:
            return str(entry["errorCode"]), str(entry.get("message", ""))
        if "error" in entry:
            return str(entry["error"]), str(entry.get("error_description", ""))
    return None, str(body)[:200] if body is not None else ""


def duplicate_match_id(body: Any) -> str | None:
    """The existing record's id in a DUPLICATES_DETECTED answer, under either spelling of the key."""
    if not isinstance(body, list):
        return None
    for entry in body:
        if not isinstance(entry, Mapping) or entry.get("errorCode") != "DUPLICATES_DETECTED":
            continue
        result = entry.get("duplicateResult") or entry.get("duplicateResut")
        if not isinstance(result, Mapping):
            continue
        for match in result.get("matchResults") or []:
            for record in (match.get("matchRecords") or []) if isinstance(match, Mapping) else []:
                found = record.get("record", {}).get("Id") if isinstance(record, Mapping) else None
                if isinstance(found, str) and found:
                    return found
    return None


def _check_id(record_id: str) -> str:
    if not _ID_RE.match(record_id):
        raise CrmError(f"salesforce: {record_id!r} is not a Salesforce id", status=None, retryable=False)
    return record_id


class SalesforceClient:
    """A :class:`~mailtriage.crm.protocol.CrmClient` for one Salesforce org.

    Log in with the OAuth username-password flow of a connected app (``username``, ``password``
    with the security token appended, ``client_id``, ``client_secret``) or hand over a session
    (``session_id`` and ``instance_url``), which cannot be renewed when it expires.
    """

    name = "salesforce"

    def __init__(
        self,
        *,
        login_url: str = "https://login.salesforce.com",
        username: str | None = None,
        password: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        instance_url: str | None = None,
        session_id: str | None = None,
        timeout: float = 10.0,
        max_tries: int = 4,
        retry: RetryPolicy | None = None,
        on_exchange: ExchangeObserver | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self._credentials = (
            (username, password, client_id, client_secret)
            if username and password and client_id and client_secret
            else None
        )
        if self._credentials is None and not (session_id and instance_url):
            raise ValueError(
                "Salesforce needs a username, password, client id and client secret, or a session and an "
                "instance URL"
            )
        self.login_url = login_url.rstrip("/")
        self._instance_override = instance_url.rstrip("/") if instance_url else None
        self._instance: str | None = self._instance_override if session_id else None
        self._token: str | None = session_id
        self.retry = retry or RetryPolicy(max_attempts=max_tries)
        self.on_exchange = on_exchange
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None
        self._login_lock = threading.Lock()
        self.api_usage: tuple[int, int] | None = None  # from Sforce-Limit-Info: used, allowed

    # --- transport -------------------------------------------------------------------------------

    def _exchange(
        self,
        method: str,
        url: str,
        request: Any,
        response: httpx.Response | None,
        attempt: int,
        started: float,
    ) -> None:
        if self.on_exchange is None:
            return
        self.on_exchange(
            CrmExchange(
                method=method,
                url=url,
                request=_redact(request),
                status=response.status_code if response is not None else None,
                response=_redact(_parsed(response)) if response is not None else None,
                attempt=attempt,
                duration_ms=round((time.monotonic() - started) * 1000, 3),
            )
        )

    def _send(
        self, method: str, url: str, *, json: Any = None, form: dict[str, str] | None = None, attempt: int
    ) -> httpx.Response | Exception:
        """One HTTP try, reported to the observer; a transport failure is returned, not raised."""
        headers = {"Accept": "application/json"}
        if form is None and self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        started = time.monotonic()
        try:
            response = self._http.request(method, url, json=json, data=form, headers=headers)
        except httpx.TransportError as exc:  # timeouts, refused and dropped connections
            self._exchange(method, url, form if form is not None else json, None, attempt, started)
            return exc
        self._exchange(method, url, form if form is not None else json, response, attempt, started)
        limit = response.headers.get("sforce-limit-info", "")
        if match := re.search(r"api-usage=(\d+)/(\d+)", limit):
            self.api_usage = (int(match.group(1)), int(match.group(2)))
        return response

    def _wait_or_give_up(
        self, what: str, attempt: int, limit: int, outcome: httpx.Response | Exception
    ) -> None:
        """Sleep before the next try of a transient failure, or raise the retryable CrmError."""
        if isinstance(outcome, Exception):
            status, code, detail = None, type(outcome).__name__, str(outcome) or type(outcome).__name__
            headers: Mapping[str, str] = {}
            body = None
        else:
            body = _parsed(outcome)
            error_code, detail = _first_error(body)
            status, code, headers = (
                outcome.status_code,
                error_code or f"HTTP_{outcome.status_code}",
                outcome.headers,
            )
        if attempt >= limit:
            raise CrmError(
                f"salesforce {what}: {code} {detail} (gave up after {attempt} tries)".strip(),
                status=status,
                retryable=True,
                category=code,
                body=body,
            )
        asked = retry_after_s(headers)
        if asked is not None and asked > self.retry.max_retry_after_s:
            raise CrmError(
                f"salesforce {what}: {code} (server asked to wait {asked:.0f}s)",
                status=status,
                retryable=True,
                category=code,
                body=body,
            )
        wait = asked if asked is not None else self.retry.backoff_s(attempt - 1)
        log.info("salesforce.retry", call=what, attempt=attempt, status=status, wait_s=round(wait, 3))
        self.retry.sleep(wait)

    def _login(self) -> None:
        if self._credentials is None:
            raise CrmError(
                "salesforce: the session expired and no credentials were given to renew it",
                status=401,
                retryable=False,
                category="INVALID_SESSION_ID",
            )
        username, password, client_id, client_secret = self._credentials
        form = {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": client_secret,
            "username": username,
            "password": password,
        }
        url = f"{self.login_url}/services/oauth2/token"
        self._token = None
        attempt = 0
        while True:
            attempt += 1
            outcome = self._send("POST", url, form=form, attempt=attempt)
            if isinstance(outcome, httpx.Response) and outcome.status_code == 200:
                body = outcome.json()
                self._token = str(body["access_token"])
                self._instance = self._instance_override or str(body["instance_url"]).rstrip("/")
                log.info("salesforce.login", instance=self._instance)
                return
            if isinstance(outcome, httpx.Response) and outcome.status_code not in RETRYABLE_STATUSES:
                body = _parsed(outcome)
                code, detail = _first_error(body)
                raise CrmError(
                    f"salesforce login: {code} {detail}",
                    status=outcome.status_code,
                    retryable=outcome.status_code >= 500,
                    category=code,
                    body=body,
                )
            self._wait_or_give_up("login", attempt, self.retry.max_attempts, outcome)

    def _session(self) -> tuple[str, str]:
        with self._login_lock:
            if self._token is None or self._instance is None:
                self._login()
            token, instance = self._token, self._instance
            assert token is not None
            assert instance is not None
            return token, instance

    def _call(
        self, method: str, path: str, *, json: Any = None, accept: Iterable[int] = ()
    ) -> httpx.Response:
        """One API operation under the retry policy; returns a 2xx answer (or one in ``accept``).

        ``path`` is below ``/services/data/vXX.X`` unless it starts with ``/services/``.
        """
        what = f"{method} {path.split('?', 1)[0]}"
        accepted = set(accept)
        relogged = False
        attempt = 0
        while True:
            token, instance = self._session()
            attempt += 1
            prefix = "" if path.startswith("/services/") else f"/services/data/v{API_VERSION}"
            outcome = self._send(method, f"{instance}{prefix}{path}", json=json, attempt=attempt)
            # Renewing the session is not a failed try: it does not use up the budget.
            limit = self.retry.max_attempts + (1 if relogged else 0)
            if isinstance(outcome, Exception):
                self._wait_or_give_up(what, attempt, limit, outcome)
                continue
            status = outcome.status_code
            if 200 <= status < 300 or status in accepted:
                return outcome
            body = _parsed(outcome)
            code, detail = _first_error(body)
            if status == 401 and not relogged:
                relogged = True
                with self._login_lock:
                    if self._token == token:  # not renewed by another thread meanwhile
                        self._login()
                continue
            if status == 403 and code == "REQUEST_LIMIT_EXCEEDED":
                raise CrmError(
                    f"salesforce {what}: {code} {detail}",
                    status=status,
                    retryable=True,
                    category=code,
                    body=body,
                )
            if status in RETRYABLE_STATUSES:
                self._wait_or_give_up(what, attempt, limit, outcome)
                continue
            raise CrmError(
                f"salesforce {what}: HTTP {status} {code}: {detail}",
                status=status,
                # Another 5xx is still the server's fault: worth a later try, not one now.
                retryable=status >= 500,
                category=code or f"HTTP_{status}",
                body=body,
            )

    def _query(self, soql: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        path: str | None = "/query?q=" + quote(soql, safe="")
        while path is not None:
            body = self._call("GET", path).json()
            records.extend(r for r in body.get("records", []) if isinstance(r, dict))
            next_url = body.get("nextRecordsUrl")
            path = str(next_url) if not body.get("done", True) and next_url else None
        return records

    # --- mapping ---------------------------------------------------------------------------------

    @staticmethod
    def _fields(kind: ObjectKind, properties: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
        """Salesforce fields for neutral properties; ``creating`` adds the defaults that required
        fields need on an object of ours (deal, note, company)."""
        p = {k: v for k, v in properties.items() if v is not None and v != ""}
        out: dict[str, Any] = {}
        if kind == "contact":
            # company_name has no place on a Contact: the company is the linked Account.
            for name, field, limit in (
                ("email", "Email", 80),
                ("first_name", "FirstName", 40),
                ("last_name", "LastName", 80),
                ("phone", "Phone", 40),
            ):
                if name in p:
                    out[field] = _text(p[name], limit)
        elif kind == "company":
            if "name" in p:
                out["Name"] = _text(p["name"], 255)
            elif creating:
                out["Name"] = _text(p.get("domain") or UNKNOWN_LAST_NAME, 255)
            if "domain" in p:
                out["Website"] = _text(p["domain"], 255)
        elif kind == "deal":
            if "name" in p:
                out["Name"] = _text(p["name"], 120)
            if "amount_usd" in p:
                out["Amount"] = float(p["amount_usd"])  # the org's currency is taken to be USD
            stage = p.get("stage", "open" if creating else None)
            if stage is not None:
                out["StageName"] = STAGES.get(str(stage), str(stage))
            if "close_date" in p:
                out["CloseDate"] = str(p["close_date"])[:10]
            elif creating:
                out["CloseDate"] = (date.today() + timedelta(days=DEFAULT_CLOSE_DAYS)).isoformat()
            if "owner_id" in p:
                out["OwnerId"] = str(p["owner_id"])
        else:
            body = str(p.get("body", ""))
            if body or creating:
                first = next((line.strip() for line in body.splitlines() if line.strip()), "")
                out["Subject"] = _text(first or "E-mail", 255)
                out["Description"] = _text(body, 32000)
            if creating:
                out["Status"] = "Completed"
            if "timestamp" in p:
                out["ActivityDate"] = str(p["timestamp"])[:10]
        return out

    # --- the protocol ----------------------------------------------------------------------------

    def find_contacts(self, emails: Sequence[str]) -> dict[str, str]:
        wanted = sorted({e.strip().lower() for e in emails if e and e.strip()})
        found: dict[str, str] = {}
        for chunk in _chunks(wanted, _IN_CHUNK):
            soql = (
                f"SELECT Id, Email FROM Contact WHERE Email IN ({', '.join(soql_quote(e) for e in chunk)}) "
                "ORDER BY CreatedDate ASC"
            )
            for record in self._query(soql):
                email = str(record.get("Email") or "").strip().lower()
                if email in wanted:
                    found.setdefault(email, str(record["Id"]))  # the oldest of any duplicates
        return found

    def find_companies(self, domains: Sequence[str]) -> dict[str, str]:
        # Website is free text: match the usual ways of typing a domain, then normalise.
        wanted = sorted({d.strip().lower() for d in domains if d and d.strip()})
        by_bare = {d.removeprefix("www."): d for d in wanted}
        found: dict[str, str] = {}
        per_query = max(1, _IN_CHUNK // len(_website_variants("x")))
        for chunk in _chunks(wanted, per_query):
            values = ", ".join(soql_quote(v) for d in chunk for v in _website_variants(d))
            soql = f"SELECT Id, Website FROM Account WHERE Website IN ({values}) ORDER BY CreatedDate ASC"
            for record in self._query(soql):
                domain = by_bare.get(website_domain(str(record.get("Website") or "")))
                if domain is not None:
                    found.setdefault(domain, str(record["Id"]))
        return found

    def upsert(self, kind: ObjectKind, key: str, properties: dict[str, Any]) -> UpsertResult:
        sobject = SOBJECT[kind]
        if kind == "contact":
            field, value = "Email", key.strip().lower()
        else:
            field, value = EXTERNAL_ID_FIELD, key
        body = self._fields(kind, properties, creating=kind != "contact")
        body.pop(field, None)  # the upsert key travels in the URL; Salesforce refuses it in the body
        path = f"/sobjects/{sobject}/{field}/{quote(value, safe='')}"
        try:
            try:
                response = self._call("PATCH", path, json=body, accept=(300,))
            except CrmError as exc:
                first = exc.body[0] if isinstance(exc.body, list) and exc.body else None
                missing = first.get("fields") or [] if isinstance(first, dict) else []
                if kind != "contact" or exc.category != "REQUIRED_FIELD_MISSING" or "LastName" not in missing:
                    raise
                # Only a new contact can lack a last name: create it with the placeholder.
                body["LastName"] = UNKNOWN_LAST_NAME
                response = self._call("PATCH", path, json=body, accept=(300,))
        except CrmError as exc:
            existing = duplicate_match_id(exc.body) if exc.category == "DUPLICATES_DETECTED" else None
            if existing is None:
                raise
            # A duplicate rule found the record a person already keeps: use it as it is.
            log.info("salesforce.duplicate", sobject=sobject, existing=existing)
            return UpsertResult(existing, created=False)
        if response.status_code == 300:
            # Several records hold the key (possible for e-mails, which Salesforce does not keep
            # unique): update the first one listed rather than fail the e-mail.
            choices = [str(u).rstrip("/").rsplit("/", 1)[-1] for u in response.json() if isinstance(u, str)]
            if not choices:
                raise CrmError(
                    f"salesforce upsert {sobject}: 300 without records", status=300, retryable=False
                )
            chosen = _check_id(choices[0])
            log.warning("salesforce.ambiguous_key", sobject=sobject, matches=len(choices), chosen=chosen)
            if body:
                self._call("PATCH", f"/sobjects/{sobject}/{chosen}", json=body)
            return UpsertResult(chosen, created=False)
        if response.status_code == 204:  # API versions before 46.0 answer an update without a body
            record = self._call("GET", f"{path}?fields=Id").json()
            return UpsertResult(str(record["Id"]), created=False)
        answer = response.json()
        created = bool(answer.get("created", response.status_code == 201))
        return UpsertResult(str(answer["id"]), created=created)

    def update(self, kind: ObjectKind, object_id: str, properties: dict[str, Any]) -> None:
        body = self._fields(kind, properties, creating=False)
        if body:
            self._call("PATCH", f"/sobjects/{SOBJECT[kind]}/{_check_id(object_id)}", json=body)

    def associate(self, from_kind: ObjectKind, from_id: str, to_kind: ObjectKind, to_id: str) -> None:
        ids = {from_kind: _check_id(from_id), to_kind: _check_id(to_id)}
        kinds = frozenset(ids)
        if kinds == {"contact", "company"}:
            self._call("PATCH", f"/sobjects/Contact/{ids['contact']}", json={"AccountId": ids["company"]})
        elif kinds == {"deal", "company"}:
            self._call("PATCH", f"/sobjects/Opportunity/{ids['deal']}", json={"AccountId": ids["company"]})
        elif kinds == {"deal", "contact"}:
            self._contact_role(ids["deal"], ids["contact"])
        elif "note" in kinds and len(kinds) == 2:
            task = ids["note"]
            (other,) = kinds - {"note"}
            if other == "contact":
                self._call("PATCH", f"/sobjects/Task/{task}", json={"WhoId": ids["contact"]})
            elif other == "deal":
                self._call("PATCH", f"/sobjects/Task/{task}", json={"WhatId": ids["deal"]})
            else:
                # A Task has one WhatId. A deal is the more precise link and Salesforce rolls a
                # deal's tasks up to its account anyway, so a company never replaces a deal.
                current = self._call("GET", f"/sobjects/Task/{task}?fields=WhatId").json().get("WhatId")
                if not (isinstance(current, str) and current.startswith("006")):
                    self._call("PATCH", f"/sobjects/Task/{task}", json={"WhatId": ids["company"]})
        else:
            raise CrmError(
                f"salesforce: no association between {from_kind} and {to_kind}",
                status=None,
                retryable=False,
                category="UNSUPPORTED_ASSOCIATION",
            )

    def _contact_role(self, opportunity_id: str, contact_id: str) -> None:
        existing = self._query(
            "SELECT Id FROM OpportunityContactRole "
            f"WHERE OpportunityId = {soql_quote(opportunity_id)} AND ContactId = {soql_quote(contact_id)}"
        )
        if not existing:
            self._call(
                "POST",
                "/sobjects/OpportunityContactRole/",
                json={"OpportunityId": opportunity_id, "ContactId": contact_id},
            )

    def open_deals(self, contact_id: str, created_since: datetime) -> list[str]:
        contact = soql_quote(_check_id(contact_id))
        roles = self._query(f"SELECT OpportunityId FROM OpportunityContactRole WHERE ContactId = {contact}")
        deal_ids = sorted({str(r["OpportunityId"]) for r in roles if r.get("OpportunityId")})
        found: list[tuple[str, str]] = []
        for chunk in _chunks(deal_ids, _IN_CHUNK):
            listed = ", ".join(soql_quote(i) for i in chunk)
            records = self._query(
                f"SELECT Id, CreatedDate FROM Opportunity WHERE Id IN ({listed}) "
                f"AND IsClosed = false AND CreatedDate >= {soql_datetime(created_since)}"
            )
            found.extend((str(r.get("CreatedDate") or ""), str(r["Id"])) for r in records)
        # Newest first: the deal most likely still being worked.
        return [deal_id for _, deal_id in sorted(found, reverse=True)]

    def close(self) -> None:
        if self._owns_http:
            self._http.close()


def build_salesforce_client(
    settings: Settings, on_exchange: ExchangeObserver | None = None
) -> SalesforceClient:
    """The client the settings describe (``MAILTRIAGE_SALESFORCE_*`` or ``SALESFORCE_*``)."""
    username, password = settings.salesforce_username, settings.salesforce_password
    client_id, client_secret = settings.salesforce_client_id, settings.salesforce_client_secret
    if not (username and password and client_id and client_secret):
        names = ("USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET")
        raise ValueError("Salesforce needs " + ", ".join(f"MAILTRIAGE_SALESFORCE_{n}" for n in names))
    return SalesforceClient(
        login_url=settings.salesforce_login_url,
        username=username,
        password=password.get_secret_value(),
        client_id=client_id,
        client_secret=client_secret.get_secret_value(),
        instance_url=settings.salesforce_instance_url,
        timeout=settings.crm_timeout_seconds,
        max_tries=settings.crm_max_tries,
        on_exchange=on_exchange,
    )
