"""Phrase lists as regular expressions shaped like a tree of their characters.

Python tries the branches of an alternation one by one at every position, so a flat list of hundreds
of phrases is slow where a tree fails on the first character. Along every branch the longer phrase
comes first, so "Envoyé le" wins over "Envoyé" and "napisał(a)" over "napisał".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

# How phrases are cased in the tree:
#   "exact"  as written, for a case-sensitive pattern;
#   "lower"  every phrase lower-cased, for text that is lower-cased before matching;
#   "fold"   lower-cased where that keeps its length, for a case-insensitive pattern, so that "On" and
#            "on" share a branch while one whose lower-case form has another length ("İletildi") keeps
#            its own, which re.IGNORECASE matches and its lower-case form would not.
Casing = Literal["exact", "lower", "fold"]


def trie_alternation(phrases: Iterable[object], *, casing: Casing = "exact") -> str:
    """A regex matching any of ``phrases``, longest first; one that never matches when there are none."""
    tree: dict[str, Any] = {}
    for phrase in {_cased(str(p), casing) for p in phrases}:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(tree) if tree else "(?!)"


def _cased(phrase: str, casing: Casing) -> str:
    if casing == "lower" or (casing == "fold" and len(phrase.lower()) == len(phrase)):
        return phrase.lower()
    return phrase


def _branch(node: dict[str, Any]) -> str:
    options = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
    return f"(?:{body})?" if "" in node else body  # the longer phrase first, then the end here
