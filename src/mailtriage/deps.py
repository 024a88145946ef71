"""What the API needs, built once at start-up from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.config import Settings
from mailtriage.pipeline.queue import TaskQueue
from mailtriage.tenant import TenantConfig


@dataclass(frozen=True)
class AppDeps:
    settings: Settings
    tenant: TenantConfig
    sessions: sessionmaker[Session]
    queue: TaskQueue


def get_deps(request: Request) -> AppDeps:
    deps: AppDeps = request.app.state.deps
    return deps


async def _deps(request: Request) -> AppDeps:
    # async: FastAPI runs a plain-def dependency in its thread pool, a hop per request for a lookup.
    return get_deps(request)


DepsDep = Annotated[AppDeps, Depends(_deps)]
