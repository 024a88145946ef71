"""Instructions per email of `normalize` or of offline extraction, counted by valgrind's callgrind.

Wall-clock figures on a shared 2-core machine swing by ±20%; an instruction count does not, so two
versions of the code can be compared on any day. The count is the difference between three passes
and one pass over the set, halved, so start-up and imports cancel out. Needs `valgrind` (about ten
minutes per stage).

    .venv/bin/python benchmarks/instructions.py normalize|extract
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPAMHAM = ROOT.parent / "shared" / "peer-corpora" / "spamham"
DEV = ROOT / "eval" / "dev.jsonl"


def work(stage: str, passes: int) -> None:
    """What is counted: ``passes`` passes of ``stage`` over its set, after a warm-up."""
    from mailtriage.understand.mime import normalize

    if stage == "normalize":
        items = [p.read_bytes() for p in sorted(SPAMHAM.glob("*.eml"))]
        step = normalize
    else:
        from mailtriage.config import Settings
        from mailtriage.extract.factory import build_extractor
        from mailtriage.tenant import load_tenant

        extractor = build_extractor(Settings(_env_file=None), load_tenant(None))  # type: ignore[call-arg]
        items = [normalize(json.loads(line)["raw"].encode()) for line in DEV.read_text().splitlines() if line]
        step = extractor.extract  # type: ignore[assignment]
    for item in items[:5]:
        step(item)  # type: ignore[arg-type]
    for _ in range(passes):
        for item in items:
            step(item)  # type: ignore[arg-type]
    sys.stdout.write(f"{len(items)}\n")


def count(stage: str, passes: int) -> tuple[int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/out",
                sys.executable,
                __file__,
                "--work",
                stage,
                str(passes),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    collected = re.search(r"Collected : (\d+)", result.stderr)
    if collected is None:
        raise RuntimeError(result.stderr[-2000:])
    return int(collected.group(1)), int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1] == "--work":
        work(sys.argv[2], int(sys.argv[3]))
        return
    stage = sys.argv[1]
    work(stage, 0)  # trains and caches the intent model outside valgrind
    one, items = count(stage, 1)
    three, _ = count(stage, 3)
    per_item = (three - one) // 2 // items
    sys.stdout.write(json.dumps({"stage": stage, "items": items, "instructions_per_item": per_item}) + "\n")


if __name__ == "__main__":
    main()
