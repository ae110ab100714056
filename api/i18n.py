"""Interface text in English and Korean.

Templates write English, ``{{ _("My calls") }}``; :func:`translator` gives the
function that turns it into the user's language. English text is its own
key, so a string without a Korean entry shows in English rather than
breaking the page. Values (statuses, roles, fields) are translated the same
way, by their stored names.
"""

from __future__ import annotations

from collections.abc import Callable

KO: dict[str, str] = {
    # navigation and pages
    "Skip to content": "본문으로 건너뛰기", "Main": "주 메뉴", "My calls": "내 통화", "Call log": "통화 기록",
    "Dashboard": "대시보드", "Admin": "관리", "Language": "언어", "Set": "적용", "Log out": "로그아웃",
    "Log in": "로그인", "API key": "API 키", "Your key comes from your administrator.": "키는 관리자에게서 받습니다.",
    "The browser keeps a session, not the key.": "브라우저에는 키가 아니라 세션만 저장됩니다.",
    "That key is not valid.": "유효하지 않은 키입니다.",
    "Error": "오류", "Not found": "찾을 수 없음", "Not allowed": "허용되지 않음", "Something is wrong": "문제가 있습니다",
    "Back to the calls": "통화 목록으로", "No such call.": "해당 통화가 없습니다.",
    "This page is for supervisors and admins.": "관리자와 감독자만 볼 수 있는 페이지입니다.",
    "This page is for admins.": "관리자만 볼 수 있는 페이지입니다.",
    "The form is out of date. Reload the page and try again.": "양식이 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요.",
    # roles and values
    "agent": "상담원", "supervisor": "감독자", "admin": "관리자", "customer": "고객", "unknown": "알 수 없음",
    "queued": "대기 중", "processing": "처리 중", "done": "완료", "failed": "실패",
    "resolved": "해결", "unresolved": "미해결", "escalated": "이관",
    "positive": "긍정", "neutral": "중립", "negative": "부정",
    "required": "필요", "none": "없음", "any": "전체", "detect": "자동 감지",
    "amount": "금액", "account": "계좌·고객 번호", "reference": "참조 번호", "ticket": "접수 번호", "date": "날짜",
    "deadline": "기한", "phone": "전화번호", "other": "기타",
    "decode": "오디오 읽기", "transcribe": "음성 인식", "diarize": "화자 분리", "speakers": "화자 분리",
    "attribute": "발화 정리", "analytics": "통화 분석", "redact": "개인정보 가림", "summarize": "요약",
    "silence": "침묵", "interruption": "끼어들기",
    # My calls and search
    "Upload a call": "통화 올리기", "Recording": "녹음", "Channels": "채널", "mono / default": "모노 / 기본",
    "agent left, customer right": "왼쪽 상담원, 오른쪽 고객", "customer left, agent right": "왼쪽 고객, 오른쪽 상담원",
    "External id": "외부 ID", "Agent": "상담원", "Upload": "올리기", "Search": "검색", "Words": "검색어",
    "words in transcript or summary": "녹취록이나 요약에 있는 단어", "From": "시작일", "To": "종료일",
    "Status": "상태", "Team": "팀", "Resolution": "처리 결과", "Customer at the end": "통화 끝 고객 감정",
    "Follow-up": "후속 조치", "Length (s)": "길이(초)", "shortest, seconds": "최소 초", "longest, seconds": "최대 초",
    "Export CSV": "CSV 내보내기", "Calls": "통화", "Uploaded": "올린 시각", "Length": "길이", "Reason": "문의 사유",
    "progress": "진행률", "No calls.": "통화가 없습니다.", "More": "더 보기", "category": "분류", "by_category": "분류별 문의 사유", "Category": "분류",
    "qa_min": "QA 점수 최소", "qa_max": "QA 점수 최대", "qa_failed": "충족하지 못한 QA 항목",
    # the call page
    "Call": "통화", "Summary": "요약", "Open the call": "통화 열기", "reviewed": "검토됨", "revision": "수정본", "Customer": "고객",
    "Action items": "할 일", "Key facts": "주요 정보", "check": "확인 필요",
    "check this against the recording": "녹음과 대조해 확인하세요", "Show turn": "발화 보기",
    "Copy for CRM note": "CRM 메모로 복사", "Copied": "복사됨", "Plain-text summary": "일반 텍스트 요약",
    "Review": "검토", "Accept the summary": "요약 승인", "Correct the summary": "요약 수정",
    "Resolution text": "처리 내용", "one a line: owner | what | when": "한 줄에 하나: 담당 | 할 일 | 기한",
    "one a line: kind | value": "한 줄에 하나: 종류 | 값", "Save the correction": "수정 저장",
    "Revisions": "수정 이력", "generated": "자동 생성", "accepted": "승인", "corrected": "수정",
    "resolution": "처리 결과", "action_items": "할 일", "key_facts": "주요 정보", "reason": "문의 사유",
    "Your browser cannot play this recording.": "이 브라우저에서는 녹음을 재생할 수 없습니다.",
    "Click a turn to play from it.": "발화를 누르면 그 지점부터 재생됩니다.",
    "What the transcript shows as redacted is covered by a tone in this recording.":
        "녹취록에서 가려진 개인정보는 이 녹음에서도 신호음으로 가려져 있습니다.",
    "Analytics": "통화 분석", "Talk share": "발화 비율", "Timeline of turns, silences and interruptions": "발화·침묵·끼어들기 타임라인",
    "Silences": "침묵", "Interruptions": "끼어들기", "Turns": "발화 수", "Transcript": "녹취록",
    "No summary for this call.": "이 통화에는 요약이 없습니다.",
    "This call has no summary to review yet.": "아직 검토할 요약이 없습니다.",
    "The resolution must be resolved, unresolved or escalated.": "처리 결과는 해결, 미해결, 이관 중 하나여야 합니다.",
    # dashboard
    "Show": "보기", "Export corrected calls (evaluation set)": "수정된 통화 내보내기(평가 세트)", "Totals": "합계",
    "calls": "통화", "average handle time": "평균 처리 시간", "of reviewed summaries corrected": "검토된 요약 중 수정 비율",
    "follow-ups": "후속 조치", "Calls per day": "일별 통화 수", "Average handle time (min)": "평균 처리 시간(분)",
    "Share resolved": "해결 비율", "Top reasons": "주요 문의 사유", "Correction rate by field": "항목별 수정 비율",
    "Field": "항목", "rate": "비율", "QA score per agent": "상담원별 QA 점수",
    "QA items most often not met": "자주 충족하지 못한 QA 항목", "the signals disagree; check the outcome": "판단 근거가 엇갈립니다. 처리 결과를 확인하세요",
    # admin
    "Users and keys": "사용자와 키", "Name": "이름", "Role": "역할", "Key": "키", "Actions": "작업",
    "active": "사용 중", "disabled": "사용 중지", "Enable": "사용", "Disable": "사용 중지", "Rotate key": "키 교체",
    "Add a user": "사용자 추가", "Add": "추가", "Settings": "설정", "Save": "저장", "The key for": "키:",
    "shown once; give it to its user now:": "한 번만 표시됩니다. 지금 사용자에게 전달하세요:",
    "These take effect at once; the processing settings are read when the workers start.":
        "바로 적용됩니다. 처리 설정은 작업자가 시작할 때 읽습니다.",
    "ui_session_hours": "세션 유지 시간(시간)", "ui_default_language": "기본 언어", "ui_page_size": "목록 한 쪽의 통화 수",
    "Settings saved.": "설정을 저장했습니다.", "The user is disabled.": "사용자를 사용 중지했습니다.",
    "The user is enabled.": "사용자를 다시 사용하게 했습니다.", "The key is rotated.": "키를 교체했습니다.", "You cannot disable yourself.": "자신을 사용 중지할 수 없습니다.",
    "Your key was rotated; log in again with the new key.": "키가 교체되었습니다. 새 키로 다시 로그인하세요.",
}

# English names for the stored names that are not words.
EN: dict[str, str] = {
    "action_items": "action items", "key_facts": "key facts", "ui_session_hours": "Session length (hours)",
    "ui_default_language": "Default language for new users", "ui_page_size": "Calls per page",
    "by_category": "Reasons by category", "category": "Category", "qa_min": "QA score from", "qa_max": "QA score to", "qa_failed": "QA item not met",
}

LABEL_KEYS = (
    "queued", "processing", "done", "failed", "decode", "transcribe", "diarize", "speakers", "attribute",
    "analytics", "redact", "summarize",
)


def translator(language: str) -> Callable[[str], str]:
    table = KO if language == "ko" else EN

    def translate(text: str) -> str:
        return table.get(text, text) if text else text

    return translate


def script_labels(language: str) -> dict[str, str]:
    """The words the page scripts show (statuses, stages), in the user's language."""
    t = translator(language)
    return {key: t(key) for key in LABEL_KEYS}
