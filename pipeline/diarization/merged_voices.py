"""A check for two voices that the segmentation model merged into one label.

On some voice pairs (seen mostly on synthetic voices and 8 kHz audio; the
pair in tests/pipeline/diarization/test_diarize.py is one) pyannote's
segmentation-3.0 model hears two speakers as one
local speaker, so no clustering of its per-chunk embeddings can separate
them and the output gives nearly the whole call to one label (DER 45-50 %).

The check works on short windows instead, where a window mostly holds one
voice: embed 1.5 s windows tiling the diarization's own turns, cluster
them into two groups (spherical 2-means), and compare how well those
groups separate (mean silhouette, cosine distance) with how well the
diarization's labels separate the same windows. Only when the plain
clustering separates clearly better is the call relabelled, from
overlapping windows (hop 0.5 s) scored against the two voice centroids.
On a good diarization the clustering finds the diarization's own
labelling and nothing changes. A relabelled call has no overlapping
speech (``segments`` equals ``exclusive``).

numpy/scipy only: the embedding model is passed in as a function, so the
check can be tested with fake embeddings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import median_filter

from pipeline.diarization.labels import speaker_label
from pipeline.types import SAMPLE_RATE, Diarization, SpeakerSegment

log = logging.getLogger(__name__)

# shape: (windows, samples) float32 at 16 kHz -> (windows, dimension)
Embed = Callable[[np.ndarray], np.ndarray]

FRAME_S = 0.01
_FRAME = int(SAMPLE_RATE * FRAME_S)


@dataclass(frozen=True)
class MergedVoicesCheck:
    window_s: float = 1.5
    # Relabel only when the 2-way clustering's silhouette beats the
    # diarization's by this much, and is itself at least min_silhouette.
    # Measured: on good calls (the pyannote sample call, 10 generated calls)
    # the clustering found the diarization's own labelling (difference 0.000);
    # on merged ones the difference was 0.08-0.37, clustering 0.16-0.31.
    margin: float = 0.05
    min_silhouette: float = 0.1
    min_windows: int = 8  # less speech than this many windows: too little to judge
    max_windows: int = 600
    relabel_hop_s: float = 0.5
    min_turn_s: float = 0.4  # shorter label runs after relabelling are absorbed
    batch_size: int = 8  # 1.5 s windows per embedding call


@dataclass(frozen=True)
class CheckOutcome:
    diarization: Diarization
    relabelled: bool
    silhouette_diarization: float | None
    silhouette_clustering: float | None
    windows: int


def check_merged_voices(
    samples: np.ndarray,
    diarization: Diarization,
    embed: Embed,
    config: MergedVoicesCheck = MergedVoicesCheck(),
    on_fraction: Callable[[float], None] | None = None,
) -> CheckOutcome:
    """Relabel ``diarization`` if two voices were merged; else return it unchanged.

    ``samples``: shape (n,), the mono call at 16 kHz.
    """
    num_frames = -(-samples.shape[0] // _FRAME)
    window = int(round(config.window_s / FRAME_S))
    # Windows tile the diarization's own turns, so each has one label by its
    # account; whether each also holds one voice is what the check measures.
    labels = sorted({s.speaker for s in diarization.exclusive})
    starts, diarized = _tile_turns(diarization.exclusive, labels, window, num_frames)
    if len(starts) < config.min_windows:
        return CheckOutcome(diarization, False, None, None, len(starts))
    if len(starts) > config.max_windows:
        # An evenly spread subset bounds the cost on long calls.
        keep = np.linspace(0, len(starts) - 1, config.max_windows).astype(int)
        starts, diarized = starts[keep], diarized[keep]
    vectors = _normalise(_embed_windows(samples, starts, window, embed, config.batch_size))
    if on_fraction is not None:
        on_fraction(0.5)
    clusters, centroids = _two_means(vectors)
    sil_diarization = _silhouette(vectors, diarized)
    sil_clustering = _silhouette(vectors, clusters)
    log.info(
        "merged-voices check: %d windows, silhouette diarization %.3f, clustering %.3f",
        len(starts),
        sil_diarization,
        sil_clustering,
    )
    if sil_clustering < config.min_silhouette or sil_clustering - sil_diarization < config.margin:
        return CheckOutcome(diarization, False, sil_diarization, sil_clustering, len(starts))

    log.warning(
        "diarization merged two voices (silhouette %.2f vs %.2f for a plain 2-way clustering); relabelling",
        sil_diarization,
        sil_clustering,
    )
    relabelled = _relabel(samples, diarization, centroids, embed, config, num_frames)
    return CheckOutcome(relabelled, True, sil_diarization, sil_clustering, len(starts))


def _relabel(
    samples: np.ndarray,
    diarization: Diarization,
    centroids: np.ndarray,
    embed: Embed,
    config: MergedVoicesCheck,
    num_frames: int,
) -> Diarization:
    speech = _frame_owner(diarization.segments, sorted(diarization.speakers), num_frames) >= 0
    window = int(round(config.window_s / FRAME_S))
    hop = int(round(config.relabel_hop_s / FRAME_S))
    starts = _windows_over(speech, window, hop)
    vectors = _normalise(_embed_windows(samples, starts, window, embed, config.batch_size))
    # The decision windows were few and cut at turn edges; the finer windows
    # give better voice centroids.
    _, centroids = _refine(vectors, centroids)
    # Positive: closer to centroid 1. Each frame averages the windows covering it.
    score = vectors @ centroids[1] - vectors @ centroids[0]
    total = np.zeros(num_frames + 1)
    count = np.zeros(num_frames + 1)
    ends = np.minimum(starts + window, num_frames)
    np.add.at(total, starts, score)
    np.add.at(total, ends, -score)
    np.add.at(count, starts, 1)
    np.add.at(count, ends, -1)
    total, count = np.cumsum(total)[:num_frames], np.cumsum(count)[:num_frames]
    frame_label = np.where(count > 0, (total > 0).astype(np.int8), -1)
    frame_label = _fill_uncovered(frame_label, speech)
    frame_label[~speech] = -1
    frame_label = _absorb_short_runs(frame_label, int(round(config.min_turn_s / FRAME_S)))

    runs = _runs(frame_label)
    first_seen = [int(lab) for lab in dict.fromkeys(lab for _, _, lab in runs if lab >= 0)]
    names = {lab: speaker_label(i) for i, lab in enumerate(first_seen)}
    segments = tuple(
        SpeakerSegment(start * FRAME_S, end * FRAME_S, names[lab]) for start, end, lab in runs if lab >= 0
    )
    return Diarization(
        segments=segments,
        exclusive=segments,
        speakers=tuple(sorted(names.values())),
        source=diarization.source,
    )


def _tile_turns(
    turns: tuple[SpeakerSegment, ...], labels: list[str], window: int, num_frames: int
) -> tuple[np.ndarray, np.ndarray]:
    """Start frames of non-overlapping windows inside each turn, and each window's label index."""
    index = {label: i for i, label in enumerate(labels)}
    starts: list[int] = []
    owners: list[int] = []
    for turn in turns:
        first = int(round(turn.start / FRAME_S))
        last = min(int(round(turn.end / FRAME_S)), num_frames) - window
        tiles = range(first, last + 1, window)
        starts.extend(tiles)
        owners.extend([index[turn.speaker]] * len(tiles))
    return np.array(starts, dtype=np.int64), np.array(owners, dtype=np.int64)


def _frame_owner(segments: tuple[SpeakerSegment, ...], labels: list[str], num_frames: int) -> np.ndarray:
    # shape: (frames,) int; index into labels, -1 where nobody speaks
    owner = np.full(num_frames, -1, dtype=np.int32)
    index = {label: i for i, label in enumerate(labels)}
    for seg in segments:
        a, b = int(round(seg.start / FRAME_S)), int(round(seg.end / FRAME_S))
        owner[max(a, 0) : min(b, num_frames)] = index[seg.speaker]
    return owner


def _embed_windows(samples: np.ndarray, starts: np.ndarray, window: int, embed: Embed, batch_size: int) -> np.ndarray:
    length = window * _FRAME
    out = []
    for i in range(0, len(starts), batch_size):
        batch = np.zeros((len(starts[i : i + batch_size]), length), dtype=np.float32)
        for row, start in enumerate(starts[i : i + batch_size]):
            piece = samples[start * _FRAME : start * _FRAME + length]
            batch[row, : len(piece)] = piece
        out.append(np.asarray(embed(batch), dtype=np.float64))
    return np.concatenate(out)


def _windows_over(speech: np.ndarray, window: int, hop: int) -> np.ndarray:
    """Window starts (frames) covering every speech run, at least one per run."""
    starts: list[int] = []
    for a, b, on in _runs(speech.astype(np.int8)):
        if not on:
            continue
        last = max(a, min(b - window, len(speech) - window))
        starts.extend(range(a, last + 1, hop))
        if not starts or starts[-1] != last:
            starts.append(last)
    return np.array(sorted(set(max(s, 0) for s in starts)), dtype=np.int64)


def _fill_uncovered(frame_label: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """Speech frames no window covered take the label of the nearest covered frame."""
    covered = np.flatnonzero(frame_label >= 0)
    missing = np.flatnonzero(speech & (frame_label < 0))
    if len(covered) == 0 or len(missing) == 0:
        return frame_label
    pos = np.clip(np.searchsorted(covered, missing), 1, len(covered) - 1)
    left, right = covered[pos - 1], covered[pos]
    nearest = np.where(missing - left <= right - missing, left, right)
    filled = frame_label.copy()
    filled[missing] = frame_label[nearest]
    return filled


def _absorb_short_runs(frame_label: np.ndarray, min_frames: int) -> np.ndarray:
    """Speaker runs shorter than about ``min_frames`` (pauses ignored) take the
    surrounding speaker: window scores blur turn edges into short flickers.
    A median filter on a 0/1 sequence is a majority vote over its width."""
    labelled = np.flatnonzero(frame_label >= 0)
    if len(labelled) == 0:
        return frame_label
    out = frame_label.copy()
    out[labelled] = median_filter(frame_label[labelled], size=2 * min_frames + 1, mode="nearest")
    return out


def _runs(values: np.ndarray) -> list[tuple[int, int, int]]:
    """(start, end, value) of each run of equal values."""
    if len(values) == 0:
        return []
    edges = np.flatnonzero(np.diff(values)) + 1
    bounds = np.concatenate([[0], edges, [len(values)]])
    return [(int(a), int(b), int(values[a])) for a, b in zip(bounds[:-1], bounds[1:])]


def _two_means(vectors: np.ndarray, restarts: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Spherical 2-means (cosine), best of a few seeded k-means++ starts.
    Returns labels (n,) and unit centroids (2, dimension)."""
    rng = np.random.default_rng(0)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(restarts):
        first = vectors[rng.integers(len(vectors))]
        weights = np.maximum(1.0 - vectors @ first, 0.0)
        second = vectors[rng.choice(len(vectors), p=weights / weights.sum())] if weights.sum() > 0 else first
        labels, centroids = _refine(vectors, np.stack([first, second]))
        cohesion = float(np.sum(vectors * centroids[labels]))
        if best is None or cohesion > best[0]:
            best = (cohesion, labels, centroids)
    assert best is not None
    return best[1], best[2]


def _refine(vectors: np.ndarray, centroids: np.ndarray, iterations: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd iterations of spherical k-means from the given unit centroids."""
    for _ in range(iterations):
        labels = np.argmax(vectors @ centroids.T, axis=1)
        if np.bincount(labels, minlength=len(centroids)).min() == 0:
            break
        updated = _normalise(np.stack([vectors[labels == k].mean(axis=0) for k in range(len(centroids))]))
        if np.allclose(updated, centroids):
            break
        centroids = updated
    return np.argmax(vectors @ centroids.T, axis=1), centroids


def _silhouette(vectors: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (cosine distance) of the labelled windows; -1 when a
    labelling puts fewer than two windows in some group (it separates nothing)."""
    keep = labels >= 0
    vectors, labels = vectors[keep], labels[keep]
    values, counts = np.unique(labels, return_counts=True)
    if len(values) < 2 or counts.min() < 2:
        return -1.0
    distance = 1.0 - vectors @ vectors.T  # unit vectors
    member = labels[:, None] == values[None, :]  # shape: (n, groups)
    sums = distance @ member  # shape: (n, groups)
    own = member.argmax(axis=1)
    rows = np.arange(len(labels))
    a = sums[rows, own] / (counts[own] - 1)
    other = sums / counts[None, :]
    other[rows, own] = np.inf
    b = other.min(axis=1)
    return float(np.mean((b - a) / np.maximum(np.maximum(a, b), 1e-12)))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
