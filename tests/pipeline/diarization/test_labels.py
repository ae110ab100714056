"""Speaker labels (pipeline.diarization.labels): built and read back in one place."""

from __future__ import annotations

import pytest

from pipeline.diarization.labels import SINGLE_SPEAKER, channel_label, channel_of, speaker_label


def test_channel_labels_read_back_as_their_channel() -> None:
    assert [channel_label(c) for c in range(3)] == ["ch0", "ch1", "ch2"]
    assert [channel_of(channel_label(c)) for c in (0, 1, 12)] == [0, 1, 12]


@pytest.mark.parametrize("label", ["SPEAKER_00", "ch", "chx", "ch1 ", "ch1\n", "xch1", "CH1", ""])
def test_other_labels_name_no_channel(label: str) -> None:
    assert channel_of(label) is None


def test_mono_speakers_are_numbered_with_two_digits() -> None:
    assert [speaker_label(i) for i in (0, 1, 10)] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_10"]
    assert SINGLE_SPEAKER == "SPEAKER_00"
