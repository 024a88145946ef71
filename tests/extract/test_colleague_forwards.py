"""A colleague at the customer forwards someone's own request: the email is about that someone when
the forwarder asks the vendor to deal with them; otherwise it stays about the forwarder."""

from __future__ import annotations

import pytest

from mailtriage.extract.schemas import Intent
from tests.factories import fields_of, plain_mail

_REQUEST = (
    "From: Thomas Bärtschi <thomas.baertschi@baertschi-armaturen.ch>\n"
    "Sent: Tuesday, March 10, 2026 08:55\n"
    "To: Andrea Ramseier <andrea.ramseier@baertschi-armaturen.ch>\n"
    "Subject: Demand forecasting\n\n"
    "Hello\n\nWe are looking for demand forecasting for 14'000 spare-part SKUs. Our budget for this is "
    "CHF 50'000 to 70'000 per year. Could you show us a demo?\n\n"
    "Kind regards\nThomas Bärtschi\nHead of IT\nBärtschi Armaturen AG\nCH-3600 Thun\n"
)


@pytest.mark.parametrize(
    "note",
    [
        "Ich leite sie Ihnen weiter und bitte Sie, direkt mit Herrn Bärtschi Kontakt aufzunehmen.",
        "Forwarding Thomas's request below. Please contact him directly.",
        "Could someone help him? He is blocked.",
    ],
)
def test_a_request_passed_on_for_the_vendor_to_take_up_is_about_its_author(note: str) -> None:
    body = f"Guten Tag\n\n{note}\n\nFreundliche Grüsse\nAndrea Ramseier\n\n-----Original Message-----\n{_REQUEST}"
    sender = "Andrea Ramseier <andrea.ramseier@baertschi-armaturen.ch>"
    fields = fields_of(plain_mail(body, sender=sender, subject="FW: Demand forecasting"), Intent.lead)
    assert fields.person.email == "thomas.baertschi@baertschi-armaturen.ch"
    assert fields.budget_usd == 69000


@pytest.mark.parametrize(
    "note",
    [
        # the forwarder handles it and wants the answers
        "Please find below a request from our director. I coordinate this on his behalf, so please address "
        "all correspondence to me.",
        # a phone line's label is no "directly"
        "See the note below from our IT lead for context.\n\nAndrea Ramseier\nDirect: 216-555-0139",
    ],
)
def test_a_forward_the_forwarder_keeps_is_about_the_forwarder(note: str) -> None:
    body = f"Hello,\n\n{note}\n\n-----Original Message-----\n{_REQUEST}"
    sender = "Andrea Ramseier <andrea.ramseier@baertschi-armaturen.ch>"
    fields = fields_of(plain_mail(body, sender=sender, subject="FW: Demand forecasting"), Intent.lead)
    assert fields.person.email == "andrea.ramseier@baertschi-armaturen.ch"


def test_a_subsidiary_signs_with_its_parent_after_a_dash() -> None:
    body = (
        "Hello Lumen,\n\nWe'd like a walkthrough of Lumen Pipelines next month.\n\nRegards,\nRafael Montes\n"
        "Vice President, Operations\nGlobex Energy Solutions - a Globex Corporation company\nHouston, TX 77002\n"
    )
    fields = fields_of(plain_mail(body, sender="Rafael Montes <rafael.montes@globex.com>"), Intent.lead)
    assert fields.company.name == "Globex Energy Solutions"


def test_a_forward_the_forwarder_coordinates_reads_the_budget_and_timing_of_the_request() -> None:
    body = (
        "Dear Sir/Madam,\n\nPlease find below a request from our director. Could you send me a quotation? "
        "I coordinate this on his behalf, so please address all correspondence to me.\n\nKind regards,\n"
        "Sanne de Jong\nManagementassistent\n\n-----Original Message-----\n"
        "From: Pieter Hoekstra <p.hoekstra@veldhovenzorg.nl>\nSent: Monday, February 9, 2026 10:02\n"
        "To: Sanne de Jong <s.dejong@veldhovenzorg.nl>\nSubject: Offerte dashboards\n\n"
        "Sanne,\n\nKun je bij Lumen Analytics een offerte opvragen? We hebben er ongeveer € 45.000 per jaar voor "
        "gereserveerd en willen uiterlijk 1 april live.\n\nPieter\n"
    )
    sender = "Sanne de Jong <s.dejong@veldhovenzorg.nl>"
    fields = fields_of(plain_mail(body, sender=sender, subject="FW: Offerte dashboards"), Intent.lead)
    assert (fields.person.email, fields.budget_usd) == ("s.dejong@veldhovenzorg.nl", 49500)


def test_a_colleagues_message_that_asks_to_be_passed_on_is_about_its_author() -> None:
    body = (
        "Bonjour,\n\nJe vous transfère ci-dessous la demande de Luc Perrin, notre DPO pour la Suisse.\n\n"
        "Marie Dubois\n\nDe : Luc Perrin <luc.perrin@wonka-confections.com>\nEnvoyé : mardi 7 avril 2026 18:20\n"
        "À : Marie Dubois <marie.dubois@wonka-confections.com>\nObjet : Ajout Lumen Guard\n\n"
        "Salut Marie,\n\nComme évoqué, peux-tu faire suivre à Lumen ? Nous souhaitons ajouter Lumen Guard.\n\nLuc\n"
    )
    sender = "Marie Dubois <marie.dubois@wonka-confections.com>"
    fields = fields_of(plain_mail(body, sender=sender, subject="TR: Ajout Lumen Guard"), Intent.lead)
    assert fields.person.email == "luc.perrin@wonka-confections.com"
