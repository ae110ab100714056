"""Transcript and speaker metrics: WER/CER with a word diff, cpWER, DER.

Every score keeps its raw counts (errors and reference length, or seconds)
so files add up to an overall score the standard way: the sum of errors
over the sum of reference length, never a mean of per-file rates.

- :func:`word_errors`: Levenshtein alignment of normalised tokens (words,
  or characters for Korean; see :mod:`pipeline.evaluation.normalize`).
- :func:`cp_word_errors`: concatenated minimum-permutation WER (cpWER, as
  in CHiME-6): each speaker's words joined in time order on both sides,
  hypothesis speakers matched to reference speakers one-to-one so the
  total error is smallest; an unmatched speaker's words all count.
- :func:`diarization_errors`: pyannote.metrics ``DiarizationErrorRate``.
  pyannote's ``collar`` is the *total* width removed around each reference
  boundary (collar 0.25 forgives +-0.125 s); overlapping speech is scored.

Third-party types (jiwer outputs, pyannote Annotations) stay in here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.evaluation.normalize import tokens
from pipeline.types import SpeakerSegment

# One aligned step of a word diff: "=" same, "s" substituted, "d" deleted
# (in the reference only), "i" inserted (in the hypothesis only).
DiffOp = tuple[str, str, str]


@dataclass(frozen=True)
class WordErrors:
    substitutions: int
    deletions: int
    insertions: int
    hits: int
    unit: str  # "word" | "char"
    diff: tuple[DiffOp, ...] = ()

    @property
    def reference_length(self) -> int:
        return self.hits + self.substitutions + self.deletions

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Errors per reference unit. An empty reference scores 0 when the
        hypothesis is empty too and 1 otherwise (text invented on silence)."""
        if self.reference_length == 0:
            return 0.0 if self.insertions == 0 else 1.0
        return self.errors / self.reference_length


@dataclass(frozen=True)
class SpeakerWordErrors:
    """cpWER: errors after the best one-to-one speaker mapping."""

    errors: int
    reference_length: int
    mapping: dict[str, str]  # hypothesis speaker -> reference speaker
    unit: str

    @property
    def rate(self) -> float:
        if self.reference_length == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.reference_length


@dataclass(frozen=True)
class DiarizationErrors:
    """Seconds of each error kind within the scored region, at one collar."""

    collar: float
    missed: float
    false_alarm: float
    confusion: float
    total: float  # seconds of reference speech (per speaker) scored

    @property
    def rate(self) -> float:
        if self.total <= 0:
            return 0.0 if self.missed + self.false_alarm + self.confusion == 0 else 1.0
        return (self.missed + self.false_alarm + self.confusion) / self.total


def word_errors(reference: str, hypothesis: str, language: str | None = "en") -> WordErrors:
    """WER (or CER for Korean) of ``hypothesis`` against ``reference``, after normalising both."""
    from pipeline.evaluation.normalize import uses_cer

    ref = tokens(reference, language)
    hyp = tokens(hypothesis, language)
    return _align(ref, hyp, unit="char" if uses_cer(language) else "word")


def _align(ref: list[str], hyp: list[str], unit: str) -> WordErrors:
    if not ref:
        return WordErrors(0, 0, len(hyp), 0, unit, tuple(("i", "", w) for w in hyp))
    import jiwer

    # Tokens never contain spaces, so jiwer's default split is exact.
    out = jiwer.process_words([" ".join(ref)], [" ".join(hyp)] if hyp else [""])
    diff: list[DiffOp] = []
    for chunk in out.alignments[0]:
        r = ref[chunk.ref_start_idx : chunk.ref_end_idx]
        h = hyp[chunk.hyp_start_idx : chunk.hyp_end_idx]
        if chunk.type == "equal":
            diff.extend(("=", a, a) for a in r)
        elif chunk.type == "substitute":
            diff.extend(("s", a, b) for a, b in zip(r, h, strict=True))
        elif chunk.type == "delete":
            diff.extend(("d", a, "") for a in r)
        else:
            diff.extend(("i", "", b) for b in h)
    return WordErrors(out.substitutions, out.deletions, out.insertions, out.hits, unit, tuple(diff))


def cp_word_errors(
    reference: Mapping[str, str],
    hypothesis: Mapping[str, str],
    language: str | None = "en",
) -> SpeakerWordErrors:
    """cpWER of speaker-attributed text: ``{speaker: that speaker's text in time order}``."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from pipeline.evaluation.normalize import uses_cer

    unit = "char" if uses_cer(language) else "word"
    ref_speakers = sorted(reference)
    hyp_speakers = sorted(hypothesis)
    ref_tokens = [tokens(reference[s], language) for s in ref_speakers]
    hyp_tokens = [tokens(hypothesis[s], language) for s in hyp_speakers]
    size = max(len(ref_speakers), len(hyp_speakers))
    # Pad with empty speakers so every speaker on either side gets a partner:
    # pairing with an empty side costs all of that speaker's words.
    refs = ref_tokens + [[] for _ in range(size - len(ref_tokens))]
    hyps = hyp_tokens + [[] for _ in range(size - len(hyp_tokens))]
    cost = np.zeros((size, size), dtype=np.int64)  # shape: (reference speakers, hypothesis speakers)
    for i, r in enumerate(refs):
        for j, h in enumerate(hyps):
            cost[i, j] = _align(r, h, unit).errors
    rows, cols = linear_sum_assignment(cost)
    mapping = {
        hyp_speakers[j]: ref_speakers[i]
        for i, j in zip(rows, cols, strict=True)
        if i < len(ref_speakers) and j < len(hyp_speakers)
    }
    return SpeakerWordErrors(
        errors=int(cost[rows, cols].sum()),
        reference_length=sum(len(r) for r in ref_tokens),
        mapping=mapping,
        unit=unit,
    )


def diarization_errors(
    reference: Sequence[SpeakerSegment],
    hypothesis: Sequence[SpeakerSegment],
    uem: Sequence[tuple[float, float]] | None = None,
    collar: float = 0.0,
) -> DiarizationErrors:
    """DER components with pyannote.metrics. Without ``uem`` the scored
    region is from 0 to the end of the last reference or hypothesis segment."""
    from pyannote.core import Annotation, Segment, Timeline
    from pyannote.metrics.diarization import DiarizationErrorRate

    def annotation(segments: Sequence[SpeakerSegment]) -> Annotation:
        ann = Annotation()
        for k, s in enumerate(segments):
            if s.end > s.start:
                ann[Segment(s.start, s.end), k] = s.speaker
        return ann

    if uem is None:
        end = max((s.end for s in [*reference, *hypothesis]), default=0.0)
        uem = [(0.0, end)]
    scored = Timeline([Segment(a, b) for a, b in uem if b > a])
    metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
    detail = metric(annotation(reference), annotation(hypothesis), uem=scored, detailed=True)
    return DiarizationErrors(
        collar=collar,
        missed=float(detail["missed detection"]),
        false_alarm=float(detail["false alarm"]),
        confusion=float(detail["confusion"]),
        total=float(detail["total"]),
    )


def speaker_texts(turns: Sequence[tuple[str, float, str]]) -> dict[str, str]:
    """``(speaker, start, text)`` items -> each speaker's text joined in time order."""
    texts: dict[str, list[str]] = {}
    for speaker, _start, text in sorted(turns, key=lambda t: t[1]):
        texts.setdefault(speaker, []).append(text)
    return {speaker: " ".join(parts) for speaker, parts in texts.items()}
