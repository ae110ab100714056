from __future__ import annotations

import dataclasses
import json

from pipeline.types import Analytics, Gap, Interruption, PartyStats, Role
from tests.pipeline.factories import call_result
from workers.record import searchable_text, to_record


def test_the_record_carries_filters_search_text_and_exports() -> None:
    result = call_result()
    record = to_record(result, lambda r, fmt: f"<{fmt}>")
    assert record.exports == {"srt": "<srt>", "vtt": "<vtt>", "rttm": "<rttm>", "txt": "<txt>"}
    assert (record.language, record.duration_s, record.resolution) == ("en", 17.0, "resolved")
    assert (record.sentiment_start, record.sentiment_end, record.follow_up_required) == ("negative", "positive", True)
    assert record.reason == "Unexpected charge on the March bill."
    assert record.category == "other"  # the summary's reason category, filtered and reported on
    assert record.stage_seconds == {"decode": 0.1, "transcribe": 2.0}
    assert json.loads(record.result_json)["summary"]["key_facts"][1]["value"] == "REF-99812"
    text = searchable_text(result)
    assert "Northwind Energy" in text and "Charge credited." in text and "REF-99812" in text


def test_a_call_without_summary_or_a_broken_export_is_still_stored() -> None:
    def broken(result, fmt):  # noqa: ANN001, ANN202
        if fmt == "rttm":
            raise ValueError("bad")
        return f"<{fmt}>"

    result = call_result(with_summary=False, language="")
    record = to_record(result, broken)
    assert record.exports == {"srt": "<srt>", "vtt": "<vtt>", "rttm": "", "txt": "<txt>"}
    assert record.summary_json is None and json.loads(record.result_json)["summary"] is None
    summary_columns = (
        record.resolution, record.reason, record.summary_text, record.follow_up_required,
        record.sentiment_start, record.sentiment_end, record.category,
    )  # fmt: skip
    assert summary_columns == (None,) * 7
    assert record.language is None, "no language detected is stored as unknown, not as ''"
    assert [t["text"] for t in json.loads(record.result_json)["turns"]] == [t.text for t in result.turns]


def test_the_analytics_columns_come_from_the_parties_silences_and_interruptions() -> None:
    analytics = Analytics(
        duration=17.0,
        parties=(
            PartyStats(Role.AGENT, 9.35, 0.55, 30, 190.0, -20.0, 2, 1),
            PartyStats(Role.CUSTOMER, 5.1, 0.3, 20, 230.0, -24.0, 2, 0),
        ),
        non_talk_time=3.14159,
        silences=(Gap(4.0, 7.14159),),
        longest_silence=Gap(4.0, 7.14159),
        interruptions=(Interruption(Role.AGENT, Role.CUSTOMER, 12.0, 0.8),),
        turns=4,
    )
    record = to_record(dataclasses.replace(call_result(), analytics=analytics), lambda r, fmt: "")
    assert (record.agent_talk_ratio, record.customer_talk_ratio) == (0.55, 0.3)
    assert (record.silence_s, record.interruptions) == (3.142, 1)
    stored = json.loads(record.analytics_json)
    assert stored["roles"] == {"method": "channels", "confidence": 1.0, "roles": {"ch0": "agent", "ch1": "customer"}}
    assert stored["speaker_source"] == "channels"
    assert stored["interruptions"] == [{"interrupter": "agent", "interrupted": "customer", "start": 12.0, "duration": 0.8}]


def test_a_call_with_one_party_has_no_ratio_for_the_other() -> None:
    analytics = Analytics(17.0, (PartyStats(Role.CUSTOMER, 5.1, 0.3, 20, 230.0, -24.0, 2, 0),), 0.0, (), None, (), 2)
    record = to_record(dataclasses.replace(call_result(), analytics=analytics), lambda r, fmt: "")
    assert (record.agent_talk_ratio, record.customer_talk_ratio) == (None, 0.3)
