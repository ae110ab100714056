"""Helpers for the service tests (tests/api, tests/workers, tests/store, tests/cli):
real PostgreSQL/Redis per test session, callbrief subprocesses, generated calls.

PostgreSQL (user postgres, trust auth) and Redis are expected on 127.0.0.1,
as CI starts them (.ci/run); tests that need them are marked ``services``
and skip with a clear reason where they are not running (under ``CI=true``
they fail instead: :mod:`tests.prerequisites`).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import soundfile as sf

from tests.prerequisites import require

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("CALLBRIEF_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def port_open(host: str, port: int) -> bool:
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database for this test session, dropped afterwards."""
    import psycopg

    require(port_open("127.0.0.1", 5432), "PostgreSQL is not running on 127.0.0.1:5432 (scripts/ensure-services)")
    name = f"callbrief_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN_URL
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def redis_url() -> Iterator[str]:
    """A Redis database number of its own for this run, flushed afterwards."""
    import redis

    require(port_open(REDIS_HOST, REDIS_PORT), "Redis is not running on 127.0.0.1:6379 (scripts/ensure-services)")
    db = random.randint(1, 15)
    url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
    client = redis.Redis.from_url(url)
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def service_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """Environment for a callbrief subprocess: its own data dir and queue,
    fast models unless overridden, nothing inherited that points elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBRIEF_") and k not in ("DATABASE_URL", "BROKER_URL")}
    env.update(
        CALLBRIEF_DATA_DIR=str(data_dir),
        CALLBRIEF_TASK_QUEUE=f"callbrief-test-{uuid.uuid4().hex[:8]}",
        CALLBRIEF_WHISPER_MODEL="tiny.en",
        CALLBRIEF_SUMMARY_BACKEND="extractive",
        CALLBRIEF_CPU_THREADS="1",
        CALLBRIEF_WORKER_LEASE_S="6",
        CALLBRIEF_REQUEUE_INTERVAL_S="2",
        PYTHONUNBUFFERED="1",
    )
    if "CALLBRIEF_CACHE_DIR" in os.environ:
        env["CALLBRIEF_CACHE_DIR"] = os.environ["CALLBRIEF_CACHE_DIR"]
    env.update(overrides)
    return env


def callbrief(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", *args]


class Process:
    """A callbrief subprocess in its own process group, output to a log file."""

    def __init__(self, argv: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill(self, sig: int = 9) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        self.proc.wait(30)

    def stop(self, timeout_s: float = 20.0) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_http(url: str, timeout_s: float = 60.0, proc: Process | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.proc.poll() is not None:
            raise RuntimeError(f"process exited early:\n{proc.output()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout_s} s")


def wait_status(client: httpx.Client, call_id: str, statuses: set[str], timeout_s: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout_s
    body: dict = {}
    while time.monotonic() < deadline:
        body = client.get(f"/v1/calls/{call_id}").json()
        if body.get("status") in statuses:
            return body
        time.sleep(0.3)
    raise TimeoutError(f"call {call_id} stayed {body.get('status')} ({body.get('stage')} {body.get('progress')}%)")


# --- audio -----------------------------------------------------------------

AGENT_LINES = (
    "Thank you for calling Northwind Energy, this is Sam speaking. How can I help you today?",
    "I can see a late fee of forty two dollars on the March bill. I have removed it. Your reference number is 4 4 7 1 9.",
    "You are welcome. I will call you back on Friday to confirm the refund. Goodbye.",
)
CUSTOMER_LINES = (
    "Hello, I am calling about my bill. There is a late fee I do not understand, I pay by autopay.",
    "Oh great, thank you so much for the refund.",
)


def speak(text: str, path: Path, voice: str = "en-us", rate_hz: int = 16000) -> np.ndarray:
    subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(path), text], check=True, capture_output=True)
    samples, sr = sf.read(path, dtype="float32")
    if sr != rate_hz:
        idx = np.arange(0, len(samples), sr / rate_hz)
        samples = np.interp(idx, np.arange(len(samples)), samples).astype(np.float32)
    return samples


def stereo_call(path: Path, rate_hz: int = 8000) -> Path:
    """A short two-party stereo call (agent left, customer right), espeak-ng voices."""
    work = path.parent / f".{path.stem}-parts"
    work.mkdir(exist_ok=True)
    gap = np.zeros(int(0.4 * rate_hz), dtype=np.float32)
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    order = [("a", 0), ("c", 0), ("a", 1), ("c", 1), ("a", 2)]
    for i, (who, n) in enumerate(order):
        lines, voice = (AGENT_LINES, "en-us") if who == "a" else (CUSTOMER_LINES, "en-gb")
        speech = speak(lines[n], work / f"{i}.wav", voice, rate_hz) * 0.8
        silence = np.zeros_like(speech)
        left += [speech if who == "a" else silence, gap]
        right += [speech if who == "c" else silence, gap]
    shutil.rmtree(work)
    sf.write(path, np.stack([np.concatenate(left), np.concatenate(right)], axis=1), rate_hz, subtype="PCM_16")
    return path


def sample_call(tmp_dir: Path) -> Path:
    """The project's stereo sample call if it is there, else one generated now."""
    sample = ROOT / "samples" / "billing_stereo_8k.wav"
    if sample.is_file():
        return sample
    return stereo_call(tmp_dir / "billing_stereo_8k.wav")


# --- servers a test starts and stops itself ----------------------------------


class OwnPostgres:
    """A PostgreSQL server of this test's own (initdb in a temporary folder,
    a free port), so the test may stop and start it; the machine's server
    is never touched. Runs as the ``postgres`` user when started as root."""

    def __init__(self) -> None:
        import tempfile

        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        require(bool(bins), "PostgreSQL server binaries are not installed (scripts/ensure-services)")
        self.bin = bins[-1].parent
        # Its own folder directly under /tmp: the postgres user cannot enter pytest's.
        self.root = Path(tempfile.mkdtemp(prefix="callbrief-pg-"))
        self.data = self.root / "pgdata"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _run(self, *argv: str) -> None:
        subprocess.run([*self._as_user, *argv], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", str(self.data / "log"), "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")


@contextlib.contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


class OwnRedis:
    """A Redis server of this test's own, without persistence (as a broker
    restarted after a crash loses what it held); the machine's is never touched."""

    def __init__(self, root: Path) -> None:
        if shutil.which("redis-server") is None:
            import pytest

            pytest.skip("redis-server is not installed")
        self.root = root
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", self.port):
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # a crash: nothing saved
            self.proc.wait(10)


@contextlib.contextmanager
def own_redis(root: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
