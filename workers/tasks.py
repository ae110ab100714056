"""The tasks, thin like web views: they take a call id and hand over to
:mod:`workers.processing` / :mod:`workers.webhook`. Enqueued by name
(``callbrief.process_call``) so the API never imports this package."""

from __future__ import annotations

import logging

from celery import Task

from store import calls
from workers import lifecycle, processing, webhook
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK, celery_app
from workers.processing import Outcome

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
        log.warning("call %s: transient failure (%s), retrying", call_id, exc)
        raise self.retry(countdown=_backoff_s(self.request.retries)) from exc
    if outcome in (Outcome.DONE, Outcome.FAILED):
        _notify(self, call_id)
    return outcome.value


def _notify(task: Task, call_id: str) -> None:
    """First webhook attempt right away; retries go through the queue."""
    ctx = lifecycle.context()
    try:
        if webhook.attempt(ctx.settings, ctx.db, call_id) is not False:
            return
        deliver_webhook.apply_async(args=[call_id], countdown=webhook.backoff_s(0), queue=ctx.settings.task_queue)
        calls.mark_enqueued(ctx.db, [call_id], webhook=True)
    except Exception as exc:  # noqa: BLE001 - the requeue check resends pending webhooks
        log.warning("webhook retry for call %s not queued: %s", call_id, type(exc).__name__)


@celery_app.task(name=DELIVER_WEBHOOK_TASK, bind=True, max_retries=webhook.MAX_ATTEMPTS)
def deliver_webhook(self: Task, call_id: str) -> str:
    ctx = lifecycle.context()
    delivered = webhook.attempt(ctx.settings, ctx.db, call_id)
    if delivered is False:
        if self.request.retries >= webhook.MAX_ATTEMPTS - 1:
            webhook.give_up(ctx.db, call_id)
            return "gave_up"
        raise self.retry(countdown=webhook.backoff_s(self.request.retries + 1))
    return "delivered" if delivered else "nothing_to_do"
