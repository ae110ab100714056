"""Currencies a contact centre hears, as signs, codes and words, and how an amount in each is written.

    "HK$180"  "one hundred eighty hong kong dollars"      HK$180
    "KSh 15,000"  "fifteen thousand shillings"            KSh 15,000
    "RM1,249"  "one thousand two hundred forty-nine ringgit"   RM1,249
    "₹2,340"  "Rs 2,340"  "two thousand three hundred forty rupees"   ₹2,340
    "R1,500"  "fifteen hundred rand"                      R1,500
    "CHF 120"  "a hundred and twenty swiss francs"        CHF 120
    "five hundred and fifty cedis"                        GH₵550
    "three hundred kwacha"  "five hundred taka"           K300  Tk 500
    "two hundred barbados dollars"                        BDS$200
    "two million rupiah"  "four thousand baht"            Rp 2,000,000  ฿4,000

Each currency has one written form (:attr:`Currency.prefix`, put before the
number, as the amounts of :mod:`pipeline.facts.extract` are: "£22", "$63.75");
the pound, dollar, euro and won keep the signs the reader has always written
(:data:`CLASSIC_SIGNS`), since Whisper writes "$" for spoken "pounds" and the
call's own currency decides there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.facts.values import Tok

CLASSIC_SIGNS = "£$€₩"


@dataclass(frozen=True)
class Currency:
    prefix: str  # as written before the number: "HK$", "KSh ", "₹"
    words: tuple[tuple[str, ...], ...] = ()  # as said after the number: ("hong", "kong", "dollars")
    codes: tuple[str, ...] = ()  # written before or after the number: "hkd", "ksh"


_CURRENCIES = (
    Currency("€", (("euro",), ("euros",)), ("eur",)),
    Currency("¥", (("yen",), ("japanese", "yen")), ("jpy",)),
    Currency("₹", (("rupees",), ("rupee",), ("indian", "rupees")), ("inr", "rs")),
    Currency("HK$", (("hong", "kong", "dollars"), ("hong", "kong", "dollar")), ("hkd",)),
    Currency("A$", (("australian", "dollars"), ("australian", "dollar"), ("aussie", "dollars")), ("aud",)),
    Currency("C$", (("canadian", "dollars"), ("canadian", "dollar")), ("cad",)),
    Currency("NZ$", (("new", "zealand", "dollars"), ("new", "zealand", "dollar"), ("nz", "dollars")), ("nzd",)),
    Currency("S$", (("singapore", "dollars"), ("singapore", "dollar")), ("sgd",)),
    Currency("R", (("rand",), ("south", "african", "rand")), ("zar",)),
    Currency("₱", (("pesos",), ("peso",), ("philippine", "pesos")), ("php",)),
    Currency("₦", (("naira",),), ("ngn",)),
    Currency("RM", (("ringgit",), ("malaysian", "ringgit")), ("myr", "rm")),
    Currency("KSh ", (("shillings",), ("shilling",), ("kenyan", "shillings")), ("kes", "ksh")),
    Currency("CHF ", (("swiss", "francs"), ("swiss", "franc"), ("francs",)), ("chf",)),
    Currency("AED ", (("dirhams",), ("dirham",)), ("aed",)),
    Currency("GH₵", (("cedis",), ("cedi",), ("ghana", "cedis")), ("ghs",)),
    Currency("K", (("kwacha",), ("zambian", "kwacha"), ("kina",)), ("zmw", "pgk")),
    Currency("Tk ", (("taka",),), ("bdt", "tk")),
    Currency("TSh ", (("tanzanian", "shillings"), ("tanzania", "shillings")), ("tzs", "tsh")),
    Currency("USh ", (("ugandan", "shillings"), ("uganda", "shillings")), ("ugx", "ush")),
    Currency("BDS$", (("barbados", "dollars"), ("barbadian", "dollars"), ("bajan", "dollars")), ("bbd",)),
    Currency("J$", (("jamaican", "dollars"), ("jamaica", "dollars")), ("jmd",)),
    Currency("TT$", (("tt", "dollars"), ("trinidad", "dollars"), ("trinidad", "and", "tobago", "dollars")), ("ttd", "tt")),
    Currency("EC$", (("eastern", "caribbean", "dollars"), ("ec", "dollars")), ("xcd",)),
    Currency("FJ$", (("fiji", "dollars"), ("fijian", "dollars")), ("fjd",)),
    Currency("SAR ", (("riyals",), ("riyal",), ("saudi", "riyals")), ("sar",)),
    Currency("Rp ", (("rupiah",), ("indonesian", "rupiah")), ("idr", "rp")),
    Currency("฿", (("baht",), ("thai", "baht")), ("thb",)),
    Currency("₫", (("dong",), ("vietnamese", "dong")), ("vnd",)),
)
# How a sign written against the number reads: "hk$", "₹", "rm" (lower-cased, as tokens are).
_SIGN_PREFIX = {
    "hk$": "HK$", "a$": "A$", "au$": "A$", "c$": "C$", "ca$": "C$", "nz$": "NZ$", "s$": "S$", "us$": "$",
    "¥": "¥", "₹": "₹", "₱": "₱", "₦": "₦", "rm": "RM", "rs": "₹", "rs.": "₹", "ksh": "KSh ", "r": "R",
    "chf": "CHF ", "php": "₱", "tk": "Tk ", "tsh": "TSh ", "ush": "USh ", "bds$": "BDS$", "j$": "J$", "tt$": "TT$",
    "ec$": "EC$", "fj$": "FJ$", "gh₵": "GH₵", "₵": "GH₵", "rp": "Rp ", "฿": "฿", "₫": "₫",
}
# A sign or a code written against its number, for the tokenizer ("HK$180", "RM1,249", "R1,500.00"):
# letters only before a number shaped as money, and a lone R only with thousands or cents.
# (more than four digits without a comma is an id: "RM770241")
_MONEY = r"(?:\d{1,3}(?:,\d{3})+|\d{1,4})(?:\.\d\d)?(?![\w,.]?\d)(?![A-Za-z])"
SIGN_PATTERN = (
    r"(?<![A-Za-z\d])(?-i:HK|AU|A|CA|C|NZ|S|US|BDS|J|TT|EC|FJ)\$"
    rf"|(?<![A-Za-z\d])(?-i:RM|Rs\.?|KSh|Ksh|CHF|PHP|Tk|TSh|USh|Rp)(?=\s?{_MONEY})"
    r"|(?<![A-Za-z\d])(?-i:R)(?=(?:\d{1,3}(?:,\d{3})+(?:\.\d\d)?|\d+\.\d\d)(?![\w,.]?\d)(?![A-Za-z]))"
    r"|(?<![A-Za-z\d])(?-i:GH)?₵"
    r"|[¥₹₱₦฿₫]"
)
NEW_SYMBOLS = "¥₹₱₦฿₫"

# Currencies said in Korean after the number, and how an amount in each is written ("138달러": $138).
KO_FOREIGN = {"달러": "$", "유로": "€"}
KO_FOREIGN_MONEY = tuple(KO_FOREIGN)

_BY_CODE = {code: c.prefix for c in _CURRENCIES for code in c.codes}
# Longest names first: "hong kong dollars" before "dollars".
_NAMES = sorted(((words, c.prefix) for c in _CURRENCIES for words in c.words), key=lambda x: -len(x[0]))
CURRENCY_NAME_WORDS = {words[-1] for words, _ in _NAMES if len(words) == 1}


def sign_prefix(sign: str) -> str | None:
    """The written form of a sign token ("hk$" -> "HK$"); None for £ $ € ₩ and non-signs."""
    return _SIGN_PREFIX.get(sign)


def code_before(tok: Tok) -> str | None:
    """A currency code said or written before the number, with a space: "KSh 15,000", "CHF 120"."""
    return _BY_CODE.get(tok.text) if tok.kind == "word" else None


def named_after(toks: list[Tok], j: int) -> tuple[str, int] | None:
    """A currency named from ``j`` on ("hong kong dollars", "ringgit", "HKD"): its written
    form and where the name ends; None for none, or for the pound, dollar and euro words
    the scanner reads itself."""
    for words, prefix in _NAMES:
        end = j + len(words)
        if end <= len(toks) and tuple(t.text for t in toks[j:end]) == words:
            return prefix, end
    if j < len(toks) and toks[j].kind == "word" and toks[j].text in _BY_CODE and toks[j].text not in ("rs", "rm"):
        return _BY_CODE[toks[j].text], j + 1
    return None


def written(prefix: str, number: str) -> str:
    return f"{prefix}{number}"


def prefix_in(span: str) -> str | None:
    """The written form of the currency an amount's own words name, if it is one of these."""
    toks = [m.group().lower() for m in re.finditer(rf"{SIGN_PATTERN}|[A-Za-z]+", span)]
    for i, word in enumerate(toks):
        if word in _SIGN_PREFIX and _SIGN_PREFIX[word] != "$":
            return _SIGN_PREFIX[word]
        for words, prefix in _NAMES:
            if tuple(toks[i : i + len(words)]) == words:
                return prefix
        if i > 0 and word in _BY_CODE:  # "two thousand eight hundred fifty-five TT"
            return _BY_CODE[word]
    return None
