"""ISO 3166-1 alpha-2 code of where the person's organisation is.

Explicit text first: a place in the signature block (city, country, US state or Canadian
province), then a phone number's country calling code, then a place in the body; else the
ccTLD of the company domain unless it is one of the generic-use ones. Country names come from
Babel in the languages the tenant receives; cities and states from ``places.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import phonenumbers
import pycountry
from babel import Locale

from mailtriage.extract.fields_data import load

_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "pt",
    "nl",
    "it",
    "ja",
    "sv",
    "pl",
    "da",
    "fi",
    "zh",
    "ko",
    "ar",
    "tr",
    "ru",
    "cs",
    "nb",
)
_PHONE_CODE = re.compile(r"(?:^|[\s(:.])(?:\+|00)\s?(\d{1,3})[\s\-.()/]{0,3}\d")
# A word that may start a place name: upper-case Latin letter first (checked against the names).
_CAPITALISED = re.compile(r"(?<![\w.'’-])[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*")
_WORD = re.compile(r"[^\W\d_][\w.'’-]*", re.UNICODE)
# Scripts without capital letters (Japanese, Chinese, Korean, Arabic, Cyrillic names are matched
# as substrings; Cyrillic has capitals but runs through the same path for simplicity).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class _Places:
    names: dict[str, str]  # exact (case-sensitive) place name → country code
    first_words: frozenset[str]  # the first word of every name, to skip other words at once
    longest: int  # most words in one name
    cjk_names: tuple[tuple[str, str], ...]
    state_codes: re.Pattern[str]
    generic_tlds: frozenset[str]
    tld_overrides: dict[str, str]
    street_words: re.Pattern[str]
    street_prefixes: re.Pattern[str]
    provinces: frozenset[str]  # Canadian postal abbreviations
    countries: frozenset[str]  # the names that are countries (not cities or states)


@cache
def _places() -> _Places:
    data = load("places")
    names: dict[str, str] = {}
    excluded = set(data["country_name_exclusions"])
    for lang in _LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if (
                len(code) == 2
                and code.isalpha()
                and name not in excluded
                and code not in {"ZZ", "EU", "EZ", "UN", "QO"}
            ):
                names.setdefault(name, code)
    names.update({str(k): str(v) for k, v in data["country_aliases"].items()})
    countries = frozenset(names)
    # Regions larger than a country ("North America") are read whole and give no code.
    names.update({str(k): "" for k in data["multi_country_regions"]})
    states = {str(k): str(v) for k, v in data["us_states"].items()}
    provinces = {str(k): str(v) for k, v in data["ca_provinces"].items()}
    skip_states = set(data["state_name_exclusions"])
    names.update({v: "US" for v in states.values() if v not in skip_states})
    names.update({v: "CA" for v in provinces.values()})
    ambiguous = set(data["ambiguous_cities"])
    for code, cities in data["cities"].items():
        for city in cities:
            if city not in ambiguous:
                names[str(city)] = str(code)
    cjk = tuple(sorted(((n, c) for n, c in names.items() if _CJK.search(n)), key=lambda nc: -len(nc[0])))
    # "Columbus, OH 43207", "Portland OR", "Toronto, ON M5V 3K2": a postal abbreviation after a
    # place name or comma, closing the line or followed by a postcode.
    abbreviations = "|".join(sorted(set(states) | set(provinces)))
    # "Charleston SC" closing a short line after a capitalised city name; "Perth WA 6000", "Sydney
    # NSW 2000": an Australian state before a four-digit postcode.
    bare_end = "|".join(sorted(set(states) - set(data["bare_state_exclusions"])))
    au_states = "|".join(str(x) for x in data["au_states"])
    state_codes = re.compile(
        rf"(?:,?\s*(?P<au>{au_states})\s+\d{{4}}\b(?!\d)"
        rf"|,[ \t]*(?P<code>{abbreviations})\b(?=[ \t]*(?:\d{{5}}|[A-Z]\d[A-Z]|$|\||·|,|\)))"
        rf"|(?<=[a-z])\s+(?P<bare>{abbreviations})(?=\s+(?:\d{{5}}|[A-Z]\d[A-Z]|[-|·]))"
        rf"|(?:^|,[ ])[A-Z][a-z]{{2,}}(?:[ ][A-Z][a-z]{{2,}})?[ ](?P<end>{bare_end})$)",
        re.MULTILINE,
    )
    firsts = (_WORD.match(n) for n in names)
    return _Places(
        names=names,
        first_words=frozenset(m.group(0).rstrip(".,'’-") for m in firsts if m),
        longest=max(len(n.split()) for n in names),
        cjk_names=cjk,
        state_codes=state_codes,
        generic_tlds=frozenset(str(t) for t in data["generic_cctlds"]),
        tld_overrides={str(k): str(v) for k, v in data["cctld_overrides"].items()},
        street_prefixes=re.compile(
            r"(?:" + "|".join(re.escape(str(w)) for w in data["street_prefixes"]) + r")(?:\s|$)",
            re.IGNORECASE,
        ),
        street_words=re.compile(
            r"[ \t]+(?:" + "|".join(re.escape(str(w)) for w in data["street_words"]) + r")\b"
        ),
        provinces=frozenset(provinces),
        countries=countries,
    )


_TITLE_WORD = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ]+")
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([^\W\d_][\w.'’-]*) $")


def opens_a_street(text: str) -> bool:
    """Whether ``text`` starts with a street's first word ("Carrer de Pallars", "C/ de Atocha")."""
    return bool(_places().street_prefixes.match(text.lstrip()))


def _in_street(text: str, at: int) -> bool:
    """Whether the place at ``at`` is inside a street name ("Rua Heróis de França, 412")."""
    start = max(text.rfind("\n", 0, at), text.rfind(",", 0, at), text.rfind("|", 0, at)) + 1
    return opens_a_street(text[start:at])


@cache
def _ambiguous_places() -> frozenset[str]:
    return frozenset(str(c) for c in load("places")["ambiguous_cities"])


@cache
def _subdivisions() -> frozenset[str]:
    """The names of every country's provinces, states and regions (ISO 3166-2, as pycountry lists
    them): a signature line "İzmir" or "Norrbotten" names where the writer is, not whom they work
    for. They say nothing of the country (many names recur across countries), so region does not
    read them."""
    names: set[str] = set()
    for subdivision in pycountry.subdivisions:
        # "Bruxelles-Capitale, Région de" and "Kyiv (Kiev)": the name as a signature writes it.
        name = str(subdivision.name).split(" (")[0]
        names.add(name)
        if ", " in name:
            names.add(name.split(", ")[0])
    return frozenset(names)


def is_place(text: str) -> bool:
    """Whether the text is nothing but a place name ("Torino", "New York", "Deutschland")."""
    p = _places()
    text = text.strip(" ,.")
    return (
        text in p.names
        or text in _subdivisions()
        # "Côte d'Ivoire" as typed, "Côte d’Ivoire" as listed.
        or ("'" in text and text.replace("'", "’") in p.names)
        or (text.isupper() and text.title() in p.names)
        or text in _ambiguous_places()  # "Perth": a place, if not of one country
    )


def is_subdivision(text: str) -> bool:
    """Whether the text is nothing but a province's, state's or region's name ("Selangor")."""
    return text.strip(" ,.") in _subdivisions()


def is_country(text: str) -> bool:
    """Whether the text is nothing but a country's name ("Malaysia", "Deutschland")."""
    return text.strip(" ,.") in _places().countries


_SEGMENT_START = re.compile(r"[\n|·•,\t]")
_SUFFIX = re.compile(r"['’]\w{1,4}$")  # "Ankara'da", "Helsinki'de": a case ending after the name
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")


def _segment_start(text: str, at: int) -> int:
    """Where the address segment holding ``at`` starts ("Norfolk, VA": at "Norfolk")."""
    head = text[max(0, at - 60) : at].rstrip(", ")
    cut = max((m.end() for m in _SEGMENT_START.finditer(head)), default=0)
    return max(0, at - 60) + cut + (len(head[cut:]) - len(head[cut:].lstrip()))


def _places_named(text: str, *, first_only: bool) -> Iterator[tuple[int, int, str, str]]:
    """(position, rank, country code, the name as written) of places named in the text; a postal
    abbreviation ranks before the city it follows ("Norfolk, VA" is in the US). With
    ``first_only`` it stops scanning Latin words past the earliest hit found so far."""
    p = _places()
    best = -1
    for m in p.state_codes.finditer(text):
        code = m.group("code") or m.group("bare") or m.group("end")
        found = "AU" if m.group("au") else "CA" if code in p.provinces else "US"
        at = _segment_start(text, m.start())
        best = at
        yield (at, 0, found, m.group(0).strip(", "))
        if first_only:
            break
    for first in _CAPITALISED.finditer(text):
        word = first.group(0).rstrip(".,'’-")
        if word not in p.first_words:
            if "'" not in word and "’" not in word:
                continue
            word = _SUFFIX.sub("", word)
            if word not in p.first_words:
                continue
        start = first.start()
        if first_only and best >= 0 and start > best:
            break
        # The words from here on, as many as the longest name has.
        words = [first]
        while len(words) < p.longest:
            nxt = _WORD.search(text, words[-1].end())
            if nxt is None:
                break
            words.append(nxt)
        for size in range(len(words), 0, -1):
            span = text[start : words[size - 1].end()].rstrip(".,'’-")
            code = p.names.get(span)
            if code is None and size == 1:
                span = _SUFFIX.sub("", span)
                code = p.names.get(span)
            if code == "":
                break
            if code and span[:1].isupper():
                if p.street_words.match(text, words[size - 1].end()) or _in_street(text, start):
                    break  # "Wellington Place", "Rua Heróis de França": a street named after a place
                before = _WORD_BEFORE.search(text, max(0, start - 40), start)
                if (
                    before
                    and _TITLE_WORD.fullmatch(before.group(1))
                    and not _closes_a_name(text, span, start)
                ):
                    break  # "Little Island", "Faria Lima": part of a longer proper name
                if best < 0 or start < best:
                    best = start
                yield (start, 1, code, span)
                break
    if _CJK.search(text):
        for name, code in p.cjk_names:
            at = text.find(name)
            while at >= 0 and _KATAKANA.match(name) and _inside_katakana_word(text, at, len(name)):
                at = text.find(name, at + 1)  # "タイ" in "タイムアウト" (time-out) is no Thailand
            if at >= 0:
                yield (at, 1, code, name)


def _inside_katakana_word(text: str, at: int, size: int) -> bool:
    before = text[at - 1 : at] if at > 0 else ""
    after = text[at + size : at + size + 1]
    return bool(_KATAKANA.match(before) or _KATAKANA.match(after))


def _closes_a_name(text: str, span: str, start: int) -> bool:
    """A country closing an organisation's name on its line ("Soylent Foods France", "Acme
    Deutschland GmbH"): the local company, so its country."""
    if span not in _places().countries:
        return False
    rest = text[start + len(span) : start + len(span) + 40].split("\n", 1)[0].strip()
    return (
        not rest
        or rest[0] in ",|·("
        or bool(
            re.match(
                r"(?:GmbH|AG|SAS|SA|S\.A\.|Ltd|Inc|B\.V\.|BV|SRL|S\.r\.l\.|SL|S\.L\.|AB|A/S|Oy|Lda|Ltda)\b",
                rest,
            )
        )
    )


def place_in(text: str) -> tuple[str, str] | None:
    """The first place named in the text: (country code, the name as written)."""
    found = min(_places_named(text, first_only=True), default=None)
    return (found[2], found[3]) if found else None


def place_codes(text: str) -> frozenset[str]:
    """The country codes of every place named in the text."""
    return frozenset(code for _, _, code, _ in _places_named(text, first_only=False))


def phone_country(text: str) -> tuple[str, str] | None:
    for m in _PHONE_CODE.finditer(text):
        digits = m.group(1)
        for size in range(1, len(digits) + 1):
            region = phonenumbers.region_code_for_country_code(int(digits[:size]))
            if region and region != "ZZ" and region != "001":
                return region, m.group(0).strip()
    return None


def tld_country(domain: str | None) -> str | None:
    if not domain:
        return None
    p = _places()
    tld = domain.rsplit(".", 1)[-1].lower()
    if tld in p.tld_overrides:
        return p.tld_overrides[tld]
    if len(tld) != 2 or tld in p.generic_tlds:
        return None
    return tld.upper()


def _without_person(text: str, person: str | None) -> str:
    """The text with the person's name blanked: "Austin Reed" or "Madison Clarke" names no city."""
    if not person or not text:
        return text
    firsts = _places().first_words
    words = [re.escape(w) for w in person.split() if w in firsts]
    if not words:
        return text
    return re.sub(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", lambda m: " " * len(m.group(0)), text)


def extract_region(
    signature: str, body: str, domain: str | None, *, trust_body: bool = True, person: str | None = None
) -> tuple[str | None, str | None]:
    """(code, evidence). ``trust_body`` is off for junk, whose body names markets, not addresses;
    the ``person``'s own name is no place."""
    signature, body = _without_person(signature, person), _without_person(body, person)
    for finder, text in ((place_in, signature), (phone_country, signature), (phone_country, body)):
        found = finder(text)
        if found:
            return found
    if trust_body:
        found = place_in(body)
        if found:
            return found
    code = tld_country(domain)
    return (code, domain) if code else (None, None)
