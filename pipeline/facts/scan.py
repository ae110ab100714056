"""Amounts, ids, dates and times read out of text, however they are written or transcribed.

One scanner reads both a summary and the transcript it summarises, so that
the fact checker (:mod:`pipeline.summary.grounding`) compares values, not spellings:

    "£142.50"  "142.50"  "142 pounds 50"  "one hundred and forty-two pounds fifty"  "$100 and $42.50"
    "48213"    "4 8 2 1 3"  "4-8-2-1-3"  "four eight two one three"  "REF-48213"  "four eight... two one three"
    "118205"   "one-one-eight, two-oh-five"  "the reference is eleven eighty-two oh five"  "2025타채30817"
    "0879004412"  "oh eight seven, nine hundred, forty-four twelve"  "01066821547"  "공일공에 육육팔이에 일오사칠"
    "16.99" ("it's sixteen ninety nine", in a call that names its currency or talks money: :mod:`pipeline.facts.prices`)
    "Friday the 14th"  "the fourteenth"  "14th of March"  "March 14"  "14/03"
    "Wednesday at 10:20"  "tomorrow at ten twenty"  "saturday half nine"  "by 6 pm"  "within five working days"
    "40,000원"  "4만 원"  "사만 원"  "오만 삼천 원"  "6만 2,410원"
    "칠칠공일"  "공일공 사칠일칠 이구삼팔"  "3월 15일까지"  "삼월 십오일"  "오후 두 시"  "이틀 안에"

:mod:`pipeline.facts.tokens` turns text into tokens with every number read;
this module turns tokens into :class:`Fact` values (amount, id, phone,
date, deadline, other, plain number); :mod:`pipeline.facts.index` looks a
fact up in a stretch of transcript. Currency is not compared, only the
amount: Whisper writes "$" for spoken "pounds".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from pipeline.facts.addresses import addresses
from pipeline.facts.codes import dictated_codes
from pipeline.facts.currencies import KO_FOREIGN_MONEY, code_before, named_after, sign_prefix
from pipeline.facts.dates import DURATION_UNITS, dates, deadline_named, durations, ends_of_day, times
from pipeline.facts.error_codes import error_codes
from pipeline.facts.korean_tokens import SPOKEN_DASH_KO, korean_number
from pipeline.facts.phones import cue_before, is_phone, plus_before
from pipeline.facts.places import numbered_places
from pipeline.facts.plates import korean_plates
from pipeline.facts.prices import bare_prices, said_in_words, whole_amounts
from pipeline.facts.readings import meter_readings
from pipeline.facts.tokens import CURRENCY_SYMBOLS, FILLERS, PAUSE, token_run, tokenize
from pipeline.facts.values import WEEKDAYS, DateValue, Fact, Tok

# A currency's name -> its sign.
_CURRENCY_SIGNS = {
    "pound": "£", "pounds": "£", "quid": "£", "dollar": "$", "dollars": "$", "bucks": "$", "euro": "€", "euros": "€",
    "won": "₩",
    # pipeline.facts.currencies: the currencies a contact centre hears besides these
    "yen": "¥", "rupees": "₹", "rupee": "₹", "rand": "R", "pesos": "₱", "peso": "₱", "naira": "₦", "ringgit": "RM",
    "shillings": "KSh ", "shilling": "KSh ", "francs": "CHF ", "dirhams": "AED ", "dirham": "AED ",
    "cedis": "GH₵", "cedi": "GH₵",
}
_CURRENCY_WORDS = set(_CURRENCY_SIGNS)
_SINGULAR_CURRENCY = {"pound", "dollar", "euro", "rand", "rupee", "peso", "shilling", "dirham", "cedi"}
_SUBUNIT_WORDS = {"pence", "p", "cents", "cent"}
# "on Monday", "booked for Saturday", "Friday morning": a date said, not a weekday in passing
_DAY_CUES = {"on", "this", "next", "last", "every", "for"}
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "lunchtime"}
_LETTERED_DIGITS = 5  # digits after letters said one at a time that make them the id's first characters
_NEXT_GROUP = ("다음에", "다음")  # said between the groups of a number read out: "칠공삼삼 다음에 팔팔이구"
_LETTER_SEPARATORS = (",", "-", "dash")
_SEPARATORS_BEFORE = 3  # commas and a dash said between an id's letters and its digits: "A R, dash, 7 7 1 5 2"
_NAMED_LETTERS_DIGITS = 4  # as many after letters said by their Korean names ("에이씨 삼일이팔": AC3128)
_MAX_LETTERS_BEFORE = 3  # more letters before the digits are the end of a word spelled out ("s m i t h")
_ID_CUES = {"number", "reference", "ref", "account", "ticket", "id", "code", "permit", "booking", "notice", "case", "no", "#"}
_KIND_CUES = (("account", "account"), ("ticket", "ticket"))
# Names an id said two digits at a time comes right after ("reference is twenty-two ninety-one").
_PAIRED_ID_NAMES = {"number", "reference", "ref", "ticket", "booking", "case", "code", "id"}
_BETWEEN_NAME_AND_ID = {"is", "was", "it's", "that's", ":", ",", "-", "'s"}
# Between the groups of one id: written, or said ("two oh seven one dash five five eight", "이공칠일 다시 오오팔",
# "공일공에 육육팔이에 일오사칠": "에" is how a dash is said in Korean).
_ID_SEPARATORS = (",", "-", "dash", SPOKEN_DASH_KO, "에")
_READ_BACK_CHARS = 4  # an id said again after a comma is this long at least: "12, 12" may be two numbers
_LINKED_AMOUNT = (("instead", "of"), ("rather", "than"), ("down", "from"), ("up", "from"))
# Korean number plates: 12가3456, 서울33바4172 (the letter is never a digit word).
_PLATE_LETTERS = set("가나다라마거너더러머버서어저고노도로모보소조누두루무부수우주아바자배하허호")
_PLATE_REGIONS = {"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주"}
_UK_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}")
# Two-letter words that are never part of a spelled code ("so e403 is ...").
_SHORT_WORDS = {"is", "it", "in", "on", "at", "to", "of", "or", "so", "no", "my", "me", "we", "be", "do", "go", "he",
                "up", "us", "oh", "an", "am", "pm", "as", "by", "if", "ok", "hi",
                "yes", "yep", "the", "and", "for", "you", "are", "not", "but", "can", "now", "its", "his", "her",
                "our", "was", "had", "has", "all", "any", "get", "got", "see", "say", "okay", "way", "who", "why",
                "how", "did", "off", "out", "own", "too", "two", "one", "six", "ten", "sir", "mum", "dad", "bye"}
# An id dictated in paused groups: letters only before the digits, or one after them.
_ASIDE_WORDS = 3  # "hang on", "let me see": an aside between two pauses of a dictated id
_PAUSED_ID = re.compile(r"[A-Z]{0,3}\d+[A-Z]?")
# After digits said one by one, a word that makes the last group a quantity ("two three weeks").
_UNIT_WORDS = _CURRENCY_WORDS | {"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
                                 "minute", "minutes", "times", "percent", "people", "items"}
_UK_REGISTRATION = re.compile(r"[A-Z]{2}\d{2}[A-Z]{3}")
# Words before a short code that make it the code the call is about ("error code F28", "it shows E 21").
_CODE_CUES = {"error", "fault", "code", "shows", "says", "saying", "showing", "display", "displays", "displaying", "flashing", "reads", "reading"}
# The kinds of Korean court case ("2025타채30817": a seizure order; 가단/가합/가소 civil suits, 고단 criminal ...).
_COURT_CASE_KINDS = {"가단", "가합", "가소", "타채", "타경", "타기", "카단", "카합", "카기", "고단", "고합", "고정", "고약",
                     "드단", "드합", "느단", "느합", "구단", "구합", "하단", "하면", "회단", "회합", "개회"}
_KO_NUMBER_WORD = re.compile(r"[일이삼사오육칠팔구십백천공영]{2,}")  # a flat's building, said in words
# "이십오 일에", "십오일날": on that day; a number of one syllable ("오 일에": oil) or "삼십 일에 한 번" is not
_KO_ON_THE_DAY = re.compile(r"[일이삼사오육칠팔구십]{2,} ?일 ?(?:에|날)(?! ?한 ?번)")
# A Korean day of the month said without its month is a date after one of these ("매달 오일에").
_KO_DATE_CUES = re.compile(r"매달|매월|이번 ?달|다음 ?달|지난 ?달|날짜|일자|결제일|납부일|출금|이체|마감|기한|까지|요일")


def scan(text: str, money_said: bool = False) -> list[Fact]:
    """Every amount, id, phone number, date, deadline and other number in ``text``; a fresh
    list each time (the facts themselves are frozen).

    ``money_said``: the call names its currency elsewhere (:func:`says_currency`), asks a
    price (:func:`pipeline.facts.prices.asks_price`) or talks money
    (:func:`pipeline.facts.prices.talks_money`), so a price said without its currency ("the
    lamp was eighty nine ninety nine", "I paid three hundred forty") is an amount.
    """
    return list(_scan(text, money_said))


# Each turn is scanned several times over (the fact reader, the fact index, the summary's
# sentences, the grounding check): the last few thousand texts' facts are kept.
@functools.lru_cache(maxsize=4096)
def _scan(text: str, money_said: bool) -> tuple[Fact, ...]:
    toks = tokenize(text)
    facts: list[Fact] = []
    used: set[int] = set()
    prices = (bare_prices, whole_amounts) if money_said else ()
    plates = partial(korean_plates, text)  # read from the text: "서울 삼삼 사 칠칠이일" is one plate, not digits
    streets = partial(addresses, text)  # "마포구 성미산로17길 22"
    for finder in (
        plates, streets, error_codes, _court_cases, _amounts, _paused_ids, ends_of_day, dates, times, durations, *prices, _plates,
        _apartment_units, _spelled_codes, _nato_codes, dictated_codes, _letter_codes, numbered_places, meter_readings, _id_runs,
        _plain_numbers,
    ):
        for fact, idx in finder(toks, used):
            facts.append(fact)
            used.update(idx)
    return tuple(sorted(facts, key=lambda f: f.start))


def find_facts(text: str) -> list[tuple[str, str]]:
    """(kind, value as written) for every amount, account/reference/ticket
    number, phone number, date, time and deadline in ``text``.

    Plain numbers, and a weekday, month or "today" alone (not after "on" or
    "by"), are left out: they are checked in summaries but are not key facts.
    """
    return [(f.kind, text[f.start : f.end]) for f in key_facts_in(text)]


def key_facts_in(text: str, money_said: bool = False) -> list[Fact]:
    """The facts :func:`find_facts` names, with their parsed values and spans
    (``money_said`` as for :func:`scan`)."""
    toks = tokenize(text)
    return [f for f in scan(text, money_said) if _is_key_fact(f, text, toks)]


def says_currency(text: str) -> bool:
    """``text`` names a currency: "eighty quid", "£12", "twelve dollar"."""
    return bool(currency_signs(text))


def currency_signs(text: str) -> list[str]:
    """The sign of each currency ``text`` names, in order: "£" for "eighty quid"."""
    return [
        (sign_prefix(t.text) or t.text) if t.kind == "sym" else _CURRENCY_SIGNS[t.text]
        for t in tokenize(text)
        if _currency_sign(t) or (t.kind != "sym" and t.text in _CURRENCY_SIGNS)
    ]


def _currency_sign(tok: Tok) -> bool:
    """"£", "$", or a sign of :mod:`pipeline.facts.currencies` ("hk$", "₹", "rm" against its number)."""
    return tok.kind == "sym" and (tok.text in CURRENCY_SYMBOLS or sign_prefix(tok.text) is not None)


def _is_key_fact(fact: Fact, text: str, toks: list[Tok]) -> bool:
    if fact.kind == "number":
        return False
    if fact.kind == "date":
        if _korean_day_alone(fact, text):
            return False
        if isinstance(fact.value, DateValue) and (fact.value.day is not None or fact.value.hour is not None):
            return True
        at = sum(1 for t in toks if t.end <= fact.start)  # the fact's first token
        after = [t.text for t in toks if t.start >= fact.end][:1]
        # "on Friday", "Friday morning", "the deadline is Friday"
        said_as_day = (at > 0 and toks[at - 1].text in _DAY_CUES) or deadline_named(toks, at) or (
            bool(after) and after[0] in _PARTS_OF_DAY
        )
        return fact.value is None and fact.anchor in WEEKDAYS and said_as_day
    return True


# ---------------------------------------------------------------- amounts


def _amounts(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    i = 0
    while i < len(toks):
        t = toks[i]
        start = i
        if (
            (_currency_sign(t) or code_before(t) is not None) and i + 1 < len(toks) and toks[i + 1].kind == "num"
            and i + 1 not in used
        ):
            i += 1  # "£12", "HK$180", "KSh 15,000"
        if toks[i].kind != "num" or i in used:
            i += 1
            continue
        value, j = toks[i].value, i + 1
        assert value is not None
        j, value, is_money = _money_tail(toks, j, value, has_symbol=start != i)
        # "보증금이 이억 삼천인데요": a number said in hundreds of millions is money
        is_money = is_money or (toks[i].spelled and value >= 100_000_000 and value % 1_000_000 == 0)
        if is_money:
            last = toks[j - 1]
            end = last.end if last.kind != "hangul" else last.start + _money_word_end(last.text)
            yield Fact("amount", toks[start].start, end, value), range(start, j)
            linked = _linked_amount(toks, j)
            if linked is not None:  # "thirty-five pounds instead of seventy"
                yield Fact("amount", toks[linked].start, toks[linked].end, toks[linked].value), range(linked, linked + 1)
                j = linked + 1
        i = max(j, i + 1)


def _money_word_end(word: str) -> int:
    """Where the money word ends in a Hangul token that holds one: "원이요" 1, "달러로" 2, "센트" 2."""
    foreign = next((name for name in (*KO_FOREIGN_MONEY, "센트") if word.startswith(name)), None)
    return len(foreign) if foreign is not None else word.index("원") + 1 if "원" in word else len(word)


def _linked_amount(toks: list[Tok], j: int) -> int | None:
    for a, b in _LINKED_AMOUNT:
        k = j + 1 if j < len(toks) and toks[j].text == "," else j
        if k + 2 < len(toks) and toks[k].text == a and toks[k + 1].text == b and toks[k + 2].kind == "num":
            nxt = toks[k + 3].text if k + 3 < len(toks) else ""
            if nxt not in DURATION_UNITS and nxt not in _CURRENCY_WORDS:
                return k + 2
    return None


def _money_tail(toks: list[Tok], j: int, value: Decimal, has_symbol: bool) -> tuple[int, Decimal, bool]:
    """After a number: "pounds (and) fifty (pence)", "만 원", "원"."""
    nxt = toks[j] if j < len(toks) else None
    if nxt is not None and nxt.kind == "hangul":
        if nxt.text.startswith(KO_FOREIGN_MONEY):  # "138달러", "이백 달러", "50유로"
            said = toks[j + 1] if j + 2 < len(toks) and toks[j + 2].text.startswith("센트") else None
            if said is not None and said.kind == "num" and said.value is not None and said.value < 100:
                return j + 3, value + said.value / 100, True  # "312달러 40센트"
            return j + 1, value, True
        multiplier = {"만": 10_000, "천": 1_000}.get(nxt.text[0], 1)
        rest = nxt.text[1:] if multiplier > 1 else nxt.text
        if rest.startswith("원"):
            return j + 1, value * multiplier, True
        if multiplier > 1 and not rest and j + 1 < len(toks) and toks[j + 1].text.startswith("원"):
            return j + 2, value * multiplier, True
        return j, value, has_symbol
    compound = j >= 2 and toks[j - 2].text == "-"  # "three-hundred-and-ten-dollar": not read as a number here
    if nxt is not None and nxt.text == "-" and j + 1 < len(toks) and toks[j + 1].text in _SINGULAR_CURRENCY and not compound:
        return j + 2, value, True  # "a hundred-dollar fee", "a fifty-pound fine"
    named = named_after(toks, j) if nxt is not None and nxt.text not in _CURRENCY_WORDS else None
    if named is not None:  # "one hundred eighty hong kong dollars", "fifty HKD"
        return named[1], value, True
    if nxt is None or nxt.text not in _CURRENCY_WORDS:
        # "142.75" with no currency: Whisper writes money this way, and times
        # ("tomorrow at 2.40", "2.40 pm") seldom.
        said_as_time = (j >= 2 and toks[j - 2].text in ("at", "until", "till", "from")) or (
            nxt is not None and nxt.text in ("am", "pm", "o'clock")
        )
        return j, value, has_symbol or (bool(re.fullmatch(r"\d+\.\d\d", toks[j - 1].text)) and not said_as_time)
    j += 1
    k = j + 1 if j < len(toks) and toks[j].text == "," else j  # "142 pounds, 75"
    said_and = k < len(toks) and toks[k].text == "and"
    k = k + 1 if said_and else k
    if _pence_oh(toks, k) and value == value.to_integral():  # "nineteen pounds oh six": 19.06
        return k + 2, value + _value(toks[k + 1]) / 100, True
    if k < len(toks) and toks[k].kind == "num" and toks[k].value is not None and toks[k].value < 100 and value == value.to_integral():
        cents = toks[k].value
        k += 1
        if k < len(toks) and toks[k].text in _SUBUNIT_WORDS:
            return k + 1, value + cents / 100, True
        counted = k < len(toks) and toks[k].text in _UNIT_WORDS  # "forty-two pounds and twenty-one days"
        # "eighty quid and one for ...": a count, unless said as pence ("and five p")
        if (cents >= 10 or not said_and) and not counted:
            return k, value + cents / 100, True
    return j, value, True


def _pence_oh(toks: list[Tok], k: int) -> bool:
    """ "oh six" after the currency word: a single digit of pence or cents said with its zero, the number's
    last digit (not the start of a longer number read out)."""
    after = toks[k + 2] if k + 2 < len(toks) else None
    return (
        k + 1 < len(toks) and said_in_words(toks[k], 0, 0) and said_in_words(toks[k + 1], 1, 9)
        and (after is None or after.kind != "num")
    )


def _value(tok: Tok) -> Decimal:
    assert tok.value is not None
    return tok.value


# ---------------------------------------------------------------- ids


def _id_part(tok: Tok) -> bool:
    # A spelled number is part of an id only as a single digit: "four eight two"
    # is 482, "twenty twenty four" is not 2024.
    if tok.kind == "alnum":
        return True
    return tok.kind == "num" and "." not in tok.text and not (tok.spelled and tok.value is not None and tok.value >= 10)


def id_run(toks: list[Tok], i: int, used: set[int] | None = None) -> tuple[list[str], int]:
    """The id parts from ``i`` on, joined across spaces, commas and hyphens; and where the run ends.

    Digits read out one by one are also joined across full stops: Whisper
    writes a slowly dictated "five five eight two" as "5. 5. 8. 2."."""
    parts, j = token_run(toks, i, _id_part, separators=_ID_SEPARATORS, used=used, digit_separators=(".",))
    while parts and _letter_among_digits(toks, j, used):  # "two zero one nine r zero four one eight": 2019R0418
        letter = j
        more, j = token_run(toks, letter + 1, _id_part, separators=_ID_SEPARATORS, used=used, digit_separators=(".",))
        parts += [letter, *more]
    cut = _read_back(toks, parts)
    if cut is not None:  # "one two three four five, AB12345": the id said, then written out in full
        parts = parts[cut:]
    return [toks[k].text.upper() for k in parts], j


def _read_back(toks: list[Tok], parts: list[int]) -> int | None:
    """Where the same id starts again after a comma, said and then written ("공일팔사삼, C01843",
    "one two three four five, AB12345"): the part after the comma is the part before it with the
    letters that were said apart before it; None where nothing is said twice."""
    for n in range(1, len(parts)):
        if not any(toks[k].text == "," for k in range(parts[n - 1] + 1, parts[n])):
            continue
        before = "".join(toks[k].text.upper() for k in parts[:n])
        after = "".join(toks[k].text.upper() for k in parts[n:])
        if len(before) >= _READ_BACK_CHARS and after.endswith(before) and after[: len(after) - len(before)].isalpha():
            return n
    return None


def _letter_among_digits(toks: list[Tok], j: int, used: set[int] | None) -> bool:
    """A letter said alone between two digits said one at a time, in an id read out: "... nine r zero ..."."""
    return (
        j + 1 < len(toks) and j >= 1 and _said_digit(toks[j - 1]) and _said_digit(toks[j + 1]) and _one_letter(toks[j])
        and (used is None or not {j, j + 1} & used)
    )


def _said_digit(tok: Tok) -> bool:
    return tok.kind == "num" and tok.spelled and len(tok.text) == 1


def _id_runs(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Account, reference and ticket numbers, phone numbers: ids of >= 4 digits,
    also read digit by digit ("4, 8, 2, 1, 3", "5-5-2-1"), or alphanumeric ("PCN55820", "E403")."""
    i = 0
    while i < len(toks):
        if i in used:
            i += 1
            continue
        grouped = _grouped_phone(toks, i, used)
        if grouped is not None:  # "oh eight seven, nine hundred, forty-four twelve"
            j, ident = grouped
            yield Fact("phone", toks[i].start, toks[j - 1].end, ident), range(i, j)
            i = j
            continue
        context = {t.text for t in toks[max(0, i - 6) : i]}
        paired = _said_in_pairs(toks, i, used)
        if paired is not None:  # "the booking reference is twenty-two ninety-one"
            j, ident = paired
            yield Fact(_named_kind(context), toks[i].start, toks[j - 1].end, ident), range(i, j)
            i = j
            continue
        if not _id_part(toks[i]) or _count_of_last_digits(toks, i):
            i += 1
            continue
        parts, j = id_run(toks, i, used)
        ident = "".join(parts)
        j, ident = _groups_joined(toks, j, ident, used)
        digits = sum(c.isdigit() for c in ident)
        prefix = i >= 2 and toks[i - 1].text == "-" and toks[i - 2].kind == "word" and len(toks[i - 2].text) <= 4
        start = i - 2 if prefix else i
        # "E02면 … 뜨는 거라서요": a Korean word near it says it is what the display shows
        ko_cue = any(t.kind == "hangul" and t.text.startswith(_KO_CODE_CUES) for t in toks[max(0, i - 8) : j + 8])
        coded = not ident.isdigit() and ident[0].isalpha() and _is_code(ident, context | ({"code"} if ko_cue else set()))
        if not prefix and is_phone(ident, plus=plus_before(toks, i), cue=cue_before(toks, i)):
            yield Fact("phone", toks[start].start, toks[j - 1].end, ident), range(start, j)
            i = max(j, i + 1)
            continue
        letters = _letters_before(toks, i, used) if not prefix and ident.isdigit() and digits >= _NAMED_LETTERS_DIGITS else None
        said_apart = [t for t in toks[letters:i] if t.text not in _LETTER_SEPARATORS] if letters is not None else []
        if letters is not None and digits < _LETTERED_DIGITS and not all(t.spelled for t in said_apart):
            letters = None
        if letters is not None:  # "T, eight eight four one zero two": T884102
            said = "".join(t.text.upper() for t in said_apart)
            ident, start = said + ident, letters
        # "2019" alone is a year; after letters said by name ("엠브이 이공사사": MV2044) an id
        is_year = len(parts) == 1 and ident.isdigit() and 1900 <= int(ident) <= 2100 and not (context & _ID_CUES)
        if (digits >= 4 and not is_year) or coded:
            yield Fact(_named_kind(context), toks[start].start, toks[j - 1].end, ident), range(start, j)
        i = max(j, i + 1)


def _groups_joined(toks: list[Tok], j: int, ident: str, used: set[int]) -> tuple[int, str]:
    """The run ``ident`` ending at ``j``, or with the group after it where a reader goes on with
    the same number: after "다음에" ("next": "칠공삼삼 다음에 팔팔이구", 70338829), or after a pause
    where the two make a Korean phone number that the first is not ("공일공 사일칠이... 팔팔삼육":
    010-4172-8836; elsewhere a pause may end a sentence before another number)."""
    if not ident.isdigit() or j + 1 >= len(toks) or toks[j].text not in (PAUSE, *_NEXT_GROUP) or not _id_part(toks[j + 1]):
        return j, ident
    more, end = id_run(toks, j + 1, used)
    joined = ident + "".join(more)
    if toks[j].text in _NEXT_GROUP:
        return (end, joined) if len(ident) >= 3 and joined.isdigit() and len(joined) - len(ident) >= 3 else (j, ident)
    if is_phone(ident, plus=False, cue=None) or not is_phone(joined, plus=False, cue=None) or joined[:2] not in ("01", "02"):
        return j, ident
    return end, joined


def _count_of_last_digits(toks: list[Tok], i: int) -> bool:
    """"last four two zero seven eight": the "four" counts the digits that follow (2078)."""
    return (
        i > 0 and toks[i - 1].text == "last" and toks[i].kind == "num" and toks[i].text in ("3", "4", "6")
        and i + 1 < len(toks) and toks[i + 1].kind == "num"
    )


def _named_kind(context: set[str]) -> str:
    """"account" or "ticket" where the words before an id name it so; else "reference"."""
    return next((kind for cue, kind in _KIND_CUES if cue in context), "reference")


def _grouped_phone(toks: list[Tok], i: int, used: set[int]) -> tuple[int, str] | None:
    """A phone number said from its leading "oh" with some groups said as numbers, as
    British and Irish callers do: "oh seven seven oh oh, nine hundred, five six two",
    "oh eight seven, nine hundred, forty-four twelve". Where the run ends and its
    digits; None unless the digits are a phone number and a group was said as a number
    (a run of single digits is read as any other id is)."""
    if not (toks[i].spelled and toks[i].text == "0"):
        return None
    parts, j = token_run(toks, i, _phone_group, separators=(",", "-"), used=used)
    digits = "".join(toks[k].text for k in parts)
    if len(parts) == sum(len(toks[k].text) for k in parts) or not is_phone(digits, plus=False, cue=cue_before(toks, i)):
        return None
    return j, digits


def _said_in_pairs(toks: list[Tok], i: int, used: set[int]) -> tuple[int, str] | None:
    """An id said two digits at a time right after its name: "the booking reference is
    twenty-two ninety-one" is 2291, "account number, forty-one oh six eighty" is 410680.
    Where the run ends and its digits; None without the name in the few words before,
    with a quantity after ("twenty-two ninety-one pounds"), or for what may be a year."""
    if not said_in_words(toks[i], 10, 99) or not _named_just_before(toks, i):
        return None
    parts, j = token_run(toks, i, lambda t: said_in_words(t, 0, 99), used=used)
    digits = "".join(toks[k].text for k in parts)
    after = toks[j].text if j < len(toks) else ""
    if len(parts) < 2 or len(digits) < 4 or after in _UNIT_WORDS or after in _SUBUNIT_WORDS:
        return None
    if len(digits) == 4 and digits[:2] in ("19", "20"):  # "nineteen ninety-one", "twenty twenty-four"
        return None
    return j, digits


def _named_just_before(toks: list[Tok], i: int) -> bool:
    """"reference is", "case number,", "booking ref": the id's name right before it. Not
    "account", which names a balance as often ("the account is twenty-six twenty")."""
    k = i - 1
    while k >= 0 and toks[k].text in _BETWEEN_NAME_AND_ID:
        k -= 1
    return k >= 0 and toks[k].text in _PAIRED_ID_NAMES


def _phone_group(tok: Tok) -> bool:
    """A digit said alone, or a group said as a number: "forty-four", "twelve", "nine hundred"."""
    return said_in_words(tok, 0, 99) or (said_in_words(tok, 100, 900) and tok.value is not None and tok.value % 100 == 0)


def _letters_before(toks: list[Tok], i: int, used: set[int]) -> int | None:
    """Where one to three letters said one at a time just before the digits at ``i`` start
    (a comma or a dash between them may be written: "T, 8 8 4 …", "A R, dash, 7 7 1 5 2", "J H 이공사 칠칠일"; "a" after another
    letter is one too: "P A, two four …"); None where
    there are none, or more (the end of a word spelled out)."""
    k = i - 1
    while k >= 0 and i - 1 - k < _SEPARATORS_BEFORE and toks[k].text in _LETTER_SEPARATORS:  # "A R, dash, 7 7 1 5 2"
        k -= 1
    first = k + 1
    while first > 0 and first - 1 not in used and (_one_letter(toks[first - 1]) or _spelled_a_or_i(toks, first - 1)):
        first -= 1
    return first if 1 <= k + 1 - first <= _MAX_LETTERS_BEFORE else None


def _one_letter(tok: Tok) -> bool:
    """A letter said on its own; "a" and "i" only where said by name (에이, 아이): else they are words."""
    return tok.kind == "word" and len(tok.text) == 1 and tok.text.isalpha() and (tok.text not in ("a", "i") or tok.spelled)


def _paused_ids(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """An id dictated in groups, with the pauses Whisper writes "..." between them:
    "oh four three one... two two oh... nine eight seven", "q... w... one two...
    three four... five six... c".

    A pause can as well end a sentence before another number, so groups are
    joined only where each is said one character at a time (digit words,
    letters): a count or a price is said as one number ("twenty... thirty").
    A group followed by a unit ("... two three weeks") is a quantity, not
    part of the id. Letters stand only before the digits or, alone, after
    them (a UK national insurance number, "QW123456C").
    """
    i = 0
    while i < len(toks):
        groups: list[tuple[int, int]] = []
        j = i
        restart = None
        while True:
            end = _one_by_one(toks, j, used)
            if end == j or (end < len(toks) and toks[end].text in _UNIT_WORDS):
                break
            groups.append((j, end))
            paused = _pause_at(toks, end)
            if paused is not None:
                j = _past_aside(toks, paused)
                if j > paused and _restarts(toks, groups[-1], j):
                    restart = j  # "five eight... hold on... five eight three one": said again from the start
                    break
                continue
            break
        if restart is not None and len(groups) == 1:
            i = restart  # the first try is dropped, and read again from the new start
            continue
        code = "".join(toks[k].text.upper() for a, b in groups for k in range(a, b) if toks[k].text != ",")
        if len(groups) >= 2 and _PAUSED_ID.fullmatch(code) and sum(c.isdigit() for c in code) >= 5:
            first, last = groups[0][0], groups[-1][1]
            phone = code.isdigit() and is_phone(code, plus=plus_before(toks, first), cue=cue_before(toks, first))
            context = {t.text for t in toks[max(0, first - 6) : first]}
            kind = "phone" if phone else next((k for cue, k in _KIND_CUES if cue in context), "reference")
            yield Fact(kind, toks[first].start, toks[last - 1].end, code), range(first, last)
            i = last
        else:
            i += 1


def _pause_at(toks: list[Tok], i: int) -> int | None:
    """Where what is said after a pause at ``i`` starts: "..." as Whisper writes it, or a filler
    between commas ("5 0 0 2 8, uh, 8 1 4 6"); None where no pause is."""
    if i + 1 < len(toks) and toks[i].text == PAUSE:
        return i + 1
    k = i + 1 if i < len(toks) and toks[i].text == "," else i
    if k < len(toks) and toks[k].text in FILLERS and k + 2 < len(toks) and toks[k + 1].text == ",":
        return k + 2
    return None


def _past_aside(toks: list[Tok], i: int) -> int:
    """Past a few words said between two pauses ("W S 2 4... hang on... 0 8 8 1 6"), else ``i``."""
    k = i
    while k < len(toks) and k - i < _ASIDE_WORDS and toks[k].kind == "word" and not _said_alone(toks[k]):
        k += 1
    return k + 1 if i < k < len(toks) and toks[k].text == PAUSE else i


def _restarts(toks: list[Tok], group: tuple[int, int], j: int) -> bool:
    """Whether the characters from ``j`` begin with the digits of ``group`` again."""
    said = [t.text for t in toks[group[0] : group[1]] if t.kind == "num"]
    again = [t.text for t in toks[j : j + len(said)]]
    return bool(said) and again == said


def _one_by_one(toks: list[Tok], i: int, used: set[int]) -> int:
    """Where a group of characters said one at a time from ``i`` ends ("s l nine nine two")."""
    j = i
    while j < len(toks) and j not in used and (_said_alone(toks[j]) or (j > i and _spelled_a_or_i(toks, j))):
        j += 1
    return j


def _spelled_a_or_i(toks: list[Tok], j: int) -> bool:
    """"a" or "i" right after another spelled letter is a letter too ("R A 3 3..."), not a word."""
    prev = toks[j - 1]
    return toks[j].text in ("a", "i") and prev.kind == "word" and len(prev.text) == 1 and prev.end + 1 == toks[j].start


def _said_alone(tok: Tok) -> bool:
    if tok.kind == "num":  # a digit word, or a single digit as Whisper writes one said alone ("2 0 9... 5 5 1 8")
        return len(tok.text) == 1 and tok.text.isdigit()
    return _one_letter(tok)


def _is_code(ident: str, context: set[str]) -> bool:
    """Letters and digits mixed: an error code or reference ("E403", "Q7M4PX", "VH330741"),
    not "A1" or a road ("M25"): one letter and two digits only after a cue ("error code F28")."""
    digits = sum(c.isdigit() for c in ident)
    return digits >= 3 or (digits == 2 and (len(ident) > 3 or bool(context & (_ID_CUES | _CODE_CUES))))


def _letter_codes(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """An error code said or written with a space, after a cue: "it shows E 21", "fault code F 28",
    "it says f two eight"."""
    for i in range(len(toks) - 1):
        letter, number = toks[i], toks[i + 1]
        if letter.kind != "word" or len(letter.text) != 1 or letter.text in ("a", "i") or used & {i, i + 1}:
            continue
        if not _code_cue_before(toks, i):
            continue
        if number.kind == "num" and not number.spelled and number.text.isdigit() and 2 <= len(number.text) <= 4:
            yield Fact("reference", letter.start, number.end, letter.text.upper() + number.text), range(i, i + 2)
            continue
        digits, j = _digits_one_by_one(toks, i + 1, used)
        if 2 <= len(digits) <= 3:
            yield Fact("reference", letter.start, toks[j - 1].end, letter.text.upper() + digits), range(i, j)


_KO_CODE_CUES = ("에러", "오류", "코드", "화면", "뜨", "표시")


def _code_cue_before(toks: list[Tok], i: int) -> bool:
    before = toks[max(0, i - 4) : i]
    return bool({t.text for t in before} & _CODE_CUES) or any(
        t.kind == "hangul" and t.text.startswith(_KO_CODE_CUES) for t in toks[max(0, i - 8) : i]
    )


def _digits_one_by_one(toks: list[Tok], j: int, used: set[int]) -> tuple[str, int]:
    """Digits said one at a time from ``j`` ("two eight", "이 공"), and where they end."""
    digits = ""
    while j < len(toks) and j not in used and len(digits) < 4:
        t = toks[j]
        if t.kind == "num" and len(t.text) == 1 and t.text.isdigit():
            digits += t.text
        else:
            break
        j += 1
    return digits, j


def _nato_codes(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A reference spelled letter by letter with words: "Q as in Quebec, 7, M as in Mike, 4"."""
    i = 0
    while i < len(toks):
        chars: list[str] = []
        spelled, j, end = 0, i, i
        while j < len(toks) and j not in used:
            letter_end = _spelled_letter(toks, j)
            if letter_end is not None:
                chars.append(toks[j].text.upper())
                spelled, j = spelled + 1, letter_end
            elif _id_part(toks[j]) and not (toks[j].kind == "num" and toks[j].spelled and len(toks[j].text) > 1):
                chars.append(toks[j].text.upper())
                j += 1
            else:
                break
            end = j
            if j + 1 < len(toks) and toks[j].text in (",", "-", "."):
                j += 1
        code = "".join(chars)
        if spelled and any(c.isdigit() for c in code) and len(code) >= 4:
            context = {t.text for t in toks[max(0, i - 6) : i]}
            kind = next((k for cue, k in _KIND_CUES if cue in context), "reference")
            yield Fact(kind, toks[i].start, toks[end - 1].end, code), range(i, end)
            i = end
        else:
            i += 1


def _spelled_letter(toks: list[Tok], j: int) -> int | None:
    """Where "M as in Mike" / "B for Bravo" at ``j`` ends, or None."""
    t = toks[j]
    if t.kind != "word" or len(t.text) != 1:
        return None
    k = j + 3 if [x.text for x in toks[j + 1 : j + 3]] == ["as", "in"] else j + 2 if j + 1 < len(toks) and toks[j + 1].text == "for" else None
    if k is None or k >= len(toks) or toks[k].kind != "word" or not toks[k].text.startswith(t.text):
        return None
    if k + 2 < len(toks) and toks[k + 1].text == "-" and toks[k + 2].kind == "word":  # "X-ray"
        return k + 3
    return k + 1 if len(toks[k].text) >= 3 else None


def _apartment_units(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A Korean flat: building and unit together, "102동 703호", "백이동 칠백삼호", "B동 201호" (an
    address, like a postcode), with the name of its block of flats said just before ("해오름아파트 102동
    1304호", "푸른마을 아파트 502동"); a unit alone only after that name ("무지개빌라 201호")."""
    for i in range(len(toks) - 1):
        building, j = _building_at(toks, i)
        name = _building_name(toks, i)
        # "가동" alone is a word (running), a building only after the name of the flats
        unnamed = name == i and building in (None, "가", "나", "다", "라")
        if unnamed or j + 1 >= len(toks) or used & set(range(name, j + 2)):
            continue
        unit, mark = toks[j], toks[j + 1]
        if unit.kind == "num" and unit.text.isdigit() and mark.kind == "hangul" and mark.text.startswith("호") and mark.start - unit.end <= 1:
            named = " ".join(t.text for t in toks[name:i])
            flat = f"{building}동 {unit.text}호" if building is not None else f"{unit.text}호"
            yield Fact("other", toks[name].start, mark.start + 1, f"{named} {flat}".strip()), range(name, j + 2)


_FLAT = re.compile(r"(?:[^\d,]+? )?((?:[0-9A-Z가나다라]+동 )?(\d+)호)")  # a name with no number, then the flat


def flat_code(value: str) -> tuple[str, str] | None:
    """A Korean flat of :func:`_apartment_units` as its building and unit, and its unit number
    ("102동 1304호", "1304" of "해오름아파트 102동 1304호"); None for any other value."""
    m = _FLAT.fullmatch(value)
    return (m.group(1), m.group(2)) if m else None


# A block of flats by its kind of building, the name said before or with it ("솔빛빌라", "푸른마을 아파트").
_KO_BUILDING = re.compile(r"(?:아파트|빌라|맨션|오피스텔|하이츠|연립)$")
_KO_NOT_A_NAME = frozenset({"우리", "저희", "그", "이", "저", "같은", "옆", "앞", "뒤", "새", "무슨", "어느", "다른", "근처", "동네", "옆집"})
_KO_LETTER_BUILDINGS = {"에이": "A", "비": "B", "씨": "C", "디": "D", "가": "가", "나": "나", "다": "다", "라": "라"}


def _building_name(toks: list[Tok], i: int) -> int:
    """Where the name of the block of flats said just before ``i`` starts; ``i`` where none is."""
    before = toks[i - 1] if i > 0 else None
    if before is None or before.kind != "hangul" or (m := _KO_BUILDING.search(before.text)) is None:
        return i
    if m.start() > 0:
        return i - 1  # "솔빛빌라"
    name = toks[i - 2] if i > 1 else None
    if name is not None and name.kind == "hangul" and len(name.text) >= 2 and name.text not in _KO_NOT_A_NAME:
        return i - 2  # "푸른마을 아파트"
    return i


def _building_at(toks: list[Tok], i: int) -> tuple[int | str | None, int]:
    t = toks[i]
    marked = i + 1 < len(toks) and toks[i + 1].text == "동" and toks[i + 1].start - t.end <= 1
    if t.kind == "num" and t.text.isdigit() and marked:
        return int(t.text), i + 2  # "102동", "102 동"
    if t.kind == "hangul" and marked and _KO_NUMBER_WORD.fullmatch(t.text):
        return korean_number(t.text), i + 2  # "백삼 동"
    if t.kind == "word" and len(t.text) == 1 and t.text in "abcd" and marked:
        return t.text.upper(), i + 2  # "B동"
    m = re.fullmatch(f"({_KO_NUMBER_WORD.pattern})동", t.text) if t.kind == "hangul" else None
    if m:
        return korean_number(m.group(1)), i + 1
    letter = re.fullmatch(f"({'|'.join(_KO_LETTER_BUILDINGS)})동", t.text) if t.kind == "hangul" else None
    return (_KO_LETTER_BUILDINGS[letter.group(1)], i + 1) if letter else (None, i)  # "비동": B동


def _court_cases(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """A Korean court case number, its year, kind and serial: "2025타채30817", said
    "이공이오 타채 삼공팔일칠" (the one number a seizure or a lawsuit is known by)."""
    for i in range(len(toks) - 2):
        year, kind, serial = toks[i], toks[i + 1], toks[i + 2]
        if used & {i, i + 1, i + 2} or kind.kind != "hangul" or kind.text not in _COURT_CASE_KINDS:
            continue
        a_year = year.kind == "num" and len(year.text) == 4 and year.text[:2] in ("19", "20")
        if a_year and serial.kind == "num" and serial.text.isdigit():
            yield Fact("reference", year.start, serial.end, f"{year.text}{kind.text}{serial.text}"), range(i, i + 3)


def _korean_day_alone(fact: Fact, text: str) -> bool:
    """"오일" (oil, or the 5th), "이십이 일": a day of the month said in Korean words
    with no month is a date only with a date cue in the turn ("매달", "결제일", "까지")."""
    value = fact.value
    span = text[fact.start : fact.end]
    if not isinstance(value, DateValue) or value.day is None or value.month is not None or fact.anchor or re.search(r"\d", span):
        return False
    if _KO_ON_THE_DAY.match(text, fact.start):
        return False
    return bool(re.search("[\uac00-\ud7a3]", span)) and not _KO_DATE_CUES.search(text)


def _plates(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """Korean number plates: "285다 7703", "이팔오 다 칠칠공삼", "서울33바4172"."""
    for i in range(len(toks) - 2):
        a, letter, b = toks[i], toks[i + 1], toks[i + 2]
        if (
            a.kind == "num" and 2 <= len(a.text) <= 3 and a.text.isdigit() and letter.kind == "hangul"
            and len(letter.text) == 1 and letter.text in _PLATE_LETTERS and b.kind == "num" and len(b.text) == 4
            and b.text.isdigit() and not used & {i, i + 1, i + 2}
        ):
            start = i - 1 if i > 0 and toks[i - 1].text in _PLATE_REGIONS else i
            region = toks[i - 1].text if start < i else ""
            yield Fact("other", toks[start].start, b.end, f"{region}{a.text}{letter.text}{b.text}"), range(start, i + 3)


def _spelled_codes(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    """UK postcodes and vehicle registrations spelled out or written: "L S 6, 2 Q T", "TA1 4RW", "LV72 EFA"."""
    i = 0
    while i < len(toks):
        parts, j = token_run(toks, i, _code_part, separators=(",", "-"), used=used)
        code_at = _code_in(toks, parts)  # the run may start or end with a word: "is T A 1, 4 R W"
        if code_at is not None:
            a, b, code = code_at
            yield Fact("other", toks[parts[a]].start, toks[parts[b]].end, f"{code[:-3]} {code[-3:]}"), range(parts[a], parts[b] + 1)
        i = max(j, i + 1)


def _code_in(toks: list[Tok], parts: list[int]) -> tuple[int, int, str] | None:
    for length in range(len(parts), 1, -1):
        for a in range(len(parts) - length + 1):
            chosen = parts[a : a + length]
            code = "".join(toks[m].text.upper() for m in chosen)
            if (_UK_POSTCODE.fullmatch(code) or _UK_REGISTRATION.fullmatch(code)) and any(toks[m].kind in ("num", "alnum") for m in chosen):
                return a, a + length - 1, code
    return None


def _code_part(tok: Tok) -> bool:
    if tok.kind == "num":
        return not tok.spelled and len(tok.text) <= 2
    return (tok.kind == "word" and len(tok.text) <= 3 and tok.text not in _SHORT_WORDS) or (tok.kind == "alnum" and len(tok.text) <= 4)


def _plain_numbers(toks: list[Tok], used: set[int]) -> Iterable[tuple[Fact, range]]:
    for i, t in enumerate(toks):
        # A lone "one" is nearly always not a quantity ("one more thing").
        if i not in used and t.kind == "num" and t.value is not None and not (t.spelled and t.value < 2):
            yield Fact("number", t.start, t.end, t.value), range(i, i + 1)
