"""Organisation names written with legal forms or organisation words of other scripts, the names
of partnerships, lead-in words before a legal name, Polish place names, and who bulk mail says
hosts it (shared/gold-standard.md §2, company.name)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailtriage.extract.fields import extract_fields
from mailtriage.extract.fields_company import legal_name
from mailtriage.extract.schemas import Intent
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize
from tests.factories import fields_of, plain_mail


def _company(body: str, sender: str, intent: Intent = Intent.lead) -> str | None:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = "Hello"
    msg["Date"] = "Tue, 03 Mar 2026 09:12:44 +0100"
    msg["Message-ID"] = "<s@example.com>"
    msg.set_content(body)
    return extract_fields(normalize(msg.as_bytes()), intent, load_tenant(None)).company.name


@pytest.mark.parametrize(
    ("sender", "body", "expected"),
    [
        (
            "Irina Petrova <i.petrova@kama-stroy.ru>",
            "Добрый день!\n\nПросим прислать коммерческое предложение.\n\nС уважением,\nИрина Петрова\n"
            "Главный бухгалтер\nАО «Кама Строй»\nг. Казань\n",
            "АО «Кама Строй»",
        ),
        (
            "Dmytro Bondar <d.bondar@lviv-pharm.ua>",
            "Доброго дня!\n\nПотрібна демонстрація.\n\nДмитро Бондар\nТОВ «Львів Фарм», Львів\n",
            "ТОВ «Львів Фарм»",
        ),
        (
            "Tran Van Minh <minh@hanoisteel.vn>",
            "Xin chào,\n\nChúng tôi cần báo giá.\n\nTrân trọng,\nTrần Văn Minh\n"
            "Công ty Cổ phần Thép Hà Nội\nHà Nội\n",
            "Công ty Cổ phần Thép Hà Nội",
        ),
        (
            "Yossi Levi <yossi@negev-solar.co.il>",
            'שלום,\n\nנשמח לקבל הצעת מחיר.\n\nיוסי לוי\nסמנכ"ל כספים\nנגב סולאר בע"מ\n',
            'נגב סולאר בע"מ',
        ),
        (
            "Maria Georgiou <m.georgiou@kritiki-trofima.gr>",
            "Καλησπέρα,\n\nΘα θέλαμε μια παρουσίαση.\n\nΜαρία Γεωργίου\nΥπεύθυνη Πληροφορικής\n"
            "ΚΡΗΤΙΚΗ ΤΡΟΦΙΜΑ Ε.Π.Ε.\nΗράκλειο\n",
            "ΚΡΗΤΙΚΗ ΤΡΟΦΙΜΑ Ε.Π.Ε.",
        ),
        (
            "Suda <suda@chiangmai-craft.co.th>",
            "สวัสดีค่ะ\n\nขอใบเสนอราคาค่ะ\n\nสุดา\nบริษัท เชียงใหม่คราฟท์ จำกัด\nเชียงใหม่\n",
            "บริษัท เชียงใหม่คราฟท์ จำกัด",
        ),
    ],
)
def test_a_legal_form_of_another_script_opens_or_closes_the_name_as_written(
    sender: str, body: str, expected: str
) -> None:
    assert _company(body, sender) == expected


def test_a_sentence_about_our_company_is_not_a_vietnamese_legal_name() -> None:
    body = "Xin chào,\n\nCông ty chúng tôi muốn xem bản demo.\n\nTrân trọng,\nLê Hoa\n"
    assert _company(body, "Le Hoa <hoa@gmail.com>") is None


def test_a_disclaimers_sentence_before_a_legal_name_in_its_own_script_is_not_part_of_it() -> None:
    body = (
        "Dear Sirs,\n\nPlease cancel our subscription.\n\nBest regards,\nKostas Georgiou\n"
        "________________________________\nThis e-mail is confidential. If you have received it in error, "
        "please notify the sender and delete it. ΑΙΓΙΑΛΟΣ ΝΑΥΤΙΛΙΑΚΗ Α.Ε., ΓΕΜΗ 001234507000.\n"
    )
    assert _company(body, "Kostas Georgiou <k.georgiou@aigialos-shipping.gr>") == "ΑΙΓΙΑΛΟΣ ΝΑΥΤΙΛΙΑΚΗ Α.Ε."


def test_a_korean_legal_form_before_the_name_with_a_space_is_found_among_segments() -> None:
    body = "안녕하세요,\n\n제안드립니다.\n\n박지성 | 영업 매니저 | 주식회사 바다물류\n"
    assert _company(body, "박지성 <js.park@bada-logis.kr>", Intent.vendor) == "주식회사 바다물류"


def test_an_organisation_word_of_devanagari_closes_a_short_signature_segment() -> None:
    body = "नमस्ते,\n\nहमें डेमो चाहिए।\n\nधन्यवाद,\nसुरेश गुप्ता\nगुप्ता ट्रेडर्स, लखनऊ\n"
    assert _company(body, "Suresh Gupta <suresh@guptatraders.in>") == "गुप्ता ट्रेडर्स"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Whitcombe, Ross & Tan LLP", "Whitcombe, Ross & Tan LLP"),
        ("Abbott, Reyes, Lindqvist & Moore LLP", "Abbott, Reyes, Lindqvist & Moore LLP"),
        # A title before the comma is not a partner.
        ("Partner, Ross & Tan LLP", "Ross & Tan LLP"),
        ("Senior Associate, Ross & Tan LLP", "Ross & Tan LLP"),
    ],
)
def test_partners_names_before_a_comma_belong_to_the_firms_name(line: str, expected: str) -> None:
    assert legal_name(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("im Namen der Brückner Feinmechanik GmbH", "Brückner Feinmechanik GmbH"),
        ("On behalf of Seaview Partners Ltd", "Seaview Partners Ltd"),
        ("En Frutas Olmedo SL trabajamos con 40 tiendas", "Frutas Olmedo SL"),
        # A particle that opens a name stays.
        ("De Boer Advies B.V.", "De Boer Advies B.V."),
    ],
)
def test_lead_in_words_before_a_legal_name_are_not_part_of_it(line: str, expected: str) -> None:
    assert legal_name(line) == expected


def test_a_polish_place_after_w_is_part_of_an_institution_name_in_a_signature() -> None:
    body = "Dzień dobry,\n\nprosimy o ofertę.\n\nZ poważaniem\nAnna Zielińska\nKierownik Działu IT\nUrząd Miasta w Gnieźnie\n"
    assert _company(body, "Anna Zielińska <a.zielinska@um-gniezno.pl>") == "Urząd Miasta w Gnieźnie"


def test_a_polish_place_after_w_in_a_sentence_only_says_where_the_employer_is() -> None:
    body = "Dzień dobry,\n\nObecnie pracuję jako analityk w Kruk Logistyka we Wrocławiu, gdzie buduję raporty.\n\nJan Kowal\n"
    assert _company(body, "Jan Kowal <jan.kowal@o2.pl>", Intent.job_applicant) == "Kruk Logistyka"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Join our annual Retail Data Forum, Mar 12 in Denver, CO.\n\nHosted by the Open Retail Guild\nUnsubscribe\n",
            "Open Retail Guild",
        ),
        (
            "Notre salon ouvre ses portes le 4 juin.\n\nOrganisé par Expodata SARL – 5 rue Garibaldi, Lyon\n",
            "Expodata SARL",
        ),
    ],
)
def test_bulk_mail_names_who_hosts_it_not_the_event_it_announces(body: str, expected: str) -> None:
    assert _company(body, "Events <events@retaildataforum.org>", Intent.newsletter) == expected


def test_an_abbreviated_department_is_not_the_organisation() -> None:
    body = "Hola,\nqueremos una demo.\n\nSaludos\nMarta Gil\nDpto. de Ventas\nCooperativa Olivarera del Sur\nJaén\n"
    assert _company(body, "Marta Gil <mgil@olivareradelsur.es>") == "Cooperativa Olivarera del Sur"


def test_a_business_the_writer_runs_called_by_name_is_the_organisation() -> None:
    body = "Hi,\nI own a small bakery called Golden Crust Bakes in Leeds. What does it cost?\n\nTina\n"
    assert _company(body, "Tina Moss <tina.moss@outlook.com>") == "Golden Crust Bakes"


def test_the_writers_own_name_before_von_der_is_not_part_of_the_legal_name() -> None:
    body = "Guten Tag,\nhier ist Sabine Roth von der Roth Kältetechnik GmbH. Bitte um ein Angebot.\n\nGruß\nSabine Roth\n"
    assert _company(body, "Sabine Roth <s.roth@roth-kaelte.de>") == "Roth Kältetechnik GmbH"


def test_an_abbreviation_inside_a_name_does_not_cut_it() -> None:
    body = "Hi,\nHow much for 5 users?\n\nCheers\nDave\nHolt Bros. Roofing\n"
    assert _company(body, "Dave Holt <dave@holtbros.co.uk>") == "Holt Bros. Roofing"


def test_a_title_and_of_before_a_legal_name_are_not_part_of_it() -> None:
    assert legal_name("I am the MD of Kofi Cocoa Traders Limited and") == "Kofi Cocoa Traders Limited"


def test_messrs_before_a_firms_name_is_not_part_of_it() -> None:
    body = (
        "Dear Sir,\nKindly share quotation.\n\nRegards,\nVikram Shah\nM/s Shah Dyes & Chemicals\nVadodara\n"
    )
    assert _company(body, "Vikram Shah <vikram@shahdyes.in>") == "Shah Dyes & Chemicals"


def test_the_turkish_industry_and_trade_legal_form_closes_the_whole_name() -> None:
    assert legal_name("Yıldız Plastik San. ve Tic. Ltd. Şti.") == "Yıldız Plastik San. ve Tic. Ltd. Şti."


def test_our_team_at_an_organisation_names_the_writers_organisation() -> None:
    body = "Hello,\nOur data team at the Riverside Children's Museum would like a demo.\n\nMia\n"
    assert _company(body, "Mia Ford <mia.ford@gmail.com>") == "Riverside Children's Museum"


def test_l_equipe_before_a_newsletters_name_is_not_part_of_it() -> None:
    body = "Bonjour,\nNotre webinaire a lieu le 3 mars.\n\nL'équipe Datavista\nSe désinscrire\n"
    assert _company(body, "Datavista <news@datavista.fr>", Intent.newsletter) == "Datavista"


@pytest.mark.parametrize(
    ("sender", "line", "expected"),
    [
        # A name written in two scripts: the one the signature gives first, whichever has the
        # legal form of its own script.
        (
            "Orit <orit@tyrell-bio.com>",
            'Tyrell Bio Israel Ltd. | טיירל ביו ישראל בע"מ',
            "Tyrell Bio Israel Ltd.",
        ),
        ("Uri <uri@cybermagen.co.il>", 'סייברמגן בע"מ (CyberMagen Ltd.)', 'סייברמגן בע"מ'),
        ("Itai <itai@shovalops.io>", 'שובל אופס בע"מ | Shoval Ops Ltd.', 'שובל אופס בע"מ'),
    ],
)
def test_a_name_in_two_scripts_is_the_one_written_first(sender: str, line: str, expected: str) -> None:
    body = f"Shalom,\n\nPlease send a quote for dashboards.\n\nThanks,\nOrit\nVP Partnerships\n{line}\n+972 3 555 0100\n"
    assert _company(body, sender) == expected


def test_a_former_name_is_not_the_company() -> None:
    body = (
        "Hi,\n\nCould you send pricing for Guard and Insights?\n\nThanks!\nLena\n\n"
        "Lena Castellanos | Director, Data & Reporting\nCorvane Health\n"
        "(formerly MedSpring Clinics - same team, new name!)\n1650 E. River Rd, Tucson, AZ 85718\n"
    )
    assert _company(body, "Lena Castellanos <lcastellanos@medspring-clinics.com>") == "Corvane Health"


def test_hiragana_inside_a_japanese_company_name_is_kept() -> None:
    body = (
        "お世話になっております。\n\nSSOでログインできません。\n\nみなと精機株式会社\n情報システム部 佐藤\n"
    )
    assert _company(body, "佐藤 <sato@minato-seiki.co.jp>", Intent.support) == "みなと精機株式会社"


def test_a_mailbox_role_as_display_name_is_no_company() -> None:
    body = "Our weekly digest: five articles on warehouses. Unsubscribe at any time.\n"
    assert _company(body, "Newsletter <news@dataweekly.example.org>", Intent.newsletter) is None


def test_a_name_that_starts_with_a_number_beats_the_web_address() -> None:
    body = (
        "Hello,\n\nCould we set up a demo in January?\n\nRegards,\n\nTerrence Whitfield\n"
        "Chief Information Officer\n7 Rivers Credit Union\n1120 Market St, Chattanooga, TN 37402\n"
        "423.555.0148\n7riverscu.org\n"
    )
    assert _company(body, "Terrence Whitfield <twhitfield@7riverscu.org>") == "7 Rivers Credit Union"


def test_the_polite_you_is_no_company() -> None:
    body = (
        "Sehr geehrte Damen und Herren,\n\nGerne würde ich mich initiativ als Junior Data Engineer bei "
        "Ihnen bewerben – gern auch remote.\n\nMeinen Lebenslauf finden Sie im Anhang.\n\n"
        "Mit freundlichen Grüßen\nLeonie Hartmann\nBerlin\n"
    )
    assert _company(body, "Leonie Hartmann <leonie.hartmann@gmx.de>", Intent.job_applicant) is None


def test_a_domain_made_of_two_words_of_a_longer_name_corroborates_it() -> None:
    body = (
        "Please see the attached RFP No. 2026-114. Proposals are due Jan 15, 2027.\n\n"
        "Rosalind Whitfield, CPPB | Procurement Officer | Calder County Regional Transit Authority | "
        "40 S Main St, Dayton, OH 45402\n"
    )
    sender = "Calder County RTA Procurement <procurement@caldertransit.org>"
    assert _company(body, sender) == "Calder County Regional Transit Authority"


def test_a_mail_apps_footer_is_no_company() -> None:
    body = "20ユーザーで使う場合の料金を教えてください。\n\niPhoneから送信\n"
    assert _company(body, "山田 <yamada@gmail.com>") is None


@pytest.mark.parametrize(
    ("sender", "body", "intent", "expected"),
    [
        # A greeting on its own line is no name; the firm is the display name's second part.
        (
            "이지은 | 새봄데이터 <jieun.lee@saebomdata.co.kr>",
            "안녕하세요~\n오늘 아침부터 대시보드가 안 열려요 ㅠㅠ 계속 로딩만 돌아요.\n확인 부탁드립니다!\n\n지은 드림\n",
            Intent.support,
            "새봄데이터",
        ),
        # A salutation ending in a full-width colon is no name either.
        (
            "云栈科技 <news@yunzhan-tech.cn>",
            "Hi，各位数据人：\n\n本周三件事：\n1. 云栈数据湖 3.2 发布，查询速度提升 40%\n2. 新人教程：十分钟上手实时看板\n\n"
            "—— 云栈科技 市场部\n上海市徐汇区漕溪北路 88 号\n",
            Intent.newsletter,
            "云栈科技",
        ),
        # "Дима" signs for Дмитрий Орлов: his short name, and no organisation is named.
        (
            "Дмитрий Орлов <d.orlov@severtrans.ru>",
            "привет! подскажите, how do I mask PII columns for a specific role?\n\nспасибо,\nДима\n",
            Intent.support,
            None,
        ),
    ],
    ids=["korean-greeting", "chinese-salutation", "russian-short-name"],
)
def test_greetings_and_short_names_in_other_scripts_are_no_organisation(
    sender: str, body: str, intent: Intent, expected: str | None
) -> None:
    assert _company(body, sender, intent) == expected


def test_a_bulletins_bracketed_section_heading_is_no_organisation() -> None:
    body = (
        "华东数据科学研究院通讯\n2026年第12期\n\n【研究院动态】\n◆ 研究院发布《公共数据授权运营白皮书》。\n"
        + "".join(f"◆ 第{n}项：城市运行指标体系项目进展。\n" for n in range(1, 12))
        + "【学术活动】\n◆ 12月23日学术报告。\n\n--------------------------------\n华东数据科学研究院 综合办公室\n"
        "地址：上海市杨浦区国定东路365号\n"
    )
    assert _company(body, "华东数据科学研究院 <newsletter@ecdsi.org.cn>", Intent.newsletter) == "华东数据科学研究院"


def test_a_city_beside_its_own_office_is_the_city_government() -> None:
    body = (
        "안녕하세요.\n대시보드를 PDF로 내보내면 한글이 깨집니다. 확인 부탁드립니다.\n\n감사합니다.\n박지훈 드림\n"
        "────────────────────\n청하시 빅데이터담당관실\n주무관 박지훈\n(10482) 경기도 청하시 시청로 100\n"
    )
    assert _company(body, "박지훈 <jhpark@cheongha.go.kr>", Intent.support) == "청하시"


def test_a_chinese_brand_display_name_is_the_claimed_company_not_a_person() -> None:
    body = (
        "顺丰速运 | 包裹派送异常通知\n尊敬的客户：\n您的快递因收件地址信息不完整，派送员无法完成派送。\n"
        "立即补充地址 (http://sf-express-cn.top/redeliver/?id=SF142877309915)\n此邮件由系统自动发出，请勿直接回复。\n"
        "顺丰速运 客户服务中心\n"
    )
    raw = plain_mail(body, sender="顺丰速运 <notice@sf-express-cn.top>", subject="【顺丰速运】您的包裹派送失败")
    f = fields_of(raw, Intent.spam)
    assert (f.person.name, f.company.name) == (None, "顺丰速运")


def test_an_english_legal_name_with_its_chinese_form_in_full_width_brackets_is_the_english_one() -> None:
    body = (
        "您好，\n我司决定在本期合约到期后不再续订 Lumen 的服务，烦请取消自动续费。谢谢！\n\n"
        "陈志明 Tan Chee Meng\n财务经理\nRedhill Printing Pte Ltd（红山印刷私人有限公司）\n新加坡 Kallang Way 5号\n"
    )
    sender = "Tan Chee Meng <cheemeng.tan@redhillprinting.com.sg>"
    assert _company(body, sender, Intent.support) == "Redhill Printing Pte Ltd"


@pytest.mark.parametrize(
    ("sender", "body", "expected"),
    [
        (
            "禾丰烘焙 <news@hefeng-baking.cn>",
            "各位老板好：\n十二月新品上市，欢迎选购。\n\n禾丰烘焙原料｜十二月资讯\n上海市闵行区\n",
            "禾丰烘焙原料",
        ),
        (
            "さくら通り商店会 <info@sakura-dori.jp>",
            "会員の皆様\n年末の売り出しについてお知らせします。\n\nさくら通り商店会\u3000事務局\n",
            "さくら通り商店会",
        ),
    ],
    ids=["full-width-bar", "ideographic-space"],
)
def test_full_width_separators_end_the_name(sender: str, body: str, expected: str) -> None:
    assert _company(body, sender, Intent.newsletter) == expected


def test_a_korean_office_of_education_beside_its_unit_and_a_civil_service_grade() -> None:
    body = (
        "안녕하세요.\n보고서를 CSV로 내보내면 한글이 깨집니다. 확인 부탁드립니다.\n\n감사합니다.\n박지훈 드림\n"
        "----------------------------------------\n한빛시교육청 정보화담당관실 주무관\nTel. 042-480-7731\n"
    )
    assert _company(body, "박지훈 <jhpark@hbe.go.kr>", Intent.support) == "한빛시교육청"


@pytest.mark.parametrize(
    "line", ["株式会社 北辰ロジスティクス", "株式会社\u3000北辰ロジスティクス"], ids=["space", "ideographic-space"]
)
def test_a_japanese_form_written_apart_before_the_name(line: str) -> None:
    body = f"お世話になっております。\n見積書をお送りいただけますでしょうか。\n\n{line}\n物流管理部 部長\n佐藤 健一\n"
    assert _company(body, "佐藤 健一 <k.sato@hokushin-logi.co.jp>") == line


def test_a_japanese_pointer_to_the_page_below_is_no_organisation() -> None:
    body = (
        "会員各位\n\n来月のセミナーのご案内です。\n\nお申し込み・詳細は下記ページから\n"
        "https://example-cci.or.jp/seminar\n"
    )
    assert _company(body, "セミナー事務局 <seminar@example-cci.or.jp>", Intent.newsletter) != "お申し込み・詳細は下記ページから"
