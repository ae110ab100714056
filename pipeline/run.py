"""The glue: runs the stages in order on one call and times each.

Reads top to bottom as the pipeline does. No database or broker I/O here:
callers (the CLI, the Celery task) persist the returned :class:`CallResult`.
Engines are built once per process by :class:`Engines` and passed in.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from pipeline import __version__
from pipeline.options import DEFAULT_CHANNEL_ROLES, CallOptions, DiarizeOptions, PipelineOptions
from pipeline.progress import OverallHook, ProgressMap
from pipeline.types import (
    CallResult,
    DecodedAudio,
    Diarization,
    Role,
    StageTiming,
    Transcript,
)

if TYPE_CHECKING:  # the engine modules import their ML libraries at the top
    from pipeline.asr.transcribe import AsrEngine
    from pipeline.diarization.diarize import Diarizer
    from pipeline.summary.summarize import Summarizer

log = logging.getLogger(__name__)

E = TypeVar("E")


@dataclass
class Engines:
    """Per-process engines, each built on first use and then reused.

    A worker calls :meth:`warm_up` at start so the first call does not pay
    for loading; the CLI builds only what the call needs.
    """

    options: PipelineOptions
    cache_dir: Path
    _built: dict[str, object] = field(default_factory=dict)

    def _get(self, name: str, factory: Callable[[], E]) -> E:
        if name not in self._built:
            started = time.perf_counter()
            self._built[name] = factory()
            log.info("loaded %s engine in %.1f s", name, time.perf_counter() - started)
        return cast(E, self._built[name])

    def asr(self, model: str | None = None) -> AsrEngine:
        from pipeline.asr.transcribe import load_asr

        opts = self.options.transcribe
        if model is not None:
            opts = dataclasses.replace(opts, model=model)
        return self._get(f"asr:{opts.model}", lambda: load_asr(opts, self.cache_dir))

    def diarizer(self) -> Diarizer:
        from pipeline.diarization.diarize import load_diarizer

        return self._get("diarizer", lambda: load_diarizer(self.options.diarize))

    def summarizer(self) -> Summarizer:
        from pipeline.summary.summarize import load_summarizer

        return self._get("summarizer", lambda: load_summarizer(self.options.summarize, self.cache_dir))

    def warm_up(self, *, summarizer: bool = True) -> None:
        self.asr()
        self.diarizer()
        if summarizer:
            self.summarizer()

    def loaded(self) -> list[str]:
        return sorted(self._built)


class _Timer:
    def __init__(self) -> None:
        self.timings: list[StageTiming] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append(StageTiming(name, time.perf_counter() - started))


def process_call(
    path: Path,
    engines: Engines,
    call: CallOptions | None = None,
    on_progress: OverallHook | None = None,
) -> CallResult:
    """Recorded call -> :class:`CallResult`. Raises :class:`pipeline.errors.CallbriefError`."""
    from pipeline.analytics import compute_analytics
    from pipeline.attribution.attribute import assign_words, decide_roles, make_turns
    from pipeline.audio.decode import decode
    from pipeline.redact import redact
    from pipeline.diarization.channels import channel_activity
    from pipeline.diarization.diarize import SOURCE as DIARIZATION_SOURCE
    from pipeline.summary.summarize import summarize
    from pipeline.asr.transcribe import transcribe

    call = call or CallOptions()
    opts = engines.options
    stages = ["decode", "transcribe", "diarize", "attribute", "analytics", "redact"]
    if call.summarize and opts.summarize.backend != "none":
        stages.append("summarize")
    progress = ProgressMap(on_progress, stages)
    timer = _Timer()
    warnings: list[str] = []

    with timer.stage("decode"):
        audio: DecodedAudio = decode(path, opts.decode, on_progress=progress)
    stereo = audio.samples.shape[0] >= 2
    channel_roles = call.channels or DEFAULT_CHANNEL_ROLES

    asr_opts = dataclasses.replace(
        opts.transcribe,
        language=call.language or opts.transcribe.language,
        hotwords=call.hotwords or opts.transcribe.hotwords,
    )
    with timer.stage("transcribe"):
        channels = list(range(audio.samples.shape[0])) if stereo else None
        asr = engines.asr()
        transcript: Transcript = transcribe(asr, audio, asr_opts, channels=channels, on_progress=progress)
    if not transcript.segments:
        warnings.append("no_speech: no speech was recognised in this call")

    with timer.stage("diarize"):
        if stereo:
            diarization: Diarization = channel_activity(audio, on_progress=progress)
        else:
            diar_opts = dataclasses.replace(
                opts.diarize,
                num_speakers=call.num_speakers or (None if call.min_speakers or call.max_speakers else opts.diarize.num_speakers),
                min_speakers=call.min_speakers or opts.diarize.min_speakers,
                max_speakers=call.max_speakers or opts.diarize.max_speakers,
            )
            diarization = _diarize_or_single(engines, audio, diar_opts, transcript, progress)

    with timer.stage("attribute"):
        transcript = assign_words(transcript, diarization, opts.attribute)
        turns = make_turns(transcript, opts.attribute)
        roles = decide_roles(turns, diarization, channel_roles if stereo else None)
        turns = tuple(dataclasses.replace(t, role=roles.roles.get(t.speaker, Role.UNKNOWN)) for t in turns)
        progress("attribute", 1.0)
    if roles.confidence < 0.6:
        warnings.append(f"low_role_confidence: agent/customer roles are uncertain ({roles.confidence:.2f})")

    with timer.stage("analytics"):
        analytics = compute_analytics(audio, turns, diarization, roles, opts.analytics)
        progress("analytics", 1.0)

    with timer.stage("redact"):
        segments, turns = redact(transcript.segments, turns, opts.redact)
        progress("redact", 1.0)

    summary = None
    if "summarize" in stages and turns:
        with timer.stage("summarize"):
            summary = summarize(
                engines.summarizer(), turns, opts.summarize, on_progress=progress, language=transcript.language
            )

    models = {"asr": asr.model_id}
    if diarization.source == DIARIZATION_SOURCE:
        models["diarization"] = engines.diarizer().model_id
    if summary is not None:
        models["summary"] = f"{summary.generator}:{summary.model}"
    return CallResult(
        audio=audio.info,
        language=transcript.language,
        language_probability=transcript.language_probability,
        segments=segments,
        turns=turns,
        roles=roles,
        analytics=analytics,
        summary=summary,
        timings=tuple(timer.timings),
        models=models,
        speaker_source=diarization.source,
        redacted=opts.redact.enabled,
        warnings=tuple(warnings),
        version=__version__,
    )


def _diarize_or_single(
    engines: Engines,
    audio: DecodedAudio,
    options: DiarizeOptions,
    transcript: Transcript,
    progress: ProgressMap,
) -> Diarization:
    from pipeline.diarization.diarize import diarize, single_speaker

    if not transcript.segments:
        # Nothing to attribute: skip the diarization model entirely.
        return single_speaker(audio)
    return diarize(engines.diarizer(), audio, options, on_progress=progress)
