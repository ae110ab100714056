"""``/health`` (liveness), ``/ready`` (database, broker, a worker with its
models loaded), ``/metrics`` (Prometheus, needs a key like everything else),
``/v1/me``."""

from __future__ import annotations

import logging

import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.context import AppContext
from api.deps import ContextDep, CurrentUser
from api.schemas import ReadinessPublic, UserPublic
from store import stats

log = logging.getLogger(__name__)
router = APIRouter(tags=["operations"])



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


@router.get("/metrics", response_class=Response, summary="Prometheus metrics")
def metrics(ctx: ContextDep, _user: CurrentUser) -> Response:
    return Response(generate_latest(ctx.metrics.registry), media_type=CONTENT_TYPE_LATEST)


@router.get("/v1/me", response_model=UserPublic, tags=["users"], summary="Who this key belongs to")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic(name=user.name, role=user.role, team=user.team)
