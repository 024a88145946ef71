"""The README's run command with nothing configured: embedded PostgreSQL and broker, API, worker
and scheduler in one ``mailtriage up``; mail imported from files ends in terminal states."""

from __future__ import annotations

import json
import mailbox
import signal
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import httpx
import pytest

from mailtriage.ingest.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from mailtriage.states import TERMINAL_STATES
from tests.e2e.workers import kill_group, service_env, start, wait_for
from tests.factories import raw_email

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailtriage", *args], env=env, capture_output=True, text=True, timeout=300
    )


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_up_runs_everything_embedded_and_imported_mail_settles(tmp_path: Path) -> None:
    port, crm_port = free_port(), free_port()
    env = service_env(
        "",
        None,
        tmp_path / "data",
        MAILTRIAGE_API_PORT=str(port),
        MAILTRIAGE_EMBEDDED_HUBSPOT_PORT=str(crm_port),
    )
    assert "MAILTRIAGE_DATABASE_URL" not in env
    assert "MAILTRIAGE_BROKER_URL" not in env
    folder = tmp_path / "mail"
    folder.mkdir()
    for i in range(24):
        (folder / f"{i:03}.eml").write_bytes(raw_email(i))
    box = mailbox.mbox(str(tmp_path / "archive.mbox"))
    for i in range(100, 106):
        box.add(message_from_bytes(raw_email(i)))
    box.flush()
    log = tmp_path / "up.log"
    base = f"http://127.0.0.1:{port}"

    up = start(["up"], env, log)
    try:
        wait_for(lambda: healthy(f"{base}/healthz"), 180, "the API to report healthy", log)

        imported = cli(["import", str(folder), str(tmp_path / "archive.mbox")], env)
        assert imported.returncode == 0, imported.stderr
        assert "stored 30, duplicates 0" in imported.stderr

        body = json.dumps({"mailbox": "info@lumenhq.com", "raw": raw_email(500).decode()}).encode()
        now = int(time.time())
        headers = {TIMESTAMP_HEADER: str(now), SIGNATURE_HEADER: sign(b"test-webhook-secret", now, body)}
        assert httpx.post(f"{base}/webhook/email", content=body, headers=headers).status_code == 202

        status = cli(["status", "--json", "--wait", "180"], env)
        assert status.returncode == 0, status.stderr
        counts = json.loads(status.stdout)
        assert sum(counts.values()) == 31
        assert sum(n for state, n in counts.items() if state in TERMINAL_STATES) == 31, counts
        assert counts["dead_letter"] == 0

        again = cli(["import", str(folder), str(tmp_path / "archive.mbox")], env)
        assert again.returncode == 0, again.stderr
        assert "stored 0, duplicates 24, already imported (checkpoint) 6" in again.stderr
        assert 'mailtriage_emails{state="synced"}' in httpx.get(f"{base}/metrics").text

        # The demo writes leads and support mail to the embedded HubSpot emulator (auto mode).
        crm = f"http://127.0.0.1:{crm_port}/crm/v3/objects"
        demo = {"authorization": "Bearer pat-embedded-demo"}
        contacts = httpx.get(f"{crm}/contacts?limit=100&properties=email", headers=demo).json()["results"]
        emails = {c["properties"]["email"] for c in contacts}
        assert "dana@brightwave-logistics.com" in emails  # the lead scenario
        assert not any("crypto-yield" in e for e in emails), "spam reached the CRM"
        deals = httpx.get(f"{crm}/deals?limit=100", headers=demo).json()["results"]
        assert deals
    finally:
        up.send_signal(signal.SIGTERM)
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            kill_group(up)
            raise
    assert up.returncode == 0, log.read_text()[-3000:]
    assert (tmp_path / "data" / "hubspot-emulator.json").is_file()  # the demo CRM survives a restart
