"""What the fact reader finds: a :class:`Fact` with its kind, where it is said, and its value."""

from __future__ import annotations

from dataclasses import dataclass

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
