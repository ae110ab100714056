"""Korean number forms the main tokenizer (:mod:`pipeline.facts.tokens`) would misread.

Measured on the development calls (samples/dev/ko.jsonl), each of these lost a fact:

    "유월 이십사일"          the 6th month has an irregular reading (유월, not 육월); so has
                            October (시월, not 십월): read as 6월 24일, 10월
    "삼십일만 사천원"         31 ten-thousands (314,000원), not the 30th day ("삼십일") and 만
    "12만 8천5백 원"         digits with 백 as well as 만/천 (128,500원)

The functions work on :class:`~pipeline.facts.tokens.Tok` lists and are called
from :mod:`pipeline.facts.tokens`; they never create a number the text does not say.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.facts.values import Tok

# Months whose Sino-Korean name drops a final consonant: 육월 -> 유월, 십월 -> 시월.
IRREGULAR_MONTHS = {"유월": 6, "시월": 10}
# What may follow 일만 for it to be 1 (of the tens before it) and 만: a particle or 원.
_AFTER_TEN_THOUSAND = ("", "원", "원이", "원을", "원은", "원에", "원이요", "원입니다")
# Place units written after digits: "5백" is 500, "8천" 8000, "12만" 120000, "5천만" 50,000,000, "3억" 300,000,000.
PLACE_AFTER_DIGITS = {"억": 100_000_000, "천만": 10_000_000, "백만": 1_000_000, "만": 10_000, "천": 1_000, "백": 100}


def irregular_month(piece: str, offset: int) -> list[Tok] | None:
    """"유월에" -> 6, "월에"; "시월" -> 10, "월". ``None`` for any other word."""
    head = piece[:2]
    if head not in IRREGULAR_MONTHS:
        return None
    month = IRREGULAR_MONTHS[head]
    return [
        Tok("num", str(month), offset, offset + 1, Decimal(month), spelled=True),
        Tok("hangul", piece[1:], offset + 1, offset + len(piece)),
    ]


def tens_then_ten_thousand(toks: list[Tok]) -> list[Tok]:
    """"삼십" "일만" -> 310000: the 일 of "삼십일만" is the digit 1 before 만, not a day,
    when an amount goes on ("삼십일만 사천원") or 원 follows ("삼십일만원", "이십일만 원")."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and _tens(t) and nxt.kind == "hangul" and nxt.start == t.end and nxt.text.startswith("일만"):
            rest = nxt.text[2:]
            after = toks[i + 2] if i + 2 < len(toks) else None
            goes_on = rest == "" and after is not None and (
                (after.kind == "num" and after.spelled) or (after.kind == "hangul" and after.text.startswith("원"))
            )
            if (rest and rest in _AFTER_TEN_THOUSAND) or goes_on:
                assert t.value is not None
                value = (t.value + 1) * 10_000
                out.append(Tok("num", str(value), t.start, nxt.start + 2, value, spelled=True))
                if rest:
                    out.append(Tok("hangul", rest, nxt.start + 2, nxt.end))
                i += 2
                continue
        out.append(t)
        i += 1
    return out


def _tens(tok: Tok) -> bool:
    """A Sino-Korean number said in words ending in 십: "삼십", "이백오십"."""
    return tok.kind == "num" and tok.spelled and tok.value is not None and tok.value % 10 == 0 and 10 <= tok.value < 10_000
