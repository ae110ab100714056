"""The guards against Whisper's output on silence, noise and music, one check
at a time, on generated tones (the whole guard inside recognition is in
test_transcribe.py)."""

from __future__ import annotations

import numpy as np

from pipeline.asr.hallucinations import (
    collapse_loops,
    drop_repeated_segments,
    guard_segments,
    normalise,
    strip_annotations,
    whisper_says_no_speech,
)
from pipeline.audio.levels import window_power
from pipeline.options import TranscribeOptions
from pipeline.types import SAMPLE_RATE, Segment, Word

SR = SAMPLE_RATE


def tone(seconds: float, level: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (level * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32)


def channel(total_s: float, *parts: tuple[float, float, float]) -> np.ndarray:
    """A channel of silence with tones (start, seconds, level) placed on it."""
    row = np.zeros(int(total_s * SR), np.float32)
    for start, seconds, level in parts:
        at = int(start * SR)
        piece = tone(seconds, level)
        row[at : at + piece.shape[0]] += piece
    return row


def seg(start: float, end: float, text: str, *, p: float = 0.9, logprob: float = -0.2, no_speech: float = 0.05) -> Segment:
    tokens = text.split()
    step = (end - start) / len(tokens)
    words = tuple(Word(start + i * step, start + (i + 1) * step, " " + t, p) for i, t in enumerate(tokens))
    return Segment(0, start, end, " " + text, words, avg_logprob=logprob, no_speech_prob=no_speech)


def kept(segments: list[Segment], row: np.ndarray, regions: list[tuple[float, float]]) -> list[str]:
    out = guard_segments(segments, row, regions, window_power(row), TranscribeOptions())
    return [s.text.strip() for s in out]


def test_normalise_ignores_case_punctuation_symbols_and_width() -> None:
    assert normalise("  Thank you,   SO much!! ♪") == "thank you so much"
    assert normalise("ＴＨＡＮＫＳ") == "thanks"
    assert normalise("시청해 주셔서 감사합니다.") == "시청해 주셔서 감사합니다"


def test_an_annotation_split_over_words_is_removed_and_the_times_follow_the_speech() -> None:
    words = (
        Word(0.0, 0.5, " [upbeat", 0.9),
        Word(0.5, 1.0, " music]", 0.9),
        Word(1.2, 1.6, " your", 0.9),
        Word(1.6, 2.0, " bill", 0.9),
    )
    cleaned = strip_annotations(Segment(0, 0.0, 2.0, " [upbeat music] your bill", words))
    assert cleaned is not None
    assert (cleaned.text, cleaned.start, cleaned.end) == (" your bill", 1.2, 2.0)


def test_a_segment_without_words_loses_its_annotations_or_is_dropped() -> None:
    cleaned = strip_annotations(Segment(0, 0.0, 2.0, " (laughs) okay then", ()))
    assert cleaned is not None and normalise(cleaned.text) == "okay then"
    assert strip_annotations(Segment(0, 0.0, 2.0, " [Music] (applause)", ())) is None


def test_whisper_no_speech_verdict_needs_both_signs() -> None:
    options = TranscribeOptions()
    assert whisper_says_no_speech(seg(0, 1, "hello there", no_speech=0.9, logprob=-1.5), options)
    assert not whisper_says_no_speech(seg(0, 1, "hello there", no_speech=0.9, logprob=-0.5), options)
    assert not whisper_says_no_speech(seg(0, 1, "hello there", no_speech=0.1, logprob=-1.5), options)


def test_one_word_said_a_few_times_is_kept_and_a_loop_of_it_collapses() -> None:
    four = seg(0, 4, "no no no no")
    assert collapse_loops(four) == four  # people say this
    five = collapse_loops(seg(0, 5, "no no no no no"))
    assert normalise(five.text) == "no" and (five.start, five.end) == (0, 1)


def test_a_phrase_loops_only_from_three_repeats() -> None:
    twice = seg(0, 4, "let me check let me check")
    assert collapse_loops(twice) == twice
    thrice = collapse_loops(seg(0, 9, "let me check let me check let me check"))
    assert normalise(thrice.text) == "let me check"


def test_repeated_one_word_segments_are_kept_and_a_broken_run_starts_again() -> None:
    yes = [seg(i, i + 1, "Yes.") for i in range(4)]
    assert drop_repeated_segments(yes) == yes
    run = [seg(0, 1, "Please hold on."), seg(1, 2, "Please hold on."), seg(2, 3, "Sure."), seg(3, 4, "Please hold on.")]
    assert drop_repeated_segments(run) == run


def test_a_video_phrase_inside_a_longer_segment_drops_it_even_when_spaced_oddly() -> None:
    row = channel(6, (0, 6, 0.3))
    assert kept([seg(0, 3, "okay thanks for watching bye"), seg(3, 6, "amara . org")], row, [(0, 6)]) == []


def test_a_courtesy_phrase_far_quieter_than_the_channels_speech_is_dropped() -> None:
    # Speech at about -13 dBFS, then the same phrase at about -43 dBFS (VAD said speech for both).
    row = channel(8, (0, 4, 0.3), (5, 2, 0.01))
    regions = [(0.0, 4.0), (5.0, 7.0)]
    assert kept([seg(1, 3, "Thank you."), seg(5, 7, "Thank you.")], row, regions) == ["Thank you."]


def test_a_courtesy_phrase_with_little_vad_speech_under_it_is_dropped() -> None:
    row = channel(4, (0, 4, 0.3))
    assert kept([seg(0, 2, "Bye.")], row, [(0.0, 0.5)]) == []
    assert kept([seg(0, 2, "Bye.")], row, [(0.0, 2.0)]) == ["Bye."]


def test_only_courtesy_phrases_are_dropped_for_low_confidence() -> None:
    row = channel(4, (0, 4, 0.3))
    assert kept([seg(0, 2, "Thank you.", logprob=-0.9)], row, [(0.0, 4.0)]) == []
    assert kept([seg(0, 2, "your balance is due", logprob=-0.9)], row, [(0.0, 4.0)]) == ["your balance is due"]
    assert kept([seg(0, 2, "감사합니다", p=0.2)], row, [(0.0, 4.0)]) == []
