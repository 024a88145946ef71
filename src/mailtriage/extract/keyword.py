"""The interim offline extractor: weighted keywords for intent, header and text rules for fields.

Deterministic, no network. Every field it fills is read from the email itself; what it cannot
ground it leaves null (the CRM must never receive an invented value).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

import yaml

from mailtriage.extract.schemas import (
    Budget,
    Company,
    Extraction,
    ExtractionContext,
    ExtractionRun,
    Intent,
    Interest,
    Person,
    RequiredAction,
    Timeline,
)
from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.schemas import NormalizedEmail

_AMOUNT = re.compile(
    r"(?P<cur1>\$|€|£|usd|eur|gbp|chf|cad|aud|sgd|sek|inr|jpy)?\s?"
    r"(?P<num>\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?(?P<mult>k|m|million|thousand)?\b\s?"
    r"(?P<cur2>usd|eur|gbp|chf|cad|aud|sgd|sek|inr|jpy|dollars|euros|pounds)?"
    r"(?P<per>\s?(?:/|per|a)\s?(?:month|mo|year|yr|annum))?",
    re.IGNORECASE,
)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])")


@dataclass(frozen=True)
class KeywordModel:
    data: dict[str, Any]

    @classmethod
    def bundled(cls) -> KeywordModel:
        text = resources.files("mailtriage.extract").joinpath("keywords.yaml").read_text()
        return cls(yaml.safe_load(text))

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @cached_property
    def intent_patterns(self) -> dict[Intent, list[tuple[re.Pattern[str], float]]]:
        return {
            Intent(intent): [(_phrase_pattern(p), float(w)) for p, w in phrases.items()]
            for intent, phrases in self.data["intents"].items()
        }

    def phrases(self, key: str) -> list[re.Pattern[str]]:
        return [_phrase_pattern(p) for p in self.data[key]]


@dataclass(frozen=True)
class KeywordExtractor:
    """The ``Extractor`` the pipeline uses until a trained or hosted model is configured."""

    tenant: TenantConfig
    model: KeywordModel

    name = "keyword"

    def extract(self, email: NormalizedEmail, context: ExtractionContext | None = None) -> ExtractionRun:
        del context
        started = time.perf_counter()
        extraction = self._extract(email)
        return ExtractionRun(
            extraction=extraction,
            model=self.name,
            model_version=self.model.version,
            latency_ms=(time.perf_counter() - started) * 1000,
        )

    def _extract(self, email: NormalizedEmail) -> Extraction:
        form = self._form_fields(email)
        body = form.get("message", email.new_text) if form else email.new_text
        text = f"{email.subject}\n{body}".lower()
        intent, confidence = self._classify(email, text)
        person = self._person(email, form)
        domain = self._company_domain(person.email)
        company = Company(name=form.get("company") or None, domain=domain)
        products = self._products(text)
        is_lead = intent is Intent.lead
        return Extraction(
            intent=intent,
            person=person,
            company=company,
            interest=Interest(products=products),
            budget=Budget(annual_amount_usd=self._budget(text) if is_lead else None),
            timeline=self._timeline(text) if is_lead else Timeline.unknown,
            region=self._region(domain),
            summary=self._summary(email, body),
            required_action=self._action(intent, text),
            confidence=confidence,
        )

    def _classify(self, email: NormalizedEmail, text: str) -> tuple[Intent, float]:
        sender_domain = registrable_domain(email.sender.email) if email.sender else None
        if sender_domain and sender_domain in self.tenant.blocklist_domains:
            return Intent.spam, 0.97
        scores = {intent: 0.0 for intent in Intent}
        for intent, patterns in self.model.intent_patterns.items():
            scores[intent] = sum(w for pattern, w in patterns if pattern.search(text))
        if email.signals.list_unsubscribe or email.signals.bulk:
            scores[Intent.newsletter] += 4.0
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        (best, top), (_, second) = ranked[0], ranked[1]
        if top == 0:
            # Nothing matched: a human-written message to a sales inbox is most often a lead, but
            # say so with a confidence that sends it to review.
            return Intent.lead, 0.3
        margin = (top - second) / (top + 1.0)
        confidence = round(min(0.95, 0.45 + 0.5 * margin + 0.02 * min(top, 5.0)), 3)
        if len(text.split()) < 6:
            confidence = min(confidence, 0.4)
        return best, confidence

    def _form_fields(self, email: NormalizedEmail) -> dict[str, str]:
        # Form-like lines count only in the tenant's own form notifications; anywhere else they
        # are just text someone wrote.
        form = self.tenant.contact_form
        if not form or not email.sender or email.sender.email != form.sender.lower():
            return {}
        if form.subject.lower() not in email.subject.lower():
            return {}
        return email.form_fields

    def _person(self, email: NormalizedEmail, form: dict[str, str]) -> Person:
        if form.get("email"):
            return Person(name=form.get("name"), email=form["email"].lower())
        if email.sender is None:
            return Person()
        local = email.sender.email.partition("@")[0]
        role = local in self.model.data["role_local_parts"]
        return Person(name=None if role else email.sender.name, email=email.sender.email)

    def _company_domain(self, address: str | None) -> str | None:
        if not address:
            return None
        domain = registrable_domain(address)
        if domain in self.tenant.free_mail_domains:
            return None
        return domain

    def _products(self, text: str) -> tuple[str, ...]:
        found: list[tuple[int, str]] = []
        for product in self.tenant.products:
            positions = [
                m.start()
                for phrase in (product.name.lower(), *product.keywords)
                if (m := _phrase_pattern(phrase.lower()).search(text))
            ]
            if positions:
                found.append((min(positions), product.name))
        return tuple(name for _, name in sorted(found))

    def _budget(self, text: str) -> float | None:
        window = text
        anchor = re.search(r"budget|spend|up to|around|approximately|about", text)
        if anchor:
            window = text[anchor.start() : anchor.start() + 160]
        for m in _AMOUNT.finditer(window):
            cur = (m["cur1"] or m["cur2"] or "").lower()
            currency = _SYMBOLS.get(cur, cur.upper())
            if not currency:
                continue
            rate = self.tenant.currency_rates_usd.get(currency)
            if rate is None:
                return None
            number = float(re.sub(r"[,.](?=\d{3}\b)", "", m["num"]))
            mult = (m["mult"] or "").lower()
            number *= 1_000 if mult in {"k", "thousand"} else 1_000_000 if mult in {"m", "million"} else 1
            per = (m["per"] or "").lower()
            if "mo" in per:
                number *= 12
            return float(round(number * rate))
        return None

    def _timeline(self, text: str) -> Timeline:
        for key in ("now", "quarter", "six_months"):
            if any(_phrase_pattern(p).search(text) for p in self.model.data["timeline"][key]):
                return Timeline(key)
        return Timeline.unknown

    def _region(self, domain: str | None) -> str | None:
        if not domain:
            return None
        tld = domain.rsplit(".", 1)[-1]
        if len(tld) != 2 or tld in self.model.data["generic_tlds"]:
            return None
        return "GB" if tld == "uk" else tld.upper()

    def _summary(self, email: NormalizedEmail, body: str) -> str:
        first = " ".join(body.split())[:240]
        return f"{email.subject.strip()}: {first}".strip(": ")[:300]

    def _action(self, intent: Intent, text: str) -> RequiredAction:
        if intent is Intent.lead:
            wants_demo = any(p.search(text) for p in self.model.phrases("demo_words"))
            wants_price = any(p.search(text) for p in self.model.phrases("pricing_only"))
            return (
                RequiredAction.send_pricing
                if wants_price and not wants_demo
                else RequiredAction.schedule_demo
            )
        return {
            Intent.support: RequiredAction.forward_support,
            Intent.vendor: RequiredAction.route_ops,
            Intent.job_applicant: RequiredAction.route_ops,
        }.get(intent, RequiredAction.ignore)
