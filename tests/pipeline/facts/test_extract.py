"""Key facts read from the turns: kinds, spellings, citations, the cap."""

from __future__ import annotations

from pipeline.facts.extract import MAX_KEY_FACTS, read_key_facts
from pipeline.types import KeyFact, Role
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_extractive import BILLING

A, C = Role.AGENT, Role.CUSTOMER


def said(facts: tuple[KeyFact, ...]) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(f.kind, f.value, f.turn_ids) for f in facts]


def test_the_billing_call_as_whisper_writes_it() -> None:
    assert said(read_key_facts(BILLING)) == [
        ("account", "48213", (5,)),
        ("amount", "£142.20", (7,)),
        ("date", "the third of March", (7,)),
        ("reference", "53182", (10,)),
        ("deadline", "Friday the 14th", (12, 13)),
    ]


def test_an_id_is_an_account_or_ticket_only_when_asked_for_as_one() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "What's your ticket number?"),
        turn(1, "c", C, 2, 4, "It's 7 7 3 1 0."),
        turn(2, "a", A, 4, 6, "Thanks. I've noted 77310 and your new reference is 60415."),
    )
    assert said(read_key_facts(turns)) == [("ticket", "77310", (1, 2)), ("reference", "60415", (2,))]


def test_amounts_are_written_with_their_currency() -> None:
    turns = (
        turn(0, "c", C, 0, 2, "I was charged forty two dollars fifty and then 300 pounds."),
        turn(1, "c", C, 2, 4, "요금이 4만 원 나왔어요."),
    )
    assert [f.value for f in read_key_facts(turns)] == ["$42.50", "£300", "40,000원"]


def test_an_amount_with_more_decimals_than_cents_is_not_rounded() -> None:
    # Whisper's "$1,200.049": rounding it would state "$1,200.05", which nobody said.
    turns = (turn(0, "a", A, 0, 2, "so the $1,200.049 refund is with them, and the fee was $12.5"),)
    assert [f.value for f in read_key_facts(turns)] == ["$1,200.049", "$12.50"]


def test_at_most_the_cap_in_the_order_said() -> None:
    turns = tuple(turn(i, "c", C, i, i + 1, f"Reference {10000 + i}.") for i in range(MAX_KEY_FACTS + 5))
    found = read_key_facts(turns)
    assert len(found) == MAX_KEY_FACTS
    assert [f.value for f in found[:2]] == ["10000", "10001"]


def test_talk_without_numbers_has_no_key_facts() -> None:
    assert read_key_facts((turn(0, "a", A, 0, 2, "Good morning, how can I help?"),)) == ()


def test_a_time_whisper_wrote_as_a_decimal_is_written_as_a_clock_time() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "I've had a cancellation for tomorrow at 2.4. Would that work?"),
        turn(1, "a", A, 2, 4, "See you Friday at 3.3pm."),
    )
    assert [f.value for f in read_key_facts(turns)] == ["tomorrow at 2:40", "Friday at 3:30 pm"]
