"""English numbers as Whisper writes speech: split amounts, digit groups,
spelled times and durations, spelled codes; each read as the value said."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.addresses import is_street_line
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import find_facts, scan
from pipeline.facts.tokens import tokenize


def values(text: str) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in scan(text) if f.kind != "number"]


# ------------------------------------------------------------ "$100 and $4"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The total is $100 and $4 on your bill.", Decimal(104)),  # "one hundred and four dollars"
        ("it came to £300 and £12.", Decimal(312)),
        ("that's 100 and 42 pounds 20", Decimal("142.20")),
        ("So the refund for $1,200 and $49 was requested", Decimal(1249)),  # "one thousand two hundred and forty-nine"
    ],
)
def test_a_spoken_number_split_by_whisper_is_one_amount(text: str, amount: Decimal) -> None:
    assert values(text) == [("amount", amount)]


def test_two_real_amounts_stay_apart() -> None:
    # The second amount is an item of its own, or not a part that follows "hundred and".
    assert [v for k, v in values("a deposit of $100 and $4 fee for the card") if k == "amount"] == [Decimal(100), Decimal(4)]
    assert [v for k, v in values("$100 and $250") if k == "amount"] == [Decimal(100), Decimal(250)]
    assert [v for k, v in values("$100 and then $4") if k == "amount"] == [Decimal(100), Decimal(4)]
    assert [v for k, v in values("we paid $2,000 and $49 for the fitting") if k == "amount"] == [Decimal(2000), Decimal(49)]


def test_a_count_then_an_amount_is_not_joined() -> None:
    assert [t.value for t in tokenize("100 and $4") if t.value is not None] == [Decimal(100), Decimal(4)]


# ------------------------------------------------------------ digit groups


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("my account is 5-5-8-2-1.", "55821"),  # "five five eight two one"
        ("It's 5 5 8 2 1 9 0.", "5582190"),
        ("the code is oh four four one seven", "04417"),
        ("reference 40-11-62", "401162"),
        ("Yep. It's 5. 5. 8. 2. 1. 9. Zero. Lovely.", "5582190"),  # dictated slowly
        # a new sentence about the last digits, in words: not more of the id
        ("It's 4 4 0 7 1 5 8. Five-eight at the end, not eight-five.", "4407158"),
    ],
)
def test_digits_written_in_groups_are_one_id(text: str, ident: str) -> None:
    assert [v for k, v in values(text) if k in ("account", "reference")] == [ident]
    assert fact_in_text(ident, text)


@pytest.mark.parametrize("text", ["It was 40. 2 days later it came.", "I paid 12.50. 3 days ago.", "Room 12. 34 people."])
def test_a_full_stop_joins_single_digits_only(text: str) -> None:
    assert [v for k, v in values(text) if k in ("account", "reference")] == []


def test_oh_is_zero_only_among_digits() -> None:
    assert [t.kind for t in tokenize("Oh, I see")] == ["word", "punct", "word", "word"]


# ------------------------------------------------------------ times and durations


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Wednesday at ten twenty with Dr Shah", ("date", "Wednesday at ten twenty")),
        ("see you tomorrow at 2:40, then", ("date", "tomorrow at 2:40")),
        ("The earliest is Tuesday at 11 am.", ("date", "Tuesday at 11 am")),
        ("a callback tomorrow before noon", ("deadline", "tomorrow before noon")),
        ("power back by 6 pm", ("deadline", "by 6 pm")),
        ("I'll ring this afternoon, before five.", ("deadline", "before five")),
        ("It should reach you in five to seven working days.", ("deadline", "in five to seven working days")),
        ("back on your card within 7 to 10 working days", ("deadline", "within 7 to 10 working days")),
        ("they will call you back within the hour", ("deadline", "within the hour")),
        ("Back on the same card, five to seven working days.", ("deadline", "five to seven working days")),
        ("In person it's ten business days.", ("deadline", "ten business days")),
        ("move it to the twenty-eighth of the month", ("date", "the twenty-eighth of the month")),
        ("I was in your branch on Monday", ("date", "Monday")),
    ],
)
def test_times_and_durations_are_key_facts(text: str, said: tuple[str, str]) -> None:
    assert find_facts(text) == [said]


def test_a_time_in_the_summary_is_found_however_the_call_said_it() -> None:
    assert fact_in_text("Wednesday at 10:20", "Wednesday at ten twenty with Dr Shah, is that the one?")
    assert fact_in_text("tomorrow at 2:40", "Yes! Tomorrow at 2:40, I'll take it.")
    assert not fact_in_text("Wednesday at 10:30", "Wednesday at ten twenty with Dr Shah")
    assert not fact_in_text("tomorrow at 2:40", "Wednesday at 2:40")


def test_a_clock_time_without_a_cue_is_not_a_key_fact() -> None:
    assert find_facts("I can see the 10:42 to Brighton was cancelled") == []


def test_a_time_alone_or_with_am_or_pm_is_a_time() -> None:
    # A key fact's value ("3:30", read from "half three") is checked against the call as a time.
    assert fact_in_text("3:30", "or there's monday the twenty-first in the afternoon half three")
    assert not fact_in_text("3:45", "or there's monday the twenty-first in the afternoon half three")
    assert find_facts("the last one is 10:42 pm") == [("date", "10:42 pm")]


# ------------------------------------------------------------ spelled codes and corrections in one text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31 Beech Avenue, L S 6, 2 Q T.", "LS6 2QT"),
        ("It's T A 1, 4 R W. The whole street's off.", "TA1 4RW"),
        ("L V 7 2, E F A.", "LV72 EFA"),
    ],
)
def test_postcodes_and_registrations_spelled_out(text: str, code: str) -> None:
    assert [v for k, v in values(text) if k == "other" and not is_street_line(v)] == [code]


def test_letters_around_a_fault_code_are_not_a_postcode() -> None:
    assert values("so e403 is usually the app cache") == [("reference", "E403")]


def test_an_amount_linked_to_another_keeps_its_currency_reading() -> None:
    text = "it's reduced to thirty-five pounds instead of seventy."
    assert [v for k, v in values(text) if k == "amount"] == [Decimal(35), Decimal(70)]


def test_double_and_triple_repeat_a_digit() -> None:
    assert values("my number is oh one six one, double four nine, triple 5 two") == [("phone", "01614495552")]
    assert values("the account is 4 double 7 0 1 9") == [("account", "477019")]


# ------------------------------------------------------------ digits heard as words, times as decimals


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("The card ends for 407. And the answer's Bramble.", "4407"),  # "ends four four oh seven"
        ("a credit card ending in to 5 9 1", "2591"),
    ],
)
def test_a_digit_heard_as_a_word_after_ends_is_the_first_of_the_last_four(text: str, ident: str) -> None:
    assert [v for k, v in values(text) if k == "reference"] == [ident]
    assert fact_in_text(ident, text)


@pytest.mark.parametrize("text", ["the contract ends for 12 months", "the offer ends for 2024 customers", "I went to 407"])
def test_for_and_to_stay_words_elsewhere(text: str) -> None:
    assert [k for k, _ in values(text) if k == "reference"] == []
    assert not any(t.kind == "num" and t.text in ("4", "2") for t in tokenize(text))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I had a cancellation for tomorrow at 2.4. Would that work?", ("date", "tomorrow at 2.4")),  # "two forty"
        ("See you tomorrow at 2.4pm.", ("date", "tomorrow at 2.4pm")),
    ],
)
def test_a_time_written_as_a_decimal_without_its_zero(text: str, said: tuple[str, str]) -> None:
    assert find_facts(text) == [said]
    assert fact_in_text("tomorrow at 2:40", text)
    assert not fact_in_text("tomorrow at 2:04", text)


@pytest.mark.parametrize(
    "text",
    [
        "the rate is 2.4 percent",
        "it rose at 2.5",
        "we grew at 3.2 last year",
        "Yes. Tomorrow at 20.3. I'll take it.",  # "twenty to three": no 24-hour time is written so
    ],
)
def test_a_decimal_is_a_time_only_where_a_time_is_expected(text: str) -> None:
    assert [k for k, _ in find_facts(text)] == []


def test_a_corrected_id_read_out_again_keeps_only_the_new_value() -> None:
    from pipeline.facts.extract import read_key_facts
    from pipeline.types import Role
    from tests.pipeline.factories import turn

    lines = [
        (Role.CUSTOMER, "Yeah, it's 4 4 0 7 1 8 5."),
        (Role.AGENT, "4 4 0 7 1 8 5... I'm not finding that one, sorry."),
        (Role.CUSTOMER, "Ah, hang about, me glasses. It's 4 4 0 7 1 5 8. Five-eight at the end, not eight-five."),
    ]
    turns = [turn(i, "c" if role is Role.CUSTOMER else "a", role, i * 5.0, i * 5.0 + 4, text) for i, (role, text) in enumerate(lines)]
    assert [f.value for f in read_key_facts(turns)] == ["4407158"]
