"""Error codes on a screen, kept as facts ("error 403", "오류 코드 301"), and the numbers
after an error word that are not codes."""

from __future__ import annotations

import pytest

from pipeline.evaluation.summary_metrics import fact_recall
from pipeline.facts.error_codes import error_codes
from pipeline.facts.extract import read_key_facts
from pipeline.facts.scan import key_facts_in
from pipeline.facts.tokens import tokenize
from pipeline.types import KeyFact, Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("download failed, error four oh three. Same as yesterday.", "error 403"),
        ("it keeps giving me an error e four oh three every time", "error E403"),
        ("It says mandate could not be created, error code M 4 0 3.", "error M403"),
        ("payment could not be completed error p four one", "error P41"),
        ("the screen says error code WC-503 again", "error WC-503"),
        ("the boiler is flashing fault code e 4", "fault code E4"),
        ("The display says error code F28.", "error F28"),  # a reference before error codes were read
        ("the error is 1 0 4 2", "error 1042"),
        ("에러 352랑 재부팅해도 안 된 거 제가 다 적어서 넘겨 드려요", "오류 코드 352"),
        ("오류 코드 E-413이 떠요", "오류 코드 E-413"),
        ("지문 인식 204 오류가 나요", "오류 코드 204"),
        ("에러 301번은 보통 일시적인 점화 오류일 때 뜹니다", "오류 코드 301"),
        ("P-302 오류는 보통 출력 프로그램이 예전 버전일 때 나옵니다", "오류 코드 P-302"),
    ],
)
def test_an_error_code_is_a_fact(text: str, code: str) -> None:
    assert ("other", code) in [(f.kind, f.value) for f in key_facts_in(text)]


@pytest.mark.parametrize(
    "text",
    [
        "there was an error of 30 pounds on the bill",
        "there was an error two days ago",
        "an error in 2019 that was fixed",
        "오류가 2번 났어요",
        "오류 3건이 접수됐어요",
        "3 오류",
        "이 공 칠 공 일 오류 말씀이시죠",  # the end of a longer number, not a code of its own
    ],
)
def test_a_number_near_an_error_word_is_not_always_a_code(text: str) -> None:
    assert list(error_codes(tokenize(text), set())) == []


def test_an_error_code_is_kept_in_the_calls_key_facts_and_counts_for_a_labelled_one() -> None:
    turns = [
        turn(0, "a", A, 0, 3, "보일러 화면에 에러 번호 뜨는 거 있으세요?"),
        turn(1, "c", C, 3, 6, "네 에러 352라고 떠요. 껐다 켜도 똑같아요."),
        turn(2, "a", A, 6, 9, "에러 352 적어서 기술팀에 넘겨 드릴게요."),
    ]
    facts = read_key_facts(turns)
    assert [(f.kind, f.value) for f in facts if f.kind == "other"] == [("other", "오류 코드 352")]
    assert fact_recall((KeyFact("other", "에러코드 352"),), [f.value for f in facts]).found == ("에러코드 352",)
