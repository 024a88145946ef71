from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailtriage.understand.replies import (
    _DATE,
    _PHONE,
    _URL,
    _URL_DOT,
    _could_end_attribution,
    _has_attribution_signs,
    _markers,
    _may_be_field,
    _may_be_separator,
    _may_end_attribution,
    _split,
    _strip_edge_decoration,
    _word_bounded,
    score_adapter,
    split_body,
)

# --------------------------------------------------------------------------------------------
# Quoted history


def test_gmail_reply_keeps_only_the_text_above_the_attribution() -> None:
    body = (
        "Sounds good, Tuesday works for us.\n\n"
        "On Mon, Mar 4, 2024 at 9:12 AM Jane Roe <jane@example.com> wrote:\n\n"
        "> Could we move the demo to Tuesday?\n>\n> Jane\n"
    )
    parts = split_body(body)
    assert parts.new_text == parts.reply_text == "Sounds good, Tuesday works for us."
    assert parts.quoted.startswith("On Mon, Mar 4, 2024")
    assert parts.quoted.endswith("> Jane")


def test_attribution_wrapped_over_several_lines() -> None:
    body = (
        "Thanks, noted.\n\n"
        "On Tue, 16 Nov 2021, 12:34 pm John Smith - Acme Corporation <\n"
        "john.smith@acme.example.com>\nwrote:\n\n> Are you free on Friday?\n"
    )
    assert split_body(body).new_text == "Thanks, noted."


def test_outlook_header_block_below_a_rule() -> None:
    body = (
        "Please find the signed order attached.\n\n"
        "________________________________\n"
        "From: Sales <sales@vendor.example>\n"
        "Sent: Thursday, September 26, 2019 11:35:12 AM\n"
        "To: Buyer <buyer@client.example>\n"
        "Subject: Your quote\n\n"
        "Dear customer, here is the quote you asked for.\n"
    )
    parts = split_body(body)
    assert parts.new_text == "Please find the signed order attached."
    assert parts.quoted.startswith("________________________________\nFrom: Sales")
    assert parts.forwarded is None


@pytest.mark.parametrize(
    ("header", "reply"),
    [
        ("Am 25.06.2015 um 10:55 schrieb Max Mustermann <max@beispiel.de>:", "Danke, passt so."),
        (
            "Von: Max Mustermann <max@beispiel.de>\nGesendet: Dienstag, 3. Januar 2017 20:00\n"
            "An: Erika Musterfrau\nBetreff: Angebot",
            "Danke, passt so.",
        ),
        ("-----Ursprüngliche Nachricht-----\nVon: Max Mustermann", "Danke, passt so."),
        ("Le 19 mars 2014 à 10:37, Cédric Martin <cedric@exemple.fr> a écrit :", "Merci, c'est parfait."),
        ("El 19/03/2014 11:34, Juan Pérez <juan@ejemplo.es> escribió:", "Gracias, perfecto."),
        ("Em 10 de julho de 2017 às 16:32, João Silva <joao@exemplo.pt> escreveu:", "Obrigado, perfeito."),
        ("Op 12 december 2016 19:05 schreef Jan Jansen <\njan@voorbeeld.nl>:", "Dank je, prima."),
        ("2019年4月5日(金) 17:10 田中太郎 <taro@example.jp>:", "承知しました。"),
        ("差出人: 田中太郎\n送信日時: 2019年3月20日 0:00\n宛先: 山田花子\n件名: ご挨拶", "承知しました。"),
    ],
)
def test_quote_headers_in_other_languages(header: str, reply: str) -> None:
    body = f"{reply}\n\n{header}\n\n> Der vorherige Text.\n> Previous text.\n"
    assert split_body(body).new_text == reply


def test_nested_quotes_at_any_depth_are_history() -> None:
    body = "Agreed.\n\n> > > very old\n> > older\n> newer\n"
    parts = split_body(body)
    assert parts.new_text == "Agreed."
    assert "very old" in parts.quoted


def test_bottom_posting_keeps_the_text_below_the_quote() -> None:
    body = (
        "On Mon, Aug 19, 2013 at 2:36 AM, Jane Roe <jane@example.com> wrote:\n\n"
        "> Could this be solved at the web server level?\n\n"
        "Yes, a reverse proxy would do it.\n"
    )
    assert split_body(body).new_text == "Yes, a reverse proxy would do it."


def test_inline_reply_keeps_unintroduced_quotes_with_the_answers() -> None:
    body = "See my answers.\n\n> Do you support SSO?\nYes, SAML and OIDC.\n\n> Pricing?\n\nPer seat.\n"
    parts = split_body(body)
    assert "Yes, SAML and OIDC." in parts.new_text
    assert parts.new_text.endswith("Per seat.")


def test_a_quote_only_body_is_kept() -> None:
    assert split_body("> Just a quotation.\n").new_text == "> Just a quotation."


def test_a_line_starting_with_on_is_not_an_attribution() -> None:
    body = "On Thursday I can meet.\n\nOn the other hand, Friday is better.\n"
    assert split_body(body).new_text == body.strip()


# --------------------------------------------------------------------------------------------
# Signatures, sign-offs and footers


def test_signature_stays_in_reply_text_but_leaves_new_text() -> None:
    body = (
        "We would like a demo for 20 seats.\n\n"
        "Best regards,\n"
        "Jane Roe\n"
        "Head of Operations, Acme GmbH\n"
        "+49 30 1234567\n"
        "www.acme.example\n\n"
        "On Mon, Mar 4, 2024 at 9:12 AM Sales <sales@vendor.example> wrote:\n> Hello\n"
    )
    parts = split_body(body)
    assert parts.new_text == "We would like a demo for 20 seats."
    assert parts.reply_text.endswith("www.acme.example")
    assert parts.signature.startswith("Best regards,\nJane Roe\nHead of Operations, Acme GmbH")
    assert "+49 30 1234567" in parts.signature


def test_dash_dash_space_delimiter() -> None:
    parts = split_body("Works for me.\n\n-- \nJane Roe\nAcme GmbH\n")
    assert parts.new_text == "Works for me."
    assert parts.signature == "--\nJane Roe\nAcme GmbH"


def test_multilingual_signoffs_and_mobile_footers() -> None:
    body = "Können Sie mir ein Angebot schicken?\n\nMit freundlichen Grüßen\nErika Musterfrau\n\nVon meinem iPhone gesendet\n"
    parts = split_body(body)
    assert parts.new_text == "Können Sie mir ein Angebot schicken?"
    assert "Von meinem iPhone gesendet" in parts.signature


def test_thanks_alone_is_text_but_thanks_above_a_name_is_a_signoff() -> None:
    assert split_body("Please send the invoice.\nThanks.\n").new_text == "Please send the invoice.\nThanks."
    assert split_body("Please send the invoice.\n\nThanks,\nBob\n").new_text == "Please send the invoice."


def test_sent_from_phrases_in_prose_are_text() -> None:
    body = "Here is another email\n\nSent from my desk, is much easier than my mobile phone.\n"
    assert split_body(body).new_text == body.strip()


def test_a_body_that_is_all_signature_keeps_its_first_line() -> None:
    assert split_body("--\nRoman\n").new_text == "--\nRoman"


def test_legal_and_unsubscribe_footers_are_removed() -> None:
    body = (
        "Can you confirm the delivery date?\n\n"
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely "
        "for the addressee.\n\n"
        "To unsubscribe from these emails, visit your preferences.\n"
    )
    parts = split_body(body)
    assert parts.new_text == "Can you confirm the delivery date?"
    assert parts.footer.startswith("CONFIDENTIALITY NOTICE")
    assert parts.footer.endswith("visit your preferences.")
    assert parts.signature == ""


def test_german_confidentiality_footer() -> None:
    body = "Bitte um Rückruf.\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.\n"
    parts = split_body(body)
    assert parts.new_text == "Bitte um Rückruf."
    assert parts.footer.startswith("Diese E-Mail enthält vertrauliche")


def test_mailing_list_footer_below_a_rule() -> None:
    body = (
        "Is there an easy way to tell?\n\n"
        "_______________________________________________\n"
        "users mailing list\nusers@lists.example.org\nhttps://lists.example.org/listinfo/users\n"
    )
    assert split_body(body).new_text == "Is there an easy way to tell?"


# --------------------------------------------------------------------------------------------
# Forwards


def test_gmail_forward_is_parsed() -> None:
    body = (
        "FYI, see below.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Jane Roe <jane@example.com>\n"
        "Date: Tue, Jan 01, 2019 at 12:00 PM\n"
        "Subject: Pricing for\n"
        "the enterprise plan\n"
        "To: <bob@example.org>\n\n\n"
        "How much is the enterprise plan?\n\n-- \nJane\n"
    )
    parts = split_body(body)
    assert parts.new_text == parts.reply_text == "FYI, see below."
    assert parts.quoted == ""
    forwarded = parts.forwarded
    assert forwarded is not None
    assert (forwarded.author_name, forwarded.author_email) == ("Jane Roe", "jane@example.com")
    assert forwarded.date == "Tue, Jan 01, 2019 at 12:00 PM"
    assert forwarded.subject == "Pricing for the enterprise plan"
    assert forwarded.text == "How much is the enterprise plan?\n\n-- \nJane"


@pytest.mark.parametrize(
    ("from_label", "date_label", "subject_label", "to_label"),
    [
        ("Dari", "Tanggal", "Subjek", "Kepada"),  # Indonesian and Malay Gmail
        ("Từ", "Ngày", "Tiêu đề", "Đến"),  # Vietnamese
        ("จาก", "วันที่", "เรื่อง", "ถึง"),  # Thai
        ("보낸사람", "보낸날짜", "제목", "받는사람"),  # Korean webmail, written without spaces
    ],
)
def test_a_forward_header_in_more_languages_names_the_author(
    from_label: str, date_label: str, subject_label: str, to_label: str
) -> None:
    body = (
        "Forwarding my friend for the opening.\n\n---------- Forwarded message ---------\n"
        f"{from_label}: Bagus Pratama <bagus.pratama92@gmail.com>\n{date_label}: Min, 12 Apr 2026 21.40\n"
        f"{subject_label}: Solutions Engineer APAC - CV\n{to_label}: Rizky <rizky@example.com>\n\n"
        "Here is my CV for the role.\n"
    )
    forwarded = split_body(body).forwarded
    assert forwarded is not None
    assert (forwarded.author_name, forwarded.author_email) == ("Bagus Pratama", "bagus.pratama92@gmail.com")


def test_apple_mail_quoted_forward_and_outlook_fw_subject() -> None:
    apple = (
        'Have a look.\n\n> Begin forwarded message:\n>\n> From: "Roe, Jane" <jane@example.com>\n'
        "> Subject: Contract\n> Date: 1 August 2011 23:28:15 GMT-07:00\n>\n> Signed copy attached.\n"
    )
    parts = split_body(apple)
    assert parts.new_text == "Have a look."
    assert parts.forwarded is not None
    assert (parts.forwarded.author_name, parts.forwarded.text) == ("Roe, Jane", "Signed copy attached.")

    outlook = (
        "From: Jane Roe [mailto:jane@example.com]\nSent: Monday\nTo: Bob\nSubject: FW: Contract\n\nSigned.\n"
    )
    parts = split_body(outlook)
    assert parts.new_text == ""
    assert parts.forwarded is not None
    assert parts.forwarded.author_email == "jane@example.com"
    assert parts.forwarded.subject == "FW: Contract"


def test_forwarded_by_note_opens_a_forward() -> None:
    body = (
        "Please handle this.\n\n"
        "----- Forwarded by Jane Doe/ACME on 01/02/2003 11:33 AM -----\n\n"
        "From: Bob <bob@example.org>\nSubject: Invoice\nDate: 1 Feb 2003\n\nPay it.\n"
    )
    parts = split_body(body)
    assert parts.new_text == "Please handle this."
    assert parts.forwarded is not None
    assert parts.forwarded.author_email == "bob@example.org"


# --------------------------------------------------------------------------------------------
# Cheap pre-checks: each must accept every line its pattern matches

_DATE_AS_WRITTEN = re.compile(
    r"\b(?:19|20)\d{2}\b|\d{1,2}[:.h]\d{2}\b|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,4}\s?[年月]"
)
_MARKER_ALPHABET = (
    st.sampled_from(list("-*_ :：>)\t1290./h年oOnriginalMesagFwdbyFromtSubjc@")) | st.characters()
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MARKER_ALPHABET, max_size=60))
def test_date_pattern_finds_what_its_readable_form_finds(text: str) -> None:
    assert (_DATE.search(text) is None) == (_DATE_AS_WRITTEN.search(text) is None)


# Faster forms of patterns and tests, checked against the plain forms they replace.
_PHONE_AS_WRITTEN = re.compile(r"(?:\+\s?\d|\(\d|\d)[\d \t().\-/]{5,}\d")
_EDGE_DECORATION = re.compile(r"^[-–—=_*~\s]+|[-–—=_*~\s]+$")
_FAST_FORM_PIECES = (
    st.sampled_from(list("-–=_*~ \t\u3000+()./1290年月@wW.comorgCOM:"))
    | st.sampled_from(["www.", "://", "wrote", "schrieb", "Wrote", "a écrit", "写道", "napisał(a)"])
    | st.characters()
)


def _texts(max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(_FAST_FORM_PIECES, max_size=max_pieces).map("".join)


@settings(max_examples=500, deadline=None)
@given(_texts(40))
def test_fast_forms_match_their_plain_forms(text: str) -> None:
    assert [f.span() for f in _PHONE.finditer(text)] == [f.span() for f in _PHONE_AS_WRITTEN.finditer(text)]
    assert _strip_edge_decoration(text) == _EDGE_DECORATION.sub("", text)
    if _URL.search(text):
        assert "://" in text or _URL_DOT.search(text)


@settings(max_examples=500, deadline=None)
@given(_texts(30))
def test_verb_search_finds_what_the_word_bounded_verbs_find(text: str) -> None:
    m = _markers()
    plainly = re.compile(_word_bounded(m.verb_endings), re.IGNORECASE)
    assert (m.verb_anywhere.search(text) is None) == (plainly.search(text) is None)


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts(8), min_size=1, max_size=8), st.integers(0, 7))
def test_attribution_signs_per_line_agree_with_the_joined_window(plains: list[str], end: int) -> None:
    end = min(end, len(plains) - 1)
    first = max(0, end - 4)
    nearby = " ".join(plains[first : end + 1])
    joined = "@" in nearby or "--" in nearby or _DATE.search(nearby) is not None
    assert _has_attribution_signs(plains, first, end, {}) == joined


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(
        [
            "Original Message",
            "Forwarded message",
            "Begin forwarded message",
            "Forwarded by Jane Doe",
            "From",
            "Subject",
            "Betreff",
            "Envoyé le",
            "On Mon, Jan 1, 2024, Jane <j@x.org> wrote",
            "写道",
            "",
        ]
    ),
    st.text(alphabet=_MARKER_ALPHABET, max_size=12),
    st.text(alphabet=_MARKER_ALPHABET, max_size=12),
    st.booleans(),
)
def test_marker_prechecks_accept_every_marker_line(core: str, before: str, after: str, upper: bool) -> None:
    m = _markers()
    plain = (before + (core.upper() if upper else core) + after).strip()
    if not plain:
        return
    if m.forward_marker.match(plain) or m.original_message.match(plain):
        assert _may_be_separator(plain, m)
    if m.field.match(plain):
        assert _may_be_field(plain, m)
    if _could_end_attribution(plain, m):
        assert _may_end_attribution(plain, m)


# --------------------------------------------------------------------------------------------
# Odd inputs


@pytest.mark.parametrize("body", ["", "\n\n", "   ", "\r\n", ">", "--", "On"])
def test_empty_and_degenerate_bodies(body: str) -> None:
    parts = split_body(body)
    assert parts.new_text == parts.new_text.strip()
    assert score_adapter(body) == {"reply_text": parts.reply_text, "new_text": parts.new_text}


def test_crlf_and_invisible_characters() -> None:
    body = "Hello\u200b there\r\n\r\nOn 04/19/2011 07:10 AM, Roman Tkachenko wrote:\r\n\r\n> Test\r\n"
    assert split_body(body).new_text == "Hello\u200b there"


def test_huge_bodies_are_split_quickly() -> None:
    reply = "Here is my answer.\n" * 2_000
    quoted = "> " + "quoted line with some words in it\n> " * 20_000
    body = f"{reply}\nOn Mon, Mar 4, 2024 at 9:12 AM Jane Roe <jane@example.com> wrote:\n{quoted}"
    started = time.perf_counter()
    parts = split_body(body)
    assert time.perf_counter() - started < 5
    assert parts.new_text == reply.strip()
    pathological = "a" * 200_000 + "\n" + ("-- \n" * 5_000) + ("> x\ny\n" * 5_000)
    started = time.perf_counter()
    split_body(pathological)
    assert time.perf_counter() - started < 5


# --------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab >-_:\n\r\tOnwrote@.1<")) | st.characters(), max_size=400))
def test_any_text_splits_without_error_into_lines_of_the_input(text: str) -> None:
    # The unguarded function, so that an exception would surface instead of the fallback.
    parts = _split(text)
    for line in parts.new_text.splitlines():
        assert line in text
    for line in parts.reply_text.splitlines():
        assert line in text


# --------------------------------------------------------------------------------------------
# Peer corpus (shared/peer-corpora/reply-strip.jsonl), scored as reply_score.py scores it

_FIELD_BY_SCOPE = {
    "reply": "new_text",
    "signature": "new_text",
    "quote": "reply_text",
    "unwrap": "reply_text",
}


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _passes(assertion: str, output: str, expected: str) -> bool:
    out, exp = _normalize(output), _normalize(expected)
    if assertion == "equals":
        return out == exp
    if assertion == "startswith":
        return out.startswith(exp)
    if assertion == "contains":
        return exp in out
    raise ValueError(assertion)


def test_peer_corpus_pass_rate(peer_corpora: Path) -> None:
    corpus = peer_corpora / "reply-strip.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    for row in rows:
        field = _FIELD_BY_SCOPE.get(row["scope"])
        if field is None:  # reply_keep_signoff: nobody's contract but one peer's option
            continue
        passed = _passes(row["assertion"], score_adapter(row["body"])[field], row["expected"])
        for key in (
            "overall",
            f"assertion {row['assertion']}",
            f"scope {row['scope']}",
            f"source {row['source']}",
        ):
            tally[key][0] += passed
            tally[key][1] += 1
    elapsed = time.perf_counter() - started
    rate = {key: passed / total for key, (passed, total) in tally.items()}
    report = (
        "\n".join(f"{key:<50} {tally[key][0]:>4}/{tally[key][1]:<4} {rate[key]:.3f}" for key in sorted(tally))
        + f"\n{tally['overall'][1] / elapsed:.0f} messages/s"
    )
    print(report)  # noqa: T201 - the per-source breakdown is the point of this test when run with -s
    assert rate["overall"] >= 0.85, report
    assert rate["assertion equals"] >= 0.75, report
