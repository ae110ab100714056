"""What every request needs, built once per API process by :func:`api.main.create_app`."""

from __future__ import annotations

from dataclasses import dataclass

from api.metrics import ApiMetrics
from api.queue import Enqueuer
from store.settings import Settings
from store.audio import AudioStore
from store.db import Database


@dataclass
class AppContext:
    settings: Settings
    db: Database
    audio: AudioStore
    enqueuer: Enqueuer
    metrics: ApiMetrics
    sse_poll_s: float = 1.0
