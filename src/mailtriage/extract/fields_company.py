"""The person's organisation as written: form field, signature, display name, body, imprint.

Never derived from the domain. In a signature, a line with a legal form ("Harrowgate Homes Ltd")
wins; otherwise the line under the name and title ("Director, Data & Analytics / Lakeshore Credit
Union"). The body is read only for self-introductions ("I'm the CFO at Acme Robotics"), and the
run of capitalised words after the cue is the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex, strings

_SEGMENT_SPLIT = re.compile(r"\s+[|·•/–—]\s+|\s+-\s+|\t")
_ADDRESS_OR_CONTACT = re.compile(
    r"\d{2,}|@|https?://|www\.|\.(?:com|net|org|io|co|de|fr|uk|nl|it|es|pt|jp|se|ch|be|ai|app|eu)\b|"
    r"^(?:tel|phone|mobile|cell|fax|t|m|p|e|ph|tél|tlm)\b\.?\s*[:.]?",
    re.IGNORECASE,
)
_CJK_RUN = r"[\u3040-\u30ff\u3400-\u9fff々ー・]+"


@dataclass(frozen=True, slots=True)
class _Patterns:
    legal: re.Pattern[str]
    cjk_legal: re.Pattern[str]
    titles: PhraseSet
    org_words: re.Pattern[str]
    body: tuple[re.Pattern[str], ...]
    stop_words: frozenset[str]
    connectors: frozenset[str]
    sign_offs: PhraseSet


@cache
def _patterns() -> _Patterns:
    data = load("company")
    legal = "|".join(str(f) for f in data["legal_forms"])
    cjk_forms = "|".join(re.escape(str(f)) for f in data["cjk_legal_forms"])
    return _Patterns(
        # A legal form closes a name: after a word, before the end, a separator or a lower-case word.
        legal=re.compile(rf"(?<=[\w.)])\s*,?\s(?:{legal})(?=$|[\s,;|·)]|\.(?:\s|$))"),
        cjk_legal=re.compile(rf"(?:{cjk_forms}){_CJK_RUN}|{_CJK_RUN}?(?:{cjk_forms})"),
        titles=phrase_regex(strings("company", "title_words")),
        org_words=re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in data["org_words"]) + r")\b"),
        body=tuple(re.compile(str(b), re.MULTILINE) for b in data["body_patterns"]),
        stop_words=frozenset(str(w) for w in data["run_stop_words"]),
        connectors=frozenset(str(w) for w in data["run_connectors"]),
        sign_offs=phrase_regex(strings("people", "sign_offs")),
    )


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isalpha() for c in word))


def capitalised_run(text: str, *, backwards: bool = False) -> str:
    """The run of capitalised words (with connectors such as "of", "&", "de") at the start of
    the text, or at its end when ``backwards``."""
    p = _patterns()
    words = text.split()
    if backwards:
        words = words[::-1]
    run: list[str] = []
    for word in words:
        bare = word.strip(",;:()\"“”'")
        if not bare:
            break
        if bare in p.stop_words and (not backwards or not run):
            break
        if _is_capitalised(bare) or bare.isupper() or (run and bare.lower() in p.connectors) or bare == "&":
            run.append(bare if not backwards else word.strip(';:()"“”'))
            if not backwards and word.endswith((",", ";", ":")):
                break
            continue
        break
    if backwards:
        run = run[::-1]
    while run and run[-1].lower() in p.connectors:
        run.pop()
    while run and run[0].lower() in p.connectors:
        run.pop(0)
    return " ".join(run).strip(" ,")


def _with_legal_form(line: str) -> str | None:
    p = _patterns()
    cjk = p.cjk_legal.search(line)
    if cjk:
        return cjk.group(0)
    m = p.legal.search(line)
    if not m:
        return None
    head = line[: m.start()]
    # The name runs back from the legal form to a separator or a lower-case word.
    head = re.split(r"\s[|·•/–—-]\s|:\s|\t|(?<![A-Z][a-z]\.)(?<!Co\.),\s", head)[-1]
    name = capitalised_run(head, backwards=True)
    if not name or name.lower() in {"the", "lumen analytics"}:
        return None
    return f"{name}{line[m.start() : m.end()]}".strip()


def _is_title(segment: str) -> bool:
    return bool(_patterns().titles.search(segment))


def _plain_org(segment: str, person_name: str | None) -> str | None:
    segment = segment.strip(" ,")
    if not segment or _ADDRESS_OR_CONTACT.search(segment) or len(segment.split()) > 7:
        return None
    if person_name and (segment.lower() in person_name.lower() or person_name.lower() in segment.lower()):
        return None
    if _is_title(segment) and not _patterns().org_words.search(segment):
        return None
    run = capitalised_run(segment)
    return run if run and run == segment.strip(" ,.") else None


def from_signature(lines: list[str], person_name: str | None) -> str | None:
    for line in lines:
        found = _with_legal_form(line)
        if found:
            return found
    # No legal form: the line (or segment) under the name that is neither a title nor an address.
    first = (person_name or "").split()[:1]
    start = 0
    for i, line in enumerate(lines):
        if person_name and (
            person_name.lower() in line.lower() or (first and line.lower().startswith(first[0].lower()))
        ):
            start = i
    for line in lines[start : start + 5]:
        for segment in _SEGMENT_SPLIT.split(line):
            parts = [segment]
            if _is_title(segment) and "," in segment:
                parts = segment.split(",")
            for part in parts:
                org = _plain_org(part, person_name)
                if org and not _patterns().sign_offs.fullmatch(org.lower()):
                    return org
    return None


def from_body(text: str) -> str | None:
    p = _patterns()
    for pattern in p.body:
        for m in pattern.finditer(text):
            candidate = m.group("org").strip()
            found = _with_legal_form(candidate + " ") or capitalised_run(candidate)
            if found and found.split()[0] not in p.stop_words and len(found) > 1:
                return found
    return None


def from_display_name(display: str | None) -> str | None:
    """'Priya | Kestrel', 'Priya (Kestrel Labs)', 'Priya Shah - Kestrel'."""
    if not display:
        return None
    m = re.search(r"\s[|@]\s*(.+)$|\((.+)\)$|\s[-–]\s(.+)$", display)
    if not m:
        return None
    return next(g for g in m.groups() if g).strip() or None


def from_imprint(text: str) -> str | None:
    """A legal entity in an imprint or legal footer ("Datenwelt Medien GmbH · Rosenthaler Str.")."""
    for line in text.splitlines():
        if "©" in line or "(c)" in line.lower():
            continue  # a copyright line may name an impersonated brand
        found = _with_legal_form(line)
        if found:
            return found
    return None
