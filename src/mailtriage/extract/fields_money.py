"""The budget a lead states: amounts in local formats, annualised and converted to USD.

A sentence that presents the sender's own budget or expected spend ("we've budgeted £2,500 per
month", "Budjettimme on noin 20 000 euroa vuodessa") decides; amounts of other sentences count
only when no sentence does. Prices Lumen quoted live in the quoted history, which is never read
here.

Each amount is read with what is written around it in its own clause (``field_data/money.yaml``):
money the sender is charged or quoted, revenue, capital, a salary, is never the budget ("$48,000/yr
is above what we planned - our board approved $36,000"); a limit, target or the part of a larger
sum that is for this purchase wins in its sentence ("get that down to $40k or less", "of which
roughly £30k is for reporting tooling"); what the sender pays today or paid last year counts only
when nothing else in the sentence does. Periods are read after the amount (tax qualifiers such as
"HTVA" or "zzgl. MwSt." skipped) or before it in its clause ("a monthly budget of about $2,000").

The currency is the one written next to the amount; an ISO code after an ambiguous symbol wins
("$350,000 MXN"); "kr" and "kroner" follow the sender's region (Swedish, Danish or Norwegian
crowns); a multiplier may name it ("25 lakh"). A budget sentence that writes an amount without any
currency ("a budget envelope of 100-150k") is read in the currency of the sender's country when the
tenant has a rate for it. A currency without a tenant rate leaves the budget null.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from babel.numbers import get_territory_currencies

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex, strings
from mailtriage.extract.fields_text import ascii_digits, sentences
from mailtriage.understand.phrase_trie import trie_alternation

_NUMBER = r"\d{1,3}(?:[,.'’\u00a0\u202f ]\d{2,3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?"


_DIGIT = re.compile(r"\d")
# The end of a word; in Chinese, Japanese and Korean the next word follows without a space ("80名を").
_WORD_END = "(?![^\\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
_GROUPED = re.compile(r"\d[,.'’\u00a0\u202f ]\d{3}")
_NO_CENTS = re.compile(r"^[.,][-–—]{1,2}")


@dataclass(frozen=True, slots=True)
class Amount:
    value: float  # in the stated currency, per period
    currency: str | None  # None: no currency written next to it
    per_year: float  # how many times a year it recurs
    text: str
    excluded: bool = False  # charged, quoted, revenue, capital...: never the budget
    past: bool = False  # what the sender pays today or paid before
    target: bool = False  # a limit or target, or the part of a sum that is for this purchase
    implicit: bool = False  # a bare number that may be money ("100-150k")


@dataclass(frozen=True, slots=True)
class _Patterns:
    amount: re.Pattern[str]
    currency: re.Pattern[str]
    currencies: dict[str, str]
    regional: dict[str, dict[str, str]]
    local_dollars: dict[str, str]
    ambiguous: frozenset[str]
    weights: frozenset[str]
    multipliers: dict[str, float]
    implied: dict[str, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    per_month: re.Pattern[str]
    per_month_before: PhraseSet
    per_quarter: re.Pattern[str]
    per_year: re.Pattern[str]
    per_user: re.Pattern[str]
    per_user_before: PhraseSet
    tax: re.Pattern[str]
    seats: re.Pattern[str]
    times_seats: re.Pattern[str]
    next_word: re.Pattern[str]
    money_words: frozenset[str]
    cues: PhraseSet  # labelled "cue" (the sender's budget), "not" (money charged), "currency"
    past: PhraseSet
    past_after: re.Pattern[str]
    target: PhraseSet
    target_after: re.Pattern[str]
    clause: re.Pattern[str]
    unplaced_currency: str
    multi_year: tuple[re.Pattern[str], ...]
    year_counts: dict[str, int]


# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): a token there is
# followed by the next word at once ("ดอลลาร์สหรัฐต่อปี"), as in Chinese and Japanese.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _token_kind(token: str) -> str:
    # Alphabetic tokens ("EUR", "kr", "mil") must stand alone; symbols may touch the number.
    if token[-1].isalpha() and ord(token[-1]) < 0x3000 and not _UNSPACED.match(token[-1]):
        return "word"
    return "dotted" if token[-1] == "." and token[0].isalpha() else "symbol"


_WRAPPERS = {
    "word": r"(?<![^\W\d_])(?:{})(?![^\W\d_])",
    "dotted": r"(?:{})(?![^\W\d_])",
    "symbol": r"(?:{})",
}
# Where a token of one kind extends one of another ("USD$" and "USD", "kr." and "kr", "$US" and
# "$"), the longer must be tried first: these orders put it first for every such pair.
_KIND_ORDER = {False: ("dotted", "symbol", "word"), True: ("word", "symbol", "dotted")}


def _token_regex(tokens: list[str]) -> str:
    """The tokens as one alternation of tries, one per kind (a flat alternation of hundreds of
    tokens is tried branch by branch at every position of every sentence)."""
    parts = []
    for dollar in (False, True):
        for kind in _KIND_ORDER[dollar]:
            group = [t for t in tokens if t.startswith("$") is dollar and _token_kind(t) == kind]
            if group:
                parts.append(_WRAPPERS[kind].format(trie_alternation(group, casing="lower")))
    return "|".join(parts)


def _alternation(key: str) -> str:
    return "|".join(f"(?:{p})" for p in strings("money", key))


@cache
def _patterns() -> _Patterns:
    data = load("money")
    currencies = {str(k): str(v) for k, v in data["currency_tokens"].items()}
    multipliers = {str(k).lower(): float(v) for k, v in data["multipliers"].items()}
    cur = _token_regex(list(currencies))
    mult = _token_regex(list(multipliers))

    def one(c: str, n: str, m: str) -> str:
        return rf"(?P<{c}>{cur})?\s?(?P<{n}>{_NUMBER})\s?(?P<{m}>{mult})?"

    first = one("cur1", "num1", "mult1")
    second = one("cur2", "num2", "mult2")
    connectors = (
        r"-|–|—|~|〜|～|to|bis|à|a|e|and|et|y|und|en|och|og|ja|ve|do|til|till|tot"
        r"|до|и|і|έως|iki|līdz"  # "от 30 до 50 тыс.", "nuo 20 iki 30 tūkst."
    )
    # Each end of a range may carry the currency ("tussen de 40k€ en 60k€").
    amount = re.compile(
        rf"(?<![A-Za-z\u00c0-\u024f\d.,]){first}"
        rf"(?:(?:\s?(?P<cur1b>{cur}))?\s?(?:{connectors})\s?(?:(?:i|de|la|les|el|los|the)\s)?{second})?"
        rf"\s?(?P<cur3>{cur})?",
        re.IGNORECASE,
    )

    def rx(key: str) -> re.Pattern[str]:
        return re.compile(_alternation(key), re.IGNORECASE)

    seat_words = "|".join(re.escape(str(w)) for w in data["seat_words"])
    return _Patterns(
        amount=amount,
        currency=re.compile(cur, re.IGNORECASE),
        currencies={k.lower(): v for k, v in currencies.items()},
        regional={
            str(k).lower(): {str(c): str(v) for c, v in m.items()}
            for k, m in data["regional_currencies"].items()
        },
        local_dollars={str(k): str(v) for k, v in data["local_dollars"].items()},
        ambiguous=frozenset(str(s).lower() for s in data["ambiguous_symbols"]),
        weights=frozenset(str(w).lower() for w in data["weight_words"]),
        multipliers=multipliers,
        implied={str(k).lower(): str(v) for k, v in data["implied_currencies"].items()},
        rewrites=tuple((re.compile(str(k)), str(v)) for k, v in data["rewrites"].items()),
        per_month=rx("per_month"),
        per_month_before=phrase_regex(strings("money", "per_month_before")),
        per_quarter=rx("per_quarter"),
        per_year=rx("per_year"),
        per_user=rx("per_user"),
        per_user_before=phrase_regex(strings("money", "per_user_before")),
        tax=re.compile(rf"(?:\s*(?:{_alternation('tax_qualifiers')})(?![\w]))+", re.IGNORECASE),
        seats=re.compile(rf"(\d+)\s*(?:{seat_words}){_WORD_END}", re.IGNORECASE),
        # "5,000円 × 80名", "$30 x 50 users": a price times a count of seats.
        times_seats=re.compile(rf"\s*[x×*]\s*(\d+)\s*(?:{seat_words}){_WORD_END}", re.IGNORECASE),
        next_word=re.compile(r"\s*([^\W\d_]+)"),
        money_words=frozenset(str(w).lower() for w in data["bare_amount_next_words"]),
        cues=PhraseSet.grouped(
            {
                "cue": strings("money", "budget_cues"),
                "not": strings("money", "not_budget_cues"),
                "currency": tuple(re.escape(c) for c in currencies),
            }
        ),
        past=phrase_regex(strings("money", "past_cues")),
        past_after=re.compile(rf"\W*(?:{_alternation('past_after')})", re.IGNORECASE),
        target=phrase_regex(strings("money", "target_cues")),
        target_after=re.compile(rf"[\s,(]*(?:{_alternation('target_after')})(?!\w)", re.IGNORECASE),
        clause=re.compile(_alternation("clause_breaks"), re.IGNORECASE),
        unplaced_currency=str(data["unplaced_currency"]),
        multi_year=tuple(re.compile(x, re.IGNORECASE) for x in strings("money", "multi_year")),
        year_counts={str(k).lower(): int(v) for k, v in data["year_counts"].items()},
    )


def parse_number(text: str) -> float | None:
    """'50.000' → 50000, '1,5' → 1.5, "60'000" → 60000, '40,00,000' → 4000000, '2 350,00' → 2350."""
    text = re.sub(r"['’\u00a0\u202f ]", "", text)
    separators = [c for c in text if c in ",."]
    if not separators:
        return float(text) if text.isdigit() else None
    last = max(text.rfind(","), text.rfind("."))
    decimals = len(text) - last - 1
    if len(set(separators)) == 2:
        whole, frac = re.sub(r"[,.]", "", text[:last]), text[last + 1 :]
        return float(f"{whole}.{frac}") if decimals <= 2 else float(re.sub(r"[,.]", "", text))
    if len(separators) > 1 or decimals == 3:
        return float(re.sub(r"[,.]", "", text))
    return float(text.replace(",", "."))


def _currency(tokens: list[str], region: str | None) -> str | None:
    """The currency the tokens written around an amount name: an ISO code or specific token after
    an ambiguous symbol wins ("$350,000 MXN"); "kr" follows the sender's region."""
    p = _patterns()
    if not tokens:
        return None
    token = tokens[0].lower()
    if len(tokens) > 1 and token in p.ambiguous:
        token = tokens[-1].lower()
    code = p.currencies.get(token)
    if code in p.regional:
        table = p.regional[code]
        return table.get(region or "", table["default"])
    return code


def _clauses(sentence: str) -> list[int]:
    """Where the clauses of the sentence start (0 first)."""
    return [0, *(m.end() for m in _patterns().clause.finditer(sentence))]


# Chinese, Japanese and Korean write a number as parts of falling size: "7만 5천" (75,000), "1억 2천만",
# "3万5千". Written in digits before the amounts are read; one part alone is a multiplier as usual.
_HAN_OR_HANGUL = re.compile("[\u3400-\u9fff\uac00-\ud7af]")


@cache
def _cjk_number() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, float]]:
    units = {word: value for word, value in _patterns().multipliers.items() if _HAN_OR_HANGUL.search(word)}
    part = rf"\d+(?:\.\d+)?\s?(?:{trie_alternation(units)})"
    return re.compile(rf"(?<![\d.]){part}(?:\s?{part})+"), re.compile(r"(\d+(?:\.\d+)?)\s?(\D+)"), units


def _written_in_digits(found: re.Match[str]) -> str:
    _, parts_of, units = _cjk_number()
    parts = [(float(n), units[u.strip()]) for n, u in parts_of.findall(found.group()) if u.strip() in units]
    if len(parts) < 2 or any(a[1] <= b[1] for a, b in itertools.pairwise(parts)):
        return found.group()  # not falling: two numbers side by side
    return f"{sum(n * u for n, u in parts):.0f}"


def _rewrite(sentence: str) -> str:
    if not sentence.isascii() and _HAN_OR_HANGUL.search(sentence):
        sentence = _cjk_number()[0].sub(_written_in_digits, sentence)
    for pattern, replacement in _patterns().rewrites:
        if pattern.search(sentence):
            sentence = pattern.sub(replacement, sentence)
    return sentence


@lru_cache(maxsize=1024)
def _region_currency(region: str) -> str | None:
    try:
        found = get_territory_currencies(region)
    except Exception:  # babel raises for unknown codes
        return None
    return found[0] if found else None


def find_amounts(sentence: str, region: str | None = None, *, dollar_at_home: bool = False) -> list[Amount]:
    """The amounts the sentence writes, each read with its clause: period, currency, and whether
    it is money charged (excluded), paid before (past) or a limit (target). ``dollar_at_home``: the
    sender's organisation has its country's domain (.ca, .com.au), so "$" is that country's dollar."""
    if not _DIGIT.search(sentence):
        return []  # every amount has a digit (number words are not read), and no rewrite adds one
    p = _patterns()
    sentence = _rewrite(ascii_digits(sentence))
    found: list[Amount] = []
    matches = list(p.amount.finditer(sentence))
    if not matches:
        return found
    starts = _clauses(sentence)
    low = sentence.lower()
    # Phrases are found once per sentence; each amount reads those in its own window.
    phrases = _Phrases(
        cues=[
            (h.position, h.position + len(h.text), label)
            for label, h in p.cues.labelled(low)
            if label != "currency"
        ],
        past=[(h.position, h.position + len(h.text)) for h in p.past.finditer(low)],
        target=[(h.position, h.position + len(h.text)) for h in p.target.finditer(low)],
    )
    for i, m in enumerate(matches):
        before = len(found)
        found.extend(_amount(sentence, low, m, matches, i, starts, region, phrases, dollar_at_home))
        if (
            i
            and before
            and len(found) == before + 1
            and _EQUIVALENT.match(sentence, matches[i - 1].end(), m.start())
        ):
            # "aylık 50.000 TL'ye kadar (yaklaşık 1.500 USD)": the same sum in another currency, for
            # the same period.
            previous, same = found[before - 1], found[before]
            if same.per_year == 1.0 and previous.per_year != 1.0:
                found[before] = same = replace(same, per_year=previous.per_year)
            if previous.currency is None and same.currency is not None:
                del found[before - 1]  # "1,2 mil. Kč (cca 48 000 EUR)": the sum in a currency we know
    return found


# Between an amount and the same sum in another currency: a few letters ("'ye kadar"), an opening
# parenthesis and "about".
_EQUIVALENT = re.compile(r"[^\d()（）\n]{0,16}[(（][^\d()（）\n]{0,24}$")


_CODE_AFTER_PERIOD = re.compile(r"\s*(?:/|per |a )\s?(?:mo|month|yr|year|annum|y)\b\.?\s+([A-Z]{3})\b")


@dataclass(frozen=True, slots=True)
class _Phrases:
    cues: list[tuple[int, int, str]]  # budget cues and money that is not a budget, labelled
    past: list[tuple[int, int]]
    target: list[tuple[int, int]]


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start <= a and b <= end for a, b in spans)


def _amount(
    sentence: str,
    low: str,
    m: re.Match[str],
    matches: list[re.Match[str]],
    i: int,
    starts: list[int],
    region: str | None,
    phrases: _Phrases,
    dollar_at_home: bool = False,
) -> Iterator[Amount]:
    p = _patterns()
    tokens = [m.group(g) for g in ("cur1", "cur1b", "cur2", "cur3") if m.group(g)]
    first = parse_number(m.group("num1"))
    if first is None:
        return
    mult1 = (m.group("mult1") or "").lower()
    mult2 = (m.group("mult2") or "").lower()
    if not tokens:
        # "500-700/mo CAD": the currency's code after the period.
        late = _CODE_AFTER_PERIOD.match(sentence, m.end())
        if late and _currency([late.group(1)], region):
            tokens = [late.group(1)]
    currency = _currency(tokens, region)
    # "2 500 $ par mois": Quebec writes its dollar after the amount; "$500 a month" from a .com.au
    # business is Australia's dollar. A bare "$" elsewhere stays the US dollar.
    bare_dollar = currency == "USD" and bool(tokens) and all(t == "$" for t in tokens)
    written_after = bool(m.group("cur3")) and not m.group("cur1")
    if bare_dollar and region in p.local_dollars and (dollar_at_home or written_after):
        currency = p.local_dollars[region or ""]
    implicit = False
    if not tokens:
        implied = p.implied.get(mult2 or mult1)
        if implied:
            currency = implied
        else:
            implicit = True
    value = first * p.multipliers.get(mult1, 1.0)
    if m.group("num2"):
        second = parse_number(m.group("num2"))
        if second is not None:
            factor = p.multipliers.get(mult2, 1.0)
            # "20-30k", "entre 2 et 3 k€": the first number shares the second's multiplier.
            if not mult1:
                value = first * factor
            value = (value + second * factor) / 2
    if value < 10:  # a stray digit next to a currency word, not an amount
        return
    end = m.end()
    after = sentence[end : end + 60]
    if implicit:
        grouped = bool(mult1 or mult2) or bool(_GROUPED.search(m.group(0)))
        word = p.next_word.match(after)
        if not grouped or (word and word.group(1).lower() not in p.money_words) or "%" in after[:2]:
            return  # "1,400 existing reports", "10k rows": a count, not money
    elif tokens and tokens[-1].lower() in p.weights and re.match(r"\s*(?:of|de|di|av)\s", after):
        return  # "14 million pounds of food": a weight
    clause_start = max((s for s in starts if s <= m.start()), default=0)
    clause_end = min((s for s in starts if s > end), default=len(sentence))
    previous_end = matches[i - 1].end() if i else 0
    next_start = matches[i + 1].start() if i + 1 < len(matches) else len(sentence)
    opens = max(clause_start, previous_end, m.start() - 60)
    before = low[opens : m.start()]
    closes = min(clause_end, next_start, end + 40)
    context_after = low[end:closes]
    # "CHF 2'500.– par mois": the Swiss and German dash for no cents closes the amount.
    tail = _NO_CENTS.sub("", after.lower(), count=1)
    tax = p.tax.match(tail)
    if tax:
        tail = tail[tax.end() :]
        # "$120k (ex GST) over a three-year term": the bracketed tax ends no clause of the amount's.
        clause_end = min((s for s in starts if s > end + tax.end()), default=len(sentence))
    per_year = 1.0
    times = p.times_seats.match(tail)
    if times:
        value *= float(times.group(1))
        tail = tail[times.end() :]
    elif p.per_user.match(tail.strip()):
        seats = p.seats.search(sentence)
        if not seats:
            return
        value *= float(seats.group(1))
        tail = tail.strip()[p.per_user.match(tail.strip()).end() :]  # type: ignore[union-attr]
        tax = p.tax.match(tail)
        if tax:
            tail = tail[tax.end() :]
    elif p.per_user_before.search(before):
        seats = p.seats.search(sentence)
        if not seats:
            return
        value *= float(seats.group(1))
    period = tail.strip()
    window = (max(clause_start, m.start() - 60), min(clause_end, end + 60))  # "3 years" is a number too
    term = next((t for pattern in p.multi_year if (t := pattern.search(low, *window))), None)
    if p.per_month.match(period):
        per_year = 12.0
    elif term:
        # "a three-year deal worth $240,000 in total": a contract's value over its years.
        named = term.groupdict()
        if named.get("months"):
            # "para um contrato de 24 meses": a term in months
            per_year = 12.0 / max(int(named["months"]), 12)
        else:
            years = term.group("years").lower()
            count = int(years) if years.isdigit() else p.year_counts.get(years, 1)
            per_year = 1.0 / max(count, 1)
    elif p.per_quarter.match(period):
        per_year = 4.0
    elif not p.per_year.match(period) and p.per_month_before.search(before):
        per_year = 12.0
    # The phrase nearest the amount governs it: "your quote of $52k is over our budget of $40k";
    # after it, anywhere in its clause ("The $36,000/year for Lumen Insights plus Lumen Guard is
    # more than we had planned").
    start = m.start()
    lo, hi = max(opens, start - 40), min(clause_end, next_start, end + 80)
    near_before = [label for a, b, label in phrases.cues if lo <= a and b <= start][-1:]
    near_after = [label for a, b, label in phrases.cues if end <= a and b <= hi][:1]
    excluded = near_before == ["not"] or (near_after == ["not"] and near_before != ["cue"])
    yield Amount(
        value,
        currency,
        per_year,
        m.group(0).strip(),
        excluded=excluded,
        past=_within(phrases.past, max(opens, start - 45), start) or bool(p.past_after.match(context_after)),
        target=_within(phrases.target, max(opens, start - 30), start)
        or bool(p.target_after.match(context_after)),
        implicit=implicit,
    )


def to_usd(amount: Amount, rates: dict[str, float]) -> float | None:
    if amount.currency is None or amount.currency not in rates:
        return None
    return float(round(amount.value * amount.per_year * rates[amount.currency]))


def _ranked(amounts: list[Amount], *, past_ok: bool = False) -> list[Amount]:
    """The amounts that may be the budget, best first: a limit or target, then the others in
    reading order, amounts with a written currency before bare ones; what the sender pays today
    only when ``past_ok`` and nothing else is written."""
    usable = [a for a in amounts if not a.excluded]
    current = [a for a in usable if not a.past]
    ranked = sorted(current, key=lambda a: (not a.target, a.implicit))
    return ranked or ([a for a in usable if a.past] if past_ok else [])


def _sentence_currency(sentence: str, amounts: list[Amount], region: str | None) -> str | None:
    """The currency of a budget sentence's bare amounts: the one currency it writes elsewhere
    ("4k per maand aan budget (euro)"), else the sender's country's."""
    written = {a.currency for a in amounts if not a.implicit and a.currency}
    if len(written) == 1:
        return written.pop()
    if written:
        return None
    named = {_currency([m.group(0)], region) for m in _patterns().currency.finditer(sentence)}
    named.discard(None)
    if len(named) == 1:
        return named.pop()
    if named:
        return None
    return _region_currency(region) if region else _patterns().unplaced_currency


def extract_budget(
    text: str, rates: dict[str, float], region: str | None = None, *, dollar_at_home: bool = False
) -> tuple[float | None, str | None]:
    """The annual USD budget the text states, with the sentence it was read from. ``region`` (the
    sender's ISO country) decides "kr" and the currency of a budget written without one; with
    ``dollar_at_home``, also which dollar "$" is."""
    p = _patterns()
    fallback: tuple[float, str] | None = None
    cue_seen = False
    for sentence in sentences(text):
        if not _DIGIT.search(sentence):
            continue
        hits = p.cues.labelled(sentence)
        labels = {label for label, _ in hits}
        has_cue = "cue" in labels
        if not has_cue and ("not" in labels or "currency" not in labels):
            continue
        amounts = find_amounts(sentence, region, dollar_at_home=dollar_at_home)
        if not amounts:
            continue
        if has_cue:
            bare = [a for a in amounts if a.implicit]
            if bare:
                currency = _sentence_currency(sentence, amounts, region)
                amounts = [
                    Amount(a.value, currency, a.per_year, a.text, a.excluded, a.past, a.target)
                    if a.implicit
                    else a
                    for a in amounts
                ]
            # What the sender pays today is the budget when another cue says so ("we pay £30 per
            # user ... and we'd need to stay in that region"), not when paying is the only cue.
            past = p.past.finditer(sentence.lower())
            spans = [(h.position, h.position + len(h.text)) for h in past]
            past_ok = any(
                label == "cue" and not any(a <= h.position < b for a, b in spans) for label, h in hits
            )
            ranked = _ranked(amounts, past_ok=past_ok)
            if not ranked:
                continue
            cue_seen = True
            for amount in ranked:
                usd = to_usd(amount, rates)
                if usd is not None:
                    return usd, sentence
            continue
        if fallback is None:
            for amount in _ranked([a for a in amounts if not a.implicit]):
                usd = to_usd(amount, rates)
                if usd is not None:
                    fallback = (usd, sentence)
                    break
    if fallback and not cue_seen:
        return fallback
    return None, None


def multipliers() -> dict[str, float]:
    """The multipliers written after a number ("k", "mil", "miljoner", "万"), lower-cased."""
    return dict(_patterns().multipliers)


def stated_budgets(text: str, rates: dict[str, float]) -> list[float]:
    """Every amount the text states that converts, as USD a year (what a budget read from it may be)."""
    out: list[float] = []
    for sentence in sentences(text) or [text]:
        amounts = find_amounts(sentence)
        # A bare amount in a budget sentence ("between 30 and 40 K a year") is read in the currency
        # the extractor gives it; unplaced, that is the tenant's reference currency.
        bare = _sentence_currency(sentence, amounts, None)
        for amount in amounts:
            if amount.implicit and amount.currency is None:
                amount = replace(amount, currency=bare)
            usd = to_usd(amount, rates)
            if usd is not None:
                out.append(usd)
    return out
