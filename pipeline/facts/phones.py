"""Which runs of digits are phone numbers: their shape, and what was said before them.

Shared by the fact reader (:mod:`pipeline.facts.scan`, kind ``phone``) and
PII redaction (:mod:`pipeline.redact`, ``[PHONE]``), so that a number is a
phone to both or to neither. The digits are read by
:mod:`pipeline.facts.tokens` however they were said ("oh seven seven double
five", "공일공 일이삼사 오육칠팔", "+44 (0)7700 900123").

    after "+" / "plus" / "00"   10-15 digits (country code included)
    0 and a national number     Korean mobile and area numbers (010 1234 5678,
                                02 123 4567, 031 123 4567), UK numbers (0 + 10
                                digits): 10-11 digits, 9-10 after 02
    after a phone cue           10-15 digits ("phone", "mobile", "call me on",
                                "연락처", "전화번호", "핸드폰"); after "number
                                is" alone, or written "(415) 555-0123", only a
                                US number (2-9xx 2-9xx xxxx)

A cue for another kind of number ("account", "reference", "계좌") said
right before the digits, closer than any phone cue, makes them that
number instead.

Service numbers (Korean 1588-xxxx and 080, UK 03xx and 08xx, US 800-type
toll-free) are phone numbers, but an organisation's, not a person's:
:func:`is_service_number` tells redaction to keep them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pipeline.facts.values import Tok

Cue = Literal["phone", "number", "other"]

_PHONE_CUES = {
    "phone", "phones", "telephone", "mobile", "cell", "cellphone", "landline", "tel", "call", "ring", "text",
    "contact", "reach", "fax", "whatsapp",
}
_PHONE_CUES_KO = ("연락", "전화", "핸드폰", "휴대폰")  # 연락처, 전화번호, 연락 주세요
# Cues that name the number as something other than a phone number.
_OTHER_CUES = {
    "account", "reference", "ref", "ticket", "id", "code", "permit", "booking", "notice", "case", "card", "policy",
    "order", "invoice", "customer", "membership", "member", "licence", "license", "tracking", "serial", "claim",
    "application", "sort", "iban", "meter", "payment", "plate", "registration",
}
_OTHER_CUES_KO = ("계좌", "접수", "고객번호", "납부", "카드", "주문", "회원", "사건", "민원", "고지서", "차량", "사업자", "주민", "계약")
_NUMBER_CUES = {"number", "number's"}
_NUMBER_CUES_KO = ("번호",)
_CUE_WINDOW = 6  # words looked at before the digits
_OTHER_CUE_WINDOW = 3
_US_NUMBER = re.compile(r"1?[2-9]\d\d[2-9]\d{6}")
_TOLL_FREE_US = ("800", "833", "844", "855", "866", "877", "888")


def cue_before(toks: Sequence[Tok], i: int) -> Cue | None:
    """The nearest cue in the few words before ``toks[i]``; a number in between ends
    the search. A cue for another kind of number counts only right before the
    digits ("account number is ..."), so "by card, my number is ..." is a phone."""
    words = [t for t in toks[max(0, i - 2 * _CUE_WINDOW) : i] if t.kind != "punct"][-_CUE_WINDOW:]
    number = False
    for distance, tok in enumerate(reversed(words), start=1):
        if tok.kind == "num":
            break
        word = tok.text.removesuffix("'s")  # "phone's 512 ...", "account's 48213"
        if word in _PHONE_CUES or (tok.kind == "hangul" and any(c in word for c in _PHONE_CUES_KO)):
            return "phone"
        if distance <= _OTHER_CUE_WINDOW and (
            word in _OTHER_CUES or (tok.kind == "hangul" and any(c in word for c in _OTHER_CUES_KO))
        ):
            return "other"
        number = number or word in _NUMBER_CUES or (tok.kind == "hangul" and word.startswith(_NUMBER_CUES_KO))
    return "number" if number else None


def plus_before(toks: Sequence[Tok], i: int) -> bool:
    """"+44 ...", "plus four four ...": an international number."""
    return i > 0 and toks[i - 1].text in ("+", "plus")


def is_phone(digits: str, *, plus: bool, cue: Cue | None, grouped: bool = False) -> bool:
    """A run of ``digits`` (digits only) is a phone number: by its shape, its "+", or a cue.
    ``grouped``: written as a US number is, "(415) 555-0123" or "415-555-0123"."""
    if not digits.isdigit():
        return False
    if plus:
        return 10 <= len(digits) <= 15
    if cue == "other":
        return False
    if digits.startswith("00"):  # "00 44 ...": the international prefix
        return 10 <= len(digits) - 2 <= 15
    if digits.startswith("02"):  # Seoul, and UK 02x (0 + 10 digits)
        return 9 <= len(digits) <= 11
    if digits.startswith("0"):
        return 10 <= len(digits) <= 11
    if cue == "phone":
        return 10 <= len(digits) <= 15
    return (cue == "number" or grouped) and bool(_US_NUMBER.fullmatch(digits))


def is_service_number(digits: str, *, plus: bool, korean: bool) -> bool:
    """An organisation's number (free or shared-cost), not a person's: 1588-1234,
    080-123-4567, 0300 123 4567, 0800 123 456, 1-800-555-0199. ``korean``: the
    text is Korean, where 03x are area codes."""
    if plus:
        if digits.startswith("1"):
            digits = digits[1:]
        elif digits.startswith(("44", "82")):
            korean = digits.startswith("82")
            digits = "0" + digits[2:]
        else:
            return False
    if re.fullmatch(r"1[568]\d{6}", digits):  # Korean nationwide numbers (1588, 1644, 1899 ...)
        return True
    if digits.startswith("08") or (digits.startswith("03") and not korean):
        return True
    us = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return len(us) == 10 and us.startswith(_TOLL_FREE_US)
