"""Korean amounts with places written in one word ("2억 1천5백만 원"), miles and points, the week of a
weekday and "전에" deadlines ("다음 주 금요일 전에는"), and an address asked for the call's sake
rather than to check who is calling: the dev-set misses these rules were written for, in new
wording."""

from __future__ import annotations

import pytest

from pipeline.types import Role
from tests.pipeline.facts.said import shown

A, C = Role.AGENT, Role.CUSTOMER


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("보증금은 3억 2천5백만 원이에요", "325,000,000원"),  # 억, then 천 and 백만 in one word
        ("대출 잔액이 4천3백만 원 남았어요", "43,000,000원"),
        ("이번 달 요금이 2만4천6백원 나왔네요", "24,600원"),  # 만, 천, 백 in one word
        ("차액 7백원은 다음 달에 빠집니다", "700원"),
        ("수수료 1천80만 원은 너무 많잖아요", "10,800,000원"),  # (1천 + 80) 만
        ("작년엔 삼십일만 원 나왔는데요", "310,000원"),  # 삼십일만, 원 said apart: not the 30th
    ],
)
def test_korean_places_written_together_are_one_amount(text: str, amount: str) -> None:
    assert shown((C, text)) == [("amount", amount)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("고객님 마일리지는 지금 이만 삼천오백 마일 있으세요", "23,500마일"),
        ("만 칠백 마일이 연말에 소멸됩니다", "10,700마일"),  # 만 alone: its 1 unsaid
        ("적립된 게 6,250포인트네요", "6,250포인트"),
    ],
)
def test_loyalty_miles_and_points(text: str, value: str) -> None:
    assert ("other", value) in shown((A, text))


@pytest.mark.parametrize(
    "text",
    [
        "리뷰 쓰시면 5포인트 드려요",  # under 100: a token, not a balance
        "공항까지 삼십 마일 정도 돼요",  # a distance
        "마일리지 카드 새로 만드시겠어요?",
    ],
)
def test_small_or_unrelated_miles_are_no_facts(text: str) -> None:
    assert not [v for _k, v in shown((A, text)) if "마일" in v or "포인트" in v]


# ---------------------------------------------------------------- weeks and "전에"


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("서류는 다음 주 수요일 전에는 보내 주셔야 해요", ("deadline", "다음 주 수요일 전")),
        ("다음주 월요일까지 연락드릴게요", ("deadline", "다음 주 월요일까지")),
        ("이번 주 토요일 오전 열 시에 방문합니다", ("date", "이번 주 토요일 오전 10시")),
        ("5월 12일 전에 납부하시면 가산금 없어요", ("deadline", "5월 12일 전")),
        ("목요일 전까지 처리해 드릴게요", ("deadline", "목요일 전까지")),
    ],
)
def test_the_week_of_a_weekday_and_before_a_day(text: str, fact: tuple[str, str]) -> None:
    assert fact in shown((A, text))


def test_days_before_without_a_month_are_a_count_not_a_deadline() -> None:
    facts = shown((A, "출발 14일 전 취소는 수수료가 없습니다"))
    assert not [v for k, v in facts if k == "deadline"]


def test_a_weekday_said_alone_keeps_its_old_form() -> None:
    assert shown((A, "금요일까지 보내 드릴게요")) == [("deadline", "금요일까지")]


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "question",
    [
        "Right, I can get someone out to that. Can I take your address?",
        "and what's your address so the crew can find it",
        "Okay. And your address?",
    ],
)
def test_an_address_taken_for_the_job_is_kept(question: str) -> None:
    facts = shown((A, question), (C, "It's 38 Foxglove Road."))
    assert ("other", "38 Foxglove Road") in facts


def test_a_flat_named_by_a_letter_is_part_of_the_street_line() -> None:
    facts = shown((A, "Where is the leak?"), (C, "Flat D, seventy-two Orchard Way."))
    assert ("other", "Flat D, 72 Orchard Way") in facts


@pytest.mark.parametrize(
    "question",
    [
        "Thanks. Can I just check your address?",
        "And the first line of your address?",
        "And just your address to confirm?",
        "Can you confirm your name and address for me?",
    ],
)
def test_an_address_given_to_pass_identity_is_not_a_key_fact(question: str) -> None:
    facts = shown((A, question), (C, "It's 38 Foxglove Road."))
    assert ("other", "38 Foxglove Road") not in facts


# ---------------------------------------------------------------- a number's start said first


def test_a_number_started_then_read_back_whole_is_one_fact() -> None:
    facts = shown(
        (A, "Can you read me the long number on the back of the card?"),
        (C, "Hold on... four, one, one, seven... zero, two, two... five, five, eight. That's it."),
        (A, "4117022558?"),
    )
    assert [v for _k, v in facts] == ["4117022558"]


def test_a_sort_code_read_back_with_the_account_stays() -> None:
    facts = shown(
        (C, "Sort code thirty, fourteen, ninety-one. Account seven seven two, oh four five, one six."),
        (A, "30-14-91, 77204516. Lovely, that's updated."),
    )
    values = [v for _k, v in facts]
    assert "301491" in values and "77204516" in values


# ---------------------------------------------------------------- Korean blocks of flats


@pytest.mark.parametrize(
    ("text", "flat"),
    [
        ("주소는 한마음빌라 씨동 302호예요", "한마음빌라 C동 302호"),  # a building by its letter, said in Korean
        ("은솔아파트 108동 1502호로 바꿔 주세요", "은솔아파트 108동 1502호"),
        ("여기 새별마을 아파트 207동 904호요", "새별마을 아파트 207동 904호"),  # the name said apart
        ("청솔맨션 105호로 보내 주세요", "청솔맨션 105호"),  # a unit alone after the name
        ("206동 1101호요", "206동 1101호"),
    ],
)
def test_a_korean_flat_keeps_the_name_of_its_block(text: str, flat: str) -> None:
    assert ("other", flat) in shown((C, text))


@pytest.mark.parametrize("text", ["공장 가동 201호 라인 멈췄어요", "우리 아파트 3층이요", "그 빌라 말고요"])
def test_words_around_flats_are_no_flats(text: str) -> None:
    assert not [v for k, v in shown((C, text)) if k == "other"]


def test_a_flat_read_back_wrong_and_corrected_is_kept_once() -> None:
    facts = shown(
        (C, "달빛아파트 103동 1402호요."),
        (A, "달빛아파트 103동 1204호,"),
        (C, "아뇨, 1402호요."),
        (A, "아 죄송합니다, 103동 1402호로 고쳤습니다."),
    )
    assert [v for k, v in facts if k == "other"] == ["달빛아파트 103동 1402호"]
    assert not [v for k, v in facts if k == "reference"]
