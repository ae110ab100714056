"""/health, /ready, /metrics, error format, and that nothing but health is open."""

from __future__ import annotations

import re
import subprocess
import sys

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.context import AppContext
from store import calls, stats
from tests.api.conftest import Person, RecordingEnqueuer, stored_done_call
from tests.service_support import ROOT

OPEN = {"/health", "/ready"}


def test_no_endpoint_is_open_without_a_key(app: FastAPI, client: TestClient, ctx: AppContext) -> None:
    call_id = stored_done_call(ctx, "ann", "billing")
    checked = 0
    for path, methods in app.openapi()["paths"].items():
        url = path.replace("{call_id}", call_id)
        for method in methods:
            response = client.request(method.upper(), url)
            if path in OPEN:
                assert response.status_code in (200, 503)
            else:
                assert response.status_code == 401, f"{method} {path} answered {response.status_code} without a key"
                assert response.headers["www-authenticate"] == "Bearer"
            checked += 1
    assert checked >= 12


def test_ready_needs_database_broker_and_a_worker_with_models(
    client: TestClient, ctx: AppContext, enqueuer: RecordingEnqueuer
) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    not_yet = client.get("/ready")
    assert not_yet.status_code == 503 and not_yet.json()["workers"] == 0
    stats.beat(ctx.db, "host:1:x", hostname="host", pid=1, engines=["asr:base", "diarizer"], current_call_id=None)
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "database": "ok", "broker": "ok", "workers": 1, "models_loaded": ["asr:base", "diarizer"]}
    enqueuer.down = True
    down = client.get("/ready")
    assert down.status_code == 503 and down.json()["broker"] == "unavailable"


def test_ready_turns_503_the_moment_a_local_worker_process_is_gone(client: TestClient, ctx: AppContext) -> None:
    import os
    import socket
    import time

    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stats.beat(ctx.db, "w:1:x", hostname=socket.gethostname(), pid=worker.pid, engines=["asr:base"], current_call_id=None)
        assert client.get("/ready").status_code == 200
        worker.kill()
        # Killed but not reaped yet (a zombie, as when its parent died too).
        time.sleep(0.2)
        assert client.get("/ready").status_code == 503
        worker.wait()
        # The heartbeat is seconds old, but the process is gone.
        gone = client.get("/ready")
        assert gone.status_code == 503 and gone.json()["workers"] == 0
    finally:
        worker.kill()
    stats.beat(ctx.db, "w:2:x", hostname=socket.gethostname(), pid=os.getpid(), engines=["asr:base"], current_call_id=None)
    assert client.get("/ready").status_code == 200


def test_metrics(client: TestClient, ctx: AppContext, people: dict[str, Person], wav_bytes: bytes) -> None:
    stored_done_call(ctx, "ann", "billing")
    client.post("/v1/calls", headers=people["ann"].headers, files={"file": ("a.wav", wav_bytes)})
    failing = client.post("/v1/calls", headers=people["ann"].headers, files={"file": ("b.wav", wav_bytes + b"x")}).json()["id"]
    calls.claim(ctx.db, failing, "w:1:x", lease_s=60, max_deaths=3)
    calls.fail(ctx.db, failing, "w:1:x", "audio_no_speech", "silence")
    client.post("/v1/calls", headers=people["ann"].headers, files={"file": ("c.txt", b"not audio at all")})
    assert client.get("/metrics").status_code == 401
    # Every team's counts: not for agents or supervisors.
    for name in ("ann", "sue"):
        assert client.get("/metrics", headers=people[name].headers).status_code == 403
    text = client.get("/metrics", headers=people["ada"].headers).text
    assert "callbrief_queue_depth 1.0" in text
    assert 'callbrief_call_failures{code="audio_no_speech"} 1.0' in text
    assert 'callbrief_stage_duration_seconds_count{stage="transcribe"} 1.0' in text
    assert 'callbrief_stage_duration_seconds_bucket{le="2.5",stage="transcribe"} 1.0' in text
    assert 'callbrief_uploads_rejected_total{code="unsupported_media_type"} 1.0' in text
    assert re.search(r'callbrief_http_requests_total\{method="POST",route="/v1/calls",status="202"\} 2.0', text)
    assert call_id_free(text)


def test_metrics_with_the_scrape_token(client: TestClient, ctx: AppContext, people: dict[str, Person]) -> None:
    ctx.settings = ctx.settings.model_copy(update={"metrics_token": "scrape-" + "s" * 40})
    scraped = client.get("/metrics", headers={"Authorization": "Bearer scrape-" + "s" * 40})
    assert scraped.status_code == 200 and "callbrief_queue_depth" in scraped.text
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-wrong"}).status_code == 401
    assert client.get("/metrics", headers=people["ann"].headers).status_code == 403


def test_401_is_documented_wherever_a_key_is_needed(app: FastAPI) -> None:
    for path, methods in app.openapi()["paths"].items():
        for method, operation in methods.items():
            if path not in OPEN:
                assert "401" in operation["responses"], f"{method.upper()} {path}"


def call_id_free(text: str) -> bool:
    """Routes appear as templates: no call id, no query text in metric labels."""
    return re.search(r"[0-9a-f]{32}", text) is None


def test_errors_are_json_without_stack_traces(client: TestClient, people: dict[str, Person]) -> None:
    missing = client.get("/v1/nothing-here", headers=people["ann"].headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    invalid = client.get("/v1/calls?sort=password", headers=people["ann"].headers)
    assert invalid.status_code == 422 and invalid.json()["error"]["code"] == "invalid_request"
    assert "password" not in invalid.json()["error"]["message"]  # values are not echoed


def test_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    upload = spec["paths"]["/v1/calls"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["required"] == ["file"]
    assert {"agent_id", "team", "external_id", "language", "channels", "hotwords", "callback_url"} <= set(upload["properties"])


def test_importing_the_api_loads_no_ml_library(tmp_path) -> None:  # noqa: ANN001
    code = (
        "import sys\n"
        "from store.settings import Settings\n"
        "from api.main import create_app\n"
        f"create_app(Settings(data_dir={str(tmp_path)!r}, database_url=None, broker_url=None))\n"
        "heavy = [m for m in ('torch', 'faster_whisper', 'ctranslate2', 'pyannote', 'llama_cpp', 'transformers', 'workers')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_search_words_and_ids_stay_out_of_the_logs(
    client: TestClient, ctx: AppContext, people: dict[str, Person], caplog  # noqa: ANN001
) -> None:
    import logging

    caplog.set_level(logging.INFO)
    call_id = stored_done_call(ctx, "ann", "billing")
    client.get("/v1/calls", params={"q": "Miller 22 Station Road"}, headers=people["sue"].headers)
    client.get(f"/v1/calls/{call_id}/transcript", headers=people["sue"].headers)
    # The test client's own request log (httpx) is not the server's.
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and not r.name.startswith("httpx"))
    assert "GET /v1/calls 200" in logged
    assert "Miller" not in logged and "Station" not in logged and "REF-99812" not in logged
