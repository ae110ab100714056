"""What a stretch of transcript says, in comparable form, and looking a fact up in it.

:func:`build_index` reads a turn (or any text) with the scanner of
:mod:`pipeline.facts.scan` into a :class:`FactIndex`: its numbers, every
contiguous part of its digit runs ("0 7 7 0 0 9 0 0" holds "07700"), its
dates and times, and its words. :func:`is_found` asks whether one fact of a
summary is in it. The transcript side is lenient (any ordinal can be a day,
any run part an id): it only ever confirms a value, never invents one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.facts.across_turns import corrections_in, nodded_joins, patched_ids, read_back_joins
from pipeline.facts.addresses import is_street_line, without_town
from pipeline.facts.error_codes import code_of
from pipeline.facts.places import place_code
from pipeline.facts.readings import reading_number
from pipeline.facts.scan import flat_code, id_run, scan
from pipeline.facts.tokens import tokenize
from pipeline.facts.values import WEEKDAYS, DateValue, Fact, Tok

_MAX_ID_LENGTH = 24
_SHORT_CODE = 4  # a place's number shorter than this is looked for as a number said
_SPACED_DIGITS = re.compile(r"(?<=\d) (?=\d)")
_LONE_LETTER_MONEY = re.compile(r"^[RK](\d{1,4})$")  # rand, kwacha and kina: one letter before the number


@dataclass
class FactIndex:
    """What one stretch of transcript says, in comparable form."""

    numbers: set[Decimal] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)  # every run of digits/ids, and its sub-runs
    dates: list[DateValue] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    text: str = ""
    # (right, wrong) id endings a speaker corrected: "847 at the end, not 1" (a wrong "841");
    # applied to the ids of every index this one is merged with, an id and its fix being
    # often said in different turns.
    corrections: list[tuple[str, str]] = field(default_factory=list)

    def update(self, other: FactIndex) -> None:
        self.numbers |= other.numbers
        self.ids |= other.ids
        self.dates += other.dates
        self.words |= other.words
        self.text += " | " + other.text
        self.corrections += other.corrections
        if self.corrections:
            self.ids |= patched_ids(self.ids, self.corrections)

    def add_id(self, ident: str) -> None:
        """An id said across turns ("712-0" ... "-4"), joined by the caller."""
        for a in range(len(ident)):
            for b in range(a + 1, min(len(ident), a + _MAX_ID_LENGTH) + 1):
                self.ids.add(ident[a:b])


def build_index(text: str) -> FactIndex:
    index = _read(text)
    # Korean digits before the copula read both ways: "사일칠이요" is 417 (the
    # tokenizer's reading) or 4172.
    for m in re.finditer(r"[일이삼사오육륙칠팔구공영]{2,}이(?=[요고에])", text):
        index.ids |= _read(text[: m.end()] + " " + text[m.end() :]).ids
    for ident in read_back_joins(text):  # a call read as one text: "... 공이칠 다음 번호요 칠일오"
        index.add_id(ident)
    for ident in nodded_joins(text):  # "... two two zero four eight mhm eight one"
        index.add_id(ident)
    index.corrections = corrections_in(text)  # "eight four seven at the end not one"
    index.ids |= patched_ids(index.ids, index.corrections)
    return index


def _read(text: str) -> FactIndex:
    toks = tokenize(text)
    index = FactIndex(text=" ".join(t.text for t in toks))
    index.words = {t.text for t in toks if t.kind in ("word", "hangul")}
    index.numbers = {t.value for t in toks if t.value is not None}
    # Any ordinal can be a day said on its own ("on the fourteenth").
    index.dates = [DateValue(day=int(t.value)) for t in toks if t.kind == "ord" and t.value is not None and 1 <= t.value <= 31]
    for fact in scan(text, money_said=True):  # lenient: a price said without its currency confirms one
        if isinstance(fact.value, Decimal):
            index.numbers.add(fact.value)
        elif isinstance(fact.value, DateValue):
            index.dates.append(fact.value)
        elif isinstance(fact.value, str) and fact.value.isdigit():
            index.ids.add(fact.value)  # not its parts: "15" is not in "1500"
        elif is_street_line(fact.value):  # "19 Wattle Street, Punchbowl": as a whole, with or without its town
            index.ids |= {fact.value, without_town(fact.value)}
        elif isinstance(fact.value, str):  # a code and its parts: turns read as one text run codes together
            index.add_id(_code_in(fact.value))
        if fact.anchor:
            index.words.add(fact.anchor)
    index.numbers |= _spoken_readings(toks)
    i = 0
    while i < len(toks):  # every contiguous part of a run: "0 7 7 0 0 9 0 0" holds "07700"
        run, j = id_run(toks, i)
        i = max(j, i + 1)
        for a in range(len(run)):
            for b in range(a + 1, min(len(run), a + _MAX_ID_LENGTH) + 1):
                index.ids.add("".join(run[a:b]))
    return index


def _spoken_readings(toks: Sequence[Tok]) -> set[Decimal]:
    """Numbers said the way people read them out, as the transcript side may take them: a decimal said
    with "point" ("one point two" is 1.2), pounds and pence or dollars and cents run together ("forty
    two eighty" is 42.80), and hundreds said as two numbers ("two thirty-eight forty" is 238.40)."""
    found: set[Decimal] = set()
    nums = [t.value if t.kind == "num" else None for t in toks]
    words = [t.text.lower() for t in toks]
    for i, a in enumerate(nums):
        if a is None or a != a.to_integral():
            continue
        if i + 2 < len(toks) and words[i + 1] == "point":
            digits = ""
            for value in nums[i + 2 :]:
                if value is None or not 0 <= value <= 9 or value != value.to_integral():
                    break
                digits += str(int(value))
            if digits:
                found.add(Decimal(f"{int(a)}.{digits}"))
        b = nums[i + 1] if i + 1 < len(nums) else None
        if b is None or b != b.to_integral() or not 10 <= b <= 99:
            continue
        found.add(Decimal(f"{int(a)}.{int(b):02d}"))
        if 1 <= a <= 9:
            hundreds = a * 100 + b
            found.add(hundreds)
            c = nums[i + 2] if i + 2 < len(nums) else None
            if c is not None and c == c.to_integral() and 10 <= c <= 99:
                found.add(Decimal(f"{int(hundreds)}.{int(c):02d}"))
    return found


def is_found(fact: Fact, index: FactIndex) -> bool:
    value = fact.value
    if fact.anchor and fact.anchor not in index.words:  # weekday, "today": the word itself
        return False
    if value is None:
        return bool(fact.anchor)
    if isinstance(value, Decimal):
        if value in index.numbers:
            return True
        return fact.kind == "number" and value == value.to_integral() and str(int(value)) in index.ids
    if isinstance(value, str):
        code = _code_in(value)
        if code != value and code.isdigit() and len(code) < _SHORT_CODE and not _said_whole(code, index):
            return False  # "route 7": a place's short number is said on its own, not found inside another id ("CMP774120")
        value = code
        compact = value.replace(" ", "")
        if value in index.ids or compact in index.ids:
            return True
        if compact.isdigit() and Decimal(compact) in index.numbers:  # "36,000" for "thirty-six thousand"
            return True
        # "R500" scans as an id (a lone R is money only with thousands or cents), and it is how the reader
        # writes "five hundred rand" ("K300": "three hundred kwacha"): the amount said backs it too.
        if _lone_letter_amount(compact) in index.numbers:
            return True
        digits = re.sub(r"^[A-Z가-힣]+", "", compact)  # "PCN55820": Whisper spells letter prefixes unpredictably
        return digits != compact and len(digits) >= 4 and digits in index.ids
    if isinstance(value, DateValue):
        return _date_found(value, index)
    return False


def _said_whole(code: str, index: FactIndex) -> bool:
    """``code`` in the index's text as a number of its own, said whole or digit by digit ("4 1 8")."""
    if Decimal(code) in index.numbers:
        return True
    return re.search(rf"(?<!\w){code}(?!\w)", _SPACED_DIGITS.sub("", index.text)) is not None


def _code_in(value: str) -> str:
    """The code or number a value is known by, however its word was said: "E037" of "fault code
    E037", "C14" of "berth C14", "4418" of "meter reading 4,418", "102동 1304호" of "해오름아파트 102동
    1304호"; else the value itself."""
    flat = flat_code(value)
    return code_of(value) or place_code(value) or reading_number(value) or (flat[0] if flat else value)


def _lone_letter_amount(compact: str) -> Decimal | None:
    """The amount of "R500", "K15": rand, kwacha or kina, as the reader writes them."""
    money = _LONE_LETTER_MONEY.match(compact)
    return None if money is None else Decimal(money.group(1))


def _date_found(date: DateValue, index: FactIndex) -> bool:
    if date.hour is not None and not _time_found(date, index):
        return False
    if date.year is not None and Decimal(date.year) not in index.numbers:
        return False
    if date.day is None:
        months_ok = date.month is None or any(d.month == date.month for d in index.dates)
        return months_ok and (date.weekday is None or any(d.weekday == date.weekday for d in index.dates)
                              or _weekday_name(date.weekday) in index.words)
    swapped = DateValue(day=date.month, month=date.day) if date.ambiguous and date.month is not None else None
    for want in (date, swapped):
        if want is None:
            continue
        same_day = [d for d in index.dates if d.day == want.day]
        if same_day and (want.month is None or any(d.month == want.month for d in same_day)) and (
            want.weekday is None or any(d.weekday == want.weekday for d in same_day)
        ):
            return True
    return False


def _time_found(date: DateValue, index: FactIndex) -> bool:
    assert date.hour is not None
    if date.end_hour is not None and not _time_found(DateValue(hour=date.end_hour, minute=date.end_minute), index):
        return False  # a window's end is said too
    minute = date.minute or 0
    said = [(d.hour, d.minute) for d in index.dates] + [(d.end_hour, d.end_minute) for d in index.dates]
    if any(hour is not None and hour % 12 == date.hour % 12 and (said_minute or 0) == minute for hour, said_minute in said):
        return True
    # The transcript said the numbers some other way ("twenty to three" is not read as a time).
    hours = {Decimal(date.hour), Decimal(date.hour % 12 or 12)}
    return bool(hours & index.numbers) and (minute == 0 or Decimal(minute) in index.numbers)


def _weekday_name(weekday: int) -> str:
    return next(name for name, i in WEEKDAYS.items() if i == weekday)


def fact_in_text(value: str, text: str) -> bool:
    """Is every number, id and date of ``value`` (e.g. "£142.50", "REF-48213",
    "Friday the 14th") in ``text``? A value with none is looked for as a phrase."""
    return value_found(value, [_index_of(text)])


def fact_in_texts(value: str, texts: Sequence[str]) -> bool:
    """:func:`fact_in_text` over several texts read apart (a summary's fields): each number, id
    and date of ``value`` in one of them."""
    return value_found(value, [_index_of(text) for text in texts])


@functools.lru_cache(maxsize=64)
def _index_of(text: str) -> FactIndex:
    """The index of ``text``, kept for the next look-ups in it: the facts of one summary are
    looked up one by one in the same transcript. Only read here, never changed."""
    return build_index(text)


def value_found(value: str, indexes: Sequence[FactIndex]) -> bool:
    facts = scan(value)
    amount = _lone_letter_amount(value.replace(" ", ""))
    if not facts and amount is not None:  # "K15" is too short an id to scan: "fifteen kina" backs it
        return any(amount in ix.numbers for ix in indexes)
    if not facts:
        phrase = " ".join(t.text for t in tokenize(value) if t.kind != "punct")
        if any(c.isdigit() for c in phrase):
            # A code is one code however it was spaced: "E21" and "E 21".
            phrase = phrase.replace(" ", "")
            return bool(phrase) and any(phrase in "".join(ix.text.replace(" , ", " ").split()) for ix in indexes)
        return bool(phrase) and any(phrase in " ".join(ix.text.replace(" , ", " ").split()) for ix in indexes)
    return all(any(is_found(f, ix) for ix in indexes) for f in facts)
