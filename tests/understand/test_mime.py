from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mailtriage.understand.mime import identify, normalize


def test_encoded_headers_html_only_bodies_and_attachments() -> None:
    raw = (
        b"From: =?utf-8?q?Jos=C3=A9_Garc=C3=ADa?= <jose@ejemplo.es>\r\n"
        b"To: sales@lumenhq.com, info@lumenhq.com\r\n"
        b"Subject: =?utf-8?b?UHJlY2lvcyDCvw==?=\r\n"
        b"Message-ID: <m1@ejemplo.es>\r\nIn-Reply-To: <root@lumenhq.com>\r\n"
        b"References: <root@lumenhq.com> <m0@ejemplo.es>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"<html><style>p{}</style><body><p>Hola, queremos una demo.</p><p>Se=F1or</p></body></html>\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=rfp.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n"
    )
    n = normalize(raw)
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("José García", "jose@ejemplo.es")
    assert [a.email for a in n.to] == ["sales@lumenhq.com", "info@lumenhq.com"]
    assert n.subject == "Precios ¿"
    assert n.body_text == "Hola, queremos una demo.\n\nSeñor"
    assert [(a.filename, a.content_type, a.size) for a in n.attachments] == [
        ("rfp.pdf", "application/pdf", 8)
    ]
    assert n.identity.thread_id == "<root@lumenhq.com>"
    assert n.identity.message_id == "<m1@ejemplo.es>"


def test_a_message_without_ids_is_a_thread_of_its_own() -> None:
    one = identify(b"From: a@b.example\r\n\r\nfirst")
    two = identify(b"From: a@b.example\r\n\r\nsecond")
    assert one.message_id is None
    assert one.thread_id.startswith("sha256:")
    assert one.thread_id != two.thread_id


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    normalize(raw)
    identify(raw)
