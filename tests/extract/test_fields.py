"""Behaviour of the offline field extractors on the cases sales-ops cares about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailtriage.evals.dataset import GoldLabels
from mailtriage.evals.scorers import PRF, budgets_match, field_values
from mailtriage.extract.fields import extract_fields
from mailtriage.extract.schemas import Budget, Extraction, Intent, Interest, RequiredAction, Timeline
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize
from tests.factories import fields_of

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev.jsonl"
TRAINING = Path(__file__).resolve().parents[2] / "src" / "mailtriage" / "extract" / "training"


def _mail(
    body: str,
    *,
    sender: str = "Dana Ruiz <dana@brightwave-logistics.com>",
    subject: str = "Hello",
    date: str = "Tue, 03 Mar 2026 09:12:44 -0500",
) -> bytes:
    return (
        f"From: {sender}\r\nTo: sales@lumenhq.com\r\nSubject: {subject}\r\nDate: {date}\r\n"
        "Message-ID: <t@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + body.replace("\n", "\r\n")
    ).encode("utf-8")


def test_forwarded_prospect_is_the_person() -> None:
    body = (
        "Team, a good one from the summit - please pick it up.\n\nJake\n\n"
        "---------- Forwarded message ---------\n"
        "From: Helena Lindqvist <helena.lindqvist@nordkraft.se>\n"
        "Date: Wed, May 20, 2026 at 4:47 PM\nSubject: Portal analytics\nTo: Jake <jake@lumenhq.com>\n\n"
        "Hi Jake,\n\nWe want dashboards embedded in our own portal. Could we book a call?\n\n"
        "Best regards,\nHelena Lindqvist\nHead of BI\nNordkraft Energi AB\nSveavägen 44, 111 34 Stockholm\n"
    )
    f = fields_of(
        _mail(body, sender="Jake Morrison <jake.morrison@lumenhq.com>", subject="Fwd: Portal analytics")
    )
    assert f.person.email == "helena.lindqvist@nordkraft.se"
    assert f.person.name == "Helena Lindqvist"
    assert f.company.name == "Nordkraft Energi AB"
    assert f.company.domain == "nordkraft.se"
    assert f.region == "SE"
    assert f.required_action is RequiredAction.schedule_demo


def test_contact_form_submitter_is_the_person() -> None:
    body = (
        "A new message was submitted through the contact form.\n\nName: Abena Mensah\n"
        "Email: abena.mensah@goldcoastagri.com.gh\nCompany: Gold Coast Agri Ltd\nPhone: +233 30 276 1145\n"
        "Message: We would like a demo of your forecasting tool. We are looking to start next quarter.\n"
    )
    f = fields_of(
        _mail(body, sender="Lumen Website <noreply@lumenhq.com>", subject="New contact form submission")
    )
    assert (f.person.name, f.person.email) == ("Abena Mensah", "abena.mensah@goldcoastagri.com.gh")
    assert f.company.name == "Gold Coast Agri Ltd"
    assert f.products == ("Lumen Forecast",)
    assert f.timeline is Timeline.quarter
    assert f.region == "GH"


def test_contact_form_answers_beside_the_message_count_and_its_company_field_is_the_organisation() -> None:
    body = (
        "New contact form submission\nName: Alejandro Ruiz Ortega\nEmail: aruiz@hcsantalucia.es\n"
        "Company: Hospital Clínico Santa Lucía (Servicio Andaluz de Salud)\n"
        "Cargo / Job title: Jefe de Sistemas de Información\n"
        "Presupuesto estimado / Budget: 50.000–80.000 EUR/año\nPlazo / Timeline: Q1 2027\n"
        "Message: Estamos evaluando plataformas para cuadros de mando. Nos gustaría ver una demostración.\n"
        "GDPR consent: yes\n"
    )
    sent = "Wed, 15 Jul 2026 10:02:11 +0200"
    form = {"sender": "Lumen Website <noreply@lumenhq.com>", "subject": "New contact form submission"}
    f = fields_of(_mail(body, **form, date=sent))
    assert f.company.name == "Hospital Clínico Santa Lucía"  # the parent body in brackets is not it
    assert f.budget_usd == 71500  # the midpoint of EUR 50,000–80,000 a year
    assert f.timeline is Timeline.six_months
    # A unit typed after a dash is not part of the organisation's name.
    unit = body.replace(
        "Hospital Clínico Santa Lucía (Servicio Andaluz de Salud)",
        "Ville de Saint-Aubin — Direction des systèmes d'information",
    )
    assert fields_of(_mail(unit, **form, date=sent)).company.name == "Ville de Saint-Aubin"
    unit = body.replace(
        "Hospital Clínico Santa Lucía (Servicio Andaluz de Salud)",
        "Università di Parma - Dip. di Scienze Economiche e Aziendali",
    )
    assert fields_of(_mail(unit, **form, date=sent)).company.name == "Università di Parma"


def test_a_sentence_opening_word_before_the_organisation_is_not_part_of_it() -> None:
    note = (
        'Marta Iglesias ha añadido una nota:\n"Perfecto. Desde Hoteles Alcázar iremos tres personas. Lo que '
        'más nos interesa es la previsión de demanda."\n'
    )
    f = fields_of(_mail(note, sender="Marta Iglesias <marta.iglesias@hotelesalcazar.es>"))
    assert f.company.name == "Hoteles Alcázar"
    pitch = (
        "Hola equipo de Partnerships:\nSomos Datacampo Agritech S.L., una plataforma de sensores IoT para "
        "explotaciones agrícolas. Queremos proponeros una integración.\n\nUn saludo,\nLucía Benítez\n"
    )
    g = fields_of(_mail(pitch, sender="Lucía Benítez <lucia@datacampo.io>"), Intent.vendor)
    assert g.company.name == "Datacampo Agritech S.L."


def test_free_mail_takes_the_signature_website() -> None:
    body = "Could you send me the price list for Lumen Insights?\n\n--\nKen Sato\nKentec LLC\nhttps://kentec-ec.jp\n"
    f = fields_of(_mail(body, sender="Ken Sato <ken.sato.kentec@gmail.com>"))
    assert f.company.domain == "kentec-ec.jp"
    assert f.required_action is RequiredAction.send_pricing


def test_budget_per_month_in_eur_is_annualised() -> None:
    body = "Notre budget se situe entre 2 et 3 k€ par mois. Pourriez-vous m'envoyer un devis ?\n"
    assert fields_of(_mail(body)).budget_usd == pytest.approx(33000)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("예산: 월 2,500달러 정도 생각하고 있습니다.", 30000),
        ("我們的預算上限是每年 5 萬美元。", 50000),
        ("हमारा बजट सालाना लगभग ₹25 लाख है।", 30000),
        ("Bajeti yetu ni takriban dola 800 kwa mwezi.", 9600),
        ("ميزانيتنا المبدئية حوالي 80 ألف دولار سنوياً.", 80000),
        ("งบประมาณประมาณ 30,000 ดอลลาร์สหรัฐต่อปี", 30000),
        ("Budget kami sekitar USD 1.500 per bulan.", 18000),
        ("Ngân sách dự kiến khoảng 20.000 USD/năm.", 20000),
        ("Наш бюджет — около 20 тыс. долларов в год.", 20000),
        ("Наш бюджет — около 2 млн рублей.", None),  # no reference rate for roubles: not guessed
        # English as people write it
        ("We're thinking 50k/yr for this, maybe a bit less.", 50000),  # no currency, no country: USD
        ("Proposal for a three-year deal worth $240,000 in total.", 80000),
        ("We can spend around 300 bucks a month.", 3600),
        ("We have about 18k set aside for this.", 18000),
        # A form's fields each stand alone, long questions too: the head count is no sum.
        (
            "Number of employees: 1,001-5,000\nWhich products are you interested in?: Lumen Guard\n"
            "Estimated annual budget: $40,000 – $60,000\nWhen do you need a solution in place?: Other",
            50000,
        ),
        # The monthly price the tenant quoted is not theirs; their cap for the year is.
        (
            "Sobre el precio: los USD 3.200 mensuales que nos cotizaste están por encima de lo que tenemos. "
            "Nuestro tope para 2027 es de USD 30.000 en total, incluyendo la implementación.",
            30000,
        ),
    ],
)
def test_budgets_as_written(sentence: str, expected: float | None) -> None:
    budget = fields_of(_mail(f"Hello,\n\n{sentence}\n")).budget_usd
    assert budget == (pytest.approx(expected) if expected else None)


def test_quoted_lumen_price_is_not_the_budget() -> None:
    body = (
        "Hi Chris,\n\nThanks. Can we set up a call next week to walk through the quote?\n\nSanjay\n\n"
        "On Tue, Mar 24, 2026 at 5:48 PM Chris Dunbar <chris.dunbar@lumenhq.com> wrote:\n"
        "> Recapping the pricing: Lumen Insights, 20 users: $26,000 / year\n"
    )
    assert fields_of(_mail(body)).budget_usd is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We need a replacement ASAP.", Timeline.now),
        ("Wir möchten im nächsten Quartal starten.", Timeline.quarter),
        ("L'idée est de démarrer l'année prochaine.", Timeline.six_months),
        ("Queremos empezar el próximo trimestre.", Timeline.quarter),
        ("We'd want to be live by September.", Timeline.six_months),
        # quarters by ordinal word, months and phrases of more languages (the mail is dated 3 March)
        ("Der Start ist im zweiten Quartal 2026 geplant.", Timeline.quarter),
        ("Queremos lanzar en el segundo trimestre.", Timeline.quarter),
        ("Am vrea să pornim cât mai repede.", Timeline.now),
        ("Θέλουμε να ξεκινήσουμε από τον Μάιο.", Timeline.quarter),
        ("Voldríem tenir-ho en marxa l'any vinent.", Timeline.six_months),
        # scripts and languages of Asia, the Middle East and Africa
        ("도입 희망 시기: 내년 1월부터", Timeline.six_months),  # next January, from March: ten months
        ("希望在明年一月底前上線。", Timeline.six_months),
        ("हम इसे अगली तिमाही में शुरू करना चाहते हैं।", Timeline.quarter),
        ("نخطط للبدء مع بداية الربع الثاني من 2026.", Timeline.quarter),
        ("Chúng tôi muốn triển khai vào tháng 5 năm 2026.", Timeline.quarter),
        ("Kalau bisa secepatnya, kami ingin mulai.", Timeline.now),
        ("Tungependa kuanza mwezi Juni.", Timeline.quarter),
        ("Мы хотим запустить во 2 квартале 2027 года.", Timeline.six_months),
        ("Wdrożenie planujemy w II kwartale 2026.", Timeline.quarter),
        ("Nous voulons être en production d'ici l'été.", Timeline.six_months),  # July, from 3 March
        ("نريد إطلاق المنصة قبل عيد الفطر.", Timeline.now),  # 20 March 2026
    ],
)
def test_timeline_phrases(sentence: str, expected: Timeline) -> None:
    assert fields_of(_mail(f"Hello,\n\n{sentence}\n")).timeline is expected


def test_region_from_phone_country_code() -> None:
    body = (
        "Please send pricing.\n\nKind regards,\nFiona Clarke\nHarrowgate Homes Ltd\nTel: +44 113 496 0732\n"
    )
    assert fields_of(_mail(body, sender="Fiona Clarke <fiona@harrowgate.com>")).region == "GB"


def test_role_sender_without_a_human_has_no_name() -> None:
    body = "Please find attached invoice PW-11873.\n\nAccounts Receivable\nPrintWorks Studio LLC\n"
    f = fields_of(_mail(body, sender="PrintWorks Studio <accounts@printworks-studio.com>"), Intent.vendor)
    assert f.person.name is None
    assert f.person.email == "accounts@printworks-studio.com"
    assert f.company.name == "PrintWorks Studio LLC"
    assert f.required_action is RequiredAction.route_ops


def test_company_matching_the_domain_beats_a_department_line() -> None:
    body = (
        "Please send a quote for 20 seats.\n\nBest regards,\n\nJo Brandt\nVP, Finance Systems\n"
        "Kestrel Marine Group\n1 Harbour Road, Hull HU1 2AB\n"
    )
    f = fields_of(_mail(body, sender="Jo Brandt <jo.brandt@kestrel-marine.com>"))
    assert f.company.name == "Kestrel Marine Group"


def test_body_self_introduction_drops_the_article() -> None:
    body = "Guten Tag\n\nDie Holmberg Feinkost AG produziert Käse für den Handel. Bitte senden Sie ein Angebot.\n"
    f = fields_of(_mail(body, sender="Uta Roth <uta@example.org>"))
    assert f.company.name == "Holmberg Feinkost AG"


def test_a_city_under_the_name_is_not_the_company() -> None:
    body = "Buongiorno,\n\nvi invio il mio curriculum.\n\nCordiali saluti,\nMarco Neri\nTorino\nCell. 333 111 2222\n"
    f = fields_of(_mail(body, sender="Marco Neri <marco.neri77@gmail.com>"), Intent.job_applicant)
    assert f.company.name is None
    assert f.region == "IT"


def test_junk_takes_the_organisation_it_presents_as_its_own() -> None:
    # The contract's letter: the organisation the sender presents as its own, even an
    # impersonated brand; its legal name in the footer beats the service line above it.
    body = (
        "Your mailbox is full. Verify your account now: https://mail-verify.example/x\n\n"
        "IT Service\n\u00a9 2026 Globex Software Corporation. All rights reserved.\n"
    )
    f = fields_of(_mail(body, sender="Mail Admin <admin@globex-mailbox-verify.com>"), Intent.spam)
    assert f.company.name == "Globex Software Corporation"
    assert f.person.name is None


def test_junk_takes_the_fullest_form_of_the_brand_the_domain_spells() -> None:
    lure = (
        "Dear Partner,\n\nGUARANTEED 4.2% DAILY return on USDT deposits: https://crypto-yield.top/c\n\n"
        "Regards,\nMarcus Bell\nSenior Partner Manager\nCryptoYield Capital\nOne Canada Square, London\n"
    )
    sender = "Marcus Bell | CryptoYield <m.bell@crypto-yield.top>"
    assert fields_of(_mail(lure, sender=sender), Intent.spam).company.name == "CryptoYield Capital"
    # A team of the brand is not a fuller name of it.
    team = "2.4% DAILY. GUARANTEED.\n\nDeposit now: https://crypto-yield.top/join\n\nAlex\nCryptoYield Growth Team\n"
    sender = "Alex | CryptoYield <alex@crypto-yield.top>"
    assert fields_of(_mail(team, sender=sender), Intent.spam).company.name == "CryptoYield"


def test_junk_signed_with_an_authority_whose_words_could_be_a_persons() -> None:
    lottery = (
        "NOTIFICACIÓN OFICIAL DE PREMIO\n\nHa sido usted premiado/a con 1.250.000,00 EUR.\n\n"
        "Atentamente,\nDr. Alfonso Medina Ruiz\nDirector de Pagos Internacionales\nLoterías y Apuestas del Estado\n"
    )
    sender = "Loterias y Apuestas del Estado <premios.sorteo2026@hotmail.com>"
    f = fields_of(_mail(lottery, sender=sender), Intent.spam)
    assert f.person.name == "Alfonso Medina Ruiz"
    assert f.company.name == "Loterías y Apuestas del Estado"
    bank = (
        "ATTENTION BENEFICIARY,\n\nYour payment of US$4,850,000.00 is approved.\n\nYours Faithfully,\n"
        "Dr. Ibrahim Musa Danjuma\nDirector, Foreign Remittance Dept.\nCentral Bank of Nigeria (CBN)\n"
    )
    g = fields_of(_mail(bank, sender="Dr. Ibrahim Musa Danjuma <drimdanjuma@outlook.com>"), Intent.spam)
    assert g.company.name == "Central Bank of Nigeria"


def test_japanese_self_introduction_ends_at_the_particle() -> None:
    body = "株式会社ミナトデータの佐藤と申します。\nデモをお願いできますでしょうか。\n\n佐藤 健\n"
    f = fields_of(_mail(body, sender="佐藤 健 <k.sato@minato-data.co.jp>"))
    assert f.company.name == "株式会社ミナトデータ"
    body = "現在、株式会社ヤマトソフトにてデータ基盤を担当しております。\n\n伊藤 直樹\n"
    f = fields_of(_mail(body, sender="伊藤 直樹 <n.ito@example-mail.jp>"), Intent.job_applicant)
    assert f.company.name == "株式会社ヤマトソフト"


def test_chinese_legal_form_without_the_self_introduction() -> None:
    body = "你好！我是杭州青松软件有限公司的经理王伟。请发一下报价。\n\n王伟\n"
    f = fields_of(_mail(body, sender="王伟 <wangwei@qingsong-soft.cn>"))
    assert f.company.name == "杭州青松软件有限公司"


def test_korean_signature_names_the_organisation_beside_the_team() -> None:
    body = "안녕하세요.\n데모를 요청드립니다.\n\n박지훈 드림\n누리데이터 영업기획팀 과장\nTel. 02-555-0100\n"
    f = fields_of(_mail(body, sender="박지훈 <jh.park@nuridata.co.kr>"))
    assert f.company.name == "누리데이터"


def test_greeting_to_the_person_in_charge_is_no_organisation() -> None:
    body = "ご担当者様\n\nお見積りをお願いいたします。\n\n山田 太郎\n"
    f = fields_of(_mail(body, sender="山田 太郎 <t.yamada@gmail.com>"))
    assert f.company.name is None


def test_arabic_signature_and_body_name_the_organisation() -> None:
    body = "نرغب في عرض سعر.\nمع التحية،\nسالم العتيبي\nمدير المشتريات\nشركة الرمال للتجارة\n"
    f = fields_of(_mail(body, sender="Salem Alotaibi <salem@rimaltrade.sa>"))
    assert f.company.name == "شركة الرمال للتجارة"
    body = "أنا مستخدم في شركة الرمال للتجارة منذ سنتين، ولدي مشكلة في الدخول.\nشكراً\n"
    f = fields_of(_mail(body, sender="Salem Alotaibi <salem.alotaibi@gmail.com>"), Intent.support)
    assert f.company.name == "الرمال للتجارة"


def test_particle_opening_a_signature_line_is_part_of_the_name() -> None:
    body = "Goedemiddag,\n\nKunnen jullie een demo plannen?\n\nMet vriendelijke groet,\nJan de Wit\nDe Wit Bouw B.V.\n"
    f = fields_of(_mail(body, sender="Jan de Wit <jan@dewitbouw.nl>"))
    assert f.company.name == "De Wit Bouw B.V."
    body = "Bonjour,\n\nUne démo ?\n\nMerci,\nClaire Roy\nAnalyste, Les Quatre Saisons Distribution\n"
    f = fields_of(_mail(body, sender="Claire Roy <claire@quatresaisons.ca>"))
    assert f.company.name == "Les Quatre Saisons Distribution"


def test_german_article_in_a_sentence_is_not_part_of_the_name() -> None:
    body = "Guten Tag,\n\nDie Saanedor Lebensmittel AG produziert Käse. Wir suchen Dashboards.\n\nGrüße\nEva Keller\n"
    f = fields_of(_mail(body, sender="Eva Keller <eva.keller@saanedor.ch>"))
    assert f.company.name == "Saanedor Lebensmittel AG"


def test_self_introductions_with_a_lower_case_title() -> None:
    body = "Hi,\n\nI'm the data coordinator at Riverbend Food Bank in Omaha. Do you have nonprofit pricing?\n\nAaron\n"
    f = fields_of(_mail(body, sender="Aaron White <aaron.white@gmail.com>"))
    assert f.company.name == "Riverbend Food Bank"
    body = "Hi Lumen team,\n\nI am Minh, CTO of Lotus Wheels (ride hailing). How much for 20 connectors?\n\nMinh\n"
    f = fields_of(_mail(body, sender="Minh Tran <minh@lotuswheels.vn>"))
    assert f.company.name == "Lotus Wheels"


def test_domain_label_abbreviating_the_written_name_corroborates_it() -> None:
    body = "Bonjour,\n\nUne démo de Lumen Forecast ?\n\nMerci,\nMarie Gagnon\nDirectrice des opérations\nCoopérative laitière Nordique\nAlma (Québec)\n"
    f = fields_of(_mail(body, sender="Marie Gagnon <mgagnon@coopnordique.ca>"))
    assert f.company.name == "Coopérative laitière Nordique"


def test_newsletter_imprint_before_the_postal_address() -> None:
    body = "This month: three new reports.\n\n--\nHarlow Research Group · 1 Main Street, Boston, MA 02108\nUnsubscribe\n"
    f = fields_of(_mail(body, sender="Harlow Insights <insights@harlowresearch.com>"), Intent.newsletter)
    assert f.company.name == "Harlow Research Group"


def test_a_greeting_or_a_job_title_in_junk_is_no_company() -> None:
    body = "Hola, cuánto cuesta para 10 usuarios? Gracias\n"
    f = fields_of(_mail(body, sender="Luis Quispe <lquispe@agroandina.pe>"))
    assert f.company.name is None
    body = "Dear Website Owner,\n\nWe GUARANTEE 1st page ranking!\n\nRegards,\nDavid Miller\nSEO Expert\n"
    f = fields_of(_mail(body, sender="David Miller <david.miller@bulk-seo-services.biz>"), Intent.spam)
    assert f.company.name is None


def test_junk_from_its_own_domain_keeps_its_name() -> None:
    body = (
        "Dear Business Owner,\n\nPage one on Google GUARANTEED.\n\nRegards,\nRaj Mehta\nTurbo Rank Services\n"
    )
    f = fields_of(_mail(body, sender="Raj Mehta <raj@turbo-rank-services.biz>"), Intent.spam)
    assert f.company.name == "Turbo Rank Services"


def test_newsletter_publisher_from_the_imprint() -> None:
    body = (
        "The Data Ledger Weekly - issue 12\n\nThree stories this week.\n\nThanks for reading,\n"
        "The Data Ledger team\n--\nThe Data Ledger is published by Inkwell Media LLC, 10 Main St, Austin, TX 78701.\n"
    )
    f = fields_of(_mail(body, sender="The Data Ledger <news@dataledger.com>"), Intent.newsletter)
    assert f.company.name == "Inkwell Media LLC"
    assert f.person.name is None


@pytest.mark.parametrize(
    ("sentence", "date", "expected"),
    [
        # Durations are measured: four weeks is now, six weeks a quarter, in any language.
        ("We need to be in production within 6 weeks.", "Thu, 05 Mar 2026 10:00:00 +0100", Timeline.quarter),
        (
            "Dovremmo essere in produzione entro 6 settimane.",
            "Thu, 05 Mar 2026 10:00:00 +0100",
            Timeline.quarter,
        ),
        (
            "Nous aimerions être en fonction d'ici deux mois.",
            "Wed, 04 Mar 2026 10:00:00 -0500",
            Timeline.quarter,
        ),
        ("約2か月後に開始する予定です。", "Wed, 03 Dec 2025 10:00:00 +0900", Timeline.quarter),
        ("Need to implement in the next 2 weeks.", "Mon, 02 Feb 2026 10:00:00 +0530", Timeline.now),
        # "Next month" is within about four weeks; "the end of next month" is not.
        ("We are launching next month.", "Thu, 03 Sep 2026 10:00:00 +0900", Timeline.now),
        ("We target to go live by end of next month.", "Tue, 06 Jan 2026 10:00:00 +0800", Timeline.quarter),
        # A bare month a little over four weeks away is a quarter away.
        ("We'd like to kick off in January.", "Mon, 01 Dec 2025 10:00:00 +0000", Timeline.quarter),
        # The current or the next quarter is "quarter"; a year and its parts are measured.
        ("Targeting a launch in Q1.", "Tue, 02 Dec 2025 10:00:00 -0500", Timeline.quarter),
        ("希望在第二季度上线。", "Thu, 15 Jan 2026 10:00:00 +0800", Timeline.quarter),
        ("We aim to go live in mid-2026.", "Thu, 15 Jan 2026 10:00:00 +0100", Timeline.six_months),
        (
            "Wir planen die Einführung im Frühjahr 2027.",
            "Mon, 07 Sep 2026 10:00:00 +0200",
            Timeline.six_months,
        ),
        # The end of the year, holidays and seasons are dates measured from the Date header.
        (
            "Desideriamo avviare il progetto entro fine anno.",
            "Mon, 13 Oct 2025 10:00:00 +0200",
            Timeline.quarter,
        ),
        ("We want it live before Black Friday.", "Mon, 22 Sep 2025 10:00:00 -0700", Timeline.quarter),
        ("Vi planerar driftsättning till hösten.", "Wed, 11 Mar 2026 10:00:00 +0100", Timeline.six_months),
        # Without a purchase word a future date still times the purchase.
        ("The grant has to be spent by March 31.", "Thu, 22 Jan 2026 10:00:00 -0600", Timeline.quarter),
    ],
)
def test_dates_and_durations_are_measured(sentence: str, date: str, expected: Timeline) -> None:
    assert fields_of(_mail(f"Hello,\n\n{sentence}\n", date=date)).timeline is expected


def test_the_due_date_of_a_quote_is_not_the_timeline() -> None:
    body = "Hello,\n\nPlease send your quotation by 26 March 2026.\nThanks\n"
    assert fields_of(_mail(body, date="Mon, 16 Mar 2026 10:00:00 +0100")).timeline is Timeline.unknown
    body = "Hi,\n\nCould you quote us three days of on-site training, sometime in October?\n"
    assert fields_of(_mail(body, date="Thu, 28 Aug 2025 10:00:00 -0500")).timeline is Timeline.quarter


def test_a_legal_form_closes_a_name_with_lower_case_words() -> None:
    body = "Dobrý den,\n\nzašlete nám prosím cenovou nabídku.\n\nS pozdravem\nPetr Novák\nMoravské strojírny a.s.\n"
    f = fields_of(_mail(body, sender="Petr Novák <petr.novak@example.cz>"))
    assert f.company.name == "Moravské strojírny a.s."


def test_end_of_a_quarter_is_measured_to_its_last_day() -> None:
    body = "Hello,\n\nWe want a decision by the end of Q1.\n"
    f = fields_of(_mail(body, date="Mon, 05 Jan 2026 10:00:00 +0000"))
    assert f.timeline is Timeline.quarter


def test_a_meeting_next_week_is_not_the_purchase_timeline() -> None:
    body = "Hi,\n\nCould we get 45 minutes with a solutions engineer next week? We aim to launch in Q4.\n"
    f = fields_of(_mail(body, date="Thu, 07 May 2026 10:00:00 -0400"))
    assert f.timeline is Timeline.six_months


def test_the_date_after_the_purchase_cue_decides() -> None:
    body = "Hello,\n\nWe'll shortlist by the end of February and aim to sign in April.\n"
    f = fields_of(_mail(body, date="Tue, 03 Feb 2026 10:00:00 +0100"))
    assert f.timeline is Timeline.quarter


def test_own_implementation_work_is_not_professional_services() -> None:
    body = (
        "Hello,\n\nWe resell BI tools and would like to buy Lumen Insights licences, and handle the "
        "implementation ourselves. We wish to begin implementation in April.\n"
    )
    assert "Professional Services" not in fields_of(_mail(body)).products


def test_dashboards_embedded_in_a_portal_are_embedded_only() -> None:
    body = "Hi,\n\nWe'd like to embed sell-through dashboards in our dealer portal, fully white-labelled.\n"
    assert fields_of(_mail(body)).products == ("Lumen Embedded",)


def test_a_place_inside_a_longer_name_or_street_is_skipped() -> None:
    body = "Please send pricing.\n\nRegards,\nAoife Byrne\nUnit 7, Little Island, Cork\n"
    assert fields_of(_mail(body, sender="Aoife Byrne <aoife@harbourfoods.com>")).region == "IE"
    body = "Please send pricing.\n\nRegards,\nOwen Price\n2 Wellington Place, Leeds LS1 4AP\n"
    assert fields_of(_mail(body, sender="Owen Price <owen@example.com>")).region == "GB"


def test_signature_city_beats_a_region_named_in_the_body() -> None:
    body = (
        "Dear Hiring Manager,\n\nI'm applying for the Customer Success Manager (North America) role.\n\n"
        "Thank you,\n\nSophie Martin\nToronto, ON\n(416) 555-0183\n"
    )
    f = fields_of(_mail(body, sender="Sophie Martin <sophie.m@outlook.com>"), Intent.job_applicant)
    assert f.region == "CA"


def test_junk_listing_markets_has_no_region() -> None:
    body = "Hi,\n\nWe sell 250,000 B2B contacts in USA/UK/EU for only $99!!!\n"
    f = fields_of(_mail(body, sender="Lead Seller <sales@lead-lists.xyz>"), Intent.spam)
    assert f.region is None


def test_the_senders_own_meetings_do_not_make_a_demo_request() -> None:
    body = (
        "Hi,\n\nI'm presenting options at our board meeting on the 14th, so I'd be grateful for a price "
        "list. Our teams use Excel today.\n"
    )
    assert fields_of(_mail(body)).required_action is RequiredAction.send_pricing
    body = "Hoi,\n\nGraag een prijsindicatie per mail, bellen is lastig want ik sta veel in de winkel.\n"
    assert fields_of(_mail(body)).required_action is RequiredAction.send_pricing


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Merhaba,\n\nLumen Insights için fiyat teklifi alabilir miyiz? 20 kullanıcı.\n",
            RequiredAction.send_pricing,
        ),
        ("Merhaba,\n\nGelecek hafta kısa bir toplantı ayarlayabilir miyiz?\n", RequiredAction.schedule_demo),
        (
            "안녕하세요.\n\n견적서를 부탁드립니다. 데모는 추후에 필요하면 요청드리겠습니다.\n",
            RequiredAction.send_pricing,
        ),
        ("안녕하세요.\n\n다음 주에 미팅 가능하실까요?\n", RequiredAction.schedule_demo),
        (
            "お見積書をお願いします。また、来週Web会議のお時間をいただけますか。\n",
            RequiredAction.schedule_demo,
        ),
        ("您好，请发一份报价给我们，谢谢。\n", RequiredAction.send_pricing),
        # A price asked for in Danish, a meeting declined.
        (
            "Hej Emma\n\nKan du sende mig en pris på begge dele? Vi behøver ikke et nyt møde – et tilbud på mail "
            "er fint.\n",
            RequiredAction.send_pricing,
        ),
        # Materials rather than a meeting.
        (
            "안녕하세요.\n\n대략적인 견적을 메일로 받아볼 수 있을까요?\n아직 초기 단계라 미팅보다는 자료로 먼저 검토해 보고 싶습니다.\n",
            RequiredAction.send_pricing,
        ),
        # A conversation at an event that already happened, and the client's own evaluation sessions.
        (
            "Szanowny Panie,\n\nw nawiązaniu do rozmowy podczas Warsaw Data Meetup zapraszam Państwa do złożenia "
            "oferty na system raportowy BI.\n",
            RequiredAction.send_pricing,
        ),
        (
            "Hello,\n\nWe need reseller pricing for 40 users. A written quote is all we need for now; the client "
            "will do its own evaluation sessions later.\n",
            RequiredAction.send_pricing,
        ),
    ],
)
def test_price_and_meeting_requests_in_turkish_korean_japanese_and_chinese(
    body: str, expected: RequiredAction
) -> None:
    assert fields_of(_mail(body)).required_action is expected


def test_display_name_in_directory_order_takes_the_signature_order() -> None:
    body = "Bonjour,\n\nMerci de nous envoyer un devis.\n\nMeilleures salutations\n\nClaire Favre\nFavre Conseil SA\n"
    f = fields_of(_mail(body, sender="Favre Claire <c.favre@favre-conseil.ch>"))
    assert f.person.name == "Claire Favre"
    assert f.company.name == "Favre Conseil SA"


def test_a_brand_or_mailbox_display_name_is_no_person() -> None:
    phish = "Beste klant,\n\nUw teruggave staat klaar: https://teruggave.example/x\n\nMet vriendelijke groet,\nBelastingdienst\n"
    f = fields_of(_mail(phish, sender="Belastingdienst <teruggave@belasting-teruggave-nl.com>"), Intent.spam)
    assert f.person.name is None
    assert f.company.name == "Belastingdienst"  # the authority it presents as its own, as written
    invoice = (
        "Dobrý den,\n\nv příloze fakturu č. 2026-0042.\n\nJana Dvořáková\nPřeklady Morava s.r.o., Brno\n"
    )
    g = fields_of(
        _mail(invoice, sender="Fakturace Překlady Morava <fakturace@preklady-morava.cz>"), Intent.vendor
    )
    assert g.person.name == "Jana Dvořáková"
    assert g.company.name == "Překlady Morava s.r.o."
    assert g.region == "CZ"


def test_a_business_name_shown_on_free_mail_above_another_signature_is_the_company() -> None:
    body = (
        "Hello Lumen,\n\nWe supply fruit and vegetables to hotels in Nairobi. Can your system predict "
        "demand per customer? Just send a quotation.\n\nRegards,\nWanjiru\n0722 555 314\n"
    )
    f = fields_of(_mail(body, sender="Savannah Fresh Produce <savannahfreshke@gmail.com>"))
    assert f.person.name == "Wanjiru"
    assert f.company.name == "Savannah Fresh Produce"
    # A person signing with a short form of the name shown is the same person.
    g = fields_of(
        _mail("Hi,\n\nPricing please.\n\nThanks,\nRob\n", sender="Robert James Miller <rjm@gmail.com>")
    )
    assert g.person.name == "Robert James Miller"
    assert g.company.name is None


def test_a_display_name_the_footer_writes_with_a_legal_form_is_the_firm_not_the_person() -> None:
    body = (
        "seit dem Update lädt das Dashbord nicht mehr.\n\nGruß\nJ. Schmitt\n--\n"
        "Elektro Schmitt e.K. - Meisterbetrieb seit 1987\nElektroinstallation · Photovoltaik · Smart Home\n"
        "Randersackerer Str. 41 · 97072 Würzburg\nwww.elektro-schmitt-wue.de\n"
    )
    f = fields_of(_mail(body, sender="Elektro Schmitt <elektro-schmitt@gmx.de>"), Intent.support)
    assert f.person.name != "Elektro Schmitt"
    assert f.company.name == "Elektro Schmitt e.K."
    # A person signing with a designation that is also a legal form stays the person.
    pitch = "Hello,\n\nWe are a specialist broker.\n\nBest regards,\nJulia Haddad, CIC\nHalcyon Risk Partners\n"
    g = fields_of(_mail(pitch, sender="Julia Haddad <jhaddad@halcyonrisk.com>"), Intent.vendor)
    assert g.person.name == "Julia Haddad"
    assert g.company.name == "Halcyon Risk Partners"


def test_an_association_shown_as_the_display_name_is_no_person() -> None:
    body = (
        "Hej Lumen\n\nVi vil gerne opsige vores abonnement.\n\nMed venlig hilsen\nLars Bech Sørensen\n"
        "Kasserer\nForeningen Grønne Gårde\nCVR 37219044\n"
    )
    f = fields_of(_mail(body, sender="Foreningen Grønne Gårde <kasserer@gronnegaarde.dk>"), Intent.support)
    assert f.person.name == "Lars Bech Sørensen"
    assert f.company.name == "Foreningen Grønne Gårde"


def test_a_surname_first_display_name_finds_its_signature_in_the_other_order() -> None:
    body = (
        "Muy Sres. míos:\n\nMe dirijo a ustedes en el marco de la consulta preliminar al mercado.\n\n"
        "Quedando a su disposición para cualquier aclaración, reciban un cordial saludo.\n\n"
        "María Teresa Lozano Ferrer\nJefa de Servicio de Modernización Administrativa\n"
        "Ayuntamiento de Alcazarejo\nPlaza Mayor, 1 · 45280 Alcazarejo (Toledo)\n\n"
        "AVISO LEGAL: Este mensaje va dirigido exclusivamente a su destinatario. No está permitida su "
        "reproducción sin la autorización expresa del Ayuntamiento de Alcazarejo.\n"
    )
    sender = "Lozano Ferrer, María Teresa <mtlozano@aytoalcazarejo.es>"
    assert fields_of(_mail(body, sender=sender)).company.name == "Ayuntamiento de Alcazarejo"


def test_a_legal_name_wrapped_across_two_lines_of_a_sentence_is_read_whole() -> None:
    body = (
        "Hallo Lumen-Team,\n\nZu mir: Ich bin seit 2021 Senior Data Engineer bei der Lorenz Mediengruppe\n"
        "GmbH & Co. KG in Bielefeld und verantworte dort unsere ELT-Strecken\n(Fivetran, dbt, Snowflake).\n\n"
        "Beste Grüße\nBenedikt Aydın\nBielefeld · +49 160 9744 2318\n"
    )
    f = fields_of(_mail(body, sender="B. Aydin <b.aydin@gmx.de>"), Intent.job_applicant)
    assert f.company.name == "Lorenz Mediengruppe GmbH & Co. KG"


def test_a_ticket_system_relaying_a_customers_request_is_about_the_requester() -> None:
    jira = (
        "Jan-Philipp Rößler hat diese Anfrage erstellt und Sie als Beteiligte(n) hinzugefügt.\n"
        "DATA-1187: PII-Maskierung greift nicht\nStatus: Wartet auf Anbieter\n"
        "Melder: Jan-Philipp Rößler (j.roessler@kessler-maschinenbau.de)\nBeschreibung:\n"
        "Hallo Lumen-Support,\ndie Maskierung greift nicht für die neue Spalte.\n\nDanke und Grüße\n"
        "Jan-Philipp Rößler\nTeamleiter Datenplattform\nKessler Maschinenbau GmbH\n"
        "Anfrage anzeigen: https://kessler-maschinenbau.atlassian.net/servicedesk/customer/portal/4/DATA-1187\n"
    )
    sender = "Jan-Philipp Rößler (Jira) <jira@kessler-maschinenbau.atlassian.net>"
    f = fields_of(_mail(jira, sender=sender), Intent.support)
    assert f.person.email == "j.roessler@kessler-maschinenbau.de"
    assert f.person.name == "Jan-Philipp Rößler"
    assert f.company.name == "Kessler Maschinenbau GmbH"
    assert f.company.domain == "kessler-maschinenbau.de"


def test_a_ticket_system_naming_its_requester_below_the_comments_is_about_the_requester() -> None:
    # Jira puts the reporter under the comment, past the lines a chat transcript is searched in.
    jira = (
        "Reply above this line.\n\nLeslie Thompkins commented:\n\nHi Lumen team,\n\n"
        "We'd like a formal quote to add 25 more Lumen Insights seats for the Treasury group.\n"
        "The budget our CFO approved is up to USD 120,000 per year.\n\n"
        "Please attach the quote to this request so Procurement can track it.\n\nThanks,\nLeslie\n\n"
        "Leslie Thompkins\nVendor Management Office | Wayne Financial Corp.\n\n"
        "View request · Turn off this request's notifications\n\nRequest details\n"
        "Request type: Vendor quote\nReporter: Leslie Thompkins (lthompkins@wayne-financial.com)\n"
        "Request participants: sales@lumenhq.com\nStatus: Waiting for vendor\n\n"
        "Powered by Jira Service Management\n"
    )
    sender = "Leslie Thompkins (Jira) <jira@wayne-financial.atlassian.net>"
    f = fields_of(_mail(jira, sender=sender))
    assert f.person.email == "lthompkins@wayne-financial.com"
    assert f.company.domain == "wayne-financial.com"
    # Zendesk: an agent's note above the reporting user's own comment, which ends in her signature.
    zendesk = (
        "##- Please type your reply above this line -##\n\nYou are receiving this email because you "
        "were CC'd on request #88213 by Umbrella Health IT Service Desk.\n\n"
        "----------------------------------------------\n\nKevin Osei (Umbrella Health IT Service Desk)\n\n"
        "Jan 26, 2026, 9:14 AM EST\n\nLooping in our vendor contact at Lumen Analytics, see the user's "
        "report below.\n\n----------------------------------------------\n\nNadia Okafor\n\n"
        "Jan 26, 2026, 8:41 AM EST\n\nSince this morning every dashboard in Lumen Insights loads empty "
        "for the whole quality team.\n\nNadia Okafor, MD\nDirector of Clinical Quality\n"
        "Umbrella Health | Columbus, OH\nnokafor@umbrella-health.com\n\n"
        "----------------------------------------------\n\nThis email is a service from Umbrella Health "
        "IT Service Desk.\n"
    )
    sender = "Umbrella Health IT Service Desk <support@umbrellahealth.zendesk.com>"
    g = fields_of(_mail(zendesk, sender=sender), Intent.support)
    assert g.person.email == "nokafor@umbrella-health.com"
    assert g.company.name == "Umbrella Health"
    assert g.company.domain == "umbrella-health.com"


def test_a_ticket_systems_relayed_signature_names_the_requesters_company() -> None:
    freshdesk = (
        "Hallo Lumen-Support,\ndas folgende Ticket wurde an Sie als Lieferant weitergeleitet.\n\n"
        "Ticket-Nr.: #48213\nAngefragt von: Jörg Baumann <joerg.baumann@stark-logistics.com>\n"
        "Beschreibung:\nMoin,\nunser nächtlicher Sync nach Snowflake bricht ab.\n\nGruß\nJörg Baumann\n"
        "Teamleiter BI & Reporting\nStark Logistics GmbH · Niederlassung Hamburg\n"
        "Am Sandtorkai 50, 20457 Hamburg\n"
    )
    sender = "Stark Logistics IT-Servicedesk <servicedesk@starklogistics.freshdesk.com>"
    f = fields_of(_mail(freshdesk, sender=sender), Intent.support)
    assert f.person.email == "joerg.baumann@stark-logistics.com"
    assert f.company.name == "Stark Logistics GmbH"


def test_a_job_board_relay_is_about_the_applicant_and_the_employer_as_signed() -> None:
    xing = (
        "Hallo Lumen Analytics Recruiting,\nMaximilian Berger hat Ihnen eine Nachricht geschickt:\n\n"
        "ich bin seit 2021 als BI-Entwickler bei den Stadtwerken Donautal in Ulm tätig. Sie erreichen "
        "mich unter max.berger.bi@gmx.de.\n\nViele Grüße\nMaximilian Berger\n"
        "Nachricht beantworten: https://www.xing.com/chats/c/8f3a\n\nMaximilian Berger\n"
        "BI-Entwickler · Stadtwerke Donautal GmbH\nUlm, Deutschland\n"
    )
    f = fields_of(_mail(xing, sender="XING <mailrobot@mail.xing.com>"), Intent.job_applicant)
    assert f.person.email == "max.berger.bi@gmx.de"
    assert f.company.name == "Stadtwerke Donautal GmbH"


def test_a_job_portals_footer_is_passed_over_for_the_applicants_university() -> None:
    stepstone = (
        "Guten Tag,\n\nfür Ihre Stellenanzeige ist eine neue Bewerbung eingegangen.\n\n"
        "Bewerberin: Lea Schmitt\nE-Mail: lea.schmitt@student.kit.edu\n\nAnschreiben (Auszug):\n"
        "„Sehr geehrte Damen und Herren, ich studiere im 5. Semester Wirtschaftsinformatik am Karlsruher "
        "Institut für Technologie (KIT) und suche eine Werkstudentenstelle.“\n\nMit freundlichen Grüßen\n"
        "Ihr StepStone Team\nStepStone Deutschland GmbH · Völklinger Straße 1 · 40219 Düsseldorf\n"
    )
    f = fields_of(_mail(stepstone, sender="StepStone <noreply@stepstone.de>"), Intent.job_applicant)
    assert f.person.email == "lea.schmitt@student.kit.edu"
    assert f.company.name == "Karlsruher Institut für Technologie"


def test_a_firm_signing_its_invoice_is_no_person() -> None:
    invoice = (
        "Kære kunde\n\nVedhæftet finder du faktura nr. 2026-0412.\n\nMed venlig hilsen\n"
        "Københavns Kontorservice ApS\nBogholderiet\nVesterbrogade 74, 1620 København V\nCVR 29418763\n"
    )
    sender = "Københavns Kontorservice ApS <faktura@kbh-kontorservice.dk>"
    f = fields_of(_mail(invoice, sender=sender), Intent.vendor)
    assert f.person.name is None
    assert f.company.name == "Københavns Kontorservice ApS"


def test_a_chaser_signed_with_a_first_name_takes_the_organisation_of_its_own_quoted_message() -> None:
    body = (
        "Dear Team,\n\nAny update on below issue? Still none of the users can login.\n\nRegards,\nVenkatesh\n\n"
        "---- On Thu, 09 Jul 2026 16:38:12 +0530 Venkatesh Iyer <venkatesh.iyer@sunrisehospitals.co.in> wrote ---\n\n"
        "> Dear Sir/Madam,\n>\n> After our SSO switch none of our users can log in to Lumen Guard.\n>\n"
        "> Thanks & Regards,\n> Venkatesh Iyer\n> Manager - IT Applications\n> Sunrise Multispeciality Hospital\n"
        "> Road No. 12, Banjara Hills, Hyderabad - 500034\n"
    )
    sender = "Venkatesh Iyer <venkatesh.iyer@sunrisehospitals.co.in>"
    f = fields_of(_mail(body, sender=sender), Intent.support)
    assert f.company.name == "Sunrise Multispeciality Hospital"


def test_a_unit_of_the_organisation_is_not_its_name() -> None:
    body = "Please find the RFP attached.\n\nLinda Park\nProcurement Officer\nAlder County Purchasing Division\nElma, WA 98541\n"
    f = fields_of(_mail(body, sender="Alder County Purchasing <procurement@aldercounty.gov>"))
    assert f.person.name == "Linda Park"
    assert f.company.name == "Alder County"
    assert f.region == "US"


def test_a_name_shorter_than_the_domain_label_is_completed() -> None:
    body = "Hi,\n\nOur support renewal is due.\n\nBest,\nNiamh\nRidgeway Hosting B.V.\nRidgeway\n"
    f = fields_of(_mail(body, sender="Niamh Byrne <niamh@ridgewayhosting.nl>"), Intent.support)
    assert f.company.name == "Ridgeway Hosting B.V."


def _score(*paths: Path) -> dict[str, float]:
    tenant = load_tenant(None)
    prf = {k: PRF() for k in ("person.email", "company.name", "region")}
    products, leads, budget_ok, timeline_ok, action_ok, n = PRF(), 0, 0, 0, 0, 0
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        row = json.loads(line)
        gold = GoldLabels.model_validate(row["labels"])
        f = extract_fields(normalize(row["raw"].encode("utf-8")), gold.intent, tenant)
        pred = Extraction(
            intent=gold.intent,
            person=f.person,
            company=f.company,
            interest=Interest(products=f.products),
            budget=Budget(annual_amount_usd=f.budget_usd),
            timeline=f.timeline,
            region=f.region,
            required_action=f.required_action,
            confidence=1.0,
        )
        gv, pv = field_values(gold), field_values(pred)
        for key, counter in prf.items():
            counter.add(gv[key], pv[key])
        g, p = {x.casefold() for x in gold.interest.products}, {x.casefold() for x in f.products}
        products.tp, products.fp, products.fn = (
            products.tp + len(g & p),
            products.fp + len(p - g),
            products.fn + len(g - p),
        )
        n += 1
        action_ok += gold.required_action is f.required_action
        if gold.intent is Intent.lead:
            leads += 1
            budget_ok += budgets_match(gold.budget.annual_amount_usd, f.budget_usd)
            timeline_ok += gold.timeline is f.timeline
    out = {k: c.as_dict()["f1"] for k, c in prf.items()}
    out.update(
        products=products.as_dict()["f1"],
        budget=budget_ok / leads,
        timeline=timeline_ok / leads,
        action=action_ok / n,
    )
    return out


@pytest.mark.skipif(not DEV.exists(), reason="dev split not present")
def test_dev_split_figures() -> None:
    # The figures reached on dev at the time of writing, minus a small margin for data edits.
    floors = {
        "person.email": 0.99,
        "company.name": 0.98,
        "region": 0.98,
        "products": 0.96,
        "budget": 0.97,
        "timeline": 0.96,
        "action": 0.97,
    }
    scores = _score(DEV)
    assert {k: v for k, v in scores.items() if v < floors[k]} == {}


@pytest.mark.skipif(not (TRAINING / "part-c.jsonl").exists(), reason="training split not present")
def test_training_parts_c_and_d_figures() -> None:
    # Emails written by other people than the dev split's: the figures reached on parts c + d
    # when the extractors were generalised, minus a small margin.
    floors = {
        "person.email": 0.99,
        "company.name": 0.96,
        "region": 0.96,
        "products": 0.88,
        "budget": 0.93,
        "timeline": 0.97,
        "action": 0.92,
    }
    scores = _score(TRAINING / "part-c.jsonl", TRAINING / "part-d.jsonl")
    assert {k: v for k, v in scores.items() if v < floors[k]} == {}


def test_every_quarter_pattern_is_screened_by_its_words() -> None:
    # The quarter patterns run only on text holding one of quarter_words (or "q1"/"1q"): a
    # pattern without one of those words would silently never be searched.
    from mailtriage.extract.fields_data import strings

    words = [w.lower() for w in strings("timeline", "quarter_words")]
    for pattern in strings("timeline", "quarters"):
        assert any(w in pattern.lower() for w in words) or pattern in (r"\bq([1-4])\b", r"([1-4])q\b"), (
            pattern
        )


@pytest.mark.parametrize(
    "body",
    [
        # Meetings that already happened, at an event or last week.
        "Dear Jessica,\n\nThank you for the call at the GITEX preview. Please send a quote for 20 users.\n",
        "Hi Priya,\n\nGood to meet you at the Oslo summit. Could you send pricing for Lumen Insights?\n",
        "Sehr geehrter Herr Albrecht,\n\nvielen Dank für das nette Gespräch auf der E-world. "
        "Bitte senden Sie uns ein Angebot.\n",
        # Declined, in other languages and with a typographic apostrophe, or wrapped by the mail client.
        "Hi,\n\nWe don’t need a demo at this stage. Please send the price list.\n",
        "Dzień dobry,\n\nProszę o wycenę dla 20 użytkowników. Demo nie jest potrzebne - widzieliśmy produkt.\n",
        "Hello,\n\nPlease send written pricing by January 8. A demonstration is not\nrequired at this stage.\n",
        # Words that name no meeting: a price schedule, a call centre, meeting a regulation, a deadline.
        "Hello,\n\nPricing is to be submitted in the attached price schedule format. Our call-centre platform "
        "needs to meet 21 CFR part 11. Please quote.\n",
        "Dzień dobry,\n\nProsimy o ofertę cenową. Termin wdrożenia nie jest jeszcze ustalony.\n",
    ],
)
def test_a_price_request_without_a_meeting_asked_for_is_send_pricing(body: str) -> None:
    assert fields_of(_mail(body)).required_action is RequiredAction.send_pricing


def test_a_session_asked_for_in_spanish_is_a_meeting() -> None:
    body = (
        "Hola Tomás:\n\nNuestro presupuesto para este proyecto es de 25.000 € al año. ¿Hay margen en el precio?\n"
        "¿Podríamos organizar una sesión de 45 minutos la semana que viene?\n"
    )
    assert fields_of(_mail(body)).required_action is RequiredAction.schedule_demo


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hola, ¿cuánto cuesta para 10 usuarios? Gracias\n", RequiredAction.send_pricing),
        ("Hej\n\nHvad koster Lumen Insights for 3 brugere?\n", RequiredAction.send_pricing),
        ("Dobrý den,\n\nMůžete nám poslat cenovou nabídku?\n", RequiredAction.send_pricing),
        ("Hi,\n\nPlease send over the order form for 80 seats.\n", RequiredAction.send_pricing),
        (
            "Thanks Sam. $2,400/mo is more than we planned, we were thinking closer to $1,500 a month.\n",
            RequiredAction.send_pricing,
        ),
        ("สวัสดีค่ะ\n\nรบกวนส่งใบเสนอราคาทางอีเมลได้เลยค่ะ ไม่ต้องนัดประชุม ขอบคุณค่ะ\n", RequiredAction.send_pricing),
        (
            "how much is it?? we cant do more than like $500/mo. dont need a demo just ballpark pricing thx\n",
            RequiredAction.send_pricing,
        ),
        (
            "Dzień dobry,\n\nproszę o przedstawienie oferty na narzędzie do raportowania.\n",
            RequiredAction.send_pricing,
        ),
        (
            "Добрый день!\n\nПросьба прислать КП и прайс-лист. Презентация пока не нужна.\n",
            RequiredAction.send_pricing,
        ),
        (
            "안녕하세요.\n\n데모는 괜찮고요, 견적서만 메일로 보내주시면 내부에서 검토해볼게요!\n",
            RequiredAction.send_pricing,
        ),
        (
            "Hi Rachel，\n\n唔該你整一份正式報價單俾我。唔使再約會議啦，email 傾就得。\n",
            RequiredAction.send_pricing,
        ),
        (
            "Buenos días:\n\n¿Podrían enviarnos un presupuesto que incluya la renovación? Como referencia, el "
            "presupuesto anual aprobado es de 90.000 €. Necesitaríamos la oferta antes del 29 de mayo.\n",
            RequiredAction.send_pricing,
        ),
        # A meeting asked for beside the price, in Finnish, Russian and Arabic.
        (
            "Hei,\n\nBudjettia on 50 000 euroa. Voisimmeko sopia Teams-palaverin joulukuun alkupuolelle?\n",
            RequiredAction.schedule_demo,
        ),
        (
            "Добрый день!\n\nПосмотрите, пожалуйста, что можно сделать по цене. Можно ли на следующей неделе "
            "провести техническую демонстрацию?\n",
            RequiredAction.schedule_demo,
        ),
        (
            "تحية طيبة،\n\nنرجو ترتيب اجتماع عبر الإنترنت الأسبوع القادم لعرض الحل، مع إرسال عرض سعر مبدئي.\n",
            RequiredAction.schedule_demo,
        ),
    ],
)
def test_price_and_meeting_requests_in_more_languages(body: str, expected: RequiredAction) -> None:
    assert fields_of(_mail(body)).required_action is expected
