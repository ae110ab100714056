"""The extractive summarizer: grounded fields from rules, and never an exception."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.summary.extractive import summarize_extractive
from pipeline.facts.index import fact_in_text
from pipeline.summary.grounding import check_summary
from pipeline.types import Resolution, Role, Sentiment, Summary, Turn
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER

# How Whisper writes the billing sample call (numbers in its own spellings).
BILLING: tuple[Turn, ...] = (
    turn(0, "ch0", A, 0.4, 5.9, "Thank you for calling Northwind Council, this is Sarah. How can I help you today?"),
    turn(1, "ch1", C, 6.7, 11.0, "Hi Sarah. I'm calling about a charge on my council tax bill."),
    turn(2, "ch0", A, 11.6, 15.0, "I can look into that. Can I have your full name and address, please?"),
    turn(3, "ch1", C, 15.6, 18.5, "Yes, it's David Miller, 22 Station Road."),
    turn(4, "ch0", A, 19.1, 21.6, "Thank you, Mr Miller. And your account number?"),
    turn(5, "ch1", C, 22.5, 25.0, "It's 4-8-2-1-3."),
    turn(6, "ch0", A, 25.6, 28.9, "Thanks, that matches our records. Which charge is it?"),
    turn(7, "ch1", C, 29.5, 39.6, "There's a charge of 100 and 42 pounds 20, dated the third of March, for garden waste. I cancelled that last year."),
    turn(8, "ch0", A, 40.2, 48.0, "Yes, it renewed automatically in February."),
    turn(9, "ch1", C, 47.3, 50.0, "But I never asked for it to renew."),
    turn(10, "ch0", A, 50.6, 57.0, "I understand. I've opened a billing dispute for you. Your reference number is 53182."),
    turn(11, "ch1", C, 57.6, 62.0, "Can't you just take the charge off today?"),
    turn(12, "ch0", A, 62.6, 70.0, "The billing team has to approve the refund. I'll call you back by Friday the 14th with their decision."),
    turn(13, "ch1", C, 70.6, 73.0, "Okay. So you'll call me by Friday the 14th."),
    turn(14, "ch0", A, 73.6, 76.0, "You're welcome, Mr Miller. Is there anything else?"),
    turn(15, "ch1", C, 76.6, 78.5, "No, that's everything. Goodbye."),
)


def facts(summary: Summary) -> dict[str, tuple[str, tuple[int, ...]]]:
    return {kf.value: (kf.kind, kf.turn_ids) for kf in summary.key_facts}


def test_billing_call_gives_its_amount_ids_and_deadline_with_their_turns() -> None:
    summary = summarize_extractive(BILLING)
    found = facts(summary)
    assert found["£142.20"] == ("amount", (7,))
    assert found["48213"] == ("account", (5,))
    assert found["53182"] == ("reference", (10,))
    assert found["Friday the 14th"] == ("deadline", (12, 13))
    assert summary.generator == "extractive" and summary.model == "rules-v1"


def test_billing_call_reason_resolution_and_callback() -> None:
    summary = summarize_extractive(BILLING)
    assert summary.reason.turn_ids == (1,) and "charge" in summary.reason.text
    assert summary.resolution.status is Resolution.UNRESOLVED
    assert summary.follow_up_required
    (item,) = summary.action_items
    assert item.owner is Role.AGENT and item.when == "Friday the 14th" and item.turn_ids == (12,)
    assert "call the customer back" in item.what.lower()
    assert fact_in_text("£142.20", summary.summary.text) and fact_in_text("53182", summary.summary.text)
    assert set(summary.summary.turn_ids) <= {t.id for t in BILLING}


def test_every_number_in_the_extractive_summary_is_verified_by_the_checker() -> None:
    checked = check_summary(summarize_extractive(BILLING), BILLING)
    assert checked.checks and all(c.verified for c in checked.checks), [c for c in checked.checks if not c.verified]
    assert all(kf.verified for kf in checked.key_facts)


@pytest.mark.parametrize(
    ("agent_says", "status"),
    [
        ("I'm transferring you to my supervisor now.", Resolution.ESCALATED),
        ("I've processed the refund, that's all done.", Resolution.RESOLVED),
        ("That's not resolved yet, sorry.", Resolution.UNRESOLVED),
    ],
)
def test_resolution_follows_the_agents_words(agent_says: str, status: Resolution) -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Northwind Council, how can I help?"),
        turn(1, "c", C, 2, 5, "I'm calling about a refund for my parking permit."),
        turn(2, "a", A, 5, 8, agent_says),
    )
    summary = summarize_extractive(turns)
    assert summary.resolution.status is status
    if status is not Resolution.UNRESOLVED:
        assert summary.resolution.turn_ids == (2,)


def test_customer_sentiment_from_first_and_last_turns() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Council, how can I help?"),
        turn(1, "c", C, 2, 5, "This is ridiculous, I'm really frustrated with this wrong bill."),
        turn(2, "a", A, 5, 8, "I've refunded it."),
        turn(3, "c", C, 8, 10, "Great, thank you so much, that's really helpful."),
    )
    sentiment = summarize_extractive(turns).customer_sentiment
    assert (sentiment.start, sentiment.end) == (Sentiment.NEGATIVE, Sentiment.POSITIVE)
    assert set(sentiment.turn_ids) == {1, 3}


def test_unknown_roles_take_the_first_speaker_as_agent() -> None:
    turns = tuple(dataclasses.replace(t, role=Role.UNKNOWN, speaker="S0" if t.role is A else "S1") for t in BILLING)
    summary = summarize_extractive(turns)
    assert summary.reason.turn_ids == (1,)
    assert summary.action_items and summary.action_items[0].owner is Role.AGENT


@pytest.mark.parametrize(
    "turns",
    [
        (),
        (turn(0, "a", A, 0, 1, ""),),
        (turn(0, "a", A, 0, 1, "   "), turn(1, "c", C, 1, 2, "...")),
        (turn(0, "c", C, 0, 1, "4 8"),),
        (turn(0, "a", A, 0, 1, "£££ $$$ 1/2/3/4 by by by the the 31st of of"),),
        (turn(0, "a", A, 0, 1, "안녕하세요"), turn(1, "c", C, 1, 2, "사만원 금요일까지")),
        (turn(0, "a", A, 0, 1, "I'll"), turn(0, "a", A, 0, 1, "I'll")),  # duplicate ids
    ],
)
def test_odd_input_gives_a_valid_summary_and_never_raises(turns: tuple[Turn, ...]) -> None:
    summary = summarize_extractive(turns)
    assert isinstance(summary, Summary)
    assert summary.summary.text and summary.reason.text and summary.resolution.text
    assert summary.generator == "extractive"


def test_empty_call_says_there_was_no_speech() -> None:
    summary = summarize_extractive(())
    assert "no speech" in summary.summary.text.lower()
    assert summary.key_facts == () and summary.action_items == () and not summary.follow_up_required


def test_a_customer_to_do_is_a_follow_up_read_from_the_customers_side() -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Sunvale Utilities, how can I help?"),
        turn(1, "c", C, 2, 5, "My card payment keeps failing."),
        turn(2, "a", A, 5, 8, "It's declined by your bank. You'll need to call your bank to let the payment through."),
        turn(3, "c", C, 8, 10, "Fine, I'll ring the bank now."),
    )
    summary = summarize_extractive(turns)
    assert summary.follow_up_required
    (item,) = summary.action_items
    assert item.owner is C and item.what == "Call the customer's bank to let the payment through"


@pytest.mark.parametrize(
    ("customer_says", "follow_up"),
    [("Great, I'll pop into the branch on Saturday with it.", True), ("Great, I've already sent it.", False)],
)
def test_a_customer_to_do_leaves_the_resolution_alone(customer_says: str, follow_up: bool) -> None:
    turns = (
        turn(0, "a", A, 0, 2, "Northwind Bank, how can I help?"),
        turn(1, "c", C, 2, 5, "I'd like to change my address."),
        turn(2, "a", A, 5, 8, "I've updated it, that's all done."),
        turn(3, "c", C, 8, 10, customer_says),
    )
    summary = summarize_extractive(turns)
    assert summary.resolution.status is Resolution.RESOLVED and not summary.resolution.needs_review
    assert summary.follow_up_required is follow_up
    if follow_up:
        (item,) = summary.action_items
        assert item.owner is C and item.when == "Saturday" and item.what == "Pop into the branch with it"


def test_the_sentence_that_shows_the_outcome_is_quoted_with_its_own_speaker() -> None:
    """The customer's "that's all I needed to know" is the customer's words, not the agent's, and an
    outcome read from no sentence adds no bare "Agent: Resolved" to the text."""
    call = (
        turn(0, "ch0", A, 0.0, 3.0, "Bereavement services, this is Joanne, how can I help?"),
        turn(1, "ch1", C, 3.5, 9.0, "Hi, my dad's buried at Morton Hill, we want a headstone. Is there a charge for the permit?"),
        turn(2, "ch0", A, 9.5, 14.0, "The permit for a headstone on a lawn grave is one hundred and twelve pounds."),
        turn(3, "ch1", C, 14.5, 17.0, "Brilliant, that's all I needed to know, cheers."),
    )
    summary = summarize_extractive(call)
    quoted = [part for part in summary.summary.text.split(" Customer: ") if "all I needed" in part]
    assert quoted and "Agent: Brilliant" not in summary.summary.text
    assert "Agent: Resolved" not in summary.summary.text and "Customer: Resolved" not in summary.summary.text
    assert set(summary.summary.turn_ids) <= {t.id for t in call}
