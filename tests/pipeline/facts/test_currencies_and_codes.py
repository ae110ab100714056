"""Currencies besides the pound, dollar, euro and won; ids and codes said over two
turns with only a nod between; short error codes; Korean 억 amounts and dates with
the copula after the day. Phrasings of their own, not copied from any call."""

from __future__ import annotations

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.summary.grounding import check_summary
from pipeline.types import Role
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_grounding import make_summary

A, C = Role.AGENT, Role.CUSTOMER


def values(*texts: str) -> list[str]:
    turns = tuple(turn(i, "c" if i % 2 else "a", C if i % 2 else A, i * 2, i * 2 + 2, t) for i, t in enumerate(texts))
    return [f.value for f in read_key_facts(turns)]


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("The deposit is 2,500 Hong Kong dollars.", "HK$2,500"),
        ("the fare was HK$45 each way", "HK$45"),
        ("they charged me twelve thousand shillings", "KSh 12,000"),
        ("the bill says KSh 3,400", "KSh 3,400"),
        ("it came to RM89.90 at the counter", "RM89.90"),
        ("a refund of four hundred ringgit", "RM400"),
        ("the ticket was Rs 1,150", "₹1,150"),
        ("we took ₹799 from the card", "₹799"),
        ("it's eight hundred rupees for the visit", "₹800"),
        ("the fee is R1,250.00", "R1,250"),
        ("a deposit of three thousand rand", "R3,000"),
        ("the upgrade is ¥5,000", "¥5,000"),
        ("it was six hundred canadian dollars", "C$600"),
        ("the fine is A$220", "A$220"),
        ("about ninety new zealand dollars", "NZ$90"),
        ("it costs S$35 a night", "S$35"),
        ("we refunded ₱1,200", "₱1,200"),
        ("the charge was ₦15,000", "₦15,000"),
        ("it is a hundred and twenty swiss francs", "CHF 120"),
        ("the invoice says CHF 75", "CHF 75"),
        ("i topped up two hundred and fifty kwacha", "K250"),
        ("the bundle is 399 taka for the month", "Tk 399"),
        ("the bill says Tk 1,200", "Tk 1,200"),
        ("you can claim up to three hundred barbados dollars", "BDS$300"),
        ("the reconnection is TT$450", "TT$450"),
        ("it was two thousand jamaican dollars", "J$2,000"),
        ("they took fifteen thousand tanzanian shillings", "TSh 15,000"),
        ("the fee is eighty fijian dollars", "FJ$80"),
    ],
)
def test_amounts_in_other_currencies_are_written_with_their_sign(said: str, written: str) -> None:
    assert written in values("How much was it?", said)


def test_a_letter_before_digits_is_not_read_as_a_currency() -> None:
    turns = (turn(0, "c", C, 0, 2, "The block is R2 and the room is RM12B, code R2500."),)
    assert [f for f in read_key_facts(turns) if f.kind == "amount"] == []


def test_an_id_spelled_with_letters_and_finished_after_a_read_back_is_one_id() -> None:
    assert "QP408817" in values(
        "Can I have the policy number?", "yes it's q p four oh eight", "q p four oh eight yep", "and eight one seven"
    )


def test_digits_finished_after_a_nod_are_one_id() -> None:
    found = values("What's your customer number?", "it's seven three one nine", "mhm", "oh six")
    assert "731906" in found and "7319" not in found


def test_digits_after_a_question_between_are_not_joined() -> None:
    found = values("What's your customer number?", "it's seven three one nine", "and your postcode please", "oh six")
    assert "731906" not in found


def test_a_registration_spelled_over_two_turns_is_one() -> None:
    assert "KT19PXR" in values("what's the reg?", "it's k t one nine", "k t one nine", "then p x r")


def test_a_code_read_after_a_sentence_ends_starts_anew() -> None:
    assert "KB55031" in values("the code?", "it's 5 5 0. k b 5 5 0 3 1")


@pytest.mark.parametrize("said", ["the panel says h two one", "it keeps showing e one four"])
def test_a_short_error_code_said_letter_then_digits_is_read(said: str) -> None:
    assert values("what does it show?", said)[0] in ("H21", "E14")


def test_a_lone_letter_and_two_digits_without_a_cue_is_not_a_code() -> None:
    assert "B12" not in values("ok", "we live at b twelve now")


def test_korean_amounts_in_eok_are_money() -> None:
    assert "350,000,000원" in values("보증금이 얼마세요", "매매가가 삼억 오천이에요")
    assert "120,000,000원" in values("대출은요", "대출이 일억 이천만 원 있어요")


@pytest.mark.parametrize(("said", "date"), [("시험이 구월 이십일이라서요", "9월 20일"), ("마감이 삼월 칠일이더라고요", "3월 7일")])
def test_korean_dates_followed_by_the_copula_are_read(said: str, date: str) -> None:
    assert any(v.startswith(date) for v in values("언제세요", said))


def test_korean_digits_before_ipnida_after_a_vowel_are_an_id() -> None:
    assert "52914" in values("접수번호 알려 드릴게요", "접수번호 오이구일사입니다")


def test_the_checker_accepts_an_id_the_reader_joined_over_turns() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Can I have the policy number?"),
        turn(1, "c", C, 2, 4, "yes it's q p four oh eight"),
        turn(2, "a", A, 4, 6, "q p four oh eight yep"),
        turn(3, "c", C, 6, 8, "and eight one seven"),
    )
    facts = read_key_facts(turns)
    checked = check_summary(make_summary(summary="Policy QP408817 checked.", key_facts=facts, cited=(1, 3)), turns)
    assert all(c.verified for c in checked.checks if c.field == "summary" or c.field.startswith("key_facts"))
    assert [f.value for f in checked.key_facts if f.verified] == ["QP408817"]



@pytest.mark.parametrize(
    ("said", "written", "currency"),
    [("I paid five hundred rand for the token", "R500", "rand"), ("I bought three hundred kwacha of units", "K300", "kwacha")],
)
def test_a_small_amount_the_reader_writes_like_an_id_is_verified_by_the_checker(said: str, written: str, currency: str) -> None:
    from pipeline.facts.index import fact_in_text

    turns = (turn(0, "c", C, 0, 4, said),)
    facts = read_key_facts(turns)
    assert [f.value for f in facts] == [written]
    checked = check_summary(make_summary(summary=f"Paid {written}.", key_facts=facts, cited=(0,)), turns)
    assert all(c.verified for c in checked.checks if c.field == "summary" or c.field.startswith("key_facts"))
    assert fact_in_text(written, f"the reference is {written}")
    assert not fact_in_text(written, f"the code is 77 and it cost forty {currency}")


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("so three thousand four hundred and nineteen pounds oh six all in", "£3,419.06"),
        ("the fare came to twelve dollars oh five", "$12.05"),
    ],
)
def test_pence_said_with_their_zero_are_part_of_the_amount(said: str, written: str) -> None:
    assert values("How much is it?", said) == [written]


def test_digits_read_out_after_an_amount_are_not_its_pence() -> None:
    assert "£20.07" not in values("What do I owe?", "twenty pounds oh seven seven double oh nine is my number")
