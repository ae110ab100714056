"""Ids as people say them: written out again after a comma, paused with "uh", a dash said between
commas, a phone number one speaker begins and the other finishes; street lines of other types; and a
place's short number, which another id does not hold."""

from __future__ import annotations

import pytest

from pipeline.facts.index import fact_in_texts
from pipeline.types import Role
from tests.pipeline.facts.said import shown

A, C = Role.AGENT, Role.CUSTOMER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("민원 접수번호는 씨 공일팔사삼, C01843입니다.", ("reference", "C01843")),  # was 01843C01843
        ("환불 접수번호는 에이치 일일사오, H1145입니다.", ("reference", "H1145")),
        ("접수번호는 공일팔사삼, C01843입니다.", ("reference", "C01843")),
        ("the reference is one two three four five, AB12345.", ("reference", "AB12345")),
        ("the reference is C 0 1 8 4 3, C01843.", ("reference", "C01843")),
    ],
)
def test_an_id_said_then_written_is_read_once(text: str, expected: tuple[str, str]) -> None:
    assert shown((A, text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same group twice is an id of its own, not a read-back: "4417 4417"
        ("your account is 4 4 1 7, 4 4 1 7", ("account", "44174417")),
        # a longer id that starts with the group said before the comma
        ("the reference is 4 0 2 2, 4 0 2 2 1 7", ("reference", "4022402217")),
    ],
)
def test_groups_that_are_no_read_back_stay_joined(text: str, expected: tuple[str, str]) -> None:
    assert shown((A, text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Account is 5 0 0 2 8, uh, 8 1 4 6.", [("account", "500288146")]),  # was 50028 and 8146
        ("Sure, it's H T, uh, 4 0 6 6 1 2 8 7.", [("reference", "HT40661287")]),
        ("It's on the letter here, 3 3 0, um, 2 7 1 8 5.", [("reference", "33027185")]),
        ("that's 2, uh, 3 pounds", [("amount", "£3")]),  # a number said as one is no group of an id
    ],
)
def test_a_filler_between_commas_is_a_pause_inside_an_id(text: str, expected: list[tuple[str, str]]) -> None:
    assert shown((C, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the case is 4 4 1, dash, 7 2 9 9", ("reference", "4417299")),
        ("your reference is L I B, dash, 4 0 2 1 9.", ("reference", "LIB40219")),
        ("the claim number is I A 2 5, dash, 0 0 8 1 3", ("reference", "A2500813")),  # "I" alone is a word
    ],
)
def test_a_dash_said_between_commas_joins_the_groups(text: str, expected: tuple[str, str]) -> None:
    assert shown((A, text)) == [expected]


def test_a_phone_number_one_speaker_begins_and_the_other_finishes_is_one_number() -> None:
    assert shown((C, "right is it this mobile you'll ring 07700"), (A, "900482"), (C, "that's the one")) == [
        ("phone", "07700 900482")
    ]
    # a split phone number is shown whole, not as the half its first turn wrote
    assert shown((C, "It's 0471 882..."), (A, "Yes, go on."), (C, "...3915.")) == [("phone", "04718823915")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # no phone number: two references
        (((C, "the reference is 44172"), (A, "20931")), [("reference", "44172"), ("reference", "20931")]),
        # "double zero" is too short a half to begin a number
        (
            ((A, "Sorry, you broke up after the double zero."), (C, "Two two four, oh oh eight, three one five.")),
            [("reference", "224008315")],
        ),
        # the first half is a phone number already
        (((C, "my number is 07700 900482"), (A, "34567")), [("phone", "07700 900482"), ("reference", "34567")]),
    ],
)
def test_numbers_the_other_speaker_says_next_stay_apart_unless_they_make_a_phone_number(
    lines: tuple[tuple[Role, str], ...], expected: list[tuple[str, str]]
) -> None:
    assert shown(*lines) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Address is 3307 Bardstown Crossing, Louisville.", "3307 Bardstown Crossing, Louisville"),
        ("it's 29 birkhall wynd", "29 Birkhall Wynd"),
        ("alan ross 14 dunain brae", "14 Dunain Brae"),
        ("we're at 880 Lakeshore Blvd.", "880 Lakeshore Blvd"),
    ],
)
def test_street_lines_of_more_types(text: str, expected: str) -> None:
    assert ("other", expected) in shown((A, text))


def test_a_places_short_number_is_not_found_inside_another_id() -> None:
    description = "SEN minibus route 7, escort conduct"
    assert not fact_in_texts(description, ["CMP774120"])
    assert fact_in_texts(description, ["route 7"])
    assert fact_in_texts("plot 14B", ["it's plot 14 b on hawthorn lane"])
    assert fact_in_texts("error E403", ["error e 4 0 3"])
