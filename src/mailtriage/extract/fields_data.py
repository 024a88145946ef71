"""The word lists of the field extractors, read once from ``extract/field_data/*.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    text = resources.files("mailtriage.extract").joinpath("field_data", f"{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"field_data/{name}.yaml must be a mapping")
    return data


def strings(name: str, key: str) -> tuple[str, ...]:
    return tuple(str(v) for v in load(name)[key])


def phrase_regex(phrases: Iterable[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation of regex phrases; a phrase starting with a letter must start a word, so
    "call" does not fire inside "recall" (CJK phrases have no word boundaries to respect)."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        head = r"(?<!\w)" if phrase[:1].isalnum() and phrase[:1].isascii() else ""
        parts.append(head + f"(?:{phrase})")
    return re.compile("|".join(parts), flags)
