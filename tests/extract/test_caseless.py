"""The fast forms of the extractors' patterns find exactly what the plain case-insensitive pattern
finds: the lower-cased pattern over lower-cased text, and the lookahead for a match's first
characters."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mailtriage.extract import fields_timeline
from mailtriage.extract.caseless import CaselessPattern, lower_pattern, with_start_lookahead

# Text made of the pieces the timeline patterns are about, in any case and order, with the odd
# character whose lower-case form is longer ("İ") or special ("ẞ", "Σ").
_PIECES = st.sampled_from(
    [
        "Q3",
        "q1 ",
        "3rd quarter",
        "3. Quartal",
        "第2四半期",
        "2분기",
        "by the ",
        "12th",
        "end of ",
        "Mitte ",
        "März",
        "MAY",
        "juin",
        "Januar 2027",
        "mid-",
        "Dec.",
        "H2 ",
        "early 2027",
        "within ",
        "two weeks",
        "3 Monaten",
        "next Friday",
        "lundi",
        "15.01.2027",
        "2027-03-01",
        "2027年3月",
        "4月末",
        "İ",
        "ẞ",
        "ΣΕΠΤΕΜΒΡΊΟΥ",
        " ",
        "\n",
        ", ",
        "the ",
        "x",
        "7",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join)


def _timeline_patterns() -> list[CaselessPattern]:
    p = fields_timeline._patterns()
    return [*fields_timeline._date_patterns(), p.year_part, p.quarter, p.duration, p.weekday]


def _spans(matches: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), tuple(g and g.lower() for g in m.groups())) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_the_timeline_patterns_find_what_their_case_insensitive_form_finds(text: str) -> None:
    for caseless in _timeline_patterns():
        plain = re.compile(caseless.source, re.IGNORECASE)  # as the extractor compiled it before
        assert _spans(caseless.finditer(text)) == _spans(plain.finditer(text)), plain.pattern[:80]


def test_a_group_keeps_its_position_so_the_original_spelling_can_be_read() -> None:
    pattern = CaselessPattern(r"(?<!\w)(?P<month>march|mars)\b")
    text = "Start im MARCH, not in Mars"
    assert [text[m.start("month") : m.end("month")] for m in pattern.finditer(text)] == ["MARCH", "Mars"]


def test_text_whose_lower_case_is_longer_is_searched_as_it_is() -> None:
    pattern = CaselessPattern(r"q(?P<n>[1-4])")
    text = "İstanbul, Q3"  # "İ".lower() is two characters: positions would shift
    assert [(m.start(), m.group("n")) for m in pattern.finditer(text)] == [(10, "3")]


def test_escapes_and_group_names_keep_their_case() -> None:
    assert lower_pattern(r"(?P<Year>\D\S\W\B)(?P=Year)AB[A-Z]") == r"(?P<Year>\D\S\W\B)(?P=Year)ab[a-z]"


def test_the_lookahead_lists_every_way_a_match_can_start() -> None:
    assert with_start_lookahead(r"(?<!\w)(?:jan|feb)\b") == r"(?=[fj])(?:(?<!\w)(?:jan|feb)\b)"
    assert with_start_lookahead(r"(?:x)?\d+") == r"(?=[\dx])(?:(?:x)?\d+)"
    # A match that may be empty, or start with any character, gets no lookahead.
    assert with_start_lookahead(r"a?") == "a?"
    assert with_start_lookahead(r"[^a]b") == "[^a]b"
    assert with_start_lookahead(r".b") == ".b"
