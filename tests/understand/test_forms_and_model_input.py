from __future__ import annotations

from email.message import EmailMessage

from mailtriage.understand.forms import parse_form_fields
from mailtriage.understand.mime import normalize
from mailtriage.understand.model_input import build_model_input


def test_contact_form_fields_with_a_multi_line_message() -> None:
    text = (
        "You have a new submission.\n\nName: Jo Park\nEmail: jo@acme-robotics.de\nCompany: ACME Robotics GmbH\n"
        "Message: We want a demo of forecasting.\nBudget is about 20k EUR.\n"
    )
    assert parse_form_fields(text) == {
        "name": "Jo Park",
        "email": "jo@acme-robotics.de",
        "company": "ACME Robotics GmbH",
        "message": "We want a demo of forecasting.\nBudget is about 20k EUR.",
    }
    assert parse_form_fields("Note: call me\nTime: 5pm") == {}, "no email field: not a form"


def test_the_model_sees_the_subject_the_start_of_the_new_text_and_a_little_history() -> None:
    msg = EmailMessage()
    msg["From"] = "Dana <dana@acme.example>"
    msg["Subject"] = "Re: pricing"
    msg.set_content(
        "Thanks! "
        + "We need forty seats for the analytics team. " * 60
        + "\n\nOn Tue, Nov 3, 2026 at 9:00 AM Sam <sam@lumenhq.com> wrote:\n> Happy to help, what size is your team?\n"
    )
    email = normalize(msg.as_bytes())
    model_input = build_model_input(email, new_text_chars=300, history_chars=100)

    assert model_input.text.startswith("Subject: Re: pricing\nFrom: Dana <dana@acme.example>")
    assert model_input.new_text_truncated
    body = model_input.text.split("\n\n", 1)[1]
    assert len(body.split("[Earlier in the thread]")[0].strip()) <= 302
    assert "[Earlier in the thread]" in model_input.text
    assert "what size is your team" in model_input.text
