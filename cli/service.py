"""``callbrief serve|api|worker|users``: run the service and manage its users.

- ``serve``: the embedded default, everything on one machine: the API
  (uvicorn) in this process and one worker process beside it, SQLite for
  the call log and for the broker, audio under the data directory.
  ``--demo`` also creates an admin key and processes the sample call.
- ``api`` / ``worker``: the production processes, run separately and in
  any number, with ``DATABASE_URL`` and ``BROKER_URL`` set.
- ``users add NAME --role agent|supervisor|admin [--team T]``: prints the
  new user's API key as the last line of stdout.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

ROLES = ("agent", "supervisor", "admin")
DEMO_SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "billing_stereo_8k.wav"
DEMO_USER = "demo-admin"
WORKER_STOP_GRACE_S = 10.0


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="run the API and a worker on this machine (embedded mode)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true", help="create an admin key and process the sample call")
    serve.set_defaults(func=run_serve)

    api = sub.add_parser("api", help="run the HTTP API (production: several may run)")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8000)
    api.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    api.set_defaults(func=run_api)

    worker = sub.add_parser("worker", help="run a Celery worker that processes calls")
    worker.add_argument("--concurrency", type=int, default=None, help="pool processes (default: settings)")
    worker.set_defaults(func=run_worker)

    users = sub.add_parser("users", help="manage users and their API keys")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="create a user; prints the API key as the last line")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team", default=None)
    add.set_defaults(func=run_users_add)
    users_sub.add_parser("list", help="list users").set_defaults(func=run_users_list)
    rotate = users_sub.add_parser("rotate-key", help="issue a new key (the old one stops working)")
    rotate.add_argument("name")
    rotate.set_defaults(func=run_users_rotate)
    for action, disabled in (("disable", True), ("enable", False)):
        p = users_sub.add_parser(action, help=f"{action} a user's key")
        p.add_argument("name")
        p.set_defaults(func=lambda args, d=disabled: run_users_disable(args, d))
    users_sub.add_parser("webhook-secret", help="print the key webhooks are signed with").set_defaults(
        func=run_webhook_secret
    )


def _database():  # noqa: ANN202 - store.db.Database, imported lazily to keep --help fast
    from store.settings import get_settings
    from store.db import Database

    db = Database(get_settings().resolved_database_url)
    db.migrate()
    return db


def _info_logging(args: argparse.Namespace) -> None:
    if not args.verbose:
        logging.getLogger().setLevel(logging.INFO)
        # Third-party chatter stays at warnings; callbrief's own lines are INFO.
        for name in ("alembic", "httpx", "celery", "kombu", "amqp"):
            logging.getLogger(name).setLevel(logging.WARNING)


# --- users ---------------------------------------------------------------


def run_users_add(args: argparse.Namespace) -> int:
    from store import users

    try:
        user, key = users.create_user(_database(), args.name, args.role, args.team)
    except users.UserError as exc:
        print(f"callbrief: {exc}", file=sys.stderr)
        return 2
    team = f", team {user.team}" if user.team else ""
    print(f"created {user.role} {user.name!r}{team}")
    print("API key (shown once; send it as 'Authorization: Bearer <key>'):")
    print(key)
    return 0


def run_users_list(_args: argparse.Namespace) -> int:
    from store import users

    db = _database()
    with db.session() as session:
        for user in users.list_users(session):
            state = " (disabled)" if user.disabled else ""
            print(f"{user.name}\t{user.role}\t{user.team or '-'}\t{user.key_prefix}…{state}")
    return 0


def run_users_rotate(args: argparse.Namespace) -> int:
    from store import users

    db = _database()
    try:
        key = users.rotate_key(db, args.name)
    except users.UserError as exc:
        print(f"callbrief: {exc}", file=sys.stderr)
        return 2
    with db.session() as session:
        user = users.get_user(session, args.name)
    if user is not None and user.disabled:
        print(f"callbrief: {args.name!r} is disabled; the new key works once 'callbrief users enable {args.name}' is run",
              file=sys.stderr)
    print(f"new API key for {args.name!r} (the old one no longer works):")
    print(key)
    return 0


def run_users_disable(args: argparse.Namespace, disabled: bool) -> int:
    from store import users

    try:
        users.set_disabled(_database(), args.name, disabled)
    except users.UserError as exc:
        print(f"callbrief: {exc}", file=sys.stderr)
        return 2
    return 0


def run_webhook_secret(_args: argparse.Namespace) -> int:
    from store.settings import get_settings
    from workers.webhook import secret

    print(secret(get_settings(), _database()))
    return 0


# --- api and worker --------------------------------------------------------


def run_api(args: argparse.Namespace) -> int:
    import uvicorn

    _info_logging(args)
    _database()  # migrate once here, not in each uvicorn worker at the same moment
    uvicorn.run(
        "api.main:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
        access_log=False, proxy_headers=True, log_config=None,
    )
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from store.settings import get_settings
    from workers.celery_app import configure

    _info_logging(args)
    settings = get_settings()
    # Migrate, then close: pool processes are forked from this one and must
    # not inherit an open database connection.
    _database().dispose()
    app = configure(settings)
    concurrency = args.concurrency or settings.worker_concurrency
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--queues={settings.task_queue}",
            f"--hostname=callbrief-{os.getpid()}@%h",
            "--loglevel=DEBUG" if args.verbose else "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ]
    )
    return 0


# --- serve (embedded) --------------------------------------------------------


class RestartPolicy:
    """How long to wait before starting a worker that died: at once for the
    first few deaths in a window, then doubling up to a cap. It never gives
    up: a worker that keeps dying is retried every ``max_delay_s``, so calls
    are processed again as soon as the cause (memory, a full disk, the
    database) goes away."""

    def __init__(self, window_s: float = 300.0, free_deaths: int = 3, base_delay_s: float = 1.0,
                 max_delay_s: float = 60.0) -> None:
        self.window_s = window_s
        self.free_deaths = free_deaths
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self._deaths: list[float] = []

    def death(self, now: float) -> float:
        """Record a death at ``now`` (monotonic seconds); the delay before the next start."""
        self._deaths = [t for t in self._deaths if now - t < self.window_s] + [now]
        over = max(0, len(self._deaths) - self.free_deaths)
        return min(self.max_delay_s, self.base_delay_s * 2.0**over)

    @property
    def recent_deaths(self) -> int:
        return len(self._deaths)


class WorkerProcess:
    """The embedded worker, in its own session so Ctrl-C reaches only us and
    we stop it in order; restarted whenever it dies while we serve (see
    :class:`RestartPolicy`)."""

    def __init__(self, verbose: bool, argv: list[str] | None = None, policy: RestartPolicy | None = None,
                 poll_s: float = 0.5) -> None:
        self.argv = argv or [sys.executable, "-m", "cli.main"] + (["-v"] if verbose else []) + ["worker", "--concurrency=1"]
        self.policy = policy or RestartPolicy()
        self.poll_s = poll_s
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watch = threading.Thread(target=self._supervise, name="callbrief-worker-watch", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._watch.start()

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.proc = subprocess.Popen(self.argv, start_new_session=True)
                self.starts += 1

    def _supervise(self) -> None:
        while not self._stopping.wait(self.poll_s):
            assert self.proc is not None
            if self.proc.poll() is None:
                continue
            delay_s = self.policy.death(time.monotonic())
            print(
                f"callbrief: the worker stopped (exit {self.proc.returncode}; {self.policy.recent_deaths} "
                f"in the last {self.policy.window_s:.0f} s); restarting it in {delay_s:.0f} s",
                file=sys.stderr, flush=True,
            )
            if self._stopping.wait(delay_s):
                return
            self._spawn()

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # warm shutdown: finish or hand back the current task
        try:
            proc.wait(WORKER_STOP_GRACE_S)
            return
        except subprocess.TimeoutExpired:
            pass
        os.killpg(proc.pid, signal.SIGKILL)  # its pool process is in the same session
        proc.wait()


def _create_broker_tables(url: str) -> None:
    """The SQLite broker creates its tables on first use; do it once here so
    the API and the worker do not race to create them."""
    from kombu import Connection

    with Connection(url) as conn:
        conn.default_channel  # noqa: B018 - opening the channel creates the tables


def _release_interrupted_calls() -> None:
    """Calls our stopped worker was processing go back to the queue as
    interrupted on purpose, not as a worker death."""
    from store import calls, recovery
    from workers.processing import dead_owner

    db = _database()
    for call_id, owner in recovery.processing_leases(db, socket.gethostname() + ":"):
        if dead_owner(owner) is not None:
            calls.release(db, call_id, owner)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from store.settings import get_settings

    settings = get_settings()
    _database()
    _create_broker_tables(settings.resolved_broker_url)
    worker = WorkerProcess(args.verbose)
    worker.start()
    if args.demo:
        threading.Thread(target=_demo, args=(args.host, args.port), name="callbrief-demo", daemon=True).start()
    print(f"callbrief: serving on http://{args.host}:{args.port} (API docs at /docs); data in {settings.data_dir}")
    print("callbrief: press Ctrl-C to stop", flush=True)
    # uvicorn stops on SIGINT/SIGTERM and then re-raises the signal; turn
    # both into an exception so the worker is always stopped below.
    signal.signal(signal.SIGTERM, _raise_stop)
    try:
        uvicorn.run(
            "api.main:create_app", factory=True, host=args.host, port=args.port,
            access_log=False, log_level="warning", log_config=None,
        )
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        worker.stop()
        _release_interrupted_calls()
    print("callbrief: stopped", flush=True)
    return 0


class _Stop(Exception):
    pass


def _raise_stop(_signum: int, _frame: object) -> None:
    raise _Stop


def _demo(host: str, port: int) -> None:
    import httpx

    from store import users

    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    if not _wait_healthy(base):
        print("callbrief demo: the API did not come up", file=sys.stderr)
        return
    db = _database()
    with db.session() as session:
        exists = users.get_user(session, DEMO_USER) is not None
    key = users.rotate_key(db, DEMO_USER) if exists else users.create_user(db, DEMO_USER, "admin")[1]
    auth = {"Authorization": f"Bearer {key}"}
    print(f"\ncallbrief demo: admin API key for {DEMO_USER!r}:\n{key}\n", flush=True)
    if not DEMO_SAMPLE.is_file():
        print(f"callbrief demo: {DEMO_SAMPLE} is missing; upload a call yourself (see the lines below)")
        _print_examples(base, key, None)
        return
    with DEMO_SAMPLE.open("rb") as audio:
        response = httpx.post(
            f"{base}/v1/calls", headers=auth, timeout=120,
            files={"file": (DEMO_SAMPLE.name, audio, "audio/wav")},
            data={"external_id": "demo-billing-stereo", "agent_id": "demo-agent", "channels": "agent,customer"},
        )
    if response.status_code not in (200, 202):
        print(f"callbrief demo: upload refused: {response.text}", file=sys.stderr)
        return
    call_id = response.json()["id"]
    print(f"callbrief demo: uploaded {DEMO_SAMPLE.name} as call {call_id}; processing…", flush=True)
    status = _wait_done(base, auth, call_id)
    if status.get("status") != "done":
        print(f"callbrief demo: the call did not finish: {status.get('error')}", file=sys.stderr)
    else:
        summary = httpx.get(f"{base}/v1/calls/{call_id}/summary", headers=auth, timeout=30).json()["summary"] or {}
        print(f"\ncall {call_id}: done")
        print(f"  summary:    {summary.get('summary', {}).get('text', '')}")
        print(f"  reason:     {summary.get('reason', {}).get('text', '')}")
        resolution = summary.get("resolution") or {}
        print(f"  resolution: {resolution.get('status', '')}: {resolution.get('text', '')}")
        for fact in summary.get("key_facts", []):
            print(f"  fact:       {fact.get('kind')}: {fact.get('value')}")
    _print_examples(base, key, call_id)


def _wait_healthy(base: str, timeout_s: float = 120.0) -> bool:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def _wait_done(base: str, auth: dict[str, str], call_id: str, timeout_s: float = 1800.0) -> dict:
    import httpx

    deadline = time.monotonic() + timeout_s
    last = None
    status: dict = {}
    while time.monotonic() < deadline:
        status = httpx.get(f"{base}/v1/calls/{call_id}", headers=auth, timeout=30).json()
        shown = (status.get("status"), status.get("stage"), status.get("progress"))
        if shown != last:
            print(f"  {shown[0]} {shown[1] or ''} {shown[2]}%", file=sys.stderr, flush=True)
            last = shown
        if status.get("status") in ("done", "failed"):
            return status
        time.sleep(1.0)
    return status


def _print_examples(base: str, key: str, call_id: str | None) -> None:
    cid = call_id or "<call id>"
    print("\ntry:")
    print(f"  export CALLBRIEF_KEY={key}")
    print(f'  curl -H "Authorization: Bearer $CALLBRIEF_KEY" {base}/v1/calls/{cid}/summary')
    print(f'  curl -H "Authorization: Bearer $CALLBRIEF_KEY" "{base}/v1/calls/{cid}/transcript?format=txt"')
    print(f'  curl -N -H "Authorization: Bearer $CALLBRIEF_KEY" {base}/v1/calls/{cid}/events')
    print(f'  curl -H "Authorization: Bearer $CALLBRIEF_KEY" "{base}/v1/calls?q=refund"')
    print(f'  curl -H "Authorization: Bearer $CALLBRIEF_KEY" {base}/v1/reports')
    print(f'  curl -H "Authorization: Bearer $CALLBRIEF_KEY" -F file=@call.wav -F agent_id=ann {base}/v1/calls')
    print(f"  open {base}/docs\n", flush=True)
