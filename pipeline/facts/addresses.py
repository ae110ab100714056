"""Addresses, as "other" facts: Korean road name addresses (도로명주소) and English street lines.

A dev call (samples/dev/ko.jsonl) lost the address a summary must keep:
"마포구 성미산로17길 22" (a burst water meter, repair crew sent there). The Korean
labels keep an address the call is about, as they keep a flat ("103동 1502호",
:func:`pipeline.facts.scan._apartment_units`). Only the regular written form is
read: a road (…로, …대로, …길) and a building number, with a 구/군/시 before it
or a numbered side road:

    "마포구 성미산로17길 22", "강남구 테헤란로 152", "중앙로 45번길 12"

or a road and its number with a place said right after it (the agent's read-back of where a
fault is: "상무대로 712 앞", "해오름로 247 현대빌라 3층", "은행나무로 36번지"), and a lot number
(지번) in a 리, 동 or 가 with 번지 ("새별리 327번지", "대흥동 231-4번지"), read before as the
reference "2314".

English street lines are read with their house number ("2207 Sycamore Lane",
"Flat 3, 22 Larkfield Road", "57 Lancaster Drive, Red Deer"): the property a fault,
a collection or a new bill is for. Most street lines said in the dev calls are the
caller's own address given to pass identity checks, which the labels leave out like
a date of birth: :mod:`pipeline.facts.across_turns` drops those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeGuard

from pipeline.facts.values import Fact, Tok

_KOREAN = re.compile(
    r"(?:(?P<district>[가-힣]{1,4}(?:구|군|시)) )?"
    r"(?P<road>[가-힣]{1,8}(?:대로|로|길))"
    r"(?P<side> ?\d{1,3}(?:번길|길))?"
    r" ?(?P<number>\d{1,4}(?:-\d{1,3})?)(?![\d.,:]?\d)"
    # the flat or floor said after it: "한빛로 22길 15, 203호", "새빛로 234, 105동 1201호", "매화로27길 8, 1층"
    r"(?P<unit>,? (?:\d{1,4}동 )?\d{1,4}호|,? \d{1,2}층)?"
    r"(?!(?!번지|에서|에|이요|요|이에요|예요|입니다|이고|쪽|앞|근처|로|으로)[가-힣])"
)
# What follows a road and its number when the number is a building's, not a count or a time:
# "상무대로 712 앞", "은행나무로 36번지", "해오름로 247 현대빌라 3층", "한빛로 237 새봄아파트".
_PLACE_AFTER = re.compile(r" ?(?:앞|번지|근처|건너편|맞은편|[가-힣]{0,6}(?:빌라|아파트|빌딩|맨션|상가|오피스텔|주택))")
# A lot number in a village or a neighbourhood (지번 주소): "새별리 327번지", "구좌읍 하도리 317번지", "송촌동 243-7번지".
_LOT = re.compile(r"(?:[가-힣]{1,4}(?:읍|면) )?[가-힣]{1,5}(?:리|동|가) ?\d{1,4}(?:-\d{1,4})?번지")
# "X대로" is also "as X" (그대로, 규정대로): not a road before a place word.
_AS_WORDS = re.compile(r"(?:그|이|저|제|맘|마음|멋|뜻|말|원래|순서|생각|약속|규정|예정|계획|시간|법|사실|지시|안내)대로$")


def addresses(text: str, toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every road name address and lot number in ``text`` none of whose ``toks`` is ``used``,
    written as the call wrote it (spaces made single)."""
    korean = [  # not "경찰서로 3시까지" (a word ending in 로, then a number); "상무대로 712 앞" is a road
        m for m in _KOREAN.finditer(text)
        if m.group("district") or m.group("side") or m.group("unit")
        or (_PLACE_AFTER.match(text, m.end()) and not _AS_WORDS.search(m.group("road")))
    ]
    for m in sorted([*korean, *_LOT.finditer(text)], key=lambda m: m.start()):
        covered = [k for k, t in enumerate(toks) if t.start < m.end() and t.end > m.start()]
        if covered and not used & set(covered):
            yield Fact("other", m.start(), m.end(), " ".join(m.group().split())), range(covered[0], covered[-1] + 1)
    yield from street_lines(text, toks, used)


# ---------------------------------------------------------------- English street lines

_STREET_TYPES = {
    "road", "street", "lane", "avenue", "ave", "drive", "close", "crescent", "way", "terrace", "place", "court", "gardens",
    "grove", "boulevard", "mews", "row", "square", "parade", "walk", "rise", "view", "circle", "highway", "trail", "pike",
    "blvd", "parkway", "crossing", "brae", "wynd",
}
_DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "n", "s", "e", "w",
               "ne", "nw", "se", "sw"}
_UNIT_NAMES = {"flat", "apartment", "apt", "unit", "suite"}
_SENTENCE_ENDS = {".", ",", "?", "!", ";", "...", "…"}  # after a town: not ":" ("… Close Agent: …" names a speaker)
_NAME_WORDS = 3  # a street's name: "Gaspereau River", "North High", "Egret"
_TOWN_WORDS = 2  # the town after it, alone before the sentence ends: "Red Deer", "Hebden Bridge"
# Words no street or town is named with: "the best way", "all the way", "down the road", "that's mine".
_NOT_A_NAME = {
    "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that", "same", "other", "one", "of", "on",
    "in", "at", "to", "by", "and", "or", "but", "is", "was", "it's", "that's", "i", "you", "we", "they", "he", "she", "it",
    "no", "not", "yes", "yeah", "way", "best", "only", "any", "every", "some", "right", "wrong", "long", "main", "whole",
    "days", "weeks", "months", "years", "minutes", "hours", "times", "more", "less", "each", "per", "for", "from", "with",
    "about", "just", "so", "then", "than", "um", "uh", "er", "erm", "like", "okay", "ok", "sorry", "please", "thanks",
    "there", "here", "what", "which", "who", "where", "when", "how", "all", "both", "few", "many", "much", "first", "last",
    "next", "new", "old", "back", "front", "side", "end", "open", "closed", "close", "clear", "view", "place", "walk",
    "either", "neither", "over", "under", "cannot", "can't", "plus", "minus", "today", "tomorrow", "tonight", "yesterday",
    "am", "pm", "o'clock", "half", "quarter", "past", "till", "until", "before", "after", "around", "off", "out", "up",
    "down", "into", "onto", "through", "across", "along", "near", "behind", "still", "also", "even", "really", "very",
    "pounds", "dollars", "euros", "rand", "rupees", "quid", "bucks", "pence", "cents", "percent", "number", "house",
    "lovely", "great", "perfect", "brilliant", "cheers", "fine", "good", "sure", "correct", "exactly", "mate", "love",
    "dear", "sir", "madam", "maam", "thank", "yep", "yup", "aye", "hello", "hi", "bye", "now", "again", "too",
    "agent", "customer", "caller",  # a summary's quoted turns: "… at lot fourteen palm close Agent: sir …"
}


def street_lines(text: str, toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A street line said with its house number, and the town said alone after it:
    "twenty two oh seven sycamore lane", "It's flat three, twenty-two Larkfield Road.",
    "fifty seven lancaster drive red deer", "42 Cundles Road East", "flat six forty two hadley
    road", "2-2-0-9 West Fifth Street", "4471 Harbor View Drive" (as "other" facts, shown as
    "2207 Sycamore Lane", "Flat 3, 22 Larkfield Road", "57 Lancaster Drive, Red Deer",
    "Flat 6, 42 Hadley Road", "2209 West 5th Street", "4471 Harbor View Drive")."""
    for k, tok in enumerate(toks):
        if tok.kind != "word" or tok.text not in _STREET_TYPES or k in used or _street_type_at(toks, k + 1):
            continue  # "Harbor View Drive": the last of two street types names the street
        first = k
        while first > 0 and k - first < _NAME_WORDS and first - 1 not in used and (
            _name_word(toks[first - 1]) or (first == k and _street_type_at(toks, first - 1))
        ):
            first -= 1
        number = _digits_start(toks, first, used)
        house = _house_number([t for t in toks[number:first] if t.text != "-"])
        flat = _flat_first(toks, number, first)
        if flat is not None:
            number, house = flat
        if first == k or house is None:
            continue
        start = _unit_before(toks, number)
        end = k + 1
        if end < len(toks) and toks[end].text in _DIRECTIONS and len(toks[end].text) > 2:  # "Cundles Road East"
            end += 1
        town = _town_after(text, toks, end)
        idx = range(start, town or end)
        if used & set(idx):
            continue
        value = _street_value(toks, start, house, first, end, town)
        yield Fact("other", toks[start].start, toks[idx[-1]].end, value), idx


def _street_type_at(toks: list[Tok], k: int) -> bool:
    return 0 <= k < len(toks) and toks[k].kind == "word" and toks[k].text in _STREET_TYPES


def _digits_start(toks: list[Tok], first: int, used: set[int]) -> int:
    """Where the numbers said before a street's name start, digits joined by hyphens among them
    ("2-2-0-9 West Fifth Street")."""
    number = first
    while number > 0 and number - 1 not in used and (
        toks[number - 1].kind in ("num", "alnum") or (toks[number - 1].text == "-" and _between_digits(toks, number - 1, first))
    ):
        number -= 1
    return number


def _between_digits(toks: list[Tok], k: int, first: int) -> bool:
    """A hyphen between two single digits said before the name ("2-2-0-9"), not a range ("10-12")."""
    return 0 < k < first - 1 and all(toks[i].kind == "num" and len(toks[i].text) == 1 for i in (k - 1, k + 1))


def _flat_first(toks: list[Tok], number: int, first: int) -> tuple[int, str] | None:
    """Where the house number starts, and its digits, after a flat's number said right before it
    with no comma: "flat six forty two hadley road" (Flat 6, 42 Hadley Road)."""
    if not (0 < number < first - 1 and toks[number - 1].text in _UNIT_NAMES and toks[number].kind in ("num", "alnum")):
        return None
    house = _house_number(toks[number + 1 : first])
    return (number + 1, house) if house is not None else None


def is_street_line(value: object) -> TypeGuard[str]:
    """Whether a fact's value is a street line :func:`street_lines` read ("2207 Sycamore Lane")."""
    if not isinstance(value, str) or (not value[:1].isdigit() and value.split(" ")[0].lower() not in _UNIT_NAMES):
        return False
    return _names_a_street(value.replace(",", ""))


def without_town(value: str) -> str:
    """A street line without the town said after it: "19 Wattle Street" of "19 Wattle Street, Punchbowl"."""
    head, _, last = value.rpartition(", ")
    return head if head and not _names_a_street(last) else value


def _names_a_street(text: str) -> bool:
    return any(word.lower() in _STREET_TYPES for word in text.split())


def _name_word(tok: Tok) -> bool:
    return (tok.kind == "word" and tok.text.isalpha() and tok.text not in _NOT_A_NAME) or tok.kind == "ord"


def _town_word(tok: Tok) -> bool:
    """A word a town is named with: no street type ("… Harbor View Drive") and no flat ("…, Suite C")."""
    return tok.kind == "word" and _name_word(tok) and tok.text not in _STREET_TYPES and tok.text not in _UNIT_NAMES


def _house_number(toks: list[Tok]) -> str | None:
    """The digits of a house number said as one or more numbers ("forty one twenty six": 4126,
    "two twelve": 212, "twenty two oh seven": 2207, "3B"); None where they make no house number."""
    parts = []
    for tok in toks:
        if tok.kind == "alnum" and re.fullmatch(r"\d{1,4}[a-z]", tok.text):
            parts.append(tok.text.upper())
        elif tok.kind == "num" and tok.text.isdigit():
            parts.append(tok.text)
        else:
            return None
    digits = "".join(parts)
    return digits if 1 <= len(digits) <= 5 and not digits.startswith("0") else None


def _unit_before(toks: list[Tok], i: int) -> int:
    """Where a flat's number (or letter) said just before the street line starts: "flat three, twenty-two …",
    "Flat C, forty-one …"."""
    k = i - 1 if i > 0 and toks[i - 1].text == "," else i
    letter = k >= 1 and toks[k - 1].kind == "word" and len(toks[k - 1].text) == 1 and toks[k - 1].text.isalpha()
    if k >= 2 and (toks[k - 1].kind in ("num", "alnum") or letter) and toks[k - 2].text in _UNIT_NAMES:
        return k - 2
    return i


def _town_after(text: str, toks: list[Tok], end: int) -> int | None:
    """The end of a town named after the street, alone before the sentence or the turn ends
    (after a comma where written), on the same line: "…Road, Hebden Bridge.", "…drive red deer"."""
    k = end + 1 if end < len(toks) and toks[end].text == "," else end
    stop = k
    while stop < len(toks) and stop - k < _TOWN_WORDS and _town_word(toks[stop]):
        stop += 1
    if stop == k or (stop < len(toks) and toks[stop].text not in _SENTENCE_ENDS):
        return None
    if "\n" in text[toks[end - 1].end : toks[stop - 1].end]:
        return None
    return stop


def _street_value(toks: list[Tok], start: int, house: str, first: int, end: int, town: int | None) -> str:
    unit = ""
    if toks[start].text in _UNIT_NAMES:
        unit = f"{toks[start].text.capitalize()} {toks[start + 1].text.upper()}, "
    street = " ".join(_named(t) for t in toks[first:end])
    place = ", " + " ".join(t.text.capitalize() for t in toks[end:town] if t.kind == "word") if town else ""
    return f"{unit}{house} {street}{place}"


def _named(tok: Tok) -> str:
    if tok.kind == "ord":
        return _ordinal(int(tok.value or 0))
    return tok.text.upper() if tok.text in _DIRECTIONS and len(tok.text) <= 2 else tok.text.capitalize()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
