"""Codes dictated one character at a time, letters and digits mixed.

Booking, confirmation and refund codes are read out a letter or a digit at a
time, the letters sometimes with a word ("k as in kilo"), the groups sometimes
with a pause ("..."). On the development calls (samples/dev/en.jsonl) the
token finders of :mod:`pipeline.facts.scan` kept only the digits of such a
code or nothing:

    "k as in kilo seven t q... nine m"    -> K7TQ9M
    "k 7 t q 9 n"                         -> K7TQ9N
    "r f one oh three three eight"        -> RF10338  (read as 10338 before)

A run is taken only with at least two letters and two digits, five characters
in all, and not in the shape of a UK postcode (given mostly to pass identity
checks, which the labels leave out), so that "plan b" or "flat 2 b" stay words;
a code of three letters or more may have one digit in six characters or more
("k 7 q w t d", an airline's booking code). "a" and "i" count as letters only
between two others ("p a y 7 1 7 2 4 0"): they are words far more often. A
finder as in :mod:`pipeline.facts.scan`: it takes tokens and the indices other
finders have used, and yields a :class:`Fact` and the indices it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.korean_tokens import KO_SPELLING_WORDS
from pipeline.facts.tokens import PAUSE
from pipeline.facts.values import Fact, Tok

_MIN_LENGTH = 5
_MIN_EACH = 2  # letters, and digits
_SPELLED_WORD = 3  # letters before a full stop that end a spelled word rather than start a code
_MANY_LETTERS = 3  # with one digit, in six characters or more: an airline's booking code ("K 7 Q W T D")
_MAX_LENGTH = 12
_MAX_GROUP = 6  # digits read out as one group beside a letter said by its Korean name ("엠 공칠일")
_SEPARATORS = {PAUSE, ",", "-", "."}
_KIND_CUES = (("account", "account"), ("ticket", "ticket"))
# A UK postcode spelled out ("l s six two q t") is left to the postcode reader of
# pipeline.facts.scan; a registration ("l m seven three x o d") is written as one.
_UK_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}")
_UK_REGISTRATION = re.compile(r"[A-Z]{2}\d{2}[A-Z]{3}")
_LETTERS_THEN_DIGITS = re.compile(r"[A-Z]+\d+")
_LETTERED_GROUPS = 4  # digits in groups after letters said by name that the id finder of pipeline.facts.scan reads


def dictated_codes(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every code of letters and digits said one character at a time."""
    i = 0
    while i < len(toks):
        if _named_digit(toks, i):
            i += 1  # "that's a six l f two …": the six corrects a digit said before
            continue
        chars, end = _run(toks, i, used)
        code = "".join(chars)
        letters, digits = sum(c.isalpha() for c in code), sum(c.isdigit() for c in code)
        if _UK_POSTCODE.fullmatch(code):
            i = end  # not its tail either ("142JX" of "M142JX")
        elif any(len(c) > 1 for c in chars) and _LETTERS_THEN_DIGITS.fullmatch(code) and digits >= _LETTERED_GROUPS:
            i += 1  # "에프디 이오공삼일일 다시 공칠": letters before digit groups, read with the groups' joins by the id finder
        elif _MIN_LENGTH <= len(code) <= _MAX_LENGTH and _mixed(letters, digits, len(code)):
            yield _code_fact(toks, i, end, code), range(i, end)
            i = end
        else:
            i += 1


def _mixed(letters: int, digits: int, length: int) -> bool:
    """Enough letters and digits for a code: two of each, or one digit among three letters or
    more in six characters or more ("K7QWTD")."""
    return (letters >= _MIN_EACH and digits >= _MIN_EACH) or (letters >= _MANY_LETTERS and digits >= 1 and length > _MIN_LENGTH)


def _named_digit(toks: list[Tok], i: int) -> bool:
    """A digit after "a" ("no, that's a six"): a digit named on its own, not a code's first."""
    return i > 0 and toks[i - 1].text in ("a", "an") and toks[i].kind == "num" and len(toks[i].text) == 1


def _code_fact(toks: list[Tok], i: int, end: int, code: str) -> Fact:
    """A vehicle registration ("LM73 XOD") is an "other" fact; any other code a reference,
    or an account or ticket number after that word."""
    if _UK_REGISTRATION.fullmatch(code):
        return Fact("other", toks[i].start, toks[end - 1].end, f"{code[:4]} {code[4:]}")
    context = {t.text for t in toks[max(0, i - 6) : i]}
    kind = next((k for cue, k in _KIND_CUES if cue in context), "reference")
    return Fact(kind, toks[i].start, toks[end - 1].end, code)


def _run(toks: list[Tok], i: int, used: set[int]) -> tuple[list[str], int]:
    """The characters said one at a time from ``i`` on, and where they end."""
    chars: list[str] = []
    j = end = i
    named = False  # a letter said by its Korean name so far
    while j < len(toks) and j not in used:
        step = _character(toks, j, named) or _letter_a_or_i(toks, j, chars)
        if step is None:
            break
        chars.append(step[0])
        named = named or any(_named_letter(toks, k) for k in range(j, step[1]))
        j = end = step[1]
        if named and j + 1 < len(toks) and _spelling_word(toks, i, j) and _character(toks, j + 1, named):
            j += 1  # "엠 숫자 공칠일 영문 에이": "digits", "letter" said between the parts
            continue
        following = _character(toks, j + 1, named) if j + 1 < len(toks) else None
        if following is not None and toks[j].text in _SEPARATORS and j not in used:
            if toks[j].text == "," and len(chars[-1]) > 1 and following[0].isalpha():
                break  # "에이 칠삼구이공, 에이 칠삼구이사": two codes, one after the other
            if toks[j].text == "." and chars[-1].isdigit() and following[0].isalpha():
                break  # "9 0 3. t x 9 0 8 …": a sentence ends, a new code starts with its letters
            if toks[j].text == "." and chars[-1].isalpha() and following[0].isdigit() and len(chars) >= _SPELLED_WORD:
                break  # "Ruiz, R U I Z. Nine seven two one four.": a name spelled, then a number
            j += 1
    return chars, end


def _spelling_word(toks: list[Tok], i: int, j: int) -> bool:
    """"숫자" (digits) said before a part of the code from ``i``; "영문" (a Latin letter) only once
    the reader has said "숫자" in it: "… 사오육칠 영문 엠 …" is a second reading that starts."""
    word = toks[j].text
    return word == "숫자" or (word in KO_SPELLING_WORDS and any(t.text == "숫자" for t in toks[i:j]))


def _character(toks: list[Tok], j: int, named: bool = False) -> tuple[str, int] | None:
    """The one character said at ``j`` ("7", "k", "k as in kilo") and where it ends; or a group of
    digits read out in a code with a letter said by its Korean name (``named``: one said before in
    the code), "엠 공칠일 에이 사오육칠": M071A4567, "에이치엘 이공사 일칠": HL20417."""
    t = toks[j]
    if t.kind == "num" and len(t.text) == 1 and t.text.isdigit() and not t.weak:  # not "두 번째" (native Korean: a count)
        return t.text, j + 1
    if t.kind == "num" and t.text.isdigit() and not t.spelled and len(t.text) <= _MAX_GROUP and (
        named or _named_letter(toks, j + 1)
    ):
        return t.text, j + 1
    if t.kind != "word" or len(t.text) != 1 or not t.text.isalpha() or (t.text in ("a", "i") and not t.spelled):
        return None
    return t.text.upper(), _spelled_with_word(toks, j)


def _named_letter(toks: list[Tok], j: int) -> bool:
    """A Latin letter said by its Korean name ("엠", "에이"): a code's letter, never a word."""
    return 0 <= j < len(toks) and toks[j].kind == "word" and len(toks[j].text) == 1 and toks[j].spelled


def _letter_a_or_i(toks: list[Tok], j: int, chars: list[str]) -> tuple[str, int] | None:
    """"a" or "i" between two letters said one at a time ("p a y 7 1 7"): a letter, not a word."""
    t = toks[j]
    if t.kind != "word" or t.text not in ("a", "i") or not chars or not chars[-1].isalpha():
        return None
    following = _character(toks, j + 1) if j + 1 < len(toks) else None
    return (t.text.upper(), j + 1) if following is not None and following[0].isalpha() else None


def _spelled_with_word(toks: list[Tok], j: int) -> int:
    """Past "as in kilo" / "for bravo" after the letter at ``j``, when said; else ``j + 1``."""
    letter = toks[j].text
    for link in (("as", "in"), ("for",)):
        k = j + 1 + len(link)
        if [t.text for t in toks[j + 1 : k]] == list(link) and k < len(toks):
            word = toks[k].text
            if toks[k].kind == "word" and len(word) >= 3 and word.startswith(letter):
                return k + 1
    return j + 1
