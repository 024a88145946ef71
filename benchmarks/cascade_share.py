"""What share of a realistic inbox the cascade sends to the large model (a benchmark).

The inbox is drawn (seeded, with replacement) from eval/dev.jsonl in the proportions below, a
mix for a shared sales@/info@ inbox: mostly bulk, junk and pitches, a minority of leads and
support. ``--reply-share`` of leads and support are follow-ups in a thread classified in the
last 24 hours (the cascade then reuses that result). The large model is the real OpenAI SDK
talking to the local emulator, so every call is a real HTTP request that is counted.

    .venv/bin/python benchmarks/cascade_share.py [--emails 1000] [--reply-share 0.3]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from mailtriage.config import Settings
from mailtriage.extract.factory import build_extractor
from mailtriage.extract.schemas import Extraction, ExtractionContext
from mailtriage.sandbox.llm import EmulatorConfig, create_llm_emulator, emulator_state
from mailtriage.sandbox.server import run_emulator_in_thread
from mailtriage.tenant import load_tenant
from mailtriage.understand.mime import normalize

ROOT = Path(__file__).resolve().parents[1]
MIX = {"newsletter": 0.25, "spam": 0.20, "vendor": 0.15, "job_applicant": 0.05, "support": 0.15, "lead": 0.20}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--reply-share", type=float, default=0.3)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "dev.jsonl")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    by_intent: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_intent.setdefault(row["labels"]["intent"], []).append(row)  # type: ignore[index]
    rng = random.Random(7)
    app = create_llm_emulator(EmulatorConfig(api_key="sk-bench"))
    base_url, stop = run_emulator_in_thread(app)
    try:
        tenant = load_tenant(None)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            llm_provider="openai",
            llm_model="large",
            llm_api_key="sk-bench",
            llm_base_url=f"{base_url}/v1",
        )
        extractor = build_extractor(settings, tenant)
        models: Counter[str] = Counter()
        intents = list(MIX)
        for _ in range(args.emails):
            intent = rng.choices(intents, weights=[MIX[i] for i in intents])[0]
            row = rng.choice(by_intent[intent])
            email = normalize(str(row["raw"]).encode())
            context = None
            if intent in {"lead", "support"} and rng.random() < args.reply_share:
                context = ExtractionContext(
                    prior_thread=Extraction.model_validate(
                        {**row["labels"], "summary": "", "confidence": 0.9}
                    )
                )  # type: ignore[dict-item]
            models[extractor.extract(email, context).model] += 1
        calls = len(emulator_state(app).requests)
    finally:
        stop()
    result = {
        "emails": args.emails,
        "mix": MIX,
        "reply_share": args.reply_share,
        "large_model_calls": calls,
        "large_model_share": round(calls / args.emails, 3),
        "by_model": dict(models),
    }
    sys.stdout.write(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
