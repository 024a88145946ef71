"""Engine and unit-of-work factories. Only the runner, the task wrappers, the API's request
dependency and the CLI commit; everything below them flushes."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.config import Settings

_embedded_lock = threading.Lock()
_embedded_servers: dict[Path, Any] = {}


def sqlalchemy_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the PostgreSQL 16 that the ``pgserver`` wheel carries, in ``data_dir``.

    Several processes may share one data folder: pgserver counts their handles and stops the
    server when the last one exits.
    """
    from pgserver import get_server  # type: ignore[attr-defined]  # only embedded mode needs it

    pgdata = (data_dir / "pgdata").resolve()
    with _embedded_lock:
        server = _embedded_servers.get(pgdata)
        if server is None:
            pgdata.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its /tmp
                # fallback is what pgserver then uses for its lock, which is fine.
                warnings.simplefilter("ignore")
                server = get_server(pgdata, cleanup_mode="stop")
            _embedded_servers[pgdata] = server
    return str(server.get_uri())


def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return sqlalchemy_url(settings.database_url)
    return sqlalchemy_url(embedded_database_url(settings.data_dir))


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def get_engine(settings: Settings) -> Engine:
    return _engine_for(resolve_database_url(settings))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: committed when the block ends normally, rolled back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
