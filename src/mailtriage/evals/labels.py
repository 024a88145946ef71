"""Reviewed emails (``eval_labels``) as gold rows, with a fixed holdout kept out of tuning."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailtriage.models import Email, EvalLabel

HOLDOUT_SHARE = 0.2


class LabelSplit(StrEnum):
    all = "all"
    tune = "tune"
    holdout = "holdout"


def in_holdout(email_id: int) -> bool:
    """Fixed by the email id alone, so an email never moves between tuning and holdout."""
    digest = hashlib.sha256(f"eval-holdout:{email_id}".encode()).digest()
    return digest[0] < HOLDOUT_SHARE * 256


def labelled_rows(session: Session, split: LabelSplit = LabelSplit.all) -> Iterator[dict[str, Any]]:
    # The newest label per email wins: a second reviewer corrects the first.
    rows = session.execute(
        select(EvalLabel, Email.mailbox, Email.raw_mime)
        .join(Email, Email.id == EvalLabel.email_id)
        .order_by(EvalLabel.email_id, EvalLabel.id.desc())
        .distinct(EvalLabel.email_id)
    ).all()
    for label, mailbox, raw in rows:
        holdout = in_holdout(label.email_id)
        if (split is LabelSplit.tune and holdout) or (split is LabelSplit.holdout and not holdout):
            continue
        yield {
            "id": f"email-{label.email_id}",
            "inbox": mailbox,
            # §3: raw is the message as a string that encodes back to its bytes.
            "raw": raw.decode("utf-8", errors="surrogateescape"),
            "labels": {**label.fields_json, "intent": label.intent},
            "notes": label.notes,
            "labeler": label.labeler,
        }
