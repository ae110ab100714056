"""Runs the pipeline on labelled calls and scores each file.

One pass over the items: a call whose references need speaker-attributed
text or a summary goes through :func:`pipeline.run.process_call` once and
that one result is scored for every task it supports; a call with plain
reference text is only transcribed, and who-spoke-when is scored on the
diarization stage's own output (not on word turns). Text-only dialogues are
summarised from their turns directly.

A file on which the pipeline raises a :class:`CallbriefError` scores as an
empty output (all reference words deleted, all speech missed), with the
error recorded, so a crash can never improve a score. ``audio_no_speech``
is the expected answer for a silent file and scores as an empty transcript.

The pipeline is reached through :class:`Backend` so tests can pass a fake;
:class:`pipeline.evaluation.backend.PipelineBackend` is the real one.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from pipeline.errors import CallbriefError, ErrorCode
from pipeline.evaluation.discover import Dataset, EvalItem
from pipeline.evaluation.metrics import cp_word_errors, diarization_errors, speaker_texts, word_errors
from pipeline.evaluation.results import COLLARS, Evaluation, FileResult, SummaryScores, overall
from pipeline.evaluation.summary_metrics import (
    FactRecall,
    fact_recall,
    invented_facts,
    removed_facts,
    rouge,
    schema_errors,
    summary_fields,
)
from pipeline.types import CallResult, Role, SpeakerSegment, Summary, Turn

log = logging.getLogger(__name__)

EMPTY_OK_CODES = frozenset({ErrorCode.AUDIO_NO_SPEECH})

FileHook = Callable[[int, int, str, str], None]  # (index, total, item id, task)


@dataclass(frozen=True)
class Transcription:
    text: str
    language: str
    duration: float


class Backend(Protocol):
    """The pipeline as the runner sees it (fakes implement this in tests)."""

    def prepare(self, engines: Sequence[str]) -> None:
        """Load these engines ("asr", "diarizer", "summarizer") before any file
        is timed, so no file's processing time includes loading."""
        ...

    def transcribe(self, path: Path, language: str | None) -> Transcription: ...

    def diarize(self, path: Path, num_speakers: int | None) -> tuple[tuple[SpeakerSegment, ...], float]:
        """Who spoke when (overlap allowed) and the audio duration."""
        ...

    def process(self, path: Path, language: str | None, summarize: bool) -> CallResult: ...

    def summarize(self, turns: Sequence[Turn]) -> Summary: ...

    def models(self) -> dict[str, str]: ...

    def settings(self) -> dict[str, Any]: ...


def evaluate(
    dataset: Dataset,
    tasks: Sequence[str],
    backend: Backend,
    *,
    language: str | None = None,
    oracle_speakers: bool = False,
    on_file: FileHook | None = None,
    qa_rules: Path | None = None,
) -> Evaluation:
    """Score every item of ``dataset`` on the ``tasks`` it has references for."""
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    started = time.perf_counter()
    work = [(item, [t for t in tasks if item.supports(t)]) for item in dataset.items]
    work = [(item, wanted) for item, wanted in work if wanted]
    backend.prepare(_engines_needed(work))
    files: list[FileResult] = []
    for index, (item, wanted) in enumerate(work):
        if on_file is not None:
            on_file(index, len(work), item.id, ",".join(wanted))
        files.extend(_evaluate_item(item, wanted, backend, language, oracle_speakers, qa_rules=qa_rules))
    results = tuple(files)
    return Evaluation(
        root=str(dataset.root),
        tasks=tuple(tasks),
        files=results,
        models=backend.models(),
        settings={**backend.settings(), "language": language, "oracle_speakers": oracle_speakers},
        warnings=tuple(dataset.warnings),
        started_at=started_at,
        wall_s=time.perf_counter() - started,
        overall=overall(results),
    )


def _engines_needed(work: list[tuple[EvalItem, list[str]]]) -> list[str]:
    needed: set[str] = set()
    for item, tasks in work:
        if "summary" in tasks:
            needed.add("summarizer")
        if item.audio is None:
            continue
        if "asr" in tasks or "summary" in tasks:
            needed.add("asr")
        if "diarization" in tasks or "summary" in tasks or item.has_speaker_text:
            needed.add("diarizer")
    return sorted(needed)


def _evaluate_item(
    item: EvalItem, tasks: list[str], backend: Backend, language: str | None, oracle_speakers: bool,
    *, qa_rules: Path | None = None,
) -> list[FileResult]:
    lang = item.language or language
    out: list[FileResult] = []
    if "qa" in tasks:
        out.append(_qa_result(item, backend, lang, qa_rules))
        tasks = [t for t in tasks if t != "qa"]
        if not tasks:
            return out
    if item.audio is None:
        started = time.perf_counter()
        summary, error = _attempt(lambda: backend.summarize(item.turns))
        out.append(_summary_result(item, lang or "en", None, time.perf_counter() - started, summary, item.turns, error))
        return out
    needs_call = "summary" in tasks or ("asr" in tasks and item.has_speaker_text)
    if needs_call:
        started = time.perf_counter()
        result, error = _attempt(lambda: backend.process(item.audio, lang, "summary" in tasks))
        elapsed = time.perf_counter() - started
        summary_s = sum(t.seconds for t in result.timings if t.stage == "summarize") if result else 0.0
        scoring_lang = lang or (result.language if result else None)
        duration = result.audio.duration if result else None
        if "asr" in tasks:
            hyp = " ".join(s.text.strip() for s in sorted(result.segments, key=lambda s: s.start)) if result else ""
            cpwer = None
            if item.has_speaker_text:
                ref_by_speaker = speaker_texts([(t.speaker, t.start, t.text) for t in item.turns])
                hyp_by_speaker = speaker_texts([(t.speaker, t.start, t.text) for t in result.turns]) if result else {}
                cpwer = cp_word_errors(ref_by_speaker, hyp_by_speaker, scoring_lang)
            wer = word_errors(item.reference_text or "", hyp, scoring_lang)
            out.append(FileResult(item.id, "asr", scoring_lang, duration, elapsed - summary_s, wer, cpwer, error=error))
        if "summary" in tasks:
            summary = result.summary if result else None
            turns = result.turns if result else ()
            out.append(_summary_result(item, scoring_lang, duration, summary_s, summary, turns, error))
    elif "asr" in tasks:
        started = time.perf_counter()
        hyp, error = _attempt(lambda: backend.transcribe(item.audio, lang))
        elapsed = time.perf_counter() - started
        scoring_lang = lang or (hyp.language if hyp else None)
        wer = word_errors(item.reference_text or "", hyp.text if hyp else "", scoring_lang)
        out.append(FileResult(item.id, "asr", scoring_lang, hyp.duration if hyp else None, elapsed, wer, error=error))
    if "diarization" in tasks:
        out.append(_diarization_result(item, backend, oracle_speakers))
    return out


def _diarization_result(item: EvalItem, backend: Backend, oracle_speakers: bool) -> FileResult:
    reference = item.reference_speakers
    uem = item.uem or None
    num_speakers = len({s.speaker for s in reference}) if oracle_speakers else None
    started = time.perf_counter()
    output, error = _attempt(lambda: backend.diarize(item.audio, num_speakers))
    elapsed = time.perf_counter() - started
    hypothesis, duration = output if output else ((), None)
    if uem is None and duration:
        uem = [(0.0, duration)]
    der = tuple(diarization_errors(reference, hypothesis, uem, collar) for collar in COLLARS)
    return FileResult(item.id, "diarization", item.language, duration, elapsed, der=der, error=error)


def _summary_result(
    item: EvalItem,
    language: str | None,
    duration: float | None,
    processing_s: float,
    summary: Summary | None,
    turns: Sequence[Turn],
    error: str | None,
) -> FileResult:
    if summary is None:
        scores = SummaryScores(
            FactRecall((), tuple(f.value for f in item.facts)),
            (),
            {name: 0.0 for name in ("rouge1", "rouge2", "rougeL")} if item.reference_summaries else {},
            ("no summary",),
            "",
            None,
            "",
            None if item.resolution is None else False,
            None if item.follow_up_required is None else False,
            None if item.category is None else False,
            actions_expected=None if item.action_owners is None else len(item.action_owners),
        )
        return FileResult(item.id, "summary", language, duration, processing_s, summary=scores, error=error)
    source = " ".join(t.text for t in turns)
    scores = SummaryScores(
        facts=fact_recall(item.facts, summary_fields(summary)),
        invented=invented_facts(summary, source, [t.text for t in turns]),
        rouge=rouge(summary.summary.text, item.reference_summaries),
        schema_errors=tuple(schema_errors(summary, [t.id for t in turns])),
        generator=summary.generator,
        fallback_reason=summary.fallback_reason,
        text=summary.summary.text,
        resolution_ok=None if item.resolution is None else summary.resolution.status.value == item.resolution,
        follow_up_ok=None if item.follow_up_required is None else summary.follow_up_required == item.follow_up_required,
        category_ok=None if item.category is None else summary.category == item.category,
        needs_review=summary.resolution.needs_review,
        actions_expected=None if item.action_owners is None else len(item.action_owners),
        actions_produced=len(summary.action_items),
        actions_matched=owners_matched(item.action_owners or (), [a.owner for a in summary.action_items]),
        removed=removed_facts(summary),
    )
    return FileResult(item.id, "summary", language, duration, processing_s, summary=scores, error=error)


def _qa_result(item: EvalItem, backend: Backend, language: str | None, rules: Path | None) -> FileResult:
    """Scorecard items on the labelled transcript (the reference turns), or on
    the pipeline's result for a call given only as audio."""
    from pipeline.evaluation.qa_metrics import score_labels
    from pipeline.qa import from_dialogue, from_result

    started = time.perf_counter()
    error = None
    if item.turns:
        # Text-only dialogues get 1 s slots from the reader; the rules' time
        # windows need a speaking-rate estimate instead (pipeline.qa.call).
        timed = not all(t.start == n and t.end == n + 1 for n, t in enumerate(item.turns))
        turns = [
            {"id": t.id, "role": t.role.value if t.role is not Role.UNKNOWN else t.speaker, "text": t.text,
             "start": t.start if timed else None, "end": t.end if timed else None}
            for t in item.turns
        ]
        call = from_dialogue(turns, language=language)
        duration = None
    else:
        result, error = _attempt(lambda: backend.process(item.audio, language, True))
        call = from_result(result) if result else from_dialogue([], language=language)
        duration = result.audio.duration if result else None
    scores = score_labels(qa_matcher(rules), call, item.qa_items or {})
    return FileResult(item.id, "qa", language, duration, time.perf_counter() - started, qa=scores, error=error)


@functools.lru_cache(maxsize=4)
def qa_matcher(path: Path | None = None):  # noqa: ANN201 - pipeline.qa.Matcher, compiled once per rule file
    """The rules QA is evaluated with: a rule file, or the default rule set."""
    from pipeline.qa import Matcher, load_default, parse_rules

    if path is not None:
        return Matcher(parse_rules(Path(path).read_text(encoding="utf-8")))
    return Matcher(load_default())


def owners_matched(expected: Sequence[Role], produced: Sequence[Role]) -> int:
    """Action items paired by owner: each expected item matches at most one produced item of the same owner."""
    return sum(min(expected.count(role), produced.count(role)) for role in set(expected))


def _attempt(run: Callable[[], Any]) -> tuple[Any, str | None]:
    try:
        return run(), None
    except CallbriefError as exc:
        if exc.code in EMPTY_OK_CODES:
            return None, None
        log.warning("pipeline failed on an evaluation file: %s", exc.code)
        return None, f"{exc.code}: {exc.message}"
