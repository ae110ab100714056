"""Phone numbers: one decision for the fact reader and for redaction."""

from __future__ import annotations

import pytest

from pipeline.facts.phones import is_service_number
from pipeline.facts.scan import scan
from pipeline.options import RedactOptions
from pipeline.redact import redact
from pipeline.types import Role
from tests.pipeline.factories import turn


def redacted(said: str) -> str:
    _, turns = redact((), (turn(0, "ch1", Role.CUSTOMER, 0.0, 10.0, said),), RedactOptions())
    return turns[0].text


@pytest.mark.parametrize(
    ("said", "phone"),
    [
        ("call me on 07700 900123", True),
        ("oh seven seven oh oh, nine double oh one two three", True),
        ("+44 7700 900123", True),
        ("my number is 415 555 0123", True),
        ("사무실은 02-123-4567이에요", True),
        ("연락처는 010-1234-5678입니다", True),
        ("공일공 구팔칠육 오사삼이요.", True),
        ("my account number is 0161 496 0732", False),
        ("계좌번호는 010-1234-5678이에요", False),
        ("quote REF-0123456789", False),
        ("It's 415 555 0123.", False),
        ("account 48213, ticket 71204", False),
    ],
)
def test_a_number_is_a_phone_to_the_fact_reader_exactly_when_redaction_removes_it(said: str, phone: bool) -> None:
    assert any(f.kind == "phone" for f in scan(said)) is phone
    assert ("[PHONE]" in redacted(said)) is phone


@pytest.mark.parametrize(
    ("digits", "plus", "korean", "service"),
    [
        ("15881234", False, True, True),
        ("0801234567", False, True, True),
        ("08001234567", False, False, True),
        ("03001234567", False, False, True),
        ("03112345678", False, True, False),  # Gyeonggi, not a UK 03 number
        ("18005550199", False, False, True),
        ("448001234567", True, False, True),
        ("01012345678", False, True, False),
        ("07700900123", False, False, False),
        ("447700900123", True, False, False),
    ],
)
def test_service_numbers_are_an_organisations(digits: str, plus: bool, korean: bool, service: bool) -> None:
    assert is_service_number(digits, plus=plus, korean=korean) is service


def test_a_service_number_is_still_a_phone_fact_but_is_not_redacted() -> None:
    said = "call us free on 0800 123 4567"
    assert [f.kind for f in scan(said)] == ["phone"]
    assert redacted(said) == said
