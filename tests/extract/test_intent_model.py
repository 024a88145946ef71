"""The offline intent classifier reads what an email wants in languages it saw few examples of."""

from __future__ import annotations

import pytest

from mailtriage.config import Settings
from mailtriage.extract.intent_model import cue_tokens, load_intent_model
from mailtriage.extract.schemas import Intent
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize


def test_the_same_want_gives_the_same_cue_in_every_language() -> None:
    for text in ("Question about our invoice", "Frage zur Rechnung", "ขอแก้ไขใบกำกับภาษี", "关于发票的问题"):
        assert cue_tokens(text).split() == ["zzcuesupport"]
    assert "zzcuelead" in cue_tokens("Bitte schicken Sie uns ein Angebot")
    assert cue_tokens("The weather is nice today") == ""


def _mail(subject: str, body: str) -> bytes:
    return (
        f"From: Sender <someone@example-trading.co.id>\r\nTo: sales@lumenhq.com\r\nSubject: {subject}\r\n"
        "Date: Tue, 10 Nov 2026 09:12:44 +0700\r\nMessage-ID: <i@example.com>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n")
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        (
            "Penghentian langganan Lumen Insights",
            "Halo tim Lumen,\n\nKami ingin menghentikan langganan kami mulai bulan depan. Mohon kirimkan "
            "konfirmasi pembatalan dan tagihan terakhir.\n\nTerima kasih,\nDewi",
            Intent.support,
        ),
        (
            "ขอแก้ไขใบกำกับภาษี",
            "เรียนทีมงาน Lumen\n\nใบกำกับภาษีเดือนตุลาคมระบุชื่อบริษัทไม่ถูกต้อง รบกวนออกใบกำกับภาษีใหม่ให้ด้วยครับ\n\nขอบคุณครับ",
            Intent.support,
        ),
        (
            "Manglende data i dashboards efter skift til sommertid",
            "Hej Lumen Support\n\nSiden søndag mangler der data i flere af vores dashboards i Lumen Insights. "
            "Er det en kendt fejl, og kan I rette data for de berørte dage?\n\nMed venlig hilsen\nCamilla",
            Intent.support,
        ),
    ],
)
def test_support_in_languages_with_few_training_examples(subject: str, body: str, expected: Intent) -> None:
    tenant = load_tenant(None)
    model = load_intent_model(tenant, Settings().models_dir)
    from mailtriage.extract.intent_model import intent_document

    assert model.predict(intent_document(normalize(_mail(subject, body)), tenant)).intent is expected


def test_a_colleagues_outlook_forward_is_classified_by_the_message_it_passes_on() -> None:
    raw = (
        "From: Jonas Albrecht <jonas.albrecht@lumenhq.com>\r\nTo: sales@lumenhq.com\r\n"
        "Subject: WG: Anfrage Stadtwerke Nordheide - Lastprognose\r\n"
        "Date: Tue, 19 May 2026 09:12:44 +0200\r\nMessage-ID: <f@lumenhq.com>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Hallo zusammen,\r\nanbei eine Anfrage. Kann das bitte jemand übernehmen und ihm ein Angebot schicken?\r\n"
        "Danke & Gruß\r\nJonas\r\n\r\n-----Ursprüngliche Nachricht-----\r\n"
        "Von: Brückner, Thomas <t.brueckner@stadtwerke-nordheide.de>\r\nGesendet: Montag, 18. Mai 2026 16:52\r\n"
        "An: Jonas Albrecht <jonas.albrecht@lumenhq.com>\r\nBetreff: Anfrage Stadtwerke Nordheide\r\n\r\n"
        "Sehr geehrter Herr Albrecht,\r\nwir brauchen Lastprognosen für Strom und Gas auf Basis unserer "
        "Zählerdaten. Im Wirtschaftsplan 2027 sind hierfür 80.000 € jährlich vorgesehen. Projektstart wäre "
        "Anfang 2027. Ich bitte Sie um ein unverbindliches Angebot inkl. Lizenzmodell.\r\n\r\n"
        "Mit freundlichen Grüßen\r\nThomas Brückner\r\nStadtwerke Nordheide GmbH\r\n"
    ).encode()
    tenant = load_tenant(None)
    model = load_intent_model(tenant, Settings().models_dir)
    from mailtriage.extract.intent_model import intent_document

    document = intent_document(normalize(raw), tenant)
    assert "Lastprognosen für Strom und Gas" in document  # the customer's request, not only the note
    assert model.predict(document).intent is Intent.lead
