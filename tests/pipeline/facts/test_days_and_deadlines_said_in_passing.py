"""A day and its time said in one breath ("5월 16일 목요일 오후", "Thursday twelfth June,
10am", "before 4pm today"), deadlines said by the end of a period ("by end of day
tomorrow"), as a range of days alone ("seven to ten days") or as time given ("you've got
twenty eight days from the notice"), "7~10일 이내" and "삼에서 오 영업일", the last digit of a
Korean number read out ("… 구 일 번"), and prices priced by a money noun ("a replacement
fee of eleven fifty", "the remaining sixteen thousand four hundred and fifty",
"thirty-three seventy-five in fees"); and the look-alikes that are not facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.prices import talks_money
from pipeline.facts.scan import key_facts_in
from pipeline.facts.values import WEEKDAYS, DateValue
from pipeline.types import Role
from tests.pipeline.factories import turn


def shown(text: str) -> list[tuple[str, str]]:
    return [(f.kind, str(f.value)) for f in read_key_facts([turn(0, "A", Role.AGENT, 0.0, 5.0, text)])]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("5월 16일 목요일 오후에 준설하고 덮개까지 달아 드릴게요", ("date", "5월 16일 목요일 오후")),
        ("6월 8일 토요일이요 그날 오전에 기사님이 가요", ("date", "6월 8일 토요일")),
        ("예약은 오월 이십삼일 목요일 오전 아홉 시 사십 분입니다", ("date", "5월 23일 목요일 오전 9시 40분")),
        ("환불은 7~10일 이내로 들어갑니다", ("deadline", "7~10일 이내")),
        ("카드사에 따라 삼에서 오 영업일 정도 걸려요", ("deadline", "3~5영업일 정도")),
        ("접수번호 이 칠 사 공 구 일 번으로 돼 있는데요", ("reference", "274091")),
        ("접수번호는 에이치 이 삼 공 구 일이에요", ("reference", "H23091")),
    ],
)
def test_a_korean_date_keeps_its_weekday_and_half_day(text: str, fact: tuple[str, str]) -> None:
    assert shown(text) == [fact]


def test_a_day_after_a_month_or_a_number_said_whole_stays_a_date() -> None:
    assert shown("삼월 칠 일이요") == [("date", "3월 7일")]
    assert shown("생년월일은 구팔 공삼 일이요") == []  # a date of birth said in pairs is no reference


def test_a_weekday_said_as_a_contrast_is_not_the_dates() -> None:
    # "화요일은 오전이 안 되고": Tuesday morning is what does not work
    assert shown("3월 18일 화요일은 오전이 안 되고 수요일 오후 괜찮아요")[0] == ("date", "3월 18일")


def test_the_weekday_is_part_of_the_korean_dates_value() -> None:
    (fact,) = key_facts_in("5월 16일 목요일 오후에 갑니다")
    assert fact.value == DateValue(day=16, month=5, weekday=WEEKDAYS["thursday"])


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("I can see the booking, Ikeja centre, Thursday twelfth June, 10am. Let me", ("date", "Thursday twelfth June, 10am")),
        ("I will move it myself and call you back, before 4pm today. Is this", ("deadline", "before 4pm today")),
        ("so you'll call me before four today", ("deadline", "before 4 today")),
        ("I'll ring you by five tomorrow", ("deadline", "by 5 tomorrow")),
    ],
)
def test_a_day_and_its_time_said_in_one_breath_are_one_fact(text: str, fact: tuple[str, str]) -> None:
    assert shown(text) == [fact]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("We'll take care of it. By end of day tomorrow at the latest.", "By end of day tomorrow"),
        ("it'll be sorted by the end of the day.", "by the end of the day"),
        ("you'll have it before close of business on Friday, okay", "before close of business on Friday"),
        ("the first payment by the end of the month please", "by the end of the month"),
        ("The new card will mail to the address, seven to ten days. You'll set a PIN", "seven to ten days"),
        ("usually three to five days for the letter", "three to five days"),
        ("you've got twenty eight days from the notice to appeal", "twenty eight days"),
        ("you have 14 days to pay it", "14 days"),
    ],
)
def test_a_deadline_said_by_the_end_of_a_period_or_as_a_range_of_days(text: str, fact: str) -> None:
    assert shown(text) == [("deadline", fact)]


@pytest.mark.parametrize(
    "text",
    [
        "at the end of the day it's your choice",
        "we have four today and three tomorrow",
        "it's been three to four days now",
        "it lasted two to three days",
        "I was off work for two to three days",
        "that was three to four days ago",
        "I have two days left of my holiday",
    ],
)
def test_counts_of_days_and_ends_of_days_that_are_no_deadline(text: str) -> None:
    assert shown(text) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("there's a replacement fee of eleven fifty", Decimal("11.50")),
        ("i had to pay a fine of forty nine ninety nine or", Decimal("49.99")),
        ("so the remaining sixteen thousand four hundred and fifty is split into three payments", Decimal(16450)),
        ("the outstanding two hundred will be taken then", Decimal(200)),
        ("so thirty-three seventy-five in fees because the gantry failed", Decimal("33.75")),
        ("so you will pay two thousand five hundred extra", Decimal(2500)),
    ],
)
def test_a_price_priced_by_a_money_noun(text: str, amount: Decimal) -> None:
    assert [(f.kind, f.value) for f in key_facts_in(text, money_said=True)] == [("amount", amount)]


@pytest.mark.parametrize(
    "text",
    ["the bill's due, I'll ring at ten thirty", "the remaining four hundred metres is closed", "in the year two thousand was"],
)
def test_numbers_near_money_words_that_are_no_price(text: str) -> None:
    assert not any(f.kind == "amount" for f in key_facts_in(text, money_said=True))


@pytest.mark.parametrize(
    ("text", "money"),
    [("i had to pay a fine of forty", True), ("they fined me", True), ("the payment went out", True),
     ("that's fine thanks", False), ("fine, ring me back", False)],
)
def test_paying_and_fines_make_a_call_talk_money(text: str, money: bool) -> None:
    assert talks_money(text) is money


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("the engineer comes Friday 8am", 8),
        ("we'll ring Monday 9 pm to confirm", 21),
        ("it's booked for Saturday 10 o'clock", 10),
    ],
)
def test_a_weekday_and_an_hour_is_a_time_not_a_day_of_the_month(text: str, hour: int) -> None:
    (fact,) = [f for f in key_facts_in(text) if f.kind == "date"]
    assert isinstance(fact.value, DateValue) and fact.value.day is None and fact.value.hour == hour


def test_a_sailing_at_ten_oclock_on_a_saturday_is_not_the_tenth() -> None:
    said = "I had a booking for Saturday, the ten o'clock from Valletta to Gozo, and it was cancelled"
    assert not [f for f in key_facts_in(said) if isinstance(f.value, DateValue) and f.value.day == 10]


def test_a_slot_labelled_with_am_and_pm_is_found_where_its_hours_are_said() -> None:
    from pipeline.facts.index import fact_in_text

    assert fact_in_text("Friday, 8am to 12pm", "a priority delivery for tomorrow, Friday, between 8 and 12")
    assert fact_in_text("Wednesday 10am", "the visit is Wednesday at ten am")
    assert not fact_in_text("Friday, 8am to 12pm", "a priority delivery for Friday, between 9 and 12")
