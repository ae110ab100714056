"""Korean vehicle number plates read from the text itself, however the digits are said.

A plate is [region] + 2-3 digits + one Hangul letter + 4 digits: "12가3456",
"서울33사7721". On the development calls (samples/dev/ko.jsonl) callers said all
three of their plates in words, which the token reader cannot see as one plate
(the letter can itself be a digit word, 사 = 4, and "십이 나" is split):

    "십이 나 삼사오육"        -> 12나3456   (Sino-Korean 12, then digits one by one)
    "육팔 라 이공일구 요"     -> 68라2019
    "서울 삼삼 사 칠칠이일"   -> 서울33사7721 (사 the letter, not the digit 4)
    "백이십삼 나, 사오육칠"   -> 123나4567   (a pause written as a comma)

A letter that is also a digit word (사, 오, 구) makes a plate only with a region
or a plate word (차량, 번호판, 차 번호) in the same text; other letters need
the digit groups said apart from the letter or written in digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.korean_tokens import korean_digits, korean_number
from pipeline.facts.values import Fact, Tok

LETTERS = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배하허호"
REGIONS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주")
_DIGIT_WORDS = "공영일이삼사오육륙칠팔구"
_LETTER_IS_DIGIT = set("사오구")
_PLATE_WORDS = re.compile(r"차량|번호판|차 ?번호|자동차|차는|택시")
_HEAD = rf"(?:\d{{2,3}}|[{_DIGIT_WORDS}십백]{{2,4}})"
_TAIL = rf"(?:\d{{4}}|[{_DIGIT_WORDS}]{{4}})"
_PLATE = re.compile(
    rf"(?<![\d{_DIGIT_WORDS}십백])(?:(?P<region>{'|'.join(REGIONS)})\s?)?(?P<head>{_HEAD})(?P<gap1>,?\s?)(?P<letter>[{LETTERS}])"
    rf"(?P<gap2>,?\s?)(?P<tail>{_TAIL})(?![\d])(?![{_DIGIT_WORDS}](?!요|고|에|입))"
)


def korean_plates(text: str, toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every plate in ``text`` none of whose ``toks`` is ``used``, with the range of ``toks`` it covers."""
    plate_word = bool(_PLATE_WORDS.search(text))
    for m in _PLATE.finditer(text):
        value = _plate_value(m, plate_word)
        if value is None:
            continue
        covered = [k for k, t in enumerate(toks) if t.start < m.end() and t.end > m.start()]
        if covered and not used & set(covered):
            yield Fact("other", m.start(), m.end(), value), range(covered[0], covered[-1] + 1)


def _plate_value(m: re.Match[str], plate_word: bool) -> str | None:
    """The plate as written ("서울33사7721"), or ``None`` when the match is no plate."""
    head, tail, letter, region = m.group("head"), m.group("tail"), m.group("letter"), m.group("region") or ""
    said = bool(re.search(f"[{_DIGIT_WORDS}]", head + tail))
    if said and not (m.group("gap1") or m.group("gap2") or region or plate_word):
        return None  # "이삼사오육칠팔구": digits, no letter
    if letter in _LETTER_IS_DIGIT and not (region or plate_word):
        return None
    number = head if head.isdigit() else _head_number(head)
    digits = tail if tail.isdigit() else korean_digits(tail)
    if number is None or head[0] in "0공영" or not 10 <= int(number) <= 999:
        return None  # "공일공 구 ...": a phone number's 010, never a plate
    return f"{region}{number}{letter}{digits}"


def _head_number(head: str) -> str | None:
    """"십이" 12, "삼십삼" 33 (Sino-Korean), "육팔" 68, "삼삼" 33 (digits one by one)."""
    value = korean_number(head)
    return None if value is None else str(value)
