"""When a lead wants to buy, start or go live, as a bucket measured from the email's Date header.

Per sentence: a date ("by 1 September", "ab 1. Juli", "end of April", "Q4", "2027年4月") in a
sentence about buying or starting is measured in days from the Date header; otherwise a relative
phrase ("next quarter", "ASAP", "l'année prochaine") decides. Sentences about meetings, demos or
deadlines for material are skipped: their dates are not the purchase. The first sentence that
decides wins, in reading order.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache

from mailtriage.extract.fields_data import PhraseSet, load, strings
from mailtriage.extract.fields_text import sentences
from mailtriage.extract.schemas import Timeline

# English month abbreviations and "May"/"Mar" are ordinary words in lower case.
_CAPITAL_ONLY = frozenset(
    {"may", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)


@dataclass(frozen=True, slots=True)
class _Patterns:
    phrases: PhraseSet  # labelled: "cue", "skip", "relative:<bucket>", "with_cue:<bucket>"
    buckets: tuple[str, ...]
    month_names: dict[str, int]
    month: str
    quarter: re.Pattern[str]
    now_max_days: int
    quarter_max_days: int


@cache
def _patterns() -> _Patterns:
    data = load("timeline")
    months = {str(name).lower(): int(number) for number, names in data["months"].items() for name in names}
    month = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    return _Patterns(
        phrases=PhraseSet.grouped(
            {
                "cue": strings("timeline", "purchase_cues"),
                "skip": strings("timeline", "not_timeline_cues"),
                **{f"relative:{b}": [str(x) for x in v] for b, v in data["relative"].items()},
                **{f"with_cue:{b}": [str(x) for x in v] for b, v in data["relative_with_cue"].items()},
            }
        ),
        buckets=tuple(str(b) for b in data["relative"]),
        month_names=months,
        month=month,
        quarter=re.compile("|".join(strings("timeline", "quarters")), re.IGNORECASE),
        now_max_days=int(data["now_max_days"]),
        quarter_max_days=int(data["quarter_max_days"]),
    )


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


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    m = _patterns().month
    year = r"(?:\s*,?\s*(?P<year>20\d\d))?"
    ordinal = r"(?:st|nd|rd|th|er|°|º|\.)?"
    return tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            rf"(?P<end>{_END_WORDS})\s+(?:(?:the )?month of\s+)?(?P<month>{m})\b{year}",
            rf"(?<!\d)(?P<day>\d{{1,2}}){ordinal}\s+(?:of\s+|de\s+)?(?P<month>{m})\b{year}",
            rf"(?<![\w])(?P<month>{m})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d|:){year}",
            rf"(?<![\w])(?P<month>{m})\b{year}",
        )
    )


_END_WORDS = (
    r"(?:end of|by the end of|the end of|end-|fin(?:e)?(?: de| du| del)?"
    r"|ende|eind|final de|fim de|finales de)"
)
_END_BEFORE = re.compile(rf"{_END_WORDS}\s*(?:the\s+|des\s+|del\s+|do\s+)?$", re.IGNORECASE)
_JP_DATE = re.compile(r"(?:(20\d\d)\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_DAY_ONLY = re.compile(r"\bby the (\d{1,2})(?:st|nd|rd|th)\b")


def find_dates(sentence: str, sent: date) -> list[tuple[int, date]]:
    """Every date the sentence names, with its position; month names first, then Japanese
    dates, quarters ("by the end of Q1" is the quarter's last day) and "by the 20th"."""
    p = _patterns()
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _date_patterns():
        for hit in pattern.finditer(sentence):
            if any(a < hit.end() and hit.start() < b for a, b in taken):
                continue
            month = _month_number(hit.group("month"))
            if month is None:
                continue
            groups = hit.groupdict()
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            yr = int(groups["year"]) if groups.get("year") else None
            taken.append((hit.start(), hit.end()))
            found.append((hit.start(), _next(sent, month, day, yr, end=bool(groups.get("end")))))
    if not found:
        jp = _JP_DATE.search(sentence)
        if jp:
            when = _next(
                sent,
                int(jp.group(2)),
                int(jp.group(3)) if jp.group(3) else None,
                int(jp.group(1)) if jp.group(1) else None,
            )
            found.append((jp.start(), when))
    for q in p.quarter.finditer(sentence):
        quarter = int(next(g for g in q.groups() if g))
        y = sent.year
        qm = 3 * (quarter - 1) + 1
        if date(y, qm, 1) < sent and (quarter - 1) < (sent.month - 1) // 3:
            y += 1
        if _END_BEFORE.search(sentence[: q.start()]):
            last = qm + 2
            found.append((q.start(), date(y, last, calendar.monthrange(y, last)[1])))
        else:
            found.append((q.start(), max(date(y, qm, 1), sent)))
    if not found:
        day_only = _DAY_ONLY.search(sentence)
        if day_only:
            day = int(day_only.group(1))
            if 1 <= day <= 28:
                y, mo = sent.year, sent.month
                if day < sent.day:
                    mo += 1
                    if mo == 13:
                        y, mo = y + 1, 1
                found.append((day_only.start(), date(y, mo, day)))
    return sorted(found)


def find_date(sentence: str, sent: date) -> date | None:
    found = find_dates(sentence, sent)
    return found[0][1] if found else None


def extract_timeline(text: str, sent: date | None) -> tuple[Timeline, str | None]:
    p = _patterns()
    parts = sentences(text)
    joined = "\n".join(parts)
    # Each phrase set is searched once over the whole text, then hits are assigned to sentences:
    # searching sentence by sentence costs one pass per sentence and set.
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1

    cue_hits: dict[int, list[int]] = {}
    found: dict[str, set[int]] = {}
    for label, hit in p.phrases.labelled(joined):
        i = bisect_right(starts, hit.position) - 1
        if label == "cue":
            cue_hits.setdefault(i, []).append(hit.position - starts[i])
        found.setdefault(label, set()).add(i)
    skip = found.get("skip", set())
    relative = [(Timeline(b), found.get(f"relative:{b}", set()), False) for b in p.buckets]
    relative += [(Timeline(b), found.get(f"with_cue:{b}", set()), True) for b in p.buckets]
    # A sentence about the purchase decides first; a relative phrase elsewhere only without one
    # ("an audit planned for the end of the year" does not time the purchase when a later
    # sentence says "we need to sign by the end of the quarter").
    fallback: tuple[Timeline, str] | None = None
    for i, sentence in enumerate(parts):
        cue = cue_hits.get(i)
        if i in skip and not cue:
            continue
        if sent is not None and cue:
            dates = [(at, when) for at, when in find_dates(sentence, sent) if when >= sent]
            if dates:
                # The date that follows a purchase cue most closely ("shortlist by the end of
                # February and sign in April" → April).
                after = [(at - c, when) for at, when in dates for c in cue if at >= c]
                when = min(after)[1] if after else dates[0][1]
                return bucket_for_days((when - sent).days), sentence
        for bucket, hits, needs_cue in relative:
            if i in hits and (cue or not needs_cue):
                if cue:
                    return bucket, sentence
                if fallback is None:
                    fallback = (bucket, sentence)
                break
    return fallback if fallback else (Timeline.unknown, None)
