"""The fast paths of normalize give what the slower code they stand in for gives: the MIME parser against
the stdlib's FeedParser, the date and charset readers against email.utils and Message, and the cheap
line tests of the reply splitter against the marker patterns they screen for (which live in
reply_markers.yaml: these tests also check that the patterns keep the shapes the screens rely on), and
the shortcuts of the HTML converter and the form parser against what they skip."""

from __future__ import annotations

import email
import email.parser
import email.policy
import re
from collections.abc import Sequence
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mailtriage.understand import replies
from mailtriage.understand.forms import parse_form_fields
from mailtriage.understand.html import html_to_text
from mailtriage.understand.message_parser import parse_message
from mailtriage.understand.mime import _as_bytes, _content_charset, _listed_addresses, _parse_date


def _structure(msg: Message) -> list[Any]:
    payload = msg.get_payload()
    return [
        msg.get_unixfrom(),
        msg.items(),
        [(type(d).__name__, d.args) for d in msg.defects],
        msg.preamble,
        msg.epilogue,
        msg.get_default_type(),
        [_structure(part) for part in payload] if isinstance(payload, list) else payload,
    ]


def _stdlib(text: str) -> Message:
    return email.parser.Parser(policy=email.policy.compat32).parsestr(text)


_MESSAGES = [
    "From: a@b.example\nSubject: hi\n\nbody\n",
    "From a@b Mon Jan  1 00:00:00 2024\nFrom: a@b.example\n\nbody",
    "Subject: x\n continued\n\tagain\nTo: c@d\r\n\r\nbody\r\n",
    " starts with a continuation\nX: y\n\nb",
    ":no name\nX: y\n\nb",
    "X: y\nFrom misplaced\nZ: w\n\nb",
    "X: y\nFrom envelope-last\n\nb",
    "X: y\nnot a header\nbody",
    "X: y",
    "X: y\rZ: w\r\rbody\r",
    "",
    "\n\nbody",
    "Content-Type: multipart/mixed; boundary=A\n\npre\n--A\nContent-Type: text/plain\n\nhello\n"
    "--A\nContent-Type: message/rfc822\n\nFrom: x@y\n\ninner\n--A--\nepilogue\n",
    "Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@b\n\none\n--d\nFrom: c@d\n\ntwo\n--d--\n",
    "Content-Type: multipart/report; boundary=R\n\n--R\nContent-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b\nAction: failed\n\n--R--\n",
    "Content-Type: multipart/alternative; boundary=B\r\n\r\n--B\r\n\r\nplain\r\n--B \r\n"
    "Content-Type: text/html\r\n\r\n<p>h</p>\r\n--B--  \r\n",
    "Content-Type: multipart/mixed; boundary=O\n\n--O\nContent-Type: multipart/alternative; boundary=I\n\n"
    "--I\n\ntext\n--O\n\nafter\n--O--\n",
    "Content-Type: multipart/mixed\n\nno boundary\n--x\n",
    "Content-Type: multipart/mixed; boundary=Z\nContent-Transfer-Encoding: base64\n\n--Z\n\na\n--Z--",
    "Content-Type: multipart/mixed; boundary=S\n\nno start boundary\n",
    "Content-Type: multipart/mixed; boundary=S\n\n--S\n--S\n--S\nX: y\n\nz\n--S--\n--S--\n",
    "Content-Type: multipart/mixed; boundary=S\n\n--S\n\nno closing boundary\n",
    "Content-Type: multipart/mixed; boundary=T\n\n--T\t \nX: y\n\nz\n--T\nx\n--T--\t\nend",
    "Content-Type: message/rfc822\n\nContent-Type: multipart/mixed; boundary=W\n\n--W\n\nw\n--W--\n",
]


@pytest.mark.parametrize("text", _MESSAGES)
def test_parser_builds_what_feedparser_builds(text: str) -> None:
    assert _structure(parse_message(text)) == _structure(_stdlib(text))


def test_parser_on_real_mail(peer_corpora: Path) -> None:
    for path in sorted((peer_corpora / "spamham").glob("*.eml")):
        text = path.read_bytes().decode("ascii", "surrogateescape")
        assert _structure(parse_message(text)) == _structure(_stdlib(text)), path.name


_PIECES = [
    "\n",
    "\r\n",
    "\r",
    "--A",
    "--A--",
    "\n\n",
    "From x\n",
    " cont\n",
    ":x\n",
    "X: y\n",
    "\udce9",
    "--",
    "\t",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_MESSAGES), st.lists(st.tuples(st.integers(0, 400), st.sampled_from(_PIECES)), max_size=6)
)
def test_parser_on_mangled_mail(text: str, insertions: list[tuple[int, str]]) -> None:
    for at, piece in insertions:
        text = text[:at] + piece + text[at:]
    assert _structure(parse_message(text)) == _structure(_stdlib(text))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "Mon, ", "Sat, "]),
    st.integers(0, 40),
    st.sampled_from(["Jan", "feb", "MAR", "Dec", "Foo"]),
    st.sampled_from(["2024", "0024", "1999", "0070", "0069", "0068", "69", "202"]),
    st.sampled_from(["12:00:00", "23:59:60", "7:05:00", "12:00"]),
    st.sampled_from(["+0000", "-0000", "+0130", "-1200", "+9999", "GMT", "+0000 (UTC)", "+0000x"]),
)
def test_date_reader(day_name: str, day: int, month: str, year: str, time: str, zone: str) -> None:
    text = f"{day_name}{day:02d} {month} {year} {time} {zone}"

    def read(parse: Any) -> object:
        try:
            found = parse(text)
        except (TypeError, ValueError, IndexError, OverflowError) as exc:
            return type(exc)
        return found, found.tzinfo

    assert read(_parse_date) == read(parsedate_to_datetime)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["text/plain", "text/html", "charset=x", "charset", " CharSet "]),
    st.lists(
        st.sampled_from(
            [
                "charset=utf-8",
                'CHARSET="ISO-8859-1"',
                "charset=<x>",
                "format=flowed",
                "charset",
                'name="a;b"',
                "charset*=utf-8''x",
                'charset="',
                " charset = us-ascii ",
                "x=\\y",
            ]
        ),
        max_size=3,
    ),
)
def test_charset_reader(media_type: str, parameters: list[str]) -> None:
    msg = Message(policy=email.policy.compat32)
    msg.set_raw("Content-Type", "; ".join([media_type, *parameters]))
    assert _content_charset(msg) == msg.get_content_charset()


_LINES = [
    "Best regards,",
    "-- Thanks!",
    "*** cheers ***",
    "thanks & regards",
    "Mit freundlichen Grüßen",
    "Regards to all!!",
    "Sent from my iPhone",
    "*Sent* from [Mail](https://example.com)",
    "(sent from my phone)",
    "Envoyé de mon iPhone",
    "This email is confidential and privileged.",
    "To unsubscribe, reply STOP",
    "----- This list is sponsored by X -----",
    "=====================",
    "You're receiving this because you signed up",
    "the contents of this message are private",
    "Hello there",
    "",
    "thanks",
    "Jane Doe",
]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(_LINES),
    st.lists(st.sampled_from(["-", "*", " ", "_", "!", "ſ", "é", "X", "THIS ", "(", "\u200b"]), max_size=3),
    st.booleans(),
)
def test_tail_line_tests(line: str, extra: list[str], upper: bool) -> None:
    m = replies._markers()
    text = ("".join(extra) + (line.upper() if upper else line)).strip()
    if not text:
        return
    for pattern, forms in (
        (m.signoff_strong, m.signoff_strong_forms),
        (m.signoff_weak, m.signoff_weak_forms),
    ):
        assert replies._is_signoff(text, pattern, forms) == (pattern.match(text) is not None)
    assert replies._is_mobile(text, m) == (
        len(text) <= 160 and m.mobile.match(replies._delinked(text)) is not None
    )
    if m.footer.match(text):
        assert replies._may_open_footer(text, m)
        assert text in (replies._footer_lines(text, [text], m) or {text})


def test_screens_are_derived_from_the_markers() -> None:
    """Every screen of the reply splitter could be built from reply_markers.yaml: a pattern there that
    they cannot read makes them step aside (None), never wrong; for the current patterns, none does."""
    m = replies._markers()
    assert m.footer_prefixes is not None
    assert m.footer_screen is not None
    assert m.mobile_prefixes is not None
    assert m.signoff_strong_forms is not None
    assert m.signoff_weak_forms is not None


# The regular-expression reader behind the screens: what it says every match starts with and holds.

_PREFIX_PATTERNS = [
    r"to unsubscribe\b",
    r"(?:click|tap) here to unsubscribe",
    r"this (?:e-?mail|message)(?: message)? (?:is|are)",
    r"[-=_~]{3,}\s*.{0,40}\bsponsor(?:ed)?\b",
    r"\(?sent (?:wirelessly )?(?:from|via) (?:my |an? )?[\w .]{1,20}",
    r"colou?r[sz]",
    r"x{2}y+z",
    r"(?:ab|cd)?ef",
    r"a*bc",
    r"(?P<name>x)y",
    r"\.net|www\.",
    r"[^a]bc",
    r"[a-c]de",
    r"(?=ab)abc",
    r"um (?:sich )?(?:von )?diese[mn] \S+ abzumelden",
    r"envoy[ée] de mon",
    r"k(?:ind)?\s+regards",
]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_literal_prefixes_start_every_match_and_mandatory_runs_are_in_it(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_PREFIX_PATTERNS))
    text = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))
    prefixes = replies._literal_prefixes(pattern)
    assert any(re.match(re.escape(prefix), text, re.IGNORECASE) for prefix in prefixes), prefixes
    for alternative in replies._top_level_alternatives(pattern):
        runs = replies._mandatory_runs(alternative)
        if re.fullmatch(alternative, text, re.IGNORECASE):
            assert all(re.search(re.escape(run), text, re.IGNORECASE) for run in runs), runs


def test_literal_prefixes_read_groups_options_and_sets() -> None:
    assert replies._literal_prefixes("(?:click|tap) here") == {"click here", "tap here"}
    assert replies._literal_prefixes("colou?r") == {"colour", "color"}
    assert replies._literal_prefixes("diese[mn] x") == {"diesem x", "diesen x"}
    assert replies._literal_prefixes(r"\(?sent") == {"(sent", "sent"}
    # A construct it does not read ends the prefixes there; one that may be absent, before it.
    assert replies._literal_prefixes("ab*c") == {"a"}
    assert replies._literal_prefixes("ab+c") == {"ab"}
    assert replies._literal_prefixes(r"ab\sc") == {"ab"}
    assert replies._literal_prefixes("a[^x]c") == {"a"}
    assert replies._mandatory_runs(r"[-=]{3,}\s*.{0,40}\bsponsor(?:ed)?\b") == ["sponsor"]
    assert replies._mandatory_runs("to unsubscribe?x") == ["to unsubscrib", "x"]


# The screens of the reply splitter pass every line that the marker patterns they stand in for match.
# Each phrase or pattern of reply_markers.yaml is drawn as often as any other, and the lines are written
# in any script and case (what the pattern generates), and in ASCII (where most screens act).


@lru_cache(maxsize=1)
def _marker_data() -> dict[str, Any]:
    text = resources.files("mailtriage.understand").joinpath("reply_markers.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _matching(patterns: Sequence[str]) -> st.SearchStrategy[str]:
    """Texts that one of ``patterns`` matches whole, ignoring case."""

    def texts(pattern: str) -> st.SearchStrategy[str]:
        compiled = re.compile(pattern, re.IGNORECASE)
        own_letters = "".join(sorted({c for c in pattern if not c.isascii()}))
        narrow = st.characters(max_codepoint=127, include_characters=own_letters)
        return st.from_regex(compiled, fullmatch=True) | st.from_regex(
            compiled, fullmatch=True, alphabet=narrow
        )

    return st.sampled_from(list(patterns)).flatmap(texts)


def _footer_lines() -> st.SearchStrategy[str]:
    footers = _marker_data()["footer_patterns"]
    return _matching(
        [rf"\W*(?:{p})" for p in [*footers["legal"], *footers["unsubscribe"]]] + footers["advertising"]
    )


def _separator_lines() -> st.SearchStrategy[str]:
    separators = _marker_data()["separators"]
    phrases = [*separators["original_message"], *separators["forwarded_message"]]
    return _matching([rf"[\W_]{{0,6}}{re.escape(p)}\s?[:：]?[\W_]{{0,6}}" for p in phrases]) | _matching(
        [rf"-{{0,6}}\s?{re.escape(p)}\s.{{1,20}}?\s?-{{0,6}}:?" for p in separators["forwarded_by"]]
    )


def _field_lines() -> st.SearchStrategy[str]:
    labels = replies._markers().field_kinds
    return _matching(
        [
            rf"[ \t]?[*_]{{0,2}}[ \t]?{re.escape(label)}[ \t]?[*_]{{0,2}}[ \t]?[:：].{{0,20}}"
            for label in labels
        ]
    )


def _attribution_end_lines() -> st.SearchStrategy[str]:
    verbs = replies._markers().verb_endings
    return _matching(
        [rf".{{0,20}}\s{re.escape(verb)}\s?[:：]?" for verb in verbs]
        + [r".{0,20}[:：>\-)]", replies._GMAIL_DATE_PREFIX.pattern.removeprefix("^") + ".{0,20}"]
    )


_CONTEXT_LINES = st.lists(
    st.text(st.characters(exclude_characters="\n\r", codec="utf-8"), max_size=20).map(str.strip), max_size=4
)


def _plain(line: str) -> str:
    assume("\n" not in line and "\r" not in line)
    plain = line.strip()
    assume(plain)
    return plain


@settings(max_examples=500, deadline=None)
@given(_footer_lines(), st.text(max_size=10), _CONTEXT_LINES, _CONTEXT_LINES)
def test_footer_screens_pass_every_footer_line(
    line: str, tail: str, above: list[str], below: list[str]
) -> None:
    m = replies._markers()
    plain = _plain(line + tail)
    assume(m.footer.match(plain))
    assert replies._may_open_footer(plain, m)
    plains = [*above, plain, *below]
    found = replies._footer_lines("\n".join(plains), plains, m)
    assert found is None or plain in found


@settings(max_examples=400, deadline=None)
@given(_matching(_marker_data()["mobile_patterns"]))
def test_mobile_screen_passes_every_mobile_footer(line: str) -> None:
    m = replies._markers()
    plain = _plain(line)
    assume(len(plain) <= 160 and m.mobile.match(replies._delinked(plain)))
    assert replies._is_mobile(plain, m)


@settings(max_examples=500, deadline=None)
@given(st.booleans(), st.data())
def test_signoff_lookup_agrees_with_the_signoff_patterns(strong: bool, data: st.DataObject) -> None:
    m = replies._markers()
    pattern, forms = (
        (m.signoff_strong, m.signoff_strong_forms) if strong else (m.signoff_weak, m.signoff_weak_forms)
    )
    phrases = _marker_data()["signoffs"]["strong" if strong else "weak"]
    lines = _matching([rf"[\W_]{{0,4}}{re.escape(str(p))}[\W_]{{0,3}}" for p in phrases]) | st.text(
        max_size=30
    )
    plain = _plain(data.draw(lines))
    assert replies._is_signoff(plain, pattern, forms) == (pattern.match(plain) is not None)


@settings(max_examples=500, deadline=None)
@given(_separator_lines() | _field_lines(), _CONTEXT_LINES, _CONTEXT_LINES)
def test_marker_candidates_include_every_separator_and_field_line(
    line: str, above: list[str], below: list[str]
) -> None:
    m = replies._markers()
    plain = _plain(line)
    assume(len(plain) <= 400)
    separator = m.forward_marker.match(plain) or m.original_message.match(plain)
    if separator:
        assert replies._may_be_separator(plain, m)
    elif m.field.match(plain):
        assert replies._may_be_field(plain, m)
    else:
        return
    plains = [*above, plain, *below]
    candidates, separable, _ = replies._marker_candidates(plains, m)
    assert len(above) in candidates
    if separator and plain.isascii():
        assert separable


@settings(max_examples=500, deadline=None)
@given(_attribution_end_lines() | st.text(max_size=30), _CONTEXT_LINES, _CONTEXT_LINES)
def test_marker_candidates_include_every_line_that_may_end_an_attribution(
    line: str, above: list[str], below: list[str]
) -> None:
    m = replies._markers()
    plain = _plain(line)
    assume(len(plain) <= 400 and replies._could_end_attribution(plain, m))
    plains = [*above, plain, *below]
    candidates, _, with_verb = replies._marker_candidates(plains, m)
    assert len(above) in candidates
    if plain.isascii():
        assert replies._could_end_ascii_attribution(plain, len(above) in with_verb, m)
    else:
        assert replies._may_mark(plain, m, True)


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=20),
    _matching([re.escape(v) for v in replies._markers().verb_endings]),
    st.text(max_size=20),
)
def test_verb_screen_passes_every_text_with_a_verb(before: str, verb: str, after: str) -> None:
    m = replies._markers()
    text = before + verb + after
    assume(m.verb_anywhere.search(text))
    assert replies._may_hold_verb(text, m)


@pytest.mark.parametrize(
    "line",
    [
        "2014-03-20 8:48 GMT+01:00 Jane Doe (ACME)",
        "On Mon, Jan 1, 2024, Jane (jane@example.com)",
        "Am 25.06.2015 um 10:55 <jane@example.com>",
        "W dniu 1.02.2024 Jan Kowalski napisał(a)",
        "Dne 1.2.2024 Jan napsal(a)",
    ],
)
def test_attributions_that_end_with_a_bracket_are_found(line: str) -> None:
    lines = ["Thanks!", "", line, "> quoted"]
    markers = replies._find_markers(lines, [line.strip() for line in lines], replies._markers())
    assert [(k, marker.kind, marker.end) for k, marker in markers.items()] == [(2, "attribution", 2)]


_ATTRIBUTION_PIECES = st.sampled_from(
    [
        "On", "Am", "Le", "Mon, Jan 1, 2024", "25.06.2015", "um 10:55", "at 10:00", "Jane Doe", "(Jane)",
        "wrote", "schrieb", "a écrit", "napisał(a)", "napsal(a)", "написал(а)", "(a)", "mailto:jane", "<jane>",
        "(jane)", "--", "---- ", ":", "2014-03-20 8:48", "+01:00", "<", "(", ">>",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_ATTRIBUTION_PIECES, min_size=1, max_size=8), st.sampled_from([")", ">"]), st.booleans())
def test_a_text_ending_with_a_bracket_reads_as_an_attribution_only_by_an_address_gmt_or_a_verb(
    pieces: list[str], bracket: str, fenced: bool
) -> None:
    """The rule that lets _attribution_ending_at pass over such lines without trying them."""
    m = replies._markers()
    text = " ".join(pieces) + bracket
    if "@" in text or "GMT" in text or text.lower().endswith(m.bracket_verbs):
        return
    assert not replies._is_attribution(text, m, fenced=fenced)


# The HTML converter runs only the queries that the source can match, and collapses whitespace with
# str.split where that agrees with its pattern.


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('<div HIDDEN>x</div><p ARIA-HIDDEN="true">y</p><p>z</p>', "z"),
        ('<span STYLE="Display : None">x</span><span style="font-family:\'Ｍ\';display:none">y</span>z', "z"),
        ('<p>See <A HREF="https://x.example/a">this</A></p>', "See this (https://x.example/a)"),
        ("<PRE>  p  q\n r</PRE>", "  p  q\n r"),
        (
            "<table><tr><td>a</td><td>b<br>c</td></tr><tr><th>h</th></tr></table><ul><li>x</li><li>y</li></ul>",
            "a | b\nc\nh\n\n- x\n- y",
        ),
    ],
)
def test_html_structure_and_hidden_parts_are_found_whatever_the_case_of_names(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("space", "text"),
    [
        (" \n\t ", "a b"),
        ("\xa0", "a b"),
        ("\u200b", "a b"),  # whitespace to the pattern only
        ("\ufeff", "a b"),
        ("\u3000", "a\u3000b"),  # whitespace to str.split only: kept
        ("\x1c", "a\x1cb"),
        ("\u2028", "a\u2028b"),
        ("\xa0\u2028 ", "a \u2028 b"),
    ],
)
def test_html_whitespace_is_collapsed_by_its_pattern(space: str, text: str) -> None:
    assert html_to_text(f"<p> a{space}b </p>") == text


# The form parser skips texts where no line can carry an email label.


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Name: Jane\n**E-mail:** jane@x.com", {"name": "Jane", "email": "** jane@x.com"}),
        ("Name: Jane\x1cEmail: j@x.com", {"name": "Jane", "email": "j@x.com"}),  # \x1c ends a line
        ("  *Your Email* : j@x.com\nCompany: ACME", {"email": "j@x.com", "company": "ACME"}),
        ("Name: Jane\n" + " " * 70 + "EMAIL: j@x.com", {"name": "Jane", "email": "j@x.com"}),
        ("Name: Jane\nContact email: j@x.com", {}),
        ("Name: Jane, email: j@x.com: yes", {}),
    ],
)
def test_form_email_labels_are_found_at_the_start_of_any_line(text: str, fields: dict[str, str]) -> None:
    assert parse_form_fields(text) == fields


# Lists of mailboxes in the common shapes are read without the RFC 5322 parser.

_MAILBOX_PIECES = [
    "a@b.example",
    "x.y@mail.b-c.example",
    "o'neil+tag@d.example",
    "<a@b.example>",
    "Jane <j@x.example>",
    "Jane Q. Doe <j@x.example>",
    '"Doe, Jane" <j@x.example>',
    '"" <e@x.example>',
    "\"'Gary'\" <g@c.example>",
    "Zoë Ünal <z@x.example>",
    "Jane<j@x.example>",
    '"a\\"b" <q@x.example>',
    "a@b.example (Comment)",
    "Jane (x) <j@x.example>",
    "<@route:a@b.example>",
    "a..b@c.example",
    "a@b..example",
    "a@[1.2.3.4]",
    "a@b.example.",
    ".a@b.example",
    "Jane <j@x.example> x",
    "Jane  Doe <j@x.example>",
    '"J" Doe <j@x.example>',
    "[x] <j@x.example>",
    "Jane: <j@x.example>",
    "group: a@b.example;",
    "",
    " ",
    "a @b.example",
    "a@ b.example",
    "Jane <j @x.example>",
    "<j@x.example >",
    "\t<j@x.example>\t",
    "José <jose@x.example>",
    "a\u3000b <c@d.example>",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_MAILBOX_PIECES), min_size=1, max_size=5), st.sampled_from([",", ", ", " , "])
)
def test_listed_addresses_are_what_getaddresses_reads(pieces: list[str], comma: str) -> None:
    value = comma.join(pieces)
    fast = _listed_addresses([value])
    if fast is not None:
        assert fast == getaddresses([value])


@pytest.mark.parametrize(
    "value",
    [
        "a@b.example, <c@d.example>, Jane Q. Doe <j@x.example>",
        '"Doe, Jane" <j@x.example>, "" <e@x.example>, Zoë <z@x.example>',
    ],
)
def test_listed_addresses_read_common_lists(value: str) -> None:
    assert _listed_addresses([value]) == getaddresses([value])


def test_listed_addresses_leave_other_shapes_to_the_parser() -> None:
    for value in ["a@b.example (Comment), c@d.example", "a@b.example,", "group: a@b.example;", "a@[1.2.3.4]"]:
        assert _listed_addresses([value]) is None


# A message without ids is named by the hash of its bytes as the generator writes them.


@pytest.mark.parametrize("text", [*_MESSAGES, "X: y\n\nline\rline\r\nline\n\udce9\n", "X: y\n\n\u00e9\n"])
def test_generator_writes_what_as_bytes_writes(text: str) -> None:
    msg = parse_message(text)
    try:
        expected: bytes | str = msg.as_bytes(policy=email.policy.compat32)
    except UnicodeEncodeError as error:
        expected = repr(error)
    try:
        got: bytes | str = _as_bytes(msg)
    except UnicodeEncodeError as error:
        got = repr(error)
    assert got == expected


def test_generator_on_real_mail(peer_corpora: Path) -> None:
    for path in sorted((peer_corpora / "spamham").glob("*.eml"))[:200]:
        msg = parse_message(path.read_bytes().decode("ascii", "surrogateescape"))
        assert _as_bytes(msg) == msg.as_bytes(policy=email.policy.compat32), path.name
