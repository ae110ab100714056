"""Korean numbers in a transcript, as tokens: the Korean half of :mod:`pipeline.facts.tokens`.

    Sino-Korean with place units   "사만 오천 원" 45000, "3만 2천 원" 32000, "6만 2,410원" 62410
    digits read one by one         "칠칠공일" 7701, "공일공 사칠일칠" 010 4717 (an id run),
                                   "오 구 일 삼 이" 5 9 1 3 2 (a syllable at a time), "공일공 어 이오팔일" (a filler dropped)
    Latin letters by Korean names  "엘 에프 오 구" L F 5 9 (before an id's digits)
    native numbers before 시        "두 시" 2 o'clock, "열한 시" 11 o'clock
    day counts                     "이틀" 2 days, "일주일" 1 week

A Hangul word is read as a number only where a number fits: followed by a
unit (원, 월, 일, 시, 분, 년, 번, 시간 ...), next to another number word, or
as a whole word of digits of at least two syllables; otherwise "이번 달"
(this month) would be "2번".
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from pipeline.facts.korean_forms import PLACE_AFTER_DIGITS, irregular_month, tens_then_ten_thousand
from pipeline.facts.values import Tok

# Korean: Sino-Korean digits and place units, digits read one by one (공 and 영 are 0),
# native numbers as said before 시 (o'clock, hours), and day counts.
_KO_DIGITS = {c: i + 1 for i, c in enumerate("일이삼사오육칠팔구")} | {"륙": 6}  # 륙: 6 after a vowel ("오륙이삼")
_KO_ZERO = "공영"
_KO_UNITS = {"십": 10, "백": 100, "천": 1000}
_KO_PLACE = "십백천만억"
_KO_NATIVE = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12, "스무": 20,
}
_MIN_SPACED_DIGITS = 4
# Latin letters by their Korean names, as an id's letters are read out (not 이 E or 오 O: digit words).
_LETTER_NAMES = {
    "에이": "a", "비": "b", "씨": "c", "디": "d", "에프": "f", "지": "g", "에이치": "h", "아이": "i", "제이": "j",
    "케이": "k", "엘": "l", "엠": "m", "엔": "n", "피": "p", "큐": "q", "알": "r", "에스": "s", "티": "t",
    "유": "u", "브이": "v", "더블유": "w", "엑스": "x", "와이": "y", "제트": "z",
}
# Said before a part of a code read out: "digit", "Latin letter" ("엠 숫자 공칠일 영문 에이").
KO_SPELLING_WORDS = frozenset({"숫자", "영문", "영어", "알파벳"})
_FILLERS = frozenset({"어", "음", "으음", "그", "저", "아", "어어"})  # said while reading a number out
SPOKEN_DASH_KO = "다시"  # "dash" said in Korean between digit groups: "이공칠일 다시 오오팔"
_KO_DAYS_LATER = re.compile(r"\s*(?:뒤|후|이내|안에|동안|전|만에)")
_KO_DAY_COUNTS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "열흘": 10}
# Loyalty miles and points: counted after a number like 원 ("만 이천사백 마일", "18,420포인트").
KO_LOYALTY_UNITS = ("마일", "포인트")
# What may follow a Korean number word in the same word: a unit (counter) or a particle.
KO_COUNTERS = ("원", "월", "영업일", "일", "시간", "시", "분", "초", "년", "번", "주", "개월", "달", "층", "호", "명", "개")
# Counters that make a word with a single number syllable ("이번", "오시면", "이달");
# hours are said in native numbers (두 시) anyway.
_KO_WORD_COUNTERS = ("번", "시", "분", "주", "달", "명", "호", "초")
_KO_PARTICLES = (
    "번입니다", "번이고요", "번이에요", "번이요", "번이구요", "입니다", "이에요", "이고요", "이구요", "이요",
    "이고", "예요", "에요", "고요", "구요", "요", "에서", "부터", "까지", "이랑", "하고", "이나", "이면", "번",
    "인데요", "인데", "이라", "이라서", "이라고", "이더라고요", "이던데", "이거든요", "이었어요",  # "삼천인데요", "십일이라"
    "에",  # "공일공에 일이삼사에 오육칠팔": between the groups of a phone number
    "로", "으로",  # "삼삼팔칠로 주세요": the number to use
    "이래요", "래요", "이여", "여",  # the copula in speech: "사사팔칠이래요", "이구사공칠삼삼일이여" (전라)
)
# Particles said after a syllable whatever its last sound ("칠로", "삼에서"); others only after a vowel ("사요").
_AFTER_ANY_SYLLABLE = ("에서", "에", "부터", "까지", "하고", "번", "로", "으로")


def read_korean_word(before: list[Tok], piece: str, start: int, text: str) -> list[Tok]:
    """The tokens of one Hangul word of ``text`` at ``start``, given the tokens ``before`` it."""
    after_digits = bool(before) and before[-1].kind == "num" and before[-1].end == start
    after_number = bool(before) and before[-1].kind == "num"
    last = before[-1] if before else None
    in_id = (
        _ko_digit_group(last) if last is not None and last.text != SPOKEN_DASH_KO
        else len(before) > 1 and _ko_digit_group(before[-2])
    )
    # "구일 뒤에" is in 9 days, not a digit group.
    in_id = in_id and last is not None and len(last.text) >= 2 and not _KO_DAYS_LATER.match(text, start + len(piece))
    if piece.startswith("일") and read_out(before) and (
        piece[1:] in _READ_OUT_ENDS or (piece == "일" and text[start + 1 :].lstrip().startswith("번"))
    ):  # "이 칠 사 공 구 일 번", "이 삼 공 구 일이에요": the last digit, not the 9th
        digit = Tok("num", "1", start, start + 1, Decimal(1), spelled=True)
        return [digit, Tok("hangul", piece[1:], start + 1, start + len(piece))] if piece[1:] else [digit]
    if _copula_apart(before, piece, text):
        return [Tok("hangul", piece, start, start + len(piece))]
    return _korean_word(piece, start, after_digits, after_number, in_id)


_FINAL_CONSONANT_DIGITS = "013678"  # 영/공, 일, 삼, 육, 칠, 팔: said with a final consonant


def _copula_apart(before: list[Tok], piece: str, text: str) -> bool:
    """"끝자리 사사칠일 이에요", "4471 이고요": the copula said apart after a number whose last
    syllable ends in a consonant (after a vowel it is "요", "예요"), not the digit 2; except where
    the 2 makes a mobile number whole ("공일공 구팔칠육 오사삼 이요")."""
    if not (len(piece) > 1 and piece[0] == "이" and piece in _KO_PARTICLES and before and before[-1].kind == "num"):
        return False
    said = text[before[-1].end - 1]
    if not (_has_final_consonant(said) or said in _FINAL_CONSONANT_DIGITS):
        return False
    run = []
    for tok in reversed(before):
        if tok.kind == "num":
            run.append(tok.text)
        elif tok.text not in (",", "-", SPOKEN_DASH_KO):
            break
    digits = "".join(reversed(run))
    return not (digits.startswith("01") and len(digits) == 10)


_READ_OUT_ENDS = ("이요", "이에요", "입니다", "이고요", "이구요", "번", "번이요", "번이에요", "번입니다", "번으로")


def read_out(before: list[Tok]) -> bool:
    """The last tokens are digits read out one by one ("이 칠 사 공 구")."""
    return len(before) >= 3 and all(t.kind == "num" and len(t.text) == 1 for t in before[-3:])


def _korean_word(piece: str, offset: int, after_digits: bool, after_number: bool, in_id: bool = False) -> list[Tok]:
    """One Hangul word: a number word and what follows it, or the word as it is.

    ``in_id``: the word follows a group of digits read one by one (or 다시
    after one), where "구일" ends the id ("삼오이 다시 ... 다시 구일": 91), not a
    day of the month (9일)."""
    whole = [Tok("hangul", piece, offset, offset + len(piece))]
    if after_digits:  # "4만원", "3월": the digits are read already, the word is a unit
        return _unit_after_digits(piece, offset) or whole
    if after_number and piece.startswith("일") and (len(piece) == 1 or piece[1:] in _KO_PARTICLES or piece[1:] in ("이내", "안에", "동안")):
        return whole  # "칠 일 이내": the unit of the number before
    if piece in _KO_DAY_COUNTS or piece[:2] in _KO_DAY_COUNTS:
        n = 2 if piece[:2] in _KO_DAY_COUNTS else len(piece)
        value = _KO_DAY_COUNTS[piece[:n]]
        # "일간": a count of days ("이틀 안에"), never a day of the month
        return [Tok("num", str(value), offset, offset + n, Decimal(value), spelled=True), Tok("hangul", "일간" + piece[n:], offset + n, offset + len(piece))]
    month = irregular_month(piece, offset)  # "유월" (6월), "시월" (10월)
    if month is not None:
        return month
    if piece in _KO_NATIVE:
        return [Tok("num", str(_KO_NATIVE[piece]), offset, offset + len(piece), Decimal(_KO_NATIVE[piece]), spelled=True, weak=True)]
    splits = _korean_splits(piece)
    if in_id:
        splits = [sp for sp in splits if not _day_word(*sp)] or splits
    for numerals, rest in splits:
        # One or two digit syllables alone are often words ("공사", "사이", "오이"):
        # numbers only next to a unit or another number.
        weak = len(numerals) <= 2 and not rest.startswith(KO_COUNTERS)
        tok = _korean_number(numerals, offset, weak=weak)
        if tok is None:
            continue
        out = [tok]
        if rest:
            out.append(Tok("hangul", rest, offset + len(numerals), offset + len(piece)))
        return out
    return whole


def _unit_after_digits(piece: str, offset: int) -> list[Tok] | None:
    """"4만원" -> 만 (a place unit, merged later), 원; "3억원" -> 억, 원; "5천만" -> 천만; "5백원" -> 백, 원."""
    for unit in ("천만", "백만", "억", "만", "천", "백"):
        rest = piece[len(unit) :]
        if piece.startswith(unit) and (not rest or rest[0] == "원" or rest in _KO_PARTICLES):
            out = [Tok("hangul", unit, offset, offset + len(unit))]
            if rest:
                out.append(Tok("hangul", rest, offset + len(unit), offset + len(piece)))
            return out
    return None


def _korean_splits(piece: str) -> list[tuple[str, str]]:
    """Ways to read ``piece`` as number words plus a unit or particle, best first.

    A particle starting with 이 (the copula, "칠칠공일이요") follows a syllable
    with a final consonant; after a vowel it is "요" ("사이구요" is 4 2 9).
    """
    m = re.match(f"[{''.join(_KO_DIGITS)}{_KO_ZERO}{_KO_PLACE}]+", piece)
    if m is None:
        return []
    numerals = m.group()
    splits: list[tuple[str, str]] = []
    for cut in range(len(numerals), 0, -1):
        head, rest = piece[:cut], piece[cut:]
        if not rest:
            splits.append((head, rest))
        elif rest.startswith(KO_COUNTERS):
            if len(head) == 1 and rest.startswith(_KO_WORD_COUNTERS) and not rest.startswith(("시간", "주일")):
                continue  # "이번 달" (this month), "사시고" (lives), "이분" (this person): words, not numbers
            if rest[0] == "일" and not (_day_tail(rest[1:]) or _subject_after_day(head, rest[1:])):
                continue  # "사일칠": digits, not 4일
            splits.append((head, rest))
        elif rest in _KO_PARTICLES and (rest[0] not in "이인" or _has_final_consonant(head[-1])) and (
            rest[0] in "이입인" or rest in _AFTER_ANY_SYLLABLE or not _has_final_consonant(head[-1])
        ):
            splits.append((head, rest))

    def rank(split: tuple[str, str]) -> tuple[bool, bool]:
        head, rest = split
        # "칠일", "삼십일까지": a day count or day of the month (7일, 30일), not the digits 7 1 or 31.
        day = rest.startswith("일") and (
            (len(head) == 1 and head not in _KO_ZERO) or any(c in _KO_PLACE for c in head)
        )
        # "칠칠공일이요": the copula after a final consonant (7701), not the digit 2.
        copula = rest[:1] in ("이", "입") and _has_final_consonant(head[-1])
        return (not day, not copula)

    return sorted(splits, key=rank)


def _day_word(head: str, rest: str) -> bool:
    """"구일", "구일이요": one digit and 일, a day of the month said alone."""
    return len(head) == 1 and rest[:1] == "일" and rest[1:] in ("", "이요", "요", "이에요", "입니다", "이고요", "이구요")


def _day_tail(tail: str) -> bool:
    if tail.startswith("월"):
        return False  # "십일월", "십이월": November, December, not the 10th
    # "십칠일이더라고요", "십일이라": the copula after the day, not the digits 2 and on
    copula = tail[:1] == "이" and len(tail) > 1 and tail[1] not in "일이삼사오육륙칠팔구공영십백천만"
    return not tail or tail[0] not in "일이삼사오육륙칠팔구공영" or tail in _KO_PARTICLES or copula


def _subject_after_day(head: str, tail: str) -> bool:
    """"삼십일일이 만기": 31일 and the subject particle, where the day is said in tens (a digit
    alone before "일이" may be digits of an id: "칠일이" is 7 1 2)."""
    return tail == "이" and any(c in _KO_PLACE for c in head)


def _has_final_consonant(syllable: str) -> bool:
    return "\uac00" <= syllable <= "\ud7a3" and (ord(syllable) - 0xAC00) % 28 != 0


def korean_number(numerals: str) -> int | None:
    """Korean number words alone: "백이" 102, "칠백삼" 703, "일공이" 102 (digits one by one)."""
    tok = _korean_number(numerals, 0, weak=False) if re.fullmatch(f"[{''.join(_KO_DIGITS)}{_KO_ZERO}{_KO_PLACE}]+", numerals) else None
    return None if tok is None or tok.value is None else int(tok.value)


def _korean_number(numerals: str, offset: int, weak: bool) -> Tok | None:
    end = offset + len(numerals)
    if any(c in _KO_PLACE for c in numerals):
        if any(c in _KO_ZERO for c in numerals):
            return None
        value = _sino_korean(numerals)
        if value is None:
            return None
        # "만" alone is "only" / "full" (만 육십오 세) unless merged into an amount later.
        return Tok("num", str(value), offset, end, Decimal(value), spelled=True, weak=weak or numerals in ("만", "천", "백", "십"))
    digits = korean_digits(numerals)
    return Tok("num", digits, offset, end, Decimal(digits), weak=weak or len(numerals) == 1)


def korean_digits(numerals: str) -> str:
    """Korean digit words read one by one, zeros kept: "공칠이일" "0721"."""
    return "".join(str(_KO_DIGITS.get(c, 0)) for c in numerals)


def _sino_korean(numerals: str) -> int | None:
    big = total = section = digit = 0
    for ch in numerals:
        if ch in _KO_DIGITS:
            if digit:
                return None  # "이삼" is two digits, not a Sino-Korean number
            digit = _KO_DIGITS[ch]
        elif ch in _KO_UNITS:
            section += (digit or 1) * _KO_UNITS[ch]
            digit = 0
        elif ch == "억":  # "이억" 200,000,000
            big += (total + section + digit or 1) * 100_000_000
            total = section = digit = 0
        else:  # 만
            total += (section + digit or 1) * 10_000
            section = digit = 0
    value = big + total + section + digit
    return value or None


def merge_korean(toks: list[Tok], text: str) -> list[Tok]:
    """Join the parts of one Korean number ("오만" "삼천" -> 53000, "3" "만" "2" "천"
    -> 32000, "6만" "2,410원" -> 62410) and drop the number reading of a word
    that is a number only in company ("이만 끊을게요": that's all for now)."""
    toks = tens_then_ten_thousand(_digits_with_place_units(toks))
    out: list[Tok] = []
    for i, t in enumerate(toks):
        prev = out[-1] if out else None
        if (
            prev is not None and prev.kind == "num" and t.kind == "num" and prev.value is not None
            and t.value is not None and "." not in t.text
            and ((_korean_place(prev) and t.value < 10_000) or _korean_parts_of_amount(prev, toks, i) or _after_eok(prev, t))
        ):
            # "이억 삼천": 2억 3천만, the 만 of the second part left unsaid
            value = prev.value + (t.value * 10_000 if _after_eok(prev, t) and t.value < 10_000 and t.value % 10 == 0 else t.value)
            out[-1] = Tok("num", str(value), prev.start, t.end, value, spelled=True)
            continue
        out.append(t)
    out = _without_fillers_in_numbers(out)
    strong = _digit_runs_strong(out)
    out = _copula_or_digit([_strong_or_word(out, i, text, strong) for i in range(len(out))])
    return _letter_names(_spaced_code(_spaced_digits(out, text), text))


def _spaced_digits(toks: list[Tok], text: str) -> list[Tok]:
    """"오 구 일 삼 이입니다": digit syllables said one at a time, at least
    :data:`_MIN_SPACED_DIGITS` in a row, are digits (an id read slowly), whatever
    else one of them could be alone ("일" a day, "이" this)."""
    out = list(toks)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _digit_syllable(out[j], text) and (j == i or out[j].start - out[j - 1].end == 1):
            j += 1
        if j < len(out) and j > i and out[j].kind == "hangul" and out[j].text.startswith(KO_COUNTERS):
            j -= 1  # "... 오 분 이내": the last is a count of its unit
        if j - i >= _MIN_SPACED_DIGITS:
            for k in range(i, j):
                digit = korean_digits(text[out[k].start : out[k].end])
                out[k] = Tok("num", digit, out[k].start, out[k].end, Decimal(digit))
        i = max(j, i + 1)
    return out


_CODE_ENDS = ("이에요", "입니다", "이고요", "이요", "예요", "에요", "요")  # "… 엠이요": the copula after a code's last character
_MIN_CODE_CHARACTERS = 4


def _spaced_code(toks: list[Tok], text: str) -> list[Tok]:
    """"케이 큐 칠 이 엠 오", "에이, 비, 공, 구, 일이요": a code read out one character at a time,
    Latin letters by their Korean names among digit syllables (KQ72M5, AB091). A run of four
    characters or more, at least one a letter name and two digits, is the code: its letters become
    letters said by name, its syllables digits (:func:`pipeline.facts.codes.dictated_codes` joins
    them), and a copula on the last one is split off. "비 오 일" (rain, five days) is too short;
    fewer digits are words ("지 이 ..." since, this)."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        run, j = _code_characters(toks, i, text)
        letters = sum(1 for _k, char, _rest in run if char.isalpha())
        if len(run) >= _MIN_CODE_CHARACTERS and letters >= 1 and len(run) - letters >= 2:
            k_prev = i
            for k, char, rest in run:
                out.extend(toks[k_prev:k])  # the commas between
                t = toks[k]
                end = t.end - len(rest)
                if char.isalpha():
                    out.append(Tok("word", char, t.start, end, spelled=True))
                else:
                    out.append(Tok("num", char, t.start, end, Decimal(char)))
                if rest:
                    out.append(Tok("hangul", rest, end, t.end))
                k_prev = k + 1
            i = j
        else:
            out.append(toks[i])
            i += 1
    return out


def _code_characters(toks: list[Tok], i: int, text: str) -> tuple[list[tuple[int, str, str]], int]:
    """The characters read one at a time from ``i`` on, as (token index, character, copula after
    it), across single spaces and commas; and where the run ends."""
    run: list[tuple[int, str, str]] = []
    k = i
    while k < len(toks):
        if run and toks[k].text == "," and k + 1 < len(toks):
            k += 1
        char, rest = _code_character(toks[k], text)
        if run and rest and char == "2" and _has_final_consonant(text[toks[run[-1][0]].end - 1]):
            break  # "... 삼 일 이요": the copula said apart after a final consonant, not a 2
        if char is None or (run and not 1 <= toks[k].start - toks[run[-1][0]].end <= 2):  # said apart
            break
        run.append((k, char, rest))
        k += 1
        if rest:  # the copula ends the code
            break
    return run, (run[-1][0] + 1 if run else i)


def _code_character(tok: Tok, text: str) -> tuple[str | None, str]:
    """The one character ``tok`` says (a letter by its name, or a digit syllable) and a copula after it."""
    said = text[tok.start : tok.end]
    if tok.kind not in ("num", "hangul") or not said:
        return None, ""
    for end in (len(said), *(len(said) - len(e) for e in _CODE_ENDS if said.endswith(e) and len(said) > len(e))):
        head, rest = said[:end], said[end:]
        if head in _LETTER_NAMES:
            return _LETTER_NAMES[head], rest
        if _one_digit(head):
            return korean_digits(head), rest
    return None, ""


def _digit_syllable(tok: Tok, text: str) -> bool:
    return _one_digit(text[tok.start : tok.end]) and tok.kind in ("num", "hangul")


def _one_digit(said: str) -> bool:
    """One digit syllable: "칠", "공"."""
    return len(said) == 1 and (said in _KO_DIGITS or said in _KO_ZERO)


def _letter_names(toks: list[Tok]) -> list[Tok]:
    """"엘 에프 오 구 일", "에이에스 칠공일구삼": Latin letters said by their Korean names before an
    id's digits are the id's letters (LF591, AS70193), one word each or run together. Only names
    that are no digit word (이 E, 오 O are digits). A letter said by its name is marked
    ``spelled``: "a" and "i" said as 에이 and 아이 are letters, not English words."""
    out = _letter_runs_apart(toks)
    for i in range(len(out) - 1, -1, -1):
        # "엠 숫자 공칠일", "에이, 칠삼구이공": a word for "digits" or a comma between the letter and its digits
        k = i + 2 if i + 2 < len(out) and (out[i + 1].text in KO_SPELLING_WORDS or out[i + 1].text == ",") else i + 1
        t, nxt = out[i], (out[k] if k < len(out) else None)
        if (
            t.kind == "hangul" and t.text in _LETTER_NAMES and nxt is not None and out[i + 1].start - t.end <= 1
            and (_digits_read_out(nxt) or (nxt.kind == "word" and len(nxt.text) == 1))
        ):
            out[i] = Tok("word", _LETTER_NAMES[t.text], t.start, t.end, spelled=True)
    return out


def _letter_runs_apart(toks: list[Tok]) -> list[Tok]:
    """A word of two or more letter names right before digits ("에이에스", "씨에이치") as one token
    per name; other words as they are."""
    out: list[Tok] = []
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        names = _names_in(t.text) if t.kind == "hangul" and nxt is not None and _digits_read_out(nxt) else None
        if names is None or len(names) < 2:
            out.append(t)
            continue
        start = t.start
        for name in names:
            out.append(Tok("hangul", name, start, start + len(name)))
            start += len(name)
    return out


def _digits_read_out(tok: Tok) -> bool:
    """Digits as read one by one ("칠공일구삼"), not a number said in words: what an id's letters come before."""
    return tok.kind == "num" and not tok.spelled and tok.text.isdigit()


_NAMES_LONGEST_FIRST = tuple(sorted(_LETTER_NAMES, key=len, reverse=True))  # 에이치 before 에이


def _names_in(word: str) -> list[str] | None:
    """``word`` as letter names one after another ("에이치피": 에이치, 피); None where it is not."""
    if not word:
        return []
    for name in _NAMES_LONGEST_FIRST:
        if word.startswith(name):
            rest = _names_in(word[len(name) :])
            if rest is not None:
                return [name, *rest]
    return None


def _without_fillers_in_numbers(toks: list[Tok]) -> list[Tok]:
    """"공일공 어 이오팔일 육공칠삼": a filler between the groups of a number that starts
    with 0 (a phone or account number) is dropped; elsewhere a syllable between digits
    can be a car plate's ("12어 3456")."""
    out: list[Tok] = []
    for i, t in enumerate(toks):
        prev, nxt = (out[-1] if out else None), (toks[i + 1] if i + 1 < len(toks) else None)
        if (
            t.kind == "hangul" and t.text in _FILLERS and prev is not None and nxt is not None
            and _ko_digit_group(prev) and _ko_digit_group(nxt) and _run_start(out).startswith("0")
        ):
            continue
        out.append(t)
    return out


def _run_start(toks: list[Tok]) -> str:
    """The first group of the digit groups that end ``toks``."""
    first = len(toks) - 1
    while first > 0 and _ko_digit_group(toks[first - 1]):
        first -= 1
    return toks[first].text


def _after_eok(prev: Tok, t: Tok) -> bool:
    """A number in 억 ("이억", "일억") and the part after it ("삼천", "삼천만")."""
    return (
        prev.spelled and t.spelled and prev.value is not None and t.value is not None and prev.value >= 100_000_000
        and prev.value % 100_000_000 == 0 and 0 < t.value < 100_000_000 and t.start - prev.end <= 1
    )


def _korean_parts_of_amount(prev: Tok, toks: list[Tok], i: int) -> bool:
    """"만 팔천 원" (18000, its leading 1 unsaid), "삼천 오백 원" (3500): places said
    apart, joined only when 원 (or 마일, 포인트) follows, so that "만 육십오 세" (full 65 years) stays apart."""
    t = toks[i]
    if not (prev.spelled and t.spelled and prev.value is not None and t.value is not None and t.start - prev.end <= 1):
        return False
    place = next((p for p in (10_000, 1_000, 100, 10) if prev.value % p == 0), 1)
    if not 0 < t.value < place:
        return False
    k = i + 1
    while k < len(toks) and toks[k].kind == "num" and toks[k].spelled:
        k += 1  # "만 삼천 오백 원"
    return k < len(toks) and toks[k].kind == "hangul" and toks[k].text.startswith(("원", *KO_LOYALTY_UNITS))


def _copula_or_digit(toks: list[Tok]) -> list[Tok]:
    """"공일공 구팔칠육 오사삼이요": 이 is the digit 2 when that makes a mobile
    number whole (010 9876 5432), not the copula (010 9876 543)."""
    out = list(toks)
    for i in range(1, len(out) - 1):
        t, nxt = out[i], out[i + 1]
        first = i
        while first > 0 and (_ko_digit_group(out[first - 1]) or (
            out[first - 1].text == SPOKEN_DASH_KO and first > 1 and _ko_digit_group(out[first - 2])
        )):
            first -= 1
        digits_before = "".join(out[k].text for k in range(first, i) if out[k].text != SPOKEN_DASH_KO)
        if (
            _ko_digit_group(t) and digits_before.startswith("01") and len(digits_before + t.text) == 10
            and nxt.kind == "hangul" and nxt.start == t.end and nxt.text.startswith("이") and len(nxt.text) > 1
        ):
            digits = t.text + "2"
            out[i] = Tok("num", digits, t.start, t.end + 1, Decimal(digits))
            out[i + 1] = Tok("hangul", nxt.text[1:], nxt.start + 1, nxt.end)
    return out


def _digit_runs_strong(toks: list[Tok]) -> set[int]:
    """Korean digit words that are one id together ("일칠삼 공구 이팔 사요"):
    a run of two or more, with at least four digits in all."""
    strong: set[int] = set()
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and _ko_digit_group(toks[j]):
            j += 1
            if j < len(toks) - 1 and toks[j].text in (",", SPOKEN_DASH_KO) and _ko_digit_group(toks[j + 1]):
                j += 1
        run = [k for k in range(i, j) if toks[k].kind == "num"]
        if len(run) >= 2 and sum(len(toks[k].text) for k in run) >= 4:
            strong.update(run)
        i = max(j, i + 1)
    return strong


def _ko_digit_group(tok: Tok) -> bool:
    return tok.kind == "num" and not tok.spelled and tok.text.isdigit()


def _strong_or_word(toks: list[Tok], i: int, text: str, strong: set[int]) -> Tok:
    t = toks[i]
    if not t.weak:
        return t
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    after = toks[i + 2] if i + 2 < len(toks) else None
    unit_follows = nxt is not None and nxt.kind == "hangul" and _counter_word(nxt.text) and nxt.start - t.end <= 1
    # "삼에서 오일", "3~5일": the first number of a range.
    range_follows = nxt is not None and nxt.text in ("에서", "~") and after is not None and after.kind == "num"
    if i in strong or unit_follows or range_follows:
        return dataclasses.replace(t, weak=False)
    return Tok("hangul", text[t.start : t.end], t.start, t.end)


# Nouns and verbs that start like a counter ("일정", "주소", "번호", "원룸", "시립", "사 주세요"): not the
# unit of a number word said before them ("이 일정으로": this schedule, "이 번호로": this number).
_NOT_A_COUNTER = re.compile(
    r"일정|일반|일단|일부(?!터)|일찍|주소|주민|주차|주문|주택|주말|주인|주유|주무|주의|주세|주시|주셔|주실|주십|주겠"
    r"|번호|번지|원룸|원래|원인(?!데)|원본|원장|시립|시청|시설|시민|시내|시작|시험|시스템|분실|호텔|명세|개인|개통|개설"
)


def _counter_word(word: str) -> bool:
    """``word`` starts with a counter ("일까지", "주 동안", "시까지고요") and is not a word of its own ("일정", "주소")."""
    return word.startswith(KO_COUNTERS) and _NOT_A_COUNTER.match(word) is None


def _digits_with_place_units(toks: list[Tok]) -> list[Tok]:
    """"3" "만" -> 30000, "5" "백" -> 500 (a Sino-Korean number written half in digits); places
    written in one word join ("1천5백만" 15,000,000, "1만2천5백원" 12,500)."""
    out: list[Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        if (
            t.kind == "hangul" and t.text in PLACE_AFTER_DIGITS and prev is not None and prev.kind == "num"
            and prev.end == t.start and prev.value is not None and not prev.spelled
        ):
            before = out[-2] if len(out) > 1 else None
            joined = _places_in_one_word(before, prev.value, t.text) if before is not None and before.end == prev.start else None
            if before is not None and joined is not None:
                out[-2:] = [Tok("num", str(joined), before.start, t.end, joined, spelled=True)]
                continue
            value = prev.value * PLACE_AFTER_DIGITS[t.text]
            out[-1] = Tok("num", str(value), prev.start, t.end, value, spelled=True)
            continue
        out.append(t)
    return out


def _places_in_one_word(before: Tok, digits: Decimal, unit: str) -> Decimal | None:
    """The number of "1천" + "5백만" (15,000,000) or "1만2천" + "5백" (12,500): ``before`` a number
    just built from digits and a place, ``digits`` and ``unit`` the next part of the same word;
    None where the places do not go down ("5백1천")."""
    if not (before.kind == "num" and before.spelled and before.value is not None and before.value > 0):
        return None
    high = before.value
    if unit in ("천만", "백만"):  # "1천5백만": (1천 + 5백) 만
        place = 1_000 if unit == "천만" else 100
        return (high + digits * place) * 10_000 if high < 10_000 and high % (place * 10) == 0 and digits < 10 else None
    place = PLACE_AFTER_DIGITS[unit]
    if place >= 10_000:  # "1천50만": (1천 + 50) 만
        return (high + digits) * place if digits < high < 10_000 and high % 10 == 0 else None
    part = digits * place
    return high + part if high % (place * 10) == 0 and digits < 10 else None


def _korean_place(tok: Tok) -> bool:
    """A number in 만 ("오만", "3만"), not 만 alone ("만 육십오 세": full 65 years)."""
    return (
        tok.spelled and tok.value is not None and tok.value >= 10_000 and tok.value % 10_000 == 0
        and tok.end - tok.start > 1
    )
