"""The generated sample calls: their JSON matches the audio, and Whisper base hears the facts."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
import soundfile

from pipeline.facts.index import fact_in_text
from tests.sample_calls import NAMES, SAMPLES, load_sample

FACT_KINDS = {"amount", "reference", "account", "date", "deadline", "phone", "other"}
ROLES = {"agent", "customer"}


def decode(path: Path) -> tuple[np.ndarray, int]:
    """shape: (samples, channels), and the file's own sample rate."""
    if path.suffix == ".wav":
        samples, rate = soundfile.read(path, dtype="float32", always_2d=True)
        return samples, rate
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        frames = [f.to_ndarray() for f in container.decode(stream)]
    # PyAV gives (channels, n) planar or (1, n * channels) packed frames.
    channels = stream.codec_context.channels
    data = np.concatenate([f.reshape(channels, -1) if f.shape[0] == channels else f.reshape(-1, channels).T for f in frames], axis=1)
    return data.T.astype(np.float32), rate


@pytest.mark.parametrize("name", NAMES)
def test_json_follows_the_sample_format(name: str) -> None:
    meta = load_sample(name)
    assert meta["id"] == name and meta["path"].is_file()
    assert meta["sha256"] == hashlib.sha256(meta["path"].read_bytes()).hexdigest(), "regenerate the JSON"
    assert meta["channels"] in (None, ["agent", "customer"])
    assert isinstance(meta["sample_rate"], int) and meta["duration"] > 0
    previous_start = -1.0
    for turn in meta["script"]:
        assert turn["speaker"] in ROLES and turn["text"].strip()
        assert 0 <= turn["start"] < turn["end"] <= meta["duration"]
        assert turn["start"] >= previous_start, "turns are in order"
        previous_start = turn["start"]
    script_text = " ".join(t["text"] for t in meta["script"])
    for fact in meta["facts"]:
        assert fact["kind"] in FACT_KINDS and fact["value"] and fact["spoken"]
        assert fact_in_text(fact["value"], script_text), f"{fact['value']} is not in the script"
    expected = meta["expected"]
    if meta["script"]:
        assert expected["resolution"] in ("resolved", "unresolved", "escalated")
        assert isinstance(expected["follow_up_required"], bool)
        assert all(item["owner"] in ROLES and item["what"] for item in expected["action_items"])
    else:
        assert expected is None and meta["facts"] == []


@pytest.mark.parametrize("name", NAMES)
def test_rttm_repeats_the_script_turns(name: str) -> None:
    meta = load_sample(name)
    lines = (SAMPLES / f"{name}.rttm").read_text().splitlines()
    assert len(lines) == len(meta["script"])
    for line, turn in zip(lines, meta["script"]):
        fields = line.split()
        assert fields[0] == "SPEAKER" and fields[1] == name and fields[7] == turn["speaker"]
        assert float(fields[3]) == pytest.approx(turn["start"], abs=1e-3)
        assert float(fields[3]) + float(fields[4]) == pytest.approx(turn["end"], abs=2e-3)


def test_english_calls_have_an_interruption_and_the_agent_greets_first() -> None:
    for name in ("billing_stereo_8k", "billing_mono"):
        script = load_sample(name)["script"]
        assert script[0]["speaker"] == "agent" and "Northwind Council" in script[0]["text"]
        assert any(b["start"] < a["end"] for a, b in zip(script, script[1:])), f"{name} has no overlap"


@pytest.mark.parametrize("name", NAMES)
def test_audio_decodes_with_the_channels_and_rate_of_its_json(name: str) -> None:
    meta = load_sample(name)
    samples, rate = decode(meta["path"])
    assert rate == meta["sample_rate"]
    assert samples.shape[1] == (2 if meta["channels"] else 1)
    # MP3 and Opus encoders pad the start and end by a few ms.
    assert samples.shape[0] / rate == pytest.approx(meta["duration"], abs=0.1)
    assert 0.01 < float(np.max(np.abs(samples))) <= 1.0


def test_stereo_channels_hold_their_own_party() -> None:
    meta = load_sample("billing_stereo_8k")
    samples, rate = decode(meta["path"])
    script = meta["script"]
    for k, turn in enumerate(script):
        # Only where this party speaks alone: not during an interruption.
        start = max([turn["start"], *(t["end"] for t in script[:k])])
        end = min([turn["end"], *(t["start"] for t in script[k + 1 :])])
        a, b = int(start * rate), int(end * rate)
        own = 0 if turn["speaker"] == "agent" else 1
        level = np.sqrt(np.mean(samples[a:b] ** 2, axis=0)) + 1e-9
        assert 20 * np.log10(level[own] / level[1 - own]) > 12, turn["text"]


def test_total_size_stays_small() -> None:
    total = sum(load_sample(name)["path"].stat().st_size for name in NAMES)
    assert total < 6_000_000


@pytest.fixture(scope="module")
def whisper_base(cache_dir: Path) -> Any:
    from faster_whisper import WhisperModel

    from pipeline.model_files import whisper_model_dir

    return WhisperModel(str(whisper_model_dir("base", cache_dir)), device="cpu", compute_type="int8", cpu_threads=2)


def _transcribe(model: Any, samples: np.ndarray, language: str | None) -> str:
    segments, _ = model.transcribe(samples, language=language, vad_filter=True, beam_size=5)
    return " ".join(s.text.strip() for s in segments)


@pytest.mark.slow
def test_whisper_base_hears_every_fact_of_the_stereo_call(cache_dir: Path) -> None:
    # Through the pipeline's own path (per-channel VAD, the other party's echo
    # dropped, no conditioning on earlier text): plain ``transcribe`` on each
    # channel also hears the -24 dB echo, and its temperature fallback made
    # "dated the third of March" come out as "David III of March" in one run.
    from pipeline.audio.decode import decode as decode_call
    from pipeline.options import DecodeOptions, TranscribeOptions
    from pipeline.asr.transcribe import load_asr, transcribe

    meta = load_sample("billing_stereo_8k")
    audio = decode_call(meta["path"], DecodeOptions())
    engine = load_asr(TranscribeOptions(model="base"), cache_dir)
    text = transcribe(engine, audio, TranscribeOptions(language="en"), channels=[0, 1]).text
    missing = [f["value"] for f in meta["facts"] if not fact_in_text(f["value"], text)]
    assert not missing, f"not heard: {missing}\n{text}"
    assert "northwind" in text.lower().replace(" ", "")  # "Northwind" or "North Wind", as the CPU's int8 kernels have it


@pytest.mark.slow
def test_whisper_base_hears_nothing_in_the_hold_music(whisper_base: Any) -> None:
    from faster_whisper.audio import decode_audio

    meta = load_sample("silence_music")
    assert _transcribe(whisper_base, decode_audio(str(meta["path"])), None) == ""
