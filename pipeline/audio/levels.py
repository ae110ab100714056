"""Signal levels and whole-signal checks on decoded audio, in blocks.

They run over (channels, n) float32 arrays without building a temporary
the size of the call: a 2-hour file must not need twice its memory just to
be checked. The speech-recognition guards reuse the 100 ms window levels.
"""

from __future__ import annotations

import math

import numpy as np

from pipeline.types import SAMPLE_RATE

WINDOW = SAMPLE_RATE // 10  # 100 ms
BLOCK_WINDOWS = 600  # one minute of 100 ms windows per block
# Normalised correlation above which two channels are one signal: 0.98
# leaves a residual about 14 dB below the signal after matching the gain.
SAME_SIGNAL_CORRELATION = 0.98


def window_power(row: np.ndarray) -> np.ndarray:
    """Mean power of each 100 ms window of one channel; a last partial window counts."""
    # shape of row: (n,); of the result: (ceil(n / WINDOW),), float64
    powers = np.empty(-(-row.shape[0] // WINDOW), dtype=np.float64)
    block = WINDOW * BLOCK_WINDOWS
    for start in range(0, row.shape[0], block):
        chunk = row[start : start + block]
        usable = chunk.shape[0] - chunk.shape[0] % WINDOW
        first = start // WINDOW
        if usable:
            windows = chunk[:usable].reshape(-1, WINDOW)
            powers[first : first + windows.shape[0]] = np.einsum("ij,ij->i", windows, windows) / WINDOW
        if usable < chunk.shape[0]:
            tail = chunk[usable:]
            powers[-1] = float(np.dot(tail, tail)) / tail.shape[0]
    return powers


def power_dbfs(power: float) -> float:
    return 10.0 * math.log10(power) if power > 0.0 else -math.inf


def loudest_window_dbfs(samples: np.ndarray) -> float:
    """RMS level, in dBFS, of the loudest 100 ms window of any channel."""
    # shape of samples: (channels, n)
    loudest = max((float(window_power(row).max(initial=0.0)) for row in samples), default=0.0)
    return power_dbfs(loudest)


def identical_channels(samples: np.ndarray) -> bool:
    """Whether the two rows of ``samples`` carry one signal, up to a gain.

    A mono recorder writing stereo, a gain difference between the two
    channels or lossy joint-stereo coding all leave the rows almost
    perfectly correlated; two parties on two lines, even with crosstalk,
    do not come close."""
    # shape of samples: (2, n)
    left_energy = right_energy = cross = 0.0
    block = WINDOW * BLOCK_WINDOWS
    for start in range(0, samples.shape[1], block):
        left = samples[0, start : start + block]
        right = samples[1, start : start + block]
        left_energy += float(np.dot(left, left))
        right_energy += float(np.dot(right, right))
        cross += float(np.dot(left, right))
    if left_energy == 0.0 or right_energy == 0.0:
        return left_energy == right_energy
    return cross / math.sqrt(left_energy * right_energy) >= SAME_SIGNAL_CORRELATION
