"""Do not invent values: every extracted value is checked against the email itself.

Addresses and names must occur in it; a budget must be an amount written in it (converted by the
tenant's rates, per month or a range allowed for); products must be in the catalogue; a region needs
an explicit signal (the domain's country code, a country named, a calling code). A value that fails
is nulled and the confidence lowered. Sentences that try to instruct a model are not evidence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import phonenumbers
import pycountry
from babel import Locale

from mailtriage.extract.caseless import CaselessPattern
from mailtriage.extract.fields_company import image_names
from mailtriage.extract.fields_money import multipliers, stated_budgets
from mailtriage.extract.fields_region import place_codes
from mailtriage.extract.fields_text import word_count
from mailtriage.extract.schemas import (
    Budget,
    Company,
    Extraction,
    Intent,
    Interest,
    Person,
    RequiredAction,
    Timeline,
)
from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.schemas import NormalizedEmail

_INJECTION = CaselessPattern(
    r"(ignore (?:all |any )?(?:previous|prior|above|the) (?:instructions|rules|prompt)"
    r"|disregard (?:the|all|your) (?:instructions|rules)|system prompt"
    r"|you are (?:an? )?(?:ai|assistant|language model)|as an ai"
    r"|set (?:the )?(?:budget|intent|priority|confidence|region|timeline) to"
    r"|mark (?:this|it) as|classify (?:this|it) as|new instructions)"
)
# A number, with the multiplier written after it ("40k", "1,2 miljoner", "800万"). The number may
# follow a CJK character directly ("年間800万円"), but not a Latin letter or another digit ("INV2291").
_NUMBER_TEXT = r"(\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)"
_BEFORE = r"(?<![A-Za-z\u00c0-\u024f\d.,])"
_BASE_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "tsd": 1e3,
    "tsd.": 1e3,
    "千": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "million": 1e6,
    "millionen": 1e6,
    "millions": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "万": 1e4,
    "億": 1e8,
}


@cache
def _multipliers() -> dict[str, float]:
    """The multipliers the money extractor reads (``field_data/money.yaml``) and the usual ones."""
    return {**_BASE_MULTIPLIERS, **multipliers()}


@cache
def _number_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = sorted(_multipliers(), key=len, reverse=True)
    alpha = "|".join(re.escape(w) for w in words if w[-1].isascii())
    script = "|".join(re.escape(w) for w in words if not w[-1].isascii())
    number = re.compile(
        rf"{_BEFORE}{_NUMBER_TEXT}\s*(?:({alpha})(?![\w])|({script})|(?![\w]))",
        re.IGNORECASE,
    )
    ranged = re.compile(
        rf"{_BEFORE}(\d+(?:[.,]\d+)?)\s*(?:-|–|to|bis|à|a)\s*(\d+(?:[.,]\d+)?)\s*({alpha})(?![\w])",
        re.IGNORECASE,
    )
    return number, ranged


_GENERIC_TLDS = {
    "io",
    "co",
    "ai",
    "me",
    "tv",
    "ly",
    "fm",
    "to",
    "cc",
    "ws",
    "app",
    "dev",
    "xyz",
    "top",
    "biz",
}
_LOCALES = ("en", "de", "fr", "es", "pt", "it", "nl", "ja", "sv", "pl", "da")
_US_WORDS = re.compile(r"\b(?:USA|U\.S\.A?\.|United States)\b|,\s*[A-Z]{2}\s+\d{5}\b")


@dataclass(frozen=True, slots=True)
class Grounding:
    extraction: Extraction
    nulled: tuple[str, ...]
    injection: bool


def evidence_text(email: NormalizedEmail) -> str:
    parts = [email.subject, email.text]
    for header in ("From", "Reply-To", "To", "Cc"):
        parts.extend(email.headers.get(header, []))
    if email.forwarded:
        parts += [email.forwarded.author_name or "", email.forwarded.author_email or "", email.forwarded.text]
    parts.extend(email.form_fields.values())
    # What the sender shows outside the text: a contact card's organisation, a logo's caption.
    parts.extend(a.card_organisation or "" for a in email.attachments)
    parts.extend(image_names(email.body_html or ""))
    text = "\n".join(p for p in parts if p)
    # Instructions aimed at a model are not something the sender states about themselves. (No
    # instruction spans lines, so one search over the whole text rules most texts out.)
    if _INJECTION.search(text) is None:
        return "\n".join(text.splitlines())
    return "\n".join(line for line in text.splitlines() if not _INJECTION.search(line))


def has_injection(email: NormalizedEmail) -> bool:
    return bool(_INJECTION.search(email.text))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _occurs(value: str, haystack: str) -> bool:
    return _norm(value) in haystack


def _company_occurs(name: str, haystack: str) -> bool:
    """A company's name is written in the email, perhaps in another grammatical case: "Technische
    Universität Dresden" for "an der Technischen Universität Dresden". Each word must be there in
    order, with at most two more letters of ending."""
    if _occurs(name, haystack):
        return True
    words = _norm(name).split()
    if len(words) < 2:
        return False
    pattern = r"(?<!\w)" + r"\w{0,2}\s+".join(re.escape(w) for w in words) + r"\w{0,2}(?!\w)"
    return re.search(pattern, haystack) is not None


_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0eff]")


def _name_occurs(name: str, haystack: str) -> bool:
    """A person's name is written in the email, perhaps in parts or another order: "Lindemann,
    Petra", or First name / Last name fields of a form. Each word must be there."""
    if _occurs(name, haystack):
        return True
    words = _norm(name).split()
    if not 1 < len(words) <= 4 or _UNSPACED_SCRIPT.search(name):
        return False  # Chinese and Japanese names are written whole
    return all(word in haystack for word in words)


def _amounts(text: str) -> list[float]:
    found: list[float] = []
    table = _multipliers()
    for match in _number_patterns()[0].finditer(text):
        raw, suffix = match.group(1), (match.group(2) or match.group(3) or "").lower()
        digits = raw.replace(" ", "").replace("'", "")
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
            digits = re.sub(r"[.,]", "", digits)
        else:
            digits = (
                digits.replace(",", ".")
                if digits.count(",") == 1 and "." not in digits
                else digits.replace(",", "")
            )
        try:
            value = float(digits)
        except ValueError:
            continue
        found.append(value * table.get(suffix, 1.0))
    return found


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def budget_is_grounded(
    budget: float, text: str, rates: dict[str, float], evidence: str | None = None
) -> bool:
    """Whether the budget is an amount the text writes (per month, per quarter, a range's midpoint,
    any tenant rate). ``evidence``, the sentence the extractor read it from, is re-read with the
    money extractor's own parser when it occurs in the text (per-seat prices times seats, amounts
    in every notation it knows)."""
    if evidence and _occurs(evidence, _norm(text)):
        tolerance = max(0.01 * abs(budget), 1.0)
        if any(abs(usd - budget) <= tolerance for usd in stated_budgets(evidence, rates)):
            return True
    amounts = _amounts(text)
    table = _multipliers()
    # "40-60k": the suffix of a range's upper end applies to its lower end too.
    for low, high, suffix in _number_patterns()[1].findall(text):
        factor = table.get(suffix.lower(), 1.0)
        amounts += [_number(low) * factor, _number(high) * factor]
    candidates = set(amounts)
    candidates.update((a + b) / 2 for a, b in itertools.pairwise(amounts))
    factors = (1.0, 12.0, 4.0)
    for value in candidates:
        for rate in {1.0, *rates.values()}:
            for factor in factors:
                if abs(value * rate * factor - budget) <= max(0.01 * abs(budget), 1.0):
                    return True
    return False


@cache
def _country_names(code: str) -> tuple[str, ...]:
    names: set[str] = set()
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(_norm(value))
    for locale in _LOCALES:
        name = Locale(locale).territories.get(code)
        if name:
            names.add(_norm(name))
    return tuple(n for n in names if len(n) > 3)


@cache
def _country_patterns(code: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The country's names as whole words, and its calling code as a phone number starts."""
    names = _country_names(code)
    named = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?!\w)") if names else None
    calling = phonenumbers.country_code_for_region(code)
    return named, re.compile(rf"(?:\+|\b00)\s?{calling}[\s\-.(]") if calling else None


def region_is_grounded(
    region: str,
    email: NormalizedEmail,
    domain: str | None,
    haystack: str,
    text: str | None = None,
    evidence: str | None = None,
) -> bool:
    """Whether the email names the region: the domain's country code, a country, city, state or
    province of it (``text``: the evidence as written, since place names are matched by case), a
    calling code, or for the US its usual abbreviations."""
    code = region.upper()
    if domain:
        tld = domain.rsplit(".", 1)[-1]
        if tld not in _GENERIC_TLDS and (tld.upper() == code or (tld == "uk" and code == "GB")):
            return True
    names, calling = _country_patterns(code)
    if names is not None and names.search(haystack):
        return True
    if calling is not None and calling.search(email.text):
        return True
    if code == "US" and _US_WORDS.search(email.text):
        return True
    if evidence and _occurs(evidence, haystack) and code in place_codes(evidence):
        return True  # the place the extractor read it from ("Denver", "Portland OR")
    return code in place_codes(text if text is not None else email.text)


def ground(
    extraction: Extraction,
    email: NormalizedEmail,
    tenant: TenantConfig,
    evidence: dict[str, str] | None = None,
) -> Grounding:
    """The extraction with every value the email does not support nulled. ``evidence`` (field →
    the snippet it was read from) lets a check start from where the extractor found the value."""
    text = evidence_text(email)
    haystack = _norm(text)
    nulled: list[str] = []
    person, company = extraction.person, extraction.company

    def keep(name: str, value: str | None, ok: bool) -> str | None:
        if value is not None and not ok:
            nulled.append(name)
            return None
        return value

    email_address = keep(
        "person.email", person.email, bool(person.email) and _occurs(person.email or "", haystack)
    )
    person_name = keep(
        "person.name", person.name, bool(person.name) and _name_occurs(person.name or "", haystack)
    )
    company_name = keep(
        "company.name", company.name, bool(company.name) and _company_occurs(company.name or "", haystack)
    )
    domain = (company.domain or "").lower().strip() or None
    if domain is not None:
        own = registrable_domain(email_address) if email_address else None
        ok = domain not in tenant.free_mail_domains and (domain == own or domain in haystack)
        domain = keep("company.domain", domain, ok)
    catalogue = {p.name.casefold(): p.name for p in tenant.products}
    products = tuple(
        dict.fromkeys(
            catalogue[p.casefold()] for p in extraction.interest.products if p.casefold() in catalogue
        )
    )
    if len(products) != len(extraction.interest.products):
        nulled.append("interest.products")
    is_lead = extraction.intent is Intent.lead
    budget = extraction.budget.annual_amount_usd if is_lead else None
    if budget is not None and not budget_is_grounded(
        budget, text, tenant.currency_rates_usd, (evidence or {}).get("budget")
    ):
        nulled.append("budget")
        budget = None
    timeline = extraction.timeline if is_lead else Timeline.unknown
    region = extraction.region.upper() if extraction.region else None
    if region is not None:
        region = keep(
            "region",
            region,
            len(region) == 2
            and region_is_grounded(region, email, domain, haystack, text, (evidence or {}).get("region")),
        )
    action = _consistent_action(extraction.intent, extraction.required_action)
    words = word_count(email.new_text, enough=6) or word_count(text, enough=6)
    confidence = extraction.confidence - 0.1 * len(nulled)
    if words < 6:
        confidence = min(confidence, 0.4)  # the design: under six words is low confidence
    grounded = extraction.model_copy(
        update={
            "person": Person(name=person_name, email=email_address),
            "company": Company(name=company_name, domain=domain),
            "interest": Interest(products=products),
            "budget": Budget(annual_amount_usd=budget),
            "timeline": timeline,
            "region": region,
            "required_action": action,
            "confidence": round(min(max(confidence, 0.05), 1.0), 3),
        }
    )
    return Grounding(grounded, tuple(nulled), has_injection(email))


def _consistent_action(intent: Intent, action: RequiredAction) -> RequiredAction:
    allowed = {
        Intent.lead: {RequiredAction.schedule_demo, RequiredAction.send_pricing},
        Intent.support: {RequiredAction.forward_support},
        Intent.vendor: {RequiredAction.route_ops},
        Intent.job_applicant: {RequiredAction.route_ops},
        Intent.newsletter: {RequiredAction.ignore},
        Intent.spam: {RequiredAction.ignore},
    }[intent]
    if action in allowed:
        return action
    return RequiredAction.schedule_demo if intent is Intent.lead else next(iter(allowed))
