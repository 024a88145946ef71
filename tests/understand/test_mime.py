from __future__ import annotations

from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailtriage.understand.mime import MessageRejected, NormalizeLimits, identify, normalize


def test_encoded_headers_html_only_bodies_and_attachments() -> None:
    raw = (
        b"From: =?utf-8?q?Jos=C3=A9_Garc=C3=ADa?= <jose@ejemplo.es>\r\n"
        b"To: sales@lumenhq.com, info@lumenhq.com\r\n"
        b"Subject: =?utf-8?b?UHJlY2lvcyDCvw==?=\r\n"
        b"Message-ID: <m1@ejemplo.es>\r\nIn-Reply-To: <root@lumenhq.com>\r\n"
        b"References: <root@lumenhq.com> <m0@ejemplo.es>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"<html><style>p{}</style><body><p>Hola, queremos una demo de los paneles.</p><p>Se=F1or</p></body></html>\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=rfp.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n"
    )
    n = normalize(raw)
    assert n.sender is not None
    assert (n.sender.name, n.sender.email) == ("José García", "jose@ejemplo.es")
    assert [a.email for a in n.to] == ["sales@lumenhq.com", "info@lumenhq.com"]
    assert n.subject == "Precios ¿"
    assert n.text == "Hola, queremos una demo de los paneles.\n\nSeñor"
    assert [(a.filename, a.content_type, a.size) for a in n.attachments] == [
        ("rfp.pdf", "application/pdf", 8)
    ]
    assert n.identity.thread_id == "<root@lumenhq.com>"
    assert n.identity.references == ("<root@lumenhq.com>", "<m0@ejemplo.es>")
    assert n.language == "es"


def test_alternative_prefers_plain_text_but_not_a_stub() -> None:
    def alternative(plain: str) -> bytes:
        msg = EmailMessage()
        msg["From"] = "a@b.example"
        msg.set_content(plain)
        msg.add_alternative(
            "<p>We would like a <b>demo</b> of forecasting for twelve warehouses next month, please.</p>",
            subtype="html",
        )
        return msg.as_bytes()

    assert normalize(alternative("Plain version: demo please, twelve warehouses.")).text.startswith(
        "Plain version"
    )
    assert normalize(alternative("View in HTML")).text.startswith("We would like a demo")



def test_an_esp_stub_with_links_gives_way_to_the_html_it_stands_for() -> None:
    msg = EmailMessage()
    msg["From"] = "Harbour Fair <news@harbourfair.example>"
    msg.set_content(
        "Can't see the images? View this email in your browser: https://esp.example/view/8f2a91c0\n\n"
        "Harbour Fair 2026 - 12-13 May. Tickets now open.\n\nUnsubscribe: https://esp.example/u/8f2a91c0\n"
    )
    paragraphs = "".join(
        f"<p>Day {n}: talks on cash flow, hiring, logistics and dashboards for small firms, with "
        "workshops every hour and a meet-the-buyers lounge.</p>"
        for n in (1, 2, 3, 4)
    )
    msg.add_alternative(
        f"<h1>Tickets are open</h1>{paragraphs}<p>See you there,<br>The team</p>"
        "<p>Harbour Fair Events Ltd &middot; 4 Quay Street, Galway</p>",
        subtype="html",
    )
    text = normalize(msg.as_bytes()).text
    assert "Harbour Fair Events Ltd" in text
    assert "View this email in your browser" not in text

@pytest.mark.parametrize(
    ("declared", "payload", "expected"),
    [
        ("iso-8859-1", "Grüße, Señor".encode(), "Grüße, Señor"),  # UTF-8 labelled latin-1
        ("iso-8859-1", "“quoted” – €5".encode("cp1252"), "“quoted” – €5"),  # cp1252 labelled latin-1
        ("us-ascii", "café".encode(), "café"),
        ("x-unknown-charset", "naïve".encode(), "naïve"),
        ("utf-8", "déjà".encode("latin-1"), "déjà"),  # latin-1 labelled utf-8
        ("shift_jis", "お世話になっております".encode("shift_jis"), "お世話になっております"),
        ("ks_c_5601-1987", "안녕하세요".encode("cp949"), "안녕하세요"),
        ("\x00SO-8859-1", "café".encode("latin-1"), "café"),  # a NUL inside the label
    ],
)
def test_wrongly_declared_charsets_still_decode(declared: str, payload: bytes, expected: str) -> None:
    raw = (
        b"From: a@b.example\r\nContent-Type: text/plain; charset=" + declared.encode() + b"\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + payload + b"\r\n"
    )
    assert normalize(raw).text == expected


def test_a_forward_attached_as_a_message_gives_the_original_author_and_text() -> None:
    inner = EmailMessage()
    inner["From"] = "Dana Ruiz <dana@brightwave.example.com>"
    inner["Subject"] = "Pricing for 40 seats"
    inner["Date"] = "Tue, 03 Nov 2026 09:12:44 -0500"
    inner.set_content("Hi, could you send pricing for 40 seats of Insights?")
    outer = EmailMessage()
    outer["From"] = "Sam <sam@lumenhq.com>"
    outer["Subject"] = "Fwd: Pricing for 40 seats"
    outer.set_content("See below, a prospect for you.")
    outer.add_attachment(inner)

    n = normalize(outer.as_bytes())

    assert n.forwarded is not None
    assert (n.forwarded.author_name, n.forwarded.author_email) == ("Dana Ruiz", "dana@brightwave.example.com")
    assert n.forwarded.subject == "Pricing for 40 seats"
    assert "40 seats of Insights" in n.forwarded.text
    assert n.new_text.startswith("See below")


def test_limits_reject_with_a_reason() -> None:
    deep = b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x0\r\n\r\n"
    for i in range(30):
        deep += b"--x%d\r\nContent-Type: multipart/mixed; boundary=x%d\r\n\r\n" % (i, i + 1)
    with pytest.raises(MessageRejected, match="deeper than 20"):
        normalize(deep)
    with pytest.raises(MessageRejected, match="over the 10-byte limit"):
        normalize(b"From: a@b.example\r\n\r\nhello world", NormalizeLimits(max_raw_bytes=10))


def test_oversized_html_is_truncated_and_said_so() -> None:
    html = "<p>" + "word " * 5000 + "</p>"
    raw = f"From: a@b.example\r\nContent-Type: text/html\r\n\r\n{html}".encode()
    n = normalize(raw, NormalizeLimits(max_html_bytes=1000))
    assert len(n.text) < 1100
    assert any("truncated" in d for d in n.defects)


def test_a_message_without_ids_is_a_thread_of_its_own() -> None:
    one = identify(b"From: a@b.example\r\n\r\nfirst")
    two = identify(b"From: a@b.example\r\n\r\nsecond")
    assert one.message_id is None
    assert one.thread_id.startswith("sha256:")
    assert one.thread_id != two.thread_id


def test_a_multipart_whose_boundary_never_comes_is_still_a_thread_of_its_own() -> None:
    # Its whole body stays one undecodable preamble: the thread hash must not need it as bytes.
    raw = (
        b"From: a@b.example\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="never"\r\n\r\n'
        b"--almost\r\nHi,\r\n\xa4 thanks for the proposal\r\n"
    )
    email = normalize(raw)
    assert email.identity.thread_id.startswith("sha256:")
    assert "thanks for the proposal" in email.text


def test_a_mistyped_boundary_is_recovered_from_the_part_lines() -> None:
    # The declared boundary lacks the space the sender's part lines have.
    raw = (
        b"From: a@b.example\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="=Part 0925"\r\n\r\n'
        b"This is a multipart MIME message.\r\n\r\n"
        b"--= Part 0925\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words here.\r\n"
        b"--= Part 0925\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Rich words here.</p>\r\n"
        b"--= Part 0925--\r\n"
    )
    email = normalize(raw)
    assert email.text == "Plain words here."
    assert "multipart/alternative boundary recovered" in email.defects


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Guten Tag, wir möchten gerne eine Demo Ihrer Dashboards für unser Team sehen.", "de"),
        ("Bonjour, nous aimerions recevoir une proposition tarifaire pour notre équipe.", "fr"),
        ("お世話になっております。貴社の製品について見積もりをお願いできますでしょうか。", "ja"),
        ("Goedemiddag, wij willen graag een demo van jullie platform inplannen.", "nl"),
    ],
)
def test_the_language_of_the_new_text_is_detected(text: str, language: str) -> None:
    msg = EmailMessage()
    msg["From"] = "a@b.example"
    msg.set_content(text)
    assert normalize(msg.as_bytes()).language == language


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    normalize(raw)
    identify(raw)


def test_seven_bit_iso_2022_jp_is_decoded() -> None:
    body = "お見積もりをお願いします。".encode("iso2022_jp")
    raw = (
        b"From: a@b.example\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        + body
    )
    assert normalize(raw).text == "お見積もりをお願いします。"


def test_a_text_part_filled_with_escaped_html_is_read_unescaped() -> None:
    body = (
        "Name: Petra Lindemann\r\nEmail: petra@gebr-lindemann.de\r\nCompany: Gebr. Lindemann GmbH &amp; Co. KG\r\n"
        "Message: Gro&szlig;handel f&uuml;r Sanit&auml;rbedarf.&#13;&#10;Bitte um R&uuml;ckruf.\r\n"
    )
    raw = (
        "From: noreply@lumenhq.com\r\nTo: sales@lumenhq.com\r\nSubject: New contact form submission\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    ).encode()
    email = normalize(raw)
    assert email.form_fields["company"] == "Gebr. Lindemann GmbH & Co. KG"
    assert "Großhandel für Sanitärbedarf.\nBitte um Rückruf." in email.text


def test_entities_a_writer_types_in_plain_text_stay() -> None:
    raw = (
        b"From: a@example.com\r\nTo: sales@lumenhq.com\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n"
        b"The data should be &gt; 100 and &lt; 200, and &amp; must survive.\r\n"
    )
    assert "&gt; 100 and &lt; 200" in normalize(raw).text


def test_a_contact_card_gives_its_organisation_and_address() -> None:
    msg = EmailMessage()
    msg["From"] = "Ana Ruiz <ana@tramontana.es>"
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = "Hola"
    msg.set_content("Hola, adjunto mi tarjeta.\n")
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nORG:Tramontana Foods\\, S.L.;Compras\r\n"
        "EMAIL;TYPE=INTERNET:ana@tramontana.es\r\nEND:VCARD\r\n"
    )
    msg.add_attachment(card.encode(), maintype="text", subtype="vcard", filename="Ana Ruiz.vcf")
    (attachment,) = normalize(msg.as_bytes()).attachments
    assert (attachment.card_organisation, attachment.card_email) == ("Tramontana Foods, S.L.", "ana@tramontana.es")
