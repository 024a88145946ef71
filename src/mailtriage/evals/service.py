"""``mailtriage eval``: score a configuration, or compare a candidate with the current one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mailtriage.config import Settings
from mailtriage.evals.dataset import GoldEmail, read_gold
from mailtriage.evals.report import render_html
from mailtriage.evals.runner import DEFAULT_THRESHOLDS, EvalRun, missed_thresholds, report, run_gold
from mailtriage.extract.factory import build_extractor
from mailtriage.tenant import TenantConfig, load_tenant


@dataclass(frozen=True)
class Evaluation:
    result: dict[str, Any]
    run: EvalRun


def load_thresholds(path: Path | None) -> dict[str, float]:
    if path is None:
        return dict(DEFAULT_THRESHOLDS)
    data = yaml.safe_load(path.read_text())
    return {str(k): float(v) for k, v in (data or {}).items()}


def evaluate(
    gold: list[GoldEmail], tenant: TenantConfig, settings: Settings, thresholds: dict[str, float]
) -> Evaluation:
    run = run_gold(gold, tenant, build_extractor(settings, tenant), settings.normalize_limits())
    result = report(run, tenant.config_version)
    result["thresholds"] = thresholds
    result["missed"] = missed_thresholds(result, thresholds)
    return Evaluation(result, run)


def evaluate_file(
    gold_path: Path,
    *,
    settings: Settings,
    config: Path | None,
    thresholds: dict[str, float],
    json_out: Path | None = None,
    html_out: Path | None = None,
) -> Evaluation:
    gold, load_errors = read_gold(gold_path)
    evaluation = evaluate(gold, load_tenant(config), settings, thresholds)
    evaluation.result["errors"] = [
        {"id": e.id or f"line-{e.line}", "error": e.reason} for e in load_errors
    ] + evaluation.result["errors"]
    if json_out:
        json_out.write_text(json.dumps(evaluation.result, indent=2, ensure_ascii=False))
    if html_out:
        html_out.write_text(
            render_html(evaluation.result, evaluation.run, f"mailtriage eval: {gold_path.name}")
        )
    return evaluation


def _flat(result: dict[str, Any]) -> dict[str, float]:
    flat = {
        "intent_accuracy": result["intent_accuracy"],
        "products_f1": result["products_f1"],
        "required_action_accuracy": result["required_action_accuracy"],
    }
    flat.update({f"intent_f1.{k}": v["f1"] for k, v in result["per_intent"].items() if v["support"]})
    flat.update({f"field_f1.{k}": v for k, v in result["field_f1"].items()})
    flat.update({f"exact_match_leads.{k}": v for k, v in result["exact_match_leads"].items()})
    return flat


@dataclass(frozen=True)
class ShadowDelta:
    dataset: str
    metric: str
    current: float
    candidate: float

    @property
    def delta(self) -> float:
        return round(self.candidate - self.current, 4)


def shadow_compare(
    datasets: dict[str, list[GoldEmail]],
    current: TenantConfig,
    candidate: TenantConfig,
    settings: Settings,
) -> list[ShadowDelta]:
    deltas: list[ShadowDelta] = []
    for name, gold in datasets.items():
        if not gold:
            continue
        before = _flat(evaluate(gold, current, settings, {}).result)
        after = _flat(evaluate(gold, candidate, settings, {}).result)
        deltas.extend(ShadowDelta(name, key, before[key], after.get(key, 0.0)) for key in before)
    return deltas
