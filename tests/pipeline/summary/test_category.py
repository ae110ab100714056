"""The reason as a category: the default taxonomy, a site's own file, the keyword fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.summary.category import DEFAULT, OTHER, categorize_by_rules, load_taxonomy
from pipeline.summary.prompt import summary_schema
from pipeline.types import Role
from tests.pipeline.factories import turn

A, C = Role.AGENT, Role.CUSTOMER


def opening(text: str) -> tuple:
    return (turn(0, "a", A, 0, 3, "Good morning, how can I help?"), turn(1, "c", C, 3, 8, text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I think I've lost my debit card and there's a payment I don't recognise.", "lost_card_fraud"),
        ("I was charged twice for the same order and I'd like a refund.", "refund"),
        ("My broadband keeps dropping every ten minutes.", "fault_outage"),
        ("I need to change my address, I've moved house.", "account_change"),
        ("Is the recycling centre open on bank holidays?", "information_request"),
        ("인터넷이 또 안 돼서요.", "fault_outage"),
        ("가스요금을 두 번 낸 것 같아서 환불 받고 싶어요.", "refund"),
        ("재산세 내려고 하는데요, 전화로도 낼 수 있어요?", "payment"),
        ("Hello.", OTHER),
    ],
)
def test_keyword_fallback_in_english_and_korean(text: str, category: str) -> None:
    assert categorize_by_rules(opening(text))[0] == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Someone's been using my credit card online, I think it's been cloned.", "lost_card_fraud"),
        ("i see payments i dont recognise on my account", "lost_card_fraud"),
        ("Nobody ever rings back and I want to make a formal complaint.", "complaint"),
        ("I sent the boots back a fortnight ago and still no money back.", "refund"),
        ("The heating's packed in and there's no hot water.", "fault_outage"),
        ("Can I move my appointment to Thursday afternoon?", "appointment"),
        ("I've fallen behind with the rent and need a payment plan.", "payment"),
        ("My quarterly statement says I used twice as much gas, the bill is far too high.", "billing"),
        ("I'd like to close my account, I'm emigrating.", "account_change"),
        ("What documents do I need to register a birth?", "information_request"),
        ("do you take mattresses at the tip", "information_request"),
        ("지갑을 소매치기 당해서 카드 정지하려고요.", "lost_card_fraud"),
        ("담당 직원이 너무 불친절해서 항의하려고요.", "complaint"),
        ("주차비가 이중 결제돼서 돌려받고 싶어요.", "refund"),
        ("부엌 천장에서 물이 새요. 누수 같아요.", "fault_outage"),
        ("인터넷이 안돼요.", "fault_outage"),
        ("상담 예약을 다음 주로 미루고 싶어요.", "appointment"),
        ("자동차세를 카드로 납부하려고 하는데요.", "payment"),
        ("이번 달 관리비 고지서 금액이 너무 많이 나왔어요.", "billing"),
        ("명의를 변경하려고요.", "account_change"),
        ("기초연금 신청하려면 필요한 서류가 뭐예요?", "information_request"),
        ("Sorry, wrong number.", OTHER),
        ("죄송해요, 전화 잘못 걸었어요.", OTHER),
    ],
)
def test_the_default_vocabulary_reads_varied_wording(text: str, category: str) -> None:
    assert categorize_by_rules(opening(text))[0] == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # A service named without a fault is not a fault.
        ("I want to cancel my broadband.", "account_change"),
        ("인터넷 해지하려고요.", "account_change"),
        # "error" on a bill is about the bill; "card" alone is not fraud.
        ("There's an error on my bill.", "billing"),
        ("Can I pay by card over the phone?", "payment"),
        # The phrase wins over the words inside it.
        ("Can I cancel my appointment for Friday?", "appointment"),
        # A question about a topic goes to the topic, not to "information".
        ("Why has my council tax bill gone up so much?", "billing"),
        ("How do I pay my parking fine?", "payment"),
        # A greeting or a line check is not a question.
        ("Hello? Can you hear me?", OTHER),
        ("여보세요? 잘 안 들려요.", OTHER),
    ],
)
def test_incidental_words_do_not_decide(text: str, category: str) -> None:
    assert categorize_by_rules(opening(text))[0] == category


def test_the_opening_request_outweighs_later_turns() -> None:
    call = (
        turn(0, "a", A, 0, 3, "Harbour Energy, how can I help?"),
        turn(1, "c", C, 3, 8, "I was charged twice this month and I need a refund."),
        turn(2, "a", A, 8, 11, "I can see that. Anything else?"),
        turn(3, "c", C, 11, 15, "Oh, and I'd like to set up a direct debit and a payment plan."),
    )
    assert categorize_by_rules(call) == ("refund", (1,))


def test_the_agents_restatement_names_a_vague_request() -> None:
    call = (
        turn(0, "a", A, 0, 3, "Lakeside Council, how can I help?"),
        turn(1, "c", C, 3, 6, "Hi, it's about the flat on Mill Road."),
        turn(2, "a", A, 6, 9, "So you've moved and you'd like to update your address?"),
        turn(3, "c", C, 9, 12, "Yes please."),
    )
    assert categorize_by_rules(call) == ("account_change", (2,))


def test_one_late_hint_is_not_a_reason() -> None:
    call = (
        turn(0, "a", A, 0, 3, "Council, how can I help?"),
        turn(1, "c", C, 3, 6, "It's about the tree next door."),
        turn(2, "a", A, 6, 9, "Which address?"),
        turn(3, "c", C, 9, 12, "Number twelve."),
        turn(4, "a", A, 12, 15, "I'll pass that on."),
        turn(5, "c", C, 15, 18, "How long will that take?"),
    )
    assert categorize_by_rules(call)[0] == OTHER


def test_english_keywords_match_whole_words_only() -> None:
    # "fee" must not be found in "feel"
    assert categorize_by_rules(opening("I feel like chatting."))[0] == OTHER


def test_a_sites_taxonomy_from_json_replaces_the_default_and_feeds_the_schema(tmp_path: Path) -> None:
    file = tmp_path / "categories.json"
    file.write_text(
        json.dumps(
            [
                {"id": "parking_permit", "en": "Parking permit", "ko": "주차 허가", "keywords": ["permit", "주차"]},
                {"id": "bins", "en": "Bin collection", "ko": "쓰레기 수거", "keywords": ["bin", "collection", "쓰레기"]},
            ]
        ),
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(file)
    assert taxonomy.ids == ("parking_permit", "bins", OTHER)
    assert taxonomy.label("bins", "ko") == "쓰레기 수거" and taxonomy.label("bins", "en") == "Bin collection"
    assert summary_schema(taxonomy)["properties"]["category"]["enum"] == ["parking_permit", "bins", OTHER]
    assert categorize_by_rules(opening("My bin wasn't collected."), taxonomy)[0] == "bins"


def test_a_sites_weak_hints_lose_to_its_keywords(tmp_path: Path) -> None:
    file = tmp_path / "weak.json"
    file.write_text(
        json.dumps(
            [
                {"id": "bins", "en": "Bins", "ko": "쓰레기", "keywords": ["missed collection"], "weak": ["bin"]},
                {"id": "parking", "en": "Parking", "ko": "주차", "keywords": ["parking permit"], "weak": ["council tax"]},
                {"id": "billing", "en": "Billing", "ko": "청구"},
            ]
        ),
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(file)
    assert taxonomy.get("billing").keywords == DEFAULT.get("billing").keywords  # a default id keeps its vocabulary
    assert categorize_by_rules(opening("A missed collection, and my council tax."), taxonomy)[0] == "bins"
    assert categorize_by_rules(opening("My parking permit and the bin."), taxonomy)[0] == "parking"


def test_a_yaml_taxonomy_reads_too(tmp_path: Path) -> None:
    file = tmp_path / "categories.yaml"
    file.write_text("- id: housing\n  en: Housing\n  ko: 주거\n  keywords: [repair, rent]\n", encoding="utf-8")
    assert load_taxonomy(file).ids == ("housing", OTHER)


@pytest.mark.parametrize(
    "content",
    ['[{"id": "Bad Id"}]', '{"categories": []}', "not json", '[{"id": "a"}, {"id": "a"}]'],
)
def test_a_bad_taxonomy_file_is_a_clear_option_error(tmp_path: Path, content: str) -> None:
    file = tmp_path / f"bad{abs(hash(content))}.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_taxonomy(file)
    assert info.value.code == "bad_option" and str(file) in info.value.message


def test_the_default_taxonomy_has_the_public_sector_list() -> None:
    assert DEFAULT.ids == (
        "lost_card_fraud", "complaint", "refund", "fault_outage", "appointment", "payment", "billing",
        "account_change", "information_request", "other",
    )
