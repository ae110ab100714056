"""Speaker labels: how a :class:`pipeline.types.Diarization` names its speakers.

    ch0, ch1             stereo: the speaker is the channel
                         (:mod:`pipeline.diarization.channels`); roles come from
                         the channel order (``--channels``)
    SPEAKER_00, ...      mono: anonymous speakers numbered in order of first
                         speech (:mod:`pipeline.diarization.diarize`,
                         :mod:`pipeline.diarization.merged_voices`); roles come
                         from the words (:mod:`pipeline.attribution.roles`)

Labels are built and read back only here.
"""

from __future__ import annotations

import re

_CHANNEL = re.compile(r"ch(\d+)")


def channel_label(channel: int) -> str:
    """The speaker of stereo channel ``channel`` (0-based)."""
    return f"ch{channel}"


def channel_of(label: str) -> int | None:
    """The channel a :func:`channel_label` names; None for any other label."""
    match = _CHANNEL.fullmatch(label)
    return int(match.group(1)) if match else None


def speaker_label(index: int) -> str:
    """The ``index``-th anonymous speaker of a mono call (0-based)."""
    return f"SPEAKER_{index:02d}"


# A call with no speech, or words with no speaker segment at all.
SINGLE_SPEAKER = speaker_label(0)
