"""Prices said the way shops say them, without a currency word.

    "it's sixteen ninety nine"              16.99
    "one for two hundred and forty nine ninety nine"   249.99
    "pay the fifty four ninety now"         54.90

Pounds and pence said as two numbers are a price only in a call that names
its currency elsewhere ("eighty quid", "£12") or asks a price (:func:`asks_price`:
"how much is it"; the caller of
:func:`pipeline.facts.scan.scan` says so) and after a word that prices. A
finder as in :mod:`pipeline.facts.scan`: it takes tokens and the indices
other finders have used, and yields a :class:`Fact` and the indices it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.values import Fact, Tok

# Before a price said without its currency ("it's sixteen ninety nine", "was", "for", "pay the").
_PRICE_WORDS = {"cost", "costs", "costing", "price", "priced", "pay", "paid", "paying", "charge", "charged", "charging",
                "refund", "refunded", "total", "owe", "owed", "owes"}
_PRICE_CUES = _PRICE_WORDS | {"it's", "is", "was", "were", "for", "that's", "be", "worth"}
_PRICE_FILLERS = {"the", "a", "like", "just", "only", "about", "around", "roughly", "uh", "um", "full", "those", "that"}
_NOT_PRICE_AFTER = {"am", "pm", "o'clock", "percent", "%", "hours", "minutes", "days", "weeks", "years", "times", "people"}
# Things with numbers of their own: "the flight is twenty one ninety", "room twenty one ten".
_NAMED_NUMBERS = {
    "number", "reference", "ref", "account", "ticket", "id", "code", "booking", "case", "no", "#",
    "flight", "room", "bus", "route", "platform", "gate", "flat", "unit", "extension", "house", "seat", "train",
    "version", "model", "year", "born",
}


# A question about a price: the call talks money even if it never names the currency
# ("how much is it" ... "it's sixteen ninety nine").
_ASKS_PRICE = re.compile(
    r"\bhow much (?:is|are|was|will|would|does|do|did|it|they|that|for)\b"
    r"|\bwhat(?:'s| is| does| do| will| would) (?:it|that|this|they|the \w+) cost\b"
    r"|\bwhat(?:'s| is) the (?:price|cost|fee|charge)\b",
    re.IGNORECASE,
)


def asks_price(text: str) -> bool:
    """``text`` asks what something costs: "how much is it", "what does the jab cost"."""
    return bool(_ASKS_PRICE.search(text))


def bare_prices(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A price said the way shops say it, pounds and pence as two numbers with no
    currency word: "it's sixteen ninety nine" (16.99), "one for two hundred and forty
    nine ninety nine", "pay the fifty four ninety" (54.90). Run only where the call
    names its currency elsewhere, and taken only after a word that prices ("it's",
    "was", "for", "pay", "costs"). A pair that reads as a clock time ("ten thirty")
    or a year ("nineteen ninety nine") needs a price word ("costs", "pay") itself.
    """
    for i in range(len(toks) - 1):
        whole, pence = toks[i], toks[i + 1]
        if used & {i, i + 1} or not (_said_in_words(whole, 1, 9999) and _said_in_words(pence, 10, 99)):
            continue
        before = [t.text for t in toks[max(0, i - 4) : i] if t.text not in _PRICE_FILLERS]
        if not before or before[-1] not in _PRICE_CUES or (i > 0 and toks[i - 1].kind == "num"):
            continue
        after = toks[i + 2] if i + 2 < len(toks) else None
        if after is not None and (after.kind in ("num", "ord") or after.text in _NOT_PRICE_AFTER):
            continue
        assert whole.value is not None and pence.value is not None
        near = {t.text for t in toks[max(0, i - 4) : i]}
        clock_or_year = (whole.value <= 24 and pence.value < 60) or whole.value in (19, 20)
        if (clock_or_year and not _PRICE_WORDS & near) or near & _NAMED_NUMBERS:
            continue
        yield Fact("amount", whole.start, pence.end, whole.value + pence.value / 100), range(i, i + 2)


def _said_in_words(tok: Tok, low: int, high: int) -> bool:
    return tok.kind == "num" and tok.spelled and tok.value is not None and tok.value == tok.value.to_integral() and low <= tok.value <= high
