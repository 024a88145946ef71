"""What one email costs the worker: CPU, SQL statements and commits per stage (a benchmark).

Runs the real pipeline (`process_email`, offline model, auto mode) in this process, one lead
after another, against the machine's PostgreSQL (a fresh database built by the migrations) and a
HubSpot emulator in a separate process (so its CPU is not counted here). It tells where a
worker's time goes, which the latency benchmark (`crm_latency.py`) cannot: at 20 emails/s on a
2-core machine everything (API, workers, PostgreSQL, the emulator) shares 100 ms of CPU per email.

    .venv/bin/python benchmarks/pipeline_cost.py [--emails 300]
        [--postgres postgresql://root@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

from mailtriage import migrate
from mailtriage.config import CrmMode, Settings
from mailtriage.crm.hubspot import HubSpotClient
from mailtriage.db import sqlalchemy_url, unit_of_work
from mailtriage.extract.factory import build_extractor
from mailtriage.ingest.service import InboundMessage, store_inbound
from mailtriage.pipeline.crm_journal import CrmAudit
from mailtriage.pipeline.runner import PipelineDeps, process_email
from mailtriage.tenant import load_tenant

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from crm_latency import _lead  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--postgres", default="postgresql://root@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    database = f"mailtriage_cost_{os.getpid()}"
    with psycopg.connect(args.postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    url = sqlalchemy_url(args.postgres.rsplit("/", 1)[0] + f"/{database}")
    port = _port()
    emulator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mailtriage",
            "sandbox",
            "hubspot",
            "--port",
            str(port),
            "--token",
            "pat-cost",
            "--burst-per-10s",
            "1000000",
            "--search-per-s",
            "100000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        migrate.upgrade(url)
        crm_url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{crm_url}/crm/v3/objects/contacts", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        data = Path(tempfile.mkdtemp(prefix="mailtriage-cost-"))
        settings = Settings.model_validate(
            {
                "database_url": url,
                "data_dir": data,
                "crm_mode": CrmMode.auto,
                "address_hash_salt": "cost",
                "model_cache_dir": ROOT / ".mailtriage" / "test-models",
            }
        )
        tenant = load_tenant(None)
        engine = create_engine(url, pool_pre_ping=os.environ.get("BENCH_PREPING", "1") == "1")
        sessions = sessionmaker(engine, expire_on_commit=False)
        statements: Counter[str] = Counter()

        @event.listens_for(engine, "before_cursor_execute")
        def _count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
            statements[statement.split(None, 1)[0].upper()] += 1

        @event.listens_for(engine, "commit")
        def _commit(conn: Any) -> None:
            statements["COMMIT"] += 1

        with HubSpotClient(token="pat-cost", base_url=crm_url, on_exchange=CrmAudit(sessions)) as crm:
            deps = PipelineDeps(
                settings=settings,
                tenant=tenant,
                extractor=build_extractor(settings, tenant),
                sessions=sessions,
                actor="bench",
                crm=crm,
            )
            ids = []
            for i in range(args.emails + 20):
                with unit_of_work(sessions) as session:
                    ids.append(
                        store_inbound(
                            session,
                            InboundMessage(mailbox="sales@lumenhq.com", source="bench", raw=_lead(i)),
                            max_bytes=1_000_000,
                            config_version=tenant.config_version,
                        ).email_id
                    )
            for email_id in ids[:20]:  # warm-up: model load, first connections, statement caches
                process_email(deps, email_id)
            statements.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            states: Counter[str] = Counter()
            profiler = cProfile.Profile(time.process_time) if os.environ.get("BENCH_PROFILE") else None
            if profiler:
                profiler.enable()
            for email_id in ids[20:]:
                states[process_email(deps, email_id).state.value] += 1
            if profiler:
                profiler.disable()
                profiler.dump_stats(os.environ["BENCH_PROFILE"])
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        n = args.emails
        print(f"{n} leads: states {dict(states)}")
        print(f"worker per email: CPU {1000 * cpu / n:.1f} ms, wall {1000 * wall / n:.1f} ms")
        print("SQL per email: " + ", ".join(f"{k} {v / n:.1f}" for k, v in statements.most_common()))
        with psycopg.connect(url.replace("+psycopg", "")) as conn:
            calls = conn.execute("SELECT count(*) FROM crm_events").fetchone()
        print(f"CRM calls per email: {(calls[0] if calls else 0) / (n + 20):.1f}")
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
