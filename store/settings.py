"""The service's settings: the pipeline's plus database, broker, audio
storage, workers and webhooks. Read by ``api/``, ``workers/`` and ``cli/``.

Environment variables ``CALLBRIEF_<NAME>``; ``DATABASE_URL`` and
``BROKER_URL`` are read without the prefix, as deployment tools usually
set them. Defaults are the embedded single-machine mode: SQLite and a
SQLite broker under ``data_dir``. Every process reads them once at start
(:func:`get_settings`), so a wrong value stops it there with a
:class:`pipeline.settings.SettingsError`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, PositiveFloat, PositiveInt, field_validator, model_validator

from pipeline.settings import PipelineSettings, read_settings
from store.retention import RetentionPolicy


# The call log runs on these (search uses SQLite FTS5 or PostgreSQL full-text search).
DATABASE_SCHEMES = ("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")


def _default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "callbrief"


class Settings(PipelineSettings):
    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "CALLBRIEF_DATABASE_URL")
    )
    broker_url: str | None = Field(
        default=None, validation_alias=AliasChoices("BROKER_URL", "CALLBRIEF_BROKER_URL")
    )
    audio_dir: Path | None = None  # shared audio storage; default data_dir/audio

    # API
    max_upload_bytes: PositiveInt = 500 * 1024 * 1024

    # workers
    task_queue: str = Field(default="callbrief", min_length=1)
    worker_concurrency: PositiveInt = 1
    task_soft_time_limit_s: PositiveInt = 3 * 3600
    task_hard_time_limit_s: PositiveInt = 3 * 3600 + 300
    max_worker_deaths: PositiveInt = 3
    # A worker holds a processing call for this long and renews it every
    # third of it; a call whose lease ran out is picked up by another worker.
    worker_lease_s: PositiveFloat = 60.0
    requeue_interval_s: PositiveFloat = 30.0
    # A call sent to the broker and not taken this long after, while the
    # queue holds fewer messages than there are such calls, lost its message
    # (a broker restarted without persistence): it is sent again. Also how
    # late a due webhook delivery may be before another worker resumes it.
    requeue_lost_after_s: PositiveFloat = 60.0
    # QA re-score jobs: calls scored and committed together (one chunk).
    qa_rescore_chunk: PositiveInt = 200

    # webhooks: HMAC-SHA256 key for their signatures; None: one generated
    # per site and kept in the database.
    webhook_secret: str | None = None
    # Internal webhook targets (loopback, private, link-local, multicast) the
    # site allows: host names, addresses or networks, comma-separated.
    webhook_allowed_hosts: str = ""

    # retention (store/retention.py), counted from the upload; None: kept
    # until deleted. A worker runs it every retention_interval_s.
    audio_retention_days: PositiveFloat | None = None
    transcript_retention_days: PositiveFloat | None = None
    call_retention_days: PositiveFloat | None = None
    retention_interval_s: PositiveFloat = 3600.0
    retention_batch: PositiveInt = 200
    # Audio redaction: the stored audio has the redacted words silenced;
    # the unredacted upload is kept (readable by admins only) only if set.
    keep_original_audio: bool = False

    # /metrics shows every team's counts: admins only, or this token (for a
    # Prometheus scraper that should hold no user key).
    metrics_token: str | None = None

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(DATABASE_SCHEMES):
            raise ValueError("should be a sqlite:/// or postgresql:// URL")
        return url

    @model_validator(mode="after")
    def _hard_limit_after_soft(self) -> Settings:
        if self.task_hard_time_limit_s <= self.task_soft_time_limit_s:
            raise ValueError(
                "CALLBRIEF_TASK_HARD_TIME_LIMIT_S should be above CALLBRIEF_TASK_SOFT_TIME_LIMIT_S "
                f"({self.task_hard_time_limit_s} <= {self.task_soft_time_limit_s})"
            )
        return self

    @property
    def retention_policy(self) -> RetentionPolicy:
        return RetentionPolicy(self.audio_retention_days, self.transcript_retention_days, self.call_retention_days)

    @property
    def resolved_audio_dir(self) -> Path:
        return self.audio_dir or self.data_dir / "audio"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'callbrief.db'}"

    @property
    def resolved_broker_url(self) -> str:
        return self.broker_url or f"sqla+sqlite:///{self.data_dir / 'broker.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return read_settings(Settings)
