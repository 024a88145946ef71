"""Catalogue products a text names or whose capability it asks for, in order of first mention."""

from __future__ import annotations

import re
from functools import cache

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex
from mailtriage.tenant import TenantConfig


@cache
def _capabilities() -> dict[str, PhraseSet]:
    products: dict[str, list[str]] = load("products")["products"]
    return {name: phrase_regex(str(p) for p in phrases) for name, phrases in products.items()}


@cache
def _names(catalogue: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    # "Lumen Insights" in any case; the short form "Insights" only capitalised, since the bare
    # word is ordinary English.
    out = {}
    for name in catalogue:
        short = name.split()[-1] if len(name.split()) > 1 else name
        out[name] = re.compile(rf"(?i:\b{re.escape(name)}\b)|\b{re.escape(short)}\b")
    return out


def extract_products(text: str, tenant: TenantConfig, *, capabilities: bool = True) -> tuple[str, ...]:
    catalogue = tuple(p.name for p in tenant.products)
    first: dict[str, int] = {}
    for name, pattern in _names(catalogue).items():
        m = pattern.search(text)
        if m:
            first[name] = m.start()
    if capabilities:
        for name, phrases in _capabilities().items():
            if name not in catalogue:
                continue
            hit = phrases.search(text)
            if hit and hit.start() < first.get(name, len(text) + 1):
                first[name] = hit.start()
    return tuple(sorted(first, key=first.__getitem__))
