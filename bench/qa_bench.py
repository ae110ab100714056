"""QA benchmark: re-scoring stored calls, and what scoring adds to one call.

    .venv/bin/python bench/qa_bench.py                  # 10,000 calls, 2 worker processes
    .venv/bin/python bench/qa_bench.py --calls 2000 --workers 1

It creates a temporary PostgreSQL database on 127.0.0.1 (dropped at the
end) and stores ``--calls`` done calls of about five minutes each (~110
turns, ~750 words with word times, 70 % English and 30 % Korean, built
from the turns of the development transcripts in ``samples/dev``; 500
different calls, stored again and again under new ids) the way a worker
stores the whole result. Then it runs a re-score job with the default
rules twice:

- "first re-score": calls stored before QA existed (only the whole result
  is read, then the compact input is kept);
- "re-score": the usual case after a rule change (the compact input is read).

Each run is one job of ``--workers`` slices, each slice run by its own
process through ``workers.qa.run_job`` (what the Celery task runs), so two
processes use the two cores of a 2-core machine. Wall time is counted from
the job's start (worker processes started, rules compiled) to its end; the
CPU seconds of the worker processes and the load average are printed too,
because on a shared machine the wall time mostly measures the other jobs.
It also times the scoring of one call as the worker does it after the
summary (rules compiled, result in memory). Nothing here is a timed test;
the numbers go in the README.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.qa import from_serialized  # noqa: E402
from pipeline.qa.call import compact  # noqa: E402
from store import qa as store_qa  # noqa: E402
from store.db import Database  # noqa: E402
from tests.service_support import postgres_database  # noqa: E402

CALL_S = 300.0


def dev_turns() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"en": [], "ko": []}
    for name in ("en", "ko"):
        for line in (ROOT / "samples" / "dev" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out[name] += [(t["role"], t["text"]) for t in record["turns"]]
    return out


def synthetic_result(rng: random.Random, turns_by_language: dict[str, list[tuple[str, str]]]) -> dict:
    """A ``CallResult.serialize()``-shaped result of a ~5-minute call."""
    language = "ko" if rng.random() < 0.3 else "en"
    pool = turns_by_language[language]
    turns, segments, clock, n = [], [], 0.5, 0
    while clock < CALL_S - 5:
        role, text = pool[rng.randrange(len(pool))]
        words = []
        for word in text.split():
            words.append({"start": round(clock, 3), "end": round(clock + 0.3, 3), "text": " " + word, "probability": 0.9, "speaker": None})
            clock += 0.38
        turns.append({"id": n, "speaker": "ch0" if role == "agent" else "ch1", "role": role, "start": words[0]["start"],
                      "end": words[-1]["end"], "text": text, "words": words})
        segments.append({"id": n, "start": words[0]["start"], "end": words[-1]["end"], "text": " " + text, "words": words,
                         "channel": 0 if role == "agent" else 1, "avg_logprob": -0.2, "no_speech_prob": 0.01})
        clock += rng.uniform(0.3, 1.5)
        n += 1
    return {
        "audio": {"duration": CALL_S}, "language": language, "segments": segments, "turns": turns,
        "analytics": {"duration": CALL_S, "interruptions": [{"interrupter": "customer", "interrupted": "agent", "start": 42.0, "duration": 0.8}]},
        "summary": {
            "customer_sentiment": {"start": "neutral", "end": rng.choice(["positive", "neutral", "negative"]), "turn_ids": [n - 2]},
            "resolution": {"status": rng.choice(["resolved", "unresolved", "escalated"]), "text": "", "turn_ids": [n - 3]},
            "reason": {"text": "", "turn_ids": [1]}, "category": "billing",
        },
    }


def load(db: Database, n_calls: int, seed: int = 7) -> tuple[int, int]:
    """Store the calls (bulk inserts, 500 at a time); returns (result bytes, compact bytes) of one call."""
    from sqlalchemy import insert

    from store.models import Call, CallResultRow, CallStatus

    rng = random.Random(seed)
    pool = dev_turns()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    # 500 different calls, stored over and over under new ids: building each
    # result takes longer than scoring it.
    distinct = [synthetic_result(rng, pool) for _ in range(min(500, n_calls))]
    encoded = [json.dumps(r, ensure_ascii=False) for r in distinct]
    sizes = (len(encoded[0].encode()), len(json.dumps(compact(from_serialized(distinct[0])), ensure_ascii=False).encode()))
    for first in range(0, n_calls, 500):
        calls, results = [], []
        for i in range(first, min(first + 500, n_calls)):
            call_id = uuid.UUID(int=rng.getrandbits(128)).hex
            result, result_json = distinct[i % len(distinct)], encoded[i % len(distinct)]
            created = start + timedelta(minutes=i)
            calls.append({"id": call_id, "status": CallStatus.DONE, "progress": 100, "audio_path": f"{call_id}.wav",
                          "audio_sha256": call_id * 2, "audio_bytes": 1, "audio_format": "wav", "created_at": created,
                          "updated_at": created, "attempts": 1, "worker_deaths": 0, "webhook_attempts": 0,
                          "agent_id": f"agent{i % 40}", "team": f"team{i % 5}", "language": result["language"]})
            results.append({"call_id": call_id, "result_json": result_json, "analytics_json": "{}", "srt": "", "vtt": "",
                            "rttm": "", "txt": "", "created_at": created})
        with db.transaction() as session:
            session.execute(insert(Call.__table__), calls)
            session.execute(insert(CallResultRow.__table__), results)
    return sizes


def _run_slice(args: tuple[str, str, int]) -> float:
    """Run one slice as the Celery task does; returns the CPU seconds it used."""
    from workers.qa import JobOutcome, run_job, rule_cache

    url, slice_id, chunk = args
    db = Database(url, pool_size=1)
    try:
        rule_cache.get(db)  # a worker has the rules compiled before its first job
        cpu = time.process_time()
        outcome = run_job(db, slice_id, f"bench:{slice_id[:8]}", lease_s=600, chunk=chunk)
        assert outcome == JobOutcome.DONE
        return time.process_time() - cpu
    finally:
        db.dispose()


def rescore(db: Database, url: str, workers: int, chunk: int) -> tuple[float, float]:
    """Wall seconds of the whole job, and CPU seconds of the worker processes."""
    job = store_qa.create_job(db, None, "bench", slices=workers)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_noop, range(workers))  # processes started and imported before the clock starts
        started = time.perf_counter()
        cpu = pool.map(_run_slice, [(url, s, chunk) for s in store_qa.slice_ids(db, job.id)], chunksize=1)
        elapsed = time.perf_counter() - started
    done = store_qa.get_job(db, job.id)
    assert done is not None and done.status == "done" and done.done == done.total, done
    return elapsed, sum(cpu)


def _noop(_n: int) -> None:
    import workers.qa  # noqa: F401 - the import a worker has done before any job


def per_call(db: Database, repeat: int = 50) -> tuple[float, float]:
    """Median and worst seconds to score one stored call as the worker does (rules loaded)."""
    from workers.qa import score_for_call

    rng = random.Random(3)
    pool = dev_turns()
    results = [synthetic_result(rng, pool) for _ in range(repeat)]
    score_for_call(db, "warm-up", results[0])
    times = []
    for result in results:
        t = time.perf_counter()
        score_for_call(db, "x", result)
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="slices, each run by its own process")
    parser.add_argument("--chunk", type=int, default=200, help="calls per committed chunk (CALLBRIEF_QA_RESCORE_CHUNK)")
    args = parser.parse_args()
    with postgres_database() as url:
        db = Database(url)
        db.migrate()
        t = time.perf_counter()
        result_bytes, compact_bytes = load(db, args.calls)
        print(f"stored {args.calls} calls in {time.perf_counter() - t:.1f} s "
              f"(one call: result {result_bytes / 1024:.0f} KB, compact QA input {compact_bytes / 1024:.0f} KB)")
        for label in ("first re-score (whole results read)", "re-score (compact input read)      "):
            load_before = os.getloadavg()[0]
            wall, cpu = rescore(db, db.url, args.workers, args.chunk)
            print(f"{label}: {wall:.1f} s wall, {args.calls / wall:.0f} calls/s; worker CPU {cpu:.1f} s "
                  f"({cpu / args.calls * 1000:.1f} ms a call); load average {load_before:.1f} -> {os.getloadavg()[0]:.1f}")
        median, worst = per_call(db)
        print(f"scoring one 5-minute call after its summary: median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms")
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
