from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from mailtriage import migrate


def test_the_models_and_the_migrations_agree(database_url: str) -> None:
    migrate.check(database_url)  # raises on any difference


def test_migrations_go_down_and_up_again(database_url: str) -> None:
    migrate.downgrade(database_url, "base")
    assert "emails" not in inspect(create_engine(database_url)).get_table_names()
    migrate.upgrade(database_url)
    assert {
        "emails",
        "extractions",
        "crm_events",
        "crm_writes",
        "routes",
        "eval_labels",
        "email_transitions",
        "mailbox_checkpoints",
    } <= set(inspect(create_engine(database_url)).get_table_names())


def test_a_second_row_for_the_same_message_is_impossible(database_url: str, sessions: object) -> None:
    del sessions
    engine = create_engine(database_url)
    insert = text(
        "INSERT INTO emails (mailbox, source, gmail_id, message_id, thread_id, raw_mime, raw_sha256, raw_size, "
        "state, attempts, claims) VALUES (:mailbox, 'test', :gid, :mid, :tid, '', '', 0, 'received', 0, 0)"
    )
    with engine.begin() as conn:
        conn.execute(insert, {"mailbox": "sales@x", "gid": "g1", "mid": "<a@x>", "tid": "<a@x>"})
    for duplicate in (
        {"mailbox": "sales@x", "gid": "g1", "mid": "<b@x>", "tid": "<b@x>"},  # same provider id
        {"mailbox": "info@x", "gid": "g2", "mid": "<a@x>", "tid": "<a@x>"},  # same Message-ID + thread
    ):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(insert, duplicate)
