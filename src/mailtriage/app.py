"""``create_app()``: the HTTP API (webhook, admin, health, metrics; OpenAPI at /docs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from mailtriage import __version__
from mailtriage.admin.endpoints import router as admin_router
from mailtriage.broker import create_celery
from mailtriage.config import Settings, get_settings
from mailtriage.db import get_engine, session_factory, unit_of_work
from mailtriage.deps import AppDeps, DepsDep
from mailtriage.errors import MailtriageError
from mailtriage.ingest.endpoints import router as ingest_router
from mailtriage.logs import configure_logging
from mailtriage.pipeline import repository as repo
from mailtriage.pipeline.queue import TaskQueue
from mailtriage.tenant import load_tenant


class EmailStateCollector(Collector):
    """Emails per state, read from the database at scrape time (the truth across all workers)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily("mailtriage_emails", "Emails by pipeline state", labels=["state"])
        with unit_of_work(self.sessions) as session:
            for state, count in repo.counts_by_state(session).items():
                family.add_metric([state], count)
        yield family


def build_deps(settings: Settings) -> AppDeps:
    sessions = session_factory(get_engine(settings))
    return AppDeps(
        settings=settings,
        tenant=load_tenant(settings.tenant_file),
        sessions=sessions,
        queue=TaskQueue(create_celery(settings), sessions),
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    deps = build_deps(settings)
    collector = EmailStateCollector(deps.sessions)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        REGISTRY.register(collector)
        try:
            yield
        finally:
            REGISTRY.unregister(collector)

    app = FastAPI(title="mailtriage", version=__version__, lifespan=lifespan)
    app.state.deps = deps
    app.include_router(ingest_router)
    app.include_router(admin_router)

    @app.exception_handler(MailtriageError)
    async def _render(_: Request, exc: MailtriageError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.message})

    @app.get("/healthz", tags=["ops"])
    def healthz(deps: DepsDep) -> JSONResponse:
        checks: dict[str, str] = {}
        try:
            with unit_of_work(deps.sessions) as session:
                session.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        try:
            deps.queue.ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
        healthy = all(v == "ok" for v in checks.values())
        return JSONResponse(
            status_code=200 if healthy else 503,
            content={
                "status": "ok" if healthy else "degraded",
                "checks": checks,
                "config_version": deps.tenant.config_version,
            },
        )

    @app.get("/metrics", tags=["ops"])
    def prometheus_metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return app
