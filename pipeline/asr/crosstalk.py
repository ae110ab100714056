"""Crosstalk between the channels of a stereo call.

On a stereo recording each party has a channel, but each channel also
picks up the other party faintly (line echo, headset bleed; typically
20-30 dB down). Silero VAD hears that as speech and Whisper transcribes it,
which would put the agent's words into the customer's channel too. A 100 ms
window of a channel is crosstalk when the other channel is active there and
this one is much quieter: the speech belongs to the other channel.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from pipeline.audio.levels import WINDOW
from pipeline.types import SAMPLE_RATE, Segment

CROSSTALK_DB = 15.0  # this much below the other channel: its echo, not ours
ACTIVE_DBFS = -50.0  # the other channel must be at least this loud
REGION_CROSSTALK_RATIO = 0.8  # a VAD region this much crosstalk is skipped
WORD_CROSSTALK_RATIO = 0.5  # a word this much crosstalk is dropped

_WINDOWS_PER_S = SAMPLE_RATE / WINDOW
CROSSTALK, OWN, QUIET = 1, 0, -1


def crosstalk_windows(powers: Sequence[np.ndarray], row: int) -> np.ndarray:
    """Per 100 ms window of channel ``row``: CROSSTALK, OWN (its own sound) or QUIET."""
    # powers: one (windows,) mean-power array per channel, all the same length
    with np.errstate(divide="ignore"):
        own_db = 10.0 * np.log10(powers[row])
        others = [p for i, p in enumerate(powers) if i != row]
        other_db = 10.0 * np.log10(np.maximum.reduce(others)) if others else np.full_like(own_db, -np.inf)
    kinds = np.full(own_db.shape, QUIET, dtype=np.int8)
    kinds[own_db > ACTIVE_DBFS] = OWN
    kinds[(other_db > ACTIVE_DBFS) & (own_db < other_db - CROSSTALK_DB)] = CROSSTALK
    return kinds


def drop_crosstalk_regions(regions: Sequence[tuple[float, float]], kinds: np.ndarray) -> list[tuple[float, float]]:
    return [r for r in regions if _ratio(kinds, *r) < REGION_CROSSTALK_RATIO]


def drop_crosstalk_words(segments: Sequence[Segment], kinds: np.ndarray) -> list[Segment]:
    kept: list[Segment] = []
    for segment in segments:
        if not segment.words:
            if _ratio(kinds, segment.start, segment.end) < WORD_CROSSTALK_RATIO:
                kept.append(segment)
            continue
        words = tuple(w for w in segment.words if _ratio(kinds, w.start, w.end) < WORD_CROSSTALK_RATIO)
        if len(words) == len(segment.words):
            kept.append(segment)
        elif words:
            kept.append(
                dataclasses.replace(
                    segment, words=words, text="".join(w.text for w in words), start=words[0].start, end=words[-1].end
                )
            )
    return kept


def _ratio(kinds: np.ndarray, start: float, end: float) -> float:
    """Share of crosstalk among the windows of [start, end] that hold any sound.

    Quiet windows (pauses between words) count for neither side."""
    first = int(start * _WINDOWS_PER_S)
    last = max(int(np.ceil(end * _WINDOWS_PER_S)), first + 1)
    span = kinds[first:last]
    sounding = int(np.count_nonzero(span != QUIET))
    return int(np.count_nonzero(span == CROSSTALK)) / sounding if sounding else 0.0
