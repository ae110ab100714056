"""The requeue check: what no worker would otherwise pick up, sent once.

Run by every worker's main process at start and every
``requeue_interval_s`` (see :mod:`workers.lifecycle`); several run at once,
so each resend is first taken with a conditional UPDATE and only the
process that took it sends a message. What it finds:

- a ``processing`` call whose worker died (its lease ran out, or its holder
  is a process on this machine that no longer exists): back to ``queued``
  at once, its stale progress cleared, a worker death counted, sent once;
- a ``queued`` call never handed to the broker: sent;
- a ``queued`` call sent more than ``requeue_lost_after_s`` ago while the
  broker's queue holds fewer messages than there are such calls: its
  message was lost (a broker restarted without persistence), sent again.
  With a backlog the queue holds them all and nothing is resent. When the
  queue cannot be inspected, only after :data:`UNINSPECTED_RESEND_AFTER_S`;
- a webhook delivery that was due more than ``requeue_lost_after_s`` ago
  and did not happen while the queue is empty (its message was lost, or its
  worker died after finishing the call): sent to whichever worker takes it.
  While messages wait in the queue, one of them may be its own: not resent.
  A worker busy with a call holds the next message it took apart from the
  queue, so a delivery resumed then can be resumed once more after
  ``requeue_lost_after_s``; whichever message comes first takes the delivery
  (:func:`store.calls.claim_delivery`), the other finds it done.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from store import calls, recovery
from store.db import Database
from store.models import utcnow
from store.settings import Settings
from workers.celery_app import DELIVER_WEBHOOK_TASK, PROCESS_CALL_TASK
from workers.processing import dead_owner

log = logging.getLogger(__name__)

UNINSPECTED_RESEND_AFTER_S = 1800.0

Send = Callable[[str, str], None]  # (task name, call id)
QueueDepth = Callable[[], "int | None"]  # messages waiting in the queue; None: unknown


@dataclass(frozen=True)
class Resent:
    """What one check sent, by reason."""

    dead_workers: int = 0
    unsent: int = 0
    lost: int = 0
    webhooks: int = 0


@dataclass
class RequeueCheck:
    db: Database
    settings: Settings
    send: Send
    queue_depth: QueueDepth
    hostname: str = field(default_factory=socket.gethostname)

    def run(self) -> Resent:
        return Resent(
            dead_workers=self._dead_workers(), unsent=self._unsent(), lost=self._lost(), webhooks=self._webhooks()
        )

    def _send_taken(self, call_id: str, previous_enqueued_at: datetime | None) -> None:
        """Send a call this check took; if the broker refuses, put it back as it was."""
        try:
            self.send(PROCESS_CALL_TASK, call_id)
        except Exception:
            calls.undo_resend(self.db, call_id, previous_enqueued_at)
            raise

    def _dead_workers(self) -> int:
        sent = 0
        for call_id, owner in recovery.dead_leases(self.db, self.hostname + ":"):
            known_dead = dead_owner(owner) is not None
            if calls.requeue_dead(self.db, call_id, owner, owner_known_dead=known_dead):
                self._send_taken(call_id, None)
                log.info("call %s: its worker stopped; back in the queue", call_id)
                sent += 1
        return sent

    def _unsent(self) -> int:
        sent = 0
        for call_id in recovery.unsent_calls(self.db):
            if calls.take_for_resend(self.db, call_id, None):
                self._send_taken(call_id, None)
                log.info("call %s: sent to the broker", call_id)
                sent += 1
        return sent

    def _lost(self) -> int:
        now = utcnow()
        overdue = recovery.overdue_calls(self.db, sent_before=now - timedelta(seconds=self.settings.requeue_lost_after_s))
        if not overdue:
            return 0
        depth = self.queue_depth()
        if depth is None:
            long_ago = now - timedelta(seconds=UNINSPECTED_RESEND_AFTER_S)
            overdue = [(call_id, sent_at) for call_id, sent_at in overdue if sent_at < long_ago]
        else:
            missing = recovery.waiting_calls(self.db) - depth
            overdue = overdue[: max(0, missing)]
        sent = 0
        for call_id, sent_at in overdue:
            if calls.take_for_resend(self.db, call_id, sent_at):
                self._send_taken(call_id, sent_at)
                log.info("call %s: its message was lost; sent again", call_id)
                sent += 1
        return sent

    def _webhooks(self) -> int:
        now = utcnow()
        overdue = recovery.overdue_webhooks(self.db, due_before=now - timedelta(seconds=self.settings.requeue_lost_after_s))
        if not overdue:
            return 0
        depth = self.queue_depth()
        if depth is None:
            overdue = recovery.overdue_webhooks(self.db, due_before=now - timedelta(seconds=UNINSPECTED_RESEND_AFTER_S))
        elif depth > 0:
            return 0  # messages are waiting for busy workers: one of them may be this delivery's
        for call_id in overdue:
            calls.mark_enqueued(self.db, [call_id], webhook=True)  # due now, for whoever takes the message
            self.send(DELIVER_WEBHOOK_TASK, call_id)
            log.info("webhook for call %s: resumed", call_id)
        return len(overdue)
