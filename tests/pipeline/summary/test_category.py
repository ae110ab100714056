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
