"""Webhooks: signed with HMAC-SHA256 over the raw body; retried until delivered."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from store.settings import Settings
from store import calls
from store.db import Database
from tests.pipeline.factories import call_result
from workers import webhook
from workers.record import to_record


class Receiver:
    """A webhook receiver on 127.0.0.1 that fails its first ``fail_first`` requests."""

    def __init__(self, fail_first: int = 0, redirect_to: str | None = None) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail_first = fail_first
        self.redirect_to = redirect_to
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                if outer.redirect_to:
                    self.send_response(307)
                    self.send_header("Location", outer.redirect_to)
                else:
                    self.send_response(500 if len(outer.received) <= outer.fail_first else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(fail_first=1)
    yield r
    r.close()


def test_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = b'{"call_id":"x"}'
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert webhook.sign("s3cret", body) == expected
    assert webhook.verify("s3cret", body, expected)
    assert not webhook.verify("s3cret", body + b" ", expected)


def test_a_done_call_is_delivered_signed_after_a_failure(db: Database, settings: Settings, receiver: Receiver) -> None:
    settings = settings.model_copy(update={"webhook_secret": "site-secret", "webhook_allowed_hosts": "127.0.0.1"})
    call_id = calls.new_call_id()
    calls.create_call(db, call_id, calls.NewCall(audio_path="x", audio_sha256="a" * 64, audio_bytes=1, audio_format="wav",
                                                 external_id="crm-9", callback_url=receiver.url))
    calls.claim(db, call_id, "w:1:x", lease_s=60, max_deaths=3)
    calls.finish(db, call_id, "w:1:x", to_record(call_result(), lambda r, f: ""))

    assert webhook.attempt(settings, db, call_id) is False  # the receiver answered 500
    assert webhook.attempt(settings, db, call_id) is True
    assert webhook.attempt(settings, db, call_id) is None  # delivered: nothing more to send
    assert len(receiver.received) == 2
    headers, body = receiver.received[-1]
    assert webhook.verify("site-secret", body, headers["X-Callbrief-Signature"])
    assert headers["X-Callbrief-Event"] == "call.done"
    payload = json.loads(body)
    assert (payload["call_id"], payload["external_id"], payload["status"]) == (call_id, "crm-9", "done")
    assert payload["summary"]["key_facts"][1]["value"] == "REF-99812"
    assert payload["delivery"] == json.loads(receiver.received[0][1])["delivery"]
    with db.session() as session:
        row = calls.get_call(session, call_id)
    assert row is not None and (row.webhook_status, row.webhook_attempts) == ("delivered", 2)


def test_the_site_secret_is_generated_when_not_configured(db: Database, settings: Settings) -> None:
    first = webhook.secret(settings, db)
    assert len(first) == 64 and webhook.secret(settings, db) == first
    assert webhook.secret(settings.model_copy(update={"webhook_secret": "x"}), db) == "x"


def test_backoff_grows_and_is_capped() -> None:
    delays = [webhook.backoff_s(n) for n in range(12)]
    assert delays[:3] == [5.0, 10.0, 20.0] and max(delays) == 3600.0


def _done_call(db: Database, url: str) -> str:
    call_id = calls.new_call_id()
    calls.create_call(db, call_id, calls.NewCall(audio_path="x", audio_sha256=call_id * 2, audio_bytes=1,
                                                 audio_format="wav", callback_url=url))
    calls.claim(db, call_id, "w:1:x", lease_s=60, max_deaths=3)
    calls.finish(db, call_id, "w:1:x", to_record(call_result(), lambda r, f: ""))
    return call_id


def test_an_internal_address_is_refused_at_delivery(db: Database, settings: Settings) -> None:
    """The address is checked again before each delivery, whatever was accepted."""
    target = Receiver()
    try:
        call_id = _done_call(db, target.url)
        assert webhook.attempt(settings, db, call_id) is None
        assert target.received == []
        with db.session() as session:
            row = calls.get_call(session, call_id)
        assert row is not None and row.webhook_status == "failed" and "CALLBRIEF_WEBHOOK_ALLOWED_HOSTS" in row.webhook_error
    finally:
        target.close()


def test_redirects_are_not_followed(db: Database, settings: Settings) -> None:
    inner = Receiver()
    outer = Receiver(redirect_to=inner.url)
    try:
        settings = settings.model_copy(update={"webhook_allowed_hosts": "127.0.0.1"})
        call_id = _done_call(db, outer.url)
        assert webhook.attempt(settings, db, call_id) is False
        assert len(outer.received) == 1 and inner.received == []
    finally:
        inner.close()
        outer.close()


def test_delivery_goes_to_the_checked_address_with_the_host_name(db: Database, settings: Settings) -> None:
    target = Receiver()
    try:
        port = target.server.server_address[1]
        settings = settings.model_copy(update={"webhook_allowed_hosts": "localhost"})
        call_id = _done_call(db, f"http://localhost:{port}/hook")
        assert webhook.attempt(settings, db, call_id) is True
        [(headers, _body)] = target.received
        assert headers["Host"] == f"localhost:{port}"
    finally:
        target.close()
