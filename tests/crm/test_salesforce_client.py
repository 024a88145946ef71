"""The Salesforce client against the Salesforce emulator, over real HTTP."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mailtriage.config import Settings
from mailtriage.crm.protocol import CrmClient, CrmError, CrmExchange
from mailtriage.crm.salesforce import UNKNOWN_LAST_NAME, SalesforceClient, build_salesforce_client
from mailtriage.retry import RetryPolicy
from mailtriage.sandbox import (
    SalesforceEmulatorConfig,
    SalesforceEmulatorState,
    create_salesforce_emulator,
    run_emulator_in_thread,
    salesforce_state,
)

CONFIG = SalesforceEmulatorConfig(query_batch_size=50)


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


class Recorder:
    def __init__(self) -> None:
        self.exchanges: list[CrmExchange] = []
        self.waits: list[float] = []


def make_client(
    base_url: str, recorder: Recorder, config: SalesforceEmulatorConfig = CONFIG, **overrides: Any
) -> SalesforceClient:
    options: dict[str, Any] = {
        "login_url": base_url,
        "username": config.username,
        "password": config.password,
        "client_id": config.client_id,
        "client_secret": config.client_secret,
        "timeout": 5.0,
        # The real policy, with its waits recorded instead of slept.
        "retry": RetryPolicy(max_attempts=4, sleep=recorder.waits.append, rng=random.Random(1)),
        "on_exchange": recorder.exchanges.append,
        **overrides,
    }
    return SalesforceClient(**options)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def state(server: tuple[str, SalesforceEmulatorState]) -> SalesforceEmulatorState:
    server[1].reset()
    return server[1]


@pytest.fixture
def client(
    server: tuple[str, SalesforceEmulatorState], state: SalesforceEmulatorState, recorder: Recorder
) -> Iterator[SalesforceClient]:
    sf = make_client(server[0], recorder)
    yield sf
    sf.close()


def test_implements_the_protocol(client: SalesforceClient) -> None:
    crm: CrmClient = client
    assert crm.name == "salesforce"


# --- Sessions --------------------------------------------------------------------------------------


def test_logs_in_once_and_again_after_the_session_expires(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    client.find_contacts(["a@example.com"])
    client.find_contacts(["a@example.com"])
    assert state.logins == 1

    state.expire_sessions()
    assert client.find_contacts(["a@example.com"]) == {}

    assert state.logins == 2
    statuses = [
        (e.url.rsplit("/", 1)[-1].split("?")[0], e.status, e.attempt) for e in recorder.exchanges[-3:]
    ]
    assert statuses == [("query", 401, 1), ("token", 200, 1), ("query", 200, 2)]
    assert recorder.waits == []  # renewing a session is not a backoff


def test_a_given_session_cannot_be_renewed(
    server: tuple[str, SalesforceEmulatorState], state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    base_url, _ = server
    token = httpx.post(
        f"{base_url}/services/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": CONFIG.client_id,
            "client_secret": CONFIG.client_secret,
            "username": CONFIG.username,
            "password": CONFIG.password,
        },
    ).json()["access_token"]
    sf = SalesforceClient(session_id=token, instance_url=base_url, on_exchange=recorder.exchanges.append)
    assert sf.find_companies(["acme.com"]) == {}

    state.expire_sessions()
    with pytest.raises(CrmError) as caught:
        sf.find_companies(["acme.com"])

    assert caught.value.retryable is False
    assert caught.value.category == "INVALID_SESSION_ID"
    sf.close()


def test_bad_credentials_are_permanent(
    server: tuple[str, SalesforceEmulatorState], state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    sf = make_client(server[0], recorder, password="wrong")

    with pytest.raises(CrmError) as caught:
        sf.find_contacts(["a@example.com"])

    assert caught.value.retryable is False
    assert caught.value.status == 400
    assert caught.value.category == "invalid_grant"
    sf.close()


# --- Upserts ---------------------------------------------------------------------------------------


def test_upsert_twice_with_one_key_makes_one_record(
    client: SalesforceClient, state: SalesforceEmulatorState
) -> None:
    first = client.upsert("company", "company:acme.com", {"domain": "acme.com", "name": "Acme"})
    second = client.upsert("company", "company:acme.com", {"domain": "acme.com", "name": "Acme Inc"})

    assert first.created is True
    assert second.created is False
    assert second.id == first.id
    [account] = state.find("Account")
    assert account["Name"] == "Acme Inc"
    assert account["Website"] == "acme.com"
    assert account["Mailtriage_Key__c"] == "company:acme.com"


def test_contact_upsert_by_email_without_a_name(
    client: SalesforceClient, state: SalesforceEmulatorState
) -> None:
    created = client.upsert(
        "contact", "ada@example.com", {"email": "ada@example.com", "company_name": "Acme"}
    )
    again = client.upsert("contact", "ADA@example.com", {"email": "ada@example.com", "first_name": "Ada"})

    assert created.created is True
    assert (again.id, again.created) == (created.id, False)
    [contact] = state.find("Contact")
    assert contact["Email"] == "ada@example.com"
    assert contact["LastName"] == UNKNOWN_LAST_NAME
    assert contact["FirstName"] == "Ada"


def test_contact_upsert_keeps_an_existing_last_name(
    client: SalesforceClient, state: SalesforceEmulatorState
) -> None:
    existing = state.insert("Contact", {"LastName": "Hopper", "Email": "grace@example.com"})

    result = client.upsert(
        "contact", "grace@example.com", {"email": "grace@example.com", "first_name": "Grace"}
    )

    assert (result.id, result.created) == (existing, False)
    assert state.get("Contact", existing)["LastName"] == "Hopper"  # type: ignore[index]
    assert state.get("Contact", existing)["FirstName"] == "Grace"  # type: ignore[index]


def test_deal_and_note_mapping(client: SalesforceClient, state: SalesforceEmulatorState) -> None:
    deal = client.upsert(
        "deal",
        "deal:1",
        {"name": "Acme – CRM", "amount_usd": 12000, "stage": "open", "close_date": "2031-03-31"},
    )
    note = client.upsert(
        "note",
        "note:1",
        {"body": "Wants a demo next week.\nIntent lead (0.91).", "timestamp": "2030-05-01T09:30:00+00:00"},
    )

    opportunity = state.get("Opportunity", deal.id)
    task = state.get("Task", note.id)
    assert opportunity is not None
    assert task is not None
    assert (
        opportunity["Name"],
        opportunity["Amount"],
        opportunity["StageName"],
        opportunity["CloseDate"],
    ) == (
        "Acme – CRM",
        12000.0,
        "Prospecting",
        "2031-03-31",
    )
    assert (task["Subject"], task["Status"], task["ActivityDate"]) == (
        "Wants a demo next week.",
        "Completed",
        "2030-05-01",
    )
    assert task["Description"].endswith("Intent lead (0.91).")


def test_duplicates_detected_gives_the_existing_record(recorder: Recorder) -> None:
    for spelling in ("duplicateResult", "duplicateResut"):
        config = SalesforceEmulatorConfig(
            duplicate_rules={"Account": "Website"}, duplicate_result_key=spelling
        )  # type: ignore[arg-type]
        with serve(config) as (base_url, state):
            existing = state.insert("Account", {"Name": "Acme Corporation", "Website": "acme.com"})
            sf = make_client(base_url, recorder, config)

            result = sf.upsert("company", "company:acme.com", {"domain": "acme.com", "name": "Acme"})

            assert (result.id, result.created) == (existing, False)
            assert len(state.find("Account")) == 1
            assert state.get("Account", existing)["Name"] == "Acme Corporation"  # type: ignore[index]
            assert recorder.exchanges[-1].response[0]["errorCode"] == "DUPLICATES_DETECTED"
            sf.close()


def test_several_records_with_one_email_update_the_first(recorder: Recorder) -> None:
    config = SalesforceEmulatorConfig(duplicate_rules={})
    with serve(config) as (base_url, state):
        first = state.insert("Contact", {"LastName": "A", "Email": "twin@example.com"})
        state.insert("Contact", {"LastName": "B", "Email": "twin@example.com"})
        sf = make_client(base_url, recorder, config)

        result = sf.upsert(
            "contact", "twin@example.com", {"email": "twin@example.com", "phone": "+1 555 0100"}
        )

        assert (result.id, result.created) == (first, False)
        assert state.get("Contact", first)["Phone"] == "+1 555 0100"  # type: ignore[index]
        sf.close()


def test_required_field_missing_is_permanent(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    with pytest.raises(CrmError) as caught:
        client.upsert("deal", "deal:nameless", {"amount_usd": 5})

    assert caught.value.retryable is False
    assert caught.value.status == 400
    assert caught.value.category == "REQUIRED_FIELD_MISSING"
    assert caught.value.body[0]["fields"] == ["Name"]
    assert recorder.waits == []
    assert state.find("Opportunity") == []


def test_invalid_value_is_permanent(client: SalesforceClient) -> None:
    with pytest.raises(CrmError) as caught:
        client.upsert("contact", "not-an-address", {"last_name": "X"})

    assert caught.value.retryable is False
    assert caught.value.category == "INVALID_EMAIL_ADDRESS"


# --- Retries ---------------------------------------------------------------------------------------


def test_503_three_times_then_success(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    client.find_contacts(["warm@example.com"])  # log in first
    state.push_faults("unavailable", "unavailable", "unavailable")
    recorder.exchanges.clear()

    result = client.upsert("company", "company:acme.com", {"domain": "acme.com", "name": "Acme"})

    assert result.created is True
    assert [(e.status, e.attempt) for e in recorder.exchanges] == [(503, 1), (503, 2), (503, 3), (201, 4)]
    # Exponential backoff with full jitter: the n-th wait lies in [0, min(cap, base * 2**n)].
    assert len(recorder.waits) == 3
    for n, wait in enumerate(recorder.waits):
        assert 0.0 <= wait <= min(8.0, 0.5 * 2**n)
    assert len(state.find("Account")) == 1


def test_gives_up_after_four_tries_as_retryable(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    client.find_contacts(["warm@example.com"])
    state.push_faults("server_error", "unavailable", "server_error", "unavailable")
    recorder.exchanges.clear()

    with pytest.raises(CrmError) as caught:
        client.update("company", "001000000000000AAA", {"name": "Acme"})

    assert caught.value.retryable is True
    assert caught.value.status == 503
    assert caught.value.category == "SERVER_UNAVAILABLE"
    assert [e.attempt for e in recorder.exchanges] == [1, 2, 3, 4]


def test_timeouts_are_retried(
    server: tuple[str, SalesforceEmulatorState], state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    sf = make_client(server[0], recorder, timeout=0.3)
    sf.find_contacts(["warm@example.com"])
    state.push_faults("timeout")
    recorder.exchanges.clear()

    assert sf.find_contacts(["a@example.com"]) == {}

    assert [e.status for e in recorder.exchanges] == [None, 200]
    assert recorder.exchanges[0].response is None
    sf.close()


def test_request_limit_exceeded_is_retryable_without_hammering(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    client.find_contacts(["warm@example.com"])
    state.use_api(CONFIG.daily_limit)
    recorder.exchanges.clear()

    with pytest.raises(CrmError) as caught:
        client.upsert("company", "company:acme.com", {"domain": "acme.com"})

    assert caught.value.retryable is True
    assert caught.value.status == 403
    assert caught.value.category == "REQUEST_LIMIT_EXCEEDED"
    assert len(recorder.exchanges) == 1
    assert recorder.waits == []
    assert client.api_usage is not None
    used, allowed = client.api_usage
    assert used >= allowed == CONFIG.daily_limit


# --- Finding, associating, open deals --------------------------------------------------------------


def test_find_contacts_and_companies(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    ada = state.insert("Contact", {"LastName": "L", "Email": "Ada@Example.com"})
    acme = state.insert("Account", {"Name": "Acme", "Website": "https://www.acme.com/"})
    initech = state.insert("Account", {"Name": "Initech", "Website": "INITECH.io"})
    state.insert("Account", {"Name": "Elsewhere", "Website": "notacme.com"})
    many = [f"person{i}@example.com" for i in range(150)]

    contacts = client.find_contacts(["ada@example.com", *many])
    companies = client.find_companies(["acme.com", "initech.io", "unknown.org"])

    assert contacts == {"ada@example.com": ada}
    assert companies == {"acme.com": acme, "initech.io": initech}
    queries = [e for e in recorder.exchanges if "/query" in e.url]
    assert len(queries) >= 3  # 151 addresses need two IN lists


def test_associations(client: SalesforceClient, state: SalesforceEmulatorState) -> None:
    contact = client.upsert("contact", "ada@example.com", {"email": "ada@example.com", "last_name": "L"}).id
    company = client.upsert("company", "company:acme.com", {"domain": "acme.com", "name": "Acme"}).id
    deal = client.upsert("deal", "deal:1", {"name": "Acme deal", "stage": "open"}).id
    note = client.upsert("note", "note:1", {"body": "hello", "timestamp": "2030-01-01T00:00:00Z"}).id

    client.associate("contact", contact, "company", company)
    client.associate("company", company, "deal", deal)
    client.associate("deal", deal, "contact", contact)
    client.associate("deal", deal, "contact", contact)  # twice is harmless
    client.associate("note", note, "contact", contact)
    client.associate("note", note, "deal", deal)
    client.associate("note", note, "company", company)  # does not replace the deal

    assert state.get("Contact", contact)["AccountId"] == company  # type: ignore[index]
    assert state.get("Opportunity", deal)["AccountId"] == company  # type: ignore[index]
    assert len(state.find("OpportunityContactRole", OpportunityId=deal, ContactId=contact)) == 1
    task = state.get("Task", note)
    assert task is not None
    assert (task["WhoId"], task["WhatId"]) == (contact, deal)
    with pytest.raises(CrmError) as caught:
        client.associate("contact", contact, "contact", contact)
    assert caught.value.retryable is False


def test_open_deals(client: SalesforceClient, state: SalesforceEmulatorState) -> None:
    contact = client.upsert("contact", "ada@example.com", {"email": "ada@example.com", "last_name": "L"}).id
    other = client.upsert("contact", "bob@example.com", {"email": "bob@example.com", "last_name": "B"}).id
    recent = client.upsert("deal", "deal:recent", {"name": "recent", "stage": "open"}).id
    won = client.upsert("deal", "deal:won", {"name": "won", "stage": "won"}).id
    theirs = client.upsert("deal", "deal:theirs", {"name": "theirs"}).id
    old = state.insert(
        "Opportunity",
        {
            "Name": "old",
            "StageName": "Prospecting",
            "CloseDate": "2020-02-01",
            "CreatedDate": "2020-01-01T00:00:00.000+0000",
        },
    )
    for deal in (recent, won, old):
        client.associate("deal", deal, "contact", contact)
    client.associate("deal", theirs, "contact", other)

    now = datetime.now(UTC)
    assert client.open_deals(contact, now - timedelta(days=45)) == [recent]
    assert set(client.open_deals(contact, datetime(2019, 1, 1, tzinfo=UTC))) == {recent, old}
    assert client.open_deals(contact, now + timedelta(hours=1)) == []
    assert client.open_deals(other, now - timedelta(days=1)) == [theirs]


# --- Audit and settings ----------------------------------------------------------------------------


def test_exchanges_carry_no_secrets(
    client: SalesforceClient, state: SalesforceEmulatorState, recorder: Recorder
) -> None:
    client.upsert("contact", "ada@example.com", {"email": "ada@example.com", "last_name": "L"})
    state.expire_sessions()
    client.find_contacts(["ada@example.com"])

    dumped = json.dumps([asdict(e) for e in recorder.exchanges], default=str)
    tokens = list(state.sessions)
    assert tokens
    assert len([e for e in recorder.exchanges if e.url.endswith("/services/oauth2/token")]) == 2
    for secret in (CONFIG.password, CONFIG.client_secret, *tokens):
        assert secret not in dumped
    login = next(e for e in recorder.exchanges if e.url.endswith("/token"))
    assert login.request["username"] == CONFIG.username
    assert login.request["password"] == "[redacted]"
    assert login.response["access_token"] == "[redacted]"
    assert all(e.duration_ms >= 0 for e in recorder.exchanges)


def test_built_from_settings(
    server: tuple[str, SalesforceEmulatorState], state: SalesforceEmulatorState
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        salesforce_login_url=server[0],
        salesforce_username=CONFIG.username,
        salesforce_password=CONFIG.password,
        salesforce_client_id=CONFIG.client_id,
        salesforce_client_secret=CONFIG.client_secret,
    )
    seen: list[CrmExchange] = []
    sf = build_salesforce_client(settings, on_exchange=seen.append)

    assert sf.upsert("company", "company:acme.com", {"domain": "acme.com"}).created is True
    assert seen
    sf.close()
    with pytest.raises(ValueError, match="MAILTRIAGE_SALESFORCE_USERNAME"):
        build_salesforce_client(Settings(_env_file=None))  # type: ignore[call-arg]
