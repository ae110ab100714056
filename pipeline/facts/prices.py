"""Prices said the way shops say them, without a currency word.

    "it's sixteen ninety nine"              16.99
    "one for two hundred and forty nine ninety nine"   249.99
    "pay the fifty four ninety now"         54.90
    "you're on nine ninety-nine a month"    9.99
    "starting next month it's one forty-two sixty"   142.60
    "this one's twelve hundred and forty"   1240 (:func:`whole_amounts`)
    "Forty-six fifty. It's normally twenty-eight quid."   46.50 (a sentence of its own)

Pounds and pence said as two numbers are a price only in a call that names
its currency elsewhere ("eighty quid", "£12"), asks a price (:func:`asks_price`:
"how much is it") or talks money (:func:`talks_money`: "I paid", "the bill"; the caller of
:func:`pipeline.facts.scan.scan` says so), and after a word that prices or before
"a month". A
finder as in :mod:`pipeline.facts.scan`: it takes tokens and the indices
other finders have used, and yields a :class:`Fact` and the indices it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.facts.values import Fact, Tok

# Before a price said without its currency ("it's sixteen ninety nine", "was", "for", "pay the").
_PRICE_WORDS = {"cost", "costs", "costing", "price", "priced", "pay", "paid", "paying", "charge", "charged", "charging",
                "refund", "refunded", "total", "owe", "owed", "owes", "owing", "remaining", "outstanding",
                "deduct", "deducted", "deducts", "billed", "spent", "transferred", "withdrew", "withdrawn", "release",
                "released"}
_PRICE_CUES = _PRICE_WORDS | {"it's", "is", "was", "were", "for", "that's", "be", "worth", "at", "of", "says", "one's",
                              "leaves", "leaving"}
# Nouns that make "is" or "one's" price the whole number after it ("the balance is four thousand
# two hundred and fifty", "this one's twelve hundred and forty" in a turn about the bill).
_MONEY_NOUNS = {"bill", "balance", "invoice", "charge", "price", "cost", "fee", "fees", "deposit", "rent", "total",
                "amount", "payment", "paid", "fine", "premium", "statement", "debit", "deficit", "arrears", "shortfall",
                "debt", "fare", "surcharge", "instalment", "installment", "estimate", "quote", "overpayment"}
_WHOLE_CUES = {"is", "was", "it's", "that's", "one's", "of", "at", "for", "be"}
# After a whole amount: the sentence goes on, no unit follows ("twelve hundred and forty and that's that").
_WHOLE_AFTER = {"a", "per", "and", "now", "then", "so", "but", "each", "which", "that", "right", "yeah", "okay",
                "due", "in", "on", "to", "for", "all", "altogether", "total", "this", "last", "plus", "is", "was", "will", "goes",
                "extra", "more"}
# After a price: how often it is paid ("nine ninety-nine a month"), or what kind of money it is
# ("thirty-three seventy-five in fees").
_SENTENCE_ENDS = {".", "?", "!"}
_MONEY_NAMES = {"quid", "pounds", "pound", "dollars", "dollar", "bucks", "euros", "euro", "pence", "cents", "£", "$", "€"}
_PER_PERIOD = re.compile(r"(?:a|per|every) (?:month|week|year|quarter)|each|monthly|weekly|altogether|all together|in total"
                         r"|in (?:fees|charges|fines|penalties|interest|tolls|arrears|rent)\b")
# Taken from the caller's money, said after the price: "fifty-eight ninety-nine went out on the first".
_TAKEN_AFTER = re.compile(r"(?:went|came|come|comes|goes|gone|got taken|was taken|were taken) out\b")
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


# Money talked about without a currency named: "I paid", "the bill", "a refund", "my direct debit",
# "the money back", "it came out my card".
_TALKS_MONEY = re.compile(
    r"\b(?:paid|charged|overcharged|refund(?:ed)?|bill(?:ed)?|invoice|price|costs?|fees?|deposit|balance"
    r"|direct debit|bucks|fares?|arrears|pay|payments?|owed?|fined|(?:a|the) fine|money|debited|transactions?"
    r"|(?:came|come|comes|went|gone|going|taken) out (?:of )?(?:my|me|our|the) (?:card|account|bank))\b",
    re.IGNORECASE,
)


def talks_money(text: str) -> bool:
    """``text`` is about money though it names no currency: "one's for eighty-nine ninety-nine,
    they've both come out my card" is said in a call that says "paid" or "refund" somewhere."""
    return bool(_TALKS_MONEY.search(text))


def bare_prices(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A price said the way shops say it, pounds and pence as two numbers with no
    currency word: "it's sixteen ninety nine" (16.99), "one for two hundred and forty
    nine ninety nine", "pay the fifty four ninety" (54.90); or a price over a hundred
    as three numbers, "one forty-two sixty" (142.60). Run only where the call
    names its currency elsewhere, and taken only after a word that prices ("it's",
    "was", "for", "pay", "costs") or before words that say how often it is paid or
    that it was taken ("a month", "went out"). A pair that reads as a clock time ("ten thirty")
    or a year ("nineteen ninety nine") needs a price word ("costs", "pay") itself.
    """
    for i in range(len(toks) - 1):
        size = 3 if _hundreds_said_short(toks, i) else 2  # "one forty-two sixty": 142.60
        whole, pence = toks[i], toks[i + size - 1]
        if used & set(range(i, i + size)) or not (said_in_words(whole, 1, 9999) and said_in_words(pence, 10, 99)):
            continue
        if i > 0 and toks[i - 1].kind == "num":
            continue
        per_period = _per_period(toks, i + size)
        before = [t.text for t in toks[max(0, i - 4) : i] if t.text not in _PRICE_FILLERS]
        cued = bool(before) and before[-1] in _PRICE_CUES
        if not (per_period or cued or _taken_after(toks, i + size) or _said_alone(toks, i, i + size)):
            continue
        if not per_period and cued and before[-1] == "of" and (len(before) < 2 or before[-2] not in _MONEY_NOUNS | _PRICE_WORDS):
            continue  # "a charge of sixty-five fifty", not "instead of two seventy" (270)
        after = toks[i + size] if i + size < len(toks) else None
        if after is not None and (after.kind in ("num", "ord") or after.text in _NOT_PRICE_AFTER):
            continue
        assert whole.value is not None and pence.value is not None
        pounds = whole.value if size == 2 else 100 * whole.value + (toks[i + 1].value or 0)
        near = {t.text for t in toks[max(0, i - 4) : i]}
        clock_or_year = size == 2 and ((pounds <= 24 and pence.value < 60) or pounds in (19, 20))
        # "a replacement fee of eleven fifty": a money noun prices it as a price word does ("at ten thirty" stays a time)
        priced = _PRICE_WORDS & near or (_MONEY_NOUNS & near and before[-1] != "at")
        if (clock_or_year and not per_period and not priced) or near & _NAMED_NUMBERS:
            continue
        yield Fact("amount", whole.start, pence.end, pounds + pence.value / 100), range(i, i + size)


def _said_alone(toks: list[Tok], i: int, j: int) -> bool:
    """The price from ``i`` to ``j`` is a sentence of its own in a turn about money, or an
    aside after what it prices: "Forty-six fifty. It's normally twenty-eight quid.", "you'd
    pay one more month, thirty-four ninety-nine." (a clock-shaped pair still needs a price
    word: see :func:`bare_prices`)."""
    before = toks[i - 1].text if i > 0 else "."
    after = toks[j].text if j < len(toks) else "."
    if (after not in _SENTENCE_ENDS and after != ",") or (toks[i].value or 0) < 10:  # "Two eighty-seven!" may be $287
        return False
    if before in _SENTENCE_ENDS:  # alone in a turn about money ("Forty-four eighteen." may be a reference)
        return bool(_TALKS_MONEY.search(" ".join(t.text for t in toks)) or {t.text for t in toks} & _MONEY_NAMES)
    return before == "," and bool({t.text for t in toks[max(0, i - 6) : i]} & (_PRICE_WORDS | _MONEY_NOUNS))


def _hundreds_said_short(toks: list[Tok], i: int) -> bool:
    """From ``i``: a price said as three numbers, its hundreds as a digit ("one forty-two sixty",
    "three eighty-seven twelve"), the way a price over a hundred is read off a bill."""
    return (
        i + 2 < len(toks)
        and said_in_words(toks[i], 1, 9)
        and said_in_words(toks[i + 1], 10, 99)
        and said_in_words(toks[i + 2], 10, 99)
    )


def whole_amounts(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A whole amount of a hundred or more said in words with no currency word, where
    the words before it price it: "I paid three hundred forty", "the balance after
    deposit is four thousand two hundred and fifty", "this one's twelve hundred and
    forty" in a turn about the bill. Run where :func:`bare_prices` runs; a number with
    a unit after it ("thirty-one thousand gallons") or a year is left alone."""
    for i, tok in enumerate(toks):
        if i in used or not said_in_words(tok, 100, 99999) or (i > 0 and toks[i - 1].kind in ("num", "ord")):
            continue
        assert tok.value is not None
        after = toks[i + 1] if i + 1 < len(toks) else None
        if after is not None and not (after.kind == "punct" or after.text in _WHOLE_AFTER or _per_period(toks, i + 1)):
            continue
        before = [t.text for t in toks[max(0, i - 4) : i] if t.text not in _PRICE_FILLERS]
        if not before or set(before) & _NAMED_NUMBERS:
            continue
        earlier = {t.text for t in toks[max(0, i - 12) : i]}
        cued = before[-1] in _WHOLE_CUES or before[-2:] in (["down", "to"], ["up", "to"])  # "brings it down to …"
        priced = before[-1] in _PRICE_WORDS or (cued and bool(earlier & (_MONEY_NOUNS | _PRICE_WORDS)))
        year = 1900 <= tok.value <= 2099 and before[-1] not in _PRICE_WORDS
        if priced and not year:
            yield Fact("amount", tok.start, tok.end, tok.value), range(i, i + 1)


def _per_period(toks: list[Tok], j: int) -> bool:
    """The words from ``j`` say how often a price is paid: "a month", "per week", "each"."""
    return bool(_PER_PERIOD.match(" ".join(t.text for t in toks[j : j + 2])))


def _taken_after(toks: list[Tok], j: int) -> bool:
    """The words from ``j`` say the money was taken: "went out", "was taken out"."""
    return bool(_TAKEN_AFTER.match(" ".join(t.text for t in toks[j : j + 3])))


def said_in_words(tok: Tok, low: int, high: int) -> bool:
    """A whole number said in words ("six", "forty-two"), from ``low`` to ``high``."""
    return tok.kind == "num" and tok.spelled and tok.value is not None and tok.value == tok.value.to_integral() and low <= tok.value <= high
