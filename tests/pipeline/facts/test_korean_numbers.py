"""Korean numbers as a call says them: Sino-Korean amounts with spaces,
digits read one by one, native hours, day counts, dates; and the words that
only look like numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.facts.index import fact_in_text
from pipeline.facts.scan import find_facts, scan
from pipeline.facts.tokens import tokenize
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def amounts(text: str) -> list[Decimal]:
    return [f.value for f in scan(text) if f.kind == "amount"]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("수수료는 오만 삼천 원이고요", 53000),
        ("삼십이만 팔천 원 결제됐다고 떴어요", 328000),
        ("이번 달 요금 사만 칠천팔백오십 원이", 47850),
        ("감경돼서 3만 2천 원입니다", 32000),
        ("이번 달 요금은 6만 2,410원이고요", 62410),
        ("평소엔 만오천원 나오는데", 15000),
        ("과태료는 사만원을 내셔야", 40000),
        ("과태료는 4만 원입니다", 40000),
        ("재산세는 삼십사만 이천백 원입니다", 342100),
        ("작년 매출이 3억 원 이하면 대상이세요", 300_000_000),
        ("보증금이 2억 5천만 원이에요", 250_000_000),
        ("5천만원까지 보장돼요", 50_000_000),
    ],
)
def test_a_korean_amount_in_words_digits_or_both_has_one_value(text: str, value: int) -> None:
    assert amounts(text) == [Decimal(value)]


@pytest.mark.parametrize(
    ("summary", "call"),
    [
        ("53,000원", "복수여권은 오만 삼천 원이고요"),
        ("32,000원", "3만 2천 원입니다"),
        ("62,410원", "6만 2,410원이고요"),
        ("010-4717-2938", "공일공 사칠일칠 이구삼팔이요."),
        ("7701", "칠칠공일이요."),
        ("3월 15일까지", "납부 기한은 삼월 십오일까지입니다"),
        ("285다7703", "이팔오 다 칠칠공삼이요."),
    ],
)
def test_a_summary_value_is_found_in_the_korean_the_call_used(summary: str, call: str) -> None:
    assert fact_in_text(summary, call)


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("카드 뒷자리는 칠칠공일이요.", "7701"),  # the copula after a final consonant
        ("결제계좌 끝자리 사사칠일 이에요", "4471"),  # and said apart from the number
        ("접수번호 이팔삼 공칠일 이고요", "283071"),
        ("번호는 4471 이에요", "4471"),  # 1 is said 일
        ("끝자리가 사사칠이 이요", "44722"),  # after a vowel the copula is 요: 이 is a digit
        ("일이공삼 오칠육 사이구요.", "1203576429"),  # 요 after a vowel: 구 is a digit
        ("접수번호는 이공삼일칠번이고요.", "20317"),
        ("민원 접수번호는 이팔삼구공이고요", "28390"),
        ("고지서에 있는 거요? 일칠삼 공구 이팔 사요.", "1730928" + "4"),
        ("칠공삼삼 다음에 팔팔이구 맞으세요", "70338829"),  # the agent reads it back: "…, next …"
    ],
)
def test_digits_read_one_by_one_are_an_id(text: str, ident: str) -> None:
    assert [f.value for f in scan(text) if f.kind in ("reference", "account")] == [ident]


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("지난번 접수번호가 에이에스 칠공일구삼 건 맞으시죠", "AS70193"),  # letter names run together
        ("처리번호 불러드릴게요 에이치피 이공삼일칠 입니다", "HP20317"),  # 에이치 before 에이
        ("접수번호는 에이 에스 칠공일구삼 입니다", "AS70193"),  # 에이 is a letter, not the word "a"
        ("네 접수번호 에이씨 삼일이팔입니다", "AC3128"),  # four digits after letters said by name
    ],
)
def test_latin_letters_said_by_their_korean_names_start_the_id(text: str, ident: str) -> None:
    assert [f.value for f in scan(text) if f.kind in ("reference", "account")] == [ident]


def test_letter_names_not_before_digits_are_words() -> None:
    assert find_facts("티비 리모컨으로 외부입력 누르셔서 에이치디엠아이 일번으로 해 주세요") == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("공일공 사칠일칠 이구삼팔이요.", "01047172938"),
        ("공일공 구팔칠육 오사삼이요.", "01098765432"),  # 이 completes the mobile number
        ("공일공, 구팔칠육, 오사삼 이요.", "01098765432"),  # said apart too
        ("번호는 공일공 사일칠이... 팔팔삼육.", "01041728836"),  # a pause between the groups
        ("공일공 칠칠이삼 다음에 공오일구 맞으세요", "01077230519"),  # "다음에": next
    ],
)
def test_a_mobile_number_said_in_korean(text: str, phone: str) -> None:
    assert [f.value for f in scan(text) if f.kind == "phone"] == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "이번 달 요금이 많이 나왔어요",  # 이번: this time
        "지금 공사 중이에요",  # 공사: construction
        "어머니 혼자 사시고 연금이 나와요",  # 사시고: lives
        "네, 시간이 좀 걸려요",  # 네: yes
        "그럼 이만 끊을게요",  # 이만: that's all
        "만 육십오 세 이상이시면",  # 만: full (age)
        "그럼 이 일정으로 진행할게요",  # 이: this, and 일정 is no day
        "이 번호로 연락드릴게요",  # 번호 is no count of times
        "네 시립도서관입니다",  # 네: yes, and 시립 is no hour
        "이사 주소가 바뀌었어요",  # 이사: moving house, 주소 no week
        "그거 사 주세요",  # 사: buy
    ],
)
def test_words_that_look_like_numbers_are_not_facts(text: str) -> None:
    assert find_facts(text) == []
    assert all(t.value is None or t.value == 65 for t in tokenize(text))


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("재발급 수수료가 삼천 원인데요", ("amount", "삼천 원")),  # 원 and 인데, not 원인 (a cause)
        ("대출은 사월 십일부터 가능하십니다", ("date", "사월 십일부터")),  # 일 and 부터, not 일부 (a part)
        ("일주일 안에 보내 드릴게요", ("deadline", "일주일 안에")),
        ("오후 여섯 시까지고요", ("deadline", "오후 여섯 시까지고요")),
    ],
)
def test_a_number_word_before_its_counter_said_apart(text: str, fact: tuple[str, str]) -> None:
    assert fact in find_facts(text)


def test_a_day_count_is_a_deadline_only_with_a_limit() -> None:
    assert find_facts("좋은 하루 되세요") == []
    assert find_facts("하루 안에 연락드릴게요") == [("deadline", "하루 안에")]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("납부 기한은 3월 15일까지입니다", ("deadline", "3월 15일까지입니다")),
        ("납부 기한이 구월 삼십일까지였는데", ("deadline", "구월 삼십일까지였는데")),
        ("사월 이일 오전 열 시로 예약돼 있으시네요", ("date", "사월 이일 오전 열 시로")),
        ("영업일 기준 삼에서 오일 이내에 취소됩니다", ("deadline", "삼에서 오일 이내에")),
        ("담당자가 이틀 안에 연락드릴 예정입니다", ("deadline", "이틀 안에")),
        ("처리 결과는 칠 일 이내에 문자로", ("deadline", "칠 일 이내에")),
        ("보통 두 시간 안에 연락이 갑니다", ("deadline", "두 시간 안에")),
        ("25일에 기존 계좌에서 출금됩니다", ("date", "25일에")),
    ],
)
def test_korean_dates_times_and_durations(text: str, said: tuple[str, str]) -> None:
    assert find_facts(text) == [said]


def test_key_facts_are_written_in_digits() -> None:
    turns = (
        turn(0, "a", A, 0, 3, "사월 이일 오전 열 시로 예약돼 있으시네요."),
        turn(1, "a", A, 3, 6, "수수료는 오만 삼천 원이고요, 영업일 기준 삼에서 오일 이내에 환불됩니다."),
        turn(2, "c", C, 6, 9, "연락처는 공일공 사칠일칠 이구삼팔이요. 기한은 구월 삼십일까지였는데요."),
    )
    assert [f.value for f in read_key_facts(turns)] == [
        "4월 2일 오전 10시", "53,000원", "3~5일 이내", "010-4717-2938", "9월 30일까지",
    ]


def test_a_korean_birth_date_is_not_a_key_fact() -> None:
    turns = (
        turn(0, "a", A, 0, 3, "성함이랑 생년월일 확인 부탁드립니다."),
        turn(1, "c", C, 3, 6, "정은영이고요, 팔칠년 오월 이일이요."),
        turn(2, "a", A, 6, 9, "기사님이 오월 칠일에 방문합니다."),
    )
    assert [f.value for f in read_key_facts(turns)] == ["5월 7일"]
