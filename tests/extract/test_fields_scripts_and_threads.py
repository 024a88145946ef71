"""Amounts and dates in other scripts and calendars, seats priced before or times their count,
companies named in quotation marks or beside an address, notification boxes in other languages,
and the budget a reply left in the person's own quoted message."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from mailtriage.extract.fields_money import extract_budget, find_amounts
from mailtriage.extract.fields_timeline import extract_timeline
from mailtriage.extract.schemas import Intent, Timeline
from tests.factories import fields_of, plain_mail

RATES = {"USD": 1.0, "EUR": 1.10, "GBP": 1.25, "JPY": 0.0067}


@pytest.mark.parametrize(
    ("sentence", "value", "currency", "per_year"),
    [
        # Arabic-Indic digits with the Arabic thousands separator.
        ("الميزانية التقديرية للمشروع: ٢٥٠٬٠٠٠ دولار أمريكي سنوياً.", 250_000, "USD", 1),
        # The country after the currency word, then the period: monthly.
        ("الميزانية المبدئية حوالي 5,000 دولار أمريكي شهرياً.", 5_000, "USD", 12),
        ("Бюджет около 3000 долларов США в месяц.", 3_000, "USD", 12),
        ("Ο προϋπολογισμός μας για το έργο είναι 50-70 χιλ. ευρώ.", 60_000, "EUR", 1),
        # A price per seat times the seats, in the orders Chinese and Japanese write them.
        ("首批預估採購 50 個 Lumen Insights 授權，以每個授權每月約 US$30 計算。", 1_500, "USD", 12),
        ("ご予算は月額5,000円 x 80名を想定しています。", 400_000, "JPY", 12),
        ("We would budget $30 x 50 users per month.", 1_500, "USD", 12),
        # A number written in parts of falling size.
        ("예산은 약 7만 5천 달러입니다.", 75_000, "USD", 1),
        # The same sum in a currency the tenant converts, in parentheses, keeps the period.
        ("Aylık 50.000 TL'ye kadar (yaklaşık 1.500 USD) bir bütçemiz var.", 1_500, "USD", 12),
        ("Rozpočet máme schválený do 1,2 mil. Kč (cca 48 000 EUR).", 48_000, "EUR", 1),
        # A range whose two ends each carry the currency, or joined by a wave dash.
        ("Er is tussen de 30k€ en 50k€ per jaar beschikbaar.", 40_000, "EUR", 1),
        ("予算は月額10万〜20万円を想定しています。", 150_000, "JPY", 12),
        ("예산은 연간 6만~8만 달러입니다.", 70_000, "USD", 1),
        ("A költségkeretünk havi 1500 euró körül van.", 1_500, "EUR", 12),
        ("Erre évente nagyjából 8000 eurót tudnánk fordítani.", 8_000, "EUR", 1),
        ("We've got about 40 grand a year for this.", 40_000, None, 1),
        ("老闆批咗大概 USD 4-6k 一個月，唔知夠唔夠？", 5_000, "USD", 12),
        ("Бюджет от 30 до 50 тыс. долларов в год.", 40_000, "USD", 1),
        ("Бюджетът ни е до 1 500 евро на месец.", 1_500, "EUR", 12),
    ],
)
def test_amounts_in_other_scripts_and_seat_prices(
    sentence: str, value: float, currency: str, per_year: float
) -> None:
    amounts = [a for a in find_amounts(sentence) if a.currency not in {"TRY", "CZK"}]
    assert [(a.value, a.currency, a.per_year) for a in amounts] == [(value, currency, per_year)]


def test_a_budget_split_by_a_multipliers_abbreviation_is_one_sentence() -> None:
    text = "Budżet to ok. 150 000 zł netto rocznie (w arkuszu przyjęliśmy ok. 35 tys. EUR)."
    assert extract_budget(text, RATES)[0] == 38_500


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        # The Buddhist era: 2570 is 2027, two months after November 2026.
        ("เราตั้งเป้าให้ระบบใช้งานได้ภายในเดือนมกราคม 2570 จึงอยากขอนัดประชุม", date(2026, 11, 10), Timeline.quarter),
        # A Thai word written straight after the month ("this June").
        ("อยากเริ่มใช้งานจริงให้ได้ภายในเดือนมิถุนายนนี้", date(2026, 4, 16), Timeline.quarter),
        ("ואנחנו רוצים לעלות לאוויר לפני חנוכה, כי אז מתחיל הפיילוט", date(2026, 11, 9), Timeline.now),
        ("公司內部希望在農曆新年前完成經銷合約簽署及首批採購。", date(2026, 11, 20), Timeline.quarter),
        (
            "We would need it in place before the first data extract arrives at Easter.",
            date(2026, 11, 10),
            Timeline.six_months,
        ),
        # Japanese and Chinese put the time before the verb: the date right before the start.
        (
            "12月中に社内稟議を通し、1月から利用開始したいと考えております。",
            date(2026, 11, 12),
            Timeline.quarter,
        ),
        ("计划明年二季度正式上线，春节前完成选型。", date(2026, 11, 16), Timeline.six_months),
        # Turkish "çeyrek" as its suffix changes it, Hungarian months with their suffixes, Romanian quarters.
        ("2027'nin ilk çeyreğinde canlıya geçmeyi hedefliyoruz.", date(2026, 11, 17), Timeline.quarter),
        ("A bevezetést 2027. januártól terveznénk.", date(2026, 11, 16), Timeline.quarter),
        ("Am vrea să pornim din trimestrul 2 al anului viitor.", date(2026, 11, 13), Timeline.six_months),
        # Easter as a season's trade is not a date: the end of November decides.
        (
            "We want it in place before the end of November so it is ready for Easter planning.",
            date(2026, 10, 7),
            Timeline.quarter,
        ),
        # Dutch and German put the date right before the verb; a later date is another step.
        (
            "We willen tegen het derde kwartaal van 2027 live zijn; de offerte moet in december binnen zijn.",
            date(2026, 11, 20),
            Timeline.six_months,
        ),
        (
            "Wir möchten das Tool bis Ende Januar einführen, die Schulung folgt im Mai.",
            date(2026, 11, 20),
            Timeline.quarter,
        ),
        # A Polish noun inflected after "termin" (a date, not a meeting).
        ("Planowany termin uruchomienia to III kwartał 2027 r.", date(2026, 11, 20), Timeline.six_months),
        # "i början av december" is "at the start of December": no cue, so the January start decides.
        (
            "Kan vi ses i början av december? Vi vill helst komma igång i februari.",
            date(2026, 11, 20),
            Timeline.quarter,
        ),
        # The summer break in one word, the turn of the year in Japanese, a duration after "den".
        ("Målet är att vara i drift innan sommaruppehållet.", date(2026, 11, 20), Timeline.six_months),
        ("年明け早々にリリースしたいと考えております。", date(2026, 11, 20), Timeline.quarter),
        ("Wir wollen in den nächsten 3 Wochen starten.", date(2026, 11, 20), Timeline.now),
        # Czech months in the locative, Finnish in the genitive, Hungarian seasons and quarters.
        ("Rádi bychom systém spustili v dubnu 2027.", date(2026, 11, 20), Timeline.six_months),
        ("Haluaisimme aloittaa pilotin helmikuun alussa.", date(2026, 11, 20), Timeline.quarter),
        ("A bevezetést jövő tavasszal szeretnénk elkezdeni.", date(2026, 11, 9), Timeline.six_months),
        ("Az első negyedévben szeretnénk élesíteni.", date(2026, 11, 25), Timeline.quarter),
        # A bare later year is the contract's "next year".
        (
            "Das Haus plant für 2027 die Einführung eines Berichtswesens.",
            date(2026, 11, 20),
            Timeline.six_months,
        ),
        # A plan named by its year; the board that hears the proposal in January is a meeting.
        (
            "Le projet est inscrit à notre plan d'investissement 2027. Pourriez-vous m'envoyer une "
            "proposition que je puisse présenter au conseil de janvier ?",
            date(2026, 11, 20),
            Timeline.six_months,
        ),
        # Carnival as a date.
        ("Queremos começar a implantação logo depois do Carnaval.", date(2026, 12, 15), Timeline.quarter),
        # Loose English: the 30th of the month, "3 weeks away", "nothing urgent", "immediately
        # thereafter" (after another date), a pilot as the start.
        ("I'd like to convert before the trial runs out on the 30th.", date(2026, 11, 20), Timeline.now),
        ("We want it running before the sale (3 weeks away).", date(2026, 11, 20), Timeline.now),
        ("nothing urgent, we'd be looking to get it going in january", date(2026, 11, 17), Timeline.quarter),
        (
            "Award is expected in the first week of January 2027, with work to commence immediately thereafter.",
            date(2026, 11, 17),
            Timeline.quarter,
        ),
        ("Approx SGD 60k per year, looking to pilot in January", date(2026, 11, 19), Timeline.quarter),
        # Moving a meeting names no purchase date.
        (
            "Any chance we can move to Thursday 3 Dec instead? Same time works.",
            date(2026, 11, 25),
            Timeline.unknown,
        ),
    ],
)
def test_dates_in_other_calendars_holidays_and_word_orders(text: str, sent: date, expected: Timeline) -> None:
    assert extract_timeline(text, sent)[0] is expected


def test_a_spanish_notification_box_is_the_service_and_the_submitter_the_person() -> None:
    msg = EmailMessage()
    msg["From"] = "FormaDesk <notificaciones@formadesk.com>"
    msg["Reply-To"] = "Lucía Carrasco <lucia.carrasco@viajesalbatros.es>"
    msg["To"] = "info@lumenhq.com"
    msg["Subject"] = "Nueva respuesta en «Solicita una demo»"
    msg["Date"] = "Tue, 10 Nov 2026 18:22:40 +0000"
    msg.set_content(
        "Tienes una nueva respuesta en tu formulario.\n\nNombre\nLucía Carrasco\n\n"
        "Correo electrónico\nlucia.carrasco@viajesalbatros.es\n\nEmpresa\nViajes Albatros S.L.\n\n"
        "Mensaje\nQueremos ver una demo la semana que viene.\n\n"
        "Recibes este correo porque las notificaciones están activadas. FormaDesk · Calle de Serrano 41\n"
    )
    fields = fields_of(msg.as_bytes())
    assert fields.person.email == "lucia.carrasco@viajesalbatros.es"
    assert fields.company.name == "Viajes Albatros S.L."


def test_a_reply_that_confirms_a_meeting_keeps_the_budget_the_person_gave_earlier() -> None:
    body = (
        "Thursday at 3pm works, see you then.\n\nMaya\n\n"
        "On Tue, 17 Nov 2026 at 09:02, Maya Brooks <maya@harbor-freight.example> wrote:\n"
        "> Hi Sam,\n> We have about $35,000 a year for this and want to be live in January.\n"
        "> Could we see a demo?\n> Maya\n\n"
        "On Mon, 16 Nov 2026 at 10:00, Sam Lee <sam@lumenhq.com> wrote:\n"
        "> Our list price for your team would be $42,000 a year.\n"
    )
    msg = EmailMessage()
    msg["From"] = "Maya Brooks <maya@harbor-freight.example>"
    msg["To"] = "Sam Lee <sam@lumenhq.com>"
    msg["Subject"] = "Re: Lumen demo"
    msg["Date"] = "Wed, 18 Nov 2026 11:00:00 -0500"
    msg.set_content(body)
    fields = fields_of(msg.as_bytes())
    assert fields.budget_usd == 35_000
    assert fields.timeline is Timeline.quarter


def test_answers_written_inline_in_the_tenants_quoted_questions_give_budget_and_timing() -> None:
    # Outlook quotes without ">" marks: the answers sit under each question of the tenant's message,
    # beside the tenant's own list prices.
    body = (
        "Hi Kelsey,\n\nAnswers inline below, marked [DA].\n\nDesmond\n\n"
        "________________________________\n"
        "From: Kelsey Morrow <kelsey.morrow@lumenhq.com>\n"
        "Sent: Thursday, February 5, 2026 3:18 PM\n"
        "To: Desmond Achterberg <desmond@stark-logistics.com>\n"
        "Subject: renewal and seat expansion\n\n"
        "1. Our list price for Forecast is US$38,000 per year for your data volumes.\n"
        "[DA] Finance has approved CAD 60,000 for this expansion in the current fiscal year.\n"
        "2. When would you want it live?\n"
        "[DA] We need the order form signed before our fiscal year-end on March 31.\n"
    )
    msg = EmailMessage()
    msg["From"] = "Desmond Achterberg <desmond@stark-logistics.com>"
    msg["To"] = "Kelsey Morrow <kelsey.morrow@lumenhq.com>"
    msg["Subject"] = "RE: renewal and seat expansion"
    msg["Date"] = "Mon, 09 Feb 2026 13:40:22 -0500"
    msg.set_content(body)
    fields = fields_of(msg.as_bytes())
    assert fields.budget_usd == 45_000  # CAD 60,000 at 0.75, not the quoted list price
    assert fields.timeline is Timeline.quarter  # March 31, not December's year-end


def test_a_nordic_reply_that_moves_a_meeting_keeps_the_timing_the_person_gave_earlier() -> None:
    # Apple Mail in Swedish puts the verb before the author: "… kl. 11:37 skrev Name <address>:".
    body = (
        "Hej Jonas,\n\nGår det att flytta demon till torsdag 26/11 kl. 10 i stället?\n\nMattias\n\n"
        "> 19 nov. 2026 kl. 15:02 skrev Jonas Lind <jonas.lind@lumenhq.com>:\n>\n"
        "> Vår listpris är 30 000 kr i månaden.\n>\n"
        ">> 18 nov. 2026 kl. 11:37 skrev Mattias Berg <mattias@berg-bygg.example>:\n>>\n"
        ">> Vi vill komma igång inom 6 veckor. Budgeten ligger runt 10 000 EUR per år.\n"
    )
    msg = EmailMessage()
    msg["From"] = "Mattias Berg <mattias@berg-bygg.example>"
    msg["To"] = "Jonas Lind <jonas.lind@lumenhq.com>"
    msg["Subject"] = "Re: Demo"
    msg["Date"] = "Fri, 20 Nov 2026 08:10:00 +0100"
    msg.set_content(body)
    fields = fields_of(msg.as_bytes())
    assert fields.budget_usd == 11_000  # his own EUR budget, never the tenant's list price
    assert fields.timeline is Timeline.quarter  # six weeks


@pytest.mark.parametrize(
    ("display", "name"),
    [
        ("Vries, Sanne de", "Sanne de Vries"),  # a directory's order, the particle last
        ("Kelvin Chan 陳家豪", "Kelvin Chan"),  # one name in two scripts: the one written first
    ],
)
def test_display_names_as_a_crm_enters_them(display: str, name: str) -> None:
    fields = fields_of(
        plain_mail(
            "Could you send pricing for 20 users?\n", sender=f'"{display}" <person@harbor-lane.example>'
        )
    )
    assert fields.person.name == name


# The organisation as written: a sentence, an imprint, a signature, and what is not one.
@pytest.mark.parametrize(
    ("body", "sender", "intent", "expected"),
    [
        pytest.param(
            "Lumen 团队，您好：\n\n我是诺思文贸易（上海）有限公司的 IT 运营经理周婷。请确认订阅不会自动续费。\n\n"
            "谢谢！\n\n周婷\nIT 运营经理\n诺思文贸易（上海）有限公司\n",
            "周婷 <zhou.ting@northwind-traders.com>",
            Intent.support,
            "诺思文贸易（上海）有限公司",
            id="chinese-place-in-parentheses",
        ),
        pytest.param(
            "Доброго дня!\n\nЯ Олена Ковальчук, керівниця відділу аналітики у компанії «Зерно Плюс». "
            "Нам потрібен інструмент для прогнозування попиту.\n\nДякую!\n\n"
            "З повагою,\nОлена Ковальчук\nКерівниця відділу аналітики\n+380 67 123 45 67\n",
            "Олена Ковальчук <o.kovalchuk@zernoplus.ua>",
            Intent.lead,
            "Зерно Плюс",
            id="quoted-after-company-word",
        ),
        pytest.param(
            "Halo, Sobat Data!\n\nBerikut rangkuman DataNusa Mingguan edisi #87.\n\nRedaksi DataNusa\n\n--\n"
            "Anda menerima email ini karena berlangganan buletin di datanusa.id.\n"
            "PT Media Data Nusantara - Jl. Kemang Raya No. 8, Jakarta Selatan 12730\n",
            "Buletin DataNusa <buletin@datanusa.id>",
            Intent.newsletter,
            "PT Media Data Nusantara",
            id="imprint-without-address",
        ),
        pytest.param(
            "お世話になっております。\n見積もりをお願いいたします。\n\n株式会社みなと物流\n情報システム部\n山本 健\n",
            "山本 健 <k.yamamoto@minato-butsuryu.jp>",
            Intent.lead,
            "株式会社みなと物流",
            id="hiragana-after-legal-form",
        ),
        pytest.param(
            "Morning Priya - any chance we can move to Tuesday instead? Same time works for me.\n\nOllie\n",
            "Oliver Pennington <oliver@pennington-lane.co.uk>",
            Intent.lead,
            None,
            id="short-first-name-is-not-one",
        ),
        pytest.param(
            "採用ご担当者様\n\n夏季インターンシップの募集についてお伺いしたくご連絡いたしました。\n"
            "履歴書を添付いたします。\n\nよろしくお願いいたします。\n\n佐藤 陽菜\n東京都目黒区在住\n",
            "佐藤 陽菜 <hina.sato.2003@gmail.com>",
            Intent.job_applicant,
            None,
            id="residence-is-not-one",
        ),
        pytest.param(
            "This week in data: three stories.\n\nRead more on our site.\n\n--\nUnsubscribe: https://dataledger.example/u\n"
            "© 2026 The Data Ledger, Inc. · 2120 University Ave, Suite 300, Berkeley, CA 94704\n",
            "The Data Ledger <news@dataledger.example>",
            Intent.newsletter,
            "The Data Ledger, Inc.",
            id="copyright-keeps-article",
        ),
        pytest.param(
            "Hej\n\nHvad koster Lumen Insights for 5 brugere?\n\nMvh Jonas\n\nSendt fra min iPhone\n",
            "Jonas Holm <jonas@holm-cykler.dk>",
            Intent.lead,
            None,
            id="sign-off-and-first-name-on-one-line",
        ),
        pytest.param(
            "Hola:\n\nQueremos una demo para el equipo de BI.\n\nSaludos,\n\nLucía Pardo\nGerente de Datos\n"
            "Estudio 21 Creativo, S.A. de C.V.\nAv. Reforma 222, CDMX\n",
            "Lucía Pardo <lucia@estudio21.mx>",
            Intent.lead,
            "Estudio 21 Creativo, S.A. de C.V.",
            id="number-inside-the-name",
        ),
        pytest.param(
            "Hi,\n\nWant 50,000 verified CFO emails? Reply for a free sample.\n\nRegards,\nTom Reed\n"
            "Growth Consultant | ProspectGrid Data\n",
            "Tom Reed <tom@bulk-contacts-now.xyz>",
            Intent.spam,
            "ProspectGrid Data",
            id="title-beside-the-name-in-junk",
        ),
        pytest.param(
            "Dear Sir,\n\nOur clients earn 20% per month, guaranteed.\n\nYours faithfully,\nAnna Hale\n"
            "Wealth Manager\nHALE & FORD ASSET PARTNERS\nwww.haleford-asset.com\n",
            "Anna Hale <hale.ford.asset@gmail.com>",
            Intent.spam,
            "HALE & FORD ASSET PARTNERS",
            id="capitals-the-domain-spells",
        ),
        pytest.param(
            "이번 주 데이터 소식입니다.\n\n발행처: 한빛데이터 | 대표: 김민수 | 서울특별시 강남구\n수신거부\n",
            "한빛데이터 뉴스레터 <news@hanbitdata.kr>",
            Intent.newsletter,
            "한빛데이터",
            id="korean-publisher-label",
        ),
        pytest.param(
            "Dear Hiring Team,\n\nI am currently a final-year student of MSc Finance at the Universidade de Lisboa "
            "and would like to apply for an internship.\n\nKind regards,\nRita Alves\n",
            "Rita Alves <rita.alves.99@gmail.com>",
            Intent.job_applicant,
            "Universidade de Lisboa",
            id="student-at-a-university",
        ),
        pytest.param(
            "안녕하세요.\n누리 데이터랩의 정하늘 책임입니다. 데모를 요청드립니다.\n\n감사합니다.\n정하늘 드림\n",
            "정하늘 <haneul@nuridatalab.kr>",
            Intent.lead,
            "누리 데이터랩",
            id="korean-two-word-name-introduced",
        ),
        pytest.param(
            "안녕하세요,\n모바일 가계부 '머니노트'를 운영하고 있는 한지민입니다. 요금표를 받을 수 있을까요?\n",
            "한지민 <jimin@moneynote.kr>",
            Intent.lead,
            "머니노트",
            id="korean-business-the-writer-runs",
        ),
        pytest.param(
            "Bonjour,\n\nNotre prochain webinaire a lieu le 3 décembre.\n\nL'équipe de l'ADQ\n"
            "Association des données du Québec (ADQ)\nSe désabonner : https://adq.example/u\n",
            "ADQ <info@adq.example>",
            Intent.newsletter,
            "Association des données du Québec",
            id="acronym-spelled-out-in-the-footer",
        ),
        pytest.param(
            "Madame, Monsieur,\n\nActuellement en 4e année à l'Institut Polytechnique de Data Science "
            "de Rennes, je cherche un stage.\n\nCordialement,\nManon Leroy\nÉlève ingénieure – IPDS Rennes\n",
            "Manon Leroy <manon.leroy@etu.ipds-rennes.fr>",
            Intent.job_applicant,
            "Institut Polytechnique de Data Science de Rennes",
            id="acronym-and-town-spelled-out-in-the-body",
        ),
        # A sentence gives the name in another case; the signature writes it as people search for it.
        pytest.param(
            "Dzień dobry,\n\njestem studentką III roku Informatyki na Politechnice Warszawskiej i chciałabym "
            "zgłosić się na praktyki.\n\nZ poważaniem\nZofia Wiśniewska\nPolitechnika Warszawska, Wydział "
            "Elektroniki\n",
            "Zofia Wiśniewska <zofia.w@gmail.com>",
            Intent.job_applicant,
            "Politechnika Warszawska",
            id="polish-locative-in-the-body-nominative-signed",
        ),
        pytest.param(
            "Hallo,\n\nich bin Masterstudentin an der Technischen Universität München und bewerbe mich um "
            "ein Praktikum.\n\nViele Grüße\nLena Vogt\nTechnische Universität München | Informatik\n",
            "Lena Vogt <lena.vogt@gmail.com>",
            Intent.job_applicant,
            "Technische Universität München",
            id="german-dative-in-the-body-nominative-signed",
        ),
        pytest.param(
            "Hallo,\n\nich studiere im 3. Semester den Master Informatik an der Technischen Universität Dresden "
            "und bewerbe mich als Werkstudentin.\n\nViele Grüße\nLea Hoffmann\n",
            "Lea Hoffmann <lea.hoffmann.97@gmail.com>",
            Intent.job_applicant,
            "Technische Universität Dresden",
            id="german-dative-adjective-with-no-signature-to-follow",
        ),
        # An applicant's place of study named in passing is their organisation; where they studied is not.
        pytest.param(
            "hoi,\nik ben daan, 3e jaars Business IT & Management aan de Hogeschool van Amsterdam. hebben "
            "jullie plek voor een stagiair?\ngr daan\n",
            "Daan Verhoeven <daanverhoeven03@gmail.com>",
            Intent.job_applicant,
            "Hogeschool van Amsterdam",
            id="student-names-the-school-in-passing",
        ),
        pytest.param(
            "Bonjour,\n\nJe suis actuellement en M2 Data Science à l'Université Paris-Saclay et je recherche "
            "un stage de 6 mois.\n\nBien cordialement,\nInès Belkacem\n",
            "Inès Belkacem <ines.b99@gmail.com>",
            Intent.job_applicant,
            "Université Paris-Saclay",
            id="student-names-the-university-after-a-connector",
        ),
        pytest.param(
            "Dear Lumen team,\n\nI recently completed a PhD in forecasting at the University of Edinburgh and "
            "am looking for an industry role.\n\nFraser Macleod\n",
            "Fraser Macleod <fraser.macleod@protonmail.com>",
            Intent.job_applicant,
            None,
            id="where-the-applicant-studied-is-not-their-organisation",
        ),
        pytest.param(
            "G'day,\n\nI'm a one-man bookkeeping outfit. Is a white label portal something you'd do?\n\n"
            "Cheers\nJim\n\nJim Papadopoulos t/a Harbourside Bookkeeping\nABN 51 824 753 556\n",
            "Jim Papadopoulos <jim@harboursidebooks.com.au>",
            Intent.lead,
            "Harbourside Bookkeeping",
            id="sole-trader-trading-as",
        ),
        pytest.param(
            "Good evening,\n\nPlease find attached my CV.\n\nI currently lead the settlements team at "
            "Interswift Payments in Lagos.\n\nYours sincerely,\nEmeka Nwosu\nLagos, Nigeria\n",
            "Emeka Nwosu <emeka.nwosu@yahoo.com>",
            Intent.job_applicant,
            "Interswift Payments",
            id="employer-after-an-adverb-and-a-team",
        ),
        pytest.param(
            "Chào anh/chị,\nEm là Phúc, Giám đốc Kinh doanh bên Sao Việt Software. Bên em muốn mua license.\n"
            "Trân trọng,\n--\nNguyễn Hoàng Phúc\nGiám đốc Kinh doanh\nCông ty TNHH Giải pháp Phần mềm Sao Việt\n"
            "Web: www.saoviet-soft.vn\n",
            "Nguyễn Hoàng Phúc <phuc.nguyenhoang@gmail.com>",
            Intent.lead,
            "Công ty TNHH Giải pháp Phần mềm Sao Việt",
            id="vietnamese-legal-name-around-the-name-the-domain-spells",
        ),
        pytest.param(
            "안녕하세요.\n저는 현재 서울 성수동에 있는 (주)데이터온에서 4년째 데이터 엔지니어로 일하고 있습니다.\n"
            "이력서를 첨부드립니다.\n\n이민준 드림\n",
            "이민준 <minjun.lee92@naver.com>",
            Intent.job_applicant,
            "(주)데이터온",
            id="korean-form-opens-the-name-its-particle-cut",
        ),
        pytest.param(
            "採用ご担当者様\n\n現在、横浜に本社を置く株式会社東邦データサービスにて、データ基盤の開発を担当しております。\n"
            "履歴書を添付いたします。\n\n中村 翔太\n",
            "中村 翔太 <shota.nakamura.0427@gmail.com>",
            Intent.job_applicant,
            "株式会社東邦データサービス",
            id="japanese-verb-before-a-form-that-opens-the-name",
        ),
        pytest.param(
            "رقمنة الأسبوعية - العدد 57\nاقرأ العدد كاملاً: https://raqmana.sa/newsletter/57\n--\n"
            "لإلغاء الاشتراك: https://raqmana.sa/unsubscribe\nشركة رقمنة للإعلام الرقمي - الرياض، المملكة العربية السعودية\n",
            "نشرة رقمنة <newsletter@raqmana.sa>",
            Intent.newsletter,
            "شركة رقمنة للإعلام الرقمي",
            id="arabic-publisher-then-its-address-on-one-line",
        ),
        pytest.param(
            "Hola,\n\nles escribo por una propuesta de desarrollo nearshore.\n\nAbrazo,\nMartín Sosa\n"
            "Cofundador · Sureño Software\nCórdoba, Argentina\n",
            "Martín Sosa <martinsosa.dev@gmail.com>",
            Intent.vendor,
            "Sureño Software",
            id="founder-title-in-spanish-before-the-firm",
        ),
        pytest.param(
            "La collezione Lino 2026 è online.\nScopri: https://sartorialigure.it/lino\n\n"
            "Sartoria Ligure è un marchio di Tessiture Riunite S.p.A. · Via XX Settembre 41/3 · 16121 Genova\n"
            "Annulla l'iscrizione: https://sartorialigure.it/u\n",
            "Sartoria Ligure <ciao@sartorialigure.it>",
            Intent.newsletter,
            "Sartoria Ligure",
            id="a-brand-of-another-firm-is-the-brand",
        ),
        pytest.param(
            "[ÖVLL – Österreichischer Verband für Lagerlogistik]\n\nEinladung zur Fachtagung am 11. Juni.\n\n"
            "Mit freundlichen Grüßen\nIhre ÖVLL-Geschäftsstelle\nVom Newsletter abmelden: https://oevll.at/u\n",
            "ÖVLL <office@oevll.at>",
            Intent.newsletter,
            "Österreichischer Verband für Lagerlogistik",
            id="office-written-onto-an-acronym-of-a-compound",
        ),
        pytest.param(
            "Febrero viene cargado: taller, demos y nuevo horario.\n\n¡Nos vemos en la Colmena!\n"
            "Colima 149, Roma Norte, Ciudad de México\nDarte de baja: https://colmenacowork.mx/u\n",
            "Colmena Cowork <hola@colmenacowork.mx>",
            Intent.newsletter,
            "Colmena Cowork",
            id="the-name-spelling-the-whole-domain-beats-its-first-word",
        ),
        pytest.param(
            "(광고) 탑클릭마케팅\n안녕하세요, 대표님!\n네이버 플레이스 상위노출 100% 보장.\n\n탑클릭마케팅 | 김도윤 실장\n"
            "010-4821-7733\n",
            "탑클릭마케팅 <topclick_mk@naver.com>",
            Intent.spam,
            "탑클릭마케팅",
            id="a-hangul-word-too-long-for-a-korean-name-is-a-business",
        ),
        pytest.param(
            "Olá, tudo bem?\n\nVaga 100% home office: chame no WhatsApp.\n\nAtenciosamente,\nCamila Duarte\n"
            "Recrutamento & Seleção – Mercado Livre\nSão Paulo - SP\n",
            "Camila Duarte - RH <camila.duarte.rh.vagas@gmail.com>",
            Intent.spam,
            "Mercado Livre",
            id="a-recruiting-department-before-the-brand",
        ),
        pytest.param(
            "Save the date: Torino Data Days, 4-5 June.\n\nTorino Data Days è un'iniziativa di ADP – "
            "Associazione Dati Piemonte\nVia Roma 1, Torino\nDisiscriviti\n",
            "Torino Data Days <news@torinodatadays.example>",
            Intent.newsletter,
            "Associazione Dati Piemonte",
            id="event-of-an-association",
        ),
        pytest.param(
            "LISBON DATA SUMMIT 2026\nO programa está fechado!\n\nA equipa do Lisbon Data Summit\n---\n"
            "O Lisbon Data Summit é uma organização Pixel Norte\nRua do Almada 210, 4050-032 Porto, Portugal\n"
            "Cancelar subscrição: https://lisbondatasummit.com/unsub\n",
            "Pixel Norte <info@lisbondatasummit.com>",
            Intent.newsletter,
            "Pixel Norte",
            id="an-event-said-to-be-organised-by-its-publisher",
        ),
        pytest.param(
            "Suppliers are invited to an online briefing on 26 November.\nRegister: https://www.dso.gov.uk/events\n\n"
            "Data Standards Office\nOrchard House, 14 Lambeth Walk, London SE11 6DX\n"
            "Unsubscribe: https://www.dso.gov.uk/email/unsubscribe\n",
            "DSO Events <events@dso.gov.uk>",
            Intent.newsletter,
            "Data Standards Office",
            id="a-building-opening-the-address-is-not-the-publisher",
        ),
        pytest.param(
            "Butlletí de febrer.\n\nFins aviat,\nL'equip de la Xarxa\n---\n"
            "Fundació Xarxa d'Innovació Digital de Catalunya\nCarrer de Pallars, 85 · 08018 Barcelona\n"
            "Donar-se de baixa: https://xarxadigital.example/baixa\n",
            "Xarxa d'Innovació Digital <butlleti@xarxadigital.example>",
            Intent.newsletter,
            "Fundació Xarxa d'Innovació Digital de Catalunya",
            id="a-street-opening-the-address-is-not-the-publisher",
        ),
        pytest.param(
            "Boletín de ayudas, julio.\n\n------------------------------------------------------------\n"
            "© 2026 Instituto de Fomento Digital de Asturias\n"
            "Parque Científico y Tecnológico de Gijón · 33203 Gijón (Asturias)\n"
            "Recibe este boletín porque se suscribió en www.ifda.es.\n",
            "Boletín IFDA <boletin@ifda.es>",
            Intent.newsletter,
            "Instituto de Fomento Digital de Asturias",
            id="a-copyright-holder-the-domain-abbreviates-before-the-postal-line",
        ),
        pytest.param(
            "Every March I get the same three emails from finance leaders.\n\n"
            "Share it: https://thequarterlyclose.substack.com/p/why?utm_source=substack&utm_medium=email\n"
            "© 2026 Hannah Liu\n548 Market Street PMB 72296, San Francisco, CA 94104\n",
            "Hannah Liu from The Quarterly Close <thequarterlyclose@substack.com>",
            Intent.newsletter,
            "The Quarterly Close",
            id="a-platform-named-in-a-links-parameters-is-not-written-in-the-text",
        ),
        pytest.param(
            "Welcome to issue #87.\n\n1. The semantic layer wars are back\n\nThat's it for this week.\nMorgan\n"
            "© 2026 Morgan Ellis\n548 Market Street PMB 72296, San Francisco, CA 94104\n",
            "Morgan Ellis from The Data Stack Weekly <thedatastackweekly@substack.com>",
            Intent.newsletter,
            "The Data Stack Weekly",
            id="a-publication-the-address-spells-though-its-words-head-departments",
        ),
        pytest.param(
            "Hej!\n\nDen här veckan vill jag prata om månadsrapporten.\n\nVi hörs!\nElin\n"
            "Datadrivet är ett läsarstött nyhetsbrev.\nGilla · Kommentera · Dela\n",
            "Elin Sjöberg from Datadrivet <datadrivet@substack.com>",
            Intent.newsletter,
            "Datadrivet",
            id="the-publication-the-address-spells-before-any-footer-line",
        ),
        pytest.param(
            "Dzień dobry,\n\njestem studentem na Wydziale Matematyki i Informatyki Uniwersytetu "
            "Jagiellońskiego i szukam stażu.\n\nPozdrawiam serdecznie\nMateusz Kowalczyk\n"
            "Uniwersytet Jagielloński, Wydział Matematyki i Informatyki\n"
            "ul. prof. Stanisława Łojasiewicza 6, 30-348 Kraków\n",
            "Mateusz Kowalczyk <mateusz.kowalczyk@student.uj.edu.pl>",
            Intent.job_applicant,
            "Uniwersytet Jagielloński",
            id="a-faculty-after-a-comma-is-a-unit-of-the-university",
        ),
        pytest.param(
            "Szanowni Państwo,\n\nprosimy o ofertę cenową na platformę raportową.\n\nZ poważaniem\n"
            "Agnieszka Woźniak\nInspektor\nWydział Informatyki i Cyfryzacji\nUrząd Miejski w Lesznie\n"
            "ul. Kazimierza Karasia 15, 64-100 Leszno\n",
            "Agnieszka Woźniak <a.wozniak@um.leszno.pl>",
            Intent.lead,
            "Urząd Miejski w Lesznie",
            id="the-town-after-a-postcode-is-no-name-though-the-domain-spells-it",
        ),
        pytest.param(
            "Beste Anouk,\n\nKunnen jullie een demo geven aan ons BI-team?\n\nMet vriendelijke groet,\n"
            "Ruud Kampen\nTeamleider BI & Analytics\nDienst Informatievoorziening & ICT\n"
            "Hogeschool IJsselland\nPostbus 10090, 8000 GB Zwolle\n",
            "Ruud Kampen <r.kampen@hs-ijsselland.nl>",
            Intent.lead,
            "Hogeschool IJsselland",
            id="a-dutch-dienst-is-a-unit-above-the-organisation",
        ),
        pytest.param(
            "Olá!\n\nEstão abertas as inscrições para o CBDA 2026.\n\nAté lá!\nEquipe ABDA\n"
            "Associação Brasileira de Dados Abertos – ABDA · Rua Augusta, 1508 · São Paulo/SP\n",
            "ABDA <contato@abda.org.br>",
            Intent.newsletter,
            "Associação Brasileira de Dados Abertos",
            id="an-acronym-written-after-its-name-and-a-dash",
        ),
        pytest.param(
            "Care amiche e cari amici di AIAD,\n\neccoci all'ultimo numero dell'anno.\n\nBuone feste!\n"
            "La segreteria AIAD\n",
            "AIAD – Associazione Italiana Analisti Dati <notizie@aiad-dati.it>",
            Intent.newsletter,
            "Associazione Italiana Analisti Dati",
            id="an-acronym-the-display-name-spells-out",
        ),
        pytest.param(
            "JULEKAFFEN ER LANDET\n\nÅrets julekaffe er en blanding af Etiopien Guji og Brasilien.\n\n"
            "Glædelig jul fra os alle i butikken på Jægersborggade.\n"
            "Jægersborggade 41, 2200 København N · CVR 38765432\n",
            "Bønnebaren <hej@boennebaren.dk>",
            Intent.newsletter,
            "Bønnebaren",
            id="a-nordic-letter-spelled-out-in-the-domain",
        ),
        pytest.param(
            "Kia ora koutou,\n\nHow do we export the Guard audit log?\n\nNgā mihi nui,\nHemi Tipene\n"
            "Kaitātari Raraunga | Data Analyst\n"
            "Te Kaunihera ā-Rohe o Ruapehu Coast | Ruapehu Coast District Council\n"
            "Private Bag 1001, Taihape 4720\n",
            "Hemi Tipene <hemi.tipene@ruapehucoast.govt.nz>",
            Intent.support,
            "Ruapehu Coast District Council",
            id="the-kind-of-body-after-the-name-the-domain-spells",
        ),
        pytest.param(
            "Boletín AEDA nº 58\n\nHola:\n\nEste mes llega cargado de novedades.\n\nEl equipo de AEDA\n"
            "Copyright © 2026 Asociación Española para los Datos Abiertos (AEDA), todos los derechos reservados.\n",
            "Asociación Española para los Datos Abiertos <boletin@datosabiertos-asociacion.es>",
            Intent.newsletter,
            "Asociación Española para los Datos Abiertos",
            id="para-los-inside-a-name",
        ),
        pytest.param(
            "Sehr geehrte Damen und Herren\n\nDie Stiftung Datenkompetenz Schweiz fördert seit 2019 die "
            "Datenkompetenz von Jugendlichen.\n\nFreundliche Grüsse\nLea Baumgartner\nLeiterin Partnerschaften\n"
            "Stiftung Datenkompetenz Schweiz\nSchanzeneckstrasse 19\n3012 Bern\n",
            "Lea Baumgartner <lea.baumgartner@datenkompetenz-stiftung.ch>",
            Intent.vendor,
            "Stiftung Datenkompetenz Schweiz",
            id="a-name-holding-the-domains-parts-in-another-order",
        ),
        pytest.param(
            "Grüezi\n\nSeit heute Morgen zeigen alle Dashboards nur noch «Keine Daten verfügbar».\n\n"
            "Besten Dank und freundliche Grüsse\nAndrea Studer\nBusiness Analystin\n"
            "[Konsumgenossenschaft Aaretal]\nBälliz 22, 3600 Thun\n",
            "Studer Andrea (KGA) <andrea.studer@kg-aaretal.ch>",
            Intent.support,
            "Konsumgenossenschaft Aaretal",
            id="an-acronym-a-signature-line-spells-out",
        ),
        pytest.param(
            "Uitnodiging: Data Dag Utrecht 2027.\n\nHet bestuur van de VDAN\n"
            "Vereniging Data & Analytics Nederland - Catharijnesingel 53 - 3511 GC Utrecht - KvK 40512345\n",
            "VDAN <nieuwsbrief@vdan.nl>",
            Intent.newsletter,
            "Vereniging Data & Analytics Nederland",
            id="an-acronym-a-footer-segment-spells-out",
        ),
        pytest.param(
            "Boletín de mayo\n\nGracias por formar parte de la comunidad.\nEl equipo de la AEAD\n—\n"
            "Asociación Española de Analítica de Datos (AEAD) · Calle de Alcalá 85, 28009 Madrid\n",
            "AEAD <boletin@aead.es>",
            Intent.newsletter,
            "Asociación Española de Analítica de Datos",
            id="an-acronym-above-a-rule-line-and-its-name",
        ),
        pytest.param(
            "Chères et chers membres,\n\nVoici l'infolettre de mars.\n\nMeilleures salutations,\nLe comité\n--\n"
            "Association romande des professionnels de la donnée · Case postale 1234 · 1211 Genève 1\n",
            "ARPD <infolettre@arpd.ch>",
            Intent.newsletter,
            "Association romande des professionnels de la donnée",
            id="an-acronym-spelled-by-words-in-lower-case",
        ),
        pytest.param(
            "Prezados,\n\nMeu nome é Letícia, sou estudante do 7º período de Estatística na Universidade Federal"
            " do Vale do Itapocu e gostaria de me candidatar a uma vaga de estágio.\n\nAtenciosamente,\n"
            "Letícia Yamamoto Ferraz\nGraduanda em Estatística – UFVI\n",
            "Letícia Yamamoto Ferraz <leticia.ferraz@ufvi.edu.br>",
            Intent.job_applicant,
            "Universidade Federal do Vale do Itapocu",
            id="an-acronym-a-sentence-spells-out",
        ),
        pytest.param(
            "Bonjour à toute la communauté!\n\nVoici l'infolettre de décembre.\n\nL'équipe du RQD\n—\n"
            "Vous recevez ce courriel parce que vous êtes abonné(e) à l'infolettre.\n"
            "Réseau Québec Données (RQD) · 1255, rue Peel, bureau 900, Montréal (Québec)  H3B 2T9\n",
            "Réseau Québec Données <infolettre@reseauqcdonnees.org>",
            Intent.newsletter,
            "Réseau Québec Données",
            id="a-network-the-domain-abbreviates",
        ),
        pytest.param(
            "Sveiki,\n\nšį mėnesį prie asociacijos prisijungė 14 naujų narių.\n\nLDMA komanda\n—\n"
            "Lietuvos duomenų mokslo asociacija · Gedimino pr. 9, Vilnius\n",
            "LDMA <naujienos@ldma.lt>",
            Intent.newsletter,
            "Lietuvos duomenų mokslo asociacija",
            id="an-acronym-signed-by-its-team-in-lithuanian",
        ),
        pytest.param(
            "Madame, Monsieur,\n\nÉtudiante en deuxième année de master à l'Université libre de Bruxelles "
            "(Solvay Brussels School), je suis à la recherche d'un stage.\n\nCamille Dubois\n+32 478 21 65 09\n",
            "Camille Dubois <camille.dubois@ulb.be>",
            Intent.job_applicant,
            "Université libre de Bruxelles",
            id="a-school-with-an-adjective-in-lower-case",
        ),
        pytest.param(
            "hi! is lumen hiring summer interns for 2026?\n\nthank you!!\nkayla mendoza (she/her)\n"
            "B.S. Statistics & Data Science '27\nThe University of Texas at Austin\n",
            "Mendoza, Kayla A <kmendoza@utexas.edu>",
            Intent.job_applicant,
            "The University of Texas at Austin",
            id="a-campus-after-its-university",
        ),
        pytest.param(
            "Hola,\n\nos adjunto mi tarifa para traducciones técnicas.\n\nUn saludo,\nLucía Herrero Sanz\n"
            "Traductora técnica EN>ES · Miembro de ASETRAD\nwww.luciaherrero.es\n",
            "Lucía Herrero Sanz <luciaherrero.trad@gmail.com>",
            Intent.vendor,
            None,
            id="a-membership-is-no-employer",
        ),
        pytest.param(
            "Madame, Monsieur,\n\nSerait-il possible d'organiser une réunion de présentation ?\n\n"
            "Nathalie Van Hoorebeke\nAttachée – Cellule Données et Indicateurs\nDirection du Pilotage\n"
            "Service général du Pilotage du système éducatif\nFédération Wallonie-Bruxelles\n"
            "Boulevard du Jardin Botanique 20-22, 1000 Bruxelles\n",
            "Van Hoorebeke Nathalie <nathalie.vanhoorebeke@cfwb.be>",
            Intent.lead,
            "Fédération Wallonie-Bruxelles",
            id="units-of-a-public-body-above-it",
        ),
        pytest.param(
            "hola, quiero dar de baja la suscripcion. no me cobren noviembre porfa!!\n\ngracias\n"
            "Lucía Ferreyra\nAlmacén Natural Palermo\nGorriti 4820, CABA\n",
            "Lu Ferreyra <lu_ferreyra88@hotmail.com>",
            Intent.support,
            "Almacén Natural Palermo",
            id="the-persons-full-name-under-a-short-display-name-is-not-the-company",
        ),
        pytest.param(
            "Hola,\n\n¿Cómo programo el envío en PDF?\n\nSaludos,\nMariana\n--\nMariana Techera\n"
            "Unidad de Informática – Instituto de Computación\nUniversidad de la República\n"
            "J. Herrera y Reissig 565, Montevideo, Uruguay\n",
            "Mariana Techera <mtechera@fing.edu.uy>",
            Intent.support,
            "Universidad de la República",
            id="a-unidad-is-a-unit-of-the-university",
        ),
        pytest.param(
            "BUSINESS BULLETIN\n\nThe Westmere Christmas Market runs every weekend.\n\n"
            "You are subscribed to Business Bulletin for Westmere District Council.\n"
            "This email was sent to info@lumenhq.com using GovDelivery Communications\n"
            "Cloud on behalf of: Westmere District Council · Civic Centre, Market\nStreet · Westmere WS1 2AB\n"
            "Granicus, 707 17th Street, Suite 4000, Denver, CO 80202\n",
            "Westmere District Council <westmere@public.govdelivery.com>",
            Intent.newsletter,
            "Westmere District Council",
            id="a-sending-platform-sends-on-behalf-of-the-publisher",
        ),
        pytest.param(
            "Sehr geehrte Damen und Herren,\n\nwir möchten eine Demo.\n\nMit freundlichen Grüßen\nCarsten Eichhorn\n"
            "--\nProf. Dr. Carsten Eichhorn\nProfessur für Controlling und Datenanalyse\nFachbereich Wirtschaft\n"
            "Hochschule Rhein-Lahn\nAm Hochschulcampus 2, 56130 Bad Ems\n",
            "Carsten Eichhorn <carsten.eichhorn@hs-rheinlahn.de>",
            Intent.lead,
            "Hochschule Rhein-Lahn",
            id="a-professorship-and-a-faculty-above-the-university",
        ),
        pytest.param(
            "Mittelstand Digital Brief 10/2026\nDer Newsletter des Digitalverband Mittelstand e.V.\n\n"
            "Liebe Mitglieder,\n\nder Herbst bringt wieder einiges an Regulierung.\n\n---\n"
            "Digitalverband Mittelstand e.V.\nReinhardtstraße 12, 10117 Berlin\n",
            "Digitalverband Mittelstand e.V. <newsletter@digitalverband-mittelstand.de>",
            Intent.newsletter,
            "Digitalverband Mittelstand e.V.",
            id="der-newsletter-des-leads-into-the-publisher",
        ),
        pytest.param(
            "Sehr geehrte Damen und Herren,\n\nbitte senden Sie uns ein Angebot.\n\ni. A. Katrin Wöhrle\n"
            "Leiterin Digitalisierung\n\nKessler Präzisionsteile GmbH & Co. KG\nIndustriestraße 14\n73431 Aalen\n"
            "Sitz der Gesellschaft: Aalen | Registergericht: Amtsgericht Ulm HRA 720418\n"
            "Persönlich haftende Gesellschafterin: Kessler Verwaltungs-GmbH, Sitz Aalen,\nAmtsgericht Ulm HRB 731125\n",
            "Wöhrle, Katrin <k.woehrle@kessler-praezision.de>",
            Intent.lead,
            "Kessler Präzisionsteile GmbH & Co. KG",
            id="the-general-partner-in-the-imprint-is-not-the-firm",
        ),
        pytest.param(
            "Monthly digest: meetups, scholarships and a call for volunteers.\n\nWarm regards,\nTeam IDSF\n----\n"
            "IDSF - Indian Data Science Foundation is a not-for-profit company registered under Section 8.\n"
            "Unsubscribe: https://r.idsf.org.in/unsubscribe\n",
            "IDSF <digest@idsf.org.in>",
            Intent.newsletter,
            "Indian Data Science Foundation",
            id="an-acronym-spelled-out-before-a-sentence",
        ),
        pytest.param(
            "Invitación al Foro de Datos 2027.\n\nOrganiza: Asociación Andaluza de Datos (AAD)\n"
            "Este correo se ha enviado mediante Cvent en nombre del organizador.\n",
            "Foro de Datos <noreply@cvent-planner.example>",
            Intent.newsletter,
            "Asociación Andaluza de Datos",
            id="organiser-label-over-the-sending-platform",
        ),
        pytest.param(
            "Buongiorno,\n\nvorremmo una demo.\n\nCordiali saluti\nGiulia Neri\nLa Rete Comunicazione Soc. Coop.\n",
            "Giulia Neri <giulia@laretecom.example>",
            Intent.lead,
            "La Rete Comunicazione Soc. Coop.",
            id="italian-cooperative-form",
        ),
        pytest.param(
            "Hallo,\n\nwir möchten ein Angebot.\n\nViele Grüße\nTom Berg\nDie Zahlenwerker GmbH\n",
            "Tom Berg <tom@die-zahlenwerker.example>",
            Intent.lead,
            "Die Zahlenwerker GmbH",
            id="article-on-a-line-the-legal-name-fills",
        ),
        pytest.param(
            "Merhaba,\n\nFiyat teklifi rica ediyoruz.\n\nSaygılarımla,\n\nAyşe Kaya\nSatış Müdürü\nMarmara Tekstil\n"
            "Levent / İstanbul\n",
            "Ayşe Kaya <ayse@marmaratekstil.example>",
            Intent.lead,
            "Marmara Tekstil",
            id="turkish-title-above-the-name",
        ),
        pytest.param(
            "Your listing expires soon. Pay $89 to keep it.\n\nDomain Renewal Notices\n"
            "PO Box 77, Henderson, NV 89014\n",
            "Mark Stevens <notice@renewal-notices.example>",
            Intent.spam,
            None,
            id="a-state-and-postcode-is-no-legal-form",
        ),
        pytest.param(
            "Здравствуйте! Предлагаем базы контактов.\n",
            "Отдел продаж DataBaza <sales@databaza.example>",
            Intent.spam,
            "DataBaza",
            id="russian-sales-department-before-the-brand",
        ),
        pytest.param(
            "Tiene un reembolso pendiente. Confirme sus datos en el enlace.\n\nAtentamente,\n\n"
            "Agencia Estatal de Administración Tributaria\n",
            "Agencia Tributaria <avisos@reembolsos-sede.example>",
            Intent.spam,
            "Agencia Estatal de Administración Tributaria",
            id="brand-spelled-out-with-words-between",
        ),
        pytest.param(
            "Νέα τεύχος του ενημερωτικού μας δελτίου.\n\n© 2026 DataWave Media Α.Ε. · Λεωφ. Κηφισίας 10, Αθήνα\n",
            "DataWave <news@datawave.example>",
            Intent.newsletter,
            "DataWave Media Α.Ε.",
            id="copyright-notice-before-a-greek-legal-name",
        ),
    ],
)
def test_the_company_as_written(body: str, sender: str, intent: Intent, expected: str | None) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected
