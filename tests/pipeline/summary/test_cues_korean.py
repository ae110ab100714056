"""Korean cue phrase families (pipeline.summary.cue_phrases_ko): each family with a few wordings
that should count and a near miss that should not."""

from __future__ import annotations

import re

import pytest

from pipeline.summary import cue_phrases_ko as K
from pipeline.summary.cues import CueKind, find_cues
from pipeline.types import Role
from tests.pipeline.summary.test_cues import A, C, call


def kinds_of(role: Role, text: str) -> set[CueKind]:
    """The cue kinds found in one turn said by role, after an opening line from the other party."""
    other = C if role is A else A
    return {c.kind for c in find_cues(call((other, "네 안녕하세요"), (role, text))) if c.turn_id == 1}


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # the other office takes it up, any verb ending
        (A, "그쪽에서 서류 보시고 안내해 드려요", CueKind.HANDOFF),
        (A, "거기서 보상 금액 계산해 주실 거예요", CueKind.HANDOFF),
        (A, "그쪽에서 내일 오전 중에 연락 드리고 일정 맞춰 드릴 거예요", CueKind.HANDOFF),
        (A, "접수 내용은 그쪽으로 제가 정리해서 전달해 놓을게요", CueKind.HANDOFF),
        # whoever is in charge of it elsewhere
        (A, "연체료 감면은 채권 맡고 있는 팀에서 결정해요", CueKind.HANDOFF),
        (A, "요금 조정은 전담하는 곳으로 넘어가요", CueKind.HANDOFF),
        (A, "분실 카드는 카드사 분실 담당하는 센터에서 정지해 줘요", CueKind.HANDOFF),
        # the line put through
        (A, "지금 통역 선생님한테 이어 드릴게요", CueKind.HANDOFF),
        (A, "네 곧 넘겨 드리겠습니다", CueKind.HANDOFF),
        (A, "상담사랑 바로 연결해 드려도 괜찮으실까요", CueKind.HANDOFF),
        # the other line ringing
        (A, "연결음 끝나면 담당자가 받습니다", CueKind.HANDOFF),
        (A, "신호 가다가 곧 받으실 거예요", CueKind.HANDOFF),
        # sent up to someone senior or another office
        (A, "센터장님께 바로 올려 두겠습니다", CueKind.HANDOFF),
        (A, "소장님 쪽으로 오늘 올렸고요", CueKind.HANDOFF),
        (A, "본사에 정식으로 올려 드렸어요", CueKind.HANDOFF),
        (A, "이 건은 상부에 보고 올리겠습니다", CueKind.HANDOFF),
        # a callback in other words
        (A, "확인하고 오늘 중으로 연락 넣어 드릴게요", CueKind.PENDING),
        (A, "제가 내용 보고 전화 다시 올릴게요", CueKind.PENDING),
        (A, "결과 나오면 제가 다시 연락 드리도록 하겠습니다", CueKind.PENDING),
        # how long it takes to come through
        (A, "재발급 카드는 일주일쯤 걸릴 거예요", CueKind.DELIVERY),
        (A, "통장에 들어가기까지 이틀 정도 걸립니다", CueKind.DELIVERY),
        (A, "은행에 따라 영업일로 사 일 가량 걸리니까 참고하세요", CueKind.DELIVERY),
        # a service the agent does not give
        (A, "위약금 면제는 안 됩니다", CueKind.CANNOT),
        (A, "교체는 저희 쪽에서 안 돼요", CueKind.CANNOT),
        (A, "오늘 안으로는 어려워요", CueKind.CANNOT),
        (A, "그건 약속드리기 어려울 것 같습니다", CueKind.CANNOT),
        # the customer trying again later
        (A, "좌석은 새벽 여섯 시 지나서 접속해 보세요", CueKind.CUSTOMER_TODO),
        (A, "취소표가 아침에 풀리거든요 그때 다시 들어가 보시면 돼요", CueKind.CUSTOMER_TODO),
        (A, "내일 아침에 앱 다시 깔아 보시면 돼요", CueKind.CUSTOMER_TODO),
        (A, "공유기 전원 뽑았다가 꽂아 보시고 그래도 불이 안 들어오면 알려 주세요", CueKind.CUSTOMER_TODO),
        # proof the customer sends in
        (A, "파손된 부분 사진 찍어서 문자로 보내 주세요", CueKind.CUSTOMER_TODO),
        (A, "진단서 사본은 홈페이지에 첨부해 주셔야 돼요", CueKind.CUSTOMER_TODO),
        (A, "캡처 화면은 꼭 남기세요", CueKind.CUSTOMER_TODO),
        # doing it over
        (A, "기존 신청은 취소됐으니까 다시 신청하셔야 돼요", CueKind.CUSTOMER_TODO),
        (A, "수수료는 다시 결제하시면 됩니다", CueKind.CUSTOMER_TODO),
        (A, "반송된 건 받으셔서 다시 보내셔야 해요", CueKind.CUSTOMER_TODO),
        # when the customer can get there
        (C, "주말쯤 들를 수 있을 것 같아요", CueKind.CUSTOMER_TODO),
        (C, "다음 달에나 낼 수 있을 거 같은데요", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_family_counts(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "그쪽에서 연락 드릴 필요는 없습니다", CueKind.HANDOFF),  # negated
        (A, "그쪽 번호로 문의해 보셔도 돼요", CueKind.HANDOFF),  # no one over there takes it up
        (A, "제가 담당하는 부분은 여기까지예요", CueKind.HANDOFF),  # the agent's own part
        (A, "저희 지역 담당하는 직원이 내일 방문합니다", CueKind.HANDOFF),  # a visit from the same organisation
        (A, "통역 선생님 연결해 드릴까요", CueKind.HANDOFF),  # an offer still open
        (A, "차액은 바로 돌려 드릴게요", CueKind.HANDOFF),  # money back
        (A, "신호가 끊겼다 붙었다 하네요", CueKind.HANDOFF),  # a line fault, not a ringing transfer
        (A, "택배는 내일 받으실 거예요", CueKind.HANDOFF),  # a parcel, not a pick-up
        (A, "긴급으로 올려서 오늘 방문하도록 하겠습니다", CueKind.HANDOFF),  # priority raised at the same desk
        (A, "앱으로 올려 주시면 됩니다", CueKind.HANDOFF),  # an upload by the customer
        (C, "제가 다시 전화 올릴게요", CueKind.PENDING),  # the customer's callback is not the agent's
        (A, "다시 전화 올리실 필요는 없으세요", CueKind.PENDING),  # negated
        (A, "초기화하는 데 이삼 분 정도 걸립니다", CueKind.DELIVERY),  # minutes on the line
        (A, "택시 회사에서 확인하는 데 이틀 정도 걸려요", CueKind.DELIVERY),  # a wait, nothing coming to the customer
        (A, "교체가 안 되면 다시 연락 주세요", CueKind.CANNOT),  # a condition
        (A, "교체 완료됐습니다", CueKind.CANNOT),  # done, not refused
        (C, "저도 말하기 어려워요", CueKind.CANNOT),  # the customer's words
        (A, "지금 한번 껐다가 켜 보세요", CueKind.CUSTOMER_TODO),  # a step during the call
        (A, "그때 받으신 문자 한번 확인해 보세요", CueKind.CUSTOMER_TODO),  # "그때" of the past, a step now
        (A, "영수증은 문자로 보내 드렸어요", CueKind.CUSTOMER_TODO),  # sent by the agent already
        (A, "사진은 저희가 받았습니다", CueKind.CUSTOMER_TODO),  # already in
        (A, "다시 신청하실 필요는 없어요", CueKind.CUSTOMER_TODO),  # nothing to redo
        (A, "요금을 다시 내셔야 하는 건 아니에요", CueKind.CUSTOMER_TODO),  # nothing to redo
        (C, "다음 주에 갈 수 있을 것 같으면 연락드릴게요", CueKind.CUSTOMER_TODO),  # a condition
        (C, "이번 주는 갈 수 없을 것 같아요", CueKind.CUSTOMER_TODO),  # cannot go
    ],
)
def test_korean_family_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # passed on to a member of staff or the people who deal with it
        (A, "담당 선생님께 말씀드려 놓을게요", CueKind.HANDOFF),
        (A, "박 주무관님 앞으로 올려 놨어요", CueKind.HANDOFF),
        (A, "과장님한테 말씀드려 놓겠습니다", CueKind.HANDOFF),
        (A, "윗분께 올려 드릴게요", CueKind.HANDOFF),
        (A, "전문으로 보시는 분들께 이어 드릴게요", CueKind.HANDOFF),
        (A, "그 팀에서 연락 갈 거예요", CueKind.HANDOFF),
        (A, "기술팀에서 내일 전화 올 겁니다", CueKind.HANDOFF),
        (A, "담당 부서로 넘겨불게요", CueKind.HANDOFF),
        # no change, said indirectly
        (C, "아까랑 똑같아요", CueKind.STILL_FAILING),
        (C, "시키는 대로 해 봤는데 그대로예요", CueKind.STILL_FAILING),
        (C, "여전하네요", CueKind.STILL_FAILING),
        (C, "껐다 켰는데 똑같수다", CueKind.STILL_FAILING),
        (C, "재부팅했는데도 마찬가지네예", CueKind.STILL_FAILING),
        (C, "아직도 그대로인디요", CueKind.STILL_FAILING),
        (C, "해 봤는데 소용없어요", CueKind.STILL_FAILING),
        # working again
        (C, "이제 멀쩡하네요", CueKind.CONFIRMED),
        (C, "됐수다 고맙수다", CueKind.CONFIRMED),
        # finished, in other words; what was lost is found
        (A, "깔끔하게 정리됐어요", CueKind.DONE),
        (A, "변경 다 됐습니다", CueKind.DONE),
        (A, "비밀번호 잠금 해제됐습니다", CueKind.DONE),
        (A, "있네요 찾았어요", CueKind.DONE),
        (A, "습득물로 들어와 있네요", CueKind.DONE),
        # work set for later
        (A, "내일 중으로 정정해 드릴게요", CueKind.PENDING),
        (A, "다음 주에 기사님 보내서 교체해 드리겠습니다", CueKind.PENDING),
        # within a span, or taken off a later bill
        (A, "등기로 칠 일에서 십 일 사이 도착합니다", CueKind.DELIVERY),
        (A, "사흘 뒤에 통장으로 들어가요", CueKind.DELIVERY),
        (A, "택배로 내일 도착합니다", CueKind.DELIVERY),
        (A, "조정 금액은 다음 달 청구서에서 차감돼서 나갑니다", CueKind.DELIVERY),
        (A, "담달 요금에서 빠져요", CueKind.DELIVERY),
        # the customer going to do it, in regional speech too
        (C, "그럼 내일 주민센터 가서 할게요", CueKind.CUSTOMER_TODO),
        (C, "가서 하께예", CueKind.CUSTOMER_TODO),
        (C, "내일 들러서 해 볼라요", CueKind.CUSTOMER_TODO),
        (C, "주민센터 가서 허쿠다", CueKind.CUSTOMER_TODO),
        (C, "낼 아침에 가 볼게유", CueKind.CUSTOMER_TODO),
        (C, "서류는 담주에 떼서 관리사무소에 갖다 줄라요", CueKind.CUSTOMER_TODO),
        (C, "금요일에 서류 갖다 드릴게요", CueKind.CUSTOMER_TODO),
        # asked by a date
        (A, "소득 확인 서류를 사월 삼십일까지 내 주셔야 돼요", CueKind.CUSTOMER_TODO),
        (A, "이번 주까지 등록해 주세요", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_indirect_wording_counts(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "이관 안 해도 됩니다", CueKind.HANDOFF),  # not needed
        (A, "이관은 안 하셔도 돼요", CueKind.HANDOFF),  # not needed
        (A, "저희 팀에서 연락 갈 거예요", CueKind.HANDOFF),  # the same desk calls back
        (A, "담당 선생님께 말씀드려 놓을까요", CueKind.HANDOFF),  # an offer still open
        (A, "선생님께 문자로 보내 드릴게요", CueKind.HANDOFF),  # "선생님" is the customer
        (C, "주소는 그대로예요", CueKind.STILL_FAILING),  # a detail unchanged
        (C, "네 번호는 똑같아요", CueKind.STILL_FAILING),  # a detail unchanged
        (C, "여전히 안 되면 다시 전화할게요", CueKind.STILL_FAILING),  # a condition
        (A, "이번 달 요금에서 차감됐어요", CueKind.DELIVERY),  # done already
        (A, "보통 이틀이면 도착해요", CueKind.DELIVERY),  # a rule of thumb
        (C, "지금 가서 할게요", CueKind.CUSTOMER_TODO),  # during the call
        (C, "안 되면 가서 할게요", CueKind.CUSTOMER_TODO),  # a condition
        (C, "가서 할 거예요?", CueKind.CUSTOMER_TODO),  # a question
        (A, "끝까지 말씀해 주세요", CueKind.CUSTOMER_TODO),  # not a deadline
        (A, "이번 달 요금은 안 내셔도 돼요", CueKind.CUSTOMER_TODO),  # nothing to pay
    ],
)
def test_korean_indirect_wording_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


def test_korean_rule_deadline_is_marked() -> None:
    """A deadline counted from something still hypothetical ("받으신 날부터") states a rule; the words before
    the to-do are matched by KO_RULE_FROM_BEFORE (for the cue check), a real date is not."""
    rule = re.compile(K.KO_RULE_FROM_BEFORE)
    assert rule.search("도착 문자 받으신 날부터 삼 일 안에 찾아")
    assert rule.search("통지받은 날로부터 육십 일 이내에 ")
    assert not rule.search("오늘부터 삼 일 안에 찾아")
    assert not rule.search("내일부터 일주일 안에 ")



@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # a paper posted to the customer
        (A, "바뀐 내용 적힌 안내문은 등록된 주소로 우편으로 한 일주일 안에 보내 드릴게요", CueKind.DELIVERY),
        (A, "서류가 들어오면 저희 쪽에서 확인하고 첫 달 납부 고지서를 보내 드릴게요", CueKind.DELIVERY),
        (A, "새 카드는 댁으로 부쳐 드리겠습니다", CueKind.DELIVERY),
        (A, "확인서는 등기로 발송해 드릴게요", CueKind.DELIVERY),
        (A, "납부 확인서 원본은 집으로 보내 드리도록 하겠습니다", CueKind.DELIVERY),
        (A, "정정된 청구서를 다음 주 중에 다시 보내 드릴게요", CueKind.DELIVERY),
        (A, "상품권은 택배로 보내 드릴 거예요", CueKind.DELIVERY),
        (A, "증명서 두 부 우편으로 송부해 드리겠습니다", CueKind.DELIVERY),
        (A, "교체품은 주소지로 택배로 부쳐 드릴게요", CueKind.DELIVERY),
        (A, "통지서는 사업장 주소로 보내 드릴 거예요", CueKind.DELIVERY),
        # a callback taken for granted in a clause
        (A, "제가 결과 가지고 연락드릴 때 같이 안내해 드릴게요", CueKind.PENDING),
        (A, "내일 전화 드릴 때 일정도 같이 말씀드릴게요", CueKind.PENDING),
        (A, "다시 전화 드리면서 방문 날짜 잡아 드릴게요", CueKind.PENDING),
        (A, "연락 드리는 대로 바로 처리해 드릴게요", CueKind.PENDING),
        (A, "제가 연락을 다시 드릴 때 서류 목록도 알려 드릴게요", CueKind.PENDING),
        # an errand finished off, in regional speech
        (C, "오늘 저녁에 그 신청서 써 갖고 팩스로 보내불게요", CueKind.CUSTOMER_TODO),
        (C, "낼 아침에 은행 가서 내 뿔께예", CueKind.CUSTOMER_TODO),
        (C, "그냥 이번 주에 입금해 버릴게요", CueKind.CUSTOMER_TODO),
        (C, "서류는 내일 떼 불랑께요", CueKind.CUSTOMER_TODO),
        (C, "주말에 신청해 불라요", CueKind.CUSTOMER_TODO),
        (C, "제가 오늘 접수해 버릴께요", CueKind.CUSTOMER_TODO),
        (C, "사진 찍어서 앱에 올려 불게요", CueKind.CUSTOMER_TODO),
        (C, "담주에 우체국 가서 부쳐 불게유", CueKind.CUSTOMER_TODO),
        (C, "그 돈은 퇴근하고 이체해 뿔게요", CueKind.CUSTOMER_TODO),
        (C, "지점 가서 받을게요", CueKind.CUSTOMER_TODO),  # still a task: no going elsewhere
        (C, "다른 지점 가서 받을게요", CueKind.CUSTOMER_TODO),  # a branch of the same organisation
        # a call cut short, to be carried on
        (A, "다시 전화 주시면 이어서 도와드리겠습니다", CueKind.CUSTOMER_TODO),
        (A, "연락 다시 주시면 마저 접수해 드릴게요", CueKind.CUSTOMER_TODO),
        (A, "전화를 다시 걸어 주시면 나머지 진행해 드릴게요", CueKind.CUSTOMER_TODO),
        (A, "전화 주셔서 이어서 신청하시면 됩니다", CueKind.CUSTOMER_TODO),
        (A, "세대주 분이 연락 주시면 하던 거 바로 이어 갈게요", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_later_work_counts(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (A, "카드 번호는 카톡으로 보내 드릴게요", CueKind.DELIVERY),  # a message, not a parcel
        (A, "신청서 양식은 메일로 보내 드릴게요", CueKind.DELIVERY),  # an e-mail sent on the line
        (A, "안내문은 주소로 이미 보내 드렸어요", CueKind.DELIVERY),  # sent already
        (A, "고지서는 우편으로 받으시면 돼요", CueKind.DELIVERY),  # nothing promised
        (A, "전화 주실 때 접수 번호 말씀해 주세요", CueKind.PENDING),  # the customer's call
        (A, "연락드릴 일은 없을 것 같아요", CueKind.PENDING),  # no callback
        (C, "그냥 가 버릴게요", CueKind.CUSTOMER_TODO),  # leaving, no errand
        (C, "안 되면 보내불게요", CueKind.CUSTOMER_TODO),  # a condition
        (C, "제주시 쪽 다른 데 가 보쿠다", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (C, "딴 충전소로 한번 가 볼게요", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (C, "다른 병원 좀 가 볼라요", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (C, "그럼 다른 데 갈게요", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (C, "다른 가게 가 보께예", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (C, "다른 업체에 가 볼게요", CueKind.CUSTOMER_TODO),  # going elsewhere instead
        (A, "궁금한 거 있으시면 다시 전화 주세요", CueKind.CUSTOMER_TODO),  # the usual closing
        (A, "다른 문의 있으시면 언제든 연락 주시면 됩니다", CueKind.CUSTOMER_TODO),  # the usual closing
        (A, "다시 전화 주실 필요는 없으세요", CueKind.CUSTOMER_TODO),  # nothing to do
    ],
)
def test_korean_later_work_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # the same fault again, in regional speech too
        (C, "아이고, 똑같수다.", CueKind.STILL_FAILING),
        (C, "에이 똑같네예", CueKind.STILL_FAILING),
        (C, "하 마찬가지네요", CueKind.STILL_FAILING),
        (C, "아이구 또 똑같어유", CueKind.STILL_FAILING),
        (C, "에휴, 마찬가지여라", CueKind.STILL_FAILING),
        (C, "또 통신 오류", CueKind.STILL_FAILING),
        (C, "계속 결제 에러가 나요", CueKind.STILL_FAILING),
        (C, "아직도 화면 먹통이에요", CueKind.STILL_FAILING),
        (C, "같은 글자 뜨멘", CueKind.STILL_FAILING),
        (C, "똑같은 오류 메시지가 또 나와요", CueKind.STILL_FAILING),
        (C, "아까랑 같은 화면이 떠요", CueKind.STILL_FAILING),
        (C, "같은 경고 문구 나오는디요", CueKind.STILL_FAILING),
        (C, "아니, 안 되쿠다", CueKind.STILL_FAILING),
        (C, "아니 안 되는데요", CueKind.STILL_FAILING),
        (C, "아입니더 똑같심더", CueKind.STILL_FAILING),
        (C, "아니유 아직 안 돼유", CueKind.STILL_FAILING),
        # working again is still a confirmation
        (C, "됐수다 고맙수다", CueKind.CONFIRMED),
        (C, "오 됐네요", CueKind.CONFIRMED),
        (C, "이제 됐네예", CueKind.CONFIRMED),
    ],
)
def test_korean_same_fault_counts(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        (C, "네 번호는 똑같아요", CueKind.STILL_FAILING),  # a detail unchanged
        (C, "똑같은 걸로 하나 더 주세요", CueKind.STILL_FAILING),  # the same item
        (C, "같은 화면이 나오면 어떻게 해요", CueKind.STILL_FAILING),  # a condition
        (C, "아니 그건 괜찮아요", CueKind.STILL_FAILING),  # no fault
        (C, "계속 오류 없이 잘 돼요", CueKind.STILL_FAILING),  # works
        (C, "아이고 됐수다", CueKind.CONFIRMED),  # "never mind"
        (C, "에이 됐네요 그냥", CueKind.CONFIRMED),  # "never mind"
        (C, "아니요, 됐네요", CueKind.CONFIRMED),  # "no, that's enough"
        (C, "그냥 됐수다", CueKind.CONFIRMED),  # "never mind"
        # money given back is no hand-off
        (A, "해지하신 카드는 남은 기간만큼 연회비를 일할로 돌려드리고 있어요", CueKind.HANDOFF),
        (A, "남은 수수료는 카드로 돌려 드릴게요", CueKind.HANDOFF),
        (A, "위약금은 계좌로 돌려 드리겠습니다", CueKind.HANDOFF),
        (A, "관리비 잔여분은 통장으로 돌려 드려요", CueKind.HANDOFF),
        (A, "적립금으로 돌려 드릴게요", CueKind.HANDOFF),
    ],
)
def test_korean_same_fault_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


def test_korean_who_or_when_rule_is_marked() -> None:
    """A rule of who must do it or when ("본인이 직접", "신청하실 때는"), said before the to-do, is no task."""
    rule = re.compile(K.KO_RULE_FROM_BEFORE)
    for before in ("신청은 본인이 직접 ", "네, 신청하실 때는 본인이 직접 ", "수령은 반드시 명의자 본인이 ", "발급받으실 때 신분증 "):
        assert rule.search(before), before
    for before in ("내일 지점에 ", "이번 주까지 서류를 ", "본인 확인 끝났으니까 "):
        assert not rule.search(before), before


@pytest.mark.parametrize(
    "text",
    [
        "신청은 본인이 직접 오셔야 합니다.",
        "네, 신청하실 때는 본인이 직접 오셔야 돼요.",
        "수령은 반드시 명의자 본인이 하셔야 돼요",
        "해지는 예금주께서 직접 방문하셔야 합니다",
        "발급받으실 때 신분증 가져오셔야 돼요",
        "변경하실 때는 가족관계증명서 제출하셔야 합니다",
        "계좌 개설은 당사자가 꼭 오셔야 돼요",
        "대리 신청은 안 되고 신청인이 직접 오셔야 합니다",
        "찾으러 오실 때 신분증 지참하셔야 돼요",
        "세대주 본인이 연락하셔야 해요",
    ],
)
def test_korean_rule_is_no_todo(text: str) -> None:
    assert CueKind.CUSTOMER_TODO not in kinds_of(A, text)


@pytest.mark.parametrize(
    "text",
    [
        "내일까지 서류를 보내 주셔야 돼요",
        "이번 주 안에 지점 방문하셔야 합니다",
        "신분증 사본은 팩스로 보내 주세요",
        "월요일까지 다시 신청하셔야 돼요",
        "본인 확인이 끝났으니 신청서만 제출하셔야 돼요",
        "오늘 중으로 세대주 분이 전화하셔야 돼요",
    ],
)
def test_korean_task_is_still_a_todo(text: str) -> None:
    assert CueKind.CUSTOMER_TODO in kinds_of(A, text)


def kinds_after(description: str, text: str, *, same_turn: bool = False) -> set[CueKind]:
    """The cue kinds found in the agent's turn `text`, after the agent's turn before described a third party (or with the
    description in the same turn)."""
    if same_turn:
        turns = call((C, "네 안녕하세요"), (A, description + " " + text))
        return {c.kind for c in find_cues(turns) if c.turn_id == 1}
    turns = call((C, "네 안녕하세요"), (A, description), (C, "아 네"), (A, text))
    return {c.kind for c in find_cues(turns) if c.turn_id == 3}


# A third party described by the agent: who can do what the agent can't, who must decide, by the work they do, the
# agent's own limit.
KO_DESCRIPTIONS = [
    "반환금 감면을 결정할 수 있는 요금 심사 담당분이 계세요.",
    "최종 승인 권한이 있는 분이 직접 확인하셔야 합니다.",
    "되돌리는 건 조사하는 전담 인력이 판단하셔야 해서요.",
    "등록 업무 보시는 서연 주무관님이 그 기준을 제일 잘 아세요.",
    "수리비 부분은 보상 업무 보시는 민재 대리님이 맡으시는 게 맞아서요.",
    "이건 저희 민원실에서 해 드릴 수 있는 게 아니고요.",
    "제 선에서는 해지를 마무리할 수가 없고요.",
    "제 권한으로는 안 되고요.",
    "결정은 심사팀에서 해요.",
    "그 분들이 조정해 주실 수 있어요.",
    "승인은 본사에서 납니다.",
    "저희 쪽에서는 처리할 수가 없어요.",
]


@pytest.mark.parametrize("description", KO_DESCRIPTIONS)
def test_korean_third_party_is_described(description: str) -> None:
    from pipeline.summary.cues import describes_third_party

    assert describes_third_party(description)


@pytest.mark.parametrize(
    "text",
    [
        "결정은 제가 바로 해 드릴게요.",  # the agent decides
        "저희 팀에서 처리해 드릴게요.",  # the same desk
        "부분이 좀 복잡하네요.",  # "분" inside a word
        "그 업무는 관할 지청 주무관님께 전화해 보세요.",  # the customer is to call
        "해지는 제가 지금 처리해 드렸습니다.",  # done here
    ],
)
def test_korean_no_third_party_described(text: str) -> None:
    from pipeline.summary.cues import describes_third_party

    assert not describes_third_party(text)


@pytest.mark.parametrize(
    "text",
    [
        # moved to them by a pronoun or a name
        "오늘 상담 내용을 그분 앞으로 남겨 드렸고요.",
        "지금 접수한 내용 그대로 대리님 앞으로 올려 놨습니다.",
        "그쪽으로 바로 넘겨 드릴게요.",
        "그분께 말씀드려 놨어요.",
        "그 팀에 전달해 놓을게요.",
        "주무관님께 넘겨불게요.",
        # they take the call next
        "그분이 지금 바로 이어서 받으시도록 해 드릴게요.",
        "바로 이어서 받으시게 할게요.",
        "그분들이 지금 바로 이어서 말씀 들으시도록 돌려 드릴게요.",
        "잠시만요, 이어서 통화하실 거예요.",
        # what was said passed on, or sent up at once
        "지금까지 말씀하신 내용은 다 적어서 넘겨 놓을게요.",
        "상담 내용 정리해서 전달해 드릴게요.",
        "방금 긴급으로 올려서 처리되게 했어요.",
        # they act next
        "이번 주 안에 주무관님이 선생님 번호로 먼저 전화 주실 거예요.",
        "한 시간 안에 직접 전화 주실 거예요.",
        "그쪽 차가 오늘 오후 중에 들르실 거예요.",
        "그분이 내일 연락 드린대요.",
        "담당자가 결과 안내해 드릴 겁니다.",
        "팀장님이 같이 설명해 주실 수 있어요.",
        "그쪽에서 먼저 연락 갈 거예유.",
        "그분들이 검토해 주실 거예요.",
    ],
)
@pytest.mark.parametrize("description", KO_DESCRIPTIONS[:4] + KO_DESCRIPTIONS[6:7])
def test_korean_handoff_to_described_counts(description: str, text: str) -> None:
    assert CueKind.HANDOFF in kinds_after(description, text)


def test_korean_handoff_to_described_in_the_same_turn() -> None:
    assert CueKind.HANDOFF in kinds_after("최종 승인 권한이 있는 분이 확인하셔야 합니다.", "바로 이어서 받으시게 할게요.", same_turn=True)


@pytest.mark.parametrize(
    "text",
    [
        "바로 이어서 받으시게 할게요.",
        "지금까지 말씀하신 내용은 다 적어서 넘겨 놓을게요.",
        "한 시간 안에 직접 전화 주실 거예요.",
        "방금 긴급으로 올려서 처리되게 했어요.",
        "그분이 내일 연락 드린대요.",
    ],
)
def test_korean_handoff_to_described_needs_a_description(text: str) -> None:
    assert CueKind.HANDOFF not in kinds_after("네 확인해 보겠습니다.", text)


@pytest.mark.parametrize(
    "text",
    [
        "기사님이 도착 전에 전화 주실 거예요.",  # a visit
        "수리 기사가 먼저 연락 드릴 겁니다.",  # a visit
        "택배 기사님이 직접 전화 주실 거예요.",  # a delivery
        "견인차 기사님이 먼저 전화 주실 거예요.",  # a tow
        "그분께 직접 전화해 보세요.",  # the customer is to call
        "그분 번호 알려 드릴게요.",  # the customer is to call
        "상담 내용은 문자로 전달해 드릴게요.",  # sent to the customer
        "차액은 바로 돌려 드릴게요.",  # money back
        "제가 내일 다시 연락 드릴게요.",  # the agent's own callback
        "그분께 말씀드려 놓을까요?",  # an offer still open
    ],
)
def test_korean_handoff_to_described_near_miss(text: str) -> None:
    assert CueKind.HANDOFF not in kinds_after("최종 승인 권한이 있는 분이 확인하셔야 합니다.", text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # money back on the card, or a card by post, within a span
        (A, "3영업일에서 5영업일 사이에 카드로 돌아갈 거예요", CueKind.DELIVERY),
        (A, "사흘 뒤에 계좌로 돌아옵니다", CueKind.DELIVERY),
        (A, "집 주소로 열흘 안에 등기로 갈 거예요", CueKind.DELIVERY),
        (A, "일주일 이내에 우편으로 나갑니다", CueKind.DELIVERY),
        (A, "이삼 일 안에 택배로 갈 겁니다", CueKind.DELIVERY),
        # money sent to an account
        (A, "문자에 있는 가상계좌로 보내시면 됩니다", CueKind.CUSTOMER_TODO),
        (A, "그 계좌로 넣으시면 돼요", CueKind.CUSTOMER_TODO),
        (A, "안내드린 통장으로 보내시면 되고요", CueKind.CUSTOMER_TODO),
        # a later bill still counts
        (A, "다음 달 요금에서 빠집니다", CueKind.DELIVERY),
        # a rule of who with a date of this call's next step is still a task
        (A, "받으실 분이 내일까지 지점에 오셔야 돼요", CueKind.CUSTOMER_TODO),
        # the agent's own limit
        (A, "제 선에서는 해지를 마무리할 수가 없고요", CueKind.CANNOT),
    ],
)
def test_korean_follow_up_wording_counts(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # how things work from then on: no later bill
        (A, "다음 달부터는 십오일에 한 번만 빠집니다", CueKind.DELIVERY),
        (A, "다음 달부터 한 번만 빠져요", CueKind.DELIVERY),
        (A, "담달부터는 할인이 반영됩니다", CueKind.DELIVERY),
        (A, "다음 회차부터는 자동으로 차감돼요", CueKind.DELIVERY),
        # a rule of who, not a to-do
        (A, "양도는 되는데, 그것도 받으실 분이 지점에 직접 오셔야 하고요", CueKind.CUSTOMER_TODO),
        (A, "대리로 오시는 분은 위임장을 가져오셔야 돼요", CueKind.CUSTOMER_TODO),
        (A, "양수하실 분도 직접 방문하셔야 합니다", CueKind.CUSTOMER_TODO),
        (A, "찾으러 가는 분이 신분증 가져가셔야 돼요", CueKind.CUSTOMER_TODO),
        (A, "계약하실 분께서 꼭 오셔야 합니다", CueKind.CUSTOMER_TODO),
        # money not sent by the customer
        (A, "계좌로 보내 드렸어요", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_follow_up_wording_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # offices of the state by name
        (A, "서류는 관할 등기소로 넘겨 드렸습니다", CueKind.HANDOFF),
        (A, "오늘 중으로 북부세무서에 전달하겠습니다", CueKind.HANDOFF),
        # the customer put through, said of the customer
        (A, "끊지 마시면 담당 주무관님 자리로 바로 넘어가실 거예요", CueKind.HANDOFF),
        (A, "민원팀으로 곧 연결됩니다", CueKind.HANDOFF),
        (A, "그분 내선으로 연결되실 겁니다", CueKind.HANDOFF),
        # no way left to help, sorry it could not be done
        (A, "여기서 더 해 드릴 방법은 없을 것 같아요", CueKind.CANNOT),
        (A, "원하시는 대로 못 해 드려서 정말 죄송합니다", CueKind.CANNOT),
        (A, "연결 상태 때문에 통화가 어려워 끊겠습니다", CueKind.CANNOT),
        # back on the same screen
        (C, "다시 해 봤는데 또 그 화면이네요", CueKind.STILL_FAILING),
        (C, "누르면 계속 같은 페이지로 가요", CueKind.STILL_FAILING),
        # the success message read out
        (C, "아 예약 완료라고 떴어요", CueKind.CONFIRMED),
        (C, "이체 성공이라고 나오네요", CueKind.CONFIRMED),
        # brought to the door, money back to the card
        (A, "수선 끝나면 댁으로 갖다 드리겠습니다", CueKind.DELIVERY),
        (A, "차액은 쓰신 카드로 돌려 드릴게요", CueKind.DELIVERY),
        # a call the agent will make to someone else
        (A, "시공 업체에 바로 연락 넣겠습니다", CueKind.PENDING),
        (A, "관리사무소에 전화 넣어 놓을게요", CueKind.PENDING),
        # 경상 promises by the customer
        (C, "내일 아침에 서류 들고 가꾸마", CueKind.CUSTOMER_TODO),
        (C, "오늘 저녁에 신청서 보낼 끼다", CueKind.CUSTOMER_TODO),
        # a step by a date, "시면 됩니다"
        (A, "이달 말일까지 이의신청서를 제출하시면 됩니다", CueKind.CUSTOMER_TODO),
        (A, "오월 십일까지 온라인으로 신청하시면 돼요", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_more_families_count(role: Role, text: str, kind: CueKind) -> None:
    assert kind in kinds_of(role, text)


@pytest.mark.parametrize(
    ("role", "text", "kind"),
    [
        # a hand-off denied by how things work
        (A, "과장님께 넘겨 드리는 구조가 아니라서요", CueKind.HANDOFF),
        # a screen or a step, no person
        (A, "확인 누르시면 결제 화면으로 넘어가실 거예요", CueKind.HANDOFF),
        # sorry it was slow, not that it failed
        (A, "바로 못 찾아 드려 죄송해요", CueKind.CANNOT),
        # no message yet
        (C, "완료가 아직 안 떠요", CueKind.CONFIRMED),
        # money already back
        (A, "카드로 돌려 드렸어요", CueKind.DELIVERY),
        # a revisit still to be booked on the line
        (A, "네 재방문 날짜 잡아 드릴게요", CueKind.PENDING),
        # going elsewhere instead
        (C, "그라믄 딴 데 가꾸마", CueKind.CUSTOMER_TODO),
    ],
)
def test_korean_more_families_near_miss(role: Role, text: str, kind: CueKind) -> None:
    assert kind not in kinds_of(role, text)


@pytest.mark.parametrize(
    "description",
    [
        # who has it in hand, whose power it is, a team that handles such cases
        "그 지점은 민호 과장님이 맡고 계신데요.",
        "위약금 면제는 지점장님 권한이라서요.",
        "이런 일은 보상 협의를 하는 팀이 따로 있어요.",
        "피해 금액은 따로 맡아서 조사하는 분들이 계세요.",
        "배정은 교육지원청에서 정하시는 거라서요.",
    ],
)
def test_korean_more_third_parties_described(description: str) -> None:
    from pipeline.summary.cues import describes_third_party

    assert describes_third_party(description)


@pytest.mark.parametrize(
    "text",
    [
        "그런 문의하시는 분들이 많이 있어요.",  # callers in general
        "저희 팀 권한이라 제가 바로 해 드릴게요.",  # the agent's own team
    ],
)
def test_korean_more_no_third_party_described(text: str) -> None:
    from pipeline.summary.cues import describes_third_party

    assert not describes_third_party(text)


@pytest.mark.parametrize(
    "text",
    [
        # plain speech, and what they do first said between
        "그분들이 서류 보고 내일 전화할 거예요.",
        "그 팀에서 업체에 사정을 먼저 설명하고 답을 받은 다음에 사흘 안에 연락드릴 거예요.",
    ],
)
def test_korean_third_party_next_more_wording(text: str) -> None:
    assert CueKind.HANDOFF in kinds_after("이런 경우는 따로 조율하는 담당 팀이 있어요.", text)


@pytest.mark.parametrize(
    ("role", "text", "kind", "counts"),
    [
        (A, "센터장님은 전화로 바로 연결해 드리기는 어려우세요", CueKind.HANDOFF, False),  # a polite refusal
        (A, "담당자께 넘겨 드리기가 힘들어요", CueKind.HANDOFF, False),
        (A, "기사님이 출발하실 때 전화 한 통 드리게 해 놨어요", CueKind.DELIVERY, True),  # the visit rings ahead
        (A, "첫 달 요금에서 5,000원 빼 드리는 걸로 올려 뒀습니다", CueKind.DELIVERY, True),  # off a later bill
        (A, "변경 안내 문자는 오늘 오후에 보내 드릴게요", CueKind.DELIVERY, True),  # a text to come later
        (A, "카드 번호는 카톡으로 보내 드릴게요", CueKind.DELIVERY, False),  # sent on the line
        (A, "원래 방문 예정일이 이월 이십일일로 되어 있으시네요", CueKind.PENDING, False),  # the old date read out
        (C, "켰는데요, 아직 0원인데요", CueKind.STILL_FAILING, True),
        (C, "그대로예요", CueKind.STILL_FAILING, True),
        (C, "주소는 그대로예요", CueKind.STILL_FAILING, False),
    ],
)
def test_korean_refusals_visits_texts_and_unchanged_balances(role: Role, text: str, kind: CueKind, counts: bool) -> None:
    assert (kind in kinds_of(role, text)) is counts


def test_korean_officer_doing_the_work_then_taking_it() -> None:
    turns = call(
        (C, "쓰레기 버리는 거 신고할라고요"),
        (A, "현장 단속은 단속 나가시는 주무관님이 하셔야 돼서요, 제가 오늘 내용 정리해서 넘겨 드릴게요."),
        (A, "확인해 보시고 그분이 직접 결과 알려 드릴 거예요."),
    )
    found = {(c.kind, c.turn_id) for c in find_cues(turns)}
    assert (CueKind.HANDOFF, 1) in found and (CueKind.HANDOFF, 2) in found


def test_korean_callback_promised_for_a_dropped_line() -> None:
    promise = (A, "확인해 볼게요. 혹시 끊기면 제가 바로 다시 전화드릴게요.")
    dropped = call(promise, (C, "네"), (A, "지금 보니까 [inaudible]"), (C, "여보세요? 잘 안 들려요. 여보세요?"))
    assert (CueKind.PENDING, 0) in {(c.kind, c.turn_id) for c in find_cues(dropped)}


@pytest.mark.parametrize(
    ("role", "text", "kind", "counts"),
    [
        # any verb promised for a time after the call
        (C, "아 그렇구나. 오늘 저녁에 바로 넣을게요.", CueKind.CUSTOMER_TODO, True),
        (C, "내일 아침에 서류 뽑아서 붙일게요", CueKind.CUSTOMER_TODO, True),
        (C, "내일 시간 되면 우체국 가 볼게.", CueKind.CUSTOMER_TODO, True),  # a plan said loosely
        (C, "그럼 일단 내려서 정부24에서 분실신고부터 할게요", CueKind.CUSTOMER_TODO, True),
        (C, "그럼 내일 연락 기다릴게요", CueKind.CUSTOMER_TODO, False),  # waiting is no task
        (C, "그럼 내일 생각해 볼게요", CueKind.CUSTOMER_TODO, False),
        (C, "다음 주에 갈 수 있을 것 같으면 연락드릴게요", CueKind.CUSTOMER_TODO, False),  # a condition
        # money back said of the money itself, and a text to come after the call
        (A, "네, 지금 취소했어요. 돈은 카드로 돌아가요.", CueKind.DELIVERY, True),
        (A, "다음 달 지급분부터 새 계좌로 들어갑니다.", CueKind.DELIVERY, False),  # routed from now on
        (A, "납부 계좌 번호를 문자로도 보내 드릴게요.", CueKind.DELIVERY, True),
        (C, "수강료 환불이 될까 해서요.", CueKind.DELIVERY, False),  # a question about a refund
        # transfers in more words
        (A, "지금 바로 연결해 드릴 테니까 끊지 말고 잠시만 기다려 주세요.", CueKind.HANDOFF, True),
        (A, "이 부분은 변호사 상담으로 넘겨 드릴게요.", CueKind.HANDOFF, True),
        (A, "이 건은 저희 동 맞춤형복지팀 담당 사회복지공무원에게 넘겨서 방문 상담 나가도록 하겠습니다.", CueKind.HANDOFF, True),
        # no change after any try, and a line breaking off mid-word
        (C, "잠깐만요 로그아웃하고 다시 넣었는데 똑같아요", CueKind.STILL_FAILING, True),
        (C, "여보세요? 여보세요 잘 안 들리— [inaudible]", CueKind.CANNOT, True),
    ],
)
def test_korean_promises_money_back_transfers_and_unchanged_faults(role: Role, text: str, kind: CueKind, counts: bool) -> None:
    assert (kind in kinds_of(role, text)) is counts


@pytest.mark.parametrize(
    ("reply", "counts"),
    [("네 연결해 주세요.", True), ("아니요, 괜찮아요. 제가 다시 걸게요.", False), ("네, 괜찮아요.", False), ("네? 잘 안 들려요.", False)],
)
def test_korean_transfer_offered_as_a_question_counts_once_accepted(reply: str, counts: bool) -> None:
    turns = call(
        (C, "운전자 범위에 아들도 넣고 싶어서요."),
        (A, "계약심사팀 확인을 거쳐야 합니다. 지금 심사팀으로 바로 연결해 드려도 될까요?"),
        (C, reply),
    )
    assert ((CueKind.HANDOFF, 1) in {(c.kind, c.turn_id) for c in find_cues(turns)}) is counts


def test_korean_callers_own_promise_for_a_dropped_line() -> None:
    turns = call(
        (C, "안전점검 날짜 바꾸고 싶어서요. 지금 지하철이라 끊기면 다시 걸게요"),
        (A, "네 고객번호 말씀해 주시겠어요"),
        (C, "어 여보세요 음 잘 안 들리 [inaudible]"),
    )
    assert (CueKind.CUSTOMER_TODO, 0) in {(c.kind, c.turn_id) for c in find_cues(turns)}


@pytest.mark.parametrize(
    ("spaced", "run_together"),
    [
        ("그쪽에서 내일 연락 드릴 거예요", "그쪽에서 내일 연락 드릴거예요"),
        ("기술팀에서 전화 올 거고요", "기술팀에서 전화 올거고요"),
        ("다음 주에 교체될 수 있도록 해 드릴게요", "다음 주에 교체될수 있도록 해 드릴게요"),
    ],
)
def test_a_future_form_run_into_the_next_word_reads_as_spaced(spaced: str, run_together: str) -> None:
    assert kinds_of(A, spaced)
    assert kinds_of(A, run_together) == kinds_of(A, spaced)
    cue = next(c for c in find_cues(call((C, "네"), (A, run_together))) if c.turn_id == 1)
    assert cue.sentence == run_together  # the words as said, the span inside them
    assert 0 <= cue.span[0] < cue.span[1] <= len(run_together)
