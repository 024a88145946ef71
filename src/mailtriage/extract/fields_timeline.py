"""When a lead wants to buy, start or go live, as a bucket measured from the email's Date header.

Every date the text names is found once: month names ("by 1 September", "ab 1. Juli", "end of
April", "medio 2026"), seasons and holidays ("in the spring", "before Black Friday"), numeric dates,
quarters ("Q4"), durations ("in six weeks", "d'ici deux mois", "約2か月後"), parts of a year
("H1 2027", "second half of 2026") and CJK dates ("2027年4月"). Each is measured in days from the
Date header; a relative phrase ("next quarter", "ASAP", "l'année prochaine") decides a bucket on its
own.

A sentence about buying or starting (a purchase cue) decides first, in reading order. Without one,
the first future date or relative phrase of a sentence that is not about a meeting, a demo or a
deadline for material decides. Weekdays and "next week" only count in a sentence with a cue: they
usually time a call or a reply.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from mailtriage.extract.caseless import CaselessPattern, with_start_lookahead
from mailtriage.extract.fields_data import PhraseSet, load, strings
from mailtriage.extract.fields_text import ascii_digits, sentences
from mailtriage.extract.schemas import Timeline
from mailtriage.understand.phrase_trie import trie_alternation

# English month abbreviations and "May"/"Mar" are ordinary words in lower case.
_CAPITAL_ONLY = frozenset(
    {"may", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mart"}
)
_SP = r"[^\S\n]"  # a space that does not cross into the next sentence

# Kinds of a found date: measured in days; a quarter that is the current or the next one (the
# contract's "this quarter"/"next quarter"); a weekday or a day of the month that only counts in a
# sentence about the purchase.
_DAYS, _NEAR_QUARTER, _CUE_ONLY, _SEASON = 0, 1, 2, 3
_CJK_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_CJK_MONTHS = {
    **_CJK_NUMBERS,
    **{"五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12},
}
# A weekday counts outside a purchase sentence only when it is a deadline ("by next Monday").
_WEEKDAY_DEADLINE = re.compile(
    r"(?:\b(?:by|before|until|till|this|next|coming|bis|avant|antes del?|entro|vóór|voor|innan|före)\s+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _When:
    at: int
    when: date
    kind: int = _DAYS
    precise: bool = False  # names a day ("by 26 March", "Friday"), not a month or a season
    end: int = -1  # where its words end


def _alternation(names: Any) -> str:
    return trie_alternation(names, casing="lower")


@dataclass(frozen=True, slots=True)
class _Patterns:
    phrases: PhraseSet  # labelled: "cue", "skip", "relative:<bucket>", "with_cue:<bucket>"
    buckets: tuple[str, ...]
    month_names: dict[str, int]
    month: str
    quarter: CaselessPattern
    now_max_days: int
    recent_past_days: int
    quarter_max_days: int
    holidays: tuple[tuple[tuple[date, ...], tuple[int, int] | None], ...]  # by "holiday:<n>" label
    duration_lead: re.Pattern[str]
    seasons: frozenset[str]
    lower_case_seasons: frozenset[str]
    duration: CaselessPattern
    unit_days: dict[str, int]
    number_words: dict[str, int]
    weekday: CaselessPattern
    weekday_names: dict[str, int]
    quarter_ordinals: dict[str, int]
    quarter_words: tuple[str, ...]
    year_part: CaselessPattern
    part_month: dict[str, int]
    recurring: re.Pattern[str]
    noun_article: re.Pattern[str]


def _words_before(words: list[str]) -> re.Pattern[str]:
    """Any of the words, closing the text searched: what comes right before a month name."""
    return re.compile(rf"(?<!\w)(?:{_alternation({str(w): 0 for w in words})}){_SP}+$", re.IGNORECASE)


@cache
def _patterns() -> _Patterns:
    data = load("timeline")
    months = {str(name).lower(): int(number) for number, names in data["months"].items() for name in names}
    months.update({str(n).lower(): int(m) for m, names in data["seasons"].items() for n in names})
    month = _alternation(months)
    holidays = []
    for entry in data["holidays"]:
        fixed = None
        if "month_day" in entry:
            fixed = _month_day(entry["month_day"])
        days = tuple(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in entry.get("dates", ()))
        holidays.append((days, fixed))
    dur = data["durations"]
    unit_days = {str(u).lower(): int(d) for d, units in dur["units"].items() for u in units}
    numbers = {str(w).lower(): int(n) for n, words in dur["numbers"].items() for w in words}
    one = rf"\d{{1,2}}|{_alternation(numbers)}"
    # "two or three weeks", "deux ou trois semaines": a range in words, its midpoint as "2-3" gives.
    either = rf"(?:{_alternation(dur['range_words'])})"
    ranged = rf"(?:{one}){_SP}+{either}{_SP}+(?:{one})"
    num = rf"\d{{1,2}}(?:{_SP}*[-–]{_SP}*\d{{1,2}})?|{ranged}|{_alternation(numbers)}"
    fillers = rf"(?:(?:{_alternation(dur['fillers'])}){_SP}*)*"
    duration = CaselessPattern(
        rf"(?<![\da-zA-Z\u00c0-\u024f])(?P<num>{num}){_SP}*(?P<unit>{_alternation(unit_days)})(?![a-zA-Z\u00c0-\u024f])"
        rf"(?P<suffix>{_SP}*(?:{_alternation(dur['suffixes'])}))?",
    )
    # The words before a duration that make it a time from now ("within the next", "d'ici").
    duration_lead = re.compile(
        rf"(?<!\w)(?:{_alternation(dur['leads'])}){_SP}+{fillers}$",
        re.IGNORECASE,
    )
    weekdays = {str(n).lower(): int(d) for d, names in data["weekdays"].items() for n in names}
    parts = {str(p).lower(): int(m) for m, names in data["year_parts"].items() for p in names}
    year_part = CaselessPattern(
        rf"(?:(?<!\w)(?P<part>{_alternation(parts)}){_SP}*(?:of{_SP}+|de{_SP}+|del{_SP}+|d[’']|dell[’']|av{_SP}+)?"
        rf"|(?<!\w)(?P<lead>{_alternation(data['year_leads'])}){_SP}+)(?P<year>20\d\d)(?![\d\-/.]\d)",
    )
    return _Patterns(
        phrases=PhraseSet.grouped(
            {
                "cue": strings("timeline", "purchase_cues"),
                "skip": strings("timeline", "not_timeline_cues"),
                "material": strings("timeline", "material_cues"),
                **{f"relative:{b}": [str(x) for x in v] for b, v in data["relative"].items()},
                **{f"with_cue:{b}": [str(x) for x in v] for b, v in data["relative_with_cue"].items()},
                **{f"on:{day}": [str(x) for x in v] for day, v in data["anchored"].items()},
                **{f"holiday:{n}": [str(x) for x in e["names"]] for n, e in enumerate(data["holidays"])},
            }
        ),
        buckets=tuple(str(b) for b in data["relative"]),
        month_names=months,
        month=month,
        quarter=CaselessPattern("|".join(strings("timeline", "quarters"))),
        quarter_words=tuple(w.lower() for w in strings("timeline", "quarter_words")),
        now_max_days=int(data["now_max_days"]),
        recent_past_days=int(data["recent_past_days"]),
        quarter_max_days=int(data["quarter_max_days"]),
        holidays=tuple(holidays),
        duration=duration,
        duration_lead=duration_lead,
        unit_days=unit_days,
        number_words=numbers,
        weekday=CaselessPattern(rf"(?<!\w)(?P<wd>{_alternation(weekdays)})\b"),
        weekday_names=weekdays,
        quarter_ordinals={str(k).lower(): int(v) for k, v in data["quarter_ordinals"].items()},
        year_part=year_part,
        part_month=parts,
        seasons=frozenset(str(n).lower() for names in data["seasons"].values() for n in names),
        lower_case_seasons=frozenset(str(n) for n in data["lower_case_seasons"]),
        noun_article=_words_before(data["month_noun_articles"]),
        recurring=_words_before(data["recurring_words"]),
    )


def _month_day(value: Any) -> tuple[int, int]:
    month, day = str(value).split("-")
    return int(month), int(day)


def bucket_for_days(days: int) -> Timeline:
    p = _patterns()
    if days <= p.now_max_days:
        return Timeline.now
    if days <= p.quarter_max_days:
        return Timeline.quarter
    return Timeline.six_months


def _month_number(token: str) -> int | None:
    p = _patterns()
    low = token.lower().rstrip(".")
    if low in _CAPITAL_ONLY and not token[:1].isupper():
        return None
    return p.month_names.get(low)


def _next(sent: date, month: int, day: int | None, year: int | None, *, end: bool = False) -> date:
    """The first such date on or after the Date header (a past month means next year's)."""
    y = year or sent.year
    last = calendar.monthrange(y, month)[1]
    d = date(y, month, min(day or (last if end else 1), last))
    if year is None and d < sent and (month, day or 1) < (sent.month, sent.day) and month != sent.month:
        d = date(y + 1, month, min(day or (last if end else 1), calendar.monthrange(y + 1, month)[1]))
    return d


def _recent_past(sent: date, month: int, day: int | None, year: int | None) -> bool:
    """A day of this year shortly before the Date header ("since 20 February", written in March)
    reports what happened; it is not the same day next year."""
    if day is None or year is not None:
        return False
    try:
        d = date(sent.year, month, day)
    except ValueError:
        return False
    return 0 < (sent - d).days <= _patterns().recent_past_days


_END_WORDS = (
    r"(?:end of|by the end of|the end of|end-|fin(?:e)?(?: de| du| del| di)?|ende|eind|final de|fim de"
    r"|finales de|fines de|slutet av|utgangen av|udgangen af|koniec|końca)"
)
_MID_WORDS = r"(?:mid-?|medio|mitte|mi-|mediados de|meados de|metà|midten av|midten af|mitten av)"
_END_BEFORE = re.compile(rf"{_END_WORDS}\s*(?:the\s+|des\s+|del\s+|do\s+)?$", re.IGNORECASE)
_CJK_DATE = re.compile(
    with_start_lookahead(
        r"(?:(20\d\d)\s*年\s*)?(\d{1,2}|十[一二]|[一二三四五六七八九十])\s*(?:月|월)(?:\s*(\d{1,2})\s*(?:日|일))?"
        # "4 月中前上線": the middle of the month ("中" alone, not "中国").
        r"(末|말|底|中旬|下旬|上旬|初|中(?![国國文]))?"
    )
)
# Vietnamese months are numbered: "tháng 1 năm 2027", "tháng 3/2027".
_NUMBERED_MONTH = re.compile(r"(?<!\w)tháng\s*(\d{1,2})(?!\d)(?:\s*(?:năm|/)\s*(20\d\d))?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    with_start_lookahead(
        r"(?<![\d.\-/])(?:(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>20\d\d)|(?P<y2>20\d\d)-(?P<m2>\d{1,2})-(?P<d2>\d{1,2}))"
        r"(?![\d\-/])"
    )
)
_DAY_ONLY = re.compile(
    with_start_lookahead(
        r"\b(?:by|on|until|before|from) (?:\w+ )?the (\d{1,2})(?:st|nd|rd|th)\b(?! (?:of )?\w*quarter)"
    )
)
# "Q1", "1Q": the quarter patterns that need no quarter word.
_Q_NUMBER = re.compile(r"q[1-4]|[1-4]q", re.IGNORECASE)


def _quarters(p: _Patterns, text: str) -> Iterator[re.Match[str]]:
    low = text.lower()
    if not any(word in low for word in p.quarter_words) and not _Q_NUMBER.search(text):
        return iter(())
    return p.quarter.finditer(text)


_YEAR_AFTER = re.compile(rf"{_SP}*(?:(?:of|de|del|van|di|من|năm|tahun){_SP}+)?(20\d\d)\b")


# A letter that may not come right before or after a month name: Thai writes words without spaces
# between them ("ภายในเดือนมกราคม", "เดือนมิถุนายนนี้"), so a Thai letter may.
_NOT_THAI_WORD = r"[^\W\u0e00-\u0e7f]"


@cache
def _date_patterns() -> tuple[CaselessPattern, ...]:
    m = _patterns().month
    year = rf"(?:{_SP}*,?{_SP}*(?:de{_SP}+|del{_SP}+|of{_SP}+)?(?P<year>20\d\d)\b)?"
    ordinal = r"(?:st|nd|rd|th|er|°|º|\.)?"
    return tuple(
        CaselessPattern(p)
        for p in (
            rf"(?P<end>{_END_WORDS}){_SP}+(?:(?:the )?month of{_SP}+)?(?P<month>{m})(?!\w){year}",
            rf"(?<!\d)(?P<day>\d{{1,2}}){ordinal}{_SP}+(?:of{_SP}+|de{_SP}+)?(?P<month>{m})(?!\w){year}",
            rf"(?<!{_NOT_THAI_WORD})(?P<month>{m})\.?{_SP}+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d|:){year}",
            rf"(?P<mid>{_MID_WORDS}){_SP}*(?P<month>{m})(?!\w){year}",
            rf"(?<!{_NOT_THAI_WORD})(?P<month>{m})(?!{_NOT_THAI_WORD}){year}",
        )
    )


def _add_months(sent: date, months: int, *, end: bool = False) -> date:
    y, mo = divmod(sent.month - 1 + months, 12)
    y += sent.year
    mo += 1
    return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)


def _number(token: str) -> float | None:
    p = _patterns()
    low = re.sub(r"\s+", " ", token.lower())
    if low in p.number_words:
        return float(p.number_words[low])
    words = low.split(" ")
    if len(words) == 3 and words[0] in p.number_words and words[2] in p.number_words:
        return (p.number_words[words[0]] + p.number_words[words[2]]) / 2  # "two or three"
    nums = [int(x) for x in re.findall(r"\d+", low)]
    return sum(nums) / len(nums) if nums else None


def find_dates(text: str, sent: date, day_phrases: list[tuple[str, int, int]] | None = None) -> list[_When]:
    """Every date the text names, with its position, in text order. ``day_phrases`` are the
    (label, start, end) hits of the "on:" and "holiday:" phrases, when the caller has them."""
    p = _patterns()
    if day_phrases is None:
        day_phrases = [
            (label, hit.position, hit.position + len(hit.text))
            for label, hit in p.phrases.labelled(text)
            if label.startswith(("on:", "holiday:"))
        ]
    found: list[_When] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def add(a: int, b: int, when: date, kind: int = _DAYS, precise: bool = True) -> None:
        taken.append((a, b))
        found.append(_When(a, when, kind, precise, b))

    for label, a, b in day_phrases:
        if not free(a, b):
            continue
        kind, value = label.split(":")
        if kind == "on":
            add(a, b, _next(sent, *_month_day(value), None), precise=False)
            continue
        days, fixed = p.holidays[int(value)]
        options = [d for d in days if d >= sent]
        if fixed:
            options.append(_next(sent, *fixed, None))
        if options:
            add(a, b, min(options))
    for hit in p.year_part.finditer(text):
        if not free(hit.start(), hit.end()):
            continue
        y = int(hit.group("year"))
        part = hit.group("part")
        if part:
            mo = p.part_month[part.lower()]
            add(hit.start(), hit.end(), date(y, mo, 31 if mo == 12 else 1), precise=False)
        elif y > sent.year:
            # A bare later year is the contract's "next year" (six months), even in December.
            add(hit.start(), hit.end(), max(date(y, 1, 1), sent + timedelta(days=93)), precise=False)
    for pattern in _date_patterns():
        for hit in pattern.finditer(text):
            if not free(hit.start(), hit.end()):
                continue
            token = text[hit.start("month") : hit.end("month")]  # as written: the match may be lower-cased
            groups = hit.groupdict()
            # "before dec 15", "by sept 30th": a day beside it makes a lower-case abbreviation a month
            # (not "may": "we may 2x our team").
            dated = bool(groups.get("day")) and token.lower().rstrip(".") not in ("may", "mar")
            month = _month_number(token.capitalize() if dated else token)
            if month is None or (token.lower() in p.lower_case_seasons and not token.islower()):
                continue
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            if groups.get("mid"):
                day = 15
            yr = int(groups["year"]) if groups.get("year") else None
            season = _SEASON if token.lower() in p.seasons else _DAYS
            bare = not day and not yr and season == _DAYS
            if bare and p.noun_article.search(text, max(0, hit.start() - 12), hit.start()):
                continue  # "amb la marca Nuts&Co.": the Polish March is a brand in Catalan and Spanish
            # "cada diciembre me quedo sin inventario": a month every year is no date; nor is "the
            # audit we had in October", written in November: the month just past, not next year's.
            every = p.recurring.search(text, max(0, hit.start() - 16), hit.start())
            just_past = bare and (sent.month - month) % 12 == 1
            if _recent_past(sent, month, day, yr) or every or just_past:
                taken.append((hit.start(), hit.end()))
                continue
            when = _next(sent, month, day, yr, end=bool(groups.get("end")))
            add(hit.start(), hit.end(), when, season, precise=bool(groups.get("day")))
    for cjk in _CJK_DATE.finditer(text):
        month = _CJK_MONTHS.get(cjk.group(2)) or int(cjk.group(2))
        if not 1 <= month <= 12 or not free(cjk.start(), cjk.end()):
            continue
        day = int(cjk.group(3)) if cjk.group(3) else None
        if day is not None and not 1 <= day <= 31:
            continue
        tail = cjk.group(4) or ""
        if tail in ("中旬", "中"):
            day = 15
        yr = int(cjk.group(1)) if cjk.group(1) else None
        if _recent_past(sent, month, day, yr):
            taken.append((cjk.start(), cjk.end()))
            continue
        when = _next(sent, month, day, yr, end=tail in ("末", "말", "底", "下旬"))
        add(cjk.start(), cjk.end(), when, precise=bool(cjk.group(3)))
    if "th" in text or "TH" in text or "Th" in text:
        for numbered in _NUMBERED_MONTH.finditer(text):
            month = int(numbered.group(1))
            if 1 <= month <= 12 and free(numbered.start(), numbered.end()):
                yr = int(numbered.group(2)) if numbered.group(2) else None
                add(numbered.start(), numbered.end(), _next(sent, month, None, yr), precise=False)
    for num in _NUMERIC_DATE.finditer(text):
        if not free(num.start(), num.end()):
            continue
        if num.group("y"):
            d, mo, y = int(num.group("d")), int(num.group("m")), int(num.group("y"))
        else:
            d, mo, y = int(num.group("d2")), int(num.group("m2")), int(num.group("y2"))
        if mo > 12 and d <= 12:
            d, mo = mo, d  # month/day order
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
            add(num.start(), num.end(), date(y, mo, d))
    for q in _quarters(p, text):
        if not free(q.start(), q.end()):
            continue
        number = next(g for g in q.groups() if g)
        quarter = _CJK_NUMBERS.get(number) or p.quarter_ordinals.get(number.lower()) or int(number)
        current = (sent.month - 1) // 3 + 1
        after = _YEAR_AFTER.match(text, q.end())
        y = int(after.group(1)) if after else sent.year
        if not after and quarter < current:
            y += 1
        qm = 3 * (quarter - 1) + 1
        ahead = (y * 4 + quarter) - (sent.year * 4 + current)
        end = q.end() if not after else after.end()
        if _END_BEFORE.search(text[max(0, q.start() - 30) : q.start()]):
            last = qm + 2
            add(q.start(), end, date(y, last, calendar.monthrange(y, last)[1]), precise=False)
        elif ahead in (0, 1):
            add(q.start(), end, max(date(y, qm, 1), sent), _NEAR_QUARTER, precise=False)
        else:
            add(q.start(), end, max(date(y, qm, 1), sent), precise=False)
    for dur in p.duration.finditer(text):
        if not free(dur.start(), dur.end()):
            continue
        if not dur.group("suffix") and not p.duration_lead.search(
            text[max(0, dur.start() - 40) : dur.start()]
        ):
            continue
        count = _number(dur.group("num"))
        unit = p.unit_days[dur.group("unit").lower()]
        if count is None or count <= 0 or count * unit > 3 * 365:
            continue
        add(dur.start(), dur.end(), sent + timedelta(days=round(count * unit)), precise=False)
    for wd in p.weekday.finditer(text):
        gap = text[wd.end() : wd.end() + 4]
        beside = wd.end() + len(gap) - len(gap.lstrip(" ,"))
        if beside < len(text) and not free(beside, beside + 1):
            continue  # "el lunes 4 de mayo", "Monday, May 4": the weekday of a date written beside it
        if free(wd.start(), wd.end()):
            ahead = (p.weekday_names[wd.group("wd").lower()] - sent.weekday()) % 7 or 7
            deadline = _WEEKDAY_DEADLINE.search(text[max(0, wd.start() - 12) : wd.start()])
            add(wd.start(), wd.end(), sent + timedelta(days=ahead), _DAYS if deadline else _CUE_ONLY)
    for day_only in _DAY_ONLY.finditer(text):
        day = int(day_only.group(1))
        if 1 <= day <= 31 and free(day_only.start(), day_only.end()):
            y, mo = sent.year, sent.month
            if day < sent.day:
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            # "on the 30th" in February is its last day.
            last = calendar.monthrange(y, mo)[1]
            add(day_only.start(), day_only.end(), date(y, mo, min(day, last)), _CUE_ONLY)
    found.sort(key=lambda w: w.at)
    # "before our fiscal year-end on March 31": a precise date right after a vague one says which
    # day the vague one is (a fiscal year need not end in December).
    return [
        w
        for w, after in zip(found, [*found[1:], None], strict=False)
        if w.precise or after is None or not after.precise or not _RESTATED.fullmatch(text, w.end, after.at)
    ]


_RESTATED = re.compile(r"\s*(?:on|am|le|el|il|op|den|,|\(|:|–|-)?\s*", re.IGNORECASE)


def find_date(sentence: str, sent: date) -> date | None:
    found = find_dates(sentence, sent)
    return found[0].when if found else None


def _bucket(found: _When, sent: date) -> Timeline:
    if found.kind == _NEAR_QUARTER:
        return Timeline.quarter
    return bucket_for_days((found.when - sent).days)


_CJK_SENTENCE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Thai writes years of the Buddhist era, 543 ahead of the common one ("มกราคม 2570" is January 2027).
_THAI = re.compile("[\u0e00-\u0e7f]")
_BUDDHIST_YEAR = re.compile(r"(?<!\d)25[5-9]\d(?!\d)")


def _common_era(text: str) -> str:
    text = ascii_digits(text)
    if _THAI.search(text) is None:
        return text
    return _BUDDHIST_YEAR.sub(lambda m: str(int(m.group()) - 543), text)


_QUALIFIED_MONTH = re.compile(r"[\s,(:–-]{0,3}(?:[^\W\d_]{2,8}[\s,]{1,2})?")


def extract_timeline(text: str, sent: date | None) -> tuple[Timeline, str | None]:
    p = _patterns()
    text = _common_era(text)
    parts = sentences(text)
    joined = "\n".join(parts)
    # Phrase sets and date patterns are searched once over the whole text, then hits are assigned
    # to sentences: searching sentence by sentence costs one pass per sentence and pattern.
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1

    cue_hits: dict[int, list[int]] = {}
    skip: dict[int, int] = {}  # sentence → where its first meeting or deadline word starts
    about_material: set[int] = set()
    day_phrases: list[tuple[str, int, int]] = []
    # Per sentence: (position, -length, bucket, needs a cue) of each relative phrase.
    relative: dict[int, list[tuple[int, int, Timeline, bool]]] = {}
    for label, hit in p.phrases.labelled(joined):
        i = bisect_right(starts, hit.position) - 1
        if label == "cue":
            cue_hits.setdefault(i, []).append(hit.position - starts[i])
        elif label == "skip":
            skip.setdefault(i, hit.position - starts[i])
        elif label == "material":
            about_material.add(i)
        elif label.startswith(("on:", "holiday:")):
            day_phrases.append((label, hit.position, hit.position + len(hit.text)))
        else:
            kind, bucket = label.split(":")
            relative.setdefault(i, []).append(
                (hit.position - starts[i], -len(hit.text), Timeline(bucket), kind == "with_cue")
            )
    dates: dict[int, list[_When]] = {}
    if sent is not None:
        for found in find_dates(joined, sent, day_phrases):
            if found.when >= sent:
                i = bisect_right(starts, found.at) - 1
                dates.setdefault(i, []).append(
                    _When(found.at - starts[i], found.when, found.kind, found.precise, found.end - starts[i])
                )

    # A sentence about the purchase decides first; a date or relative phrase elsewhere only without
    # one ("an audit planned for the end of the year" does not time the purchase when a later
    # sentence says "we need to sign by the end of the quarter").
    fallback: tuple[Timeline, str] | None = None
    for i, sentence in enumerate(parts):
        cue = cue_hits.get(i)
        here = dates.get(i, [])
        if any(w.kind != _SEASON for w in here):
            # "before our spring season kicks off in early March": the month is the date.
            here = [w for w in here if w.kind != _SEASON]
        phrases = sorted(relative.get(i, []))
        if phrases and here:
            # "내년 1월", "明年一月", "next year, January": the year phrase says which January, and the
            # month is the date (two months away in November, not "next year").
            # "au second semestre, début janvier": a word qualifying the month may sit between.
            phrases = [
                x
                for x in phrases
                if x[2] is not Timeline.six_months
                or not any(
                    w.at >= x[0] - x[1]
                    and (w.at - (x[0] - x[1]) <= 2 or _QUALIFIED_MONTH.fullmatch(sentence, x[0] - x[1], w.at))
                    for w in here
                )
            ]
        timed: list[tuple[int, int, Timeline]] = [(x[0], x[1], x[2]) for x in phrases]
        ends: list[tuple[int, Timeline]] = []  # where each date ends, for one written before its verb
        if sent is not None:
            timed += [(w.at, 0, _bucket(w, sent)) for w in here]
            ends = [(w.end, _bucket(w, sent)) for w in here]
        if cue:
            if timed:
                # What follows a purchase cue most closely ("shortlist by the end of February and
                # sign in April" → April; "sign this quarter so the migration runs over the summer").
                after = [(at - c, length, bucket) for at, length, bucket in timed for c in cue if at >= c]
                # German and Dutch put the time before the verb at the clause's end ("tegen het
                # tweede kwartaal operationeel te zijn", "bis März einführen"), English before a
                # noun ("a Q2 launch"): a date right before a cue binds to it. Not a phrase: "our
                # next fiscal year starts April 1" names the date after the verb.
                after += [
                    (c - end + 1, 0, bucket)
                    for end, bucket in ends
                    for c in cue
                    if 0 <= end <= c and not sentence[end:c].strip()
                ]
                if _CJK_SENTENCE.search(sentence):
                    # Chinese, Japanese and Korean put the time before the verb ("1月から利用開始",
                    # "明年二季度正式上线"): the date closest before a cue.
                    ahead = [(c - at, length, bucket) for at, length, bucket in timed for c in cue if at < c]
                    after = ahead or after
                return (min(after) if after else min(timed))[2], sentence
            continue
        if fallback is not None:
            continue
        if i in skip:
            # A meeting sentence may still say when the project runs ("a demo; we plan to choose
            # the vendor before the end of the current quarter"), but not "ASAP" or a date.
            # "We need this ASAP because our board meeting is mid December": urgency written before
            # any meeting word is the project's, unless it asks for material ("send it ASAP").
            urgent = i not in about_material
            later = [
                x
                for x in phrases
                if not x[3] and (x[2] is not Timeline.now or (urgent and x[0] - x[1] <= skip[i]))
            ]
            if later:
                fallback = (later[0][2], sentence)
            continue
        material = i in about_material
        options = [
            (x[0], x[1], x[2]) for x in phrases if not x[3] and not (material and x[2] is Timeline.now)
        ]
        if sent is not None:
            # A request for a quote or a proposal names the day it is due ("by 26 March"), not a
            # month ("quote us three training days, sometime in October").
            options += [
                (w.at, 0, _bucket(w, sent))
                for w in here
                if w.kind != _CUE_ONLY and not (material and w.precise)
            ]
        if options:
            fallback = (min(options)[2], sentence)
    return fallback if fallback else (Timeline.unknown, None)
