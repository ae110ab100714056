"""Result notifications to the call's ``callback_url``, signed with HMAC-SHA256.

The request is a POST of a JSON body; the header

    X-Callbrief-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the site secret>

lets the receiver check it came from this site and was not altered
(compare with ``hmac.compare_digest``). The body carries ``sent_at`` and
a ``delivery`` id (the same on every retry of one notification) so a
receiver can drop repeats: delivery is at least once. The secret is
``CALLBRIEF_WEBHOOK_SECRET``, or one generated for the site and kept in
the database (``callbrief users webhook-secret`` prints it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import httpx

from pipeline import __version__
from pipeline.settings import Settings
from store import calls, stats
from store.db import Database
from store.models import Call, CallStatus, utcnow

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Callbrief-Signature"
SITE_SECRET_KEY = "webhook_secret"
TIMEOUT_S = 10.0
MAX_ATTEMPTS = 8


class DeliveryFailed(Exception):
    pass


def secret(settings: Settings, db: Database) -> str:
    return settings.webhook_secret or stats.site_secret(db, SITE_SECRET_KEY)


def sign(key: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(key: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, body), signature)


def payload(db: Database, call: Call) -> bytes:
    summary = None
    if call.status == CallStatus.DONE:
        with db.session() as session:
            row = calls.get_result(session, call.id)
        summary = calls.summary_of(row) if row else None
    body = {
        "event": f"call.{call.status}",
        "delivery": f"{call.id}.{call.status}",  # the same on every retry: receivers can drop repeats
        "sent_at": utcnow().isoformat(),
        "call_id": call.id,
        "external_id": call.external_id,
        "agent_id": call.agent_id,
        "team": call.team,
        "status": call.status,
        "error": {"code": call.error_code, "message": call.error_message} if call.error_code else None,
        "summary": summary,
        "links": {"status": f"/v1/calls/{call.id}", "summary": f"/v1/calls/{call.id}/summary"},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def deliver(url: str, body: bytes, key: str, event: str) -> None:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"callbrief/{__version__}",
        "X-Callbrief-Event": event,
        SIGNATURE_HEADER: sign(key, body),
    }
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_S, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise DeliveryFailed(f"{type(exc).__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"HTTP {response.status_code}")


def attempt(settings: Settings, db: Database, call_id: str) -> bool | None:
    """One delivery attempt. True: delivered (or nothing to do); False: failed,
    try again later; None: the call or its callback is gone."""
    with db.session() as session:
        call = calls.get_call(session, call_id)
    if call is None or not call.callback_url or call.webhook_status != "pending":
        return None
    try:
        deliver(call.callback_url, payload(db, call), secret(settings, db), f"call.{call.status}")
    except DeliveryFailed as exc:
        log.warning("webhook for call %s not delivered: %s", call_id, exc)
        calls.set_webhook_state(db, call_id, "pending", str(exc))
        return False
    calls.set_webhook_state(db, call_id, "delivered")
    log.info("webhook for call %s delivered", call_id)
    return True


def give_up(db: Database, call_id: str) -> None:
    calls.set_webhook_state(db, call_id, "failed", f"not delivered after {MAX_ATTEMPTS} attempts")


def backoff_s(retries: int) -> float:
    return min(5.0 * 2**retries, 3600.0)
