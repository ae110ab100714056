"""Guards against Whisper's known failures on silence, noise and music.

Whisper was trained on subtitled video, so where a call has no speech it
tends to write what video subtitles say there: "Thank you for watching",
subtitle credits ("Subtitles by the Amara.org community"), the Korean
"시청해주셔서 감사합니다", "[Music]", or one phrase repeated until the window
ends (openai/whisper#679, #928; SYSTRAN/faster-whisper#621). A call section
with no speech must yield no text, so after recognition each segment goes
through these checks, in order:

1. annotations ("[Music]", "(laughs)", "♪") are removed; nothing left -> dropped
2. Whisper's own verdict: no-speech probability high AND log-probability
   low (the thresholds of ``TranscribeOptions``) -> dropped
3. repetition loops inside a segment collapse to one occurrence
4. known hallucinations: subtitle/video phrases nobody says on a phone call
   are always dropped; short courtesy phrases ("Thank you.", "Bye.", "You")
   only when the evidence says they were not spoken: their audio is quiet
   next to the channel's speech, VAD found little speech under them, or
   Whisper itself was unsure
5. runs of identical consecutive segments keep only the first
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from pipeline.audio.levels import WINDOW, power_dbfs
from pipeline.options import TranscribeOptions
from pipeline.types import SAMPLE_RATE, Segment, Word

# Subtitle and video-channel phrases (normalised) that Whisper writes over
# silence or music, collected from the issues above. They are never the
# words of a phone call, so a segment containing one is dropped outright.
VIDEO_PHRASES: tuple[str, ...] = (
    "thanks for watching",
    "thank you for watching",
    "thank you so much for watching",
    "please subscribe",
    "like and subscribe",
    "dont forget to subscribe",
    "subtitles by",
    "captions by",
    "subtitled by",
    "transcribed by",
    "transcription by castingwords",
    "amaraorg",
    "untertitel",
    "soustitres",
    "subtítulos realizados por",
    "ondertiteld door",
    "legendas pela comunidade",
    "субтитры",
    "продолжение следует",
    "시청해주셔서 감사합니다",
    "시청해 주셔서 감사합니다",
    "구독과 좋아요",
    "mbc 뉴스",
    "자막 제공",
    "ご視聴ありがとうございました",
    "チャンネル登録",
    "字幕by",
    "请不吝点赞",
    "订阅 转发",
)
# Short phrases Whisper also produces on silence, but which callers really
# say: dropped only with evidence that nobody spoke them.
COURTESY_PHRASES: frozenset[str] = frozenset(
    {
        "you",
        "thank you",
        "thank you very much",
        "thank you so much",
        "thanks",
        "bye",
        "bye bye",
        "goodbye",
        "the end",
        "so",
        "oh",
        "hmm",
        "um",
        "uh",
        "감사합니다",
        "고맙습니다",
    }
)
# Evidence that a courtesy phrase was not spoken.
QUIET_BELOW_SPEECH_DB = 15.0  # segment level vs the channel's median speech level
QUIET_DBFS = -50.0
THIN_SPEECH_RATIO = 0.5  # VAD speech under the segment / its duration
UNSURE_NO_SPEECH_PROB = 0.3
UNSURE_AVG_LOGPROB = -0.7
UNSURE_WORD_PROBABILITY = 0.5
# Repetition loops: an n-word phrase repeated this often in a row collapses.
MAX_LOOP_WORDS = 10
MIN_LOOP_REPEATS_ONE_WORD = 5
MIN_LOOP_REPEATS = 3
MIN_REPEATED_SEGMENTS = 3

_OPEN, _CLOSE = "[(", "])"


def guard_segments(
    segments: Sequence[Segment],
    samples: np.ndarray,
    regions: Sequence[tuple[float, float]],
    window_power: np.ndarray,
    options: TranscribeOptions,
) -> list[Segment]:
    """The segments of one channel that are speech, cleaned of loops."""
    # shape of samples: (n,), the channel; window_power: 100 ms windows of it
    speech_dbfs = _speech_level_dbfs(regions, window_power)
    kept: list[Segment] = []
    for segment in segments:
        cleaned = strip_annotations(segment)
        if cleaned is None or whisper_says_no_speech(cleaned, options):
            continue
        cleaned = collapse_loops(cleaned)
        if _is_hallucination(cleaned, samples, regions, speech_dbfs):
            continue
        kept.append(cleaned)
    return drop_repeated_segments(kept)


def normalise(text: str) -> str:
    """Lower case, no punctuation or symbols, single spaces (for matching)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in text if not unicodedata.category(c).startswith(("P", "S")))
    return " ".join(text.split())


def strip_annotations(segment: Segment) -> Segment | None:
    """Without bracketed annotations and music symbols; None if nothing is left."""
    if not segment.words:
        text = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", segment.text)
        return dataclasses.replace(segment, text=text) if normalise(text) else None
    words: list[Word] = []
    depth = 0
    for word in segment.words:
        spoken = False
        for char in word.text:
            if char in _OPEN:
                depth += 1
            elif char in _CLOSE:
                depth = max(depth - 1, 0)
            elif depth == 0 and char.isalnum():
                spoken = True
        if spoken:
            words.append(word)
    if not words:
        return None
    if len(words) == len(segment.words):
        return segment
    return _with_words(segment, words)


def whisper_says_no_speech(segment: Segment, options: TranscribeOptions) -> bool:
    return segment.no_speech_prob > options.no_speech_threshold and segment.avg_logprob < options.log_prob_threshold


def collapse_loops(segment: Segment) -> Segment:
    """A phrase repeated many times in a row (a decoding loop) kept once."""
    keys = [normalise(w.text) for w in segment.words]
    kept: list[Word] = []
    i = 0
    while i < len(keys):
        size, repeats = _longest_loop(keys, i)
        kept.extend(segment.words[i : i + size])
        i += size * repeats
    if len(kept) == len(segment.words):
        return segment
    return _with_words(segment, kept)


def _longest_loop(keys: list[str], i: int) -> tuple[int, int]:
    """(phrase length, repeats) of the loop starting at i, or (1, 1)."""
    best = (1, 1)
    for size in range(1, MAX_LOOP_WORDS + 1):
        phrase = keys[i : i + size]
        if len(phrase) < size:
            break
        repeats = 1
        while keys[i + repeats * size : i + (repeats + 1) * size] == phrase:
            repeats += 1
        needed = MIN_LOOP_REPEATS_ONE_WORD if size == 1 else MIN_LOOP_REPEATS
        if repeats >= needed and size * repeats > best[0] * best[1]:
            best = (size, repeats)
    return best


def drop_repeated_segments(segments: list[Segment]) -> list[Segment]:
    kept: list[Segment] = []
    run = 0
    for segment in segments:
        same = (
            bool(kept)
            and normalise(segment.text) == normalise(kept[-1].text)
            and len(normalise(segment.text).split()) >= 2
        )
        run = run + 1 if same else 1
        if run < MIN_REPEATED_SEGMENTS:
            kept.append(segment)
        elif run == MIN_REPEATED_SEGMENTS:
            # The first two were already kept before the run showed itself.
            kept.pop()
    return kept


def _is_hallucination(
    segment: Segment, samples: np.ndarray, regions: Sequence[tuple[float, float]], speech_dbfs: float
) -> bool:
    text = normalise(segment.text)
    squeezed = text.replace(" ", "")
    if any(phrase.replace(" ", "") in squeezed for phrase in VIDEO_PHRASES):
        return True
    if text not in COURTESY_PHRASES:
        return False
    return _quiet(segment, samples, speech_dbfs) or _thin(segment, regions) or _unsure(segment)


def _quiet(segment: Segment, samples: np.ndarray, speech_dbfs: float) -> bool:
    piece = samples[int(segment.start * SAMPLE_RATE) : int(segment.end * SAMPLE_RATE)]
    if piece.shape[0] == 0:
        return True
    level = power_dbfs(float(np.dot(piece, piece)) / piece.shape[0])
    return level < QUIET_DBFS or level < speech_dbfs - QUIET_BELOW_SPEECH_DB


def _thin(segment: Segment, regions: Sequence[tuple[float, float]]) -> bool:
    duration = segment.end - segment.start
    if duration <= 0:
        return True
    speech = sum(max(0.0, min(end, segment.end) - max(start, segment.start)) for start, end in regions)
    return speech < THIN_SPEECH_RATIO * duration


def _unsure(segment: Segment) -> bool:
    if segment.no_speech_prob > UNSURE_NO_SPEECH_PROB or segment.avg_logprob < UNSURE_AVG_LOGPROB:
        return True
    if segment.words:
        mean = sum(w.probability for w in segment.words) / len(segment.words)
        return mean < UNSURE_WORD_PROBABILITY
    return False


def _speech_level_dbfs(regions: Sequence[tuple[float, float]], window_power: np.ndarray) -> float:
    """Median level of the 100 ms windows VAD calls speech."""
    windows_per_s = SAMPLE_RATE / WINDOW
    picked = [window_power[int(start * windows_per_s) : int(np.ceil(end * windows_per_s))] for start, end in regions]
    powers = np.concatenate(picked) if picked else np.empty(0)
    powers = powers[powers > 0]
    return power_dbfs(float(np.median(powers))) if powers.size else -np.inf


def _with_words(segment: Segment, words: Sequence[Word]) -> Segment:
    return dataclasses.replace(
        segment,
        words=tuple(words),
        text="".join(w.text for w in words),
        start=words[0].start,
        end=words[-1].end,
    )
