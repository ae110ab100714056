"""The tasks, thin like web views: they take a call id and hand over to
:mod:`workers.processing` / :mod:`workers.webhook`. Enqueued by name
(``callbrief.process_call``) so the API never imports this package."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task

from pipeline.errors import TransientError
from store import calls
from store.models import utcnow
from workers import lifecycle, processing, qa, webhook
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK, RESCORE_QA_TASK, celery_app

log = logging.getLogger(__name__)

MAX_TRANSIENT_RETRIES = 10


def _backoff_s(retries: int) -> float:
    return min(2.0 * 2**retries, 300.0)


@celery_app.task(name=PROCESS_CALL_TASK, bind=True, max_retries=MAX_TRANSIENT_RETRIES)
def process_call(self: Task, call_id: str) -> str:
    ctx = lifecycle.context()
    try:
        outcome = processing.run_call(ctx, call_id)
    except processing.Retry as exc:
        countdown = _backoff_s(self.request.retries)
        log.warning("call %s: transient failure (%s), retrying in %.0f s", call_id, exc, countdown)
        _note_retry_due(ctx, call_id, countdown)
        raise self.retry(countdown=countdown) from exc
    # Also when the call was finished already (a redelivered message): a
    # webhook its worker did not get to send is sent by whoever finds it.
    _notify(self, call_id)
    return outcome.value


def _note_retry_due(ctx: processing.WorkerContext, call_id: str, countdown_s: float) -> None:
    """The retry message is held by a worker until it is due: the requeue
    check must not count it as lost before then."""
    try:
        calls.mark_enqueued(ctx.db, [call_id], at=utcnow() + timedelta(seconds=countdown_s))
    except TransientError:
        log.warning("call %s: retry time not recorded", call_id)


def _notify(task: Task, call_id: str) -> None:
    """First webhook attempt right away; retries go through the queue."""
    ctx = lifecycle.context()
    try:
        if webhook.attempt(ctx.settings, ctx.db, call_id, retry_in_s=webhook.backoff_s(0)) is not False:
            return
        deliver_webhook.apply_async(args=[call_id], countdown=webhook.backoff_s(0), queue=ctx.settings.task_queue)
    except Exception as exc:  # noqa: BLE001 - the requeue check resends overdue webhooks
        log.warning("webhook retry for call %s not queued: %s", call_id, type(exc).__name__)


@celery_app.task(name=DELIVER_WEBHOOK_TASK, bind=True, max_retries=webhook.MAX_ATTEMPTS)
def deliver_webhook(self: Task, call_id: str) -> str:
    ctx = lifecycle.context()
    delivered = webhook.attempt(ctx.settings, ctx.db, call_id, retry_in_s=webhook.backoff_s(self.request.retries + 1))
    if delivered is False:
        if self.request.retries >= webhook.MAX_ATTEMPTS - 1:
            webhook.give_up(ctx.db, call_id)
            return "gave_up"
        raise self.retry(countdown=webhook.backoff_s(self.request.retries + 1))
    return "delivered" if delivered else "nothing_to_do"


@celery_app.task(name=RESCORE_QA_TASK, bind=True, max_retries=MAX_TRANSIENT_RETRIES)
def rescore_qa(self: Task, job_id: str) -> str:
    """Re-score the stored calls of a QA job, chunk by chunk (resumable)."""
    ctx = lifecycle.context()
    settings = ctx.settings
    try:
        return qa.run_job(ctx.db, job_id, ctx.owner, lease_s=settings.worker_lease_s, chunk=settings.qa_rescore_chunk)
    except TransientError as exc:
        log.warning("QA job %s: transient failure (%s), retrying", job_id, exc.message)
        raise self.retry(countdown=_backoff_s(self.request.retries)) from exc
