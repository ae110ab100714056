"""Korean calls get Korean summaries built from the structured fields and quoted turns."""

from __future__ import annotations

import re

from pipeline.options import SummarizeOptions
from pipeline.summary.extractive import summarize_extractive
from pipeline.summary.summarize import NoLLM, guess_language, summarize
from pipeline.types import Resolution, Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER

REVISIT = (
    turn(0, "a", A, 0, 3, "네, 한빛인터넷 고객센터 박민호입니다."),
    turn(1, "c", C, 3, 7, "여보세요, 인터넷이 또 안 돼서요. 지난주에 기사님 왔다 가셨는데 또 끊겨요."),
    turn(2, "a", A, 7, 11, "네, 제가 원격으로 회선 초기화 한번 해 드릴게요. 이제 될 거예요."),
    turn(3, "c", C, 11, 14, "아니요, 아직도 빨간불이에요."),
    turn(4, "a", A, 14, 19, "그러면 기사님 재방문 일정 잡아 드릴게요. 금요일까지 다시 연락드리겠습니다."),
    turn(5, "c", C, 19, 21, "네, 알겠습니다."),
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_korean_call_without_an_llm_gets_korean_text_quoting_the_call() -> None:
    summary = summarize(NoLLM(), REVISIT, SummarizeOptions(backend="extractive"))
    assert summary.resolution.status is Resolution.UNRESOLVED
    assert summary.category == "fault_outage"
    assert summary.follow_up_required and summary.action_items[0].owner is Role.AGENT
    assert "금요일까지" in [item.when for item in summary.action_items]
    assert "[고장·장애]" in summary.summary.text and "미해결" in summary.summary.text
    assert "“여보세요, 인터넷이 또 안 돼서요." in summary.summary.text  # the customer's own words, quoted
    assert "미해결" in summary.resolution.text and "아직도 빨간불" in summary.resolution.text
    english_words = re.findall(r"[A-Za-z]{3,}", summary.summary.text)
    assert english_words == [], english_words
    assert set(summary.summary.turn_ids) <= {t.id for t in REVISIT}


def test_language_is_told_from_the_text_when_not_given() -> None:
    assert guess_language(REVISIT) == "ko"
    assert guess_language((turn(0, "a", A, 0, 2, "Hello, how can I help?"),)) is None


def test_empty_and_one_turn_korean_calls_say_so() -> None:
    empty = summarize_extractive((), "ko")
    assert HANGUL.search(empty.summary.text) and empty.resolution.needs_review
    one = summarize_extractive(REVISIT[1:2], "ko")
    assert "한 번의 발화" in one.summary.text


def test_one_turn_english_call_says_so() -> None:
    one = summarize_extractive((turn(0, "c", C, 0, 3, "Hello? Is anyone there?"),))
    assert one.summary.text.startswith("Only one turn was recognised")
