"""Speech recognition stage: faster-whisper (CTranslate2, int8 on CPU).

:func:`load_asr` builds the engine once per process; :func:`transcribe`
turns :class:`DecodedAudio` into a :class:`Transcript`. faster-whisper's own
types stay in this module: everything returned is from ``pipeline.types``.

How a call is recognised:

- Silero VAD (shipped in the faster-whisper wheel) finds the speech of each
  channel, and only that speech reaches Whisper. This is what
  ``transcribe(vad_filter=True)`` does, done here once per channel so the
  speech regions can also pick the channel for language detection and feed
  the guards, instead of running the VAD twice. The VAD runs in blocks and
  long speech goes to Whisper in pieces, so memory stays bounded on
  2-hour calls (faster-whisper computes features for all audio it gets).
- Word timestamps on; ``condition_on_previous_text=False`` (conditioning is
  what lets one hallucination seed the next). Hotwords from the options are
  offered to every 30 s window; the initial prompt, with conditioning off,
  only to the first window of each piece. ``BatchedInferencePipeline`` is not used: on
  tiny.en it silently dropped a third of the speech unless
  ``without_timestamps=False`` was passed (measured when the models were chosen).
- Stereo: each channel is recognised on its own. The language is detected
  once, on the channel with the most speech (or forced by the options),
  and forced for the others. Crosstalk (the other party's voice leaking
  into a channel) is removed, segments are cut where they pass from one
  speech region to the next (the other party may have spoken between), then
  segments of all channels are merged by start time and numbered 0..n-1.
- Every segment passes :mod:`pipeline.asr.hallucinations`, so silence, noise and
  music yield no text. An empty transcript is not an error here.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from pipeline.settings import apply_offline_env

# Before faster-whisper loads ONNX Runtime (its Silero VAD): the runtime
# reads ORT_DISABLE_TELEMETRY when it initialises.
apply_offline_env()

import ctranslate2  # noqa: E402
from faster_whisper import WhisperModel  # noqa: E402
from faster_whisper.transcribe import Segment as WhisperSegment  # noqa: E402
from faster_whisper.transcribe import restore_speech_timestamps  # noqa: E402
from faster_whisper.vad import VadOptions, get_speech_timestamps  # noqa: E402

from pipeline.asr.crosstalk import crosstalk_windows, drop_crosstalk_regions, drop_crosstalk_words
from pipeline.asr.hallucinations import guard_segments
from pipeline.audio.levels import window_power
from pipeline.errors import ErrorCode, InputError, ModelError, ProcessingError
from pipeline.model_files import whisper_model_dir
from pipeline.options import TranscribeOptions
from pipeline.progress import ProgressHook, report
from pipeline.types import SAMPLE_RATE, DecodedAudio, Segment, Transcript, Word

log = logging.getLogger(__name__)

# Whisper samples at a raised temperature when a window's greedy decoding
# fails its thresholds. CTranslate2 seeds each decoding thread's generator
# once, from this seed when it is set before the model loads, so a process
# that recognises one file (``callbrief process``) writes the same
# transcript every time; a worker's later calls continue the same sequence.
SAMPLING_SEED = 0
VAD_BLOCK_S = 600.0  # the VAD copies its input twice: feed it 10 minutes at a time
PIECE_SPEECH_S = 600.0  # at most this much speech per faster-whisper call
# Audio kept on each side of a VAD region (faster-whisper's default is 400):
# the quiet onsets and tails of words at a region's edges (often the first
# or last digit of a number) reach Whisper whole, and more of the pause
# between a channel's regions, which are glued together for Whisper, is kept.
VAD_SPEECH_PAD_MS = 600
UNKNOWN_LANGUAGE = ""  # no speech and no forced language: nothing to detect from

Region = tuple[float, float]  # start, end in seconds
SegmentHook = Callable[[float], None]  # called with each segment's end time


class AsrEngine(Protocol):
    """A speech recogniser for one 16 kHz channel."""

    model_id: str  # recorded in CallResult.models, e.g. "faster-whisper:base:int8"
    languages: tuple[str, ...]  # codes it can transcribe; ("en",) for English-only models

    def speech_regions(self, samples: np.ndarray, min_silence_ms: int) -> list[Region]:
        """Where ``samples`` (shape (n,)) holds speech, in time order."""
        ...

    def recognize(
        self,
        samples: np.ndarray,
        regions: Sequence[Region],
        language: str | None,
        options: TranscribeOptions,
        on_segment: SegmentHook | None = None,
    ) -> Transcript:
        """Recognise the speech in ``regions`` of ``samples`` (language None: detect).

        Segment times are in seconds of ``samples``; ``channel`` is unset."""
        ...


class WhisperEngine:
    """The faster-whisper adapter."""

    def __init__(self, model: WhisperModel, model_id: str) -> None:
        self._model = model
        self.model_id = model_id
        self.languages = tuple(model.supported_languages)

    def speech_regions(self, samples: np.ndarray, min_silence_ms: int) -> list[Region]:
        vad = VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=VAD_SPEECH_PAD_MS)
        block = int(VAD_BLOCK_S * SAMPLE_RATE)
        regions: list[Region] = []
        for offset in range(0, samples.shape[0], block):
            for chunk in get_speech_timestamps(samples[offset : offset + block], vad, sampling_rate=SAMPLE_RATE):
                start, end = (offset + chunk["start"]) / SAMPLE_RATE, (offset + chunk["end"]) / SAMPLE_RATE
                if regions and start <= regions[-1][1]:
                    # Speech across a block boundary: one region again.
                    regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
                else:
                    regions.append((start, end))
        return regions

    def recognize(
        self,
        samples: np.ndarray,
        regions: Sequence[Region],
        language: str | None,
        options: TranscribeOptions,
        on_segment: SegmentHook | None = None,
    ) -> Transcript:
        probability = 1.0
        segments: list[Segment] = []
        for piece in _pieces(regions):
            chunks = [{"start": round(s * SAMPLE_RATE), "end": round(e * SAMPLE_RATE)} for s, e in piece]
            speech = np.concatenate([samples[c["start"] : c["end"]] for c in chunks])
            try:
                found, info = self._model.transcribe(
                    speech,
                    language=language,
                    beam_size=options.beam_size,
                    word_timestamps=True,
                    condition_on_previous_text=False,
                    initial_prompt=options.initial_prompt,
                    hotwords=options.hotwords,
                    no_speech_threshold=options.no_speech_threshold,
                    log_prob_threshold=options.log_prob_threshold,
                    vad_filter=False,  # done above, on the whole channel
                )
                if language is None:
                    language, probability = info.language, float(info.language_probability)
                    log.info("detected language %s (p=%.2f)", language, probability)
                for segment in restore_speech_timestamps(found, chunks, SAMPLE_RATE):
                    segments.append(_from_whisper(segment))
                    if on_segment is not None:
                        on_segment(segment.end)
            except RuntimeError as exc:
                raise ProcessingError(f"speech recognition failed: {exc}", code=ErrorCode.STAGE_FAILED) from exc
        return Transcript(language or UNKNOWN_LANGUAGE, probability, tuple(segments))


def load_asr(options: TranscribeOptions, cache_dir: Path) -> AsrEngine:
    """The Whisper model named by ``options.model`` ("base", "tiny.en" or a CT2 folder)."""
    folder = whisper_model_dir(options.model, cache_dir)
    ctranslate2.set_random_seed(SAMPLING_SEED)
    try:
        model = WhisperModel(
            str(folder),
            device="cpu",
            compute_type=options.compute_type,
            cpu_threads=options.cpu_threads,
            local_files_only=True,
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelError(
            f"Whisper model '{options.model}' ({folder}) failed to load: {exc}", code=ErrorCode.MODEL_LOAD_FAILED
        ) from exc
    name = options.model if options.model in ("base", "tiny.en") else folder.name
    log.info("Whisper %s loaded (%s, %d threads)", name, options.compute_type, options.cpu_threads)
    return WhisperEngine(model, f"faster-whisper:{options.model}:{options.compute_type}")


def transcribe(
    engine: AsrEngine,
    audio: DecodedAudio,
    options: TranscribeOptions,
    channels: list[int] | None = None,
    on_progress: ProgressHook | None = None,
) -> Transcript:
    """Recognise every channel in ``channels`` (None: mono, row 0 unlabelled).

    Stereo segments carry their ``channel``. Raises :class:`InputError`
    (bad_option) for a language the model cannot transcribe."""
    rows = _rows(audio, channels)
    language = _forced_language(engine, options)
    probability = 1.0
    powers = [window_power(row) for row in audio.samples]
    regions: dict[int, list[Region]] = {}
    for row in rows:
        found = engine.speech_regions(audio.samples[row], options.vad_min_silence_ms)
        regions[row] = drop_crosstalk_regions(found, crosstalk_windows(powers, row)) if len(powers) > 1 else found
    # Most speech first: the language is detected there and forced elsewhere.
    order = sorted(rows, key=lambda row: -sum(end - start for start, end in regions[row]))
    duration = max(audio.info.duration, 1e-6)

    segments: list[Segment] = []
    for done, row in enumerate(order):
        if not regions[row]:
            continue

        def on_segment(end: float, done: int = done) -> None:
            report(on_progress, "transcribe", (done + min(end / duration, 1.0)) / len(order))

        samples = audio.samples[row]
        result = engine.recognize(samples, regions[row], language, options, on_segment)
        if language is None:
            language, probability = result.language or None, result.language_probability
        found = split_at_regions(result.segments, regions[row]) if len(rows) > 1 else list(result.segments)
        kept = guard_segments(found, samples, regions[row], powers[row], options)
        if len(powers) > 1:
            kept = drop_crosstalk_words(kept, crosstalk_windows(powers, row))
        channel = row if channels is not None else None
        segments.extend(dataclasses.replace(s, channel=channel) for s in kept)
        log.debug("channel %d: %d segments kept of %d", row, len(kept), len(result.segments))

    segments.sort(key=lambda s: (s.start, s.end, s.channel or 0))
    report(on_progress, "transcribe", 1.0)
    return Transcript(
        language=language or _only_language(engine),
        language_probability=probability if language else 0.0,
        segments=tuple(dataclasses.replace(s, id=i) for i, s in enumerate(segments)),
    )


def split_at_regions(segments: Sequence[Segment], regions: Sequence[Region]) -> list[Segment]:
    """Each segment cut where its words pass from one speech region to the next.

    Whisper reads a channel's speech regions glued together, so on a stereo
    call one segment can hold the end of one turn and the start of the next,
    with the other party's turn between them in time. Cut there, segments of
    the two channels merge by start time in the order they were spoken."""
    starts = [start for start, _ in regions]
    out: list[Segment] = []
    for segment in segments:
        groups: list[list[Word]] = []
        last = -1
        for word in segment.words:
            region = bisect.bisect_right(starts, (word.start + word.end) / 2) - 1
            if groups and region == last:
                groups[-1].append(word)
            else:
                groups.append([word])
            last = region
        if len(groups) < 2:
            out.append(segment)
            continue
        out.extend(
            dataclasses.replace(segment, words=tuple(g), text="".join(w.text for w in g), start=g[0].start, end=g[-1].end)
            for g in groups
        )
    return out


def _rows(audio: DecodedAudio, channels: list[int] | None) -> list[int]:
    if channels is None:
        return [0]
    rows = sorted(set(channels))
    if not rows or rows[0] < 0 or rows[-1] >= audio.samples.shape[0]:
        raise InputError(
            f"channels {channels} do not exist in audio with {audio.samples.shape[0]} channel(s)", code=ErrorCode.BAD_OPTION
        )
    return rows


def _forced_language(engine: AsrEngine, options: TranscribeOptions) -> str | None:
    if not options.language or options.language.lower() == "auto":
        return None if len(engine.languages) > 1 else engine.languages[0]
    code = options.language.replace("_", "-").split("-")[0].lower()
    if code in engine.languages:
        return code
    if len(engine.languages) == 1:
        raise InputError(
            f"the speech model '{engine.model_id}' transcribes only '{engine.languages[0]}', "
            f"not '{options.language}'; choose a multilingual model such as base",
            code=ErrorCode.BAD_OPTION,
        )
    raise InputError(f"unknown language code '{options.language}' (use e.g. en, ko, fr)", code=ErrorCode.BAD_OPTION)


def _only_language(engine: AsrEngine) -> str:
    return engine.languages[0] if len(engine.languages) == 1 else UNKNOWN_LANGUAGE


def _pieces(regions: Sequence[Region]) -> list[list[Region]]:
    """Regions grouped so each group holds at most PIECE_SPEECH_S of speech."""
    pieces: list[list[Region]] = []
    speech = 0.0
    for region in regions:
        length = region[1] - region[0]
        if not pieces or speech + length > PIECE_SPEECH_S:
            pieces.append([])
            speech = 0.0
        pieces[-1].append(region)
        speech += length
    return pieces


def _from_whisper(segment: WhisperSegment) -> Segment:
    words = tuple(
        Word(start=float(w.start), end=float(w.end), text=w.word, probability=float(w.probability))
        for w in segment.words or ()
    )
    return Segment(
        id=segment.id,
        start=float(segment.start),
        end=float(segment.end),
        text=segment.text,
        words=words,
        avg_logprob=float(segment.avg_logprob),
        no_speech_prob=float(segment.no_speech_prob),
    )
