from __future__ import annotations

import pytest

from mailtriage.evals.dataset import GoldLabels
from mailtriage.evals.scorers import PRF, Scored, budgets_match, normalize_company, score
from mailtriage.extract.schemas import Extraction


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme GmbH", "ACME"),
        ("Brightwave Logistics, Inc.", "brightwave logistics"),
        ("Vogt Maschinenbau GmbH & Co. KG", "Vogt Maschinenbau"),
        ("Nowak Sp. z o.o.", "Nowak"),
        ("Globex S.A. de C.V.", "Globex SA"),
        ("Studio Rossi S.r.l.", "Studio Rossi SRL"),
        ("株式会社サンプル", "サンプル"),
        ("東海電機株式会社", "東海電機"),
        ("Tokai Denki Co., Ltd.", "tokai denki"),
        ("  Pied Piper  ", "pied piper"),
    ],
)
def test_company_names_ignore_case_punctuation_and_legal_forms(a: str, b: str) -> None:
    assert normalize_company(a) == normalize_company(b)


def test_a_legal_form_alone_is_still_a_name_and_different_names_differ() -> None:
    assert normalize_company("Inc") == "inc"
    assert normalize_company("Acme Analytics") != normalize_company("Acme")


def test_budgets_match_within_one_percent_and_null_only_with_null() -> None:
    assert budgets_match(60000, 60500)
    assert not budgets_match(60000, 61000)
    assert budgets_match(None, None)
    assert not budgets_match(None, 0)


def test_field_counting_follows_the_contract() -> None:
    prf = PRF()
    prf.add("a@x.com", "a@x.com")  # TP
    prf.add("a@x.com", "b@x.com")  # FP and FN
    prf.add(None, "c@x.com")  # FP
    prf.add("d@x.com", None)  # FN
    prf.add(None, None)  # nothing
    assert (prf.tp, prf.fp, prf.fn) == (1, 2, 2)
    assert prf.as_dict()["f1"] == pytest.approx(2 * (1 / 3) * (1 / 3) / (2 / 3), abs=1e-4)


def labels(**overrides: object) -> GoldLabels:
    base: dict[str, object] = {
        "intent": "lead",
        "person": {"name": "Dana Ruiz", "email": "Dana@Brightwave.com"},
        "company": {"name": "Brightwave Logistics", "domain": "brightwave.com"},
        "interest": {"products": ["Lumen Insights", "Lumen Pipelines"]},
        "budget": {"annual_amount_usd": 60000},
        "timeline": "quarter",
        "region": "US",
        "required_action": "schedule_demo",
    }
    base.update(overrides)
    return GoldLabels.model_validate(base)


def prediction(**overrides: object) -> Extraction:
    base = labels().model_dump(mode="json") | {"summary": "", "confidence": 0.9}
    base.update(overrides)
    return Extraction.model_validate(base)


def test_scores_over_a_small_set() -> None:
    items = [
        Scored("1", "s", labels(), prediction(person={"name": "dana ruiz", "email": "dana@brightwave.com"})),
        Scored(
            "2",
            "s",
            labels(),
            prediction(
                intent="support",
                timeline="unknown",
                budget={"annual_amount_usd": None},
                required_action="forward_support",
                confidence=0.8,
            ),
        ),
        Scored(
            "3",
            "s",
            labels(
                intent="spam",
                budget={"annual_amount_usd": None},
                timeline="unknown",
                required_action="ignore",
                interest={"products": []},
            ),
            prediction(
                intent="spam",
                budget={"annual_amount_usd": None},
                timeline="unknown",
                required_action="ignore",
                interest={"products": ["Lumen Guard"]},
                confidence=0.95,
            ),
        ),
    ]
    result = score(items)
    assert result["n"] == 3
    assert result["intent_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["confusion"]["lead"]["support"] == 1
    assert result["per_intent"]["lead"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result["field_f1"]["person.email"] == 1.0
    assert result["exact_match_leads"] == {"budget": 0.5, "timeline": 0.5}
    assert result["exact_match_all"] == {"budget": 0.6667, "timeline": 0.6667}
    # products: 4 TP, 1 FP (Guard), 0 FN
    assert result["products_f1"] == pytest.approx(2 * 0.8 * 1.0 / 1.8, abs=1e-4)
    assert result["required_action_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    calibration = result["calibration"]
    assert calibration["ece"] == pytest.approx((1 / 3) * 0.1 + (1 / 3) * 0.8 + (1 / 3) * 0.05, abs=1e-4)
