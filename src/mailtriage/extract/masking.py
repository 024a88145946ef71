"""Reversible masking of secrets and sensitive numbers before text leaves for a hosted model.

Each finding becomes a placeholder such as ``[CARD_1]``; the mapping stays here, and any value the
model returns is unmasked before it is used. Phone numbers keep their country calling code in the
placeholder (``[PHONE_1 +49]``) because the region may be read from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class MaskKind(StrEnum):
    card = "card"
    iban = "iban"
    national_id = "national_id"
    password = "password"
    api_key = "api_key"
    phone = "phone"
    email = "email"


def _luhn(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _always(_: re.Match[str]) -> bool:
    return True


_PATTERNS: dict[MaskKind, tuple[re.Pattern[str], Callable[[re.Match[str]], bool]]] = {
    MaskKind.card: (
        re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"),
        lambda m: _luhn(re.sub(r"\D", "", m.group())),
    ),
    MaskKind.iban: (
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),
        lambda m: _iban_ok(m.group()),
    ),
    # US SSN, UK National Insurance number, and labelled tax or national id numbers.
    MaskKind.national_id: (
        re.compile(
            r"\b\d{3}-\d{2}-\d{4}\b|\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
            r"|(?i:\b(?:ssn|tax id|national id|steuer-?id|nif|cpf|aadhaar|pan)\s*[:#]?\s*)[A-Z0-9.\- ]{6,20}"
        ),
        _always,
    ),
    MaskKind.password: (
        re.compile(
            r"(?i)\b(?:password|passwort|mot de passe|contraseña|senha|wachtwoord|pwd|pw)\s*[:=]\s*\S+"
        ),
        _always,
    ),
    MaskKind.api_key: (
        re.compile(
            r"\b(?:sk-[A-Za-z0-9_\-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9\-]{10,}"
            r"|AIza[0-9A-Za-z_\-]{30,}|[A-Fa-f0-9]{40,}|eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})\b"
        ),
        _always,
    ),
    MaskKind.phone: (
        re.compile(
            r"(?<![\w+])(?:\+|00)(\d{1,3})[\s.\-/]?(?:\(0\)[\s.\-]?)?\d(?:[\s.\-/]?\d){5,13}(?!\d)"
            r"|(?<![\w+])\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?!\d)"
        ),
        _always,
    ),
    MaskKind.email: (re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b"), _always),
}
# Cards before phones (a card number also looks like a long phone number), secrets before ids.
_ORDER = [
    MaskKind.password,
    MaskKind.api_key,
    MaskKind.card,
    MaskKind.iban,
    MaskKind.national_id,
    MaskKind.email,
    MaskKind.phone,
]


@dataclass(frozen=True)
class Masked:
    text: str
    mapping: dict[str, str] = field(default_factory=dict)

    def unmask(self, value: str) -> str:
        for placeholder, original in self.mapping.items():
            value = value.replace(placeholder, original)
        return value


def mask(text: str, kinds: Iterable[MaskKind], keep: Iterable[str] = ()) -> Masked:
    """``keep``: values the extraction needs that come from the headers anyway (the sender's
    address and name); they stay readable."""
    wanted = set(kinds)
    kept = {k.lower() for k in keep if k}
    mapping: dict[str, str] = {}
    counters: dict[MaskKind, int] = {}
    for kind in _ORDER:
        if kind not in wanted:
            continue
        pattern, valid = _PATTERNS[kind]

        def replace(
            match: re.Match[str], kind: MaskKind = kind, valid: Callable[[re.Match[str]], bool] = valid
        ) -> str:
            found = match.group()
            if found.lower() in kept or found.startswith("[") or not valid(match):
                return found
            counters[kind] = counters.get(kind, 0) + 1
            suffix = f" +{match.group(1)}" if kind is MaskKind.phone and match.group(1) else ""
            placeholder = f"[{kind.value.upper()}_{counters[kind]}{suffix}]"
            mapping[placeholder] = found
            return placeholder

        text = pattern.sub(replace, text)
    return Masked(text=text, mapping=mapping)
