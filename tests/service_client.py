"""Driving a running callbrief service over HTTP in tests: upload, SSE, webhooks."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx


class WebhookReceiver:
    """Collects webhook POSTs on 127.0.0.1."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with outer._lock:
                    outer.received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/callbrief-hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def for_call(self, call_id: str) -> list[tuple[dict[str, str], dict]]:
        with self._lock:
            items = list(self.received)
        return [(h, json.loads(b)) for h, b in items if json.loads(b)["call_id"] == call_id]

    def raw_for_call(self, call_id: str) -> list[tuple[dict[str, str], bytes]]:
        with self._lock:
            return [(h, b) for h, b in self.received if json.loads(b)["call_id"] == call_id]

    def close(self) -> None:
        self.server.shutdown()


class EventCollector(threading.Thread):
    """Reads a call's SSE stream until it ends."""

    def __init__(self, base_url: str, headers: dict[str, str], call_id: str) -> None:
        super().__init__(daemon=True)
        self.url = f"{base_url}/v1/calls/{call_id}/events"
        self.headers = headers
        self.events: list[tuple[str, dict]] = []
        self.error: Exception | None = None
        self.start()

    def run(self) -> None:
        name = None
        try:
            with httpx.stream("GET", self.url, headers=self.headers, timeout=httpx.Timeout(10, read=600)) as response:
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        name = line.split(":", 1)[1].strip()
                    elif line.startswith("data:") and name:
                        self.events.append((name, json.loads(line.split(":", 1)[1])))
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


def upload(client: httpx.Client, path: Path, **form: str) -> dict:
    with path.open("rb") as audio:
        response = client.post("/v1/calls", files={"file": (path.name, audio, "audio/wav")}, data=form, timeout=120)
    assert response.status_code in (200, 202), response.text
    return response.json()
