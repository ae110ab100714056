"""The glue, fast: ``process_call`` on short generated calls with fake
speech recognition, diarization and LLM engines (the real engines run in
tests/cli/test_process.py and the service tests).

A call is tones where the script says someone speaks; the fake recogniser
"hears" the scripted words wherever its VAD finds sound."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from pipeline.asr.transcribe import Region, SegmentHook
from pipeline.errors import CallbriefError, InputError, ModelError, ProcessingError
from pipeline.options import CallOptions, PipelineOptions, SummarizeOptions, TranscribeOptions
from pipeline.run import Engines, process_call
from pipeline.summary.engine import Completion, GenerationTimeout, Message
from pipeline.types import SAMPLE_RATE, Role, Segment, SpeakerSegment, Transcript, Word
from tests.pipeline.factories import loud_regions
from tests.pipeline.summary.test_summarize import BILLING, FakeEngine, answer

STAGES = ["decode", "transcribe", "diarize", "attribute", "analytics", "redact", "summarize"]
AGENT_LEVEL, CUSTOMER_LEVEL = 0.3, 0.1  # the fake embedding tells the voices apart by level
DURATION_S = 40.0


# ------------------------------------------------------------ fakes


class FakeAsr:
    """Energy VAD; ``recognize`` returns the scripted segments inside the regions it is given."""

    model_id = "fake-asr"

    def __init__(self, calls: list[str], languages: tuple[str, ...] = ("en", "ko"), fail: Exception | None = None) -> None:
        self.calls = calls
        self.languages = languages
        self.fail = fail

    def speech_regions(self, samples: np.ndarray, min_silence_ms: int) -> list[Region]:
        return loud_regions(samples, min_silence_ms, threshold=1e-5)

    def recognize(
        self,
        samples: np.ndarray,
        regions: Sequence[Region],
        language: str | None,
        options: TranscribeOptions,
        on_segment: SegmentHook | None = None,
    ) -> Transcript:
        self.calls.append("recognize")
        if self.fail is not None:
            raise self.fail
        heard = [s for s in SCRIPT if any(a - 0.2 <= s.start and s.end <= b + 0.2 for a, b in regions)]
        for s in heard:
            if on_segment is not None:
                on_segment(s.end)
        return Transcript(language or "en", 0.97, tuple(heard))


class FakeDiarizer:
    """Speakers from the script; window embeddings from the voice's level."""

    model_id = "fake-diarizer"

    def __init__(self, calls: list[str], fail: Exception | None = None) -> None:
        self.calls = calls
        self.fail = fail

    def segment_speakers(
        self, waveform: np.ndarray, *, num_speakers: Any, min_speakers: Any, max_speakers: Any, threads: int, on_fraction: Any
    ) -> tuple[tuple[SpeakerSegment, ...], tuple[SpeakerSegment, ...]]:
        self.calls.append("segment_speakers")
        if self.fail is not None:
            raise self.fail
        on_fraction(1.0)
        segments = tuple(SpeakerSegment(t.start, t.end, f"SPEAKER_{0 if t.role is Role.AGENT else 1:02d}") for t in BILLING)
        return segments, segments

    def embed(self, windows: np.ndarray, *, threads: int) -> np.ndarray:
        loud = np.sqrt((windows**2).mean(axis=1)) > (AGENT_LEVEL + CUSTOMER_LEVEL) / 2 / np.sqrt(2)
        vectors = np.zeros((len(windows), 192))
        vectors[loud, 0] = 1.0
        vectors[~loud, 1] = 1.0
        return vectors + 0.01 * np.random.default_rng(len(windows)).standard_normal(vectors.shape)


class FakeLlm(FakeEngine):
    """The summary tests' scripted LLM (it also answers the outcome questions),
    noting each request in the engines' shared call order."""

    def __init__(self, order: list[str], replies: Sequence[str | Exception]) -> None:
        super().__init__(replies)
        self.order = order

    def complete(self, messages: Sequence[Message], schema: dict[str, Any], **kwargs: Any) -> Completion:
        self.order.append("complete")
        return super().complete(messages, schema, **kwargs)


class FakeEngines(Engines):
    """:class:`Engines` whose loaders hand out the fakes, recording which were asked for."""

    def __init__(self, asr: FakeAsr, diarizer: FakeDiarizer, llm: FakeLlm) -> None:
        # Any LLM backend but "none" or "extractive": the engine asked for is the fake.
        options = PipelineOptions(summarize=SummarizeOptions(backend="llama_cpp"))
        super().__init__(options=options, cache_dir=Path("/nonexistent"))
        self.fake_asr, self.fake_diarizer, self.fake_llm = asr, diarizer, llm
        self.asked: list[str] = []

    def asr(self, model: str | None = None) -> Any:
        self.asked.append("asr")
        return self.fake_asr

    def diarizer(self) -> Any:
        self.asked.append("diarizer")
        return self.fake_diarizer

    def summarizer(self) -> Any:
        self.asked.append("summarizer")
        return self.fake_llm


def engines(
    *,
    asr_fail: Exception | None = None,
    diarizer_fail: Exception | None = None,
    replies: Sequence[str | Exception] | None = None,
    languages: tuple[str, ...] = ("en", "ko"),
) -> tuple[FakeEngines, list[str]]:
    calls: list[str] = []
    fake = FakeEngines(
        FakeAsr(calls, languages, asr_fail),
        FakeDiarizer(calls, diarizer_fail),
        FakeLlm(calls, [answer()] if replies is None else replies),
    )
    return fake, calls


# ------------------------------------------------------------ generated calls


def words_of(text: str, start: float, end: float) -> tuple[Word, ...]:
    tokens = text.split()
    step = (end - start) / len(tokens)
    return tuple(Word(start + i * step, start + (i + 1) * step, " " + w, 0.95) for i, w in enumerate(tokens))


# What the fake recogniser hears: the billing call of the summary tests.
SCRIPT = tuple(Segment(t.id, t.start, t.end, " " + t.text, words_of(t.text, t.start, t.end)) for t in BILLING)


def said() -> list[tuple[Role, str]]:
    """The turns a listener would count: one party's lines with short pauses are one turn."""
    out: list[tuple[Role, str]] = []
    for t in BILLING:
        if out and out[-1][0] is t.role:
            out[-1] = (t.role, f"{out[-1][1]} {t.text}")
        else:
            out.append((t.role, t.text))
    return out


def tone(seconds: float, level: float, hz: float) -> np.ndarray:
    t = np.arange(int(round(seconds * SAMPLE_RATE))) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def write_call(path: Path, *, stereo: bool, silent: bool = False) -> Path:
    """The billing call as tones: agent 220 Hz, customer 330 Hz, each on its
    own channel (stereo) or both on one (mono)."""
    rows = np.zeros((2 if stereo else 1, int(DURATION_S * SAMPLE_RATE)), np.float32)
    if silent:  # line hum at about -51 dBFS: not digital silence, and no speech
        rows[0, :] = tone(DURATION_S, 0.004, 50.0)
    for t in [] if silent else BILLING:
        agent = t.role is Role.AGENT
        piece = tone(t.end - t.start, AGENT_LEVEL if agent else CUSTOMER_LEVEL, 220.0 if agent else 330.0)
        row = 0 if agent or not stereo else 1
        at = int(round(t.start * SAMPLE_RATE))
        rows[row, at : at + piece.shape[0]] += piece
    sf.write(path, rows.T, SAMPLE_RATE, subtype="PCM_16")
    return path


@pytest.fixture(scope="module")
def stereo_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_call(tmp_path_factory.mktemp("calls") / "stereo.wav", stereo=True)


@pytest.fixture(scope="module")
def mono_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_call(tmp_path_factory.mktemp("calls") / "mono.wav", stereo=False)


# ------------------------------------------------------------ a whole call


def test_a_stereo_call_goes_through_every_stage_in_order(stereo_call: Path) -> None:
    fake, calls = engines()
    result = process_call(stereo_call, fake, CallOptions())

    assert [t.stage for t in result.timings] == STAGES
    assert all(t.seconds >= 0 for t in result.timings)
    assert calls[:2] == ["recognize", "recognize"] and set(calls[2:]) == {"complete"}, "each channel, then the LLM"
    assert len(fake.fake_llm.calls) == 1, "one summary request: the call fits one prompt"
    assert fake.asked == ["asr", "summarizer"], "the stereo channels are the speakers: no diarization model"
    assert (result.audio.channels, result.audio.duration) == (2, DURATION_S)
    assert result.speaker_source == "channels" and result.warnings == ()
    # The parties come from the channels: agent on the left.
    assert [(t.role, t.text) for t in result.turns] == said()
    assert result.roles.roles == {"ch0": Role.AGENT, "ch1": Role.CUSTOMER}


def test_each_stage_is_timed_where_its_time_is_spent(stereo_call: Path) -> None:
    fake, _ = engines()
    slow_answer = answer()

    def slow(messages: Sequence[Message]) -> str:
        time.sleep(0.3)
        return slow_answer

    fake.fake_llm.replies = [slow]
    started = time.perf_counter()
    result = process_call(stereo_call, fake)
    wall_s = time.perf_counter() - started
    timings = {t.stage: t.seconds for t in result.timings}
    assert timings["summarize"] >= 0.3
    assert sum(timings.values()) <= wall_s


def test_progress_goes_through_the_stages_in_order_up_to_one_hundred(stereo_call: Path) -> None:
    fake, _ = engines()
    progress: list[tuple[str, int]] = []
    process_call(stereo_call, fake, CallOptions(), lambda stage, percent: progress.append((stage, percent)))
    percents = [p for _, p in progress]
    assert percents == sorted(set(percents)), "rising, never repeated"
    stages_seen = list(dict.fromkeys(stage for stage, _ in progress))
    assert stages_seen == [s for s in STAGES if s in stages_seen] and "transcribe" in stages_seen
    assert progress[-1] == ("summarize", 100)


def test_analytics_and_the_grounded_summary_come_through(stereo_call: Path) -> None:
    fake, _ = engines()
    result = process_call(stereo_call, fake)
    agent, customer = result.analytics.party(Role.AGENT), result.analytics.party(Role.CUSTOMER)
    assert agent is not None and customer is not None
    assert agent.turns == 3 and customer.turns == 3
    # The agent's turns: 0.4-6.0, 14.5-20.0 and 23.5-36.0 (two lines half a second apart).
    assert agent.talk_time == pytest.approx(5.6 + 5.5 + 12.5, abs=0.25)
    assert result.analytics.turns == len(result.turns) == len(said())

    summary = result.summary
    assert summary is not None and (summary.generator, summary.model, summary.fallback_reason) == ("fake", "fake-1", None)
    assert summary.summary.text == json.loads(answer())["summary"]["text"]
    assert [(f.kind, f.value) for f in summary.key_facts] == [
        ("amount", "£142.75"), ("account", "48213"), ("reference", "60471"), ("deadline", "Friday the 14th"),
    ]  # fmt: skip
    assert result.models == {"asr": "fake-asr", "summary": "fake:fake-1"}, "ids from the engines that ran"
    assert json.loads(json.dumps(result.serialize()))["summary"]["generator"] == "fake"


def test_a_mono_call_is_diarized_and_its_roles_read_from_the_words(mono_call: Path) -> None:
    fake, calls = engines()
    result = process_call(mono_call, fake)
    assert calls[:2] == ["recognize", "segment_speakers"] and set(calls[2:]) == {"complete"}
    assert result.speaker_source == "diarization" and result.audio.channels == 1
    assert [(t.role, t.text) for t in result.turns] == said()
    assert result.roles.method != "channels" and result.roles.confidence >= 0.6
    assert result.models == {"asr": "fake-asr", "diarization": "fake-diarizer", "summary": "fake:fake-1"}


def test_channel_roles_from_the_call_swap_the_parties(stereo_call: Path) -> None:
    fake, _ = engines()
    result = process_call(stereo_call, fake, CallOptions(channels=(Role.CUSTOMER, Role.AGENT), summarize=False))
    assert result.turns[0].role is Role.CUSTOMER and "Northwind" in result.turns[0].text
    assert result.summary is None and "summarize" not in [t.stage for t in result.timings]
    assert "summarizer" not in fake.asked, "no LLM is built for a call that wants no summary"


def test_a_call_where_nobody_speaks_skips_diarization_and_the_summary(tmp_path: Path) -> None:
    fake, calls = engines()
    result = process_call(write_call(tmp_path / "hum.wav", stereo=False, silent=True), fake)
    assert result.segments == () and result.turns == () and result.summary is None
    assert "diarizer" not in fake.asked and result.speaker_source == "single"
    assert [w.split(":")[0] for w in result.warnings] == ["no_speech", "low_role_confidence"]


# ------------------------------------------------------------ errors


def test_an_unreadable_file_is_an_input_error_before_any_model_runs(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(b"not audio at all" * 100)
    fake, calls = engines()
    with pytest.raises(InputError) as caught:
        process_call(path, fake)
    assert caught.value.code == "audio_unreadable"
    assert calls == [] and fake.asked == []


def test_a_language_the_model_cannot_transcribe_is_a_bad_option(stereo_call: Path) -> None:
    fake, calls = engines(languages=("en",))
    with pytest.raises(InputError) as caught:
        process_call(stereo_call, fake, CallOptions(language="ko"))
    assert caught.value.code == "bad_option" and calls == []


def test_a_failing_recogniser_stops_the_call_with_its_error(stereo_call: Path) -> None:
    fake, calls = engines(asr_fail=ProcessingError("speech recognition failed: out of memory", code="stage_failed"))
    with pytest.raises(ProcessingError) as caught:
        process_call(stereo_call, fake)
    assert caught.value.code == "stage_failed"
    assert calls == ["recognize"], "nothing after the failed stage runs"


def test_a_failing_diarizer_is_a_stage_failure_with_its_cause(mono_call: Path) -> None:
    fake, calls = engines(diarizer_fail=RuntimeError("pyannote exploded"))
    with pytest.raises(ProcessingError) as caught:
        process_call(mono_call, fake)
    assert caught.value.code == "stage_failed" and isinstance(caught.value.__cause__, RuntimeError)
    assert "complete" not in calls


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (ModelError("the model file is damaged", code="model_load_failed"), "model_load_failed"),
        (ProcessingError("the LLM endpoint answered HTTP 500", code="stage_failed"), "stage_failed"),
        (GenerationTimeout("late"), "timeout"),
        ("this is not JSON", "invalid_output"),  # twice
    ],
)
def test_a_failing_summary_llm_still_gives_a_grounded_extractive_summary(
    stereo_call: Path, failure: str | CallbriefError, reason: str
) -> None:
    fake, _ = engines(replies=[failure, failure])
    result = process_call(stereo_call, fake)
    summary = result.summary
    assert summary is not None and summary.generator == "extractive"
    assert (summary.fallback_reason or "").split(":")[0] == reason
    assert ("amount", "£142.75") in [(f.kind, f.value) for f in summary.key_facts]
    assert [t.stage for t in result.timings] == STAGES
