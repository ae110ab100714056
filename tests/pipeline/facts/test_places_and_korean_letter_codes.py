"""Numbered places ("berth C14", "3번 창구") and codes read out with Latin letters by their
Korean names ("케이 큐 칠 이 엠 오"): the dev-set misses these readers were written for, in
new wording."""

from __future__ import annotations

import pytest

from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import scan
from pipeline.types import Role
from tests.pipeline.facts.said import shown

A, C = Role.AGENT, Role.CUSTOMER


def read(text: str) -> list[tuple[str, str]]:
    return [(f.kind, str(f.value)) for f in scan(text) if f.kind in ("reference", "other")]


# ---------------------------------------------------------------- Korean letter names


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("예약번호 디 큐 삼 칠 엠 팔이요", "DQ37M8"),  # one character at a time, the copula on the last
        ("접수번호는 제이, 엘, 사, 공, 에이치, 구입니다.", "JL40H9"),  # commas between
        ("놀이기구 기둥에 비 씨 공 육 이 라고 써 있어요", "BC062"),  # 비, 씨: letters here, not rain or Mr
        ("티켓에 엘 공사칠 에이 이구육일 이렇게 돼 있어요", "L047A2961"),  # letter, digits, letter, digits
        ("영문 엘 숫자 공사칠 영문 에이 숫자 이구육일 맞으시죠", "L047A2961"),  # "digits", "letter" said between
        ("어제 제이케이 육공이 편이요", "JK602"),  # a flight: two letters, three digits
        ("계약서에는 에스티 이공삼팔 이라고 돼 있어요", "ST2038"),  # not the year 2038
    ],
)
def test_codes_with_letters_said_by_their_korean_names(text: str, code: str) -> None:
    assert ("reference", code) in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "비 오는 날 이 일 동안 공사 안 해요",  # rain, two days: no code
        "씨 삼 층에 계세요",  # too short
        "삼 사 오 번 중에 고르세요",  # digits only
    ],
)
def test_korean_words_that_sound_like_letters_are_not_codes(text: str) -> None:
    assert not [v for k, v in read(text) if any(c.isalpha() and c.isascii() for c in v)]


def test_two_codes_in_a_list_stay_two() -> None:
    codes = read("결제가 두 건이에요 에이 육삼이일공, 그리고 에이 육삼이일오예요")
    assert codes == [("reference", "A63210"), ("reference", "A63215")]


def test_a_code_said_in_two_breaths_is_kept_whole_once() -> None:
    facts = shown(
        (A, "접수번호 불러 드릴게요 에이치디 공칠이"),
        (C, "에이치디 공칠이... 네"),
        (A, "에이치디 공칠이 삼일오입니다"),
    )
    assert [v for k, v in facts if k == "reference"] == ["HD072315"]


# ---------------------------------------------------------------- numbered places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("we keep the boat on berth D7 over the winter", "berth D7"),
        ("it's allotment plot thirty one b off the canal path", "plot 31B"),
        ("the lamp column 212A outside number six is flickering", "lamp column 212A"),
        ("my mum's on ward nine, bed four", "ward 9"),
        ("the caravan's on pitch G22", "pitch G22"),
        ("i left it on the route forty seven bus", "route 47"),
        ("block four one six, the lift again", "block 416"),
        ("2층 5번 창구에서 접수했어요", "5번 창구"),
        ("지금 대기 순번이 12번이세요", "대기 12번"),
    ],
)
def test_a_numbered_place_is_an_other_fact(text: str, place: str) -> None:
    assert ("other", place) in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "there's a space 2 metres wide by the gate",  # a quantity
        "can i book a room for 3 people",  # no number right after
        "that's the whole lot 4 of them",  # not a lot number
        "the notice is in section 4 of the agreement",  # a section of a text, not a place
        "창구에서 3번이나 물어봤어요",  # three times
    ],
)
def test_numbers_near_place_words_that_are_not_places(text: str) -> None:
    assert not [v for k, v in read(text) if k == "other"]


def test_a_place_said_with_other_words_is_found_by_its_code() -> None:
    assert fact_in_text("pontoon berth C14", "she's on berth c14 for the summer")
    assert fact_in_text("3번 창구", "민원실 3번 창구 직원이 불친절했어요")
    assert not fact_in_text("berth C14", "she's on berth c15 for the summer")


def test_a_block_given_to_pass_identity_is_not_a_fact() -> None:
    facts = shown(
        (A, "for verification can i have your block and unit number please"),
        (C, "block four one six, unit two"),
        (A, "thank you, and what's happened with the lift?"),
    )
    assert not [v for k, v in facts if k == "other"]


# ---------------------------------------------------------------- meter readings and metered quantities


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("the bill has the meter on six thousand two hundred and forty units", "6,240 units"),
        ("the reading is 7315 as of this morning", "meter reading 7,315"),
        ("so I've taken the reading of 03318 and re-billed it", "meter reading 03318"),  # its leading zero kept
        ("we billed you for 1,310 kilowatt-hours in august", "1,310 kWh"),
        ("이번 달 사용량이 삼백이십 킬로와트시로 나왔어요", "320kWh"),
        ("계량기 지침이 이천사백십오로 돼 있는데요", "지침 2,415"),
        ("지난달엔 이십삼 톤 쓰셨어요", "23톤"),
        ("you've used 12GB of your 20GB", "12GB"),
    ],
)
def test_meter_readings_and_metered_quantities(text: str, reading: str) -> None:
    assert ("other", reading) in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "the old kitchen units are still on the landing",  # furniture
        "the course is worth 6 units",  # a small count
        "i read it wrong at first, it's fine now",  # no number
        "the reading room opens at 9",  # a time, under 100
    ],
)
def test_units_and_readings_that_are_not_meter_readings(text: str) -> None:
    assert not [v for k, v in read(text) if "units" in v or "reading" in v]


def test_a_reading_said_in_words_is_found_in_digits() -> None:
    assert fact_in_text("meter reading 6,240", "it's showing six thousand two hundred and forty on the reading")
    assert fact_in_text("지침 2,415", "계량기 숫자가 2415예요")


# ---------------------------------------------------------------- days listed with one month, birthdays named, flats after a road


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("two bookings, the seventh and eighth of april", [(7, 4), (8, 4)]),  # an ordinal alone before the date
        ("he was away from the 2nd to the 16th of May", [(2, 5), (16, 5)]),  # a day without its month
        ("either the fourth or the fifth of october", [(4, 10), (5, 10)]),
    ],
)
def test_days_listed_before_their_month_take_it(text: str, days: list[tuple[int, int]]) -> None:
    assert [(f.value.day, f.value.month) for f in scan(text) if f.kind == "date"] == days


def test_a_birthday_named_is_no_question_for_a_birth_date() -> None:
    facts = shown(
        (C, "she wants the Saturday, it's her nan's birthday that weekend"),
        (A, "I've got Saturday the fourteenth of June at two"),
        (C, "perfect, book it"),
    )
    assert any(k == "date" and "June" in v for k, v in facts)
    asked = shown((A, "and the name and birthday on the account"), (C, "Tom Reilly, march five nineteen eighty"))
    assert not any(k == "date" for k, v in asked)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("배송지는 솔빛로 12길 8, 304호예요", "솔빛로 12길 8, 304호"),
        ("새 주소 누리로 88, 102동 1504호로 바꿔 주세요", "누리로 88, 102동 1504호"),
        ("가게는 동구 중앙대로 41, 2층이에요", "동구 중앙대로 41, 2층"),
    ],
)
def test_a_korean_road_address_keeps_the_flat_or_floor_said_after_it(text: str, address: str) -> None:
    assert ("other", address) in read(text)
