"""API benchmark: upload throughput and p50/p95 latency of status, summary
and search with a large call log in PostgreSQL.

    .venv/bin/python bench/api_bench.py                    # 100k calls, temporary database
    .venv/bin/python bench/api_bench.py --calls 10000 --requests 200

It creates a temporary PostgreSQL database on 127.0.0.1 (dropped at the
end), bulk-loads synthetic calls with COPY (a searchable text of ~150
words each, Zipf-distributed so some words are common and some rare),
starts ``callbrief api`` as its own process on loopback with Redis as the
broker (no worker: uploads are only stored and enqueued), and drives it
with a bounded number of concurrent httpx clients. Nothing here is a
timed test; the numbers go in the README, section The service.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import numpy as np
import psycopg
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.db import Database  # noqa: E402
from store import users  # noqa: E402

DOMAIN_WORDS = (
    "bill payment refund late fee autopay account balance council tax parking permit bin collection "
    "housing benefit appointment reference number address move direct debit overdue reminder complaint "
    "escalate supervisor callback friday monday deadline meter reading water leak noise report licence "
    "renewal resident visitor fine appeal discount pension schedule instalment arrears statement"
).split()
TEAMS = ("billing", "permits", "housing", "waste", "licensing")
RESOLUTIONS = ("resolved", "unresolved", "escalated")
SENTIMENTS = ("positive", "neutral", "negative")


def vocabulary(size: int) -> list[str]:
    generated = [f"w{i:x}" for i in range(size - len(DOMAIN_WORDS))]
    return DOMAIN_WORDS + generated


def load_calls(url: str, n_calls: int, n_results: int, seed: int = 7) -> list[str]:
    """COPY ``n_calls`` synthetic done calls (``n_results`` of them with a stored result)."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(20_000)
    # Zipf ranks: word 0 ("bill") is in most calls, words past ~5k in a few.
    ranks = np.minimum(rng.zipf(1.3, size=(n_calls, 150)) - 1, len(vocab) - 1)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    ids: list[str] = []
    columns = (
        "id status stage progress agent_id team audio_path audio_sha256 audio_bytes audio_format created_at "
        "updated_at finished_at attempts worker_deaths webhook_attempts language duration_s agent_talk_ratio "
        "customer_talk_ratio silence_s interruptions sentiment_start sentiment_end resolution follow_up_required "
        "reason summary_text search_text"
    ).split()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY calls ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(n_calls):
                call_id = uuid.UUID(int=rng.integers(0, 2**63) << 64 | i).hex
                ids.append(call_id)
                created = start + timedelta(seconds=int(i * 300 + rng.integers(0, 300)))
                words = " ".join(vocab[r] for r in ranks[i])
                team = TEAMS[i % len(TEAMS)]
                copy.write_row((
                    call_id, "done", "done", 100, f"agent{i % 200}", team, f"{call_id[:2]}/{call_id}.wav", call_id * 2,
                    1_000_000, "wav", created, created, created + timedelta(minutes=2), 1, 0, 0,
                    "en", float(rng.uniform(30, 900)), float(rng.uniform(0.3, 0.7)), float(rng.uniform(0.2, 0.6)),
                    float(rng.uniform(0, 60)), int(rng.integers(0, 8)), SENTIMENTS[i % 3], SENTIMENTS[(i // 3) % 3],
                    RESOLUTIONS[i % 3], bool(i % 2), f"{DOMAIN_WORDS[i % 20]} question", "synthetic call", words,
                ))
        summary = json.dumps({"summary": {"text": "synthetic", "turn_ids": [0]}, "key_facts": []})
        result = json.dumps({"turns": [{"id": 0, "text": "synthetic " * 200}], "warnings": []})
        with cur.copy(
            "COPY call_results (call_id, result_json, summary_json, analytics_json, srt, vtt, rttm, txt, created_at) FROM STDIN"
        ) as copy:
            for call_id in ids[:n_results]:
                copy.write_row((call_id, result, summary, "{}", "", "WEBVTT\n", "", "", start))
        conn.commit()
        cur.execute("ANALYZE calls")
        cur.execute("ANALYZE call_results")
        conn.commit()
    return ids


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def drive(base_url: str, headers: dict[str, str], paths: list[str], concurrency: int) -> dict[str, float]:
    """GET every path with ``concurrency`` clients; latency per request in ms."""
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            path = queue.get_nowait()
            started = time.perf_counter()
            response = await client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies), "errors": errors, "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def upload_bench(base_url: str, headers: dict[str, str], audio: bytes, n: int, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []

    async def run() -> float:
        sem = asyncio.Semaphore(concurrency)

        async def one(client: httpx.AsyncClient, i: int) -> None:
            async with sem:
                started = time.perf_counter()
                response = await client.post("/v1/calls", files={"file": (f"{i}.wav", audio, "audio/wav")})
                latencies.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 202, response.text

        started = time.perf_counter()
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as client:
            await asyncio.gather(*(one(client, i) for i in range(n)))
        return time.perf_counter() - started

    wall = asyncio.run(run())
    return {
        "uploads": n, "file_mb": round(len(audio) / 1e6, 2), "uploads_per_s": round(n / wall, 1),
        "mb_per_s": round(n * len(audio) / 1e6 / wall, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
    }


def test_audio(seconds: float = 60.0, rate: int = 8000) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    stereo = np.stack([0.3 * np.sin(2 * np.pi * 220 * t), 0.3 * np.sin(2 * np.pi * 330 * t)], axis=1)
    buffer = io.BytesIO()
    sf.write(buffer, stereo, rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--results", type=int, default=10_000, help="calls that also get a stored result")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--concurrency", default="1,4", help="concurrent clients, comma-separated levels")
    parser.add_argument("--uploads", type=int, default=40)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    name = f"callbrief_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = args.pg.rsplit("/", 1)[0] + "/" + name
    data_dir = Path(tempfile.mkdtemp(prefix="callbrief-bench-"))
    api = None
    try:
        db = Database(db_url)
        db.migrate()
        started = time.perf_counter()
        ids = load_calls(db.url, args.calls, min(args.results, args.calls))
        load_s = time.perf_counter() - started
        _user, key = users.create_user(db, "bench-admin", "admin")
        _agent, agent_key = users.create_user(db, "agent7", "agent", "permits")
        port = 8700 + random.randint(0, 200)
        queue = f"bench-{uuid.uuid4().hex[:6]}"
        env = {**os.environ, "DATABASE_URL": db_url, "BROKER_URL": args.redis, "CALLBRIEF_DATA_DIR": str(data_dir),
               "CALLBRIEF_TASK_QUEUE": queue, "CALLBRIEF_MAX_UPLOAD_BYTES": str(50_000_000)}
        api = subprocess.Popen([sys.executable, "-m", "cli.main", "api", "--port", str(port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        admin = {"Authorization": f"Bearer {key}"}
        agent = {"Authorization": f"Bearer {agent_key}"}
        rng = random.Random(3)
        n = args.requests
        with_results = ids[: min(args.results, args.calls)]
        queries = ["bill", "refund", "council tax", "parking permit", "appeal", "w3e8", "w1a2f", "w4c1 bill"]
        scenarios = {
            "status": (admin, [f"/v1/calls/{rng.choice(ids)}" for _ in range(n)]),
            "summary": (admin, [f"/v1/calls/{rng.choice(with_results)}/summary" for _ in range(n)]),
            "list (newest 20)": (admin, ["/v1/calls?limit=20"] * n),
            "search q (admin, all calls)": (admin, [f"/v1/calls?limit=20&q={rng.choice(queries)}" for _ in range(n)]),
            "search q + filters": (
                admin,
                [f"/v1/calls?limit=20&q={rng.choice(queries)}&team={rng.choice(TEAMS)}&resolution=resolved"
                 f"&date_from=2025-02-01&date_to=2025-06-30" for _ in range(n)],
            ),
            "search q (agent scope)": (agent, [f"/v1/calls?limit=20&q={rng.choice(queries)}" for _ in range(n)]),
            "report (one team, 3 months)": (admin, ["/v1/reports?team=billing&date_from=2025-03-01&date_to=2025-05-31"] * max(20, n // 10)),
        }
        levels = [int(c) for c in args.concurrency.split(",")]
        results: dict[str, dict[int, dict]] = {}
        for label, (headers, paths) in scenarios.items():
            asyncio.run(drive(base, headers, paths[: max(10, n // 20)], max(levels)))  # warm caches
            results[label] = {c: asyncio.run(drive(base, headers, paths, c)) for c in levels}
        results["upload (60 s stereo 8 kHz wav)"] = {
            c: upload_bench(base, admin, test_audio(), args.uploads, c) for c in levels
        }
        load = os.getloadavg()
        print(json.dumps({"calls": args.calls, "load_s": round(load_s, 1), "loadavg": load, "results": results}, indent=2))
        print()
        header = " | ".join(f"c={c} p50 ms | c={c} p95 ms | c={c} req/s" for c in levels)
        print(f"| {args.calls:,} calls in PostgreSQL | {header} |")
        print("|---" + "|---:|---:|---:" * len(levels) + "|")
        for label, by_level in results.items():
            cells = []
            for c in levels:
                r = by_level[c]
                rate = f"{r['uploads_per_s']} ({r['mb_per_s']} MB/s)" if "uploads" in r else str(r["rps"])
                cells.append(f"{r['p50_ms']} | {r['p95_ms']} | {rate}")
            print(f"| {label} | {' | '.join(cells)} |")
        print(f"\nload average during the run: {load[0]:.1f} (1 min), {load[1]:.1f} (5 min) on {os.cpu_count()} cores")
        failed = sum(r.get("errors", 0) for by_level in results.values() for r in by_level.values())
        return 1 if failed else 0
    finally:
        if api is not None:
            api.terminate()
            api.wait(30)
        import redis

        client = redis.Redis.from_url(args.redis)
        client.delete(*([k for k in client.scan_iter("*bench-*")] or ["_none"]))
        client.close()
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
