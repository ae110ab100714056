"""Call analytics, with the definitions of AWS Transcribe Call Analytics.

- talk time of a party: length of the union of its speech intervals;
  ``talk_ratio`` is that over the call's duration;
- non-talk time: total of the silences (nobody speaking) of at least
  ``silence_threshold_s``, including before the first and after the last
  speech; each listed, and the longest;
- interruption: party B starts speaking while A is speaking, and both speak
  together for at least ``min_interruption_s`` (shorter overlaps are
  backchannels such as "mm-hm");
- talk speed: words per minute of the party's talk time;
- loudness: RMS of the party's active audio in dBFS (a full-scale sine is
  -3 dBFS), read from the party's own channel in stereo calls;
- turns: total and per party.

Speech intervals come from ``diarization.segments`` mapped through the
roles; a party the diarization does not cover (or a ``"single"``
placeholder diarization) falls back to the spans of its turns. Intervals
are numpy arrays of shape (n, 2) so a 2-hour call stays fast.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence

import numpy as np

from pipeline.diarization.labels import channel_of
from pipeline.options import AnalyticsOptions
from pipeline.types import (
    SAMPLE_RATE,
    Analytics,
    DecodedAudio,
    Diarization,
    Gap,
    Interruption,
    PartyStats,
    Role,
    RoleAssignment,
    SpeakerSegment,
    Turn,
)

log = logging.getLogger(__name__)

# Always listed, so every result has the same two parties; UNKNOWN only when it spoke.
ALWAYS_LISTED = (Role.AGENT, Role.CUSTOMER)
PARTY_ORDER = (Role.AGENT, Role.CUSTOMER, Role.UNKNOWN)
# Digital silence would be -inf dBFS, which JSON cannot carry.
LOUDNESS_FLOOR_DBFS = -120.0
# Samples per block when summing squares (bounds float32 accumulation error).
_BLOCK = 1 << 20

Intervals = np.ndarray  # shape: (n, 2) float64, [start, end) rows


def _intervals(pairs: Iterable[tuple[float, float]], duration: float) -> Intervals:
    array = np.array(list(pairs), dtype=np.float64).reshape(-1, 2)
    array = np.clip(array, 0.0, max(duration, 0.0))
    return array[array[:, 1] > array[:, 0]]


def union(intervals: Intervals) -> Intervals:
    """Sorted, disjoint intervals covering the same time; touching ones merge."""
    if len(intervals) == 0:
        return intervals.reshape(0, 2)
    ordered = intervals[np.argsort(intervals[:, 0], kind="stable")]
    starts, ends = ordered[:, 0], ordered[:, 1]
    reach = np.maximum.accumulate(ends)
    opens = np.empty(len(ordered), dtype=bool)
    opens[0] = True
    opens[1:] = starts[1:] > reach[:-1]
    first = np.flatnonzero(opens)
    return np.column_stack([starts[first], np.maximum.reduceat(ends, first)])


def total(intervals: Intervals) -> float:
    return float(np.sum(intervals[:, 1] - intervals[:, 0])) if len(intervals) else 0.0


def gaps(speech: Intervals, duration: float) -> Intervals:
    """Complement of disjoint sorted ``speech`` within [0, duration]."""
    edges = np.concatenate([[0.0], speech.reshape(-1), [duration]]).reshape(-1, 2)
    return edges[edges[:, 1] > edges[:, 0]]


def interruptions_of(interrupter: Intervals, interrupted: Intervals, min_overlap_s: float) -> list[tuple[float, float]]:
    """(start, overlap) for each block of ``interrupter`` that starts strictly
    inside a block of ``interrupted`` and overlaps it long enough."""
    if len(interrupter) == 0 or len(interrupted) == 0:
        return []
    starts = interrupter[:, 0]
    inside = np.searchsorted(interrupted[:, 0], starts, side="left") - 1  # last block starting before
    valid = inside >= 0
    host = np.clip(inside, 0, None)
    valid &= interrupted[host, 1] > starts
    overlap = np.minimum(interrupter[:, 1], interrupted[host, 1]) - starts
    valid &= overlap >= min_overlap_s
    return [(float(s), float(o)) for s, o in zip(starts[valid], overlap[valid], strict=True)]


def _party_segments(
    diarization: Diarization, roles: RoleAssignment
) -> tuple[dict[Role, list[SpeakerSegment]], dict[Role, list[SpeakerSegment]]]:
    """(segments, exclusive segments) per role; empty for a placeholder diarization."""
    by_role: dict[Role, list[SpeakerSegment]] = {}
    exclusive: dict[Role, list[SpeakerSegment]] = {}
    if diarization.source == "single":
        return by_role, exclusive
    for segment in diarization.segments:
        by_role.setdefault(roles.roles.get(segment.speaker, Role.UNKNOWN), []).append(segment)
    for segment in diarization.exclusive:
        exclusive.setdefault(roles.roles.get(segment.speaker, Role.UNKNOWN), []).append(segment)
    return by_role, exclusive


def _channel_of(speaker: str, channels: int, stereo: bool) -> int:
    channel = channel_of(speaker)
    if stereo and channel is not None and channel < channels:
        return channel
    return 0


def loudness_dbfs(samples: np.ndarray, regions: Sequence[tuple[int, float, float]]) -> float | None:
    """RMS in dBFS over (channel, start, end) regions of ``samples`` (channels, n); None if empty."""
    squares, count = 0.0, 0
    n = samples.shape[1]
    for channel, start, end in regions:
        a, b = max(int(round(start * SAMPLE_RATE)), 0), min(int(round(end * SAMPLE_RATE)), n)
        for block in range(a, b, _BLOCK):
            # A view, no copy; float32 accumulation over <= _BLOCK samples is
            # accurate to ~1e-4 relative (0.0005 dB), far below what matters.
            chunk = samples[channel, block : min(block + _BLOCK, b)]
            squares += float(np.dot(chunk, chunk))
            count += len(chunk)
    if count == 0:
        return None
    rms = math.sqrt(squares / count)
    return max(20.0 * math.log10(rms), LOUDNESS_FLOOR_DBFS) if rms > 0 else LOUDNESS_FLOOR_DBFS


def compute_analytics(
    audio: DecodedAudio,
    turns: Sequence[Turn],
    diarization: Diarization,
    roles: RoleAssignment,
    options: AnalyticsOptions,
) -> Analytics:
    duration = float(audio.info.duration)
    stereo = audio.samples.shape[0] >= 2
    segments, exclusive = _party_segments(diarization, roles)
    turns_of: dict[Role, list[Turn]] = {}
    for turn in turns:
        turns_of.setdefault(turn.role, []).append(turn)

    parties = [r for r in PARTY_ORDER if r in ALWAYS_LISTED or r in segments or r in turns_of]
    channels = audio.samples.shape[0]
    speech: dict[Role, Intervals] = {}
    regions: dict[Role, list[tuple[int, float, float]]] = {}
    for role in parties:
        if role in segments:
            speech[role] = union(_intervals(((s.start, s.end) for s in segments[role]), duration))
            # Mono: the exclusive regions keep the other party's crosstalk out of this party's loudness.
            source = segments[role] if stereo or role not in exclusive else exclusive[role]
            regions[role] = [(_channel_of(s.speaker, channels, stereo), s.start, s.end) for s in source]
        else:
            own = turns_of.get(role, [])
            speech[role] = union(_intervals(((t.start, t.end) for t in own), duration))
            regions[role] = [(_channel_of(t.speaker, channels, stereo), t.start, t.end) for t in own]

    events: list[Interruption] = []
    for interrupter in parties:
        for interrupted in parties:
            if interrupter is interrupted:
                continue
            found = interruptions_of(speech[interrupter], speech[interrupted], options.min_interruption_s)
            events += [Interruption(interrupter, interrupted, start, overlap) for start, overlap in found]
    events.sort(key=lambda e: e.start)

    stats: list[PartyStats] = []
    for role in parties:
        talk = total(speech[role])
        words = sum(len(t.words) for t in turns_of.get(role, []))
        stats.append(
            PartyStats(
                role=role,
                talk_time=talk,
                talk_ratio=talk / duration if duration > 0 else 0.0,
                words=words,
                words_per_minute=words * 60.0 / talk if talk > 0 else 0.0,
                loudness_dbfs=loudness_dbfs(audio.samples, regions[role]),
                turns=len(turns_of.get(role, [])),
                interruptions_made=sum(1 for e in events if e.interrupter is role),
            )
        )

    all_speech = union(np.concatenate([speech[r] for r in parties]))
    silent = gaps(all_speech, duration)
    silent = silent[silent[:, 1] - silent[:, 0] >= options.silence_threshold_s]
    silences = tuple(Gap(float(a), float(b)) for a, b in silent)
    longest = max(silences, key=lambda g: g.duration) if silences else None
    log.debug("analytics: %d parties, %d silences, %d interruptions", len(stats), len(silences), len(events))
    return Analytics(
        duration=duration,
        parties=tuple(stats),
        non_talk_time=total(silent),
        silences=silences,
        longest_silence=longest,
        interruptions=tuple(events),
        turns=len(turns),
    )
