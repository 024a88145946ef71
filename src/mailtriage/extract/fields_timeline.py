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

from mailtriage.extract.fields_data import PhraseSet, load, phrase_regex, strings
from mailtriage.extract.fields_text import sentences
from mailtriage.extract.schemas import Timeline

# English month abbreviations and "May"/"Mar" are ordinary words in lower case.
_CAPITAL_ONLY = frozenset(
    {"may", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)


@dataclass(frozen=True, slots=True)
class _Patterns:
    relative: tuple[tuple[Timeline, PhraseSet], ...]
    cues: PhraseSet
    not_timeline: PhraseSet
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
        relative=tuple(
            (Timeline(bucket), phrase_regex(phrases)) for bucket, phrases in data["relative"].items()
        ),
        cues=phrase_regex(strings("timeline", "purchase_cues")),
        not_timeline=phrase_regex(strings("timeline", "not_timeline_cues")),
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


def find_date(sentence: str, sent: date) -> date | None:
    p = _patterns()
    m = p.month
    year = r"(?:\s*,?\s*(?P<year>20\d\d))?"
    ordinal = r"(?:st|nd|rd|th|er|°|º|\.)?"
    end_words = (
        r"(?:end of|by the end of|the end of|end-|fin(?:e)?(?: de| du| del)?"
        r"|ende|eind|final de|fim de|finales de)"
    )
    patterns = [
        rf"(?P<end>{end_words})\s+(?:(?:the )?month of\s+)?(?P<month>{m})\b{year}",
        rf"(?<!\d)(?P<day>\d{{1,2}}){ordinal}\s+(?:of\s+|de\s+)?(?P<month>{m})\b{year}",
        rf"(?<![\w])(?P<month>{m})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\d|:){year}",
        rf"(?<![\w])(?P<month>{m})\b{year}",
    ]
    for pattern in patterns:
        for hit in re.finditer(pattern, sentence, re.IGNORECASE):
            month = _month_number(hit.group("month"))
            if month is None:
                continue
            groups = hit.groupdict()
            day = int(groups["day"]) if groups.get("day") else None
            if day is not None and not 1 <= day <= 31:
                continue
            yr = int(groups["year"]) if groups.get("year") else None
            return _next(sent, month, day, yr, end=bool(groups.get("end")))
    jp = re.search(r"(?:(20\d\d)\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?", sentence)
    if jp:
        return _next(
            sent,
            int(jp.group(2)),
            int(jp.group(3)) if jp.group(3) else None,
            int(jp.group(1)) if jp.group(1) else None,
        )
    q = p.quarter.search(sentence)
    if q:
        quarter = int(next(g for g in q.groups() if g))
        y = sent.year
        qm = 3 * (quarter - 1) + 1
        if date(y, qm, 1) < sent and (quarter - 1) < (sent.month - 1) // 3:
            y += 1
        return max(date(y, qm, 1), sent)
    day_only = re.search(r"\bby the (\d{1,2})(?:st|nd|rd|th)\b", sentence)
    if day_only:
        day = int(day_only.group(1))
        if 1 <= day <= 28:
            y, mo = sent.year, sent.month
            if day < sent.day:
                mo += 1
                if mo == 13:
                    y, mo = y + 1, 1
            return date(y, mo, day)
    return None


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

    def sentence_hits(phrases: PhraseSet) -> set[int]:
        return {bisect_right(starts, hit.position) - 1 for hit in phrases.finditer(joined)}

    cue = sentence_hits(p.cues)
    skip = sentence_hits(p.not_timeline)
    relative = [(bucket, sentence_hits(phrases)) for bucket, phrases in p.relative]
    for i, sentence in enumerate(parts):
        if i in skip and i not in cue:
            continue
        if sent is not None and i in cue:
            when = find_date(sentence, sent)
            if when is not None and when >= sent:
                return bucket_for_days((when - sent).days), sentence
        for bucket, hits in relative:
            if i in hits:
                return bucket, sentence
    return Timeline.unknown, None
