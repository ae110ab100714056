"""Text as tokens, with every spoken or written number read as a number.

The first step of the fact reader (:mod:`pipeline.facts.scan` finds facts in
these tokens, :mod:`pipeline.facts.index` looks them up). English number
words become numbers ("forty-two" -> 42, "one hundred and forty-two" -> 142)
while digits read one by one stay apart ("four eight two" -> 4, 8, 2), so
that an id read digit by digit is still an id. Whisper's ways of writing a
spoken number are undone: "100 and 42" is 142, "$100 and $4" (spoken
"one hundred and four dollars") is $104, and "the card ends for 407" is 4407.
A pause, written "..." or "…", is one token (:data:`PAUSE`), so that an id
dictated in groups can be joined across it (:mod:`pipeline.facts.scan`).

Korean numbers, in both systems a call uses, are read by
:mod:`pipeline.facts.korean_tokens`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal

from pipeline.facts.currencies import SIGN_PATTERN
from pipeline.facts.korean_tokens import merge_korean, read_korean_word
from pipeline.facts.values import Tok

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_UNITS["oh"] = 0  # "oh four four one seven"
_TEENS = {w: i + 10 for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
_SCALES = {"thousand": 1000, "million": 1_000_000}
_BEFORE_A_TIME = {"at", "about", "around", "from", "till", "until", "by", "before", "after", "between", "and", ","}
# Words Whisper writes for a digit said on its own ("ends for 407"), and the cue
# that makes them digits: the last four digits of a card or account.
_DIGIT_HOMOPHONES = {"for": 4, "to": 2, "too": 2, "ate": 8}
_ENDING_CUES = {"ends", "ending", "ended"}
_LAST_DIGITS = 4
CURRENCY_SYMBOLS = "£$€₩"
# After "$100 and $4", a word that makes "$4" an amount of its own.
_ITEM_WORDS = {"fee", "fees", "charge", "charges", "each", "per", "deposit", "surcharge", "refund", "credit", "discount", "penalty"}

PAUSE = "..."  # how Whisper writes a pause, also as "…"
FILLERS = ("uh", "um", "er", "erm")  # said while reading a number out: "4 7 0 0, um...", "5 0 0 2 8, uh, 8 1 4 6"

_TOKEN_RE = re.compile(
    rf"(?P<cur>{SIGN_PATTERN})"  # "HK$180", "RM1,249", "₹2,340": see pipeline.facts.currencies
    r"|(?P<ord>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<alnum>[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z]+\d[A-Za-z\d]*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[A-Za-z]+(?:'[A-Za-z]+)?)"
    r"|(?P<hangul>[\uac00-\ud7a3]+)"
    r"|(?P<sym>[£$€₩+#%~])"
    r"|(?P<pause>\.{3,}|…)"
    r"|(?P<punct>[^\s])",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[Tok]:
    """The tokens of ``text``; a fresh list each time (the tokens themselves are frozen)."""
    return list(_tokens(text))


# A call's turns are read many times over (each finder, the fact index, the grounding check):
# the last few thousand texts' tokens are kept.
@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Tok, ...]:
    raw: list[Tok] = []
    for m in _TOKEN_RE.finditer(text):
        kind, piece = m.lastgroup or "punct", m.group()
        if kind == "num":
            raw.extend(_split_number(piece, m.start()))
        elif kind == "ord":
            raw.append(Tok("ord", piece.lower(), m.start(), m.end(), Decimal(piece[:-2])))
        elif kind == "hangul":
            raw.extend(read_korean_word(raw, piece, m.start(), text))
        elif kind == "cur":
            raw.append(Tok("sym", piece.lower(), m.start(), m.end()))
        elif kind == "pause":
            raw.append(Tok("punct", PAUSE, m.start(), m.end()))
        else:
            raw.append(Tok(kind, piece.lower(), m.start(), m.end()))
    toks = merge_korean(_digit_chains(raw), text)
    return tuple(_merge_hundred_and(_repeated_digits(_digit_homophones(_merge_number_words(toks)))))


def _digit_chains(toks: list[Tok]) -> list[Tok]:
    """"one-one-eight, two-oh-five", "double-oh-four-eight", "ten-thirty": numbers said
    one after the other and written joined by hyphens are read as when written apart, so
    that "oh" and "double" are read among digits and "ten-thirty" as a time ("forty-two",
    a tens word and its unit, keeps its hyphen and stays one number)."""
    drop = {
        i for i in range(1, len(toks) - 1)
        if toks[i].text == "-" and toks[i - 1].end == toks[i].start and toks[i].end == toks[i + 1].start
        and _chained(toks[i - 1], toks[i + 1], toks[i - 2].text.lower() if i >= 2 else "")
    }
    return [t for i, t in enumerate(toks) if i not in drop] if drop else toks


def _chained(left: Tok, right: Tok, before: str) -> bool:
    """Two words a hyphen joins that are two numbers, not one: digits ("one-one-eight",
    "double-oh"), or an hour and its minutes where a time is said ("at ten-thirty",
    "Tuesday, eight-forty"; "I paid two-fifty" may be £250 or £2.50, and is left alone)."""
    if left.kind != "word" or right.kind != "word":
        return False
    digits = (left.text in _UNITS or left.text in ("double", "triple")) and right.text in _UNITS
    clock = (left.text in _UNITS or left.text in _TEENS) and (right.text in _TENS or right.text in _TEENS) and left.text != "oh"
    return digits or (clock and before in _BEFORE_A_TIME)


def _digit_homophones(toks: list[Tok]) -> list[Tok]:
    """"The card ends for 407": Whisper writes the first of the last four digits,
    said alone, as a word that sounds like it ("four" as "for", "two" as "to").
    Read as the digit only right after "ends" / "ending (in)" and before three
    more digits, where no word can be meant."""
    out = list(toks)
    for i, t in enumerate(toks):
        digit = _DIGIT_HOMOPHONES.get(t.text)
        if digit is None or t.kind != "word" or not _after_ending_cue(toks, i):
            continue
        if _digits_after(toks, i + 1) == _LAST_DIGITS - 1:
            out[i] = Tok("num", str(digit), t.start, t.end, Decimal(digit))
    return out


def _after_ending_cue(toks: list[Tok], i: int) -> bool:
    k = i - 2 if i >= 2 and toks[i - 1].text in ("in", "with") else i - 1
    return k >= 0 and toks[k].text in _ENDING_CUES


def _digits_after(toks: list[Tok], i: int) -> int:
    """How many digits the written digit groups from ``i`` on hold ("407", "4 0 7")."""
    count = 0
    while i < len(toks) and toks[i].kind == "num" and not toks[i].spelled and toks[i].text.isdigit():
        count += len(toks[i].text)
        i += 1
    return count


def _repeated_digits(toks: list[Tok]) -> list[Tok]:
    """"double four", "triple 5": a digit said once for two or three (UK phone and account numbers)."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        times = {"double": 2, "triple": 3}.get(t.text)
        if times and nxt is not None and nxt.kind == "num" and nxt.value is not None and len(nxt.text) == 1:
            out.append(dataclasses.replace(nxt, start=t.start))
            out.extend([nxt] * (times - 1))
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _split_number(piece: str, offset: int) -> list[Tok]:
    if re.fullmatch(r"\d+(\.\d+)?", piece) or re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", piece):
        return [Tok("num", piece.replace(",", ""), offset, offset + len(piece), Decimal(piece.replace(",", "")))]
    # "4,8,2" or Whisper's "1.442.60": separate numbers, not one value.
    return [
        Tok("num", p.group(), offset + p.start(), offset + p.end(), Decimal(p.group()))
        for p in re.finditer(r"\d+", piece)
    ]


def _merge_hundred_and(toks: list[Tok]) -> list[Tok]:
    """Whisper writes spoken "one hundred and forty-two" as "100 and 42", "one
    thousand two hundred and forty-nine dollars" as "$1,200 and $49", and "one
    hundred and four dollars" as "$100 and $4" or "$100, $4": one number each.

    Two real amounts are kept apart: the second part must be below 100 and
    come right after "and", with no currency word between the two, and a
    currency sign on the second part only counts when the first has one too.
    """
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        k = i + 2 if i + 1 < len(toks) and toks[i + 1].text in ("and", ",") else i + 3
        joined = (
            t.kind == "num" and _whole_hundreds(t.value) and k < len(toks)
            and (toks[i + 1].text == "and" or (toks[i + 1].text == "," and i + 2 < len(toks) and toks[i + 2].text == "and")
                 or (toks[i + 1].text == "," and toks[k].kind == "sym"))  # "$100, $4": signs on both parts, below
        )
        if joined and toks[k].kind == "sym" and toks[k].text in CURRENCY_SYMBOLS:
            # "$100 and $4": one amount only when both parts carry the sign and the
            # second is not an item of its own ("$100 and $4 fee").
            first_sign = bool(out) and out[-1].kind == "sym" and out[-1].text == toks[k].text
            after = toks[k + 2].text if k + 2 < len(toks) else ""
            joined = first_sign and after not in _ITEM_WORDS
            k += 1
        second = toks[k] if joined and k < len(toks) else None
        if second is not None and second.kind == "num" and second.value is not None and second.value < 100 and "." not in second.text:
            value = t.value + second.value
            out.append(Tok("num", str(value), t.start, second.end, value, spelled=t.spelled))
            i = k + 1
            continue
        out.append(t)
        i += 1
    return out


def _whole_hundreds(value: Decimal | None) -> bool:
    """100 … 900, 1,100 … 1,900, …: what Whisper writes before "and 42" for "one (thousand
    two) hundred and forty-two"; a round thousand ("2,000 and 49") may be two amounts."""
    return value is not None and value > 0 and value % 100 == 0 and value % 1000 != 0


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
        if toks[i].text == "oh" and not _digit_word_follows(toks, i) and not _after_digit_words(out, toks, i):
            out.append(toks[i])  # "oh" is 0 only among digits: "oh four four one seven"
            i += 1
            continue
        value, j, ordinal = _one_number(toks, i)
        if j == i:
            out.append(toks[i])
            i += 1
            continue
        first, last = toks[i], toks[j - 1]
        out.append(Tok("ord" if ordinal else "num", str(value), first.start, last.end, Decimal(value), spelled=True))
        i = j
    return out


def _after_digit_words(out: list[Tok], toks: list[Tok], i: int) -> bool:
    """"seven seven oh, nine ...", "seven, six, oh, four": an "oh" after digits said one by
    one (commas between them or not); or "nine oh oh": a digit said alone, then "oh"
    twice (a group of a phone number)."""
    digit = [t.kind == "num" and t.spelled and t.value is not None and t.value < 10 for t in out[-4:] if t.text != ","][-2:]
    if len(digit) == 2 and all(digit):
        return True
    return bool(digit) and digit[-1] and i + 1 < len(toks) and toks[i + 1].text == "oh"


def _digit_word_follows(toks: list[Tok], i: int) -> bool:
    j = i + 1
    while j < len(toks) and toks[j].text in ("oh", ","):  # "double oh oh nine", "oh, four": every "oh" is a digit
        j += 1
    return j < len(toks) and toks[j].kind == "word" and toks[j].text in _UNITS


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
        if last == "scale" and t.text == "," and _hundreds_follow(toks, j + 1):
            j += 1  # "eighteen thousand, two hundred and forty": Whisper's comma inside one number
            continue
        if last in ("hundred", "scale") and t.text == "an" and nxt == "'" and toks[j + 1].start == t.end:
            j += 2  # "two hundred an' fourteen", written as said
            continue
        info = _word_kind(t.text) if t.kind == "word" and not (t.text == "oh" and last is not None) else None
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


def _hundreds_follow(toks: list[Tok], k: int) -> bool:
    """"two hundred", "a hundred" from ``k``: what goes on a number after its thousands (a
    list of thousands, "thirty thousand, forty thousand", is not one number)."""
    said = toks[k].text if k < len(toks) else ""
    return (said in _UNITS or said == "a") and said != "oh" and k + 1 < len(toks) and toks[k + 1].text == "hundred"


def token_run(
    toks: Sequence[Tok],
    i: int,
    is_part: Callable[[Tok], bool],
    separators: Collection[str] = (",", "-"),
    used: set[int] | None = None,
    digit_separators: Collection[str] = (),
) -> tuple[list[int], int]:
    """Indices of the tokens from ``i`` on that ``is_part`` accepts, joined
    across spaces and single ``separators`` (and not in ``used``); and where
    the run ends. ``digit_separators`` join only two single digits written
    alike, or a zero, which Whisper spells among numerals: "5. 5. 8." and
    "1. 9. Zero." are one id read out slowly, "…1 5 8. Five-eight at the end"
    a new sentence about it."""
    parts: list[int] = []
    j = i
    while j < len(toks) and (used is None or j not in used) and is_part(toks[j]):
        parts.append(j)
        j += 1
        said_then_written = j + 2 < len(toks) and toks[j].text in separators and toks[j].text != "," and toks[j + 1].text == ","
        if said_then_written and is_part(toks[j + 2]):
            j += 2  # "공일공에, 육칠팔삼": a separator said, then written
            continue
        said_between_commas = (
            j + 3 < len(toks) and toks[j].text == "," and toks[j + 1].text in separators and toks[j + 1].text != ","
            and toks[j + 2].text == ","
        )
        if said_between_commas and is_part(toks[j + 3]):
            j += 3  # "W zero one four, dash, zero zero six three"
            continue
        if j + 1 < len(toks) and is_part(toks[j + 1]) and (
            toks[j].text in separators
            or (
                toks[j].text in digit_separators
                and _single_digit(toks[j - 1])
                and _single_digit(toks[j + 1])
                and (toks[j - 1].spelled == toks[j + 1].spelled or _zero(toks[j - 1]) or _zero(toks[j + 1]))
            )
        ):
            j += 1
    return parts, j


def _single_digit(tok: Tok) -> bool:
    return tok.kind == "num" and len(tok.text) == 1


def _zero(tok: Tok) -> bool:
    return tok.text == "0"
