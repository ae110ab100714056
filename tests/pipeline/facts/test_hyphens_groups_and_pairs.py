"""Numbers written with hyphens, said in groups or two digits at a time: "one-one-eight,
two-oh-five", "double-oh-four-eight", "oh eight seven, nine hundred, forty-four twelve",
"the booking reference is twenty-two ninety-one", "at ten-thirty"; a Korean phone said
with "에" between its groups and a court case number; weekdays said as days ("booked for
Saturday", "Friday morning"); a date something runs from in a sentence about birthdays;
amounts the checker must back ("GH₵1,200", "36,000", "K15"); and the look-alikes that stay
what they were."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import key_facts_in
from pipeline.types import Role
from tests.pipeline.facts.said import shown, values

A, C = Role.AGENT, Role.CUSTOMER


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("Can I take your account number?", "It's one-one-eight, two-oh-five.", ("account", "118205")),
        ("Can I take your account number?", "Hi, yeah, it's double-oh-four-eight, two-one-three.", ("account", "0048213")),
        ("What's the best number?", "Phone's five-one-two, five-five-five, oh-one-six-six.", ("phone", "512-555-0166")),
        ("Have yiz the right number for me?", "It's oh eight seven, nine hundred, forty-four twelve.", ("phone", "087 900 4412")),
        ("Can I check your mobile?", "oh seven seven oh oh, nine hundred, five six two", ("phone", "07700 900562")),
        ("Thank you.", "The booking reference is twenty-two ninety-one.", ("reference", "2291")),
        ("연락처 부탁드려요", "번호는 공일공에 육육팔이에 일오사칠이요", ("phone", "010-6682-1547")),
        ("사건번호 아세요?", "사건번호가 이공이오 타채 삼공팔일칠이에요", ("reference", "2025타채30817")),
    ],
)
def test_ids_said_in_hyphens_groups_and_pairs_are_read_whole(question: str, answer: str, fact: tuple[str, str]) -> None:
    assert shown((A, question), (C, answer)) == [fact]


def test_a_phone_said_in_words_is_shown_as_written_when_the_agent_writes_it_back() -> None:
    facts = shown((C, "Ji, zero three double-one, four seven two, eight eight one nine."), (A, "0311-4728819. And the CNIC?"))
    assert facts == [("phone", "0311-4728819")]


@pytest.mark.parametrize(
    "text",
    [
        "it was a one-off charge",  # not digits
        "I rang two-three times",  # too short for any id
        "the reference is twenty twenty-four",  # a year
        "the account is twenty-six twenty now",  # a balance: "account" does not name a paired id
        "reference twenty-two ninety-one pounds",  # a quantity after it
        "your number is twelve",  # one pair is no id
    ],
)
def test_look_alikes_of_paired_and_hyphenated_ids_are_not_ids(text: str) -> None:
    assert not [v for v in values(text) if v[0] in ("account", "reference", "phone")]


def test_an_hour_and_its_minutes_joined_by_a_hyphen_is_a_time_where_a_time_is_said() -> None:
    [fact] = key_facts_in("Next is Saturday the fourteenth of March at ten-thirty.")
    assert fact.value.hour == 10 and fact.value.minute == 30  # type: ignore[union-attr]
    # "I paid two-fifty" may be £250 or £2.50: no price is made of it
    assert values("i already paid two-fifty", money_said=True) == []


def test_pence_are_not_read_from_a_count_after_the_pounds() -> None:
    assert values("that's forty-two pounds, and twenty-one days") == [("amount", Decimal("42"))]
    assert values("that's forty-two pounds and twenty pence") == [("amount", Decimal("42.20"))]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The movers are booked for Saturday.", "saturday"),
        ("i've got friday morning and i've put it as priority", "friday"),
    ],
)
def test_a_weekday_booked_or_given_a_part_of_the_day_is_a_date(text: str, day: str) -> None:
    assert ("date", day) in [(k, str(v).lower()) for k, v in shown((A, text), (C, "ok"))]


def test_a_weekday_in_passing_is_still_no_date() -> None:
    assert shown((C, "I've been waiting since Monday for this"), (A, "ok")) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Aiyo, that one also same date, the fourteenth. Both expired together lah.", 14),
        ("it expired the third, so i rang", 3),
    ],
)
def test_a_day_said_alone_after_a_word_about_dates_is_a_date(text: str, day: int) -> None:
    assert [f.value.day for f in key_facts_in(text)] == [day]  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["for the second time", "on the second floor"])
def test_an_ordinal_that_counts_is_no_date(text: str) -> None:
    assert key_facts_in(text) == []


def test_a_date_something_runs_from_is_kept_in_a_turn_about_birthdays() -> None:
    rule = "신청은 생일이 있는 달 한 달 전부터 돼요. 5월생이시면 4월 1일부터 신청하실 수 있어요."
    assert shown((A, rule), (C, "네")) == [("date", "4월 1일")]
    # an answer to "date of birth?" is still left out
    assert shown((A, "생년월일 말씀해 주세요"), (C, "1985년 3월 2일이요")) == []
    assert shown((A, "and your date of birth?"), (C, "the fourteenth of march")) == []


@pytest.mark.parametrize(
    ("value", "said", "backed"),
    [
        ("GH₵1,200", "i was sending one thousand two hundred cedis to my brother", True),
        ("36,000", "The deposit was thirty-six thousand, and the landlord deducted", True),
        ("36,001", "The deposit was thirty-six thousand, and the landlord deducted", False),
        ("K15", "i buy the fifteen kina weekly plan", True),
        ("K16", "i buy the fifteen kina weekly plan", False),
    ],
)
def test_the_checker_backs_amounts_the_reader_writes(value: str, said: str, backed: bool) -> None:
    assert fact_in_text(value, said) is backed


def test_an_amount_deducted_is_read_in_a_call_about_money() -> None:
    text = "The deposit was thirty-six thousand, and the landlord deducted fourteen thousand eight hundred."
    assert [v for k, v in values(text, money_said=True) if k == "amount"] == [Decimal("36000"), Decimal("14800")]


@pytest.mark.parametrize(
    ("text", "shown_as", "hours"),
    [
        ("We're in your area on Thursday the 14th of March, morning slot, eight till twelve, or the Monday.",
         "Thursday the 14th of March, morning slot, 8 till 12", (8, 12)),
        ("The earliest engineer slot is Saturday morning, eight till one.", "Saturday morning, 8 till 1", (8, 1)),
        ("Friday the 13th, the afternoon, twelve till four.", "Friday the 13th, the afternoon, 12 till 4", (12, 4)),
        ("Thursday morning, between nine and twelve, on the mobile", "Thursday morning, between 9 and 12", (9, 12)),
    ],
)
def test_a_visit_window_after_a_day_is_one_date_with_its_start_and_end(text: str, shown_as: str, hours: tuple[int, int]) -> None:
    [fact] = [f for f in key_facts_in(text) if f.kind == "date"][:1]
    assert (fact.value.hour, fact.value.end_hour) == hours  # type: ignore[union-attr]
    assert ("date", shown_as) in shown((A, text), (C, "ok"))


@pytest.mark.parametrize(
    ("label", "summary", "found"),
    [
        ("Thursday 14 March, 8:00–12:00", "Booked for Thursday the 14th of March, morning slot, 8 till 12.", True),
        ("Thursday 14 March, 8:00–12:00", "Booked for Thursday the 14th of March, 8 till 1.", False),
        ("Saturday 8:00–13:00", "Engineer: Saturday morning, 8 till 1.", True),
        ("6 March, 8am–12pm", "Thursday 6 March, 8 till 12", True),
    ],
)
def test_a_window_is_found_only_with_its_end(label: str, summary: str, found: bool) -> None:
    assert fact_in_text(label, summary) is found


@pytest.mark.parametrize("text", ["Thursday, between two and three hours.", "Monday, two or three of them"])
def test_counts_after_a_day_are_no_window(text: str) -> None:
    assert all(f.value is None or f.value.end_hour is None for f in key_facts_in(text) if f.kind == "date")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("my gas bill this month has come eighteen thousand, two hundred and forty rupees.", ("amount", "₹18,240")),
        ("The ticket was two million four hundred fifty thousand rupiah.", ("amount", "Rp 2,450,000")),
        ("New total four thousand eight hundred baht.", ("amount", "฿4,800")),
        ("Tuesday, Chaguanas, two thousand eight hundred fifty-five TT.", ("amount", "TT$2,855")),
        ("Your job reference for the leak is seven, six, oh, four, four, one, nine. So", ("reference", "7604419")),
        ("we aim to be there within three hours, so by about two o'clock.", ("deadline", "by about 2")),
        ("he'd be out thursday september eighteenth sometime between eight and noon",
         ("date", "thursday september eighteenth sometime between 8 and noon")),
    ],
)
def test_more_spoken_forms_are_read(text: str, fact: tuple[str, str]) -> None:
    assert fact in shown((A, text), (C, "ok"))


def test_a_list_of_thousands_is_not_one_number() -> None:
    assert values("thirty thousand, forty thousand, fifty thousand") == []


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("네", "공일공 사칠일칠 오륙이삼 맞으세요", ("phone", "010-4717-5623")),  # 륙: 6 after a vowel
        ("연락처요", "번호는 공일공에, 육칠팔삼, 이공오구요.", ("phone", "010-6783-2059")),
    ],
)
def test_korean_phones_said_with_륙_or_a_written_comma_after_에(question: str, answer: str, fact: tuple[str, str]) -> None:
    assert shown((A, question), (C, answer)) == [fact]


def test_a_phone_read_back_without_its_cue_is_the_same_phone() -> None:
    facts = shown(
        (C, "my nephew will be out there, his number is nine two eight five five five zero one four nine"),
        (A, "nine two eight five five five zero one four nine, got it."),
    )
    assert facts == [("phone", "928-555-0149")]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("And your date of birth and the last four of your social?", "Two, two, oh, nine."),
        ("Can I take your name and PIN, please?", "Harold Jennings, and the PIN is nine four one one."),
    ],
)
def test_a_security_answer_is_no_fact(question: str, answer: str) -> None:
    assert shown((A, question), (C, answer)) == []


def test_the_last_four_of_a_card_stay_a_fact_when_asked_with_a_security_question() -> None:
    question = "Can you give me the last four digits of the card and your PIN?"
    assert [value for _, value in shown((A, question), (C, "four four oh seven"))] == ["4407"]
