"""The submitted fields of a form service's, booking tool's or job portal's notification.

The normaliser reads the tenant's own contact form ("Name: …" lines in English). The notifications
of other services lay the same fields out in other ways and languages: "Label: value" or
"Label | value" lines (Jotform's table), or a question on one line and its answer under it
(Typeform, Google Forms), with labels such as "What's your full name?", "Work email",
"E-Mail-Adresse" or "Nombre de la empresa". This reads all of them; it runs only for mail from a
role address, so ordinary mail never pays for it.
"""

from __future__ import annotations

import re
from functools import cache

from mailtriage.extract.fields_data import load

_EMAIL = re.compile(r"[\w.+'’-]+@[\w-]+(?:\.[\w-]+)+")
# "Label: value", "Label | value", "Label<TAB>value", with the label perhaps in bold (**Label**).
_INLINE = re.compile(
    r"^[ \t]*[*_]{0,2}(?P<label>[^\n:：|\t*]{1,48}?)[*_]{0,2}[ \t]*(?:[:：|]|\t)[ \t]*(?P<value>.*)$"
)
_LABEL_NOISE = re.compile(r"[*?？:：_]+")
# Keys whose label may carry words in front ("Work email", "Business phone number", "Your message");
# a name or company label must be one of its own ("Project name" is not the submitter's name).
_SUFFIX_KEYS = ("email", "phone", "message", "budget", "timeline")


@cache
def _labels() -> tuple[dict[str, str], tuple[str, ...]]:
    data = load("forms")
    keys = {str(label).lower(): key for key, labels in data["labels"].items() for label in labels}
    lead_ins = tuple(sorted((str(w).lower() + " " for w in data["label_lead_ins"]), key=len, reverse=True))
    return keys, lead_ins


def label_key(label: str) -> str | None:
    """The field a label asks for, or None when it is not one this reads."""
    keys, lead_ins = _labels()
    text = " ".join(_LABEL_NOISE.sub(" ", label).lower().split())
    if not text or len(text) > 48:
        return None
    for lead_in in lead_ins:
        if text.startswith(lead_in):
            text = text[len(lead_in) :]
            break
    if text in keys:
        return keys[text]
    if "-" in text or "_" in text:
        # Webflow and HTML form names: "Work-Email", "first_name".
        spaced = text.replace("_", " ").replace("-", " ")
        if spaced in keys:
            return keys[spaced]
        text = spaced if "e mail" not in spaced else text
    words = text.split()
    for start in range(1, min(len(words), 4)):
        key = keys.get(" ".join(words[start:]))
        if key in _SUFFIX_KEYS:
            return key
    if any(keys.get(word.strip(",.;()")) == "email" for word in words):
        return "email"  # "Adresse e-mail professionnelle", "E-mail (work)"
    return None


def _is_question(line: str) -> bool:
    stripped = line.strip().strip("*_")
    return stripped.endswith(("?", "？")) and len(stripped) <= 120


def read_form(text: str) -> dict[str, str]:
    """The fields of a notification; "email" only when its answer is an address."""
    if "@" not in text:
        return {}
    fields: dict[str, str] = {}
    current: str | None = None
    blank_before = True
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            if current != "message":
                current = None
            blank_before = True
            continue
        inline = _INLINE.match(line)
        inline_key = label_key(inline.group("label")) if inline else None
        alone_key = None if inline_key else label_key(line)
        if inline and inline_key and inline_key not in fields:
            current = inline_key
            fields[inline_key] = inline.group("value").strip().lstrip("*_").strip()  # "**Firma:** …"
        elif alone_key and not fields.get(alone_key) and len(line) <= 60:
            # A question on its own line: the answer follows. (A section heading may name the same
            # field just before: "COMPANY" then "Company Name".)
            current = alone_key
            fields[alone_key] = ""
        elif (_is_question(line) and (current != "message" or blank_before)) or (
            inline and blank_before and current == "message" and fields["message"]
        ):
            current = None  # a question this does not read ends the answer before it
        elif current is not None and (current == "message" or not fields[current]):
            fields[current] = (fields[current] + "\n" + line).strip()
        else:
            current = None
        blank_before = False
    match = _EMAIL.search(fields.pop("email", ""))
    if match is not None:
        fields["email"] = match.group().lower()
    if not fields.get("name") and (fields.get("first_name") or fields.get("last_name")):
        fields["name"] = " ".join(filter(None, (fields.get("first_name"), fields.get("last_name"))))
    return {key: value for key, value in fields.items() if value}
