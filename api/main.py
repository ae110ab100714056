"""Builds the FastAPI app: ``uvicorn --factory api.main:create_app``.

Settings are read when the app is built, not at import; the schema is
migrated then too, so a fresh database is ready before the first request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.context import AppContext
from api.errors import RefuseNulCharacters, install_handlers
from api.metrics import ApiMetrics, MetricsMiddleware
from api.queue import CeleryEnqueuer, Enqueuer
from api.routes import calls, events, health, pages, qa, reports, results, rules, ui_admin, ui_supervisor
from api.web import UI_DIR, LoginRequired, PageError, SecurityHeadersMiddleware, login_redirect, page_error
from pipeline import __version__
from pipeline.settings import apply_offline_env
from store.settings import Settings, get_settings
from store.audio import AudioStore
from store.db import Database

DESCRIPTION = """
Recorded calls in; speaker-attributed transcripts, analytics and grounded
summaries out. Every endpoint except `/health` and `/ready` needs
`Authorization: Bearer <key>` (keys come from `callbrief users add`).
"""


def create_app(settings: Settings | None = None, *, enqueuer: Enqueuer | None = None) -> FastAPI:
    apply_offline_env()  # also when started as `uvicorn --factory api.main:create_app`
    settings = settings or get_settings()
    db = Database(settings.resolved_database_url)
    db.migrate()
    metrics = ApiMetrics(db)
    ctx = AppContext(
        settings=settings,
        db=db,
        audio=AudioStore(settings.resolved_audio_dir),
        enqueuer=enqueuer or CeleryEnqueuer(settings.resolved_broker_url, settings.task_queue),
        metrics=metrics,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(title="callbrief", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.ctx = ctx
    install_handlers(app)
    for module in (health, calls, results, qa, events, reports, rules, pages, ui_supervisor, ui_admin):
        app.include_router(module.router)
    app.mount("/ui/static", StaticFiles(directory=UI_DIR / "static"), name="ui-static")
    app.add_exception_handler(LoginRequired, login_redirect)  # type: ignore[arg-type]
    app.add_exception_handler(PageError, page_error)  # type: ignore[arg-type]
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RefuseNulCharacters)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
