"""The metrics of shared/gold-standard.md §4, computed exactly as the contract defines them."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mailtriage.evals.dataset import GoldLabels
from mailtriage.extract.schemas import Extraction, Intent

# Legal forms ignored at the end of a company name (or, as in Japanese, at the start). Compared
# after punctuation is removed and case folded, so "S.r.l." and "srl", "Sp. z o.o." and "sp z oo"
# are the same form.
_LEGAL_FORMS = [
    "Inc",
    "LLC",
    "LLP",
    "LP",
    "Ltd",
    "Limited",
    "Private Limited",
    "Pvt Ltd",
    "Pte Ltd",
    "Pty Ltd",
    "PLC",
    "Corp",
    "Corporation",
    "Co",
    "GmbH",
    "GmbH & Co KG",
    "KG",
    "AG",
    "SE",
    "SA",
    "SAS",
    "SARL",
    "SL",
    "SRL",
    "S.r.l.",
    "SpA",
    "S.A. de C.V.",
    "Ltda",
    "BV",
    "NV",
    "AB",
    "AS",
    "A/S",
    "ApS",
    "Oy",
    "Sp. z o.o.",
    "KK",
    "株式会社",
    "有限会社",
]
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCT.sub(" ", text).replace("_", " ").split())


def _squash(text: str) -> str:
    return text.replace(" ", "")


_FORMS = frozenset(_squash(_fold(f)) for f in _LEGAL_FORMS)
# Japanese forms attach to the name without a space, before or after it.
_CJK_FORMS = tuple(f for f in _FORMS if not f.isascii())


def normalize_string(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value.casefold() if value else None


def _strip_form(words: list[str]) -> list[str]:
    for size in range(min(5, len(words) - 1), 0, -1):  # always keep at least one word
        if _squash(" ".join(words[-size:])) in _FORMS:
            return words[:-size]
    for form in _CJK_FORMS:
        first, last = words[0], words[-1]
        if first.startswith(form) and (len(first) > len(form) or len(words) > 1):
            return ([first[len(form) :]] if len(first) > len(form) else []) + words[1:]
        if last.endswith(form) and (len(last) > len(form) or len(words) > 1):
            return words[:-1] + ([last[: -len(form)]] if len(last) > len(form) else [])
    return words


def normalize_company(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    words = _fold(value).split()
    while words:
        stripped = _strip_form(words)
        if stripped == words:
            break
        words = stripped
    return " ".join(words) or _fold(value) or None


def budgets_match(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= 0.01 * abs(gold)


FIELDS = ("person.email", "company.name", "person.name", "company.domain", "region")


def field_values(labels: GoldLabels | Extraction) -> dict[str, str | None]:
    return {
        "person.email": normalize_string(labels.person.email),
        "company.name": normalize_company(labels.company.name),
        "person.name": normalize_string(labels.person.name),
        "company.domain": normalize_string(labels.company.domain),
        "region": normalize_string(labels.region),
    }


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: str | None, predicted: str | None) -> None:
        """§4: a correct non-null prediction is a TP; a non-null prediction that differs (or where
        gold is null) is an FP; a non-null gold value not predicted exactly is an FN."""
        if gold is not None and predicted == gold:
            self.tp += 1
            return
        if predicted is not None:
            self.fp += 1
        if gold is not None:
            self.fn += 1

    def as_dict(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class Scored:
    id: str
    subject: str
    gold: GoldLabels
    predicted: Extraction


def _products(values: Sequence[str]) -> set[str]:
    return {v.strip().casefold() for v in values if v.strip()}


def score(items: Sequence[Scored]) -> dict[str, Any]:
    n = len(items)
    intents = [i.value for i in Intent]
    confusion: dict[str, dict[str, int]] = {g: {p: 0 for p in intents} for g in intents}
    correct = 0
    fields = {name: PRF() for name in FIELDS}
    products = PRF()
    leads = 0
    exact_leads: Counter[str] = Counter()
    exact_all: Counter[str] = Counter()
    actions = 0
    for item in items:
        gold, pred = item.gold, item.predicted
        confusion[gold.intent.value][pred.intent.value] += 1
        correct += gold.intent is pred.intent
        gold_fields, pred_fields = field_values(gold), field_values(pred)
        for name in FIELDS:
            fields[name].add(gold_fields[name], pred_fields[name])
        gold_products, pred_products = _products(gold.interest.products), _products(pred.interest.products)
        products.tp += len(gold_products & pred_products)
        products.fp += len(pred_products - gold_products)
        products.fn += len(gold_products - pred_products)
        budget_ok = budgets_match(gold.budget.annual_amount_usd, pred.budget.annual_amount_usd)
        timeline_ok = gold.timeline is pred.timeline
        exact_all["budget"] += budget_ok
        exact_all["timeline"] += timeline_ok
        if gold.intent is Intent.lead:
            leads += 1
            exact_leads["budget"] += budget_ok
            exact_leads["timeline"] += timeline_ok
        actions += gold.required_action is pred.required_action
    per_intent: dict[str, dict[str, float]] = {}
    for intent in intents:
        tp = confusion[intent][intent]
        predicted = sum(confusion[g][intent] for g in intents)
        support = sum(confusion[intent].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    return {
        "n": n,
        "intent_accuracy": round(correct / n, 4) if n else 0.0,
        "per_intent": per_intent,
        "confusion": confusion,
        "field_f1": {name: prf.as_dict()["f1"] for name, prf in fields.items()},
        "field_detail": {name: prf.as_dict() for name, prf in fields.items()},
        "exact_match_leads": {
            k: round(exact_leads[k] / leads, 4) if leads else 0.0 for k in ("budget", "timeline")
        },
        "exact_match_all": {k: round(exact_all[k] / n, 4) if n else 0.0 for k in ("budget", "timeline")},
        "leads": leads,
        "products_f1": products.as_dict()["f1"],
        "required_action_accuracy": round(actions / n, 4) if n else 0.0,
        "calibration": calibration(items),
    }


def calibration(items: Sequence[Scored], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error of the reported confidence against intent correctness."""
    buckets: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for item in items:
        confidence = min(max(item.predicted.confidence, 0.0), 1.0)
        buckets[min(int(confidence * bins), bins - 1)].append(
            (confidence, item.gold.intent is item.predicted.intent)
        )
    table = []
    ece = 0.0
    total = len(items)
    for b in range(bins):
        rows = buckets.get(b, [])
        if not rows:
            continue
        mean_conf = sum(c for c, _ in rows) / len(rows)
        accuracy = sum(ok for _, ok in rows) / len(rows)
        ece += len(rows) / total * abs(mean_conf - accuracy)
        table.append(
            {
                "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                "count": len(rows),
                "mean_confidence": round(mean_conf, 4),
                "accuracy": round(accuracy, 4),
            }
        )
    return {"ece": round(ece, 4), "bins": bins, "reliability": table}


def wrong_fields(item: Scored) -> list[tuple[str, Any, Any]]:
    """Every field the prediction got wrong, with the gold and predicted value as written."""
    gold, pred = item.gold, item.predicted
    out: list[tuple[str, Any, Any]] = []
    if gold.intent is not pred.intent:
        out.append(("intent", gold.intent.value, pred.intent.value))
    raw = {
        "person.email": (gold.person.email, pred.person.email),
        "company.name": (gold.company.name, pred.company.name),
        "person.name": (gold.person.name, pred.person.name),
        "company.domain": (gold.company.domain, pred.company.domain),
        "region": (gold.region, pred.region),
    }
    gold_norm, pred_norm = field_values(gold), field_values(pred)
    for name, (g, p) in raw.items():
        if gold_norm[name] != pred_norm[name]:
            out.append((name, g, p))
    if _products(gold.interest.products) != _products(pred.interest.products):
        out.append(("products", list(gold.interest.products), list(pred.interest.products)))
    if not budgets_match(gold.budget.annual_amount_usd, pred.budget.annual_amount_usd):
        out.append(("budget", gold.budget.annual_amount_usd, pred.budget.annual_amount_usd))
    if gold.timeline is not pred.timeline:
        out.append(("timeline", gold.timeline.value, pred.timeline.value))
    if gold.required_action is not pred.required_action:
        out.append(("required_action", gold.required_action.value, pred.required_action.value))
    return out
