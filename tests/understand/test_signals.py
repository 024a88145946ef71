from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailtriage.tenant import TenantConfig
from mailtriage.understand.mime import normalize
from mailtriage.understand.signals import parse_authentication_results, sender_signals


def mail(
    sender: str, subject: str = "Hello", body: str = "A normal message about our project.", **headers: str
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = subject
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def test_authentication_results_come_from_the_topmost_header_only() -> None:
    results = parse_authentication_results(
        [
            "mx.lumenhq.com; dkim=fail (bad signature) header.d=acme.example; dkim=pass header.d=esp.example;"
            " spf=softfail (sender not permitted) smtp.mailfrom=acme.example; dmarc=fail header.from=acme.example",
            "forged.example; dkim=pass; spf=pass; dmarc=pass",
        ]
    )
    assert (results.dkim, results.spf, results.dmarc) == ("pass", "softfail", "fail")
    assert parse_authentication_results(["mx; none"]).dkim is None


@pytest.mark.parametrize(
    ("raw", "auto_reply", "bounce"),
    [
        (mail("a@acme.example", "Automatic reply: Your demo", Auto_Submitted="auto-replied"), True, False),
        (mail("a@acme.example", "Abwesenheitsnotiz: Angebot"), True, False),
        (mail("a@acme.example", "Re: pricing", "Je suis absent du bureau jusqu'au 12 mars."), True, False),
        (mail("a@acme.example", "Réponse automatique : devis"), True, False),
        (mail("a@acme.example", "自動応答: お問い合わせ"), True, False),
        (mail("MAILER-DAEMON@mx.acme.example", "Undelivered Mail Returned to Sender"), False, True),
        (
            mail("a@acme.example", "Re: pricing", "Thanks, can we talk Tuesday about the rollout?"),
            False,
            False,
        ),
    ],
)
def test_auto_replies_and_bounces_are_machine_mail(
    raw: bytes, auto_reply: bool, bounce: bool, tenant: TenantConfig
) -> None:
    signals = sender_signals(normalize(raw), tenant)
    assert (signals.auto_reply, signals.bounce, signals.machine) == (auto_reply, bounce, auto_reply or bounce)


def test_bulk_blocklist_loops_customers_and_the_contact_form(tenant: TenantConfig) -> None:
    bulk = sender_signals(
        normalize(mail("news@esp.example", List_Unsubscribe="<mailto:u@esp.example>")), tenant
    )
    assert bulk.bulk
    assert bulk.list_unsubscribe
    assert not bulk.machine
    assert sender_signals(normalize(mail("x@mail.crypto-yield.top")), tenant).blocklisted
    loop = sender_signals(normalize(mail("info@lumenhq.com")), tenant)
    assert loop.own_address
    assert loop.machine
    assert sender_signals(normalize(mail("it@globex.com")), tenant).customer
    form = sender_signals(normalize(mail("noreply@lumenhq.com", "New contact form submission")), tenant)
    assert form.contact_form
    assert not form.machine
