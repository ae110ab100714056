"""Dates, times and deadlines in tokens, in English and Korean.

    "Friday the 14th"  "the fourteenth"  "14th of March"  "March 14"  "14/03"  "on Monday"
    "Wednesday at 10:20"  "tomorrow at ten twenty"  "by 6 pm"  "this afternoon, before five"  "by about two o'clock"
    "Thursday 14th March, morning slot, eight till twelve"  "Saturday 8:00–13:00"  (a window: its start and end)
    "within five working days"  "in 7 to 10 working days"  "five to seven business days"  "within the hour"
    "seven to ten days"  "by end of day tomorrow"  "you've got 28 days from the notice"  "before 4pm today"
    "3월 15일까지"  "삼월 십오일"  "5월 16일 목요일 오후"  "내일 오후 두 시"  "영업일 기준 삼에서 오일 이내"  "이틀 안에"

Each finder takes the tokens of :func:`pipeline.facts.tokens.tokenize` and
the indices other finders have used, and yields a :class:`Fact` and the
token indices it covers (see :func:`pipeline.facts.scan.scan`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from decimal import Decimal

from pipeline.facts.korean_tokens import read_out
from pipeline.facts.values import WEEKDAYS, DateValue, Fact, Tok

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items()) if m != "may"})
_MONTHS["sept"] = 9
_KO_WEEKDAYS = {k: e for k, e in zip("월화수목금토일", "monday tuesday wednesday thursday friday saturday sunday".split())}
_KO_RELATIVE_DAYS = {"오늘": "today", "내일": "tomorrow", "모레": "the day after tomorrow"}
_KO_HALF_DAYS = {"오전": 0, "아침": 0, "새벽": 0, "오후": 12, "저녁": 12, "밤": 12, "낮": 12}
_KO_HALF_DAY_WORDS = {w + ending for w in _KO_HALF_DAYS for ending in ("", "에")}  # not "오전은", "오전이": a contrast
DEADLINE_CUES = {"by", "before", "until", "till", "within"}
_RELATIVE_DAYS = {"today", "tomorrow", "tonight"}
DURATION_UNITS = {"day", "days", "week", "weeks", "month", "months", "hour", "hours", "minutes"}
_KO_DURATION_UNITS = ("영업일", "일", "주일", "주", "시간", "개월", "달", "분")  # "삼에서 오 영업일": working days
_KO_WITHIN = ("이내", "안에", "안", "내", "내에", "동안", "정도", "후", "뒤", "만에")
# "칠 일 지나면 경찰서로 넘어가니까": once a count of days has passed (a dev call's deadline);
# after a month ("3월 15일 지나면") the day stays a date.
_KO_DAYS_OR_MORE = ("영업일", "일", "주", "개월", "달")
_KO_ONCE_PASSED = ("지나면", "지나서", "지나고", "넘으면", "넘어가면")
_KO_NOT_HOUR = ("시간", "시대", "시작", "시청", "시험", "시장", "시스템", "시설")  # "세 시대": an era, not 3 o'clock
_CLAUSE_LINKS = {"at", "then", "and", "or", "instead", "please", "so", "if", "when", "because", "which", "right", "yes", "yeah"}
# Words that start what follows a day said alone: "your payment on the twenty sixth will still go ...";
# a noun there makes it no date ("on the second floor").
_CLOCK_MINUTES = {5, 10, 20, 25}  # said before "to"/"past": "twenty to eleven" (10:40)
_CLOCK_AFTER = {":", "am", "pm", "o'clock"}  # after a number that is an hour, not a day
_AFTER_A_DAY = {"will", "would", "should", "can", "could", "is", "was", "we", "you", "i", "it", "they", "she", "he",
                "for", "so", "but", "as", "which", "that", "when", "too", "with", "your", "my", "and", "then"}
# Before "the fourteenth" said alone: "on the fourteenth", "expired the fourteenth".
_BEFORE_A_DAY = {"on", "due", "from", "since", "expires", "expired", "expiring", "dated"}
_RANGE_LINKS = ("to", "till", "until", "-", "–")
# Between a day and its window: "Thursday 14th March, morning slot, eight till twelve".
_WINDOW_FILLERS = {",", "the", "morning", "afternoon", "evening", "slot", "anytime", "sometime", "any", "time", "between", "from"}
_WINDOW_FILLER_MAX = 4
_DAY_PARTS = {"morning", "afternoon", "evening", "tonight", "today", "tomorrow", *WEEKDAYS}


def dates(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every date of ``toks``; a day said before another with its month takes that month ("the
    ninth and eleventh of March", "3rd to 14th February": 9 March, 3 February)."""
    found = list(_dates(toks, used))
    taken = set(used).union(*(set(span) for _fact, span in found))
    for fact, span in list(found):
        alone = _day_before(toks, span.start, taken)
        if alone is not None and isinstance(fact.value, DateValue) and fact.value.month is not None:
            day = DateValue(day=int(toks[alone].value or 0), month=fact.value.month, year=fact.value.year)
            found.append((Fact(fact.kind, toks[alone].start, toks[alone].end, day), range(alone, alone + 1)))
    found.sort(key=lambda f: f[1].start)
    for n, (fact, span) in enumerate(found[:-1]):
        later, later_span = found[n + 1]
        between = {t.text for t in toks[span.stop : later_span.start]}
        first, second = fact.value, later.value
        joined = bool(between) and between <= _DAYS_JOINED
        if (
            joined and isinstance(first, DateValue) and first.day is not None and first.month is None
            and isinstance(second, DateValue) and second.month is not None
        ):
            first = dataclasses.replace(first, month=second.month, year=second.year)
            found[n] = (dataclasses.replace(fact, value=first), span)
    yield from found


_DAYS_JOINED = {"and", "or", "to", "till", "until", "through", "-", "–", "the", ","}


def _day_before(toks: list[Tok], k: int, taken: set[int]) -> int | None:
    """An ordinal said alone just before the date at ``k``, joined to it ("ninth and eleventh of
    March"): where it is, or None."""
    j = k - 1
    if j >= 0 and toks[j].text == "the":
        j -= 1
    if j < 1 or toks[j].text not in _DAYS_JOINED - {"the", ","}:
        return None
    j -= 1
    if j >= 0 and toks[j].text == "the":
        j -= 1
    ordinal = toks[j] if j >= 0 else None
    if ordinal is None or j in taken or ordinal.kind != "ord" or ordinal.value is None or not 1 <= ordinal.value <= 31:
        return None
    return j


def _dates(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    i = 0
    while i < len(toks):
        if i in used:
            i += 1
            continue
        got = _date_at(toks, i)
        if got is None:
            i += 1
            continue
        date, j = got
        anchor = date if isinstance(date, str) else ""
        value: DateValue | None = None if isinstance(date, str) else date
        if value is not None and toks[i].kind != "word":
            value, j = _korean_weekday_after(toks, value, j)
        k = j + 1 if j < len(toks) and toks[j].text == "," else j
        link = toks[k].text if k < len(toks) and toks[k].text in ("at", "before", "by", "until", "after", "between", "from") else ""
        window = _hour_range(toks, k + 1) if link in ("between", "from") else None
        # "between two and three hours" is no window, and "between two" no time; "from ten o'clock" is one
        time = None if window or link == "between" else _time_at(toks, k + 1 if link else j, plain_hour=bool(link))
        if time is None and window is None and k > j and value is not None:  # "Thursday twelfth June, 10am"
            time = _time_at(toks, k)
        if time is not None:  # "Saturday 8:00–13:00", "tomorrow at 10 till 12"
            end = _range_end(toks, time[2], joined_by_and=False)
            window = ((time[0], time[1]), (end[0], end[1]), end[2]) if end else None
        elif window is None and not link:  # "Thursday 14th March, eight till twelve", "Saturday morning, eight till one"
            window = _window_after(toks, j)
        if window is not None:
            (hour, minute), (end_hour, end_minute), j = window
            value = dataclasses.replace(value or DateValue(), hour=hour, minute=minute, end_hour=end_hour, end_minute=end_minute)
        elif time is not None:
            hour, minute, j = time
            value = dataclasses.replace(value or DateValue(), hour=hour, minute=minute)
        elif value is not None and j < len(toks) and toks[j].text in _KO_HALF_DAY_WORDS:
            j += 1  # "5월 16일 목요일 오후에": the half of the day belongs to the date
        first = _korean_week_before(toks, i) if date in _KO_WEEKDAYS.values() else i
        # "3월 20일 전에", "금요일 전까지": before the day, a deadline; "30일 전" with no month is a count of days
        bare_day = isinstance(value, DateValue) and value.month is None and value.hour is None and value.weekday is None
        before = j < len(toks) and toks[i].kind != "word" and not bare_day and _KO_BEFORE.fullmatch(toks[j].text) is not None
        j += before
        kind = "deadline" if before or _deadline_cue(toks, i, j) or link in ("before", "by", "until") else "date"
        yield Fact(kind, toks[first].start, toks[j - 1].end, value, anchor=anchor), range(first, j)
        i = max(j, i + 1)


_KO_BEFORE = re.compile(r"전(?:에|에는|에요|까지|까지는|까지요)?")
_KO_WEEKS = ("이번", "다음", "다다음")
_KO_WEEKS_JOINED = tuple(w + "주" for w in _KO_WEEKS)  # "다음주"


def _korean_week_before(toks: list[Tok], i: int) -> int:
    """Where a Korean weekday's week starts ("다음 주 금요일", "이번주 화요일"): the week is part of the day."""
    if i >= 2 and toks[i - 1].text == "주" and toks[i - 2].text in _KO_WEEKS:
        return i - 2
    if i >= 1 and toks[i - 1].text in _KO_WEEKS_JOINED:
        return i - 1
    return i


def _korean_weekday_after(toks: list[Tok], date: DateValue, j: int) -> tuple[DateValue, int]:
    """"5월 16일 목요일", "6월 8일 토요일이요": the weekday said after a Korean date is part of it."""
    m = re.fullmatch(r"([월화수목금토일])요일(?:에|요|이요)?", toks[j].text) if j < len(toks) else None
    if m is None or date.day is None or date.weekday is not None:
        return date, j
    return dataclasses.replace(date, weekday=WEEKDAYS[_KO_WEEKDAYS[m.group(1)]]), j + 1


def _deadline_cue(toks: list[Tok], i: int, j: int) -> bool:
    if (i > 0 and toks[i - 1].text in DEADLINE_CUES) or deadline_named(toks, i):
        return True
    tail = [t.text for t in toks[i : j + 1] if t.kind == "hangul"]
    return any("까지" in w or w.startswith(("이내", "전까지")) for w in tail)


def deadline_named(toks: list[Tok], i: int) -> bool:
    """The day from ``i`` is named the deadline: "the deadline is Friday", "the deadline is the sixteenth"."""
    return i > 1 and toks[i - 2].text == "deadline" and toks[i - 1].text == "is"


def _date_at(toks: list[Tok], i: int) -> tuple[DateValue | str, int] | None:
    def text(k: int) -> str:
        return toks[k].text if 0 <= k < len(toks) else ""

    def day_at(k: int) -> int | None:
        if k < len(toks) and toks[k].kind in ("ord", "num") and toks[k].value is not None:
            value = toks[k].value
            if value == value.to_integral() and 1 <= value <= 31:
                return int(value)
        return None

    if toks[i].kind == "hangul" or (toks[i].kind == "num" and text(i + 1)[:1] in ("월", "일", "년")):
        return _korean_date_at(toks, i)
    j = i
    weekday = WEEKDAYS.get(text(j))
    if weekday is not None:
        j += 2 if text(j + 1) == "," else 1  # "Friday, the 14th"
    # numeric 14/03(/2025)
    if weekday is None and toks[i].kind == "num" and text(i + 1) == "/" and i + 2 < len(toks) and toks[i + 2].kind == "num":
        a, b = toks[i].value, toks[i + 2].value
        end = i + 3
        year = None
        if text(end) == "/" and end + 1 < len(toks) and toks[end + 1].kind == "num":
            year, end = int(toks[end + 1].value or 0), end + 2
        if a is not None and b is not None and 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12):
            day, month = (int(a), int(b)) if b <= 12 else (int(b), int(a))
            return DateValue(day=day, month=month, year=year, ambiguous=a <= 12 and b <= 12), end
        return None
    k = j + 1 if text(j) == "the" else j
    month = _MONTHS.get(text(k))
    if month is not None:  # "March 14", "March the 14th", "March"
        k2 = k + 2 if text(k + 1) == "the" else k + 1
        day = day_at(k2)
        if day is not None and text(k2 + 1) != ":":
            return _with_year(toks, DateValue(day=day, month=month, weekday=weekday), k2 + 1)
        if text(k) == "may" and weekday is None and text(i - 1) not in ("in", "of", "since", "until"):
            return None  # the verb, not the month
        return DateValue(month=month, weekday=weekday), k + 1
    cue = i > 0 and toks[i - 1].text in DEADLINE_CUES
    # "Saturday 9:30", "Friday 8am", "Saturday, eight till one": a time, not the 9th or the 8th
    day = day_at(k) if text(k + 1) not in _CLOCK_AFTER else None
    if day is not None and _hour_range(toks, k) is not None:
        day = None
    if day is not None:
        ordinal = toks[k].kind == "ord"
        # "the 14th", "Friday 14", "14 March"; a spelled ordinal alone ("the second
        # time") is a date only after "by" or before a month.
        of_the_month = text(k + 1) == "of" and text(k + 2) == "the" and text(k + 3) == "month"
        if of_the_month and ordinal:  # "the twenty-eighth of the month"
            return DateValue(day=day), k + 4
        # "same date, the 14th", "your due date the twenty fifth"
        named_a_day = (
            text(i - 1) in _BEFORE_A_DAY or text(i - 1) == "date" or (text(i - 1) == "," and text(i - 2) == "date")
            or deadline_named(toks, i)
        )
        said_as_day = ordinal and text(k - 1) == "the" and named_a_day and (
            _clause_ends(toks, k + 1) or text(k + 1) in _AFTER_A_DAY
        )
        if weekday is not None or _month_follows(toks, k + 1) or (ordinal and (not toks[k].spelled or cue)) or said_as_day:
            k += 1
            m = k + 1 if text(k) == "of" else k
            month = _MONTHS.get(text(m))
            if month is not None:
                return _with_year(toks, DateValue(day=day, month=month, weekday=weekday), m + 1)
            return DateValue(day=day, weekday=weekday), k
    if weekday is not None or text(i) in _RELATIVE_DAYS:
        return text(i), i + 1
    return None


def _korean_date_at(toks: list[Tok], i: int) -> tuple[DateValue | str, int] | None:
    """"2026년 3월 15일", "삼월 십오일", "25일", "금요일", "내일"; the year alone is no date."""
    t = toks[i]
    if t.kind == "hangul":
        m = re.match(r"([월화수목금토일])요일", t.text)
        if m:
            return _KO_WEEKDAYS[m.group(1)], i + 1
        for word, anchor in _KO_RELATIVE_DAYS.items():
            if t.text.startswith(word):
                return anchor, i + 1
        return None
    year = month = day = None
    j = i
    if _unit_after(toks, j, "년"):
        year, j = int(toks[j].value or 0), j + 2
    if _unit_after(toks, j, "월") and 1 <= (toks[j].value or 0) <= 12:
        month, j = int(toks[j].value or 0), j + 2
    if _unit_after(toks, j, "일") and 1 <= (toks[j].value or 0) <= 31 and not _duration_follows(toks, j + 1, month is not None):
        day, j = int(toks[j].value or 0), j + 2
    if day is None and month is None:
        return None
    if month is None and year is None and len(toks[i].text) == 1 and read_out(toks[:i]):
        return None  # "이 칠 사 공 구 일 번": the last digits of a number read out one by one, not the 9th
    return DateValue(day=day, month=month, year=year), j


def _unit_after(toks: list[Tok], j: int, unit: str) -> bool:
    return (
        j + 1 < len(toks) and toks[j].kind == "num" and toks[j].value is not None
        and toks[j + 1].kind == "hangul" and toks[j + 1].text.startswith(unit)
        and not (unit == "일" and toks[j + 1].text.startswith(("일주", "일간")))
    )


def _duration_follows(toks: list[Tok], k: int, month_said: bool = False) -> bool:
    """"7일 이내", "7일 지나면" (no month before): a count of days, not the 7th."""
    rest = toks[k].text[1:] if k < len(toks) else ""
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    after = _KO_WITHIN if month_said else _KO_WITHIN + _KO_ONCE_PASSED
    return rest.startswith(after) or (rest in ("", "간") and nxt.startswith(after)) or rest.startswith("동안")


def _time_at(toks: list[Tok], k: int, plain_hour: bool = False) -> tuple[int, int | None, int] | None:
    """(hour, minute, end) of a time at ``k``: "10:20", "11 am", "ten twenty",
    "noon", "오후 두 시 (삼십 분|반)"; with ``plain_hour`` also "five", "11"
    ("tomorrow at 11", "this afternoon, before five")."""
    def text(n: int) -> str:
        return toks[n].text if 0 <= n < len(toks) else ""

    if text(k) in ("noon", "midday"):
        return 12, 0, k + 1
    clock = _british_clock(toks, k)
    if clock is not None:
        return clock
    half = _KO_HALF_DAYS.get(text(k))
    if half is not None:
        k += 1
    if k >= len(toks) or toks[k].kind != "num" or toks[k].value is None:
        return None
    written = re.fullmatch(r"(\d{1,2})\.(\d\d)", toks[k].text) or (  # Whisper's "2.40", and "1020" for "ten twenty"
        re.fullmatch(r"(\d{1,2})(\d\d)", toks[k].text) if plain_hour and not toks[k].spelled else None
    ) or (_tens_of_minutes(toks[k].text) if plain_hour or text(k + 1) in ("am", "pm") else None)
    if written and half is None and int(written.group(1)) <= 24 and int(written.group(2).ljust(2, "0")) < 60:
        hour, end = int(written.group(1)), k + 1
        if text(end) in ("am", "pm"):
            hour, end = hour + (12 if text(end) == "pm" and hour < 12 else 0), end + 1
        return hour, int(written.group(2).ljust(2, "0")), end
    if not 0 <= toks[k].value <= 24:
        return None
    hour = int(toks[k].value)
    if toks[k].value != toks[k].value.to_integral():
        return None
    if text(k + 1).startswith("시") and not text(k + 1).startswith(_KO_NOT_HOUR):  # 두 시, 2시에
        hour = hour + half if half and hour < 12 else hour
        if text(k + 1) in ("시", "시에") and k + 2 < len(toks) and _unit_after(toks, k + 2, "분"):
            return hour, int(toks[k + 2].value or 0), k + 4
        if text(k + 2).startswith("반"):
            return hour, 30, k + 3
        return hour, None, k + 2
    if half is not None:
        return None
    if text(k + 1) == ":" and k + 2 < len(toks) and toks[k + 2].kind == "num" and len(toks[k + 2].text) == 2:
        end = k + 3
        if text(end) in ("am", "pm"):
            hour, end = hour + (12 if text(end) == "pm" and hour < 12 else 0), end + 1
        return hour, int(toks[k + 2].value or 0), end
    if text(k + 1) in ("am", "pm", "o'clock") and hour <= 12:
        return hour + (12 if text(k + 1) == "pm" and hour < 12 else 0), 0, k + 2
    if toks[k].spelled and hour <= 12 and k + 1 < len(toks) and toks[k + 1].kind == "num" and toks[k + 1].spelled:
        minute = toks[k + 1].value
        if minute is not None and 10 <= minute < 60:  # "at ten twenty"
            return hour, int(minute), k + 2
    if plain_hour and 1 <= hour <= 12 and (k + 1 >= len(toks) or toks[k + 1].kind == "punct" or text(k + 1) in ("today", "tomorrow", "tonight", "then", "and")):
        return hour, None, k + 1
    return None


def _british_clock(toks: list[Tok], k: int) -> tuple[int, int | None, int] | None:
    """"half nine" (9:30), "half past two", "(a) quarter past ten", "quarter to four" (3:45),
    and "am"/"pm" after them; the caller decides whether a time fits there."""
    k = k + 1 if k + 1 < len(toks) and toks[k].text == "a" and toks[k + 1].text == "quarter" else k
    word = toks[k].text if k < len(toks) else ""
    link = toks[k + 1].text if k + 1 < len(toks) else ""
    if word == "half" and link == "past":
        k, minute = k + 1, 30
    elif word == "half":
        minute = 30
    elif word == "quarter" and link in ("past", "to"):
        k, minute = k + 1, 15 if link == "past" else -15
    elif _minutes_to_or_past(toks, k) and link in ("past", "to"):
        minutes = int(toks[k].value or 0)
        k, minute = k + 1, minutes if link == "past" else -minutes
    else:
        return None
    hour_tok = toks[k + 1] if k + 1 < len(toks) else None
    if hour_tok is None or hour_tok.kind != "num" or hour_tok.value is None or not 1 <= hour_tok.value <= 12 or "." in hour_tok.text:
        return None
    hour, end = int(hour_tok.value), k + 2
    if minute < 0:
        hour, minute = hour - 1 or 12, 60 + minute
    if end < len(toks) and toks[end].text in ("am", "pm"):
        hour, end = hour + (12 if toks[end].text == "pm" and hour < 12 else 0), end + 1
    return hour, minute, end


def _minutes_to_or_past(toks: list[Tok], k: int) -> bool:
    """"(at) twenty to eleven", "(at) ten past three": minutes said as a number word
    before "to"/"past" make a clock time only right after "at" ("open ten to four"
    is opening hours, "two to three days" a count)."""
    t = toks[k] if k < len(toks) else None
    return (
        t is not None and t.kind == "num" and t.spelled and t.value in _CLOCK_MINUTES
        and k > 0 and toks[k - 1].text in ("at", "about", "around")
    )


def _tens_of_minutes(written: str) -> re.Match[str] | None:
    """Whisper's "2.4" for "two forty": a clock time written as a decimal, its
    trailing zero dropped. Only where a time is expected (after a day and "at",
    or before "pm"): elsewhere "2.4" is a number. Only a 12-hour clock: "20.3"
    is "twenty to three" misheard, never "twenty thirty" (written "20:30")."""
    return re.fullmatch(r"([1-9]|1[0-2])\.([1-5])", written)


def times(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A time without a day: "by 6 pm", "before noon", "at 10:20", "오후 다섯 시 전까지"."""
    i = 0
    while i < len(toks):
        cue_at = i - 1
        if cue_at > 0 and toks[cue_at].text in ("about", "around", "roughly") and toks[cue_at - 1].text in DEADLINE_CUES | {"at"}:
            cue_at -= 1  # "by about two o'clock"
        cue = toks[cue_at].text if cue_at >= 0 else ""
        day_part = bool(_DAY_PARTS & {t.text for t in toks[max(0, i - 5) : i]}) or (  # "before four today"
            i + 1 < len(toks) and toks[i + 1].text in _RELATIVE_DAYS)
        got = None if i in used else _time_at(toks, i, plain_hour=day_part and cue in DEADLINE_CUES)
        if got is None:
            i += 1
            continue
        hour, minute, j = got
        korean = toks[i].kind == "hangul" or toks[j - 1].kind == "hangul"
        after = toks[i + 1].text if i + 1 < len(toks) else ""
        # "at half nine" alone may be a time or not; with a day part or am/pm it is one.
        near = {t.text for t in toks[max(0, i - 5) : j + 5]}
        clock = _british_clock(toks, i) is not None and (bool(_DAY_PARTS & near) or toks[j - 1].text in ("am", "pm"))
        said_as_time = (
            korean or toks[i].text in ("noon", "midday") or after in _CLOCK_AFTER or clock
            or (day_part and cue in DEADLINE_CUES) or bool(re.fullmatch(r"\d{1,2}\.\d\d", toks[i].text))
        )
        # "10:30 am" is a time wherever it stands, and so is "10:30" that is the whole text (a
        # key fact's value); "the 10:42 to Brighton" is a train.
        written = toks[j - 1].text in ("am", "pm") or (after == ":" and i == 0 and j == len(toks))
        if said_as_time and (cue in DEADLINE_CUES | {"at", "after", "from"} or korean or written or clock):
            kind = "deadline" if cue in DEADLINE_CUES or _deadline_cue(toks, i, j) else "date"
            start = toks[cue_at].start if cue in DEADLINE_CUES else toks[i].start  # "before five"
            day = toks[j].text if j < len(toks) and toks[j].text in _RELATIVE_DAYS and not korean else ""
            j += bool(day)  # "before 4pm today"
            yield Fact(kind, start, toks[j - 1].end, DateValue(hour=hour, minute=minute), anchor=day), range(i, j)
        i = max(j, i + 1)


def _clause_ends(toks: list[Tok], k: int) -> bool:
    """Nothing follows that "the first" could count: "due on the first.", not "on the first floor"."""
    return k >= len(toks) or toks[k].kind == "punct" or toks[k].text in _CLAUSE_LINKS


_Window = tuple[tuple[int, int | None], tuple[int, int | None], int]


def _hour_range(toks: list[Tok], k: int) -> _Window | None:
    """A visit window after a day: "(between) twelve and four", "(from) 8 till 12";
    its start and end (hour, minute), and where it ends."""
    first = _time_at(toks, k, plain_hour=True) or _bare_hour(toks, k)
    end = None if first is None else _range_end(toks, first[2], joined_by_and=True)
    return None if first is None or end is None else ((first[0], first[1]), (end[0], end[1]), end[2])


def _range_end(toks: list[Tok], j: int, joined_by_and: bool) -> tuple[int, int | None, int] | None:
    """The end of a window whose start ends at ``j``: "–12:00", "till twelve", ("between eight) and four"."""
    if j >= len(toks) or toks[j].text not in _RANGE_LINKS + (("and",) if joined_by_and else ()):
        return None
    return _time_at(toks, j + 1, plain_hour=True) or _bare_hour(toks, j + 1)


def _window_after(toks: list[Tok], j: int) -> _Window | None:
    """A window said after a day and a few words: "(Thursday 14th March), eight till twelve",
    "(Saturday) morning, eight till one", "(Friday the 13th,) the afternoon, twelve till four"."""
    k = j
    while k < len(toks) and k - j < _WINDOW_FILLER_MAX and toks[k].text in _WINDOW_FILLERS:
        k += 1
    return _hour_range(toks, k)


def _bare_hour(toks: list[Tok], k: int) -> tuple[int, int | None, int] | None:
    """"eight", "12" as one end of a window (not "two hours")."""
    if k >= len(toks) or toks[k].kind != "num" or toks[k].value is None or "." in toks[k].text:
        return None
    following = toks[k + 1].text if k + 1 < len(toks) else ""
    if not 1 <= toks[k].value <= 12 or toks[k].value != toks[k].value.to_integral() or following in DURATION_UNITS:
        return None
    return int(toks[k].value), None, k + 1


def _month_follows(toks: list[Tok], k: int) -> bool:
    k = k + 1 if k < len(toks) and toks[k].text == "of" else k
    return k < len(toks) and toks[k].text in _MONTHS


def _with_year(toks: list[Tok], date: DateValue, k: int) -> tuple[DateValue, int]:
    k2 = k + 1 if k < len(toks) and toks[k].text == "," else k
    if k2 < len(toks) and toks[k2].kind == "num" and toks[k2].value is not None and 1900 <= toks[k2].value <= 2100:
        return dataclasses.replace(date, year=int(toks[k2].value)), k2 + 1
    return date, k


def durations(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """ "within five working days", "in 7 to 10 working days", "in about seven to ten days", "within the hour",
    "five to seven business days" (working or business days need no "within"),
    "영업일 기준 3~5일 이내", "이틀 안에": a deadline whose number must be in the call."""
    for i, t in enumerate(toks):
        if i in used:
            continue
        if t.text in ("within", "in") and i + 2 < len(toks):
            if t.text == "within" and toks[i + 1].text in ("the", "an", "a") and toks[i + 2].text in DURATION_UNITS | {"hour", "week", "day"}:
                yield Fact("deadline", t.start, toks[i + 2].end, Decimal(1)), range(i, i + 3)
                continue
            n = i + 2 if toks[i + 1].text in _ABOUT else i + 1  # "in about seven to ten days"
            if n >= len(toks) or toks[n].kind != "num" or n in used:
                continue
            k, working = _count_unit(toks, n)
            if k < len(toks) and toks[k].text in DURATION_UNITS and (t.text == "within" or working or k > n + 1):
                yield Fact("deadline", t.start, toks[k].end, toks[k - 2 if working else k - 1].value), range(i, k + 1)
        elif t.kind == "num" and t.value is not None and i + 1 < len(toks) and (toks[i + 1].kind == "hangul" or toks[i + 1].text == "~"):
            got = _korean_duration(toks, i)
            if got is not None:
                end, value = got
                yield Fact("deadline", t.start, toks[end - 1].end, value), range(i, end)
        elif t.kind == "num" and i > 0 and toks[i - 1].text in ("got", "have") and _time_allowed(toks, i):
            # "you've got twenty eight days from the notice": the time left to do something
            yield Fact("deadline", t.start, toks[i + 1].end, t.value), range(i, i + 2)
        elif t.kind == "num" and (i == 0 or toks[i - 1].kind != "num"):
            # "seven to ten business days", said without "within": working days are a promise
            k, working = _count_unit(toks, i)
            if k >= len(toks) or toks[k].text not in ("days", "day", "weeks") or used & set(range(i, k + 1)):
                continue
            # "seven to ten days" alone: a range of days is an estimate of when, unless it counts back
            ranged = not working and k == i + 3 and toks[i + 1].text in ("to", "-") and toks[k].text != "day"
            counts_back = (i > 0 and toks[i - 1].text in _NOT_A_PROMISE) or (k + 1 < len(toks) and toks[k + 1].text == "ago")
            if working and toks[k].text != "weeks":
                yield Fact("deadline", t.start, toks[k].end, toks[k - 2].value), range(i, k + 1)
            elif ranged and not counts_back:
                yield Fact("deadline", t.start, toks[k].end, toks[k - 1].value), range(i, k + 1)


_ABOUT = {"about", "around", "roughly", "approximately"}
_CLOSE_OF = {"day", "business", "play", "week", "month"}
# Before a count of days that is no promise: "it's been three to four days", "for two to three days".
_NOT_A_PROMISE = {"been", "for", "last", "past", "over", "every", "than", "those", "these", "the",
                  "lasted", "lasts", "took", "was", "were"}


def _time_allowed(toks: list[Tok], i: int) -> bool:
    """A count of days or weeks at ``i`` that is time given to do something: "… days to appeal",
    "… days from the notice" (not "two days left of my holiday")."""
    return (
        i + 2 < len(toks) and toks[i].value is not None and toks[i + 1].text in ("days", "weeks")
        and toks[i + 2].text in ("to", "from")
    )


def ends_of_day(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """"by end of day tomorrow", "by the end of the day", "before close of business on Friday",
    "by the end of the month": a deadline said by the end of a period."""
    def text(n: int) -> str:
        return toks[n].text if n < len(toks) else ""

    for i, t in enumerate(toks):
        if t.text not in ("by", "before") or i in used:
            continue
        k = i + 2 if text(i + 1) == "the" else i + 1
        if text(k) not in ("end", "close") or text(k + 1) != "of":
            continue
        k += 3 if text(k + 2) in ("the", "this", "next") else 2
        if text(k) not in _CLOSE_OF:
            continue
        period, k = text(k), k + 1
        day_at = k + 1 if text(k) == "on" else k  # "… on Friday", "… tomorrow"
        day = text(day_at) if text(day_at) in _RELATIVE_DAYS or text(day_at) in WEEKDAYS else ""
        end = day_at + 1 if day else k
        yield Fact("deadline", t.start, toks[end - 1].end, None, anchor=day or period), range(i, end)


def _count_unit(toks: list[Tok], i: int) -> tuple[int, bool]:
    """Where the unit of the count at ``i`` is, past a range ("7 to 10": the later bound is the
    promise) and "working"/"business", and whether that was said."""
    k = i + 1
    if k + 1 < len(toks) and toks[k].text in ("to", "-", "or") and toks[k + 1].kind == "num":
        k += 2
    working = k < len(toks) and toks[k].text in ("working", "business")
    return (k + 1, True) if working else (k, False)


def _korean_duration(toks: list[Tok], i: int) -> tuple[int, Decimal | None] | None:
    first = i
    if toks[i + 1].text in ("에서", "~") and i + 3 < len(toks) and toks[i + 2].kind == "num":
        i += 2  # "삼에서 오일", "3~5일"
    unit = toks[i + 1] if i + 1 < len(toks) else None
    if unit is None or unit.kind != "hangul" or not unit.text.startswith(_KO_DURATION_UNITS):
        return None
    rest = unit.text[next(len(u) for u in _KO_DURATION_UNITS if unit.text.startswith(u)):]
    nxt = toks[i + 2] if i + 2 < len(toks) else None
    counted = rest.startswith("간")  # "이틀", "3일간": a count of days
    rest = rest[1:] if counted else rest
    # "칠 일 지나면" (a retention period); "이삼 분 지나면" (a moment) is no deadline
    after = _KO_WITHIN + _KO_ONCE_PASSED if unit.text.startswith(_KO_DAYS_OR_MORE) else _KO_WITHIN
    if rest.startswith(after):
        return i + 2, toks[i].value
    if rest in ("", "씩") and nxt is not None and nxt.kind == "hangul" and nxt.text.startswith(after):
        return i + 3, toks[i].value
    return None if first == i or rest or counted else (i + 2, toks[i].value)
