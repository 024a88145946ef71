from __future__ import annotations

from typing import Any

from mailtriage.extract.schemas import Extraction
from mailtriage.extract.tool_schema import extraction_tool_parameters


def objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [schema] if schema.get("type") == "object" else []
    for child in schema.get("properties", {}).values():
        found += objects(child)
    if "items" in schema:
        found += objects(schema["items"])
    return found


def test_the_tool_schema_is_what_strict_tool_calling_accepts() -> None:
    schema = extraction_tool_parameters(["Lumen Insights", "Lumen Guard"])
    for obj in objects(schema):
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"]), "strict mode: every property required"
    assert schema["properties"]["interest"]["properties"]["products"]["items"]["enum"] == [
        "Lumen Insights",
        "Lumen Guard",
    ]
    assert schema["properties"]["budget"]["properties"]["annual_amount_usd"]["type"] == ["number", "null"]


def test_a_schema_valid_tool_answer_is_a_valid_extraction() -> None:
    answer = {
        "intent": "lead",
        "person": {"name": None, "email": "a@b.example"},
        "company": {"name": None, "domain": None},
        "interest": {"products": []},
        "budget": {"annual_amount_usd": None},
        "timeline": "unknown",
        "region": None,
        "summary": "x",
        "required_action": "schedule_demo",
        "confidence": 0.5,
    }
    assert set(answer) == set(extraction_tool_parameters([])["properties"])
    assert Extraction.model_validate(answer).intent.value == "lead"
