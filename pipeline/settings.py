"""What the pipeline stages read from the environment (prefix ``CALLBRIEF_``).

:class:`PipelineSettings` holds the stages' settings only (models, threads,
thresholds, the summary generator); the service's settings (database,
broker, audio storage, workers, webhooks) extend it in
:mod:`store.settings`. Choices and limits are typed, so a wrong value stops
the process when the settings are read, with a :class:`SettingsError`
naming the variable and what it accepts, not a failure at the last stage
of every call. Call :func:`get_pipeline_settings` (cached) rather than
building settings at import time.
"""

from __future__ import annotations

import os
import typing
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, PositiveFloat, PositiveInt, ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.errors import ErrorCode, InputError
from pipeline.options import (
    AnalyticsOptions,
    AttributeOptions,
    ComputeType,
    DecodeOptions,
    DiarizeOptions,
    PipelineOptions,
    REDACT_ENTITIES,
    RedactOptions,
    SummarizeOptions,
    SummaryBackend,
    TranscribeOptions,
    UnverifiedPolicy,
)

# No model hub, no telemetry, ever: set before any ML library is imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "PYANNOTE_METRICS_ENABLED": "0",
    # ONNX Runtime (Silero VAD inside faster-whisper) has 1DS telemetry on by
    # default on Linux: DNS look-ups of a Microsoft endpoint and an event
    # cache under ~/.cache/Microsoft. Read when the runtime initialises.
    "ORT_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def apply_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "callbrief"


class SettingsError(InputError):
    """A setting has a value the process cannot run with."""

    code = ErrorCode.BAD_OPTION


class PipelineSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CALLBRIEF_", env_file=None, extra="ignore")

    # Joined model files (Whisper base, the GGUF LLM) are written here once.
    cache_dir: Path = Field(default_factory=_default_cache_dir)

    # decode
    max_duration_s: PositiveFloat = 4 * 3600.0

    # speech recognition
    whisper_model: str = "base"  # "base", "tiny.en" or a CTranslate2 Whisper folder
    whisper_compute_type: ComputeType = "int8"
    cpu_threads: PositiveInt = 2
    beam_size: PositiveInt = 5

    # speaker separation
    num_speakers: PositiveInt = 2

    # analytics
    silence_threshold_s: PositiveFloat = 3.0

    # privacy
    redact_pii: bool = True
    redact_phones: bool = True  # phone numbers too (service numbers such as 1588-xxxx stay)

    # summary
    summary_backend: SummaryBackend = "auto"
    llm_model_path: str | None = None
    llm_threads: PositiveInt = 2
    llm_context_tokens: int = Field(default=4096, ge=1024)
    llm_timeout_s: PositiveFloat = 600.0
    openai_base_url: str | None = None
    openai_model: str = "default"
    openai_api_key: str | None = None
    unverified_facts: UnverifiedPolicy = "drop"  # a value the model wrote and the call does not back
    categories_file: str | None = None  # the reason taxonomy (JSON/YAML list); None: the default list
    min_fact_confidence: float = Field(default=0.5, ge=0.0, le=1.0)  # below it a key fact is marked uncertain

    def pipeline_options(self) -> PipelineOptions:
        return PipelineOptions(
            decode=DecodeOptions(max_duration_s=self.max_duration_s),
            transcribe=TranscribeOptions(
                model=self.whisper_model,
                compute_type=self.whisper_compute_type,
                cpu_threads=self.cpu_threads,
                beam_size=self.beam_size,
            ),
            diarize=DiarizeOptions(num_speakers=self.num_speakers),
            attribute=AttributeOptions(),
            analytics=AnalyticsOptions(silence_threshold_s=self.silence_threshold_s),
            redact=RedactOptions(
                enabled=self.redact_pii,
                entities=tuple(e for e in REDACT_ENTITIES if self.redact_phones or e != "phone"),
            ),
            summarize=SummarizeOptions(
                backend=self.summary_backend,
                model_path=self.llm_model_path,
                openai_base_url=self.openai_base_url,
                openai_model=self.openai_model,
                openai_api_key=self.openai_api_key,
                threads=self.llm_threads,
                context_tokens=self.llm_context_tokens,
                timeout_s=self.llm_timeout_s,
                unverified=self.unverified_facts,
                categories_file=self.categories_file,
                min_fact_confidence=self.min_fact_confidence,
            ),
        )


S = TypeVar("S", bound=BaseSettings)
# Values of these settings may hold a password or key: errors never show them.
_UNSHOWN = ("url", "secret", "api_key", "password")


def read_settings(cls: type[S]) -> S:
    """``cls()`` from the environment; a bad value raises :class:`SettingsError`
    naming its variable and the values it accepts."""
    try:
        return cls()
    except ValidationError as exc:
        raise SettingsError("; ".join(_describe(cls, error) for error in exc.errors())) from exc


def _describe(cls: type[BaseSettings], error: ErrorDetails) -> str:
    """One validation error as ``CALLBRIEF_X=value: what it accepts``."""
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:  # a rule across fields
        return message
    subject, should, rest = message.partition("should ")
    if should and len(subject.split()) == 1:  # "Input should be …", "String should have …"
        message = should + rest
    name = str(error["loc"][0])
    field = cls.model_fields.get(name)
    # A field read under another name (DATABASE_URL) reports that name.
    variable = (f"{cls.model_config.get('env_prefix', '')}{name}" if field is not None else name).upper()
    choices = typing.get_args(field.annotation) if field is not None and typing.get_origin(field.annotation) is Literal else ()
    if choices:
        message = "should be one of " + ", ".join(choices)
    elif error["type"] == "bool_parsing":
        message = "should be true or false"
    if any(word in name.lower() for word in _UNSHOWN):
        return f"{variable}: {message}"
    return f"{variable}={error['input']}: {message}"


@lru_cache(maxsize=1)
def get_pipeline_settings() -> PipelineSettings:
    return read_settings(PipelineSettings)
