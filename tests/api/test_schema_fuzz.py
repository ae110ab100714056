"""Schemathesis against the API's own OpenAPI description: ``callbrief api``
on PostgreSQL (which refuses what SQLite accepts, e.g. NUL characters), a
bounded number of generated requests per operation (boundary values
included: the coverage phase), and any 5xx fails the test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.service_support import ROOT, Process, callbrief, free_port, postgres_database, service_env, wait_http

pytestmark = [pytest.mark.services, pytest.mark.slow]

EXAMPLES_PER_OPERATION = 30


def test_no_generated_request_gets_a_5xx(tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.fail("schemathesis is not installed (it is in the dev extra: pip install -e '.[dev]')")
    with postgres_database() as url:
        env = service_env(tmp_path, DATABASE_URL=url)
        added = subprocess.run(callbrief("users", "add", "fuzz-admin", "--role", "admin"), env=env, cwd=ROOT,
                               capture_output=True, text=True, check=True)
        key = added.stdout.strip().splitlines()[-1]
        port = free_port()
        api = Process(callbrief("api", "--port", str(port)), env, tmp_path / "api.log")
        try:
            wait_http(f"http://127.0.0.1:{port}/health", proc=api)
            run = subprocess.run(
                [
                    st, "run", f"http://127.0.0.1:{port}/openapi.json",
                    "--header", f"Authorization: Bearer {key}",
                    "--checks", "not_a_server_error",
                    "--max-examples", str(EXAMPLES_PER_OPERATION),
                    "--phases", "examples,coverage,fuzzing",
                    "--seed", "11", "--generation-allow-x00", "true",
                    "--continue-on-failure", "--request-timeout", "30",
                    "--exclude-path", "/ready",  # 503 there is its answer without a worker
                    "--no-color",
                ],
                cwd=tmp_path, capture_output=True, text=True, timeout=900,
            )
        finally:
            api.stop()
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Traceback" not in api.output()
