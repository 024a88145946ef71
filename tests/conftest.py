"""Real services for the tests: PostgreSQL (the machine's, or the embedded one), Redis, RabbitMQ.

In CI (``CI=true``) a missing service fails the tests that need it; on a laptop they are skipped
with the reason, except PostgreSQL, which falls back to the embedded server from the wheel.
"""

from __future__ import annotations

import importlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from mailtriage import migrate
from mailtriage.config import Settings
from mailtriage.db import embedded_database_url, sqlalchemy_url
from mailtriage.sandbox.hubspot import HubSpotConfig, HubSpotState, create_hubspot_emulator, hubspot_state
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.tenant import TenantConfig, load_tenant

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ROOT = Path(__file__).resolve().parents[1]

PG_URL = os.environ.get("MAILTRIAGE_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("MAILTRIAGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RABBITMQ_URL = os.environ.get("MAILTRIAGE_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _compiled_modules() -> dict[str, Path]:
    """The modules setup.py compiles with mypyc that are imported compiled: name -> source file."""
    found = {}
    for line in (ROOT / "setup.py").read_text().splitlines():
        source = line.strip().strip('",')
        if source.startswith("src/mailtriage/") and source.endswith(".py"):
            name = source[len("src/") : -len(".py")].replace("/", ".")
            module = importlib.import_module(name)
            if not str(module.__file__).endswith(".py"):
                found[name] = ROOT / source
    return found


def pytest_report_header() -> str:
    compiled = _compiled_modules()
    return f"mailtriage: {len(compiled)} modules compiled by mypyc" if compiled else "mailtriage: pure Python"


def pytest_configure(config: pytest.Config) -> None:
    # A compiled module is imported in place of its source: one built before the source was edited
    # would test old code. ./dev rebuilds it; a bare pytest run must say so rather than pass.
    for name, source in _compiled_modules().items():
        built = Path(str(importlib.import_module(name).__file__))
        if built.stat().st_mtime < source.stat().st_mtime:
            pytest.exit(
                f"{built.name} is older than {source.name}: rebuild with ./dev test or pip install -e .", 2
            )


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def require_service(name: str, url: str, port: int) -> str:
    if _reachable(url, port):
        return url
    message = f"{name} is not reachable at {url}"
    if IN_CI:
        pytest.fail(message + " (CI needs every service; .ci/run starts them)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    if _reachable(PG_URL, 5432):
        return PG_URL
    if IN_CI:
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL}")
    return embedded_database_url(ROOT / ".mailtriage" / "test")


@pytest.fixture(scope="session")
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh database per test session, built by the Alembic migrations."""
    name = f"mailtriage_test_{os.getpid()}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parsed = urlparse(postgres_admin_url)
    url = sqlalchemy_url(parsed._replace(path=f"/{name}").geturl())
    migrate.upgrade(url)
    yield url
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def engine(database_url: str) -> Engine:
    return create_engine(database_url)


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """Tables emptied before each test: workers in other processes must see committed rows, so
    a rolled-back outer transaction cannot isolate these tests."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE emails, extractions, routes, crm_events, crm_writes, eval_labels, email_transitions, "
                "mailbox_checkpoints RESTART IDENTITY CASCADE"
            )
        )
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = require_service("Redis", REDIS_URL, 6379)
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def rabbitmq_url() -> str:
    return require_service("RabbitMQ", RABBITMQ_URL, 5672)


@pytest.fixture(scope="session")
def peer_corpora() -> Path:
    """The public peer test corpora in shared/ (beside the clone in CI and on developer machines)."""
    path = Path(os.environ.get("MAILTRIAGE_PEER_CORPORA", ROOT.parent / "shared" / "peer-corpora"))
    if not (path / "reply-strip.jsonl").is_file():
        message = f"peer corpora not found at {path} (set MAILTRIAGE_PEER_CORPORA)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def tenant() -> TenantConfig:
    return load_tenant(None)


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "testing",
        "database_url": database_url,
        "data_dir": data_dir,
        "webhook_secrets": "test-webhook-secret",
        "admin_token": "test-admin-token",
        "address_hash_salt": "test-salt",
        "retry_backoff_seconds": 0.05,
        "retry_backoff_max_seconds": 0.2,
        # One trained offline model for the whole run (training takes minutes; it is cached).
        "model_cache_dir": ROOT / ".mailtriage" / "test-models",
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path / "data")


HUBSPOT_TOKEN = "pat-test-token"


@pytest.fixture(scope="session")
def hubspot_server() -> Iterator[tuple[str, HubSpotState]]:
    """One HubSpot emulator for the run (limits high enough not to get in the way unless asked)."""
    app = create_hubspot_emulator(
        HubSpotConfig(
            token=HUBSPOT_TOKEN, burst_per_10s=1_000_000, search_per_s=1_000_000, timeout_sleep_s=1.0
        )
    )
    base_url, stop = run_emulator_in_thread(app)
    yield base_url, hubspot_state(app)
    stop()


@pytest.fixture
def hubspot(hubspot_server: tuple[str, HubSpotState]) -> HubSpotState:
    hubspot_server[1].reset()
    return hubspot_server[1]
