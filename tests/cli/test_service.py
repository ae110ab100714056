"""``callbrief users`` and the embedded mode (``callbrief serve``): SQLite for
the call log and the broker, a worker process beside the API, real models."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from store.db import Database
from store import calls, users
from tests.service_client import EventCollector, WebhookReceiver, upload
from tests.service_support import (
    ROOT, Process, callbrief, free_port, sample_call, service_env, stereo_call, wait_http, wait_status,
)
from workers import webhook


def test_users_add_prints_the_key_as_the_last_line(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    out = subprocess.run(callbrief("users", "add", "ann", "--role", "supervisor", "--team", "billing"),
                         env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    key = out.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"cb_[A-Za-z0-9_-]{43}", key)
    db = Database(f"sqlite:///{tmp_path / 'callbrief.db'}")
    with db.session() as session:
        user = users.authenticate(session, key)
        assert user is not None and (user.name, user.role, user.team) == ("ann", "supervisor", "billing")
    again = subprocess.run(callbrief("users", "add", "ann", "--role", "agent"), env=env, capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2 and "already exists" in again.stderr
    bad_role = subprocess.run(callbrief("users", "add", "bo", "--role", "boss"), env=env, capture_output=True, text=True, cwd=ROOT)
    assert bad_role.returncode != 0
    listed = subprocess.run(callbrief("users", "list"), env=env, capture_output=True, text=True, cwd=ROOT).stdout
    assert listed.startswith("ann\tsupervisor\tbilling\t")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _serve(tmp_path: Path, *args: str, **env_overrides: str) -> tuple[Process, str]:
    port = free_port()
    proc = Process(callbrief("serve", "--port", str(port), *args), service_env(tmp_path, **env_overrides), tmp_path / "serve.log")
    base_url = f"http://127.0.0.1:{port}"
    wait_http(f"{base_url}/health", timeout_s=120, proc=proc)
    return proc, base_url


def _wait_ready(base_url: str, proc: Process, timeout_s: float = 300.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if httpx.get(f"{base_url}/ready", timeout=5).status_code == 200:
            return
        time.sleep(0.5)
    raise TimeoutError(proc.output()[-3000:])


@pytest.mark.slow
def test_serve_embedded_sse_webhook_and_a_killed_worker(tmp_path: Path) -> None:
    """Fast models; the worker is SIGKILLed mid-call: serve restarts it and
    the call finishes once (the SQLite broker lost the message, the lease
    and the requeue check bring it back)."""
    env = service_env(tmp_path, CALLBRIEF_WEBHOOK_SECRET="embedded-secret")
    key = subprocess.run(callbrief("users", "add", "ann", "--role", "agent"), env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip().splitlines()[-1]
    # The test's webhook receiver is on loopback, which a site must allow by name.
    proc, base_url = _serve(tmp_path, CALLBRIEF_WEBHOOK_SECRET="embedded-secret", CALLBRIEF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    receiver = WebhookReceiver()
    try:
        _wait_ready(base_url, proc)
        client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30)
        short = stereo_call(tmp_path / "short.wav")
        call_id = upload(client, short, callback_url=receiver.url)["id"]
        events = EventCollector(base_url, dict(client.headers), call_id)
        assert wait_status(client, call_id, {"done", "failed"})["status"] == "done"
        events.join(30)
        assert events.events[-1][0] == "summary"
        assert events.events[-1][1] == client.get(f"/v1/calls/{call_id}/summary").json()
        time.sleep(1)
        [(headers, body)] = receiver.raw_for_call(call_id)
        assert webhook.verify("embedded-secret", body, headers["X-Callbrief-Signature"])

        killed_id = upload(client, sample_call(tmp_path), external_id="kill")["id"]
        deadline = time.monotonic() + 120
        while client.get(f"/v1/calls/{killed_id}").json()["progress"] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        [worker] = _children(proc.pid)
        os.killpg(worker, signal.SIGKILL)
        time.sleep(0.5)
        assert httpx.get(f"{base_url}/ready", timeout=5).status_code == 503  # not minutes later
        status = wait_status(client, killed_id, {"done", "failed"}, timeout_s=400)
        assert status["status"] == "done", status
        db = Database(f"sqlite:///{tmp_path / 'callbrief.db'}")
        with db.session() as session:
            row = calls.get_call(session, killed_id)
            assert row is not None and row.attempts == 2 and calls.get_result(session, killed_id) is not None
        assert "restarting it" in proc.output()
    finally:
        receiver.close()
        proc.stop(timeout_s=30)
    assert proc.proc.returncode == 0
    assert _children(proc.pid) == []


@pytest.mark.slow
@pytest.mark.llm
def test_serve_demo_with_the_default_models(tmp_path: Path) -> None:
    """The README's run command on a fresh data dir, with the default models."""
    proc, base_url = _serve(tmp_path, "--demo", CALLBRIEF_WHISPER_MODEL="base", CALLBRIEF_SUMMARY_BACKEND="auto",
                            CALLBRIEF_CPU_THREADS="2")
    try:
        deadline = time.monotonic() + 900
        while "curl" not in proc.output() and time.monotonic() < deadline:
            assert proc.proc.poll() is None, proc.output()[-3000:]
            time.sleep(1)
        out = proc.output()
        assert "curl" in out, out[-3000:]
        key = re.search(r"^(cb_[A-Za-z0-9_-]{43})$", out, re.M).group(1)  # type: ignore[union-attr]
        call_id = re.search(r"^call ([0-9a-f]{32}): done$", out, re.M).group(1)  # type: ignore[union-attr]
        assert re.search(r"^  summary:    \S", out, re.M)
        client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30)
        summary = client.get(f"/v1/calls/{call_id}/summary").json()
        assert summary["summary"]["summary"]["text"]
        text = client.get(f"/v1/calls/{call_id}/transcript", params={"format": "txt"}).text
        # The reference number, spoken digit by digit (what Whisper base hears; see the sample's asr_check).
        assert "53182" in text.replace(",", "").replace(" ", "").replace("-", "")
        events = EventCollector(base_url, dict(client.headers), call_id)
        events.join(30)
        assert [n for n, _ in events.events] == ["status", "summary"] and events.events[1][1] == summary
    finally:
        proc.stop(timeout_s=30)


def test_restart_policy_backs_off_and_never_gives_up() -> None:
    from cli.service import RestartPolicy

    policy = RestartPolicy(window_s=60, free_deaths=3, base_delay_s=1, max_delay_s=30)
    delays = [policy.death(float(t)) for t in range(10)]
    assert delays == [1, 1, 1, 2, 4, 8, 16, 30, 30, 30]
    # Deaths spread out (one an hour) never back off.
    spread = RestartPolicy(window_s=60, free_deaths=3, base_delay_s=1, max_delay_s=30)
    assert {spread.death(3600.0 * n) for n in range(20)} == {1}


def test_serve_keeps_restarting_a_worker_that_keeps_dying() -> None:
    """It used to stop after 5 deaths in its lifetime, leaving calls queued forever."""
    import sys

    from cli.service import RestartPolicy, WorkerProcess

    worker = WorkerProcess(False, argv=[sys.executable, "-c", "raise SystemExit(3)"],
                           policy=RestartPolicy(window_s=60, free_deaths=2, base_delay_s=0.05, max_delay_s=0.2),
                           poll_s=0.05)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while worker.starts < 12 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.stop()
    assert worker.starts >= 12
