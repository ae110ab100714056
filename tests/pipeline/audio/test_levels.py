"""Signal levels in 100 ms windows, and the whole-signal checks decode makes
with them (only silence; one signal on both channels)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pipeline.audio.levels import BLOCK_WINDOWS, WINDOW, identical_channels, loudest_window_dbfs, power_dbfs, window_power
from pipeline.types import SAMPLE_RATE


def tone(seconds: float, level: float, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(round(seconds * SAMPLE_RATE))) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_a_window_is_100_ms_and_a_last_partial_window_counts() -> None:
    row = np.concatenate([np.zeros(WINDOW, np.float32), np.full(WINDOW // 2, 0.5, np.float32)])
    powers = window_power(row)
    assert WINDOW == SAMPLE_RATE // 10
    assert powers.shape == (2,)
    assert powers[0] == 0.0 and powers[1] == pytest.approx(0.25)


def test_windows_are_the_same_across_the_blocks_a_long_call_is_read_in() -> None:
    rng = np.random.default_rng(0)
    row = rng.standard_normal(WINDOW * BLOCK_WINDOWS * 2 + WINDOW // 3).astype(np.float32)
    usable = row[: (row.shape[0] // WINDOW) * WINDOW].reshape(-1, WINDOW).astype(np.float64)
    expected = (usable**2).mean(axis=1)
    powers = window_power(row)
    assert powers.shape[0] == expected.shape[0] + 1
    np.testing.assert_allclose(powers[:-1], expected, rtol=1e-5)


def test_power_in_dbfs() -> None:
    assert power_dbfs(1.0) == 0.0
    assert power_dbfs(0.01) == pytest.approx(-20.0)
    assert power_dbfs(0.0) == -math.inf


def test_the_loudest_window_of_any_channel_sets_the_level() -> None:
    quiet = np.zeros(SAMPLE_RATE, np.float32)
    loud = quiet.copy()
    loud[WINDOW * 3 : WINDOW * 4] = tone(0.1, 0.5)  # a 0.5 sine: -9 dBFS
    assert loudest_window_dbfs(np.stack([quiet, loud])) == pytest.approx(-9.03, abs=0.05)
    assert loudest_window_dbfs(np.stack([quiet, quiet])) == -math.inf


def test_one_signal_on_both_channels_is_identical_whatever_the_gain() -> None:
    voice = tone(1.0, 0.3) + tone(1.0, 0.1, hz=1234.0)
    assert identical_channels(np.stack([voice, voice * 0.5]))
    assert identical_channels(np.stack([np.zeros_like(voice), np.zeros_like(voice)]))


def test_two_parties_with_crosstalk_are_not_one_signal() -> None:
    agent = np.concatenate([tone(1.0, 0.3), np.zeros(SAMPLE_RATE, np.float32)])
    customer = np.concatenate([np.zeros(SAMPLE_RATE, np.float32), tone(1.0, 0.3, hz=330.0)])
    left, right = agent + 0.06 * customer, customer + 0.06 * agent  # -24 dB bleed each way
    assert not identical_channels(np.stack([left, right]))
    assert not identical_channels(np.stack([agent, np.zeros_like(agent)])), "one silent channel"
