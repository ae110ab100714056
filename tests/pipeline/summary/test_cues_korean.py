"""Korean cue phrase families (pipeline.summary.cue_phrases_ko): each family with a few wordings
that should count and a near miss that should not."""

from __future__ import annotations

import pytest

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
