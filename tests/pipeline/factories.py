"""Hand-built pipeline values for tests: words, turns, audio, a whole CallResult.

Words are spread evenly over their span and carry Whisper's leading space
(" Hello"), as faster-whisper returns them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from pipeline.audio.levels import window_power

from pipeline.types import (
    SAMPLE_RATE,
    ActionItem,
    Analytics,
    AudioInfo,
    CallResult,
    Cited,
    CustomerSentiment,
    DecodedAudio,
    Diarization,
    FactCheck,
    KeyFact,
    Resolution,
    Role,
    RoleAssignment,
    Segment,
    Sentiment,
    SpeakerSegment,
    StageTiming,
    Summary,
    SummaryResolution,
    Transcript,
    Turn,
    Word,
)

# (speaker, role, start, end, text)
Line = tuple[str, Role, float, float, str]


def words(text: str, start: float, end: float, speaker: str | None = None) -> tuple[Word, ...]:
    tokens = text.split()
    if not tokens:
        return ()
    step = (end - start) / len(tokens)
    return tuple(
        Word(start + i * step, start + (i + 1) * step, " " + token, 0.9, speaker) for i, token in enumerate(tokens)
    )


def turn(id: int, speaker: str, role: Role, start: float, end: float, text: str) -> Turn:
    return Turn(id, speaker, role, start, end, " ".join(text.split()), words(text, start, end, speaker))


def turns(lines: Sequence[Line]) -> tuple[Turn, ...]:
    return tuple(turn(i, *line) for i, line in enumerate(lines))


def speaker_turns(lines: Sequence[tuple[str, str]], seconds_each: float = 3.0) -> tuple[Turn, ...]:
    """Turns from (speaker, text) dialogue lines, back to back, roles UNKNOWN."""
    return tuple(
        turn(i, speaker, Role.UNKNOWN, i * seconds_each, (i + 1) * seconds_each - 0.2, text)
        for i, (speaker, text) in enumerate(lines)
    )


def segment(id: int, start: float, end: float, text: str, channel: int | None = None) -> Segment:
    return Segment(id, start, end, " " + " ".join(text.split()), words(text, start, end), channel)


def transcript(segments: Sequence[Segment], language: str = "en") -> Transcript:
    return Transcript(language, 0.99, tuple(segments))


def diarization(segments: Sequence[tuple[float, float, str]], source: str = "diarization") -> Diarization:
    """Diarization whose exclusive view equals its segments (no overlaps given)."""
    items = tuple(SpeakerSegment(a, b, s) for a, b, s in segments)
    speakers = tuple(sorted({s for _, _, s in segments}))
    return Diarization(items, items, speakers, source)


def audio(samples: np.ndarray, sha256: str | None = None) -> DecodedAudio:
    """DecodedAudio around ``samples`` of shape (channels, n) at 16 kHz."""
    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim == 1:
        samples = samples[None, :]
    digest = sha256 or hashlib.sha256(samples.tobytes()).hexdigest()
    info = AudioInfo(
        duration=samples.shape[1] / SAMPLE_RATE,
        channels=samples.shape[0],
        sample_rate=SAMPLE_RATE,
        sha256=digest,
        format="wav",
        size_bytes=samples.nbytes,
    )
    return DecodedAudio(info, samples)


def silence(duration: float, channels: int = 1) -> DecodedAudio:
    return audio(np.zeros((channels, int(round(duration * SAMPLE_RATE))), dtype=np.float32))


def empty_analytics(duration: float, n_turns: int = 0) -> Analytics:
    return Analytics(duration, (), 0.0, (), None, (), n_turns)


def summary() -> Summary:
    return Summary(
        summary=Cited("Customer queried a £42.10 charge; agent credited it.", (1, 2)),
        reason=Cited("Unexpected charge on the March bill.", (1,)),
        resolution=SummaryResolution(Resolution.RESOLVED, "Charge credited.", (2,)),
        action_items=(ActionItem(Role.AGENT, "Call back to confirm the credit", "Friday", (3,)),),
        follow_up_required=True,
        customer_sentiment=CustomerSentiment(Sentiment.NEGATIVE, Sentiment.POSITIVE, (1, 3)),
        key_facts=(
            KeyFact("amount", "£42.10", (1,)),
            KeyFact("reference", "REF-99812", (2,)),
            KeyFact("amount", "£77.00", (), verified=False),
        ),
        checks=(FactCheck("key_facts[2].value", "77.00", False, "flagged"),),
        generator="extractive",
        model="",
    )


DIALOGUE: tuple[Line, ...] = (
    ("ch0", Role.AGENT, 0.5, 4.0, "Thank you for calling Northwind Energy, this is Sam. How can I help?"),
    ("ch1", Role.CUSTOMER, 4.5, 9.0, "Hi, I'm calling about my bill, there's a charge of £42.10 I don't recognise."),
    ("ch0", Role.AGENT, 9.5, 14.0, "Let me check. I've credited it, your reference is REF-99812."),
    ("ch1", Role.CUSTOMER, 14.5, 16.0, "Great, thanks & bye <3"),
)


def call_result(
    lines: Sequence[Line] = DIALOGUE,
    *,
    with_summary: bool = True,
    language: str = "en",
    sha256: str = "ab" * 32,
    duration: float | None = None,
) -> CallResult:
    built = turns(lines)
    length = duration if duration is not None else max((t.end for t in built), default=0.0) + 1.0
    segments = tuple(
        Segment(t.id, t.start, t.end, " " + t.text, t.words, int(t.speaker[2:]) if t.speaker.startswith("ch") else None)
        for t in built
    )
    speakers = sorted({t.speaker for t in built})
    return CallResult(
        audio=AudioInfo(length, 2, 8000, sha256, "wav", 1234),
        language=language,
        language_probability=0.98,
        segments=segments,
        turns=built,
        roles=RoleAssignment({s: next(t.role for t in built if t.speaker == s) for s in speakers}, 1.0, "channels"),
        analytics=empty_analytics(length, len(built)),
        summary=summary() if with_summary else None,
        timings=(StageTiming("decode", 0.1), StageTiming("transcribe", 2.0)),
        models={"asr": "faster-whisper:base:int8"},
        speaker_source="channels",
        version="0.1.0",
    )


def loud_regions(samples: np.ndarray, min_silence_ms: int, threshold: float) -> list[tuple[float, float]]:
    """A fake VAD: the 0.1 s windows whose power is above ``threshold``, joined
    across gaps shorter than ``min_silence_ms``."""
    regions: list[tuple[float, float]] = []
    for i in np.flatnonzero(window_power(samples) > threshold):
        start, end = i / 10, (i + 1) / 10
        if regions and start - regions[-1][1] < min_silence_ms / 1000:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions
