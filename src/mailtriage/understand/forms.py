"""Fields of a web-form notification ("Name: …", "Email: …", "Message: …" lines)."""

from __future__ import annotations

import re

# Labels form builders use, mapped to one key each. A multi-line value (the message) runs until
# the next known label.
_LABELS = {
    "name": "name",
    "full name": "name",
    "your name": "name",
    "first name": "first_name",
    "last name": "last_name",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "your email": "email",
    "company": "company",
    "company name": "company",
    "organisation": "company",
    "organization": "company",
    "phone": "phone",
    "phone number": "phone",
    "telephone": "phone",
    "message": "message",
    "your message": "message",
    "comments": "message",
    "inquiry": "message",
    "country": "country",
    "website": "website",
    "subject": "subject",
    "job title": "title",
    "title": "title",
}
_LINE = re.compile(r"^\s*\*{0,2}([A-Za-z][A-Za-z \-]{0,24}?)\*{0,2}\s*:\s*(.*)$")
_EMAIL_LABELS = tuple(label for label, key in _LABELS.items() if key == "email")
# Where str.splitlines ends a line; and, read backwards from a label, what ends the run of spaces and
# asterisks that may come before it on its line (a line break, or anything else).
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NOT_BEFORE_LABEL = re.compile(rf"[^\s*]|[{_LINE_BREAKS}]")


def _may_have_email_label(lowered: str) -> bool:
    """Does an email label open a line (after spaces and up to two asterisks), as a form's email line
    needs? A cheap necessary condition for the line-by-line parse, which most texts need not go to.
    The labels are ASCII letters, looked up lower-cased, which lower() leaves alike in ``lowered``."""
    start = 0
    while (at := lowered.find("mail", start)) >= 0:
        start = at + 1
        for label in _EMAIL_LABELS:
            begin = at - label.index("mail")
            if begin < 0 or not lowered.startswith(label, begin):
                continue
            before = lowered[max(0, begin - 64) : begin][::-1]
            blocker = _NOT_BEFORE_LABEL.search(before)
            if blocker is None or blocker.group() in _LINE_BREAKS:
                return True  # at the start of a line (or too far into one to tell)
    return False


def parse_form_fields(text: str) -> dict[str, str]:
    if text.count(":") < 2 or "@" not in text:
        return {}  # a form has at least an email line and one more labelled line
    if not _may_have_email_label(text.lower()):
        return {}  # no line carries the email label
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _LINE.match(line) if ":" in line else None  # a label line has a colon
        key = _LABELS.get(match.group(1).strip().lower()) if match else None
        if match and key:
            current = key
            fields[key] = match.group(2).strip()
        elif current == "message":
            fields["message"] = (fields["message"] + "\n" + line).strip()
        elif line.strip():
            current = None
    if "email" not in fields or len(fields) < 2:
        return {}
    if "name" not in fields and ("first_name" in fields or "last_name" in fields):
        fields["name"] = " ".join(filter(None, (fields.get("first_name"), fields.get("last_name"))))
    return {k: v for k, v in fields.items() if v}
