"""Messages per second through ``normalize`` on one core (a benchmark, not a test).

Typical mail: the 600 real messages of shared/peer-corpora/spamham (median about 4 KB).
Large newsletters: generated HTML newsletters of about 200 KB with tables, images and links.

    .venv/bin/python benchmarks/normalize_speed.py [--corpus ../shared/peer-corpora/spamham] [--seconds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from mailtriage.understand.mime import normalize


def newsletter(index: int) -> bytes:
    rows = "".join(
        f'<tr><td><img src="https://cdn.example.com/p{i}.png" width="80"></td>'
        f"<td><h3>Story {i}: warehouses and dashboards</h3><p>{'Analytics teams ship faster. ' * 12}"
        f'<a href="https://news.example.com/r/{index}/{i}?utm_source=mail">Read more</a></p></td></tr>'
        for i in range(120)
    )
    html = (
        "<html><head><style>td{padding:4px}</style></head><body><table>"
        + rows
        + '</table><p style="font-size:11px">You receive this because you subscribed. '
        '<a href="https://news.example.com/unsubscribe">Unsubscribe</a></p>'
        '<img src="https://t.example.com/open.gif" width="1" height="1"></body></html>'
    )
    msg = EmailMessage()
    msg["From"] = "Data Weekly <news@dataweekly.example.com>"
    msg["To"] = "info@lumenhq.com"
    msg["Subject"] = f"Data Weekly #{index}"
    msg["List-Unsubscribe"] = "<https://news.example.com/unsubscribe>"
    msg.set_content("View this issue in your browser.")
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


def rate(messages: list[bytes], seconds: float) -> float:
    # The best of repeated passes over the set, as timeit reports: a slower pass measures what else
    # the machine was doing (this 2-core machine swings by ±20% under other load).
    best, started = 0.0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        begun = time.perf_counter()
        for raw in messages:
            normalize(raw)
        best = max(best, len(messages) / (time.perf_counter() - begun))
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/peer-corpora/spamham"
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    typical = [p.read_bytes() for p in sorted(args.corpus.glob("*.eml"))]
    large = [newsletter(i) for i in range(20)]
    for raw in typical[:50] + large[:2]:
        normalize(raw)  # warm caches (language model, regexes)
    result = {
        "typical_messages": len(typical),
        "typical_median_bytes": int(statistics.median(len(r) for r in typical)),
        "typical_per_second": round(rate(typical, args.seconds)),
        "newsletter_bytes": len(large[0]),
        "newsletters_per_second": round(rate(large, args.seconds), 1),
    }
    sys.stdout.write(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
