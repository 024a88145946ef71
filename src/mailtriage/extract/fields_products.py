"""Catalogue products a text names or whose capability it asks for, in order of first mention."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex
from mailtriage.tenant import TenantConfig

_SENTENCE_BREAK = re.compile(r"[.!?。！？]\s|\n\s*\n")


@dataclass(frozen=True, slots=True)
class _Cover:
    by: str
    anywhere: PhraseSet


@cache
def _capabilities() -> PhraseSet:
    """All products' phrases in one set, labelled by product: one pass over the text."""
    products: dict[str, list[str]] = load("products")["products"]
    return PhraseSet.grouped({name: [str(p) for p in phrases] for name, phrases in products.items()})


@cache
def _covers() -> dict[str, _Cover]:
    data = load("products").get("covered_by") or {}
    return {
        str(name): _Cover(str(c["by"]), phrase_regex(str(p) for p in c.get("anywhere", ())))
        for name, c in data.items()
    }


@cache
def _not_a_request(own: str) -> re.Pattern[str] | None:
    phrases = [
        str(p).replace("{own}", re.escape(own)).replace(" ", r"\s+")
        for p in load("products").get("not_a_request") or ()
    ]
    return re.compile("|".join(f"(?:{p})" for p in phrases)) if phrases and own else None


@cache
def _names(catalogue: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every catalogue name: "Lumen Insights" in any case; the short form
    "Insights" only capitalised, since the bare word is ordinary English. The dict maps what
    matched (lower-cased full names, short forms as written) to the catalogue name."""
    full = {name.lower(): name for name in catalogue}
    short = {name.split()[-1]: name for name in catalogue if len(name.split()) > 1}
    alternatives = "|".join(re.escape(n) for n in sorted(full, key=len, reverse=True))
    shorts = "|".join(re.escape(n) for n in sorted(short, key=len, reverse=True))
    pattern = rf"(?i:\b(?:{alternatives})\b)" + (rf"|\b(?:{shorts})\b" if shorts else "")
    return re.compile(pattern), {**short, **full}


def _inside(dropped: re.Pattern[str], low: str, at: int) -> bool:
    """Whether a phrase that is no request covers position ``at`` (searched near it only)."""
    return any(m.start() <= at < m.end() for m in dropped.finditer(low, max(0, at - 80), at + 80))


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]


def extract_products(text: str, tenant: TenantConfig, *, capabilities: bool = True) -> tuple[str, ...]:
    catalogue = tuple(p.name for p in tenant.products)
    first: dict[str, int] = {}
    pattern, lookup = _names(catalogue)
    for m in pattern.finditer(text):
        name = lookup.get(m.group(0)) or lookup.get(m.group(0).lower())
        if name and name not in first:
            first[name] = m.start()
    if capabilities:
        own = tenant.company.get("name", "").split()[:1]
        dropped = _not_a_request(own[0].lower() if own else "")
        low = text.lower()
        hits: dict[str, list[int]] = {}
        for name, hit in _capabilities().labelled(low):
            if name in catalogue and not (dropped is not None and _inside(dropped, low, hit.position)):
                hits.setdefault(name, []).append(hit.position)
        for name, cover in _covers().items():
            by = [*hits.get(cover.by, ()), *([first[cover.by]] if cover.by in first else [])]
            if not by or not hits.get(name):
                continue
            starts = _sentence_starts(text)

            def sentence(at: int, starts: list[int] = starts) -> int:
                return sum(1 for s in starts if s <= at)

            covered = {sentence(at) for at in by}
            anywhere = {h.position for h in cover.anywhere.finditer(low)}
            hits[name] = [at for at in hits[name] if at not in anywhere and sentence(at) not in covered]
        for name, positions in hits.items():
            if positions and min(positions) < first.get(name, len(text) + 1):
                first[name] = min(positions)
    return tuple(sorted(first, key=first.__getitem__))
