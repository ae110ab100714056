"""Outcome cue rules in English and Korean: who says it, negation, questions and conditions."""

from __future__ import annotations

import pytest

from pipeline.summary.cues import CueKind, find_cues
from pipeline.types import Role, Turn
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def call(*lines: tuple[Role, str]) -> tuple[Turn, ...]:
    return tuple(turn(i, "a" if role is A else "c", role, i * 5.0, i * 5.0 + 4.0, text) for i, (role, text) in enumerate(lines))


def kinds(*lines: tuple[Role, str]) -> list[tuple[CueKind, int]]:
    return [(c.kind, c.turn_id) for c in find_cues(call(*lines))]


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "I'm transferring you to my supervisor now.", CueKind.HANDOFF),
        (A, "I'm raising this as an emergency with our out-of-hours repairs team.", CueKind.HANDOFF),
        (A, "The fraud team will call you within the hour.", CueKind.HANDOFF),
        (A, "담당 부서로 이관해 드리겠습니다.", CueKind.HANDOFF),
        (C, "I've restarted it and it's still not working.", CueKind.STILL_FAILING),
        (C, "No, that didn't fix it.", CueKind.STILL_FAILING),
        (C, "여전히 안 돼요.", CueKind.STILL_FAILING),
        (C, "아니요, 아직도 빨간불이에요.", CueKind.STILL_FAILING),
        (C, "Oh, it's working now, thank you.", CueKind.CONFIRMED),
        (C, "아, 이제 되네요.", CueKind.CONFIRMED),
        (A, "I've processed the refund for you.", CueKind.DONE),
        (A, "네, 변경 완료되었습니다.", CueKind.DONE),
        (A, "An engineer will visit on Tuesday morning.", CueKind.PENDING),
        (A, "기사님 재방문 일정 잡아 드릴게요.", CueKind.PENDING),
        (A, "A cheque will be posted to you within 14 days.", CueKind.DELIVERY),
        (A, "There's nothing else I can do from here.", CueKind.CANNOT),
    ],
)
def test_each_cue_kind_in_english_and_korean(role: Role, text: str, kind: CueKind) -> None:
    other = C if role is A else A
    assert (kind, 1) in kinds((other, "Hello."), (role, text))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "I want to speak to a supervisor, transfer me!"),  # the customer asking is no hand-off
        (A, "Is it still not working?"),  # the agent's question is not the customer's report
        (A, "That should fix it."),  # the agent's hope is no confirmation
        (C, "I've processed the form already."),  # done counts from the agent only
    ],
)
def test_cues_count_only_from_the_party_whose_words_mean_it(role: Role, text: str) -> None:
    other = C if role is A else A
    assert kinds((other, "Hello."), (role, text)) == []


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (A, "There's no need to transfer you, I can sort it here."),
        (A, "이관하지 않아도 됩니다."),
        (C, "I don't think it's working now."),
        (A, "If it's still broken tomorrow, an engineer will visit."),
        (C, "If it's still not working tomorrow I'll ring back."),
        (C, "여전히 안 되면 다시 전화할게요."),
        (A, "Has that fixed it?"),
    ],
)
def test_negated_conditional_and_asked_cues_do_not_count(role: Role, text: str) -> None:
    other = C if role is A else A
    found = kinds((other, "Hello."), (role, text))
    assert all(kind not in (CueKind.HANDOFF, CueKind.CONFIRMED, CueKind.STILL_FAILING, CueKind.PENDING, CueKind.DONE) for kind, _ in found), found


def test_unknown_roles_take_the_first_speaker_as_the_agent() -> None:
    turns = (
        turn(0, "S0", Role.UNKNOWN, 0, 2, "Northwind, how can I help?"),
        turn(1, "S1", Role.UNKNOWN, 2, 4, "It still isn't working."),
        turn(2, "S0", Role.UNKNOWN, 4, 6, "I'll transfer you to our technical team."),
    )
    assert [(c.kind, c.role) for c in find_cues(turns)] == [(CueKind.STILL_FAILING, C), (CueKind.HANDOFF, A)]


def has(kind: CueKind, role: Role, text: str) -> bool:
    other = C if role is A else A
    return (kind, 1) in kinds((other, "Hello."), (role, text))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "I'll pop into the branch tomorrow."),
        (C, "Okay, I'll give the bank a ring."),
        (C, "I'll pay forty-five a month from next month."),
        (C, "I'll clear the path so they can get in."),
        (C, "Right, then I'll send it tonight."),
        (C, "I'm going to call them when I get home."),
        (C, "Fine, I'll go in on Saturday."),
        (A, "You'll need to call your bank to let the payment through."),
        (A, "Please bring your passport when you come in."),
        (A, "You'll have to send us a copy of the certificate."),
        (A, "Just make sure someone's home on Thursday."),
        (A, "Please have your last two payslips and a list of your bills ready."),
        (A, "The first payment would be on the 1st of May."),
        (C, "내일 방문할게요."),
        (C, "그럼 제가 전화해 볼게요."),
        (C, "서류 가지고 갈게요."),
        (C, "사진은 오늘 저녁에 보내 드릴게요."),
        (C, "다음 주에 낼게요."),
        (A, "신분증 지참하시고 방문해 주세요."),
        (A, "제조사 서비스센터에 연락하셔야 해요."),
        (A, "통화 전에 신분증 사본 준비해 두세요."),
    ],
)
def test_a_customer_to_do_promised_by_the_customer_or_asked_by_the_agent(role: Role, text: str) -> None:
    assert has(CueKind.CUSTOMER_TODO, role, text)


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "If it still fails, I'll call you back."),  # condition before
        (C, "I'll ring back if it happens again."),  # condition after
        (C, "Should I send it again?"),  # question
        (C, "I've already sent it."),  # done, in the past
        (C, "I'll pay the thirty-five."),  # paid during the call: no time after it
        (C, "I'll just grab my card."),  # during the call
        (C, "I need to report a fault."),  # why they called
        (A, "You don't need to do anything."),
        (A, "There's no need to send anything back."),
        (A, "If it still fails, please call us back."),
        (A, "Do you want me to send it?"),
        (A, "Please hold while I check."),
        (A, "Just go into settings and clear the cache."),  # troubleshooting during the call
        (A, "I'll just call up your account."),  # the agent's own "just"
        (A, "You can also pay online."),  # an option, not a request
        (C, "안 되면 다시 전화할게요."),
        (C, "이미 보냈어요."),
        (C, "카드로 낼게요."),
        (C, "옆집 가게는 나와요."),
        (C, "보내 드릴까요?"),
        (A, "따로 방문하실 필요는 없습니다."),
        (A, "방문하지 않으셔도 됩니다."),
        (A, "문제가 있으면 연락해 주세요."),
        (A, "잠시만 기다려 주세요."),
        (A, "안녕히 가세요."),
    ],
)
def test_negated_conditional_asked_past_or_in_call_to_dos_do_not_count(role: Role, text: str) -> None:
    assert not has(CueKind.CUSTOMER_TODO, role, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'll get that refunded to your card.", CueKind.DELIVERY),
        ("The £38.60 will go back to the card you booked with.", CueKind.DELIVERY),
        ("Your new card will be with you in 5 days.", CueKind.DELIVERY),
        ("The money should reach you in three to five working days.", CueKind.DELIVERY),
        ("카드는 3일 안에 도착합니다.", CueKind.DELIVERY),
        ("재발급 카드는 영업일 기준 칠일 이내에 배송됩니다.", CueKind.DELIVERY),
        ("I'll ring you back to move the date.", CueKind.PENDING),
        ("We'll run a check on the network and let you know.", CueKind.PENDING),
        ("What I'll do is check the mast and give you a call back this afternoon.", CueKind.PENDING),
        ("The engineer will text you half an hour before they arrive.", CueKind.PENDING),
        ("제가 확인해서 연락드릴게요.", CueKind.PENDING),
        ("담당자가 내일 전화드릴 겁니다.", CueKind.PENDING),
    ],
)
def test_agent_promises_of_work_after_the_call(text: str, kind: CueKind) -> None:
    assert has(kind, A, text)


@pytest.mark.parametrize(
    "text",
    ["I'll let you know the total now.", "Do you want me to send it?", "I've already refunded it.", "I'm just going to run a quick line test."],
)
def test_in_call_or_asked_work_is_no_promise(text: str) -> None:
    assert not any(k in (CueKind.PENDING, CueKind.DELIVERY) for k, _ in kinds((C, "Hello."), (A, text)))


@pytest.mark.parametrize("text", ["no it's the same e403 again", "어, 아직도 삼공일 떠요."])
def test_an_error_still_showing_is_still_failing(text: str) -> None:
    assert has(CueKind.STILL_FAILING, C, text)


def test_a_cue_records_where_in_the_sentence_it_was_found() -> None:
    (cue,) = find_cues(call((C, "Hello."), (A, "Thanks. You'll need to call your bank.")))
    assert cue.sentence[cue.span[0] : cue.span[1]].lower().startswith("you'll need to call")


@pytest.mark.parametrize(
    "text",
    ["You'll keep the same PIN.", "Your appointment is in two weeks.", "I called in five days ago about it."],
)
def test_statements_about_the_present_are_nothing_left_open(text: str) -> None:
    found = kinds((C, "Hello."), (A, text))
    assert all(k not in (CueKind.CUSTOMER_TODO, CueKind.DELIVERY, CueKind.PENDING) for k, _ in found), found
