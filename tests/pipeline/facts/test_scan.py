"""The scanner: amounts, ids, phones, dates and deadlines read from text
however they are written or transcribed, in English and Korean, with the
values the fact checker compares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.index import build_index, is_found
from pipeline.facts.scan import find_facts, scan
from pipeline.facts.tokens import tokenize
from pipeline.facts.values import Fact


def only(text: str) -> Fact:
    """The one fact in ``text``."""
    facts = scan(text)
    assert len(facts) == 1, [(f.kind, text[f.start : f.end]) for f in facts]
    return facts[0]


def written(text: str, fact: Fact) -> str:
    return text[fact.start : fact.end]


# ------------------------------------------------------------ tokens


def test_number_words_become_numbers_but_digits_read_one_by_one_stay_apart() -> None:
    assert [t.value for t in tokenize("forty-two")] == [Decimal(42)]
    assert [t.value for t in tokenize("one hundred and forty-two")] == [Decimal(142)]
    assert [t.value for t in tokenize("four eight two")] == [Decimal(4), Decimal(8), Decimal(2)]
    assert [t.value for t in tokenize("100 and 42")] == [Decimal(142)]  # Whisper's "one hundred and forty-two"


# ------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("The charge is £142.50 on the bill.", "£142.50", "142.50"),
        ("one hundred and forty-two pounds fifty", "one hundred and forty-two pounds fifty", "142.50"),
        ("a charge of 100 and 42 pounds 20", "100 and 42 pounds 20", "142.20"),
        ("it was 142 pounds, 75", "142 pounds, 75", "142.75"),
        ("142 pounds and 50 pence", "142 pounds and 50 pence", "142.50"),
        ("it came to 142.75 in the end", "142.75", "142.75"),  # Whisper's money without a currency
        ("$1,250.00 was taken", "$1,250.00", "1250.00"),
    ],
)
def test_an_amount_in_any_english_spelling_has_one_value(text: str, said: str, value: str) -> None:
    fact = only(text)
    assert (fact.kind, written(text, fact), fact.value) == ("amount", said, Decimal(value))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("과태료는 4만 원입니다", "4만 원"),
        ("과태료는 사만원을 내셔야 합니다", "사만원"),
        ("40,000원이 청구되었습니다", "40,000원"),
    ],
)
def test_a_korean_amount_in_digits_or_numerals_is_read_in_won(text: str, said: str) -> None:
    fact = only(text)
    assert (fact.kind, written(text, fact), fact.value) == ("amount", said, Decimal(40000))


def test_a_number_without_money_is_a_plain_number() -> None:
    fact = only("I have 2 cats")
    assert (fact.kind, fact.value) == ("number", Decimal(2))


# ------------------------------------------------------------ ids and phones


@pytest.mark.parametrize(
    ("text", "kind", "said", "value"),
    [
        ("It's 4, 8, 2, 1, 3.", "reference", "4, 8, 2, 1, 3", "48213"),
        ("four eight two one three", "reference", "four eight two one three", "48213"),
        ("quote REF-48213 please", "reference", "REF-48213", "48213"),
        ("my account number is 48213", "account", "48213", "48213"),
        ("your ticket is 71204", "ticket", "71204", "71204"),
        ("the notice PCN55820", "reference", "PCN55820", "PCN55820"),
        ("call me on 07700 900123", "phone", "07700 900123", "07700900123"),
        ("account 2019", "account", "2019", "2019"),  # a year-like id after a cue
    ],
)
def test_ids_are_read_whole_and_named_by_what_was_asked(text: str, kind: str, said: str, value: str) -> None:
    fact = only(text)
    assert (fact.kind, written(text, fact), fact.value) == (kind, said, value)


def test_a_year_and_spelled_numbers_are_not_ids() -> None:
    assert [(f.kind, f.value) for f in scan("since 2019")] == [("number", Decimal(2019))]
    assert all(f.kind == "number" for f in scan("twenty twenty four"))


# ------------------------------------------------------------ dates and deadlines


@pytest.mark.parametrize(
    ("text", "said", "day", "month", "year"),
    [
        ("on March 14", "March 14", 14, 3, None),
        ("the 14th of March 2025", "the 14th of March 2025", 14, 3, 2025),
        ("dated 14/03", "14/03", 14, 3, None),
        ("dated the third of March", "the third of March", 3, 3, None),
    ],
)
def test_a_date_has_its_day_month_and_year(text: str, said: str, day: int, month: int, year: int | None) -> None:
    fact = only(text)
    assert (fact.kind, written(text, fact)) == ("date", said)
    assert (fact.value.day, fact.value.month, fact.value.year) == (day, month, year)  # type: ignore[attr-defined]


def test_a_numeric_date_that_reads_both_ways_is_marked_ambiguous() -> None:
    assert only("dated 04/03").value.ambiguous  # type: ignore[attr-defined]
    assert not only("dated 14/03").value.ambiguous  # type: ignore[attr-defined]


def test_a_date_after_by_is_a_deadline() -> None:
    fact = only("I'll call you back by Friday the 14th")
    assert (fact.kind, fact.value.day, fact.value.weekday) == ("deadline", 14, 4)  # type: ignore[attr-defined]
    assert (only("by tomorrow").kind, only("by tomorrow").anchor) == ("deadline", "tomorrow")
    within = only("a refund within five working days")
    assert (within.kind, within.value) == ("deadline", Decimal(5))


def test_a_korean_weekday_is_a_date_and_with_kkaji_a_deadline() -> None:
    deadline = only("담당자가 금요일까지 연락드리겠습니다")
    assert (deadline.kind, deadline.anchor) == ("deadline", "friday")
    date = only("금요일에 오세요")
    assert (date.kind, date.anchor) == ("date", "friday")


def test_may_the_verb_and_a_spelled_ordinal_alone_are_not_dates() -> None:
    assert scan("You may call me the second time") == []
    assert only("in May").value.month == 5  # type: ignore[attr-defined]
    assert only("by the second").value.day == 2  # type: ignore[attr-defined]


def test_key_facts_leave_out_plain_numbers_and_a_weekday_alone() -> None:
    text = "I have 2 cats, Friday was busy, reference 53182, by Friday the 14th."
    assert find_facts(text) == [("reference", "53182"), ("deadline", "Friday the 14th")]
    # A day said as the day something happens or will happen is a fact.
    assert find_facts("I was in the branch on Monday") == [("date", "Monday")]


# ------------------------------------------------------------ the index facts are looked up in


def test_the_index_finds_an_id_inside_digits_read_one_by_one() -> None:
    index = build_index("it's 0 7 7 0 0, 9 0 0 1 2 3 and my reference is 5 3 1 8 2")
    assert is_found(only("phone 07700 900123"), index)
    assert is_found(only("REF-53182"), index)
    assert not is_found(only("REF-53128"), index)


def test_the_index_finds_a_day_said_on_its_own_and_a_spelled_amount() -> None:
    index = build_index("the agent will ring back on the fourteenth; it was a hundred and forty two pounds twenty")
    assert is_found(only("the 14th"), index)
    assert not is_found(only("the 15th"), index)
    assert is_found(only("£142.20"), index)
    assert not is_found(only("£142.02"), index)
