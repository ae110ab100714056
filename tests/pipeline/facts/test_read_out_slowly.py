"""Ids and numbers as callers read them out slowly or loosely: digit groups with
pauses and an aside between them, "an'" for "and", Korean digit syllables said one
at a time, Latin letters by their Korean names, fillers inside a phone number,
particles and spoken copulas after the digits; and what only looks like them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.scan import key_facts_in
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def values(text: str) -> list[tuple[str, object]]:
    return [(f.kind, f.value) for f in key_facts_in(text)]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # digits as Whisper writes them, in groups with pauses
        ("Ja, it's 2 0 9... 5 5 1 8.", ("reference", "2095518")),
        ("It's R A 3 3... 0 9 7 1.", ("reference", "RA330971")),
        # an aside between two pauses
        ("It's W S 2 4... hang on... 0 8 8 1 6.", ("reference", "WS2408816")),
        # "an'" for "and" inside an amount
        ("The garage has quoted me two hundred an' fourteen pound eighty for the tyre.", ("amount", Decimal("214.8"))),
        # Korean: particles and spoken copulas after the digits
        ("네 공일공 구일이공 삼삼팔칠로 주세요.", ("phone", "01091203387")),
        ("전화는 공일공 구일삼공 사사팔칠이래요.", ("phone", "01091304487")),
        ("전자납부번호가 이구사공칠삼삼일이여.", ("reference", "29407331")),
        # a filler inside a phone number, digit syllables one at a time, letters by their Korean names
        ("연락처는 공일공 어 이오팔일 육공칠삼이요", ("phone", "01025816073")),
        ("접수번호는 오 구 일 삼 이입니다.", ("reference", "59132")),
        ("접수번호는 엘 에프 오 구 일 삼 이입니다.", ("reference", "LF59132")),
        ("예약 번호는 케이 알 칠 오 구 이요", ("reference", "KR7592")),
    ],
)
def test_numbers_read_out_slowly_or_loosely(text: str, fact: tuple[str, object]) -> None:
    assert fact in values(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # said again from the start after the aside: not the two tries joined
        ("yeah it's uh f c five eight ... hold on ... five eight three one one two", "FC58583112"),
        ("yeah it's uh f c five eight ... hold on ... five eight three one one two", "8583112"),
        # a car plate keeps its letter; a phone number's 010 is no plate's first digits
        ("연락처는 공일공 어 이오팔일 육공칠삼이요", "10어2581"),
    ],
)
def test_restarts_and_plates_are_not_misread(text: str, wrong: str) -> None:
    assert wrong not in [v for _, v in values(text)]


def test_a_plate_said_with_its_letter_is_still_a_plate() -> None:
    assert ("other", "12어3456") in values("차 번호가 십이 어 삼사오육이요")


def test_digit_syllables_before_a_unit_are_a_count_of_it() -> None:
    found = values("이 일 삼 사 오 분 이내에 연락드릴게요")
    assert ("reference", "21345") not in found


def test_an_id_read_back_with_the_digit_the_first_reading_lost_replaces_it() -> None:
    turns = (
        turn(0, "a", A, 0.0, 4.0, "회원증 번호하고 생년월일 알려주시겠어요?"),
        turn(1, "c", C, 5.0, 9.0, "회원증 번호는... 공공사사일칠이요. 생년월일은 오이년 삼월 십일이고요."),
        turn(2, "a", A, 10.0, 14.0, "네, 0044172번 김순자 회원님 확인됐습니다."),
    )
    ids = [k.value for k in read_key_facts(turns) if k.kind in ("reference", "account")]
    assert ids == ["0044172"]  # not 004417 beside it, and not dropped as a date of birth


def test_a_birth_date_read_as_digits_is_still_left_out() -> None:
    turns = (
        turn(0, "a", A, 0.0, 4.0, "성함하고 생년월일 말씀해 주세요."),
        turn(1, "c", C, 5.0, 9.0, "구오공삼일오요, 김민수입니다."),
    )
    assert [k.value for k in read_key_facts(turns)] == []
