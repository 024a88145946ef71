"""The organisation as written when its form is unusual: a brand beside a title, an article that
belongs to the name, a legal form that names the partners, a brand before a dash, a name in two
scripts in a display name, and the words a sentence puts around a name in Chinese and Arabic."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailtriage.extract.schemas import Intent
from tests.factories import fields_of, html_mail, plain_mail


@pytest.mark.parametrize(
    ("body", "sender", "intent", "expected"),
    [
        pytest.param(
            "Sehr geehrte Damen und Herren,\n\nkönnten Sie mir bitte ein Angebot zusenden?\n\n"
            "Mit freundlichen Grüßen\nDr. Katrin Lenz\nPraxisinhaberin\nPhysiotherapie am Stadtpark\n"
            "Osterstraße 112, 20259 Hamburg\nwww.physio-stadtpark.de\n",
            "Katrin Lenz <praxis.lenz@web.de>",
            Intent.lead,
            "Physiotherapie am Stadtpark",
            id="a-practice-named-by-where-it-stands-below-its-owners-title",
        ),
        pytest.param(
            "Hola equipo,\n\nSomos una agencia de recruiting y nos gustaría ayudarles con sus vacantes.\n\n"
            "Saludos,\nLucía Pardo\nFounder & Head of Talent | TalentoSur\n+56 2 2345 6789\n",
            "Lucía Pardo <lucia@talentosur.cl>",
            Intent.vendor,
            "TalentoSur",
            id="brand-beside-a-title-whose-last-word-begins-the-domain",
        ),
        pytest.param(
            "Boa tarde,\n\nSeria possível marcarmos uma reunião?\n\nObrigado,\nPaulo Rebelo\n"
            "Técnico Superior de Informática\nServiço de Sistemas de Informação\nULS do Baixo Tejo, E.P.E.\n"
            "Av. Bernardo Santareno, 2005-177 Santarém\nwww.ulsbaixotejo.pt\n",
            "Paulo Rebelo <paulo.rebelo.si@gmail.com>",
            Intent.lead,
            "ULS do Baixo Tejo, E.P.E.",
            id="a-portuguese-public-enterprise-keeps-its-form",
        ),
        pytest.param(
            "Gentile lettrice, gentile lettore,\n\nè online il Report annuale dell'Osservatorio.\n\n"
            "A presto,\nla redazione dell'Osservatorio\n---\n"
            "Osservatorio Sanità Digitale ETS - Via Larga 31, 20122 Milano - C.F. 97851230157\n",
            "Osservatorio Sanità Digitale ETS <news@osservatoriosanitadigitale.it>",
            Intent.newsletter,
            "Osservatorio Sanità Digitale ETS",
            id="an-italian-third-sector-body-keeps-its-form",
        ),
        pytest.param(
            "Madame, Monsieur,\n\nPourriez-vous nous envoyer une offre ?\n\nCordialement,\nMarc Vandenberghe\n"
            "Coordinateur\nSolidarité Logement Bruxelles a.s.b.l.\nRue Haute 12, 1000 Bruxelles\n",
            "Marc Vandenberghe <marc.vandenberghe@solidarite-logement.be>",
            Intent.lead,
            "Solidarité Logement Bruxelles a.s.b.l.",
            id="a-belgian-association-with-a-dotted-form",
        ),
        pytest.param(
            "Servus,\n\ndas Dashboard lädt nicht.\n\nLG\nFlorian Gruber\nGruber & Partner Steuerberatung OG\nGraz\n",
            "Florian Gruber <flo.gruber.graz@gmail.com>",
            Intent.support,
            "Gruber & Partner Steuerberatung OG",
            id="an-austrian-general-partnership",
        ),
        pytest.param(
            "Join us for the spring meetup!\n\n--\n"
            "Civic Data Collective of Chicago, NFP · a 501(c)(3) nonprofit · PO Box 642118, Chicago, IL 60664\n",
            "Civic Data Chi <hello@civicdatachi.org>",
            Intent.newsletter,
            "Civic Data Collective of Chicago, NFP",
            id="a-name-holding-a-title-word-before-of-is-no-title",
        ),
        pytest.param(
            "Bonjour,\n\nNous souhaitons une démo.\n\nCordialement,\nYoussef El Amrani\n"
            "Atlas Filature SARL AU\nZone industrielle, Fès\n",
            "Youssef El Amrani <y.elamrani@atlasfilature.ma>",
            Intent.lead,
            "Atlas Filature SARL AU",
            id="a-moroccan-single-member-sarl",
        ),
        pytest.param(
            "Dear Lumen team,\n\nCan we have an online meeting?\n\nThank you very much and best regards,\n"
            "Nguyen Thi Thu Trang - VinaLogix JSC\nData Analyst | Tan Binh District, Ho Chi Minh City\n",
            "Trang Nguyen <trang.ntt.logistics@outlook.com>",
            Intent.lead,
            "VinaLogix JSC",
            id="a-joint-stock-company-after-the-writers-name",
        ),
        pytest.param(
            "Exmos. Senhores,\n\nJunto enviamos a fatura FT 2026/0412.\n\nCom os melhores cumprimentos,\n"
            "Sofia Ramos\nGestão Administrativa\nPalavra Certa – Traduções, Unipessoal Lda.\n"
            "Rua Ferreira Borges, 77 – 3000-180 Coimbra\n",
            "Palavra Certa Traduções <faturacao@palavracerta.pt>",
            Intent.vendor,
            "Palavra Certa – Traduções, Unipessoal Lda.",
            id="a-two-word-brand-before-a-dash-belongs-to-the-legal-name",
        ),
        pytest.param(
            "Your monthly roundup from The Open Ledger Collective is here.\n\n"
            "- Three talks from our autumn meetup\n- New members\n\nUnsubscribe any time.\n",
            "Open Ledger <news@openledger.org>",
            Intent.newsletter,
            "The Open Ledger Collective",
            id="capital-article-inside-a-sentence",
        ),
        pytest.param(
            "Buongiorno,\n\nvi proponiamo il restyling del vostro sito.\n\nCordiali saluti\n\n"
            "Carla Ferri\nStudio Tipografico Punto S.n.c. di Ferri & Galli\nVia Roma 3, Parma\n",
            "Carla Ferri <carla@studiopunto.example>",
            Intent.vendor,
            "Studio Tipografico Punto S.n.c. di Ferri & Galli",
            id="italian-partnership-named-by-its-partners",
        ),
        pytest.param(
            "Bom dia,\n\na fatura de novembro saiu com o NIF errado. Podem corrigir?\n\nCumprimentos,\n"
            "Rita Sousa\nContabilidade\nQuintaclara – Azeites do Alentejo, Lda.\nRua Direita 5, Évora\n",
            "Rita Sousa <rita.sousa@quintaclara.pt>",
            Intent.support,
            "Quintaclara – Azeites do Alentejo, Lda.",
            id="brand-before-a-dash-and-the-legal-name",
        ),
        pytest.param(
            "Dear customer, your account is locked. Verify here: http://verify.example/x\n",
            "Kasikorn Bank ธนาคารกสิกรไทย <alert@kbank-verify.example>",
            Intent.spam,
            "Kasikorn Bank",
            id="display-name-in-two-scripts-the-first-written",
        ),
        pytest.param(
            "Здравствуйте! Гарантированный доход 30% в месяц. Ответьте, чтобы начать.\n",
            "Персональный менеджер CoinFort <manager@coinfort-invest.example>",
            Intent.spam,
            "CoinFort",
            id="a-personal-manager-before-the-brand",
        ),
        pytest.param(
            "各位好：\n\n由杭州云栖会展有限公司主办的「2027 数据峰会」将于明年三月举办，欢迎报名。\n\n退订请回复 TD\n",
            "数据峰会 <news@yunqi-expo.example>",
            Intent.newsletter,
            "杭州云栖会展有限公司",
            id="chinese-preposition-before-the-organiser",
        ),
        pytest.param(
            "السلام عليكم،\n\nأنا كريم من شركة نخيل للحلول الرقمية ش.م.م ونبحث عن أداة لتحليل المبيعات.\n\nشكراً\n",
            "Karim Adel <karim@nakheel-digital.example>",
            Intent.lead,
            "نخيل للحلول الرقمية ش.م.م",
            id="arabic-legal-form-with-dots",
        ),
        pytest.param(
            "Good afternoon,\n\nCould we see a demo of your KPI dashboards for our ward reporting? NHS numbers "
            "would need masking for non-clinical users.\n\n"
            "Kind regards,\nOwen Pryce\nSenior Information Analyst\nNorthmoor Teaching Hospitals NHS Trust\n"
            "Tel: 01632 960122\n",
            "PRYCE, Owen (NORTHMOOR TEACHING HOSPITALS NHS TRUST) <owen.pryce3@nhs.net>",
            Intent.lead,
            "Northmoor Teaching Hospitals NHS Trust",
            id="a-trust-on-the-domain-every-nhs-trust-shares",
        ),
        pytest.param(
            "Merhaba,\n\nİzmir Analitik Kulübü olarak düzenlediğimiz Analitik Günleri bu yıl 12 Haziran'da "
            "Karşıyaka'da!\n\n• 25+ konuşmacı, 2 salon\n• Analitik mühendisliği ve iş zekâsı oturumları\n"
            "• Akşam buluşması Kordon'da\n\nKayıt: https://analitikkulubu.org/gunler\n\nGörüşmek üzere,\n"
            "Analitik Günleri Ekibi\n\nİzmir Analitik Kulübü Derneği\n"
            "Alsancak Mah. Kıbrıs Şehitleri Cad. No: 40, 35220 Konak / İzmir\n\n"
            "Bu e-postayı kaydolduğunuz için aldınız.\n",
            "Analitik Günleri <haber@analitikkulubu.org>",
            Intent.newsletter,
            "İzmir Analitik Kulübü Derneği",
            id="a-word-that-begins-the-label-inside-the-name-holding-it",
        ),
        pytest.param(
            "Buenas tardes,\n\nNos cobraron dos veces la suscripción de este mes. ¿Me confirman el reintegro?\n\n"
            "Muchas gracias.\nMarta Quiroga\nEstudio Contable Quiroga & Asociados\nSan Martín 410, Mendoza\n",
            "Marta Quiroga <mquiroga.estudio@gmail.com>",
            Intent.support,
            "Estudio Contable Quiroga & Asociados",
            id="a-firm-named-for-its-partners-holding-a-title-word",
        ),
        pytest.param(
            "Madame, Monsieur,\n\nÉtudiante en master à l'Institut Supérieur de Gestion de Namur (ISGN), je "
            "cherche un stage en analyse de données.\n\nVous trouverez ci-joint mon CV.\n\nLéa Marchal\n",
            "Léa Marchal <lea.marchal@etu.isgn-namur.be>",
            Intent.job_applicant,
            "Institut Supérieur de Gestion de Namur",
            id="an-acronym-spelled-out-without-the-article-elided-onto-it",
        ),
        pytest.param(
            "Lumen サポートご担当者様\n\nMaple Studiosの分析チームの佐藤です。\nダッシュボードが表示されません。\n\n"
            "佐藤 花子\n",
            "Hanako Sato <hanako.sato@maple-studios.jp>",
            Intent.support,
            "Maple Studios",
            id="a-latin-name-a-japanese-sentence-goes-on-from",
        ),
        pytest.param(
            "안녕하세요.\n한결베이커리 영업팀에서 대시보드를 쓰고 있는 박지민입니다.\n로그인이 되지 않습니다. 확인 부탁드립니다.\n\n"
            "박지민 드림\n",
            "박지민 <jimin.park88@naver.com>",
            Intent.support,
            "한결베이커리",
            id="a-korean-writer-in-a-team-of-the-organisation",
        ),
        pytest.param(
            "(광고) 빠른대출센터\n\n당일 승인, 무서류 대출! 지금 바로 상담하세요.\n\n"
            "상호: 빠른대출센터 | 대표: 최민수 | 서울특별시 중구 세종대로 12 | 사업자등록번호: 110-22-33445\n"
            "수신을 원하지 않으시면 [수신거부]를 클릭해 주세요.\n",
            "상담팀 <ad@loan-fast.example>",
            Intent.spam,
            "빠른대출센터",
            id="a-korean-business-footer-names-the-advertiser-before-its-representative",
        ),
        pytest.param(
            "您好：\n\n我是國立南灣科技大學企業管理系的林雅婷老師，想了解教育授權方案。\n\n敬祝 順心\n林雅婷\n",
            "林雅婷 <ytlin@mail.nbust.edu.tw>",
            Intent.lead,
            "國立南灣科技大學",
            id="a-department-written-onto-a-chinese-university",
        ),
        pytest.param(
            "ASDI NOTIZIE – Maggio 2026\n\nCare socie, cari soci,\n\nin questo numero: l'assemblea annuale e i nuovi "
            "corsi.\n\nUn caro saluto,\nLa Segreteria ASDI\n--\n"
            "Associazione per la Scienza dei Dati Italiana (ASDI) – Via Po 12, 00198 Roma\n",
            "ASDI Notizie <notizie@asdi.it>",
            Intent.newsletter,
            "Associazione per la Scienza dei Dati Italiana",
            id="a-newsletters-word-after-the-acronym-it-spells-out",
        ),
        pytest.param(
            "Hi team,\n\nWe build data connectors for SaaS companies. Open to a quick call?\n\nThanks & Regards,\n"
            "Anil Rao\nBusiness Development Manager | eZeta Infotech Pvt. Ltd.\nHinjewadi, Pune 411057\n",
            "Anil Rao <anil.rao@ezetainfotech.in>",
            Intent.vendor,
            "eZeta Infotech Pvt. Ltd.",
            id="a-camel-case-brand-before-its-legal-form",
        ),
        pytest.param(
            "Hi,\n\nOur intake dashboard has not refreshed since Monday. Could you take a look?\n\nThank you,\n"
            "Mara Quinn\nParalegal\nOakes & Bramley, P.A.\n200 S Orange Ave, Orlando, Florida 32801\n",
            "Mara Quinn <mquinn@oakesbramley.com>",
            Intent.support,
            "Oakes & Bramley, P.A.",
            id="a-professional-association-keeps-its-form",
        ),
        # Professional partnerships' forms: Spanish S.L.P., German PartG mbB, Peruvian S.A.C.
        pytest.param(
            "Buenos días:\n\nNos interesa una demo de sus cuadros de mando.\n\nUn saludo,\nMarta Olmedo\n"
            "Socia directora\nOlmedo Ruiz Abogados, S.L.P.\nCalle Serrano 41, Madrid\n",
            "Marta Olmedo <marta.olmedo@olmedoruiz.es>",
            Intent.lead,
            "Olmedo Ruiz Abogados, S.L.P.",
            id="a-spanish-professional-partnership",
        ),
        pytest.param(
            "Guten Tag,\n\nunser Zugang funktioniert nicht mehr.\n\nMit freundlichen Grüßen\nJana Hoffmann\n"
            "Hoffmann & Partner Steuerberater mbB\nKönigsallee 12, 40212 Düsseldorf\n",
            "Jana Hoffmann <j.hoffmann@hoffmann-partner-stb.de>",
            Intent.support,
            "Hoffmann & Partner Steuerberater mbB",
            id="a-german-partnership-with-limited-liability",
        ),
        # A title or department written as one word with what it is of, under the name.
        pytest.param(
            "Hei,\n\nVi har problemer med innloggingen.\n\nMed vennlig hilsen\nIngrid Solheim\nInnkjøpsrådgiver\n"
            "Økonomiavdelingen\nBjørkvik kommune\n",
            "Ingrid Solheim <ingrid.solheim@bjorkvik.kommune.no>",
            Intent.support,
            "Bjørkvik kommune",
            id="a-norwegian-title-and-department-in-one-word",
        ),
        pytest.param(
            "Hej,\n\nVi vill gärna se en demo.\n\nVänliga hälsningar\nAnna Berg\nTryckkooperativet Gryning ek. för.\n",
            "Anna Berg <anna.berg@gryning.coop>",
            Intent.lead,
            "Tryckkooperativet Gryning ek. för.",
            id="a-swedish-economic-association",
        ),
        # A newsletter platform's address names the publication, not the platform.
        pytest.param(
            "Habari, and welcome to the new subscribers.\n\nThis week: mobile-money data and the census.\n\n"
            "Asante for reading,\nAchieng\n\n---\n\n"
            "© 2026 Achieng Odhiambo · The Nairobi Data Letter · Nairobi, Kenya\n"
            "548 Market Street PMB 72296, San Francisco, CA 94104\nStart writing https://substack.com/signup\n",
            "Achieng Odhiambo from The Nairobi Data Letter <nairobidataletter@substack.com>",
            Intent.newsletter,
            "The Nairobi Data Letter",
            id="a-publication-on-a-newsletter-platform",
        ),
        # A Latin name closed by a Japanese form, a department after it; the writer's name in
        # Japanese shares no letters with it.
        pytest.param(
            "森様\n\nいつもお世話になっております。Globex Japan 合同会社の佐藤です。\n正式なお見積書をお送りいただけますでしょうか。"
            "\n\nよろしくお願いいたします。\n\n佐藤 美咲\nGlobex Japan 合同会社 経営企画部\nTEL: 03-6700-1234\n",
            "佐藤 美咲 <misaki.sato@globex.com>",
            Intent.lead,
            "Globex Japan 合同会社",
            id="a-latin-name-with-a-japanese-form-and-department",
        ),
        # "al" and "sul" join a name in lower case; a Spanish cooperative's form.
        pytest.param(
            "Buongiorno,\n\nvorremmo una demo di Lumen Insights per i nostri uffici.\n\nDistinti saluti\n"
            "Francesca Russo\nResponsabile Ufficio Sistemi Informativi\nComune di San Vito al Lago\n"
            "Piazza del Municipio 1 – 38057 San Vito al Lago (TN)\n",
            "Francesca Russo <f.russo@comune-sanvitoallago.it>",
            Intent.lead,
            "Comune di San Vito al Lago",
            id="a-lower-case-al-inside-a-name",
        ),
        pytest.param(
            "Buenos días:\n\nSomos una cooperativa de 60 socios y queremos previsiones de cosecha.\n\n"
            "Antonio Jiménez Soler\nGerente\nHortofrutícola Campo de Níjar, S.C.A.\nwww.campodenijar.es\n",
            "Antonio Jiménez <gerencia@campodenijar.es>",
            Intent.lead,
            "Hortofrutícola Campo de Níjar, S.C.A.",
            id="an-andalusian-cooperatives-form",
        ),
        # Baltic prefix forms: a name in quotes, later words in lower case.
        pytest.param(
            "Labdien,\n\nVēlamies saņemt piedāvājumu Lumen Forecast.\n\nAr cieņu,\nAnna Bērziņa\n"
            "Finanšu vadītāja, SIA \"Zaļā Enerģija\"\nRīga, +371 2934 5521\n",
            "Anna Bērziņa <anna.berzina@zalaenergija.lv>",
            Intent.lead,
            'SIA "Zaļā Enerģija"',
            id="a-latvian-form-before-a-quoted-name",
        ),
        pytest.param(
            "Laba diena,\n\nnorėtume gauti Lumen Insights kainas.\n\nPagarbiai\nTomas Kazlauskas\n"
            "UAB Gintaro prekyba\nVilnius\n",
            "Tomas Kazlauskas <tomas@gintaroprekyba.lt>",
            Intent.lead,
            "UAB Gintaro prekyba",
            id="a-lithuanian-name-with-a-lower-case-word",
        ),
        # A unit's line above the organisation's own line.
        pytest.param(
            "Καλησπέρα σας,\n\nΠαρακαλούμε να ακυρώσετε τη συνδρομή μας.\n\nΜε εκτίμηση,\n\nΝικόλαος Γιαννακόπουλος\n"
            "Τμήμα Πληροφορικής\nΓενικό Νοσοκομείο Λάρισας\nΤέρμα Τσακάλωφ, 412 21 Λάρισα\n",
            "Νικόλαος Γιαννακόπουλος <n.giannakopoulos@gnlarissa.gr>",
            Intent.support,
            "Γενικό Νοσοκομείο Λάρισας",
            id="a-department-above-the-hospital",
        ),
        pytest.param(
            "Bom dia,\n\nGostaríamos de agendar uma demonstração do Lumen Forecast.\n\nCumprimentos,\n\n"
            "Inês Carvalho Moutinho\nTécnica Superior - Gabinete de Planeamento e Controlo de Gestão\n"
            "Unidade Local de Saúde de Matosinhos\nRua Dr. Eduardo Torres, 4464-513 Senhora da Hora\n",
            "Inês Carvalho Moutinho <ines.moutinho@ulsm.min-saude.pt>",
            Intent.lead,
            "Unidade Local de Saúde de Matosinhos",
            id="a-title-and-office-above-the-health-unit",
        ),
        # Who publishes a newsletter, a Latin name with a Bulgarian form, after the publication's name.
        pytest.param(
            "Here's what happened in the Balkan tech scene this week.\n\nRead the full issue online:"
            " https://sofiatech.bg/weekly/212\n\n--\nSofia Tech Weekly is published by Sofia Tech Media ЕООД,"
            " 1000 Sofia, Bulgaria.\nUnsubscribe: https://sofiatech.bg/unsubscribe/9e41d0\n",
            "Sofia Tech Weekly <weekly@sofiatech.bg>",
            Intent.newsletter,
            "Sofia Tech Media ЕООД",
            id="a-publisher-named-after-the-publication",
        ),
        # A brand written in lower case opening an imprint line with its legal form.
        pytest.param(
            "plinth 2.4 is out\n\nHey builder,\n\nRow-level permissions are here.\n\n- the plinth team\n\n"
            "You get this because you signed up at plinth.dev. Unsubscribe: https://plinth.dev/unsub/c81aa0\n"
            "plinth labs OÜ · Telliskivi 60a, 10412 Tallinn, Estonia\n",
            "plinth changelog <changelog@plinth.dev>",
            Intent.newsletter,
            "plinth labs OÜ",
            id="a-lower-case-brand-with-its-form-in-the-imprint",
        ),
        # A writer who types everything in lower case types the organisation so too.
        pytest.param(
            "hey guys\n\nwe run 3 cafes around brisbane and throw out way too much milk lol. whats the price"
            " for forecasting? just email is fine\n\ncheers\njess\nbean & gone pty ltd\nwww.beanandgone.com.au\n",
            "jess kowalski <jesskowalski88@icloud.com>",
            Intent.lead,
            "bean & gone pty ltd",
            id="lower-case-a-legal-form-closes-the-signature-line",
        ),
        pytest.param(
            "hey, sorry but we need to cancel our plan at the end of the term. who do i talk to?\n\n"
            "thanks for everything\n\ntanya\nnorthern lights youth society\nyellowknife nt\n",
            "Tanya Beaulieu <tanya@nlys.ca>",
            Intent.support,
            "northern lights youth society",
            id="lower-case-an-organisation-word-closes-the-signature-line",
        ),
        pytest.param(
            "hi there\n\nim the it coordinator for pine ridge unified school district (fresno county, ca). our"
            " board wants dashbords. can someone do a quick zoom demo w me?\n\ntom\n",
            "Tom McAllister <tmcallister@pineridgeusd.org>",
            Intent.lead,
            "pine ridge unified school district",
            id="lower-case-the-body-abbreviated-by-the-domain",
        ),
        pytest.param(
            "hi, we at kopi & co run 30 outlets in sg. need demand forecasting per outlet. can we do a demo"
            " this wk?\n\nwei ling\n",
            "Wei Ling Tan <weiling@kopiandco.com.sg>",
            Intent.lead,
            "kopi & co",
            id="lower-case-the-body-spelling-the-domain",
        ),
        pytest.param(
            "yo, how much is lumen pipelines for like 10 connectors? we're a 3 person shop lol.\n\nthx\nsam\n"
            "quokka.dev\n",
            "Sam Whitfield <sam@quokka.dev>",
            Intent.lead,
            None,
            id="lower-case-a-web-address-is-not-a-name",
        ),
    ],
)
def test_the_company_as_written(body: str, sender: str, intent: Intent, expected: str | None) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_person_before_a_dash_is_not_part_of_the_legal_name() -> None:
    body = (
        "Hello,\n\nplease send the price list.\n\nRegards\nMaria Costa – Azeites do Sul, Lda.\n"
        "Tel. +351 21 000 0000\n"
    )
    fields = fields_of(plain_mail(body, sender="Maria Costa <maria@azeitesdosul.pt>"))
    assert fields.company.name == "Azeites do Sul, Lda."


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        pytest.param(
            "প্রিয় নিয়োগ টিম,\n\nআমার সিভি সংযুক্ত করলাম।\n\nধন্যবাদান্তে,\nরাশেদ করিম\nRashed Karim\n"
            "+880 1711-000000\n",
            "রাশেদ করিম <rashed.karim.dev@gmail.com>",
            id="the-name-again-in-latin-letters-under-it",
        ),
        pytest.param(
            "Respected Sir,\n\nI am applying for the Data Engineer post. My CV is attached.\n\nBest Regards,\n"
            "Ali Raza\nGulberg Colony, Lahore, Pakistan\n+92 300 0000000\n",
            "Ali Raza <ali.raza.dev@hotmail.com>",
            id="a-district-before-the-city-and-country",
        ),
    ],
)
def test_an_applicant_who_names_no_organisation_has_none(body: str, sender: str) -> None:
    fields = fields_of(plain_mail(body, sender=sender), Intent.job_applicant)
    assert fields.company.name is None
    assert fields.person.name == sender.split(" <")[0]


@pytest.mark.parametrize(
    ("body", "sender", "expected"),
    [
        pytest.param(
            "Madame, Monsieur,\n\nnous publierons en mars notre étude sur les plateformes analytiques.\n\n"
            "Cordialement,\nBertrand Vasseur\nDirecteur commercial\nObservatoire Nordique du Logiciel (ONL) SARL\n"
            "8 avenue de l’Opéra, 75001 Paris\n",
            "Bertrand Vasseur <b.vasseur@onl-etudes.fr>",
            "Observatoire Nordique du Logiciel (ONL) SARL",
            id="a-part-in-parentheses-inside-the-legal-name",
        ),
        pytest.param(
            "Hi team,\n\nI run partnerships at Tidewell, a reverse-ETL platform. Could we talk about an "
            "integration?\n\nBest,\n[image: Tidewell] Mei Ling Goh\nHead of Partnerships\n"
            "Tidewell Technologies Pte. Ltd.\n10 Anson Road, Singapore 079903\n",
            "Mei Ling Goh <meiling@tidewell.sg>",
            "Tidewell Technologies Pte. Ltd.",
            id="the-legal-name-written-out-below-the-brand",
        ),
        pytest.param(
            "Здравствуйте!\n\nНе можем войти в аккаунт с утра.\n\nС уважением,\nАйгуль Осмонова\n"
            "ОсОО «Ала-Тоо Трейд»\nБишкек\n",
            "Айгуль Осмонова <aigul@alatoo-trade.kg>",
            "ОсОО «Ала-Тоо Трейд»",
            id="kyrgyz-legal-form-before-the-quoted-name",
        ),
        pytest.param(
            "Goeie môre,\n\nOns stelsel sinkroniseer nie meer nie.\n\nVriendelike groete,\nAnnelie Botha\n"
            "Blouvlei Boerdery (Edms.) Bpk.\nStellenbosch, 7600\n",
            "Annelie Botha <annelie@blouvlei.co.za>",
            "Blouvlei Boerdery (Edms.) Bpk.",
            id="afrikaans-legal-form",
        ),
        pytest.param(
            "Здравейте,\n\nБихме искали демо.\n\nПоздрави,\nГеорги Петров\n„Рила Софт“ ЕООД\nСофия\n",
            "Георги Петров <g.petrov@rilasoft.bg>",
            "„Рила Софт“ ЕООД",
            id="bulgarian-quoted-name-and-legal-form-after-it",
        ),
        pytest.param(
            "Kính gửi đội ngũ Lumen,\n\nChúng tôi cần hỗ trợ xuất báo cáo.\n\nTrân trọng,\nNguyễn Văn Bình\n"
            "CÔNG TY CỔ PHẦN THỰC PHẨM HÀ GIANG\nTP. Hà Giang\n",
            "Nguyễn Văn Bình <binh@hagiangfood.vn>",
            "CÔNG TY CỔ PHẦN THỰC PHẨM HÀ GIANG",
            id="vietnamese-legal-name-in-capitals",
        ),
    ],
)
def test_the_legal_name_as_the_signature_writes_it(body: str, sender: str, expected: str) -> None:
    assert fields_of(plain_mail(body, sender=sender), Intent.vendor).company.name == expected


@pytest.mark.parametrize(
    ("signature", "sender", "expected"),
    [
        pytest.param(
            "Martín Echeverría\nCTO · Cuotify\nCuotify Tecnología S.A.S. - Av. Corrientes 1386, C1043 CABA\n",
            "Martín Echeverría <martin@cuotify.com.ar>",
            "Cuotify",
            id="the-title-line-names-the-trade-name",
        ),
        pytest.param(
            "Rui Magalhães\nSócio-gerente\nNortedata\nRua de Santa Catarina, 512 - 4000-446 Porto\n"
            "Nortedata, Lda. · NIPC 509 876 543 · Capital social 50 000 €\n",
            "Rui Magalhães <rui.magalhaes@nortedata.pt>",
            "Nortedata",
            id="a-line-of-its-own-names-the-trade-name",
        ),
        # The legal name's own head is no trade name the signature types apart.
        pytest.param(
            "Ana Lopes\nGerente\nPalavra Certa – Traduções, Unipessoal Lda.\nLisboa\n",
            "Ana Lopes <ana@palavracerta.pt>",
            "Palavra Certa – Traduções, Unipessoal Lda.",
            id="the-head-of-a-dashed-legal-name-stays-in-it",
        ),
        # A logo's alt text is no name typed.
        pytest.param(
            "[TalentBridge]   Inês Machado\nSenior Tech Recruiter\nTalentBridge Portugal, Lda.\nLisboa\n",
            "Inês Machado <ines.machado@talentbridge.pt>",
            "TalentBridge Portugal, Lda.",
            id="a-logo-beside-the-legal-name",
        ),
    ],
)
def test_the_trade_name_a_signature_types_beside_its_legal_name(signature: str, sender: str, expected: str) -> None:
    mail = plain_mail(f"Hola,\n\n¿Podrían enviarnos una propuesta?\n\nSaludos,\n{signature}", sender=sender)
    assert fields_of(mail, Intent.lead).company.name == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Obecnie pracuję jako analityczka danych w 7K Studio w Poznaniu i szukam nowych wyzwań.", "7K Studio"),
        ("Just nu jobbar jag som controller på Nordkust Frakt i Göteborg.", "Nordkust Frakt"),
        ("În prezent lucrez ca analist de date la Carpat Data din Cluj.", "Carpat Data"),
        # Capitals that only qualify a noun are nobody's employer.
        ("I have spent five years as a solutions consultant for BI and ETL tools, running evaluations.", None),
        # The first of a list of tools is nobody's employer either.
        ("I work with SQL, R and Python, and last semester I built a dashboard.", None),
    ],
)
def test_an_applicants_employer_named_in_a_sentence(body: str, expected: str | None) -> None:
    mail = plain_mail(
        f"Hello,\n\n{body}\n\nMy CV is attached.\n\nRegards,\nKim Example\n", sender="Kim Example <kim.ex@gmail.com>"
    )
    assert fields_of(mail, Intent.job_applicant).company.name == expected


def test_a_writer_who_types_in_lower_case_keeps_the_name_as_written() -> None:
    body = (
        "hi there,\n\nwe're a tiny agency and want charts inside our client portal. could you send a price?\n\n"
        "thanks\nmaeve\n--\nmaeve quinn · fernhollow design · cork\nfernhollow.ie\n"
    )
    fields = fields_of(plain_mail(body, sender="Maeve Quinn <maeve@fernhollow.ie>"))
    assert fields.company.name == "fernhollow design"


def test_a_lower_case_line_that_is_not_the_domains_name_is_not_the_organisation() -> None:
    body = "hi,\n\nhow much is it for 5 users?\n\nthx\ntom\n--\ntom reilly · ops lead · galway\n"
    fields = fields_of(plain_mail(body, sender="Tom Reilly <tom@reillyfreight.ie>"))
    assert fields.company.name is None


def test_a_signatures_logo_names_the_organisation_the_domain_spells() -> None:
    text = "Bonjour,\n\nPourriez-vous organiser une démo ?\n\nCordialement,\n--\nClaire Morel\nResponsable produit\n"
    html = (
        "<p>Bonjour,</p><p>Pourriez-vous organiser une démo ?</p><p>Cordialement,</p><table><tr><td>"
        '<a href="https://www.maisonvelours.fr"><img src="logo.png" alt="Maison Velours"></a></td>'
        '<td><img src="in.png" alt="LinkedIn"> Claire Morel<br>Responsable produit</td></tr></table>'
    )
    fields = fields_of(html_mail(text, html, sender="Claire Morel <claire.morel@maisonvelours.fr>"))
    assert fields.company.name == "Maison Velours"


def test_a_footer_the_server_appends_below_the_quoted_history() -> None:
    body = (
        "Hoi Ruben,\n\nWe willen graag een demo inplannen.\n\nMet vriendelijke groet,\nSanne Bakker\n\n"
        "Van: Ruben Alders <ruben.alders@lumenhq.com>\nVerzonden: donderdag 29 oktober 2026 16:12\n"
        "Aan: Sanne Bakker <s.bakker@polderfrost.nl>\nOnderwerp: Lumen Analytics\n\nBeste Sanne,\n\n"
        "Laat gerust weten of een demo interessant is.\n\nGroet,\nRuben Alders\n\n--\n"
        "Polderfrost Koeltransport B.V. | Havenweg 3, Lelystad | KvK 01234567\n"
    )
    fields = fields_of(plain_mail(body, sender="Sanne Bakker <s.bakker@polderfrost.nl>", subject="RE: Lumen"))
    assert fields.company.name == "Polderfrost Koeltransport B.V."


@pytest.mark.parametrize(
    ("line", "sender", "expected"),
    [
        ("Data Lead – Studio 54\nRue Haute 10, 1000 Bruxelles", "Inès Dumont <ines@studio54.be>", "Studio 54"),
        ("Controller | Brouwerij 't Molentje\nMolenstraat 3, Gent", "Pieter Claes <pieter@tmolentje.be>",
         "Brouwerij 't Molentje"),
        ("growth at tidepool\ntidepool.app", "Sam Lee <sam@tidepool.app>", "tidepool"),
    ],
)
def test_signature_names_with_a_number_an_elided_article_or_a_role_in_lower_case(
    line: str, sender: str, expected: str
) -> None:
    body = f"Hello,\n\nCould you send pricing for 10 users?\n\nThanks\n--\n{sender.split(' <')[0]}\n{line}\n"
    assert fields_of(plain_mail(body, sender=sender)).company.name == expected


def test_a_degree_is_not_a_website() -> None:
    body = (
        "Dear team,\n\nI am applying for the Data Analyst role; CV attached.\n\nRegards,\nRavi Kumar\n"
        "B.Tech (CSE), M.Sc Data Science\n+91 98765 43210\n"
    )
    fields = fields_of(plain_mail(body, sender="Ravi Kumar <ravi.kumar.ds@gmail.com>"), Intent.job_applicant)
    assert fields.company.domain is None


def test_a_forward_of_a_colleagues_forward_is_about_the_innermost_author() -> None:
    body = (
        "Para el CRM, por favor.\n\nLucía\n\nInicio del mensaje reenviado:\n\n"
        "De: Álvaro Prieto <alvaro.prieto@lumenhq.com>\nAsunto: Fwd: Precios\n"
        "Fecha: 10 de septiembre de 2026, 10:02:51 CEST\nPara: Lucía Ferrández <lucia.ferrandez@lumenhq.com>\n\n"
        "¿Esto es tuyo?\n\nInicio del mensaje reenviado:\n\nDe: Marta Gil <marta@bodegasduero.es>\n"
        "Asunto: Precios\nFecha: 9 de septiembre de 2026, 19:47:10 CEST\nPara: alvaro.prieto@lumenhq.com\n\n"
        "Buenas tardes:\n\n¿Podéis pasarme precios del cuadro de mando?\n\nUn saludo,\nMarta Gil\n"
        "Bodegas del Duero, S.L.\n"
    )
    raw = plain_mail(
        body, sender="Lucía Ferrández <lucia.ferrandez@lumenhq.com>", subject="Fwd: Fwd: Precios"
    )
    fields = fields_of(raw)
    assert (fields.person.email, fields.company.name) == ("marta@bodegasduero.es", "Bodegas del Duero, S.L.")


@pytest.mark.parametrize(
    ("card_email", "expected"),
    [("thandi@karooridge.co.za", "Karoo Ridge Mining (Pty) Ltd"), ("someone.else@other.example", None)],
)
def test_the_senders_own_contact_card_names_the_organisation(card_email: str, expected: str | None) -> None:
    msg = EmailMessage()
    msg["From"] = "Thandi Nkosi <thandi@karooridge.co.za>"
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = "Sync failed"
    msg["Date"] = "Tue, 03 Nov 2026 09:12:44 +0200"
    msg.set_content("Morning team,\n\nOur nightly sync failed twice. Please look asap.\n\nThanks\nThandi\n")
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Thandi\r\nORG:Karoo Ridge Mining (Pty) Ltd;BI\r\nEMAIL:{card_email}\r\nEND:VCARD\r\n"
    msg.add_attachment(card.encode(), maintype="text", subtype="vcard", filename="card.vcf")
    assert fields_of(msg.as_bytes(), Intent.support).company.name == expected


def test_a_name_with_its_english_form_in_parentheses_is_the_name_not_a_city_inside_it() -> None:
    body = (
        "Kính gửi bộ phận hỗ trợ,\n\nChúng tôi muốn hủy gia hạn tự động.\n\nTrân trọng,\nTrần Minh Anh\n"
        "Giám đốc Công nghệ\nCông ty Cổ phần Bao Bì Đà Nẵng (Danang Packaging JSC)\n12 Lê Duẩn, Đà Nẵng\n"
    )
    fields = fields_of(plain_mail(body, sender="Trần Minh Anh <anh.tran@danangpack.vn>"), Intent.support)
    assert fields.company.name == "Công ty Cổ phần Bao Bì Đà Nẵng"


@pytest.mark.parametrize(
    ("body", "sender", "intent"),
    [
        pytest.param(
            "Careers – General Application\nFull Name | Amina Otieno\nEmail | amina.otieno@gmail.com\n"
            "Location | Mombasa, Kenya\nPosition of interest | Data Analyst\nCover note | I build dashboards.\n",
            "Jotform <noreply@jotform.com>",
            Intent.job_applicant,
            id="a-form-tools-table-as-text",
        ),
        pytest.param(
            "您好：\n\n我想應徵貴公司的資料分析師職缺，附上履歷。\n\n敬祝\n商祺\n\n林家豪 Chia-Hao Lin\n"
            "Mobile: +886 912-000-000\n新北市板橋區\n",
            "林家豪 <chiahao.lin.tw@gmail.com>",
            Intent.job_applicant,
            id="a-city-and-district-in-chinese",
        ),
        pytest.param(
            "Your invoice INV-4410 is OVERDUE. Pay in USDT to the wallet below for a discount:\n"
            "TX9aB3cD7eF1gH5jK2mN8pQ4rS6tV0wYz\n\nBilling Dept.\n",
            "Accounts Receivable <billing@pay-now-invoices.example>",
            Intent.spam,
            id="a-wallet-address",
        ),
        pytest.param(
            "尊敬的负责人：\n\n本公司现有发票可对外代开，点数优惠。\n\n联系人：王经理\n手机/微信：138 2654 7190\n\n"
            "此邮件为商业信息，如有打扰敬请谅解，回复\"TD\"退订。\n",
            "王芳 <wangfang@hxqkd-trade.com>",
            Intent.spam,
            id="a-chinese-sentence",
        ),
        pytest.param(
            "Lumen Analytics\n採用ご担当者様\n\n中村彩花と申します。データアナリスト職に応募いたします。\n\n"
            "前職の株式会社みなと流通では約4年間、需要予測を担当しておりました。\n\n中村 彩花\n大阪府吹田市\n",
            "中村 彩花 <ayaka.nakamura.data@gmail.com>",
            Intent.job_applicant,
            id="a-legal-form-alone",
        ),
        pytest.param(
            "お客様のメールボックスの容量が上限に達しました。以下のリンクから確認してください。\n"
            "https://mail-box-verify.example/jp\n\nメールシステム管理者\n",
            "メールシステム管理者 <admin@mail-box-verify.example>",
            Intent.spam,
            id="the-mail-administrator-phishing-claims",
        ),
        pytest.param(
            "Ihr Postfach hat 99,8 % des Speicherplatzes erreicht. Bestätigen Sie Ihr Konto:\n"
            "https://postfach-pruefung.example/verify\n\nMit freundlichen Grüßen\n"
            "IT-Service-Desk / Postfachverwaltung\n",
            "IT-Service-Desk <it-service@postfach-pruefung.example>",
            Intent.spam,
            id="the-mailbox-administration-in-german",
        ),
        pytest.param(
            "Tisztelt Felhasználó!\n\nAz Ön postafiókja elérte a tárhelykorlát 98%-át. Erősítse meg fiókját:\n"
            "http://postafiok-ellenorzes.example/verify\n",
            "Rendszergazda <admin@postafiok-ellenorzes.example>",
            Intent.spam,
            id="the-system-administrator-in-hungarian",
        ),
        pytest.param(
            "Ваш почтовый ящик превысил лимит хранилища (99,8%). Подтвердите учётную запись:\n"
            "https://lumenhq-mailbox.example/verify\n\nС уважением,\nСлужба ИТ-поддержки\n",
            "Администратор почты <admin@lumenhq-mailbox.example>",
            Intent.spam,
            id="the-mail-administrator-in-russian",
        ),
        pytest.param(
            "Hi there,\n\nI'm Arnau, a data scientist based in Barcelona, looking for an internship.\n"
            "My CV is attached.\n\nThanks a lot,\n\nArnau Vilaseca i Puig\nBarcelona, Spain\narnauvilaseca.dev\n",
            "Arnau Vilaseca i Puig <arnau.vilaseca.p@gmail.com>",
            Intent.job_applicant,
            id="a-catalan-name-with-i",
        ),
        pytest.param(
            "Dear Sir/Madam,\n\nI am applying for the internship. My resume is attached.\n\nYours sincerely,\n"
            "Nurul Aisyah binti Kamarudin\nJohor Bahru, Malaysia\n+60 12-738 4410\n",
            "Nurul Aisyah <nurul.aisyah.k@gmail.com>",
            Intent.job_applicant,
            id="a-city-and-its-country",
        ),
        pytest.param(
            "Merhaba,\n\nSerbest danışman olarak bir müşterim için haftalık rapor hazırlıyorum. Raporu PDF olarak "
            "zamanlamak istiyorum ama sadece CSV seçeneği çıkıyor.\n\nTeşekkürler,\nElif Yıldız\nİzmir\n",
            "Elif Yıldız <elif.yildiz.danisman@gmail.com>",
            Intent.support,
            id="a-province-alone",
        ),
        pytest.param(
            "Dear Hiring Manager,\n\nFor the last 8 months I have been building data pipelines on a freelance project"
            " for a logistics start-up, working with Python, Apache Airflow, dbt and Snowflake.\n\nMy CV is attached."
            "\n\nMeenakshi Sundaram\nChennai, Tamil Nadu\n",
            "Meenakshi Sundaram <meenakshi.s.data@gmail.com>",
            Intent.job_applicant,
            id="the-tools-an-applicant-works-with",
        ),
        pytest.param(
            "Bonjour,\n\nNotre AG aura lieu le 12 mai à Lausanne. Pourriez-vous nous envoyer une offre pour"
            " dix licences ?\n\nMerci,\nClaire\n",
            "Claire Rochat <claire.rochat@bluewin.ch>",
            Intent.lead,
            id="our-general-meeting-is-no-aktiengesellschaft",
        ),
        pytest.param(
            "Salam sejahtera,\n\nSaya ingin memohon jawatan Data Analyst. Resume saya dilampirkan.\n\n"
            "Yang benar,\nNur Izzati binti Hassan\nShah Alam, Selangor\n+60 12-555 0192\n",
            "Nur Izzati <izzati.hassan.bi@gmail.com>",
            Intent.job_applicant,
            id="a-city-and-its-state",
        ),
        pytest.param(
            "Dear Hiring Team,\n\nI am writing to apply for the Data Engineer position. My CV is attached.\n\n"
            "Kind regards,\nEleni Konstantinou\nΕλένη Κωνσταντίνου\nThessaloniki, Greece\n+30 694 555 2231\n",
            "Eleni Konstantinou <eleni.konstantinou93@gmail.com>",
            Intent.job_applicant,
            id="the-applicants-name-again-in-greek",
        ),
        pytest.param(
            "Dia dhuit / Hello,\n\nI'd love to be considered for a graduate analyst role. My CV is attached.\n\n"
            "Go raibh míle maith agat,\nAoibheann Ní Fhlaithearta\n+353 86 555 0193\n"
            "Na Forbacha, Co. na Gaillimhe H91 X2Y4\n",
            "Aoibheann Ní Fhlaithearta <aoibheann.nifhlaithearta@gmail.com>",
            Intent.job_applicant,
            id="an-irish-county-is-no-company-form",
        ),
        pytest.param(
            "Shwmae,\n\nOes gennych chi swyddi gwag? Any openings for a data engineer?\n\n"
            "Diolch o galon,\nDafydd Rhys Huws\nAbertawe / Swansea\n07700 900265\n",
            "Dafydd Rhys Huws <dafydd.huws@outlook.com>",
            Intent.job_applicant,
            id="a-town-in-welsh-and-english",
        ),
    ],
)
def test_lines_that_are_no_organisation(body: str, sender: str, intent: Intent) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name is None


def test_junk_signed_with_name_title_and_company_on_one_line() -> None:
    body = (
        "Hello Lumenhq.com Team,\n\nYour website is not ranking for many keywords. We GUARANTEE 1st page "
        "ranking within 90 days.\n\nRegards,\nMike Dawson | SEO Consultant | Rank Rocket Digital Solutions\n"
        'PS: If you are not interested, please reply "NO".\n'
    )
    fields = fields_of(plain_mail(body, sender="Mike Dawson <mike@cheap-leads-now.xyz>"), Intent.spam)
    assert fields.company.name == "Rank Rocket Digital Solutions"


def test_junk_signed_by_a_person_beside_a_firm_named_in_the_plural() -> None:
    # "Partners" is no title a person holds: the segment beside the name is the firm.
    body = (
        "Hi Lumen Analytics,\n\nExpanding in LATAM? 50,000+ verified C-level emails, 80% OFF today only.\n\n"
        "Best regards,\nKevin Morales | Growth Data Partners\nIf you don't want to hear from us, reply REMOVE.\n"
    )
    fields = fields_of(plain_mail(body, sender="Kevin Morales <sales@cheap-leads-now.xyz>"), Intent.spam)
    assert fields.company.name == "Growth Data Partners"


def test_junk_signed_only_by_the_person_it_shows_names_no_organisation() -> None:
    body = (
        "Здравствуйте!\n\nПредлагаем базы данных компаний для B2B-рассылок. Скидка 70%!\n\n"
        "С уважением,\nАлексей Смирнов\nТел./WhatsApp: +7 (495) 118-42-07\n"
    )
    fields = fields_of(plain_mail(body, sender="Алексей Смирнов <alexey@biz-bazy.ru>"), Intent.spam)
    assert fields.person.name == "Алексей Смирнов"
    assert fields.company.name is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"Прайм Капитал Инвест"', "Прайм Капитал Инвест"),
        ('компания "Бизнес-Базы"', "Бизнес-Базы"),
    ],
)
def test_junk_signed_with_a_firm_in_quotes(line: str, expected: str) -> None:
    # Russian writes a firm's name in quotes, "company" before it no part of the name.
    body = (
        "Добрый день!\n\nДоходность от 28% в месяц, гарантия сохранности капитала.\n\n"
        f"С уважением,\nАнна Соколова\nПерсональный менеджер\n{line}\nМосква\n"
    )
    fields = fields_of(plain_mail(body, sender="Анна Соколова <a.sokolova@prime-invest.ru>"), Intent.spam)
    assert fields.company.name == expected


def test_an_offers_mailbox_names_no_person() -> None:
    body = "Szanowni Państwo,\n\nOferujemy pozycjonowanie w TOP 10 w 30 dni.\n\nZ poważaniem\nDział Sprzedaży\n"
    fields = fields_of(plain_mail(body, sender="Oferta SEO <oferta@top10-seo.example>"), Intent.spam)
    assert fields.person.name is None


def test_a_spanish_cuadro_de_mando_is_a_dashboard() -> None:
    body = "Buenas tardes:\n\nQueremos un cuadro de mando con los indicadores clave de ventas.\n\nUn saludo,\nMarta Gil\n"
    assert fields_of(plain_mail(body, sender="Marta Gil <marta@bodegasduero.es>")).products == ("Lumen Insights",)


@pytest.mark.parametrize(
    ("body", "sender", "intent", "expected"),
    [
        pytest.param(
            "The Corner Shop Weekly #40\n\n1) RENTS: NOT AS HIGH AS LAST YEAR IN MOST TOWNS\n"
            "Three landlords explain why.\n\nSee you next week,\nThe team\n--\n"
            "Unsubscribe any time.\n\u00a9 2026 Corner Shop Media Ltd \u00b7 9 King St, Leeds LS1 2HH\n",
            "Corner Shop Weekly <hello@cornershopweekly.example>",
            Intent.newsletter,
            "Corner Shop Media Ltd",
            id="a-headline-in-capitals-holds-no-legal-form",
        ),
        pytest.param(
            "Dzień dobry,\n\nprosimy o cennik dla dwóch sklepów.\n\nPozdrawiam\nAnna Nowak\n"
            "Kwiaciarnia Róża s.c.\nul. Długa 5, Gdańsk\n",
            "Anna Nowak <anna@kwiaciarnia-roza.pl>",
            Intent.lead,
            "Kwiaciarnia Róża s.c.",
            id="polish-civil-partnership",
        ),
        pytest.param(
            "Bonjour,\n\nnous aimerions une démonstration de vos tableaux de bord.\n\nCordialement,\n"
            "Julie Martin\nResponsable BI chez Lavandes Conseil SARL\n",
            "Julie Martin <julie.martin@lavandes-conseil.fr>",
            Intent.lead,
            "Lavandes Conseil SARL",
            id="title-chez-legal-name",
        ),
        pytest.param(
            "Hi,\n\nI saw you are hiring engineers in EMEA. Northgate Search Partners places data "
            "engineers across Europe. Open to a short call?\n\nBest,\nTom Hale\nPrincipal Consultant\n",
            "Tom Hale <tom.hale@northgatesearch.co.uk>",
            Intent.vendor,
            "Northgate Search Partners",
            id="an-acronym-ends-the-sentence-before-the-name",
        ),
    ],
)
def test_headlines_partnerships_and_titles_before_the_name(
    body: str, sender: str, intent: Intent, expected: str
) -> None:
    assert fields_of(plain_mail(body, sender=sender), intent).company.name == expected


def test_a_belgian_non_profits_form_in_capitals_is_left_out() -> None:
    body = (
        "Bonjour,\n\nNous souhaiterions une démonstration de vos tableaux de bord.\n\nCordialement,\n"
        "Claire Dubois\nCoordinatrice\nRéseau Santé Meuse ASBL\nRue de la Station 12, 4000 Liège\n"
    )
    f = fields_of(plain_mail(body, sender="Claire Dubois <c.dubois@reseausantemeuse.be>"))
    assert f.company.name == "Réseau Santé Meuse"


def test_a_form_before_a_quoted_name_does_not_hide_it_from_the_domain() -> None:
    body = (
        "Hi Tom,\n\nCould you set up a call with a solutions engineer?\n\nBest regards,\nMantas Kazlauskas\n"
        "Head of Data & Analytics\nUAB „Baltijos vėjas“\nKonstitucijos pr. 21A, LT-08130 Vilnius\n"
    )
    f = fields_of(plain_mail(body, sender="Mantas Kazlauskas <mantas.kazlauskas@baltvejas.lt>"))
    assert f.company.name == "UAB „Baltijos vėjas“"


def test_an_acronym_is_spelled_out_past_accents_and_an_elided_article() -> None:
    body = (
        "Bonjour,\n\nJe vous contacte au nom de la Caisse Téranga d'Épargne et de Crédit (CTEC), institution de "
        "microfinance. Pourrions-nous avoir une présentation ?\n\nAminata Sow Diallo\nResponsable du Contrôle de "
        "gestion\nCaisse Téranga d'Épargne et de Crédit (CTEC)\nDakar, Sénégal\n"
    )
    f = fields_of(plain_mail(body, sender="Aminata Sow Diallo <aminata.diallo@ctec.sn>"))
    assert f.company.name == "Caisse Téranga d'Épargne et de Crédit"


def test_an_albanian_legal_form_closes_the_name() -> None:
    body = "Përshëndetje,\n\nNa dërgoni një ofertë, ju lutem.\n\nMe respekt,\nErion Hoxha\nALBANET SOLUTIONS sh.p.k.\nTiranë\n"
    f = fields_of(plain_mail(body, sender="Erion Hoxha <erion@albanet.al>"))
    assert f.company.name == "ALBANET SOLUTIONS sh.p.k."


def test_the_trading_name_over_the_owner_it_is_a_dba_of() -> None:
    body = (
        "Hi there,\n\nHappy to stop by for a free walkthrough and give you a flat monthly price.\n\n"
        "Thanks for your time,\nDwayne Mitchell\nOwner\nBrightPath Janitorial\n"
        "(a DBA of Mitchell Family Services LLC)\nDenver, CO - 303-555-0152\nbrightpathjanitorial.com\n"
    )
    f = fields_of(plain_mail(body, sender="Dwayne Mitchell <dwayne@brightpathjanitorial.com>"), Intent.vendor)
    assert f.company.name == "BrightPath Janitorial"


def test_a_country_as_its_people_write_it_is_no_organisation_and_gives_the_region() -> None:
    body = (
        "New contact form submission\n\nName: Petra Nováková\nEmail: petra.novakova@seznam.cz\nCompany:\n"
        "Phone:\nCountry: Czech Republic\nMessage:\nHello, are you hiring data analysts? I can send my CV.\n"
    )
    fields = fields_of(
        plain_mail(body, sender="Lumen Analytics <noreply@lumenhq.com>", subject="New contact form submission"),
        Intent.job_applicant,
    )
    assert (fields.company.name, fields.region) == (None, "CZ")


def test_a_billing_department_beside_the_firm_in_the_display_name_is_not_the_firm() -> None:
    body = (
        "Tisztelt Partnerünk!\n\nMellékelten küldjük a márciusi számlát.\n\nEz egy automatikus üzenet.\n\n"
        "Minta Fordítóiroda Kft.\n1054 Budapest, Báthory utca 12.\n"
    )
    sender = "Minta Fordítóiroda Kft. – Számlázás <szamlazas@mintaforditas.hu>"
    assert fields_of(plain_mail(body, sender=sender), Intent.vendor).company.name == "Minta Fordítóiroda Kft."


def test_a_business_named_for_its_owner_in_the_display_name_is_the_organisation() -> None:
    body = (
        "Hi there,\n\nOur Daily Sales dashboard hasn't refreshed since Tuesday. Could someone take a look?\n\n"
        "Thanks so much,\nKaya Thompson\nOwner, Kaya's Kitchen\n2314 SE Division St, Portland, OR 97202\n"
    )
    fields = fields_of(plain_mail(body, sender="Kaya's Kitchen <kayaskitchen.pdx@outlook.com>"), Intent.support)
    assert (fields.person.name, fields.company.name) == ("Kaya Thompson", "Kaya's Kitchen")


def test_a_coworking_space_mailing_from_free_mail_names_no_person() -> None:
    body = (
        "Moin zusammen,\n\nhier kommen unsere Termine für November: Founders Breakfast am 6.11.\n\n"
        "Bis bald im Haus!\nEuer Team vom Coworking Hafenstraße\n\nCoworking Hafenstraße\n"
        "Hafenstraße 54, 28217 Bremen\nwww.coworking-hafenstrasse.de\n"
    )
    sender = "Coworking Hafenstraße <coworking.hafenstrasse@outlook.com>"
    fields = fields_of(plain_mail(body, sender=sender), Intent.newsletter)
    assert (fields.person.name, fields.company.name) == (None, "Coworking Hafenstraße")


@pytest.mark.parametrize(
    ("display", "signature"),
    [
        ("Soporte Tecnico", "Soporte Técnico - Administración de Correo"),
        ("Soporte Correo", "Soporte de Correo"),
    ],
)
def test_phishing_signed_by_a_support_desk_names_no_person_or_organisation(display: str, signature: str) -> None:
    body = (
        "Estimado usuario,\n\nSu buzón ha alcanzado el 98% de su capacidad. Verifique su cuenta ahora:\n"
        "http://verificar-buzon.example/owa/login.php\n\nAtentamente,\n" + signature + "\n"
    )
    fields = fields_of(plain_mail(body, sender=f"{display} <no-reply@verificacion-cuentas.com>"), Intent.spam)
    assert (fields.person.name, fields.company.name) == (None, None)


def test_a_mailings_postal_line_opens_with_its_town_not_its_publisher() -> None:
    body = (
        "Centre for Data Science – Public Webinar Series 2026\n\nResponsible AI in the Scottish public sector\n"
        "Tuesday 12 May 2026, online. Register: https://www.lorne.ac.uk/cds/events\n\n"
        "Centre for Data Science, University of Lorne | Oilthigh Latharna\n"
        "Oban, Argyll PA34 4QD, Scotland\n"
        "The University of Lorne is a charity registered in Scotland, No. SC012345.\n"
    )
    sender = "University of Lorne – Centre for Data Science <events@lorne.ac.uk>"
    assert fields_of(plain_mail(body, sender=sender), Intent.newsletter).company.name == "University of Lorne"


def test_a_mailings_imprint_with_a_number_in_its_name() -> None:
    body = (
        "DISTRICT DATA DIGEST — December 2025\n\n• Save the date: K-12 Data Leaders Winter Forum, January 28–29.\n"
        "Read the full digest online: https://www.k12dataleaders.org/digest/2025-12\n\n"
        "K-12 Data Leaders Network · PO Box 1187 · Austin, TX 78767\n"
    )
    sender = "District Data Digest <digest@k12dataleaders.org>"
    assert fields_of(plain_mail(body, sender=sender), Intent.newsletter).company.name == "K-12 Data Leaders Network"


def test_a_program_signs_with_its_own_name_over_its_owners() -> None:
    body = (
        "Hi there,\n\nWould Lumen like to sponsor the summit this year? Could we find 20 minutes next week?\n\n"
        "Warm regards,\nHeather Lindqvist\nPartnerships & Sponsorship Manager\nMidwest Credit Union Data Summit\n"
        "a program of Heartland Credit Union Services, LLC\n(515) 555-0159 | cudatasummit.com\n"
    )
    fields = fields_of(plain_mail(body, sender="Heather Lindqvist <hlindqvist@cudatasummit.com>"), Intent.vendor)
    assert fields.company.name == "Midwest Credit Union Data Summit"


def test_a_mailings_copyright_holder_its_display_name_shows() -> None:
    body = (
        "Registration is OPEN\nMay 19–21, 2026 · Lakefront Convention Center · Cleveland, Ohio\n\n"
        "600+ exhibitors. Register free: https://www.midamericamfgexpo.com/register\n\n"
        "© 2026 MidAmerica Manufacturing Expo · 2500 Superior Avenue · Cleveland, OH 44114\n"
    )
    sender = "MidAmerica Manufacturing Expo <info@midamericamfgexpo.com>"
    assert fields_of(plain_mail(body, sender=sender), Intent.newsletter).company.name == "MidAmerica Manufacturing Expo"


def test_a_dictated_name_in_lower_case_completes_the_domains_label_and_its_bare_budget_stands() -> None:
    body = (
        "Hey this is Marcus with Ridgeline solar we're out of Boise we're looking at some kind of forecasting "
        "tool comma budget is somewhere between 30 and 40 K a year period we'd like to get going in the spring\n\n"
        "Sent from my iPhone\n"
    )
    fields = fields_of(plain_mail(body, sender="Marcus Tate <marcus@ridgelinesolar.com>"), Intent.lead)
    assert (fields.company.name, fields.budget_usd) == ("Ridgeline solar", 35000)


def test_a_profiles_heading_is_no_part_of_the_name() -> None:
    body = (
        "Ravi Menon, VP Partnerships, sent you a partnership request on PartnerLoop.\n\n"
        "About Quillstone Data Inc.\nReverse ETL | Austin, TX, United States | 51-200 employees | quillstone.ai\n"
    )
    fields = fields_of(plain_mail(body, sender="Ravi Menon <ravi.menon@quillstone.ai>"), Intent.vendor)
    assert fields.company.name == "Quillstone Data Inc."


def test_the_places_a_charity_is_registered_in_are_no_organisation() -> None:
    body = (
        "HEALTHTECH NORTH — monthly briefing\n\nThis month: shared care records across the region.\n\n"
        "HealthTech North is a community interest company registered in England and Wales, no. 12745390.\n"
    )
    sender = "HealthTech North <briefing@healthtechnorth.org.uk>"
    assert fields_of(plain_mail(body, sender=sender), Intent.newsletter).company.name == "HealthTech North"
