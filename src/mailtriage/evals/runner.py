"""Running a configuration over a gold set: the same stages the pipeline runs, timed, no database."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mailtriage.evals.dataset import GoldEmail
from mailtriage.evals.scorers import Scored, score
from mailtriage.extract.protocol import Extractor
from mailtriage.route.rules import route
from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import NormalizeLimits, normalize


@dataclass
class EvalRun:
    items: list[Scored] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    stage_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    model_calls: Counter[str] = field(default_factory=Counter)
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0


def run_gold(
    gold: Sequence[GoldEmail],
    tenant: TenantConfig,
    extractor: Extractor,
    limits: NormalizeLimits | None = None,
) -> EvalRun:
    run = EvalRun()
    started = time.perf_counter()
    for item in gold:
        try:
            t0 = time.perf_counter()
            email = normalize(item.raw, limits)
            t1 = time.perf_counter()
            result = extractor.extract(email)
            t2 = time.perf_counter()
            route(email, result.extraction, tenant)
            t3 = time.perf_counter()
        except Exception as exc:
            run.errors.append({"id": item.id, "error": f"{type(exc).__name__}: {exc}"[:500]})
            continue
        run.stage_ms["normalize"].append((t1 - t0) * 1000)
        run.stage_ms["extract"].append((t2 - t1) * 1000)
        run.stage_ms["route"].append((t3 - t2) * 1000)
        run.model_calls[f"{result.model}:{result.model_version}"] += 1
        run.tokens_in += result.tokens_in
        run.tokens_out += result.tokens_out
        run.cost_usd += result.cost_usd
        run.items.append(
            Scored(id=item.id, subject=email.subject, gold=item.labels, predicted=result.extraction)
        )
    run.seconds = time.perf_counter() - started
    return run


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def report(run: EvalRun, config_version: str) -> dict[str, Any]:
    result = score(run.items)
    result.update(
        {
            "throughput_emails_per_s": round(len(run.items) / run.seconds, 1) if run.seconds else 0.0,
            "latency_ms": {
                stage: {"p50": round(_percentile(v, 0.5), 3), "p95": round(_percentile(v, 0.95), 3)}
                for stage, v in run.stage_ms.items()
            },
            "model_calls": dict(run.model_calls),
            "tokens_in": run.tokens_in,
            "tokens_out": run.tokens_out,
            "cost_usd": round(run.cost_usd, 6),
            "config_version": config_version,
            "errors": run.errors,
        }
    )
    return result


DEFAULT_THRESHOLDS: dict[str, float] = {
    "intent_accuracy": 0.92,
    "field_f1.person.email": 0.95,
    "field_f1.company.name": 0.95,
    "exact_match_leads.budget": 0.80,
    "exact_match_leads.timeline": 0.80,
}


def metric(result: dict[str, Any], path: str) -> float:
    head, _, rest = path.partition(".")
    value = result[head]
    return float(value[rest] if rest else value)


def missed_thresholds(result: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    return [
        f"{path} = {metric(result, path):.4f} < {minimum:.2f}"
        for path, minimum in thresholds.items()
        if metric(result, path) < minimum
    ]
