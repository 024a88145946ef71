"""`mailtriage triage`: the dry run a person checks a message with and tools score the pipeline with."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.factories import raw_email

SCHEMA_FIELDS = {
    "intent",
    "person",
    "company",
    "interest",
    "budget",
    "timeline",
    "region",
    "summary",
    "required_action",
    "confidence",
}


def run(args: list[str], tmp_path: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILTRIAGE_")}
    # No database is named: a dry run must not need one, let alone write to it.
    env["MAILTRIAGE_DATA_DIR"] = str(tmp_path / "data")
    env["MAILTRIAGE_MODEL_CACHE_DIR"] = str(ROOT / ".mailtriage" / "test-models")
    return subprocess.run(
        [sys.executable, "-m", "mailtriage", "triage", *args],
        input=stdin,
        capture_output=True,
        timeout=180,
        env=env,
    )


def test_triage_prints_the_extraction_the_route_and_the_planned_crm_writes(tmp_path: Path) -> None:
    lead = tmp_path / "lead.eml"
    lead.write_bytes(raw_email(0, scenario=0))
    result = run([str(lead), "-"], tmp_path, stdin=raw_email(3, scenario=3))
    assert result.returncode == 0, result.stderr.decode()
    first, spam = (json.loads(line) for line in result.stdout.decode().splitlines())

    assert set(first["extraction"]) == SCHEMA_FIELDS
    assert first["extraction"]["intent"] == "lead"
    assert first["extraction"]["person"]["email"] == "dana@brightwave-logistics.com"
    assert first["route"]["rule"] == "hot_lead"
    assert first["route"]["queue"] == "sales_inbound"
    assert first["inbox"] == "sales@lumenhq.com"
    assert first["crm_mode"] == "off"  # the tenant's mode for sales@; nothing would be written
    assert first["crm"]["would_write"] is False
    assert [w["object"] for w in first["crm"]["writes"]] == ["contact", "company", "deal", "note"]

    assert spam["extraction"]["intent"] == "spam"
    assert spam["route"]["disposition"] == "ignore"
    assert spam["crm"]["writes"] == []
    assert not (tmp_path / "data" / "pgdata").exists(), "a dry run started a database"


def test_triage_in_auto_mode_says_it_would_write(tmp_path: Path) -> None:
    lead = tmp_path / "lead.eml"
    lead.write_bytes(raw_email(0, scenario=0))
    env_mode = ["--mailbox", "sales@lumenhq.com"]
    os.environ["MAILTRIAGE_CRM_MODE"] = "auto"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mailtriage", "triage", *env_mode, str(lead)],
            capture_output=True,
            timeout=180,
            env={**os.environ, "MAILTRIAGE_MODEL_CACHE_DIR": str(ROOT / ".mailtriage" / "test-models")},
        )
    finally:
        del os.environ["MAILTRIAGE_CRM_MODE"]
    assert result.returncode == 0, result.stderr.decode()
    line = json.loads(result.stdout)
    assert line["crm_mode"] == "auto"
    assert line["crm"]["would_write"] is True


def test_triage_reports_an_unreadable_file_and_exits_non_zero(tmp_path: Path) -> None:
    result = run([str(tmp_path / "missing.eml")], tmp_path)
    assert result.returncode == 1
    assert "cannot read" in json.loads(result.stdout)["error"]
