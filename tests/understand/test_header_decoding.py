"""Header values as senders really write them: raw 8-bit text without RFC 2047 encoding, and display
names that RFC 5322 would want quoted."""

from __future__ import annotations

import base64

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mailtriage.understand.mime import identify, normalize


def _message(*headers: bytes, body: bytes = b"Hello,\r\n\r\nA demo next week, please.\r\n") -> bytes:
    return b"\r\n".join([*headers, b"Message-ID: <h1@example.es>", b""]) + b"\r\n" + body


def test_a_raw_utf8_display_name_is_read_as_utf8() -> None:
    raw = _message(
        "From: Juan Pérez <juan@example.es>".encode(),
        b"To: sales@lumenhq.com",
        "Subject: Cotización señor".encode(),
    )
    n = normalize(raw)
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Juan Pérez", "juan@example.es")
    assert n.headers["From"] == ["Juan Pérez <juan@example.es>"]
    assert n.subject == "Cotización señor"
    assert identify(raw).subject == "Cotización señor"


def test_a_raw_quoted_utf8_display_name_is_read_as_utf8() -> None:
    n = normalize(_message('From: "Pérez, Juan" <juan@example.es>'.encode()))
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Pérez, Juan", "juan@example.es")


def test_a_raw_latin1_display_name_without_a_declared_charset_is_read_as_windows_1252() -> None:
    n = normalize(_message("From: Juan Pérez <juan@example.es>".encode("latin-1"), b"Subject: 5 \x80 off"))
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Juan Pérez", "juan@example.es")
    assert n.subject == "5 € off"


def test_raw_8bit_headers_that_are_not_utf8_are_read_in_the_charset_the_message_declares() -> None:
    raw = _message(
        "From: Barış Öztürk <baris@example.com.tr>".encode("iso-8859-9"),
        "Subject: Çekiliş sonuçları".encode("iso-8859-9"),
        b"MIME-Version: 1.0",
        b"Content-Type: text/plain; charset=iso-8859-9",
        body="Merhaba, teşekkürler.\r\n".encode("iso-8859-9"),
    )
    n = normalize(raw)
    assert n.sender is not None
    assert n.sender.name == "Barış Öztürk"
    assert n.subject == "Çekiliş sonuçları"
    assert n.text == "Merhaba, teşekkürler."


def test_raw_utf8_text_beside_an_encoded_word_is_read_as_utf8() -> None:
    n = normalize(_message("Subject: =?iso-8859-1?q?Caf=E9?= für Жук".encode()))
    assert n.subject == "Café für Жук"


def test_an_encoded_word_with_8bit_bytes_in_its_charset_name_does_not_raise() -> None:
    n = normalize(_message(b"From: a@example.com", b"Subject: =?\xc3\xa9utf-8?q?hello?= there"))
    assert n.subject == "hello there"


def test_the_author_of_an_attached_forward_with_a_raw_utf8_name_is_read_as_utf8() -> None:
    raw = _message(
        b"From: colleague@lumenhq.com",
        b"Subject: Fwd: Offert",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="b"',
        body=b"--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n"
        + "From: Zoë Ångström <zoe@example.se>\r\nSubject: Offert på licenser\r\n\r\n".encode()
        + b"Hej, offerten bifogas.\r\n--b--\r\n",
    )
    n = normalize(raw)
    assert n.forwarded is not None
    assert (n.forwarded.author_name, n.forwarded.author_email) == ("Zoë Ångström", "zoe@example.se")
    assert n.forwarded.subject == "Offert på licenser"
    assert n.forwarded.text == "Hej, offerten bifogas."


def test_an_unquoted_display_name_with_an_at_sign_keeps_the_address_in_angle_brackets() -> None:
    n = normalize(_message(b"From: Lisa @ Fernwood Yoga <lisa@fernwoodyoga.com>", b"To: sales@lumenhq.com"))
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Lisa @ Fernwood Yoga", "lisa@fernwoodyoga.com")


def test_display_names_with_at_signs_in_an_address_list_each_keep_their_own_address() -> None:
    n = normalize(
        _message(
            b"From: a@example.com",
            b"To: Sales@ACME <sales@acme.example>, Bob <bob@example.com>,"
            b' Lisa @ Fernwood Yoga <lisa@fernwoodyoga.com>, "Doe, Jane" <jane@example.com>',
        )
    )
    assert [(a.name, a.email) for a in n.to] == [
        ("Sales@ACME", "sales@acme.example"),
        ("Bob", "bob@example.com"),
        ("Lisa @ Fernwood Yoga", "lisa@fernwoodyoga.com"),
        ("Doe, Jane", "jane@example.com"),
    ]


def test_a_display_name_that_repeats_the_address_gives_that_address_once_without_a_name() -> None:
    n = normalize(
        _message(b"From: lisa@fernwoodyoga.com <lisa@fernwoodyoga.com>", b"To: a@b.example <a@b.example>")
    )
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == (None, "lisa@fernwoodyoga.com")
    assert [(a.name, a.email) for a in n.to] == [(None, "a@b.example")]


def test_an_encoded_display_name_with_an_at_sign_keeps_the_address_in_angle_brackets() -> None:
    n = normalize(_message(b"From: =?utf-8?q?Lisa_@_Fernwood_Yoga?= <lisa@fernwoodyoga.com>"))
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Lisa @ Fernwood Yoga", "lisa@fernwoodyoga.com")


_NAME_CHARACTERS = st.characters(
    categories=("L", "M", "N", "Zs"), include_characters=".'-&@", exclude_characters="\u0085"
)


@settings(max_examples=300, deadline=None)
@given(st.text(_NAME_CHARACTERS, min_size=1, max_size=30))
def test_any_raw_utf8_display_name_comes_back_as_written(name: str) -> None:
    written = " ".join(name.split())
    assume(written and written.lower() != "lisa@fernwoodyoga.com")
    n = normalize(_message(f"From: {name} <lisa@fernwoodyoga.com>".encode()))
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == (written, "lisa@fernwoodyoga.com")


def test_a_display_name_with_a_comma_is_one_name() -> None:
    # Outlook writes "Last, First" unquoted; an encoded word with a comma is one phrase too.
    n = normalize(
        _message(
            b"From: =?iso-8859-1?Q?Wei=DFenbach=2C_J=F6rg?= <joerg@example.de>",
            b"To: Doe, John <john@example.com>, Roe, Jane <jane@example.com>, ops@example.com",
            b"Cc: Team: a@example.com, b@example.com;",
        )
    )
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("Weißenbach, Jörg", "joerg@example.de")
    assert [(a.name, a.email) for a in n.to] == [
        ("Doe, John", "john@example.com"),
        ("Roe, Jane", "jane@example.com"),
        (None, "ops@example.com"),
    ]
    assert [a.email for a in n.cc] == ["a@example.com", "b@example.com"]


def test_charset_labels_python_does_not_know_are_read_as_their_code_page() -> None:
    # Outlook labels Thai "windows-874", other mailers "win-1251" or "iso-8859-8-i": the text must
    # come out in its script, not as windows-1252 mojibake.
    thai = "ณัฐวุฒิ ศรีสุข"
    russian = "Привет, нужна демонстрация"
    hebrew = "שלום, אנחנו מחפשים דשבורד"
    for label, codec, text in (
        ("windows-874", "cp874", thai),
        ("win-1251", "cp1251", russian),
        ("iso-8859-8-i", "iso8859_8", hebrew),
    ):
        raw = (
            (
                f"From: =?{label}?B?{base64.b64encode(text.encode(codec)).decode()}?= <a@example.co.th>\r\n"
                f"To: sales@lumenhq.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                f"Content-Type: text/plain; charset={label}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            ).encode("ascii")
            + text.encode(codec)
            + b"\r\n"
        )
        email = normalize(raw)
        assert email.sender is not None
        assert email.sender.name == text
        assert email.text == text
