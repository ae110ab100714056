from __future__ import annotations

import json

from pipeline.types import Role
from tests.pipeline.factories import call_result
from workers.record import searchable_text, to_record


def test_the_record_carries_filters_search_text_and_exports() -> None:
    result = call_result()
    record = to_record(result, lambda r, fmt: f"<{fmt}>")
    assert record.exports == {"srt": "<srt>", "vtt": "<vtt>", "rttm": "<rttm>", "txt": "<txt>"}
    assert (record.language, record.duration_s, record.resolution) == ("en", 17.0, "resolved")
    assert (record.sentiment_start, record.sentiment_end, record.follow_up_required) == ("negative", "positive", True)
    assert record.reason == "Unexpected charge on the March bill."
    assert record.stage_seconds == {"decode": 0.1, "transcribe": 2.0}
    assert json.loads(record.result_json)["summary"]["key_facts"][1]["value"] == "REF-99812"
    text = searchable_text(result)
    assert "Northwind Energy" in text and "Charge credited." in text and "REF-99812" in text


def test_a_call_without_summary_or_a_broken_export_is_still_stored() -> None:
    def broken(result, fmt):  # noqa: ANN001, ANN202
        if fmt == "rttm":
            raise ValueError("bad")
        return "ok"

    record = to_record(call_result(with_summary=False), broken)
    assert record.summary_json is None and record.resolution is None and record.exports["rttm"] == ""
    assert record.exports["srt"] == "ok"
    assert record.agent_talk_ratio is None or record.agent_talk_ratio >= 0
    assert Role.AGENT.value == "agent"
