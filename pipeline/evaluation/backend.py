"""The real pipeline behind :class:`pipeline.evaluation.runner.Backend`.

Each method runs exactly the stage functions a call runs, with the site's
options, except that PII redaction is off: redaction rewrites transcript
text, and scoring the redacted text would count every removed card number
as recognition errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.evaluation.runner import Transcription
from pipeline.options import CallOptions, PipelineOptions
from pipeline.run import Engines, process_call
from pipeline.types import CallResult, SpeakerSegment, Summary, Turn


class PipelineBackend:
    def __init__(self, options: PipelineOptions, cache_dir: Path) -> None:
        options = dataclasses.replace(options, redact=dataclasses.replace(options.redact, enabled=False))
        self.options = options
        self.engines = Engines(options=options, cache_dir=cache_dir)
        self._summary_models: set[str] = set()

    def prepare(self, engines: Sequence[str]) -> None:
        loaders = {"asr": self.engines.asr, "diarizer": self.engines.diarizer, "summarizer": self.engines.summarizer}
        for name in engines:
            loaders[name]()

    def transcribe(self, path: Path, language: str | None) -> Transcription:
        from pipeline.audio.decode import decode
        from pipeline.asr.transcribe import transcribe

        audio = decode(path, self.options.decode)
        asr_opts = dataclasses.replace(self.options.transcribe, language=language or self.options.transcribe.language)
        channels = list(range(audio.samples.shape[0])) if audio.samples.shape[0] >= 2 else None
        transcript = transcribe(self.engines.asr(), audio, asr_opts, channels=channels)
        text = " ".join(s.text.strip() for s in sorted(transcript.segments, key=lambda s: s.start))
        return Transcription(text=text, language=transcript.language, duration=audio.info.duration)

    def diarize(self, path: Path, num_speakers: int | None) -> tuple[tuple[SpeakerSegment, ...], float]:
        from pipeline.audio.decode import decode

        audio = decode(path, self.options.decode)
        if audio.samples.shape[0] >= 2:
            from pipeline.diarization.channels import channel_activity

            return channel_activity(audio).segments, audio.info.duration
        from pipeline.diarization.diarize import diarize

        opts = self.options.diarize
        if num_speakers is not None:
            opts = dataclasses.replace(opts, num_speakers=num_speakers, min_speakers=None, max_speakers=None)
        return diarize(self.engines.diarizer(), audio, opts).segments, audio.info.duration

    def process(self, path: Path, language: str | None, summarize: bool) -> CallResult:
        result = process_call(path, self.engines, CallOptions(language=language, summarize=summarize))
        if result.summary is not None:
            self._summary_models.add(f"{result.summary.generator}:{result.summary.model}")
        return result

    def summarize(self, turns: Sequence[Turn]) -> Summary:
        from pipeline.summary.summarize import summarize

        summary = summarize(self.engines.summarizer(), turns, self.options.summarize)
        self._summary_models.add(f"{summary.generator}:{summary.model}")
        return summary

    def models(self) -> dict[str, str]:
        asr = self.options.transcribe
        models = {
            "asr": f"faster-whisper:{asr.model}:{asr.compute_type}",
            "diarization": "pyannote.audio:segmentation-3.0+campplus (mono); channel activity (stereo)",
        }
        if self._summary_models:
            models["summary"] = ", ".join(sorted(self._summary_models))
        return models

    def settings(self) -> dict[str, Any]:
        o = self.options
        return {
            "whisper_model": o.transcribe.model,
            "compute_type": o.transcribe.compute_type,
            "beam_size": o.transcribe.beam_size,
            "cpu_threads": o.transcribe.cpu_threads,
            "vad_min_silence_ms": o.transcribe.vad_min_silence_ms,
            "num_speakers": o.diarize.num_speakers,
            "summary_backend": o.summarize.backend,
            "llm_model_path": o.summarize.model_path,
            "llm_threads": o.summarize.threads,
            "unverified_facts": o.summarize.unverified,
            "redaction": "off (evaluation scores unredacted text)",
        }
