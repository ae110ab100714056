"""PII redaction: cards, emails, national ids and phone numbers go; account numbers, amounts and service numbers stay."""

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
        ("it's four one one one... one one one one... one one one one... one one one one", "it's [CARD]"),  # pauses
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
        "Have a look at it dot com.",  # not an address
    ],
)
def test_key_facts_and_ordinary_talk_are_kept(said: str) -> None:
    assert redacted(said) == said


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Call me on 07700 900123.", "Call me on [PHONE]."),
        ("It's 07700 900123, after 3 pm.", "It's [PHONE], after 3 pm."),
        ("You can reach me on +44 (0)7700 900123 any time.", "You can reach me on [PHONE] any time."),
        ("The landline is (0161) 496 0732.", "The landline is [PHONE]."),
        ("oh seven seven oh oh, nine double oh one two three", "[PHONE]"),
        ("my mobile's oh four three one... two two oh... nine eight seven", "my mobile's [PHONE]"),  # pauses
        ("it's plus four four seven seven double oh nine oh oh one two three", "it's [PHONE]"),
        ("My cell is 415-555-0123.", "My cell is [PHONE]."),
        ("my number is 415 555 0123", "my number is [PHONE]"),  # a US number after "number is"
        ("It's (415) 555-0123.", "It's [PHONE]."),  # written as a US number is
        ("+1 415 555 0123", "[PHONE]"),
        ("I'll pay by card, my number is 07700 900123", "I'll pay by card, my number is [PHONE]"),
        ("연락처는 010-1234-5678입니다.", "연락처는 [PHONE]입니다."),
        ("010-1234-5678로 문자 주세요", "[PHONE]로 문자 주세요"),  # the shape alone
        ("제 번호는 공일공 일이삼사 오육칠팔이요.", "제 번호는 [PHONE]이요."),
        ("핸드폰 공일공 구팔칠육 오사삼이요", "핸드폰 [PHONE]요"),  # 이 is the last digit
        ("공일공에 일이삼사에 오육칠팔이요", "[PHONE]이요"),
        ("사무실은 02-123-4567이에요", "사무실은 [PHONE]이에요"),
        ("집 전화는 공삼일, 일이삼, 사오육칠이에요", "집 전화는 [PHONE]이에요"),
    ],
)
def test_phone_numbers_are_replaced(said: str, expected: str) -> None:
    assert redacted(said) == expected


@pytest.mark.parametrize(
    "said",
    [
        "My account number is 0161 496 0732.",  # phone-shaped, but said to be the account
        "The reference is 4155550123.",
        "It's 415 555 0123.",  # ten digits, no cue and not written as a phone number: an id
        "Your case number is 2 0 3 1 7 4 4 1 9 0.",
        "That's £1,234.56, due on 12/03/2025.",
        "Ticket 71204, account 48213, sort code 20-00-00.",
        "Call us free on 0800 123 4567 or on 0300 123 4567.",  # an organisation's numbers
        "Or 1-800-555-0199.",
        "계좌번호는 010-1234-5678이에요.",  # a phone-number account is the account
        "고객센터 1588-1234로 전화 주세요.",
        "일오팔팔 일이삼사번으로 전화 주세요.",
        "접수번호는 이공삼일칠번이고요, 오만 삼천 원 나왔어요.",
        "3월 15일까지 납부하시면 됩니다.",
    ],
)
def test_account_and_service_numbers_amounts_and_dates_are_not_phones(said: str) -> None:
    assert redacted(said) == said


def test_phone_redaction_can_be_turned_off() -> None:
    said = "Call me on 07700 900123, card 4111 1111 1111 1111."
    no_phones = RedactOptions(entities=("card", "email", "national_id"))
    assert redacted(said, no_phones) == "Call me on 07700 900123, card [CARD]."
    assert redacted(said) == "Call me on [PHONE], card [CARD]."


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("Call me on 07700 900123, thanks", ["Call", "me", "on", "[PHONE],", "", "thanks"]),
        ("my card is 4111 1111 1111 1111.", ["my", "card", "is", "[CARD].", "", "", ""]),
        ("제 번호는 공일공 일이삼사 오육칠팔이요", ["제", "번호는", "[PHONE]이요", "", ""]),
    ],
)
def test_every_word_said_in_a_redacted_number_is_emptied_or_labelled(said: str, words: list[str]) -> None:
    # The audio is silenced over exactly these words: none may keep a piece of the number's time.
    segments, _ = redact((segment(0, 0.0, 8.0, said, channel=1),), (), ON)
    assert [w.text.strip() for w in segments[0].words] == words
    assert join_words(segments[0].words) == redacted(said)


def test_a_phone_number_leaves_the_words_which_keep_their_times() -> None:
    text = "Yes it's oh seven seven oh oh nine double oh one two three thanks"
    s = segment(0, 0.0, 13.0, text, channel=1)
    segments, _ = redact((s,), (), ON)
    after = segments[0].words
    assert [(w.start, w.end) for w in after] == [(w.start, w.end) for w in s.words]
    assert [w.text.strip() for w in after] == ["Yes", "it's", "[PHONE]", *[""] * 10, "thanks"]


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
