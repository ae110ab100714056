"""Audio redaction: what :mod:`pipeline.redact` removed from the transcript
is also removed from the stored audio.

Each redacted word keeps its timestamps (the first word of a redacted
stretch carries the label, ``[CARD]``, with what followed the stretch in
its last word, ``[CARD].``; the others are empty), so the spans
to remove are known, and on a stereo call so is the channel: only the
speaker's own channel is overwritten, with a quiet 1 kHz tone that tells a
listener something was removed. The file is rewritten frame by frame
(PyAV decodes, libsndfile writes 16-bit WAV), so a long call never sits in
memory whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import soundfile as sf

from pipeline.redact import LABELS
from pipeline.types import CallResult

PAD_S = 0.15  # word timestamps are approximate: cover a little either side
TONE_HZ = 1000.0
TONE_AMPLITUDE = 0.1  # -20 dBFS


@dataclass(frozen=True)
class MutedSpan:
    start: float
    end: float
    channel: int | None  # None: every channel (a mono recording)


def redacted_spans(result: CallResult) -> list[MutedSpan]:
    """The time spans of redacted words, per channel, padded and merged."""
    labels = set(LABELS.values())
    raw: dict[int | None, list[tuple[float, float]]] = {}
    for segment in result.segments:
        for word in segment.words:
            if not word.text.strip() or any(label in word.text for label in labels):
                raw.setdefault(segment.channel, []).append((max(0.0, word.start - PAD_S), word.end + PAD_S))
    spans: list[MutedSpan] = []
    for channel, pieces in raw.items():
        pieces.sort()
        start, end = pieces[0]
        for s, e in pieces[1:]:
            if s <= end:
                end = max(end, e)
            else:
                spans.append(MutedSpan(start, end, channel))
                start, end = s, e
        spans.append(MutedSpan(start, end, channel))
    return sorted(spans, key=lambda span: (span.start, span.channel or 0))


def mute(source: Path, target: Path, spans: list[MutedSpan]) -> None:
    """Write ``source`` to ``target`` (WAV, same rate and channels) with a
    tone over each span on its channel."""
    with av.open(str(source), mode="r", metadata_errors="ignore") as container:
        stream = container.streams.audio[0]
        rate = int(stream.codec_context.sample_rate)
        channels = int(stream.codec_context.channels)
        # Interleaved float32 at the file's own rate and layout.
        resampler = av.AudioResampler(format="flt", layout=stream.codec_context.layout, rate=rate)
        with sf.SoundFile(target, mode="w", samplerate=rate, channels=channels, subtype="PCM_16", format="WAV") as out:
            offset = 0
            for frame in container.decode(stream):
                for converted in resampler.resample(frame):
                    offset = _write(out, converted, offset, rate, channels, spans)
            for converted in resampler.resample(None):
                offset = _write(out, converted, offset, rate, channels, spans)


def _write(out: sf.SoundFile, frame: av.AudioFrame, offset: int, rate: int, channels: int, spans: list[MutedSpan]) -> int:
    block = frame.to_ndarray().reshape(-1, channels).copy()  # shape: (samples, channels)
    first, last = offset, offset + len(block)
    for span in spans:
        lo, hi = max(first, int(span.start * rate)), min(last, int(np.ceil(span.end * rate)))
        if lo >= hi:
            continue
        tone = TONE_AMPLITUDE * np.sin(2 * np.pi * TONE_HZ * np.arange(lo, hi) / rate)
        targets = range(channels) if span.channel is None or span.channel >= channels else [span.channel]
        for channel in targets:
            block[lo - first : hi - first, channel] = tone
    out.write(block)
    return last
