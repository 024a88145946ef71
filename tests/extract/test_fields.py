"""Behaviour of the offline field extractors on the cases sales-ops cares about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailtriage.evals.dataset import GoldLabels
from mailtriage.evals.scorers import PRF, budgets_match, field_values
from mailtriage.extract.fields import Fields, extract_fields
from mailtriage.extract.schemas import Budget, Extraction, Intent, Interest, RequiredAction, Timeline
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev.jsonl"


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


def _fields(raw: bytes, intent: Intent = Intent.lead) -> Fields:
    return extract_fields(normalize(raw), intent, load_tenant(None))


def test_forwarded_prospect_is_the_person() -> None:
    body = (
        "Team, a good one from the summit - please pick it up.\n\nJake\n\n"
        "---------- Forwarded message ---------\n"
        "From: Helena Lindqvist <helena.lindqvist@nordkraft.se>\n"
        "Date: Wed, May 20, 2026 at 4:47 PM\nSubject: Portal analytics\nTo: Jake <jake@lumenhq.com>\n\n"
        "Hi Jake,\n\nWe want dashboards embedded in our own portal. Could we book a call?\n\n"
        "Best regards,\nHelena Lindqvist\nHead of BI\nNordkraft Energi AB\nSveavägen 44, 111 34 Stockholm\n"
    )
    f = _fields(
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
    f = _fields(
        _mail(body, sender="Lumen Website <noreply@lumenhq.com>", subject="New contact form submission")
    )
    assert (f.person.name, f.person.email) == ("Abena Mensah", "abena.mensah@goldcoastagri.com.gh")
    assert f.company.name == "Gold Coast Agri Ltd"
    assert f.products == ("Lumen Forecast",)
    assert f.timeline is Timeline.quarter
    assert f.region == "GH"


def test_free_mail_takes_the_signature_website() -> None:
    body = "Could you send me the price list for Lumen Insights?\n\n--\nKen Sato\nKentec LLC\nhttps://kentec-ec.jp\n"
    f = _fields(_mail(body, sender="Ken Sato <ken.sato.kentec@gmail.com>"))
    assert f.company.domain == "kentec-ec.jp"
    assert f.required_action is RequiredAction.send_pricing


def test_budget_per_month_in_eur_is_annualised() -> None:
    body = "Notre budget se situe entre 2 et 3 k€ par mois. Pourriez-vous m'envoyer un devis ?\n"
    assert _fields(_mail(body)).budget_usd == pytest.approx(33000)


def test_quoted_lumen_price_is_not_the_budget() -> None:
    body = (
        "Hi Chris,\n\nThanks. Can we set up a call next week to walk through the quote?\n\nSanjay\n\n"
        "On Tue, Mar 24, 2026 at 5:48 PM Chris Dunbar <chris.dunbar@lumenhq.com> wrote:\n"
        "> Recapping the pricing: Lumen Insights, 20 users: $26,000 / year\n"
    )
    assert _fields(_mail(body)).budget_usd is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We need a replacement ASAP.", Timeline.now),
        ("Wir möchten im nächsten Quartal starten.", Timeline.quarter),
        ("L'idée est de démarrer l'année prochaine.", Timeline.six_months),
        ("Queremos empezar el próximo trimestre.", Timeline.quarter),
        ("We'd want to be live by September.", Timeline.six_months),
    ],
)
def test_timeline_phrases(sentence: str, expected: Timeline) -> None:
    assert _fields(_mail(f"Hello,\n\n{sentence}\n")).timeline is expected


def test_region_from_phone_country_code() -> None:
    body = (
        "Please send pricing.\n\nKind regards,\nFiona Clarke\nHarrowgate Homes Ltd\nTel: +44 113 496 0732\n"
    )
    assert _fields(_mail(body, sender="Fiona Clarke <fiona@harrowgate.com>")).region == "GB"


def test_role_sender_without_a_human_has_no_name() -> None:
    body = "Please find attached invoice PW-11873.\n\nAccounts Receivable\nPrintWorks Studio LLC\n"
    f = _fields(_mail(body, sender="PrintWorks Studio <accounts@printworks-studio.com>"), Intent.vendor)
    assert f.person.name is None
    assert f.person.email == "accounts@printworks-studio.com"
    assert f.company.name == "PrintWorks Studio LLC"
    assert f.required_action is RequiredAction.route_ops


def _score(path: Path) -> dict[str, float]:
    tenant = load_tenant(None)
    prf = {k: PRF() for k in ("person.email", "company.name", "region")}
    products, leads, budget_ok, timeline_ok, action_ok, n = PRF(), 0, 0, 0, 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
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
        "person.email": 0.97,
        "company.name": 0.80,
        "region": 0.92,
        "products": 0.90,
        "budget": 0.95,
        "timeline": 0.84,
        "action": 0.94,
    }
    scores = _score(DEV)
    assert {k: v for k, v in scores.items() if v < floors[k]} == {}
