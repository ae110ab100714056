"""Amounts, ids and dates read out of text, however they are written or transcribed.

One scanner reads both a summary and the transcript it summarises, so that
the fact checker (:mod:`pipeline.summary.grounding`) compares values, not spellings:

    "£142.50"  "142.50"  "142 pounds 50"  "one hundred and forty-two pounds fifty"
    "48213"    "4 8 2 1 3"  "4, 8, 2, 1, 3"  "four eight two one three"  "REF-48213"
    "Friday the 14th"  "the fourteenth"  "14th of March"  "March 14"  "14/03"
    "40,000원"  "4만 원"

Text becomes tokens (number words become numbers: "forty-two" -> 42, while
"four eight two" stays three digits), tokens become :class:`Fact` values
(amount, id, phone, date, deadline, plain number), and a stretch of
transcript becomes a :class:`FactIndex` that a fact is looked up in.
Currency is not compared, only the amount: Whisper writes "$" for spoken
"pounds". Number words are read in English, and in Korean only in amounts
("사만 원") and weekdays ("금요일까지").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: i + 10 for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
_SCALES = {"thousand": 1000, "million": 1_000_000}
_HUNDREDS = {Decimal(h) for h in range(100, 1000, 100)}
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items()) if m != "may"})
_MONTHS["sept"] = 9
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_CURRENCY_WORDS = {"pound", "pounds", "quid", "dollar", "dollars", "bucks", "euro", "euros", "won"}
_SUBUNIT_WORDS = {"pence", "p", "cents", "cent"}
_KO_DIGITS = {c: i + 1 for i, c in enumerate("일이삼사오육칠팔구")}
_KO_UNITS = {"십": 10, "백": 100, "천": 1000}
_KO_WEEKDAYS = {k: e for k, e in zip("월화수목금토일", "monday tuesday wednesday thursday friday saturday sunday".split())}
_DEADLINE_CUES = {"by", "before", "until", "till", "within"}
_RELATIVE_DAYS = {"today", "tomorrow", "tonight"}
_DURATION_UNITS = {"day", "days", "week", "weeks", "month", "months", "hour", "hours", "minutes"}
_ID_CUES = {"number", "reference", "ref", "account", "ticket", "id", "code", "permit", "booking", "notice", "case", "no", "#"}
_KIND_CUES = (("account", "account"), ("ticket", "ticket"))

_TOKEN_RE = re.compile(
    r"(?P<ord>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<alnum>[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z]+\d[A-Za-z\d]*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[A-Za-z]+(?:'[A-Za-z]+)?)"
    r"|(?P<hangul>[\uac00-\ud7a3]+)"
    r"|(?P<sym>[£$€₩+#%])"
    r"|(?P<punct>[^\s])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Tok:
    kind: str  # num | ord | word | alnum | hangul | sym | punct
    text: str  # lower-cased; digits as written for num ("07700")
    start: int  # character span in the scanned text
    end: int
    value: Decimal | None = None
    spelled: bool = False  # a number made of number words


@dataclass(frozen=True)
class Fact:
    kind: str  # amount | account | reference | ticket | phone | date | deadline | number
    start: int
    end: int
    value: object  # Decimal (amount, number), str (ids), _Date (date), None (relative day)
    anchor: str = ""  # for dates without a day: "friday", "today"


@dataclass(frozen=True)
class _Date:
    day: int | None = None
    month: int | None = None
    weekday: int | None = None
    year: int | None = None
    ambiguous: bool = False  # "04/03": 4 March or April 3


def tokenize(text: str) -> list[Tok]:
    raw: list[Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind, piece = m.lastgroup or "punct", m.group()
        if kind == "num":
            raw.extend(_split_number(piece, m.start()))
        elif kind == "ord":
            raw.append(Tok("ord", piece.lower(), m.start(), m.end(), Decimal(piece[:-2])))
        elif kind == "hangul" and not (raw and raw[-1].kind == "num" and raw[-1].end == m.start()):
            raw.extend(_split_korean_amount(piece, m.start()))  # not after digits: "4만원" is read later
        else:
            raw.append(Tok(kind, piece.lower(), m.start(), m.end()))
    return _merge_hundred_and(_merge_number_words(raw))


def _merge_hundred_and(toks: list[Tok]) -> list[Tok]:
    """Whisper writes spoken "one hundred and forty-two" as "100 and 42": one number."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            i + 2 < len(toks) and t.kind == "num" and t.value is not None and t.value in _HUNDREDS
            and (toks[i + 1].text == "and" or (toks[i + 1].text == "," and toks[i + 2].text == "and"))
        ):
            k = i + 2 if toks[i + 1].text == "and" else i + 3
            second = toks[k] if k < len(toks) else None
            if second is not None and second.kind == "num" and second.value is not None and second.value < 100:
                value = t.value + second.value
                out.append(Tok("num", str(value), t.start, second.end, value))
                i = k + 1
                continue
        out.append(t)
        i += 1
    return out


def _split_korean_amount(piece: str, offset: int) -> list[Tok]:
    """"사만원을" -> 40000, "원을": Sino-Korean numerals are read only right before 원."""
    m = re.match(r"([일이삼사오육칠팔구십백천만]{2,})(원.*)", piece)
    value = _sino_korean(m.group(1)) if m else None
    if m is None or value is None:
        return [Tok("hangul", piece, offset, offset + len(piece))]
    cut = offset + m.end(1)
    return [Tok("num", str(value), offset, cut, Decimal(value), spelled=True), Tok("hangul", m.group(2), cut, offset + len(piece))]


def _sino_korean(numerals: str) -> int | None:
    total = section = digit = 0
    for ch in numerals:
        if ch in _KO_DIGITS:
            digit = _KO_DIGITS[ch]
        elif ch in _KO_UNITS:
            section += (digit or 1) * _KO_UNITS[ch]
            digit = 0
        else:  # 만
            total += (section + digit or 1) * 10_000
            section = digit = 0
    value = total + section + digit
    return value or None


def _split_number(piece: str, offset: int) -> list[Tok]:
    if re.fullmatch(r"\d+(\.\d+)?", piece) or re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", piece):
        return [Tok("num", piece.replace(",", ""), offset, offset + len(piece), Decimal(piece.replace(",", "")))]
    # "4,8,2" or Whisper's "1.442.60": separate numbers, not one value.
    return [
        Tok("num", p.group(), offset + p.start(), offset + p.end(), Decimal(p.group()))
        for p in re.finditer(r"\d+", piece)
    ]


def _word_kind(word: str) -> tuple[str, int, bool] | None:
    if word in _UNITS:
        return "unit", _UNITS[word], False
    if word in _TEENS:
        return "teen", _TEENS[word], False
    if word in _TENS:
        return "tens", _TENS[word], False
    if word == "hundred":
        return "hundred", 100, False
    if word in _SCALES:
        return "scale", _SCALES[word], False
    if word in _ORDINALS:
        value = _ORDINALS[word]
        return ("unit" if value < 10 else "teen" if value < 20 else "tens"), value, True
    return None


def _merge_number_words(toks: list[Tok]) -> list[Tok]:
    """Number words become num/ord tokens: "one hundred and forty-two" -> 142,
    "four eight two" -> 4, 8, 2 (digits read one by one stay separate)."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        value, j, ordinal = _one_number(toks, i)
        if j == i:
            out.append(toks[i])
            i += 1
            continue
        first, last = toks[i], toks[j - 1]
        out.append(Tok("ord" if ordinal else "num", str(value), first.start, last.end, Decimal(value), spelled=True))
        i = j
    return out


def _one_number(toks: list[Tok], i: int) -> tuple[int, int, bool]:
    total, chunk, last, j, end = 0, 0, None, i, i
    while j < len(toks):
        t = toks[j]
        nxt = toks[j + 1].text if j + 1 < len(toks) else ""
        if t.kind == "word" and t.text == "a" and last is None and nxt in ("hundred", "thousand"):
            chunk, last, j = 1, "unit", j + 1
            continue
        if last is not None and ((t.text == "and" and last in ("hundred", "scale")) or (t.text == "-" and last == "tens")):
            j += 1  # "hundred and forty", "forty-two": look at what follows
            continue
        info = _word_kind(t.text) if t.kind == "word" else None
        if info is None:
            break
        kind, value, ordinal = info
        if kind in ("unit", "teen", "tens"):
            fits = last in (None, "hundred", "scale") or (last == "tens" and kind == "unit" and chunk % 10 == 0)
            if not fits:
                break
            chunk += value
        elif kind == "hundred":
            if last in ("hundred", "scale") or chunk >= 100:
                break
            chunk = (chunk or 1) * 100
        else:  # thousand, million
            if last is None:
                break
            total, chunk = total + (chunk or 1) * value, 0
        last, j, end = kind, j + 1, j + 1
        if ordinal:
            return total + chunk, end, True
    return total + chunk, end, False


# ---------------------------------------------------------------- facts


def scan(text: str) -> list[Fact]:
    """Every amount, id, phone number, date, deadline and other number in ``text``."""
    toks = tokenize(text)
    facts: list[Fact] = []
    used: set[int] = set()
    for finder in (_amounts, _dates, _durations, _id_runs, _plain_numbers):
        for fact, idx in finder(toks, used):
            facts.append(fact)
            used.update(idx)
    return sorted(facts, key=lambda f: f.start)


def _amounts(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    i = 0
    while i < len(toks):
        t = toks[i]
        start = i
        if t.kind == "sym" and t.text in "£$€₩" and i + 1 < len(toks) and toks[i + 1].kind == "num":
            i += 1
        if toks[i].kind != "num" or i in used:
            i += 1
            continue
        value, j = toks[i].value, i + 1
        assert value is not None
        j, value, is_money = _money_tail(toks, j, value, has_symbol=start != i)
        if is_money:
            last = toks[j - 1]
            end = last.start + last.text.index("원") + 1 if last.kind == "hangul" else last.end
            yield Fact("amount", toks[start].start, end, value), range(start, j)
        i = max(j, i + 1)


def _money_tail(toks: list[Tok], j: int, value: Decimal, has_symbol: bool) -> tuple[int, Decimal, bool]:
    """After a number: "pounds (and) fifty (pence)", "만 원", "원"."""
    nxt = toks[j] if j < len(toks) else None
    if nxt is not None and nxt.kind == "hangul":
        multiplier = {"만": 10_000, "천": 1_000}.get(nxt.text[0], 1)
        rest = nxt.text[1:] if multiplier > 1 else nxt.text
        if rest.startswith("원"):
            return j + 1, value * multiplier, True
        if multiplier > 1 and not rest and j + 1 < len(toks) and toks[j + 1].text.startswith("원"):
            return j + 2, value * multiplier, True
        return j, value, has_symbol
    if nxt is None or nxt.text not in _CURRENCY_WORDS:
        # "142.75" with no currency: Whisper writes money this way, rarely anything else.
        return j, value, has_symbol or bool(re.fullmatch(r"\d+\.\d\d", toks[j - 1].text))
    j += 1
    k = j + 1 if j < len(toks) and toks[j].text == "," else j  # "142 pounds, 75"
    k = k + 1 if k < len(toks) and toks[k].text == "and" else k
    if k < len(toks) and toks[k].kind == "num" and toks[k].value is not None and toks[k].value < 100 and value == value.to_integral():
        cents = toks[k].value
        k += 1
        if k < len(toks) and toks[k].text in _SUBUNIT_WORDS:
            k += 1
        return k, value + cents / 100, True
    return j, value, True


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
        cue = (i > 0 and toks[i - 1].text in _DEADLINE_CUES) or (toks[i].kind == "hangul" and "까지" in toks[i].text)
        if isinstance(date, str):  # "Friday", "tomorrow" alone
            yield Fact("deadline" if cue else "date", toks[i].start, toks[j - 1].end, None, anchor=date), range(i, j)
        else:
            yield Fact("deadline" if cue else "date", toks[i].start, toks[j - 1].end, date), range(i, j)
        i = max(j, i + 1)


def _date_at(toks: list[Tok], i: int) -> tuple[_Date | str, int] | None:
    def text(k: int) -> str:
        return toks[k].text if 0 <= k < len(toks) else ""

    def day_at(k: int) -> int | None:
        if k < len(toks) and toks[k].kind in ("ord", "num") and toks[k].value is not None:
            value = toks[k].value
            if value == value.to_integral() and 1 <= value <= 31:
                return int(value)
        return None

    if toks[i].kind == "hangul":  # "금요일까지": by Friday
        m = re.match(r"([월화수목금토일])요일", toks[i].text)
        return (_KO_WEEKDAYS[m.group(1)], i + 1) if m else None
    j = i
    weekday = _WEEKDAYS.get(text(j))
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
            return _Date(day=day, month=month, year=year, ambiguous=a <= 12 and b <= 12), end
        return None
    k = j + 1 if text(j) == "the" else j
    month = _MONTHS.get(text(k))
    if month is not None:  # "March 14", "March the 14th", "March"
        k2 = k + 2 if text(k + 1) == "the" else k + 1
        day = day_at(k2)
        if day is not None:
            return _with_year(toks, _Date(day=day, month=month, weekday=weekday), k2 + 1)
        if text(k) == "may" and weekday is None and text(i - 1) not in ("in", "of", "since", "until"):
            return None  # the verb, not the month
        return _Date(month=month, weekday=weekday), k + 1
    cue = i > 0 and toks[i - 1].text in _DEADLINE_CUES
    day = day_at(k)
    if day is not None:
        ordinal = toks[k].kind == "ord"
        # "the 14th", "Friday 14", "14 March"; a spelled ordinal alone ("the second
        # time") is a date only after "by" or before a month.
        if weekday is not None or _month_follows(toks, k + 1) or (ordinal and (not toks[k].spelled or cue)):
            k += 1
            m = k + 1 if text(k) == "of" else k
            month = _MONTHS.get(text(m))
            if month is not None:
                return _with_year(toks, _Date(day=day, month=month, weekday=weekday), m + 1)
            return _Date(day=day, weekday=weekday), k
    if weekday is not None or text(i) in _RELATIVE_DAYS:
        return text(i), i + 1
    return None


def _month_follows(toks: list[Tok], k: int) -> bool:
    k = k + 1 if k < len(toks) and toks[k].text == "of" else k
    return k < len(toks) and toks[k].text in _MONTHS


def _with_year(toks: list[Tok], date: _Date, k: int) -> tuple[_Date, int]:
    k2 = k + 1 if k < len(toks) and toks[k].text == "," else k
    if k2 < len(toks) and toks[k2].kind == "num" and toks[k2].value is not None and 1900 <= toks[k2].value <= 2100:
        return dataclasses.replace(date, year=int(toks[k2].value)), k2 + 1
    return date, k


def _durations(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """ "within five working days": a deadline whose number must be in the call."""
    for i, t in enumerate(toks):
        if t.text != "within" or i + 2 >= len(toks) or toks[i + 1].kind != "num" or i + 1 in used:
            continue
        k = i + 2
        if toks[k].text in ("working", "business"):
            k += 1
        if k < len(toks) and toks[k].text in _DURATION_UNITS:
            yield Fact("deadline", t.start, toks[k].end, toks[i + 1].value), range(i, k + 1)


def _id_part(tok: Tok) -> bool:
    # A spelled number is part of an id only as a single digit: "four eight two"
    # is 482, "twenty twenty four" is not 2024.
    if tok.kind == "alnum":
        return True
    return tok.kind == "num" and "." not in tok.text and not (tok.spelled and tok.value is not None and tok.value >= 10)


def token_run(
    toks: Sequence[Tok],
    i: int,
    is_part: Callable[[Tok], bool],
    separators: Collection[str] = (",", "-"),
    used: set[int] | None = None,
) -> tuple[list[int], int]:
    """Indices of the tokens from ``i`` on that ``is_part`` accepts, joined
    across spaces and single ``separators`` (and not in ``used``); and where
    the run ends."""
    parts: list[int] = []
    j = i
    while j < len(toks) and (used is None or j not in used) and is_part(toks[j]):
        parts.append(j)
        j += 1
        if j + 1 < len(toks) and toks[j].text in separators and is_part(toks[j + 1]):
            j += 1
    return parts, j


def _run(toks: list[Tok], i: int, used: set[int] | None = None) -> tuple[list[str], int]:
    """The id parts from ``i`` on, joined across spaces, commas and hyphens; and where the run ends."""
    parts, j = token_run(toks, i, _id_part, used=used)
    return [toks[k].text.upper() for k in parts], j


def _id_runs(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Account, reference and ticket numbers, phone numbers: ids of >= 4 digits,
    also read digit by digit ("4, 8, 2, 1, 3"), or alphanumeric ("PCN55820")."""
    i = 0
    while i < len(toks):
        if i in used or not _id_part(toks[i]):
            i += 1
            continue
        parts, j = _run(toks, i, used)
        ident = "".join(parts)
        digits = sum(c.isdigit() for c in ident)
        context = {t.text for t in toks[max(0, i - 6) : i]}
        prefix = i >= 2 and toks[i - 1].text == "-" and toks[i - 2].kind == "word"  # REF-48213
        start = i - 2 if prefix else i
        is_year = len(parts) == 1 and ident.isdigit() and 1900 <= int(ident) <= 2100 and not (context & _ID_CUES)
        if digits >= 10 and (ident.startswith("0") or (i > 0 and toks[i - 1].text == "+") or "phone" in context):
            yield Fact("phone", toks[start].start, toks[j - 1].end, ident), range(start, j)
        elif digits >= 4 and not is_year:
            kind = next((k for cue, k in _KIND_CUES if cue in context), "reference")
            yield Fact(kind, toks[start].start, toks[j - 1].end, ident), range(start, j)
        i = max(j, i + 1)


def _plain_numbers(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    for i, t in enumerate(toks):
        # A lone "one" is nearly always not a quantity ("one more thing").
        if i not in used and t.kind == "num" and t.value is not None and not (t.spelled and t.value < 2):
            yield Fact("number", t.start, t.end, t.value), range(i, i + 1)


def find_facts(text: str) -> list[tuple[str, str]]:
    """(kind, value as written) for every amount, account/reference/ticket
    number, phone number, date and deadline in ``text``.

    Plain numbers, and a weekday, month or "today" alone (not after "by"),
    are left out: they are checked in summaries but are not key facts.
    """
    return [(f.kind, text[f.start : f.end]) for f in key_facts_in(text)]


def key_facts_in(text: str) -> list[Fact]:
    """The facts :func:`find_facts` names, with their parsed values and spans."""
    return [f for f in scan(text) if _is_key_fact(f)]


def _is_key_fact(fact: Fact) -> bool:
    if fact.kind == "number":
        return False
    if fact.kind == "date":
        return isinstance(fact.value, _Date) and fact.value.day is not None
    return True


# ---------------------------------------------------------------- checking


@dataclass
class FactIndex:
    """What one stretch of transcript says, in comparable form."""

    numbers: set[Decimal] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)  # every run of digits/ids, and its sub-runs
    dates: list[_Date] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    text: str = ""

    def update(self, other: FactIndex) -> None:
        self.numbers |= other.numbers
        self.ids |= other.ids
        self.dates += other.dates
        self.words |= other.words
        self.text += " | " + other.text


def build_index(text: str) -> FactIndex:
    toks = tokenize(text)
    index = FactIndex(text=" ".join(t.text for t in toks))
    index.words = {t.text for t in toks if t.kind in ("word", "hangul")}
    index.numbers = {t.value for t in toks if t.value is not None}
    # Any ordinal can be a day said on its own ("on the fourteenth"): lenient on the
    # transcript side, where it only ever confirms, never invents.
    index.dates = [_Date(day=int(t.value)) for t in toks if t.kind == "ord" and t.value is not None and 1 <= t.value <= 31]
    for fact in scan(text):
        if isinstance(fact.value, Decimal):
            index.numbers.add(fact.value)
        elif isinstance(fact.value, _Date):
            index.dates.append(fact.value)
        if fact.anchor:
            index.words.add(fact.anchor)
    i = 0
    while i < len(toks):  # every contiguous part of a run: "0 7 7 0 0 9 0 0" holds "07700"
        run, j = _run(toks, i)
        i = max(j, i + 1)
        for a in range(len(run)):
            for b in range(a + 1, min(len(run), a + 24) + 1):
                index.ids.add("".join(run[a:b]))
    return index


def is_found(fact: Fact, index: FactIndex) -> bool:
    value = fact.value
    if fact.anchor:  # weekday, "today": the word itself
        return fact.anchor in index.words
    if isinstance(value, Decimal):
        if value in index.numbers:
            return True
        return fact.kind == "number" and value == value.to_integral() and str(int(value)) in index.ids
    if isinstance(value, str):
        if value in index.ids:
            return True
        digits = re.sub(r"^[A-Z]+", "", value)  # "PCN55820": Whisper spells letter prefixes unpredictably
        return digits != value and len(digits) >= 4 and digits in index.ids
    if isinstance(value, _Date):
        return _date_found(value, index)
    return False


def _date_found(date: _Date, index: FactIndex) -> bool:
    if date.year is not None and Decimal(date.year) not in index.numbers:
        return False
    if date.day is None:
        months_ok = date.month is None or any(d.month == date.month for d in index.dates)
        return months_ok and (date.weekday is None or any(d.weekday == date.weekday for d in index.dates)
                              or _weekday_name(date.weekday) in index.words)
    swapped = _Date(day=date.month, month=date.day) if date.ambiguous and date.month is not None else None
    for want in (date, swapped):
        if want is None:
            continue
        same_day = [d for d in index.dates if d.day == want.day]
        if same_day and (want.month is None or any(d.month == want.month for d in same_day)) and (
            want.weekday is None or any(d.weekday == want.weekday for d in same_day)
        ):
            return True
    return False


def _weekday_name(weekday: int) -> str:
    return next(name for name, i in _WEEKDAYS.items() if i == weekday)


def fact_in_text(value: str, text: str) -> bool:
    """Is every number, id and date of ``value`` (e.g. "£142.50", "REF-48213",
    "Friday the 14th") in ``text``? A value with none is looked for as a phrase."""
    return value_found(value, [build_index(text)])


def value_found(value: str, indexes: Sequence[FactIndex]) -> bool:
    facts = scan(value)
    if not facts:
        phrase = " ".join(t.text for t in tokenize(value) if t.kind != "punct")
        return bool(phrase) and any(phrase in " ".join(ix.text.replace(" , ", " ").split()) for ix in indexes)
    return all(any(is_found(f, ix) for ix in indexes) for f in facts)
