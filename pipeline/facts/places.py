"""Numbered places, as "other" facts: a berth, a plot, a bay, a room, a seat, a route, a counter.

A call about a harbour berth, an allotment plot, a caravan pitch, a parking bay, a hospital ward
or a lost bag on a bus turns on which one: the labels of the development calls
(``samples/dev``) keep it with its word ("berth C14", "plot 22C", "lamp column 147B",
"Room D214", "route 42", "3번 창구", "대기 9번"). Before this reader a summary kept it only
where the number happened to be read as an id (four digits or more).

Read only right after one of :data:`_EN_PLACES` ("pitch H17", "bay 9", "bed seven", "Lot F"),
or in Korean as a number, 번 and a place after it ("3번 창구", "1203번 거치대") or a place in a
queue ("대기 순번이 9번"). The code is a number of at most four digits, letters and digits
written together ("C14", "22C"), or one capital letter ("row H"); a number followed by a unit
is a quantity, not a place ("a space 2 metres wide", "room for 3 people" is not read: "for").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.values import Fact, Tok

_EN_PLACES = {
    "berth", "pontoon", "mooring", "pier", "dock", "plot", "pitch", "bay", "stall", "pen", "lot", "space", "garage",
    "locker", "room", "ward", "bed", "seat", "row", "block", "blk", "unit", "cabin", "chalet", "platform",
    "stand", "gate", "zone", "route", "bus", "screen", "column", "lamppost", "bollard", "grave", "kiosk", "court",
}  # not "section": of an act or an agreement more often than of a cemetery
_BEFORE = {"lamp", "street"}  # part of the place's name: "lamp column 147B", "street light 12"
_NOT_BEFORE = {"a", "an", "one", "every", "each", "per", "no", "any", "more", "extra", "free", "of", "whole"}
_EN_UNITS = {
    "minutes", "minute", "mins", "hours", "hour", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "times", "metres", "meters", "metre", "meter", "feet", "foot", "ft", "m", "miles", "mile", "km", "pounds", "dollars",
    "euros", "quid", "pence", "cents", "percent", "%", "people", "persons", "cars", "vehicles", "o'clock", "am", "pm",
    "a.m.", "p.m.", "and", "or", "to", "-",
}
_MAX_DIGITS = 4
_CODE = re.compile(r"[a-z]{0,2}\d{1,4}[a-z]?")
# Korean: "3번 창구", "7번 출구", "1203번 거치대", "14번 좌석", "2번 게이트".
_KO_PLACES = re.compile(r"^(창구|출구|좌석|게이트|승강장|홈|거치대|사이트|구획|칸|부스|라인|트랙|사물함)")
_KO_QUEUE = re.compile(r"^(대기|순번|대기번호|대기순번)")
_PLACE_VALUE = re.compile(
    rf"(?:(?:{'|'.join(sorted(_BEFORE))}) )?(?:{'|'.join(sorted(_EN_PLACES))}) [A-Z\d]+|\d+번 [가-힣]+|대기 \d+번"
)


def numbered_places(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every place named with its number or code."""
    for k, tok in enumerate(toks):
        if k in used:
            continue
        if tok.kind == "word" and tok.text in _EN_PLACES:
            found = _english(toks, k, used)
        elif tok.kind == "num":
            found = _korean(toks, k, used)
        else:
            continue
        if found is not None:
            yield found


def _english(toks: list[Tok], k: int, used: set[int]) -> tuple[Fact, range] | None:
    if k + 1 >= len(toks) or (k > 0 and toks[k - 1].text in _NOT_BEFORE):
        return None
    code, end = _code(toks, k + 1)
    after = toks[end].text if end < len(toks) else ""
    if code is None or after in _EN_UNITS or used & set(range(k + 1, end)):
        return None
    start = k - 1 if k > 0 and toks[k - 1].text in _BEFORE and k - 1 not in used else k
    name = " ".join(t.text for t in toks[start : k + 1])
    return Fact("other", toks[start].start, toks[end - 1].end, f"{name} {code}"), range(start, end)


def _code(toks: list[Tok], i: int) -> tuple[str | None, int]:
    """The place's number or code as written ("C14", "22C", "7") and where it ends."""
    tok = toks[i]
    if tok.kind == "alnum" and _CODE.fullmatch(tok.text):
        return tok.text.upper(), i + 1
    if tok.kind == "num" and tok.text.isdigit() and tok.value is not None and tok.value > 0:
        end = i + 1
        while end < len(toks) and len(toks[end - 1].text) == 1 and toks[end].kind == "num" and toks[end].text.isdigit():
            end += 1  # "block four one eight", "unit two fourteen", "unit 5 0 8": one number said in parts
        number = "".join(t.text for t in toks[i:end])
        if len(number) > _MAX_DIGITS:
            return None, end
        if _letter_after(toks, end):
            return number + toks[end].text.upper(), end + 1  # "22C", "plot fourteen b"
        return number, end
    return None, i + 1


def _letter_after(toks: list[Tok], k: int) -> bool:
    """A letter that ends the number before it: written against it ("22C"), or said after it
    alone ("fourteen b"), not "a" or "i" and not the start of something spelled ("… b c 4")."""
    letter = toks[k] if k < len(toks) else None
    if letter is None or letter.kind != "word" or len(letter.text) != 1 or not letter.text.isalpha():
        return False
    if letter.start == toks[k - 1].end:
        return True
    after = toks[k + 1] if k + 1 < len(toks) else None
    spelled_on = after is not None and (after.kind in ("num", "alnum") or (after.kind == "word" and len(after.text) == 1))
    return letter.text not in ("a", "i") and not spelled_on


def place_code(value: str) -> str | None:
    """The number or code of a numbered place ("C14" of "berth C14", "3" of "3번 창구"): the same
    place said with other words ("pontoon berth C14", "창구 3번") is the same fact."""
    if not is_numbered_place(value):
        return None
    return value.split()[-1] if not value.startswith("대기") and "번 " not in value else re.sub(r"\D", "", value)


def is_numbered_place(value: str) -> bool:
    """Whether ``value`` is a fact of :func:`numbered_places` ("berth C14", "3번 창구")."""
    return bool(_PLACE_VALUE.fullmatch(value))


def _korean(toks: list[Tok], k: int, used: set[int]) -> tuple[Fact, range] | None:
    """"3번 창구" (a number, 번, a place), "대기 순번이 9번" (a queue and its number)."""
    tok = toks[k]
    if not tok.text.isdigit() or len(tok.text) > _MAX_DIGITS or k + 1 >= len(toks) or k + 1 in used:
        return None
    mark = toks[k + 1]
    if mark.kind != "hangul" or mark.start != tok.end or not mark.text.startswith("번") or mark.text.startswith("번호"):
        return None
    place = toks[k + 2] if k + 2 < len(toks) else None
    if mark.text == "번" and place is not None and place.kind == "hangul" and k + 2 not in used:
        named = _KO_PLACES.match(place.text)
        if named:
            return Fact("other", tok.start, place.start + named.end(), f"{tok.text}번 {named.group()}"), range(k, k + 3)
    queue = next((t for t in toks[max(0, k - 3) : k] if t.kind == "hangul" and _KO_QUEUE.match(t.text)), None)
    if queue is not None:
        return Fact("other", tok.start, mark.start + 1, f"대기 {tok.text}번"), range(k, k + 2)
    return None
