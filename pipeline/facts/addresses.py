"""Korean road name addresses (도로명주소), as "other" facts.

A dev call (samples/dev/ko.jsonl) lost the address a summary must keep:
"마포구 성미산로17길 22" (a burst water meter, repair crew sent there). The Korean
labels keep an address the call is about, as they keep a flat ("103동 1502호",
:func:`pipeline.facts.scan._apartment_units`). Only the regular written form is
read: a road (…로, …대로, …길) and a building number, with a 구/군/시 before it
or a numbered side road:

    "마포구 성미산로17길 22", "강남구 테헤란로 152", "중앙로 45번길 12"

English street lines ("19 Larkfield Road") are not read: on the dev calls 15
of 16 were the caller's own address given to pass identity checks, which the
labels leave out, like a date of birth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.values import Fact, Tok

_KOREAN = re.compile(
    r"(?:(?P<district>[가-힣]{1,4}(?:구|군|시)) )?"
    r"(?P<road>[가-힣]{1,8}(?:대로|로|길))"
    r"(?P<side> ?\d{1,3}(?:번길|길))?"
    r" ?(?P<number>\d{1,4}(?:-\d{1,3})?)(?![\d.,:]?\d)(?![가-힣])"
)


def addresses(text: str, toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Every road name address in ``text`` none of whose ``toks`` is ``used``,
    written as the call wrote it (spaces made single)."""
    for m in _KOREAN.finditer(text):
        if not (m.group("district") or m.group("side")):
            continue  # "경찰서로 3": a word ending in 로, then a number
        covered = [k for k, t in enumerate(toks) if t.start < m.end() and t.end > m.start()]
        if covered and not used & set(covered):
            yield Fact("other", m.start(), m.end(), " ".join(m.group().split())), range(covered[0], covered[-1] + 1)
