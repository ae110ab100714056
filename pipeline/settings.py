"""The one settings object, read from the environment (prefix ``CALLBRIEF_``).

``DATABASE_URL`` and ``BROKER_URL`` are read without the prefix, as
deployment tools usually set them. Defaults are the embedded single-machine
mode: SQLite and a SQLite broker under ``data_dir``, everything offline.
Call :func:`get_settings` (cached) rather than building it at import time.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.options import (
    AnalyticsOptions,
    AttributeOptions,
    DecodeOptions,
    DiarizeOptions,
    PipelineOptions,
    RedactOptions,
    SummarizeOptions,
    TranscribeOptions,
)

# No model hub, no telemetry, ever: set before any ML library is imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "PYANNOTE_METRICS_ENABLED": "0",
    "DO_NOT_TRACK": "1",
}


def apply_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


def _default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "callbrief"


def _default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "callbrief"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CALLBRIEF_", env_file=None, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    # Joined model files (Whisper base, the GGUF LLM) are written here once.
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "CALLBRIEF_DATABASE_URL")
    )
    broker_url: str | None = Field(
        default=None, validation_alias=AliasChoices("BROKER_URL", "CALLBRIEF_BROKER_URL")
    )
    audio_dir: Path | None = None  # shared audio storage; default data_dir/audio

    # decode
    max_duration_s: float = 4 * 3600.0
    max_upload_bytes: int = 500 * 1024 * 1024

    # speech recognition
    whisper_model: str = "base"
    whisper_compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size: int = 5

    # speaker separation
    num_speakers: int = 2

    # analytics
    silence_threshold_s: float = 3.0

    # privacy
    redact_pii: bool = True

    # summary
    summary_backend: str = "auto"
    llm_model_path: str | None = None
    llm_threads: int = 2
    llm_context_tokens: int = 4096
    llm_timeout_s: float = 600.0
    openai_base_url: str | None = None
    openai_model: str = "default"
    openai_api_key: str | None = None
    unverified_facts: str = "flag"

    # workers
    task_soft_time_limit_s: int = 3 * 3600
    task_hard_time_limit_s: int = 3 * 3600 + 300
    max_worker_deaths: int = 3
    # service (api/, workers/, store/)
    task_queue: str = "callbrief"
    worker_concurrency: int = 1
    # A worker holds a processing call for this long and renews it every
    # third of it; a call whose lease ran out is picked up by another worker.
    worker_lease_s: float = 60.0
    requeue_interval_s: float = 30.0
    # HMAC-SHA256 key for webhook signatures; None: one generated per site
    # and kept in the database.
    webhook_secret: str | None = None

    @property
    def resolved_audio_dir(self) -> Path:
        return self.audio_dir or self.data_dir / "audio"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'callbrief.db'}"

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.db'}"

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
            redact=RedactOptions(enabled=self.redact_pii),
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
            ),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
