"""Fact kinds and forms the reader learned from dev-set misses: Korean vehicle
plates said in words, codes dictated a character at a time, 유월/시월, Korean
amounts with 일만 or 5백, "twenty to eleven", "on the twenty sixth", a price
answered to "how much", an id ending corrected after "not", Korean road
addresses, and "N일 지나면". Wording is new, not the dev calls'."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.index import build_index, fact_in_text
from pipeline.facts.scan import find_facts, scan
from pipeline.facts.values import DateValue
from pipeline.types import Role
from tests.pipeline.facts.said import shown

A, C = Role.AGENT, Role.CUSTOMER


def others(text: str) -> list[str]:
    return [str(f.value) for f in scan(text) if f.kind == "other"]


# ---------------------------------------------------------------- plates


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("차량 번호는 사십오 버 일이삼사 입니다", "45버1234"),  # Sino-Korean head
        ("구칠 거 오오육일이요", "97거5561"),  # head read digit by digit
        ("부산 이이 바 삼공공팔 차량이에요", "부산22바3008"),  # region, letter 바
        ("번호판이 경기 사일 사 구구일공 이요", "경기41사9910"),  # 사 the letter, after a region
        ("제 차는 123두4567 이에요", "123두4567"),
        ("인천12아 3456", "인천12아3456"),
        ("그 차가 백이십삼 나, 사오육칠인데", "123나4567"),  # a pause after the letter
        ("차 번호가 사십오, 버 일이삼사예요", "45버1234"),  # and before it
    ],
)
def test_korean_plates_said_in_words_or_digits(text: str, plate: str) -> None:
    assert plate in others(text)


@pytest.mark.parametrize(
    "text",
    [
        "공일공 사 삼삼이일 이요",  # a phone number's 010, never a plate head
        "이삼 사 오육칠팔",  # 사 is the digit 4 without a region or plate word
        "이삼사오육칠팔구",  # digits with no letter
    ],
)
def test_digit_words_are_not_plates(text: str) -> None:
    assert others(text) == []


def test_a_plate_said_in_words_is_found_written_in_digits() -> None:
    assert fact_in_text("31나7702", "네 차량 번호 삼일 나 칠칠공이 확인했습니다")
    assert not fact_in_text("31다7702", "네 차량 번호 삼일 나 칠칠공이 확인했습니다")


def test_a_plate_is_a_key_fact_of_the_call() -> None:
    facts = shown((A, "차량 번호 말씀해 주세요"), (C, "칠구 더 사이사일 이요"))
    assert ("other", "79더4241") in facts


# ---------------------------------------------------------------- dictated codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the booking code is h as in hotel four w... two x", "H4W2X"),
        ("it's b 9 z 4 d thanks", "B9Z4D"),
        ("your claim number is c l five five oh one", "CL5501"),
    ],
)
def test_codes_dictated_a_character_at_a_time(text: str, code: str) -> None:
    assert code in [f.value for f in scan(text) if f.kind == "reference"]


def test_a_digit_named_in_a_correction_is_not_the_codes_first() -> None:
    found = [f.value for f in scan("it's m k four oh three no sorry that's a seven m k four oh seven two") if f.kind == "reference"]
    assert "MK4072" in found and not any(v.startswith("7") for v in found)


@pytest.mark.parametrize("text", ["flat 2 b please", "plan b for 2 days", "i got a b in year 9"])
def test_words_and_numbers_are_not_codes(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "reference"] == []


def test_a_spelled_registration_is_written_as_one_and_a_postcode_is_left_alone() -> None:
    assert "BD61 KRT" in others("the car is b d six one k r t")
    assert not any(f.kind == "reference" for f in scan("the postcode is m one four two j x"))


def test_a_dictated_code_is_found_inside_turns_read_as_one_text() -> None:
    # summary sentence vs the whole call: the code said twice runs together
    assert fact_in_text("P8KD2", "it's p eight k d two p eight k d two yes")


# ---------------------------------------------------------------- Korean forms


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("이번 달 청구액이 사십일만 이천원이에요", 412000),
        ("보증금은 이십일만원입니다", 210000),
        ("연체료 포함해서 7만 3천2백 원이요", 73200),
    ],
)
def test_korean_amounts_with_il_man_or_baek(text: str, value: int) -> None:
    assert Decimal(value) in [f.value for f in scan(text) if f.kind == "amount"]


def test_il_man_without_an_amount_stays_a_day() -> None:
    assert not any(f.kind == "amount" for f in scan("이십일만 가능하세요"))


@pytest.mark.parametrize(("text", "month"), [("유월 삼일에 방문합니다", 6), ("시월 십구일까지 내세요", 10)])
def test_irregular_month_names(text: str, month: int) -> None:
    dates = [f.value for f in scan(text) if isinstance(f.value, DateValue)]
    assert any(d.month == month and d.day is not None for d in dates)


def test_days_passed_is_a_deadline_and_minutes_passed_is_not() -> None:
    assert ("deadline", "5일 지나면") in find_facts("오 일 지나면 폐기됩니다") or any(
        f.kind == "deadline" and f.value == Decimal(5) for f in scan("오 일 지나면 폐기됩니다")
    )
    assert not any(f.kind == "deadline" for f in scan("사오 분 지나면 켜질 거예요"))


def test_korean_road_address() -> None:
    assert "서초구 반포대로 58" in others("주소는 서초구 반포대로 58 입니다")
    assert "해운대로 12번길 7" in others("해운대로 12번길 7 이요")
    assert others("사무실로 3명이 왔어요") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("상무대로 712 앞, 버스 정류장 옆 은행나무요.", "상무대로 712"),
        ("은행나무로 36번지, 약국 앞이요.", "은행나무로 36"),
        ("해오름로 247 현대빌라 3층 맞으시죠", "해오름로 247"),
        ("새말로 47 앞이요", "새말로 47"),
        ("마포구 성미산로17길 22에서 물이 새요", "마포구 성미산로17길 22"),
        ("새별리 327번지, 어르신 댁이 329번지요.", "새별리 327번지"),
        ("네, 대흥동 231-4번지 확인했습니다.", "대흥동 231-4번지"),
        ("구좌읍 하도리 317번지요", "구좌읍 하도리 317번지"),
    ],
)
def test_a_korean_road_said_with_a_place_after_it_and_a_lot_number_are_addresses(text: str, address: str) -> None:
    assert address in others(text)


@pytest.mark.parametrize(
    "text", ["그대로 3 앞에서 기다리세요", "택배로 2개 보냈어요", "경찰서로 3시까지 오세요", "우편으로 5 건 왔어요"]
)
def test_a_word_ending_in_ro_before_a_number_is_no_road(text: str) -> None:
    assert others(text) == []


# ---------------------------------------------------------------- English forms


def test_minutes_to_the_hour_after_at() -> None:
    dates = [f.value for f in scan("the scan is on the ninth of may at twenty five past two")]
    assert DateValue(day=9, month=5, hour=2, minute=25) in dates
    assert not any(isinstance(f.value, DateValue) and f.value.hour for f in scan("we're open ten to six on saturday"))


def test_a_day_alone_before_a_verb_is_a_date() -> None:
    assert any(f.kind == "date" for f in scan("the refund goes out on the nineteenth so keep an eye out"))
    assert any(f.kind == "date" for f in scan("the direct debit on the twenty third will still be taken"))
    assert not any(f.kind == "date" for f in scan("the lift on the third floor is broken"))


def test_a_price_answered_to_how_much_is_an_amount() -> None:
    facts = shown((C, "how much does the replacement key cost"), (A, "it's thirty four fifty"))
    assert any(kind == "amount" and value.endswith("34.50") for kind, value in facts)
    # without a price question the pair is not read as money
    assert not any(kind == "amount" for kind, _ in shown((C, "which bus is it"), (A, "it's thirty four fifty")))


def test_an_id_ending_corrected_by_one_digit() -> None:
    facts = shown(
        (A, "what's the policy number"),
        (C, "it's five two... nine nine one... three seven six"),
        (C, "sorry no it's three seven eight at the end not six"),
    )
    values = [value for _, value in facts]
    assert "52991378" in values and "52991376" not in values


def test_a_corrected_id_is_backed_by_the_turns_it_was_said_in() -> None:
    said = build_index("it's five two... nine nine one... three seven six")
    said.update(build_index("sorry no it's three seven eight at the end not six"))
    assert "52991378" in said.ids
