"""Action items from cues: who owns each, one item per action, and when it is due."""

from __future__ import annotations

from pipeline.summary.actions import action_items_from_cues
from pipeline.summary.cues import find_cues
from pipeline.types import ActionItem, Role, Turn
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def call(*lines: tuple[Role, str]) -> tuple[Turn, ...]:
    return tuple(turn(i, "a" if role is A else "c", role, i * 5.0, i * 5.0 + 4.0, text) for i, (role, text) in enumerate(lines))


def items(*lines: tuple[Role, str]) -> tuple[ActionItem, ...]:
    return action_items_from_cues(find_cues(call(*lines)))


def test_a_request_and_its_acceptance_are_one_customer_item() -> None:
    (item,) = items(
        (C, "The payment keeps failing."),
        (A, "The decline is from your bank. You'll need to call your bank to let the payment through."),
        (C, "Fine, I'll ring the bank tomorrow."),
    )
    assert item.owner is C and item.turn_ids == (1, 2)
    assert item.what.startswith("You'll need to call your bank") and item.when == "tomorrow"


def test_a_recap_with_the_same_deadline_is_the_same_item() -> None:
    (item,) = items(
        (A, "I've submitted that now. The £38.60 will go back to your card within 7 to 10 working days."),
        (C, "Great."),
        (C, "Thanks."),
        (C, "Bye then."),
        (A, "So just to confirm: a refund of £38.60, back on your card within seven to ten working days."),
    )
    assert item.owner is A and item.turn_ids == (0, 4) and item.when == "within 7 to 10 working days"


def test_a_hand_off_said_twice_is_one_item() -> None:
    (item,) = items(
        (A, "Because these look like fraud, I need to pass you to our fraud team."),
        (C, "Okay."),
        (A, "Anything else first?"),
        (C, "No."),
        (A, "I'm transferring you to the fraud team now."),
    )
    assert item.owner is A and item.turn_ids == (0, 4)


def test_one_sentence_with_two_owners_gives_two_items() -> None:
    found = items(
        (C, "Thanks."),
        (A, "So to recap: the specialists will call you on Tuesday at 11 am, please have your last two payslips ready."),
    )
    assert [(i.owner, i.when) for i in found] == [(A, "Tuesday at 11 am"), (C, None)]
    assert "payslips" in found[1].what and "specialists" not in found[1].what


def test_distinct_actions_far_apart_stay_apart() -> None:
    found = items(
        (A, "I've blocked the card. A replacement will reach you in five to seven working days."),
        (C, "Okay."),
        (A, "Can I take your postcode?"),
        (C, "AB1 2CD."),
        (A, "The complaints team will call you by Friday the 14th."),
    )
    assert [i.turn_ids for i in found] == [(0,), (4,)]


def test_something_to_send_belongs_to_whoever_sends_it() -> None:
    asked, said, posted = (
        items((C, "Hi."), (A, text))[0] if role is A else items((A, "Hi."), (C, text))[0]
        for role, text in (
            (A, "You'll need to send us the form within 14 days."),
            (C, "I'll post the form tomorrow."),
            (A, "A cheque will be posted to you within 14 days."),
        )
    )
    assert (asked.owner, said.owner, posted.owner) == (C, C, A)


def test_the_agents_hold_request_does_not_make_a_hand_off_the_customers() -> None:
    (item,) = items((C, "I need an interpreter."), (A, "Please hold, I'll connect you to our interpreting line."))
    assert item.owner is A and "interpreting line" in item.what


def test_korean_items_owner_and_when() -> None:
    found = items(
        (A, "제조사 서비스센터에 연락하셔야 해요."),
        (C, "네, 내일 전화해 볼게요."),
        (A, "재발급 카드는 영업일 기준 칠일 이내에 배송됩니다."),
    )
    assert [(i.owner, i.when, i.turn_ids) for i in found] == [(C, "내일", (0, 1)), (A, "칠일 이내에", (2,))]


def test_a_resolved_call_with_nothing_left_has_no_items() -> None:
    assert items(
        (C, "Do I need to send the ticket back?"),
        (A, "No, it's an e-ticket, so you don't need to do anything. It's all done."),
        (C, "If it happens again I'll ring you."),
    ) == ()
