"""``split_body(text) -> BodyParts``: the new text of a plain-text email, apart from its baggage.

A reply carries much more than what its sender just wrote: the quoted history below an attribution
line ("On … wrote:", "Am … schrieb …:") or an Outlook "From:/Sent:/To:/Subject:" block, a
forwarded message, a signature, mobile-app footers ("Sent from my iPhone") and legal or
unsubscribe footers. This module takes them apart with line-level rules over the decoded text, in
two passes:

1. History. Top-down, every line is either the sender's, or starts quoted history (attribution
   lines, "-----Original Message-----" separators, header blocks, ``>`` blocks) or a forward.
   Everything after an unmarked history marker is history; a ``>`` block is history when an
   attribution introduces it, when it opens with one, or when nothing the sender wrote follows it.
   What the sender wrote below a quote (bottom-posting, inline replies) stays.
2. Tail. Bottom-up on what is left, footers, mobile footers, the ``-- `` signature, rule-delimited
   contact blocks, sign-offs with the name below them and trailing contact blocks are cut off.

The multilingual phrases live in ``reply_markers.yaml``. The rules are deliberately conservative
where the text is ambiguous: a line is only removed when a pattern mail clients really produce
says it is not the sender's new text, and the new text is never emptied by a signature rule.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from mailtriage.understand.phrase_trie import trie_alternation

__all__ = ["BodyParts", "ForwardedText", "header_labels", "is_mobile_footer", "score_adapter", "split_body"]


@dataclass(frozen=True, slots=True)
class ForwardedText:
    author_name: str | None
    author_email: str | None
    date: str | None  # as written in the forward header
    subject: str | None
    text: str  # the forwarded message's own body (its quotes/signature left as they are)


@dataclass(frozen=True, slots=True)
class BodyParts:
    reply_text: str  # quoted history (and forwarded block) removed, signature kept
    new_text: str  # also without signature/sign-off, legal/unsubscribe footers, mobile footers
    quoted: str  # the quoted history that was removed
    signature: str  # the signature/sign-off block removed from new_text ("" if none)
    footer: str  # legal/confidentiality/unsubscribe footer text removed ("" if none)
    forwarded: ForwardedText | None  # when the body forwards another message


# --------------------------------------------------------------------------------------------
# Marker data

# Structural patterns that hold in every language, so they stay in code.
# Address and domain patterns start only where a run of their characters starts, with bounded parts:
# unanchored, a long run of word characters would be retried from each of its positions.
_EMAIL = re.compile(r"(?<![\w.+'’-])[\w.+'’-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# A date or time as attribution lines write them: a year, "10:55", "17.50", "10h30", "25.06.2015",
# "2017年". That is \b(?:19|20)\d{2}\b|\d{1,2}[:.h]\d{2}\b|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,4}\s?[年月]
# with the first digit taken out in front, so that a search skips from digit to digit.
_DATE = re.compile(
    r"\d(?:(?<=\b1)9\d{2}\b|(?<=\b2)0\d{2}\b|\d?[:.h]\d{2}\b|\d{0,3}[./-]\d{1,2}[./-]\d{1,4}|\d{0,3}\s?[年月])"
)
# "<name@host>" or "(name@host)" closing a line, as in "2013/11/1 John Smith <john@smith.org>:".
_ENDS_WITH_ADDRESS = re.compile(
    r"(?:<\s*(?:mailto:)?[^<>\s]*@[^<>\s]*\s*>|\(\s*[^()\s]*@[^()\s]*\s*\))\s*>?\s*[:：]?$"
)
# Gmail's older attribution: "2014-03-20 8:48 GMT+01:00 Name <address>:", sometimes without address.
_GMAIL_DATE_PREFIX = re.compile(
    r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?\s+GMT[+-]\d{1,2}:?\d{2}\s+\S"
)
# Decoration around markers: dashes, equals signs, underscores, asterisks, bullets.
_DECORATION_CHARS = "-_=*~#+.•·■□◆◇─━—–|/\\ \t"
# Dashes and the like that edge an attribution ("---- Jane wrote ----"), stripped with whitespace.
_EDGE_CHARS = "-–—=_*~"
_URL = re.compile(
    r"(?:https?://|www\.)\S+|(?<![\w.-])[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:com|net|org|io|co|de|nl|fr|uk"
    r"|be|ch|at|it|es|se|no|dk|fi|pl|ru|jp|cn|eu|us|ca|au|info|biz)\b",
    re.IGNORECASE,
)
# What every _URL match contains besides "://": "www." and a non-space, or a dot and a top-level
# domain. It starts with a literal dot, so a search skips from dot to dot; _URL cannot skip at all.
_URL_DOT = re.compile(
    r"\.(?:(?<=www\.)\S|(?:com|net|org|io|co|de|nl|fr|uk|be|ch|at|it|es|se|no|dk|fi|pl|ru|jp|cn|eu|us|ca|au"
    r"|info|biz)\b)",
    re.IGNORECASE,
)
# (?:\+\s?\d|\(\d|\d)[\d \t().\-/]{5,}\d, with the first character taken out in front (as in _DATE).
_PHONE = re.compile(r"[+(\d](?:(?<=\+)\s?\d|(?<=\()\d|(?<=\d))[\d \t().\-/]{5,}\d")
_LINK_MARKUP = re.compile(
    r"\[([^\]]{0,200})\]\((?:https?://|mailto:)[^)\s]*\)|<(?:https?://|mailto:)[^>\s]*>|\((?:https?://)[^)\s]*\)|https?://\S+"
)
_EMPHASIS = re.compile(r"[*_]{1,2}")
_DASHED_NAME = re.compile(r"^(?:[-–—~]{1,2}|/{1,2})\s?[^\W\d_][\w.'’-]*(?:\s[^\W\d_][\w.'’-]*){0,2}\.?$")
_IMAGE_PLACEHOLDER = re.compile(r"^(?:\[image:[^\]]*\]|!\[[^\]]*\]\([^)]*\)|\[cid:[^\]]*\])$", re.IGNORECASE)
_SENTENCE_END = ".?!;:。？！"
_WORD_BREAKS = re.compile(r"[\s|/,]+")
_QUOTE_MARK = re.compile(r"^[ \t]*> ?")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class _Markers:
    intro: re.Pattern[str]
    verb_endings: tuple[str, ...]
    bracket_verbs: tuple[str, ...]  # the verb endings that end with ")" or ">"
    verb_at_end: re.Pattern[str]
    verb_anywhere: re.Pattern[str]
    header_tail: re.Pattern[str]
    original_message: re.Pattern[str]
    forward_marker: re.Pattern[str]
    field: re.Pattern[str]
    field_kinds: dict[str, str]
    forward_subject: re.Pattern[str]
    mobile: re.Pattern[str]
    signoff_strong: re.Pattern[str]
    signoff_weak: re.Pattern[str]
    # The same phrases in ASCII forms, for ASCII lines (see _is_signoff); None: not for every phrase.
    signoff_strong_forms: frozenset[str] | None
    signoff_weak_forms: frozenset[str] | None
    footer: re.Pattern[str]  # the line that opens a legal, unsubscribe or advertising footer
    # In ASCII text, what every footer line starts with, after its non-word characters or at its start
    # (None: the patterns do not tell; see _footer_prefixes and _may_open_footer).
    footer_prefixes: _FooterPrefixes | None
    mobile_prefixes: tuple[str, ...] | None  # in ASCII, what a mobile footer starts with (see _at_start)
    footer_screen: re.Pattern[str] | None  # the same test on every line of lower-cased ASCII text at once
    name_connectors: frozenset[str]
    contact_label: re.Pattern[str]
    invisible: dict[int, None]
    invisible_chars: tuple[str, ...]
    # Cheap necessary conditions that spare most lines the patterns above (see _find_markers).
    separator_shapes: frozenset[tuple[int, int, int]]  # _shape() of the separator phrases
    separator_max_length: int
    # In ASCII text, where phrases match as their _ascii_form (see _marker_candidates, _may_be_field):
    separator_line: re.Pattern[str]  # a line of lower-cased text (after a newline) that starts with one
    ascii_field_labels: frozenset[str]
    forwarded_by_words: frozenset[int]  # the length of the first word of the "forwarded by" phrases
    field_label_lengths: frozenset[int]
    verb_last_chars: frozenset[str]  # the last character of every verb, lower case
    verbs_by_last_char: dict[str, tuple[str, ...]]  # the verb endings by that character
    verb_in_ascii: re.Pattern[str]  # any verb that can match in ASCII text, in that text lower-cased
    verb_reversed: re.Pattern[str]  # a newline and a verb ending that is ASCII, reversed
    longest_verb: int


def _alternation(phrases: Iterable[str], *, fold: bool = False) -> str:
    return trie_alternation(phrases, casing="fold" if fold else "exact")


def _word_bounded(phrases: Sequence[str], *, fold: bool = False) -> str:
    """The phrases as whole words (word boundaries do not exist between CJK characters, so only
    alphabetic scripts get them), with one boundary test in front of the alphabetic ones, so that
    a position inside a word fails at once instead of once per phrase."""
    alphabetic = [str(p) for p in phrases if not _CJK.search(str(p))]
    cjk = [str(p) for p in phrases if _CJK.search(str(p))]
    bounded = rf"(?<!\w)(?:{_alternation(alphabetic, fold=fold)})(?!\w)"
    return f"{bounded}|{_alternation(cjk, fold=fold)}" if cjk else bounded


def _shape(text: str) -> tuple[int, int, int]:
    """What case-insensitive matching of an escaped phrase keeps: length and spaces."""
    return len(text), text.count(" "), text.find(" ")


def _ascii_form(phrase: str) -> str | None:
    """What an escaped ``phrase`` matches case-insensitively in ASCII text, lower-cased, or None when it
    cannot match there. A character that matches more than one ASCII letter ignoring case would make
    the form ambiguous; no script has one, so it is an error."""
    form = []
    for char in phrase:
        if char.isascii():
            form.append(char.lower())
            continue
        pattern = re.compile(re.escape(char), re.IGNORECASE)
        matches = {letter.lower() for letter in string.ascii_letters if pattern.fullmatch(letter)}
        if not matches:
            return None
        if len(matches) > 1:
            raise ValueError(f"reply_markers.yaml: {char!r} matches several ASCII letters")
        form.append(matches.pop())
    return "".join(form)


def _literal_prefixes(pattern: str) -> set[str]:
    """Texts one of which every match of ``pattern`` starts with (its characters matched ignoring case):
    the literal characters it starts with, through groups of alternatives and sets of characters.

    This reads only a little of the syntax, and the first construct it does not read ends the prefixes
    there, which keeps them a necessary condition; at worst they are the empty text, which every text
    starts with."""
    return {
        prefix
        for alternative in _top_level_alternatives(pattern)
        for prefix in _sequence_prefixes(alternative)[0]
    }


def _top_level_alternatives(pattern: str) -> list[str]:
    alternatives, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*alternatives, pattern[start:]]


def _class_end(pattern: str, start: int) -> int:
    """The index of the "]" that closes the set of characters opened at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


def _group_end(pattern: str, start: int) -> int:
    """The index of the ")" that closes the group opened at ``start``."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern)


_REPETITION = re.compile(r"\{\d*(?:,\d*)?\}")
_QUANTIFIED_ONCE = re.compile(r"\+|\{[1-9]\d*(?:,\d*)?\}")  # at least one repetition
_REGEX_SPECIAL = frozenset("\\.^$*+?{}[]|()")


def _escaped_literal(pattern: str, i: int) -> bool:
    """Is there an escaped ASCII punctuation character at ``i`` ("\\(", "\\."), which stands for itself?"""
    return pattern[i] == "\\" and i + 1 < len(pattern) and pattern[i + 1] in string.punctuation


def _sequence_prefixes(pattern: str) -> tuple[set[str], bool]:
    """The prefixes of a pattern without top-level alternatives, and whether they are whole: whether
    every match is one of them and nothing more (so a pattern that follows may extend them)."""
    prefixes = {""}
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            end = _group_end(pattern, i)
            inner = pattern[i + 1 : end]
            if end >= len(pattern) or (inner.startswith("?") and not inner.startswith("?:")):
                return prefixes, False
            inner = inner.removeprefix("?:")
            options: set[str] = set()
            whole = True
            for alternative in _top_level_alternatives(inner):
                found, complete = _sequence_prefixes(alternative)
                options |= found
                whole = whole and complete
            choices, i = options, end + 1
        elif char == "[":
            end = _class_end(pattern, i)
            members = pattern[i + 1 : end]
            # Literal members only: no negation, escapes or ranges (a "-" first or last is itself).
            if end >= len(pattern) or not members or members[0] == "^" or "\\" in members:
                return prefixes, False
            if "-" in members[1:-1]:
                return prefixes, False
            choices, whole, i = set(members), True, end + 1
        elif _escaped_literal(pattern, i):
            choices, whole, i = {pattern[i + 1]}, True, i + 2
        elif char in _REGEX_SPECIAL:
            return prefixes, False
        else:
            choices, whole, i = {char}, True, i + 1
        quantifier = pattern[i : i + 1]
        if quantifier == "?":
            # Once or not at all (lazily or possessively alike): both ways on.
            choices.add("")
            i += 2 if pattern[i + 1 : i + 2] in ("?", "+") else 1
        elif quantifier and quantifier in "*{+":
            once = _QUANTIFIED_ONCE.match(pattern, i)
            if once is None:
                return prefixes, False  # the item may not be there at all
            return {prefix + choice for prefix in prefixes for choice in choices}, False
        prefixes = {prefix + choice for prefix in prefixes for choice in choices}
        if not whole or len(prefixes) > 64:
            return prefixes, False
    return prefixes, True


def _mandatory_runs(pattern: str) -> list[str]:
    """The runs of literal characters that every match of a pattern without top-level alternatives
    holds: its characters outside groups, sets and escapes that no quantifier follows."""
    runs, run, i = [], "", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            i, literal = _group_end(pattern, i) + 1, False
        elif char == "[":
            i, literal = _class_end(pattern, i) + 1, False
        elif char == "\\":
            char, literal = pattern[i + 1 : i + 2], _escaped_literal(pattern, i)
            i += 2
        elif braces := _REPETITION.match(pattern, i):
            i, literal = braces.end(), False
        else:
            i, literal = i + 1, char not in _REGEX_SPECIAL
        if literal and pattern[i : i + 1] not in ("?", "*", "+", "{"):
            run += char
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def _ascii_forms(phrases: Iterable[str]) -> set[str]:
    return {form for form in map(_ascii_form, phrases) if form is not None}


# Footer prefixes are cut to this length, and lines are tested on their first _FOOTER_HEAD characters.
_FOOTER_PREFIX = 16
_FOOTER_HEAD = 64
_FooterPrefixes = tuple[dict[str, tuple[str, ...]], tuple[tuple[tuple[str, ...], str | None], ...]]


def _signoff_forms(phrases: Sequence[str]) -> frozenset[str] | None:
    """The ASCII forms of sign-off phrases, if each starts and ends with a letter or digit (which
    _is_signoff relies on)."""
    forms = _ascii_forms(map(str, phrases))
    return frozenset(forms) if all(form[:1].isalnum() and form[-1:].isalnum() for form in forms) else None


def _footer_prefixes(after_non_word: Sequence[str], at_start: Sequence[str]) -> _FooterPrefixes | None:
    """What a footer line starts with, in ASCII forms: the literal prefixes of the patterns that follow
    non-word characters (``\\W*``) by their first character, which must be a word character; and for
    each alternative of those matched at the start, its prefixes and the longest run of literal
    characters it holds (None if one of its runs cannot be in ASCII)."""
    after = _ascii_forms(
        prefix[:_FOOTER_PREFIX] for pattern in after_non_word for prefix in _literal_prefixes(str(pattern))
    )
    if not all(form and (form[0].isalnum() or form[0] == "_") for form in after):
        return None
    by_first: dict[str, list[str]] = {}
    for form in sorted(after):
        by_first.setdefault(form[0], []).append(form)
    start: list[tuple[tuple[str, ...], str | None]] = []
    for alternative in (a for pattern in at_start for a in _top_level_alternatives(str(pattern))):
        prefixes = _ascii_forms(prefix[:_FOOTER_PREFIX] for prefix in _sequence_prefixes(alternative)[0])
        if "" in prefixes:
            return None
        runs = [_ascii_form(run) for run in _mandatory_runs(alternative)]
        held = None if None in runs else max(runs, key=lambda run: len(run or ""), default="")
        start.append((tuple(sorted(prefixes)), held))
    return {first: tuple(forms) for first, forms in by_first.items()}, tuple(start)


def _at_start(patterns: Sequence[str]) -> tuple[str, ...] | None:
    """What an ASCII text that one of ``patterns`` matches at its start begins with: the ASCII forms of
    their literal prefixes, without those of the alternatives that hold a literal that cannot be in
    ASCII (None when some alternative that can match has no prefix)."""
    prefixes: set[str] = set()
    for alternative in (a for pattern in patterns for a in _top_level_alternatives(str(pattern))):
        if any(_ascii_form(run) is None for run in _mandatory_runs(alternative)):
            continue
        found = _ascii_forms(prefix[:_FOOTER_PREFIX] for prefix in _sequence_prefixes(alternative)[0])
        if "" in found:
            return None
        prefixes |= found
    return tuple(sorted(prefixes))


def _footer_screen(prefixes: _FooterPrefixes | None) -> re.Pattern[str] | None:
    """_may_open_footer for the lines of lower-cased ASCII text at once: a line (after a newline) that
    starts with a prefix after its non-word characters, or with a prefix at its start and its literal
    text anywhere in it."""
    if prefixes is None:
        return None
    after, start = prefixes
    branches = [rf"[^a-z0-9_\n]*{_prefix_tree([form for forms in after.values() for form in forms])}"]
    for forms, held in start:
        if held is not None:
            # The prefix first: the literal text is looked for only in the lines that start with it.
            tree = _prefix_tree(forms)
            branches.append(rf"(?={tree})(?=[^\n]*{re.escape(held)})" if held else tree)
    return re.compile(rf"\n(?:{'|'.join(branches)})")


def _prefix_tree(prefixes: Iterable[str]) -> str:
    """A pattern for a text that starts with one of ``prefixes``, as a tree of their characters: a match
    tries one branch per character instead of every prefix."""
    tree: dict[str, Any] = {}
    for prefix in sorted(set(prefixes), key=len):
        node = tree
        for char in prefix:
            if "" in node:
                break  # a shorter prefix already takes every text this one would
            node = node.setdefault(char, {})
        else:
            node.clear()
            node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        options = [re.escape(char) + branch(child) for char, child in sorted(node.items())]
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    return branch(tree) if tree else "(?!)"


def _by_last_char(endings: Sequence[str]) -> dict[str, tuple[str, ...]]:
    by_last: dict[str, list[str]] = {}
    for ending in endings:
        # Lower-casing maps a final sigma by its context: a verb ending in either form is found by both.
        for last in ("σ", "ς") if ending[-1] in "σς" else (ending[-1],):
            by_last.setdefault(last, []).append(ending)
    return {last: tuple(group) for last, group in by_last.items()}


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    text = resources.files("mailtriage.understand").joinpath("reply_markers.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    attribution = data["attribution"]
    verbs = _word_bounded(attribution["verbs"], fold=True)
    separators = data["separators"]
    fields: dict[str, list[str]] = data["header_fields"]
    field_kinds = {str(label).lower(): kind for kind, labels in fields.items() for label in labels}
    separator_phrases = [str(p) for p in (*separators["original_message"], *separators["forwarded_message"])]
    forwarded_by = [str(p) for p in separators["forwarded_by"]]
    if not all(p[0].isalnum() and p[-1].isalnum() for p in (*separator_phrases, *forwarded_by)):
        raise ValueError("reply_markers.yaml: separator phrases must start and end with a letter")
    if not all(" " in p for p in forwarded_by):
        raise ValueError("reply_markers.yaml: a forwarded_by phrase has words, then the name")
    verb_endings = tuple(str(verb).lower() for verb in attribution["verbs"])
    bracket_verbs = tuple(verb for verb in verb_endings if verb[-1] in ")>")
    if any(len(verb.split()) > 1 for verb in bracket_verbs):
        raise ValueError("reply_markers.yaml: a verb that ends with a bracket is one word")
    if any(label != label.strip(" \t*_") or ":" in label or "：" in label for label in field_kinds):
        raise ValueError("reply_markers.yaml: a header field label starts or ends with a separator")
    invisible = {int(code.removeprefix("U+"), 16): None for code in data["invisible_characters"]}
    footers = data["footer_patterns"]
    footer_prefixes = _footer_prefixes([*footers["legal"], *footers["unsubscribe"]], footers["advertising"])
    signoffs = data["signoffs"]
    signoff_line = r"^[\W_]{{0,3}}(?:{})[\W_]*$"
    ignore = re.IGNORECASE
    return _Markers(
        intro=re.compile(rf"^(?:{_alternation(attribution['intro'])})(?=[\s,])"),
        verb_endings=verb_endings,
        bracket_verbs=bracket_verbs,
        verb_at_end=re.compile(rf"(?:{verbs})\s*[:：]?$", ignore),
        verb_anywhere=re.compile(verbs, ignore),
        header_tail=re.compile(rf"^>?\s*(?:{verbs})?\s*[:：]?$", ignore),
        original_message=re.compile(
            rf"^[\W_]*(?:{_alternation(separators['original_message'], fold=True)})\s*[:：]?[\W_]*$", ignore
        ),
        forward_marker=re.compile(
            rf"^[\W_]*(?:{_alternation(separators['forwarded_message'], fold=True)})\s*[:：]?[\W_]*$"
            rf"|^-*\s*(?:{_alternation(forwarded_by, fold=True)})\s.{{1,100}}?\s*-*:?$",
            ignore,
        ),
        field=re.compile(
            rf"^[ \t]*[*_]{{0,2}}[ \t]*(?P<label>{_alternation(list(field_kinds), fold=True)})"
            rf"[ \t]*[*_]{{0,2}}[ \t]*[:：]",
            ignore,
        ),
        field_kinds=field_kinds,
        forward_subject=re.compile(
            rf"^\W*(?:{_alternation(data['forward_subject_prefixes'], fold=True)})\s*[:：]", ignore
        ),
        mobile=re.compile(rf"^(?:{'|'.join(data['mobile_patterns'])})$", ignore),
        signoff_strong=re.compile(signoff_line.format(_alternation(signoffs["strong"], fold=True)), ignore),
        signoff_weak=re.compile(signoff_line.format(_alternation(signoffs["weak"], fold=True)), ignore),
        signoff_strong_forms=_signoff_forms(signoffs["strong"]),
        signoff_weak_forms=_signoff_forms(signoffs["weak"]),
        footer=re.compile(
            rf"\W*(?:{'|'.join(footers['legal'])}|{'|'.join(footers['unsubscribe'])})"
            rf"|(?:{'|'.join(footers['advertising'])})",
            ignore,
        ),
        footer_prefixes=footer_prefixes,
        footer_screen=_footer_screen(footer_prefixes),
        mobile_prefixes=_at_start(data["mobile_patterns"]),
        name_connectors=frozenset(str(w).lower() for w in data["name_connectors"]),
        contact_label=re.compile(
            rf"^\W*(?:{_alternation(data['contact_labels'], fold=True)})\s*(?:[.:]|\s+(?=[\d+(@]))", ignore
        ),
        invisible=invisible,
        invisible_chars=tuple(map(chr, invisible)),
        separator_shapes=frozenset(map(_shape, separator_phrases)),
        separator_max_length=max(map(len, separator_phrases)),
        separator_line=re.compile(
            r"\n[^a-z0-9\n]*" + _prefix_tree(_ascii_forms((*separator_phrases, *forwarded_by)))
        ),
        ascii_field_labels=frozenset(form for form in map(_ascii_form, field_kinds) if form is not None),
        forwarded_by_words=frozenset(p.index(" ") for p in forwarded_by),
        field_label_lengths=frozenset(map(len, field_kinds)),
        verb_last_chars=frozenset(verb[-1] for verb in (str(v).lower() for v in attribution["verbs"])),
        verbs_by_last_char=_by_last_char(verb_endings),
        verb_in_ascii=re.compile(_prefix_tree(_ascii_forms(map(str, attribution["verbs"])))),
        verb_reversed=re.compile("\n" + _prefix_tree(verb[::-1] for verb in verb_endings if verb.isascii())),
        longest_verb=max(map(len, verb_endings)),
    )


# --------------------------------------------------------------------------------------------
# Line primitives


def _plain(line: str, m: _Markers) -> str:
    """The line without invisible characters and surrounding whitespace: what rules look at."""
    return line.translate(m.invisible).strip()


def _plains(lines: Sequence[str], m: _Markers) -> list[str]:
    """``_plain`` of every line; most texts have no invisible character, and then stripping is all."""
    text = "\n".join(lines)
    # One fast substring scan per invisible character beats a character-class search of the text.
    if text.isascii() or not any(char in text for char in m.invisible_chars):
        return [line.strip() for line in lines]
    return [_plain(line, m) for line in lines]


def _is_quote(line: str) -> bool:
    """A ``>`` quoted line (after spaces or tabs)."""
    return line.lstrip(" \t").startswith(">")


def _is_decoration(plain: str) -> bool:
    """A non-empty line of rule characters only: "-----", "____", "*-*-*-", "=====", "—"."""
    return bool(plain) and not plain.strip(_DECORATION_CHARS)


def _is_rule(plain: str) -> bool:
    return _is_decoration(plain) and len(plain.replace(" ", "")) >= 3


def _delinked(plain: str) -> str:
    """Link targets and emphasis removed: "Sent from [Mail](https://…) for *Windows*" reads plainly."""
    text = _LINK_MARKUP.sub(lambda match: match.group(1) or "", plain)
    return " ".join(_EMPHASIS.sub("", text).split())


def _is_mobile(plain: str, m: _Markers) -> bool:
    if len(plain) > 160:
        return False
    text = _delinked(plain)
    # The patterns' many case-insensitive alternatives are tried one after another on every line; in
    # ASCII the line starts with one of their prefixes.
    if m.mobile_prefixes is not None and text.isascii() and not text.lower().startswith(m.mobile_prefixes):
        return False
    return m.mobile.match(text) is not None


def _is_contact(plain: str, m: _Markers) -> bool:
    # The "@" test spares most lines the address pattern, which cannot skip ahead to the "@" itself.
    if (
        ("@" in plain and _EMAIL.search(plain))
        or (("://" in plain or _URL_DOT.search(plain)) and _URL.search(plain))
        or m.contact_label.match(plain)
    ):
        return True
    return any(sum(ch.isdigit() for ch in found.group()) >= 7 for found in _PHONE.finditer(plain))


def _words(plain: str) -> list[str]:
    return [
        w
        for w in (t.strip("*_()[]\"'.,;") for t in _WORD_BREAKS.split(plain))
        if w and any(c.isalnum() for c in w)
    ]


def _is_name_like(plain: str, m: _Markers) -> bool:
    """A short line that reads like a name, title or company: "Jane Doe", "Head of Sales", "田中太郎"."""
    if not plain or len(plain) > 60 or plain[-1] in ":;?!。？！":
        return False
    if _CJK.search(plain):
        return len(plain) <= 16 and not any(ch in plain for ch in "、。，！？：")
    words = _words(plain)
    if not 1 <= len(words) <= 6:
        return False
    capitals = 0
    for word in words:
        if word.lower() in m.name_connectors:
            continue
        if any(ch.isdigit() for ch in word):
            return False
        first = next((ch for ch in word if ch.isalpha()), "")
        if not first or first.islower():
            return False
        capitals += 1
    return capitals > 0


def _is_signature_like(plain: str, t: _TailTests) -> bool:
    """Could this line belong to a signature block (name, title, company, contact, rule, app footer)?"""
    if not plain or _is_decoration(plain) or _IMAGE_PLACEHOLDER.match(plain):
        return True
    if plain.startswith(">") or len(plain) > 200:
        return False
    # A short line without a sentence end is enough, and the cheapest test: it comes first.
    if len(plain) <= 50 and len(plain.split()) <= 6 and plain[-1] not in _SENTENCE_END:
        return True
    return t.contact(plain) or t.name_like(plain) or t.mobile(plain)


def _has_content(plains: Iterable[str]) -> bool:
    return any(p and not _is_decoration(p) for p in plains)


# --------------------------------------------------------------------------------------------
# History markers: attribution lines, separators, header blocks


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str  # "attribution", "original", "forward" or "fields"
    start: int
    end: int  # last line of the marker, inclusive
    column: int = 0  # where an attribution starts when it shares its line with reply text
    subject: str | None = None


def _attribution_text(plains: Sequence[str], start: int, end: int, column: int = 0) -> str:
    parts = [plains[start][column:], *plains[start + 1 : end + 1]]
    text = " ".join(
        " ".join(p.lstrip(">").split()) if i else " ".join(p.split()) for i, p in enumerate(parts) if p
    )
    return _strip_edge_decoration(text)


def _strip_edge_decoration(text: str) -> str:
    """``text`` without the dashes, equals signs, underscores, asterisks and whitespace around it."""
    while True:
        stripped = text.strip().strip(_EDGE_CHARS)
        if stripped == text:
            return text
        text = stripped


def _is_attribution(text: str, m: _Markers, *, fenced: bool = False) -> bool:
    """Does this (joined) text read like the line a client writes above quoted history?

    ``fenced``: the text stood between dashes, as Android clients write "---- Jane wrote ----".
    """
    if not 6 <= len(text) <= 320:
        return False
    # The header-field pattern is the slowest test and seldom decides, so it comes last.
    return _reads_as_attribution(text, m, fenced) and not m.field.match(text)


def _reads_as_attribution(text: str, m: _Markers, fenced: bool) -> bool:
    dated = _DATE.search(text) is not None
    if _ends_with_verb(text, m):
        # "On <date>, X wrote:", "X <address> wrote:", "---- X wrote ----" (Android).
        return dated or _addressed(text) or (fenced and text.count(" ") <= 5)
    if text[-1] in ":：" and dated and _may_hold_verb(text, m) and m.verb_anywhere.search(text):
        # Verb before the name: "Am 25.06.2015 um 10:55 schrieb X:", "X <address> schrieb am <date>:".
        return bool(m.intro.match(text)) or _addressed(text)
    if dated and _ENDS_WITH_ADDRESS.search(text):
        # No verb at all: "2013/11/1 John Smith <john@smith.org>", "30.09.2017, 18.30, X <address>:".
        return True
    return _GMAIL_DATE_PREFIX.match(text) is not None


def _may_hold_verb(text: str, m: _Markers) -> bool:
    """A cheap necessary condition for ``m.verb_anywhere``, which tries every verb at every word of the
    text: ASCII text (matched ignoring case as lower() maps it) holds a verb that can be in ASCII."""
    return not text.isascii() or m.verb_in_ascii.search(text.lower()) is not None


def _addressed(text: str) -> bool:
    return ("@" in text and _EMAIL.search(text) is not None) or "mailto:" in text


def _ends_with_verb(text: str, m: _Markers) -> bool:
    # Most lines fail the cheap suffix test; the regex (word boundary, trailing colon) runs on the
    # rest, on the last characters only, as an end-anchored alternation of many verbs would
    # otherwise be tried at every position of the line.
    if not text.rstrip(" \t:：").lower().endswith(m.verb_endings):
        return False
    return m.verb_at_end.search(text[-48:]) is not None


def _could_end_attribution(plain: str, m: _Markers) -> bool:
    if not plain or len(plain) > 320:
        return False
    return plain[-1] in ":：>-)" or _GMAIL_DATE_PREFIX.match(plain) is not None or _ends_with_verb(plain, m)


def _could_end_ascii_attribution(plain: str, ends_with_verb: bool, m: _Markers) -> bool:
    """_could_end_attribution for a non-empty ASCII line, whose verb ending is known (see
    _marker_candidates): a line that does not end with a colon ends with no space either."""
    if len(plain) > 320:
        return False
    return (
        plain[-1] in ":>-)"
        or ("GMT" in plain and _GMAIL_DATE_PREFIX.match(plain) is not None)
        or (ends_with_verb and m.verb_at_end.search(plain[-48:]) is not None)
    )


def _has_attribution_signs(plains: Sequence[str], first: int, end: int, signs: dict[int, bool]) -> bool:
    """Is there a date, an "@" or dashes in the lines ``first`` to ``end`` joined by spaces?

    ``signs`` remembers the answer for each line, as the windows of neighbouring lines overlap.
    """
    for k in range(first, end + 1):
        sign = signs.get(k)
        if sign is None:
            plain = plains[k]
            sign = signs[k] = "@" in plain or "--" in plain or _DATE.search(plain) is not None
        if sign:
            return True
    # The one date that the joining space can make out of two lines: "…12" and "月…".
    if any(plains[k].startswith(("年", "月")) for k in range(first + 1, end + 1)):
        return _DATE.search(" ".join(plains[first : end + 1])) is not None
    return False


def _attribution_ending_at(
    lines: Sequence[str],
    plains: Sequence[str],
    end: int,
    m: _Markers,
    signs: dict[int, bool] | None = None,
) -> _Marker | None:
    """The attribution whose last line is ``end``: it may wrap over up to five lines.

    ``signs`` caches ``_has_attribution_signs`` per line across the calls for one text.
    """
    if _is_quote(lines[end]) and not m.header_tail.match(plains[end]):
        return None
    first = max(0, end - 4)
    # A line that ends with a bracket, joined with whatever lines above it, makes a text that ends with
    # that bracket, and only an address in brackets, a Gmail date line or a verb that ends with the
    # bracket ("napisał(a)") make such a text an attribution (see _reads_as_attribution). Lines like
    # these are common in mail.
    if (
        plains[end][-1] in ")>"
        and plains[end].lstrip(">")
        and not any("@" in plains[k] or "GMT" in plains[k] for k in range(first, end + 1))
        and not plains[end].lower().endswith(m.bracket_verbs)
    ):
        return None
    # Every rule needs a date, an address or dashes somewhere in the (at most five) lines.
    if not _has_attribution_signs(plains, first, end, {} if signs is None else signs):
        return None
    shortest: int | None = None
    with_intro: int | None = None
    start = end
    while start >= 0 and end - start < 5:
        if not plains[start]:
            # Polymail puts the address on lines of its own below a blank one: "Name\n\n<\nmailto:…".
            if start + 1 <= end and plains[start + 1].startswith("<") and start > 0 and plains[start - 1]:
                start -= 1
                continue
            break
        if start < end and (
            _is_quote(lines[start]) or len(plains[start]) > 200 or plains[start][-1] in ":："
        ):
            # A line of its own that ends with a colon closes something else, not this attribution.
            break
        fenced = plains[start].startswith("--") and plains[end].endswith("--")
        if _is_attribution(_attribution_text(plains, start, end), m, fenced=fenced):
            shortest = start if shortest is None else shortest
            if m.intro.match(_strip_edge_decoration(plains[start])):
                with_intro = start
        start -= 1
    if shortest is None:
        return None
    first = with_intro if with_intro is not None else shortest
    if with_intro is None:
        # A wrapped date line above the one that matched belongs to it ("pe 20. lokakuuta 2017 klo 17.50 X").
        while first > 0 and end - first < 4:
            above = plains[first - 1]
            if not above or len(above) > 120 or above[-1] in _SENTENCE_END or _is_quote(lines[first - 1]):
                break
            if not _DATE.search(above) or not _is_attribution(_attribution_text(plains, first - 1, end), m):
                break
            first -= 1
    column = _inline_attribution_column(plains[first], m) if first == end or with_intro is None else 0
    return _Marker("attribution", first, end, column=column)


def _inline_attribution_column(plain: str, m: _Markers) -> int:
    """Where an "On … wrote:" starts when a client glued it to the reply: "reply--- On … wrote:"."""
    if m.intro.match(_strip_edge_decoration(plain)):
        return 0
    for found in re.finditer(r"(?:(?<=\s)|(?<=-))(?=\S)", plain):
        column = found.start()
        rest = plain[column:]
        if m.intro.match(rest) and _ends_with_verb(rest, m) and _DATE.search(rest):
            prefix = plain[:column].rstrip(" -–—")
            return column if prefix else 0
    return 0


def _fields_block(lines: Sequence[str], plains: Sequence[str], start: int, m: _Markers) -> _Marker | None:
    """A block of header fields ("From: … Sent: … To: … Subject: …") starting at ``start``."""
    n = len(plains)
    kinds: set[str] = set()
    subject: str | None = None
    last = start
    i = start
    continuation = 0
    while i < n:
        if _is_quote(lines[i]):
            break
        found = m.field.match(plains[i])
        if found:
            kind = m.field_kinds[found.group("label").lower()]
            kinds.add(kind)
            if kind == "subject" and subject is None:
                subject = plains[i][found.end() :].strip(" *\t")
            last, continuation, i = i, 0, i + 1
            continue
        if not plains[i]:
            # Some clients leave blank lines between fields.
            j = i
            while j < n and not plains[j] and j - i < 3:
                j += 1
            if j < n and m.field.match(plains[j]):
                i = j
                continue
            break
        # A value wrapped onto the next line ("From: Name\n<address>\nSent: …").
        if continuation < 2 and any(
            m.field.match(plains[k]) for k in range(i + 1, min(i + 3 - continuation, n))
        ):
            continuation += 1
            i += 1
            continue
        break
    if len(kinds) < 2 or not kinds & {"from", "date"}:
        return None
    return _Marker("fields", start, last, subject=subject)


# Cheap necessary conditions for the marker patterns, which are too slow to try on every line. The
# phrases are escaped, and a character matched case-insensitively is still one character, and a space
# only matches a space, so a line's length and spaces tell most lines apart from every phrase.


def _may_be_separator(plain: str, m: _Markers) -> bool:
    """Could ``forward_marker`` or ``original_message`` match ``plain``?

    Those lines are a phrase between non-word characters, so the phrase is what lies between the first
    and the last letter or digit ("-----Original Message-----"); or a "forwarded by" phrase and a name.
    """
    if plain[0].isalnum():
        # Most lines: the phrase would start with the line, so a letter or digit past the longest phrase
        # rules out all but a "forwarded by" phrase.
        space = plain.find(" ")
        if space in m.forwarded_by_words:
            return True
        longest = m.separator_max_length
        if plain[-1].isalnum():
            # No decoration at either end: the phrase would be the whole line.
            return len(plain) <= longest and (len(plain), plain.count(" "), space) in m.separator_shapes
        if len(plain) > longest and plain[longest].isalnum():
            return False
    # Decoration first, as string methods: rules of dashes would take long one character at a time.
    end = len(plain.rstrip(_DECORATION_CHARS))
    while end and not plain[end - 1].isalnum():
        end -= 1
    start = len(plain) - len(plain.lstrip(_DECORATION_CHARS))
    while start < end and not plain[start].isalnum():
        start += 1
    if end - start <= m.separator_max_length and _shape(plain[start:end]) in m.separator_shapes:
        return True
    return plain.find(" ", start) - start in m.forwarded_by_words


def _may_be_field(plain: str, m: _Markers) -> bool:
    """Could ``field`` match ``plain``? Its label, between "*" or "_" markup, comes before the first colon."""
    colon = plain.find(":")
    wide = plain.find("：")
    if colon < 0 or 0 <= wide < colon:
        colon = wide
    if colon < 0:
        return False
    label = plain[:colon].strip(" \t*_")
    # In ASCII, the label is one of the labels exactly, ignoring case (see _ascii_form).
    return label.lower() in m.ascii_field_labels if label.isascii() else len(label) in m.field_label_lengths


def _may_end_attribution(plain: str, m: _Markers) -> bool:
    """A cheap necessary condition for ``_could_end_attribution``: its last character."""
    last = plain[-1]
    # The verb test lower-cases the line, which maps its last character on its own (apart from a final
    # sigma, which ends no verb).
    return last in ":：>-)" or last.lower()[-1:] in m.verb_last_chars or "GMT" in plain


def _may_mark(plain: str, m: _Markers, separable: bool) -> bool:
    """Could a marker of any kind start or end at this (non-empty) line? The necessary conditions of
    separators, header fields and attribution endings in one test, so that most lines are passed over
    at the cost of one call. ``separable``: whether the line may be a separator at all."""
    if plain[-1] in ":：>-)" or ":" in plain or "：" in plain or "GMT" in plain:
        return True
    if separable and _may_be_separator(plain, m):
        return True
    # _ends_with_verb's suffix test: the line has no trailing space or colon here, and lower-casing maps
    # each of its last characters on its own (but for a sigma, see _by_last_char).
    verbs = m.verbs_by_last_char.get(plain[-1].lower()[-1:])
    return verbs is not None and plain[-m.longest_verb :].lower().endswith(verbs)


def _marker_candidates(plains: Sequence[str], m: _Markers) -> tuple[list[int], bool, set[int]]:
    """The lines that _may_mark lets through (and that are neither empty nor over 400 characters),
    whether an ASCII line may be a separator, and the ASCII lines that end with a verb.

    Its tests run on the ASCII lines (most of mail) of the whole text at once: a separator phrase
    starts at the first letter or digit of its line, so one search for a line that starts so rules out
    most texts, and the lines that end with a verb start with it in the text reversed. The others are
    tested line by line."""
    text = "\n".join(plains)
    if not text.isascii():
        text = "\n".join([plain if plain.isascii() else "" for plain in plains])
    lowered = text.lower()  # exact for ASCII, as the phrases and verbs are compared
    separable = m.separator_line.search("\n" + lowered) is not None
    backwards = f"\n{lowered[::-1]}"
    last = len(plains) - 1
    with_verb = {
        last - backwards.count("\n", 0, found.start()) for found in m.verb_reversed.finditer(backwards)
    }
    candidates = [
        i
        for i, plain in enumerate(plains)
        if plain
        and len(plain) <= 400
        and (
            (
                plain[-1] in ">-)"
                or ":" in plain
                or "GMT" in plain
                or i in with_verb
                or (separable and _may_be_separator(plain, m))
            )
            if plain.isascii()
            else _may_mark(plain, m, True)
        )
    ]
    return candidates, separable, with_verb


def _find_markers(lines: Sequence[str], plains: Sequence[str], m: _Markers) -> dict[int, _Marker]:
    """Every history marker, keyed by its first line; a later marker never overlaps an earlier one."""
    markers: dict[int, _Marker] = {}
    signs: dict[int, bool] = {}
    covered = -1
    candidates, separable, with_verb = _marker_candidates(plains, m)
    for i in candidates:
        plain = plains[i]
        marker: _Marker | None = None
        # A quoted line's plain form starts with ">" too; most lines fail that test, and the colon test.
        if i > covered and not (plain[0] == ">" and _is_quote(lines[i])):
            separator = (separable or not plain.isascii()) and _may_be_separator(plain, m)
            if separator and m.forward_marker.match(plain):
                marker = _Marker("forward", i, i)
            elif separator and m.original_message.match(plain):
                marker = _Marker("original", i, i)
            elif (
                (":" in plain or "：" in plain)
                and _may_be_field(plain, m)
                and m.field.match(plain)
                and not (i > 0 and m.field.match(plains[i - 1]))
            ):
                marker = _fields_block(lines, plains, i, m)
        if marker is None and (
            _could_end_ascii_attribution(plain, i in with_verb, m)
            if plain.isascii()
            else _may_end_attribution(plain, m) and _could_end_attribution(plain, m)
        ):
            marker = _attribution_ending_at(lines, plains, i, m, signs)
            if marker is not None and marker.start <= covered:
                marker = None
            if marker is not None:
                marker = _extend_attribution_down(lines, plains, marker, m)
        if marker is not None:
            markers[marker.start] = marker
            covered = marker.end
    return markers


def _extend_attribution_down(
    lines: Sequence[str], plains: Sequence[str], marker: _Marker, m: _Markers
) -> _Marker:
    # The lines a client wrapped below an attribution that already reads complete: the verb alone
    # ("On <date>, X <address>\nwrote:") or the name and address ("Op <date> schreef\nX <address>:").
    end = marker.end
    while end + 1 < len(plains) and end - marker.start < 5:
        below = plains[end + 1]
        if not below or below == ">" or len(below) > 120:
            break
        if m.header_tail.match(below):
            end += 1
            continue
        if _is_quote(lines[end + 1]) or not _ENDS_WITH_ADDRESS.search(below):
            break
        if not _is_attribution(_attribution_text(plains, marker.start, end + 1, marker.column), m):
            break
        end += 1
    return marker if end == marker.end else _Marker(marker.kind, marker.start, end, marker.column)


# --------------------------------------------------------------------------------------------
# Pass 1: separating the history from what the sender wrote


def _quote_block_end(lines: Sequence[str], plains: Sequence[str], start: int) -> int:
    """Last line of the ``>`` block starting at ``start``, across blank lines and lines a client wrapped
    without re-quoting them ("> a long quoted sentence that\\nwrapped here\\n>")."""
    n = len(lines)
    last = start
    i = start
    while i < n:
        if _is_quote(lines[i]):
            last, i = i, i + 1
            continue
        j = i
        while j < n and not plains[j] and j - i < 3:
            j += 1
        if j > i:
            if j < n and _is_quote(lines[j]):
                i = j
                continue
            break
        j = i
        while j < n and j - i < 2 and plains[j] and not _is_quote(lines[j]):
            j += 1
        wrapped_tail = len(plains[last]) >= 60 or not plains[i][:1].isupper()
        if j < n and j > i and _is_quote(lines[j]) and wrapped_tail:
            i = j
            continue
        break
    return last


def _raw_prefix(line: str, column: int, m: _Markers) -> str:
    """The part of ``line`` before ``column`` of its plain form (which lacks invisible characters)."""
    seen = 0
    for position, char in enumerate(line.lstrip()):
        if seen == column:
            return line.lstrip()[:position]
        seen += ord(char) not in m.invisible
    return line.strip()


def _unquote(line: str) -> str:
    return _QUOTE_MARK.sub("", line, count=1)


@dataclass(slots=True)
class _History:
    kept: list[str]
    quoted: list[str]
    forwarded: ForwardedText | None = None
    kept_plains: list[str] = field(default_factory=list)  # _plain of each kept line


def _split_history(lines: list[str], plains: list[str], m: _Markers) -> _History:
    markers = _find_markers(lines, plains, m)
    history = _History(kept=[], quoted=[])
    n = len(lines)
    content_above = False

    def keep(start: int, stop: int) -> None:
        nonlocal content_above
        history.kept.extend(lines[start:stop])
        history.kept_plains.extend(plains[start:stop])
        content_above = content_above or _has_content(plains[start:stop])

    def skip_blank(i: int) -> int:
        while i < n and not plains[i]:
            i += 1
        return i

    def drop_rule_above() -> None:
        # A rule right above a header block belongs to it ("________________\nFrom: …").
        k = len(history.kept)
        while k > 0 and not history.kept[k - 1].strip():
            k -= 1
        if k > 0 and _is_rule(history.kept_plains[k - 1]):
            history.quoted.extend(history.kept[k - 1 :])
            del history.kept[k - 1 :], history.kept_plains[k - 1 :]

    # The lines where a quote or a marker starts, in order. (A quoted line's plain form starts with ">".)
    openers = sorted(
        {i for i in markers if plains[i]}
        | {i for i, plain in enumerate(plains) if plain[:1] == ">" and _is_quote(lines[i])}
    )

    i = 0
    while i < n:
        if plains[i][:1] == ">" and _is_quote(lines[i]):
            last = _quote_block_end(lines, plains, i)
            block = [_unquote(line) for line in lines[i : last + 1]]
            after = skip_blank(last + 1)
            opens_history = _opens_history(block, m)
            if opens_history is not None or (
                content_above and (after >= n or _is_residue(lines, plains, after, m))
            ):
                if opens_history == "forward" and history.forwarded is None:
                    history.forwarded = _parse_forward(block, m)
                else:
                    history.quoted.extend(lines[i:after])
                i = after
            else:
                # Quoted lines with the sender's text below them and nothing to say they are history
                # (a citation, an inline reply's context) stay part of the message.
                keep(i, last + 1)
                i = last + 1
            continue
        marker = markers.get(i)
        if marker is None:
            # Blank lines and the sender's lines, up to the next quote or marker.
            following = bisect_right(openers, i)
            stop = openers[following] if following < len(openers) else n
            keep(i, stop)
            i = stop
            continue
        if marker.kind == "attribution":
            if marker.column:
                history.kept.append(_raw_prefix(lines[i], marker.column, m).rstrip(" -–—"))
                history.kept_plains.append(_plain(history.kept[-1], m))
                content_above = True
            below = skip_blank(marker.end + 1)
            if below < n and _is_quote(lines[below]):
                last = _quote_block_end(lines, plains, below)
                after = skip_blank(last + 1)
                history.quoted.extend(lines[i:after])
                i = after
                continue
            if content_above:
                history.quoted.extend(lines[i:])
                break
            # An attribution on top of unmarked text: the quote cannot be told from a reply written
            # below it, so only the attribution goes.
            history.quoted.extend(lines[i:below])
            i = below
            continue
        drop_rule_above()
        if marker.kind == "forward" or (
            marker.subject is not None and m.forward_subject.match(marker.subject)
        ):
            if history.forwarded is None:
                body = lines[marker.start + 1 :] if marker.kind == "forward" else lines[marker.start :]
                history.forwarded = _parse_forward(body, m)
                break
        elif not content_above:
            # A separator or header block with nothing written above it: an exmh-style attribution, a
            # notification, or an empty reply. Dropping what follows would drop the whole message.
            end = skip_blank(marker.end + 1)
            history.quoted.extend(lines[i:end])
            i = end
            continue
        history.quoted.extend(lines[i:])
        break
    return history


def _opens_history(block: Sequence[str], m: _Markers) -> str | None:
    """Does a ``>`` block open with a marker ("> On … wrote:", "> Begin forwarded message:")? Its kind."""
    plains = _plains(block[:8], m)
    first = next((i for i, p in enumerate(plains) if p), None)
    if first is None:
        return None
    if m.forward_marker.match(plains[first]):
        return "forward"
    if m.original_message.match(plains[first]):
        return "original"
    if m.field.match(plains[first]) and _fields_block(block[:8], plains, first, m):
        return "fields"
    for end in range(first, min(first + 5, len(plains))):
        marker = (
            _attribution_ending_at(block, plains, end, m) if _could_end_attribution(plains[end], m) else None
        )
        if marker is not None and marker.start == first and not marker.column:
            return "attribution"
    return None


def _is_residue(lines: Sequence[str], plains: Sequence[str], start: int, m: _Markers) -> bool:
    """Is what follows ``start`` only signature, app footer or legal footer (nothing the sender wrote)?"""
    end, filled = start, 0
    while end < len(lines):
        filled += bool(lines[end].strip())
        if filled > 40:
            return False
        end += 1
    _, body_plains, _, _ = _strip_tail(list(lines[start:end]), m, list(plains[start:end]), keep_first=False)
    return not _has_content(body_plains)


# --------------------------------------------------------------------------------------------
# Forwarded messages


def _parse_forward(lines: Sequence[str], m: _Markers) -> ForwardedText:
    lines = list(lines)
    if _is_quote(next((line for line in lines if line.strip()), "")):
        lines = [_unquote(line) for line in lines]
    plains = _plains(lines, m)
    n = len(lines)
    fields: dict[str, str] = {}
    i = 0
    while i < n and not plains[i] and i < 3:
        i += 1
    if i < n and (m.forward_marker.match(plains[i]) or m.original_message.match(plains[i])):
        lines, plains, n, i = lines[i + 1 :], plains[i + 1 :], n - i - 1, 0
        while i < n and not plains[i] and i < 3:
            i += 1
    last_kind: str | None = None
    while i < n:
        found = m.field.match(plains[i])
        if found:
            last_kind = m.field_kinds[found.group("label").lower()]
            fields.setdefault(last_kind, plains[i][found.end() :].strip(" *\t"))
            i += 1
            continue
        if not plains[i]:
            j = i
            while j < n and not plains[j] and j - i < 3:
                j += 1
            if last_kind is not None and j < n and m.field.match(plains[j]):
                i = j
                continue
            break
        if last_kind is not None and any(m.field.match(plains[k]) for k in range(i + 1, min(i + 3, n))):
            # A wrapped value, usually a long subject or a display name above its address.
            fields[last_kind] = f"{fields[last_kind]} {plains[i]}".strip()
            i += 1
            continue
        break
    if not fields:
        i = 0
    name, address = _split_address(fields.get("from", ""))
    return ForwardedText(
        author_name=name,
        author_email=address,
        date=fields.get("date") or None,
        subject=fields.get("subject") or None,
        text="\n".join(lines[i:]).strip("\n").rstrip(),
    )


def _split_address(value: str) -> tuple[str | None, str | None]:
    """("Jane Doe", "jane@example.com") from "Jane Doe <jane@example.com>", "\"Doe, Jane\" [mailto:…]"."""
    found = _EMAIL.search(value)
    address = found.group().strip(".'’") if found else None
    name = value
    for pattern in (r"\[mailto:[^\]]*\]", r"<[^<>]*>", r"<[^<>]*>", r"\([^()]*@[^()]*\)", r"mailto:\S+"):
        name = re.sub(pattern, " ", name)
    if address:
        name = name.replace(address, " ")
    name = " ".join(name.strip(" \t\"'<>,;:*").split())
    return (name or None, address)


# --------------------------------------------------------------------------------------------
# Pass 2: the tail (signature, sign-off, app and legal footers)


# ASCII characters that \W matches.
_ASCII_NON_WORD = "".join(chr(code) for code in range(128) if not (chr(code).isalnum() or chr(code) == "_"))


def _may_open_footer(plain: str, m: _Markers) -> bool:
    """A cheap necessary condition for ``m.footer``, whose many case-insensitive alternatives are tried
    one after another on every line: a line that starts in ASCII starts with one of their prefixes."""
    head = plain[:_FOOTER_HEAD]
    if m.footer_prefixes is None or not head.isascii():
        return True
    after, start = m.footer_prefixes
    lowered = head.lower()
    words = lowered.lstrip(_ASCII_NON_WORD)
    if len(words) < _FOOTER_PREFIX and len(head) < len(plain):
        return True  # the words start too far into the line to be read in its head
    if words.startswith(after.get(words[:1], ())):
        return True
    # The rest start with decoration ("----- sponsored by … -----"), which many lines do: they also
    # need their literal text, looked for in the whole line when it is ASCII.
    whole = plain.lower() if plain.isascii() else None
    return any(
        lowered.startswith(prefixes) and (whole is None or (held is not None and held in whole))
        for prefixes, held in start
    )


def _line_numbers(pattern: re.Pattern[str], text: str) -> list[int]:
    """The numbers of the lines of ``text`` that ``pattern`` matches, in order: it matches a whole line
    between newlines, and the text is searched with a newline at either end."""
    numbers, line, position = [], 0, 0
    framed = f"\n{text}\n"
    for found in pattern.finditer(framed):
        line += framed.count("\n", position, found.start())
        position = found.start()
        numbers.append(line)
    return numbers


# A line of decoration only (_is_decoration), from the newline before it: a search skips from newline to
# newline (a pattern that starts with ^ is tried at every position).
_DECORATION_LINE = re.compile(f"\\n[{re.escape(_DECORATION_CHARS)}]+(?=\\n)")


def _footer_lines(text: str, plains: Sequence[str], m: _Markers) -> set[str] | None:
    """The lines (of ``plains``, joined in ``text``) that may open a footer: the ASCII ones that
    _may_open_footer lets through, found in one search, and the others that it lets through one by one
    (None when the patterns do not tell: each line is tested as it comes)."""
    if m.footer_screen is None:
        return None
    others: set[str] = set()
    if not text.isascii():
        others = {plain for plain in plains if not plain.isascii() and _may_open_footer(plain, m)}
        text = "\n".join([plain if plain.isascii() else "" for plain in plains])
    lowered = "\n" + text.lower()
    found = {plains[lowered.count("\n", 0, line.start())] for line in m.footer_screen.finditer(lowered)}
    return found | others


# ASCII characters that [\W_] matches.
_ASCII_NON_ALNUM = "".join(chr(code) for code in range(128) if not chr(code).isalnum())


def _is_signoff(plain: str, pattern: re.Pattern[str], forms: frozenset[str] | None) -> bool:
    """``pattern.match(plain)`` for a sign-off line, "^[\\W_]{0,3}(?:phrases)[\\W_]*$" ignoring case.

    Its phrases start and end with a letter or digit, so in an ASCII line the phrase would be all that
    lies between the first and the last of them, after at most three other characters: a set lookup,
    where the pattern tries a hundred phrases one after another."""
    if forms is None or not plain.isascii():
        return pattern.match(plain) is not None
    lowered = plain.lower()
    words = lowered.lstrip(_ASCII_NON_ALNUM)
    return len(lowered) - len(words) <= 3 and words.rstrip(_ASCII_NON_ALNUM) in forms


class _TailTests:
    """The line tests of the tail rules, each run once per line text within one ``_strip_tail``: every
    pass of its loop runs the rules again over much the same lines."""

    __slots__ = (
        "_contact",
        "_footer",
        "_footer_lines",
        "_mobile",
        "_name_like",
        "_signature_like",
        "delimiters",
        "filled",
        "m",
        "rules",
    )

    def __init__(self, m: _Markers, plains: Sequence[str]) -> None:
        self.m = m
        self.filled = [i for i, plain in enumerate(plains) if plain]  # the non-empty lines
        # Where the delimiter and rule lines are, found in one search each (the body only ever
        # shortens from below, so the line numbers stay).
        text = "\n".join(plains)
        decorations = _line_numbers(_DECORATION_LINE, text)
        self.delimiters = [i for i in decorations if plains[i] in {"--", "__", "---"}]
        self.rules = [i for i in decorations if _is_rule(plains[i])]
        self._footer_lines = _footer_lines(text, plains, m)
        self._footer: dict[str, bool] = {}
        self._mobile: dict[str, bool] = {}
        self._contact: dict[str, bool] = {}
        self._name_like: dict[str, bool] = {}
        self._signature_like: dict[str, bool] = {}

    def footer(self, plain: str) -> bool:
        found = self._footer.get(plain)
        if found is None:
            may_open = (
                plain in self._footer_lines
                if self._footer_lines is not None
                else _may_open_footer(plain, self.m)
            )
            found = self._footer[plain] = may_open and self.m.footer.match(plain) is not None
        return found

    def mobile(self, plain: str) -> bool:
        found = self._mobile.get(plain)
        if found is None:
            found = self._mobile[plain] = _is_mobile(plain, self.m)
        return found

    def contact(self, plain: str) -> bool:
        found = self._contact.get(plain)
        if found is None:
            found = self._contact[plain] = _is_contact(plain, self.m)
        return found

    def name_like(self, plain: str) -> bool:
        found = self._name_like.get(plain)
        if found is None:
            found = self._name_like[plain] = _is_name_like(plain, self.m)
        return found

    def signature_like(self, plain: str) -> bool:
        found = self._signature_like.get(plain)
        if found is None:
            found = self._signature_like[plain] = _is_signature_like(plain, self)
        return found


_Cut = Callable[[list[str], list[str], int, _TailTests], int | None]


def _cut_footer(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """A legal, confidentiality, list or notification footer opening in the last 40 non-empty lines."""
    del lines
    filled = bisect_left(t.filled, len(plains))
    start = max(lowest, t.filled[filled - 40]) if filled >= 40 else lowest
    for i in range(start, len(plains)):
        if plains[i] and t.footer(plains[i]):
            return i
    return None


def _cut_pgp_signature(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """The armour of an inline PGP signature ("-----BEGIN PGP SIGNATURE-----" … "-----END …")."""
    del lines, t
    if "-----BEGIN PGP SIGNATURE-----" not in plains:
        return None
    for i in range(len(plains) - 1, lowest - 1, -1):
        if plains[i] == "-----BEGIN PGP SIGNATURE-----":
            return i
    return None


def _cut_mobile(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """App footers ("Sent from my iPhone") with a name line written right above them."""
    del lines
    found: int | None = None
    for i in range(len(plains) - 1, lowest - 1, -1):
        if not plains[i]:
            continue
        if t.mobile(plains[i]):
            found = i
        elif not t.signature_like(plains[i]):
            break
    if found is None:
        return None
    # A name on its own paragraph right above the app footer signs the message ("Jane\nvia mobile"),
    # unless it is all there is.
    above = found
    while above > 0 and found - above < 2 and plains[above - 1] and t.name_like(plains[above - 1]):
        above -= 1
    if above < found and above > 0 and not plains[above - 1] and _has_content(plains[:above]):
        return above
    return found


def _cut_delimiter(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """The signature delimiter "-- " (and the "--", "__", "---" people type for it)."""
    del lines
    for i in t.delimiters:
        if not lowest <= i < len(plains):
            continue
        if plains[i] in {"--", "__", "---"}:
            after = [p for p in plains[i + 1 :] if p]
            if plains[i] == "---" and not (len(after) <= 6 and all(t.signature_like(p) for p in after)):
                continue
            if len(after) <= 25:
                return i
    return None


def _cut_ruled_block(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """A rule with a contact block below it: "-----\\nJane Doe\\nTel: …", mailing-list footers."""
    del lines
    for i in reversed(t.rules):
        if not lowest <= i < len(plains):
            continue
        after = [p for p in plains[i + 1 :] if p]
        if (
            after
            and len(after) <= 15
            and all(t.signature_like(p) for p in after)
            and any(t.contact(p) for p in after)
        ):
            return i
    return None


def _cut_contact_block(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """A trailing block that starts with a name and carries contact details (phone, address, website)."""
    del lines
    start = len(plains)
    count = 0
    for i in range(len(plains) - 1, lowest - 1, -1):
        if not plains[i]:
            continue
        if not t.signature_like(plains[i]) or count >= 15:
            break
        start, count = i, count + 1
    for i in range(start, len(plains)):
        if plains[i] and t.name_like(plains[i]):
            if sum(1 for p in plains[i + 1 :] if p and t.contact(p)) >= 2:
                return i
            return None
    return None


def _cut_signoff(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """A sign-off line ("Best regards,", "Mit freundlichen Grüßen") with at most a short block below."""
    del lines
    found: int | None = None
    below = 0
    next_plain = ""  # the first non-empty line below the one at hand
    for i in range(len(plains) - 1, lowest - 1, -1):
        plain = plains[i]
        if not plain:
            continue
        if plain.startswith(">"):
            break
        if _is_signoff(plain, t.m.signoff_strong, t.m.signoff_strong_forms) or (
            _is_signoff(plain, t.m.signoff_weak, t.m.signoff_weak_forms)
            and next_plain
            and t.name_like(next_plain)
        ):
            found = i
        elif not t.signature_like(plain):
            break
        next_plain = plain
        below += 1
        if below > 7:
            break
    return found


def _cut_dashed_name(lines: list[str], plains: list[str], lowest: int, t: _TailTests) -> int | None:
    """A name signed with a dash or slash on the last line: "-Abhishek", "- roman", "/Anna"."""
    del lines, t
    last = len(plains) - 1
    while last >= 0 and not plains[last]:
        last -= 1
    if last < lowest or not _DASHED_NAME.match(plains[last]):
        return None
    # "- apples" closing a list of "- …" items is a list item, not a signature.
    previous = next((p for p in reversed(plains[:last]) if p), "")
    return None if previous[:1] in {"-", "–", "—", "*", "•"} else last


# Every tail rule looks at most this many non-empty lines up from the end.
_TAIL_WINDOW = 60

# Order matters: footers sit below signatures, app footers below sign-offs.
_TAIL_CUTS: tuple[tuple[str, _Cut, bool], ...] = (
    ("footer", _cut_footer, False),
    ("signature", _cut_pgp_signature, False),
    ("signature", _cut_mobile, False),
    ("signature", _cut_delimiter, True),
    ("signature", _cut_ruled_block, True),
    ("signature", _cut_contact_block, True),
    ("signature", _cut_signoff, True),
    ("signature", _cut_dashed_name, True),
)


def _strip_tail(
    lines: list[str], m: _Markers, plains: list[str], *, keep_first: bool = True
) -> tuple[list[str], list[str], list[str], list[str]]:
    """(body, the plain forms of its lines, signature, footer) from ``lines`` and their ``plains``. With
    ``keep_first``, signature rules never take the first line of text: a message that is all "signature"
    is more likely text that merely looks like one."""
    body = list(lines)
    plains = list(plains)
    signature: list[str] = []
    footer: list[str] = []
    first = next((i for i, p in enumerate(plains) if p), None)
    # The head of an inline PGP signature ("-----BEGIN PGP SIGNED MESSAGE-----", "Hash: SHA1") is
    # armour, not text; its tail is cut with the signature below.
    if first is not None and plains[first] == "-----BEGIN PGP SIGNED MESSAGE-----":
        end = first + 1
        while end < len(body) and plains[end].startswith("Hash:"):
            end += 1
        signature.extend(body[first:end])
        del body[first:end], plains[first:end]
    tests = _TailTests(m, plains)
    # Every cut only shortens the body from below, so the plain forms stay aligned with it.
    for _ in range(12):
        end = len(plains)
        while end and (not plains[end - 1] or _is_decoration(plains[end - 1])):
            end -= 1
        if end < len(body):
            signature[:0] = [line for line in body[end:] if line.strip()]
            del body[end:], plains[end:]
        filled = bisect_left(tests.filled, len(plains))  # the non-empty lines left
        if not filled:
            break
        first = tests.filled[0]
        window = tests.filled[filled - _TAIL_WINDOW] if filled >= _TAIL_WINDOW else 0
        for part, cut, guarded in _TAIL_CUTS:
            lowest = max(first + 1 if guarded and keep_first else first, window)
            at = cut(body, plains, lowest, tests)
            if at is not None and at >= lowest:
                (footer if part == "footer" else signature)[:0] = body[at:]
                del body[at:], plains[at:]
                break
        else:
            break
    return body, plains, signature, footer


# --------------------------------------------------------------------------------------------
# Public interface


def _text(lines: Sequence[str]) -> str:
    return "\n".join([line.rstrip() for line in lines]).strip("\n")


def _split(text: str) -> BodyParts:
    m = _markers()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    plains = _plains(lines, m)
    history = _split_history(lines, plains, m)
    body, _, signature, footer = _strip_tail(history.kept, m, history.kept_plains)
    return BodyParts(
        reply_text=_text(history.kept).strip(),
        new_text=_text(body).strip(),
        quoted=_text(history.quoted),
        signature=_text(signature),
        footer=_text(footer),
        forwarded=history.forwarded,
    )


def header_labels() -> dict[str, tuple[str, ...]]:
    """The labels of the header block above quoted or forwarded mail ("Von", "件名"), lower-cased, by
    the field they name: from, date, to, cc, subject, reply_to and other."""
    labels: dict[str, list[str]] = {}
    for label, kind in _markers().field_kinds.items():
        labels.setdefault(kind, []).append(label)
    return {kind: tuple(group) for kind, group in labels.items()}


def attribution_verbs() -> tuple[str, ...]:
    """The verbs of attribution lines ("wrote", "skrev", "写道"), lower-cased."""
    return _markers().verb_endings


def is_mobile_footer(line: str) -> bool:
    """A footer a mail app writes ("Sent from my iPhone", "iPhoneから送信"): no one's name or company."""
    m = _markers()
    return _is_mobile(_plain(line, m), m)


def split_body(text: str) -> BodyParts:
    """Split a decoded plain-text body into new text, quoted history, signature, footers and forward."""
    try:
        return _split(text)
    except Exception:  # pragma: no cover - a last resort: an odd body must not stop the pipeline
        stripped = text.strip()
        return BodyParts(stripped, stripped, "", "", "", None)


def score_adapter(body: str) -> dict[str, str]:
    """The two texts the peer-corpus scorer compares: ``reply_text`` and ``new_text``."""
    parts = split_body(body)
    return {"reply_text": parts.reply_text, "new_text": parts.new_text}
