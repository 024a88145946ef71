"""The HubSpot client against the HubSpot emulator, over real HTTP."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mailtriage.config import Settings
from mailtriage.crm.hubspot import HubSpotClient, build_hubspot_client, hubspot_properties
from mailtriage.crm.protocol import CrmClient, CrmError, CrmExchange
from mailtriage.sandbox import HubSpotConfig, HubSpotState, create_hubspot_emulator, hubspot_state
from mailtriage.sandbox.server import run_emulator_in_thread

TOKEN = "pat-na1-secret-0123456789"
UPSERT = "/crm/v3/objects/*/batch/upsert"


@dataclass
class Harness:
    base_url: str
    state: HubSpotState
    sleeps: list[float] = field(default_factory=list)
    exchanges: list[CrmExchange] = field(default_factory=list)
    clients: list[HubSpotClient] = field(default_factory=list)

    def client(self, **overrides: Any) -> HubSpotClient:
        options: dict[str, Any] = {
            "token": TOKEN,
            "base_url": self.base_url,
            "timeout_s": 2.0,
            "max_tries": 4,
            "on_exchange": self.exchanges.append,
            "sleep": self.sleeps.append,  # record the waits instead of waiting
            "rng": random.Random(0),
            **overrides,
        }
        made = HubSpotClient(**options)
        self.clients.append(made)
        return made

    def raw(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers={"authorization": f"Bearer {TOKEN}"}, timeout=5)


@contextmanager
def serve(**config: Any) -> Iterator[Harness]:
    settings: dict[str, Any] = {
        "token": TOKEN,
        "burst_per_10s": 100_000,
        "search_per_s": 100_000,
        "retry_after_s": 0.05,
        "timeout_sleep_s": 3.0,
        **config,
    }
    app = create_hubspot_emulator(HubSpotConfig(**settings))
    base_url, stop = run_emulator_in_thread(app)
    harness = Harness(base_url, hubspot_state(app))
    try:
        yield harness
    finally:
        for client in harness.clients:
            client.close()
        stop()


@pytest.fixture(scope="module")
def server() -> Iterator[Harness]:
    with serve() as harness:
        yield harness


@pytest.fixture
def hub(server: Harness) -> Harness:
    server.state.reset()
    server.sleeps.clear()
    server.exchanges.clear()
    return server


def test_the_client_satisfies_the_protocol(hub: Harness) -> None:
    client: CrmClient = hub.client()
    assert client.name == "hubspot"


# --- Upserts -------------------------------------------------------------------------------------


def test_upserting_twice_with_one_key_makes_one_object(hub: Harness) -> None:
    client = hub.client()

    first = client.upsert("deal", "deal:k1", {"name": "Big deal", "stage": "open", "amount_usd": 1200})
    second = client.upsert("deal", "deal:k1", {"name": "Big deal, renamed", "stage": "open"})

    assert first.created is True
    assert second.created is False
    assert second.id == first.id
    deals = hub.state.all_objects("deals")
    assert len(deals) == 1
    props = deals[0]["properties"]
    assert props["dealname"] == "Big deal, renamed"
    assert props["dealstage"] == "appointmentscheduled"
    assert props["pipeline"] == "default"
    assert props["amount"] == "1200"
    assert props["mailtriage_key"] == "deal:k1"


def test_contacts_are_upserted_by_email(hub: Harness) -> None:
    client = hub.client()

    first = client.upsert("contact", "Ada@Example.com", {"email": "Ada@Example.com", "first_name": "Ada"})
    second = client.upsert("contact", "ada@example.com", {"last_name": "Lovelace", "phone": None})

    assert (first.created, second.created, second.id) == (True, False, first.id)
    [contact] = hub.state.all_objects("contacts")
    assert contact["properties"]["email"] == "ada@example.com"
    assert contact["properties"]["firstname"] == "Ada"  # a None never blanks a value
    assert contact["properties"]["lastname"] == "Lovelace"
    assert "mailtriage_key" not in contact["properties"]


def test_notes_and_companies_map_their_properties(hub: Harness) -> None:
    client = hub.client()

    note = client.upsert("note", "note:1", {"body": "Hello", "timestamp": "2024-05-01T12:00:00+02:00"})
    company = client.upsert("company", "company:acme.com", {"name": "Acme", "domain": "ACME.com"})

    [stored_note] = hub.state.all_objects("notes")
    assert stored_note["id"] == note.id
    assert stored_note["properties"]["hs_note_body"] == "Hello"
    assert stored_note["properties"]["hs_timestamp"] == "2024-05-01T10:00:00.000Z"
    [stored_company] = hub.state.all_objects("companies")
    assert stored_company["id"] == company.id
    assert stored_company["properties"]["domain"] == "acme.com"
    assert stored_company["properties"]["mailtriage_key"] == "company:acme.com"


def test_a_create_racing_another_writer_takes_the_existing_object(hub: Harness) -> None:
    client = hub.client()
    # The emulator writes the object as another writer would, then answers 409 naming it.
    hub.state.script("conflict", method="POST", path=UPSERT)

    result = client.upsert("contact", "race@example.com", {"first_name": "Ours"})

    [contact] = hub.state.all_objects("contacts")
    assert result.id == contact["id"]
    assert result.created is False
    assert contact["properties"]["firstname"] == "Ours"
    assert [(e.method, e.status) for e in hub.exchanges] == [("POST", 409), ("PATCH", 200)]


def test_an_answer_lost_to_a_timeout_does_not_duplicate(hub: Harness) -> None:
    client = hub.client(timeout_s=0.3)
    # The first upsert is done by the server, but its answer never arrives.
    hub.state.script("timeout", method="POST", path=UPSERT)

    result = client.upsert("note", "note:lost", {"body": "x", "timestamp": "2024-01-01T00:00:00Z"})

    assert len(hub.state.all_objects("notes")) == 1
    assert result.created is False
    assert [e.status for e in hub.exchanges] == [None, 200]
    assert [e.attempt for e in hub.exchanges] == [1, 2]


def test_update_sets_properties_on_an_existing_object(hub: Harness) -> None:
    client = hub.client()
    made = client.upsert("company", "company:x.io", {"name": "X", "domain": "x.io"})

    client.update("company", made.id, {"name": "X Ltd"})

    assert hub.state.all_objects("companies")[0]["properties"]["name"] == "X Ltd"
    with pytest.raises(CrmError) as raised:
        client.update("company", "999999", {"name": "Nobody"})
    assert raised.value.status == 404
    assert raised.value.retryable is False
    assert raised.value.category == "OBJECT_NOT_FOUND"


# --- Retries -------------------------------------------------------------------------------------


def test_a_429_with_retry_after_is_waited_out_then_retried(hub: Harness) -> None:
    client = hub.client()
    hub.state.script("rate_limit", path=UPSERT)

    result = client.upsert("contact", "wait@example.com", {})

    assert result.created is True
    assert hub.sleeps == [0.05]  # the server's Retry-After, not a computed backoff
    assert [(e.attempt, e.status) for e in hub.exchanges] == [(1, 429), (2, 200)]


def test_three_500s_then_success(hub: Harness) -> None:
    client = hub.client()
    hub.state.script("server_error", path=UPSERT, times=3)

    result = client.upsert("contact", "flaky@example.com", {})

    assert result.created is True
    assert len(hub.state.all_objects("contacts")) == 1
    assert [e.status for e in hub.exchanges] == [500, 500, 500, 200]
    assert [e.attempt for e in hub.exchanges] == [1, 2, 3, 4]
    # Full jitter: each wait is within [0, min(cap, base * 2**retry)].
    assert len(hub.sleeps) == 3
    for retry, wait in enumerate(hub.sleeps):
        assert 0 <= wait <= min(8.0, 0.5 * 2**retry)


def test_four_500s_is_a_retryable_error(hub: Harness) -> None:
    client = hub.client()
    hub.state.script("server_error", path=UPSERT, times=4)

    with pytest.raises(CrmError) as raised:
        client.upsert("contact", "down@example.com", {})

    assert raised.value.retryable is True
    assert raised.value.status == 500
    assert "4 tries" in str(raised.value)
    assert len(hub.exchanges) == 4
    assert len(hub.sleeps) == 3
    assert hub.state.all_objects("contacts") == []


def test_max_tries_comes_from_settings(hub: Harness) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, HUBSPOT_BASE_URL=hub.base_url, HUBSPOT_TOKEN=TOKEN, crm_max_tries=2
    )
    client = build_hubspot_client(settings, on_exchange=hub.exchanges.append)
    hub.clients.append(client)
    hub.state.script("bad_gateway", path=UPSERT, times=2)

    # A real (small) backoff sleep here: the factory has no test hooks.
    with pytest.raises(CrmError) as raised:
        client.upsert("contact", "two@example.com", {})

    assert raised.value.retryable is True
    assert [e.status for e in hub.exchanges] == [502, 502]


def test_a_daily_limit_is_not_retried_now(hub: Harness) -> None:
    client = hub.client()
    hub.state.script("daily_limit", path=UPSERT)

    with pytest.raises(CrmError) as raised:
        client.upsert("contact", "daily@example.com", {})

    assert raised.value.retryable is True
    assert raised.value.status == 429
    assert len(hub.exchanges) == 1
    assert hub.sleeps == []


def test_the_rolling_limit_without_retry_after_waits_out_the_interval() -> None:
    with serve(burst_per_10s=1) as hub:
        client = hub.client(max_tries=3)
        client.upsert("contact", "first@example.com", {})  # spends the ten-second budget

        with pytest.raises(CrmError) as raised:
            client.upsert("contact", "second@example.com", {})

        assert raised.value.retryable is True
        assert raised.value.status == 429
        # No Retry-After: the X-HubSpot-RateLimit-Interval-Milliseconds window (10 s).
        assert hub.sleeps == [10.0, 10.0]


def test_connection_errors_are_retried_then_retryable() -> None:
    with serve() as hub:
        base_url = hub.base_url
    sleeps: list[float] = []
    exchanges: list[CrmExchange] = []
    client = HubSpotClient(
        token=TOKEN, base_url=base_url, sleep=sleeps.append, on_exchange=exchanges.append, max_tries=3
    )
    try:
        with pytest.raises(CrmError) as raised:
            client.find_contacts(["gone@example.com"])
    finally:
        client.close()

    assert raised.value.retryable is True
    assert raised.value.status is None
    assert [(e.status, e.response) for e in exchanges] == [(None, None)] * 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("fault", ["malformed", "not_json"])
def test_a_reply_of_the_wrong_shape_is_not_retryable(hub: Harness, fault: str) -> None:
    client = hub.client()
    hub.state.script(fault, path=UPSERT)

    with pytest.raises(CrmError) as raised:
        client.upsert("contact", "odd@example.com", {})

    assert raised.value.retryable is False
    assert raised.value.category == "UNEXPECTED_RESPONSE"
    assert "results" in str(raised.value) or "not JSON" in str(raised.value)
    assert len(hub.exchanges) == 1


def test_a_rejected_request_is_not_retryable_and_keeps_hubspots_category(hub: Harness) -> None:
    client = hub.client()

    with pytest.raises(CrmError) as raised:
        client.upsert("note", "note:untimed", {"body": "no timestamp"})

    assert raised.value.retryable is False
    assert raised.value.category == "VALIDATION_ERROR"
    assert "hs_timestamp" in str(raised.value)
    assert len(hub.exchanges) == 1


def test_a_bad_token_is_not_retryable(hub: Harness) -> None:
    client = hub.client(token="pat-wrong")

    with pytest.raises(CrmError) as raised:
        client.find_contacts(["a@example.com"])

    assert raised.value.status == 401
    assert raised.value.retryable is False
    assert raised.value.category == "INVALID_AUTHENTICATION"


def test_an_unknown_neutral_property_is_refused_before_any_call(hub: Harness) -> None:
    client = hub.client()

    with pytest.raises(CrmError) as raised:
        client.upsert("contact", "a@example.com", {"shoe_size": 44})

    assert raised.value.retryable is False
    assert raised.value.category == "UNMAPPED_PROPERTY"
    assert hub.exchanges == []


# --- Finding -------------------------------------------------------------------------------------


def test_find_contacts_reads_by_email_in_batches_of_100(hub: Harness) -> None:
    client = hub.client()
    with hub.raw() as raw:
        inputs = [{"properties": {"email": f"p{i}@example.com"}} for i in range(100)]
        created = raw.post("/crm/v3/objects/contacts/batch/create", json={"inputs": inputs}).json()["results"]
        extra = raw.post(
            "/crm/v3/objects/contacts", json={"properties": {"email": "p100@example.com"}}
        ).json()
    ids = {c["properties"]["email"]: c["id"] for c in [*created, extra]}

    found = client.find_contacts([*(f"P{i}@example.com" for i in range(101)), "nobody@example.com"])

    assert found == ids
    reads = [e for e in hub.exchanges if e.url.endswith("/batch/read")]
    assert [len(e.request["inputs"]) for e in reads] == [100, 2]


def test_find_companies_misses_fresh_writes_under_search_lag_but_never_duplicates() -> None:
    with serve(search_lag_ms=60_000) as hub:
        writer, other = hub.client(), hub.client()
        made = writer.upsert("company", "company:lag.io", {"name": "Lag", "domain": "lag.io"})

        # A client that did not write it cannot see it yet: the search index lags.
        assert other.find_companies(["lag.io"]) == {}
        # The writer remembers what it wrote.
        assert writer.find_companies(["LAG.io"]) == {"lag.io": made.id}
        # Whoever writes again with the same key updates the same company.
        again = other.upsert("company", "company:lag.io", {"name": "Lag Inc", "domain": "lag.io"})
        assert again == type(again)(made.id, created=False)
        assert len(hub.state.all_objects("companies")) == 1
        # ...and now knows it without the index.
        assert other.find_companies(["lag.io"]) == {"lag.io": made.id}


def test_find_companies_searches_by_domain_and_pages(hub: Harness) -> None:
    with hub.raw() as raw:
        ids = {}
        for i in range(3):
            body = {"properties": {"name": f"C{i}", "domain": f"c{i}.example"}}
            ids[f"c{i}.example"] = raw.post("/crm/v3/objects/companies", json=body).json()["id"]
        # A second company with a known domain: the oldest one wins.
        raw.post("/crm/v3/objects/companies", json={"properties": {"name": "Dup", "domain": "c0.example"}})
    client = hub.client()

    found = client.find_companies(["c0.example", "C1.example", "c2.example", "none.example"])

    assert found == ids
    searches = [e for e in hub.exchanges if e.url.endswith("/search")]
    assert len(searches) == 1
    assert searches[0].request["filterGroups"][0]["filters"][0]["operator"] == "IN"


# --- Associations and deals ----------------------------------------------------------------------


def test_associate_is_idempotent_and_survives_one_failed_put(hub: Harness) -> None:
    client = hub.client()
    contact = client.upsert("contact", "assoc@example.com", {}).id
    company = client.upsert("company", "company:assoc.io", {"domain": "assoc.io"}).id
    hub.state.script("server_error", method="PUT", path="/crm/v4/objects/*/associations/default/*")

    client.associate("contact", contact, "company", company)
    client.associate("contact", contact, "company", company)

    assert hub.state.associated("contacts", contact, "companies") == [company]
    assert hub.state.associated("companies", company, "contacts") == [contact]
    puts = [e.status for e in hub.exchanges if e.method == "PUT"]
    assert puts == [500, 200, 200]


def test_associating_a_missing_object_is_not_retryable(hub: Harness) -> None:
    client = hub.client()
    contact = client.upsert("contact", "lonely@example.com", {}).id

    with pytest.raises(CrmError) as raised:
        client.associate("contact", contact, "deal", "987654")

    assert raised.value.status == 404
    assert raised.value.retryable is False


def test_open_deals_respects_stage_and_creation_time(hub: Harness) -> None:
    client = hub.client()
    contact = client.upsert("contact", "buyer@example.com", {}).id

    def deal(key: str, stage: str) -> str:
        deal_id = client.upsert("deal", key, {"name": key, "stage": stage}).id
        client.associate("deal", deal_id, "contact", contact)
        return deal_id

    old = deal("deal:old", "open")
    time.sleep(0.01)
    since = datetime.now(UTC)
    time.sleep(0.01)
    fresh = deal("deal:fresh", "open")
    deal("deal:won", "won")
    deal("deal:lost", "lost")
    other_contact = client.upsert("contact", "other@example.com", {}).id
    unrelated = client.upsert("deal", "deal:unrelated", {"name": "u", "stage": "open"}).id
    client.associate("contact", other_contact, "deal", unrelated)

    assert client.open_deals(contact, since) == [fresh]
    assert sorted(client.open_deals(contact, since - timedelta(hours=1)), key=int) == sorted(
        [old, fresh], key=int
    )
    assert client.open_deals(contact, datetime.now(UTC) + timedelta(seconds=5)) == []
    naive = since.replace(tzinfo=None)  # taken as UTC
    assert client.open_deals(contact, naive) == [fresh]


# --- The audit trail -----------------------------------------------------------------------------


def test_every_try_is_reported_without_the_token(hub: Harness) -> None:
    client = hub.client()
    hub.state.script("rate_limit", path=UPSERT)

    client.upsert("contact", "audit@example.com", {"first_name": "Audit"})

    assert len(hub.exchanges) == 2
    first, second = hub.exchanges
    assert (first.method, first.status, first.attempt) == ("POST", 429, 1)
    assert (second.status, second.attempt) == (200, 2)
    assert first.url == f"{hub.base_url}/crm/v3/objects/contacts/batch/upsert"
    assert first.request == {
        "inputs": [
            {
                "idProperty": "email",
                "id": "audit@example.com",
                "properties": {"firstname": "Audit", "email": "audit@example.com"},
            }
        ]
    }
    assert first.response["policyName"] == "TEN_SECONDLY_ROLLING"
    assert second.response["results"][0]["new"] is True
    assert all(e.duration_ms >= 0 for e in hub.exchanges)
    assert TOKEN not in repr(hub.exchanges)
    assert TOKEN not in repr(client)
    # The token did reach the server.
    assert hub.state.log()[-1].headers["authorization"] == f"Bearer {TOKEN}"


# --- Settings ------------------------------------------------------------------------------------


def test_settings_take_the_hubspot_env_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "http://hubspot.local")
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-env")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.hubspot_base_url == "http://hubspot.local"
    assert settings.hubspot_token is not None
    assert settings.hubspot_token.get_secret_value() == "pat-env"
    assert "pat-env" not in repr(settings)

    monkeypatch.delenv("HUBSPOT_BASE_URL")
    monkeypatch.setenv("MAILTRIAGE_HUBSPOT_BASE_URL", "http://prefixed.local")
    assert Settings(_env_file=None).hubspot_base_url == "http://prefixed.local"  # type: ignore[call-arg]


def test_the_real_api_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HUBSPOT_TOKEN",
        "MAILTRIAGE_HUBSPOT_TOKEN",
        "HUBSPOT_BASE_URL",
        "MAILTRIAGE_HUBSPOT_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.hubspot_base_url == "https://api.hubapi.com"
    with pytest.raises(ValueError, match="HUBSPOT_TOKEN"):
        build_hubspot_client(settings)
    tokened = Settings(_env_file=None, HUBSPOT_TOKEN="pat-x")  # type: ignore[call-arg]
    client = build_hubspot_client(tokened)
    client.close()


def test_property_mapping() -> None:
    mapped: Callable[..., dict[str, Any]] = hubspot_properties
    assert mapped("deal", {"name": "D", "stage": "open", "amount_usd": 5.5, "close_date": "2024-06-30"}) == {
        "dealname": "D",
        "dealstage": "appointmentscheduled",
        "amount": 5.5,
        "closedate": "2024-06-30T00:00:00.000Z",
    }
    assert mapped("contact", {"company_name": "Acme", "phone": "+1 555", "last_name": None}) == {
        "company": "Acme",
        "phone": "+1 555",
    }
    with pytest.raises(CrmError):
        mapped("note", {"timestamp": "yesterday"})
