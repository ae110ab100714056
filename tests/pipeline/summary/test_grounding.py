"""The fact checker: invented numbers, ids and dates are caught; real ones pass in any spelling."""

from __future__ import annotations

import dataclasses
import time

import pytest

from pipeline.errors import InputError
from pipeline.facts.extract import read_key_facts
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import find_facts
from pipeline.options import RedactOptions
from pipeline.redact import redact
from pipeline.summary.grounding import UNVERIFIED, check_summary
from pipeline.types import (
    ActionItem,
    Cited,
    CustomerSentiment,
    KeyFact,
    Resolution,
    Role,
    Sentiment,
    Summary,
    SummaryResolution,
    Turn,
)
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER

# As Whisper writes a call: amounts, ids and dates in several spellings.
TURNS: tuple[Turn, ...] = (
    turn(0, "ch0", A, 0.0, 4.0, "Thank you for calling Northwind Council, this is Sarah."),
    turn(1, "ch1", C, 4.5, 8.0, "Hi, my account number is 4-8-2-1-3."),
    turn(2, "ch1", C, 8.5, 14.0, "There's a charge of a hundred and forty two pounds, 20, made the third of March."),
    turn(3, "ch0", A, 14.5, 19.0, "I've opened a dispute. Your reference number is 5 3 1 8 2."),
    turn(4, "ch0", A, 19.5, 24.0, "I'll call you back by Friday the fourteenth with their decision."),
    turn(5, "ch1", C, 24.5, 26.0, "Okay, thanks."),
)


def make_summary(
    *,
    summary: str = "Customer disputed a £142.20 charge; dispute 53182 opened.",
    key_facts: tuple[KeyFact, ...] = (),
    action_items: tuple[ActionItem, ...] = (),
    cited: tuple[int, ...] = (2, 3),
) -> Summary:
    return Summary(
        summary=Cited(summary, cited),
        reason=Cited("Disputed garden waste charge dated 3 March.", (2,)),
        resolution=SummaryResolution(Resolution.UNRESOLVED, "Callback promised by Friday 14th.", (4,)),
        action_items=action_items,
        follow_up_required=True,
        customer_sentiment=CustomerSentiment(Sentiment.NEUTRAL, Sentiment.NEUTRAL, (1, 5)),
        key_facts=key_facts,
        generator="test",
    )


def checks_for(summary: Summary, field: str) -> dict[str, bool]:
    return {c.token: c.verified for c in summary.checks if c.field == field}


# ------------------------------------------------------------ reading facts


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("£142.20", "a charge of a hundred and forty two pounds, 20"),
        ("£142.20", "a charge of 100 and 42 pounds 20 on my bill"),
        ("£142.50", "a charge of $142.50 on my bill"),
        ("142.50", "one hundred and forty-two pounds fifty"),
        ("£142.50", "142 pounds and 50 pence"),
        ("48213", "It's 4, 8, 2, 1, 3."),
        ("REF-48213", "four eight two one three"),
        ("48213", "It's 4.8.213."),
        ("Friday the 14th", "by Friday, the fourteenth"),
        ("14th of March", "on March 14"),
        ("14/03", "the fourteenth of March"),
        ("3rd of March", "dated the third of March"),
        ("07700 900123", "it's 0 7 7 0 0, 9 0 0 1 2 3"),
        ("within five working days", "within 5 working days"),
        ("40,000원", "과태료는 4만 원입니다"),
        ("40,000원", "과태료는 사만원을"),
        ("금요일까지", "담당자가 금요일까지 연락드리겠습니다"),
    ],
)
def test_the_same_fact_in_another_spelling_is_found(value: str, text: str) -> None:
    assert fact_in_text(value, text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("£142.20", "a charge of 142 pounds"),  # the pence are part of the amount
        ("48231", "It's 4 8 2 1 3."),  # two digits swapped
        ("14th of April", "the fourteenth of March"),
        ("Friday the 14th", "Thursday the 14th"),
        ("5th of June", "the 6th of May"),  # not a day/month swap of a written date
        ("2024", "twenty twenty four"),  # spelled numbers are not read as digits of an id
    ],
)
def test_a_near_miss_is_not_found(value: str, text: str) -> None:
    assert not fact_in_text(value, text)


def test_find_facts_names_amounts_ids_dates_deadlines_and_phones() -> None:
    facts = find_facts(
        "Your account number is 48213, the charge is £142.50 from the 3rd of March, "
        "ticket 71204, call 07700 900123, I'll call back by Friday the 14th, refund within five working days."
    )
    assert ("account", "48213") in facts
    assert ("amount", "£142.50") in facts
    assert ("date", "the 3rd of March") in facts
    assert ("ticket", "71204") in facts
    assert ("phone", "07700 900123") in facts
    assert ("deadline", "Friday the 14th") in facts
    assert ("deadline", "within five working days") in facts


def test_find_facts_leaves_out_small_numbers_verbs_and_years_without_a_cue() -> None:
    assert find_facts("You may call me the second time, I have 2 cats since 2019.") == []


# ------------------------------------------------------------ checking summaries


def test_genuine_facts_in_other_spellings_are_verified() -> None:
    summary = make_summary(
        key_facts=(
            KeyFact("amount", "£142.20", (2,)),
            KeyFact("account", "48213", (1,)),
            KeyFact("reference", "REF-53182", (3,)),
            KeyFact("deadline", "Friday 14th", (4,)),
            KeyFact("date", "3rd of March", (2,)),
        )
    )
    checked = check_summary(summary, TURNS)
    assert all(kf.verified for kf in checked.key_facts), checked.key_facts
    assert checked.checks and all(c.verified and c.action == "kept" for c in checked.checks), checked.checks


def test_a_planted_invented_number_id_and_date_are_flagged() -> None:
    summary = make_summary(
        summary="Customer disputed a £124.20 charge; dispute 53812 opened, callback on the 15th of March.",
        key_facts=(KeyFact("amount", "£142.20", (2,)), KeyFact("reference", "53812", (3,)), KeyFact("date", "15th of March", (2,))),
    )
    checked = check_summary(summary, TURNS, unverified="flag")
    field = checks_for(checked, "summary")
    assert field == {"£124.20": False, "53812": False, "the 15th of March": False}
    assert [kf.verified for kf in checked.key_facts] == [True, False, False]
    flagged = [c for c in checked.checks if not c.verified]
    assert flagged and all(c.action == "flagged" for c in flagged)
    assert checked.summary.text == summary.summary.text, "flag mode keeps the text"


def test_drop_mode_removes_unverified_key_facts_and_masks_tokens_in_text() -> None:
    summary = make_summary(
        summary="Customer disputed a £124.20 charge; dispute 53182 opened.",
        key_facts=(KeyFact("amount", "£142.20", (2,)), KeyFact("amount", "£99.99", (2,))),
        action_items=(ActionItem(A, "Call back about dispute 53182", "by Monday the 17th", (4,)),),
    )
    checked = check_summary(summary, TURNS, unverified="drop")
    assert checked.summary.text == f"Customer disputed a {UNVERIFIED} charge; dispute 53182 opened."
    assert [kf.value for kf in checked.key_facts] == ["£142.20"]
    assert checked.action_items[0].what == "Call back about dispute 53182"
    assert UNVERIFIED in (checked.action_items[0].when or "")
    dropped = {c.token for c in checked.checks if c.action == "dropped"}
    assert {"£124.20", "£99.99"} <= dropped


def test_a_fact_found_outside_the_cited_turns_is_verified_and_cited() -> None:
    # The account number is in turn 1, but the field cites turn 5 only.
    summary = make_summary(summary="Account 48213 confirmed.", cited=(5,))
    checked = check_summary(summary, TURNS)
    assert checks_for(checked, "summary") == {"48213": True}
    assert checked.summary.turn_ids == (5, 1)


def test_citations_of_turns_that_do_not_exist_are_dropped() -> None:
    summary = make_summary(cited=(2, 3, 41))
    summary = dataclasses.replace(
        summary,
        key_facts=(KeyFact("amount", "£142.20", (2, 99)),),
        customer_sentiment=CustomerSentiment(Sentiment.NEGATIVE, Sentiment.NEUTRAL, (1, 77)),
    )
    checked = check_summary(summary, TURNS)
    assert checked.summary.turn_ids == (2, 3)
    assert checked.key_facts[0].turn_ids == (2,)
    assert checked.customer_sentiment.turn_ids == (1,)


def test_a_key_fact_with_nothing_to_parse_is_looked_up_as_a_phrase() -> None:
    summary = make_summary(
        key_facts=(KeyFact("deadline", "with their decision", ()), KeyFact("deadline", "end of next month", ()))
    )
    checked = check_summary(summary, TURNS, unverified="flag")
    assert [kf.verified for kf in checked.key_facts] == [True, False]
    assert checked.key_facts[0].turn_ids == (4,)


def test_an_empty_transcript_verifies_nothing_and_does_not_raise() -> None:
    checked = check_summary(make_summary(key_facts=(KeyFact("amount", "£142.20", (2,)),)), (), unverified="flag")
    assert not checked.key_facts[0].verified
    assert checked.summary.turn_ids == ()


def test_unknown_unverified_setting_is_a_bad_option() -> None:
    with pytest.raises(InputError) as err:
        check_summary(make_summary(), TURNS, unverified="ignore")
    assert err.value.code == "bad_option"


def test_a_redacted_phone_number_is_no_key_fact_and_its_label_is_not_flagged() -> None:
    said = (
        turn(0, "ch0", A, 0.0, 3.0, "Can I take a contact number?"),
        turn(1, "ch1", C, 3.5, 8.0, "Yes, it's 07700 900123, and my account number is 4-8-2-1-3."),
    )
    _, turns = redact((), said, RedactOptions())
    assert turns[1].text == "Yes, it's [PHONE], and my account number is 4-8-2-1-3."
    assert [(kf.kind, kf.value) for kf in read_key_facts(turns)] == [("account", "48213")]
    summary = make_summary(
        summary="Customer gave a mobile number, [PHONE], for account 48213.",
        cited=(1,),
        key_facts=(KeyFact("phone", "[PHONE]", (1,)), KeyFact("account", "48213", (1,))),
    )
    checked = check_summary(summary, turns, unverified="drop")
    assert checked.summary.text == summary.summary.text
    assert [kf.value for kf in checked.key_facts] == ["[PHONE]", "48213"]
    # The number itself, put back by a summary, is not in the redacted call.
    restored = check_summary(make_summary(summary="Mobile 07700 900123.", cited=(1,)), turns)
    assert checks_for(restored, "summary") == {"07700 900123": False}


def test_checking_a_long_call_is_fast() -> None:
    long_turns = tuple(
        turn(i, "ch0", A, float(i), i + 0.9, f"Reference {10000 + i}, amount £{i}.50, due on the {1 + i % 28}th of May.")
        for i in range(400)
    )
    summary = make_summary(summary="References 10007 and 10399, £12.50 due on the 8th of May.")
    # CPU time, not wall time: a loaded machine must not fail it. The checker also reads the
    # call's key facts (for the ids joined across turns), about 1 s of CPU for 400 turns.
    started = time.process_time()
    checked = check_summary(summary, long_turns)
    assert time.process_time() - started < 3.0
    assert checks_for(checked, "summary") == {"10007": True, "10399": True, "£12.50": True, "the 8th of May": True}
