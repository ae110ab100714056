"""Facts said the way people read them off a bill or a letter: a price over a hundred
said as three numbers ("one forty-two sixty"), money in a compound ("a hundred-dollar
fee"), cedis, dollars said in Korean ("138달러 40센트"), a phone number dictated with
"nine oh oh", letters said before an id ("T, eight eight four …", "J H 이공사 칠칠일"), an
airline code with one digit, a day said with the subject particle ("삼십일일이"), and
"in about seven to ten days"; and the look-alikes that are not facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.scan import key_facts_in
from pipeline.facts.values import DateValue
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def values(text: str, money_said: bool = False) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in key_facts_in(text, money_said)]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("starting next month it's one forty-two sixty and i'm lookin at this", Decimal("142.60")),
        ("that built up a deficit of four twelve eighty which it's spreading", Decimal("412.80")),
        ("so the balance right now is three eighty-seven twelve", Decimal("387.12")),
        ("so that leaves two eighty-seven twelve and", Decimal("287.12")),
        ("the pre-authorized debit of one ninety-four fifty came back", Decimal("194.50")),
    ],
)
def test_a_price_over_a_hundred_said_as_three_numbers_is_one_amount(text: str, amount: Decimal) -> None:
    assert values(text, money_said=True) == [("amount", amount)]


@pytest.mark.parametrize(
    "text",
    [
        "the bus leaves ten thirty",  # a clock time after "leaves"
        "she's in room one twenty-one ten",  # a room
        "the flight number is one forty-two sixty",  # a named number
        "it was one forty-two sixty",  # a call that never talks money (money_said False below)
    ],
)
def test_three_numbers_that_are_not_a_price_stay_apart(text: str) -> None:
    assert not any(kind == "amount" for kind, _ in values(text, money_said="flight" not in text and "was" not in text))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("I paid y'all dat hundred-dollar service fee", Decimal(100)),
        ("there's a fifty-pound fine on it", Decimal(50)),
        ("i sent five hundred and fifty cedis to my supplier", Decimal(550)),
    ],
)
def test_money_said_in_a_compound_or_in_cedis_is_an_amount(text: str, amount: Decimal) -> None:
    assert ("amount", amount) in values(text)


def test_a_hyphenated_number_before_a_currency_is_not_read_from_its_tail() -> None:
    assert values("a three-hundred-and-ten-dollar overpayment invoice") == []


def test_amounts_in_cedis_and_korean_dollars_are_written_with_their_signs() -> None:
    turns = [
        turn(0, "B", C, 0.0, 3.0, "i sent five hundred and fifty cedis to a wrong number"),
        turn(1, "A", A, 3.0, 6.0, "신발이 138달러로 신고돼 있고요, 다른 건 312달러 40센트예요"),
    ]
    assert [f.value for f in read_key_facts(turns) if f.kind == "amount"] == ["GH₵550", "$138", "$312.40"]


def test_a_price_said_without_its_currency_takes_the_sign_said_later() -> None:
    turns = [
        turn(0, "B", C, 0.0, 3.0, "The bill is one eighty-two thirty, due on the twenty-fifth."),
        turn(1, "A", A, 3.0, 6.0, "Yes I see RM182.30 outstanding."),
    ]
    assert [f.value for f in read_key_facts(turns) if f.kind == "amount"] == ["RM182.30"]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("It's oh seven seven oh oh, nine oh oh, one four seven.", ("phone", "07700900147")),
        ("Your confirmation is T, eight eight four one zero two, and", ("reference", "T884102")),
        ("접수번호 불러 드릴게요. J H 이공사 칠칠일입니다.", ("reference", "JH204771")),
        ("confirmation is p a y seven one seven two four zero", ("reference", "PAY717240")),
        ("Booking reference. K 7 Q W T D.", ("reference", "K7QWTD")),
    ],
)
def test_ids_with_letters_and_phones_with_oh_oh_are_read_whole(text: str, fact: tuple[str, str]) -> None:
    assert values(text) == [fact]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Darnell Ruiz, R U I Z. Nine seven two one four.", ("reference", "97214")),  # a name spelled, then a zip
        ("the postcode is s w one a one a a", None),  # a UK postcode
    ],
)
def test_letters_of_a_spelled_word_stay_out_of_the_id(text: str, fact: tuple[str, str] | None) -> None:
    assert values(text) == ([fact] if fact else [])


@pytest.mark.parametrize(
    ("text", "day", "month"),
    [("오월 삼십일일이 만기라예", 31, 5), ("오월 이십일이 만기예요", 20, 5), ("삼월 이십일일이 마감이에요", 21, 3)],
)
def test_a_korean_day_said_with_the_subject_particle_is_a_date(text: str, day: int, month: int) -> None:
    dates = [v for kind, v in values(text) if kind == "date"]
    assert len(dates) == 1 and isinstance(dates[0], DateValue) and (dates[0].day, dates[0].month) == (day, month)


def test_digits_before_il_i_in_a_phone_number_stay_digits() -> None:
    assert values("공일공 칠일이 삼사오육") == [("phone", "0107123456")]


@pytest.mark.parametrize(
    ("text", "count"),
    [("you should see it in about seven to ten days", 10), ("they'll ring within about ten days", 10)],
)
def test_a_deadline_said_with_about_is_a_deadline(text: str, count: int) -> None:
    assert values(text) == [("deadline", Decimal(count))]


@pytest.mark.parametrize("text", ["call back in about five minutes", "within about a week or so maybe"])
def test_about_before_minutes_or_a_week_adds_no_deadline(text: str) -> None:
    assert values(text) == []
