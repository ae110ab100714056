"""Error codes a device, a site or a machine shows, as "other" facts.

A fault report often turns on the code on the screen: the engineer is sent for it, the agent
looks it up, the next call starts from it. The development calls (``samples/dev``) label it
with its words ("error 403", "에러 코드 301", "오류 코드 E-413", "204 오류"); before this
reader a summary kept it only where the number happened to be read as an id:

    "download failed, error four oh three"         -> error 403
    "error code M 4 0 3", "error p four one"       -> error M403, error P41
    "에러 352랑 재부팅해도 안 된 거"                   -> 오류 코드 352
    "오류 코드 E-413이 떠요", "지문 인식 204 오류가"     -> 오류 코드 E-413, 오류 코드 204

A code is read only right after "error" ("error code", "error number"), "fault code", 에러 or
오류 (with 코드 or 번호 after them), or right before 에러 or 오류: a prefix of at most three
letters and a number of at most four digits, or digits said one by one. A number followed by a
unit or a counter is not a code ("an error of 30 pounds", "오류 3건", "오류가 2번 났어요"), nor
is a short word before digits ("error in 2019"). Korean digits said as words are read only
where the tokenizer made numbers of them. The same code said with other words is the same
fact (:func:`code_of`): the fact index compares codes, not the words around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.values import Fact, Tok

_EN_TRIGGERS = {"error", "errors"}
_EN_FAULT = "fault"  # "fault code E4", not "a fault 2 days ago"
_CODE_WORDS = {"code", "codes", "number", "no", "message"}
_BETWEEN = {"is", "was", "says", "said", "shows", "showing", "reads", ":", "it's"}
KO_WORD = "오류 코드"  # how a Korean code is written, whether said with 에러 or 오류 (the labels' most common form)
_KO_TRIGGER = re.compile(r"^(에러|오류)(코드|번호)?(?:가|는|도|랑|요|이요)?$")
_KO_CODE_WORD = re.compile(r"^(코드|번호)(?:가|는|도|요)?$")
# After the number: a unit or counter makes it a quantity, not a code.
_EN_UNITS = {
    "days", "day", "weeks", "week", "months", "month", "years", "year", "times", "time", "minutes", "minute", "hours",
    "hour", "seconds", "pounds", "dollars", "euros", "pence", "cents", "percent", "%", "quid", "bucks", "of", "in",
}
_KO_COUNTERS = re.compile(r"^(건|회|개|일|시|분|초|원|명|년|월|주|차례|퍼센트|프로|만)")
_KO_TIMES = re.compile(r"^번(?!호)")  # "오류가 2번 났어요": twice; "에러 301번은" is a code
# Words of three letters or fewer that are words, not a code's letters ("error in 2019").
_NOT_LETTERS = {
    "a", "an", "i", "in", "on", "at", "of", "to", "is", "it", "be", "by", "or", "and", "the", "for", "my", "me", "we", "so",
    "no", "as", "if", "up", "us", "do", "go", "oh", "um", "er", "uh", "ah", "was", "has", "had", "but", "not", "you", "she",
    "he", "his", "her", "its", "our", "all", "any", "one", "two", "off", "out", "now", "yet", "got", "say", "saw", "own",
}
_MAX_DIGITS = 4
_MAX_PREFIX = 3


def error_codes(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every error code said after (or, in Korean, before) the word for an error."""
    for k, tok in enumerate(toks):
        if k in used:
            continue
        trigger = _trigger(toks, k)
        if trigger is None:
            continue
        word, first = trigger
        after = _code_at(toks, first, used)
        if after is not None:
            value, end = after
            yield Fact("other", tok.start, toks[end - 1].end, f"{word} {value}"), range(k, end)
        elif word == KO_WORD:  # "204 오류", "P-302 오류는"
            before = _code_before(toks, k, used)
            if before is not None:
                value, start = before
                yield Fact("other", toks[start].start, tok.end, f"{word} {value}"), range(start, k + 1)


def code_of(value: str) -> str | None:
    """The code of an error code's value without its word or its dash ("E14" of "error E-14",
    "254" of "오류 코드 254"): the same code said with other words ("fault code E037", "E037",
    "에러 254") is the same fact. None for any other value."""
    for word in (KO_WORD, "fault code", "error"):
        if value.startswith(word + " "):
            return value[len(word) + 1 :].replace("-", "")
    return None


def _code_before(toks: list[Tok], k: int, used: set[int]) -> tuple[str, int] | None:
    """The code said right before ``toks[k]`` and where it starts; a lone number of one digit
    is not one ("3 오류"), nor the end of a longer number ("이 공 칠 공 일 오류")."""
    for start in (k - 3, k - 2, k - 1):
        if start < 0 or used & set(range(start, k)) or (start > 0 and toks[start - 1].kind == "num"):
            continue
        code = _code_at(toks, start, used)
        if code is not None and code[1] == k and (start < k - 1 or len(toks[start].text) > 1):
            return code[0], start
    return None


def _trigger(toks: list[Tok], k: int) -> tuple[str, int] | None:
    """The word the code is named with ("error", "fault code", 에러, 오류) and where the code
    may start, past "code", "number", "is" …; None where ``toks[k]`` names no error."""
    tok = toks[k]
    if tok.kind == "word" and tok.text in _EN_TRIGGERS:
        word, first = "error", k + 1
    elif tok.kind == "word" and tok.text == _EN_FAULT and _text_at(toks, k + 1) in ("code", "codes"):
        word, first = "fault code", k + 2
    elif tok.kind == "hangul" and _KO_TRIGGER.match(tok.text):
        word, first = KO_WORD, k + 1
    else:
        return None
    while first < len(toks) and first - k <= 3 and (
        toks[first].text in _CODE_WORDS | _BETWEEN or _KO_CODE_WORD.match(toks[first].text)
    ):
        first += 1
    return word, first


def _code_at(toks: list[Tok], i: int, used: set[int]) -> tuple[str, int] | None:
    """The code said from ``toks[i]`` on, as written ("403", "WC-503", "E4"), and where it ends."""
    if i >= len(toks) or i in used:
        return None
    tok = toks[i]
    if tok.kind == "alnum" and re.fullmatch(r"[a-z]{1,3}\d{1,4}", tok.text):
        value, end = tok.text.upper(), i + 1
    elif tok.kind == "word" and tok.text.isalpha() and len(tok.text) <= _MAX_PREFIX and tok.text not in _NOT_LETTERS:
        j = i + 2 if _text_at(toks, i + 1) == "-" else i + 1
        if j >= len(toks) or j in used or not _plain_code(toks[j]):
            return None
        dash = "-" if j == i + 2 else ""
        end = _digits_end(toks, j, used)
        value = f"{tok.text.upper()}{dash}{''.join(t.text for t in toks[j:end])}"
    elif _plain_code(tok):
        end = _digits_end(toks, i, used)
        value = "".join(t.text for t in toks[i:end])
    else:
        return None
    if sum(c.isdigit() for c in value) > _MAX_DIGITS:
        return None
    if end < len(toks) and _quantity_word(toks[end], value):
        return None
    return value, end


def _digits_end(toks: list[Tok], i: int, used: set[int]) -> int:
    """The end of the number at ``toks[i]``: past the digits said one by one after it ("four oh three")."""
    end = i + 1
    while len(toks[i].text) == 1 and end < len(toks) and end not in used and toks[end].kind == "num" and len(toks[end].text) == 1:
        end += 1
    return end


def _plain_code(tok: Tok) -> bool:
    return tok.kind == "num" and tok.text.isdigit() and len(tok.text) <= _MAX_DIGITS


def _quantity_word(tok: Tok, value: str) -> bool:
    """A unit or a counter after the number ``value``: a quantity, not a code."""
    if tok.kind == "hangul":
        return bool(_KO_COUNTERS.match(tok.text) or (len(value) == 1 and _KO_TIMES.match(tok.text)))
    return tok.text in _EN_UNITS


def _text_at(toks: list[Tok], k: int) -> str:
    return toks[k].text if 0 <= k < len(toks) else ""
