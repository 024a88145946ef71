"""Which organisation an email presents as the person's own (shared/gold-standard.md §2,
company.name): the brand junk claims, a name only in the display name, a self-introduction in
another script, and not the organisation of someone quoted, forwarded or merely mentioned."""

from __future__ import annotations

import pytest

from mailtriage.extract.schemas import Intent
from tests.factories import fields_of, html_mail, plain_mail


def _company(body: str, sender: str, intent: Intent = Intent.lead, subject: str = "Hello") -> str | None:
    return fields_of(plain_mail(body, sender=sender, subject=subject), intent).company.name


@pytest.mark.parametrize(
    ("sender", "body", "expected"),
    [
        # The brand without the service or team its display name and signature add.
        (
            "Apple Support <support@apple-id-unlock-center.com>",
            "Your Apple ID has been locked. Verify within 24 hours: https://apple-id-unlock-center.com/v\n\nApple Support\n",
            "Apple",
        ),
        (
            "PayPal Service <service@paypal-review-case.com>",
            "We limited your account. Confirm: https://paypal-review-case.com\n\nThanks,\nPayPal Security Team\n",
            "PayPal",
        ),
        (
            "DHL Express <noreply@dhl-customs-fee.info>",
            "Pay the customs fee: https://dhl-customs-fee.info\n",
            "DHL Express",
        ),
        # A legal name in the footer beats the product in the display name.
        (
            "Microsoft 365 Admin <admin@m365-quota-center.com>",
            "Your mailbox is full: https://m365-quota-center.com\n\nMicrosoft 365 Team\n\u00a9 2026 Microsoft Corporation\n",
            "Microsoft Corporation",
        ),
        # An acronym in the display name, spelled out in the signature.
        (
            "HMRC <refunds@hmrc-rebate-claims.com>",
            "You are due a refund of GBP 264.50: https://hmrc-rebate-claims.com\n\nHM Revenue & Customs\n",
            "HM Revenue & Customs",
        ),
        # Its own company, signed after a sign-off, also in junk.
        (
            "Rakesh Sharma <rakesh@rank-first-page.biz>",
            "We GUARANTEE page 1 on Google in 30 days.\n\nRegards,\nRakesh Sharma\nSr. SEO Consultant\nRankBoost Digital Services\n",
            "RankBoost Digital Services",
        ),
        # An agency's two capitalised words in Polish are no person's name.
        (
            "Agencja TopPozycja <biuro@bulk-seo-services.biz>",
            "GWARANTUJEMY pozycję w TOP 3 w ciągu 30 dni!\n\nZ wyrazami szacunku\nDział Obsługi Klienta\n"
            "Agencja TopPozycja\ntel. +48 22 307 19 84\n",
            "Agencja TopPozycja",
        ),
        # The name before its town, read without the town.
        (
            "Dijital Büyüme Ekibi <info@seozirve.com.tr>",
            "30 gün içinde İLK SAYFA GARANTİSİ!\n\nSaygılarımızla,\nDijital Büyüme Ekibi\n"
            "Zirve Dijital Ajans - İstanbul\n",
            "Zirve Dijital Ajans",
        ),
        # A brand whose first word titles use too ("Data Analyst") is no department.
        (
            "Mike Johnson <sales@cheap-leads-now.xyz>",
            "2.5M verified C-level contacts, only $299 this week.\n\nMike Johnson\nData Leads Pro\n",
            "Data Leads Pro",
        ),
        (
            "DATA VIỆT 247 <kinhdoanh@cheap-leads-now.xyz>",
            "DATA VIỆT 247 chuyên cung cấp DATA KHÁCH HÀNG chất lượng cao!\n\nTrân trọng,\n"
            "Phòng Kinh Doanh DATA VIỆT 247\n",
            "DATA VIỆT 247",
        ),
        # A title on the signature's first line, and below it the name the domain backs.
        (
            "Carlos Méndez <carlos.mendez@crypto-yield.top>",
            "Rentabilidad GARANTIZADA del 18 % mensual.\n\nUn saludo cordial,\nCarlos Méndez\n"
            "Asesor Senior de Inversiones\nCryptoYield Capital\nOficina: Puerto Banús, Marbella\n",
            "CryptoYield Capital",
        ),
        # A Finnish co-operative's legal name in the footer, over the brand its display name shows.
        (
            "OP Asiakaspalvelu <asiakaspalvelu@op-verkkopalvelu.com>",
            "Hyvä asiakas,\n\nVerkkopankkitunnuksesi vanhenevat 22.09.2026.\n\nYstävällisin terveisin\n"
            "OP Asiakaspalvelu\nOP Osuuskunta, Gebhardinaukio 1, 00510 Helsinki\n",
            "OP Osuuskunta",
        ),
        # Named only in a sentence opened by a preposition; the domain spells it, so it is no
        # person's name for all its three capitalised words.
        (
            "Daan Visser <d.visser@herstel-digitale-activa.com>",
            "Geachte heer/mevrouw,\n\nBent u geld kwijtgeraakt aan een nep-beleggingsplatform? Bij Herstel "
            "Digitale Activa hebben wij in 2025 ruim € 14 miljoen teruggehaald.\n\nVul het formulier in: "
            "https://herstel-digitale-activa.com/intake\n\nMet vriendelijke groet,\nDaan Visser\n"
            "Senior Recovery Consultant\nZuidas, Amsterdam\n",
            "Herstel Digitale Activa",
        ),
        # The brand the display name shows and the domain begins with, over the office it signs as;
        # two capitalised words, yet no person's name.
        (
            "Companies House <no-reply@companieshouse-gov-uk.support>",
            "Companies House\n\nDear Director,\n\nYour confirmation statement is overdue. Pay the GBP 34 fee "
            "within 24 hours: https://companieshouse-gov-uk.support/webfiling\n\nCompany Registration Office\n"
            "Companies House, Crown Way, Cardiff, CF14 3UZ\nThis is an automated message. Please do not reply.\n",
            "Companies House",
        ),
        # The copyright holder the display name claims, before the product and mailbox it adds.
        (
            "Microsoft 365 Admin <no-reply@ms365-mailbox-verify.com>",
            "Password Expiration Notice\n\nThe password for info@lumenhq.com expires in 24 hours.\n\n"
            "Keep Current Password (http://ms365-mailbox-verify.com/owa/auth)\n\nMicrosoft 365 Admin Center\n"
            "© 2026 Microsoft\n",
            "Microsoft",
        ),
        # Not where the display name is the fuller brand the text writes too.
        (
            "DHL Express <noreply@dhl-pakket-status.top>",
            "DHL EXPRESS\n\nBeste klant,\nUw pakket kan niet worden bezorgd. Betaal binnen 48 uur: "
            "https://dhl-pakket-status.top/nl/betalen\nBedankt dat u voor DHL Express kiest.\n"
            "© 2026 DHL. Alle rechten voorbehouden.\n",
            "DHL Express",
        ),
        # A pretext sender "über" (via) the signing service whose name the domain begins with.
        (
            "Kanzlei Wendtland & Partner über DocuSign <dse_notification@docusign-esign-de.com>",
            "DocuSign\nKanzlei Wendtland & Partner hat Ihnen ein Dokument zur Prüfung gesendet.\n"
            "DOKUMENT PRÜFEN: https://docusign-esign-de.com/Signing\n\nMit freundlichen Grüßen\n"
            "Kanzlei Wendtland & Partner\n",
            "DocuSign",
        ),
        # A three-word name the domain begins with is the firm's, for all it reads like a person's.
        (
            "Hannah Brooks <hannah.brooks.talent@gmail.com>",
            "Hello,\nMy name is Hannah Brooks, a recruiter. Daily pay: $250 - $600. Message us on Telegram.\n\n"
            "Kind regards,\nHannah Brooks\nTalent Acquisition Specialist\nMeridian Global Staffing\n"
            "www.meridianglobalstaffing-careers.com\n",
            "Meridian Global Staffing",
        ),
        # Signed "first name @ brand".
        (
            "Brandon Kessler <brandon@cheap-leads-now.xyz>",
            "Hi,\nWe have 200,000+ VERIFIED B2B contacts. This week only: $299.\n\nRegards,\n"
            "Brandon @ LeadStackers\nIf you don't want to hear from me again, just reply STOP.\n",
            "LeadStackers",
        ),
    ],
)
def test_junk_takes_the_organisation_it_claims_as_written(sender: str, body: str, expected: str) -> None:
    assert _company(body, sender, Intent.spam) == expected


@pytest.mark.parametrize(
    ("sender", "body"),
    [
        # A description, not a name.
        (
            "Customer Rewards <rewards@promo-winner-hub.com>",
            "Congratulations! Claim your iPhone: https://x.example\n",
        ),
        # A person and a free-mail address, no organisation anywhere.
        (
            "Daniel Brooks <daniel.brooks.ceo@gmail.com>",
            "Are you at your desk? Buy 5 gift cards for a client.\n\nDaniel\n",
        ),
        # A team of a generic activity.
        (
            "Link Building Team <outreach@links-for-you.biz>",
            "50 backlinks for $15 each.\n\nLink Building Team\n",
        ),
        # Shouting lure text is no organisation.
        (
            "Elon Giveaway <event@btc-double-now.com>",
            "OFFICIAL GIVEAWAY EVENT\nSend 0.1 BTC, get 0.2 back!\nHurry - ends soon!\n",
        ),
        # A mailbox role in another language is no organisation.
        (
            "Sécurité du compte <no-reply@office365-verification-compte.com>",
            "Votre mot de passe expire aujourd'hui.\nConserver le mot de passe : https://x.example\n",
        ),
        (
            "Servizio Clienti <avvisi@notifiche-clienti-online.com>",
            "Gentile Cliente,\n\nabbiamo sospeso il suo conto. Verifichi: https://x.example\n\nCordiali saluti,\n"
            "Servizio Clienti\n",
        ),
        (
            "Meddelande <no-reply@skv-aterbetalning.se>",
            "Hej,\n\nDu har rätt till en återbäring på 4 386 kr. Logga in: https://x.example\n",
        ),
    ],
)
def test_junk_that_names_no_organisation_has_none(sender: str, body: str) -> None:
    assert _company(body, sender, Intent.spam) is None


def test_the_tenant_itself_is_never_the_person_organisation() -> None:
    body = "Your mailbox password expires today. Keep it: https://lumenhq-secure.example/keep\n\nLumen IT Helpdesk\n"
    assert _company(body, "Lumen IT Helpdesk <it-helpdesk@lumenhq-secure.com>", Intent.spam) is None
    # Nor the billing department a tenant-claiming mail signs with.
    dunning = (
        "Bonjour,\n\nVotre paiement a échoué. Mettez à jour votre carte : https://lumenhq-facturation.com/pay\n\n"
        "Cordialement,\nService Facturation\n"
    )
    sender = "Lumen Analytics – Facturation <billing@lumenhq-facturation.com>"
    assert _company(dunning, sender, Intent.spam) is None


def test_a_korean_advertisement_marker_is_not_the_name() -> None:
    body = "(광고) 대박투자\n\n원금 보장, 월 30% 수익!\n\n수신거부: 080-123-4567\n"
    assert _company(body, "(광고)대박투자 <ad@daebak-invest.kr>", Intent.spam) == "대박투자"


def test_a_company_named_only_in_the_display_name_is_extracted() -> None:
    body = "Buongiorno,\n\nvorremmo una demo di Lumen Forecast.\n\nGrazie,\nMaria Rossi\n"
    assert _company(body, "Maria Rossi | Vetreria Alpina <m.rossi@vetreriaalpina.it>") == "Vetreria Alpina"


def test_the_quoted_sender_company_is_not_the_person_company() -> None:
    body = (
        "Thanks, we'd like to go ahead.\n\nNora\n\n"
        "On Thu, Apr 9, 2026 at 4:12 PM Jake Simmons <jake@meridianpartners.com> wrote:\n"
        "> Nora, meet the Lumen team.\n>\n> Jake Simmons\n> Partner, Meridian Partners LLC\n"
    )
    assert _company(body, "Nora Lindgren <nora@tidewaterdental.com>", subject="Re: intro") is None


@pytest.mark.parametrize(
    ("sender", "body", "expected"),
    [
        (
            "高橋 翔 <takahashi@mirai-ad.co.jp>",
            "はじめまして。ミライ広告の高橋と申します。\n展示会のご案内です。\n",
            "ミライ広告",
        ),
        (
            "김지훈 <jihoon.kim@hanbit-logis.co.kr>",
            "안녕하세요, 한빛로지스 데이터팀의 김지훈입니다.\n가격표를 보내주실 수 있을까요?\n",
            "한빛로지스",
        ),
        (
            "김지훈 <jihoon.kim@hanbit-logis.co.kr>",
            "가격표를 보내주실 수 있을까요?\n\n김지훈 드림\n한빛로지스 주식회사 | 데이터팀 과장\n",
            "한빛로지스 주식회사",
        ),
        (
            "陈静 <chen.jing@163.com>",
            "您好，我是上海云帆科技的陈静，想了解报表产品的价格。\n",
            "上海云帆科技",
        ),
        (
            "Diego Herrera <diego@eventosdm.es>",
            "Hola equipo,\n\nOs escribo desde Eventos Data Madrid. Buscamos patrocinadores.\n\nDiego\n",
            "Eventos Data Madrid",
        ),
    ],
)
def test_a_self_introduction_in_other_languages_names_the_organisation(
    sender: str, body: str, expected: str
) -> None:
    assert _company(body, sender, Intent.vendor) == expected


def test_a_city_after_the_employer_is_not_part_of_its_name() -> None:
    body = "Bonjour,\n\nActuellement data engineer chez Decathlon à Lille, je cherche un poste.\n\nHugo\n"
    assert _company(body, "Hugo Martin <hugo.martin@gmail.com>", Intent.job_applicant) == "Decathlon"


@pytest.mark.parametrize(
    "body",
    [
        "Hola,\n\n¿Tenéis vacantes? Antes trabajé cinco años en Telefónica. Vivo en Sevilla.\n\nAndrés\n",
        # A legal form in the sentence, which the signature reader would otherwise take.
        "Dear Hiring Team,\n\nUntil December 2025 I worked for three years as an inside sales specialist"
        " at Koçak Lojistik A.Ş. in Istanbul. My CV is attached.\n\nBest regards,\nAndrés\n",
        "hallo, ihr sucht eine werkstudentin? war bis ende dezember bei der Fahrwerk Mobility GmbH im"
        " bi team, lebenslauf kommt heute abend.\n\nlena\n",
        "Bonjour,\n\nDe 2020 à 2024, j'ai travaillé chez Maghreb Connect Télécom, où j'ai conçu des"
        " pipelines ETL. Depuis un an, je suis freelance.\n\nAndrés\n",
        # The clause that names it says so; the sentence's other clause is about now.
        "Hello,\n\nBefore I worked 2 years at Nile Fintech Solutions in Cairo as BI developer, and currently"
        " I am working as freelancer for clients in Gulf.\n\nAndrés\n",
        "Hi,\n\nI spent four years as a data engineer at Banksia Analytics Pty Ltd, where I built ELT"
        " pipelines. I finished up there in December.\n\nAndrés\n",
        # "last summer" in German.
        "Hallo,\n\nich studiere Wirtschaftsinformatik und habe letzten Sommer ein Praktikum bei der Hansa Logistik"
        " GmbH gemacht. Lebenslauf im Anhang.\n\nViele Grüße\nAndrés\n",
        # Chinese, Japanese and Korean cues, written without spaces around them.
        "採用ご担当者様\n\n私はこれまで約5年間、前職の株式会社ネクストコマースにてデータ基盤を担当してまいりました。"
        "履歴書を添付いたします。\n\n鈴木 翔太\n東京都世田谷区\n",
        "您好：\n\n我曾在上海数联科技有限公司担任数据分析师三年。附件是我的简历。\n\n王磊\n",
    ],
)
def test_a_former_employer_is_not_the_person_organisation(body: str) -> None:
    assert _company(body, "Andrés Molina <andres.molina@hotmail.com>", Intent.job_applicant) is None


def test_the_writers_own_claim_outranks_a_unit_after_a_title() -> None:
    body = (
        "Hi,\n\nWriting from my personal account. I lead the BI team at Vandelay Imports. Since our SSO move"
        " every login to Lumen loops back to Okta.\n\nThanks,\nKai Brenner\nDirector, BI & Analytics\nNewark, NJ\n"
    )
    assert _company(body, "Kai Brenner <kai.brenner.nj@gmail.com>", Intent.support) == "Vandelay Imports"


def test_an_employer_the_applicant_is_with_now_is_theirs_in_korean() -> None:
    body = (
        "안녕하세요.\n\n저는 현재 주식회사 데이터온에서 데이터 엔지니어로 5년째 근무하고 있으며, 파이프라인 구축을"
        " 담당하고 있습니다. 전 직장에서도 BI를 했습니다.\n\n김민준 드림\n"
    )
    assert _company(body, "김민준 <minjun.kim.de@gmail.com>", Intent.job_applicant) == "주식회사 데이터온"


def test_an_employer_the_applicant_has_been_with_for_years_is_theirs() -> None:
    body = (
        "Dear Hiring Team,\n\nFor the past three years I've been an analytics engineer at Ferncliff"
        " Energy, where I own our dbt project. Before that I spent two years in local government.\n\n"
        "Kind regards,\nAisha\n"
    )
    assert _company(body, "Aisha Qureshi <aisha.q@gmail.com>", Intent.job_applicant) == "Ferncliff Energy"


def test_the_longer_legal_form_is_kept_whole() -> None:
    body = "Merhaba,\n\nBu sayıda veri yönetişimi.\n\nVeri Medya Yayıncılık Ltd. Şti. - Maslak, İstanbul\n"
    sender = "Veri Bülteni <bulten@veribulteni.com.tr>"
    assert _company(body, sender, Intent.newsletter) == "Veri Medya Yayıncılık Ltd. Şti."


def test_a_city_after_a_name_the_domain_corroborates_is_cut() -> None:
    body = "Hej,\n\nJag jobbar på Volvo Cars i Göteborg och vill ha en demo.\n\nAnna\n"
    assert _company(body, "Anna Berg <anna.berg@volvocars.com>") == "Volvo Cars"


def test_a_department_introduction_in_japanese_is_no_organisation() -> None:
    body = "お世話になっております。営業部の佐藤です。見積もりをお願いします。\n"
    assert _company(body, "佐藤 <sato@gmail.com>") is None


@pytest.mark.parametrize(
    ("sender", "body", "expected"),
    [
        (
            "Hans Müller <hans.mueller@t-online.de>",
            "Guten Tag,\n\nich bin Inhaber der Bäckerei Müller in Freiburg und möchte Prognosen.\n\nHans Müller\n",
            "Bäckerei Müller",
        ),
        (
            "Aylin Şahin <aylin@gmail.com>",
            "Merhaba, ben Koç Holding'de veri analistiyim, fiyat alabilir miyim?\n",
            "Koç Holding",
        ),
        (
            "Jonas <jonas@mailbox.org>",
            "Hi, I'm a data engineer at Spotify and I'd like a trial.\n\nJonas\n",
            "Spotify",
        ),
    ],
)
def test_where_the_writer_works_ends_where_the_name_does(sender: str, body: str, expected: str) -> None:
    assert _company(body, sender) == expected


def test_the_kind_of_organisation_alone_is_not_its_name() -> None:
    body = (
        "Je suis co-fondateur de Kaléido, l'agence qui organise les Rencontres Data Lyon. Un call de 15 min ?\n\n"
        "Belle journée,\n\nHugo Marchand\nCo-fondateur – Kaléido\nAgence événementielle B2B · Lyon\n"
        "06 12 45 78 90 · agence-kaleido.fr\n"
    )
    assert _company(body, "Hugo Marchand <hugo@agence-kaleido.fr>", Intent.vendor) == "Kaléido"


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # The brand without the department its signature adds.
        (
            "PayPal Billing Department <invoice-noreply@pp-secure-resolution.net>",
            "PayPal\nYour PayPal account has been charged $749.99 USD. Call (888) 555-0199 to cancel.\n\n"
            "Thanks,\nPayPal Billing Department\n",
            Intent.spam,
            "PayPal",
        ),
        # A newsletter's publisher on its copyright line, its acronym the domain; not the district of
        # its postal address.
        (
            "Türkiye Veri Bilimi Derneği <etkinlik@tvbd.org.tr>",
            "İstanbul Veri Zirvesi 2026 kayıtları açıldı!\n\nGörüşmek üzere,\nTVBD Etkinlik Ekibi\n"
            "=====\nCopyright (C) 2026 Türkiye Veri Bilimi Derneği (TVBD). Tüm hakları saklıdır.\n"
            "Adresimiz:\nTürkiye Veri Bilimi Derneği\nKuştepe Mah. Mecidiyeköy Yolu Cad. No:12\n"
            "Şişli, İstanbul 34387\nTurkey\n",
            Intent.newsletter,
            "Türkiye Veri Bilimi Derneği",
        ),
    ],
)
def test_bulk_mail_names_its_sender_not_a_department_or_district(
    sender: str, body: str, intent: Intent, expected: str
) -> None:
    assert _company(body, sender, intent) == expected


@pytest.mark.parametrize(
    "sender",
    [
        # Sending "for" the tenant: the brand before "via" is what it claims.
        "DocuSign via Lumen Analytics <dse_na4@docusign-envelope-secure.com>",
        # A brand's inner capital is no person's name, even where the domain misspells it.
        "DocuSign <dse@docsign-review.top>",
    ],
)
def test_a_phish_sent_in_a_brands_name_claims_that_brand(sender: str) -> None:
    body = (
        "Lumen Analytics sent you a document to review and sign.\nREVIEW DOCUMENT\n"
        "This link will expire in 24 hours.\nDo Not Share This Email\n"
    )
    f = fields_of(plain_mail(body, sender=sender), Intent.spam)
    assert (f.company.name, f.person.name) == ("DocuSign", None)


def test_a_footers_links_are_no_junk_senders_name() -> None:
    body = (
        "Messages held for review\nHello sales,\n3 incoming messages were held because your mailbox "
        "verification is outdated.\nRelease messages (https://nw-mailbox-release.web.app/)\n"
        "Nimbus Workspace · Privacy Statement · Terms of Use\n"
    )
    assert _company(body, "Nimbus Workspace <no-reply@nimbus-workspace-secure.com>", Intent.spam) != "Terms of Use"


def test_a_writer_introducing_themselves_from_a_firm_is_not_part_of_its_name() -> None:
    body = (
        "Hey there,\n\nJordan here from Chinook Creative, a small video production studio in Calgary. "
        "We shoot customer testimonial videos. Any interest?\n\nJordan\n"
    )
    assert _company(body, "Jordan Kowalchuk <jordan@chinookcreative.ca>", Intent.vendor) == "Chinook Creative"


def test_the_accounts_mailbox_after_a_firms_name_is_not_part_of_it() -> None:
    body = (
        "Hi Lumen Analytics,\n\nPlease find attached tax invoice INV-20417 for AUD 3,284.50.\n\n"
        "Thanks for your business!\n\nCoastline Print & Signage Accounts Team\n"
        "Coastline Print & Signage Pty Ltd | ABN 51 824 753 556\n18 Expansion St, Molendinar QLD 4214\n"
    )
    sender = "Coastline Print & Signage Accounts <accounts@coastlineprint.com.au>"
    assert _company(body, sender, Intent.vendor) in ("Coastline Print & Signage", "Coastline Print & Signage Pty Ltd")


def test_a_phish_sent_via_a_signing_service_in_spanish_claims_the_service() -> None:
    body = (
        "Facturación le envió un documento para revisar y firmar.\n\nREVISAR DOCUMENTO\n\n"
        "Estimado cliente:\nSe adjunta la Orden de Pago 0326 pendiente de firma.\n\nGracias,\n"
        "Área de Facturación\n"
    )
    sender = "DocuSign a través de Facturación <dse@docusign-notificaciones.com>"
    assert _company(body, sender, Intent.spam) == "DocuSign"


def test_an_events_name_before_the_organisation_the_domain_spells_is_not_part_of_it() -> None:
    body = (
        "Matinale Club Décision & Données\n« IA & pilotage de la performance »\nJeudi 9 avril 2026 - Lyon\n\n"
        "Bonjour,\nLe Club Décision & Données vous invite à sa prochaine matinale lyonnaise.\n"
        "Je m'inscris : https://r.club-decision-donnees.fr/mk/cl/f/sH9kPz2x\n\n"
        "Club Décision & Données - 12 rue de la République, 69002 Lyon\n"
    )
    sender = "Club Décision & Données <evenements@club-decision-donnees.fr>"
    assert _company(body, sender, Intent.newsletter) == "Club Décision & Données"


def test_thanks_with_an_exclamation_under_a_message_is_no_organisation() -> None:
    body = "Oi pessoal,\n\nvocês têm plano para ONGs? Somos 5 pessoas.\n\nValeu!\n"
    assert _company(body, "Bia Santos <bia.santos@gmail.com>") is None


def test_junk_signed_only_by_a_service_claims_the_brand_its_logo_shows() -> None:
    text = "Gentile Cliente,\nverifichi i suoi dati entro 24 ore.\n\nCordiali saluti,\nServizio Clienti\n"
    html = (
        '<img src="https://cdn.example/logo.png" alt="Poste Italiane"><p>Gentile Cliente,<br>verifichi i suoi '
        "dati entro 24 ore.</p><p>Cordiali saluti,<br>Servizio Clienti</p>"
    )
    raw = html_mail(text, html, sender="Servizio Clienti <avvisi@notifiche-clienti-online.com>")
    assert fields_of(raw, Intent.spam).company.name == "Poste Italiane"


def test_a_display_name_its_logo_shows_is_a_brand_not_a_person() -> None:
    text = "We missed you\nPay the $2.99 redelivery fee within 24 hours.\n\nThanks,\nAustralia Post\n"
    html = (
        '<img alt="Australia Post" src="https://cdn.example/ap.png"><h1>We missed you</h1>'
        "<p>Pay the $2.99 redelivery fee within 24 hours.</p><p>Thanks,<br>Australia Post</p>"
    )
    raw = html_mail(text, html, sender="Australia Post <auspost@delivery-track-au.info>")
    f = fields_of(raw, Intent.spam)
    assert (f.person.name, f.company.name) == (None, "Australia Post")


def test_an_applicant_names_the_employer_after_what_they_lead_for_whom() -> None:
    body = (
        "Dear Hiring Team,\n\nI'd like to apply for the Senior Solutions Engineer role.\n\nI currently lead "
        "pre-sales for the data platform practice at Calder & Finch Consulting in London, where I run "
        "technical evaluations.\n\nKind regards,\nOluwaseun Adeyemi\nLondon\n"
    )
    sender = "Oluwaseun Adeyemi <seun.adeyemi@outlook.com>"
    assert _company(body, sender, Intent.job_applicant) == "Calder & Finch Consulting"


def test_a_town_and_its_states_code_under_a_name_is_no_organisation() -> None:
    body = (
        "Hi,\n\nSaw the Account Executive role on Seek and wanted to throw my hat in the ring. CV attached.\n\n"
        "Cheers\nJosh Pemberton\nPerth WA\n0412 555 337\n"
    )
    assert _company(body, "Josh Pemberton <josh_pemberton88@hotmail.com>", Intent.job_applicant) is None


@pytest.mark.parametrize(
    ("sender", "subject", "body", "expected"),
    [
        # Named only in the subject the person wrote, in words the domain spells.
        (
            "Sigrid Aasen <sigrid.aasen@halvorsen-marine.no>",
            "Halvorsen Marine – KPI dashboards for our vessel fleet",
            "Hello,\n\nCould we book a demo in the next two weeks?\n\nBest regards\nSigrid Aasen\n"
            "Head of Fleet Performance\nStrandkaien 6, 5013 Bergen\n",
            "Halvorsen Marine",
        ),
        # Not in a subject answered: the tenant wrote it.
        (
            "Mindy Simmons <mindy.simmons@globex.com>",
            "Re: Q3 roadmap preview for Globex",
            "Thanks, I'll read it on Monday.\n\nMindy\n",
            None,
        ),
        # Signed "name @ firm" under the sign-off, from a free-mail address.
        (
            "Jarrah Nguyen <jarrah.nguyen88@outlook.com>",
            "quick q re dashboards",
            "Hi Lumen team,\n\nCan someone jump on a quick call this week?\n\nCheers,\n"
            "Jarrah @ Saltbush Provisions\n",
            "Saltbush Provisions",
        ),
    ],
    ids=["subject-only", "answered-subject", "sign-off-at-firm"],
)
def test_where_else_the_writer_names_their_firm(sender: str, subject: str, body: str, expected: str | None) -> None:
    assert _company(body, sender, subject=subject) == expected


def test_a_newsletter_by_a_writer_from_a_publication_the_address_begins_to_spell() -> None:
    body = "Habari! Welcome to this week's digest.\n\nTuonane wiki ijayo,\nAchieng\n"
    sender = "Achieng Odhiambo from Kahawa Data Digest <kahawadata@substack.com>"
    assert _company(body, sender, Intent.newsletter) == "Kahawa Data Digest"


def test_for_joins_a_nordic_associations_name() -> None:
    body = (
        "Kære Lumen Analytics\n\nJeg skriver fra Foreningen for Offentlig Digitalisering om vores konference.\n"
        "Har du tid i næste uge?\n\nVenlig hilsen\nMette Kjærgaard\nPartnerskabsansvarlig\n"
        "Foreningen for Offentlig Digitalisering\nStore Kongensgade 68, 1264 København K\nwww.offentligdigital.dk\n"
    )
    sender = "Mette Kjærgaard <mk@offentligdigital.dk>"
    assert _company(body, sender, Intent.vendor) == "Foreningen for Offentlig Digitalisering"


def test_the_account_named_in_a_postscript_and_a_possessive_are_the_writers_firm() -> None:
    body = (
        "Bonjour,\n\nMon compte est bloqué depuis ce matin. Pourriez-vous le débloquer ?\n\nMerci d'avance,\n"
        "Amélie Roux\n+33 6 71 24 88 13\nP.S. Je vous écris depuis mon adresse perso – je suis bien "
        "l'administratrice du compte Atelier Moreau & Fils chez vous.\n"
    )
    assert _company(body, "Amélie Roux <amelie.roux.pro@gmail.com>", Intent.support) == "Atelier Moreau & Fils"
    body = (
        "Hello Lumen Support,\n\nSince Monday none of our users can sign in to Velmora Home's workspace through "
        "SSO.\n\nMerci,\nOlivia Tremblay\nFinance Systems Administrator\n"
    )
    assert _company(body, "Olivia Tremblay <otremblay@velmora.ca>", Intent.support) == "Velmora Home"


def test_a_team_word_written_onto_an_acronym_is_cut_and_the_acronym_spelled_out() -> None:
    body = (
        "Karoo Graduate School of Business | Uitvoerende Onderwys\nWebinaar-uitnodiging\n\n"
        "Registreer gratis: https://kgsb.ac.za/webinare\n\nGroete / Regards\nDie KGSB-span / The KGSB team\n"
        "Posbus 118, Graaff-Reinet, 6280, Suid-Afrika\n"
    )
    sender = "Karoo GSB Uitvoerende Onderwys <events@kgsb.ac.za>"
    assert _company(body, sender, Intent.newsletter) == "Karoo Graduate School of Business"


def test_a_price_before_limited_is_no_legal_name() -> None:
    body = (
        "Members HK$3,800 / non-members HK$5,200. Limited to 30 places.\n\nRegister at the link below.\n"
    )
    assert _company(body, "Events <events@example-assoc.org.hk>", Intent.newsletter) != "HK$5,200. Limited"


def test_a_unit_above_the_street_in_a_mailings_imprint_is_not_its_publisher() -> None:
    body = (
        "Marche Digitale - newsletter\n\n▸ Open data: pubblicati i nuovi dataset.\n\n"
        "Regione Marche - Giunta Regionale\nSettore Transizione Digitale e Informatica\n"
        "Via Gentile da Fabriano, 9 - 60125 Ancona\n"
    )
    sender = "Marche Digitale <newsletter@regione.marche.it>"
    assert _company(body, sender, Intent.newsletter) != "Settore Transizione Digitale e Informatica"


def test_a_masthead_in_capitals_is_the_name_as_the_mail_types_it() -> None:
    body = (
        "THE WAREHOUSE WEEKLY - Issue #212\n\nThis week: incremental models in dbt.\n\n"
        "You are receiving The Warehouse Weekly because you subscribed.\n"
        "(c) 2025 The Warehouse Weekly - 3 Hardman Street, Manchester\n"
    )
    sender = "The Warehouse Weekly <digest@warehouseweekly.news>"
    assert _company(body, sender, Intent.newsletter) == "The Warehouse Weekly"
