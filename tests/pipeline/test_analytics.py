"""Call analytics on hand-computed cases (AWS Transcribe Call Analytics definitions)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from pipeline.analytics import compute_analytics, union
from pipeline.options import AnalyticsOptions
from pipeline.types import SAMPLE_RATE, Diarization, Gap, Interruption, Role, RoleAssignment, SpeakerSegment
from tests.pipeline import factories as f

ROLES = RoleAssignment({"A": Role.AGENT, "B": Role.CUSTOMER}, 0.9, "heuristic")
STEREO_ROLES = RoleAssignment({"ch0": Role.AGENT, "ch1": Role.CUSTOMER}, 1.0, "channels")


def _sine(duration: float, amplitude: float, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(round(duration * SAMPLE_RATE))) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _overlapping_call(**options: float):  # type: ignore[no-untyped-def]
    """Agent 0-10 s (20 words), customer 9-15 s (9 words), silence 15-20 s."""
    turns = f.turns(
        [
            ("A", Role.AGENT, 0.0, 10.0, " ".join(["word"] * 20)),
            ("B", Role.CUSTOMER, 9.0, 15.0, " ".join(["word"] * 9)),
        ]
    )
    diar = f.diarization([(0.0, 10.0, "A"), (9.0, 15.0, "B")])
    return compute_analytics(f.silence(20.0), turns, diar, ROLES, AnalyticsOptions(**options))


def test_interruption_talk_time_speed_and_turns() -> None:
    result = _overlapping_call(silence_threshold_s=3.0, min_interruption_s=0.3)
    agent, customer = result.party(Role.AGENT), result.party(Role.CUSTOMER)
    assert agent is not None and customer is not None
    assert result.interruptions == (Interruption(Role.CUSTOMER, Role.AGENT, 9.0, pytest.approx(1.0)),)
    assert (customer.interruptions_made, agent.interruptions_made) == (1, 0)
    assert (agent.talk_time, customer.talk_time) == (pytest.approx(10.0), pytest.approx(6.0))
    assert (agent.talk_ratio, customer.talk_ratio) == (pytest.approx(0.5), pytest.approx(0.3))
    assert agent.words_per_minute == pytest.approx(20 / 10 * 60)  # 120
    assert customer.words_per_minute == pytest.approx(9 / 6 * 60)  # 90
    assert (result.turns, agent.turns, customer.turns, agent.words) == (2, 1, 1, 20)
    assert result.duration == pytest.approx(20.0)


def test_silence_counts_only_at_or_above_the_threshold() -> None:
    counted = _overlapping_call(silence_threshold_s=3.0)
    assert counted.silences == (Gap(15.0, 20.0),)
    assert counted.non_talk_time == pytest.approx(5.0)
    assert counted.longest_silence == Gap(15.0, 20.0)
    ignored = _overlapping_call(silence_threshold_s=6.0)
    assert (ignored.silences, ignored.non_talk_time, ignored.longest_silence) == ((), 0.0, None)


def test_short_overlap_is_a_backchannel_and_a_longer_one_an_interruption() -> None:
    turns = f.turns([("A", Role.AGENT, 0.0, 10.0, "long explanation"), ("B", Role.CUSTOMER, 4.0, 4.2, "mm-hm")])
    diar = f.diarization([(0.0, 10.0, "A"), (4.0, 4.2, "B")])
    assert compute_analytics(f.silence(10.0), turns, diar, ROLES, AnalyticsOptions()).interruptions == ()
    stricter = compute_analytics(f.silence(10.0), turns, diar, ROLES, AnalyticsOptions(min_interruption_s=0.1))
    assert [(i.interrupter, i.start) for i in stricter.interruptions] == [(Role.CUSTOMER, 4.0)]


def test_starting_together_is_not_an_interruption_and_each_party_can_interrupt() -> None:
    diar = f.diarization([(0.0, 5.0, "A"), (0.0, 2.0, "B"), (6.0, 12.0, "B"), (11.0, 14.0, "A")])
    result = compute_analytics(f.silence(14.0), (), diar, ROLES, AnalyticsOptions())
    assert [(i.interrupter, i.interrupted, i.start, round(i.duration, 3)) for i in result.interruptions] == [
        (Role.AGENT, Role.CUSTOMER, 11.0, 1.0)
    ]


def test_silences_include_the_call_edges_and_the_longest_is_reported() -> None:
    diar = f.diarization([(4.0, 6.0, "A"), (10.0, 12.0, "B"), (12.5, 13.0, "A")])
    result = compute_analytics(f.silence(20.0), (), diar, ROLES, AnalyticsOptions(silence_threshold_s=3.0))
    assert result.silences == (Gap(0.0, 4.0), Gap(6.0, 10.0), Gap(13.0, 20.0))
    assert result.non_talk_time == pytest.approx(15.0)
    assert result.longest_silence == Gap(13.0, 20.0)


def test_talk_time_is_a_union_not_a_sum() -> None:
    diar = f.diarization([(0.0, 3.0, "A"), (2.0, 5.0, "A"), (5.0, 6.0, "A")])
    result = compute_analytics(f.silence(10.0), (), diar, ROLES, AnalyticsOptions())
    assert result.party(Role.AGENT).talk_time == pytest.approx(6.0)  # type: ignore[union-attr]
    assert union(np.array([[5.0, 6.0], [0.0, 3.0], [2.0, 5.0], [8.0, 9.0]])).tolist() == [[0.0, 6.0], [8.0, 9.0]]


def test_stereo_loudness_reads_each_party_from_its_own_channel() -> None:
    # Agent: -20 dBFS peak sine on ch0 for 0-2 s. Customer: 0.01 peak on ch1 for 2-4 s.
    # A loud bleed on ch1 while the agent talks must not reach either figure.
    ch0 = np.concatenate([_sine(2.0, 0.1), np.zeros(2 * SAMPLE_RATE, np.float32)])
    ch1 = np.concatenate([_sine(2.0, 0.9), _sine(2.0, 0.01)])
    audio = f.audio(np.stack([ch0, ch1]))
    diar = f.diarization([(0.0, 2.0, "ch0"), (2.0, 4.0, "ch1")], source="channels")
    result = compute_analytics(audio, (), diar, STEREO_ROLES, AnalyticsOptions())
    assert result.party(Role.AGENT).loudness_dbfs == pytest.approx(-23.01, abs=0.05)  # type: ignore[union-attr]
    assert result.party(Role.CUSTOMER).loudness_dbfs == pytest.approx(-43.01, abs=0.05)  # type: ignore[union-attr]


def test_mono_loudness_uses_exclusive_regions_and_is_none_without_activity() -> None:
    samples = np.concatenate([_sine(2.0, 0.1), _sine(2.0, 0.01)])
    diar = Diarization(
        segments=(SpeakerSegment(0.0, 2.0, "A"), SpeakerSegment(1.5, 4.0, "B")),
        exclusive=(SpeakerSegment(0.0, 2.0, "A"), SpeakerSegment(2.0, 4.0, "B")),
        speakers=("A", "B"),
        source="diarization",
    )
    result = compute_analytics(f.audio(samples), (), diar, ROLES, AnalyticsOptions())
    assert result.party(Role.CUSTOMER).loudness_dbfs == pytest.approx(-43.01, abs=0.05)  # type: ignore[union-attr]
    assert result.party(Role.CUSTOMER).talk_time == pytest.approx(2.5)  # type: ignore[union-attr]
    only_agent = f.diarization([(0.0, 2.0, "A")])
    quiet = compute_analytics(f.audio(samples), (), only_agent, ROLES, AnalyticsOptions()).party(Role.CUSTOMER)
    assert quiet is not None and quiet.loudness_dbfs is None and quiet.talk_time == 0.0 and quiet.words_per_minute == 0.0


def test_silent_call_with_placeholder_diarization_has_no_talk_time() -> None:
    placeholder = f.diarization([(0.0, 10.0, "SPEAKER_00")], source="single")
    roles = RoleAssignment({"SPEAKER_00": Role.UNKNOWN}, 0.0, "single_speaker")
    result = compute_analytics(f.silence(10.0), (), placeholder, roles, AnalyticsOptions())
    assert [p.role for p in result.parties] == [Role.AGENT, Role.CUSTOMER]
    assert all(p.talk_time == 0.0 and p.loudness_dbfs is None for p in result.parties)
    assert result.silences == (Gap(0.0, 10.0),) and result.turns == 0


def test_unknown_party_falls_back_to_turn_spans() -> None:
    turns = f.turns([("SPEAKER_00", Role.UNKNOWN, 1.0, 4.0, "hello is anyone there")])
    placeholder = f.diarization([(0.0, 10.0, "SPEAKER_00")], source="single")
    roles = RoleAssignment({"SPEAKER_00": Role.UNKNOWN}, 0.0, "single_speaker")
    samples = np.concatenate([np.zeros(SAMPLE_RATE, np.float32), _sine(3.0, 0.1), np.zeros(6 * SAMPLE_RATE, np.float32)])
    result = compute_analytics(f.audio(samples), turns, placeholder, roles, AnalyticsOptions())
    unknown = result.party(Role.UNKNOWN)
    assert unknown is not None
    assert (unknown.talk_time, unknown.words, unknown.turns) == (pytest.approx(3.0), 4, 1)
    assert unknown.words_per_minute == pytest.approx(80.0)
    assert unknown.loudness_dbfs == pytest.approx(-23.01, abs=0.05)
    assert result.silences == (Gap(4.0, 10.0),)


def test_two_hour_call_is_fast_and_needs_no_copy_of_the_audio() -> None:
    duration = 2 * 3600.0
    # A read-only zero-stride view: 2 hours of "audio" in 4 bytes.
    samples = np.broadcast_to(np.float32(0.05), (1, int(duration * SAMPLE_RATE)))
    lines, segments = [], []
    for i in range(2400):  # a 3 s turn every 3 s, alternating, with a 0.5 s overlap every 10th
        speaker, role = ("A", Role.AGENT) if i % 2 == 0 else ("B", Role.CUSTOMER)
        start = i * 3.0 - (1.0 if i % 10 == 5 else 0.0)
        lines.append((speaker, role, start, i * 3.0 + 2.5, "one two three four five six seven"))
        segments.append((start, i * 3.0 + 2.5, speaker))
    turns = f.turns(lines)
    started = time.perf_counter()
    result = compute_analytics(f.audio(samples, sha256="0" * 64), turns, f.diarization(segments), ROLES, AnalyticsOptions())
    elapsed = time.perf_counter() - started
    assert result.turns == 2400 and len(result.interruptions) == 240
    assert result.party(Role.AGENT).loudness_dbfs == pytest.approx(20 * np.log10(0.05), abs=0.01)  # type: ignore[union-attr]
    assert elapsed < 10.0, f"analytics of a 2-hour call took {elapsed:.1f} s"
