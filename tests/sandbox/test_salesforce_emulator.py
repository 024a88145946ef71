"""The Salesforce emulator's wire format, checked over HTTP."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from mailtriage.sandbox import (
    SalesforceEmulatorConfig,
    SalesforceEmulatorState,
    create_salesforce_emulator,
    run_emulator_in_thread,
    salesforce_state,
)
from mailtriage.sandbox.salesforce import DATA_PATH, JWT_GRANT, normalize_id

CONFIG = SalesforceEmulatorConfig(query_batch_size=2)


@contextmanager
def serve(config: SalesforceEmulatorConfig) -> Iterator[tuple[str, SalesforceEmulatorState]]:
    app = create_salesforce_emulator(config)
    base_url, stop = run_emulator_in_thread(app)
    try:
        yield base_url, salesforce_state(app)
    finally:
        stop()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, SalesforceEmulatorState]]:
    with serve(CONFIG) as running:
        yield running


def password_login(
    base_url: str, config: SalesforceEmulatorConfig = CONFIG, **overrides: str
) -> httpx.Response:
    form = {
        "grant_type": "password",
        "client_id": config.client_id,
        "client_secret": config.client_secret,
        "username": config.username,
        "password": config.password,
        **overrides,
    }
    return httpx.post(f"{base_url}/services/oauth2/token", data=form)


class Api:
    """A logged-in session against the emulator's data API."""

    def __init__(self, base_url: str, config: SalesforceEmulatorConfig = CONFIG) -> None:
        token = password_login(base_url, config).json()["access_token"]
        self.client = httpx.Client(
            base_url=base_url + DATA_PATH, headers={"Authorization": f"Bearer {token}"}, timeout=5
        )

    def create(self, sobject: str, fields: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.client.post(f"/sobjects/{sobject}/", json=fields, **kwargs)

    def query(self, soql: str) -> httpx.Response:
        return self.client.get("/query", params={"q": soql})


@pytest.fixture
def api(server: tuple[str, SalesforceEmulatorState]) -> Iterator[Api]:
    base_url, state = server
    state.reset()
    session = Api(base_url)
    yield session
    session.client.close()


def jwt(claims: dict[str, Any], alg: str = "RS256") -> str:
    def segment(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{segment({'alg': alg})}.{segment(claims)}.c2lnbmF0dXJl"


# --- OAuth -----------------------------------------------------------------------------------------


def test_password_grant_returns_a_bearer_session(server: tuple[str, SalesforceEmulatorState]) -> None:
    base_url, _ = server

    response = password_login(base_url)

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"access_token", "instance_url", "id", "token_type", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["instance_url"] == base_url
    assert body["access_token"].startswith("00D")


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"password": "wrong"}, "invalid_grant"),
        ({"username": "someone@else.example"}, "invalid_grant"),
        ({"client_id": "unknown"}, "invalid_client_id"),
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
    ],
)
def test_bad_credentials_are_oauth_errors(
    server: tuple[str, SalesforceEmulatorState], overrides: dict[str, str], error: str
) -> None:
    response = password_login(server[0], **overrides)

    assert response.status_code == 400
    assert response.json()["error"] == error
    assert response.json()["error_description"]


def test_jwt_bearer_grant_checks_the_claims(server: tuple[str, SalesforceEmulatorState]) -> None:
    base_url, _ = server
    good = {
        "iss": CONFIG.client_id,
        "sub": CONFIG.username,
        "aud": "https://login.salesforce.com",
        "exp": int(time.time()) + 180,
    }

    def grant(assertion: str) -> httpx.Response:
        return httpx.post(
            f"{base_url}/services/oauth2/token", data={"grant_type": JWT_GRANT, "assertion": assertion}
        )

    assert grant(jwt(good)).status_code == 200
    assert grant(jwt(good)).json()["token_type"] == "Bearer"
    assert grant(jwt({**good, "aud": "https://example.com"})).json()["error"] == "invalid_grant"
    assert grant(jwt({**good, "exp": int(time.time()) - 5})).json()["error"] == "invalid_grant"
    assert grant(jwt({**good, "iss": "someone"})).json()["error"] == "invalid_client_id"
    assert grant(jwt(good, alg="HS256")).status_code == 400
    assert grant("not-a-jwt").status_code == 400


def test_api_needs_a_live_session(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    _, state = server
    unauthenticated = httpx.get(f"{server[0]}{DATA_PATH}/limits")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    assert api.client.get("/limits").status_code == 200

    state.expire_sessions()

    expired = api.client.get("/limits")
    assert expired.status_code == 401
    assert expired.json()[0]["errorCode"] == "INVALID_SESSION_ID"


def test_sessions_expire_after_the_configured_time() -> None:
    config = SalesforceEmulatorConfig(session_seconds=0.3)
    with serve(config) as (base_url, _):
        session = Api(base_url, config)
        assert session.client.get("/limits").status_code == 200
        time.sleep(0.4)
        assert session.client.get("/limits").status_code == 401


# --- Records ---------------------------------------------------------------------------------------


def test_create_read_update_with_salesforce_ids(api: Api) -> None:
    created = api.create("Contact", {"LastName": "Lovelace", "Email": "ada@example.com"})

    assert created.status_code == 201
    body = created.json()
    assert body["success"] is True
    assert body["errors"] == []
    contact_id = body["id"]
    assert len(contact_id) == 18
    assert contact_id.startswith("003")
    assert normalize_id(contact_id[:15]) == contact_id  # the case-checksum suffix is right
    assert normalize_id(contact_id.lower()) == contact_id

    updated = api.client.patch(f"/sobjects/Contact/{contact_id}", json={"FirstName": "Ada"})
    assert updated.status_code == 204
    assert updated.content == b""

    read = api.client.get(f"/sobjects/Contact/{contact_id[:15]}").json()
    assert read["Id"] == contact_id
    assert read["Name"] == "Ada Lovelace"
    assert read["attributes"] == {"type": "Contact", "url": f"{DATA_PATH}/sobjects/Contact/{contact_id}"}


@pytest.mark.parametrize(
    ("sobject", "prefix", "fields"),
    [
        ("Account", "001", {"Name": "Acme"}),
        ("Opportunity", "006", {"Name": "Acme deal", "StageName": "Prospecting", "CloseDate": "2030-01-31"}),
        ("Task", "00T", {"Subject": "Call"}),
        ("Lead", "00Q", {"LastName": "Smith", "Company": "Acme"}),
    ],
)
def test_id_prefix_per_object(api: Api, sobject: str, prefix: str, fields: dict[str, Any]) -> None:
    response = api.create(sobject, fields)

    assert response.status_code == 201
    assert response.json()["id"].startswith(prefix)


@pytest.mark.parametrize(
    ("sobject", "fields", "missing"),
    [
        ("Contact", {"FirstName": "Ada"}, ["LastName"]),
        ("Account", {"Website": "acme.com"}, ["Name"]),
        ("Opportunity", {"Amount": 10}, ["Name", "StageName", "CloseDate"]),
        ("Lead", {"Email": "x@example.com"}, ["LastName", "Company"]),
    ],
)
def test_required_fields(api: Api, sobject: str, fields: dict[str, Any], missing: list[str]) -> None:
    response = api.create(sobject, fields)

    assert response.status_code == 400
    assert response.json() == [
        {
            "message": f"Required fields are missing: [{', '.join(missing)}]",
            "errorCode": "REQUIRED_FIELD_MISSING",
            "fields": missing,
        }
    ]


def test_unknown_field_unknown_record_and_read_only_field(api: Api) -> None:
    unknown_field = api.create("Contact", {"LastName": "X", "Shoe_Size__c": 42})
    assert unknown_field.status_code == 400
    assert unknown_field.json()[0]["errorCode"] == "INVALID_FIELD"
    assert "Shoe_Size__c" in unknown_field.json()[0]["message"]

    missing = api.client.get("/sobjects/Contact/003000000000000AAA")
    assert missing.status_code == 404
    assert missing.json()[0]["errorCode"] == "NOT_FOUND"

    assert api.client.get("/sobjects/Widget/003000000000000AAA").status_code == 404

    read_only = api.create(
        "Opportunity", {"Name": "x", "StageName": "Prospecting", "CloseDate": "2030-01-01", "IsClosed": True}
    )
    assert read_only.status_code == 400
    assert read_only.json()[0]["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"


def test_references_must_point_at_the_right_object(api: Api) -> None:
    contact_id = api.create("Contact", {"LastName": "X"}).json()["id"]
    account_id = api.create("Account", {"Name": "Acme"}).json()["id"]

    wrong_type = api.client.patch(f"/sobjects/Contact/{contact_id}", json={"AccountId": contact_id})
    assert wrong_type.status_code == 400
    assert wrong_type.json()[0]["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"
    malformed = api.client.patch(f"/sobjects/Contact/{contact_id}", json={"AccountId": "nope"})
    assert malformed.json()[0]["errorCode"] == "MALFORMED_ID"
    assert (
        api.client.patch(f"/sobjects/Contact/{contact_id}", json={"AccountId": account_id}).status_code == 204
    )


# --- Upsert ----------------------------------------------------------------------------------------


def test_upsert_by_external_id_creates_then_updates(
    server: tuple[str, SalesforceEmulatorState], api: Api
) -> None:
    _, state = server
    path = "/sobjects/Account/Mailtriage_Key__c/company%3Aacme.com"

    first = api.client.patch(path, json={"Name": "Acme", "Website": "acme.com"})
    second = api.client.patch(path, json={"Name": "Acme Inc"})

    assert first.status_code == 201
    assert first.json() == {"id": first.json()["id"], "success": True, "errors": [], "created": True}
    assert second.status_code == 200
    assert second.json() == {"id": first.json()["id"], "success": True, "errors": [], "created": False}
    records = state.find("Account", Mailtriage_Key__c="company:acme.com")
    assert len(records) == 1
    assert records[0]["Name"] == "Acme Inc"
    assert records[0]["Website"] == "acme.com"


def test_contact_upserts_by_email(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    _, state = server
    first = api.client.patch("/sobjects/Contact/Email/grace%40example.com", json={"LastName": "Hopper"})
    second = api.client.patch("/sobjects/Contact/Email/Grace%40Example.com", json={"FirstName": "Grace"})

    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (second.status_code, second.json()["created"]) == (200, False)
    assert state.find("Contact", Email="grace@example.com")[0]["Name"] == "Grace Hopper"

    in_body = api.client.patch("/sobjects/Contact/Email/grace%40example.com", json={"Email": "g@example.com"})
    assert in_body.status_code == 400
    assert in_body.json()[0]["errorCode"] == "INVALID_FIELD"

    not_external = api.client.patch("/sobjects/Account/Website/acme.com", json={"Name": "Acme"})
    assert not_external.status_code == 404
    assert not_external.json()[0]["errorCode"] == "NOT_FOUND"


def test_upsert_create_still_needs_required_fields(api: Api) -> None:
    response = api.client.patch("/sobjects/Contact/Email/nobody%40example.com", json={"FirstName": "No"})

    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == "REQUIRED_FIELD_MISSING"


def test_upsert_with_several_matches_is_300() -> None:
    config = SalesforceEmulatorConfig(duplicate_rules={})
    with serve(config) as (base_url, state):
        first = state.insert("Contact", {"LastName": "A", "Email": "twin@example.com"})
        second = state.insert("Contact", {"LastName": "B", "Email": "twin@example.com"})
        session = Api(base_url, config)

        response = session.client.patch("/sobjects/Contact/Email/twin%40example.com", json={"Phone": "1"})

        assert response.status_code == 300
        assert sorted(response.json()) == sorted(
            f"{DATA_PATH}/sobjects/Contact/{record_id}" for record_id in (first, second)
        )
        assert all(r.get("Phone") is None for r in state.find("Contact", Email="twin@example.com"))


def test_external_ids_are_unique(api: Api) -> None:
    api.create("Task", {"Subject": "a", "Mailtriage_Key__c": "note:1"})

    again = api.create("Task", {"Subject": "b", "Mailtriage_Key__c": "note:1"})

    assert again.status_code == 400
    assert again.json()[0]["errorCode"] == "DUPLICATE_VALUE"


# --- Duplicate rule --------------------------------------------------------------------------------


def test_duplicate_rule_on_contact_email(api: Api) -> None:
    existing = api.create("Contact", {"LastName": "Ada", "Email": "ada@example.com"}).json()["id"]

    response = api.create("Contact", {"LastName": "Other", "Email": "ADA@example.com"})

    assert response.status_code == 400
    error = response.json()[0]
    assert error["errorCode"] == "DUPLICATES_DETECTED"
    assert error["duplicateResult"]["allowSave"] is False
    assert error["duplicateResult"]["matchResults"][0]["matchRecords"][0]["record"]["Id"] == existing


def test_duplicate_result_can_be_misspelt_and_bypassed() -> None:
    config = SalesforceEmulatorConfig(duplicate_result_key="duplicateResut", duplicate_allow_save=True)
    with serve(config) as (base_url, _):
        session = Api(base_url, config)
        existing = session.create("Contact", {"LastName": "A", "Email": "a@example.com"}).json()["id"]

        blocked = session.create("Contact", {"LastName": "B", "Email": "a@example.com"})
        assert blocked.status_code == 400
        result = blocked.json()[0]["duplicateResut"]
        assert result["allowSave"] is True
        assert result["matchResults"][0]["matchRecords"][0]["record"]["Id"] == existing

        allowed = session.create(
            "Contact",
            {"LastName": "B", "Email": "a@example.com"},
            headers={"Sforce-Duplicate-Rule-Header": "allowSave=true"},
        )
        assert allowed.status_code == 201


# --- SOQL ------------------------------------------------------------------------------------------


def test_query_in_and_equals(api: Api) -> None:
    ada = api.create("Contact", {"LastName": "A", "Email": "ada@example.com"}).json()["id"]
    api.create("Contact", {"LastName": "B", "Email": "bob@example.com"})
    grace = api.create("Contact", {"LastName": "G", "Email": "grace@example.com"}).json()["id"]

    response = api.query(
        "SELECT Id, Email FROM Contact WHERE Email IN ('ADA@example.com', 'grace@example.com', 'x@y.z') "
        "ORDER BY Email DESC"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["totalSize"] == 2
    assert body["done"] is True
    assert [r["Id"] for r in body["records"]] == [grace, ada]
    assert body["records"][0]["attributes"]["type"] == "Contact"
    assert set(body["records"][0]) == {"attributes", "Id", "Email"}

    one = api.query("SELECT Id FROM Contact WHERE LastName = 'B' AND Email = 'bob@example.com'").json()
    assert one["totalSize"] == 1


def test_query_dates_booleans_and_escapes(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    _, state = server
    old = state.insert(
        "Opportunity",
        {
            "Name": "old",
            "StageName": "Prospecting",
            "CloseDate": "2020-01-01",
            "CreatedDate": "2020-01-01T00:00:00.000+0000",
        },
    )
    new = api.create(
        "Opportunity", {"Name": "O'Brien", "StageName": "Prospecting", "CloseDate": "2030-01-01"}
    ).json()["id"]
    api.create("Opportunity", {"Name": "won", "StageName": "Closed Won", "CloseDate": "2030-01-01"})

    open_recent = api.query(
        "SELECT Id FROM Opportunity WHERE IsClosed = false AND CreatedDate >= 2024-01-01T00:00:00Z"
    ).json()
    assert [r["Id"] for r in open_recent["records"]] == [new]
    all_open = api.query("SELECT Id FROM Opportunity WHERE IsClosed = false").json()
    assert {r["Id"] for r in all_open["records"]} == {old, new}
    escaped = api.query("SELECT Id FROM Opportunity WHERE Name = 'O\\'Brien'").json()
    assert [r["Id"] for r in escaped["records"]] == [new]


def test_query_pages_through_next_records_url(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    base_url, _ = server
    ids = {api.create("Account", {"Name": f"A{i}"}).json()["id"] for i in range(5)}

    page = api.query("SELECT Id FROM Account").json()
    seen = [r["Id"] for r in page["records"]]
    while not page["done"]:
        assert page["totalSize"] == 5
        page = api.client.get(base_url + page["nextRecordsUrl"]).json()
        seen += [r["Id"] for r in page["records"]]

    assert len(seen) == 5
    assert set(seen) == ids


@pytest.mark.parametrize(
    ("soql", "code"),
    [
        ("SELECT Id FROM Contact WHERE", "MALFORMED_QUERY"),
        ("SELECT Id Contact", "MALFORMED_QUERY"),
        ("SELECT Id FROM Contact WHERE Email = 'a' OR Email = 'b'", "MALFORMED_QUERY"),
        ("SELECT Shoe__c FROM Contact", "INVALID_FIELD"),
        ("SELECT Id FROM Widget", "INVALID_TYPE"),
    ],
)
def test_query_errors(api: Api, soql: str, code: str) -> None:
    response = api.query(soql)

    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == code


# --- Limits and faults -----------------------------------------------------------------------------


def test_limit_info_on_every_reply_and_limits_resource(api: Api) -> None:
    first = api.create("Account", {"Name": "A"})
    failed = api.create("Account", {})

    assert first.headers["Sforce-Limit-Info"] == f"api-usage=1/{CONFIG.daily_limit}"
    assert failed.headers["Sforce-Limit-Info"] == f"api-usage=2/{CONFIG.daily_limit}"
    limits = api.client.get("/limits").json()
    assert limits["DailyApiRequests"] == {"Max": CONFIG.daily_limit, "Remaining": CONFIG.daily_limit - 2}


def test_spent_budget_is_request_limit_exceeded() -> None:
    config = SalesforceEmulatorConfig(daily_limit=3)
    with serve(config) as (base_url, state):
        session = Api(base_url, config)
        statuses = [session.create("Account", {"Name": f"A{i}"}).status_code for i in range(4)]

        refused = session.create("Account", {"Name": "late"})
        assert statuses == [201, 201, 201, 403]
        assert refused.status_code == 403
        assert refused.json() == [
            {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
        ]
        assert refused.headers["Sforce-Limit-Info"] == "api-usage=3/3"
        assert len(state.find("Account")) == 3


def test_fault_header_and_scripted_faults(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    _, state = server

    by_header = api.create("Account", {"Name": "A"}, headers={"x-emulator-fault": "unavailable"})
    assert by_header.status_code == 503
    assert by_header.json()[0]["errorCode"] == "SERVER_UNAVAILABLE"
    assert "Sforce-Limit-Info" in by_header.headers

    state.push_faults("server_error")
    assert api.create("Account", {"Name": "A"}).status_code == 500
    assert api.create("Account", {"Name": "A"}).status_code == 201  # exactly one call failed

    state.push_faults("request_limit", "ok", "session_expired")
    assert api.create("Account", {"Name": "B"}).json()[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"
    assert api.create("Account", {"Name": "B"}).status_code == 201
    assert api.create("Account", {"Name": "C"}).status_code == 401
    assert api.client.get("/limits").status_code == 401  # that session is gone
    assert len(state.find("Account")) == 2


def test_random_faults_are_seeded() -> None:
    def statuses(seed: int) -> list[int]:
        config = SalesforceEmulatorConfig(rate_5xx=0.5, seed=seed)
        with serve(config) as (base_url, _):
            session = Api(base_url, config)
            return [session.client.get("/limits").status_code for _ in range(20)]

    first, again = statuses(7), statuses(7)

    assert first == again
    assert {500, 503} <= set(first)
    assert 200 in first


def test_state_file_survives_a_restart(tmp_path: Path) -> None:
    config = SalesforceEmulatorConfig(state_file=tmp_path / "org.json")
    with serve(config) as (base_url, _):
        created = Api(base_url, config).create("Account", {"Name": "Kept"}).json()["id"]

    with serve(config) as (_, state):
        assert state.get("Account", created) is not None
        assert state.get("Account", created)["Name"] == "Kept"  # type: ignore[index]


def test_concurrent_writes_are_all_kept(server: tuple[str, SalesforceEmulatorState], api: Api) -> None:
    _, state = server
    ids: list[str] = []
    lock = threading.Lock()

    def create(index: int) -> None:
        response = api.create("Lead", {"LastName": f"L{index}", "Company": "Acme"})
        with lock:
            ids.append(response.json()["id"])

    threads = [threading.Thread(target=create, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(ids)) == 20
    assert len(state.find("Lead")) == 20


def test_cli_command_documents_its_options() -> None:
    from typer.testing import CliRunner

    from mailtriage.sandbox.cli import sandbox_app

    result = CliRunner().invoke(sandbox_app, ["salesforce", "--help"])

    assert result.exit_code == 0
    for option in ("--port", "--username", "--password", "--rate-5xx", "--state", "--seed"):
        assert option in result.output
