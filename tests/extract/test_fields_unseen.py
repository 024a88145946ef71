"""Rules generalised for writing the project's own gold sets did not show: budgets in every
notation and language (and what is not a budget), organisations named in signatures, display
names and self-introductions across languages; and the figures on the part-e development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailtriage.evals.dataset import GoldLabels
from mailtriage.evals.scorers import PRF, budgets_match, field_values
from mailtriage.extract.fields import extract_fields
from mailtriage.extract.fields_money import extract_budget
from mailtriage.extract.fields_text import sentences
from mailtriage.extract.grounding import budget_is_grounded, ground
from mailtriage.extract.schemas import Budget, Extraction, Intent, Interest
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize
from tests.factories import fields_of, plain_mail

PART_E = Path(__file__).resolve().parents[2] / "src" / "mailtriage" / "extract" / "training" / "part-e.jsonl"
RATES = {
    "USD": 1.0,
    "EUR": 1.10,
    "GBP": 1.25,
    "CHF": 1.15,
    "CAD": 0.75,
    "AUD": 0.65,
    "SGD": 0.75,
    "SEK": 0.095,
    "INR": 0.012,
    "JPY": 0.0067,
}


# --- budget -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "usd"),
    [
        # periods written before the amount, or after a tax qualifier
        ("We have a monthly budget of about $2,000 for new software.", "US", 24000),
        ("Kuukausibudjettimme on 1 500 € ja haluaisimme aloittaa heti.", "FI", 19800),
        ("Aylık bütçemiz 1.500 USD civarında.", "TR", 18000),
        ("Notre budget tourne autour de 2 500 € HTVA par mois.", "BE", 33000),
        ("We'd like to spend around $1,200/mo excl. VAT.", "GB", 14400),
        ("Das Budget beträgt max. 25.000 € netto pro Jahr.", "DE", 27500),
        ("Náš rozpočet je do 2 500 EUR měsíčně.", "CZ", 33000),
        ("Tenemos un presupuesto de USD 5,000 mensuales.", "MX", 60000),
        ("Our budget: €4,500 per quarter.", "IE", 19800),
        # multipliers and currency words of many languages
        ("Il budget annuo previsto è di 60-80 mila euro.", "IT", 77000),
        ("We denken aan een budget tussen de 20 en 30 duizend euro per jaar.", "NL", 27500),
        ("Dispomos de um orçamento de até 40 mil euros por ano.", "PT", 44000),
        ("Budjettimme on noin 20 000 euroa vuodessa.", "FI", 22000),
        ("Manejamos un presupuesto de alrededor de 30 mil dólares anuales.", "CL", 30000),
        ("Mamy budżet około 2 tys. euro miesięcznie.", "PL", 26400),
        ("Kunden har avsatt 250 tkr per år för verktyget.", "SE", 23750),
        ("Wir haben ein Jahresbudget von 60 TEUR eingeplant.", "DE", 66000),
        ("予算は年間800万円程度を想定しております。", "JP", 53600),
        ("预算大约每月 SGD 5,000，希望在第二季度上线。", "SG", 45000),
        ("ميزانيتنا حوالي 50,000 دولار سنوياً.", "QA", 50000),
        ("We've budgeted roughly 25 lakh for the year for this.", "IN", 30000),
        ("Tenemos pensado invertir unos 1.000 dólares por mes.", "AR", 12000),
        # the currency written after an ambiguous symbol, and crowns by country
        ("Budget : environ 50 000 $ CA par année.", "CA", 37500),
        ("We've pencilled in about $45k AUD a year.", "AU", 29250),
        ("The board approved up to CAD $18,000/yr for software.", "CA", 13500),
        ("Budget is around AUD$30k per annum.", "AU", 19500),
        ("Tenemos contemplados alrededor de $350,000 MXN anuales.", "MX", None),
        ("Vi har afsat omkring 150.000 kr. om året.", "DK", None),
        ("Vi har avsatt 1,2 miljoner kronor per år för detta.", "SE", 114000),
        ("Mamy budżet ok. 120 000 zł rocznie.", "PL", None),
        # which amount of several is the budget
        (
            "Honestly $48,000/yr is above what we planned - our board approved $36,000 for year one.",
            "US",
            36000,
        ),
        ("Your quote of $52k is over our budget of $40k.", "US", 40000),
        ("Tenemos budget de like 50k al año (USD) y queremos arrancar en enero.", "US", 50000),
        # the quoted price far from the words that say it is over the plan, in its clause
        (
            "The $36,000/year for Lumen Insights plus Lumen Guard is more than we had planned for this - our"
            " budget for the whole thing is around $28,000 annually.",
            "US",
            28000,
        ),
        (
            "Die offerierten EUR 48'000 pro Jahr für Lumen Insights und Lumen Forecast liegen leider über unserem"
            " Rahmen: Budgetiert sind für die Plattform CHF 35'000 bis 40'000 jährlich.",
            "CH",
            43125,
        ),
        ("$2,400/mo is more than we planned, we were thinking closer to $1,500 a month.", "US", 18000),
        ("Last year we paid them about $60k and I'd like to get that down to $40k or less.", "US", 40000),
        ("We currently pay Looker $70k a year and want to spend no more than $45k.", "US", 45000),
        (
            "We have a capex envelope of £120,000 for the programme, of which roughly £30k is for reporting.",
            "GB",
            37500,
        ),
        ("We raised a $5M seed round and have set aside $25k for BI.", "US", 25000),
        ("We're a $12M ARR company; budget for analytics is $40k.", "US", 40000),
        ("We pay $1,800/mo for Insights today.", "US", None),
        # per seat, and amounts that are no budget
        ("We rekenen op ongeveer € 20 per gebruiker per maand, voor zo'n 60 gebruikers.", "NL", 15840),
        ("We ship 2 million pounds of coffee a year; budget is $10k.", "US", 10000),
        ("We have a budget for 150 users.", "US", None),
        ("We export auto parts, annual sales about 40 million USD.", "CN", None),
        # a budget sentence without a currency: the one it names elsewhere, else the country's
        ("We zitten op ongeveer 4k per maand aan budget (euro).", "NL", 52800),
        ("There's a budget envelope of 100-150k for this.", "US", 125000),
        # Swiss francs written as a word, with the Swiss thousands apostrophe
        ("Notre budget se situe entre 8'000 et 12'000 francs par année.", "CH", 11500),
        ("Budget: non più di 1'500 franchi al mese, tutto compreso.", "CH", 20700),
        ("Il budget a disposizione è nell'ordine di 50–70 mila franchi annui.", "CH", 69000),
        # the Swiss and German dash for no cents before the period
        ("Budget : nous avons prévu CHF 1'800.– par mois pour le projet.", "CH", 24840),
        ("Unser Budget liegt bei CHF 3000.- pro Monat.", "CH", 41400),
        # Japanese writes the month before the amount; a date's month is no period
        ("小さな会社なので、予算は月3万円くらいです。", "JP", 2412),
        ("4月10万円の予算です。", "JP", 670),
        # an amount in a currency without a rate, then the sender's own equivalent in brackets
        ("Budżet to ok. 170 000 PLN rocznie (ok. 40 000 EUR).", "PL", 44000),
        ("Vi har afsat omkring 450.000 kr. om året til projektet (ca. 60.000 EUR).", "DK", 66000),
        # Swedish crowns named in Norwegian, by a Norwegian sender
        ("Kunden har et budsjett på rundt 250 000 svenske kroner for det første året.", "NO", 23750),
        ("Commercials: our working number is around $15K per month; we'd prefer a revenue-share model.", "US", 180000),
        # CFA francs have no reference rate
        ("Notre budget est de 12 millions de francs par an.", "SN", None),
        # a currency without a rate, written as its ISO code, then the sender's equivalent
        ("Budget is approved: AED 550,000 per annum (approx. USD 150k). Management wants a pilot.", "AE", 150000),
        ("Our board has approved LKR 9 million for the first year, which is about USD 30,000.", "LK", 30000),
        # lakh is India's word, Bangladesh's too: the code decides the currency
        ("We have allocated budget of BDT 30 lakh for this project.", "BD", None),
        # the peso's "$" is no dollar
        ("Tenemos contemplados unos $350,000 pesos al año para esto.", "MX", None),
        ("We can't go much over 800 quid a month all in.", "GB", 12000),
        # Quebec writes its dollar after the amount; "$" before it stays the US dollar
        ("Notre budget est d'environ 2 500 $ par mois.", "CA", 22500),
        ("Budget's around $5k/mo.", "CA", 60000),
        ("The total needs to come in under NZ$65,000 per annum (approx. US$39,000 at today's rate).", "NZ", 39000),
        # a sum for a term of years, the tax in brackets between
        ("Council has allocated US$120k (ex GST) over a three-year term for this project.", "AU", 40000),
        ("Das geschätzte Auftragsvolumen liegt bei 120.000 € netto für eine Vertragslaufzeit von drei Jahren.", "DE", 44000),
        ("O valor base estimado é de 74.000,00 EUR (sem IVA) para um contrato de 24 meses.", "PT", 40700),
        ("somos 4 pessoas em Braga, orçamento pequeno, ~500€/mês no máximo.", "PT", 6600),
    ],
)
def test_budget_notations(text: str, region: str, usd: float | None) -> None:
    found, _ = extract_budget(text, RATES, region)
    assert budgets_match(usd, found), (text, found)


@pytest.mark.parametrize(
    ("domain", "sender", "usd"),
    [
        ("hartleyplumbing.com.au", "Dave Hartley <dave@hartleyplumbing.com.au>", 3900),
        ("hartleyplumbing.com", "Dave Hartley <dave@hartleyplumbing.com>", 6000),
    ],
)
def test_a_dollar_sign_from_a_business_on_its_countrys_domain_is_that_countrys_dollar(
    domain: str, sender: str, usd: float
) -> None:
    body = (
        "Hi,\n\nHow much would your dashboards cost for about 5 office logins? Looking to spend around "
        f"$500 a month max.\n\nCheers,\nDave Hartley\nHartley & Sons Plumbing\nBrisbane QLD 4000, Australia\n{domain}\n"
    )
    fields = fields_of(plain_mail(body, sender=sender), Intent.lead)
    assert budgets_match(usd, fields.budget_usd), fields.budget_usd


def test_a_full_stop_before_a_lower_case_word_or_after_an_abbreviation_ends_no_sentence() -> None:
    assert sentences("Mamy budżet około 2 tys. euro miesięcznie. Chcemy ruszyć.") == [
        "Mamy budżet około 2 tys. euro miesięcznie.",
        "Chcemy ruszyć.",
    ]
    assert sentences("We have approx. $400k annually. Thanks!") == [
        "We have approx. $400k annually.",
        "Thanks!",
    ]


@pytest.mark.parametrize(
    ("budget", "text"),
    [
        (53600, "予算は年間800万円程度を想定しております。"),  # a number right after a CJK character
        (44000, "Dispomos de um orçamento de até 40 mil euros por ano."),
        (114000, "Vi har avsatt 1,2 miljoner kronor per år."),
        (77000, "Il budget annuo è di 60-80 mila euro."),
    ],
)
def test_grounding_reads_the_notations_the_extractor_reads(budget: float, text: str) -> None:
    assert budget_is_grounded(budget, text, RATES)


def test_grounding_keeps_a_per_seat_budget_read_from_its_sentence() -> None:
    sentence = "We rekenen op ongeveer € 20 per gebruiker per maand, voor zo'n 60 gebruikers."
    raw = plain_mail(
        f"Goedemorgen,\n\n{sentence}\n\nSanne\n", sender="Sanne de Vries <sanne@devriesbloemen.nl>"
    )
    email = normalize(raw)
    tenant = load_tenant(None)
    f = extract_fields(email, Intent.lead, tenant)
    assert budgets_match(15840, f.budget_usd)
    extraction = Extraction(
        intent=Intent.lead,
        person=f.person,
        company=f.company,
        interest=Interest(products=f.products),
        budget=Budget(annual_amount_usd=f.budget_usd),
        timeline=f.timeline,
        region=f.region,
        required_action=f.required_action,
        confidence=0.9,
    )
    assert ground(extraction, email, tenant, f.evidence).extraction.budget.annual_amount_usd == f.budget_usd
    # Without the extractor's evidence the product of two numbers is not accepted.
    assert not budget_is_grounded(15840, email.text, RATES)


def test_danish_crowns_are_not_swedish() -> None:
    body = (
        "Hej Lumen,\n\nVi søger et værktøj til rapportering. Vi har afsat omkring 150.000 kr. om året.\n\n"
        "Med venlig hilsen\nMette Kjær\nNordhavn Revision ApS\nSundkaj 9, 2150 Nordhavn\n"
    )
    assert fields_of(plain_mail(body, sender="Mette Kjær <mk@nordhavnrevision.dk>")).budget_usd is None


# --- company ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "body", "company"),
    [
        # signatures: departments beside titles, one-line signatures, credentials, units
        (
            "Priyanka Shah <priyanka.shah3@nhs.net>",
            "Hi,\n\nPricing please.\n\nPriyanka Shah\nSenior BI Analyst | Information Services\n"
            "Northgate Community Health NHS Trust\nSheffield\n",
            "Northgate Community Health NHS Trust",
        ),
        (
            "Maria Lopez <maria@bpd.com>",
            "Hi, pricing please.\n\nMaria Lopez, CFO, Brightpath Dental\n",
            "Brightpath Dental",
        ),
        (
            "Maria Lopez <maria@bpd.com>",
            "Hi, pricing please.\n\nThanks,\n— Maria, Brightpath Dental\n",
            "Brightpath Dental",
        ),
        ("Amy Ng <amy@qp.com>", "Hi, a demo please.\n\nAmy Ng\nCEO @ Quanta Probe\n", "Quanta Probe"),
        (
            "Help Desk <it@riverdalehospital.org>",
            "Hello,\n\nusers can't log in.\n\nRiverdale Hospital IT\n",
            "Riverdale Hospital",
        ),
        (
            "Kathleen Doyle <kdoyle@stbrigid.org>",
            "We have budgeted $95,000.\n\nThank you,\n\nKathleen Doyle, MHA\nDirector, Enterprise Analytics\n"
            "Saint Brigid Health Network\nMilwaukee, WI\n",
            "Saint Brigid Health Network",
        ),
        # legal forms of more countries, lower-case words and particles inside names
        (
            "Eva Müller <eva.mueller@bergmann-partner.de>",
            "Guten Tag,\n\nbitte um Rückruf.\n\nEva Müller\nBergmann & Partner Steuerberatungsgesellschaft mbH\n",
            "Bergmann & Partner Steuerberatungsgesellschaft mbH",
        ),
        (
            "Marie-Ève Gagnon <megagnon@bg.ca>",
            "Bonjour, une soumission svp.\n\nMarie-Ève Gagnon\nDirectrice, planification\nLes Boulangeries Gagnon inc.\n",
            "Les Boulangeries Gagnon inc.",
        ),
        (
            "Inês Carvalho <ines@dam.pt>",
            "Olá, proposta de patrocínio.\n\nInês Carvalho\nProdutora\nDados à Mesa Produções, Lda.\nLisboa\n",
            "Dados à Mesa Produções, Lda.",
        ),
        (
            "Jan Kowalski <jan@ks.pl>",
            "Dzień dobry,\nproszę o ofertę.\n\nZ poważaniem\nJan Kowalski\nPrezes Zarządu\nKowalski i Synowie sp. j.\n",
            "Kowalski i Synowie sp. j.",
        ),
        (
            "Karin Ek <karin.ek@alvdalen.se>",
            "Hej,\nvi vill ha en offert.\n\nMed vänlig hälsning\nKarin Ek\nEkonomichef\nÄlvdalens kommun\n",
            "Älvdalens kommun",
        ),
        (
            "Misaki Sato <misaki.sato@hanamizuki-hd.jp>",
            "ご担当者様\n\nお見積りをお願いいたします。\n\n佐藤 美咲\nはなみずきホールディングス株式会社 経営企画部\n",
            "はなみずきホールディングス株式会社",
        ),
        (
            "김민준 <minjun.kim@hanbitmall.co.kr>",
            "안녕하세요,\n\n데모 일정을 잡을 수 있을까요?\n\n감사합니다.\n\n김민준 | 데이터팀 팀장\n한빛몰\n서울특별시 강남구\n",
            "한빛몰",
        ),
        # display names and self-introductions in many languages
        (
            '"Lisa @ Fernwood Yoga" <lisa@fernwoodyoga.com>',
            "hi! what would it cost?\n\nthanks,\nLisa\n",
            "Fernwood Yoga",
        ),
        (
            "Ben Ortiz <ben@gmail.com>",
            "Hi,\n\nI run Ortiz Landscaping, a 12-person crew in Tucson. Cost?\n\nBen\n",
            "Ortiz Landscaping",
        ),
        (
            "Sam Lee <sam@arb.com>",
            "Hi,\n\nWe are Acme Robotics, a 50-person manufacturer. Pricing?\n\nSam\n",
            "Acme Robotics",
        ),
        (
            "Sam Lee <sam@arb.com>",
            "Hi,\n\nOur company, Acme Robotics, is looking for dashboards.\n\nSam\n",
            "Acme Robotics",
        ),
        (
            "Tom <tom@gmail.com>",
            "Hi,\n\nThis is Tom from Acme Robotics. Could we get a demo?\n\nTom\n",
            "Acme Robotics",
        ),
        (
            "Julia Weiss <julia@gmx.de>",
            "Hallo,\n\nich arbeite bei der Sparkasse Mittelfranken.\n\nJulia\n",
            "Sparkasse Mittelfranken",
        ),
        (
            "Ana Sousa <ana@gmail.com>",
            "Olá,\n\nsou gerente na Padaria Estrela e queria o preço.\n\nAna\n",
            "Padaria Estrela",
        ),
        (
            "Erik Nilsson <erik@gmail.com>",
            "Hej,\n\njag jobbar på Volvo Cars med rapportering.\n\nErik\n",
            "Volvo Cars",
        ),
        (
            "Lars Hansen <lars@gmail.com>",
            "Hej,\n\njeg arbejder hos Novo Logistik og vil se en demo.\n\nLars\n",
            "Novo Logistik",
        ),
        (
            "Kasia Nowak <kasia@gmail.com>",
            "Dzień dobry,\n\npracuję w firmie Polmlek jako analityk.\n\nKasia\n",
            "Polmlek",
        ),
        (
            "Adam Novák <novak@gmail.com>",
            "Dobrý den,\n\npracuji ve společnosti Moravia Steel.\n\nAdam\n",
            "Moravia Steel",
        ),
        (
            "Joan Puig <joan@gmail.com>",
            "Bon dia,\n\ntreballo a Cooperativa Agrícola de Lleida.\n\nJoan\n",
            "Cooperativa Agrícola de Lleida",
        ),
        (
            "Ece Kaya <ece@gmail.com>",
            "Merhaba,\n\nAnadolu Gıda'da veri analisti olarak çalışıyorum.\n\nEce\n",
            "Anadolu Gıda",
        ),
        (
            "Pedro Ruiz <pedro@gmail.com>",
            "Hola,\n\nSomos Frutas del Valle, una empresa de Chile.\n\nPedro\n",
            "Frutas del Valle",
        ),
        (
            "Luc Morel <luc@gmail.com>",
            "Bonjour,\n\nNous sommes la société Ateliers Morel et cherchons un outil.\n\nLuc\n",
            "Ateliers Morel",
        ),
        (
            "Kees Berg <kees@gmail.com>",
            "Hallo,\n\nWij zijn Van den Berg Installatietechniek uit Zwolle.\n\nKees\n",
            "Van den Berg Installatietechniek",
        ),
        (
            "Nina Berg <nina.berg@student.uu.se>",
            "Hej,\n\nJag studerar vid Uppsala universitet och söker praktik.\n\nNina\n",
            "Uppsala universitet",
        ),
        (
            "Amy Clark <amy@gmail.com>",
            "Hi,\n\nI'm reaching out on behalf of Redwood Senior Living.\n\nAmy\n",
            "Redwood Senior Living",
        ),
        # nothing names the organisation: the domain is never read as a name
        (
            "Brian Cole <brian@oakridgeoutfitters.com>",
            "Hi, pricing sheet?\n\nThanks,\nBrian Cole\nVP Operations\n",
            None,
        ),
        (
            "Liam Walker <liamwalker.design@gmail.com>",
            "Hi,\n\nFreelance help?\n\nCheers,\nLiam Walker\nProduct & UX Design\n",
            None,
        ),
    ],
)
def test_organisation_as_written(sender: str, body: str, company: str | None) -> None:
    assert fields_of(plain_mail(body, sender=sender)).company.name == company


def test_articles_and_degrees_are_not_read_as_the_organisation() -> None:
    ta = "Hi,\n\nI've been a CSM at a Melbourne SaaS company for four years.\n\nChloe\n"
    assert (
        fields_of(plain_mail(ta, sender="Chloe Nguyen <chloe@gmail.com>"), Intent.job_applicant).company.name
        is None
    )
    pt = "Olá,\n\nSou licenciado em Gestão de Sistemas de Informação e procuro estágio.\n\nRui\n"
    assert (
        fields_of(plain_mail(pt, sender="Rui Alves <rui@gmail.com>"), Intent.job_applicant).company.name
        is None
    )


def test_a_display_name_with_an_at_sign_gives_the_person_and_organisation() -> None:
    f = fields_of(
        plain_mail("hi! pricing?\n\nLisa\n", sender='"Lisa @ Fernwood Yoga" <lisa@fernwoodyoga.com>')
    )
    assert (f.person.name, f.company.name) == ("Lisa", "Fernwood Yoga")


# --- part-e: the development set written for this ----------------------------------------------


@pytest.mark.skipif(not PART_E.exists(), reason="part-e not present")
def test_part_e_figures() -> None:
    # Part-e was written after the rules were first generalised, in other voices and languages; the
    # figures reached on it with the gold intent, minus a small margin for data edits.
    tenant = load_tenant(None)
    company, region = PRF(), PRF()
    leads = budget_ok = 0
    for line in PART_E.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = GoldLabels.model_validate(row["labels"])
        f = extract_fields(normalize(row["raw"].encode("utf-8")), gold.intent, tenant)
        pred = field_values(
            Extraction(
                intent=gold.intent,
                person=f.person,
                company=f.company,
                region=f.region,
                required_action=f.required_action,
                confidence=1.0,
            )
        )
        gv = field_values(gold)
        company.add(gv["company.name"], pred["company.name"])
        region.add(gv["region"], pred["region"])
        if gold.intent is Intent.lead:
            leads += 1
            budget_ok += budgets_match(gold.budget.annual_amount_usd, f.budget_usd)
    assert company.as_dict()["f1"] >= 0.96
    assert region.as_dict()["f1"] >= 0.96
    assert budget_ok / leads >= 0.96
