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
from datetime import timedelta

import httpx

from pipeline import __version__
from store.settings import Settings
from store import calls, stats, webhook_address
from store.db import Database
from store.models import Call, CallStatus, utcnow
from store.webhook_address import AddressRefused, AllowList, Target

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Callbrief-Signature"
SITE_SECRET_KEY = "webhook_secret"
TIMEOUT_S = 10.0
# How long one attempt holds the delivery (other workers leave it alone).
DELIVERY_LEASE_S = 3 * TIMEOUT_S
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


def deliver(target: Target, body: bytes, key: str, event: str) -> None:
    """POST to the checked address (the host name goes in ``Host`` and, for
    https, in the TLS handshake, so certificates are verified as usual)."""
    headers = {
        "Host": target.host_header(),
        "Content-Type": "application/json",
        "User-Agent": f"callbrief/{__version__}",
        "X-Callbrief-Event": event,
        SIGNATURE_HEADER: sign(key, body),
    }
    try:
        with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False, trust_env=False) as client:
            request = client.build_request(
                "POST", target.pinned_url(), content=body, headers=headers, extensions={"sni_hostname": target.host}
            )
            response = client.send(request)
    except httpx.HTTPError as exc:
        raise DeliveryFailed(f"{type(exc).__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"HTTP {response.status_code}")


def attempt(settings: Settings, db: Database, call_id: str, *, retry_in_s: float = 0.0) -> bool | None:
    """One delivery attempt, if one is due and no other worker is making it.
    True: delivered; False: failed, due again in ``retry_in_s``; None:
    nothing to do (no callback, delivered already, not due, another worker
    on it) or its address is not allowed (the delivery is marked failed)."""
    with db.session() as session:
        call = calls.get_call(session, call_id)
    if call is None or not call.callback_url or call.webhook_status != "pending":
        return None
    if not calls.claim_delivery(db, call_id, DELIVERY_LEASE_S):
        return None
    retry_at = utcnow() + timedelta(seconds=retry_in_s)
    try:
        # Checked again at every delivery: the name may resolve elsewhere now.
        target = webhook_address.check(call.callback_url, AllowList.parse(settings.webhook_allowed_hosts))
    except AddressRefused as exc:
        log.warning("webhook for call %s not sent: its address is not allowed or does not resolve", call_id)
        if exc.retryable:
            calls.set_webhook_state(db, call_id, "pending", exc.message[:255], next_attempt_at=retry_at)
            return False
        calls.set_webhook_state(db, call_id, "failed", exc.message[:255])
        return None
    try:
        deliver(target, payload(db, call), secret(settings, db), f"call.{call.status}")
    except DeliveryFailed as exc:
        log.warning("webhook for call %s not delivered: %s", call_id, exc)
        calls.set_webhook_state(db, call_id, "pending", str(exc), next_attempt_at=retry_at)
        return False
    calls.set_webhook_state(db, call_id, "delivered")
    log.info("webhook for call %s delivered", call_id)
    return True


def give_up(db: Database, call_id: str) -> None:
    calls.set_webhook_state(db, call_id, "failed", f"not delivered after {MAX_ATTEMPTS} attempts")


def backoff_s(retries: int) -> float:
    return min(5.0 * 2**retries, 3600.0)
