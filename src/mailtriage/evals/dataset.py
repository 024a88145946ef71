"""Gold sets: the JSONL format of shared/gold-standard.md §3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from mailtriage.extract.schemas import Intent, RequiredAction, Timeline


class GoldPerson(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    email: str | None = None


class GoldCompany(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    domain: str | None = None


class GoldInterest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    products: list[str] = []


class GoldBudget(BaseModel):
    model_config = ConfigDict(extra="ignore")
    annual_amount_usd: float | None = None


class GoldLabels(BaseModel):
    model_config = ConfigDict(extra="ignore")
    intent: Intent
    person: GoldPerson = GoldPerson()
    company: GoldCompany = GoldCompany()
    interest: GoldInterest = GoldInterest()
    budget: GoldBudget = GoldBudget()
    timeline: Timeline = Timeline.unknown
    region: str | None = None
    required_action: RequiredAction


@dataclass(frozen=True, slots=True)
class GoldEmail:
    id: str
    inbox: str
    raw: bytes
    labels: GoldLabels
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class GoldLoadError:
    line: int
    id: str | None
    reason: str


def gold_from_row(row: dict[str, Any], default_id: str) -> GoldEmail:
    return GoldEmail(
        id=str(row.get("id") or default_id),
        inbox=str(row.get("inbox") or ""),
        # §3: the raw string encoded as UTF-8 gives the message bytes.
        raw=str(row["raw"]).encode("utf-8", errors="surrogateescape"),
        labels=GoldLabels.model_validate(row["labels"]),
        notes=row.get("notes"),
    )


def read_gold(path: Path) -> tuple[list[GoldEmail], list[GoldLoadError]]:
    emails: list[GoldEmail] = []
    errors: list[GoldLoadError] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row_id: str | None = None
        try:
            row: dict[str, Any] = json.loads(line)
            row_id = str(row.get("id") or f"line-{number}")
            emails.append(gold_from_row(row, row_id))
        except (json.JSONDecodeError, KeyError, ValidationError, TypeError) as exc:
            errors.append(GoldLoadError(number, row_id, f"{type(exc).__name__}: {exc}"[:500]))
    return emails, errors


def write_gold(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False)
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                # A raw message that is not UTF-8 carries surrogate escapes; \u escapes keep them.
                line = json.dumps(row)
            out.write(line + "\n")
            count += 1
    return count
