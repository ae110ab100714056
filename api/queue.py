"""Handing work to the workers: by task NAME through the broker, never by
importing ``workers`` (the API process stays free of ML libraries).

Called only after the call row is committed; if the broker is down the
row stays ``queued`` with no ``enqueued_at`` and a worker's periodic
check sends it later, so an upload that got a 202 is never lost.
"""

from __future__ import annotations

import logging
from typing import Protocol

from celery import Celery

log = logging.getLogger(__name__)

PROCESS_CALL_TASK = "callbrief.process_call"
RESCORE_QA_TASK = "callbrief.rescore_qa"  # takes the id of one slice of a QA re-score


class Enqueuer(Protocol):
    def send(self, task_name: str, call_id: str) -> None: ...

    def ping(self) -> None: ...


class CeleryEnqueuer:
    def __init__(self, broker_url: str, queue: str) -> None:
        self.queue = queue
        self._app = Celery("callbrief-api", broker=broker_url, set_as_current=False)
        self._app.conf.update(broker_connection_retry_on_startup=False, broker_connection_timeout=5)

    def send(self, task_name: str, call_id: str) -> None:
        self._app.send_task(
            task_name,
            args=[call_id],
            queue=self.queue,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0},
        )

    def ping(self) -> None:
        with self._app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
