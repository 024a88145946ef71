"""Lead time from an accepted webhook to the CRM write, at a steady rate (a benchmark).

Runs the real service (`mailtriage up`: API, worker, scheduler) with the offline model in auto
mode against the HubSpot emulator, on the machine's PostgreSQL and Redis (a fresh database per
run), and posts signed webhooks at ``--rate`` emails/s for ``--seconds``. The emulator's
ten-second limit is raised to ``--burst-per-10s``: a lead costs about a dozen CRM calls, so at
HubSpot's real limits (100–190 calls per 10 s for a private app) the CRM, not mailtriage, caps a
portal at one or two new leads a second. Its search limit (HubSpot: 5 per second) is raised too
(``--search-per-s``): every lead from a domain not seen before costs one company search, so at
HubSpot's limit a portal takes at most five new companies a second, whatever calls them; how
the client waits out both limits is shown by the fault tests, not here. The lead time of an
email is the time between the commit of its row (the webhook's 202) and the commit of its
``synced`` transition, which comes after the CRM calls; the stage figures come from the audit
trail's transition times.

    .venv/bin/python benchmarks/crm_latency.py [--rate 20] [--seconds 60]
        [--concurrency 2] [--search-per-s 100000] [--burst-per-10s 100000]
        [--postgres postgresql://root@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379/14]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import httpx
import psycopg
import redis

from mailtriage.ingest.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from mailtriage.sandbox.hubspot import HubSpotConfig, create_hubspot_emulator
from mailtriage.sandbox.server import run_emulator_in_thread

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-webhook-secret"
WARM_UP = 8  # emails per run before the measured ones
STAGES = [
    ("received", "normalized"),
    ("normalized", "extracted"),
    ("extracted", "routed"),
    ("routed", "synced"),
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lead(i: int) -> bytes:
    msg = EmailMessage()
    domain = f"bench{i % 97}-outfitters.com"
    msg["From"] = f"Casey {i} <casey{i}@{domain}>"
    msg["To"] = "sales@lumenhq.com"
    msg["Subject"] = f"Pricing for dashboards ({i})"
    msg["Message-ID"] = f"<bench-{i}-{time.time_ns()}@{domain}>"
    msg.set_content(
        "Hi team,\n\nWe'd like pricing and a demo of Lumen Insights for our 40-person ops team; we want "
        f"to decide this quarter and have about ${25 + i % 40}k a year for it.\n\nBest,\nCasey {i}\n"
        f"Director of Operations, Bench {i % 97} Outfitters\n"
    )
    return msg.as_bytes()


def _cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) used so far by the processes of this machine, by part: the
    service (``mailtriage up`` and its workers), PostgreSQL, and this script (load and emulator).
    Read from /proc (Linux); at 20 emails/s on 2 cores all parts share 100 ms of CPU per email."""
    tick = os.sysconf("SC_CLK_TCK")
    parts: dict[str, float] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()
            command = (
                (Path("/proc") / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue
        if int(pid) == os.getpid():
            part = "load generator + HubSpot emulator"
        elif "postgres" in command:
            part = "PostgreSQL"
        elif "celery" in command and "mailtriage" in command:
            part = "workers"
        elif "mailtriage up" in command:
            part = "API"
        else:
            continue
        parts[part] = parts.get(part, 0.0) + (int(stat[11]) + int(stat[12])) / tick
    return parts


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--postgres", default="postgresql://root@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--burst-per-10s", type=int, default=100_000)
    parser.add_argument("--search-per-s", type=int, default=100_000)
    args = parser.parse_args()

    database = f"mailtriage_bench_{os.getpid()}"
    with psycopg.connect(args.postgres, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    db_url = args.postgres.rsplit("/", 1)[0] + f"/{database}"
    redis.Redis.from_url(args.redis).flushdb()  # tasks left by an earlier run are not this run's
    crm_app = create_hubspot_emulator(
        HubSpotConfig(token="pat-bench", burst_per_10s=args.burst_per_10s, search_per_s=args.search_per_s)
    )
    crm_url, stop_crm = run_emulator_in_thread(crm_app)
    api_port = _port()
    data = Path(tempfile.mkdtemp(prefix="mailtriage-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILTRIAGE_", "HUBSPOT_"))}
    env.update(
        MAILTRIAGE_DATABASE_URL=db_url,
        MAILTRIAGE_BROKER_URL=args.redis,
        MAILTRIAGE_DATA_DIR=str(data),
        MAILTRIAGE_API_PORT=str(api_port),
        MAILTRIAGE_WEBHOOK_SECRETS=SECRET,
        MAILTRIAGE_ADMIN_TOKEN="bench-admin",
        MAILTRIAGE_ADDRESS_HASH_SALT="bench-salt",
        MAILTRIAGE_LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        MAILTRIAGE_WORKER_CONCURRENCY=str(args.concurrency),
        MAILTRIAGE_MODEL_CACHE_DIR=str(ROOT / ".mailtriage" / "test-models"),
        MAILTRIAGE_CRM_MODE="auto",
        HUBSPOT_BASE_URL=crm_url,
        HUBSPOT_TOKEN="pat-bench",
    )
    log = (data / "up.log").open("wb")
    up = subprocess.Popen(
        [sys.executable, "-m", "mailtriage", "up"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    print(f"service log: {data / 'up.log'}", file=sys.stderr)
    base = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the service did not become healthy")
            time.sleep(0.5)
        total = int(args.rate * args.seconds)
        with httpx.Client(base_url=base, timeout=10) as client, psycopg.connect(db_url) as conn:

            def post(i: int) -> None:
                body = json.dumps({"mailbox": "sales@lumenhq.com", "raw": _lead(i).decode()}).encode()
                now = int(time.time())
                headers = {TIMESTAMP_HEADER: str(now), SIGNATURE_HEADER: sign(SECRET.encode(), now, body)}
                response = client.post("/webhook/email", content=body, headers=headers)
                if response.status_code != 202:
                    raise SystemExit(f"webhook answered {response.status_code}: {response.text}")

            def settled(count: int, timeout_s: float) -> None:
                settle = time.monotonic() + timeout_s
                while time.monotonic() < settle:
                    row = conn.execute(
                        "SELECT count(*) FILTER (WHERE state IN ('synced','review','ignored','dead_letter')), "
                        "count(*) FROM emails"
                    ).fetchone()
                    conn.commit()
                    if row and row[0] == row[1] == count:
                        return
                    time.sleep(0.5)

            # Warm-up, not measured: each worker process's first emails load what the model and
            # the parsers load lazily (and the model is trained if the training data changed).
            for i in range(WARM_UP):
                post(total + i)
            settled(WARM_UP, 600)
            warm = conn.execute("SELECT coalesce(max(id), 0) FROM emails").fetchone()
            after = int(warm[0]) if warm else 0
            conn.commit()
            cpu_before = _cpu_seconds()
            start = time.monotonic()
            for i in range(total):
                pause = start + i / args.rate - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                post(i)
            sent_for = time.monotonic() - start
            settled(WARM_UP + total, 120)
            cpu_after = _cpu_seconds()
            lead = [
                r[0]
                for r in conn.execute(
                    "SELECT extract(epoch FROM t.at - e.created_at) FROM emails e "
                    "JOIN email_transitions t ON t.email_id = e.id AND t.to_state = 'synced' WHERE e.id > %s",
                    (after,),
                ).fetchall()
            ]
            stages = {}
            for a, b in STAGES:
                stages[f"{a}->{b}"] = [
                    r[0]
                    for r in conn.execute(
                        "SELECT extract(epoch FROM t2.at - t1.at) FROM email_transitions t1 "
                        "JOIN email_transitions t2 ON t2.email_id = t1.email_id AND t2.from_state = t1.to_state "
                        "WHERE t1.to_state = %s AND t2.to_state = %s AND t1.email_id > %s",
                        (a, b, after),
                    ).fetchall()
                ]
            states = dict(
                conn.execute(
                    "SELECT state, count(*) FROM emails WHERE id > %s GROUP BY state", (after,)
                ).fetchall()
            )
    finally:
        up.send_signal(signal.SIGTERM)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            up.kill()
        stop_crm()
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    print(f"sent {total} webhooks in {sent_for:.1f} s ({total / sent_for:.1f}/s); states {states}")
    lead_ms = [1000 * float(v) for v in lead]
    print(
        f"accepted webhook -> CRM written: n={len(lead_ms)} p50 {statistics.median(lead_ms):.0f} ms, "
        f"p95 {_pct(lead_ms, 0.95):.0f} ms, max {max(lead_ms):.0f} ms"
    )
    for name, values in stages.items():
        ms = [1000 * float(v) for v in values]
        print(f"  {name:<24} p50 {statistics.median(ms):7.1f} ms   p95 {_pct(ms, 0.95):7.1f} ms")
    used = {part: cpu_after.get(part, 0.0) - cpu_before.get(part, 0.0) for part in cpu_after}
    print(
        f"CPU per email: {1000 * sum(used.values()) / total:.0f} ms ("
        + ", ".join(
            f"{part} {1000 * v / total:.0f} ms" for part, v in sorted(used.items(), key=lambda kv: -kv[1])
        )
        + f"); the machine has {os.cpu_count()} cores, {1000 * (os.cpu_count() or 1) / args.rate:.0f} ms per email"
        " at this rate"
    )


if __name__ == "__main__":
    main()
