"""Exports parse back with real readers: json, pyannote's RTTM loader, webvtt-py, an SRT check."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import webvtt
from pyannote.database.util import load_rttm

from pipeline.errors import InputError
from pipeline.export import FORMATS, MAX_CUE_CHARS, MAX_CUE_S, export
from pipeline.types import Role, Word
from tests.pipeline import factories as f

ROOT = Path(__file__).resolve().parents[2]
SRT_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})$")

LONG_TEXT = " ".join(f"word{i:02d}" for i in range(60))


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def test_json_loads_back_equal_to_serialize_and_keeps_non_ascii() -> None:
    result = f.call_result(
        [("SPEAKER_00", Role.AGENT, 0.0, 3.0, "감사합니다, 시청 민원실입니다."), ("SPEAKER_01", Role.CUSTOMER, 3.5, 5.0, "수도 요금 문의요")],
        language="ko",
    )
    text = export(result, "json")
    assert json.loads(text) == result.serialize()
    assert "민원실" in text


def test_rttm_reads_back_with_pyannote(tmp_path: Path) -> None:
    result = f.call_result()
    path = tmp_path / "call.rttm"
    path.write_text(export(result, "rttm"))
    annotations = load_rttm(str(path))
    assert list(annotations) == ["ab" * 8]
    annotation = annotations["ab" * 8]
    assert sorted(annotation.labels()) == ["agent", "customer"]
    read = sorted((round(s.start, 3), round(s.end, 3), label) for s, _, label in annotation.itertracks(yield_label=True))
    assert read == [(t.start, t.end, t.role.value) for t in result.turns]
    assert annotation.label_duration("agent") == pytest.approx(3.5 + 4.5)

    named = tmp_path / "named.rttm"
    named.write_text(export(result, "rttm", uri="call 42"))
    assert list(load_rttm(str(named))) == ["call_42"]


def test_rttm_labels_unknown_roles_by_speaker() -> None:
    result = f.call_result([("SPEAKER_00", Role.UNKNOWN, 0.0, 2.0, "hello")])
    assert export(result, "rttm").split()[7] == "SPEAKER_00"


def test_vtt_parses_with_voice_tags_and_escaped_text() -> None:
    result = f.call_result()
    captions = webvtt.from_string(export(result, "vtt")).captions
    assert [c.voice for c in captions] == ["Agent", "Customer", "Agent", "Customer"]
    assert html.unescape(captions[3].text) == "Great, thanks & bye <3"
    assert captions[0].start_in_seconds == 0 and captions[1].start == "00:00:04.500"
    assert [html.unescape(c.text) for c in captions] == [t.text for t in result.turns]


def test_long_turns_split_into_short_cues_on_word_times() -> None:
    result = f.call_result([("ch0", Role.AGENT, 10.0, 40.0, LONG_TEXT)], with_summary=False)
    captions = webvtt.from_string(export(result, "vtt")).captions
    assert len(captions) >= 5
    for caption in captions:
        start, end = _vtt_seconds(caption.start), _vtt_seconds(caption.end)
        assert end - start <= MAX_CUE_S + 1e-6
        assert len(caption.text) <= MAX_CUE_CHARS
        assert caption.voice == "Agent"
    assert " ".join(c.text for c in captions) == LONG_TEXT
    assert _vtt_seconds(captions[0].start) == 10.0 and _vtt_seconds(captions[-1].end) == 40.0


def _vtt_seconds(stamp: str) -> float:
    h, m, rest = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(rest)


def test_srt_numbering_and_timestamps(tmp_path: Path) -> None:
    result = f.call_result(
        [*f.DIALOGUE, ("ch0", Role.AGENT, 3725.3, 3726.0, "Goodbye.")], with_summary=False, duration=3730.0
    )
    text = export(result, "srt")
    blocks = text.strip().split("\n\n")
    assert len(blocks) == 5
    previous_start = -1.0
    for number, block in enumerate(blocks, start=1):
        index, timing, body = block.split("\n")
        assert index == str(number)
        match = SRT_TIME.match(timing)
        assert match, timing
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        assert previous_start <= start < end
        previous_start = start
        assert body.startswith(("Agent: ", "Customer: "))
    assert blocks[-1].split("\n")[1] == "01:02:05,300 --> 01:02:06,000"
    path = tmp_path / "call.srt"
    path.write_text(text)
    assert [c.text for c in webvtt.from_srt(str(path)).captions][0].startswith("Agent: Thank you for calling")


def test_txt_has_timed_labelled_lines_then_the_summary() -> None:
    result = f.call_result([*f.DIALOGUE, ("ch1", Role.CUSTOMER, 3725.25, 3726.0, "Bye.")])
    lines = export(result, "txt").splitlines()
    assert lines[0] == "[00:00.5] Agent: Thank you for calling Northwind Energy, this is Sam. How can I help?"
    assert lines[1].startswith("[00:04.5] Customer: Hi, I'm calling about my bill")
    assert lines[4] == "[1:02:05.2] Customer: Bye."
    block = "\n".join(lines[5:])
    assert "Summary" in block and "£42.10" in block and "REF-99812" in block
    assert "Resolution: resolved: Charge credited. [turns 2]" in block
    assert "Agent: Call back to confirm the credit (by Friday) [turns 3]" in block
    assert "£77.00 (UNVERIFIED" in block


def test_txt_without_summary_is_only_the_turns() -> None:
    result = f.call_result(with_summary=False)
    assert export(result, "txt").count("\n") == len(result.turns)


def test_redacted_turn_text_is_exported_not_the_words_behind_it() -> None:
    base = f.call_result([("ch1", Role.CUSTOMER, 0.0, 4.0, "my card is 4111 1111 1111 1111")], with_summary=False)
    redacted = dataclasses.replace(base.turns[0], text="my card is [card]")
    result = dataclasses.replace(base, turns=(redacted,))
    for fmt in ("srt", "vtt", "txt"):
        out = export(result, fmt)
        assert "4111" not in out and "[card]" in out, fmt


def test_zero_length_words_still_give_cues_that_end_after_they_start() -> None:
    base = f.call_result(with_summary=False)
    turn = dataclasses.replace(base.turns[0], text="Hi", words=(Word(1.0, 1.0, " Hi", 0.9, "ch0"),), start=1.0, end=1.0)
    captions = webvtt.from_string(export(dataclasses.replace(base, turns=(turn,)), "vtt")).captions
    assert _vtt_seconds(captions[0].end) > _vtt_seconds(captions[0].start)


def test_every_format_renders_an_empty_call() -> None:
    result = f.call_result([], with_summary=False)
    for fmt in FORMATS:
        assert isinstance(export(result, fmt), str)
    assert export(result, "vtt").startswith("WEBVTT")


def test_unknown_format_is_a_bad_option() -> None:
    with pytest.raises(InputError) as caught:
        export(f.call_result(), "docx")
    assert caught.value.code == "bad_option" and "srt" in caught.value.message


def test_export_imports_no_ml_library() -> None:
    code = (
        "import sys, pipeline.export; "
        "heavy = {'torch', 'faster_whisper', 'pyannote', 'ctranslate2'} & set(sys.modules); "
        "sys.exit(str(heavy) if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_txt_asks_the_agent_to_check_an_uncertain_key_fact() -> None:
    result = f.call_result()
    assert result.summary is not None
    facts = (
        dataclasses.replace(result.summary.key_facts[0], confidence=0.31, uncertain=True),
        *(dataclasses.replace(k, confidence=0.95) for k in result.summary.key_facts[1:]),
    )
    result = dataclasses.replace(result, summary=dataclasses.replace(result.summary, key_facts=facts))
    lines = [line for line in export(result, "txt").splitlines() if "CHECK" in line]
    assert lines == [f"  - {facts[0].kind}: {facts[0].value} (CHECK: heard with low confidence, 0.31) [turns {', '.join(map(str, facts[0].turn_ids))}]"]
