"""New emails, written for these rules in other voices, languages and layouts than the gold sets:
who the person is when the display name is a brand or a mailbox, which organisation a signature,
a labelled line, a self-introduction or an earlier message names, and where it is."""

from __future__ import annotations

import pytest

from mailtriage.extract.fields import extract_fields
from mailtriage.extract.fields_region import place_codes, place_in
from mailtriage.extract.grounding import ground
from mailtriage.extract.schemas import Company, Extraction, Intent
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize
from tests.factories import fields_of, html_mail, plain_mail


def _grounded_region(raw: bytes, intent: Intent = Intent.lead) -> str | None:
    """The region after grounding, as the offline extractor returns it."""
    email = normalize(raw)
    tenant = load_tenant(None)
    f = extract_fields(email, intent, tenant)
    extraction = Extraction.model_validate(
        {
            "intent": intent.value,
            "person": f.person.model_dump(),
            "company": f.company.model_dump(),
            "interest": {"products": list(f.products)},
            "budget": {"annual_amount_usd": f.budget_usd},
            "timeline": f.timeline.value,
            "region": f.region,
            "summary": "",
            "required_action": f.required_action.value,
            "confidence": 0.9,
        }
    )
    return ground(extraction, email, tenant, f.evidence).extraction.region


# --- region ------------------------------------------------------------------------------------


def test_a_city_in_the_signature_survives_grounding() -> None:
    body = (
        "Hallo zusammen,\n\nwir suchen ein Dashboard-Tool für unsere 14 Filialen. Können Sie uns ein "
        "Angebot schicken?\n\nViele Grüße\nTobias Kern\nLeiter Controlling\nKern Bäckereien\nStuttgart\n"
    )
    raw = plain_mail(body, sender="Tobias Kern <t.kern@kern-baeckereien.com>")
    assert _grounded_region(raw) == "DE"


def test_a_us_city_and_state_survive_grounding() -> None:
    body = "Hey - quick one, what does Forecast cost for ~20 users?\n\nthx\nRay Ortiz\nOrtiz Produce Co.\nBoise, ID\n"
    assert _grounded_region(plain_mail(body, sender="Ray Ortiz <ray@ortizproduce.com>")) == "US"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Norfolk, VA", "US"),  # the state decides, not a country named "Norfolk" in some language
        ("Cedar Point Hotels, Charleston SC", "US"),
        ("Level 4, 12 Hay St, Perth WA 6000", "AU"),
        ("Unit 2, 40 Pitt Street, Sydney NSW 2000", "AU"),
        ("Vandelay Deutschland GmbH", "DE"),
        ("Soylent Foods France", "FR"),
        ("Ankara'da yaşıyorum ve uzaktan çalışmak istiyorum.", "TR"),
        ("저희 회사는 판교에 있습니다.", "KR"),
        ("我们公司位于深圳南山区。", "CN"),
        ("Plot F-112, S.I.T.E., Karachi, Pakistan", "PK"),
        ("Knez Mihailova 10, 11000 Beograd", "RS"),
        ("Vivo en Valencia y busco trabajo en remoto.", "ES"),
    ],
)
def test_places_written_in_many_ways(text: str, code: str) -> None:
    found = place_in(text)
    assert found is not None
    assert found[0] == code


@pytest.mark.parametrize(
    "text",
    [
        "Nice to meet you at the summit last week!",
        "Como faço para exportar o relatório?",
        "タイムアウトが発生しました。",  # "time-out", not Thailand
        "Peeters Bouwmaterialen NV",  # a Belgian legal form, not Nevada
        "Nordkraft Energi AB",  # a Swedish legal form, not Alberta
        "Kind regards,\nCA Nirav Mehta",  # a Chartered Accountant, not California
    ],
)
def test_words_that_only_look_like_places(text: str) -> None:
    assert "FR" not in place_codes(text)
    found = place_in(text)
    assert found is None or found[0] not in {"FR", "IT", "TH", "US", "CA"}


def test_the_persons_own_name_is_no_place() -> None:
    body = "Hi,\n\nCould you send me pricing for Insights?\n\nThanks,\nMadison Clarke\n"
    f = fields_of(plain_mail(body, sender="Madison Clarke <madison@clarke-consulting.io>"))
    assert f.region is None


def test_region_from_the_persons_earlier_message_in_the_thread() -> None:
    body = (
        "Hi Tom - any news on the quote?\n\nPriya\n\n"
        "From: Tom Hale <tom.hale@lumenhq.com>\nSent: Monday, March 2, 2026 10:00 AM\n"
        "To: Priya Nair <priya@harbourline.com>\nSubject: RE: quote\n\nHi Priya, working on it.\nTom\n\n"
        "From: Priya Nair <priya@harbourline.com>\nSent: Friday, February 27, 2026 4:12 PM\n"
        "To: Tom Hale <tom.hale@lumenhq.com>\nSubject: quote\n\nHi Tom, could you quote 30 Pipelines "
        "connectors?\n\nBest,\nPriya Nair\nHead of Data, Harbourline Shipping\nRotterdam\n"
    )
    f = fields_of(plain_mail(body, sender="Priya Nair <priya@harbourline.com>", subject="RE: RE: quote"))
    assert f.region == "NL"
    assert f.company.name == "Harbourline Shipping"


# --- person ------------------------------------------------------------------------------------


def test_a_brand_display_name_in_junk_is_no_person() -> None:
    body = (
        "Kjære kunde,\n\nDin BankID utløper i dag. Bekreft identiteten din her: https://dnb-id.example/x\n\n"
        "Med vennlig hilsen\nDNB Kundeservice\n"
    )
    f = fields_of(
        plain_mail(body, sender="DNB Kundeservice <kundeservice@dnb-bankid-sikkerhet.com>"), Intent.spam
    )
    assert f.person.name is None
    assert f.company.name == "DNB"  # the brand it presents as its own, without "Kundeservice"


def test_a_capitalised_bank_name_is_not_an_honorific() -> None:
    body = "Geachte klant,\n\nUw betaling is mislukt. Werk uw gegevens bij.\n\nMet vriendelijke groet,\nING Klantenservice\n"
    f = fields_of(plain_mail(body, sender="ING Zakelijk <noreply@ing-zakelijk-check.com>"), Intent.spam)
    assert f.person.name is None
    assert f.company.name == "ING"  # the bank it claims, without "Zakelijk" or "Klantenservice"


def test_someone_presenting_themselves_from_an_organisation() -> None:
    body = "Hey there!\n\nOur community just hit 10k members... \n\nAlex\n"
    f = fields_of(plain_mail(body, sender="Alex from CoinRocket <alex@coinrocket.example>"), Intent.spam)
    assert f.person.name == "Alex"


def test_a_department_mailbox_with_the_organisation_is_no_person() -> None:
    body = (
        "Hej,\n\nVi har fått faktura LUM-2201 utan svensk moms. Kan ni skicka en ny?\n\nHälsningar\n"
        "Ekonomiavdelningen\nSkogsbo Trävaror AB, Gävle\n"
    )
    f = fields_of(
        plain_mail(body, sender="Ekonomi Skogsbo Trävaror <ekonomi@skogsbotravaror.se>"), Intent.support
    )
    assert f.person.name is None
    assert f.company.name == "Skogsbo Trävaror AB"
    assert f.region == "SE"


def test_a_person_writing_from_a_role_mailbox_keeps_the_display_name() -> None:
    body = (
        "Madame, Monsieur,\n\nNous contestons la facture n° LUM-FR-0311 : 12 utilisateurs facturés au lieu de 8.\n"
        "Merci de nous adresser un avoir.\n\nVeuillez agréer nos salutations distinguées.\n"
        "Hélène Marchal\nService comptabilité\nMarchal Frères SARL\n"
    )
    f = fields_of(plain_mail(body, sender="Hélène Marchal <comptabilite@marchal-freres.fr>"), Intent.support)
    assert f.person.name == "Hélène Marchal"
    assert f.company.name == "Marchal Frères SARL"


def test_the_name_above_the_job_title_when_no_sign_off() -> None:
    body = (
        "Request for Quote: RFQ-5521\nPlease quote 60 Lumen Insights seats for our two plants.\n\n"
        "Diego Alarcón\nSenior Buyer, Indirect Procurement\nAndes Packaging S.A.\n"
    )
    f = fields_of(plain_mail(body, sender="Purchasing Desk <purchasing@andespack.cl>"))
    assert f.person.name == "Diego Alarcón"
    assert f.company.name == "Andes Packaging S.A."


def test_a_person_whose_surname_is_the_domain_is_still_a_person() -> None:
    body = "Dzień dobry,\n\nw załączniku faktura za projekt.\n\nPozdrawiam\nKasia Nowicka\nNowicka Studio, Gdańsk\n"
    f = fields_of(plain_mail(body, sender="Kasia Nowicka <kasia@nowicka-studio.pl>"), Intent.vendor)
    assert f.person.name == "Kasia Nowicka"


def test_a_newsletter_title_is_no_person_and_a_signed_first_name_is() -> None:
    body = "This week in data: three reads on forecasting.\n\nUnsubscribe\n"
    f = fields_of(plain_mail(body, sender="Metrics Monday <digest@metricsmonday.example>"), Intent.newsletter)
    assert f.person.name is None
    spam = "Hi,\n\nWe sell verified attendee lists of Snowflake Summit.\n\nRegards,\nSarah\n"
    g = fields_of(plain_mail(spam, sender="Attendee Data Team <offers@eventleads.example>"), Intent.spam)
    assert g.person.name == "Sarah"


def test_a_spanish_honorific_is_dropped() -> None:
    body = "Estimado cliente:\n\nLe informamos de su premio.\n\nAtentamente,\nDña. Carmen Ruiz Ortega\nSecretaria General\n"
    f = fields_of(plain_mail(body, sender="Loteria Mundial <premios.mundial@gmail.com>"), Intent.spam)
    assert f.person.name == "Carmen Ruiz Ortega"


# --- company -----------------------------------------------------------------------------------


def test_a_labelled_company_line() -> None:
    body = "Hei,\n\nPäivittäkää laskutusosoite.\n\nYritys: Järvisen Puutarha Oy\nY-tunnus: 7654321-0\n"
    f = fields_of(plain_mail(body, sender="Laskutus <laskutus@jpuutarha.fi>"), Intent.support)
    assert f.company.name == "Järvisen Puutarha Oy"


def test_a_unit_after_the_organisation_is_cut() -> None:
    body = (
        "The County intends to procure a reporting platform; the RFP is attached.\n\n"
        "Maria Chen\nContracts Officer\nPine Hollow County Procurement Division\n"
    )
    f = fields_of(plain_mail(body, sender="Maria Chen <mchen@pinehollowcounty.gov>"))
    assert f.company.name == "Pine Hollow County"


def test_self_introductions_in_other_languages() -> None:
    es = (
        "Hola, trabajo como analista de datos en Rappi, en Bogotá. Les envío mi CV.\n\nSaludos,\nJuan Pérez\n"
    )
    assert fields_of(
        plain_mail(es, sender="Juan Pérez <juanperez.datos@gmail.com>"), Intent.job_applicant
    ).company.name == ("Rappi")
    pt = "oi, sou a Bia, fundadora da Pão Quente Delivery, queria saber o preço do Insights\n"
    assert (
        fields_of(plain_mail(pt, sender="Bia Souza <biasouza@gmail.com>")).company.name
        == "Pão Quente Delivery"
    )
    en = "Dear team,\n\nFor six years I taught statistics at Marlow Valley College. I'd love to apply.\n\nBest,\nTom Reed\n"
    assert fields_of(
        plain_mail(en, sender="Tom Reed <tom.reed@yahoo.com>"), Intent.job_applicant
    ).company.name == ("Marlow Valley College")


def test_the_organisation_named_earlier_in_the_thread() -> None:
    body = (
        "Thanks - that works for us, we can sign this week.\n\nGloria\n\n"
        "On Mon, Apr 20, 2026 at 11:03 AM Sam Patel <sam.patel@lumenhq.com> wrote:\n"
        "> Hi Gloria,\n> attached is our proposal for Bayshore Credit Union.\n> Sam\n"
    )
    f = fields_of(plain_mail(body, sender="Gloria Mendez <gmendez@bayshorecu.org>", subject="Re: proposal"))
    assert f.company.name == "Bayshore Credit Union"


def test_a_server_disclaimer_below_the_thread_names_the_firm_the_domain_abbreviates() -> None:
    # Exchange appends the firm's legal line below the quoted history; "vdterpstra" spells the
    # starts of "Van Dijk & Terpstra" and leaves out the trade word after it.
    body = (
        "Hoi Ruben,\n\nDank voor de info. Zouden jullie een demo kunnen inplannen?\n\n"
        "Met vriendelijke groet,\nSanne Hoekstra\nManager Finance & Control\n\n"
        "Van: Ruben Alders <ruben.alders@lumenhq.com>\nVerzonden: donderdag 29 oktober 2026 16:12\n"
        "Aan: Sanne Hoekstra <s.hoekstra@vdterpstra.nl>\nOnderwerp: Lumen Analytics\n\n"
        "Beste Sanne,\nLaat gerust weten of een demo interessant is.\nGroet,\nRuben Alders\n--\n"
        "Van Dijk & Terpstra Logistiek B.V. | Zernikepark 12, 9747 AN Groningen | KvK 01098765\n"
    )
    f = fields_of(plain_mail(body, sender="Sanne Hoekstra <s.hoekstra@vdterpstra.nl>", subject="RE: Lumen"))
    assert f.company.name == "Van Dijk & Terpstra Logistiek B.V."


def test_a_logo_alt_text_names_the_firm_the_domain_abbreviates() -> None:
    # Only the HTML signature's logo carries the firm's name; "tbofill" leaves out "e Hijos".
    text = "Hola,\n¿Nos podéis hacer una demo esta semana?\n\nUn saludo,\nNuria Bofill\nDirectora de Operaciones\n"
    html = (
        "<p>Hola,<br>¿Nos podéis hacer una demo esta semana?</p><p>Un saludo,<br>Nuria Bofill<br>"
        "Directora de Operaciones<br><img src=\"https://www.tbofill.com/logo.png\" "
        "alt=\"Transportes Bofill e Hijos, S.L.\"></p>"
    )
    raw = html_mail(text, html, sender="Nuria Bofill <nuria.bofill@tbofill.com>", subject="Demo Lumen")
    assert fields_of(raw).company.name == "Transportes Bofill e Hijos, S.L."


def test_a_logo_names_the_firm_whose_domain_spells_its_ampersand_out() -> None:
    text = "Hi there,\nCould you send over pricing?\n\nThanks,\nDominic Ferraro\nDirector of Operations\n"
    html = (
        "<p>Hi there,<br>Could you send over pricing?</p><p>Thanks,<br>Dominic Ferraro<br>Director of "
        'Operations<br><img src="cid:image001.png" alt="Vessel &amp; Vine Wine Co."></p>'
    )
    raw = html_mail(text, html, sender="Dominic Ferraro <dferraro@vesselandvine.com>", subject="Pricing")
    assert fields_of(raw).company.name == "Vessel & Vine Wine Co."


def test_a_mailing_names_its_university_only_in_its_first_sentence() -> None:
    # "unimontecorvo" abbreviates "Università degli Studi di Montecorvo": its start is nowhere
    # in the sentence, its end is.
    body = (
        "Gentili referenti,\n\nl'Università degli Studi di Montecorvo, nell'ambito del Master in Data "
        "Science e Analytics, organizza il ciclo di webinar gratuiti «Dati in azienda».\n\nIl calendario:\n"
        + "".join(f"- {day} febbraio, ore 17:00 - Sessione {n}\n" for n, day in enumerate(range(2, 28, 2), 1))
        + "\nCordiali saluti\n"
        "Segreteria organizzativa\nMaster in Data Science e Analytics\n"
        "tel. 0733 258 4410 - master.dsa@unimontecorvo.it\n"
    )
    sender = "Master Data Science e Analytics <master.dsa@unimontecorvo.it>"
    f = fields_of(plain_mail(body, sender=sender), Intent.newsletter)
    assert f.company.name == "Università degli Studi di Montecorvo"


def test_a_unit_whose_words_happen_to_spell_the_domain_is_not_the_organisation() -> None:
    # "ag" in ag-aargental.ch is the canton's code, not "Amt … Gesundheitsdaten", whose initials
    # match only by skipping two capitalised words.
    body = (
        "Grüezi\n\nDas Amt für Statistik und Gesundheitsdaten des Kantons Aargental plant interaktive "
        "Dashboards. Könnten Sie uns eine Richtofferte zukommen lassen?\n\nFreundliche Grüsse\n"
        "Reto Gasser\nProjektleiter Datenplattform\nKanton Aargental\nDepartement Gesundheit und Soziales\n"
        "Bahnhofstrasse 40, 5001 Aarau\n"
    )
    f = fields_of(plain_mail(body, sender="Gasser Reto DGS <reto.gasser@ag-aargental.ch>"))
    assert f.company.name == "Kanton Aargental"


def test_a_school_of_a_university_written_after_it_is_a_unit() -> None:
    rule = "-" * 60
    body = (
        "The Data Dispatch | October 2026\nNews from the Riverbend University School of Data Science\n\n"
        f"** Industry Partners Day is back: November 12\n{rule}\nMeet 140+ graduate students presenting "
        "capstone projects.\n\n"
        f"** New: MS in Applied AI (online and on campus)\n{rule}\nOur new master's program launches in fall.\n\n"
        f"** Fall seminar lineup\n{rule}\nOct 8 - Small-area estimation\nOct 22 - What LLMs still can't do\n"
        "Nov 5 - Data sharing agreements that actually work\nAll seminars are at 4 pm ET in Hollis Hall 210.\n\n"
        f"** Student spotlight\n{rule}\nThird-year PhD student Amara Okafor won a poster award.\n"
        f"{'=' * 60}\nCopyright (C)\n"
    )
    sender = "Riverbend University School of Data Science <news@datascience.riverbend.edu>"
    assert fields_of(plain_mail(body, sender=sender), Intent.newsletter).company.name == "Riverbend University"


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # "Data" is a title word ("Head of Data"), not where it only opens a brand's word.
        (
            "Maya from Dataflake Weekly <dataflake@substack.com>",
            "hey friends\n\nshort one this week bc i'm on a train.\n1. duckdb shipped another release.\n\n"
            "that's it. go touch grass.\nmaya\n",
            Intent.newsletter,
            "Dataflake Weekly",
        ),
        (
            "Mathilde Roux <mathilde.roux@dv-events.fr>",
            "Bonjour,\n\nSeriez-vous disponibles pour un échange de 20 minutes ?\n\nBien à vous,\nMathilde Roux\n"
            "Responsable Partenariats\nDatavision Events — organisateur du Salon Data & IA Paris\n"
            "8 rue de Londres, 75009 Paris\n",
            Intent.vendor,
            "Datavision Events",
        ),
        # A compound of title words is still a title ("Teamleider" = team lead), not the employer.
        (
            "Ruud Kampen <r.kampen@hs-ijsselland.nl>",
            "Beste Anouk,\n\nKunnen jullie een demo geven?\n\nMet vriendelijke groet,\nRuud Kampen\n"
            "Teamleider BI & Analytics\nHogeschool IJsselland\n",
            Intent.lead,
            "Hogeschool IJsselland",
        ),
    ],
    ids=["data-opening-a-brand", "data-opening-an-organiser", "dutch-compound-title"],
)
def test_a_title_word_opening_a_longer_word_is_no_title(
    sender: str, body: str, intent: Intent, expected: str
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_given_name_de_the_name_the_address_spells_is_a_person_from_that_firm() -> None:
    body = (
        "¿te lo perdiste?\n\nya subimos la grabación del webinar «dbt sin vueltas».\n\nabrazo,\nLaura\n"
        "Nubeo · Buenos Aires\n"
    )
    f = fields_of(plain_mail(body, sender="Laura de Nubeo <laura@news.nubeo.com.ar>"), Intent.newsletter)
    assert (f.person.name, f.company.name) == ("Laura", "Nubeo")
    # A surname with a particle is still a surname where the address spells something else.
    g = fields_of(plain_mail("Hola,\n¿Tienen precios?\n", sender="Laura de Nubeo <laura@gmail.com>"))
    assert (g.person.name, g.company.name) == ("Laura de Nubeo", None)


def test_a_trade_word_makes_a_display_name_the_business_and_the_signer_the_person() -> None:
    body = (
        "Bom dia,\nSou sócio-gerente da Escola de Condução Miradouro, no Porto. Podemos marcar uma reunião?\n\n"
        "Obrigado,\nNuno Carvalho\n--\nEscola de Condução Miradouro\nRua de Costa Cabral, 812 - 4200-212 Porto\n"
        "Tel. 22 508 3340 | www.escolamiradouro.pt\n"
    )
    f = fields_of(plain_mail(body, sender="Escola Miradouro <escolamiradouro@gmail.com>"))
    assert (f.person.name, f.company.name) == ("Nuno Carvalho", "Escola de Condução Miradouro")


def test_a_city_of_a_place_the_domain_spells_over_the_place_in_its_address() -> None:
    body = (
        "Hello,\n\nThe City of Millbrook Springs Parks & Recreation Department is requesting a quote.\n\n"
        "Thanks,\nDerek Huang\nRecreation Services Manager\nCity of Millbrook Springs - Parks & Recreation\n"
        "155 Town Center Pkwy, Millbrook Springs, GA 30518\n"
    )
    f = fields_of(plain_mail(body, sender="Huang, Derek <dhuang@millbrooksprings-ga.gov>"))
    assert f.company.name == "City of Millbrook Springs"


def test_a_domain_spelling_out_umlauts_corroborates_the_name() -> None:
    body = "Sehr geehrte Damen und Herren,\n\nanbei unsere Rechnung.\n\nMit freundlichen Grüßen\nIhr Team von\nGärtnerei Müller e.K.\nInh. Jonas Müller\n"
    f = fields_of(plain_mail(body, sender="Gärtnerei Müller <rechnung@gaertnerei-mueller.de>"), Intent.vendor)
    assert f.company.name == "Gärtnerei Müller e.K."
    assert f.person.name is None


@pytest.mark.parametrize(
    ("line", "company"),
    [
        ("Mehran Dyeing Works (Pvt) Ltd", "Mehran Dyeing Works (Pvt) Ltd"),
        ("Lanka Spice Exports (Private) Limited", "Lanka Spice Exports (Private) Limited"),
        ("Fairweather & Co. Solicitors", "Fairweather & Co. Solicitors"),
        ("Dongguan Brightway Plastics Co., Ltd.", "Dongguan Brightway Plastics Co., Ltd."),
        ("Kedai Runcit Harmoni Sdn. Bhd.", "Kedai Runcit Harmoni Sdn. Bhd."),
    ],
)
def test_legal_forms_inside_a_name_keep_the_name_whole(line: str, company: str) -> None:
    body = f"Could you send a quote for dashboards for our team?\n\nRegards,\nImran Qureshi\nManager IT\n{line}\n"
    f = fields_of(plain_mail(body, sender="Imran Qureshi <imran@mdw-example.com>"))
    assert f.company.name == company


def test_a_form_service_notification_is_about_the_submitter_not_the_service() -> None:
    body = (
        "You have a new form submission on your site lumen-careers.\n\n"
        "Full Name: Tomasz Wrona\nEmail: t.wrona.dev@gmail.com\nPhone: +48 601 555 010\n"
        "Message: I would like to apply for the analyst role, CV attached.\n\n"
        "---\nManage your form submissions: https://formhost.example.com/dashboard/forms\n"
    )
    raw = plain_mail(
        body, sender="FormHost <no-reply-forms@formhost.example.com>", subject="New form submission"
    )
    f = fields_of(raw, Intent.job_applicant)
    assert (f.person.name, f.person.email) == ("Tomasz Wrona", "t.wrona.dev@gmail.com")
    assert f.company == Company(name=None, domain=None)


def test_a_city_on_its_own_line_is_no_company() -> None:
    body = "Hello,\n\nI am applying for the analyst position.\n\nBest regards,\nAlexei Morozov\nBelgrade, Serbia\n"
    f = fields_of(plain_mail(body, sender="Alexei Morozov <alexei.m@gmail.com>"), Intent.job_applicant)
    assert f.company.name is None
    assert f.region == "RS"


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("Côte d'Ivoire", None),
        ("La Marsa", "TN"),
        ("Alexandria", None),
        ("Cottbus", "DE"),
        ("Нови Сад", None),
        ("Shiraz", "IR"),
        ("Thx", None),
    ],
)
def test_more_places_on_their_own_line_are_no_company(place: str, region: str | None) -> None:
    body = f"Bonjour,\n\nJe postule pour le poste d'analyste.\n\nCordialement,\nAwa Koné\n{place}\n"
    f = fields_of(plain_mail(body, sender="Awa Koné <awa.kone@gmail.com>"), Intent.job_applicant)
    assert f.company.name is None
    if region:
        assert f.region == region


@pytest.mark.parametrize(
    ("body", "sender", "intent", "company"),
    [
        # the writer's title before the organisation, in Italian
        (
            "Ciao, sono il CTO di Bottega Digitale. Quanto costa Lumen Embedded per 200 clienti?\n\nMarco\n",
            "Marco Sala <marco@bottegadigitale.it>",
            Intent.lead,
            "Bottega Digitale",
        ),
        # a team before the organisation
        (
            "Gentile Imprenditore,\n\nRendimento garantito del 3% al giorno!\n\nIl team Crypto Yield Pro\n",
            "Crypto Yield Pro <info@crypto-yield.top>",
            Intent.spam,
            "Crypto Yield Pro",
        ),
        # thanks as the last line is a sign-off, not an organisation
        (
            "Hola, desde ayer no puedo entrar en Lumen, me sale 'enlace caducado'.\n\nGracias\n",
            "Javi Ruiz <javiruiz84@hotmail.com>",
            Intent.support,
            None,
        ),
        # a display name that claims the tenant is nobody's company
        (
            "Cher client,\n\nVotre prélèvement a échoué. Régularisez sous 24 heures.\n",
            "Lumen Analytics - Facturation <billing@lumenhq-facturation.example.com>",
            Intent.spam,
            None,
        ),
    ],
)
def test_words_around_an_organisation_that_are_not_its_name(
    body: str, sender: str, intent: Intent, company: str | None
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == company


def test_a_sender_without_a_display_name_is_the_person_who_signs() -> None:
    body = (
        "Respected Sir/Madam,\n\nI came to know through Naukri.com that your esteemed organisation is hiring "
        "for the post of Business Analyst. I wish to apply for the same.\n\nThanking you,\n\n"
        "Yours faithfully,\nDeepika Ramesh\nMob: +91 90000 55318\nHyderabad, Telangana\n"
    )
    f = fields_of(plain_mail(body, sender="deepika.r.2001@gmail.com"), Intent.job_applicant)
    assert f.person.name == "Deepika Ramesh"
    assert f.company.name is None  # the salutation is no organisation


def test_a_portuguese_abbreviated_sign_off_is_not_the_name() -> None:
    body = (
        "Hello, good afternoon!\n\nMy name is João Pedro, I am the data coordinator in Vila Verde Alimentos.\n"
        "We are searching a tool for integrate our ERP with BigQuery. Can you send me the prices?\n\nThank you!\n\n"
        "Att,\nJoão Pedro Carvalho\nCoordenador de Dados | Vila Verde Alimentos\n+55 19 99555-3021\n"
    )
    f = fields_of(plain_mail(body, sender="João Pedro Carvalho <jpcarvalho.dados@gmail.com>"), Intent.lead)
    assert f.person.name == "João Pedro Carvalho"
    assert f.company.name == "Vila Verde Alimentos"


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # A plain word opening a sentence is no organisation; the one named in brackets is.
        (
            "Karthik S <karthik.s1987@gmail.com>",
            "Good morning. We are using Lumen Pipelines in our office (Sri Venkateswara Agencies, Chennai) "
            "for the last 4 months.\n\nNothing is changed from our side except Tally was updated.\n\n"
            "Thanks & Regards,\nKarthik S\nAccounts & MIS\n",
            Intent.support,
            "Sri Venkateswara Agencies",
        ),
        # A tool a project was built with is no employer.
        (
            "Mariam Adel Hassan <mariam.adel.hassan@gmail.com>",
            "I am writing to apply for the Junior Data Engineer position. During my graduation project I "
            "built an ELT pipeline with Airflow and dbt.\n\nThank you for your time,\nMariam Adel Hassan\n"
            "Cairo, Egypt\n",
            Intent.job_applicant,
            None,
        ),
    ],
)
def test_which_words_of_a_sentence_name_the_organisation(
    sender: str, body: str, intent: Intent, expected: str | None
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_japanese_letter_addressed_to_the_tenant_names_neither_person_nor_company() -> None:
    body = (
        "Lumen Analytics\n採用ご担当者様\n\n突然のメール失礼いたします。\n"
        "貴社の採用ページに掲載されている「Data Engineer (Remote, APAC)」のポジションに\n"
        "応募させていただきたく、ご連絡いたしました。\n\n"
        "ご多忙のところ恐縮ですが、ご検討のほどよろしくお願いいたします。\n\n"
        "山本 陽斗（Haruto Yamamoto）\n東京都世田谷区\n+81 90-4821-3376\n"
    )
    f = fields_of(plain_mail(body, sender="h.yamamoto.dev@gmail.com"), Intent.job_applicant)
    assert f.person.name != "Lumen Analytics"  # the addressee, not the writer
    assert f.company.name is None  # no piece of the quoted job title


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # The firm a newsletter is an offering of, without the offering.
        (
            "DatenPraxis <newsletter@datenpraxis.de>",
            "DatenPraxis – Der Newsletter für Datenverantwortliche\nAusgabe 04/2026\n\nViel Freude beim Lesen\n"
            "------\nImpressum\nDatenPraxis ist ein Angebot der Nordlicht Fachmedien GmbH\n"
            "Große Elbstraße 145 · 22767 Hamburg\n",
            Intent.newsletter,
            "Nordlicht Fachmedien GmbH",
        ),
        # An admin of the customer's workspace, writing from personal mail.
        (
            "Rafael Ocampo <rocampo.dev@icloud.com>",
            "Hi — I’m one of the workspace admins for Pied Piper on Lumen. Since this afternoon SSO just "
            "loops me back to the sign-in page.\n\nThanks\nRafael\n",
            Intent.support,
            "Pied Piper",
        ),
        # A degree held names no organisation of the applicant's now.
        (
            "Inès Benali <ines.benali@outlook.com>",
            "Madame, Monsieur,\nTitulaire d'un Master 2 en statistique (Université de Lille, 2024), je me "
            "permets de vous adresser ma candidature spontanée pour un poste de Data Analyst.\n\n"
            "Inès Benali\n06 12 34 56 78\nLille\n",
            Intent.job_applicant,
            None,
        ),
    ],
)
def test_what_a_sentence_or_imprint_says_of_the_organisation(
    sender: str, body: str, intent: Intent, expected: str | None
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_nordic_compound_title_and_the_of_inside_a_name() -> None:
    body = (
        "Hej,\n\nVi vil gerne høre om priser på Lumen Insights til vores medlemmer.\n\nMed venlig hilsen\n"
        "Mette Holm\nSekretariatschef\nForeningen af Danske Revisorer\nBredgade 25, 1260 København K\n"
    )
    f = fields_of(plain_mail(body, sender="Mette Holm <mh@fdr-revisorer.dk>"), Intent.lead)
    assert f.company.name == "Foreningen af Danske Revisorer"


def test_a_community_group_named_with_in() -> None:
    body = (
        "Hi all,\n\nQuick May update from Munster Women in Data - apologies it's a bit late!\n\nSee you on the 20th,\n"
        "Orla\n\nOrla Keane\nVolunteer Organiser, Munster Women in Data\nmunsterwomenindata.ie | Cork, Ireland\n"
    )
    f = fields_of(plain_mail(body, sender="Orla Keane <orla.keane.mwid@gmail.com>"), Intent.newsletter)
    assert f.company.name == "Munster Women in Data"


def test_a_budget_with_its_currency_code_after_the_period() -> None:
    lead = "hey there\n\nwhat does it cost?? we could probably do 500-700/mo CAD.\n\nthx\nDevin\n"
    assert (
        fields_of(plain_mail(lead, sender="Devin Okafor <devokafor88@gmail.com>"), Intent.lead).budget_usd
        == 5400
    )


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # The writer's own name in Latin letters under the Hangul one is no organisation.
        (
            "최유진 <yujin.choi.data@gmail.com>",
            "안녕하세요, 채용 담당자님.\n'Data Engineer' 공고를 보고 지원하게 된 최유진입니다.\n영문 이력서를 첨부드립니다.\n\n"
            "감사합니다.\n최유진 드림\nYujin Choi | Data Engineer\n+82 10-7721-3390\n",
            Intent.job_applicant,
            None,
        ),
        # An account handle the domain spells is not the name as written.
        (
            "黃雅婷 <yating.huang0312@gmail.com>",
            "您好，\n我們是台中的「好日子烘焙坊」，目前使用 Lumen Insights 的 Starter 年度方案（帳號：goodday-bakery）。\n"
            "麻煩協助取消 12/31 的自動續約。\n\n黃雅婷\n好日子烘焙坊 營運部\nwww.goodday-bakery.com.tw\n",
            Intent.support,
            "好日子烘焙坊",
        ),
        # A degree is not where a graduate works.
        (
            "Jose Miguel Santos <jmsantos.dev@gmail.com>",
            "Good afternoon! I am a fresh graduate of BS Computer Science (cum laude) here in Cebu City and would "
            "like to apply for a Data Analyst role.\n\nJose Miguel Santos\n",
            Intent.job_applicant,
            None,
        ),
        # A legal name in capitals with its registration numbers in brackets.
        (
            "Nurul Aisyah Ahmad <aisyah@permatalogistik.com.my>",
            "Hi Lumen team,\n\nI cannot login after changing my phone. Can help to reset the MFA?\n\nThanks & regards,\n"
            "Nurul Aisyah binti Ahmad\nIT Executive\nPERMATA LOGISTIK SDN. BHD. (201501023456 / 1148890-W)\n"
            "Lot 7, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor\n",
            Intent.support,
            "PERMATA LOGISTIK SDN. BHD.",
        ),
        # The Korean subject particle is not part of the publisher's name.
        (
            "데이터 한 스푼 <letter@datahanspoon.kr>",
            "이번 호가 도움이 되셨다면 동료에게 공유해 주세요!\n---\n데이터 한 스푼은 (주)데이터브루가 발행합니다.\n"
            "서울특별시 마포구 양화로 45, 8층\n",
            Intent.newsletter,
            "(주)데이터브루",
        ),
    ],
)
def test_what_is_not_part_of_the_organisations_name(
    sender: str, body: str, intent: Intent, expected: str | None
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_logos_alt_text_in_the_signature_is_not_the_name() -> None:
    body = (
        "Sehr geehrte Damen und Herren,\n\nkönnten Sie uns eine Demo anbieten?\n\nMit freundlichen Grüßen\n"
        "Jonas Weber\nLeiter Business Intelligence\n[Kessler Maschinenbau Logo]\n"
        "Kessler Maschinenbau GmbH & Co. KG\nIndustriestraße 14 | 70565 Stuttgart\n"
    )
    f = fields_of(plain_mail(body, sender="Jonas Weber <j.weber@kessler-maschinenbau.de>"), Intent.lead)
    assert f.company.name == "Kessler Maschinenbau GmbH & Co. KG"


def test_a_portuguese_sales_title_is_not_the_junk_senders_name() -> None:
    body = (
        "Prezado(a) Parceiro(a),\nA LeadMax tem a MAIOR BASE DE DADOS B2B do Brasil!\n"
        "PROMOÇÃO SÓ HOJE: por apenas R$ 597,00 !!!\n\nAtt,\nCarlos Henrique\nConsultor Comercial\nLeadMax\n"
    )
    f = fields_of(
        plain_mail(body, sender="Carlos Henrique | LeadMax <contato@cheap-leads-now.xyz>"), Intent.spam
    )
    assert f.company.name == "LeadMax"


@pytest.mark.parametrize(
    ("sender", "body", "intent", "company", "person"),
    [
        # One word beside a title on the signature line is the agency.
        (
            "Julien Moreau <j.moreau@bulk-seo-services.biz>",
            "Notre agence vous garantit la 1ère page Google en 30 jours.\n\nBien cordialement,\n--\nJulien Moreau\n"
            "Consultant SEO – Rankeo\nLyon | 04 78 62 19 40\n",
            Intent.spam,
            "Rankeo",
            "Julien Moreau",
        ),
        # The brand with its service is no person, and the brand stays the organisation.
        (
            "PTT Kargo <bildirim@pttkargo-gonderitakip.com>",
            "Sayın Müşterimiz,\nGönderiniz teslim edilememiştir.\n\nSaygılarımızla,\nPTT Kargo Müşteri Hizmetleri\n",
            Intent.spam,
            "PTT Kargo",
            None,
        ),
        # A secretariat before the name, and a sign-off above the team line.
        (
            "Assodati <newsletter@assodati.it>",
            "Care socie e cari soci,\necco le novità del mese.\n\nUn cordiale saluto,\nLa Segreteria Assodati\n",
            Intent.newsletter,
            "Assodati",
            None,
        ),
        (
            "Tabulo <events@tabulo.ch>",
            "Liebe Kundin, lieber Kunde\n\nunser Webinar findet am 12. März statt.\n\nFreundliche Grüsse\n"
            "Ihr Tabulo-Team\n--\nTabulo AG | Hardturmstrasse 161 | 8005 Zürich | Schweiz\n",
            Intent.newsletter,
            "Tabulo AG",
            None,
        ),
    ],
)
def test_bulk_and_junk_signatures(
    sender: str, body: str, intent: Intent, company: str | None, person: str | None
) -> None:
    f = fields_of(plain_mail(body, sender=sender), intent)
    assert (f.company.name, f.person.name) == (company, person)


def test_a_flemish_owners_title_is_not_the_company() -> None:
    body = (
        "Goedemorgen,\n\nWij willen ons abonnement opzeggen tegen 30 september 2026.\n\nMet vriendelijke groet,\n"
        "Pieter Janssens\nZaakvoerder\nKoffiebranderij De Molen\nBrugsesteenweg 212, 9000 Gent\n"
    )
    f = fields_of(plain_mail(body, sender="Pieter Janssens <pieter@demolen-koffie.be>"), Intent.support)
    assert f.company.name == "Koffiebranderij De Molen"


@pytest.mark.parametrize(
    ("sender", "body", "person", "company"),
    [
        # A directory's display name with the title after it; a short title ("rh") is no prefix of
        # "Rheinaue"; the address under the name is not where the signature starts.
        (
            "Vogelsang, Katrin, Dr. <katrin.vogelsang@uk-rheinaue.de>",
            "Sehr geehrte Damen und Herren,\n\nwir bitten Sie um ein unverbindliches Angebot.\n\n"
            "Mit freundlichen Grüßen\ni. A. Dr. Katrin Vogelsang\nUniversitätsklinikum Rheinaue\n"
            "Anstalt des öffentlichen Rechts\nRobert-Koch-Allee 12, 53121 Bonn\n"
            "katrin.vogelsang@uk-rheinaue.de | www.uk-rheinaue.de\n",
            "Katrin Vogelsang",
            "Universitätsklinikum Rheinaue",
        ),
        # A department's letters after the name; "Unterstützung bei Implementierung" names no employer;
        # a compound title ("Projektleiter").
        (
            "Gasser Reto DGS <reto.gasser@ag-aargental.ch>",
            "Grüezi\n\nWir benötigen neben den Lizenzen auch Unterstützung bei Implementierung und Schulung.\n"
            "Könnten Sie uns eine Richtofferte zukommen lassen?\n\nFreundliche Grüsse\nReto Gasser\n"
            "Projektleiter Datenplattform\nKanton Aargental\nDepartement Gesundheit und Soziales\n"
            "Bahnhofstrasse 40, 5001 Aarau\n",
            "Reto Gasser",
            "Kanton Aargental",
        ),
    ],
)
def test_public_bodies_signing_in_german(sender: str, body: str, person: str, company: str) -> None:
    f = fields_of(plain_mail(body, sender=sender), Intent.lead)
    assert (f.person.name, f.company.name) == (person, company)
