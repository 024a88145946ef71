"""Sender signals for the pre-filter: authentication results, bulk and machine mail, blocklist,
loops. The header part is read by ``normalize``; the tenant part by ``sender_signals``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.schemas import AuthResults, HeaderSignals, NormalizedEmail

# RFC 8601: "authserv-id; method=result prop=value ...; method=result ...". Comments in
# parentheses may appear anywhere.
_RESULT = re.compile(r"\b(dkim|spf|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
_COMMENT = re.compile(r"\([^()]*\)")


@cache
def _phrases() -> dict[str, Any]:
    text = resources.files("mailtriage.understand").joinpath("machine_mail.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def parse_authentication_results(values: Sequence[str]) -> AuthResults:
    """Results from the topmost Authentication-Results header: the one our own receiving server
    added. Lower headers came with the message and can be forged by the sender."""
    if not values:
        return AuthResults(dkim=None, spf=None, dmarc=None)
    found: dict[str, str] = {}
    for method, result in _RESULT.findall(_COMMENT.sub("", values[0])):
        method = method.lower()
        # Several DKIM signatures: one pass is enough to call the message signed.
        if method not in found or (method == "dkim" and result.lower() == "pass"):
            found[method] = result.lower()
    return AuthResults(dkim=found.get("dkim"), spf=found.get("spf"), dmarc=found.get("dmarc"))


@cache
def _lowered_names(key: str) -> frozenset[str]:
    """The header names listed under ``key`` in machine_mail.yaml, lower-cased."""
    return frozenset(name.lower() for name in _phrases()[key])


@cache
def _phrase_pattern(key: str) -> re.Pattern[str]:
    """The phrases listed under ``key`` as one pattern: one scan of the text instead of one per phrase."""
    return re.compile("|".join(re.escape(str(p)) for p in _phrases()[key]))


def _contains_any(text: str, key: str) -> bool:
    """Whether the lower-cased text holds one of the phrases listed under ``key``."""
    return _phrase_pattern(key).search(text.lower()) is not None


def header_signals(
    headers: Mapping[str, Sequence[str]], subject: str, sender: str | None, body_start: str, content_type: str
) -> HeaderSignals:
    data = _phrases()
    present = {name.lower() for name in headers}

    def first(name: str) -> str | None:
        values = headers.get(name) or headers.get(name.lower())
        return values[0].strip() if values else None

    precedence = (first("Precedence") or "").lower() or None
    auto_submitted = (first("Auto-Submitted") or "no").lower()
    machine_header = (
        auto_submitted != "no"
        or precedence == "auto_reply"
        or not present.isdisjoint(_lowered_names("auto_submitted_headers"))
    )
    local = (sender or "").partition("@")[0].lower()
    bounce = (
        content_type == "multipart/report"
        or local in data["bounce_senders"]
        or _contains_any(subject, "bounce_subject")
    )
    auto_reply = not bounce and (
        machine_header
        or _contains_any(subject, "auto_reply_subject")
        or _contains_any(body_start[:300], "auto_reply_body")
    )
    bulk = precedence in {"bulk", "list", "junk"} or not present.isdisjoint(_lowered_names("bulk_headers"))
    return HeaderSignals(
        auth=parse_authentication_results(
            headers.get("Authentication-Results") or headers.get("authentication-results") or ()
        ),
        list_unsubscribe="list-unsubscribe" in present,
        list_id=first("List-Id"),
        precedence=precedence,
        bulk=bulk,
        auto_submitted=machine_header,
        auto_reply=auto_reply,
        bounce=bounce,
    )


@dataclass(frozen=True, slots=True)
class SenderSignals:
    dkim: str | None
    spf: str | None
    dmarc: str | None
    dkim_failed: bool
    bulk: bool
    list_unsubscribe: bool
    auto_reply: bool
    bounce: bool
    blocklisted: bool
    own_address: bool  # sent by one of the tenant's monitored inboxes: a mail loop
    contact_form: bool
    customer: bool
    colleague_forward: bool  # someone on the tenant's own domain passing on an outside message

    @property
    def machine(self) -> bool:
        """Mail no human wrote to us: it must not reach the CRM or a person's queue as if one had."""
        return self.auto_reply or self.bounce or self.own_address


# "WG:", "TR:", "RV:", "転送:": the subject prefixes mail clients write on a forward.
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:fwd?|wg|tr|rv|fw|vb|vs|pd|enc|doorst|fs|i|ileti|пересл|転送|转发|轉寄|전달)\s*:", re.IGNORECASE
)


def is_forward_subject(subject: str) -> bool:
    return bool(_FORWARD_SUBJECT.match(subject))


def sender_signals(email: NormalizedEmail, tenant: TenantConfig) -> SenderSignals:
    sender = email.sender.email if email.sender else ""
    domain = registrable_domain(sender) if sender else None
    signals = email.signals
    form = tenant.contact_form
    is_form = bool(form and sender == form.sender.lower() and form.subject.lower() in email.subject.lower())
    inboxes = {i.address for i in tenant.inboxes}
    return SenderSignals(
        dkim=signals.auth.dkim,
        spf=signals.auth.spf,
        dmarc=signals.auth.dmarc,
        dkim_failed=signals.auth.dkim in {"fail", "permerror"},
        bulk=signals.bulk,
        list_unsubscribe=signals.list_unsubscribe,
        auto_reply=signals.auto_reply,
        bounce=signals.bounce,
        blocklisted=domain in tenant.blocklist_domains if domain else False,
        own_address=sender in inboxes,
        contact_form=is_form,
        customer=domain in tenant.customer_domains if domain else False,
        colleague_forward=bool(domain)
        and domain == str(tenant.company.get("domain", "")).lower()
        and is_forward_subject(email.subject),
    )
