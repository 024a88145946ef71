"""Timing in Malay, Hebrew and Persian, and dates that time no purchase: an out-of-office note's
return and a booking's time of day."""

from __future__ import annotations

from datetime import date

import pytest

from mailtriage.extract.fields_timeline import extract_timeline
from mailtriage.extract.schemas import Timeline


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        ("Kalau boleh nak aktifkan minggu depan sebelum sales kickoff kami.", date(2026, 10, 5), Timeline.now),
        ("אנחנו צריכים להתחיל כמה שיותר מהר.", date(2026, 10, 5), Timeline.now),
        # Persian digits, and "early in the year" before the year.
        ("قصد داریم از اوایل سال ۲۰۲۷ میلادی پروژه را شروع کنیم.", date(2026, 9, 7), Timeline.six_months),
        ("Kami merencanakan mulai awal tahun 2027.", date(2026, 11, 2), Timeline.quarter),
        # Bulgarian and Croatian months, Estonian "at once", Latvian "this month", Hungarian "early next year".
        ("Искаме да стартираме до средата на декември.", date(2026, 10, 5), Timeline.quarter),
        ("Htjeli bismo krenuti od siječnja.", date(2026, 11, 18), Timeline.quarter),
        ("Tahaksime alustada kohe, hiljemalt selle kuu lõpus.", date(2026, 11, 18), Timeline.now),
        ("Pasūtījumu vēlamies apstiprināt vēl šomēnes.", date(2026, 11, 10), Timeline.now),
        ("A bevezetést jövő év elején tervezzük.", date(2026, 11, 10), Timeline.six_months),
        ("Kohei Tanaka will join our team.", date(2026, 11, 18), Timeline.unknown),
        # Czech "within the next 3-4 weeks", Danish "3rd quarter", a Slovak month, Latvian "next
        # year's second half", German "get going straight away".
        ("Rozhodnout a začít chceme během příštích 3-4 týdnů.", date(2025, 10, 14), Timeline.now),
        ("Planen er at gå live i løbet af 3. kvartal.", date(2026, 2, 5), Timeline.six_months),
        ("Od 1. apríla rozširujeme tím controllingu a plánovania.", date(2026, 3, 10), Timeline.now),
        ("Risinājumu vēlamies ieviest nākamā gada otrajā pusē.", date(2025, 10, 20), Timeline.six_months),
        ("Wenn es passt, würde ich direkt loslegen.", date(2026, 5, 16), Timeline.now),
        # Midsummer is late June, not the middle of summer.
        ("Vi vill gärna ha något på plats före midsommar.", date(2026, 4, 2), Timeline.quarter),
        ("They need the dashboards live within the month, ahead of their year-end reporting.", date(2026, 1, 21), Timeline.now),
        # A deadline to commit the money is the purchase date; a committee is no commitment.
        ("The remaining $18k has to be committed before June 30.", date(2026, 6, 2), Timeline.now),
        ("I will take the prices to the Finance Committee on the 24th.", date(2025, 6, 10), Timeline.unknown),
        # The month just before the Date is past, not next year's.
        ("Dopo l'audit che abbiamo avuto a ottobre vorremmo attivare Lumen Guard.", date(2025, 11, 18), Timeline.unknown),
        # "la marca" is a brand, not the Polish March.
        ("Venem amb la marca Nuts&Co. I ho necessitem ja, aquest mateix mes.", date(2025, 9, 9), Timeline.now),
        # A month that comes every year is no date.
        (
            "Cada diciembre me quedo sin inventario. Lo necesito ya, los pedidos se hacen este mes.",
            date(2025, 10, 6),
            Timeline.now,
        ),
        # Not a purchase date.
        ("I am out of the office until Monday 9 November with no access to email.", date(2026, 11, 2), Timeline.unknown),
        ("11:00am - Thursday, October 29, 2026 (Greenwich Mean Time)", date(2026, 10, 20), Timeline.unknown),
        # A tender's deadline for questions is the bidders' date; the project's start is the timeline.
        (
            "- Envio de dúvidas: até 28/08/2026\n- Início previsto do projeto: janeiro de 2027",
            date(2026, 8, 10),
            Timeline.six_months,
        ),
        # Finnish, Indonesian, Spanish and Hebrew phrasings; the middle of a month in Chinese.
        ("Haluaisimme ottaa palvelun käyttöön vielä tämän kvartaalin aikana.", date(2026, 1, 14), Timeline.quarter),
        ("Targetnya go-live di semester kedua tahun ini.", date(2026, 2, 10), Timeline.six_months),
        ("El objetivo es tenerlo en producción antes de que acabe el año.", date(2026, 3, 5), Timeline.six_months),
        ("התקציב הוא 60,000 דולר לשנה, והיעד הוא להשיק ללקוחות לפני סוף השנה.", date(2026, 6, 18), Timeline.six_months),
        ("目前規劃的預算上限約為每年 3 萬美元，希望能在 4 月中前上線。", date(2026, 3, 2), Timeline.quarter),
        # A past season in Norwegian is no date ahead; the deadline in the next sentence is.
        (
            "Vi har brukt plattformen siden i fjor høst. Vi vil gjerne ha dette på plass innen utgangen av februar.",
            date(2026, 2, 2),
            Timeline.now,
        ),
        # German, Norwegian, Swedish, Slovak and Serbian phrasings.
        ("Der Projektstart ist für das kommende Quartal vorgesehen.", date(2026, 2, 17), Timeline.quarter),
        ("Målet er å komme i gang innen utgangen av måneden.", date(2026, 11, 3), Timeline.now),
        ("Vi vill gärna vara igång senast den 15 april.", date(2026, 2, 2), Timeline.quarter),
        ("Projekt by sme chceli spustiť najneskôr do konca roka.", date(2025, 6, 10), Timeline.six_months),
        ("Planiramo da krenemo početkom sledeće godine.", date(2025, 8, 19), Timeline.six_months),
        # A range in words; "as fast as possible" in French; the end of a month in Chilean Spanish.
        ("On aimerait démarrer d'ici deux ou trois semaines, avant la saison.", date(2026, 4, 20), Timeline.now),
        ("On aimerait démarrer le plus vite possible.", date(2026, 4, 20), Timeline.now),
        (
            "La idea es tenerlo funcionando para la vendimia, que partimos a fines de febrero.",
            date(2026, 1, 8),
            Timeline.quarter,
        ),
        # The half-year restated by the month, a word qualifying it in between.
        (
            "Le cours démarre au second semestre, début janvier, et il me faudrait les accès.",
            date(2026, 11, 2),
            Timeline.quarter,
        ),
        # Polish "po 10:00" is "after ten", not a purchase order: the next quarter stays the timeline.
        (
            "Chcieliby wystartować w przyszłym kwartale. Pasuje nam wtorek lub czwartek po 10:00.",
            date(2025, 10, 17),
            Timeline.quarter,
        ),
        # "since" giving a reason is no past event
        (
            "Since this budget needs to be utilised this month itself, can we get on a call this week?",
            date(2026, 6, 9),
            Timeline.now,
        ),
        ("We have used spreadsheets since last month.", date(2026, 6, 9), Timeline.unknown),
        # the year's end, as Spanish writes it
        ("La idea es tenerlo implementado antes de terminar el año.", date(2025, 6, 11), Timeline.six_months),
        ("Queremos concretar la contratación antes del cierre del año fiscal.", date(2026, 10, 10), Timeline.quarter),
        # "spätestens" dates the go-live, not only a quote's deadline
        (
            "Wichtig wäre, dass wir zur Wintersaison live sind, also spätestens Anfang Dezember.",
            date(2025, 9, 22),
            Timeline.quarter,
        ),
        ("Bitte senden Sie uns Ihr Angebot spätestens bis 15. Oktober.", date(2025, 9, 22), Timeline.unknown),
        ("We hebben er € 45.000 per jaar voor gereserveerd en willen uiterlijk 1 april live.", date(2026, 2, 9), Timeline.quarter),
        ("Graag ontvangen wij uw offerte uiterlijk 20 februari.", date(2026, 2, 9), Timeline.unknown),
        # the weekday of a date written beside it is no "next Monday"
        ("Se estima dar inicio al servicio el lunes 4 de mayo de 2026.", date(2026, 2, 10), Timeline.quarter),
        ("We start on Monday, May 4, 2026.", date(2026, 2, 10), Timeline.quarter),
        ("Precisamos do go-live em até 60 dias.", date(2026, 1, 21), Timeline.quarter),
        ("Necesitamos adjudicar el contrato menor antes de que termine el mes.", date(2026, 3, 2), Timeline.now),
        ("need something live by end of month for my clients", date(2026, 5, 10), Timeline.now),
        ("Vi ser for oss å starte med rundt 50 lisenser i andre halvår.", date(2026, 2, 10), Timeline.six_months),
        ("La licitació es publicarà al segon semestre.", date(2026, 2, 1), Timeline.six_months),
        ("Закупку необходимо завершить до конца года.", date(2026, 10, 1), Timeline.quarter),
        ("ونخطط للإطلاق خلال الأشهر الستة القادمة.", date(2026, 4, 1), Timeline.six_months),
        # a tender's deadline for offers, then the service's start
        (
            "Le offerte dovranno pervenire entro il 15 maggio 2026; l'avvio del servizio è previsto per il 1° luglio 2026.",
            date(2026, 4, 15),
            Timeline.quarter,
        ),
        # Portuguese weekdays without "-feira"
        ("Preciso fechar com os clientes até sexta 😬", date(2025, 8, 27), Timeline.now),
    ],
)
def test_timing_in_more_languages_and_dates_that_time_no_purchase(
    text: str, sent: date, expected: Timeline
) -> None:
    assert extract_timeline(text, sent)[0] is expected


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        # The trial started on a day already past; the purchase is before the day it ends.
        (
            "We started the trial on February 20 and want to switch to a paid plan before March 20.",
            date(2026, 3, 9),
            Timeline.now,
        ),
        ("2월 20일부터 트라이얼을 사용 중이며 3월 20일 이전에 유료 전환하려고 합니다.", date(2026, 3, 9), Timeline.now),
        # A day long past this year is next year's.
        ("We would like to go live by January 15.", date(2026, 11, 2), Timeline.quarter),
    ],
)
def test_a_day_shortly_before_the_email_is_past_not_next_year(
    text: str, sent: date, expected: Timeline
) -> None:
    assert extract_timeline(text, sent)[0] is expected


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        # Urgency written before the meeting word is the project's; after it, the meeting's.
        (
            "We need this ASAP-ish because our board meeting is mid December.",
            date(2026, 11, 19),
            Timeline.now,
        ),
        ("Can we get a demo as soon as possible?", date(2026, 11, 19), Timeline.unknown),
        # "Send it ASAP" asks for material, not for the start.
        ("Please send through ASAP, our board meets on the 24th.", date(2026, 7, 8), Timeline.unknown),
        # "As soon as possible" and "next month" in more words and languages.
        ("Wir möchten so rasch wie möglich starten.", date(2026, 11, 23), Timeline.now),
        ("Le plus tôt possible – notre concurrent vient de lancer la même fonctionnalité.", date(2026, 9, 15), Timeline.now),
        ("Musimy to miec uruchomione do konca miesiaca.", date(2026, 3, 3), Timeline.now),
        ("Chcielibyśmy ruszyć od przyszłego miesiąca.", date(2026, 3, 16), Timeline.now),
        ("Chcielibyśmy ruszyć od przyszłego kwartału.", date(2026, 12, 11), Timeline.quarter),
        ("Vi vill komma igång inom en månad.", date(2026, 10, 6), Timeline.now),
        ("Vi vill komma igång i höst.", date(2026, 3, 3), Timeline.six_months),
        ("We want to start in the second semester.", date(2026, 3, 18), Timeline.six_months),
        ("Θέλουμε η λύση να λειτουργεί εντός του 2027.", date(2026, 11, 16), Timeline.six_months),
        ("我们比较急，下周就想开始试用，顺利的话月底前签合同。", date(2026, 12, 21), Timeline.now),
        # Colloquial Spanish and Portuguese, a Chilean holiday; "calle" is no call.
        (
            "somos 8 personas + 3 vendedores en calle. lo necesitamos pa ya porque el contador nos tiene locos",
            date(2026, 3, 5),
            Timeline.now,
        ),
        ("A gente precisa disso pra ontem.", date(2026, 9, 22), Timeline.now),
        ("Necesitamos la solución a la brevedad posible.", date(2026, 1, 19), Timeline.now),
        ("Queremos tenerlo funcionando antes de Fiestas Patrias.", date(2026, 8, 3), Timeline.quarter),
        ("Die Umsetzung ist für das zweite Halbjahr 2026 geplant.", date(2026, 2, 19), Timeline.six_months),
        ("15 zusätzliche Lizenzen, am liebsten bis Ende Monat aktiv.", date(2026, 7, 3), Timeline.now),
        ("Haluaisimme ottaa lisenssit käyttöön ensi kuun alusta.", date(2026, 4, 20), Timeline.now),
        ("Volem començar aquest trimestre.", date(2026, 4, 15), Timeline.quarter),
        ("Wir würden gern im neuen Jahr starten.", date(2026, 9, 22), Timeline.six_months),
        ("Queremos fechar ainda neste mês.", date(2026, 4, 6), Timeline.now),
        ("need to decide before dec 15, our runway planning locks then.", date(2026, 11, 27), Timeline.now),
        ("We may 2x the team next year.", date(2026, 11, 27), Timeline.six_months),
        ("Would be great to have it going by memorial day weekend.", date(2026, 3, 31), Timeline.quarter),
        ("Målet er at have det ude hos kunderne inden årsskiftet.", date(2026, 8, 18), Timeline.six_months),
        # "一月底前" is the end of January, not of this month.
        ("希望在明年一月底前上線第一批客戶。", date(2026, 11, 16), Timeline.quarter),
        ("Need to get the PO raised before month end, so the sooner the better.", date(2026, 9, 8), Timeline.now),
        ("We'd like to get going sooner rather than later.", date(2026, 9, 8), Timeline.now),
        ("Could someone walk me thru it before end of month?", date(2026, 9, 8), Timeline.now),
        ("Duam të fillojmë sa më shpejt, brenda këtij muaji.", date(2026, 9, 8), Timeline.now),
        ("Ons wil volgende jaar begin.", date(2026, 9, 8), Timeline.six_months),
        ("Queremos implantar no 2º semestre de 2027.", date(2026, 10, 8), Timeline.six_months),
    ],
)
def test_urgency_next_month_and_seasons_in_more_words(text: str, sent: date, expected: Timeline) -> None:
    assert extract_timeline(text, sent)[0] is expected
