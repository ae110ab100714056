"""The Celery app. :func:`configure` applies the settings before a worker starts.

Reliability choices (see STYLE.md and issue 3):
- ``acks_late`` + ``task_reject_on_worker_lost``: a message is acknowledged
  only after its task returns, so a worker killed mid-call does not lose it;
- prefetch 1: a worker holds no message it is not working on;
- the broker's visibility timeout is above the hard time limit, so Redis
  does not hand a long call to a second worker while the first still works
  (the call row's lease is what detects a dead worker quickly);
- ``worker_proc_alive_timeout`` is long because each worker process loads
  its models before it reports ready.
"""

from __future__ import annotations

from celery import Celery

from pipeline.settings import apply_offline_env
from store.settings import Settings

# A worker started as ``celery -A workers.celery_app`` (not through the
# ``callbrief`` command) gets the offline flags before its tasks import an
# ML library too.
apply_offline_env()

PROCESS_CALL_TASK = "callbrief.process_call"
DELIVER_WEBHOOK_TASK = "callbrief.deliver_webhook"
RESCORE_QA_TASK = "callbrief.rescore_qa"

celery_app = Celery("callbrief", include=["workers.tasks"])


def configure(settings: Settings) -> Celery:
    broker_url = settings.resolved_broker_url
    transport_options: dict[str, object] = {}
    if broker_url.startswith(("redis://", "rediss://")):
        transport_options["visibility_timeout"] = settings.task_hard_time_limit_s + 3600
    celery_app.conf.update(
        broker_url=broker_url,
        broker_transport_options=transport_options,
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.task_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_soft_time_limit=settings.task_soft_time_limit_s,
        task_time_limit=settings.task_hard_time_limit_s,
        worker_prefetch_multiplier=1,
        worker_concurrency=settings.worker_concurrency,
        worker_proc_alive_timeout=900,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    return celery_app
