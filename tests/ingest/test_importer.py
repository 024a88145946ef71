from __future__ import annotations

import mailbox
from email import message_from_bytes
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.ingest.importer import count_messages, import_paths
from mailtriage.models import Email
from mailtriage.tenant import TenantConfig
from tests.factories import raw_email


def run(paths: list[Path], sessions: sessionmaker[Session], tenant: TenantConfig, max_bytes: int = 1_000_000):  # type: ignore[no-untyped-def]
    return import_paths(
        paths,
        mailbox="sales@lumenhq.com",
        sessions=sessions,
        queue=None,
        max_bytes=max_bytes,
        config_version=tenant.config_version,
        batch_size=7,
    )


def stored(sessions: sessionmaker[Session]) -> int:
    with unit_of_work(sessions) as session:
        return session.scalar(select(func.count()).select_from(Email)) or 0


def make_mbox(path: Path, indexes: range) -> None:
    box = mailbox.mbox(str(path))
    for i in indexes:
        box.add(message_from_bytes(raw_email(i)))
    box.flush()


def test_folders_files_and_mboxes_import_once(
    tmp_path: Path, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    folder = tmp_path / "inbox" / "nested"
    folder.mkdir(parents=True)
    for i in range(10):
        (folder / f"{i}.eml").write_bytes(raw_email(i))
    (folder / "notes.txt").write_text("not mail")
    make_mbox(tmp_path / "old.mbox", range(100, 120))
    single = tmp_path / "one.eml"
    single.write_bytes(raw_email(200))
    paths = [tmp_path / "inbox", tmp_path / "old.mbox", single]

    assert count_messages(paths) == 31
    first = run(paths, sessions, tenant)
    second = run(paths, sessions, tenant)

    assert (first.stored, first.duplicates, first.errors) == (31, 0, [])
    assert (second.stored, second.duplicates, second.skipped_by_checkpoint) == (0, 11, 20)
    assert stored(sessions) == 31


def test_an_mbox_import_resumes_where_it_stopped(
    tmp_path: Path, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    archive = tmp_path / "archive.mbox"
    make_mbox(archive, range(0, 15))
    assert run([archive], sessions, tenant).stored == 15
    make_mbox(archive, range(15, 25))  # the mailbox grew since

    resumed = run([archive], sessions, tenant)

    assert (resumed.stored, resumed.skipped_by_checkpoint, resumed.duplicates) == (10, 15, 0)
    assert stored(sessions) == 25


def test_bad_files_are_reported_and_the_rest_imported(
    tmp_path: Path, sessions: sessionmaker[Session], tenant: TenantConfig
) -> None:
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "huge.eml").write_bytes(raw_email(1) + b"x" * 5000)
    (tmp_path / "good.eml").write_bytes(raw_email(2))

    report = run([tmp_path], sessions, tenant, max_bytes=4000)

    assert report.stored == 1
    assert sorted((Path(o).name, r.split(" ")[0]) for o, r in report.errors) == [
        ("empty.eml", "empty"),
        ("huge.eml", "message"),
    ]
    assert stored(sessions) == 1
