from __future__ import annotations

import pytest

from mailtriage.extract.llm import PriceTable


def test_cost_is_per_million_tokens() -> None:
    table = PriceTable({"gpt-test": (2.5, 10.0)})
    assert table.cost_usd(("gpt-test",), 1_000, 500) == pytest.approx(0.0025 + 0.005)


def test_reported_snapshot_falls_back_to_the_configured_name() -> None:
    table = PriceTable({"gpt-test": (1.0, 2.0)})
    assert table.cost_usd(("gpt-test-2026-01-01", "gpt-test"), 1_000_000, 0) == pytest.approx(1.0)
    assert table.unpriced == set()


def test_unknown_model_costs_zero_and_is_flagged() -> None:
    table = PriceTable({})
    assert table.cost_usd(("mystery", "mystery"), 10, 10) == 0.0
    assert table.cost_usd(("mystery",), 10, 10) == 0.0
    assert table.unpriced == {"mystery"}
