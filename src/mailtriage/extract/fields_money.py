"""The budget a lead states: amounts in local formats, annualised and converted to USD.

Only sentences that present the sender's own budget or expected spend count ("we've budgeted
£2,500 per month"); prices Lumen quoted live in the quoted history, which is never read here, and
sentences about invoices, charges or quotes received are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from mailtriage.extract.fields_data import PhraseSet, load, strings
from mailtriage.extract.fields_text import sentences

_NUMBER = r"\d{1,3}(?:[,.'’\u00a0\u202f ]\d{2,3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?"


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Amount:
    value: float  # in the stated currency, per period
    currency: str | None
    per_year: float  # how many times a year it recurs
    text: str


@dataclass(frozen=True, slots=True)
class _Patterns:
    amount: re.Pattern[str]
    currency: re.Pattern[str]
    currencies: dict[str, str]
    multipliers: dict[str, float]
    per_month: re.Pattern[str]
    per_month_before: re.Pattern[str]
    per_quarter: re.Pattern[str]
    per_year: re.Pattern[str]
    per_user: re.Pattern[str]
    cues: PhraseSet  # labelled "cue" (the sender's budget), "not" (money charged), "currency"


def _token_regex(tokens: list[str]) -> str:
    parts = []
    for token in sorted(tokens, key=len, reverse=True):
        escaped = re.escape(token)
        # Alphabetic tokens ("EUR", "kr", "mil") must stand alone; symbols may touch the number.
        parts.append(
            rf"(?<![^\W\d_]){escaped}(?![^\W\d_])"
            if token[-1].isalpha() and ord(token[-1]) < 0x3000
            else escaped
        )
    return "|".join(parts)


@cache
def _patterns() -> _Patterns:
    data = load("money")
    currencies = {str(k): str(v) for k, v in data["currency_tokens"].items()}
    multipliers = {str(k).lower(): float(v) for k, v in data["multipliers"].items()}
    cur = _token_regex(list(currencies))
    mult = _token_regex(list(multipliers))

    def one(c: str, n: str, m: str) -> str:
        return rf"(?P<{c}>{cur})?\s?(?P<{n}>{_NUMBER})\s?(?P<{m}>{mult})?"

    first = one("cur1", "num1", "mult1")
    second = one("cur2", "num2", "mult2")
    amount = re.compile(
        rf"{first}(?:\s?(?:-|–|—|to|bis|à|a|e|and|et|y|and|und)\s?{second})?\s?(?P<cur3>{cur})?",
        re.IGNORECASE,
    )

    def rx(key: str) -> re.Pattern[str]:
        return re.compile("|".join(strings("money", key)), re.IGNORECASE)

    return _Patterns(
        amount=amount,
        currency=re.compile(cur, re.IGNORECASE),
        currencies={k.lower(): v for k, v in currencies.items()},
        multipliers=multipliers,
        per_month=rx("per_month"),
        per_month_before=rx("per_month_before"),
        per_quarter=rx("per_quarter"),
        per_year=rx("per_year"),
        per_user=rx("per_user"),
        cues=PhraseSet.grouped(
            {
                "cue": strings("money", "budget_cues"),
                "not": strings("money", "not_budget_cues"),
                "currency": tuple(re.escape(c) for c in currencies),
            }
        ),
    )


def parse_number(text: str) -> float | None:
    """'50.000' → 50000, '1,5' → 1.5, "60'000" → 60000, '40,00,000' → 4000000, '2 350,00' → 2350."""
    text = re.sub(r"['’\u00a0\u202f ]", "", text)
    separators = [c for c in text if c in ",."]
    if not separators:
        return float(text) if text.isdigit() else None
    last = max(text.rfind(","), text.rfind("."))
    decimals = len(text) - last - 1
    if len(set(separators)) == 2:
        whole, frac = re.sub(r"[,.]", "", text[:last]), text[last + 1 :]
        return float(f"{whole}.{frac}") if decimals <= 2 else float(re.sub(r"[,.]", "", text))
    if len(separators) > 1 or decimals == 3:
        return float(re.sub(r"[,.]", "", text))
    return float(text.replace(",", "."))


def find_amounts(sentence: str) -> list[Amount]:
    p = _patterns()
    found: list[Amount] = []
    if not p.currency.search(sentence):
        return found  # every amount names its currency
    for m in p.amount.finditer(sentence):
        tokens = [m.group(g) for g in ("cur1", "cur2", "cur3") if m.group(g)]
        if not tokens:
            continue
        currency = p.currencies.get(tokens[0].lower())
        first = parse_number(m.group("num1"))
        if first is None:
            continue
        mult1 = p.multipliers.get((m.group("mult1") or "").lower(), 1.0)
        value = first * mult1
        if m.group("num2"):
            second = parse_number(m.group("num2"))
            mult2 = p.multipliers.get((m.group("mult2") or "").lower(), 1.0)
            if second is not None:
                # "20-30k", "entre 2 et 3 k€": the first number shares the second's multiplier.
                if m.group("mult1") is None:
                    value = first * mult2
                value = (value + second * mult2) / 2
        if value < 10:  # a stray digit next to a currency word, not an amount
            continue
        after = sentence[m.end() : m.end() + 40]
        before = sentence[max(0, m.start() - 12) : m.start()]
        per_year = 1.0
        if p.per_user.match(after.strip()):
            seats = re.search(
                r"(\d+)\s*(?:users|staff|seats|people|employees|licen[cs]es|utilisateurs|usuarios|nutzer)",
                sentence,
            )
            if not seats:
                continue
            value *= float(seats.group(1))
            after = after.strip()[p.per_user.match(after.strip()).end() :]  # type: ignore[union-attr]
        if p.per_month.match(after.strip()) or p.per_month_before.search(before):
            per_year = 12.0
        elif p.per_quarter.match(after.strip()):
            per_year = 4.0
        found.append(Amount(value, currency, per_year, m.group(0).strip()))
    return found


def to_usd(amount: Amount, rates: dict[str, float]) -> float | None:
    if amount.currency is None or amount.currency not in rates:
        return None
    return float(round(amount.value * amount.per_year * rates[amount.currency]))


def extract_budget(text: str, rates: dict[str, float]) -> tuple[float | None, str | None]:
    """The annual USD budget the text states, with the sentence it was read from."""
    p = _patterns()
    fallback: tuple[float, str] | None = None
    cue_seen = False
    parts = [s for s in sentences(text) if _DIGIT.search(s)]
    joined = "\n".join(parts)
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1
    labels: dict[int, set[str]] = {}
    for label, hit in p.cues.labelled(joined):
        labels.setdefault(bisect_right(starts, hit.position) - 1, set()).add(label)
    for i, sentence in enumerate(parts):
        if "not" in labels.get(i, ()) or "currency" not in labels.get(i, ()):
            continue
        amounts = find_amounts(sentence)
        if not amounts:
            continue
        has_cue = "cue" in labels.get(i, ())
        converted = [(usd, a) for a in amounts if (usd := to_usd(a, rates)) is not None]
        if has_cue:
            cue_seen = True
            if converted:
                return converted[0][0], sentence
        elif converted and fallback is None:
            fallback = (converted[0][0], sentence)
    if fallback and not cue_seen:
        return fallback
    return None, None
