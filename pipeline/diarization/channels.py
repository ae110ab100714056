"""Speaker activity of stereo calls: each channel is one party.

Contact-centre recorders often put the agent and the customer on separate
channels; then the channels are the speaker separation and no model is
needed. What remains is deciding when each channel holds its own party's
speech:

1. Frame energy per channel (10 ms frames, smoothed over 30 ms), compared
   with the channel's own noise floor and speech level.
2. A cross-channel dominance gate. Each party leaks into the other
   channel (line echo, headset crosstalk), typically 20-30 dB down. The
   leak ratio is measured from the call itself (the level difference
   between the channels while the other party is loud), and a frame counts
   as speech on a channel only if that channel holds clearly more energy
   than the leak alone would put there.
3. Gaps shorter than a hangover are closed and blips dropped.

``segments`` keep genuine overlaps (both parties talking: interruptions);
``exclusive`` gives each overlapped instant to the dominant channel,
judged relative to each channel's own speech level.

Vectorised numpy, read in blocks so memory stays bounded on long calls.
Measured on generated calls with -24 dB crosstalk: see tests/pipeline/diarization/test_channels.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import median_filter

from pipeline.diarization.labels import channel_label
from pipeline.progress import ProgressHook, report
from pipeline.types import SAMPLE_RATE, DecodedAudio, Diarization, SpeakerSegment

log = logging.getLogger(__name__)

SOURCE = "channels"


@dataclass(frozen=True)
class ActivityConfig:
    frame_s: float = 0.01
    smooth_frames: int = 3
    # A frame is speech only this far above the channel's noise floor ...
    above_floor_db: float = 12.0
    # ... and no further than this below the channel's typical speech level.
    below_speech_db: float = 30.0
    # Speech must exceed the other channel's level plus the measured leak by this.
    leak_margin_db: float = 8.0
    # Leak estimates above this mean the channels carry the same signal.
    max_leak_db: float = -6.0
    min_silence_s: float = 0.5  # shorter gaps inside a channel's speech are closed
    min_speech_s: float = 0.12
    dominance_smooth_s: float = 0.2
    block_s: float = 600.0


def channel_activity(
    audio: DecodedAudio,
    on_progress: ProgressHook | None = None,
    config: ActivityConfig = ActivityConfig(),
) -> Diarization:
    """Per-channel speech activity of a stereo call; speakers "ch0", "ch1", ..."""
    report(on_progress, "diarize", 0.0)
    level_db = _frame_levels(audio.samples, config, on_progress)  # shape: (channels, frames)
    channels, num_frames = level_db.shape
    speakers = tuple(channel_label(c) for c in range(channels))
    if num_frames == 0:
        report(on_progress, "diarize", 1.0)
        return Diarization(segments=(), exclusive=(), speakers=speakers, source=SOURCE)

    floor_db = np.percentile(level_db, 5, axis=1)
    speech_db = np.percentile(level_db, 95, axis=1)
    loud = level_db >= np.maximum(floor_db + config.above_floor_db, speech_db - config.below_speech_db)[:, None]

    active = loud.copy()
    for c in range(channels):
        for other in range(channels):
            if other == c:
                continue
            leak_db = _leak_db(level_db, loud, source=other, target=c)
            if leak_db > config.max_leak_db:
                log.warning(
                    "channels %d and %d look identical (leak %.1f dB); dominance gate off", other, c, leak_db
                )
                continue
            active[c] &= level_db[c] >= level_db[other] + leak_db + config.leak_margin_db
    frame_s = config.frame_s
    active = np.stack([_clean(row, config) for row in active])

    # Who owns each instant: the only active channel or, where several are
    # active, the one loudest relative to its own speech level, smoothed so
    # that ownership does not flicker within an overlap.
    relative = level_db - speech_db[:, None]
    owner = np.where(active.any(axis=0), np.argmax(np.where(active, relative, -np.inf), axis=0), -1)
    overlapped = active.sum(axis=0) >= 2
    if overlapped.any():
        width = max(1, int(round(config.dominance_smooth_s / frame_s))) | 1
        louder = median_filter(np.argmax(relative, axis=0), size=width, mode="nearest")
        louder_active = active[louder, np.arange(num_frames)]
        owner = np.where(overlapped & louder_active, louder, owner)

    segments = sorted(
        SpeakerSegment(a * frame_s, b * frame_s, speakers[c])
        for c in range(channels)
        for a, b in _true_runs(active[c])
    )
    exclusive = [
        SpeakerSegment(a * frame_s, b * frame_s, speakers[value]) for a, b, value in _value_runs(owner) if value >= 0
    ]
    report(on_progress, "diarize", 1.0)
    return Diarization(segments=tuple(segments), exclusive=tuple(exclusive), speakers=speakers, source=SOURCE)


def _frame_levels(samples: np.ndarray, config: ActivityConfig, on_progress: ProgressHook | None) -> np.ndarray:
    # shape: (channels, samples) -> (channels, frames) smoothed power in dBFS
    frame = int(round(config.frame_s * SAMPLE_RATE))
    channels, length = samples.shape
    num_frames = length // frame
    power = np.empty((channels, num_frames), dtype=np.float64)
    block = max(1, int(config.block_s / config.frame_s))  # frames per block
    for start in range(0, num_frames, block):
        stop = min(start + block, num_frames)
        view = samples[:, start * frame : stop * frame].reshape(channels, stop - start, frame)
        # einsum sums squares without materialising a squared copy of the block
        power[:, start:stop] = np.einsum("cfk,cfk->cf", view, view, dtype=np.float64) / frame
        report(on_progress, "diarize", 0.8 * stop / max(num_frames, 1))
    if config.smooth_frames > 1 and num_frames:
        kernel = np.ones(config.smooth_frames) / config.smooth_frames
        power = np.stack([np.convolve(row, kernel, mode="same") for row in power])
    return 10.0 * np.log10(power + 1e-10)


def _leak_db(level_db: np.ndarray, loud: np.ndarray, *, source: int, target: int) -> float:
    """How much lower the source party sounds on the target channel (dB, negative).

    Measured on the louder half of the source's speech frames, where the
    target party is mostly silent (parties rarely talk over each other for
    long); the median ignores the overlaps among them."""
    speech = level_db[source][loud[source]]
    if speech.size < 20:
        return -120.0  # too little speech to measure: assume no leak
    frames = loud[source] & (level_db[source] >= np.median(speech))
    return float(np.median(level_db[target, frames] - level_db[source, frames]))


def _clean(active: np.ndarray, config: ActivityConfig) -> np.ndarray:
    """Close gaps shorter than the hangover, then drop blips."""
    gap = int(round(config.min_silence_s / config.frame_s))
    blip = int(round(config.min_speech_s / config.frame_s))
    starts, lengths, values = _rle(active)
    inner = np.zeros(len(values), dtype=bool)
    inner[1:-1] = True
    values = values | (inner & (lengths < gap))
    merged = np.repeat(values, lengths)
    starts, lengths, values = _rle(merged)
    values = values & (lengths >= blip)
    return np.repeat(values, lengths)


def _rle(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run-length encoding of a boolean array: starts, lengths, values."""
    if len(mask) == 0:
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0, bool)
    starts = np.concatenate([[0], np.flatnonzero(mask[1:] != mask[:-1]) + 1])
    lengths = np.diff(np.concatenate([starts, [len(mask)]]))
    return starts, lengths, mask[starts]


def _true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    return [(a, b) for a, b, value in _value_runs(mask.astype(np.int8)) if value]


def _value_runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, end, value) for each run of equal values."""
    if len(values) == 0:
        return []
    edges = np.flatnonzero(np.diff(values)) + 1
    bounds = np.concatenate([[0], edges, [len(values)]])
    return [(int(a), int(b), int(values[a])) for a, b in zip(bounds[:-1], bounds[1:])]
