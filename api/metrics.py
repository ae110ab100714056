"""Prometheus metrics at ``/metrics``.

Work happens in worker processes on other machines, so what describes it
is read from the database at scrape time (queue depth, calls by status,
failures by code, stage-duration histograms the workers accumulate); the
API's own request counts and latencies are kept in this process.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store import stats
from store.db import Database

log = logging.getLogger(__name__)
WORKER_FRESH_S = 120.0
# Prometheus' extra *_created series add nothing here.
disable_created_metrics()


class ApiMetrics:
    def __init__(self, db: Database) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "callbrief_http_requests", "HTTP requests served", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "callbrief_http_request_duration_seconds", "HTTP request latency", ["route"], registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
        )
        self.rejected_uploads = Counter(
            "callbrief_uploads_rejected", "uploads refused before storing anything", ["code"], registry=self.registry
        )
        self.registry.register(_DatabaseCollector(db))


class _DatabaseCollector(Collector):
    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Metric]:
        with self.db.session() as session:
            by_status = stats.calls_by_status(session)
            failures = stats.failures_by_code(session)
            histograms = stats.stage_histograms(session)
            workers = stats.live_workers(session, WORKER_FRESH_S)
        depth = GaugeMetricFamily("callbrief_queue_depth", "calls waiting for a worker")
        depth.add_metric([], by_status["queued"])
        yield depth
        calls = GaugeMetricFamily("callbrief_calls", "calls in the call log by status", labels=["status"])
        for status, n in by_status.items():
            calls.add_metric([status], n)
        yield calls
        failed = GaugeMetricFamily("callbrief_call_failures", "failed calls in the call log by error code", labels=["code"])
        for code, n in sorted(failures.items()):
            failed.add_metric([code], n)
        yield failed
        alive = GaugeMetricFamily("callbrief_workers", "worker processes with a recent heartbeat")
        alive.add_metric([], len(workers))
        yield alive
        stages = HistogramMetricFamily("callbrief_stage_duration_seconds", "pipeline stage wall time", labels=["stage"])
        for h in histograms:
            buckets = [(repr(le), n) for le, n in h.buckets] + [("+Inf", h.count)]
            stages.add_metric([h.stage], buckets, h.sum_s)
        yield stages


class MetricsMiddleware:
    """Counts, times and logs requests by route template, never the raw
    path or query: call ids and search text stay out of metrics and logs
    (the server's own access log is off). Pure ASGI, so SSE streams pass
    through untouched."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            self.metrics.requests.labels(scope["method"], template, str(status["code"])).inc()
            elapsed = time.perf_counter() - started
            self.metrics.latency.labels(template).observe(elapsed)
            log.info("%s %s %d %.1f ms", scope["method"], template, status["code"], elapsed * 1000)
