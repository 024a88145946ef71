"""The HubSpot emulator's wire format, checked over HTTP."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from mailtriage.sandbox import (
    HubSpotConfig,
    HubSpotOwner,
    HubSpotState,
    create_hubspot_emulator,
    hubspot_state,
    run_emulator_in_thread,
)
from mailtriage.sandbox.cli import sandbox_app
from mailtriage.sandbox.faults import FAULT_HEADER
from mailtriage.sandbox.hubspot import ScriptedFault

TOKEN = "pat-test-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
OWNER = HubSpotOwner("77", "sales@example.com", "Sam", "Sales")
ROOMY = {"burst_per_10s": 100_000, "search_per_s": 100_000, "owners": (OWNER,)}


@contextmanager
def serve(**config: Any) -> Iterator[tuple[httpx.Client, HubSpotState]]:
    settings = {"token": TOKEN, **ROOMY, **config}
    app = create_hubspot_emulator(HubSpotConfig(**settings))
    base_url, stop = run_emulator_in_thread(app)
    try:
        with httpx.Client(base_url=base_url, headers=AUTH, timeout=5) as client:
            yield client, hubspot_state(app)
    finally:
        stop()


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[httpx.Client, HubSpotState]]:
    with serve() as pair:
        yield pair


@pytest.fixture
def api(shared: tuple[httpx.Client, HubSpotState]) -> httpx.Client:
    client, state = shared
    state.reset()
    return client


@pytest.fixture
def state(shared: tuple[httpx.Client, HubSpotState], api: httpx.Client) -> HubSpotState:
    return shared[1]


def create(api: httpx.Client, kind: str, **properties: Any) -> dict[str, Any]:
    response = api.post(f"/crm/v3/objects/{kind}", json={"properties": properties})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def search(api: httpx.Client, kind: str, *filters: dict[str, Any], **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"filterGroups": [{"filters": list(filters)}] if filters else [], **extra}
    return api.post(f"/crm/v3/objects/{kind}/search", json=body)


def ids_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["results"]]


# --- Auth ----------------------------------------------------------------------------------------


def test_a_missing_or_wrong_token_is_401_in_hubspots_shape(api: httpx.Client) -> None:
    for headers in ({"authorization": ""}, {"authorization": "Bearer wrong"}):
        response = api.get("/crm/v3/objects/contacts", headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert body["status"] == "error"
        assert body["category"] == "INVALID_AUTHENTICATION"
        assert body["correlationId"]
        assert body["message"]


def test_no_configured_token_accepts_any() -> None:
    with serve(token=None) as (client, _):
        response = client.get("/crm/v3/objects/contacts", headers={"authorization": "Bearer anything"})
        assert response.status_code == 200
        assert response.json() == {"results": []}


# --- Objects -------------------------------------------------------------------------------------


def test_created_objects_carry_ids_timestamps_and_system_properties(api: httpx.Client) -> None:
    contact = create(api, "contacts", email="Ada@Example.com", firstname="Ada")

    assert contact["id"].isdigit()
    assert contact["archived"] is False
    props = contact["properties"]
    assert props["email"] == "ada@example.com"  # HubSpot stores e-mails lower-cased
    assert props["hs_object_id"] == contact["id"]
    assert props["createdate"] == contact["createdAt"]
    assert props["lastmodifieddate"] == contact["updatedAt"]
    fetched = api.get(f"/crm/v3/objects/contacts/{contact['id']}", params={"properties": "firstname,phone"})
    assert fetched.status_code == 200
    assert fetched.json()["properties"]["firstname"] == "Ada"
    assert fetched.json()["properties"]["phone"] is None  # asked for, not set


def test_a_duplicate_email_is_409_naming_the_existing_contact(api: httpx.Client) -> None:
    first = create(api, "contacts", email="dup@example.com")

    response = api.post("/crm/v3/objects/contacts", json={"properties": {"email": "DUP@example.com"}})

    assert response.status_code == 409
    body = response.json()
    assert body["category"] == "CONFLICT"
    assert body["status"] == "error"
    assert body["correlationId"]
    match = re.search(r"Existing ID:\s*(\d+)", body["message"])
    assert match is not None
    assert match.group(1) == first["id"]


def test_mailtriage_key_is_unique_on_every_type(api: httpx.Client) -> None:
    first = create(api, "companies", name="Acme", mailtriage_key="company:acme.com")

    response = api.post(
        "/crm/v3/objects/companies",
        json={"properties": {"name": "Other", "mailtriage_key": "company:acme.com"}},
    )

    assert response.status_code == 409
    assert f"Existing ID: {first['id']}" in response.json()["message"]


def test_an_update_to_another_contacts_email_is_400_naming_it(api: httpx.Client) -> None:
    taken = create(api, "contacts", email="taken@example.com")
    mine = create(api, "contacts", email="mine@example.com")

    response = api.patch(
        f"/crm/v3/objects/contacts/{mine['id']}", json={"properties": {"email": "taken@example.com"}}
    )

    assert response.status_code == 400
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert body["message"].endswith(f"{taken['id']} already has that value.")


def test_patch_and_get_by_email(api: httpx.Client) -> None:
    contact = create(api, "contacts", email="by-email@example.com")

    patched = api.patch(
        "/crm/v3/objects/contacts/by-email@example.com",
        params={"idProperty": "email"},
        json={"properties": {"lastname": "Lovelace"}},
    )
    fetched = api.get("/crm/v3/objects/contacts/by-email@example.com", params={"idProperty": "email"})
    missing = api.get("/crm/v3/objects/contacts/999999")

    assert patched.status_code == 200
    assert patched.json()["id"] == contact["id"]
    assert fetched.json()["properties"]["lastname"] == "Lovelace"
    assert missing.status_code == 404
    assert missing.json()["category"] == "OBJECT_NOT_FOUND"


def test_a_note_needs_hs_timestamp(api: httpx.Client) -> None:
    response = api.post("/crm/v3/objects/notes", json={"properties": {"hs_note_body": "hi"}})

    assert response.status_code == 400
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert body["message"].startswith("Property values were not valid")
    assert body["errors"][0]["code"] == "REQUIRED_PROPERTY"
    assert body["errors"][0]["context"] == {"propertyName": ["hs_timestamp"]}
    ok = create(api, "notes", hs_note_body="hi", hs_timestamp="2024-05-01T10:00:00+02:00")
    assert ok["properties"]["hs_timestamp"] == "2024-05-01T08:00:00.000Z"


def test_deal_stages_pipelines_and_owners_are_validated(api: httpx.Client) -> None:
    def deal(**props: Any) -> httpx.Response:
        return api.post("/crm/v3/objects/deals", json={"properties": props})

    unknown_stage = deal(dealname="D", dealstage="negotiating")
    unknown_pipeline = deal(dealname="D", dealstage="closedwon", pipeline="enterprise")
    no_name = deal(dealstage="closedwon")
    bad_owner = deal(dealname="D", dealstage="closedwon", hubspot_owner_id="12345")
    unknown_property = deal(dealname="D", dealstage="closedwon", colour="blue")
    good = deal(dealname="D", dealstage="qualifiedtobuy", hubspot_owner_id=OWNER.id, amount=1200.5)

    for response, code in (
        (unknown_stage, "INVALID_OPTION"),
        (unknown_pipeline, "INVALID_OPTION"),
        (no_name, "REQUIRED_PROPERTY"),
        (bad_owner, "INVALID_OWNER_ID"),
        (unknown_property, "PROPERTY_DOESNT_EXIST"),
    ):
        assert response.status_code == 400, response.text
        assert response.json()["category"] == "VALIDATION_ERROR"
        assert response.json()["errors"][0]["code"] == code
    assert good.status_code == 201
    assert good.json()["properties"]["pipeline"] == "default"
    assert good.json()["properties"]["amount"] == "1200.5"


def test_owners_are_served_by_email(api: httpx.Client) -> None:
    found = api.get("/crm/v3/owners", params={"email": "SALES@example.com"})
    none = api.get("/crm/v3/owners", params={"email": "nobody@example.com"})

    assert [o["id"] for o in found.json()["results"]] == [OWNER.id]
    assert found.json()["results"][0]["email"] == OWNER.email
    assert none.json()["results"] == []


# --- Batches -------------------------------------------------------------------------------------


def test_batches_take_at_most_100_inputs(api: httpx.Client) -> None:
    inputs = [{"properties": {"email": f"p{i}@example.com"}} for i in range(101)]

    too_many = api.post("/crm/v3/objects/contacts/batch/create", json={"inputs": inputs})
    enough = api.post("/crm/v3/objects/contacts/batch/create", json={"inputs": inputs[:100]})

    assert too_many.status_code == 400
    assert too_many.json()["category"] == "VALIDATION_ERROR"
    assert enough.status_code == 201
    assert enough.json()["status"] == "COMPLETE"
    assert len(enough.json()["results"]) == 100


def test_a_batch_create_with_a_bad_input_creates_nothing(api: httpx.Client, state: HubSpotState) -> None:
    inputs = [{"properties": {"email": "one@example.com"}}, {"properties": {"email": "one@example.com"}}]

    response = api.post("/crm/v3/objects/contacts/batch/create", json={"inputs": inputs})

    assert response.status_code == 409
    assert state.all_objects("contacts") == []


def test_batch_read_by_email_reports_missing_ones_with_207(api: httpx.Client) -> None:
    known = create(api, "contacts", email="known@example.com")

    response = api.post(
        "/crm/v3/objects/contacts/batch/read",
        json={
            "idProperty": "email",
            "properties": ["email"],
            "inputs": [{"id": "KNOWN@example.com"}, {"id": "x@y.io"}],
        },
    )

    assert response.status_code == 207
    body = response.json()
    assert [r["id"] for r in body["results"]] == [known["id"]]
    assert body["results"][0]["properties"]["email"] == "known@example.com"
    assert body["numErrors"] == 1
    assert body["errors"][0]["category"] == "OBJECT_NOT_FOUND"
    assert body["errors"][0]["context"] == {"ids": ["x@y.io"]}


def test_upsert_reports_new_then_updates_the_same_object(api: httpx.Client, state: HubSpotState) -> None:
    def upsert(**props: Any) -> httpx.Response:
        return api.post(
            "/crm/v3/objects/deals/batch/upsert",
            json={"inputs": [{"idProperty": "mailtriage_key", "id": "deal:1", "properties": props}]},
        )

    first = upsert(dealname="First", dealstage="appointmentscheduled")
    second = upsert(dealname="Renamed")

    assert first.status_code == 200
    assert second.status_code == 200
    assert first.json()["results"][0]["new"] is True
    assert second.json()["results"][0]["new"] is False
    assert first.json()["results"][0]["id"] == second.json()["results"][0]["id"]
    deals = state.all_objects("deals")
    assert len(deals) == 1
    assert deals[0]["properties"]["dealname"] == "Renamed"
    assert deals[0]["properties"]["mailtriage_key"] == "deal:1"


def test_upsert_contacts_by_email(api: httpx.Client) -> None:
    existing = create(api, "contacts", email="up@example.com")

    response = api.post(
        "/crm/v3/objects/contacts/batch/upsert",
        json={
            "inputs": [
                {"idProperty": "email", "id": "UP@example.com", "properties": {"firstname": "U"}},
                {"idProperty": "email", "id": "fresh@example.com", "properties": {}},
            ]
        },
    )

    results = response.json()["results"]
    assert [(r["id"] == existing["id"], r["new"]) for r in results] == [(True, False), (False, True)]
    assert results[1]["properties"]["email"] == "fresh@example.com"


def test_upsert_needs_a_unique_id_property(api: httpx.Client) -> None:
    response = api.post(
        "/crm/v3/objects/contacts/batch/upsert",
        json={"inputs": [{"idProperty": "firstname", "id": "Ada", "properties": {}}]},
    )

    assert response.status_code == 400
    assert "non-unique" in response.json()["message"]


def test_a_partly_failed_upsert_is_207_with_errors(api: httpx.Client) -> None:
    response = api.post(
        "/crm/v3/objects/notes/batch/upsert",
        json={
            "inputs": [
                {"idProperty": "mailtriage_key", "id": "n1", "properties": {"hs_timestamp": "2024-01-01"}},
                {"idProperty": "mailtriage_key", "id": "n2", "properties": {"hs_note_body": "no time"}},
            ]
        },
    )

    assert response.status_code == 207
    body = response.json()
    assert len(body["results"]) == 1
    assert body["results"][0]["new"] is True
    assert body["numErrors"] == 1
    assert body["errors"][0]["category"] == "VALIDATION_ERROR"
    assert body["errors"][0]["context"] == {"ids": ["n2"]}


# --- Search --------------------------------------------------------------------------------------


@pytest.fixture
def deals(api: httpx.Client) -> dict[str, str]:
    made = {}
    for name, amount, stage in (
        ("Alpha deal", 100, "appointmentscheduled"),
        ("Beta deal", 250, "closedwon"),
        ("Gamma project", 400, "appointmentscheduled"),
        ("Delta", None, "closedlost"),
    ):
        props: dict[str, Any] = {"dealname": name, "dealstage": stage}
        if amount is not None:
            props["amount"] = amount
        made[name.split()[0]] = create(api, "deals", **props)["id"]
    return made


def test_search_operators(api: httpx.Client, deals: dict[str, str]) -> None:
    def names(*filters: dict[str, Any]) -> set[str]:
        found = set(ids_of(search(api, "deals", *filters)))
        return {name for name, oid in deals.items() if oid in found}

    assert names({"propertyName": "dealstage", "operator": "EQ", "value": "closedwon"}) == {"Beta"}
    assert names({"propertyName": "dealstage", "operator": "NEQ", "value": "appointmentscheduled"}) == {
        "Beta",
        "Delta",
    }
    assert names({"propertyName": "dealstage", "operator": "IN", "values": ["closedwon", "closedlost"]}) == {
        "Beta",
        "Delta",
    }
    assert names({"propertyName": "amount", "operator": "GT", "value": "250"}) == {"Gamma"}
    assert names({"propertyName": "amount", "operator": "GTE", "value": 250}) == {"Beta", "Gamma"}
    assert names({"propertyName": "amount", "operator": "LT", "value": "250"}) == {"Alpha"}
    assert names({"propertyName": "amount", "operator": "LTE", "value": "250"}) == {"Alpha", "Beta"}
    assert names({"propertyName": "amount", "operator": "HAS_PROPERTY"}) == {"Alpha", "Beta", "Gamma"}
    assert names({"propertyName": "amount", "operator": "NOT_HAS_PROPERTY"}) == {"Delta"}
    assert names({"propertyName": "dealname", "operator": "CONTAINS_TOKEN", "value": "deal"}) == {
        "Alpha",
        "Beta",
    }
    assert names({"propertyName": "dealname", "operator": "CONTAINS_TOKEN", "value": "proj*"}) == {"Gamma"}
    # Filters inside a group AND.
    assert names(
        {"propertyName": "dealstage", "operator": "EQ", "value": "appointmentscheduled"},
        {"propertyName": "amount", "operator": "GT", "value": "200"},
    ) == {"Gamma"}


def test_search_filter_groups_are_ored(api: httpx.Client, deals: dict[str, str]) -> None:
    response = api.post(
        "/crm/v3/objects/deals/search",
        json={
            "filterGroups": [
                {"filters": [{"propertyName": "dealname", "operator": "EQ", "value": "alpha deal"}]},
                {"filters": [{"propertyName": "dealstage", "operator": "EQ", "value": "closedlost"}]},
            ]
        },
    )

    assert sorted(ids_of(response)) == sorted([deals["Alpha"], deals["Delta"]])
    assert response.json()["total"] == 2


def test_search_sorts_pages_and_returns_asked_properties(api: httpx.Client, deals: dict[str, str]) -> None:
    body = {
        "sorts": [{"propertyName": "amount", "direction": "DESCENDING"}],
        "properties": ["amount"],
        "limit": 2,
    }
    first = search(api, "deals", **body)
    second = search(api, "deals", **body, after=first.json()["paging"]["next"]["after"])

    assert ids_of(first) == [deals["Gamma"], deals["Beta"]]
    assert first.json()["total"] == 4
    assert first.json()["results"][0]["properties"]["amount"] == "400"
    assert "dealname" not in first.json()["results"][0]["properties"]
    assert ids_of(second) == [deals["Alpha"], deals["Delta"]]  # no value sorts last
    assert "paging" not in second.json()


def test_search_default_limit_is_10(api: httpx.Client) -> None:
    for i in range(12):
        create(api, "companies", name=f"C{i}")

    response = search(api, "companies")

    assert len(ids_of(response)) == 10
    assert response.json()["total"] == 12
    assert response.json()["paging"]["next"]["after"] == "10"


def test_search_limits(api: httpx.Client) -> None:
    flt = {"propertyName": "name", "operator": "HAS_PROPERTY"}

    assert search(api, "companies", limit=200).status_code == 200
    assert search(api, "companies", limit=201).status_code == 400
    assert search(api, "companies", after="9990", limit=10).status_code == 200
    assert search(api, "companies", after="10000").status_code == 400
    six_groups = {"filterGroups": [{"filters": [flt]}] * 6}
    seven_in_a_group = {"filterGroups": [{"filters": [flt] * 7}]}
    nineteen = {"filterGroups": [{"filters": [flt] * 6}] * 3 + [{"filters": [flt]}]}
    eighteen = {"filterGroups": [{"filters": [flt] * 6}] * 3}
    for body in (six_groups, seven_in_a_group, nineteen):
        response = api.post("/crm/v3/objects/companies/search", json=body)
        assert response.status_code == 400
        assert response.json()["category"] == "VALIDATION_ERROR"
    assert api.post("/crm/v3/objects/companies/search", json=eighteen).status_code == 200
    unknown = search(api, "companies", {"propertyName": "name", "operator": "LIKE", "value": "x"})
    assert unknown.status_code == 400


def test_search_lags_writes() -> None:
    with serve(search_lag_ms=300) as (api, _):
        made = create(api, "companies", name="Lagging", domain="lag.example")
        domain = {"propertyName": "domain", "operator": "EQ", "value": "lag.example"}

        assert ids_of(search(api, "companies", domain)) == []
        # The object itself is there at once; only the index lags.
        assert api.get(f"/crm/v3/objects/companies/{made['id']}").status_code == 200
        time.sleep(0.35)
        assert ids_of(search(api, "companies", domain)) == [made["id"]]

        api.patch(f"/crm/v3/objects/companies/{made['id']}", json={"properties": {"domain": "moved.example"}})
        moved = {"propertyName": "domain", "operator": "EQ", "value": "moved.example"}
        assert ids_of(search(api, "companies", domain)) == [made["id"]]  # still the old value
        assert ids_of(search(api, "companies", moved)) == []
        time.sleep(0.35)
        assert ids_of(search(api, "companies", domain)) == []
        assert ids_of(search(api, "companies", moved)) == [made["id"]]


def test_search_is_limited_to_5_requests_a_second() -> None:
    with serve(search_per_s=5) as (api, _):
        statuses = [search(api, "contacts").status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        body = search(api, "contacts").json()
        assert body["errorType"] == "RATE_LIMIT"
        assert body["policyName"] == "SECONDLY"
        # Other endpoints are not held up by the search limit.
        assert api.get("/crm/v3/objects/contacts").status_code == 200


# --- Associations --------------------------------------------------------------------------------


def test_default_associations_are_idempotent_and_listed_both_ways(api: httpx.Client) -> None:
    contact = create(api, "contacts", email="link@example.com")["id"]
    company = create(api, "companies", name="Linked")["id"]
    path = f"/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"

    first, again = api.put(path), api.put(path)

    assert first.status_code == 200
    assert again.status_code == 200
    assert {r["associationSpec"]["associationTypeId"] for r in first.json()["results"]} == {279, 280}
    listed = api.get(f"/crm/v4/objects/contacts/{contact}/associations/companies").json()
    assert listed == {
        "results": [
            {
                "toObjectId": int(company),
                "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None}],
            }
        ]
    }
    reverse = api.get(f"/crm/v4/objects/companies/{company}/associations/contacts").json()
    assert reverse["results"][0]["toObjectId"] == int(contact)
    assert reverse["results"][0]["associationTypes"][0]["typeId"] == 280


def test_associating_a_missing_object_is_404(api: httpx.Client) -> None:
    contact = create(api, "contacts", email="alone@example.com")["id"]

    response = api.put(f"/crm/v4/objects/contacts/{contact}/associations/default/deals/424242")

    assert response.status_code == 404
    assert response.json()["category"] == "OBJECT_NOT_FOUND"


def test_batch_associate_and_inline_associations(api: httpx.Client, state: HubSpotState) -> None:
    contact = create(api, "contacts", email="many@example.com")["id"]
    deal = create(api, "deals", dealname="D", dealstage="appointmentscheduled")["id"]
    note = api.post(
        "/crm/v3/objects/notes",
        json={
            "properties": {"hs_timestamp": "2024-01-01T00:00:00Z", "hs_note_body": "x"},
            "associations": [
                {
                    "to": {"id": contact},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}],
                }
            ],
        },
    )
    batch = api.post(
        "/crm/v4/associations/deals/contacts/batch/associate/default",
        json={
            "inputs": [
                {"from": {"id": deal}, "to": {"id": contact}},
                {"from": {"id": deal}, "to": {"id": "999"}},
            ]
        },
    )
    bad_type = api.post(
        "/crm/v3/objects/notes",
        json={
            "properties": {"hs_timestamp": "2024-01-01T00:00:00Z"},
            "associations": [{"to": {"id": contact}, "types": [{"associationTypeId": 279}]}],
        },
    )

    assert note.status_code == 201
    assert state.associated("notes", note.json()["id"], "contacts") == [contact]
    assert batch.status_code == 207
    assert batch.json()["numErrors"] == 1
    assert state.associated("contacts", contact, "deals") == [deal]
    assert bad_type.status_code == 400
    labels = api.get("/crm/v4/associations/contacts/companies/labels").json()["results"]
    assert {label["typeId"] for label in labels} == {1, 279}


# --- Lists ---------------------------------------------------------------------------------------


def test_list_pages_with_after_and_shows_associations(api: httpx.Client) -> None:
    made = [create(api, "contacts", email=f"l{i}@example.com")["id"] for i in range(5)]
    company = create(api, "companies", name="Co")["id"]
    api.put(f"/crm/v4/objects/contacts/{made[0]}/associations/default/companies/{company}")

    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2, "properties": "email", "associations": "companies"}
    pages = 0
    while True:
        body = api.get("/crm/v3/objects/contacts", params=params).json()
        seen += [r["id"] for r in body["results"]]
        pages += 1
        if pages == 1:
            assert body["results"][0]["associations"]["companies"]["results"] == [
                {"id": company, "type": "contact_to_company"}
            ]
        if "paging" not in body:
            break
        params["after"] = body["paging"]["next"]["after"]

    assert seen == made
    assert pages == 3
    assert api.get("/crm/v3/objects/contacts", params={"limit": 101}).status_code == 400


# --- Rate limits and faults ----------------------------------------------------------------------


def test_every_reply_carries_the_rate_limit_headers(api: httpx.Client) -> None:
    first = api.get("/crm/v3/objects/contacts")
    second = api.get("/crm/v3/objects/contacts/1")  # a 404 counts too

    for response in (first, second):
        for name in ("Daily", "Daily-Remaining", "Interval-Milliseconds", "Max", "Remaining"):
            assert f"x-hubspot-ratelimit-{name.lower()}" in response.headers
    assert first.headers["x-hubspot-ratelimit-interval-milliseconds"] == "10000"
    assert int(first.headers["x-hubspot-ratelimit-remaining"]) - 1 == int(
        second.headers["x-hubspot-ratelimit-remaining"]
    )
    assert int(first.headers["x-hubspot-ratelimit-daily-remaining"]) - 1 == int(
        second.headers["x-hubspot-ratelimit-daily-remaining"]
    )


def test_the_ten_second_and_daily_limits_answer_429() -> None:
    with serve(burst_per_10s=3) as (api, _):
        statuses = [api.get("/crm/v3/objects/contacts").status_code for _ in range(4)]
        refused = api.get("/crm/v3/objects/contacts")
        assert statuses == [200, 200, 200, 429]
        body = refused.json()
        assert body["status"] == "error"
        assert body["message"] == "You have reached your ten_secondly_rolling limit."
        assert body["errorType"] == "RATE_LIMIT"
        assert body["policyName"] == "TEN_SECONDLY_ROLLING"
        assert body["correlationId"]
        assert refused.headers["x-hubspot-ratelimit-remaining"] == "0"
        assert "retry-after" not in refused.headers  # HubSpot's own limit: wait out the interval
    with serve(daily=2) as (api, _):
        statuses = [api.get("/crm/v3/objects/contacts").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert api.get("/crm/v3/objects/contacts").json()["policyName"] == "DAILY"


def test_fault_header(api: httpx.Client, state: HubSpotState) -> None:
    limited = api.get("/crm/v3/objects/contacts", headers={FAULT_HEADER: "rate_limit"})
    broken = api.get("/crm/v3/objects/contacts", headers={FAULT_HEADER: "server_error"})
    malformed = api.get("/crm/v3/objects/contacts", headers={FAULT_HEADER: "malformed"})
    html = api.get("/crm/v3/objects/contacts", headers={FAULT_HEADER: "not_json"})
    unknown = api.get("/crm/v3/objects/contacts", headers={FAULT_HEADER: "meteor"})

    assert limited.status_code == 429
    assert limited.json()["policyName"] == "TEN_SECONDLY_ROLLING"
    assert limited.headers["retry-after"] == "1"
    assert broken.status_code == 500
    assert broken.json()["status"] == "error"
    assert malformed.status_code == 200
    assert "results" not in malformed.json()
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert unknown.status_code == 400
    assert [r.fault for r in state.log()] == ["rate_limit", "server_error", "malformed", "not_json", None]


def test_scripted_faults_hit_only_the_matching_route_and_only_so_often(
    api: httpx.Client, state: HubSpotState
) -> None:
    contact = create(api, "contacts", email="s@example.com")["id"]
    company = create(api, "companies", name="S")["id"]
    state.script("server_error", method="PUT", path="/crm/v4/objects/*/associations/default/*")
    path = f"/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}"

    other = api.get("/crm/v3/objects/contacts")
    failed = api.put(path)
    retried = api.put(path)

    assert other.status_code == 200
    assert failed.status_code == 500
    assert retried.status_code == 200


def test_random_faults_are_seeded() -> None:
    def run() -> list[int]:
        with serve(rate_429=0.3, rate_5xx=0.3, seed=7, retry_after_s=0.01) as (api, _):
            return [api.get("/crm/v3/objects/contacts").status_code for _ in range(20)]

    first = run()
    assert first == run()
    assert {429, 200} <= set(first)
    assert any(status >= 500 for status in first)


def test_config_faults_are_a_script() -> None:
    scripted = (ScriptedFault("unavailable", method="POST", path="/crm/v3/objects/*/batch/*", times=2),)
    with serve(faults=scripted) as (api, _):
        body = {"inputs": [{"idProperty": "email", "id": "a@b.io", "properties": {}}]}
        statuses = [
            api.post("/crm/v3/objects/contacts/batch/upsert", json=body).status_code for _ in range(3)
        ]
        assert statuses == [503, 503, 200]


# --- State ---------------------------------------------------------------------------------------


def test_the_state_file_survives_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "hubspot.json"
    with serve(state_file=state_file) as (api, _):
        contact = create(api, "contacts", email="kept@example.com")["id"]
        company = create(api, "companies", name="Kept")["id"]
        api.put(f"/crm/v4/objects/contacts/{contact}/associations/default/companies/{company}")
    assert state_file.exists()
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, no leftovers

    with serve(state_file=state_file) as (api, state):
        fetched = api.get("/crm/v3/objects/contacts/kept@example.com", params={"idProperty": "email"})
        assert fetched.status_code == 200
        assert fetched.json()["id"] == contact
        assert state.associated("contacts", contact, "companies") == [company]
        duplicate = api.post("/crm/v3/objects/contacts", json={"properties": {"email": "kept@example.com"}})
        assert duplicate.status_code == 409
        newer = create(api, "deals", dealname="After restart", dealstage="closedwon")
        assert int(newer["id"]) > int(company)  # ids keep counting, never reused
        found = search(api, "companies", {"propertyName": "name", "operator": "EQ", "value": "Kept"})
        assert ids_of(found) == [company]


def test_the_cli_command_documents_its_options() -> None:
    result = CliRunner().invoke(sandbox_app, ["hubspot", "--help"])

    assert result.exit_code == 0
    for option in ("--port", "--token", "--rate-429", "--rate-5xx", "--search-lag-ms", "--state", "--seed"):
        assert option in result.output
