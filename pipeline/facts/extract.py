"""A call's key facts, read from its turns by the fact scanner, never written by a model.

Every amount, account/reference/ticket number, phone number, date, time
and deadline said in the call (:func:`pipeline.facts.scan.key_facts_in`),
read in context (:mod:`pipeline.facts.across_turns`: ids split over two
turns joined, corrected values replaced, dates of birth left out), once
each, citing every turn that says it, written as a person writes it
("£142.20" for "a hundred and forty two pounds, 20", "53,000원" for "오만
삼천 원", "3월 15일까지" for "삼월 십오일까지"). An id said in answer to "your
account number?" is an account number; otherwise a reference.

Each fact carries the recognition probability of its least certain word
(:attr:`pipeline.types.KeyFact.confidence`), in the turn that says it most
clearly; :func:`pipeline.summary.grounding.check_summary` marks the ones
below the site's threshold ``uncertain``.

Every summary's ``key_facts`` come from here, whichever generator wrote the
rest: read off the transcript, they cannot be invented, and the LLM is
spared the tokens of copying them (it gets them in its prompt instead, see
:func:`pipeline.summary.prompt.build_messages`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from decimal import Decimal

from pipeline.facts.across_turns import ID_KINDS, Mention, in_context
from pipeline.facts.addresses import is_street_line
from pipeline.facts.currencies import KO_FOREIGN, prefix_in
from pipeline.facts.korean_tokens import KO_COUNTERS
from pipeline.facts.prices import asks_price, talks_money
from pipeline.facts.scan import currency_signs, flat_code, key_facts_in, says_currency
from pipeline.facts.tokens import tokenize
from pipeline.facts.values import DateValue, Fact, Tok
from pipeline.types import KeyFact, Turn, Word

MAX_KEY_FACTS = 20

# The signs an amount is written with ("40,000원" is written with its unit).
_SIGNS = "£$€"
_WHEN = ("date", "deadline")
_WEEKDAY_INDEX = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_BRITISH_CLOCK = re.compile(r"\b(?:half(?: past)?|(?:a )?quarter (?:past|to)|(?:five|ten|twenty(?:[- ]five)?) (?:past|to)) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.IGNORECASE)
_KO_ANCHORS = {"today": "오늘", "tomorrow": "내일", "the day after tomorrow": "모레"}
_KO_ENDINGS = re.compile(r"(까지|전까지|이내|안에|동안|정도|(?<!오)전(?=에)).*$")
_KO_PARTICLE_END = re.compile(r"(에서|으로|로|에|요|이요|입니다|이고요|이에요|였는데|이었는데)$")


def read_key_facts(turns: Sequence[Turn]) -> tuple[KeyFact, ...]:
    """The first :data:`MAX_KEY_FACTS` key facts of ``turns``, in the order they are first said.

    The summarizer and the fact checker read the same call one after the other: the
    last few calls' facts are kept (turns are frozen, so a call is its own key)."""
    try:
        return _read_recent(tuple(turns))
    except TypeError:  # a turn that cannot be hashed: read it every time
        return _read_key_facts(turns)


@functools.lru_cache(maxsize=8)
def _read_recent(turns: tuple[Turn, ...]) -> tuple[KeyFact, ...]:
    return _read_key_facts(turns)


def _read_key_facts(turns: Sequence[Turn]) -> tuple[KeyFact, ...]:
    mentions: list[Mention] = []
    previous = ""
    # "eighty quid", "how much is it?" or "I paid" makes "was eighty nine ninety nine" a price
    money_said = any(says_currency(t.text) or asks_price(t.text) or talks_money(t.text) for t in turns)
    currency = _call_currency(turns)
    for position, t in enumerate(turns):
        for fact in key_facts_in(t.text, money_said):
            if fact.kind == "reference":  # "And your account number?" "It's 48213."
                fact = dataclasses.replace(fact, kind=_kind_asked_for(previous))
            mentions.append(Mention(position, fact, t.text))
        previous = t.text
    found: dict[tuple[str, object], tuple[str, str, list[int], float | None]] = {}
    for m in in_context(turns, mentions):
        fact = m.fact
        # a phone number read back without its cue is read as a reference: one id, the phone
        group = "id" if fact.kind in ID_KINDS else "when" if fact.kind in _WHEN else fact.kind
        key = (group, _comparable(fact))
        confidence = _weakest_word(turns, m)
        ids = [turns[p].id for p in (m.turn, *m.cited)]
        if key in found:
            kind, value, cited, best = found[key]
            cited += [i for i in ids if i not in cited]
            if (kind == "reference" and fact.kind not in ("reference", "other")) or fact.kind in ("deadline", "phone"):
                # "account" / "ticket" says more, and "phone": "9285550149" read back after "his number is
                # nine two eight ..."; a date that is also a deadline is one
                kind = fact.kind
            # "one eighty-two thirty", then "RM182.30"; "zero three double-one ...", then "0311-4728819"
            if (kind == "amount" and value[:1].isdigit()) or (kind == "phone" and value.isdigit()):
                value = display(fact, m.text, currency)
            found[key] = (kind, value, cited, _best(best, confidence))
            continue
        found[key] = (fact.kind, display(fact, m.text, currency), ids, confidence)
    found = _merge_partial_dates(found)
    facts = [KeyFact(kind, value, tuple(sorted(ids)), confidence=confidence) for kind, value, ids, confidence in found.values()]
    return tuple(_merge_into_fuller(facts)[:MAX_KEY_FACTS])


def _merge_into_fuller(facts: list[KeyFact]) -> list[KeyFact]:
    """A fact said again more fully is one fact: the fuller one stays, citing both
    (:func:`_fuller_of`)."""
    out = list(facts)
    merged = True
    while merged:  # shortest first, until none is left: "4472" into "D4472", then that into "D4472910"
        merged = False
        values = {f.value for f in out}
        for fact in sorted(out, key=lambda f: len(f.value)):
            fuller = next((f for f in out if f is not fact and _fuller_of(fact, f) and not _two_joined(fact, f, values)), None)
            if fuller is not None:
                out[out.index(fuller)] = dataclasses.replace(
                    fuller,
                    turn_ids=tuple(sorted({*fuller.turn_ids, *fact.turn_ids})),
                    confidence=_best(fuller.confidence, fact.confidence),
                )
                out.remove(fact)
                merged = True
                break
    return out


def _two_joined(fact: KeyFact, other: KeyFact, values: set[str]) -> bool:
    """``other`` is ``fact`` and another of the call's numbers run together ("40221731884520" of a sort
    code and an account number read back in one breath): ``fact`` is no start of it."""
    digits = fact.value.isdigit() and other.value.isdigit()
    return digits and other.value.startswith(fact.value) and other.value[len(fact.value) :] in values


def _fuller_of(fact: KeyFact, other: KeyFact) -> bool:
    """Whether ``other`` says ``fact`` more fully: "WK193307" of "193307" (its letters spelled
    out: "W K 1 9 ... 3 3 0 7"), "FD031527" of its start "FD031" and "6200114773" of "6200" (said in
    two breaths), "52 North Street, Keighley" of "52 North Street" (read back), "솔빛아파트 101동 1203호" of
    "101동 1203호" and of the unit "1203"."""
    ids = ("account", "reference", "ticket")
    if fact.kind in ids and fact.value.isdigit() and other.kind in ids and other.value.isdigit():
        # "six two zero zero … one one four …": a start read as a number of its own in the turn that says
        # the whole, or said once just before it (read back whole)
        return len(other.value) > len(fact.value) and other.value.startswith(fact.value) and (
            min(fact.turn_ids) in other.turn_ids or (len(fact.turn_ids) == 1 and fact.turn_ids[0] + 1 == min(other.turn_ids))
        )
    flat = flat_code(other.value) if other.kind == "other" else None
    if flat is not None:  # "1203호요" (read as a number) or "101동 1203호" of "솔빛아파트 101동 1203호"
        return (fact.kind in ids and fact.value == flat[1]) or (fact.kind == "other" and other.value.endswith(" " + fact.value))
    if fact.kind in ids and fact.value.isdigit():
        return other.kind in ids and not other.value.isdigit() and re.sub(r"^[A-Z]+", "", other.value) == fact.value
    if fact.kind in ids and fact.value[:1].isalpha():  # "에프디 공삼일 …", then "에프디 공삼일오이칠": FD031527
        return other.kind in ids and len(other.value) > len(fact.value) and other.value.startswith(fact.value)
    return fact.kind == other.kind == "other" and is_street_line(fact.value) and other.value.startswith(fact.value + ", ")


_Found = dict[tuple[str, object], tuple[str, str, list[int], float | None]]


def _merge_partial_dates(found: _Found) -> _Found:
    """"Wednesday" and "Wednesday at ten twenty", "6 pm" and "by 6 pm": one
    fact, the fuller one, citing both."""
    out = dict(found)
    for key in list(found):
        group, value = key
        if group != "when" or key not in out:
            continue
        fuller = next((k for k in out if k != key and k[0] == "when" and _part_of(value, k[1])), None)
        if fuller is None:
            continue
        kind, shown, cited, confidence = out.pop(key)
        f_kind, f_shown, f_cited, f_confidence = out[fuller]
        merged_kind = "deadline" if "deadline" in (kind, f_kind) else f_kind
        shown_best = shown if len(shown) > len(f_shown) and _part_of(fuller[1], value) else f_shown  # the same, said more fully
        out[fuller] = (merged_kind, shown_best, f_cited + [i for i in cited if i not in f_cited], _best(f_confidence, confidence))
    return out


def _part_of(small: object, big: object) -> bool:
    """Every field said of ``small`` is said the same of ``big``, which says more."""
    anchor_s, date_s = small if isinstance(small, tuple) else ("", small)
    anchor_b, date_b = big if isinstance(big, tuple) else ("", big)
    if isinstance(date_s, str):  # a day by name alone: "friday"
        anchor_s, date_s = date_s, DateValue()
    if isinstance(date_b, str):
        anchor_b, date_b = date_b, DateValue()
    if not isinstance(date_s, DateValue) or not isinstance(date_b, DateValue) or (anchor_s and anchor_s != anchor_b):
        return False
    if date_s.weekday is None and anchor_s in _WEEKDAY_INDEX:
        date_s = dataclasses.replace(date_s, weekday=_WEEKDAY_INDEX[anchor_s])
    if date_b.weekday is None and anchor_b in _WEEKDAY_INDEX:
        date_b = dataclasses.replace(date_b, weekday=_WEEKDAY_INDEX[anchor_b])
    for name in ("day", "month", "weekday", "year", "hour", "minute", "end_hour", "end_minute"):
        a, b = getattr(date_s, name), getattr(date_b, name)
        if name in ("hour", "end_hour") and a is not None and b is not None:
            a, b = a % 12, b % 12
        if name == "minute" and date_s.hour is not None and date_b.hour is not None:
            a, b = a or 0, b or 0
        if a is not None and a != b:
            return False
    return True


def _comparable(fact: Fact) -> object:
    value = fact.value if fact.value is not None else fact.anchor
    if isinstance(value, DateValue) and fact.anchor:
        return (fact.anchor, value)
    return value


def _best(a: float | None, b: float | None) -> float | None:
    """A fact said clearly once is as good as the clearest mention (a read-back confirms it)."""
    if a is None:
        return b
    return a if b is None else max(a, b)


def _kind_asked_for(previous_turn: str) -> str:
    question = previous_turn.lower()[-120:]
    return "account" if "account" in question else "ticket" if "ticket" in question else "reference"


# ---------------------------------------------------------------- confidence


def _weakest_word(turns: Sequence[Turn], mention: Mention) -> float | None:
    """The lowest recognition probability of the words that say the fact; None
    for text without words (a typed transcript)."""
    spans = [(mention.turn, mention.fact.start, mention.fact.end)]
    for p in mention.cited:  # a split id: the start of the continuing turn
        text = turns[p].text
        spans.append((p, 0, len(text) - len(text.lstrip()) + 12))
    lowest: float | None = None
    for position, start, end in spans:
        for word_start, word_end, word in _word_spans(turns[position]):
            if word_start < end and word_end > start:
                lowest = word.probability if lowest is None else min(lowest, word.probability)
    return None if lowest is None else round(lowest, 3)


def _word_spans(turn: Turn) -> list[tuple[int, int, Word]]:
    """Where each word is in the turn's text (the text is the words joined)."""
    spans: list[tuple[int, int, Word]] = []
    cursor = 0
    for word in turn.words:
        piece = word.text.strip()
        if not piece:
            continue
        at = turn.text.find(piece, cursor)
        if at < 0:
            continue
        spans.append((at, at + len(piece), word))
        cursor = at + len(piece)
    return spans


# ---------------------------------------------------------------- display


def _call_currency(turns: Sequence[Turn]) -> str:
    """The sign of the first currency the call names ("£" for "eighty quid"), or ""."""
    return next((sign for t in turns for sign in _signs(t.text)), "")


def _signs(text: str) -> list[str]:
    return [sign for sign in currency_signs(text) if sign in _SIGNS]


def display(fact: Fact, text: str, currency: str = "") -> str:
    """The fact as a person writes it: "£142.20" for "a hundred and forty two
    pounds, 20", "010-4717-2938" for "공일공 사칠일칠 이구삼팔"; ``currency``: the
    sign for an amount said without one ("it's sixteen ninety nine")."""
    span = text[fact.start : fact.end]
    korean = bool(re.search("[\uac00-\ud7a3]", span))
    if fact.kind in ("account", "reference", "ticket", "other") and isinstance(fact.value, str):
        return fact.value
    if fact.kind == "phone" and isinstance(fact.value, str):
        # as written, or in digits where it was said in words or only begun here (the rest in the next turn)
        written = re.fullmatch(r"[\d\s+()-]+", span) and re.sub(r"\D", "", span) == re.sub(r"\D", "", fact.value)
        return span if written else _phone(fact.value)
    if fact.kind == "amount" and isinstance(fact.value, Decimal):
        foreign = next((sign for word, sign in KO_FOREIGN.items() if word in span), None)
        if foreign is not None:  # "138달러": $138
            return foreign + _money(fact.value)
        if "원" in span or "won" in span.lower() or korean:  # "이억 삼천" (deposit): 230,000,000원
            return f"{int(fact.value):,}원" if fact.value == fact.value.to_integral() else f"{fact.value}원"
        own = prefix_in(span)  # "HK$180", "KSh 15,000", "RM1,249", "₹2,340"
        if own is not None:
            return own + _money(fact.value)
        before = text[max(0, fact.start - 60) : fact.start].lower()
        # Its own sign, else the nearest before it ("thirty-five pounds instead of seventy"), else the call's.
        symbol = next(iter(_signs(span)), "") or next(reversed(_signs(before)), currency)
        number = _money(fact.value)
        return symbol + number
    if korean:
        return _korean(fact, span)
    if isinstance(fact.value, DateValue) and fact.value.hour is not None:
        return _english_time(fact.value, span)
    return span


def _money(value: Decimal) -> str:
    """"1,249", "131.15", "12.50"; more decimals than pence or cents are kept as said
    (Whisper's "$1,200.049"), never rounded into a value nobody said."""
    if value == value.to_integral():
        return f"{int(value):,}"
    exponent = value.as_tuple().exponent
    return f"{value:,.2f}" if isinstance(exponent, int) and exponent >= -2 else f"{value:,}"


def _english_time(value: DateValue, span: str) -> str:
    """"Wednesday at ten twenty" -> "Wednesday at 10:20"; "before five" -> "before 5"."""
    assert value.hour is not None
    if value.end_hour is not None:  # a window: "Thursday 14th March, 8 till 12"
        return _numbers_in_digits(span, tokenize(span))
    clock = _BRITISH_CLOCK.search(span)
    if clock:  # "saturday half nine" -> "saturday 9:30"
        return f"{span[: clock.start()]}{value.hour % 12 or 12}:{value.minute or 0:02d}{span[clock.end():]}"
    toks = tokenize(span)
    compact = re.compile(r"\d{1,2}\.?\d\d|\d{1,2}\.\d")  # Whisper's "2.40", "1020" and "2.4" (two forty)
    hour = next(
        (t for t in toks if t.kind == "num" and t.value is not None and (
            (t.spelled and int(t.value) % 12 == value.hour % 12) or compact.fullmatch(t.text))),
        None,
    )
    if hour is None:
        return span
    if re.search(r"\b(?:between|from)\b", span[: hour.start], re.IGNORECASE):
        return _numbers_in_digits(span, toks)  # a window: "Thursday, between 12 and 4"
    rest = span[hour.start :]
    # "2.4pm": Whisper writes the suffix against the digits.
    suffix = next((f" {w}" for w in ("am", "pm") if re.search(rf"(?<![a-z]){w}\b", rest, re.IGNORECASE)), "")
    shown = value.hour - 12 if suffix == " pm" and value.hour > 12 else value.hour  # "6 pm", "20:30"
    time = f"{shown}:{value.minute:02d}" if value.minute else f"{shown}"
    day = re.search(r"\s(today|tomorrow|tonight)$", span, re.IGNORECASE)  # "before 4pm today"
    return f"{span[: hour.start]}{time}{suffix}{day.group() if day and day.start() >= hour.end else ''}"


def _numbers_in_digits(span: str, toks: list[Tok]) -> str:
    out, cursor = [], 0
    for t in toks:
        if t.kind == "num" and t.spelled and t.value is not None:
            out += [span[cursor : t.start], str(int(t.value))]
            cursor = t.end
    return "".join(out) + span[cursor:]


def _phone(digits: str) -> str:
    """A phone number said digit by digit, written as its country writes it where the
    shape tells: Korean mobiles and Seoul numbers, UK mobiles ("07700 900562"), Irish
    mobiles ("087 900 4412") and North American numbers ("512-555-0166")."""
    if len(digits) == 11 and digits.startswith("01"):
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) == 10 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    if len(digits) == 11 and digits.startswith("07"):
        return f"{digits[:5]} {digits[5:]}"
    if len(digits) == 10 and digits.startswith("08"):
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if len(digits) == 10 and digits[0] in "23456789":
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


def _korean(fact: Fact, span: str) -> str:
    """"사월 이일 오전 열 시로" -> "4월 2일 오전 10시"; "삼에서 오일 이내에" -> "3~5일 이내"."""
    if re.match(r"(하루|이틀|사흘|나흘|닷새|엿새|이레|열흘)", span):
        return span  # a count of days reads best as said
    words: list[str] = []
    toks = tokenize(span)
    for i, t in enumerate(toks):
        if t.kind == "num":
            words.append(t.text)
        elif t.kind == "hangul" and t.text:
            if t.text == "에서" and i > 0 and toks[i - 1].kind == "num":
                words[-1] += "~"
                continue
            unit = next((u for u in ("주일", *KO_COUNTERS) if t.text.startswith(u)), None) if i > 0 and toks[i - 1].kind == "num" else None
            if unit is not None and words:
                tail = t.text[len(unit) :]
                words[-1] += unit + (tail if tail.startswith(("까지", "전까지", "간")) else "")
            else:
                words.append(t.text)
        elif t.kind != "punct":
            words.append(t.text)
    joined = " ".join(words).replace("~ ", "~").replace(" ~", "~")
    joined = re.sub(r"^(이번|다음|다다음)주 ", r"\1 주 ", joined)  # "다음주 화요일" is written "다음 주 화요일"
    ending = _KO_ENDINGS.search(joined)
    if ending:
        joined = joined[: ending.start()] + ending.group(1)
    else:
        joined = _KO_PARTICLE_END.sub("", joined)
    if fact.anchor and not joined.startswith(tuple(_KO_ANCHORS.values())) and fact.anchor in _KO_ANCHORS:
        joined = f"{_KO_ANCHORS[fact.anchor]} {joined}"
    return joined.strip()
