"""The real pipeline (Whisper base, speaker separation, extractive summary) on the
sample calls, scored with the default rules: the same items as their scripts, in
well under a second per call."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest

from pipeline.qa import Matcher, from_dialogue, from_result, load_default, score_call

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


@pytest.fixture(scope="module")
def engines(cache_dir):  # noqa: ANN001, ANN201
    from pipeline.run import Engines
    from pipeline.settings import PipelineSettings

    options = PipelineSettings().pipeline_options()
    options = dataclasses.replace(options, summarize=dataclasses.replace(options.summarize, backend="extractive"))
    return Engines(options=options, cache_dir=cache_dir)


@pytest.mark.parametrize(
    ("audio", "expected"),
    [
        ("billing_mono.mp3", {"greeting": "met", "identity": "met", "disclosure": "not_met", "next_steps": "met",
                              "further_help": "met", "no_banned_phrases": "met"}),
        ("billing_stereo_8k.wav", {"greeting": "met", "identity": "met", "disclosure": "not_met", "next_steps": "met",
                                   "further_help": "met", "no_banned_phrases": "met"}),
    ],
)
def test_sample_calls_score_like_their_scripts(engines, audio: str, expected: dict[str, str]) -> None:  # noqa: ANN001
    from pipeline.run import process_call

    matcher = Matcher(load_default())
    script = json.loads((SAMPLES / audio).with_suffix(".json").read_text(encoding="utf-8"))
    from_script = score_call(matcher, from_dialogue(
        [{"role": t["speaker"], "start": t["start"], "end": t["end"], "text": t["text"]} for t in script["script"]],
        language="en",
    ))
    assert {i.id: i.status for i in from_script.items} == expected

    result = process_call(SAMPLES / audio, engines)
    started = time.perf_counter()
    scored = score_call(matcher, from_result(result))
    elapsed = time.perf_counter() - started
    assert {i.id: i.status for i in scored.items} == expected
    assert elapsed < 1.0, f"scoring took {elapsed:.2f} s"
    greeting = next(i for i in scored.items if i.id == "greeting")
    assert any(e.turn_id == result.turns[0].id and e.start is not None and e.start < 15 for e in greeting.evidence)
