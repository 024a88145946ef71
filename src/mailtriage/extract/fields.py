"""Deterministic offline field extraction: who, which organisation, what, how much, when, where.

``extract_fields(email, intent, tenant)`` reads the CRM fields of shared/gold-standard.md §2 from a
normalised email with rules and the word lists of ``field_data/*.yaml``: no network, no model.
Every value is read from the text (``Fields.evidence`` keeps the snippet); what cannot be
grounded stays null.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from mailtriage.extract.fields_company import (
    Context,
    DomainKey,
    acceptable,
    as_signed,
    as_the_domain_spells,
    as_typed,
    beside_a_title,
    body_names,
    brand_of,
    brand_of_a_firm,
    claimed_brand,
    compact,
    copyright_claimed,
    corroborated,
    display_segments,
    drop_department,
    expanded_acronym,
    form_value,
    from_arabic_text,
    from_body,
    from_copyright,
    from_display_name,
    from_imprint,
    from_label,
    from_lower_case_writing,
    from_postal_imprint,
    from_publisher_line,
    from_script_lines,
    from_script_org_lines,
    from_signature,
    image_names,
    in_full_legal_form,
    in_language_of_mail,
    is_prose,
    is_title,
    left_employer,
    legal_name,
    names_a_team,
    person_like,
    place_of_study,
    signature_names,
    signed_as_a_firm,
    signed_name,
    signed_trade_name,
    spelled_by_address,
    without_ad_marker,
    without_former_names,
    without_lead_in,
    without_trailing_place,
    without_writer,
    writes_in_lower_case,
)
from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex, strings
from mailtriage.extract.fields_money import extract_budget
from mailtriage.extract.fields_products import extract_products
from mailtriage.extract.fields_region import extract_region, is_place
from mailtriage.extract.fields_text import tail_lines
from mailtriage.extract.fields_timeline import extract_timeline
from mailtriage.extract.form_notifications import read_form
from mailtriage.extract.schemas import Company, Intent, Person, RequiredAction, Timeline
from mailtriage.tenant import TenantConfig
from mailtriage.understand.domains import registrable_domain
from mailtriage.understand.forms import parse_form_fields
from mailtriage.understand.phrase_trie import trie_alternation
from mailtriage.understand.replies import attribution_verbs, header_labels, is_mobile_footer
from mailtriage.understand.schemas import Attachment, NormalizedEmail
from mailtriage.understand.signals import is_forward_subject

__all__ = ["Fields", "extract_fields"]

_ADDRESS = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")


@cache
def _forwarded_header() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A forwarded message's From line (name, address), and any other line of its header block: the
    labels the reply splitter knows, in every language it reads."""
    labels = header_labels()
    senders = trie_alternation(labels["from"])
    others = trie_alternation([label for kind, group in labels.items() if kind != "from" for label in group])
    return (
        re.compile(
            rf"^\s*(?:{senders})\s*:\s*(?P<name>[^<\n]*?)\s*<?(?P<email>[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+)>?\s*$",
            re.MULTILINE | re.IGNORECASE,
        ),
        re.compile(rf"^\s*(?:{others})\s*:.*$", re.MULTILINE | re.IGNORECASE),
    )


_SITE = re.compile(r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+[a-z]{2,})(?:/\S*)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Fields:
    person: Person
    company: Company
    products: tuple[str, ...]
    budget_usd: float | None
    timeline: Timeline
    region: str | None
    required_action: RequiredAction
    evidence: dict[str, str]  # field -> the text snippet it was read from (for grounding/audit)


@dataclass(frozen=True, slots=True)
class _Source:
    """Whose words the fields are read from: the sender, a forwarded author or a form submitter."""

    name: str | None
    email: str | None
    text: str  # what the person wrote, signature excluded where the normaliser found it
    signature: str
    display_name: str | None
    form_company: str | None = None
    is_form: bool = False
    service: tuple[str, ...] = ()  # a notifying service's names: never the submitter's company
    html: str = ""  # the sender's own HTML, for the names its images carry (a signature's logo)
    card: str | None = None  # the organisation of the sender's own contact card (a .vcf attached)


@cache
def _people() -> tuple[frozenset[str], PhraseSet, frozenset[str], frozenset[str], frozenset[str]]:
    data = load("people")
    return (
        frozenset(str(x) for x in data["role_local_parts"]),
        phrase_regex(strings("people", "role_name_words")),
        frozenset(str(x).lower() for x in data["honorifics"]),
        frozenset(str(x) for x in data["extra_free_mail_domains"]),
        frozenset(str(x) for x in data["not_company_sites"]),
    )


@cache
def _role_suffixes() -> frozenset[str]:
    return frozenset(str(x) for x in load("people")["role_local_suffixes"])


def _is_role_address(email: str) -> bool:
    local = email.partition("@")[0].lower()
    roles = _people()[0]
    # "noreply", and also "noreply-billing", "info.de", "accounts_payable", "no-reply-forms".
    if local in roles or any(local[:i] in roles for i, c in enumerate(local) if c in "-_."):
        return True
    # A machine's role last: "aws-marketplace-seller-notifications", "leads-noreply" (not a person's
    # "daniel.reyes.ceo.office").
    last = re.split(r"[-_.]", local)[-1]
    if last != local and last in _role_suffixes():
        return True
    return _is_relay_address(email)


def _is_relay_address(email: str) -> bool:
    host = email.rpartition("@")[2].lower()
    return any(host == d or host.endswith("." + d) for d in _relay_domains())


@cache
def _relay_domains() -> frozenset[str]:
    return frozenset(strings("people", "relay_domains"))


# Chinese, Japanese and Korean letters: a name in them beside its Latin form is the same name twice.
_CJK_NAME = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'")
    if _ADDRESS.search(name):  # an address, not "Lisa @ Fernwood Yoga"
        return None
    parts = [part.strip() for part in name.split(",")]
    while len(parts) > 2 and parts[-1].lower() in _people()[2]:
        parts.pop()  # "Vogelsang, Katrin, Dr.": the title after the name
    name = ", ".join(parts)
    if "," in name and len(name.split(",")) == 2:  # "Kowalski, Marta" is written "Marta Kowalski"
        last, first = (part.strip() for part in name.split(","))
        given, *particles = first.split() or [""]
        # "Vries, Sanne de" (a directory's order, the particle last) is "Sanne de Vries".
        if last and given and all(p.islower() for p in particles):
            name = " ".join([given, *particles, last])
    words = name.split()
    eastern = [bool(_CJK_NAME.search(word)) for word in words]
    if any(eastern) and not all(eastern) and eastern.count(eastern[0]) == eastern.index(not eastern[0]):
        # "Kelvin Chan 陳家豪", "박지훈 Jihoon Park": the same name in two scripts, the one written first.
        words = words[: eastern.index(not eastern[0])]
    if (
        len(words) >= 3
        and re.fullmatch(r"[A-Z]{2,5}", words[-1])
        and all(w[-1:].isalpha() and not w.isupper() for w in words[:-1])
    ):
        words = words[:-1]  # "Gasser Reto DGS": the department's letters after a person's name
    # "Dr. Katrin Vogt", "Ing. Paolo Brambilla"; not "ING Zakelijk", a bank's name in capitals.
    while (
        len(words) > 1 and words[0].lower() in _people()[2] and not (len(words[0]) > 2 and words[0].isupper())
    ):
        words.pop(0)
    return " ".join(words) or None


_SIGNED = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,3}(?: [A-Z]\.)?")


def _name_from_signature(
    lines: list[str],
    own: tuple[str, ...] = (),
    key: DomainKey | None = None,
    local: str = "",
    avoid: frozenset[str] = frozenset(),
) -> str | None:
    """A human name written under a sign-off ("Kind regards / Katarzyna Nowak", "Thanks, / Sarah",
    "Best, / Priya K.")."""
    sign_offs = _sign_offs()
    role_words = _people()[1]
    for i, line in enumerate(lines[:-1]):
        if sign_offs.search(line) and len(line) < 60:
            candidate = _clean_name(lines[i + 1].strip()) or ""
            words = candidate.split()
            if (
                1 <= len(words) <= 4
                # Not the display name again, nor it with its service ("PTT Kargo Müşteri Hizmetleri").
                and not any(compact(candidate).startswith(a) for a in avoid if a)
                and _SIGNED.fullmatch(candidate)
                and all(w[:1].isupper() for w in words)
                and (len(words) > 1 or (len(candidate) >= 3 and not candidate.isupper()))
                and not role_words.search(candidate)
                and not any(compact(candidate).startswith(o) for o in own)
                and _human_name(candidate, key, local)
            ):
                return _written_out(candidate, lines[i + 2] if i + 2 < len(lines) else "", key, local)
    return None


def _written_out(signed: str, below: str, key: DomainKey | None, local: str) -> str:
    """The full name on the line under a signed first name ("Best, / Sam / Samuel Okafor")."""
    if " " in signed:
        return signed
    full = _clean_name(below.strip()) or ""
    words = full.split()
    if (
        2 <= len(words) <= 4
        and words[0].lower().startswith(signed.lower())
        and _SIGNED.fullmatch(full)
        and all(w[:1].isupper() for w in words)
        and _human_name(full, key, local)
    ):
        return full
    return signed


_AT = r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+"


@cache
def _quote_author() -> re.Pattern[str]:
    """The head of a quoted message, with its author's address: a "From:" field in any language,
    or an attribution line with the verb after the address ("On …, Dana <d@x.com> wrote:") or
    before it, as the Nordic languages write it ("18 nov. 2026 kl. 11:37 skrev Mattias <m@x.se>:")."""
    labels = trie_alternation(header_labels()["from"], casing="fold")
    verbs = trie_alternation(attribution_verbs(), casing="fold")
    return re.compile(
        rf"^[ \t>]*(?:(?:{labels})\s*:[^\n@]*?<?(?P<a>{_AT})>?[ \t]*$"
        # Zoho closes its line with dashes: "---- On Thu, 09 Jul 2026 … <v@x.in> wrote ---".
        rf"|[^\n]{{5,160}}?<?(?P<b>{_AT})>?\s*(?:{verbs})\s*(?::|-{{2,}})"
        rf"|[^\n]{{0,120}}?(?<!\w)(?:{verbs})(?!\w)[^\n@]{{0,80}}?<?(?P<c>{_AT})>?\s*[:：]?[ \t]*$)",
        re.MULTILINE | re.IGNORECASE,
    )


@cache
def _inline_answers() -> PhraseSet:
    return phrase_regex(strings("people", "inline_answer_cues"))


def _own_quoted(quoted: str, person_email: str | None) -> str:
    """What the person wrote earlier in the thread: the quoted messages whose author is them
    (their signature names the organisation and where it is when the reply is only "Thanks, Gloria")."""
    if not person_email or "@" not in quoted:
        return ""
    heads = list(_quote_author().finditer(quoted))
    blocks = []
    for i, m in enumerate(heads):
        author = (m.group("a") or m.group("b") or m.group("c") or "").lower()
        if author == person_email:
            end = heads[i + 1].start() if i + 1 < len(heads) else len(quoted)
            blocks.append(re.sub(r"(?m)^[ \t]*(?:>[ \t]?)+", "", quoted[m.end() : end]))
    return "\n".join(blocks)


def _tenant_domain(tenant: TenantConfig) -> str:
    return tenant.company.get("domain", "").lower()


def _forwarded_source(email: NormalizedEmail, tenant: TenantConfig) -> _Source | None:
    """A colleague's forward: the person is the original author (Gmail block or Outlook header)."""
    own = _tenant_domain(tenant)
    fwd = email.forwarded
    form = tenant.contact_form
    if fwd and fwd.author_email and form and fwd.author_email.lower() == form.sender.lower():
        # A colleague forwards the website's own form notification: its submitter.
        fields = parse_form_fields(fwd.text)
        if fields.get("email"):
            return _site_form_submitter(fields, fwd.text)
    if fwd and fwd.author_email and registrable_domain(fwd.author_email) != own:
        if _is_role_address(fwd.author_email):
            # A colleague forwards a service's notification (an Intercom transcript): its submitter.
            submitted = _service_submitter(email, fwd.text, fwd.author_email.lower(), own, fwd.author_name)
            if submitted is not None:
                return submitted
        return _author_of(fwd.author_email, fwd.author_name, fwd.text)
    if not is_forward_subject(email.subject):
        return None
    # A forward of a colleague's forward: the outer block is the colleague's, the author is inside.
    history = "\n".join(t for t in (email.parts.quoted, fwd.text if fwd else "") if t)
    for m in _forwarded_header()[0].finditer(history):
        if registrable_domain(m.group("email")) != own:
            return _quoted_author(history, m)
    return None


def _author_of(address: str, name: str | None, text: str) -> _Source:
    """The author of a forwarded message, who the email is about."""
    return _Source(name=_clean_name(name), email=address.lower(), text=text, signature="", display_name=name)


def _quoted_author(history: str, sender: re.Match[str]) -> _Source:
    """The author of a message quoted in a forward, from its From line, with its text below the
    rest of its header block."""
    body = history[sender.end() :]
    headers = list(_forwarded_header()[1].finditer(body[:600]))
    if headers:
        body = body[headers[-1].end() :]
    body = re.sub(r"(?m)^\s*>\s?", "", body)
    return _author_of(sender.group("email"), sender.group("name").strip().strip("\"'") or None, body)


@cache
def _forwarded_for_cues() -> PhraseSet:
    return PhraseSet(strings("people", "forwarded_for_cues"))


@cache
def _forward_requests() -> PhraseSet:
    return PhraseSet(strings("people", "forward_requests"))


def _colleagues_request(email: NormalizedEmail, sender_email: str) -> _Source | None:
    """A colleague's own request that the sender forwards and asks the vendor to take up with them
    ("Ich leite sie Ihnen weiter und bitte Sie, direkt mit Herrn Bärtschi Kontakt aufzunehmen"), or
    that asked to be passed on ("peux-tu faire suivre à Lumen ?"): the author, at the sender's own
    organisation. A forward that only shows what the sender is writing about (an auto-reply, a
    colleague's note) stays the sender's."""
    forwarded = _colleagues_forward(email, sender_email)
    if forwarded is None:
        return None
    if _forwarded_for_cues().search(email.parts.new_text.lower()):
        return forwarded
    return forwarded if _forward_requests().search(forwarded.text[:600].lower()) else None


def _colleagues_forward(email: NormalizedEmail, sender_email: str) -> _Source | None:
    """The message of a colleague at the sender's own organisation that the sender forwards."""
    fwd = email.forwarded
    if fwd and fwd.author_email:
        author = _author_of(fwd.author_email, fwd.author_name, fwd.text)
    else:
        found = _forwarded_header()[0].search(email.parts.quoted)
        if not found:
            return None
        author = _quoted_author(email.parts.quoted, found)
    address = author.email or ""
    if address == sender_email or registrable_domain(address) != registrable_domain(sender_email):
        return None
    return None if _is_role_address(address) else author


def _site_form_submitter(fields: dict[str, str], text: str) -> _Source:
    """The submitter of the tenant's own contact form, from its fields and the notification's text."""
    extra = " ".join(v for k, v in fields.items() if k not in {"message", "name", "email", "company"})
    # The form may also ask for a budget and a timeline on lines of their own: the answers are the
    # submitter's words as much as the message is.
    asked = read_form(text)
    answers = [f"{key.capitalize()}: {asked[key]}." for key in ("budget", "timeline") if asked.get(key)]
    return _submitter(fields, "\n".join([fields.get("message", ""), *answers]), extra)


def _submitter(fields: dict[str, str], text: str, signature: str) -> _Source:
    """The person who filled in a web form, from its fields."""
    return _Source(
        name=_clean_name(fields.get("name")),
        email=fields["email"].strip().lower(),
        text=text,
        signature=signature,
        display_name=fields.get("name"),
        form_company=fields.get("company") or None,
        is_form=True,
    )


def _transcript_author(
    text: str, excluded: set[str], *, top: int | None = 12
) -> tuple[str | None, str | None]:
    """A chat transcript's visitor (Drift, Intercom, Crisp): the first outside address near the top,
    with the name on the line above it or before it on its line ("Hannah Oduya · hannah@…")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:top]
    for i, line in enumerate(lines):
        for m in _ADDRESS.finditer(line):
            address = m.group(0).lower()
            if address in excluded or registrable_domain(address) in excluded or _is_role_address(address):
                continue
            # "Melder: Jan-Philipp Rößler (j.roessler@…)", "Demandeur | Élodie Marchand (…)": the
            # field's label is not the name.
            before = re.split(r"[:|]", line[: m.start()])[-1].strip(" ·|,-–:(<[")
            name = before if before else (lines[i - 1] if i else "")
            words = name.split()
            if not (1 < len(words) <= 4 and all(w[:1].isupper() for w in words)) or _ADDRESS.search(name):
                name = ""
            return address, name or None
    return None, None


_COMMENT_RULE = re.compile(r"^[ \t]*[-_=*~]{5,}[ \t]*$", re.MULTILINE)


def _comment_with(text: str, address: str) -> str:
    """The comment of a ticket thread, between its rules ("-----"), that holds the address."""
    at = text.lower().find(address)
    starts = [m.end() for m in _COMMENT_RULE.finditer(text, 0, at)]
    end = _COMMENT_RULE.search(text, at)
    return text[starts[-1] if starts else 0 : end.start() if end else len(text)].strip()


def _service_submitter(
    email: NormalizedEmail, text: str, sender_email: str, own: str, sender_name: str | None
) -> _Source | None:
    """The submitter of another service's notification (Webflow, Typeform, Jotform, a WordPress
    site, a job portal, a chat widget) sent from a no-reply box: the service is nobody's company,
    and its footer ("Manage your form submissions: https://webflow.com/…") is not the submitter's
    signature."""
    fields = read_form(text)
    if email.form_fields.get("email") and text is email.text:
        fields = {**fields, **email.form_fields}
    reply = email.reply_to if text is email.text else None
    reply_email = reply.email.lower() if reply and reply.email else None
    service = registrable_domain(sender_email)
    names = ((service or "").partition(".")[0], compact(sender_name or ""))
    service_names = tuple(n for n in names if len(n) >= 4)
    # No address among the fields: services set Reply-To to the submitter, whose address they also
    # print in the body (a phishing Reply-To is no one the body names).
    if (
        reply_email
        and fields.get("email") in (None, sender_email)
        and not _is_role_address(reply_email)
        and registrable_domain(reply_email) != service
        and reply_email in text.lower()
    ):
        fields = {**fields, "email": reply_email}
    if fields.get("email") in (None, sender_email):
        excluded = {sender_email, service or "", own}
        address, name = _transcript_author(text, excluded)
        if address is None and _is_relay_address(sender_email):
            # A ticket system names its requester anywhere: Jira's "Reporter: … (address)" under
            # the comment, Zendesk's reporting user's signature under the agent's note.
            address, name = _transcript_author(text, excluded, top=None)
            if address is not None and name is None:
                # Only an address under a signature: the person is who signs the comment it ends.
                return _Source(
                    name=None,
                    email=address,
                    text=_comment_with(text, address),
                    signature="",
                    display_name=None,
                    service=service_names,
                )
        if address is None:
            return None
        fields = {**fields, "email": address, **({"name": name} if name and not fields.get("name") else {})}
    submitted = (fields.get("email") or "").strip().lower()
    if "@" not in submitted or submitted == sender_email:
        return None
    if not fields.get("name") and reply and reply_email == submitted and reply.name:
        fields = {**fields, "name": reply.name}
    said = text if text is not email.text else email.parts.new_text
    if text is email.text and _is_relay_address(sender_email):
        # A ticket system relays the requester's signature with their words ("Stark Logistics GmbH ·
        # Niederlassung Hamburg" under "Gruß, Jörg Baumann").
        said = "\n".join((said, email.parts.signature))
    found = _submitter(fields, said, fields.get("website", ""))
    return replace(found, service=service_names)


def _source(email: NormalizedEmail, tenant: TenantConfig, intent: Intent) -> _Source:
    sender = email.sender
    sender_email = sender.email.lower() if sender else None
    form = tenant.contact_form
    if (
        form
        and sender_email == form.sender.lower()
        and email.subject.strip().lower() == form.subject.lower()
        and email.form_fields.get("email")
    ):
        return _site_form_submitter(email.form_fields, email.text)
    if sender_email and registrable_domain(sender_email) == _tenant_domain(tenant):
        forwarded = _forwarded_source(email, tenant)
        if forwarded:
            return forwarded
    if sender_email and intent not in (Intent.newsletter, Intent.spam):
        passed_on = _colleagues_request(email, sender_email)
        if passed_on:
            return passed_on
    # Junk sent through a web form is about its submitter too ("Email: jake@bulk-seo.biz" in a
    # Webflow notification); other junk from a role address names no one else.
    relayed = intent not in (Intent.newsletter, Intent.spam) or (
        intent is Intent.spam and bool(email.form_fields.get("email"))
    )
    if sender_email and _is_role_address(sender_email) and relayed:
        submitted = _service_submitter(
            email, email.text, sender_email, _tenant_domain(tenant), sender.name if sender else None
        )
        if submitted is not None:
            return submitted
    display = sender.name if sender else None
    return _Source(
        name=_clean_name(display),
        email=sender_email,
        text=email.parts.new_text,
        signature="\n".join(part for part in (email.parts.signature, email.parts.footer) if part),
        display_name=display,
        html=email.body_html or "",
        card=_own_card(email.attachments, sender_email),
    )


def _own_card(attachments: tuple[Attachment, ...], sender_email: str | None) -> str | None:
    """The organisation on a contact card the sender attached about themselves (a card with
    another person's address is someone else's)."""
    for attachment in attachments:
        if attachment.card_organisation and (
            attachment.card_email is None or attachment.card_email.lower() == sender_email
        ):
            return attachment.card_organisation
    return None


_ASBL = re.compile(r",?\s+ASBL$")
_NAME_AT_FIRM = re.compile(r"\s*[A-ZÀ-Þ][\w'’-]+\s+@\s+(?P<org>[A-ZÀ-Þ0-9][\w&.'’ -]{1,40}?)\s*$")
_POSTSCRIPT = re.compile(r"\s*P\.?\s?S\.?(?:\s|:|-)", re.IGNORECASE)
# The prefixes of a subject answered; forwarded subjects and auto-replies are told by `signals`.
_REPLY_SUBJECT = re.compile(r"\s*(?:re|aw|sv|odp|antw|rif|r)\s*:", re.IGNORECASE)
# "via" as sending services write it in other languages ("DocuSign a través de Facturación").
_VIA = re.compile(r"\s(?:via|über|a través de|através de|tramite|przez)\s")
_NAME_SEPARATOR = re.compile(
    r"\s+(?:[|/–—@]|-|via|from|at|a través de|através de|über|tramite|przez)\s+|\s*\("
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _signature_names(lines: list[str]) -> list[str]:
    """Human names written on the line under a sign-off, in every script given
    ("渡辺 健二 / Kenji Watanabe" gives both)."""
    out = []
    for i, line in enumerate(lines[:-1]):
        if _sign_off_at(line) >= 0:
            for part in re.split(r"\s+[/|]\s+", lines[i + 1].strip()):
                words = part.split()
                if 1 <= len(words) <= 4 and not re.search(r"\d|@|\.", part):
                    out.append(part)
    return out


def _own(tenant: TenantConfig) -> tuple[str, ...]:
    """The tenant's own name and its first word, compacted: never the person's organisation."""
    name = tenant.company.get("name", "")
    first = name.split()[0] if name.split() else ""
    return tuple(c for c in {compact(name), compact(first)} if len(c) >= 4)


@cache
def _not_name_words() -> frozenset[str]:
    """Words that are never part of a human name: role and mailbox words, job titles and
    departments, organisation words ("Klantenservice", "Procurement", "Lottery", "Academy")."""
    words = {w.lower() for w in strings("people", "role_name_words")}
    words |= {w.lower() for w in strings("people", "not_name_words")}
    words |= {w.lower() for w in strings("company", "title_words")}
    words |= {w.lower() for w in strings("company", "org_words") if " " not in w}
    return frozenset(words - {w.lower() for w in strings("people", "name_words_kept")})


@cache
def _script_titles() -> tuple[str, ...]:
    return tuple(str(w) for w in load("company")["script_title_suffixes"])


@cache
def _generic_image() -> re.Pattern[str]:
    data = load("company")
    alone = "|".join(re.escape(str(w)) for w in data["image_texts_alone"])
    inside = "|".join(str(w) for w in data["image_words"])
    return re.compile(rf"^(?:{alone})$|\b(?:{inside})\b", re.IGNORECASE)


@cache
def _script_org_endings() -> tuple[str, ...]:
    return tuple(str(w) for w in load("company")["script_org_name_endings"])


_NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "vom",
        "ten",
        "ter",
        "y",
        "e",
        "i",  # Catalan: "Arnau Vilaseca i Puig"
        "bin",
        "binti",
        "al",
        "el",
        "zu",
    ]
)


def _names_domain(words: list[str], key: DomainKey | None) -> bool:
    """Whether the words name the sender's domain: "DNB" for dnb-bankid.com, "Kuopion
    Rakennustarvike" for kuopionrt.fi, "PostNord" for postnord-leverans.net."""
    if key is None or not words:
        return False
    first = compact(words[0])
    if len(first) >= 3 and (first in key.parts or (len(first) >= 4 and key.key.startswith(first))):
        return True
    # "Belastingdienst" for belasting-teruggave-nl.com: a long common start.
    shared = next((i for i, (a, b) in enumerate(zip(first, key.key, strict=False)) if a != b), None)
    shared = min(len(first), len(key.key)) if shared is None else shared
    if shared >= 6 or (shared >= 5 and shared * 2 >= len(first)):
        return True
    return key.quality(" ".join(words)) >= 1


_LONG_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]{6,}")
_CJK_OR_HANGUL = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_BRAND_CAPITALS = re.compile(r"(?!Mc|Mac|De|Di|Da|Le|La|Van|Von|O')[A-Z][a-z]+[A-Z]\w*")


_POSSESSIVE = re.compile(r"\w['’]s\b")


def _human_name(name: str, key: DomainKey | None, local: str) -> bool:
    """Whether the text reads as a person's name rather than a brand, mailbox, department or
    mailing: no role, title or organisation word, no digits, capitalised words (name particles
    aside), and not the domain's name unless the local part names that person too."""
    words = name.split()
    if not words or len(words) > 5 or re.search(r"[\d@&+#!?:/|]|[a-z0-9]\.[a-z]{2,}", name):
        return False
    if _POSSESSIVE.search(name):
        return False  # "Kaya's Kitchen": a business named for its owner
    if _LONG_HANGUL_WORD.fullmatch(name):
        return False  # Korean names run two to four syllables: "탑클릭마케팅" is a business's
    if len(words) > 1 and legal_name(name):
        return False  # "Københavns Kontorservice ApS" signing an invoice is the firm
    if len(words) == 1 and _BRAND_CAPITALS.fullmatch(name):
        return False  # "DocuSign", "PayPal" alone: a brand's capitals, not "McKenzie" or "DeVries"
    not_name = _not_name_words()
    for word in words:
        bare = word.strip(".,'’()\"")
        low = bare.lower()
        if low in not_name or (_CJK.search(bare) and bare.endswith(_script_titles())):
            return False
        if _CJK_OR_HANGUL.search(bare) and bare.endswith(_script_org_endings()):
            return False  # "顺丰速运", "국세청": a business or an agency, however short
        if bare[:1].islower() and low not in _NAME_PARTICLES:
            return False
    first = compact(words[0])
    # "DNB Kundeservice" from dnb-bankid.com, "Cowork Alfama" from faturacao@coworkalfama.pt;
    # not "Anna Kowalski" from anna@kowalski.pl, nor "Samuel Okafor" from sam@okafor.dev.
    # A short form of the first name ("sam" for Samuel) is the person's; a mailbox word that only
    # begins a longer word ("rechnung@" for "Rechnungsstelle") is not.
    shortened = len(local) >= 3 and first.startswith(local) and len(first) - len(local) <= 4
    named_in_local = bool(first) and (first in local or shortened)
    return not (key is not None and _names_domain(words, key) and not named_in_local)


def _related(name: str, local: str) -> bool:
    """Whether the address's local part is made from the name: "dana.ruiz", "druiz", "dana",
    "dr" for Dana Ruiz."""
    words = [w for w in (compact(x) for x in re.split(r"[\s.'’-]+", name)) if w]
    if not words or not local or _CJK.search(name):
        return True
    if any((len(w) >= 3 and w in local) or (len(local) >= 3 and local in w) for w in words):
        return True
    initials = "".join(w[0] for w in words)
    return local.startswith(initials) or local.startswith(words[0][0] + words[-1][:3])


def _mailbox_of_org(name: str, local: str, key: DomainKey | None) -> bool:
    """A display name that is the mailbox's word and the organisation: "Ekonomi Mälardalens
    Elteknik" from ekonomi@malardalenselteknik.se, "Fakturace Překlady Vltava"."""
    words = name.split()
    # Two words after the mailbox's: "Marta Kowalczyk" from marta@kowalczyk-design.pl is a person.
    # A surname with particles is not told apart: "Ruan van der Merwe" from ruan@vandermerwe.dev
    # and "Compta de la Vallée" from compta@delavallee.fr have the same shape.
    return len(words) >= 3 and compact(words[0]) == local and _names_domain(words[1:], key)


def _drop_script_titles(name: str) -> str:
    """The name without the department or title written before it in CJK ("経理部 木村" → "木村",
    "投資アドバイザー 田村" → "田村")."""
    words = name.split()
    if len(words) < 2 or not _CJK.search(name):
        return name
    kept = [w for w in words if not w.endswith(_script_titles())]
    return " ".join(kept) if kept else name


def _name_above_title(
    lines: list[str], key: DomainKey | None, local: str, own: tuple[str, ...]
) -> str | None:
    """A name on the line above a job title or the organisation, where no sign-off marks the
    signature ("Hector Villanueva / Senior Buyer, Indirect Procurement", "Jana Veselá / Překlady
    Vltava s.r.o., Praha")."""
    for i in range(len(lines) - 2, -1, -1):
        candidate = lines[i].strip()
        words = candidate.split()
        below = lines[i + 1].strip()
        if not (2 <= len(words) <= 4 and all(w[:1].isupper() or w in _NAME_PARTICLES for w in words)):
            continue
        if "." in candidate or "," in candidate or len(below) > 60 or is_prose(below):
            continue
        if any(compact(candidate).startswith(o) for o in own) or _sign_off_at(candidate) >= 0:
            continue  # the tenant, addressed above "採用ご担当者様" (the recruiter); "Freundliche Grüsse"
        if _names_role_or_org(below, key) and _human_name(candidate, key, local):
            return _clean_name(candidate)
    return None


def _title_head(line: str) -> str:
    return re.split(r"\s+[|·•/–—-]\s+|,", line, maxsplit=1)[0]


def _names_role_or_org(line: str, key: DomainKey | None) -> bool:
    """A signature line under a name: a job title or department, or the organisation."""
    head = _title_head(line)
    if is_title(head) or any(w.lower() in _not_name_words() for w in head.split()):
        return True
    return bool(legal_name(line)) or _names_domain(head.split(), key)


def _another_signs(display: str, signed: str) -> bool:
    """Whether the signed name is someone other than a display name of three or more words: no word
    shared, nor a short form of one ("Bob" under "Robert"), and the display name has no particle
    of a person's name ("Maria da Silva Costa")."""
    shown = [compact(w) for w in display.split()]
    if len(shown) < 3 or any(w.lower() in _NAME_PARTICLES for w in display.split()):
        return False
    for word in (compact(w) for w in signed.split()):
        if not word or any(word[:3] == w[:3] or word in w or w in word for w in shown if w):
            return False
    if _sign_off_at(signed) >= 0 or any(len(w) < 3 or w.isupper() for w in signed.split()):
        return False  # a second sign-off ("Regards,"), initials ("JM")
    return _human_name(signed, None, "")


def _person(
    source: _Source, lines: list[str], key: DomainKey | None, own: tuple[str, ...], *, bulk: bool
) -> tuple[Person, str | None]:
    """The person, and the display name when it shows a brand or mailbox rather than a person."""
    name = source.name
    introduced = False  # "Maya Lindgren from The Analytics Brief": a person presenting themselves
    advertiser = False  # "(광고)대박투자": a name behind an advertisement marker is a brand
    split_display = False  # "Camila Duarte | Nuvemetria": a person and what they add
    if name and not source.is_form:
        bare = without_ad_marker(name)
        advertiser, name = bare != name, bare
        # "Kevin | SEO Expert", "Lumen Finance via DocuSign", "Priya (Kestrel Labs)", "Alex from
        # CoinRocket": the person is the first part.
        parts = _NAME_SEPARATOR.split(name, maxsplit=1)
        introduced = len(parts) > 1 and bool(re.search(r"\s(?:from|at|@)\s", name))
        split_display = len(parts) > 1
        if (
            len(parts) == 1
            and key is not None
            and (spelled := display_segments(name, particles=True))
            and compact(spelled[0]) == key.key
        ):
            # "Laura de Nubeo" <laura@news.nubeo.com.ar>: Laura, from Nubeo.
            parts, introduced = name.split(" ", 1), True
        name = _clean_name(parts[0])
        if name:
            name = _drop_script_titles(name)
    role_address = bool(source.email and not source.is_form and _is_role_address(source.email))
    local = compact((source.email or "").partition("@")[0])
    human = True
    if name and source.is_form and not _human_name(name, None, ""):
        name = None  # "SEO Expert" typed into the form's name field
    if name and not source.is_form:
        c = compact(name)
        if any(c.startswith(o) for o in own):
            role_address = True  # the tenant's own team, shown by a sending platform
        elif (
            key is not None
            and key.quality(name) >= 2
            and compact(name.split()[0]) not in local
            # A personal domain spells the surname ("Samuel Okafor" <sam@okafor.dev>).
            and not (
                len(name.split()) >= 2
                and compact(" ".join(name.split()[1:])) == key.key
                and _human_name(name, None, "")
            )
        ):
            role_address = True  # the organisation's name, not a person's ("Acme Research")
        human = (
            _human_name(name, key, local)
            and not _mailbox_of_org(name, local, key)
            # Bulk and junk mail show a brand or a mailing; a person's name there is the one the
            # address is made from ("Belastingdienst" <teruggave@...> is not a person).
            and not (bulk and not introduced and not _related(name, local))
        )
    # Bulk and junk whose logo shows the display name ("Australia Post", "Amazon"): a brand. Not
    # a writer's photo beside the organisation the display name adds ("Camila Duarte | Nuvemetria").
    logo = (
        bulk
        and bool(name)
        and not split_display
        and any(compact(alt) == compact(name or "") for alt in image_names(source.html))
    )
    human = human and not advertiser and not logo
    # What a role mailbox or a non-human display name shows may be the brand ("أرامكس" <track@>).
    brand = name if name and (not human or role_address) else None
    # No display name at all ("deepika.r.2001@gmail.com"): the name signed under a sign-off.
    if role_address or not human or (not name and not source.is_form):
        # Not the display name again ("Belastingdienst" signing "Belastingdienst").
        avoid = frozenset({compact(name)} if name and not human else ())
        found = _name_from_signature(lines, own, key, local, avoid) or _name_above_title(
            lines, key, local, own
        )
        if found and compact(found) in avoid:
            found = None
        if found is None and not bulk and name and human and not source.is_form:
            found = name  # a person writing from a role mailbox ("Agnès Lefèvre" <comptabilite@>)
        name = found
    elif name and not source.is_form:
        written = _signature_names(lines)
        words = sorted(name.lower().split())
        if signed_as_a_firm(name, lines) and not (written and name in written[0]):
            # "Elektro Schmitt" <elektro-schmitt@gmx.de> above "Elektro Schmitt e.K.": the display
            # name is the firm's; the person is the one who signs, if anyone does. Not a person
            # signing with a designation ("Julia Haddad, CIC").
            return Person(name=_clean_name(written[0]) if written else None, email=source.email), name
        if written and _another_signs(name, written[0]):
            # "Savannah Fresh Produce" <savannahfreshke@gmail.com> signed "Wanjiru": the display
            # name is the business's, the person is the one who signs.
            return Person(name=_clean_name(written[0]), email=source.email), name
        for candidate in written:
            cw = candidate.split()
            if sorted(candidate.lower().split()) == words:
                name = candidate  # the order the person signs with ("Aebischer Stéphanie")
                break
            if len(name.split()) == 1 and len(cw) >= 2 and cw[0].lower() == name.lower():
                name = candidate  # the full name under a given-name display ("Kevin")
                break
        if _CJK.search(name):
            for i, candidate in enumerate(written):
                if candidate.replace(" ", "") == name.replace(" ", "") and i + 1 < len(written):
                    latin = written[i + 1]
                    if not _CJK.search(latin) and 2 <= len(latin.split()) <= 4:
                        name = latin  # the romanised form written beside it
                    break
    if (
        name
        and re.search(r"[\u3040-\u30ff\u3400-\u9fff]", name) is None
        and not any(c.isalpha() for c in name)
    ):
        name = None
    return Person(name=name, email=source.email), brand


def _free_mail(domain: str, tenant: TenantConfig) -> bool:
    return domain in tenant.free_mail_domains or domain in _people()[3]


def _company_domain(source: _Source, lines: list[str], tenant: TenantConfig) -> str | None:
    if not source.email:
        return None
    domain = registrable_domain(source.email)
    if domain and not _free_mail(domain, tenant):
        return domain
    # Free-mail: the website in the signature is the organisation's domain (a form's: its own field;
    # a form service's message text carries the service's links).
    blocked = _people()[4]
    for line in [source.signature] if source.is_form else lines:
        for m in _SITE.finditer(line):
            # Not a host inside an address: its domain ("…@acme.com") or a dotted local part
            # ("t.wrona.dev@gmail.com").
            if "@" in line[max(0, m.start() - 1) : m.start() + 1] or line.startswith("@", m.end()):
                continue
            if _ADDRESS.search(m.group(0)):
                continue
            written = m.group(0)
            if not re.match(r"(?i)https?://|www\.", written) and any(c.isupper() for c in written):
                continue  # "B.Tech", "M.Sc": a degree, not a website (sites are written in lower case)
            site = registrable_domain(m.group(1))
            if site and site not in blocked and not _free_mail(site, tenant) and "." in site:
                before = line[: m.start()]
                if before.endswith("@"):
                    continue
                return site
    return None


def _split_signature(lines: list[str], person_name: str | None) -> tuple[list[str], list[str], bool]:
    """(signature, the lines above it, whether a sign-off or name line marked its start)."""
    start = -1
    for i, line in enumerate(lines):
        if _sign_off_at(line) >= 0 or (person_name and line.startswith(person_name)):
            start = i
    return lines[max(start, 0) :], lines[: max(start, 0)], start >= 0


def _before_signature(text: str) -> str:
    """The text above the last sign-off in its last lines: titles ("Head of BI") are no request."""
    lines = text.splitlines()
    for i in range(len(lines) - 1, max(len(lines) - 12, 0) - 1, -1):
        line = lines[i].strip()
        if line and len(line) < 40 and _sign_off_at(line) == 0:
            return "\n".join(lines[:i])
    return text


def _junk_company(
    source: _Source,
    lines: list[str],
    split: tuple[list[str], list[str], bool],
    ctx: Context,
    brand: str | None,
    human: Callable[[str], bool],
) -> tuple[str | None, str]:
    """Junk presents an organisation as its own too, often a brand it impersonates: that is its
    company as written (the contract's letter). Its short body is a lure that names other
    organisations and shouts ("OFFICIAL GIVEAWAY EVENT"), so fewer places are read: the legal
    name in its signature or footer ("© 2026 Microsoft Corporation"), the brand its display name
    claims ("PayPal Service" → "PayPal"), a name the domain corroborates, the signature block
    after a sign-off, and the display name's organisation part ("Alex from CoinRocket")."""
    signature, _, marked = split
    # Not a list of fields the lure offers ("Email, Phone Number, Company").
    listed = [line for line in lines if not is_prose(line) and not re.search(r",\s*Company\b", line)]
    found = from_imprint("\n".join(signature), ctx, copyright_ok=True) or from_imprint(
        "\n".join(listed), ctx, copyright_ok=True
    )
    if found and not re.search(r",\s*Company$", found):
        return found, "imprint"
    display = source.display_name or ""
    names = [
        *signature_names([line for line in signature if not is_prose(line)]),
        *(signature_names([display]) if display else ()),
    ]
    for name in names:
        # A name that spells the domain ("Gewerbe-Register-Zentrale") beats what the display shows,
        # in the fullest form written ("CryptoYield" shown, "CryptoYield Capital" signed).
        if ctx.key is not None and ctx.key.quality(name) >= 3 and acceptable(name, ctx):
            fuller = [
                n
                for n in names
                if n.startswith(name + " ") and not names_a_team(n, lines) and acceptable(n, ctx)
            ]
            name = max(fuller, key=len) if fuller else name
            return brand_of(name) or name, "written and matching the domain"
    # "Kanzlei Wendtland & Partner über DocuSign" from docusign-esign-de.com: of a sender and the
    # service it sends through, the one the domain begins with is the brand claimed.
    key = ctx.key.key if ctx.key is not None else ""
    for side in _VIA.split(display, maxsplit=1) if _VIA.search(display) else ():
        short = compact(side)
        if key and len(short) >= 4 and key.startswith(short) and acceptable(side, ctx):
            return side.strip(), "written and matching the domain"
    for line in signature:
        # "Brandon @ LeadStackers": the writer's first name at the brand.
        at = _NAME_AT_FIRM.match(line)
        if at and acceptable(at.group("org"), ctx):
            return at.group("org").strip(), "signature"
    found = copyright_claimed("\n".join(lines), display, ctx)
    if found:
        return found, "imprint"
    found = claimed_brand(brand, lines, ctx, human=human)
    if found:
        return found, "display name"
    # A name the domain corroborates; from the lure only one that is not a short word ("Bulk
    # discounts" for bulk-seo-services.biz).
    body = [n for n in body_names(source.text, ctx.key) if len(n.split()) > 1 or len(compact(n)) >= 5]
    written = corroborated((names, body), ctx, strict=False)
    if written and ctx.key is not None and ctx.key.quality(written) < 2:
        written = None  # only its first word matches ("Lucro GARANTIDO" for lucro-certo-cripto.com)
    # A display name that reads as a person's shows the organisation only when someone else signs.
    other = bool(ctx.person_name) and compact(brand or "") != compact(ctx.person_name or "")
    shown = brand if brand and (other or not human(brand)) else None
    # The signature after a sign-off; without one, the last lines ("Mike Johnson / Data Leads Pro").
    signed = signed_name(signature if marked else lines[-3:][::-1], ctx, human, shown)
    order = [(signed, "signature"), (written, "written and matching the domain")]
    if written and signed and ctx.key is not None and ctx.key.quality(signed) == 0:
        # "Asesor Senior de Inversiones" above "CryptoYield Capital" (crypto-yield.top): a signed
        # line the domain does not back is a title as likely as a name; the backed one comes first.
        order.reverse()
    for found, where in (*order, (from_display_name(display, ctx), "display name")):
        name = brand_of(found) if found else None
        if found and not name and ctx.key is not None and ctx.key.quality(found) >= 2:
            name = found  # written in capitals, but the domain spells it: a name, not a shout
        # A name that reads as a person's is the organisation's when the display name shows it too
        # ("Loterías y Apuestas del Estado") or a title stands beside it ("Recrutamento & Seleção
        # – Mercado Livre").
        vouched = (
            bool(name)
            and found is signed
            and (compact(name or "") == compact(shown or "") or beside_a_title(name or "", lines, ctx))
        )
        # The domain spelling a name other than the sender's makes it the firm's, however personal
        # it reads ("Herstel Digitale Activa" for herstel-digitale-activa.com, from Daan Visser).
        # So too a name the display name shows as well, which the domain begins with
        # ("Companies House" <no-reply@companieshouse-gov-uk.support>).
        short = compact(name or "")
        backing = ctx.key.quality(name) if name and ctx.key is not None else 0
        spelled = (
            backing >= 3
            or (backing >= 2 and short == compact(display))
            # "Meridian Global Staffing" for meridianglobalstaffing-careers.com
            or (len(short) >= 10 and key.startswith(short))
        ) and short != compact(ctx.person_name or "")
        if name and name.casefold() == (ctx.person_name or "").casefold() and not spelled:
            continue  # "Алексей Смирнов" signed and shown: the person, in a script ``human`` misses
        if name and (vouched or spelled or not person_like(name, human)) and acceptable(name, ctx):
            return name, where
    # The logo at the top of the lure, its alt text the brand it shows ("Poste Italiane",
    # "Microsoft") when the text signs only as a service ("Servizio Clienti").
    for alt in image_names(source.html):
        logo = brand_of(alt)
        if logo and not _generic_image().search(alt) and acceptable(logo, ctx):
            return logo, "image"
    return None, ""


def _never(name: str) -> bool:
    del name
    return False


def _answered(email: NormalizedEmail) -> bool:
    subject = email.subject
    return bool(_REPLY_SUBJECT.match(subject) or is_forward_subject(subject) or email.signals.auto_reply)


def _company_name(
    source: _Source,
    lines: list[str],
    split: tuple[list[str], list[str], bool],
    ctx: Context,
    *,
    bulk: bool,
    role: bool,
    junk: bool,
    brand: str | None = None,
    human: Callable[[str], bool] | None = None,
    thread: str = "",
    subject: str = "",
) -> tuple[str | None, str]:
    found = form_value(source.form_company)
    if found:
        return found, "form"
    found = from_label(source.text + "\n" + source.signature, ctx)
    if found:
        return found, "labelled"
    if source.card and acceptable(source.card, ctx):
        return source.card, "contact card"
    if bulk:
        found = brand_of_a_firm(source.signature + "\n" + source.text, ctx)
        if found:
            return found, "imprint"
        # Bulk mail names its publisher, with its legal form, in the imprint.
        found = from_imprint(source.signature + "\n" + source.text, ctx, copyright_ok=True)
        if found:
            return found, "imprint"
        found = from_publisher_line(source.text + "\n" + source.signature, ctx)
        if found:
            return found, "imprint"
        # A copyright holder the domain spells or abbreviates ("© 2026 Instituto de Fomento Digital
        # de Asturias" from ifda.es) before the postal line under it ("Parque Científico … Gijón").
        held = from_copyright(source.text + "\n" + source.signature, ctx, source.display_name or "")
        if held and ctx.key is not None and ctx.key.quality(held) >= 2:
            return held, "imprint"
        found = from_postal_imprint(source.text + "\n" + source.signature, ctx)
        if found:
            return found, "imprint"
        if held:
            return held, "imprint"
    signature, above, marked = split
    if junk:
        return _junk_company(source, lines, split, ctx, brand, human or _never)
    # Sentences of the body read after the signature lines ("a valid Acme purchase order").
    prose = [line for line in signature if is_prose(line)]
    display = source.display_name or ""
    found = corroborated(
        (
            signature_names([line for line in signature if not is_prose(line)], legal_first=marked),
            signature_names(above + prose),
            signature_names([display]) if display else (),
            body_names(source.text, ctx.key),
            image_names(source.html),
        ),
        ctx,
        strict=False,
    )
    if found:
        found = in_full_legal_form(found, signature)
        found = as_the_domain_spells(found, (source.text,), ctx)
        return signed_trade_name(found, signature, ctx), "written and matching the domain"
    if writes_in_lower_case(source.text):
        found = from_lower_case_writing(source.text, signature, ctx)
        if found:
            return found, "written in lower case"
    found = spelled_by_address(source.display_name, ctx)
    if found:
        return found, "display name"
    found = from_signature(lines, ctx, lenient=False)
    if found:
        return found, "signature"
    found = from_signature(lines, ctx)
    if found:
        # The comma part of a title line may be a unit ("Director, BI & Analytics"): the writer's
        # own words naming the organisation ("I lead the BI team at Vandelay Imports") come first.
        claimed = from_body(source.text, ctx)
        return (claimed, "body") if claimed else (found, "signature")
    found = from_script_lines(lines, ctx)
    if found:
        return found, "signature"
    found = from_script_org_lines(lines, ctx)
    if found:
        return found, "signature"
    found = from_display_name(source.display_name, ctx)
    if found:
        return found, "display name"
    if bulk:
        # A mailing that names no publisher: the brand its display name shows ("Trellio").
        found = claimed_brand(brand, lines, ctx, human=human or _never)
        if found:
            return found, "display name"
    # A postscript below the signature is the writer's own sentence too ("P.S. je suis bien
    # l'administratrice du compte Atelier Moreau & Fils").
    postscript = [line for line in source.signature.splitlines() if _POSTSCRIPT.match(line)]
    found = from_body("\n".join([source.text, *postscript]), ctx)
    if found:
        return found, "body"
    found = from_arabic_text(source.text, ctx)
    if found:
        return found, "body"
    if role:
        found = from_imprint(source.text + "\n" + source.signature, ctx)
        if found:
            return found, "imprint"
    if thread:
        # Earlier in the thread: a name there that the domain corroborates, in the person's own
        # signature or in the tenant's reply ("our proposal for Lakeshore Credit Union").
        for found in (*signature_names(thread.splitlines()), *body_names(thread, ctx.key)):
            if ctx.key is not None and ctx.key.quality(found) >= 2 and acceptable(found, ctx):
                return found, "thread"
    if subject:
        # "Halvorsen Marine – KPI dashboards for our vessel fleet": named only in the subject the
        # person wrote (not one answered or forwarded), in words the domain spells.
        for found in signature_names([subject]):
            if ctx.key is not None and ctx.key.quality(found) >= 2 and acceptable(found, ctx):
                return found, "subject"
    return None, ""


@dataclass(frozen=True, slots=True)
class _ActionPatterns:
    not_a_request: re.Pattern[str]
    pricing: PhraseSet
    meeting: PhraseSet
    negation: PhraseSet
    negation_after: re.Pattern[str]
    window: int


@cache
def _action_patterns() -> _ActionPatterns:
    data = load("actions")
    return _ActionPatterns(
        not_a_request=re.compile("|".join(f"(?:{p})" for p in strings("actions", "not_a_request"))),
        pricing=phrase_regex(strings("actions", "pricing_cues")),
        meeting=phrase_regex(strings("actions", "meeting_cues")),
        negation=phrase_regex(strings("actions", "negations")),
        negation_after=re.compile("|".join(f"(?:{p})" for p in strings("actions", "negations_after"))),
        window=int(data["negation_window"]),
    )


@cache
def _sign_offs() -> PhraseSet:
    return phrase_regex(strings("people", "sign_offs"))


@lru_cache(maxsize=4096)
def _sign_off_at(line: str) -> int:
    """Where a sign-off starts in a short line ("Kind regards,", "Best, Dana"), or -1."""
    if len(line) >= 60:
        return -1
    hit = _sign_offs().search(line)
    return hit.position if hit else -1


_SENTENCE_END = re.compile(r"[.!?;]|\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s")


def _required_action(text: str, intent: Intent) -> RequiredAction:
    if intent is Intent.support:
        return RequiredAction.forward_support
    if intent in (Intent.vendor, Intent.job_applicant):
        return RequiredAction.route_ops
    if intent in (Intent.newsletter, Intent.spam):
        return RequiredAction.ignore
    p = _action_patterns()
    low = p.not_a_request.sub(" ", text.lower())
    asks_meeting = False
    for m in p.meeting.finditer(low):
        # Within the sentence; a line break inside it is where the writer's client wrapped it
        # ("a demonstration is not\nrequired"), not where it ends.
        before = low[max(0, m.start() - p.window) : m.start()]
        before = _SENTENCE_END.split(before)[-1].replace("\n", " ")
        after = _SENTENCE_END.split(low[m.start() : m.start() + p.window])[0].replace("\n", " ")
        if not p.negation.search(before) and not p.negation_after.search(after):
            asks_meeting = True
            break
    if p.pricing.search(low) and not asks_meeting:
        return RequiredAction.send_pricing
    return RequiredAction.schedule_demo


def extract_fields(email: NormalizedEmail, intent: Intent, tenant: TenantConfig) -> Fields:
    source = _source(email, tenant, intent)
    own_words = source.text is email.parts.new_text
    # "Corvane Health (formerly MedSpring Clinics)": the former name is nobody's name now.
    source = replace(
        source, text=without_former_names(source.text), signature=without_former_names(source.signature)
    )
    evidence: dict[str, str] = {}
    tail = tail_lines(source.text + "\n" + source.signature, 14)
    lines = [line for line in tail if not is_mobile_footer(line)]  # "iPhoneから送信" names no one
    domain = _company_domain(source, lines, tenant)
    key = DomainKey.of(domain, source.email)
    own = _own(tenant)
    person, brand = _person(source, lines, key, own, bulk=intent in (Intent.newsletter, Intent.spam))
    role = bool(source.email and _is_role_address(source.email))
    # A relaying service's own name ("StepStone Deutschland GmbH" in its footer) is nobody's company,
    # so the search goes on past it, to the applicant's.
    ctx = Context(
        person_name=person.name,
        key=key,
        own=(*own, *source.service),
        is_place=is_place,
        local=compact((source.email or "").partition("@")[0]),
    )
    split = _split_signature(lines, person.name)
    name, where = _company_name(
        source,
        lines,
        split,
        ctx,
        bulk=intent is Intent.newsletter,
        role=role or intent in (Intent.newsletter, Intent.spam),
        junk=intent is Intent.spam,
        brand=brand,
        human=lambda name: _human_name(name, None, ""),
        thread=email.parts.quoted if own_words else "",
        # Only a subject the person wrote: not one answered, forwarded or auto-replied.
        subject=email.subject if own_words and not _answered(email) else "",
    )
    # The business's name as the display name of a free-mail address, a person signing; junk shows
    # a product label there ("Snowflake Users List").
    if (
        name is None
        and brand
        and person.name
        and intent not in (Intent.spam, Intent.newsletter)
        and _another_signs(brand, person.name)
        and acceptable(brand, ctx)
    ):
        name, where = brand, "display name"
    if (
        name
        and intent is Intent.job_applicant
        and where in ("body", "signature")
        and left_employer(name, source.text)
    ):
        name = None
    if name is None and intent is Intent.job_applicant:
        name = place_of_study(source.text + "\n" + source.signature, ctx)
        where = "body" if name else where
    if name and where == "body":
        # A sentence may give the name in another case than the signature, wherever that is
        # (a relayed message's profile block lies outside the new text).
        name = as_signed(name, email.text.splitlines())
    if (
        name is None
        and own_words
        and intent is not Intent.spam
        and source.email
        and source.email in email.parts.quoted.lower()
    ):
        # A chaser signed with a first name: the organisation in the signature of the person's own
        # earlier message, quoted below.
        signed_before = tail_lines(_own_quoted(email.parts.quoted, source.email), 8)
        if signed_before:
            name = corroborated((signature_names(signed_before),), ctx, strict=False)
            name = name or from_signature(signed_before, ctx)
            where = "thread" if name else where
    if name and any(service in compact(name) for service in source.service):
        name = None  # the job portal's or form service's own footer ("StepStone Deutschland GmbH")
    shown, via, _ = (source.display_name or "").partition(" via ")
    claimed = compact(shown if via else source.display_name or "")
    junk_mail = intent in (Intent.spam, Intent.newsletter)
    if name and (where == "display name" or (junk_mail and not via)) and any(o in claimed for o in own):
        # It claims the tenant ("Lumen Analytics - Facturation"): no one's company, nor is the
        # billing department its signature adds ("Service Facturation"). "DocuSign via Lumen
        # Analytics" claims DocuSign, sending for the tenant.
        name = None
    if name and where not in ("form", "labelled"):
        name = as_typed(name, (source.display_name or "", source.text, source.signature))
        name = in_language_of_mail(
            name, lines, _before_signature(source.text), source.text + "\n" + source.signature, ctx
        )
    if name and where not in ("form", "labelled"):
        name = drop_department(
            without_trailing_place(without_lead_in(without_writer(name, ctx.person_name) or name), ctx)
        )
    if name and name.endswith(("'s", "’s")) and len(name) > 3:
        name = name[:-2]  # "Velmora Home's workspace": the possessive is not part of the name
    if name:
        # "Réseau Santé Meuse ASBL": a Belgian non-profit's form in capitals is left out of the
        # name as people enter it (every training label does; "a.s.b.l." in lower case they keep),
        # and the scorer does not drop it as it drops "SA" or "SRL".
        name = _ASBL.sub("", name) or name
    if name:
        # The display name may spell the acronym out too ("AIAD – Associazione Italiana Analisti Dati").
        name = expanded_acronym(name, "\n".join((source.text, source.signature, source.display_name or "")))
    if name:
        evidence["company.name"] = where
    company = Company(name=name, domain=domain)

    is_lead = intent is Intent.lead
    products: tuple[str, ...] = ()
    if intent in (Intent.lead, Intent.support):
        products = extract_products(_before_signature(source.text) + "\n" + email.subject, tenant)

    signature, _, marked = split
    if not marked and intent is Intent.spam:
        signature = source.signature.splitlines()  # junk: its body names markets, not addresses
    signature_block = "\n".join(signature)
    region, snippet = extract_region(
        signature_block,
        source.text,
        company.domain,
        trust_body=intent is not Intent.spam,
        person=person.name,
    )
    if (region is None or snippet == company.domain) and intent is not Intent.spam:
        # Explicit text beats the domain: the signature of the person's own earlier message.
        earlier = _own_quoted(email.parts.quoted, person.email) if source.text is email.parts.new_text else ""
        if earlier:
            found, said = extract_region(
                "\n".join(tail_lines(earlier, 8)), "", None, trust_body=False, person=person.name
            )
            if found:
                region, snippet = found, said
    if snippet:
        evidence["region"] = snippet

    budget: float | None = None
    timeline = Timeline.unknown
    if is_lead:
        # The region decides "kr" and the currency of a budget written without one; with the
        # organisation on its country's own domain, which dollar "$" is.
        at_home = bool(domain and region and domain.rsplit(".", 1)[-1].upper() == region)
        budget, snippet = extract_budget(
            source.text, tenant.currency_rates_usd, region, dollar_at_home=at_home
        )
        if snippet:
            evidence["budget"] = snippet
        sent = email.identity.date.date() if email.identity.date else None
        timeline, snippet = extract_timeline(source.text, sent)
        if snippet:
            evidence["timeline"] = snippet
        if (budget is None or timeline is Timeline.unknown) and source.text is email.parts.new_text:
            # A reply that only confirms a meeting ("Tuesday works"): the budget and timing the
            # person gave earlier in the thread, in their own quoted message (never the tenant's).
            _, header_line = _forwarded_header()
            earlier = _own_quoted(email.parts.quoted, person.email)
            if _inline_answers().search(source.text):
                # The answers are inside the tenant's quoted questions; the tenant's own prices
                # there are marked as quoted ("list price") and are never the budget.
                earlier = f"{earlier}\n{email.parts.quoted}"
            earlier = header_line.sub("", earlier)
            if email.sender and not earlier.strip():
                # "Please find below a request from our director; I coordinate this on his behalf":
                # the forwarder is the person, the colleague's message says what is wanted.
                colleague = _colleagues_forward(email, email.sender.email.lower())
                earlier = colleague.text if colleague else ""
            if earlier.strip() and budget is None:
                budget, snippet = extract_budget(
                    earlier, tenant.currency_rates_usd, region, dollar_at_home=at_home
                )
                if snippet:
                    evidence["budget"] = snippet
            if earlier.strip() and timeline is Timeline.unknown:
                timeline, snippet = extract_timeline(earlier, sent)
                if snippet:
                    evidence["timeline"] = snippet
    action = _required_action(source.text, intent) if is_lead else _required_action("", intent)
    return Fields(
        person=person,
        company=company,
        products=products,
        budget_usd=budget,
        timeline=timeline,
        region=region,
        required_action=action,
        evidence=evidence,
    )
