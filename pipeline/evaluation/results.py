"""What an evaluation produces: scores per file, and corpus-level scores.

Every per-file score keeps its raw counts, so :func:`overall` adds files up
the standard way (errors summed over reference length summed), never as a
mean of per-file rates; ROUGE, which has no counts, is the mean over files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.metrics import DiarizationErrors, SpeakerWordErrors, WordErrors
from pipeline.evaluation.qa_metrics import QaScores, qa_overall
from pipeline.evaluation.summary_metrics import FactRecall

COLLARS = (0.0, 0.25)


@dataclass(frozen=True)
class SummaryScores:
    facts: FactRecall
    invented: tuple[str, ...]  # stated in the summary, not backed by the transcript
    rouge: dict[str, float]
    schema_errors: tuple[str, ...]
    generator: str
    fallback_reason: str | None
    text: str  # the summary field, shown in the HTML report
    # Whether the summary's outcome matches the expected one (None: not given).
    resolution_ok: bool | None = None
    follow_up_ok: bool | None = None
    category_ok: bool | None = None
    needs_review: bool = False  # the summary asked a person to check its resolution
    # Action items by owner: expected (None: not given), produced, matched (same owner).
    actions_expected: int | None = None
    actions_produced: int = 0
    actions_matched: int = 0
    removed: tuple[str, ...] = ()  # written by the generator, not backed, removed by the checker


@dataclass(frozen=True)
class FileResult:
    id: str
    task: str  # "asr" | "diarization" | "summary"
    language: str | None
    duration: float | None  # audio seconds; None for text dialogues
    processing_s: float
    wer: WordErrors | None = None
    cpwer: SpeakerWordErrors | None = None
    der: tuple[DiarizationErrors, ...] = ()
    summary: SummaryScores | None = None
    error: str | None = None  # "code: message" when the pipeline failed on it
    qa: QaScores | None = None  # scorecard items against labels (task "qa")

    @property
    def rtf(self) -> float | None:
        return self.processing_s / self.duration if self.duration else None

    @property
    def score(self) -> float:
        """The headline error of this file (higher is worse), to rank files."""
        if self.task == "asr" and self.wer is not None:
            return self.wer.rate
        if self.task == "diarization" and self.der:
            return self.der[0].rate
        if self.task == "summary" and self.summary is not None:
            recall = self.summary.facts.recall
            rouge_l = self.summary.rouge.get("rougeL")
            return 1.0 - (recall if recall is not None else rouge_l if rouge_l is not None else 0.0)
        if self.task == "qa" and self.qa is not None and self.qa.accuracy is not None:
            return 1.0 - self.qa.accuracy
        return 1.0


@dataclass(frozen=True)
class Evaluation:
    root: str
    tasks: tuple[str, ...]
    files: tuple[FileResult, ...]
    models: dict[str, str]
    settings: dict[str, Any]
    warnings: tuple[str, ...] = ()
    started_at: str = ""
    wall_s: float = 0.0
    overall: dict[str, dict[str, Any]] = field(default_factory=dict)


def overall(files: Sequence[FileResult]) -> dict[str, dict[str, Any]]:
    """Corpus-level scores per task: summed counts, not averaged rates."""
    out: dict[str, dict[str, Any]] = {}
    for task in ("asr", "diarization", "summary", "qa"):
        group = [f for f in files if f.task == task]
        if not group:
            continue
        audio_s = sum(f.duration or 0.0 for f in group)
        processing_s = sum(f.processing_s for f in group)
        scores: dict[str, Any] = {
            "files": len(group),
            "failed": sum(1 for f in group if f.error),
            "audio_s": audio_s,
            "processing_s": processing_s,
            "rtf": processing_s / audio_s if audio_s else None,
        }
        if task == "asr":
            scores.update(_asr_overall(group))
        elif task == "diarization":
            scores.update(_der_overall(group))
        elif task == "qa":
            scores.update(qa_overall([f.qa for f in group if f.qa is not None]))
        else:
            scores.update(_summary_overall(group))
        out[task] = scores
    return out


def _asr_overall(group: list[FileResult]) -> dict[str, Any]:
    """Words and characters are different units: files scored by words add
    up to ``wer``/``cpwer``, files scored by characters (Korean...) to
    ``cer``/``cpcer``; the two are never summed together."""
    scores: dict[str, Any] = {}
    for unit, rate, cp_rate in (("word", "wer", "cpwer"), ("char", "cer", "cpcer")):
        counts = [f.wer for f in group if f.wer is not None and f.wer.unit == unit]
        ref = sum(c.reference_length for c in counts)
        scores[rate] = sum(c.errors for c in counts) / ref if ref else None
        cp = [f.cpwer for f in group if f.cpwer is not None and f.cpwer.unit == unit]
        cp_ref = sum(c.reference_length for c in cp)
        scores[cp_rate] = sum(c.errors for c in cp) / cp_ref if cp_ref else None
        if ref:
            scores[f"{unit}s"] = ref
            scores[f"{unit}_substitutions"] = sum(c.substitutions for c in counts)
            scores[f"{unit}_deletions"] = sum(c.deletions for c in counts)
            scores[f"{unit}_insertions"] = sum(c.insertions for c in counts)
    return scores


def _der_overall(group: list[FileResult]) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    for k, collar in enumerate(COLLARS):
        parts = [f.der[k] for f in group if len(f.der) > k]
        total = sum(p.total for p in parts)
        key = f"collar_{collar:g}"
        if not total:
            scores[f"der_{key}"] = None
            continue
        scores[f"der_{key}"] = sum(p.missed + p.false_alarm + p.confusion for p in parts) / total
        scores[f"missed_{key}"] = sum(p.missed for p in parts) / total
        scores[f"false_alarm_{key}"] = sum(p.false_alarm for p in parts) / total
        scores[f"confusion_{key}"] = sum(p.confusion for p in parts) / total
    return scores


def _summary_overall(group: list[FileResult]) -> dict[str, Any]:
    scored = [f.summary for f in group if f.summary is not None]
    expected = sum(s.facts.expected for s in scored)
    with_refs = [s.rouge for s in scored if s.rouge]
    scores: dict[str, Any] = {
        "fact_recall": sum(len(s.facts.found) for s in scored) / expected if expected else None,
        "facts_expected": expected,
        "invented": sum(len(s.invented) for s in scored),
        "removed_unverified": sum(len(s.removed) for s in scored),
        "schema_valid": sum(1 for s in scored if not s.schema_errors) / len(scored) if scored else None,
        "fallbacks": sum(1 for s in scored if s.fallback_reason),
        "resolution_accuracy": _share([s.resolution_ok for s in scored]),
        "follow_up_accuracy": _share([s.follow_up_ok for s in scored]),
        "category_accuracy": _share([s.category_ok for s in scored]),
        "needs_review_rate": sum(s.needs_review for s in scored) / len(scored) if scored else None,
    }
    for language in sorted({f.language for f in group if f.language}):
        flags = [f.summary.resolution_ok for f in group if f.summary is not None and f.language == language]
        scores[f"resolution_accuracy_{language}"] = _share(flags)
    with_actions = [s for s in scored if s.actions_expected is not None]
    expected_actions = sum(s.actions_expected or 0 for s in with_actions)
    produced_actions = sum(s.actions_produced for s in with_actions)
    matched_actions = sum(s.actions_matched for s in with_actions)
    scores["action_owner_recall"] = matched_actions / expected_actions if expected_actions else None
    scores["action_owner_precision"] = matched_actions / produced_actions if produced_actions else None
    for name in ("rouge1", "rouge2", "rougeL"):
        scores[name] = sum(r[name] for r in with_refs) / len(with_refs) if with_refs else None
    return scores


def _share(flags: list[bool | None]) -> float | None:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else None
