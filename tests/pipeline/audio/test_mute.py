"""Audio redaction: a tone over the redacted words' times, on their channel only."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pipeline.audio.mute import TONE_HZ, MutedSpan, mute, redacted_spans
from pipeline.types import Word
from tests.pipeline.factories import call_result

RATE = 8000


def _stereo(path: Path, seconds: float = 3.0, fmt: str = "WAV") -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    audio = np.stack([0.5 * np.sin(2 * np.pi * 300 * t), 0.5 * np.sin(2 * np.pi * 500 * t)], axis=1)
    sf.write(path, audio, RATE, subtype="PCM_16", format=fmt)
    return audio


def _energy_at(x: np.ndarray, hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(spectrum[int(round(hz * len(x) / RATE))])


@pytest.mark.parametrize("fmt", ["WAV", "FLAC"])
def test_only_the_span_on_its_channel_is_replaced(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / f"call.{fmt.lower()}"
    original = _stereo(source, fmt=fmt)
    target = tmp_path / "redacted.wav"
    mute(source, target, [MutedSpan(1.0, 1.5, channel=1)])
    redacted, rate = sf.read(target)
    assert rate == RATE and redacted.shape == original.shape
    inside = slice(int(1.05 * RATE), int(1.45 * RATE))
    assert _energy_at(redacted[inside, 1], TONE_HZ) > 10 * _energy_at(redacted[inside, 1], 500)  # the customer's words: gone
    np.testing.assert_allclose(redacted[:, 0], original[:, 0], atol=1e-3)  # the agent's channel: untouched
    outside = np.r_[0 : int(0.95 * RATE), int(1.55 * RATE) : len(original)]
    np.testing.assert_allclose(redacted[outside, 1], original[outside, 1], atol=1e-3)


def test_a_mono_span_covers_every_channel(tmp_path: Path) -> None:
    source = tmp_path / "call.wav"
    _stereo(source)
    mute(source, tmp_path / "out.wav", [MutedSpan(0.5, 0.8, channel=None)])
    redacted, _ = sf.read(tmp_path / "out.wav")
    inside = slice(int(0.55 * RATE), int(0.75 * RATE))
    for channel in (0, 1):
        assert _energy_at(redacted[inside, channel], TONE_HZ) > 10 * _energy_at(redacted[inside, channel], 300)


def test_spans_come_from_the_redacted_words_with_their_channel() -> None:
    result = call_result()
    first = result.segments[1]
    card = (Word(2.0, 2.4, "[CARD]", 0.9), Word(2.4, 3.5, "", 0.9), Word(5.0, 5.2, "thanks", 0.9))
    result = dataclasses.replace(result, segments=(result.segments[0], dataclasses.replace(first, words=card, channel=1),
                                                   *result.segments[2:]))  # fmt: skip
    assert redacted_spans(result) == [MutedSpan(1.85, 3.65, 1)]
    assert redacted_spans(call_result()) == []


def test_a_label_with_what_followed_the_number_is_silenced_too() -> None:
    # "... 07700 900123, thanks": the comma that ended the number's last word joins the label.
    result = call_result()
    phone = (Word(2.0, 2.4, "[PHONE],", 0.9), Word(2.4, 3.5, "", 0.9), Word(5.0, 5.2, "thanks", 0.9))
    segments = (result.segments[0], dataclasses.replace(result.segments[1], words=phone, channel=0), *result.segments[2:])
    assert redacted_spans(dataclasses.replace(result, segments=segments)) == [MutedSpan(1.85, 3.65, 0)]
