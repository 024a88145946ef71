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


def parse_form_fields(text: str) -> dict[str, str]:
    if text.count(":") < 2 or "@" not in text:
        return {}  # a form has at least an email line and one more labelled line
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _LINE.match(line)
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
