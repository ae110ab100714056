"""Per-process state of a worker, wired to Celery's signals.

- Each pool process (``worker_process_init``) builds its engines once and
  warms them up, then a heartbeat thread records which engines are loaded
  (``/ready`` reads it) and renews the lease on the call being processed.
- The main process (``worker_ready``) runs the requeue check
  (:mod:`workers.requeue`) at start and then every ``requeue_interval_s``:
  calls whose worker died, calls the API could not hand to the broker,
  calls whose message the broker lost, webhooks that are overdue. No beat
  scheduler is needed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from amqp.exceptions import ChannelError
from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready, worker_shutdown

from pipeline.errors import CallbriefError
from pipeline.settings import apply_offline_env
from store.settings import Settings, get_settings
from store import calls, retention, stats
from store import qa as store_qa
from store.audio import AudioStore
from store.db import Database
from workers import qa
from workers.celery_app import RESCORE_QA_TASK
from workers.processing import WorkerContext
from workers.requeue import RequeueCheck
from workers.record import default_exporter

log = logging.getLogger(__name__)

RESEND_AFTER_S = 1800.0  # QA re-score jobs
HEARTBEAT_RETENTION_S = 86400.0

_context: WorkerContext | None = None
_heartbeat: Heartbeat | None = None
_requeuer: Requeuer | None = None


def build_context(settings: Settings) -> WorkerContext:
    from pipeline.run import Engines, process_call

    db = Database(settings.resolved_database_url, pool_size=2)
    db.migrate()
    return WorkerContext(
        settings=settings,
        db=db,
        audio=AudioStore(settings.resolved_audio_dir),
        process=process_call,
        exporter=default_exporter(),
        engines=Engines(options=settings.pipeline_options(), cache_dir=settings.cache_dir),
    )


def context() -> WorkerContext:
    """This process's context, built on first use (pool processes build it at start)."""
    global _context
    if _context is None:
        _context = build_context(get_settings())
    return _context


class Heartbeat(threading.Thread):
    def __init__(self, ctx: WorkerContext) -> None:
        super().__init__(name="callbrief-heartbeat", daemon=True)
        self.ctx = ctx
        self.interval_s = max(ctx.settings.worker_lease_s / 3.0, 0.5)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval_s):
            self.beat()

    def beat(self) -> None:
        ctx = self.ctx
        with ctx.lock:
            call_id = ctx.current_call
        try:
            if call_id is not None:
                calls.renew_lease(ctx.db, call_id, ctx.owner, ctx.settings.worker_lease_s)
            stats.beat(
                ctx.db, ctx.owner, hostname=socket.gethostname(), pid=os.getpid(),
                engines=ctx.engines.loaded() if ctx.engines is not None else [], current_call_id=call_id,
            )
        except Exception as exc:  # noqa: BLE001 - a missed beat is retried at the next one
            log.warning("heartbeat failed: %s", type(exc).__name__)

    def stop(self) -> None:
        self._stop_event.set()


class Requeuer(threading.Thread):
    def __init__(self, app: Celery, settings: Settings) -> None:
        super().__init__(name="callbrief-requeue", daemon=True)
        self.app = app
        self.settings = settings
        # Opened per check, never held: this process forks pool processes.
        self.db = Database(settings.resolved_database_url, null_pool=True)
        self._stop_event = threading.Event()
        self._retention_due = 0.0  # monotonic time of the next retention run

    def run(self) -> None:
        self.check()
        while not self._stop_event.wait(self.settings.requeue_interval_s):
            self.check()

    def check(self) -> None:
        try:
            self._check()
        except Exception as exc:  # noqa: BLE001 - the next check tries again
            log.warning("requeue check failed: %s", type(exc).__name__)

    def _check(self) -> None:
        RequeueCheck(self.db, self.settings, self._send, self._queue_depth).run()
        self._resume_qa_jobs()
        self._apply_retention()
        stats.prune_workers(self.db, HEARTBEAT_RETENTION_S)

    def _apply_retention(self) -> None:
        """Every ``retention_interval_s``, in batches (store/retention.py)."""
        policy = self.settings.retention_policy
        if not policy.active or time.monotonic() < self._retention_due:
            return
        self._retention_due = time.monotonic() + self.settings.retention_interval_s
        retention.expire(self.db, AudioStore(self.settings.resolved_audio_dir), policy, batch=self.settings.retention_batch)

    def _send(self, task_name: str, call_id: str) -> None:
        self.app.send_task(task_name, args=[call_id], queue=self.settings.task_queue)

    def _queue_depth(self) -> int | None:
        """Messages waiting in the task queue; None when the broker cannot say."""
        try:
            with self.app.connection_for_read() as conn:
                try:
                    return int(conn.default_channel.queue_declare(queue=self.settings.task_queue, passive=True).message_count)
                except ChannelError as exc:
                    if str(getattr(exc, "reply_code", "")) == "404":  # Redis drops an empty queue's key
                        return 0
                    raise
        except Exception as exc:  # noqa: BLE001 - the check then waits longer before resending
            log.warning("queue depth unknown: %s", type(exc).__name__)
            return None

    def _resume_qa_jobs(self) -> None:
        """QA re-score jobs whose worker died, and calls whose QA is pending
        (the rule set did not load when they were processed) once it loads."""
        if qa.pending_exists(self.db) and store_qa.active_job(self.db, only_pending=True) is None:
            try:
                qa.rule_cache.get(self.db)
            except qa.RulesUnavailable:
                pass
            else:
                store_qa.create_job(self.db, None, None, only_pending=True)
        for job_id in store_qa.jobs_to_resume(self.db, resend_after_s=RESEND_AFTER_S):
            self.app.send_task(RESCORE_QA_TASK, args=[job_id], queue=self.settings.task_queue)
            store_qa.mark_job_enqueued(self.db, job_id)
            log.info("resumed QA job %s", job_id)

    def stop(self) -> None:
        self._stop_event.set()


@worker_process_init.connect
def _start_pool_process(**_kwargs: object) -> None:
    global _context, _heartbeat
    apply_offline_env()
    _context = build_context(get_settings())
    try:
        _context.engines.warm_up()
    except CallbriefError as exc:
        # Keep the process: /ready shows no models, and each call fails
        # with this error's code instead of the pool crash-looping.
        log.error("models could not be loaded: [%s] %s", exc.code, exc.message)
    log.info("worker process %s ready: %s", _context.owner, ", ".join(_context.engines.loaded()))
    _heartbeat = Heartbeat(_context)
    _heartbeat.beat()
    _heartbeat.start()


@worker_process_shutdown.connect
def _stop_pool_process(**_kwargs: object) -> None:
    if _heartbeat is not None:
        _heartbeat.stop()
    if _context is not None:
        try:
            stats.forget_worker(_context.db, _context.owner)
        except Exception as exc:  # noqa: BLE001 - shutting down; the row ages out
            log.warning("could not remove heartbeat: %s", type(exc).__name__)


@worker_ready.connect
def _start_requeuer(sender: object = None, **_kwargs: object) -> None:
    global _requeuer
    app = getattr(sender, "app", None)
    if app is None:
        return
    _requeuer = Requeuer(app, get_settings())
    _requeuer.start()


@worker_shutdown.connect
def _stop_requeuer(**_kwargs: object) -> None:
    if _requeuer is not None:
        _requeuer.stop()
