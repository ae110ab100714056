"""Who is the agent in a mono call: realistic dialogues, scored by cues."""

from __future__ import annotations

import pytest

from pipeline.attribution.roles import CUES, confidence_from_margin, decide_by_cues, score_speakers
from pipeline.types import Role
from tests.pipeline import factories as f

A, B = "SPEAKER_00", "SPEAKER_01"

BILLING_CALL = [
    (A, "Good afternoon, thank you for calling Northwind Energy, you're speaking with Priya. How can I help?"),
    (B, "Hi, yes, I'm calling about my bill. There's a charge of forty two pounds I don't recognise."),
    (A, "I'm sorry to hear that. For security, can you confirm your date of birth and postcode?"),
    (B, "Sure, it's the fourth of May 1980, and the postcode is NW1 4RT."),
    (A, "Thank you. Let me check your account. I can see the charge here, it was a late payment fee."),
    (B, "I paid on time though. I want to get it removed."),
    (A, "I'll raise a refund for that today, and I'll send you an email to confirm."),
    (B, "Great, thank you."),
]


def test_agent_who_greets_first_is_found_with_high_confidence() -> None:
    decided = decide_by_cues(f.speaker_turns(BILLING_CALL), [A, B])
    assert decided.roles == {A: Role.AGENT, B: Role.CUSTOMER}
    assert decided.method == "heuristic"
    assert 0.95 <= decided.confidence < 1.0


def test_agent_who_speaks_second_but_greets_with_the_org_name_is_still_the_agent() -> None:
    turns = f.speaker_turns(
        [
            (B, "Hello? Hello?"),
            (A, "Riverside Council, this is Tom speaking, how may I help you today?"),
            (B, "Oh hi. My bins weren't collected on Tuesday."),
        ]
    )
    decided = decide_by_cues(turns, [A, B])
    assert decided.roles == {A: Role.AGENT, B: Role.CUSTOMER}
    assert decided.confidence > 0.8


def test_customer_who_opens_with_hi_this_is_is_not_taken_for_an_organisation() -> None:
    turns = f.speaker_turns(
        [
            (B, "Hi, this is Mary Jones, I'm calling about my parking permit application."),
            (A, "Okay, can I have your reference number please?"),
            (B, "It's PP 4471."),
            (A, "Thanks. Let me just pull that up."),
        ]
    )
    scores = score_speakers(turns)
    assert "org_this_is" not in scores[B].cues
    assert decide_by_cues(turns, [A, B]).roles == {A: Role.AGENT, B: Role.CUSTOMER}


def test_customer_thanking_for_a_call_back_is_not_a_greeting() -> None:
    turns = f.speaker_turns([(B, "Thank you for calling me back."), (A, "No problem.")])
    assert score_speakers(turns)[B].agent == 0.0


def test_confidence_grows_with_more_cues() -> None:
    weak = f.speaker_turns([(B, "Hello."), (A, "Let me check that."), (B, "Okay.")])
    strong = f.speaker_turns(BILLING_CALL[:4])
    weak_decided, strong_decided = decide_by_cues(weak, [A, B]), decide_by_cues(strong, [A, B])
    assert weak_decided.roles[A] is Role.AGENT and strong_decided.roles[A] is Role.AGENT
    assert 0.5 < weak_decided.confidence < strong_decided.confidence
    assert confidence_from_margin(0.0) == 0.5 and confidence_from_margin(100.0) < 1.0


def test_repeating_one_cue_counts_at_most_three_times() -> None:
    turns = f.speaker_turns([(A, "Your account is fine.")] * 10)
    assert score_speakers(turns)[A].agent == pytest.approx(3 * 1.0)


def test_no_evidence_falls_back_to_the_first_speaker_with_low_confidence() -> None:
    turns = f.speaker_turns([(B, "Hello."), (A, "Yes."), (B, "Okay then.")])
    decided = decide_by_cues(turns, [A, B])
    assert decided.roles == {B: Role.AGENT, A: Role.CUSTOMER}
    assert decided.method == "default"
    assert decided.confidence <= 0.5


def test_one_speaker_is_unknown_not_agent() -> None:
    turns = f.speaker_turns([(A, "Thank you for calling, how can I help?")])
    decided = decide_by_cues(turns, [A])
    assert decided.roles == {A: Role.UNKNOWN}
    assert decided.confidence == 0.0


def test_no_speakers_at_all() -> None:
    decided = decide_by_cues((), [])
    assert decided.roles == {} and decided.confidence == 0.0


def test_korean_call() -> None:
    turns = f.speaker_turns(
        [
            (B, "여보세요?"),
            (A, "전화 주셔서 감사합니다, 시청 민원실 김민수입니다. 무엇을 도와드릴까요?"),
            (B, "수도 요금 때문에 전화했는데요, 이번 달 요금이 너무 많이 나왔어요."),
            (A, "네 고객님, 본인 확인을 위해 생년월일을 말씀해 주시겠어요?"),
        ]
    )
    decided = decide_by_cues(turns, [A, B])
    assert decided.roles == {A: Role.AGENT, B: Role.CUSTOMER}
    assert decided.confidence > 0.9


def test_warm_transfer_second_agent_with_three_speakers() -> None:
    C = "SPEAKER_02"
    turns = f.speaker_turns(
        [
            (A, "Thank you for calling Northwind, how can I help?"),
            (B, "I'm calling about my bill, I was charged twice."),
            (A, "Let me transfer you to billing."),
            (C, "Hi, you're through to the billing team, this is Sam. How can I help?"),
            (B, "Yes, I've been charged twice for March."),
        ]
    )
    decided = decide_by_cues(turns, [A, B, C])
    assert decided.roles == {A: Role.AGENT, B: Role.CUSTOMER, C: Role.AGENT}


def test_every_cue_matches_the_phrase_it_is_named_for() -> None:
    # Guards the regexes against typos that would silently never match.
    examples = {
        "thanks_for_calling": "Thanks for calling Acme",
        "welcome_to": "Welcome to Acme",
        "through_to": "You're through to Acme",
        "youve_reached": "You've reached Acme support",
        "org_this_is": "Acme Water, this is Jo",
        "how_can_i_help": "How may I assist",
        "what_can_i_do": "What can I do for you today",
        "confirm_identity": "Could you confirm your full name",
        "for_security": "for security purposes",
        "can_i_have_your": "May I have your email",
        "ill_do": "I'll send you a letter",
        "let_me": "let me have a look",
        "i_can_see": "I can see on the system",
        "your_account": "your balance is zero",
        "anything_else": "Is there anything else I can help with",
        "bear_with_me": "Bear with me",
        "sorry_to_hear": "sorry for the inconvenience",
        "calling_about": "I\u2019m ringing about the bins",
        "called_before": "I called last week",
        "my_thing": "my direct debit failed",
        "i_want_to": "I'd like to pay",
        "i_got_a": "I got a letter",
        "charged": "I've been charged",
        "can_you_help_me": "can you help me",
        "ko_greeting": "감사합니다 김민수입니다",
        "ko_how_can_i_help": "무엇을 도와드릴까요",
        "ko_customer_honorific": "고객님",
        "ko_verification": "본인 확인",
        "ko_ill_check": "확인해 드리겠습니다",
        "ko_calling_about": "문의하려고",
        "ko_my_thing": "제 요금이",
    }
    assert set(examples) == {c.name for c in CUES}
    for cue in CUES:
        text = examples[cue.name].replace("\u2019", "'")
        assert cue.pattern.search(text), cue.name
