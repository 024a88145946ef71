"""An organisation written in two scripts: the form in the script the email is written in, when
that form comes first or the email uses it again; otherwise the form written first
(eval/README.md, company.name "as written"). And a legal form followed by a case ending, and a
personal domain that spells the writer's surname."""

from __future__ import annotations

import pytest

from mailtriage.extract.schemas import Intent
from tests.factories import fields_of, plain_mail


@pytest.mark.parametrize(
    ("body", "sender", "expected"),
    [
        pytest.param(
            "Hello,\n\nWe would like a demo of your dashboards for our 40 stores next month.\n\n"
            "Best regards,\nSoo-ah Park\nHead of Retail Analytics\n"
            "Daehan Retail Co., Ltd. | (주)대한리테일\nSeoul, Korea\n",
            "Soo-ah Park <soo-ah.park@daehanretail.co.kr>",
            "Daehan Retail Co., Ltd.",
            id="english-mail-latin-form-written-first",
        ),
        pytest.param(
            "Dear Sales Team,\n\nMinami Textiles Co., Ltd. is looking for a forecasting tool for its "
            "three mills. Please send us a quotation.\n\nBest regards,\nKenta Ito\n"
            "南テキスタイル株式会社\nMinami Textiles Co., Ltd.\nNagoya, Japan\n",
            "Kenta Ito <k.ito@minami-textiles.co.jp>",
            "Minami Textiles Co., Ltd.",
            id="english-mail-latin-form-below-that-the-text-uses",
        ),
        pytest.param(
            "ご担当者様\n\n貴社のダッシュボード製品について、お見積りをお願いできますでしょうか。\n"
            "よろしくお願いいたします。\n\n株式会社ひかり物産（Hikari Bussan Inc.）\n営業企画部 佐藤 花子\n",
            "佐藤 花子 <hanako.sato@hikari-bussan.co.jp>",
            "株式会社ひかり物産",
            id="japanese-mail-native-form-first-latin-in-brackets",
        ),
        pytest.param(
            "مرحباً بكم في العدد الجديد من نشرتنا الأسبوعية حول سوق البيانات في الخليج.\n\n"
            "© 2025 مركز البيانات العربي (Arab Data Hub FZ-LLC)، برج الميناء، أبوظبي\n",
            "مركز البيانات العربي <newsletter@arabdatahub.com>",
            "مركز البيانات العربي",
            id="arabic-mail-native-form-after-the-copyright-sign",
        ),
        pytest.param(
            "Καλησπέρα σας,\n\nθα θέλαμε μια παρουσίαση του Lumen Insights για την ομάδα μας.\n\n"
            "Με εκτίμηση,\nΝίκος Παππάς\nAegean Foods S.A. | Αιγαιακά Τρόφιμα Α.Ε.\nΠειραιάς\n",
            "Νίκος Παππάς <n.pappas@aegeanfoods.gr>",
            "Aegean Foods S.A.",
            id="greek-mail-latin-form-written-first-stays",
        ),
        pytest.param(
            "Hi,\n\nCan you send pricing for 25 seats?\n\nThanks,\nWei Zhang\n"
            "华信数据科技有限公司\nShanghai\n",
            "Wei Zhang <wei.zhang@huaxin-data.cn>",
            "华信数据科技有限公司",
            id="english-mail-only-one-form-written",
        ),
        pytest.param(
            "Lumen Analytics\nパートナーシップご担当者様\n\nはじめてご連絡いたします。\n"
            "クラウドブリッジ株式会社 アライアンス推進部の渡辺と申します。\n"
            "弊社はデータ連携サービスを提供しております。\n\n何卒よろしくお願い申し上げます。\n"
            "===========================================\nクラウドブリッジ株式会社\nアライアンス推進部 部長\n"
            "渡辺 翔太 / Shota Watanabe\nCloudBridge Inc.\n〒150-0002 東京都渋谷区渋谷2-24-12\n"
            "https://www.cloudbridge.co.jp\n",
            "Shota Watanabe <shota.watanabe@cloudbridge.co.jp>",
            "クラウドブリッジ株式会社",
            id="japanese-mail-native-form-heading-the-signature-block",
        ),
    ],
)
def test_the_form_in_the_script_of_the_email(body: str, sender: str, expected: str) -> None:
    assert fields_of(plain_mail(body, sender=sender), Intent.lead).company.name == expected


@pytest.mark.parametrize(
    ("body", "sender", "expected"),
    [
        pytest.param(
            "Merhaba,\n\nBen Ayşe, Deniz Yazılım Ltd. Şti.'den yazıyorum. Fiyat listenizi alabilir miyiz?\n",
            "Ayşe Kaya <ayse@denizyazilim.com.tr>",
            "Deniz Yazılım Ltd. Şti.",
            id="turkish-case-ending-after-the-legal-form",
        ),
        pytest.param(
            "Hi,\n\nI run Harbour Tiles Ltd.'s reporting and we need dashboards. Pricing please?\n\nJo\n",
            "Jo Reed <jo@harbourtiles.co.uk>",
            "Harbour Tiles Ltd.",
            id="english-possessive-after-the-legal-form",
        ),
    ],
)
def test_a_case_ending_is_not_part_of_the_legal_form(body: str, sender: str, expected: str) -> None:
    assert fields_of(plain_mail(body, sender=sender), Intent.lead).company.name == expected


def test_a_personal_domain_that_spells_the_surname_is_no_company() -> None:
    body = (
        "Hi Hannah,\n\nThursday at 2pm works for me; updated CV attached.\n\nBest,\nSam\n"
        "Samuel Adeyemi\nAnalytics Lead · Kestrel Freight Ltd\nLeeds, UK\n"
    )
    f = fields_of(plain_mail(body, sender="Samuel Adeyemi <sam@adeyemi.dev>"), Intent.job_applicant)
    assert f.person.name == "Samuel Adeyemi"
    assert f.company.name == "Kestrel Freight Ltd"


def test_a_contact_line_with_a_full_width_colon_is_no_company() -> None:
    body = (
        "ご担当者様\n\n展示会への出展をご検討いただけますと幸いです。\n\n"
        "株式会社さくらイベント企画\n営業部　田中\nMail：t.tanaka@sakura-events.co.jp\n"
    )
    f = fields_of(plain_mail(body, sender="田中 <t.tanaka@sakura-events.co.jp>"), Intent.vendor)
    assert f.company.name == "株式会社さくらイベント企画"


def test_a_name_and_its_other_form_in_brackets_give_the_form_of_the_emails_script() -> None:
    body = (
        "안녕하세요.\n판교에서 피트니스 센터용 예약·회원관리 SaaS를 만들고 있는 스튜디오모아 대표 이서연입니다.\n"
        "저희 고객들이 앱 안에서 매출, 출석률, 재등록률 같은 지표를 바로 볼 수 있도록 분석 화면을 넣고 싶은데,\n"
        "Lumen Embedded 요금이 어떻게 되는지 궁금합니다.\n\n감사합니다.\n\n--\n이서연 | Seoyeon Lee\n"
        "스튜디오모아 (Studio Moa) 대표\n경기도 성남시 분당구 판교역로 235\nwww.studiomoa.kr\n"
    )
    f = fields_of(plain_mail(body, sender="이서연 <seoyeon.moa@gmail.com>"), Intent.lead)
    assert f.company.name == "스튜디오모아"


def test_latin_letters_inside_a_japanese_name_are_part_of_it() -> None:
    body = (
        "はじめまして。\n株式会社さくらHRテックの山田と申します。\n料金表をお送りいただけますでしょうか。\n\n"
        "よろしくお願いいたします。\n\n山田 太郎\n株式会社さくらHRテック\n"
    )
    f = fields_of(plain_mail(body, sender="山田 太郎 <t.yamada@sakura-hrtech.co.jp>"), Intent.lead)
    assert f.company.name == "株式会社さくらHRテック"
