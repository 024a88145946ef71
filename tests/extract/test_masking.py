from __future__ import annotations

from mailtriage.extract.masking import MaskKind, mask


def test_secrets_and_sensitive_numbers_are_masked_and_restored() -> None:
    text = (
        "Card 4111 1111 1111 1111 exp 09/28. IBAN DE89 3704 0044 0532 0130 00. SSN 123-45-6789.\n"
        "password: hunter2!  key sk-live_abcdefghijklmnopqrstuvwx  call +49 30 1234 5678\n"
        "cc my colleague jo@acme.example, I am dana@brightwave.example"
    )
    masked = mask(text, tuple(MaskKind), keep=["dana@brightwave.example"])
    for secret in (
        "4111 1111 1111 1111",
        "DE89 3704",
        "123-45-6789",
        "hunter2",
        "sk-live_",
        "1234 5678",
        "jo@acme",
    ):
        assert secret not in masked.text
    assert "dana@brightwave.example" in masked.text, "the sender's address is needed and kept"
    assert "[PHONE_1 +49]" in masked.text, "the calling code survives for the region"
    assert masked.unmask(masked.text) == text


def test_numbers_that_are_not_secrets_stay() -> None:
    text = "Budget 60,000 USD for 40 seats, order 1234 5678 9012 3456 is not a valid card."
    masked = mask(text, (MaskKind.card,))
    assert masked.text == text


def test_only_the_configured_kinds_are_masked() -> None:
    text = "call +1 415 555 0100, password: x"
    assert mask(text, (MaskKind.password,)).text == "call +1 415 555 0100, [PASSWORD_1]"
