"""PII redaction: cards, emails and national ids go; account numbers and amounts stay."""

from __future__ import annotations

import pytest

from pipeline.attribution.attribute import join_words
from pipeline.options import RedactOptions
from pipeline.redact import redact
from pipeline.types import Role
from tests.pipeline.factories import segment, turn

ON = RedactOptions()


def redacted(said: str, options: RedactOptions = ON) -> str:
    """The text of a turn that said ``said``, after the redaction stage."""
    _, turns = redact((), (turn(0, "ch1", Role.CUSTOMER, 0.0, 10.0, said),), options)
    return turns[0].text


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("My card number is 4111 1111 1111 1111, expiry 12 26.", "My card number is [CARD], expiry 12 26."),
        ("It's 5500-0000-0000-0004.", "It's [CARD]."),
        ("card 4111111111111111 12/26", "card [CARD] 12/26"),
        ("four one one one one one one one one one one one one one one one", "[CARD]"),
        ("It's emma dot clarke at example dot com.", "It's [EMAIL]."),
        ("email me at john.smith@example.co.uk please", "email me at [EMAIL] please"),
        ("My National Insurance number is QQ 12 34 56 C.", "My National Insurance number is [NATIONAL_ID]."),
        ("my social security number is 123-45-6789", "my social security number is [NATIONAL_ID]"),
        ("my social security number is 1 2 3 4 5 6 7 8 9", "my social security number is [NATIONAL_ID]"),
        ("주민등록번호는 900101-1234567입니다", "주민등록번호는 [NATIONAL_ID]입니다"),
    ],
)
def test_pii_is_replaced(said: str, expected: str) -> None:
    assert redacted(said) == expected


@pytest.mark.parametrize(
    "said",
    [
        "Your reference is 4111 1111 1111 1112.",  # 16 digits, fails the Luhn check
        "Your reference is 1234 5678 9012 3456.",
        "Account 48213, a charge of £142.50 on the 3rd of March, ticket 71204.",
        "Call us on 07700 900123.",
        "Have a look at it dot com.",  # not an address
    ],
)
def test_key_facts_and_ordinary_talk_are_kept(said: str) -> None:
    assert redacted(said) == said


def test_only_the_chosen_entities_are_redacted() -> None:
    said = "Card 4111 1111 1111 1111, email jo@example.com."
    assert redacted(said, RedactOptions(entities=("email",))) == "Card 4111 1111 1111 1111, email [EMAIL]."


def test_segment_turn_and_word_text_are_redacted_and_words_keep_their_times() -> None:
    text = "Sure, my card is 4111 1111 1111 1111. Email emma dot clarke at example dot com. Account 48213."
    t = turn(0, "ch1", Role.CUSTOMER, 0.0, 10.0, text)
    s = segment(0, 0.0, 10.0, text, channel=1)
    segments, turns = redact((s,), (t,), ON)
    expected = "Sure, my card is [CARD]. Email [EMAIL]. Account 48213."
    assert turns[0].text == expected
    assert segments[0].text.strip() == expected
    for before, after in ((t.words, turns[0].words), (s.words, segments[0].words)):
        assert [(w.start, w.end) for w in after] == [(w.start, w.end) for w in before]
        assert join_words(after) == expected
        assert not any("4111" in w.text or "clarke" in w.text for w in after)


def test_disabled_returns_the_inputs_unchanged() -> None:
    t = turn(0, "ch1", Role.CUSTOMER, 0.0, 5.0, "my card is 4111 1111 1111 1111")
    s = segment(0, 0.0, 5.0, t.text)
    segments, turns = redact((s,), (t,), RedactOptions(enabled=False))
    assert segments == (s,) and turns == (t,)
    assert turns[0].text == "my card is 4111 1111 1111 1111"
