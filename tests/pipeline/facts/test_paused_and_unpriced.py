"""Facts said with pauses and shortcuts: ids dictated in groups with the pauses
Whisper writes "..." between them, prices said without their currency in a call
that names it elsewhere, British clock times ("half nine"), a Korean account in
다시 groups ending in what reads like a day ("구일"), and a Korean id finished
after the agent reads its first half back; and the look-alikes that are not facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import key_facts_in
from pipeline.summary.grounding import check_summary
from pipeline.types import KeyFact, Role
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_grounding import make_summary

A, C = Role.AGENT, Role.CUSTOMER


def values(text: str, money_said: bool = False) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in key_facts_in(text, money_said)]


# ------------------------------------------------------------ ids with pauses


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("it's four four one seven... two nine... oh six", ("reference", "44172906")),
        ("membership number three three... eight one… five five two", ("reference", "3381552")),
        ("my mobile oh seven nine double one... four oh two... six three eight", ("phone", "07911402638")),
        ("p d seven seven... one two... oh four", ("reference", "PD771204")),
        ("it's n... r... nine eight... seven six... five four... b", ("reference", "NR987654B")),
        ("account number two two nine... one four oh... three", ("account", "2291403")),
    ],
)
def test_digit_groups_said_with_pauses_are_one_id(text: str, fact: tuple[str, str]) -> None:
    assert fact in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "we waited one two... three four weeks for it",  # the last group is a count
        "i paid twenty... thirty pounds for it",  # numbers said whole, not digit by digit
        "it was two thousand... nine eight seven people",
        "option one... two three",  # too short for an id
        "i... i think it's seven... maybe",
    ],
)
def test_a_pause_between_numbers_that_are_not_one_id_joins_nothing(text: str) -> None:
    assert not [v for k, v in values(text) if k in ("reference", "account", "phone")]


def test_an_id_said_with_pauses_is_confirmed_by_the_transcript() -> None:
    assert fact_in_text("0431 220 987", "oh four three one... two two oh... nine eight seven")
    assert fact_in_text("NR987654B", "it's n... r... nine eight... seven six... five four... b")


# ------------------------------------------------------------ prices without a currency


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("otherwise it's thirty two forty nine", Decimal("32.49")),
        ("the jacket was a hundred and nineteen ninety five", Decimal("119.95")),
        ("you'd pay the thirty four seventy today", Decimal("34.70")),
        ("one for three hundred and nine ninety nine", Decimal("309.99")),
        ("the refund is sixty two eighty", Decimal("62.80")),
        ("it costs ten thirty", Decimal("10.30")),  # clock-shaped, but "costs" says price
        ("you're on anytime at thirty four ninety nine a month", Decimal("34.99")),
        ("family is twelve fifty a month", Decimal("12.50")),  # clock-shaped, but paid monthly
        ("the quarterly charge of sixty five fifty went out twice", Decimal("65.50")),
        ("it says two hundred forty one thirty eight", Decimal("241.38")),
        ("i paid three hundred forty for the twelve weeks", Decimal("340")),
        ("the balance after deposit is four thousand two hundred and fifty", Decimal("4250")),
        ("last year i paid the bill and this one's twelve hundred and forty", Decimal("1240")),
        ("so fifty eight ninety nine went out on the first", Decimal("58.99")),
        ("and thirty four fifty was taken out again", Decimal("34.50")),
    ],
)
def test_a_price_said_without_its_currency_is_an_amount_when_the_call_names_one(text: str, amount: Decimal) -> None:
    assert ("amount", amount) in values(text, money_said=True)
    assert ("amount", amount) not in values(text)  # no currency anywhere in the call: not read


@pytest.mark.parametrize(
    "text",
    [
        "see you saturday at half nine",
        "it was in nineteen ninety nine",
        "it was nineteen ninety nine",  # a year as likely as a price
        "i'm in room twenty one ten",
        "the flight is twenty one ninety",
        "it's ten thirty now",
        "booked for eleven fifteen",
        "payment on the twenty ninth",
        "it's forty five minutes away",
        "that's four five six seven",
        "it went from six thousand gallons to thirty one thousand gallons",
        "she's been here since two thousand and ten",
        "the order is three hundred forty",
        "i'm at two hundred forty one elm street",
        "so it's two forty now instead of two seventy",
        "the ten thirty went out late",  # a clock time said before "went out": no price word
    ],
)
def test_numbers_that_are_not_prices_stay_what_they_are(text: str) -> None:
    assert not [v for k, v in values(text, money_said=True) if k == "amount"]


def test_the_call_currency_is_shown_on_a_price_said_without_it() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "there was a charge of eighty quid and one for forty four ninety nine"),
        turn(1, "a", A, 2, 4, "i can see the forty four ninety nine yes"),
    )
    facts = [(f.kind, f.value) for f in read_key_facts(turns)]
    assert ("amount", "£80") in facts and ("amount", "£44.99") in facts


def test_a_call_about_a_payment_reads_prices_said_without_a_currency() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "two came out of my card, one's for eighty nine ninety nine"),
        turn(1, "a", A, 2, 4, "i can see both were paid this morning"),
    )
    assert ("amount", "89.99") in [(f.kind, f.value) for f in read_key_facts(turns)]


@pytest.mark.parametrize(
    "said",
    ["i just want the money back", "they've both come out my card", "there are two transactions on my statement"],
)
def test_a_call_about_money_taken_reads_prices_said_without_a_currency(said: str) -> None:
    turns = (turn(0, "c", C, 0, 2, "one's for eighty nine ninety nine"), turn(1, "c", C, 2, 4, said))
    assert ("amount", "89.99") in [(f.kind, f.value) for f in read_key_facts(turns)]
    assert read_key_facts((turns[0], turn(1, "c", C, 2, 4, "they both came this morning"))) == ()


def test_a_price_without_its_currency_is_verified_against_the_turn() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "it was forty dollars last month"),
        turn(1, "a", A, 2, 4, "this month the plan was fifty four ninety"),
    )
    summary = make_summary(
        summary="The plan cost $54.90.", key_facts=(KeyFact("amount", "$54.90", (1,)),), cited=(0, 1)
    )
    checked = check_summary(summary, turns)
    assert [c.verified for c in checked.checks if c.token == "$54.90"] == [True, True]


# ------------------------------------------------------------ British clock times


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("saturday half nine", 9, 30),
        ("tuesday at half past two", 2, 30),
        ("friday at quarter past ten", 10, 15),
        ("monday quarter to four", 3, 45),
        ("by quarter to six pm", 17, 45),
        ("see you at half eleven tomorrow", 11, 30),
    ],
)
def test_a_british_clock_time_is_a_time(text: str, hour: int, minute: int) -> None:
    times = [(v.hour, v.minute) for k, v in values(text) if k in ("date", "deadline") and getattr(v, "hour", None) is not None]
    assert times == [(hour, minute)]


@pytest.mark.parametrize("text", ["half nine please", "cut it in half two times", "a quarter to the left", "half an hour on monday"])
def test_half_and_quarter_without_a_day_or_am_pm_are_not_times(text: str) -> None:
    assert not [v for k, v in values(text) if getattr(v, "hour", None) is not None]


def test_a_british_clock_time_is_written_in_digits() -> None:
    turns = (turn(0, "a", A, 0, 2, "i can do saturday half nine"),)
    assert [(f.kind, f.value) for f in read_key_facts(turns)] == [("date", "saturday 9:30")]


# ------------------------------------------------------------ Korean


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("잠깐만 통장 좀 보고 삼오이 다시 일이삼사 다시 오육칠팔 다시 구일", "3521234567891"),
        ("국민은행 이칠공 다시 사사오육 다시 칠일", "270445671"),
        ("신한 삼오이 일이삼사 오육칠팔 구일 맞으시죠", "3521234567891"),
    ],
)
def test_a_korean_account_ending_in_a_digit_and_il_keeps_its_last_digits(text: str, ident: str) -> None:
    assert [v for k, v in values(text) if k in ("reference", "account")] == [ident]


@pytest.mark.parametrize("text", ["다음 달 구일까지 내시면 돼요", "매달 구일에 출금돼요"])
def test_a_day_of_the_month_stays_a_day(text: str) -> None:
    assert [getattr(v, "day", None) for _, v in values(text)] == [9]


def test_a_korean_id_finished_after_the_agent_reads_back_its_first_half() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "송장 번호 불러 주세요"),
        turn(1, "c", C, 2, 4, "송장이 삼일칠사 공오팔"),
        turn(2, "a", A, 4, 6, "네 삼일칠사 공오팔 나머지 번호요"),
        turn(3, "c", C, 6, 8, "구사칠이요"),
    )
    assert [f.value for f in read_key_facts(turns)] == ["3174058947"]
    summary = make_summary(summary="송장 3174058947", key_facts=(KeyFact("reference", "3174058947", (1, 3)),), cited=(1, 3))
    assert [c.verified for c in check_summary(summary, turns).checks if c.token == "3174058947"] == [True, True]
    assert fact_in_text("3174058947", " ".join(t.text for t in turns))  # the call read as one text


def test_digits_after_a_read_back_without_asking_for_more_are_not_joined() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "접수번호 삼일칠사 공오팔"),
        turn(1, "a", A, 2, 4, "네 삼일칠사 공오팔 확인됐습니다 연락처는요"),
        turn(2, "c", C, 4, 6, "구사칠이요"),
    )
    assert "3174058947" not in [f.value for f in read_key_facts(turns)]


def test_the_front_of_a_resident_number_is_a_birth_date_not_a_fact() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "주민번호 앞자리랑 성함 부탁드립니다."),
        turn(1, "c", C, 2, 4, "칠이 공삼 일오고요, 김영희요."),
    )
    assert read_key_facts(turns) == ()
