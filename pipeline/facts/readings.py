"""Meter readings and metered quantities, as "other" facts.

A billing dispute at a water, power or gas desk turns on the meter: what it shows, what the bill
used, how many units or tonnes or kilowatt-hours that makes. The development calls
(``samples/dev``) keep it ("meter reading 4,418", "billed reading 8,412 units", "계량기 지침 1,234톤",
"사용량 520kWh"); a number said in words ("four thousand four hundred and eighteen units",
"천이백삼십사 톤") was no fact before this reader, and one said in digits only an unnamed
reference.

Read: a number of 100 or more right after the word for a reading ("reading", "display",
"검침값", "지침": "the reading is 4418", "지침이 천이백삼십사로"), or with "meter … shows";
and a number before a metered unit ("8,412 units", "512kWh", "41톤", "30GB", "1.2 Mbps"), or before
loyalty miles or points ("만 이천사백 마일" 12,400마일, "18,420포인트"). "units", miles and points
count only from 100 ("6 CPD units", "kitchen units" are no readings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from pipeline.facts.korean_tokens import KO_LOYALTY_UNITS
from pipeline.facts.values import Fact, Tok

_EN_READING = {"reading", "readings", "display", "index"}
_EN_METER = "meter"
_EN_SHOWS = {"shows", "showing", "says", "reads", "displays", "on"}  # after "meter": "the meter is showing …"
_EN_BETWEEN = {"is", "was", "of", "at", "now", "says", "shows", "showing", "it's", "as", "just", "um", "uh", "er", ":", ","}
_KO_READING = re.compile(r"^(검침값|검침|지침|계량기\s?숫자|계량기)")
_KO_BETWEEN = re.compile(r"^(이|가|은|는|이요|값이|값은|숫자가|보면|보니까|확인하면|지금)$")
_MIN_READING = 100
_LOOK_BACK = 4  # words between the word for a reading and its number
# Metered units after a number, as written in the fact ("kWh", "톤"); "units" only from 100.
_EN_UNITS = {
    "units": "units", "kwh": "kWh", "m3": "m³", "m³": "m³",
    "gb": "GB", "gigabytes": "GB", "mbps": "Mbps", "megabits": "Mbps",
}
# Loyalty miles and points ("12,400마일", "18,420포인트") count like a metered unit, from 100; "마일리지" is the word.
_KO_UNITS = re.compile(r"^(kWh|킬로와트시|킬로와트|톤|루베|㎥|세제곱미터|기가|GB|마일(?!리지)|포인트)", re.IGNORECASE)
_KO_UNIT_NAMES = {"킬로와트시": "kWh", "킬로와트": "kWh", "kwh": "kWh", "세제곱미터": "㎥", "기가": "GB", "gb": "GB"}


def meter_readings(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every meter reading and metered quantity of ``toks`` none of whose tokens is ``used``."""
    for k, tok in enumerate(toks):
        if k in used or tok.kind != "num" or tok.value is None or tok.value <= 0:
            continue
        unit = _unit_after(toks, k)
        if unit is not None and not (unit[0] in ("units", *KO_LOYALTY_UNITS) and tok.value < _MIN_READING) and k + 1 not in used:
            name, end = unit
            joined = toks[k + 1].start == tok.end or toks[k + 1].kind == "hangul"  # "512kWh", "41톤"; "8,412 units"
            value = f"{_number(tok.value)}{'' if joined else ' '}{name}"
            yield Fact("other", tok.start, toks[end - 1].end, value), range(k, end)
            continue
        cue = _reading_cue_before(toks, k)
        if cue is not None and tok.value >= _MIN_READING and tok.value == tok.value.to_integral():
            word = "지침" if toks[cue].kind == "hangul" else "meter reading"
            yield Fact("other", tok.start, tok.end, f"{word} {_as_said(tok)}"), range(k, k + 1)


def reading_number(value: str) -> str | None:
    """The number of a reading or quantity of :func:`meter_readings` ("4418" of "meter reading
    4,418", "1234" of "1,234톤"): the same reading said with other words is the same fact."""
    m = _VALUE.fullmatch(value)
    return (m.group("reading") or m.group("quantity")).replace(",", "") if m else None


_VALUE = re.compile(
    r"(?:meter reading |지침 )(?P<reading>[\d,]+(?:\.\d+)?)"
    r"|(?P<quantity>[\d,]+(?:\.\d+)?) ?(?:units|kWh|m³|GB|Mbps|톤|루베|㎥|마일|포인트)"
)


def _unit_after(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """The metered unit right after the number at ``k``, as the fact writes it, and where it ends."""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if nxt is None or nxt.start - toks[k].end > 1:
        return None
    if nxt.kind == "hangul" or (nxt.kind == "word" and nxt.start == toks[k].end):
        m = _KO_UNITS.match(nxt.text)
        if m and (nxt.kind == "hangul" or nxt.text.lower() in ("kwh", "gb")):
            said = m.group()
            return _KO_UNIT_NAMES.get(said.lower(), said), k + 2
    if nxt.kind == "word" and nxt.text == "kilowatt":  # "kilowatt-hours", "kilowatt hours"
        end = k + 3 if k + 2 < len(toks) and toks[k + 2].text == "-" else k + 2
        return ("kWh", end + 1) if end < len(toks) and toks[end].text in ("hours", "hour") else None
    if nxt.kind == "word" and nxt.text in _EN_UNITS:
        return _EN_UNITS[nxt.text], k + 2
    return None


def _reading_cue_before(toks: list[Tok], k: int) -> int | None:
    """Where the word for a reading is, a few words before the number at ``k``; None where none is."""
    j = k - 1
    while j >= 0 and k - j <= _LOOK_BACK:
        t = toks[j]
        meter_shows = t.text in _EN_SHOWS and _EN_METER in {x.text for x in toks[max(0, j - 3) : j]}  # "the meter is showing"
        if t.kind == "word" and (t.text in _EN_READING or meter_shows):
            return j
        if t.kind == "hangul" and _KO_READING.match(t.text):
            return j
        if not (t.text in _EN_BETWEEN or (t.kind == "hangul" and _KO_BETWEEN.match(t.text))):
            return None
        j -= 1
    return None


def _as_said(tok: Tok) -> str:
    """A reading as the meter shows it: its leading zeros kept where it was said in digits ("04417"),
    else with thousands separators ("4,418" for "four thousand four hundred and eighteen")."""
    return tok.text if tok.text.isdigit() and tok.text.startswith("0") else _number(tok.value or Decimal(0))


def _number(value: Decimal) -> str:
    return f"{value:,}" if value == value.to_integral() else f"{value:,f}".rstrip("0").rstrip(".")
