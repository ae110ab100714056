"""Nothing is attempted: ``callbrief process``, a Celery worker processing a
call and the API run under ``strace``; any DNS query, any connection to an
address other than loopback, and any file written under ``~/.cache/Microsoft``
fails the test (see tests/syscall_trace.py).

Each command runs with a fresh ``HOME`` and without the offline variables
in its environment, so the command itself must set them.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from pipeline.settings import OFFLINE_ENV, get_pipeline_settings
from tests.conftest import ROOT, SAMPLES
from tests.service_client import upload
from tests.service_support import (
    Process, callbrief, free_port, postgres_database, redis_url, service_env, wait_http, wait_status,
)
from tests.syscall_trace import check_trace, strace_argv, violations

ORT_DNS_LOOKUP = (
    '15510 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0\n'
    '15510 sendto(8, "\\270\\317\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6mobile\\6events\\4data\\t"..., 50, MSG_NOSIGNAL, NULL, 0) = 50\n'
)
ORT_CACHE_WRITE = (
    '15299 openat(AT_FDCWD, "/h/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db", '
    "O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0644) = 3\n"
)
ALLOWED = (
    '7 connect(5, {sa_family=AF_INET, sin_port=htons(6379), sin_addr=inet_addr("127.0.0.1")}, 16) = 0\n'
    '7 connect(6, {sa_family=AF_INET6, sin6_port=htons(5432), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", '
    "&sin6_addr), sin6_scope_id=0}, 28) = 0\n"
    '7 openat(AT_FDCWD, "/h/.cache/callbrief/whisper-base/model.bin", O_RDONLY|O_CLOEXEC) = 3\n'
    '7 connect(3, {sa_family=AF_UNIX, sun_path="/tmp/.s.PGSQL.5432"}, 110) = 0\n'
)


def _clean_env(home: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in (base or os.environ).items() if k not in OFFLINE_ENV and not k.startswith(("HF_", "PYANNOTE_"))}
    env["HOME"] = str(home)
    # The joined model files stay where the install put them.
    env["CALLBRIEF_CACHE_DIR"] = str(get_pipeline_settings().cache_dir)
    return env


def test_the_trace_check_catches_what_onnx_runtime_did() -> None:
    """Lines as strace printed them for ONNX Runtime 1.32 without ORT_DISABLE_TELEMETRY."""
    # The connect names the resolver; the query itself goes over the connected socket.
    assert len(violations(ORT_DNS_LOOKUP)) == 1
    assert len(violations(ORT_CACHE_WRITE)) == 1
    outbound = '1 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("20.42.65.92")}, 16) = -1\n'
    assert len(violations(outbound)) == 1
    loopback_dns = '1 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0\n'
    assert len(violations(loopback_dns)) == 1
    assert violations(ALLOWED) == []


@pytest.mark.slow
@pytest.mark.llm
def test_process_attempts_no_network_and_keeps_no_telemetry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    trace = tmp_path / "process.trace"
    argv = strace_argv(trace) + callbrief("process", str(SAMPLES / "billing_stereo_8k.wav"), "--format", "json")
    proc = subprocess.run(argv, cwd=ROOT, env=_clean_env(home), capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    check_trace(trace, home)


@pytest.mark.slow
@pytest.mark.services
def test_worker_and_api_attempt_no_network_and_keep_no_telemetry(tmp_path: Path) -> None:
    """The production shape (PostgreSQL, Redis on loopback): a real Celery
    worker processes an uploaded call end to end while both are traced."""
    home = tmp_path / "home"
    home.mkdir()
    with postgres_database() as pg, redis_url() as broker:
        env = _clean_env(home, service_env(tmp_path / "data", DATABASE_URL=pg, BROKER_URL=broker))
        added = subprocess.run(callbrief("users", "add", "ann", "--role", "agent"), env=env, cwd=ROOT,
                               capture_output=True, text=True, check=True)
        key = added.stdout.strip().splitlines()[-1]
        port = free_port()
        api = Process(strace_argv(tmp_path / "api.trace") + callbrief("api", "--port", str(port)), env, tmp_path / "api.log")
        worker = Process(strace_argv(tmp_path / "worker.trace") + callbrief("worker"), env, tmp_path / "worker.log")
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_http(f"{base_url}/health", timeout_s=120, proc=api)
            client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=60)
            call_id = upload(client, SAMPLES / "billing_stereo_8k.wav", channels="agent,customer")["id"]
            status = wait_status(client, call_id, {"done", "failed"}, timeout_s=600)
            assert status["status"] == "done", (status, worker.output()[-3000:])
            assert client.get(f"/v1/calls/{call_id}/summary").status_code == 200
            time.sleep(5)  # ONNX Runtime sent its first events a few seconds after starting
        finally:
            worker.stop(timeout_s=60)
            api.stop()
    check_trace(tmp_path / "worker.trace", home)
    check_trace(tmp_path / "api.trace", home)
