"""Facts said the way people say them on the phone: Korean amounts with the
leading 1 unsaid, "dash" and "다시" between digit groups, codes of letters and
digits (also spelled "Q as in Quebec"), a day of the month said as an
ordinal, a visit window on a day, a Korean flat number; and the look-alikes
that are not facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import find_facts, key_facts_in
from pipeline.facts.values import DateValue
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def values(text: str) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in key_facts_in(text)]


# ------------------------------------------------------------ Korean amounts


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("이번 달 요금이 만 팔천 원 나왔어요.", 18_000),
        ("만 오천 원 환불 처리해 드렸습니다.", 15_000),
        ("수수료 천오백 원이 붙습니다.", 1_500),
        ("위약금은 십만 원이에요.", 100_000),
        ("백만 원이 한꺼번에 빠져나갔어요.", 1_000_000),
        ("1만 8천 원 청구됐네요.", 18_000),
        ("만 삼천 오백 원입니다.", 13_500),
        ("삼천 오백 원만 더 내시면 돼요.", 3_500),
    ],
)
def test_a_korean_amount_is_read_whole_when_its_leading_one_is_not_said(text: str, amount: int) -> None:
    assert values(text) == [("amount", Decimal(amount))]


@pytest.mark.parametrize("text", ["만 육십오 세 이상이시면 감면돼요.", "만 이천 명이 가입했대요.", "그럼 이만 끊을게요.", "천천히 말씀해 주세요."])
def test_bare_place_words_that_are_no_amount_stay_unread(text: str) -> None:
    assert values(text) == []


# ------------------------------------------------------------ spoken dash


def test_digit_groups_joined_by_a_spoken_dash_are_one_id() -> None:
    assert values("접수번호는 이공칠일 다시 오오팔입니다.") == [("reference", "2071558")]
    assert values("two oh seven one dash five five eight") == [("reference", "2071558")]
    assert values("It's 4410 dash 27.") == [("reference", "441027")]


def test_a_mobile_number_said_with_dashes_is_a_phone_number() -> None:
    text = "연락처는 공일공 다시 일이삼사 다시 오육칠팔이요."
    assert values(text) == [("phone", "01012345678")]
    facts = read_key_facts((turn(0, "c", C, 0, 3, text),))
    assert [(f.kind, f.value) for f in facts] == [("phone", "010-1234-5678")]
    assert values("공일공 다시 구팔칠육 다시 오사삼이요.") == [("phone", "01098765432")]  # 이: the last digit


@pytest.mark.parametrize("text", ["다시 한 번 말씀해 주시겠어요?", "제가 다시 전화드릴게요.", "오만 원 다시 보내 드릴게요."])
def test_dasi_as_again_joins_nothing(text: str) -> None:
    assert all(kind == "amount" for kind, _ in values(text))


# ------------------------------------------------------------ codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Your booking reference is Q7M4PX.", "Q7M4PX"),
        ("It's VH330741 on the letter.", "VH330741"),
        ("the boiler's showing E 21 again", "E21"),
        ("it keeps flashing E21", "E21"),
    ],
)
def test_a_code_of_letters_and_digits_is_a_reference(text: str, code: str) -> None:
    assert values(text) == [("reference", code)]


@pytest.mark.parametrize(
    "text",
    ["That sounds A1 to me.", "I live in flat 2B.", "We were stuck on the M25 for ages.", "I'm on a 4G plan.", "It says E for everyone."],
)
def test_short_letter_digit_words_are_not_codes(text: str) -> None:
    assert values(text) == []


def test_a_code_spelled_with_the_phonetic_alphabet_is_the_code_read_back() -> None:
    turns = (
        turn(0, "c", C, 0, 4, "It's Q as in Quebec, 7, M as in Mike, 4, P for Papa, X as in X-ray."),
        turn(1, "a", A, 4, 6, "Thank you, so that's Q7M4PX."),
    )
    assert [(f.kind, f.value, f.turn_ids) for f in read_key_facts(turns)] == [("reference", "Q7M4PX", (0, 1))]


def test_a_word_starting_with_its_letter_is_no_spelling_without_digits() -> None:
    assert values("I for instance would rather B for Bob's sake.") == []


# ------------------------------------------------------------ days and windows


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The first payment is due on the first.", 1),
        ("We'll ring you back on the twenty-second, okay?", 22),
        ("Please have it paid by the 3rd.", 3),
    ],
)
def test_an_ordinal_said_as_a_day_is_a_date(text: str, day: int) -> None:
    [(kind, value)] = values(text)
    assert kind in ("date", "deadline") and value == DateValue(day=day)


@pytest.mark.parametrize(
    "text",
    ["It's the first time I've rung you.", "Click on the second link.", "I'm on the third floor.", "The second option is cheaper."],
)
def test_an_ordinal_that_counts_something_is_no_date(text: str) -> None:
    assert values(text) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("매달 이십이 일에 빠져나가요.", 22), ("오일 날짜로 결제됩니다.", 5), ("삼월 오일까지 내시면 돼요.", 5),
        ("이십오 일에 들어온다고 했는데 아직 안 들어왔어요.", 25), ("십오일날 다시 와요.", 15),  # "on the 25th", said alone
    ],
)
def test_a_korean_day_with_a_month_or_a_date_cue_is_a_date(text: str, day: int) -> None:
    assert [v.day for _, v in values(text) if isinstance(v, DateValue)] == [day]


@pytest.mark.parametrize("text", ["엔진 오일 교환을 했어요.", "오일 필터도 갈았어요.", "오 일에 한 번씩 와요.", "삼십 일에 한 번 와요."])
def test_a_korean_day_word_alone_is_no_date(text: str) -> None:
    assert values(text) == []


def test_a_visit_window_on_a_day_is_one_date() -> None:
    turns = (
        turn(0, "a", A, 0, 3, "The engineer can come Thursday, between twelve and four."),
        turn(1, "a", A, 3, 6, "Or Friday from 8 till 12."),
        turn(2, "a", A, 6, 9, "내일 오후 세 시에 기사님이 방문드릴 거예요."),
    )
    assert [(f.kind, f.value) for f in read_key_facts(turns)] == [
        ("date", "Thursday, between 12 and 4"),
        ("date", "Friday from 8 till 12"),
        ("date", "내일 오후 3시"),
    ]


@pytest.mark.parametrize(
    "text", ["I was out between twelve and four.", "It took five minutes.", "I ordered two items.", "Thursday, between two and three hours.", "백 세 시대잖아요."]
)
def test_times_and_counts_without_a_day_are_no_date(text: str) -> None:
    assert find_facts(text) == []


# ------------------------------------------------------------ Korean flats


@pytest.mark.parametrize("text", ["주소는 백이동 칠백삼호입니다.", "102동 703호예요.", "백이 동 칠백삼 호요.", "102 동 703 호요."])
def test_a_korean_flat_is_an_address(text: str) -> None:
    assert values(text) == [("other", "102동 703호")]


def test_a_building_word_without_a_unit_is_no_address() -> None:
    assert values("이동 중이라 나중에 전화할게요.") == []


def test_a_code_is_found_however_it_was_spaced() -> None:
    from pipeline.facts.index import fact_in_text

    transcript = "It's throwing an earth fault code, E 21, and I can't clear that one remotely."
    assert fact_in_text("E21", transcript) and fact_in_text("E21", "the display shows E21 again")
    assert not fact_in_text("E21", "it showed E31 yesterday") and not fact_in_text("E21", "E 2, and then 1")


@pytest.mark.parametrize(
    ("said", "value", "backed"),
    [
        ("okay, it's at one point two. Closed them both.", "1.2", True),
        ("the pressure is one point five bar", "1.6", False),
        ("this month they took forty two eighty out of my social security", "$42.80", True),
        ("so your corrected bill comes to two thirty-eight forty", "£238.40", True),
        ("so your corrected bill comes to two thirty-eight forty", "£438.40", False),
        ("that was two thirty-eight", "238", True),
    ],
)
def test_numbers_read_out_back_what_a_summary_writes(said: str, value: str, backed: bool) -> None:
    """The transcript side reads "one point two", "forty two eighty" and "two thirty-eight forty" as
    people mean them, so a summary's 1.2, $42.80 and £238.40 are found; a different value is not."""
    assert fact_in_text(value, said) is backed
