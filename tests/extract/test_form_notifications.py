"""Other services' notifications (form builders, job portals) are about the person who submitted."""

from __future__ import annotations

import pytest

from mailtriage.extract.form_notifications import label_key, read_form
from mailtriage.extract.schemas import Intent
from tests.factories import fields_of


def _notification(body: str, *, sender: str, subject: str, reply_to: str | None = None) -> bytes:
    reply = f"Reply-To: {reply_to}\r\n" if reply_to else ""
    return (
        f"From: {sender}\r\nTo: sales@lumenhq.com\r\n{reply}Subject: {subject}\r\n"
        "Date: Tue, 10 Nov 2026 09:12:44 +0000\r\nMessage-ID: <n@example.com>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n")
    ).encode("utf-8")


TYPEFORM = """New response to Partner Application

What's your full name?
Daniel Tan Wei Ming

Work email
daniel.tan@orbitandco.sg

Company name
Orbit & Co. Solutions Pte Ltd

Anything else?
Our clients need audit trails.
Could we get a demo?

See all responses: https://admin.typeform.com/form/Kp3xQ9/results#responses
"""


def test_question_and_answer_layout() -> None:
    fields = read_form(TYPEFORM)
    assert fields["name"] == "Daniel Tan Wei Ming"
    assert fields["email"] == "daniel.tan@orbitandco.sg"
    assert fields["company"] == "Orbit & Co. Solutions Pte Ltd"
    # The answer ends where the service's own footer starts.
    assert fields["message"] == "Our clients need audit trails.\nCould we get a demo?"


def test_typeform_submitter_is_the_person_not_the_service() -> None:
    f = fields_of(
        _notification(TYPEFORM, sender="Typeform <notifications@typeform.com>", subject="New response")
    )
    assert f.person.email == "daniel.tan@orbitandco.sg"
    assert f.person.name == "Daniel Tan Wei Ming"
    assert f.company.name == "Orbit & Co. Solutions Pte Ltd"
    assert f.company.domain == "orbitandco.sg"


def test_table_layout_with_pipes() -> None:
    body = (
        "Reseller Quote Request\n\nFull Name | Sipho Ndlovu\nE-mail | sipho@capedigital.co.za\n"
        "Company | Cape Digital Partners (Pty) Ltd\nCountry | South Africa\n"
        "Comments | Please send reseller pricing.\n\n"
        "You can view this submission (https://eu.jotform.com/inbox/1) in Jotform Inbox.\n"
    )
    f = fields_of(_notification(body, sender="Jotform <noreply@jotform.com>", subject="Quote Request"))
    assert f.person.email == "sipho@capedigital.co.za"
    assert f.company.name == "Cape Digital Partners (Pty) Ltd"
    assert f.company.domain == "capedigital.co.za"


def test_localised_labels() -> None:
    spanish = "Nombre: Lucía Pérez\nCorreo electrónico: lucia@datosandinos.pe\nEmpresa: Datos Andinos SAC\n"
    fields = read_form(spanish)
    assert (fields["name"], fields["email"]) == ("Lucía Pérez", "lucia@datosandinos.pe")
    assert fields["company"] == "Datos Andinos SAC"
    german = "**Vor- und Nachname:** Jörg Weiß\n**E-Mail-Adresse:** j.weiss@example.de\n**Firma:** Weiß KG\n"
    assert read_form(german)["company"] == "Weiß KG"
    assert label_key("Your business e-mail address") == "email"
    assert label_key("Project name") is None  # not the submitter's name
    assert label_key("Nombre y apellido") == "name"


def test_job_portal_applicant_named_by_reply_to() -> None:
    body = (
        "Sie haben eine neue Bewerbung erhalten:\n\nStellenanzeige: Data Analyst (m/w/d)\n"
        "Bewerber/in: Lisa Brandt\nE-Mail: lisa.brandt@web.de\nTelefon: +49 176 0000 0000\n\n"
        "--\nStepStone Deutschland GmbH · Völklinger Straße 1 · 40219 Düsseldorf\n"
    )
    raw = _notification(
        body,
        sender="StepStone <noreply@recruiter.stepstone.de>",
        subject="Neue Bewerbung",
        reply_to="Lisa Brandt <lisa.brandt@web.de>",
    )
    f = fields_of(raw, Intent.job_applicant)
    assert f.person.email == "lisa.brandt@web.de"
    assert f.person.name == "Lisa Brandt"
    assert f.company.name is None  # the portal is not the applicant's employer
    assert f.company.domain is None


def test_site_form_without_labels_uses_reply_to_named_in_the_body() -> None:
    body = (
        "From: Chiamaka Okafor <chiamaka.okafor@gmail.com>\nSubject: Internship for 2027?\n\n"
        "Message Body:\nDo you have any internship openings?\n\n"
        "--\nThis e-mail was sent from a contact form on Lumen Analytics Blog (https://blog.lumenhq.com)\n"
    )
    raw = _notification(
        body,
        sender="Lumen Analytics Blog <wordpress@blog.lumenhq.com>",
        subject="[Blog] Internship",
        reply_to="Chiamaka Okafor <chiamaka.okafor@gmail.com>",
    )
    f = fields_of(raw, Intent.job_applicant)
    assert f.person.email == "chiamaka.okafor@gmail.com"
    assert f.person.name == "Chiamaka Okafor"
    assert f.company.domain is None


def test_reply_to_the_body_does_not_name_stays_the_sender() -> None:
    # A phishing notice from a no-reply box with a free-mail Reply-To: the From address is the person.
    body = "Your mailbox is full. Verify your account within 24 hours or it will be closed.\n"
    raw = _notification(
        body,
        sender="IT Helpdesk <no-reply@mail-quota-alerts.com>",
        subject="Mailbox full",
        reply_to="helpdesk.verify@gmail.com",
    )
    assert fields_of(raw, Intent.support).person.email == "no-reply@mail-quota-alerts.com"
    assert fields_of(raw, Intent.spam).person.email == "no-reply@mail-quota-alerts.com"


def test_chat_transcript_visitor_is_the_person() -> None:
    body = (
        "New conversation with Oliver Pennington\n\nOliver Pennington\noliver@cotswoldkitchens.co.uk\n"
        "Cotswold Kitchens Ltd\nCheltenham, England, United Kingdom\n\nTranscript\n"
        "Lumen Bot: Hi there! What brings you to Lumen today?\n"
        "Oliver Pennington: pricing. about 15 people would use dashboards\n\n"
        "View conversation in Drift: https://app.drift.com/conversations/3841927715\n"
    )
    f = fields_of(_notification(body, sender="Drift <notifications@drift.com>", subject="New conversation"))
    assert f.person.email == "oliver@cotswoldkitchens.co.uk"
    assert f.person.name == "Oliver Pennington"
    assert f.company.name != "Drift"


def test_a_colleague_forwarding_a_chat_transcript_passes_on_the_visitor() -> None:
    body = (
        "Chat lead from last night, can someone grab it?\n\nDevon\n\n"
        "---------- Forwarded message ---------\nFrom: Intercom <notifications@intercom-mail.com>\n"
        "Date: Mon, Dec 14, 2026 at 9:47 PM\nSubject: Conversation with Hannah Oduya\n"
        "To: <devon.marsh@lumenhq.com>\n\n\nConversation with Hannah Oduya\n"
        "Hannah Oduya · hannah.oduya@brackenridgeclinics.org · Columbus, Ohio, United States\n\n"
        "Hannah Oduya (9:31 PM)\nHi - are you HIPAA compliant? We need dashboards.\n"
    )
    raw = _notification(
        body, sender="Devon Marsh <devon.marsh@lumenhq.com>", subject="Fwd: Conversation with Hannah Oduya"
    )
    f = fields_of(raw)
    assert f.person.email == "hannah.oduya@brackenridgeclinics.org"
    assert f.person.name == "Hannah Oduya"
    assert f.company.name != "Intercom"


def test_a_colleague_forwarding_the_websites_own_form_passes_on_the_submitter() -> None:
    body = (
        "Found this sitting in the info@ queue since Friday - can APAC sales take it?\n\nMei Lin\n\n"
        "---------- Forwarded message ---------\nFrom: Lumen Analytics <noreply@lumenhq.com>\n"
        "Date: Fri, Nov 13, 2026 at 11:02 PM\nSubject: New contact form submission\nTo: <info@lumenhq.com>\n\n\n"
        "Name: Arjun Mehta\nEmail: arjun.mehta@gmail.com\nCompany: Kitefin Labs\n"
        "Message: We want white-label analytics embedded in our app and have around ₹25 lakh a year set"
        " aside for it. Could we get a demo?\n"
    )
    raw = _notification(
        body, sender="Mei Lin Tan <meilin.tan@lumenhq.com>", subject="Fwd: New contact form submission"
    )
    f = fields_of(raw)
    assert (f.person.email, f.person.name) == ("arjun.mehta@gmail.com", "Arjun Mehta")
    assert f.company.name == "Kitefin Labs"


def test_junk_sent_through_a_web_form_is_about_its_submitter() -> None:
    body = (
        "You have a new form submission on your Webflow site Lumen Analytics.\n\nForm: Contact us (/contact)\n\n"
        "Name: Jake Morrison\nEmail: jake.morrison@bulk-seo-services.biz\nCompany: Bulk SEO Services\n"
        "Message: We GUARANTEE 1st page ranking in 30 days or 100% money back!! 500 backlinks for only $99/month.\n"
    )
    raw = _notification(
        body, sender="Webflow <no-reply-forms@webflow.com>", subject="New form submission on Lumen Analytics"
    )
    f = fields_of(raw, Intent.spam)
    assert (f.person.email, f.company.domain) == ("jake.morrison@bulk-seo-services.biz", "bulk-seo-services.biz")


def test_labels_of_form_builders_in_other_spellings() -> None:
    tally = (
        "Prénom\nMathilde\n\nNom\nRousseau-Vidal\n\nAdresse e-mail professionnelle\nmathilde@kalia.fr\n\n"
        "Entreprise\nKalia Santé\n"
    )
    assert read_form(tally) == {
        "first_name": "Mathilde",
        "last_name": "Rousseau-Vidal",
        "name": "Mathilde Rousseau-Vidal",
        "email": "mathilde@kalia.fr",
        "company": "Kalia Santé",
    }
    webflow = "Submitted content\nFirst-Name: Liam\nLast-Name: Costa\nWork-Email: liam@tasmanfresh.com.au\n"
    assert read_form(webflow)["email"] == "liam@tasmanfresh.com.au"
    cognito = "COMPANY\nCompany Name\nBrightgate Solutions Pte. Ltd.\nEmail\nwl@brightgate.com.sg\n"
    assert read_form(cognito)["company"] == "Brightgate Solutions Pte. Ltd."


def test_a_job_portals_own_footer_is_not_the_applicants_company() -> None:
    body = (
        "Sie haben eine neue Bewerbung über StepStone erhalten.\n\nName: Lea Hoffmann\n"
        "E-Mail: lea.hoffmann@web.de\nTelefon: +49 176 4412 9083\n\nIhr StepStone Team\n\n"
        "StepStone Deutschland GmbH\nVölklinger Straße 1, 40219 Düsseldorf\n"
    )
    raw = _notification(body, sender="StepStone <noreply@stepstone.de>", subject="Neue Bewerbung")
    f = fields_of(raw, Intent.job_applicant)
    assert f.person.email == "lea.hoffmann@web.de"
    assert f.company.name is None


def test_an_outlook_forward_in_swedish_is_about_the_original_author() -> None:
    body = (
        "Hej, kan någon ta den här?\n\nAnna\n\n"
        "Från: Johan Ekström <johan.ekstrom@vattholmabryggeri.se>\nSkickat: den 3 december 2026 09:12\n"
        "Till: Anna Lindgren <anna.lindgren@lumenhq.com>\nÄmne: Förfrågan om prognosverktyg\n\n"
        "Hej Anna,\n\nVi vill se en demo av ert prognosverktyg.\n\nMvh\nJohan Ekström\nVattholma Bryggeri AB\n"
    )
    raw = _notification(
        body, sender="Anna Lindgren <anna.lindgren@lumenhq.com>", subject="VB: Förfrågan om prognosverktyg"
    )
    f = fields_of(raw)
    assert f.person.email == "johan.ekstrom@vattholmabryggeri.se"
    assert f.company.name == "Vattholma Bryggeri AB"


def test_a_placeholder_in_the_company_field_is_no_company() -> None:
    body = (
        "Name: Sam Ortiz\nEmail: sam.ortiz@gmail.com\nCompany: between roles\n"
        "Message: Do you have openings for data analysts?\n"
    )
    raw = _notification(body, sender="noreply@lumenhq.com", subject="New contact form submission")
    assert fields_of(raw, Intent.job_applicant).company.name is None


def test_a_unit_typed_after_a_dash_into_the_company_field_is_cut() -> None:
    body = (
        "You have a new contact form submission from lumenhq.com/contact.\n\nName: Marisol Quintero\n"
        "Email: mquintero@cfisd-tx.org\n"
        "Company: Cedar Falls Independent School District - Office of Assessment & Accountability\n"
        "Message: We want one place where principals can see attendance. Could we see a demo?\n"
    )
    raw = _notification(body, sender="Lumen Analytics Website <noreply@lumenhq.com>", subject="New contact form submission")
    assert fields_of(raw, Intent.lead).company.name == "Cedar Falls Independent School District"


def test_a_marketplace_lead_notification_is_about_the_buyer_in_it() -> None:
    body = (
        "Hello Lumen Analytics,\n\nA buyer has requested a private offer for one of your products.\n\n"
        "Buyer contact information\n  Name:     Karin Holmqvist\n  Title:    Head of Data Platform\n"
        "  Company:  Nordvik Energi AB\n  Email:    karin.holmqvist@nordvikenergi.se\n  Country:  Sweden\n\n"
        "Message from the buyer:\nPlease prepare a private offer for Pipelines.\n\nSincerely,\n"
        "AWS Marketplace Seller Operations\n"
    )
    raw = _notification(
        body,
        sender="AWS Marketplace <aws-marketplace-seller-notifications@amazon.com>",
        subject="AWS Marketplace: private offer request",
    )
    f = fields_of(raw, Intent.lead)
    assert (f.person.email, f.company.name, f.company.domain) == (
        "karin.holmqvist@nordvikenergi.se",
        "Nordvik Energi AB",
        "nordvikenergi.se",
    )


def test_a_chat_tool_sending_from_a_transcripts_box_passes_on_the_visitor() -> None:
    body = (
        "Conversation with Mariana Sobral\nInbox: Sales · Conversation #221507\n\nVISITOR\n"
        "Name:     Mariana Sobral\nEmail:    mariana.sobral@finvela.pt\nCompany:  (not provided)\n"
        "Location: Lisboa, Portugal\n\nTRANSCRIPT (times in UTC)\n"
        "[17:58] Mariana Sobral: Olá, boa tarde. Sou CTO da Finvela, uma fintech de crédito para PME.\n"
        "[18:03] Mariana Sobral: Preferia receber um orçamento por email.\n\n"
        "--\nReply to this conversation: https://app.convoza.com/inbox/lumen/conversations/221507\n"
    )
    f = fields_of(_notification(body, sender="Convoza <transcripts@convoza.com>", subject="Conversation"))
    assert f.person.email == "mariana.sobral@finvela.pt"
    # "(not provided)" in the field is no name; her own sentence names the organisation.
    assert f.company.name == "Finvela"


def test_a_sourcing_portal_sending_for_a_buyer_is_about_the_buyer_it_replies_to() -> None:
    body = (
        "Marrowfield Health Partners, LLC has invited you to participate in a sourcing event.\n\n"
        "Event Owner:       Gregory Vance (gvance@marrowfieldhealth.org)\n\n"
        "Marrowfield Health Partners is seeking proposals for a data governance solution.\n\n"
        "Replies to this email go to the Event Owner.\n"
    )
    f = fields_of(
        _notification(
            body,
            sender="Marrowfield Health Partners via Procuro <do_not_reply@marrowfield.procurohost.com>",
            subject="Marrowfield Health Partners, LLC has invited you to Sourcing Event #4417",
            reply_to="Gregory Vance <gvance@marrowfieldhealth.org>",
        )
    )
    assert f.person.email == "gvance@marrowfieldhealth.org"
    assert f.company.domain == "marrowfieldhealth.org"


def test_what_is_typed_into_a_company_field_to_get_past_it_is_no_name() -> None:
    for typed in ("asdfgh", "(not provided)", "Looking for a job :)", "xxxx"):
        body = f"Name: Ana Ruiz\nEmail: ana.ruiz@gmail.com\nCompany: {typed}\nMessage: Hola, ¿tenéis vacantes?\n"
        f = fields_of(
            _notification(body, sender="Lumen Website <noreply@lumenhq.com>", subject="New contact form submission"),
            Intent.job_applicant,
        )
        assert f.company.name is None, typed


def test_a_unit_typed_before_its_organisation_in_a_form_is_left_out() -> None:
    body = (
        "Nimi: Mikko Laine\nSähköposti: mikko.laine@psaimaa.fi\n"
        "Organisaatio: Tietohallinto, Pohjois-Saimaan hyvinvointialue\nViesti: Haluaisimme demon.\n"
    )
    f = fields_of(_notification(body, sender="Lumen Website <noreply@lumenhq.com>", subject="New contact form submission"))
    assert f.company.name == "Pohjois-Saimaan hyvinvointialue"


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        (
            "TalentHarbor <applications@talentharbor.com>",
            "New applicant for your job\nSenior Data Engineer\n\nTomás Herrera has applied.\n"
            "Email: tomas.herrera.dev@gmail.com\nLocation: Madrid, Spain\n\nCover letter:\nMy CV is attached.\n",
            Intent.job_applicant,
            "tomas.herrera.dev@gmail.com",
        ),
        (
            "ツールバザール <inquiry@toolbazaar.jp>",
            "掲載中のサービスに、以下のお問い合わせが届きました。\n■会社名：株式会社ミナトデータ\n■お名前：佐藤 健太\n"
            "■メールアドレス：k.sato@minato-data.co.jp\n■お問い合わせ内容：\nお見積もりをお送りください。\n",
            Intent.lead,
            "k.sato@minato-data.co.jp",
        ),
    ],
)
def test_a_job_board_or_marketplace_relay_is_about_the_one_who_wrote(
    sender: str, body: str, intent: Intent, expected: str
) -> None:
    fields = fields_of(_notification(body, sender=sender, subject="New message"), intent)
    assert fields.person.email == expected
