"""``/health`` (liveness), ``/ready`` (database, broker, a worker with its
models loaded), ``/metrics`` (Prometheus: an admin key or the scrape token),
``/v1/me``."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.context import AppContext
from api.deps import ContextDep, CurrentUser, MetricsReader
from api.schemas import ErrorPublic, ReadinessPublic, UserPublic
from store import stats

log = logging.getLogger(__name__)
router = APIRouter(tags=["operations"])



def process_alive(hostname: str, pid: int) -> bool:
    """False for a worker process on this machine that no longer exists: its
    last heartbeat is still fresh, but nothing will process calls (the
    embedded worker of ``callbrief serve`` is on this machine)."""
    if hostname != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        # A killed process nobody has reaped yet (a zombie) answers kill(0).
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def worker_fresh_s(lease_s: float) -> float:
    """How recent a heartbeat must be: workers beat every third of their lease."""
    return max(30.0, 2.0 * lease_s)


@router.get("/health", summary="Liveness: the API process answers")
def health() -> dict[str, str]:
    return {"status": "ok"}


def _readiness(ctx: AppContext) -> ReadinessPublic:
    database = broker = "ok"
    engines: set[str] = set()
    workers = 0
    try:
        ctx.db.ping()
        with ctx.db.session() as session:
            live = stats.live_workers(session, worker_fresh_s(ctx.settings.worker_lease_s))
        live = [w for w in live if process_alive(w.hostname, w.pid)]
        workers = sum(1 for w in live if w.engines)
        engines = {e for w in live for e in w.engines.split(",") if e}
    except Exception as exc:  # noqa: BLE001 - readiness reports, it does not raise
        log.warning("readiness: database unavailable: %s", type(exc).__name__)
        database = "unavailable"
    try:
        ctx.enqueuer.ping()
    except Exception as exc:  # noqa: BLE001
        log.warning("readiness: broker unavailable: %s", type(exc).__name__)
        broker = "unavailable"
    return ReadinessPublic(
        ready=database == "ok" and broker == "ok" and workers > 0,
        database=database,
        broker=broker,
        workers=workers,
        models_loaded=sorted(engines),
    )


@router.get("/ready", response_model=ReadinessPublic, responses={503: {"model": ReadinessPublic}}, summary="Readiness")
async def ready(ctx: ContextDep) -> JSONResponse:
    readiness = await anyio.to_thread.run_sync(_readiness, ctx)
    return JSONResponse(readiness.model_dump(), status_code=200 if readiness.ready else 503)


_AUTH_ERRORS = {401: {"model": ErrorPublic, "description": "no key, or a key that is not valid"}}


@router.get(
    "/metrics",
    response_class=Response,
    dependencies=[MetricsReader],
    responses={
        200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {}}},
        **_AUTH_ERRORS,
        403: {"model": ErrorPublic, "description": "neither an admin key nor the scrape token"},
    },
    summary="Prometheus metrics (an admin key, or CALLBRIEF_METRICS_TOKEN)",
)
def metrics(ctx: ContextDep) -> Response:
    return Response(generate_latest(ctx.metrics.registry), media_type=CONTENT_TYPE_LATEST)


@router.get("/v1/me", response_model=UserPublic, responses=_AUTH_ERRORS, tags=["users"], summary="Who this key belongs to")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic(name=user.name, role=user.role, team=user.team)
