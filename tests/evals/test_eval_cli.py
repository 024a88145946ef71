from __future__ import annotations

import json
import os
import subprocess
import sys
from email import message_from_string
from email.utils import parseaddr
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.evals.labels import in_holdout
from mailtriage.models import EvalLabel
from mailtriage.tenant import TenantConfig, default_tenant_bytes
from mailtriage.understand.domains import registrable_domain
from tests.factories import raw_email
from tests.pipeline.test_runner import store

ROOT = Path(__file__).resolve().parents[2]


def eval_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailtriage", "eval", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def small_gold(tmp_path: Path, count: int = 12) -> Path:
    lines = (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:count]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + '\n{"id": "broken", "raw": 1}\n', encoding="utf-8")
    return path


def test_eval_writes_every_figure_of_the_contract_and_fails_below_thresholds(tmp_path: Path) -> None:
    gold = small_gold(tmp_path)
    result = eval_cli(str(gold), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))
    report = json.loads((tmp_path / "r.json").read_text())

    expected_keys = {
        "n",
        "intent_accuracy",
        "per_intent",
        "confusion",
        "field_f1",
        "exact_match_leads",
        "exact_match_all",
        "products_f1",
        "required_action_accuracy",
        "throughput_emails_per_s",
        "latency_ms",
        "model_calls",
        "tokens_in",
        "tokens_out",
        "cost_usd",
        "config_version",
        "calibration",
        "errors",
    }
    assert expected_keys <= set(report)
    assert report["n"] == 12
    assert set(report["field_f1"]) == {
        "person.email",
        "company.name",
        "person.name",
        "company.domain",
        "region",
    }
    assert set(report["exact_match_leads"]) == set(report["exact_match_all"]) == {"budget", "timeline"}
    assert set(report["latency_ms"]) == {"normalize", "extract", "route"}
    assert report["errors"][0]["id"] == "broken"
    html = (tmp_path / "r.html").read_text()
    assert "<svg" in html
    assert "Every wrong field" in html
    assert result.returncode in (0, 1)
    assert ("below threshold" in result.stderr) == (result.returncode == 1)


def test_the_gate_fails_below_a_configured_threshold_and_passes_above(tmp_path: Path) -> None:
    gold = small_gold(tmp_path)
    (tmp_path / "low.yaml").write_text("intent_accuracy: 0.0\nfield_f1.person.email: 0.0\n")
    (tmp_path / "high.yaml").write_text("intent_accuracy: 1.01\n")
    passing = eval_cli(
        str(gold), "--thresholds", str(tmp_path / "low.yaml"), "--json", str(tmp_path / "r.json")
    )
    failing = eval_cli(
        str(gold), "--thresholds", str(tmp_path / "high.yaml"), "--json", str(tmp_path / "r.json")
    )
    assert passing.returncode == 0
    assert failing.returncode == 1
    assert "below threshold: intent_accuracy" in failing.stderr


def test_shadow_reports_deltas_and_fails_a_regressing_candidate(tmp_path: Path) -> None:
    gold = small_gold(tmp_path, 40)
    # A candidate that blocklists the senders' own domains turns their mail into spam: a regression.
    rows = [json.loads(line) for line in gold.read_text().splitlines()[:-1]]
    senders = {registrable_domain(parseaddr(message_from_string(r["raw"])["From"] or "")[1]) for r in rows}
    blocked = "".join(f"  - {d}\n" for d in sorted(d for d in senders if d))
    worse = default_tenant_bytes().decode().replace("blocklist_domains:\n", "blocklist_domains:\n" + blocked)
    (tmp_path / "candidate.yaml").write_text(worse)

    same = eval_cli(
        str(gold), "--shadow", str(ROOT / "src/mailtriage/tenants/lumen-analytics.yaml"), "--no-labels"
    )
    regressed = eval_cli(str(gold), "--shadow", str(tmp_path / "candidate.yaml"), "--no-labels")

    assert same.returncode == 0, same.stderr
    assert "intent_accuracy" in same.stdout
    assert regressed.returncode == 1
    assert "intent_accuracy" in regressed.stdout
    assert "regress by more than 0.01" in regressed.stderr


def test_export_labels_writes_reviewed_emails_as_gold(
    database_url: str, tmp_path: Path, tenant: TenantConfig, sessions: sessionmaker[Session]
) -> None:
    ids = [store(sessions, tenant, raw_email(i)) for i in range(10)]
    with unit_of_work(sessions) as session:
        for email_id in ids:
            session.add(
                EvalLabel(
                    email_id=email_id,
                    labeler="rev",
                    intent="spam",
                    notes="checked",
                    fields_json={"required_action": "ignore", "person": {"email": "x@y.z"}},
                )
            )
    env = {**os.environ, "MAILTRIAGE_DATABASE_URL": database_url, "MAILTRIAGE_DATA_DIR": str(tmp_path)}
    out = tmp_path / "labels.jsonl"
    result = eval_cli("export-labels", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 10
    assert rows[0]["labels"]["intent"] == "spam"
    assert rows[0]["raw"].encode() == raw_email(0)

    holdout = tmp_path / "holdout.jsonl"
    assert eval_cli("export-labels", "--out", str(holdout), "--split", "holdout", env=env).returncode == 0
    assert len(holdout.read_text().splitlines()) == sum(in_holdout(i) for i in ids)
    assert eval_cli(str(out), "--json", str(tmp_path / "r.json"), env=env).returncode in (0, 1)
    assert json.loads((tmp_path / "r.json").read_text())["n"] == 10


def test_about_a_fifth_of_reviewed_emails_are_held_out() -> None:
    share = sum(in_holdout(i) for i in range(1, 5001)) / 5000
    assert 0.17 < share < 0.23
