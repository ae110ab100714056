"""The check for two voices merged into one label, with fake embeddings
(the whole diarization stage around it is in test_diarize.py)."""

from __future__ import annotations

import numpy as np

from pipeline.diarization.merged_voices import MergedVoicesCheck, check_merged_voices
from pipeline.types import SAMPLE_RATE, Diarization, SpeakerSegment

# 10 turns of 3.5 s with 0.5 s pauses; voice 0 speaks first.
TURNS = [(i * 4.0, i * 4.0 + 3.5, i % 2) for i in range(10)]
DURATION = 40.0


def two_voices(turns: list[tuple[float, float, int]] = TURNS, duration: float = DURATION) -> np.ndarray:
    """Voice 0 is a +0.1 offset, voice 1 a -0.1 offset; silence between turns."""
    samples = np.zeros(int(duration * SAMPLE_RATE), dtype=np.float32)
    for start, end, voice in turns:
        samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)] = 0.1 if voice == 0 else -0.1
    return samples


class FakeEmbedding:
    """192-dimensional (as CAM++'s) embeddings: the sign of a window's mean
    says which voice it holds, plus a little noise; records the batches."""

    def __init__(self, separates: bool = True) -> None:
        self.separates = separates
        self.batches: list[int] = []

    def __call__(self, windows: np.ndarray) -> np.ndarray:
        self.batches.append(len(windows))
        rng = np.random.default_rng(len(self.batches))
        base = np.zeros((len(windows), 192))
        voice_one = windows.mean(axis=1) < 0
        base[:, 0] = 1.0
        if self.separates:  # else: one voice, whatever the labels say
            base[voice_one] = np.roll(base[voice_one], 1, axis=1)
        return base + 0.02 * rng.standard_normal(base.shape)


def labelled(segments: tuple[SpeakerSegment, ...]) -> Diarization:
    return Diarization(segments, segments, tuple(sorted({s.speaker for s in segments})), "diarization")


# The failure mode: the turns found, nearly all of them under one label.
MERGED = labelled(tuple(SpeakerSegment(a, b, "SPEAKER_01" if a > 35 else "SPEAKER_00") for a, b, _ in TURNS))
GOOD = labelled(tuple(SpeakerSegment(a, b, f"SPEAKER_{v:02d}") for a, b, v in TURNS))


def owner_of(result: Diarization, start: float, end: float) -> str:
    covered: dict[str, float] = {}
    for s in result.exclusive:
        covered[s.speaker] = covered.get(s.speaker, 0.0) + max(0.0, min(s.end, end) - max(s.start, start))
    return max(covered, key=lambda k: covered[k])


def test_a_merged_call_is_relabelled_without_overlaps_and_named_in_order_of_speaking() -> None:
    outcome = check_merged_voices(two_voices(), MERGED, FakeEmbedding())
    assert outcome.relabelled
    assert outcome.silhouette_clustering is not None and outcome.silhouette_diarization is not None
    assert outcome.silhouette_clustering - outcome.silhouette_diarization >= MergedVoicesCheck().margin
    result = outcome.diarization
    assert result.segments == result.exclusive and result.source == "diarization"
    assert result.speakers == ("SPEAKER_00", "SPEAKER_01")
    assert [owner_of(result, a, b) for a, b, _ in TURNS] == [f"SPEAKER_{v:02d}" for _, _, v in TURNS]
    ends = [(s.start, s.end) for s in result.segments]
    assert all(a < b <= c for (a, b), (c, _) in zip(ends, ends[1:])), "in time order, never overlapping"


def test_pauses_stay_pauses_after_relabelling() -> None:
    result = check_merged_voices(two_voices(), MERGED, FakeEmbedding()).diarization
    for _, end, _ in TURNS[:-1]:
        pause = (end + 0.05, end + 0.45)
        assert not any(s.start < pause[1] and s.end > pause[0] for s in result.segments), pause


def test_a_good_diarization_is_returned_as_it_is() -> None:
    outcome = check_merged_voices(two_voices(), GOOD, FakeEmbedding())
    assert not outcome.relabelled and outcome.diarization is GOOD


def test_one_voice_under_two_labels_is_not_split_again() -> None:
    # Embeddings that hear a single voice: no clustering separates it.
    outcome = check_merged_voices(two_voices(), MERGED, FakeEmbedding(separates=False))
    assert not outcome.relabelled and outcome.diarization is MERGED


def test_too_little_speech_is_not_judged_or_embedded() -> None:
    short = labelled((SpeakerSegment(0.0, 3.0, "SPEAKER_00"), SpeakerSegment(3.5, 6.0, "SPEAKER_01")))
    embed = FakeEmbedding()
    outcome = check_merged_voices(two_voices([(0.0, 3.0, 0), (3.5, 6.0, 1)], 7.0), short, embed)
    assert not outcome.relabelled
    assert (outcome.silhouette_diarization, outcome.silhouette_clustering) == (None, None)
    assert outcome.windows < MergedVoicesCheck().min_windows
    assert embed.batches == []


def test_a_long_call_embeds_a_bounded_number_of_windows_in_batches() -> None:
    embed = FakeEmbedding()
    fractions: list[float] = []
    config = MergedVoicesCheck(max_windows=10, batch_size=4)
    outcome = check_merged_voices(two_voices(), GOOD, embed, config, on_fraction=fractions.append)
    assert outcome.windows == 10 and sum(embed.batches) == 10
    assert max(embed.batches) <= 4
    assert fractions == [0.5]
