"""The database goes away under a running API (a PostgreSQL server this test
starts and stops itself): requests answer 503 with Retry-After and a code,
each logged as one line without a traceback, and the API recovers when the
database is back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest

from tests.service_support import ROOT, Process, callbrief, free_port, own_postgres, service_env, wait_http

pytestmark = pytest.mark.services


def test_a_database_outage_is_503_with_retry_after_and_one_log_line(tmp_path: Path) -> None:
    with own_postgres() as pg:
        env = service_env(tmp_path, DATABASE_URL=pg.url)
        added = subprocess.run(callbrief("users", "add", "ada", "--role", "admin"), env=env, cwd=ROOT,
                               capture_output=True, text=True, check=True)
        auth = {"Authorization": f"Bearer {added.stdout.strip().splitlines()[-1]}"}
        port = free_port()
        api = Process(callbrief("api", "--port", str(port)), env, tmp_path / "api.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_http(f"{base}/health", proc=api)
            assert httpx.get(f"{base}/v1/calls", headers=auth).status_code == 200

            pg.stop()
            wrong_key = {"Authorization": "Bearer cb_" + "x" * 43}
            answers = [
                httpx.get(f"{base}/v1/calls", headers=auth, timeout=30),
                httpx.get(f"{base}/v1/calls/{'0' * 32}", headers=auth, timeout=30),
                httpx.get(f"{base}/v1/reports", headers=auth, timeout=30),
                httpx.get(f"{base}/v1/me", headers=wrong_key, timeout=30),
            ]
            for response in answers:
                assert response.status_code == 503, response.text
                assert response.headers["retry-after"].isdigit()
                assert response.json()["error"]["code"] == "database_unavailable"
            assert httpx.get(f"{base}/health").status_code == 200
            assert httpx.get(f"{base}/ready", timeout=30).json()["database"] == "unavailable"

            pg.start()
            assert httpx.get(f"{base}/v1/calls", headers=auth, timeout=30).status_code == 200
        finally:
            api.stop()
    log = api.output()
    assert "Traceback" not in log and "unhandled" not in log, log[-3000:]
    outage_lines = [line for line in log.splitlines() if "database unavailable on" in line]
    assert len(outage_lines) == len(answers), log[-3000:]
