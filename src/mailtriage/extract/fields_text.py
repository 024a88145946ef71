"""Sentences and signature blocks of the text a person wrote, shared by the field extractors."""

from __future__ import annotations

import re
import sys
import unicodedata

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)]|[a-z][.)]|\(\d+\))\s")
# A full stop after a one- or two-digit number is an ordinal ("ab 1. Juli", "3. Quartal").
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])(?<!\b\d\.)(?<!\b\d\d\.)\s+|(?<=[。！？])")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs with hard-wrapped lines joined, list items kept apart."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if current and (_BULLET.match(line) or current.endswith((":", "：")) or _looks_like_field(line)):
                out.append(current)
                current = line
            else:
                current = f"{current} {line}" if current else line
        if current:
            out.append(current)
    return out


def _looks_like_field(line: str) -> bool:
    # "Budget: CHF 60'000" or "Start: ab 1. Juli" lines of a form or a summary stand alone, and so do a
    # form's longer questions ("Estimated annual budget:", "When do you need a solution in place?:").
    return bool(_FIELD_LINE.match(line))


_FIELD_LINE = re.compile(r"^[A-Z][\w /&'’()-]{1,45}\??\s?:\s")


_ABBREVIATION = re.compile(r"(?:^|[\s(\[])[^\W\d_]{1,6}\.$")  # "(ca. 60.000 EUR)" too
_AMOUNT_START = re.compile(r"[\d$€£¥₹]")
_NUMBER_ABBREVIATION = re.compile(r"\d\s?[^\W\d_]{1,5}\.$")
_CODE_AND_AMOUNT = re.compile(r"(?:[A-Z]{3}|[A-Z]{1,3}\$)\s?\d")
_CURRENCY_NEXT = re.compile(r"(?:[A-Z]{3}|Kč|zł|Ft|lei|TL|[€$£¥₹])(?![^\W\d_])")


def _split(paragraph: str) -> list[str]:
    """A paragraph's sentences. A full stop followed by a lower-case word ends no sentence ("ok. 2
    tys. euro miesięcznie", "150.000 kr. om året"), nor an abbreviation before an amount ("approx.
    $400k", "ca. 35.000 €", "approx. USD 150k")."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        after = paragraph[m.end() : m.end() + 1]
        before = paragraph[start : m.start()]
        if before.endswith(".") and (
            after.islower()
            or (_AMOUNT_START.match(after) and _ABBREVIATION.search(before))
            # "(approx. USD 150k)": an abbreviation before a currency's code and the amount.
            or (_ABBREVIATION.search(before) and _CODE_AND_AMOUNT.match(paragraph, m.end()))
            # "ok. 35 tys. EUR", "1,2 mil. Kč": a multiplier's abbreviation, then the currency.
            or (_NUMBER_ABBREVIATION.search(before) and _CURRENCY_NEXT.match(paragraph, m.end()))
        ):
            continue
        out.append(paragraph[start : m.start()])
        start = m.end()
    out.append(paragraph[start:])
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for p in paragraphs(text) for s in _split(p) if s.strip()]


def tail_lines(text: str, count: int = 12) -> list[str]:
    """The last non-empty lines: where a signature sits when the normaliser left it in the text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-count:]


# Every decimal digit of another script ("٢٥٠", "۱۴۰۶", "२५", "１２") as its ASCII digit, and the Arabic
# thousands and decimal separators as "," and ".": one character for one, so positions stay.
_ASCII_DIGITS = {
    code: str(unicodedata.decimal(chr(code)))
    for code in range(128, sys.maxunicode + 1)
    if unicodedata.decimal(chr(code), None) is not None
} | {0x066C: ",", 0x066B: "."}


def ascii_digits(text: str) -> str:
    """``text`` with its digits in ASCII, where amounts and dates are read."""
    return text if text.isascii() else text.translate(_ASCII_DIGITS)


# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese, Chinese): about two
# of their characters make a word.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def word_count(text: str, *, enough: int | None = None) -> int:
    """Words in ``text``, counted in unspaced scripts too ("データ活用ニュース 第58号" is several);
    counting stops once ``enough`` are found."""
    tokens = text.split()
    if text.isascii() or (enough is not None and len(tokens) >= enough):
        return len(tokens)
    count = 0
    for token in tokens:
        count += max(1, len(_UNSPACED.findall(token)) // 2) if not token.isascii() else 1
        if enough is not None and count >= enough:
            break
    return count
