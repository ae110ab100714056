"""The summary prompt and schema, and parsing a model's JSON into a Summary."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.facts.extract import read_key_facts
from pipeline.summary.prompt import (
    FACTS_HEADING,
    SUMMARY_SCHEMA,
    Fields,
    InvalidOutput,
    build_messages,
    fact_line,
    parse_summary,
    retry_messages,
    summary_schema,
    transcript_line,
)
from pipeline.types import KeyFact, Resolution, Role, Sentiment
from tests.pipeline.factories import turn
from tests.pipeline.summary.test_summarize import BILLING, answer

IDS = [t.id for t in BILLING]


def arrays(schema: dict[str, Any], path: str = "$") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if schema.get("type") == "array":
        found.append((path, schema))
        found += arrays(schema["items"], path + "[]")
    for name, sub in schema.get("properties", {}).items():
        found += arrays(sub, f"{path}.{name}")
    return found


def test_every_array_in_the_schema_is_bounded() -> None:
    # Without maxItems greedy decoding repeats one item until the token limit (measured).
    found = arrays(SUMMARY_SCHEMA)
    assert len(found) >= 6
    assert all("maxItems" in schema for _, schema in found), [p for p, s in found if "maxItems" not in s]


def test_the_model_writes_no_key_facts_nor_outcome_labels_and_every_field_cites_turns() -> None:
    properties = SUMMARY_SCHEMA["properties"]
    # The status and follow-up are decided from evidence (pipeline.summary.outcome), not in this pass.
    assert list(properties) == ["summary", "reason", "category", "resolution", "action_items", "customer_sentiment"]
    assert "status" not in properties["resolution"]["properties"]
    assert properties["category"]["enum"][-1] == "other" and "fault_outage" in properties["category"]["enum"]
    for name in ("summary", "reason", "resolution", "customer_sentiment"):
        assert "turn_ids" in properties[name]["required"]
    assert "turn_ids" in properties["action_items"]["items"]["required"]


def test_fields_not_asked_for_are_neither_in_the_schema_nor_in_the_instructions_nor_required() -> None:
    fields = Fields(category=False, action_items=False)
    assert list(summary_schema(fields=fields)["properties"]) == ["summary", "reason", "resolution", "customer_sentiment"]
    prompt = build_messages([transcript_line(t) for t in BILLING], fields=fields)[1].content
    assert "- summary:" in prompt and "- customer_sentiment:" in prompt
    assert "category" not in prompt and "action_items" not in prompt
    data = {k: v for k, v in json.loads(answer()).items() if k not in ("category", "action_items")}
    parsed = parse_summary(json.dumps(data), IDS, generator="llama_cpp", model="m")
    assert parsed.action_items == () and parsed.category == "" and parsed.summary.text


def test_transcript_then_the_instructions_then_its_facts() -> None:
    lines = [transcript_line(t) for t in BILLING]
    system, user = build_messages(lines, read_key_facts(BILLING))
    assert system.role == "system" and user.role == "user"
    assert user.content.startswith("Call transcript:\n[0] Agent: Thank you for calling")
    assert user.content.index("[6] Customer:") < user.content.index("Summarise the call") < user.content.index(FACTS_HEADING)
    assert "- amount: £142.75 (turn 1)\n- account: 48213 (turn 3)\n- reference: 60471 (turn 4)" in user.content
    assert "part 2 of 3" in build_messages(lines, part=2, parts=3)[1].content


def test_no_facts_no_facts_heading() -> None:
    lines = [transcript_line(t) for t in BILLING[:1]]
    assert FACTS_HEADING not in build_messages(lines, ())[1].content


def test_a_fact_said_in_many_turns_shows_three_of_them() -> None:
    assert fact_line(KeyFact("reference", "60471", (4, 9, 12, 30))) == "- reference: 60471 (turn 4, 9, 12)"


def test_unknown_role_is_shown_by_speaker_label() -> None:
    assert transcript_line(turn(4, "SPEAKER_01", Role.UNKNOWN, 0, 1, "  Hello   there ")) == "[4] Speaker SPEAKER_01: Hello there"


def test_valid_json_parses_into_the_summary_types() -> None:
    summary = parse_summary(answer(), IDS, generator="llama_cpp", model="qwen")
    assert summary.resolution.status is Resolution.UNRESOLVED
    assert summary.customer_sentiment.start is Sentiment.NEGATIVE
    assert summary.action_items[0].owner is Role.AGENT
    assert summary.key_facts == (), "key facts are read from the transcript, not parsed from the model"
    assert summary.generator == "llama_cpp" and summary.model == "qwen"


def test_turn_ids_are_clipped_to_existing_turns() -> None:
    text = answer(summary={"text": "S.", "turn_ids": [1, 1, 42, -3, "4", None]})
    assert parse_summary(text, IDS, generator="g", model="m").summary.turn_ids == (1, 4)


def test_prose_around_the_json_and_a_key_facts_array_are_ignored() -> None:
    facts = [{"kind": "amount", "value": "£999.00", "turn_ids": [1]}]
    text = "Here is the JSON:\n```json\n" + answer(key_facts=facts) + "\n```"
    summary = parse_summary(text, IDS, generator="g", model="m")
    assert summary.key_facts == () and summary.summary.turn_ids == (1, 4)


def test_empty_when_becomes_none() -> None:
    text = answer(action_items=[{"owner": "customer", "what": "Send the meter photo", "when": "", "turn_ids": [3]}])
    assert parse_summary(text, IDS, generator="g", model="m").action_items[0].when is None


@pytest.mark.parametrize(
    "text",
    [
        "no json here",
        '{"summary": {"text": "cut off',
        "[1, 2, 3]",
        json.dumps({k: v for k, v in json.loads(answer()).items() if k != "resolution"}),
        answer(resolution={"status": "pending", "text": "x", "turn_ids": [1]}),
        answer(customer_sentiment={"start": "angry", "end": "neutral", "turn_ids": [1]}),
        answer(follow_up_required="yes"),
        answer(summary={"text": "", "turn_ids": [1]}),
        answer(action_items=[{"owner": "manager", "what": "x", "when": "", "turn_ids": [1]}]),
    ],
)
def test_output_that_does_not_fit_the_schema_is_rejected(text: str) -> None:
    with pytest.raises(InvalidOutput):
        parse_summary(text, IDS, generator="g", model="m")


def test_retry_prompt_names_the_error_without_repeating_the_answer() -> None:
    messages = build_messages([transcript_line(t) for t in BILLING])
    retried = retry_messages(messages, "'resolution' must be an object")
    assert len(retried) == len(messages)
    assert retried[-1].content.startswith(messages[-1].content)
    assert "'resolution' must be an object" in retried[-1].content


def test_an_action_item_means_follow_up_is_required() -> None:
    promised = answer(follow_up_required=False)
    assert parse_summary(promised, IDS, generator="g", model="m").follow_up_required
    nothing = answer(follow_up_required=False, action_items=[])
    assert not parse_summary(nothing, IDS, generator="g", model="m").follow_up_required
