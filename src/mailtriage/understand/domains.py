"""Registrable domains from the public-suffix snapshot bundled with tldextract (never fetched)."""

from __future__ import annotations

from functools import lru_cache

import tldextract

_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)  # the same few addresses are looked up many times per email
def registrable_domain(address_or_host: str) -> str | None:
    """``dana@mail.acme.co.uk`` → ``acme.co.uk``; None for hosts with no registrable part."""
    host = address_or_host.rpartition("@")[2].strip().lower().rstrip(".")
    return _extract(host).top_domain_under_public_suffix or None
