"""What the fact reader reads and finds: the text as :class:`Tok` s, and a :class:`Fact` with its
kind, where it is said, and its value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}


@dataclass(frozen=True)
class Fact:
    kind: str  # amount | account | reference | ticket | phone | date | deadline | other | number
    start: int
    end: int
    value: object  # Decimal (amount, number, duration), str (ids), DateValue (date, time), None (relative day)
    anchor: str = ""  # a day said by name: "friday", "today", "tomorrow"


@dataclass(frozen=True)
class DateValue:
    day: int | None = None
    month: int | None = None
    weekday: int | None = None
    year: int | None = None
    ambiguous: bool = False  # "04/03": 4 March or April 3
    hour: int | None = None  # as said: 2 for "2:40", 14 for "오후 2시"
    minute: int | None = None
    end_hour: int | None = None  # a window's end: 12 for "Thursday, eight till twelve"
    end_minute: int | None = None


@dataclass(frozen=True)
class Tok:
    kind: str  # num | ord | word | alnum | hangul | sym | punct
    text: str  # lower-cased; digits as written for num ("07700")
    start: int  # character span in the scanned text
    end: int
    value: Decimal | None = None
    spelled: bool = False  # a number made of number words
    weak: bool = False  # a Korean word that is a number only next to other numbers or a unit
