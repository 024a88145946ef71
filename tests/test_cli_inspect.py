from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.factories import raw_email

REQUIRED = {
    "headers",
    "text",
    "reply_text",
    "new_text",
    "quoted",
    "signature",
    "forwarded",
    "form_fields",
    "attachments",
    "language",
    "sender_signals",
    "model_input",
}


def run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mailtriage", "inspect", *args], input=stdin, capture_output=True, timeout=120
    )


def test_inspect_prints_one_json_line_per_file_and_reads_stdin(tmp_path: Path) -> None:
    first, second = tmp_path / "a.eml", tmp_path / "b.eml"
    first.write_bytes(raw_email(0))
    second.write_bytes(raw_email(3))

    result = run([str(first), "-", str(second)], stdin=raw_email(1))

    assert result.returncode == 0, result.stderr.decode()
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line["file"] for line in lines] == [str(first), "-", str(second)]
    assert all(set(line) >= REQUIRED for line in lines)
    assert lines[0]["headers"]["Subject"] == ["Demo request #0"]
    assert lines[0]["new_text"].startswith("Hi, we'd like a demo")
    assert lines[2]["sender_signals"]["blocklisted"] is True
    assert lines[0]["model_input"].startswith("Subject: Demo request #0")


def test_inspect_reports_an_unreadable_file_and_exits_non_zero(tmp_path: Path) -> None:
    good = tmp_path / "good.eml"
    good.write_bytes(raw_email(0))
    result = run([str(tmp_path / "missing.eml"), str(good)])
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert result.returncode == 1
    assert lines[0]["error"].startswith("cannot read")
    assert "new_text" in lines[1]
