"""Attribution: every word gets a speaker, words merge into turns, speakers get roles.

    Transcript (words, no speaker) + Diarization
      -> assign_words -> Transcript (every Word.speaker set)
      -> make_turns   -> Turn 0..n-1 (role UNKNOWN)
      -> decide_roles -> RoleAssignment (speaker label -> agent/customer)

Stereo segments carry their channel, so their words belong to ``ch<i>``.
Mono words go to the speaker of ``diarization.exclusive`` (or, if a
diarizer gave none, ``segments``) that overlaps the word most; a word in a
gap goes to the nearest segment in time; no segments at all: ``SPEAKER_00``.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Sequence

import numpy as np

from pipeline.options import AttributeOptions
from pipeline.attribution.roles import RoleDecider, decide_by_cues
from pipeline.diarization.labels import SINGLE_SPEAKER, channel_label
from pipeline.types import Diarization, Role, RoleAssignment, Segment, SpeakerSegment, Transcript, Turn, Word

log = logging.getLogger(__name__)

# Languages whose Whisper words carry no spaces between them.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "my", "km", "yue", "bo"})


class _SpeakerIndex:
    """Exclusive diarization segments sorted by start, searchable by time."""

    def __init__(self, segments: Sequence[SpeakerSegment]) -> None:
        ordered = sorted(segments, key=lambda s: (s.start, s.end))
        self.labels = [s.speaker for s in ordered]
        self.starts = np.array([s.start for s in ordered], dtype=np.float64)  # shape: (n,)
        self.ends = np.array([s.end for s in ordered], dtype=np.float64)  # shape: (n,)
        # Running max of ends keeps the search right if segments ever overlap.
        self.max_ends = np.maximum.accumulate(self.ends) if len(ordered) else self.ends

    def speaker_of(self, start: float, end: float) -> str:
        lo = int(np.searchsorted(self.max_ends, start, side="right"))
        hi = int(np.searchsorted(self.starts, end, side="left"))
        overlap: dict[str, float] = {}
        for i in range(lo, hi):
            amount = min(end, self.ends[i]) - max(start, self.starts[i])
            if amount > 0:
                overlap[self.labels[i]] = overlap.get(self.labels[i], 0.0) + amount
        if overlap:
            return max(overlap, key=lambda label: overlap[label])
        # No overlap (a word in a gap, or a zero-length word): nearest segment in time.
        distance = np.maximum(np.maximum(self.starts - end, start - self.ends), 0.0)
        return self.labels[int(np.argmin(distance))]


def assign_words(transcript: Transcript, diarization: Diarization, options: AttributeOptions) -> Transcript:
    """Every word gets a speaker label. Segments that have text but no word
    timings get one word spanning the segment, so no text is lost."""
    reference = diarization.exclusive or diarization.segments
    index = _SpeakerIndex(reference) if reference else None
    segments: list[Segment] = []
    for segment in transcript.segments:
        words = segment.words or _segment_as_words(segment)
        if segment.channel is not None:
            label = channel_label(segment.channel)
            words = tuple(dataclasses.replace(w, speaker=label) for w in words)
        elif index is None:
            words = tuple(dataclasses.replace(w, speaker=SINGLE_SPEAKER) for w in words)
        else:
            words = tuple(dataclasses.replace(w, speaker=index.speaker_of(w.start, w.end)) for w in words)
        segments.append(dataclasses.replace(segment, words=words))
    return dataclasses.replace(transcript, segments=tuple(segments))


def _segment_as_words(segment: Segment) -> tuple[Word, ...]:
    if not segment.text.strip():
        return ()
    probability = min(1.0, math.exp(segment.avg_logprob))
    return (Word(segment.start, segment.end, " " + segment.text.strip(), probability),)


def join_words(words: Sequence[Word], language: str | None = None) -> str:
    """Words as readable text. Whisper words carry their leading space
    (" Hello", " world", ","), so they concatenate; words from elsewhere
    without spaces are joined with one, except in unspaced scripts."""
    if not words:
        return ""
    spaced = any(w.text[:1].isspace() for w in words)
    if spaced or (language or "").split("-")[0] in UNSPACED_LANGUAGES:
        text = "".join(w.text for w in words)
    else:
        text = " ".join(w.text.strip() for w in words)
    return " ".join(text.split())


def make_turns(transcript: Transcript, options: AttributeOptions) -> tuple[Turn, ...]:
    """Consecutive words of one speaker, in time order, become one turn unless
    they are ``options.max_pause_s`` or more apart."""
    words = sorted(transcript.words, key=lambda w: (w.start, w.end))
    groups: list[list[Word]] = []
    for word in words:
        if groups:
            previous = groups[-1][-1]
            if word.speaker == previous.speaker and word.start - previous.end < options.max_pause_s:
                groups[-1].append(word)
                continue
        groups.append([word])
    return tuple(
        Turn(
            id=i,
            speaker=group[0].speaker or SINGLE_SPEAKER,
            role=Role.UNKNOWN,
            start=group[0].start,
            end=max(w.end for w in group),
            text=join_words(group, transcript.language),
            words=tuple(group),
        )
        for i, group in enumerate(groups)
    )


def decide_roles(
    turns: Sequence[Turn],
    diarization: Diarization,
    channel_roles: Sequence[Role] | None,
    decider: RoleDecider = decide_by_cues,
) -> RoleAssignment:
    """Speaker label -> role. Stereo: channel ``i`` is ``channel_roles[i]``.
    Mono: ``decider`` reads the words (see :mod:`pipeline.attribution.roles`)."""
    if channel_roles is not None:
        roles = {channel_label(i): role for i, role in enumerate(channel_roles)}
        for label in diarization.speakers:
            roles.setdefault(label, Role.UNKNOWN)
        return RoleAssignment(roles=roles, confidence=1.0, method="channels")
    speakers = list(dict.fromkeys([*diarization.speakers, *(s.speaker for s in diarization.segments)]))
    assignment = decider(turns, speakers)
    log.info("roles decided by %s, confidence %.2f", assignment.method, assignment.confidence)
    return assignment
