"""Per-process state of a worker, wired to Celery's signals.

- Each pool process (``worker_process_init``) builds its engines once and
  warms them up, then a heartbeat thread records which engines are loaded
  (``/ready`` reads it) and renews the lease on the call being processed.
- The main process (``worker_ready``) runs the requeue check at start and
  then every ``requeue_interval_s``: calls whose worker died (an expired
  lease, or a lease held by a process on this machine that is gone), calls
  the API could not hand to the broker, webhooks not yet sent. No beat
  scheduler is needed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready, worker_shutdown

from pipeline.errors import CallbriefError
from pipeline.settings import Settings, apply_offline_env, get_settings
from store import calls, recovery, stats
from store.audio import AudioStore
from store.db import Database
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK
from workers.processing import WorkerContext, dead_owner
from workers.record import default_exporter

log = logging.getLogger(__name__)

RESEND_AFTER_S = 1800.0
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
        stale = recovery.calls_to_requeue(self.db, resend_after_s=RESEND_AFTER_S)
        orphaned = [
            call_id
            for call_id, owner in recovery.processing_leases(self.db, socket.gethostname() + ":")
            if dead_owner(owner) is not None
        ]
        for call_id in dict.fromkeys(stale + orphaned):
            self.app.send_task(PROCESS_CALL_TASK, args=[call_id], queue=self.settings.task_queue)
            calls.mark_enqueued(self.db, [call_id])
            log.info("requeued call %s", call_id)
        for call_id in recovery.webhooks_to_requeue(self.db, resend_after_s=RESEND_AFTER_S):
            self.app.send_task(DELIVER_WEBHOOK_TASK, args=[call_id], queue=self.settings.task_queue)
            calls.mark_enqueued(self.db, [call_id], webhook=True)
        stats.prune_workers(self.db, HEARTBEAT_RETENTION_S)

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
