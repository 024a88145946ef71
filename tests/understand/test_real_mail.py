"""Real messages (the SpamAssassin public corpus in shared/peer-corpora) and mutations of them."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailtriage.understand.mime import MessageRejected, normalize


def test_every_spamassassin_message_normalises(peer_corpora: Path) -> None:
    folder = peer_corpora / "spamham"
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines() if line.strip()]
    failures = []
    with_text = 0
    for row in labels:
        try:
            email = normalize((folder / row["file"]).read_bytes())
        except Exception as exc:  # the assertion below reports every failure at once
            failures.append(f"{row['file']}: {type(exc).__name__}: {exc}")
            continue
        with_text += bool(email.text.strip())
    assert len(labels) == 600
    assert failures == []
    assert with_text >= 590, "nearly every real message has readable text"


_SAMPLES = [f"ham-{i:04}.eml" for i in range(1, 301, 23)] + [f"spam-{i:04}.eml" for i in range(1, 301, 23)]


@st.composite
def mutated_message(draw: st.DrawFn, folder: Path) -> bytes:
    raw = bytearray((folder / draw(st.sampled_from(_SAMPLES))).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        if action == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del raw[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=60))
        elif action == "truncate":
            del raw[at:]
        else:
            raw[at:at] = raw[at : at + draw(st.integers(1, 400))]
    return bytes(raw)


def test_mutated_real_messages_give_a_result_or_a_typed_rejection(peer_corpora: Path) -> None:
    folder = peer_corpora / "spamham"

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_message(folder))
    def check(raw: bytes) -> None:
        with contextlib.suppress(MessageRejected):
            normalize(raw)

    check()
