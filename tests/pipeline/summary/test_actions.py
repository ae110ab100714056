"""Action items from cues: who owns each, one item per action, and when it is due."""

from __future__ import annotations

from pipeline.summary.actions import action_items_from_cues, clip
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


def test_a_clipped_quote_never_ends_inside_a_number() -> None:
    text = "수거 업체 관리를 거기서 하기 때문에 내일 중으로 연락드릴 거예요. 민원 처리 결과는 칠 일 이내에 문자로 안내됩니다."
    cut_in_the_deadline = text.index("칠 일") + len("칠 일") + 2
    clipped = clip(text, cut_in_the_deadline)
    assert clipped.endswith("결과는…") and "칠" not in clipped
    assert clip("Your refund of £38.60 is on its way.", 60) == "Your refund of £38.60 is on its way."


def test_a_request_waiting_on_the_customers_papers_is_theirs_first_then_ours() -> None:
    found = items(
        (A, "임대차계약서 사본을 보내 주셔야 명의 변경이 됩니다."),
        (C, "네, 내일 팩스로 보낼게요."),
        (A, "네, 나중에 확인되면 바로 처리해 드리겠습니다."),
        (C, "네."),
        (A, "서류가 도착하면 당일에 변경 처리해 드릴게요."),
    )
    assert [i.owner for i in found] == [C, A]
    assert found[0].turn_ids == (0, 1) and found[0].when == "내일"


def test_a_letter_still_to_come_is_the_organisations_item_but_a_bare_brush_off_is_none() -> None:
    (item,) = items((C, "Thanks."), (A, "You'll receive a letter explaining the new charges within a fortnight."))
    assert item.owner is A
    assert items((C, "When will I hear?"), (A, "You'll get an email.")) == ()


def test_a_household_members_promise_is_the_customers_item() -> None:
    (item,) = items((A, "The account holder has to agree to the change."), (C, "Right, I'll have my husband call you tomorrow."))
    assert item.owner is C and item.when == "tomorrow"


def test_what_the_other_team_does_next_is_the_hand_off_said_again() -> None:
    (item,) = items(
        (A, "That isn't something I can decide, so I've passed it to our appeals team."),
        (C, "Okay."),
        (C, "And then?"),
        (A, "They'll write to you with the decision within six weeks."),
    )
    assert item.owner is A and item.turn_ids == (0, 3)
    (korean,) = items(
        (A, "정식 민원으로 접수해서 관할 사무소로 이관해 드리겠습니다."),
        (C, "네."),
        (A, "처리 결과는 칠 일 안에 문자로 안내 나갑니다."),
    )
    assert korean.turn_ids == (0, 2)


def test_a_card_from_the_agents_own_side_stays_apart_from_the_hand_off() -> None:
    handoff, card = items(
        (A, "I'm transferring you to our fraud team now."),
        (C, "Okay."),
        (A, "Your new card will arrive within five working days."),
    )
    assert handoff.turn_ids == (0,) and card.turn_ids == (2,) and card.owner is A


def test_a_case_put_on_a_seniors_desk_and_their_callback_are_one_item() -> None:
    (item,) = items(
        (C, "반 넘게 안 다녔으니까 환불해 주셔야죠."),
        (A, "그건 제가 정할 수 있는 게 아니라서요. 제가 내용 정리해서 원장님한테 넘겨 놓을게요."),
        (C, "네."),
        (A, "원장님이 내일 오후에 직접 전화드릴 거예요."),
    )
    assert item.owner is A and item.turn_ids == (1, 3) and item.when == "내일 오후"


def test_an_informal_hand_off_keeps_the_customers_own_step_apart() -> None:
    found = items(
        (A, "Because the claim's closed I'm gonna pop it over to the claims technical team."),
        (C, "Righto."),
        (A, "If you can send them some photos of the damage, they'll ring you within two working days."),
    )
    assert [i.owner for i in found] == [A, C]
    assert found[1].what.startswith("If you can send them some photos")


def test_a_retry_left_for_tomorrow_is_the_customers_item() -> None:
    (item,) = items(
        (C, "nope still says loan limit reached"),
        (A, "could you delete the app reinstall it and try again tomorrow morning after the overnight refresh"),
        (C, "ugh fine"),
    )
    assert item.owner is C and item.when == "tomorrow morning"
