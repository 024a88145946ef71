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


DepsDep = Annotated[AppDeps, Depends(get_deps)]
