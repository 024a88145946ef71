"""The word lists of the field extractors, read once from ``extract/field_data/*.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from mailtriage.understand.phrase_trie import trie_alternation


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


_KEY = 3  # phrases are indexed by their first characters, looked up at each word start


@lru_cache(maxsize=16)
def _lower(text: str) -> str:
    return text.lower()


_Entry = str | re.Pattern[str]  # a plain phrase, or a compiled regex phrase


def _literal_prefix(pattern: str) -> str:
    """The literal characters a regex phrase starts with ("within (?:a|one) weeks?" → "within ");
    empty when it cannot be indexed (a top-level alternation, or no literal start)."""
    depth = 0
    for i, c in enumerate(pattern):
        if c == "\\" and i + 1 < len(pattern):
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0 and (i == 0 or pattern[i - 1] != "\\"):
            return ""
    prefix = ""
    for c in pattern:
        if c in _META:
            if c in "?*{" and prefix:
                prefix = prefix[:-1]  # "colou?r": the quantified character is optional
            break
        prefix += c
    return prefix


_META = frozenset("\\[](){}?*+|^$.")


class PhraseSet:
    """Case-insensitive phrases; a phrase starting with a letter must start a word, so "call"
    does not fire inside "recall" (CJK phrases have no word boundaries to respect). A phrase may
    end inside a word ("dashboard" finds "dashboards").

    Phrases are indexed by their first (literal) characters and tried only at the word starts of
    the lower-cased text where one of those keys begins, which one regex scan (a trie of the keys)
    finds in C. That is much faster than one long regex alternation, a ``str.find`` per phrase, or
    a Python loop over every word. Phrases that may start anywhere (CJK) are found with
    ``str.find``; only regex phrases without a literal start go through a combined regex per label.

    A set may hold several labelled groups (``PhraseSet.grouped``), so that one pass over a text
    finds the hits of all of them (products, timeline cues).
    """

    def __init__(self, phrases: Iterable[str], *, groups: dict[str, Iterable[str]] | None = None) -> None:
        labelled: dict[str, Iterable[str]] = groups if groups is not None else {"": phrases}
        self.labels = tuple(labelled)
        indexed: dict[str, list[tuple[int, _Entry]]] = {}
        anywhere: list[tuple[str, int, _Entry]] = []
        combined: dict[int, list[str]] = {}
        exact: set[str] = set()
        for label, group in enumerate(labelled.values()):
            unique = sorted({p.strip().lower() for p in group if p.strip()}, key=len, reverse=True)
            for phrase in unique:
                entry: _Entry = phrase
                prefix = phrase
                if _REGEX_CHARS.search(phrase):
                    body = phrase[2:] if phrase.startswith("\\b") else phrase
                    prefix = _literal_prefix(body)
                    if not prefix:
                        combined.setdefault(label, []).append(phrase)
                        continue
                    entry = re.compile(body)
                else:
                    exact.add(phrase)
                if _head(prefix):
                    indexed.setdefault(prefix[:_KEY], []).append((label, entry))
                else:
                    anywhere.append((prefix, label, entry))
        self.exact = frozenset(exact)
        self.indexed = {k: tuple(v) for k, v in indexed.items()}
        self.key_sizes = tuple(sorted({len(k) for k in self.indexed}, reverse=True))
        # The word starts where some key begins, found by one scan in C: the text's other words
        # cost nothing in Python.
        keys = trie_alternation(self.indexed, casing="lower")
        self.starts = re.compile(rf"(?<!\w)(?={keys})") if self.indexed else None
        # A text without any first character of the phrases that may start anywhere (CJK, Thai)
        # has none of them: one scan instead of a find per phrase.
        firsts = "".join(re.escape(c) for c in sorted({prefix[0] for prefix, _, _ in anywhere}))
        self.anywhere_first = re.compile(f"[{firsts}]") if firsts else None
        self.anywhere = tuple(anywhere)
        self.regexes = tuple(
            (label, re.compile("|".join(f"{_head(p)}(?:{p})" for p in ps), re.IGNORECASE))
            for label, ps in combined.items()
        )

    @classmethod
    def grouped(cls, groups: dict[str, Iterable[str]]) -> PhraseSet:
        return cls((), groups=groups)

    @staticmethod
    def _match(entry: _Entry, low: str, at: int) -> int:
        """The end of the entry's match at ``at``, or -1."""
        if isinstance(entry, str):
            return at + len(entry) if low.startswith(entry, at) else -1
        m = entry.match(low, at)
        return m.end() if m else -1

    def _hits(self, low: str, *, first: bool) -> Iterator[tuple[int, int, int]]:
        """(start, end, label): per word start and label, the longest phrase that matches."""
        if self.starts is None:
            return
        get, sizes = self.indexed.get, self.key_sizes
        # The hottest loop of the extractors: the match is written out here, and the labels already
        # found at a word start are bits of an int, not a set.
        for found in self.starts.finditer(low):
            at = found.start()
            done = 0
            for size in sizes:
                entries = get(low[at : at + size])
                if not entries:
                    continue
                for label, entry in entries:
                    bit = 1 << label
                    if done & bit:
                        continue
                    if isinstance(entry, str):
                        if not low.startswith(entry, at):
                            continue
                        end = at + len(entry)
                    else:
                        m = entry.match(low, at)
                        if m is None:
                            continue
                        end = m.end()
                    yield at, end, label
                    if first:
                        return
                    done |= bit

    def _spans(self, text: str, *, first: bool) -> list[tuple[int, int, int]]:
        low = _lower(text)
        spans = list(self._hits(low, first=first))
        anywhere = self.anywhere if self.anywhere_first and self.anywhere_first.search(low) else ()
        for prefix, label, entry in anywhere:
            at = low.find(prefix)
            while at >= 0:
                end = self._match(entry, low, at)
                if end >= 0:
                    spans.append((at, end, label))
                    if first:
                        break
                at = low.find(prefix, at + 1)
        for label, regex in self.regexes:
            if first:
                m = regex.search(text)
                if m:
                    spans.append((m.start(), m.end(), label))
            else:
                spans.extend((m.start(), m.end(), label) for m in regex.finditer(text))
        return spans

    def finditer(self, text: str) -> Iterator[Hit]:
        return iter([Hit(a, text[a:b]) for a, b, _ in sorted(self._spans(text, first=False))])

    def labelled(self, text: str) -> list[tuple[str, Hit]]:
        """Every hit with the label of its group, in text order."""
        return [(self.labels[n], Hit(a, text[a:b])) for a, b, n in sorted(self._spans(text, first=False))]

    def search(self, text: str) -> Hit | None:
        """The earliest hit, without collecting every occurrence."""
        spans = self._spans(text, first=True)
        if not spans:
            return None
        a, b, _ = min(spans)
        return Hit(a, text[a:b])

    def fullmatch(self, text: str) -> bool:
        low = text.lower()
        if low in self.exact:
            return True
        return any(a == 0 and b == len(low) for a, b, _ in self._hits(low, first=False))


# Thai, Lao, Myanmar and Khmer are written without spaces between words, as CJK is: a phrase may
# start anywhere.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _head(phrase: str) -> str:
    if not phrase[:1].isalnum() or ord(phrase[0]) >= 0x3000 or _UNSPACED.match(phrase):
        return ""
    return r"(?<!\w)"


def phrase_regex(phrases: Iterable[str]) -> PhraseSet:
    return PhraseSet(phrases)
