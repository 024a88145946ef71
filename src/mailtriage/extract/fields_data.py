"""The word lists of the field extractors, read once from ``extract/field_data/*.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


_REGEX_CHARS = re.compile(r"[\\\[\](){}?*+|^$]")


@dataclass(frozen=True, slots=True)
class Hit:
    position: int
    text: str

    def start(self) -> int:
        return self.position


class PhraseSet:
    """Case-insensitive phrases; a phrase starting with a letter must start a word, so "call"
    does not fire inside "recall" (CJK phrases have no word boundaries to respect).

    Plain phrases are found with ``str.find`` on the lower-cased text, which is much faster than
    one long regex alternation; only phrases with regex syntax go through ``re``.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        unique = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
        self.plain = tuple(p for p in unique if not _REGEX_CHARS.search(p))
        patterns = [p for p in unique if _REGEX_CHARS.search(p)]
        self.regex = (
            re.compile("|".join(f"{_head(p)}(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
        )

    def finditer(self, text: str) -> Iterator[Hit]:
        low = text.lower()
        hits: list[Hit] = []
        for phrase in self.plain:
            at = low.find(phrase)
            while at >= 0:
                if not (_head(phrase) and at > 0 and (low[at - 1].isalnum() or low[at - 1] == "_")):
                    hits.append(Hit(at, text[at : at + len(phrase)]))
                at = low.find(phrase, at + 1)
        if self.regex is not None:
            hits.extend(Hit(m.start(), m.group(0)) for m in self.regex.finditer(text))
        return iter(sorted(hits, key=lambda h: h.position))

    def search(self, text: str) -> Hit | None:
        """The earliest hit, without collecting every occurrence."""
        low = text.lower()
        best: Hit | None = None
        for phrase in self.plain:
            at = low.find(phrase)
            while at >= 0 and _head(phrase) and at > 0 and (low[at - 1].isalnum() or low[at - 1] == "_"):
                at = low.find(phrase, at + 1)
            if at >= 0 and (best is None or at < best.position):
                best = Hit(at, text[at : at + len(phrase)])
        if self.regex is not None:
            m = self.regex.search(text)
            if m and (best is None or m.start() < best.position):
                best = Hit(m.start(), m.group(0))
        return best

    def fullmatch(self, text: str) -> bool:
        return any(h.position == 0 and len(h.text) == len(text) for h in self.finditer(text))


def _head(phrase: str) -> str:
    return r"(?<!\w)" if phrase[:1].isalnum() and ord(phrase[0]) < 0x3000 else ""


def phrase_regex(phrases: Iterable[str]) -> PhraseSet:
    return PhraseSet(phrases)
