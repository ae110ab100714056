"""Crosstalk between the channels of a stereo call: the other party's voice
leaking into a channel is recognised as theirs, not twice."""

from __future__ import annotations

import numpy as np

from pipeline.asr.crosstalk import (
    CROSSTALK,
    OWN,
    QUIET,
    crosstalk_windows,
    drop_crosstalk_regions,
    drop_crosstalk_words,
)
from pipeline.audio.levels import window_power
from pipeline.types import SAMPLE_RATE, Segment, Word

SR = SAMPLE_RATE


def tone(seconds: float, level: float, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def channel(total_s: float, *parts: tuple[float, float, float]) -> np.ndarray:
    """Silence with tones (start, seconds, level) on it."""
    row = np.zeros(int(total_s * SR), np.float32)
    for start, seconds, level in parts:
        at = int(start * SR)
        piece = tone(seconds, level)
        row[at : at + piece.shape[0]] += piece
    return row


def kinds_of(*rows: np.ndarray) -> list[np.ndarray]:
    powers = [window_power(r) for r in rows]
    return [crosstalk_windows(powers, i) for i in range(len(rows))]


# The agent speaks 0-2 s (customer's channel hears it 24 dB down), the
# customer 3-5 s (the agent's channel hears it 24 dB down); 5-6 s silence.
AGENT = channel(6, (0, 2, 0.3), (3, 2, 0.3 * 0.06))
CUSTOMER = channel(6, (0, 2, 0.3 * 0.06), (3, 2, 0.3))


def test_each_window_is_own_speech_crosstalk_or_quiet() -> None:
    agent, customer = kinds_of(AGENT, CUSTOMER)
    assert set(agent[0:20]) == {OWN} and set(agent[30:50]) == {CROSSTALK} and set(agent[50:60]) == {QUIET}
    assert set(customer[0:20]) == {CROSSTALK} and set(customer[30:50]) == {OWN}


def test_both_talking_at_once_is_nobodys_crosstalk() -> None:
    both = channel(2, (0, 2, 0.3))
    other = channel(2, (0, 2, 0.2))
    first, second = kinds_of(both, other)
    assert set(first) == {OWN} and set(second) == {OWN}


def test_a_party_a_little_quieter_than_the_other_is_still_speaking() -> None:
    # 10 dB below the other channel: a soft voice, not an echo (the line is 15 dB).
    loud = channel(2, (0, 2, 0.3))
    soft = channel(2, (0, 2, 0.3 * 0.316))
    assert set(kinds_of(loud, soft)[1]) == {OWN}


def test_a_mono_call_has_no_crosstalk() -> None:
    (only,) = kinds_of(AGENT)
    assert CROSSTALK not in set(only)


def test_a_vad_region_that_is_mostly_crosstalk_is_skipped() -> None:
    agent, _ = kinds_of(AGENT, CUSTOMER)
    regions = [(0.0, 2.0), (3.0, 5.0), (1.5, 3.5)]
    # (1.5, 3.5): 0.5 s own speech, 0.5 s crosstalk, 1 s quiet (pauses count for neither side).
    assert drop_crosstalk_regions(regions, agent) == [(0.0, 2.0), (1.5, 3.5)]


def test_words_in_the_other_partys_speech_are_dropped_and_the_segment_shrinks() -> None:
    agent, _ = kinds_of(AGENT, CUSTOMER)
    words = (Word(1.0, 1.5, " your", 0.9), Word(1.5, 2.0, " bill", 0.9), Word(3.2, 3.8, " okay", 0.9))
    mixed = Segment(0, 1.0, 3.8, " your bill okay", words)
    echo = Segment(1, 3.0, 4.0, " okay", (Word(3.0, 4.0, " okay", 0.9),))
    no_words = Segment(2, 3.0, 5.0, " right", ())
    kept = drop_crosstalk_words([mixed, echo, no_words], agent)
    assert [(s.text, s.start, s.end) for s in kept] == [(" your bill", 1.0, 2.0)]
