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


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "Right, I'll get this over to the people who handle disputed charges.", CueKind.HANDOFF),
        (A, "What I'll do is get your claim across to the lads in our warehouse.", CueKind.HANDOFF),
        (A, "I've written it up as a formal complaint and it goes to our complaints team.", CueKind.HANDOFF),
        (A, "사용 내역은 요금 담당 부서에 내용 전달해 두었습니다.", CueKind.HANDOFF),
        (C, "Hang on. No, it says payment declined again.", CueKind.STILL_FAILING),
        (C, "It went green for a second and now it's gone back to red.", CueKind.STILL_FAILING),
        (C, "고쳐 주고 가셨는데 오늘 보니까 또 새요.", CueKind.STILL_FAILING),
        (A, "Then I'm afraid there's nothing more I can do.", CueKind.CANNOT),
        (A, "I can't do any more from here, sorry.", CueKind.CANNOT),
        (A, "Sorry, I can't on a joint account, it has to be in writing.", CueKind.CANNOT),
        (A, "You'd have to take it up with the seller.", CueKind.CANNOT),
        (A, "Hello? I think we've lost the line.", CueKind.CANNOT),
        (A, "고객님 죄송한데 말씀이 잘 안 들립니다.", CueKind.CANNOT),
        (A, "통화가 어려우신 것 같아서 종료하겠습니다.", CueKind.CANNOT),
        (A, "It usually takes three to five working days to show on your statement.", CueKind.DELIVERY),
        (A, "We'll write to you with what we find.", CueKind.DELIVERY),
        (A, "환급금은 열흘 안에 그 계좌로 들어갈 거예요.", CueKind.DELIVERY),
    ],
)
def test_hand_offs_failures_dead_ends_and_deliveries_said_in_other_words(role: Role, text: str, kind: CueKind) -> None:
    assert (kind, 0) in kinds((role, text))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (A, "영수증은 문자로 보내 드렸어요."),  # already sent: nothing to arrive
        (C, "It's going to be my third try."),
        (A, "I can send it over to you now."),
    ],
)
def test_what_was_already_done_or_only_said_in_passing_is_no_cue(role: Role, text: str) -> None:
    assert kinds((role, text)) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # hand-offs and referrals to another team, office or body
        ("I've sent everything over to the highways division, they deal with damage claims.", CueKind.HANDOFF),
        ("I'll put your complaint through to our customer relations team.", CueKind.HANDOFF),
        ("We have a debt advice service, so I'm referring you to them today.", CueKind.HANDOFF),
        ("That referral has been made, they'll write to you.", CueKind.HANDOFF),
        ("I'm passing it to our licensing officers.", CueKind.HANDOFF),
        ("Someone from our welfare rights team will contact you this week.", CueKind.HANDOFF),
        ("관할 보건소로 민원 내용 넘겨 드렸습니다.", CueKind.HANDOFF),
        ("해당 구청에서 직접 연락드릴 예정입니다.", CueKind.HANDOFF),
        ("환경과에 요청 사항 전달해 드리겠습니다.", CueKind.HANDOFF),
        # dead ends: out of scope, no access, not able to
        ("We don't handle refunds for tickets on this line.", CueKind.CANNOT),
        ("I don't have access to that older system.", CueKind.CANNOT),
        ("I can't actually accept documents by phone.", CueKind.CANNOT),
        ("I'm sorry, that's outside our remit.", CueKind.CANNOT),
        ("Nothing matching that description has come in.", CueKind.CANNOT),
        ("그 부분은 저희 소관이 아니라서요.", CueKind.CANNOT),
        ("저희 쪽에서 조치해 드릴 수 있는 방법이 없습니다.", CueKind.CANNOT),
        ("분실물 중에 접수된 물건이 아직 없네요.", CueKind.CANNOT),
        # the request waits on something still to come from the customer
        ("As soon as we receive the signed form, the account moves over.", CueKind.PENDING),
        ("재직증명서를 제출해 주셔야 신청이 접수됩니다.", CueKind.PENDING),
        # something still to arrive, with what it says or when
        ("You should receive a letter confirming the new date by Friday.", CueKind.DELIVERY),
    ],
)
def test_handoffs_dead_ends_and_waits_in_general_wording(text: str, kind: CueKind) -> None:
    assert has(kind, A, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sorry, there's no supervisor on shift I could transfer you to.", CueKind.HANDOFF),  # denied, not made
        ("팀장님 연결은 지금 어렵습니다.", CueKind.HANDOFF),
        ("I've put the payment through to the accounts team.", CueKind.HANDOFF),  # a payment, not the case
        ("Our repairs team will call you to book the visit.", CueKind.HANDOFF),  # a visit to come, not a hand-off
        ("그럼 고객센터로 전달해 드릴게요.", CueKind.HANDOFF),  # the agent's own desk
        ("You can make a referral through your GP.", CueKind.HANDOFF),  # the customer's to make
        ("I don't have access to your full card number, for security.", CueKind.CANNOT),
        ("There's nothing to pay yet.", CueKind.CANNOT),
        ("연체된 건 아직 없습니다.", CueKind.CANNOT),
        ("You'll get a text with a code now.", CueKind.DELIVERY),  # read out during the call
        ("You'll get an email.", CueKind.DELIVERY),  # a brush-off that says nothing
        ("As long as it's set up before Friday you won't get a reminder.", CueKind.DONE),  # not done yet
        ("Once that's processed the old rate stops.", CueKind.DONE),
        ("가장 빠른 방문 일정이 다음 달 삼일입니다.", CueKind.PENDING),  # offered, not booked
    ],
)
def test_denied_handoffs_in_call_details_and_future_dones_are_not_cues(text: str, kind: CueKind) -> None:
    assert not has(kind, A, text)


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "Okay, I'll sign it and post it back this weekend."),
        (C, "I'll get my daughter to ring you tomorrow."),
        (C, "내일 구청 들러서 신청할게요."),
        (C, "퇴근길에 우체국 가서 찾을게요."),
    ],
)
def test_two_step_and_household_promises_are_customer_to_dos(role: Role, text: str) -> None:
    assert has(CueKind.CUSTOMER_TODO, role, text)


@pytest.mark.parametrize(("role", "text"), [(C, "잠깐 가서 볼게요."), (C, "계량기 가서 확인할게요."), (C, "I'll try it and see.")])
def test_checks_during_the_call_are_no_customer_to_do(role: Role, text: str) -> None:
    assert not has(CueKind.CUSTOMER_TODO, role, text)


def test_a_lost_line_counts_only_near_the_end_of_the_call() -> None:
    early = call(
        (A, "Good morning, water services."),
        (C, "Sorry, you're breaking up, say again?"),
        (C, "Sorry, I can't hear you very well."),
        (A, "Is that better?"),
        (C, "Yes, fine now. I want to check my meter reading."),
        (A, "Okay."),
        (C, "Thanks."),
    )
    assert all(c.kind is not CueKind.CANNOT for c in find_cues(early))
    late = call((A, "Good morning, water services."), (C, "I'm ringing about my... hello? 안 들려요."), (A, "여보세요?"))
    assert [c.kind for c in find_cues(late)] == [CueKind.CANNOT]
    assert [c.kind for c in find_cues(call((A, "Gas helpline."), (C, "Oh, wrong number, sorry.")))] == [CueKind.CANNOT]


def test_a_time_to_arrive_is_a_delivery_from_the_agent_but_not_a_customer_quoting_one() -> None:
    assert has(CueKind.DELIVERY, A, "Your renewal paperwork will be sent out within 48 hours.")
    assert has(CueKind.DELIVERY, A, "It usually takes three to five working days to clear.")
    assert not has(CueKind.DELIVERY, C, "The consultant said I'd be seen within four weeks.")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # handed on in informal words, to a pronoun, or already with the other team
        ("Right, I'll put you straight through to the housing officer now.", CueKind.HANDOFF),
        ("I'm connecting you now, please hold.", CueKind.HANDOFF),
        ("I can walk you over to them right now if you've got ten minutes.", CueKind.HANDOFF),
        ("So I'll put this across to the network planning lads.", CueKind.HANDOFF),
        ("I'll put it through to our records office for you.", CueKind.HANDOFF),
        ("I've flagged your application to them with a note.", CueKind.HANDOFF),
        ("I've sent all this across to them this morning.", CueKind.HANDOFF),
        ("It's now sitting with our customer care people.", CueKind.HANDOFF),
        ("It's gone over to our billing review team.", CueKind.HANDOFF),
        ("That goes across to the lettings team who cover your area.", CueKind.HANDOFF),
        ("I can send this on to the bus operator's customer relations people.", CueKind.HANDOFF),
        ("I've raised it with compliance, they'll be in touch.", CueKind.HANDOFF),
        ("민원 담당 부서 검토가 필요해서 본사 고객지원팀에 접수해 드릴게요.", CueKind.HANDOFF),
        ("이 건은 관할 사무소로 이송해 드리겠습니다.", CueKind.HANDOFF),
        ("지금 바로 전담 상담실로 연결해 드릴게요.", CueKind.HANDOFF),
        ("보상 담당자가 배정되면 그분이 연락드릴 거예요.", CueKind.HANDOFF),
        ("그쪽에서 먼저 연락 드릴 거예요.", CueKind.HANDOFF),
        # a payment failing, said by the agent at the till
        ("Hmm, it's come back declined on our side.", CueKind.STILL_FAILING),
        ("결제가 거절됐습니다.", CueKind.STILL_FAILING),
        # nothing more can be done
        ("I'm not able to backdate it.", CueKind.CANNOT),
        ("I'm sorry, I really can't put a refund through without a receipt.", CueKind.CANNOT),
        ("Waiving it isn't something anyone here can do.", CueKind.CANNOT),
        ("Honestly that's above what I can sort from this desk.", CueKind.CANNOT),
        ("Sorry I couldn't do more.", CueKind.CANNOT),
        ("No, there's nothing logged matching that yet.", CueKind.CANNOT),  # "no" answers, it negates nothing
        # something still to come
        ("There'll be a letter setting out the new dates within ten days.", CueKind.DELIVERY),
        ("I've closed the old one and I'm sending you a replacement to your home address.", CueKind.DELIVERY),
        ("No you don't, you'll get a revised bill in the next few days.", CueKind.DELIVERY),
        ("수정된 명세서는 이메일로 다시 보내 드릴 예정입니다.", CueKind.DELIVERY),
        ("영업일 기준 칠 일 안에 등기로 받으실 거예요.", CueKind.DELIVERY),
        ("승인까지 넣어 드렸어요.", CueKind.DONE),
    ],
)
def test_new_wordings_of_handoffs_failures_dead_ends_and_deliveries(text: str, kind: CueKind) -> None:
    assert has(kind, A, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'll put you through to our automated payment line.", CueKind.HANDOFF),  # nobody on it
        ("ARS 결제로 연결해 드릴게요.", CueKind.HANDOFF),
        ("차액은 바로 돌려 드릴게요.", CueKind.HANDOFF),  # money given back
        ("지금 연결해 드릴 수 있는 팀장님이 안 계세요.", CueKind.HANDOFF),
        ("I've flagged it with a note on your account.", CueKind.HANDOFF),
        ("It goes to the post office first.", CueKind.HANDOFF),
        ("I'm sending you a text now with the link.", CueKind.DELIVERY),  # arrives during the call
        ("You'll get your next bill in March.", CueKind.DELIVERY),  # the regular one, nothing new
        ("There's no need to escalate it, I've sorted it.", CueKind.HANDOFF),  # "no need" still negates
    ],
)
def test_self_service_lines_money_back_and_in_call_sends_are_not_cues(text: str, kind: CueKind) -> None:
    assert not has(kind, A, text)


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "I'll be on to the insurers in the morning."),
        (C, "I'll have a chat with my landlord and give you a bell."),
        (C, "I'll have another go tomorrow."),
        (C, "I'll print them off tonight and post them."),
        (A, "It's really important you ring your bank straight after this."),
        (A, "I'd cancel that card now just to be safe."),
        (A, "If you can email us a copy of the receipt, it'll speed things up."),
        (A, "You could pay at a post office with the slip."),
        (A, "결제는 이번 달 말일까지 해 주셔야 돼요."),
        (A, "가상계좌로 내시면 됩니다."),
        (C, "네 그럼 그렇게 할게요."),
        (C, "오늘 저녁에 다시 해 볼게요."),
        (C, "다음 주에 다시 신청해 봐야겠네요."),
        (C, "내일 서류 들고 갈게요."),
        (C, "오늘 밤에 사진 올려 놓을게요."),
        (C, "그럼 은행 가서 내야겠네요."),
    ],
)
def test_customer_to_dos_said_in_more_ways(role: Role, text: str) -> None:
    assert has(CueKind.CUSTOMER_TODO, role, text)


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (A, "I'd call you back but the system's down."),  # the agent's own call
        (C, "그 가게 들고 가게 돼요."),
        (A, "If it happens again you could ring us."),  # a contingency
    ],
)
def test_look_alike_wordings_are_no_customer_to_do(role: Role, text: str) -> None:
    assert not has(CueKind.CUSTOMER_TODO, role, text)


def test_a_dropped_line_near_the_end_counts_and_a_wrong_number_in_korean() -> None:
    dropped = call((A, "Rentals, Mark speaking."), (C, "Hi, I need to move my visit... you're going in and out... hello, you there"))
    assert {c.kind for c in find_cues(dropped)} == {CueKind.CANNOT}
    wrong = call((A, "네 든든보험입니다."), (A, "고객님 번호를 잘못 누르신 것 같습니다."), (C, "아 죄송합니다."))
    assert CueKind.CANNOT in [c.kind for c in find_cues(wrong)]
    priced = call((A, "Hello."), (C, "Why is it going up?"), (A, "It's going up by two percent."))
    assert all(c.kind is not CueKind.CANNOT for c in find_cues(priced))


def test_a_negation_does_not_reach_past_a_conjunction() -> None:
    assert has(CueKind.DELIVERY, A, "That one won't work any more and I'm sending you a replacement by post.")


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # handed on with an informal verb, to an office ending in 부, to someone senior by title, or taken up "there"
        (A, "I'm gonna pop it over to the claims technical team.", CueKind.HANDOFF),
        (A, "I'll bung this across to our billing people.", CueKind.HANDOFF),
        (A, "Let me stick it over to the accounts department.", CueKind.HANDOFF),
        (A, "제가 지금 심사부로 건을 넘겨 놓겠습니다.", CueKind.HANDOFF),
        (A, "원장님께 내용 정리해서 전달해 놓을게요.", CueKind.HANDOFF),
        (A, "과장님 책상에 바로 올려 놓겠습니다.", CueKind.HANDOFF),
        (A, "거기서 확인하고 직접 연락드릴 거예요.", CueKind.HANDOFF),
        # the same fault showing again
        (C, "nope, still says card not recognised", CueKind.STILL_FAILING),
        (C, "yeah it's still doing it", CueKind.STILL_FAILING),
        (C, "the light's still flashing red", CueKind.STILL_FAILING),
        # nothing more to try, or not the agent's decision
        (A, "저희 쪽에서 더 손볼 수 있는 게 없어서요.", CueKind.CANNOT),
        (A, "그건 제가 결정할 수 있는 부분이 아니라서요.", CueKind.CANNOT),
        (A, "제 선에서 처리될 일이 아니에요.", CueKind.CANNOT),
        # someone else to call, a request left with a contractor
        (A, "She'll ring you about it on Thursday.", CueKind.PENDING),
        (A, "He'll call you to set up a time.", CueKind.PENDING),
        (A, "업체에 이번 주 안으로 가 달라고 요청해 놓겠습니다.", CueKind.PENDING),
        (A, "수리 요청은 해 두겠습니다.", CueKind.PENDING),
        # still to arrive
        (A, "It'll be five to seven working days to show on your card.", CueKind.DELIVERY),
        (A, "Give it ten days for it to clear.", CueKind.DELIVERY),
        (A, "새 카드는 일주일 안에 우편으로 갈 겁니다.", CueKind.DELIVERY),
        (A, "도착하면 문자 드려요.", CueKind.DELIVERY),
        (A, "책이 입고되면 알림 갈 거예요.", CueKind.DELIVERY),
        (A, "링크 보내 드릴 테니까 거기 올려 주세요.", CueKind.DELIVERY),
        (A, "You'll get an sms when it's ready to collect.", CueKind.DELIVERY),
        (A, "We'd have it out to you within about five working days.", CueKind.DELIVERY),
        (A, "I can have it with you tomorrow between nine and eleven.", CueKind.DELIVERY),
        (A, "We'll get the spare part out to you on Monday.", CueKind.DELIVERY),
        # a crew going out
        (A, "오늘 중으로 보수반이 나가서 임시로 메울 겁니다.", CueKind.PENDING),
        (A, "내일 택배 기사님이 회수하러 가실 거예요.", CueKind.PENDING),
    ],
)
def test_more_ways_of_handing_on_failing_dead_ends_waits_and_deliveries(role: Role, text: str, kind: CueKind) -> None:
    assert (kind, 0) in kinds((role, text))


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "I'll pop you on hold for a second.", CueKind.HANDOFF),
        (A, "I'll stick it on your account now.", CueKind.HANDOFF),
        (A, "요금은 전부 환불해 드렸습니다.", CueKind.HANDOFF),
        (A, "원장님이 오늘 안 계세요.", CueKind.HANDOFF),
        (C, "If it still says that tomorrow I'll ring back.", CueKind.STILL_FAILING),
        (A, "그건 제가 결정할 수 있는 부분이에요.", CueKind.CANNOT),
        (A, "They'll call you if anything changes.", CueKind.PENDING),
        (C, "They'll call you when they get there.", CueKind.PENDING),
        (A, "취소 문자는 이미 보내 드렸어요.", CueKind.DELIVERY),
        (A, "동의만 끝나면 바로 처리되고 완료 문자 갈 거예요.", CueKind.DELIVERY),
        (A, "취소 문자가 하루 이틀 안에 갈 거고요.", CueKind.DELIVERY),
        (A, "You'll get a text.", CueKind.DELIVERY),
        (A, "I can have a look at that for you now.", CueKind.DELIVERY),
        (A, "기사님이 어제 다녀가셨네요.", CueKind.PENDING),
    ],
)
def test_look_alikes_of_the_new_wordings_are_no_cue(role: Role, text: str, kind: CueKind) -> None:
    assert (kind, 0) not in kinds((role, text))


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "I'll holler at the registry and see what they say."),
        (C, "I'll get hold of my landlord tonight."),
        (C, "I'll drop them a line this afternoon."),
        (A, "could you clear the cache and check again tonight"),
        (A, "If you take your receipt to the box office they'll refund it."),
        (A, "If you bring the old card into any branch they'll swap it."),
        (C, "그때 다시 해야겠네요."),
        (C, "내일 다시 해 볼랑께요."),
        (C, "제가 옆에서 도와 드려야겠네요."),
        (A, "일 층 코너에서 찾아가시면 돼요."),
        (A, "내일 아침에 앱 지웠다가 다시 한 번 해 보세요."),
        (A, "다음 주 월요일 아홉 시 되자마자 하셔야 돼요."),
        (C, "I shall telephone the police this afternoon."),
        (A, "if you could report it to the police first, then ring us back with the number"),
        (A, "포장만 해서 문 앞에 내놓아 주시면 됩니다."),
        (A, "가능하시면 경찰서에 분실 신고도 해 두시면 조사에 도움이 됩니다."),
    ],
)
def test_customer_to_dos_in_other_words_and_dialects(role: Role, text: str) -> None:
    assert has(CueKind.CUSTOMER_TODO, role, text)


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (C, "그때 다시 전화했었는데 안 됐어요."),
        (A, "이 버튼 누르시면 돼요."),
        (A, "오실 때 신분증 가져오시면 됩니다."),
        (A, "If you could just confirm your postcode for me."),
        (A, "안 되시면 경찰서에 신고해 주세요."),
        (A, "Can you check the number on the back for me now?"),
        (C, "I'll hold on while you check."),
    ],
)
def test_look_alikes_of_the_new_to_do_wordings_are_no_customer_to_do(role: Role, text: str) -> None:
    assert not has(CueKind.CUSTOMER_TODO, role, text)


def test_a_line_going_dead_in_other_words_counts_only_at_the_end() -> None:
    for role, text in [
        (C, "hello? mister lee are you there"),
        (A, "sorry sir your voice is breaking"),
        (C, "the line's really bad"),
        (A, "고객님 제 말 들리세요?"),
        (C, "목소리가 자꾸 끊겨요."),
    ]:
        other = C if role is A else A
        ended = call((other, "Hello."), (role, "I'm calling about my order."), (role, text))
        assert CueKind.CANNOT in [c.kind for c in find_cues(ended)], text
    open_hours = call((A, "Hello."), (C, "Are you there on Saturdays?"), (A, "Yes, nine till one."))
    assert all(c.kind is not CueKind.CANNOT for c in find_cues(open_hours))
    there = call((A, "Hello."), (C, "Can I change it?"), (A, "They'll update it for you there and then."))
    assert all(c.kind is not CueKind.CANNOT for c in find_cues(there))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'll put your case in front of the people who can authorise a write-off.", CueKind.HANDOFF),
        ("Honestly this one's for the folks who look after the booking system.", CueKind.HANDOFF),
        ("Any credit over fifty pounds has to go through my team leader.", CueKind.HANDOFF),
        ("I'll leave it with the duty manager and she'll ring you.", CueKind.HANDOFF),
        ("I've passed it to our medicines review nurses.", CueKind.HANDOFF),
        ("I'll log it so someone with the right access can reset it.", CueKind.HANDOFF),
        ("I'm afraid the deposit is non-refundable.", CueKind.CANNOT),
        ("You're not eligible for the discount on that tariff.", CueKind.CANNOT),
        ("There isn't a supervisor I can transfer you to tonight.", CueKind.CANNOT),
    ],
)
def test_hand_offs_to_the_people_who_can_and_refusals_by_rule(text: str, kind: CueKind) -> None:
    assert has(kind, A, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (C, "It's fixed, I'm still not happy about how long it took.", CueKind.STILL_FAILING),  # a feeling
        (A, "I cannot put you through to a manager, sorry.", CueKind.HANDOFF),  # refused
        (A, "I'm unable to transfer you today.", CueKind.HANDOFF),
        (A, "You're eligible for the discount, so I've applied it.", CueKind.CANNOT),
        (A, "That's covered under your warranty.", CueKind.CANNOT),
        (A, "You'll get the confirmation text in a second.", CueKind.DELIVERY),  # arrives during the call
        (A, "You'll get an email in just a moment with the booking.", CueKind.DELIVERY),
        (A, "I can see the direct debit wasn't processed, so nothing left your account.", CueKind.PENDING),
    ],
)
def test_feelings_refusals_of_a_hand_off_and_what_arrives_during_the_call_are_no_cues(
    role: Role, text: str, kind: CueKind
) -> None:
    assert not has(kind, role, text)


@pytest.mark.parametrize(
    "text",
    ["sorry i think we're breaking up", "it's breakin up i'm on the bus", "i'm not hearing you at all", "i'm going to have to disconnect"],
)
def test_a_line_failing_in_more_words_counts_at_the_end(text: str) -> None:
    ended = call((A, "Hello."), (C, "I'm calling about my order."), (A, text))
    assert CueKind.CANNOT in [c.kind for c in find_cues(ended)], text


# A hand-off in general: a verb of moving a case or a caller, what is moved, adverbs, a particle, "to" and a receiver
# who is neither the agent nor the customer (a team, a role, a named colleague), or that receiver taking over.
@pytest.mark.parametrize(
    "text",
    [
        "I'm gonna get you over to our fraud specialists, they open the claim.",
        "Mr. Ruiz, you're with Kevin in fraud now, he'll take it from here.",
        "So it's gone upstairs to my team leader, Lorraine. She'll ring you herself once it's approved.",
        "What I'll do is get this over to the guest relations lot, they're the only ones who can sign off a refund.",
        "I'm fixin' to send this straight on to the on-duty animal control officer, she handles the field calls.",
        "Let me pop you through to Kevin in fraud.",
        "I'll hand you over to my colleague who deals with mortgages.",
        "I'm going to pass your claim across to one of our investigators.",
        "I'll kick the whole thing up to the duty manager.",
        "I'll push this through to a senior caseworker today.",
        "I'm just going to move your complaint over to the resolutions crew.",
        "I'll bring it to the attention of the site manager.",
        "I'll get someone from our claims team to ring you tomorrow.",
        "I'll have my supervisor call you back this afternoon.",
        "Your case has been allocated to an adviser.",
        "It'll go up to the area coordinator for a decision.",
        "I'll forward your details on to the safeguarding lead.",
        "I'm taking this straight to my line manager.",
        "Let me transfer you over to Priya from the billing team.",
        "I'll put you across to the folks who handle refunds.",
        "I'll send it upstairs.",
        "I'll get the fraud team involved.",
        "You're now through to the complaints team.",
        "I'll pass it on to the inspector.",
    ],
)
def test_hand_offs_in_the_general_grammar(text: str) -> None:
    assert has(CueKind.HANDOFF, A, text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll send it over to you.",  # the customer
        "Could you pass it on to your wife.",  # the customer's household
        "The engineer will come out on Tuesday.",  # a visit to come
        "I'll get an engineer to call you.",
        "I'll pass this on to the courier.",  # a delivery to come
        "I'll pass the details on to the delivery team.",
        "I'll take you through to the payment options.",  # a step in the call, not a person
        "I'll put it through the system.",  # a system
        "I'll send it to your email.",
        "There's no manager I can put you through to.",  # denied
        "You can take it over to the branch.",  # the customer's own errand
        "Good afternoon, you're through to Fraser.",  # the agent's greeting
        "I'll get that over to you today.",
        "I'll send you a lot of information.",
        "I'll ask the team to call you back within the hour.",  # the agent's own team: a callback
        "We'll move you to senior plus one, that's an extra twenty-two pounds.",  # a plan, not a person
    ],
)
def test_moves_to_the_customer_a_system_or_a_visit_are_no_hand_offs(text: str) -> None:
    assert not has(CueKind.HANDOFF, A, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "That's you booked, Friday the 13th between twelve and four.", CueKind.DONE),
        (A, "Right, that's you all sorted now.", CueKind.DONE),
        (A, "I'll ring you myself tomorrow morning before ten with what it finds.", CueKind.PENDING),
        (A, "No worries, talk to you in the morning.", CueKind.PENDING),
        (A, "New card'll be posted first class, so three to five working days.", CueKind.DELIVERY),
        (A, "Ah, you've come through to the wrong place I'm afraid, that's the council.", CueKind.CANNOT),
        (A, "Housing benefit is your local council not us we can't see anything about that.", CueKind.CANNOT),
    ],
)
def test_dones_callbacks_deliveries_and_dead_ends_in_more_words(role: Role, text: str, kind: CueKind) -> None:
    assert has(kind, role, text)


def test_how_something_is_done_said_in_general_is_no_customer_to_do() -> None:
    assert not has(CueKind.CUSTOMER_TODO, A, "You've got ninety days, you just bring your licence into any registry office.")


# A hand-off to a third party the agent has just described, by a pronoun or a name, or the third party acting next.
@pytest.mark.parametrize(
    "lines",
    [
        [(A, "The folks upstairs on the network side can do stuff on the firewall that I can't, so I'll stick you through to them now.")],
        [(A, "We have a group that handles stolen identity. I've sent everything over to them.")],
        [(A, "We have a group that handles stolen identity and they can pull the records. They'll reach out to you within two days.")],
        [(A, "Any change has to be signed off, and the one who does that is Deborah. I've put the whole thing in front of her.")],
        [(A, "That's decided by our financial support team. They can agree things I'm not able to."), (C, "Right."),
         (A, "They'll ring you on the mobile.")],
        [(A, "That's decided by our financial support team. I've booked you in for a call with them on Wednesday.")],
        [(A, "This needs sign-off from someone senior. I'm going to put your case in front of Funmilayo.")],
        [(A, "There's a small team who deal with exactly this. Priya's on that team today, I'll bring her in now, if you don't mind holding?")],
        [(A, "This is one for our cyber security lot. I'm going to bring one of them on the line now.")],
        [(A, "That's for the folks upstairs in account protection, they're the ones who can clear it."), (C, "Okay."),
         (A, "I've sent everything you told me up to them and they usually reach out by email.")],
        [(A, "Our complaints team look at these. I'll pass all of it across to her now.")],
        [(A, "One of our senior case managers can approve that. She'll call you on Thursday.")],
    ],
)
def test_a_case_moved_to_a_third_party_just_described_is_a_handoff(lines: list[tuple[Role, str]]) -> None:
    assert CueKind.HANDOFF in [k for k, _ in kinds(*lines)]


@pytest.mark.parametrize(
    "lines",
    [
        [(A, "I'll stick you through to them now.")],  # nobody described
        [(A, "I've sent everything over to them.")],
        [(A, "An engineer will come out on Tuesday. He'll ring you before he comes.")],
        [(A, "The courier has the parcels. They'll be delivered tomorrow.")],
        [(A, "You'll need to call your bank, they'll be able to help.")],
        [(A, "Give the claims team a ring, they'll call you back with a reference.")],
        [(A, "I'll ask the team. They'll be delivered tomorrow.")],
        [(A, "Our fraud team handle these."), (C, "Okay."), (A, "Anything else?"), (C, "No."), (A, "She'll ring you.")],
        [(A, "The surveyor from our assessment team will visit, he'll call you before he comes.")],
        [(A, "I'll bring them in to the branch for you.")],
    ],
)
def test_a_pronoun_with_no_third_party_just_described_is_no_handoff(lines: list[tuple[Role, str]]) -> None:
    assert CueKind.HANDOFF not in [k for k, _ in kinds(*lines)]


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "I've run out of things I can check on this side.", CueKind.CANNOT),
        (A, "That's all I can do from here, I'm afraid.", CueKind.CANNOT),
        (A, "On saver fares there's no cash refund, even when we cancel.", CueKind.CANNOT),
        (A, "We don't give refunds on sale items.", CueKind.CANNOT),
        (A, "I'm not going to pass you up to a manager on this one.", CueKind.CANNOT),
        (A, "The approval's tied to the property, so I can't move it over to a new address.", CueKind.CANNOT),
        (C, "sorry youre breaking up", CueKind.CANNOT),
        (A, "hello can you hear me hello", CueKind.CANNOT),
        (A, "I'll call you myself Thursday afternoon.", CueKind.PENDING),
        (A, "I'll ring you back later today.", CueKind.PENDING),
        (A, "I'm going to email you a one-page guide.", CueKind.DELIVERY),
        (A, "It'll be with you within the hour.", CueKind.DELIVERY),
        (C, "ill go down the civic centre first thing tomorrow", CueKind.CUSTOMER_TODO),
        (C, "I'll get him to sign it this weekend.", CueKind.CUSTOMER_TODO),
        (C, "I'll sign the form tomorrow and post it.", CueKind.CUSTOMER_TODO),
    ],
)
def test_dead_ends_lost_lines_callbacks_and_to_dos_in_more_words(role: Role, text: str, kind: CueKind) -> None:
    assert has(kind, role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (C, "Aye, same account, nothing's changed.", CueKind.STILL_FAILING),
        (C, "Same address as before, nothing has changed.", CueKind.STILL_FAILING),
        (A, "The money should be back with you already.", CueKind.DELIVERY),
        (A, "Just bring your passport and the appointment letter on the day.", CueKind.CUSTOMER_TODO),
        (A, "Please bring your ID to your appointment.", CueKind.CUSTOMER_TODO),
        (A, "Can you hear me okay?", CueKind.CANNOT),
        (C, "I was ill last week.", CueKind.CUSTOMER_TODO),
        (A, "I'll bring the form on the day.", CueKind.HANDOFF),
    ],
)
def test_unchanged_details_money_already_back_and_what_to_bring_are_no_cues(role: Role, text: str, kind: CueKind) -> None:
    assert not has(kind, role, text)


@pytest.mark.parametrize(
    "lines",
    [
        [(A, "Our scheduling team sorted it. I'll move your appointment to Thursday.")],
        [(A, "One of our vets can see him. Bring him in on Tuesday at ten.")],
        [(A, "One of our nurses will check. We can get him in on Tuesday.")],
        [(A, "The fraud on your account was stopped. They'll contact you.")],
        [(A, "It was approved by the lender. They'll contact you about the paperwork.")],
        [(A, "I've refunded the whole lot. They'll be back on your card.")],
    ],
)
def test_days_visits_and_past_decisions_give_no_third_party_handoff(lines: list[tuple[Role, str]]) -> None:
    assert CueKind.HANDOFF not in [k for k, _ in kinds(*lines)]


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "I'm forwarding the whole file on to Northline lost luggage services today.", CueKind.HANDOFF),
        (A, "I've put your appeal in to the licensing officer who signs these off.", CueKind.HANDOFF),
        (C, "No, it's still showing red, same as before.", CueKind.STILL_FAILING),
        (C, "Nope, same as before.", CueKind.STILL_FAILING),
        (C, "It's flashing again, orange this time, nope.", CueKind.STILL_FAILING),
        (C, "Turned it off and on, and it's again blinking.", CueKind.STILL_FAILING),
        (C, "nope nothing at all", CueKind.STILL_FAILING),
        (C, "Still buffering, love.", CueKind.STILL_FAILING),
        (A, "Done.", CueKind.DONE),
        (A, "Honestly there's not much more I can do from this desk.", CueKind.CANNOT),
        (A, "I've tried everything on the line from my side.", CueKind.CANNOT),
        (A, "Sorry we couldn't solve it today.", CueKind.CANNOT),
        (A, "A team leader couldn't offer anything different on a fixed tariff.", CueKind.CANNOT),
        (A, "There's no goodwill adjustment on promotional fares.", CueKind.CANNOT),
        (A, "I won't transfer you, it would only be the same answer.", CueKind.CANNOT),
        (A, "The money goes back to the Mastercard you used, about five days.", CueKind.DELIVERY),
        (A, "Our fitters will come on the twelfth and take the old unit.", CueKind.DELIVERY),
        (A, "The courier will ring you an hour before.", CueKind.DELIVERY),
        (A, "The office will send you a receipt for it.", CueKind.DELIVERY),
        (A, "They'll be there between eight and noon on Friday.", CueKind.DELIVERY),
        (A, "It should be sitting there for you from Monday.", CueKind.DELIVERY),
        (A, "You'll get a text tonight confirming the slot.", CueKind.DELIVERY),
    ],
)
def test_hand_offs_failures_dead_ends_and_work_of_the_organisations_side_in_further_words(
    role: Role, text: str, kind: CueKind
) -> None:
    assert has(kind, role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "Putting you through to a manager wouldn't change the answer.", CueKind.HANDOFF),
        (A, "Transferring you won't get you anywhere today, I'm afraid.", CueKind.HANDOFF),
        (C, "Is the address the same as before?", CueKind.STILL_FAILING),
        (A, "We can get you in to see the practice nurse on Tuesday.", CueKind.HANDOFF),
        (C, "No, nothing else, thanks.", CueKind.STILL_FAILING),
        (C, "Nope, nothing more from me.", CueKind.STILL_FAILING),
        (C, "It's the same as before, forty a month.", CueKind.STILL_FAILING),
        (A, "Done the checks, now the next thing is your meter.", CueKind.DONE),
        (A, "Your courier already delivered it this morning.", CueKind.DELIVERY),
        (A, "They'll be there already, they opened at nine.", CueKind.DELIVERY),
    ],
)
def test_futile_hand_offs_details_and_what_already_happened_are_no_cues(role: Role, text: str, kind: CueKind) -> None:
    assert not has(kind, role, text)


def test_a_live_transfer_asked_politely_with_a_question_mark_counts() -> None:
    lines = [
        (A, "The people who deal with identity theft need to go through it with you."),
        (A, "I can get them on the line for you now, if you've got five minutes?"),
    ]
    assert (CueKind.HANDOFF, 1) in kinds(*lines)
    lines = [(A, "That's the duty manager's decision."), (C, "Then get her."), (A, "I'll bring her on and explain.")]
    assert (CueKind.HANDOFF, 2) in kinds(*lines)


@pytest.mark.parametrize(
    "lines",
    [
        # whose call it is, then the case put in front of them
        [(A, "I can't take a line off an invoice myself, that's Mr Pryce's call."), (A, "I'm putting the whole thing in front of him today.")],
        # who alone can change it, then the request sent to them
        [(A, "Only our claims validation people can change the address."), (A, "What I've done is sent them the request.")],
        # and someone from that team acting next
        [(A, "Only our claims validation people can change the address."), (A, "Someone from that team will phone you within two days.")],
    ],
)
def test_a_described_third_party_taking_the_case(lines: list[tuple[Role, str]]) -> None:
    assert (CueKind.HANDOFF, 1) in kinds(*lines)


def test_sending_them_something_needs_a_third_party_described_first() -> None:
    assert (CueKind.HANDOFF, 1) not in kinds((A, "Your address is on file."), (A, "What I've done is sent them the request."))


@pytest.mark.parametrize(
    ("role", "text", "kind", "counts"),
    [
        (C, "Grand so. That's all I was wanting, thanks.", CueKind.CONFIRMED, True),
        (C, "That's everything I needed to know.", CueKind.CONFIRMED, True),
        (C, "That answers my question.", CueKind.CONFIRMED, True),
        (C, "Is that all I need?", CueKind.CONFIRMED, False),  # a question
        (C, "I'll get the form in once we know about his leave.", CueKind.CUSTOMER_TODO, True),
        (C, "I will ask the fundi next door, my back cannot allow ladders.", CueKind.CUSTOMER_TODO, True),
        (C, "I'll ask my landlord about the meter.", CueKind.CUSTOMER_TODO, True),
        (C, "aye i've got another cable somewhere i'll try that the night", CueKind.CUSTOMER_TODO, True),
        (C, "I'll probably just keep going with the twenty a month for now.", CueKind.CUSTOMER_TODO, False),  # carrying on
        (C, "I'll keep paying the same as now.", CueKind.CUSTOMER_TODO, False),
        (C, "I'll keep the receipt somewhere safe.", CueKind.CUSTOMER_TODO, True),
    ],
)
def test_answered_questions_and_customer_errands(role: Role, text: str, kind: CueKind, counts: bool) -> None:
    assert has(kind, role, text) is counts


def test_a_callback_promised_for_a_dropped_line_stands_when_the_line_drops() -> None:
    promise = (A, "I'm just going to check that, if we get cut off I'll call you back on the number ending 471.")
    dropped = [(C, "Okay, thank you."), (A, "So I can see the [inaudible]"), (C, "Hello? I cannot hear you. Hello?")]
    assert (CueKind.PENDING, 0) in kinds(promise, *dropped)
    ended_well = [(C, "Okay, thank you."), (A, "It's released now, you'll see it tomorrow."), (C, "Brilliant, thanks.")]
    assert (CueKind.PENDING, 0) not in kinds(promise, *ended_well)


@pytest.mark.parametrize(
    ("role", "text", "kind", "counts"),
    [
        # a refusal said with an apology, whatever the verb, and a charge left standing
        (A, "I'm sorry, I can't reinstate the discount once the fourteen days have passed.", CueKind.CANNOT, True),
        (A, "I'm sorry, I've checked and I can't credit roaming used with the cap removed.", CueKind.CANNOT, True),
        (A, "The charges stand.", CueKind.CANNOT, True),
        (A, "I'm sorry, I can't even see a note from Monday's call.", CueKind.CANNOT, False),  # no refusal
        # a wrong number said early, as what the caller reached
        (A, "Oh I'm sorry, I think you've got the wrong number, we're the voucher scheme.", CueKind.CANNOT, True),
        # unchanged after the fix
        (C, "no yaar still orange it is blinking same as before", CueKind.STILL_FAILING, True),
        (C, "done it is same only orange", CueKind.STILL_FAILING, True),
        # a note on the file or a place in a queue is not the request done
        (A, "I've added a note that you've declined the rebooking.", CueKind.DONE, False),
        (A, "I can't do it myself, but I've added it to our desk's reallocation list.", CueKind.DONE, False),
        (A, "I've added your son as a named driver.", CueKind.DONE, True),
        # a referral sent to them, and the disputed part of the money passed on
        (A, "They're on a training day, so I've sent them a referral and they'll email you.", CueKind.HANDOFF, True),
        (A, "The £550 is paid within 5 days, and the £600 goes to our independent adjudication team.", CueKind.HANDOFF, True),
        # praise passed on is no hand-off
        (A, "I'll pass your thanks on to her and the branch manager today.", CueKind.HANDOFF, False),
        (A, "I've logged the compliment and it's already gone through to the hotel's general manager.", CueKind.HANDOFF, False),
        # a condition after "and" belongs to the next clause
        (C, "Okay, I'll check the tracker tonight and ring back tomorrow if it hasn't moved.", CueKind.CUSTOMER_TODO, True),
        (C, "I'll ring back tomorrow if it hasn't moved.", CueKind.CUSTOMER_TODO, False),
    ],
)
def test_refusals_referrals_notes_and_praise(role: Role, text: str, kind: CueKind, counts: bool) -> None:
    assert has(kind, role, text) is counts


@pytest.mark.parametrize(
    ("reply", "counts"),
    [("Yes please.", True), ("Okay, go ahead.", True), ("No, don't bother, I'll ring them myself.", False)],
)
def test_a_transfer_offered_as_a_question_counts_once_the_customer_says_yes(reply: str, counts: bool) -> None:
    offer = (A, "That needs underwriting. Shall I put you through to them?")
    lines = [(C, "I need to add my son to the policy."), offer, (C, reply)]
    assert ((CueKind.HANDOFF, 1) in kinds(*lines)) is counts


def test_the_callers_own_promise_for_a_dropped_line() -> None:
    promise = (C, "I'm on the train, so if I get cut off I'll ring you back.")
    dropped = [(A, "No problem, so your reference is [inaudible]"), (C, "Hello? You're breaking up.")]
    assert (CueKind.CUSTOMER_TODO, 0) in kinds(promise, *dropped)
    assert (CueKind.CUSTOMER_TODO, 0) not in kinds(promise, (A, "That's all changed now."), (C, "Great, thanks."))


@pytest.mark.parametrize(
    ("role", "text", "kind", "counts"),
    [
        # a repair team or contractor the case is passed to, the "-ing" said without its "g", ownership said outright
        (A, "I'm passing this to our service engineering team and I've booked a visit.", CueKind.HANDOFF, True),
        (A, "I'm raising it as an emergency repair and passing it straight to the emergency contractor.", CueKind.HANDOFF, True),
        (A, "So I'm sendin' this over to our field service crew.", CueKind.HANDOFF, True),
        (A, "The network team have it now, they'll own it from here.", CueKind.HANDOFF, True),
        (A, "I've booked an engineer to come out on Tuesday.", CueKind.HANDOFF, False),
        (A, "I'll pass the details on to the delivery team.", CueKind.HANDOFF, False),
        # a keypad is no person; the customer's options and instructions are no hand-off
        (A, "I'm putting you through to our secure keypad so you can tap the new account number in.", CueKind.HANDOFF, False),
        (A, "You can post them or bring them to the office; we're open nine till four.", CueKind.HANDOFF, False),
        (A, "Bring them to the front desk and we'll copy them while you wait.", CueKind.HANDOFF, False),
        (A, "Passing you to the fraud team now.", CueKind.HANDOFF, True),
        # a refusal after a semicolon, opening a case
        (A, "Not yet, I'm afraid; I can't open a case today.", CueKind.CANNOT, True),
        # a customer chasing someone, or getting something, later
        (C, "Right, okay. I'll chase them for that letter, maybe tomorrow if I get a minute.", CueKind.CUSTOMER_TODO, True),
        (C, "I'll probably grab one at the station tomorrow on the way to work.", CueKind.CUSTOMER_TODO, True),
        (C, "I'll chase it up with you next week.", CueKind.CUSTOMER_TODO, False),
        (C, "I'll grab a pen.", CueKind.CUSTOMER_TODO, False),
        # the post office ringing about a parcel is no hand-off
        (A, "집에 사람이 없으면 우체국에서 연락 와요.", CueKind.HANDOFF, False),
        (A, "기술팀에서 전화 올 겁니다.", CueKind.HANDOFF, True),
    ],
)
def test_repair_teams_machines_options_chasing_and_parcels(role: Role, text: str, kind: CueKind, counts: bool) -> None:
    assert has(kind, role, text) is counts


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # a team named by its people, a case put before them, a decision left to adjudicators
        ("The disputes people will call the recipient and ask him to agree to the reversal.", True),
        ("Our fraud lads will ring you tomorrow.", True),
        ("So I'll get it in front of our reconciliation team, they'll either credit it or reverse it.", True),
        ("You dispute it and it goes to our adjudicators, they decide on the evidence.", True),
        ("The delivery people will call you before they come.", False),
        ("The other people will call you.", False),
        ("If you dispute it, it goes to our adjudicators.", False),
    ],
)
def test_a_team_by_its_people_a_case_put_before_them_and_adjudicators(text: str, counts: bool) -> None:
    assert has(CueKind.HANDOFF, A, text) is counts
